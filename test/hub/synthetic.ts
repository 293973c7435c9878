/**
 * Large synthetic checkpoints for the fake Hub. The bytes of each tensor are one 1 MiB block
 * repeated, so a pair of several hundred MB costs a few MiB of memory to serve. The same bytes
 * can be written to disk for the local diff.
 */

import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import { toBfloat16Bits } from "../../src/demo/bfloat16.js";
import { Random } from "../diff/helpers.js";
import { type FakeFile, type FileContent, tiledContent } from "../helpers/fake-hub.js";

/** Bytes of the repeated block of every tensor. */
const BLOCK_BYTES = 1024 * 1024;

/** BF16 weights near 0.02; with `nudge`, the same weights moved by that relative amount. */
export function bf16Block(seed: number, nudge = 0): Uint8Array {
  const random = new Random(seed);
  const noise = new Random(seed + 1000);
  const values = new Uint16Array(BLOCK_BYTES / 2);
  for (let i = 0; i < values.length; i++) {
    const weight = random.normal() * 0.02;
    values[i] = toBfloat16Bits(weight + (nudge === 0 ? 0 : noise.normal() * 0.02 * nudge));
  }
  return new Uint8Array(values.buffer);
}

export interface SyntheticTensor {
  name: string;
  shape: number[];
  block: Uint8Array;
}

/** Returns a BF16 safetensors file whose tensors repeat their blocks. */
export function syntheticSafetensors(tensors: readonly SyntheticTensor[]): FileContent {
  const header: Record<string, unknown> = {};
  let offset = 0;
  const regions: { block: Uint8Array; length: number }[] = [];
  for (const tensor of tensors) {
    const length = tensor.shape.reduce((product, size) => product * size, 1) * 2;
    header[tensor.name] = {
      dtype: "BF16",
      shape: tensor.shape,
      data_offsets: [offset, offset + length],
    };
    regions.push({ block: tensor.block, length });
    offset += length;
  }
  const json = JSON.stringify(header);
  const padded = json.padEnd(Math.ceil(json.length / 8) * 8, " ");
  const prefix = Buffer.alloc(8 + padded.length);
  prefix.writeBigUInt64LE(BigInt(padded.length), 0);
  prefix.write(padded, 8, "utf8");
  return tiledContent([{ block: new Uint8Array(prefix), length: prefix.byteLength }, ...regions]);
}

/**
 * Returns a sharded checkpoint of `shards` files with `tensorsPerShard` matrices of `rows` x 4096
 * BF16 each. `nudge` moves every value by that relative amount (0 for the base).
 */
export function syntheticCheckpoint(
  shards: number,
  tensorsPerShard: number,
  rows: number,
  nudge: number,
): FakeFile[] {
  const files: FakeFile[] = [];
  const weightMap: Record<string, string> = {};
  for (let shard = 0; shard < shards; shard++) {
    const name = `model-${String(shard + 1).padStart(5, "0")}-of-${String(shards).padStart(5, "0")}.safetensors`;
    const tensors: SyntheticTensor[] = [];
    for (let index = 0; index < tensorsPerShard; index++) {
      const layer = shard * tensorsPerShard + index;
      const tensorName = `model.layers.${layer}.mlp.up_proj.weight`;
      tensors.push({ name: tensorName, shape: [rows, 4096], block: bf16Block(layer + 1, nudge) });
      weightMap[tensorName] = name;
    }
    files.push({ path: name, content: syntheticSafetensors(tensors), lfs: true });
  }
  const index = new TextEncoder().encode(JSON.stringify({ metadata: {}, weight_map: weightMap }));
  files.push({
    path: "model.safetensors.index.json",
    content: tiledContent([{ block: index, length: index.byteLength }]),
    lfs: false,
  });
  return files;
}

/** Writes the files under `root`, streaming each from its content. */
export function writeFiles(root: string, files: readonly FakeFile[]): string {
  for (const file of files) {
    const target = path.join(root, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    const fd = openSync(target, "w");
    try {
      for (const chunk of file.content.chunks(0, file.content.size)) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
  }
  return root;
}
