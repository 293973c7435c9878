import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Checkpoint, SafetensorsFile, TensorEntry } from "../../src/checkpoint/types.js";
import type { DType } from "../../src/format/dtypes.js";
import { encodeSafetensors, type TensorToWrite } from "../../src/format/writer.js";
import { LocalFileSource } from "../../src/io/local-file.js";

/** The worker script for tests: a bootstrap that loads src/diff/worker.ts through tsx. */
export const TEST_WORKER_SCRIPT = fileURLToPath(new URL("./worker-bootstrap.mjs", import.meta.url));

/** A temporary directory, removed by the returned cleanup function. */
export function makeTempDirectory(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), "model-diff-test-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

interface HeaderEntry {
  dtype: DType;
  shape: number[];
  data_offsets: [number, number];
}

/**
 * Opens a file written by encodeSafetensors as a Checkpoint. The header is parsed here with no
 * validation, so tests do not depend on the production reader.
 */
export async function openTestCheckpoint(path: string): Promise<Checkpoint> {
  const source = await LocalFileSource.open(path);

  const lengthBytes = new Uint8Array(8);
  await source.read(0, 8, lengthBytes);
  const headerLength = Number(new DataView(lengthBytes.buffer).getBigUint64(0, true));
  const headerBytes = new Uint8Array(headerLength);
  await source.read(8, headerLength, headerBytes);
  const header = JSON.parse(Buffer.from(headerBytes).toString("utf8")) as Record<
    string,
    HeaderEntry
  >;
  const dataStart = 8 + headerLength;

  const tensors: TensorEntry[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const [start, end] = entry.data_offsets;
    tensors.push({
      name,
      dtype: entry.dtype,
      shape: entry.shape,
      numel: entry.shape.reduce((product, dimension) => product * dimension, 1),
      source,
      byteOffset: dataStart + start,
      byteLength: end - start,
    });
  }
  tensors.sort((a, b) => a.byteOffset - b.byteOffset);

  const file: SafetensorsFile = { source, dataStart, tensors, metadata: {} };
  return {
    reference: path,
    resolved: path,
    files: [file],
    tensors: new Map(tensors.map((tensor) => [tensor.name, tensor])),
    metadata: {},
    warnings: [],
    tensorBytes: tensors.reduce((total, tensor) => total + tensor.byteLength, 0),
    close: () => source.close(),
  };
}

/** Writes `tensors` as a safetensors file and opens it as a Checkpoint. */
export async function writeTestCheckpoint(
  path: string,
  tensors: readonly TensorToWrite[],
): Promise<Checkpoint> {
  writeFileSync(path, encodeSafetensors(tensors));
  return openTestCheckpoint(path);
}

/** Deterministic pseudo-random numbers (xorshift32), so a failing case can be rerun. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** Returns a uniform 32-bit unsigned integer. */
  uint32(): number {
    let x = this.state;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.state = x;
    return x;
  }

  /** Returns a uniform number in [0, 1). */
  next(): number {
    return this.uint32() / 2 ** 32;
  }

  bytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) out[i] = this.uint32() & 0xff;
    return out;
  }

  /** Returns a standard normal value (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
