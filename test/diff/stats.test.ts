import { describe, expect, it } from "vitest";
import { BLOCK_ELEMENTS, type SegmentStats, SUMS_PER_BLOCK } from "../../src/diff/kernels.js";
import { PROFILE_LENGTH } from "../../src/diff/profile.js";
import { TensorAccumulator } from "../../src/diff/stats.js";

/** Returns a segment with one block per `sumA` value as its SUM_A sum, and every count 1. */
function segment(sumA: readonly number[]): SegmentStats {
  const blockSums = new Float64Array(sumA.length * SUMS_PER_BLOCK);
  sumA.forEach((value, block) => {
    blockSums[block * SUMS_PER_BLOCK] = value;
  });
  return {
    changed: 1,
    bitsDiffering: 1,
    finiteCount: 1,
    nanA: 0,
    nanB: 0,
    infA: 0,
    infB: 0,
    maxAbsDelta: 0,
    maxAbsDeltaIndex: -1,
    blockSums,
    profile: null,
  };
}

// Block sums whose float64 total depends on the order of addition: (1e16 + 1) + 1 is 1e16 in
// float64, while 1e16 + (1 + 1) is 1e16 + 2. In block order the total is 0.
const BLOCK_SUMS = [1e16, 1, 1, -1e16];
const IN_ORDER = 1e16 + 1 + 1 - 1e16;

describe("TensorAccumulator", () => {
  it("folds in-order segments", () => {
    const accumulator = new TensorAccumulator(4 * BLOCK_ELEMENTS);
    accumulator.add(0, segment([1e16, 1]));
    accumulator.add(2 * BLOCK_ELEMENTS, segment([1, -1e16]));
    const stats = accumulator.result();
    expect(stats.sumA).toBe(IN_ORDER);
    expect(stats.changed).toBe(2);
  });

  it("folds out-of-order segments in block order", () => {
    const accumulator = new TensorAccumulator(4 * BLOCK_ELEMENTS);
    // Folded in arrival order, the sum would be (1 + 1 - 1e16) + 1e16 = 2.
    accumulator.add(BLOCK_ELEMENTS, segment([BLOCK_SUMS[1] as number]));
    accumulator.add(2 * BLOCK_ELEMENTS, segment([BLOCK_SUMS[2] as number]));
    accumulator.add(3 * BLOCK_ELEMENTS, segment([BLOCK_SUMS[3] as number]));
    expect(accumulator.complete).toBe(false);
    accumulator.add(0, segment([BLOCK_SUMS[0] as number]));
    expect(accumulator.complete).toBe(true);
    const stats = accumulator.result();
    expect(stats.sumA).toBe(IN_ORDER);
    expect(stats.changed).toBe(4);
    expect(stats.finiteCount).toBe(4);
  });

  it("rejects an early result", () => {
    const accumulator = new TensorAccumulator(2 * BLOCK_ELEMENTS);
    accumulator.add(BLOCK_ELEMENTS, segment([1]));
    expect(() => accumulator.result()).toThrow(/2 of 2 blocks were not folded/);
  });

  it("rejects a folded block twice", () => {
    const accumulator = new TensorAccumulator(2 * BLOCK_ELEMENTS);
    accumulator.add(0, segment([1]));
    expect(() => accumulator.add(0, segment([1]))).toThrow(/not the start of an unfolded block/);
  });
});

describe("accumulated profiles", () => {
  it("keep every tensor's sums apart", () => {
    // More tensors than one pool of profiles holds, so several pools are in use.
    const count = 700;
    const accumulators = Array.from({ length: count }, () => new TensorAccumulator(1));
    accumulators.forEach((accumulator, index) => {
      const profile = new Float64Array(PROFILE_LENGTH);
      profile[0] = index;
      profile[PROFILE_LENGTH - 1] = 2 * index + 1;
      accumulator.add(0, { ...segment([0]), profile });
    });
    accumulators.forEach((accumulator, index) => {
      const profile = accumulator.result().profile as Float64Array;
      expect(profile.length).toBe(PROFILE_LENGTH);
      expect(profile[0]).toBe(index);
      expect(profile[PROFILE_LENGTH - 1]).toBe(2 * index + 1);
      expect(profile.subarray(1, PROFILE_LENGTH - 1).every((value) => value === 0)).toBe(true);
    });
  });

  it("use the smallest exact array type", () => {
    const cases = [
      { numel: 1, type: Uint16Array, largest: 1 },
      { numel: 0xffff, type: Uint16Array, largest: 0xffff },
      { numel: 0x10000, type: Uint32Array, largest: 0x10000 },
      { numel: 0xffffffff, type: Uint32Array, largest: 0xffffffff },
      { numel: 0x100000000, type: Float64Array, largest: 0x100000000 },
    ];
    for (const { numel, type, largest } of cases) {
      const accumulator = new TensorAccumulator(numel);
      // Every count of a profile is at most the element count, so `largest` is the top value.
      const profile = new Float64Array(PROFILE_LENGTH).fill(largest);
      const blocks = Math.ceil(numel / BLOCK_ELEMENTS);
      accumulator.add(0, { ...segment(new Array(blocks).fill(0)), profile });
      const got = accumulator.result().profile;
      expect(got, `${numel} elements`).toBeInstanceOf(type);
      expect(
        got?.every((value) => value === largest),
        `${numel} elements`,
      ).toBe(true);
    }
  });

  it("sum the profiles of a tensor's segments", () => {
    const accumulator = new TensorAccumulator(2 * BLOCK_ELEMENTS);
    for (const [firstElement, value] of [
      [BLOCK_ELEMENTS, 5],
      [0, 3],
    ] as const) {
      const profile = new Float64Array(PROFILE_LENGTH).fill(value);
      accumulator.add(firstElement, { ...segment([0]), profile });
    }
    const profile = accumulator.result().profile as Float64Array;
    expect(profile.every((value) => value === 8)).toBe(true);
  });
});
