import { closeSync, openSync, writeSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { runDiff } from "../../src/diff/engine.js";
import { makeTempDirectory, openTestCheckpoint, TEST_WORKER_SCRIPT } from "./helpers.js";

/** One F32 tensor of 256 MiB per side. */
const TENSOR_BYTES = 256 * 1024 * 1024;
const NUMEL = TENSOR_BYTES / 4;
/** RSS growth allowed while diffing: far below the 512 MiB of both tensors. */
const RSS_GROWTH_LIMIT = 96 * 1024 * 1024;
const WRITE_PIECE_BYTES = 4 * 1024 * 1024;

const temp = makeTempDirectory();
afterAll(() => temp.remove());

/** Writes a one-tensor F32 safetensors file piece by piece; `nudge` is added to every 4th element. */
function writeLargeFile(path: string, nudge: number, numel: number): void {
  const byteLength = numel * 4;
  const header = JSON.stringify({
    w: { dtype: "F32", shape: [numel], data_offsets: [0, byteLength] },
  });
  const padded = header.padEnd(Math.ceil(header.length / 8) * 8, " ");
  const prefix = Buffer.alloc(8 + padded.length);
  prefix.writeBigUInt64LE(BigInt(padded.length), 0);
  prefix.write(padded, 8, "utf8");
  const piece = new Float32Array(Math.min(WRITE_PIECE_BYTES, byteLength) / 4);
  for (let i = 0; i < piece.length; i++) piece[i] = (i % 1024) / 1024 + (i % 4 === 0 ? nudge : 0);
  const fd = openSync(path, "w");
  try {
    writeSync(fd, prefix);
    for (let written = 0; written < byteLength; written += piece.byteLength) {
      writeSync(fd, new Uint8Array(piece.buffer));
    }
  } finally {
    closeSync(fd);
  }
}

/** Peak RSS growth over `before` while `run` runs, sampled every 20 ms and at each progress call. */
async function peakGrowth(run: (sample: () => void) => Promise<void>): Promise<number> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const sampler = setInterval(sample, 20);
  try {
    await run(sample);
  } finally {
    clearInterval(sampler);
  }
  sample();
  return peak - before;
}

describe("engine memory", () => {
  it("diffs a 256 MiB tensor in bounded memory", { timeout: 120_000 }, async () => {
    writeLargeFile(`${temp.path}/base.safetensors`, 0, NUMEL);
    writeLargeFile(`${temp.path}/head.safetensors`, 0.5, NUMEL);
    writeLargeFile(`${temp.path}/small-base.safetensors`, 0, 1024);
    writeLargeFile(`${temp.path}/small-head.safetensors`, 0.5, 1024);
    const base = await openTestCheckpoint(`${temp.path}/base.safetensors`);
    const head = await openTestCheckpoint(`${temp.path}/head.safetensors`);
    const smallBase = await openTestCheckpoint(`${temp.path}/small-base.safetensors`);
    const smallHead = await openTestCheckpoint(`${temp.path}/small-head.safetensors`);

    try {
      const diffLarge = async (workers: number, sample: () => void) => {
        const result = await runDiff(base, head, {
          threshold: 0.25,
          workers,
          workerScript: TEST_WORKER_SCRIPT,
          onProgress: sample,
        });
        const stats = result.compared[0]?.stats;
        expect(stats?.numel).toBe(NUMEL);
        expect(stats?.changed).toBe(NUMEL / 4);
        expect(stats?.maxAbsDelta).toBe(0.5);
      };

      const inlineGrowth = await peakGrowth((sample) => diffLarge(0, sample));
      expect(inlineGrowth).toBeLessThan(RSS_GROWTH_LIMIT);

      // Each worker thread costs tens of MiB of its own (an isolate, plus the tsx loader in
      // tests), so the pool run is measured against a run of the same pool on a tiny tensor.
      const poolBaseline = await peakGrowth(async (sample) => {
        await runDiff(smallBase, smallHead, {
          threshold: 0.25,
          workers: 2,
          workerScript: TEST_WORKER_SCRIPT,
          onProgress: sample,
        });
      });
      const poolGrowth = await peakGrowth((sample) => diffLarge(2, sample));
      expect(poolGrowth - poolBaseline).toBeLessThan(RSS_GROWTH_LIMIT);
    } finally {
      await Promise.all([base, head, smallBase, smallHead].map((checkpoint) => checkpoint.close()));
    }
  });
});
