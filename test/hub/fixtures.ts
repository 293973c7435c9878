/**
 * Small sharded checkpoints for the Hub tests: a base, and heads that share some shards with it
 * byte for byte, written to disk for the local diff and served by the fake Hub for the remote one.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { encodeSafetensors, type TensorToWrite } from "../../src/format/writer.js";
import { Random } from "../diff/helpers.js";
import { bufferContent, type FakeFile } from "../helpers/fake-hub.js";

/** Files of one checkpoint: path inside the repository to bytes. */
export type CheckpointFiles = Record<string, Uint8Array>;

function float32Bytes(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Float32 weights near 0.02 in magnitude, as initialised matrices are. */
function weights(random: Random, count: number, scale = 0.02): Float32Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = random.normal() * scale;
  return values;
}

/** Adds noise of relative size `amount` to every value. */
function nudged(values: Float32Array, random: Random, amount: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] = (values[i] as number) + random.normal() * 0.02 * amount;
  }
  return out;
}

interface ModelTensors {
  shard1: TensorToWrite[];
  shard2: TensorToWrite[];
}

function tensor(name: string, shape: number[], values: Float32Array): TensorToWrite {
  return { name, dtype: "F32", shape, data: float32Bytes(values) };
}

function baseModel(): {
  shard1: Record<string, Float32Array>;
  shard2: Record<string, Float32Array>;
} {
  const random = new Random(7);
  const norm = new Float32Array(64).fill(1);
  return {
    shard1: {
      "model.embed_tokens.weight": weights(random, 128 * 64),
      "model.layers.0.input_layernorm.weight": norm,
      "model.layers.0.self_attn.q_proj.weight": weights(random, 64 * 64),
    },
    shard2: {
      "model.layers.1.input_layernorm.weight": norm.slice(),
      "model.layers.1.mlp.up_proj.weight": weights(random, 128 * 64),
      "lm_head.weight": weights(random, 128 * 64),
    },
  };
}

const SHAPES: Record<string, number[]> = {
  "model.embed_tokens.weight": [128, 64],
  "model.layers.0.input_layernorm.weight": [64],
  "model.layers.0.self_attn.q_proj.weight": [64, 64],
  "model.layers.1.input_layernorm.weight": [64],
  "model.layers.1.mlp.up_proj.weight": [128, 64],
  "lm_head.weight": [128, 64],
};

function toTensors(values: Record<string, Float32Array>): TensorToWrite[] {
  return Object.entries(values).map(([name, data]) => tensor(name, SHAPES[name] as number[], data));
}

function shardedFiles(model: ModelTensors, folder = ""): CheckpointFiles {
  const prefix = folder === "" ? "" : `${folder}/`;
  const shard1 = "model-00001-of-00002.safetensors";
  const shard2 = "model-00002-of-00002.safetensors";
  const weightMap: Record<string, string> = {};
  for (const entry of model.shard1) weightMap[entry.name] = shard1;
  for (const entry of model.shard2) weightMap[entry.name] = shard2;
  const index = { metadata: { total_size: 0 }, weight_map: weightMap };
  return {
    [`${prefix}model.safetensors.index.json`]: new TextEncoder().encode(JSON.stringify(index)),
    [`${prefix}${shard1}`]: encodeSafetensors(model.shard1, { format: "pt" }),
    [`${prefix}${shard2}`]: encodeSafetensors(model.shard2, { format: "pt" }),
  };
}

/**
 * Returns a base and two heads. `partial` changes only the second shard, so its first shard has
 * the same bytes as the base's. `full` changes every matrix, so it shares no shard with the base.
 */
export function checkpointPair(folder = ""): {
  base: CheckpointFiles;
  partial: CheckpointFiles;
  full: CheckpointFiles;
} {
  const base = baseModel();
  const random = new Random(11);
  const changedShard2: Record<string, Float32Array> = {};
  for (const [name, values] of Object.entries(base.shard2)) {
    changedShard2[name] = SHAPES[name]?.length === 2 ? nudged(values, random, 0.05) : values;
  }
  const changedShard1: Record<string, Float32Array> = {};
  for (const [name, values] of Object.entries(base.shard1)) {
    changedShard1[name] = SHAPES[name]?.length === 2 ? nudged(values, random, 0.05) : values;
  }
  // config.json files that differ in one key, so a report lists a config change.
  const config = (useCache: boolean) => ({
    [`${folder === "" ? "" : `${folder}/`}config.json`]: new TextEncoder().encode(
      JSON.stringify({ model_type: "qwen2", use_cache: useCache }),
    ),
  });
  return {
    base: {
      ...shardedFiles({ shard1: toTensors(base.shard1), shard2: toTensors(base.shard2) }, folder),
      ...config(true),
    },
    partial: {
      ...shardedFiles({ shard1: toTensors(base.shard1), shard2: toTensors(changedShard2) }, folder),
      ...config(true),
    },
    full: {
      ...shardedFiles(
        { shard1: toTensors(changedShard1), shard2: toTensors(changedShard2) },
        folder,
      ),
      ...config(false),
    },
  };
}

/** Writes the files under `root` and returns it. */
export function writeCheckpoint(root: string, files: CheckpointFiles): string {
  for (const [name, bytes] of Object.entries(files)) {
    const target = path.join(root, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
  return root;
}

/** Returns the files as the fake Hub serves them: safetensors files by LFS, JSON by git. */
export function hubFiles(files: CheckpointFiles, extra: FakeFile[] = []): FakeFile[] {
  return [
    ...Object.entries(files).map(([name, bytes]) => ({
      path: name,
      content: bufferContent(bytes),
      lfs: name.endsWith(".safetensors"),
    })),
    ...extra,
  ];
}
