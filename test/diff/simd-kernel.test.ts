import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assembleWat } from "../../scripts/wasm-assembler.js";
import {
  BLOCK_ELEMENTS,
  createReferenceKernel,
  type SegmentStats,
  SUM_A,
  SUM_B,
  SUM_PRODUCT,
  SUM_SQUARED_A,
  SUM_SQUARED_B,
  SUM_SQUARED_DELTA,
  SUMS_PER_BLOCK,
} from "../../src/diff/kernels.js";
import { addProfile, emptyProfile, isProfiledBlock } from "../../src/diff/profile.js";
import {
  SIMD_CHUNK_BYTES,
  type SimdKernel,
  SimdKernels,
  simdSupported,
} from "../../src/diff/simd-kernel.js";
import { KERNELS_WASM_BASE64 } from "../../src/diff/wasm/kernels-wasm.js";
import {
  bias,
  codeOf,
  codeOfValue,
  DTYPES,
  encode,
  fullRange,
  layouts,
  maxExponent,
  randomPair,
  type SimdDType,
  typical,
} from "./float-codes.js";
import { Random } from "./helpers.js";

/** Returns the core counts; the change profile is checked on its own below. */
function withoutSums(stats: SegmentStats): Omit<SegmentStats, "blockSums" | "profile"> {
  const { blockSums: _sums, profile: _profile, ...counts } = stats;
  return counts;
}

/** Returns whether element i of `bytes` is a NaN or an infinity. */
function isSpecial(dtype: SimdDType, bytes: Uint8Array, i: number): boolean {
  const { bytes: width, mantissaBits, exponentBits } = layouts[dtype];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const code = width === 2 ? view.getUint16(i * width, true) : view.getUint32(i * width, true);
  return Math.floor(code / 2 ** mantissaBits) % 2 ** exponentBits === maxExponent(dtype);
}

/**
 * Checks the SIMD kernel against the reference: counts and the maximum with its index exactly,
 * and each block's sums within 1e-12 of a bound on the sum of the terms' magnitudes (from
 * Cauchy-Schwarz: sum |a| <= sqrt(n sum a^2)). Blocks with a NaN or an infinity are recomputed
 * by the reference, so their sums must be identical.
 */
function expectMatchesReference(
  kernel: SimdKernel,
  dtype: SimdDType,
  base: Uint8Array,
  head: Uint8Array,
  firstElement: number,
  count: number,
  threshold: number,
): SegmentStats {
  const simd = kernel.compare(base, head, firstElement, count);
  const reference = createReferenceKernel(dtype, dtype, threshold).compare(
    base,
    head,
    firstElement,
    count,
  );
  expect(withoutSums(simd)).toEqual(withoutSums(reference));
  expect(simd.blockSums.length).toBe(reference.blockSums.length);

  for (let block = 0; block * BLOCK_ELEMENTS < count; block++) {
    const start = block * BLOCK_ELEMENTS;
    const n = Math.min(BLOCK_ELEMENTS, count - start);
    const at = block * SUMS_PER_BLOCK;
    const got = Array.from(simd.blockSums.subarray(at, at + SUMS_PER_BLOCK));
    const want = Array.from(reference.blockSums.subarray(at, at + SUMS_PER_BLOCK));
    let special = false;
    for (let i = start; i < start + n && !special; i++) {
      special = isSpecial(dtype, base, i) || isSpecial(dtype, head, i);
    }
    if (special) {
      expect(got, `block ${block} holds a NaN or an infinity`).toEqual(want);
      continue;
    }
    const squaredA = want[SUM_SQUARED_A] as number;
    const squaredB = want[SUM_SQUARED_B] as number;
    const scales = [];
    scales[SUM_A] = Math.sqrt(n * squaredA);
    scales[SUM_B] = Math.sqrt(n * squaredB);
    scales[SUM_SQUARED_DELTA] = want[SUM_SQUARED_DELTA] as number;
    scales[SUM_SQUARED_A] = squaredA;
    scales[SUM_SQUARED_B] = squaredB;
    scales[SUM_PRODUCT] = Math.sqrt(squaredA * squaredB);
    for (let k = 0; k < SUMS_PER_BLOCK; k++) {
      const error = Math.abs((got[k] as number) - (want[k] as number));
      expect(error, `block ${block} sum ${k}: ${got[k]} vs ${want[k]}`).toBeLessThanOrEqual(
        1e-12 * (scales[k] as number),
      );
    }
  }
  return simd;
}

function newKernels(): SimdKernels {
  const kernels = SimdKernels.create();
  if (!kernels) throw new Error("WebAssembly SIMD is not available in this Node.");
  return kernels;
}

describe("SIMD kernel module", () => {
  it("runs on this Node", () => {
    expect(simdSupported()).toBe(true);
  });

  it("matches the bytes assembled from kernels.wat", async () => {
    const wat = readFileSync(new URL("../../src/diff/wasm/kernels.wat", import.meta.url), "utf8");
    const assembled = await assembleWat("kernels.wat", wat);
    const committed = Buffer.from(KERNELS_WASM_BASE64, "base64");
    // On failure, run `npm run build:wasm` and commit src/diff/wasm/kernels-wasm.ts.
    expect(Buffer.compare(Buffer.from(assembled), committed)).toBe(0);
  });

  it("leaves other dtypes and invalid thresholds to the reference", () => {
    const kernels = newKernels();
    expect(kernels.kernelFor("F64", "F64", 0)).toBeUndefined();
    expect(kernels.kernelFor("BF16", "F16", 0)).toBeUndefined();
    expect(kernels.kernelFor("I16", "I16", 0)).toBeUndefined();
    expect(kernels.kernelFor("F32", "F32", -1)).toBeUndefined();
    expect(kernels.kernelFor("F32", "F32", Number.NaN)).toBeUndefined();
    expect(kernels.kernelFor("F32", "F32", 0)).toBeDefined();
  });
});

describe("SIMD kernels against the reference", () => {
  const lengths = [1, 7, 8, 9, 15, 4095, 16383, 16384, 16385, 3 * BLOCK_ELEMENTS + 13];
  const thresholds = [0, 1e-6, 0.01, 1e30, Infinity];

  for (const dtype of DTYPES) {
    it(`${dtype}: typical values, every length and threshold`, () => {
      const kernels = newKernels();
      const random = new Random(7 + dtype.length);
      for (const count of lengths) {
        const { base, head } = randomPair(dtype, count, typical(dtype), random);
        for (const threshold of thresholds) {
          const kernel = kernels.kernelFor(dtype, dtype, threshold) as SimdKernel;
          expectMatchesReference(kernel, dtype, base, head, 0, count, threshold);
        }
      }
    });

    it(`${dtype}: full exponent range with subnormals and maximum values`, () => {
      const kernels = newKernels();
      const random = new Random(11 + dtype.length);
      for (const count of [9, 16385, 2 * BLOCK_ELEMENTS + 1]) {
        const { base, head } = randomPair(dtype, count, fullRange(dtype), random);
        for (const threshold of [0, 1e-6, 1e30]) {
          const kernel = kernels.kernelFor(dtype, dtype, threshold) as SimdKernel;
          expectMatchesReference(kernel, dtype, base, head, 0, count, threshold);
        }
      }
    });

    it(`${dtype}: NaN and infinity in some blocks only`, () => {
      const kernels = newKernels();
      const random = new Random(13 + dtype.length);
      const count = 4 * BLOCK_ELEMENTS + 21;
      const { base, head } = randomPair(dtype, count, typical(dtype), random);
      const special = randomPair(dtype, count, { ...typical(dtype), specialRate: 0.002 }, random);
      // Blocks 1 and 4 (the partial last one) get NaNs and infinities; 0, 2 and 3 stay finite.
      for (const block of [1, 4]) {
        const width = layouts[dtype].bytes;
        const start = block * BLOCK_ELEMENTS * width;
        const end = Math.min(count, (block + 1) * BLOCK_ELEMENTS) * width;
        base.set(special.base.subarray(start, end), start);
        head.set(special.head.subarray(start, end), start);
      }
      for (const threshold of [0, 1e-3]) {
        const kernel = kernels.kernelFor(dtype, dtype, threshold) as SimdKernel;
        const stats = expectMatchesReference(kernel, dtype, base, head, 0, count, threshold);
        expect(stats.nanA + stats.infA + stats.nanB + stats.infB).toBeGreaterThan(0);
      }
    });

    it(`${dtype}: element indexes offset by the first element`, () => {
      const kernels = newKernels();
      const random = new Random(17 + dtype.length);
      const count = 2 * BLOCK_ELEMENTS + 100;
      const { base, head } = randomPair(dtype, count, typical(dtype), random);
      const kernel = kernels.kernelFor(dtype, dtype, 1e-6) as SimdKernel;
      for (const firstElement of [0, BLOCK_ELEMENTS, 7 * BLOCK_ELEMENTS]) {
        const stats = expectMatchesReference(kernel, dtype, base, head, firstElement, count, 1e-6);
        expect(stats.maxAbsDeltaIndex).toBeGreaterThanOrEqual(firstElement);
      }
    });

    it(`${dtype}: runs longer than one chunk`, () => {
      const kernels = newKernels();
      const random = new Random(19 + dtype.length);
      const kernel = kernels.kernelFor(dtype, dtype, 1e-6) as SimdKernel;
      expect(kernel.chunkElements * layouts[dtype].bytes).toBe(SIMD_CHUNK_BYTES);
      const count = kernel.chunkElements + BLOCK_ELEMENTS + 5;
      const { base, head } = randomPair(dtype, count, typical(dtype), random);
      // The largest difference sits in the second chunk.
      const at = kernel.chunkElements + 3;
      const view = new DataView(head.buffer);
      const huge = codeOfValue(dtype, 1024);
      if (layouts[dtype].bytes === 2) view.setUint16(at * 2, huge, true);
      else view.setUint32(at * 4, huge, true);
      const stats = expectMatchesReference(kernel, dtype, base, head, 0, count, 1e-6);
      expect(stats.maxAbsDeltaIndex).toBe(at);
    });
  }
});

/**
 * 21 pairs with one edge case each, in values that BF16, F16 and F32 all represent, except
 * element 12, the smallest positive subnormal of each dtype. With threshold 1e-6:
 * bits differ at 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 16, 18 (12 elements);
 * changed are 5, 6, 7, 8, 10, 11, 13, 16 (8);
 * the maximum finite |a - b| is 6, first at 10.
 */
function handCase(dtype: SimdDType): { base: number[]; head: number[] } {
  const value = (x: number) => codeOfValue(dtype, x);
  const top = maxExponent(dtype);
  const quiet = 2 ** (layouts[dtype].mantissaBits - 1);
  const nan = codeOf(dtype, false, top, quiet);
  const nanOtherPayload = codeOf(dtype, false, top, quiet + 1);
  const smallestSubnormal = 1;
  const pairs: [number, number][] = [
    [value(1), value(1)], // 0
    [nan, nan], // 1: the same NaN
    [nan, nanOtherPayload], // 2: NaN payloads differ: bits differ, unchanged
    [value(0), value(-0)], // 3: +0 and -0: bits differ, unchanged
    [value(Infinity), value(Infinity)], // 4: equal infinities
    [value(1), value(Infinity)], // 5: changed, infinite difference
    [value(1), nan], // 6: changed
    [value(-Infinity), value(Infinity)], // 7: changed, infinite difference
    [value(2), value(2.5)], // 8: changed by 0.5
    [value(0.5), value(0.5)], // 9
    [value(-3), value(3)], // 10: changed by 6, the first maximum
    [value(6), value(0)], // 11: changed by 6, a later tie
    [smallestSubnormal, value(0)], // 12: within the threshold
    [value(1), value(1.5)], // 13: changed by 0.5
    [value(10), value(10)], // 14
    [value(-1), value(-1)], // 15
    [value(0.25), value(-0.25)], // 16: changed by 0.5
    [value(4), value(4)], // 17
    [value(2 ** -20), value(0)], // 18: 2^-20 < 1e-6, within the threshold
    [value(-2), value(-2)], // 19
    [value(3), value(3)], // 20
  ];
  return { base: pairs.map(([a]) => a), head: pairs.map(([, b]) => b) };
}

/** Indexes of the hand case where both values are finite. */
const FINITE_PAIRS = [0, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];

function singleBlockSums(stats: SegmentStats): number[] {
  return Array.from(stats.blockSums);
}

describe("SIMD kernels on the 21-element hand case", () => {
  for (const dtype of DTYPES) {
    const subnormal = dtype === "F16" ? 2 ** -24 : 0;

    it(`${dtype}: matches hand counts`, () => {
      const { base, head } = handCase(dtype);
      const kernel = newKernels().kernelFor(dtype, dtype, 1e-6) as SimdKernel;
      const stats = kernel.compare(encode(dtype, base), encode(dtype, head), 0, 21);
      expect(stats.bitsDiffering).toBe(12);
      expect(stats.changed).toBe(8);
      expect(stats.maxAbsDelta).toBe(6);
      expect(stats.maxAbsDeltaIndex).toBe(10);
      expect(stats.nanA).toBe(2);
      expect(stats.nanB).toBe(3);
      expect(stats.infA).toBe(2);
      expect(stats.infB).toBe(3);
      expect(stats.finiteCount).toBe(15);
      // Every term is a multiple of 2^-24 except the BF16 and F32 subnormals, which vanish
      // below half an ulp of any partial sum they join; F16's 2^-24 stays in sum a.
      expect(singleBlockSums(stats)).toEqual([
        21.75 + 2 ** -20 + subnormal,
        22.25,
        72.75 + 2 ** -40,
        181.3125 + 2 ** -40,
        148.8125,
        128.6875,
      ]);
    });

    it(`${dtype}: counts at a threshold equal to some differences`, () => {
      const { base, head } = handCase(dtype);
      const kernel = newKernels().kernelFor(dtype, dtype, 0.5) as SimdKernel;
      const stats = kernel.compare(encode(dtype, base), encode(dtype, head), 0, 21);
      // |a - b| = 0.5 is not above 0.5: only 5, 6, 7, 10 and 11 changed.
      expect(stats.changed).toBe(5);
    });

    it(`${dtype}: finite pairs only, through the vector path`, () => {
      const { base, head } = handCase(dtype);
      const kernel = newKernels().kernelFor(dtype, dtype, 1e-6) as SimdKernel;
      const stats = kernel.compare(
        encode(
          dtype,
          FINITE_PAIRS.map((i) => base[i] as number),
        ),
        encode(
          dtype,
          FINITE_PAIRS.map((i) => head[i] as number),
        ),
        0,
        FINITE_PAIRS.length,
      );
      // Elements 2, 5, 6 and 7 are gone: 8 differ in bits, 5 changed, the maximum is at old 10.
      expect(stats.bitsDiffering).toBe(8);
      expect(stats.changed).toBe(5);
      expect(stats.maxAbsDelta).toBe(6);
      expect(stats.maxAbsDeltaIndex).toBe(FINITE_PAIRS.indexOf(10));
      expect(stats.nanA + stats.nanB + stats.infA + stats.infB).toBe(0);
      expect(stats.finiteCount).toBe(15);
      expect(singleBlockSums(stats)).toEqual([
        21.75 + 2 ** -20 + subnormal,
        22.25,
        72.75 + 2 ** -40,
        181.3125 + 2 ** -40,
        148.8125,
        128.6875,
      ]);
    });

    it(`${dtype}: identical sides of the hand case`, () => {
      const { base } = handCase(dtype);
      const kernel = newKernels().kernelFor(dtype, dtype, 1e-6) as SimdKernel;
      const bytes = encode(dtype, base);
      const stats = kernel.compare(bytes, bytes.slice(), 0, 21);
      // Elements 1, 2 (NaN), 4 and 7 (infinities) are not finite on either side now.
      expect(withoutSums(stats)).toEqual({
        changed: 0,
        bitsDiffering: 0,
        finiteCount: 17,
        nanA: 2,
        nanB: 2,
        infA: 2,
        infB: 2,
        maxAbsDelta: 0,
        maxAbsDeltaIndex: -1,
      });
      const sumA = 23.75 + 2 ** -20 + subnormal;
      const sumSquaredA = 183.3125 + 2 ** -40;
      expect(singleBlockSums(stats)).toEqual([
        sumA,
        sumA,
        0,
        sumSquaredA,
        sumSquaredA,
        sumSquaredA,
      ]);
    });
  }
});

/**
 * Pairs at the edges of each dtype, built from fields. The first 12 have exponent gaps of 15 to
 * 17 and 24 to 26 between the two sides, where a difference of BF16 or F16 values stops fitting
 * in an f32. The others hold subnormals against zero and against each other, the largest finite
 * values with both signs, +0 against -0, and the smallest normal against the largest subnormal.
 */
function boundaryPairs(dtype: SimdDType): { base: number[]; head: number[] } {
  const { mantissaBits } = layouts[dtype];
  const unitExponent = bias(dtype);
  const fullMantissa = 2 ** mantissaBits - 1;
  const top = maxExponent(dtype) - 1;
  const base: number[] = [];
  const head: number[] = [];
  const add = (a: number, b: number) => {
    base.push(a);
    head.push(b);
  };
  for (const gap of [15, 16, 17, 24, 25, 26]) {
    const exponent = Math.max(0, unitExponent - gap);
    add(
      codeOf(dtype, false, unitExponent, fullMantissa),
      codeOf(dtype, false, exponent, fullMantissa),
    );
    add(codeOf(dtype, true, exponent, 1), codeOf(dtype, false, unitExponent, 1));
  }
  add(codeOf(dtype, false, 0, 1), codeOf(dtype, false, 0, 0));
  add(codeOf(dtype, false, 0, 1), codeOf(dtype, true, 0, 0));
  add(codeOf(dtype, true, 0, 1), codeOf(dtype, false, 0, 1));
  add(codeOf(dtype, false, 0, fullMantissa), codeOf(dtype, false, 1, 0));
  add(codeOf(dtype, false, top, fullMantissa), codeOf(dtype, true, top, fullMantissa));
  add(codeOf(dtype, true, top, fullMantissa), codeOf(dtype, true, top, fullMantissa - 1));
  add(codeOf(dtype, true, 0, 0), codeOf(dtype, false, 0, 0));
  add(codeOf(dtype, false, unitExponent, 0), codeOf(dtype, false, unitExponent, 1));
  add(codeOf(dtype, false, top, 0), codeOf(dtype, false, 0, 1));
  return { base, head };
}

describe("SIMD kernels at the edges of each dtype", () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: exponent gaps, subnormals and extremes match the reference`, () => {
      const kernels = newKernels();
      const { base, head } = boundaryPairs(dtype);
      const smallest = 2 ** (1 - bias(dtype) - layouts[dtype].mantissaBits);
      const thresholds = [0, Number.MIN_VALUE, smallest, 1e-6, 0.5, 1e30, Infinity];
      // Whole vectors only, then with a tail, then repeated past a block boundary.
      for (const copies of [1, 2, 1000]) {
        const a = Array.from({ length: copies }, () => base).flat();
        const b = Array.from({ length: copies }, () => head).flat();
        for (const count of [a.length - (a.length % 8), a.length]) {
          for (const threshold of thresholds) {
            const kernel = kernels.kernelFor(dtype, dtype, threshold) as SimdKernel;
            expectMatchesReference(
              kernel,
              dtype,
              encode(dtype, a),
              encode(dtype, b),
              0,
              count,
              threshold,
            );
          }
        }
      }
    });

    it(`${dtype}: counts at the smallest subnormal difference`, () => {
      // |a - b| is the smallest subnormal for pairs 12, 13 and 15, twice it for pair 14, and 0
      // for pair 18 (+0 against -0).
      const { base, head } = boundaryPairs(dtype);
      const smallest = 2 ** (1 - bias(dtype) - layouts[dtype].mantissaBits);
      const kernel = newKernels().kernelFor(dtype, dtype, smallest) as SimdKernel;
      const below = newKernels().kernelFor(dtype, dtype, 0) as SimdKernel;
      const count = base.length;
      const at = kernel.compare(encode(dtype, base), encode(dtype, head), 0, count);
      const under = below.compare(encode(dtype, base), encode(dtype, head), 0, count);
      // Every pair differs in bits; at threshold 0 all but +0/-0 changed.
      expect(under.bitsDiffering).toBe(count);
      expect(under.changed).toBe(count - 1);
      // Pairs 12, 13 and 15 are not above the threshold, and neither is pair 18.
      expect(at.changed).toBe(count - 4);
    });
  }
});

describe("SIMD identical-chunk path", () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: gives the sums of the full kernel bit for bit`, () => {
      const kernels = newKernels();
      const random = new Random(23 + dtype.length);
      const count = 3 * BLOCK_ELEMENTS + 11;
      const { base } = randomPair(dtype, count, typical(dtype), random);
      const kernel = kernels.kernelFor(dtype, dtype, 1e-6) as SimdKernel;

      const identical = kernel.compare(base, base.slice(), 0, count);
      expect(identical.changed).toBe(0);
      expect(identical.bitsDiffering).toBe(0);
      expect(identical.maxAbsDeltaIndex).toBe(-1);
      expect(identical.finiteCount).toBe(count);

      // One differing element in the last block sends the whole chunk through the full kernel,
      // which then compares the first three blocks as identical data.
      const head = base.slice();
      head[head.length - 1] = (head[head.length - 1] as number) ^ 1;
      const full = kernel.compare(base, head, 0, count);
      const firstBlocks = 3 * SUMS_PER_BLOCK;
      expect(Array.from(identical.blockSums.subarray(0, firstBlocks))).toEqual(
        Array.from(full.blockSums.subarray(0, firstBlocks)),
      );
      expectMatchesReference(kernel, dtype, base, base.slice(), 0, count, 1e-6);
    });

    it(`${dtype}: recomputes blocks with NaN or infinity`, () => {
      const kernels = newKernels();
      const random = new Random(29 + dtype.length);
      const count = 2 * BLOCK_ELEMENTS + 9;
      const { base } = randomPair(dtype, count, { ...typical(dtype), specialRate: 0.001 }, random);
      const kernel = kernels.kernelFor(dtype, dtype, 0) as SimdKernel;
      const stats = expectMatchesReference(kernel, dtype, base, base.slice(), 0, count, 0);
      expect(stats.nanA + stats.infA).toBeGreaterThan(0);
    });

    it(`${dtype}: flags an infinity in the tail`, () => {
      const kernels = newKernels();
      const codes = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((x) => codeOfValue(dtype, x));
      codes[8] = codeOfValue(dtype, Infinity);
      const bytes = encode(dtype, codes);
      const kernel = kernels.kernelFor(dtype, dtype, 0) as SimdKernel;
      const stats = kernel.compare(bytes, bytes.slice(), 0, codes.length);
      expect(stats.infA).toBe(1);
      expect(stats.finiteCount).toBe(8);
      expect(singleBlockSums(stats)).toEqual([36, 36, 0, 204, 204, 204]);
    });
  }
});

/**
 * Overwrites a share of the elements with +0 or -0 on one side or both, so the zero, sign and
 * 2:4 counts of the profile see every case.
 */
function sprinkleZeros(dtype: SimdDType, bytes: Uint8Array[], random: Random, rate: number): void {
  const width = layouts[dtype].bytes;
  const count = (bytes[0] as Uint8Array).length / width;
  const negativeZero = codeOfValue(dtype, -0);
  for (let i = 0; i < count; i++) {
    for (const side of bytes) {
      if (random.next() >= rate) continue;
      const view = new DataView(side.buffer, side.byteOffset, side.byteLength);
      const code = random.next() < 0.5 ? 0 : negativeZero;
      if (width === 2) view.setUint16(i * width, code, true);
      else view.setUint32(i * width, code, true);
    }
  }
}

describe("SIMD kernels' change profile of sampled blocks", () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: equals the reference kernel's profile of the same blocks`, () => {
      const kernels = newKernels();
      const random = new Random(23 + dtype.length);
      const width = layouts[dtype].bytes;
      // 70 blocks and a partial one, so that several blocks after the first are sampled.
      const count = 70 * BLOCK_ELEMENTS + 4 * 3 + 2;
      const shapes = [typical(dtype), { ...fullRange(dtype), specialRate: 0.001 }];
      for (const [shapeIndex, shape] of shapes.entries()) {
        const { base, head } = randomPair(dtype, count, shape, random);
        sprinkleZeros(dtype, [base, head], random, 0.2);
        sprinkleZeros(dtype, [head], random, 0.2);
        const pairIndex = 3 + shapeIndex;
        const reference = createReferenceKernel(dtype, dtype, 1e-6);
        const want = emptyProfile();
        let sampled = 0;
        for (let block = 0; block * BLOCK_ELEMENTS < count; block++) {
          if (!isProfiledBlock(pairIndex, block)) continue;
          sampled++;
          const start = block * BLOCK_ELEMENTS;
          const n = Math.min(BLOCK_ELEMENTS, count - start);
          const stats = reference.compare(
            base.subarray(start * width, (start + n) * width),
            head.subarray(start * width, (start + n) * width),
            start,
            n,
          );
          addProfile(want, stats.profile as Float64Array);
        }
        expect(sampled).toBeGreaterThan(1);
        const kernel = kernels.kernelFor(dtype, dtype, 1e-6) as SimdKernel;
        const got = kernel.compare(base, head, 0, count, pairIndex);
        expect(Array.from(got.profile ?? [])).toEqual(Array.from(want));
      }
    });

    it(`${dtype}: the hand case's profile equals the reference's`, () => {
      const { base, head } = handCase(dtype);
      const kernel = newKernels().kernelFor(dtype, dtype, 1e-6) as SimdKernel;
      const baseBytes = encode(dtype, base);
      const headBytes = encode(dtype, head);
      const got = kernel.compare(baseBytes, headBytes, 0, 21, 0);
      const want = createReferenceKernel(dtype, dtype, 1e-6).compare(baseBytes, headBytes, 0, 21);
      expect(Array.from(got.profile ?? [])).toEqual(Array.from(want.profile ?? []));
    });

    it(`${dtype}: no profile without a pair index`, () => {
      const { base, head } = handCase(dtype);
      const kernel = newKernels().kernelFor(dtype, dtype, 1e-6) as SimdKernel;
      expect(kernel.compare(encode(dtype, base), encode(dtype, head), 0, 21).profile).toBeNull();
    });
  }
});
