import { describe, expect, it } from "vitest";
import { isIdenticalOrCast, tensorVerdict } from "../../src/analysis/tensor-kinds.js";
import {
  PROFILE_CAST_BF16_NEAREST,
  PROFILE_ELEMENTS,
  PROFILE_LENGTH,
  PROFILE_ULP_HISTOGRAM,
  ULP_MIN_STEP,
} from "../../src/diff/profile.js";
import type { ComparedTensor, TensorStats } from "../../src/diff/types.js";
import type { DType } from "../../src/format/dtypes.js";

const NUMEL = 1000;

/** Returns statistics of NUMEL elements with ||a||^2 = NUMEL, so the relative change is sqrt(squaredDelta / NUMEL). */
function statsOf(changed: number, squaredDelta: number, profile?: Float64Array): TensorStats {
  return {
    numel: NUMEL,
    changed,
    bitsDiffering: changed,
    maxAbsDelta: changed === 0 ? 0 : 0.5,
    maxAbsDeltaIndex: changed === 0 ? -1 : 0,
    sumA: 0,
    sumB: 0,
    sumSquaredDelta: squaredDelta,
    sumSquaredA: NUMEL,
    sumSquaredB: NUMEL,
    sumProduct: NUMEL - squaredDelta / 2,
    finiteCount: NUMEL,
    nanA: 0,
    nanB: 0,
    infA: 0,
    infB: 0,
    ...(profile === undefined ? {} : { profile }),
  };
}

function tensorOf(dtypes: [DType, DType], stats: TensorStats): ComparedTensor {
  return {
    name: "model.layers.0.mlp.up_proj.weight",
    shape: [10, 100],
    baseDtype: dtypes[0],
    headDtype: dtypes[1],
    comparison: "float",
    stats,
  };
}

/** Returns a profile of NUMEL elements where `count` pairs pass the cast test at `index`. */
function castProfile(index: number, count: number): Float64Array {
  const profile = new Float64Array(PROFILE_LENGTH);
  profile[PROFILE_ELEMENTS] = NUMEL;
  profile[index] = count;
  return profile;
}

/** Returns a profile whose changed pairs sit `within` within one rounding step of a and `beyond` far from it. */
function ulpProfile(within: number, beyond: number): Float64Array {
  const profile = new Float64Array(PROFILE_LENGTH);
  profile[PROFILE_ELEMENTS] = NUMEL;
  const bin = (step: number) => PROFILE_ULP_HISTOGRAM + 1 + step - ULP_MIN_STEP;
  profile[bin(0)] = within;
  profile[bin(6)] = beyond;
  return profile;
}

const cases: [string, ComparedTensor, boolean][] = [
  ["unchanged in the same dtype", tensorOf(["F32", "F32"], statsOf(0, 0)), true],
  ["changed densely", tensorOf(["F32", "F32"], statsOf(NUMEL, 10)), false],
  ["recast without a changed value", tensorOf(["F32", "BF16"], statsOf(0, 0)), true],
  [
    "cast to bfloat16 by rounding",
    tensorOf(["F32", "BF16"], statsOf(500, 1e-6, castProfile(PROFILE_CAST_BF16_NEAREST, 999))),
    true,
  ],
  [
    "recast just below the cast share",
    tensorOf(["F32", "BF16"], statsOf(500, 1e-6, castProfile(PROFILE_CAST_BF16_NEAREST, 998))),
    false,
  ],
  // Without a profile a recast with a relative change of 0.003 counts as rounding, 0.01 does not.
  ["recast with a small change", tensorOf(["F32", "BF16"], statsOf(500, 0.009)), true],
  ["recast with a large change", tensorOf(["F32", "BF16"], statsOf(500, 0.1)), false],
  [
    "rounded again in the same dtype",
    tensorOf(["BF16", "BF16"], statsOf(600, 1e-4, ulpProfile(600, 0))),
    true,
  ],
  [
    "few values rounded again",
    tensorOf(["BF16", "BF16"], statsOf(400, 1e-4, ulpProfile(400, 0))),
    false,
  ],
  [
    "changes beyond a rounding step",
    tensorOf(["BF16", "BF16"], statsOf(600, 1e-4, ulpProfile(590, 10))),
    false,
  ],
];

describe("isIdenticalOrCast", () => {
  for (const [name, tensor, expected] of cases) {
    it(`decides ${name}`, () => {
      expect(isIdenticalOrCast(tensor)).toBe(expected);
    });

    it(`agrees with tensorVerdict when ${name}`, () => {
      const kind = tensorVerdict(tensor, undefined, "mlp").kind;
      expect(kind === "identical" || kind === "cast").toBe(expected);
    });
  }
});
