import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assembleKernelBuilds, fuseExactMultiplyAdds } from "../../scripts/wasm-assembler.js";
import {
  BLOCK_ELEMENTS,
  createReferenceKernel,
  type SegmentStats,
  SUMS_PER_BLOCK,
} from "../../src/diff/kernels.js";
import {
  addProfile,
  emptyProfile,
  isProfiledBlock,
  PROFILE_BUCKET_CHANGED,
  PROFILE_BUCKET_TOTAL,
  PROFILE_BUCKETS,
  PROFILE_LENGTH,
  PROFILE_ULP_BINS,
  PROFILE_ULP_HISTOGRAM,
} from "../../src/diff/profile.js";
import {
  SIMD_CHUNK_BYTES,
  type SimdKernel,
  SimdKernels,
  simdSupported,
} from "../../src/diff/simd-kernel.js";
import { KERNELS_FMA_WASM_BASE64, KERNELS_WASM_BASE64 } from "../../src/diff/wasm/kernels-wasm.js";
import {
  bias,
  codeOf,
  codeOfValue,
  DTYPES,
  encode,
  fullRange,
  layouts,
  randomPair,
  type SimdDType,
  typical,
} from "./float-codes.js";
import { Random } from "./helpers.js";
import { naiveSampledProfile } from "./reference.js";
import {
  boundaryPairs,
  compareWithReference,
  exponentPairs,
  handCase,
  withoutSums,
} from "./simd-cases.js";

/**
 * Checks the SIMD kernel against the reference with compareWithReference and returns the SIMD
 * kernel's result.
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
  const { stats, mismatches } = compareWithReference(
    kernel,
    dtype,
    base,
    head,
    firstElement,
    count,
    threshold,
  );
  expect(mismatches).toEqual([]);
  return stats;
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

  // On failure, run `npm run build:wasm` and commit src/diff/wasm/kernels-wasm.ts.
  it("matches both builds assembled from kernels.wat", async () => {
    const wat = readFileSync(new URL("../../src/diff/wasm/kernels.wat", import.meta.url), "utf8");
    const builds = await assembleKernelBuilds(wat);
    const plain = Buffer.from(KERNELS_WASM_BASE64, "base64");
    const fma = Buffer.from(KERNELS_FMA_WASM_BASE64, "base64");
    expect(Buffer.compare(Buffer.from(builds.plain), plain), "plain build").toBe(0);
    expect(Buffer.compare(Buffer.from(builds.fma), fma), "fused multiply-add build").toBe(0);
  });

  it("fuses every exact product of kernels.wat", () => {
    const wat = readFileSync(new URL("../../src/diff/wasm/kernels.wat", import.meta.url), "utf8");
    const withoutComments = (text: string) =>
      text
        .split("\n")
        .map((line) => line.replace(/;;.*$/, ""))
        .join("\n");
    const code = withoutComments(wat);
    const products = code.split("(f64x2.mul ").length - 1;
    const differenceProducts = code.split("(f64x2.mul (local.get $d)").length - 1;
    const fused = fuseExactMultiplyAdds(wat);
    expect(differenceProducts).toBeGreaterThan(0);
    expect(fused.fused).toBe(products - differenceProducts);
    expect(withoutComments(fused.wat).split("f64x2.relaxed_madd").length - 1).toBe(fused.fused);
  });
});

describe("fused multiply-add rewrite", () => {
  it("fuses products of elements and keeps products of differences", () => {
    const wat = [
      "(local.set $sa2 (f64x2.add (local.get $sa2) (f64x2.mul (local.get $a0) (local.get $a0))))",
      "(local.set $sd2 (f64x2.add (local.get $sd2) (f64x2.mul (local.get $d) (local.get $d))))",
      ";; a comment may name f64x2.mul",
    ].join("\n");
    expect(fuseExactMultiplyAdds(wat)).toEqual({
      wat: [
        "(local.set $sa2 (f64x2.relaxed_madd (local.get $a0) (local.get $a0) (local.get $sa2)))",
        "(local.set $sd2 (f64x2.add (local.get $sd2) (f64x2.mul (local.get $d) (local.get $d))))",
        ";; a comment may name f64x2.mul",
      ].join("\n"),
      fused: 1,
    });
  });

  it("rejects a product in another form", () => {
    const wat = [
      "(local.set $sa2 (f64x2.add (local.get $sa2) (f64x2.mul (local.get $a0) (local.get $a0))))",
      "(local.set $p (f64x2.mul (local.get $a0) (local.get $b0)))",
    ].join("\n");
    expect(() => fuseExactMultiplyAdds(wat)).toThrow(/^Line 2 of the WAT has an f64x2\.mul/);
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

/**
 * Profiles the pairs with the SIMD kernel one block at a time, each as the first block of a
 * tensor so that every element is profiled. Returns the counts that differ from the naive
 * profile of the same block, and the sum of the naive profiles.
 */
function profileAgainstNaive(
  kernel: SimdKernel,
  dtype: SimdDType,
  base: readonly number[],
  head: readonly number[],
): { mismatches: string[]; naive: Float64Array } {
  const mismatches: string[] = [];
  const naive = emptyProfile();
  for (let start = 0; start < base.length; start += BLOCK_ELEMENTS) {
    const n = Math.min(BLOCK_ELEMENTS, base.length - start);
    const baseBytes = encode(dtype, base.slice(start, start + n));
    const headBytes = encode(dtype, head.slice(start, start + n));
    const got = kernel.compare(baseBytes, headBytes, 0, n, 0).profile;
    const want = naiveSampledProfile(dtype, baseBytes, headBytes, n, 0) as Float64Array;
    addProfile(naive, want);
    for (let index = 0; index < PROFILE_LENGTH; index++) {
      if (got?.[index] !== want[index]) {
        mismatches.push(
          `${n} elements from ${start}: profile index ${index} is ${got?.[index]}, naive ${want[index]}`,
        );
      }
    }
  }
  return { mismatches, naive };
}

/** Pairs whose f32 difference has another exponent than the f64 difference, or is not normal. */
const ROUNDING_CASES: Record<
  SimdDType,
  { base: number[]; head: number[]; bins: number[]; buckets: number[] }
> = {
  // 1 - 2^-25 (f32: 1), 1 + 2^-25, 2^-126 - (2^-126 + 2^-133) (f32: subnormal), and the largest
  // value minus its negation, 2^128 * (2 - 2^-7) (f32: infinity). Rounding steps 2^-7, 2^-7,
  // 2^-133 and 2^120 give steps 6, 7, 0 and 8.
  BF16: {
    base: [0x3f80, 0x3f80, 0x0080, 0x7f7f],
    head: [0x3300, 0xb300, 0x0081, 0xff7f],
    bins: [9, 10, 3, 11],
    buckets: [30, 30, 0, 31],
  },
  // 2^15 - 2^-24 (f32: 2^15), 2^15 + 2^-24, 2^-24 - 2^-23, 2^-24 - 2^15. Rounding steps 2^5,
  // 2^5, 2^-24 and 2^-24 (of a subnormal) give steps 9, 10, 0 and 38, clamped to 24.
  F16: {
    base: [0x7800, 0x7800, 0x0001, 0x0001],
    head: [0x0001, 0x8001, 0x0002, 0x7800],
    bins: [12, 13, 3, 27],
    buckets: [31, 31, 6, 6],
  },
  // 1 - 2^-30 (f32: 1), 1 + 2^-30, 2^-126 - (2^-126 + 2^-149), and the largest value minus its
  // negation. Rounding steps 2^-23, 2^-23, 2^-149 and 2^104 give steps 22, 23, 0 and 24.
  F32: {
    base: [0x3f800000, 0x3f800000, 0x00800000, 0x7f7fffff],
    head: [0x30800000, 0xb0800000, 0x00800001, 0xff7fffff],
    bins: [25, 26, 3, 27],
    buckets: [30, 30, 0, 31],
  },
};

describe("SIMD change profile of edge cases", () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: differences that f32 rounds`, () => {
      const kernel = newKernels().kernelFor(dtype, dtype, 1e-6) as SimdKernel;
      const { base, head, bins, buckets } = ROUNDING_CASES[dtype];
      base.forEach((a, i) => {
        // 8 copies fill one step of the vector path, which then contains no other kind of pair.
        const profile = kernel.compare(
          encode(dtype, new Array(8).fill(a)),
          encode(dtype, new Array(8).fill(head[i])),
          0,
          8,
          0,
        ).profile as Float64Array;
        const histogram = new Array(PROFILE_ULP_BINS).fill(0);
        histogram[bins[i] as number] = 8;
        const bucketCounts = new Array(PROFILE_BUCKETS).fill(0);
        bucketCounts[buckets[i] as number] = 8;
        const section = (start: number, length: number) =>
          Array.from(profile.subarray(start, start + length));
        expect(section(PROFILE_ULP_HISTOGRAM, PROFILE_ULP_BINS), `pair ${i}`).toEqual(histogram);
        expect(section(PROFILE_BUCKET_TOTAL, PROFILE_BUCKETS), `pair ${i}`).toEqual(bucketCounts);
        expect(section(PROFILE_BUCKET_CHANGED, PROFILE_BUCKETS), `pair ${i}`).toEqual(bucketCounts);
      });
    });

    it(`${dtype}: every pair of exponent fields`, () => {
      const kernel = newKernels().kernelFor(dtype, dtype, 1e-6) as SimdKernel;
      const { base, head } = exponentPairs(dtype, new Random(41 + dtype.length));
      const { mismatches, naive } = profileAgainstNaive(kernel, dtype, base, head);
      expect(mismatches.slice(0, 20)).toEqual([]);
      // The data reach every bin but 1: a step of -2 needs |a - b| < ulp(a) / 2, and no two
      // values of one dtype are that close. They also reach both ends of the buckets.
      for (let bin = 0; bin < PROFILE_ULP_BINS; bin++) {
        if (bin === 1) continue;
        expect(naive[PROFILE_ULP_HISTOGRAM + bin], `bin ${bin}`).toBeGreaterThan(0);
      }
      expect(naive[PROFILE_BUCKET_CHANGED + PROFILE_BUCKETS - 1]).toBeGreaterThan(0);
      const lowestBucket = dtype === "F16" ? 6 : 0;
      expect(naive[PROFILE_BUCKET_CHANGED + lowestBucket]).toBeGreaterThan(0);
    });

    it(`${dtype}: lengths that are not a multiple of 8`, () => {
      const kernel = newKernels().kernelFor(dtype, dtype, 1e-6) as SimdKernel;
      const random = new Random(43 + dtype.length);
      const { base, head } = exponentPairs(dtype, random);
      const negativeZero = codeOf(dtype, true, 0, 0);
      // Zeros in b, so that the 2:4 counts of the tail see groups of each kind.
      const sparseHead = head.map((code) => {
        if (random.next() >= 0.3) return code;
        return random.next() < 0.5 ? 0 : negativeZero;
      });
      const lengths = [...Array.from({ length: 40 }, (_, i) => i + 1), BLOCK_ELEMENTS - 5];
      const mismatches: string[] = [];
      for (const n of lengths) {
        const start = (n * 97) % (base.length - n);
        const result = profileAgainstNaive(
          kernel,
          dtype,
          base.slice(start, start + n),
          sparseHead.slice(start, start + n),
        );
        mismatches.push(...result.mismatches);
      }
      expect(mismatches.slice(0, 20)).toEqual([]);
    });

    it(`${dtype}: boundary pairs at every lane`, () => {
      const kernel = newKernels().kernelFor(dtype, dtype, 1e-6) as SimdKernel;
      const edges = boundaryPairs(dtype);
      const fillerBase = codeOfValue(dtype, 1);
      const fillerHead = codeOfValue(dtype, 1.5);
      const mismatches: string[] = [];
      for (let lane = 0; lane < 8; lane++) {
        const base = [...new Array(lane).fill(fillerBase), ...edges.base, ...edges.base];
        const head = [...new Array(lane).fill(fillerHead), ...edges.head, ...edges.head];
        mismatches.push(...profileAgainstNaive(kernel, dtype, base, head).mismatches);
      }
      expect(mismatches.slice(0, 20)).toEqual([]);
    });
  }
});
