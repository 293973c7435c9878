/**
 * Data and checks shared by the SIMD kernel tests and by the script that checks the fused
 * multiply-add build in a child process (fma-build-check.ts), which cannot use vitest's expect.
 */

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
import type { SimdKernel } from "../../src/diff/simd-kernel.js";
import { bias, codeOf, codeOfValue, layouts, maxExponent, type SimdDType } from "./float-codes.js";
import type { Random } from "./helpers.js";

/** Returns the core counts of a segment, without its sums and change profile. */
export function withoutSums(stats: SegmentStats): Omit<SegmentStats, "blockSums" | "profile"> {
  const { blockSums: _sums, profile: _profile, ...counts } = stats;
  return counts;
}

/** Returns whether element i of `bytes` is a NaN or an infinity. */
export function isSpecial(dtype: SimdDType, bytes: Uint8Array, i: number): boolean {
  const { bytes: width, mantissaBits, exponentBits } = layouts[dtype];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const code = width === 2 ? view.getUint16(i * width, true) : view.getUint32(i * width, true);
  return Math.floor(code / 2 ** mantissaBits) % 2 ** exponentBits === maxExponent(dtype);
}

/**
 * Compares `count` elements with the SIMD kernel and with the reference, and lists where they
 * disagree: counts and the maximum with its index must be equal, and each block's sums within
 * 1e-12 of a bound on the sum of the terms' magnitudes (from Cauchy-Schwarz: sum |a| <=
 * sqrt(n sum a^2)). Blocks with a NaN or an infinity are recomputed by the reference, so their
 * sums must be identical.
 */
export function compareWithReference(
  kernel: SimdKernel,
  dtype: SimdDType,
  base: Uint8Array,
  head: Uint8Array,
  firstElement: number,
  count: number,
  threshold: number,
): { stats: SegmentStats; mismatches: string[] } {
  const simd = kernel.compare(base, head, firstElement, count);
  const reference = createReferenceKernel(dtype, dtype, threshold).compare(
    base,
    head,
    firstElement,
    count,
  );
  const mismatches: string[] = [];
  const got: Record<string, unknown> = withoutSums(simd);
  const want: Record<string, unknown> = withoutSums(reference);
  for (const key of new Set([...Object.keys(got), ...Object.keys(want)])) {
    if (!Object.is(got[key], want[key])) {
      mismatches.push(`${key} is ${got[key]}, the reference's is ${want[key]}`);
    }
  }
  if (simd.blockSums.length !== reference.blockSums.length) {
    mismatches.push(
      `${simd.blockSums.length} block sums, the reference has ${reference.blockSums.length}`,
    );
    return { stats: simd, mismatches };
  }

  for (let block = 0; block * BLOCK_ELEMENTS < count; block++) {
    const start = block * BLOCK_ELEMENTS;
    const n = Math.min(BLOCK_ELEMENTS, count - start);
    const at = block * SUMS_PER_BLOCK;
    const sums = Array.from(simd.blockSums.subarray(at, at + SUMS_PER_BLOCK));
    const expected = Array.from(reference.blockSums.subarray(at, at + SUMS_PER_BLOCK));
    let special = false;
    for (let i = start; i < start + n && !special; i++) {
      special = isSpecial(dtype, base, i) || isSpecial(dtype, head, i);
    }
    if (special) {
      for (let k = 0; k < SUMS_PER_BLOCK; k++) {
        if (!Object.is(sums[k], expected[k])) {
          mismatches.push(
            `block ${block} holds a NaN or an infinity, but sum ${k} is ${sums[k]}, not ${expected[k]}`,
          );
        }
      }
      continue;
    }
    const squaredA = expected[SUM_SQUARED_A] as number;
    const squaredB = expected[SUM_SQUARED_B] as number;
    const scales = [];
    scales[SUM_A] = Math.sqrt(n * squaredA);
    scales[SUM_B] = Math.sqrt(n * squaredB);
    scales[SUM_SQUARED_DELTA] = expected[SUM_SQUARED_DELTA] as number;
    scales[SUM_SQUARED_A] = squaredA;
    scales[SUM_SQUARED_B] = squaredB;
    scales[SUM_PRODUCT] = Math.sqrt(squaredA * squaredB);
    for (let k = 0; k < SUMS_PER_BLOCK; k++) {
      const error = Math.abs((sums[k] as number) - (expected[k] as number));
      // Written as a negation so that a NaN error is reported too.
      if (!(error <= 1e-12 * (scales[k] as number))) {
        mismatches.push(`block ${block} sum ${k}: ${sums[k]} vs ${expected[k]}`);
      }
    }
  }
  return { stats: simd, mismatches };
}

/**
 * 21 pairs with one edge case each, in values that BF16, F16 and F32 all represent, except
 * element 12, the smallest positive subnormal of each dtype. With threshold 1e-6:
 * bits differ at 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 16, 18 (12 elements);
 * changed are 5, 6, 7, 8, 10, 11, 13, 16 (8);
 * the maximum finite |a - b| is 6, first at 10.
 */
export function handCase(dtype: SimdDType): { base: number[]; head: number[] } {
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

/**
 * Pairs at the edges of each dtype, built from fields. The first 12 have exponent gaps of 15 to
 * 17 and 24 to 26 between the two sides, where a difference of BF16 or F16 values stops fitting
 * in an f32. The others hold subnormals against zero and against each other, the largest finite
 * values with both signs, +0 against -0, and the smallest normal against the largest subnormal.
 */
export function boundaryPairs(dtype: SimdDType): { base: number[]; head: number[] } {
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

/**
 * Random pairs with one side in the top finite binade and the other 27 - mantissaBits to 47 -
 * mantissaBits binades lower (fewer for F16, whose exponent field is smaller), with random signs
 * and mantissas. Then a - b has more than 27 significant bits, so its square is rounded in
 * float64, and the squares are of similar size, so their rounding errors reach the sum's last
 * bit: fusing the multiply-add of (a - b)^2 gives other bits than a separate multiplication and
 * addition on such data.
 */
export function wideDifferencePairs(
  dtype: SimdDType,
  count: number,
  random: Random,
): { base: number[]; head: number[] } {
  const { mantissaBits } = layouts[dtype];
  const wideExponent = maxExponent(dtype) - 1;
  const minGap = 27 - mantissaBits;
  const maxGap = Math.min(minGap + 20, wideExponent - 1);
  const base: number[] = [];
  const head: number[] = [];
  for (let i = 0; i < count; i++) {
    const gap = minGap + (random.uint32() % (maxGap - minGap + 1));
    const mantissa = () => random.uint32() % 2 ** mantissaBits;
    const wide = codeOf(dtype, random.next() < 0.5, wideExponent, mantissa());
    const narrow = codeOf(dtype, random.next() < 0.5, wideExponent - gap, mantissa());
    const swap = random.next() < 0.5;
    base.push(swap ? narrow : wide);
    head.push(swap ? wide : narrow);
  }
  return { base, head };
}

/**
 * Eight pairs for every pair of finite exponent fields of a and b, plus one per mantissa bit for
 * equal fields. The order is a seeded shuffle, so each 8-element step of the vector profile mixes
 * pairs of near and far exponents. The mantissas include powers of two against values of the
 * same sign: their exact difference lies just below the power of two, but their f32 difference
 * rounds up to it when the exponents are far apart. Exponent field 0 gives zeros and subnormals.
 */
export function exponentPairs(
  dtype: SimdDType,
  random: Random,
): { base: number[]; head: number[] } {
  const { mantissaBits } = layouts[dtype];
  const fullMantissa = 2 ** mantissaBits - 1;
  const top = maxExponent(dtype) - 1;
  const randomMantissa = () => random.uint32() % 2 ** mantissaBits;
  const pairs: [number, number][] = [];
  for (let ea = 0; ea <= top; ea++) {
    for (let eb = 0; eb <= top; eb++) {
      const negative = random.next() < 0.5;
      // One mantissa bit flipped: with equal exponents, a difference of a power of two steps.
      const mantissa = randomMantissa();
      const flipped = mantissa ^ (1 << (random.uint32() % mantissaBits));
      if (ea === eb) {
        for (let bit = 0; bit < mantissaBits; bit++) {
          pairs.push([
            codeOf(dtype, negative, ea, mantissa),
            codeOf(dtype, negative, eb, mantissa ^ (1 << bit)),
          ]);
        }
      }
      pairs.push(
        [codeOf(dtype, negative, ea, 0), codeOf(dtype, negative, eb, randomMantissa() | 1)],
        [codeOf(dtype, negative, ea, 0), codeOf(dtype, !negative, eb, 1)],
        [codeOf(dtype, negative, ea, fullMantissa), codeOf(dtype, negative, eb, 0)],
        [codeOf(dtype, negative, ea, 1), codeOf(dtype, negative, eb, fullMantissa)],
        [codeOf(dtype, negative, ea, 0), codeOf(dtype, negative, eb, fullMantissa)],
        [codeOf(dtype, negative, ea, 0), codeOf(dtype, random.next() < 0.5, eb, 0)],
        [
          codeOf(dtype, negative, ea, randomMantissa()),
          codeOf(dtype, random.next() < 0.5, eb, randomMantissa()),
        ],
        [codeOf(dtype, negative, ea, mantissa), codeOf(dtype, negative, eb, flipped)],
      );
    }
  }
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = random.uint32() % (i + 1);
    [pairs[i], pairs[j]] = [pairs[j] as [number, number], pairs[i] as [number, number]];
  }
  return { base: pairs.map(([a]) => a), head: pairs.map(([, b]) => b) };
}
