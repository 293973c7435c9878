/**
 * The change profile: exact integer counts per tensor pair that name the method behind a change
 * (sign agreement, zeros, 2:4 groups, cast tests, a histogram of |delta| in units of the base
 * value's rounding step, and the share of values that changed per binary exponent of |a|).
 *
 * Every member is a count, so segments merge by addition in any order and the result does not
 * depend on the worker count. The kernel stores the counts in one Float64Array (exact up to 2^53)
 * laid out by the PROFILE_* indexes below.
 *
 * Definitions, with a = base and b = head decoded to float64:
 * - "same" means a === b or both NaN, so -0 and +0 are the same and NaN payloads do not matter.
 * - exponent(x) is floor(log2 |x|) read from the float64 bits of a finite nonzero x.
 * - ulpExponent(a) = max(exponent(a), minimum normal exponent of the base dtype) minus the base
 *   dtype's stored mantissa bits; for a = 0 the first term is the minimum normal exponent.
 */

import type { DType } from "../format/dtypes.js";

/** Pairs where a and b are both nonzero and neither is NaN (infinities have a sign). */
export const PROFILE_SIGN_PAIRS = 0;
/** Of those, pairs with the same sign. */
export const PROFILE_SIGN_AGREE = 1;
/** a is ±0. */
export const PROFILE_ZEROS_BASE = 2;
/** b is ±0. */
export const PROFILE_ZEROS_HEAD = 3;
/** b is ±0 where a is not (finite or not). */
export const PROFILE_NEW_ZEROS = 4;
/** a is ±0 where b is not. */
export const PROFILE_ZEROS_REMOVED = 5;
/** Complete groups of 4 elements starting at element indexes that are multiples of 4. */
export const PROFILE_GROUPS_OF_FOUR = 6;
/** Of those, groups where b has at least 2 zeros (every group of a 2:4 sparse tensor). */
export const PROFILE_GROUPS_HALF_ZERO = 7;
/** Pairs of different dtypes where b equals a rounded to bfloat16 (nearest, ties to even). */
export const PROFILE_CAST_BF16_NEAREST = 8;
/** Pairs of different dtypes where b equals a truncated to bfloat16 (toward zero). */
export const PROFILE_CAST_BF16_TRUNCATED = 9;
/** Pairs of different dtypes where b equals a rounded to float16 (nearest, ties to even). */
export const PROFILE_CAST_F16_NEAREST = 10;
/** b is exactly representable in bfloat16 (counted for every pair). */
export const PROFILE_HEAD_BF16_EXACT = 11;
/** Start of the |delta| histogram: PROFILE_ULP_BINS counts. */
export const PROFILE_ULP_HISTOGRAM = 12;
/**
 * Bin 0: pairs that are the same. Bin 1 + (k - ULP_MIN_STEP): pairs with a finite nonzero
 * |a - b| where k = exponent(|a - b|) - ulpExponent(a), clamped to [ULP_MIN_STEP, ULP_MAX_STEP].
 * Pairs that differ with a non-finite delta are in no bin.
 */
export const ULP_MIN_STEP = -2;
export const ULP_MAX_STEP = 24;
export const PROFILE_ULP_BINS = 2 + ULP_MAX_STEP - ULP_MIN_STEP;
/** Start of the count of finite pairs per magnitude bucket of a: PROFILE_BUCKETS counts. */
export const PROFILE_BUCKET_TOTAL = PROFILE_ULP_HISTOGRAM + PROFILE_ULP_BINS;
/** Start of the count of finite pairs that are not the same, per magnitude bucket of a. */
export const PROFILE_BUCKET_CHANGED = PROFILE_BUCKET_TOTAL + 32;
/**
 * Magnitude buckets of |a|: bucket i contains exponent(a) = i + BUCKET_MIN_EXPONENT, bucket 0 also
 * every smaller |a| including 0, and the last bucket every larger |a|.
 */
export const PROFILE_BUCKETS = 32;
export const BUCKET_MIN_EXPONENT = -30;
/**
 * Elements the other counts cover: every element when the reference kernel compared the tensor,
 * or the elements of the sampled blocks when a SIMD kernel did (see PROFILE_SAMPLE_EVERY).
 * Shares are taken against this count, never against the tensor's size.
 */
export const PROFILE_ELEMENTS = PROFILE_BUCKET_CHANGED + PROFILE_BUCKETS;
/** Length of a profile array. */
export const PROFILE_LENGTH = PROFILE_ELEMENTS + 1;

/**
 * Block sampling of the profile behind the SIMD kernels, which count only the core statistics.
 * The first PROFILE_LEADING_BLOCKS blocks of every tensor are profiled, so every tensor has a
 * profile and a tensor of a single block is profiled whole. After them, one block in
 * PROFILE_SAMPLE_EVERY is chosen by a hash of the tensor pair and the block index, so the choice
 * is the same for any worker count and chunk size. More leading blocks would make a checkpoint of
 * many tensors of a few blocks each run the reference kernel on a large share of its elements.
 */
export const PROFILE_LEADING_BLOCKS = 1;
export const PROFILE_SAMPLE_EVERY = 64;

/** Returns whether block `block` (counted from the tensor's first element) is profiled. */
export function isProfiledBlock(pairIndex: number, block: number): boolean {
  if (block < PROFILE_LEADING_BLOCKS) return true;
  let hash = Math.imul(pairIndex ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(block, 0xc2b2ae35);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x27d4eb2f);
  hash ^= hash >>> 15;
  return (hash >>> 0) % PROFILE_SAMPLE_EVERY === 0;
}

/** Stored mantissa bits and minimum normal exponent of the float dtypes that have a profile. */
export interface FloatFormat {
  mantissaBits: number;
  minNormalExponent: number;
}

const FORMATS: Partial<Record<DType, FloatFormat>> = {
  F64: { mantissaBits: 52, minNormalExponent: -1022 },
  F32: { mantissaBits: 23, minNormalExponent: -126 },
  BF16: { mantissaBits: 7, minNormalExponent: -126 },
  F16: { mantissaBits: 10, minNormalExponent: -14 },
  F8_E4M3: { mantissaBits: 3, minNormalExponent: -6 },
  F8_E5M2: { mantissaBits: 2, minNormalExponent: -14 },
  F8_E4M3FNUZ: { mantissaBits: 3, minNormalExponent: -7 },
  F8_E5M2FNUZ: { mantissaBits: 2, minNormalExponent: -15 },
};

/** Returns the rounding format of a float dtype, or undefined for integer and scale dtypes. */
export function floatFormatOf(dtype: DType): FloatFormat | undefined {
  return FORMATS[dtype];
}

/** Returns a zeroed profile. */
export function emptyProfile(): Float64Array {
  return new Float64Array(PROFILE_LENGTH);
}

/**
 * The change profile of one tensor pair as the engine returns it. Every count is at most the
 * pair's element count. So the profile of a pair of fewer than 2^16 elements is stored exactly in
 * a Uint16Array, a quarter of the memory of a Float64Array, and below 2^32 in a Uint32Array.
 */
export type ProfileCounts = Float64Array | Uint32Array | Uint16Array;

/** Profiles that pooledProfile carves from one buffer. */
const PROFILES_PER_POOL = 256;

/** Profiles of one array type carved from a shared buffer. */
class ProfilePool<T extends ProfileCounts> {
  private buffer: T | undefined;
  private used = 0;

  constructor(private readonly create: (length: number) => T) {}

  take(): T {
    if (this.buffer === undefined || this.used === PROFILES_PER_POOL) {
      this.buffer = this.create(PROFILE_LENGTH * PROFILES_PER_POOL);
      this.used = 0;
    }
    const start = this.used * PROFILE_LENGTH;
    this.used++;
    return this.buffer.subarray(start, start + PROFILE_LENGTH) as T;
  }
}

const pools = {
  uint16: new ProfilePool((length) => new Uint16Array(length)),
  uint32: new ProfilePool((length) => new Uint32Array(length)),
  float64: new ProfilePool((length) => new Float64Array(length)),
};

/**
 * Returns a zeroed profile for a pair of `numel` elements, in the smallest array type that stores
 * every count up to `numel` exactly. It shares its ArrayBuffer with up to PROFILES_PER_POOL - 1
 * others: a run keeps one profile per compared tensor, and a separate buffer per profile costs an
 * allocation and a GC-tracked backing store apiece, which adds up for 100,000 tensors. Callers
 * must not transfer or detach `.buffer`.
 */
export function pooledProfile(numel: number): ProfileCounts {
  if (numel <= 0xffff) return pools.uint16.take();
  if (numel <= 0xffffffff) return pools.uint32.take();
  return pools.float64.take();
}

/** Adds `source` into `target`, element by element. */
export function addProfile(target: ProfileCounts, source: Float64Array): void {
  for (let i = 0; i < PROFILE_LENGTH; i++) {
    target[i] = (target[i] as number) + (source[i] as number);
  }
}

const exponentScratch = new Float64Array(1);
const exponentWords = new Uint32Array(exponentScratch.buffer);

/**
 * Returns floor(log2 |x|) for a finite nonzero float64 read from its bits (exact, unlike
 * Math.log2 near powers of two). Subnormal float64 values return -1023.
 */
export function binaryExponent(x: number): number {
  exponentScratch[0] = x;
  return (((exponentWords[1] as number) >>> 20) & 0x7ff) - 1023;
}

/**
 * Per biased float64 exponent e: 1.5 * 2^52 times the float16 step of values with that exponent,
 * 2^(max(e - 1023, -14) - 10). Adding it to an x of that exponent leaves no bits below the step,
 * so (x + magic) - magic is x rounded to the step with ties to even, for either sign, because
 * 1.5 * 2^52 is even. Entries from exponent 16 up are never read: those values overflow float16.
 */
const FLOAT16_MAGIC = (() => {
  const table = new Float64Array(1024 + 16);
  for (let biased = 0; biased < table.length; biased++) {
    table[biased] = 1.5 * 2 ** 52 * 2 ** (Math.max(biased - 1023, -14) - 10);
  }
  return table;
})();

/** Rounds a float64 to the nearest float16 value, ties to even; overflow gives ±Infinity. */
export function roundToFloat16(x: number): number {
  if (x === 0 || x - x !== 0) return x;
  exponentScratch[0] = x;
  const biased = ((exponentWords[1] as number) >>> 20) & 0x7ff;
  // |x| >= 2^16 is above 65520, the midpoint between 65504 and the next step.
  if (biased >= 1023 + 16) return x * Infinity;
  const magic = FLOAT16_MAGIC[biased] as number;
  // No branch on the sign: the signs of random weights defeat branch prediction.
  const rounded = x + magic - magic;
  if (rounded === 0) return x * 0;
  if (rounded > 65504 || rounded < -65504) return x * Infinity;
  return rounded;
}

const floatScratch = new Float32Array(1);
const floatWords = new Uint32Array(floatScratch.buffer);

/** Returns the value of a float64 rounded to float32, then to bfloat16 nearest-even or truncated. */
export function roundToBfloat16(x: number, mode: "nearest" | "truncate"): number {
  floatScratch[0] = x;
  const bits = floatWords[0] as number;
  if (Number.isNaN(x)) return x;
  const upper =
    mode === "nearest" ? ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff : bits >>> 16;
  floatWords[0] = upper << 16;
  return floatScratch[0] as number;
}

/** Bit of castMatches: b equals roundToBfloat16(a, "nearest"). */
export const CAST_MATCH_BF16_NEAREST = 1;
/** Bit of castMatches: b equals roundToBfloat16(a, "truncate"). */
export const CAST_MATCH_BF16_TRUNCATED = 2;
/** Bit of castMatches: b equals roundToFloat16(a). */
export const CAST_MATCH_F16_NEAREST = 4;

/**
 * Returns the CAST_MATCH_* bits of the three cast tests of a pair, where "equals" treats -0 and
 * +0 as equal and any two NaNs as equal. Same result as calling the three rounding functions,
 * without building the bfloat16 values: a b that is not a bfloat16 value matches neither bfloat16
 * test, and otherwise the tests compare upper halves of float32 bit patterns.
 */
export function castMatches(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 7 : 0;
  if (Number.isNaN(b)) return 0;
  let matches = 0;
  const f16 = roundToFloat16(a);
  if (f16 === b) matches = CAST_MATCH_F16_NEAREST;
  floatScratch[0] = b;
  const headBits = floatWords[0] as number;
  if (floatScratch[0] !== b || (headBits & 0xffff) !== 0) return matches;
  floatScratch[0] = a;
  const bits = floatWords[0] as number;
  const head = headBits >>> 16;
  const nearest = ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
  const truncated = bits >>> 16;
  // Sign bit aside, an all-zero pattern is ±0, and ±0 compare equal.
  const headZero = (head & 0x7fff) === 0;
  if (nearest === head || (headZero && (nearest & 0x7fff) === 0)) {
    matches |= CAST_MATCH_BF16_NEAREST;
  }
  if (truncated === head || (headZero && (truncated & 0x7fff) === 0)) {
    matches |= CAST_MATCH_BF16_TRUNCATED;
  }
  return matches;
}
