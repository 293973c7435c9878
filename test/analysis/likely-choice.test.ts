import { describe, expect, it } from "vitest";
import { EarlyAnalyses } from "../../src/analysis/early-analyses.js";
import { chooseMatrices, type MatrixCandidate } from "../../src/analysis/sample-plan.js";
import type { DType } from "../../src/format/dtypes.js";
import { comparedTensor } from "../helpers/naive-stats.js";
import { checkpoint } from "../report/fixture.js";

const LAYERS = 12;
const MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];
const SIDE = 64;

function matrixName(layer: number, module: string): string {
  const group = module.length === 6 ? "self_attn" : "mlp";
  return `model.layers.${layer}.${group}.${module}.weight`;
}

/** Every matrix of a 12-layer decoder, float32 64 x 64, and a norm, the same on both sides. */
const names = Array.from({ length: LAYERS }, (_, layer) =>
  MODULES.map((module) => matrixName(layer, module)),
).flat();
const tensors: [string, DType, number[]][] = [
  ...names.map((name): [string, DType, number[]] => [name, "F32", [SIDE, SIDE]]),
  ["model.norm.weight", "F32", [SIDE]],
];
const base = checkpoint("base.safetensors", tensors, {});
const head = checkpoint("head.safetensors", tensors, {});

/**
 * Returns the candidates analyzeSamples builds when the listed matrices changed, in name order: 64 sampled
 * rows of 64 float32 columns on each side, and the layer and module name read off the name.
 */
function candidatesOf(changed: readonly string[]): MatrixCandidate[] {
  return [...changed].sort().map((name) => ({
    name,
    sampleBytes: SIDE * SIDE * 4 * 2,
    layer: Number(name.split(".")[2]),
    module: name.split(".")[4] as string,
  }));
}

/** Returns a compared tensor whose values are the same on both sides, so it is not a candidate. */
function unchanged(name: string) {
  const values = Array.from({ length: SIDE * SIDE }, (_, i) => Math.sin(i));
  return comparedTensor(name, [SIDE, SIDE], values, values);
}

describe("EarlyAnalyses.choiceAmong", () => {
  it("returns the likely choice when every matrix changed", async () => {
    const early = new EarlyAnalyses(base, head);
    const all = candidatesOf(names);
    const expected = chooseMatrices(all);
    expect(expected).toHaveLength(16);
    expect(early.choiceAmong(all)).toEqual(expected);
    await early.stop();
  });

  it("returns nothing for other candidates", async () => {
    const early = new EarlyAnalyses(base, head);
    const all = candidatesOf(names);
    expect(early.choiceAmong(all.slice(1))).toBeUndefined();
    expect(early.choiceAmong([...all].reverse())).toBeUndefined();
    const resized = all.map((candidate, i) =>
      i === 5 ? { ...candidate, sampleBytes: candidate.sampleBytes / 2 } : candidate,
    );
    expect(early.choiceAmong(resized)).toBeUndefined();
    await early.stop();
  });

  it("follows the choice made again without an unchanged matrix", async () => {
    const early = new EarlyAnalyses(base, head);
    const dropped = [...early.likelyNames][0] as string;
    early.tensorCompared(unchanged(dropped));
    expect(early.likelyNames.has(dropped)).toBe(false);
    const rest = candidatesOf(names.filter((name) => name !== dropped));
    expect(early.choiceAmong(rest)).toEqual(chooseMatrices(rest));
    await early.stop();
  });

  it("returns nothing once an unlikely matrix dropped out", async () => {
    const early = new EarlyAnalyses(base, head);
    const dropped = names.find((name) => !early.likelyNames.has(name)) as string;
    early.tensorCompared(unchanged(dropped));
    // The likely choice was not made again, so it was made among other candidates.
    const rest = candidatesOf(names.filter((name) => name !== dropped));
    expect(early.choiceAmong(rest)).toBeUndefined();
    await early.stop();
  });
});
