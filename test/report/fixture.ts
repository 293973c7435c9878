import type { Checkpoint, TensorEntry } from "../../src/checkpoint/types.js";
import type { ComparedTensor, DiffResult, TensorStats } from "../../src/diff/types.js";
import { type Comparison, type DType, dtypeInfo } from "../../src/format/dtypes.js";
import type { ByteSource } from "../../src/io/byte-source.js";
import { buildReport } from "../../src/report/build.js";
import type { Classification, DiffReport } from "../../src/report/model.js";
import { naiveStats } from "../helpers/naive-stats.js";

export { naiveStats };

/**
 * A hand-made diff of two tiny checkpoints. The statistics come from plain arrays through a naive
 * loop, so the expected figures in the tests can be worked out by hand from the arrays.
 */

export const THRESHOLD = 1e-6;

export function compared(
  name: string,
  shape: number[],
  dtypes: [DType, DType],
  stats: TensorStats,
): ComparedTensor {
  const comparison: Comparison = dtypeInfo(dtypes[1]).comparison;
  return { name, shape, baseDtype: dtypes[0], headDtype: dtypes[1], comparison, stats };
}

/** A source that names a local file and has no read: report tests never read tensor bytes. */
const fakeSource = {
  name: "fixture.safetensors",
  size: 0,
  spec: { kind: "file", path: "fixture.safetensors", name: "fixture.safetensors", size: 0 },
} as unknown as ByteSource;

function entry(name: string, dtype: DType, shape: number[]): TensorEntry {
  const numel = shape.reduce((product, size) => product * size, 1);
  const byteLength = Math.ceil((numel * dtypeInfo(dtype).bits) / 8);
  return { name, dtype, shape, numel, source: fakeSource, byteOffset: 0, byteLength };
}

export function checkpoint(
  reference: string,
  tensors: [string, DType, number[]][],
  metadata: Record<string, unknown>,
  warnings: string[] = [],
): Checkpoint {
  const entries = tensors.map(([name, dtype, shape]) => entry(name, dtype, shape));
  return {
    reference,
    resolved: reference,
    files: [{ source: fakeSource, dataStart: 8, tensors: entries, metadata }],
    tensors: new Map(entries.map((tensor) => [tensor.name, tensor])),
    metadata,
    warnings,
    tensorBytes: entries.reduce((sum, tensor) => sum + tensor.byteLength, 0),
    close: async () => {},
  };
}

export const classification: Classification = {
  label: "finetune",
  confidence: "medium",
  score: 0.62,
  cappedBy: null,
  structuralNotes: [],
  sampling: null,
  headline: "Looks like a fine-tune of the base: every tensor keeps its direction.",
  facts: ["24 parameters compared across 8 tensors; 9 (37.50%) changed."],
  evidence: ["Overall cosine 0.9396 is in the fine-tune band (above 0.9)."],
  detail: { layers: [0, 1] },
};

/** Base and head arrays of each compared tensor; see the tests for the figures they give. */
export const T1 = { a: [3, 4, 0, 0], b: [3, 4, 1, 0] };
export const T2 = { a: [1, 1, 1, 1], b: [2, 2, 2, 2] };
export const T3 = { a: [1, 0], b: [1, 0] };
export const T4 = { a: [1, 1], b: [1, 2] };
export const T5 = { a: [0, 0, 0], b: [0, 0, 0.5] };
export const T7 = { a: [1, 2], b: [1, 2] };
export const T8 = { a: [0, 1, 2], b: [0, 1, 2] };

/**
 * F4 tensor of 4 elements in 2 bytes, compared code by code: both codes of one byte differ and
 * both changed value, so 2 elements changed and 2 differ.
 */
const packedStats: TensorStats = { ...naiveStats([], []), numel: 4, changed: 2, bitsDiffering: 2 };

export function fixtureDiff(): DiffResult {
  return {
    threshold: THRESHOLD,
    compared: [
      compared(
        "model.layers.0.self_attn.q_proj.weight",
        [2, 2],
        ["F32", "F32"],
        naiveStats(T1.a, T1.b),
      ),
      compared("model.layers.0.mlp.up_proj.weight", [2, 2], ["F32", "F32"], naiveStats(T2.a, T2.b)),
      compared(
        "model.layers.1.self_attn.q_proj.weight",
        [2],
        ["BF16", "BF16"],
        naiveStats(T3.a, T3.b),
      ),
      compared("model.norm.weight", [2], ["F32", "F32"], naiveStats(T4.a, T4.b)),
      compared("model.embed_tokens.weight", [3], ["F32", "F32"], naiveStats(T5.a, T5.b)),
      compared("model.layers.0.packed", [4], ["F4", "F4"], packedStats),
      compared("lm_head.weight", [2], ["F32", "F16"], naiveStats(T7.a, T7.b)),
      compared("model.position_ids", [3], ["I64", "I64"], naiveStats(T8.a, T8.b)),
    ],
    added: [
      { name: "model.layers.2.self_attn.k_proj.weight", shape: [2, 2], dtype: "F32", numel: 4 },
    ],
    removed: [{ name: "old.weight", shape: [2], dtype: "F32", numel: 2 }],
    reshaped: [
      {
        name: "model.embed_positions",
        baseShape: [2],
        headShape: [3],
        baseDtype: "F32",
        headDtype: "F32",
        baseNumel: 2,
        headNumel: 3,
      },
    ],
    renamed: [{ baseName: "a.weight", headName: "b.weight", shape: [2], dtype: "F32", numel: 2 }],
  };
}

const sharedTensors: [string, DType, number[]][] = [
  ["model.layers.0.self_attn.q_proj.weight", "F32", [2, 2]],
  ["model.layers.0.mlp.up_proj.weight", "F32", [4]],
  ["model.layers.1.self_attn.q_proj.weight", "BF16", [2]],
  ["model.norm.weight", "F32", [2]],
  ["model.embed_tokens.weight", "F32", [3]],
  ["model.layers.0.packed", "F4", [4]],
  ["model.position_ids", "I64", [3]],
];

export function fixtureBase(): Checkpoint {
  return checkpoint(
    "base.safetensors",
    [
      ...sharedTensors,
      ["lm_head.weight", "F32", [2]],
      ["old.weight", "F32", [2]],
      ["model.embed_positions", "F32", [2]],
      ["a.weight", "F32", [2]],
    ],
    { format: "pt", epoch: 3, same: "x", cfg: { a: 1 } },
  );
}

export function fixtureHead(): Checkpoint {
  return checkpoint(
    "head.safetensors",
    [
      ...sharedTensors,
      ["lm_head.weight", "F16", [2]],
      ["model.layers.2.self_attn.k_proj.weight", "F32", [2, 2]],
      ["model.embed_positions", "F32", [3]],
      ["b.weight", "F32", [2]],
    ],
    { format: "pt", epoch: 4, same: "x", note: "hi" },
    ['Metadata value of "epoch" is not a string; it is shown JSON-encoded.'],
  );
}

/** Builds the report of the fixture diff. */
export function fixtureReport(): DiffReport {
  return buildReport({
    base: fixtureBase(),
    head: fixtureHead(),
    diff: fixtureDiff(),
    classification,
    version: "0.1.0",
  });
}
