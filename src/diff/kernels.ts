/**
 * Decoders for every dtype and the plain JavaScript comparison kernel.
 *
 * The kernel compares a run of whole blocks of one tensor pair and returns exact counts, the
 * maximum difference with its index, and one set of float64 sums per block. Every block's sums are
 * accumulated in element order from zero, so the result does not depend on how blocks are grouped
 * into work units. A faster kernel (WebAssembly) can replace this one behind `ComparisonKernel`
 * as long as it keeps that contract. This one then serves as the reference in tests.
 */

import { endianness } from "node:os";
import { type Comparison, type DType, dtypeInfo } from "../format/dtypes.js";
import {
  BUCKET_MIN_EXPONENT,
  CAST_MATCH_BF16_NEAREST,
  CAST_MATCH_BF16_TRUNCATED,
  CAST_MATCH_F16_NEAREST,
  castMatches,
  emptyProfile,
  floatFormatOf,
  PROFILE_BUCKET_CHANGED,
  PROFILE_BUCKET_TOTAL,
  PROFILE_BUCKETS,
  PROFILE_CAST_BF16_NEAREST,
  PROFILE_CAST_BF16_TRUNCATED,
  PROFILE_CAST_F16_NEAREST,
  PROFILE_ELEMENTS,
  PROFILE_GROUPS_HALF_ZERO,
  PROFILE_GROUPS_OF_FOUR,
  PROFILE_HEAD_BF16_EXACT,
  PROFILE_NEW_ZEROS,
  PROFILE_SIGN_AGREE,
  PROFILE_SIGN_PAIRS,
  PROFILE_ULP_BINS,
  PROFILE_ULP_HISTOGRAM,
  PROFILE_ZEROS_BASE,
  PROFILE_ZEROS_HEAD,
  PROFILE_ZEROS_REMOVED,
  ULP_MAX_STEP,
  ULP_MIN_STEP,
} from "./profile.js";

/** Elements per block, the unit of arithmetic: the two float64 scratch arrays take 128 KiB each. */
export const BLOCK_ELEMENTS = 16_384;

/** Float64 sums stored per block, in the order of the `SUM_*` indexes. */
export const SUMS_PER_BLOCK = 6;
export const SUM_A = 0;
export const SUM_B = 1;
export const SUM_SQUARED_DELTA = 2;
export const SUM_SQUARED_A = 3;
export const SUM_SQUARED_B = 4;
export const SUM_PRODUCT = 5;

/** Statistics of a run of whole blocks of one tensor pair. */
export interface SegmentStats {
  changed: number;
  bitsDiffering: number;
  finiteCount: number;
  nanA: number;
  nanB: number;
  infA: number;
  infB: number;
  /** Largest finite |a - b| in the run; 0 when no element differs by a finite nonzero amount. */
  maxAbsDelta: number;
  /** Tensor element index where maxAbsDelta was first reached in the run, or -1 when it is 0. */
  maxAbsDeltaIndex: number;
  /** SUMS_PER_BLOCK sums for each block of the run, in block order. */
  blockSums: Float64Array;
  /** Change profile counts (see profile.ts), or null for kernels that do not compute them. */
  profile: Float64Array | null;
}

/**
 * A comparison kernel for one pair of dtypes and one threshold.
 *
 * `base` and `head` hold exactly the bytes of elements [firstElement, firstElement + count) of each
 * side. `firstElement` is a multiple of BLOCK_ELEMENTS, and `count` is a multiple of it unless the
 * run ends the tensor.
 */
export interface ComparisonKernel {
  compare(base: Uint8Array, head: Uint8Array, firstElement: number, count: number): SegmentStats;
}

/**
 * Returns how a pair of dtypes is compared, or "incomparable" when neither a cast nor a byte
 * comparison gives element pairs (a dtype change to or from a sub-byte dtype or C64).
 */
export function comparisonOf(baseDtype: DType, headDtype: DType): Comparison | "incomparable" {
  const base = dtypeInfo(baseDtype).comparison;
  const head = dtypeInfo(headDtype).comparison;
  if (baseDtype === headDtype) return base;
  if (base === "bytes" || head === "bytes" || base === "complex" || head === "complex") {
    return "incomparable";
  }
  if (base === "integer64" && head === "integer64") return "integer64";
  if (base === "integer" && head === "integer") return "integer";
  return "float";
}

/** Bytes that elements [0, count) of `dtype` occupy, rounded up to a whole byte. */
export function byteEndOf(dtype: DType, count: number): number {
  return Math.ceil((count * dtypeInfo(dtype).bits) / 8);
}

// ---------------------------------------------------------------------------------------------
// Decoders to float64

/** Fills `out[0..count)` with the values of the first `count` elements stored in `bytes`. */
export type Decoder = (bytes: Uint8Array, count: number, out: Float64Array) => void;

function buildTable(size: number, decodeCode: (code: number) => number): Float64Array {
  const table = new Float64Array(size);
  for (let code = 0; code < size; code++) table[code] = decodeCode(code);
  return table;
}

/** IEEE 754 binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits, with subnormals. */
function decodeF16Code(code: number): number {
  const sign = code & 0x8000 ? -1 : 1;
  const exponent = (code >> 10) & 0x1f;
  const mantissa = code & 0x3ff;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : Number.NaN;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

const bf16Scratch = new DataView(new ArrayBuffer(4));

/** bfloat16: the upper half of an IEEE binary32. */
function decodeBF16Code(code: number): number {
  bf16Scratch.setUint32(0, code << 16, true);
  return bf16Scratch.getFloat32(0, true);
}

/** OCP float8 E4M3 ("fn"): bias 7, no infinities, S.1111.111 is NaN, maximum 448. */
function decodeE4M3Code(code: number): number {
  const sign = code & 0x80 ? -1 : 1;
  const exponent = (code >> 3) & 0xf;
  const mantissa = code & 0x7;
  if (exponent === 0xf && mantissa === 0x7) return Number.NaN;
  if (exponent === 0) return sign * mantissa * 2 ** -9;
  return sign * (8 + mantissa) * 2 ** (exponent - 10);
}

/** OCP float8 E5M2: bias 15, IEEE-like infinities and NaNs. */
function decodeE5M2Code(code: number): number {
  const sign = code & 0x80 ? -1 : 1;
  const exponent = (code >> 2) & 0x1f;
  const mantissa = code & 0x3;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : Number.NaN;
  if (exponent === 0) return sign * mantissa * 2 ** -16;
  return sign * (4 + mantissa) * 2 ** (exponent - 17);
}

/** OCP E8M0 scale: an unsigned exponent alone, 2^(e - 127); 0xFF is NaN. */
function decodeE8M0Code(code: number): number {
  return code === 0xff ? Number.NaN : 2 ** (code - 127);
}

/** float8 E4M3FNUZ: bias 8, no infinities, no negative zero, 0x80 is the only NaN. */
function decodeE4M3FnuzCode(code: number): number {
  if (code === 0x80) return Number.NaN;
  const sign = code & 0x80 ? -1 : 1;
  const exponent = (code >> 3) & 0xf;
  const mantissa = code & 0x7;
  if (exponent === 0) return sign * mantissa * 2 ** -10;
  return sign * (8 + mantissa) * 2 ** (exponent - 11);
}

/** float8 E5M2FNUZ: bias 16, no infinities, no negative zero, 0x80 is the only NaN. */
function decodeE5M2FnuzCode(code: number): number {
  if (code === 0x80) return Number.NaN;
  const sign = code & 0x80 ? -1 : 1;
  const exponent = (code >> 2) & 0x1f;
  const mantissa = code & 0x3;
  if (exponent === 0) return sign * mantissa * 2 ** -17;
  return sign * (4 + mantissa) * 2 ** (exponent - 18);
}

const tableBuilders: Partial<Record<DType, () => Float64Array>> = {
  F16: () => buildTable(0x10000, decodeF16Code),
  BF16: () => buildTable(0x10000, decodeBF16Code),
  F8_E4M3: () => buildTable(0x100, decodeE4M3Code),
  F8_E5M2: () => buildTable(0x100, decodeE5M2Code),
  F8_E8M0: () => buildTable(0x100, decodeE8M0Code),
  F8_E4M3FNUZ: () => buildTable(0x100, decodeE4M3FnuzCode),
  F8_E5M2FNUZ: () => buildTable(0x100, decodeE5M2FnuzCode),
};

const tables = new Map<DType, Float64Array>();

/** Lookup table from bit pattern to value, for the 8- and 16-bit float dtypes. */
export function decodeTable(dtype: DType): Float64Array {
  let table = tables.get(dtype);
  if (!table) {
    const build = tableBuilders[dtype];
    if (!build) throw new Error(`Internal error: ${dtype} has no lookup table.`);
    table = build();
    tables.set(dtype, table);
  }
  return table;
}

function tableDecoder(dtype: DType, bytesPerElement: 1 | 2): Decoder {
  const table = decodeTable(dtype);
  return (bytes, count, out) => {
    const codes =
      bytesPerElement === 1
        ? bytes.subarray(0, count)
        : new Uint16Array(bytes.buffer, bytes.byteOffset, count);
    for (let i = 0; i < count; i++) out[i] = table[codes[i] as number] as number;
  };
}

/** Decoder to float64 for every dtype that has one value per element (not F4, F6 or C64). */
export function decoderFor(dtype: DType): Decoder {
  switch (dtype) {
    case "F64":
      return (bytes, count, out) =>
        out.set(new Float64Array(bytes.buffer, bytes.byteOffset, count));
    case "F32":
      return (bytes, count, out) =>
        out.set(new Float32Array(bytes.buffer, bytes.byteOffset, count));
    case "F16":
    case "BF16":
      return tableDecoder(dtype, 2);
    case "F8_E4M3":
    case "F8_E5M2":
    case "F8_E8M0":
    case "F8_E4M3FNUZ":
    case "F8_E5M2FNUZ":
      return tableDecoder(dtype, 1);
    case "I32":
      return (bytes, count, out) => out.set(new Int32Array(bytes.buffer, bytes.byteOffset, count));
    case "U32":
      return (bytes, count, out) => out.set(new Uint32Array(bytes.buffer, bytes.byteOffset, count));
    case "I16":
      return (bytes, count, out) => out.set(new Int16Array(bytes.buffer, bytes.byteOffset, count));
    case "U16":
      return (bytes, count, out) => out.set(new Uint16Array(bytes.buffer, bytes.byteOffset, count));
    case "I8":
      return (bytes, count, out) => out.set(new Int8Array(bytes.buffer, bytes.byteOffset, count));
    case "U8":
    case "BOOL":
      return (bytes, count, out) => out.set(bytes.subarray(0, count));
    case "I64":
      // NOTE: only a cast against a non-64-bit dtype decodes I64 to float64, which rounds
      // values beyond 2^53; I64 against I64 or U64 is compared exactly.
      return (bytes, count, out) => {
        const values = new BigInt64Array(bytes.buffer, bytes.byteOffset, count);
        for (let i = 0; i < count; i++) out[i] = Number(values[i]);
      };
    case "U64":
      return (bytes, count, out) => {
        const values = new BigUint64Array(bytes.buffer, bytes.byteOffset, count);
        for (let i = 0; i < count; i++) out[i] = Number(values[i]);
      };
    default:
      throw new Error(`Internal error: ${dtype} has no element decoder.`);
  }
}

// ---------------------------------------------------------------------------------------------
// The reference kernel

/** Statistics of `count` elements with nothing counted yet, and zeroed block sums. */
export function emptySegment(count: number): SegmentStats {
  return {
    changed: 0,
    bitsDiffering: 0,
    finiteCount: 0,
    nanA: 0,
    nanB: 0,
    infA: 0,
    infB: 0,
    maxAbsDelta: 0,
    maxAbsDeltaIndex: -1,
    blockSums: new Float64Array(Math.ceil(count / BLOCK_ELEMENTS) * SUMS_PER_BLOCK),
    profile: null,
  };
}

/** Typed arrays need an element-aligned byte offset; copy when the caller's view is not. */
function aligned(bytes: Uint8Array, alignment: number): Uint8Array {
  return bytes.byteOffset % alignment === 0 ? bytes : bytes.slice();
}

/** Number of elements whose stored bits differ, comparing `count` elements of `width` bytes. */
function countDifferingElements(
  base: Uint8Array,
  head: Uint8Array,
  count: number,
  width: number,
): number {
  let differing = 0;
  if (width === 1) {
    for (let i = 0; i < count; i++) if (base[i] !== head[i]) differing++;
  } else if (width === 2) {
    const a = new Uint16Array(base.buffer, base.byteOffset, count);
    const b = new Uint16Array(head.buffer, head.byteOffset, count);
    for (let i = 0; i < count; i++) if (a[i] !== b[i]) differing++;
  } else {
    // 4 or 8 bytes: compare 32-bit words, and count an element once when any word differs.
    const words = width / 4;
    const a = new Uint32Array(base.buffer, base.byteOffset, count * words);
    const b = new Uint32Array(head.buffer, head.byteOffset, count * words);
    if (words === 1) {
      for (let i = 0; i < count; i++) if (a[i] !== b[i]) differing++;
    } else {
      for (let i = 0; i < count * 2; i += 2) {
        if (a[i] !== b[i] || a[i + 1] !== b[i + 1]) differing++;
      }
    }
  }
  return differing;
}

/**
 * Kernel for dtypes decoded to float64: floats, integers up to 32 bits, and casts between
 * different dtypes. For a cast, bitsDiffering counts elements whose decoded values are not
 * identical in the sense of Object.is (NaN is identical to NaN, -0 is not identical to +0).
 */
function floatKernel(baseDtype: DType, headDtype: DType, threshold: number): ComparisonKernel {
  const decodeBase = decoderFor(baseDtype);
  const decodeHead = decoderFor(headDtype);
  const baseWidth = dtypeInfo(baseDtype).bits / 8;
  const headWidth = dtypeInfo(headDtype).bits / 8;
  const sameDtype = baseDtype === headDtype;
  const valuesA = new Float64Array(BLOCK_ELEMENTS);
  const valuesB = new Float64Array(BLOCK_ELEMENTS);
  const baseFormat = floatFormatOf(baseDtype);
  // The |delta| histogram and the magnitude buckets need a float base with a rounding step.
  const magnitudes = baseFormat !== undefined && dtypeInfo(headDtype).comparison === "float";
  const keyTables = magnitudes ? magnitudeTables(baseDtype) : undefined;
  const tables = keyTables ?? {
    rowOfKey: new Int32Array(0),
    inverseUlpOfKey: new Float64Array(0),
    inverseUlpTailOfKey: new Float64Array(0),
  };
  const keys = new Int32Array(BLOCK_ELEMENTS);
  const joint = new Int32Array(PROFILE_BUCKETS * PROFILE_ULP_BINS);
  // Heads stored in bfloat16 or narrower hold only bfloat16-representable values.
  const headAlwaysBf16 = headDtype === "BF16" || dtypeInfo(headDtype).bits <= 8;
  const floatScratch = new Float32Array(1);
  const floatWords = new Uint32Array(floatScratch.buffer);

  return {
    compare(baseBytes, headBytes, firstElement, count) {
      const result = emptySegment(count);
      const profile = emptyProfile();
      result.profile = profile;
      const base = aligned(baseBytes, baseWidth);
      const head = aligned(headBytes, headWidth);
      let maxAbsDelta = 0;
      let maxAbsDeltaIndex = -1;
      // Zero and sign counts, indexed as the first PROFILE_* members.
      const counters = new Float64Array(PROFILE_GROUPS_HALF_ZERO + 1);
      let castNearest = 0;
      let castTruncated = 0;
      let castF16 = 0;
      let headBf16 = 0;

      for (let start = 0, block = 0; start < count; start += BLOCK_ELEMENTS, block++) {
        const n = Math.min(BLOCK_ELEMENTS, count - start);
        const blockBase = base.subarray(start * baseWidth, (start + n) * baseWidth);
        const blockHead = head.subarray(start * headWidth, (start + n) * headWidth);
        decodeBase(blockBase, n, valuesA);
        decodeHead(blockHead, n, valuesB);
        if (sameDtype) {
          result.bitsDiffering += countDifferingElements(blockBase, blockHead, n, baseWidth);
        }

        let changed = 0;
        let identicalValues = 0;
        let finite = 0;
        let sumA = 0;
        let sumB = 0;
        let sumSquaredDelta = 0;
        let sumSquaredA = 0;
        let sumSquaredB = 0;
        let sumProduct = 0;
        for (let i = 0; i < n; i++) {
          const a = valuesA[i] as number;
          const b = valuesB[i] as number;
          const aFinite = a - a === 0;
          const bFinite = b - b === 0;
          if (!aFinite) {
            if (Number.isNaN(a)) result.nanA++;
            else result.infA++;
          }
          if (!bFinite) {
            if (Number.isNaN(b)) result.nanB++;
            else result.infB++;
          }
          if (!sameDtype && Object.is(a, b)) identicalValues++;
          const same = a === b || (Number.isNaN(a) && Number.isNaN(b));
          if (!same) {
            const delta = Math.abs(a - b);
            if (!(delta <= threshold)) changed++;
            if (delta > maxAbsDelta && delta - delta === 0) {
              maxAbsDelta = delta;
              maxAbsDeltaIndex = firstElement + start + i;
            }
          }
          if (aFinite && bFinite) {
            finite++;
            const delta = a - b;
            sumA += a;
            sumB += b;
            sumSquaredDelta += delta * delta;
            sumSquaredA += a * a;
            sumSquaredB += b * b;
            sumProduct += a * b;
          }
          if (!sameDtype) {
            const matches = castMatches(a, b);
            castNearest += matches & CAST_MATCH_BF16_NEAREST;
            castTruncated += (matches & CAST_MATCH_BF16_TRUNCATED) >>> 1;
            castF16 += (matches & CAST_MATCH_F16_NEAREST) >>> 2;
          }
          if (!headAlwaysBf16) {
            floatScratch[0] = b;
            const exact =
              Number.isNaN(b) ||
              (floatScratch[0] === b && ((floatWords[0] as number) & 0xffff) === 0);
            if (exact) headBf16++;
          }
        }
        countZerosAndSigns(valuesA, valuesB, n, counters);
        if (magnitudes) {
          fillMagnitudeKeys(baseDtype, blockBase, n, keys);
          joint.fill(0);
          const sameNonFinite = countMagnitudes(
            valuesA,
            valuesB,
            keys,
            n,
            tables,
            joint,
            finite === n,
          );
          foldJointHistogram(joint, sameNonFinite, profile);
        }

        result.changed += changed;
        if (!sameDtype) result.bitsDiffering += n - identicalValues;
        result.finiteCount += finite;
        if (headAlwaysBf16) headBf16 += n;
        storeBlockSums(result.blockSums, block, [
          sumA,
          sumB,
          sumSquaredDelta,
          sumSquaredA,
          sumSquaredB,
          sumProduct,
        ]);
      }
      result.maxAbsDelta = maxAbsDelta;
      result.maxAbsDeltaIndex = maxAbsDeltaIndex;
      profile.set(counters, 0);
      profile[PROFILE_CAST_BF16_NEAREST] = castNearest;
      profile[PROFILE_CAST_BF16_TRUNCATED] = castTruncated;
      profile[PROFILE_CAST_F16_NEAREST] = castF16;
      profile[PROFILE_HEAD_BF16_EXACT] = headBf16;
      profile[PROFILE_ELEMENTS] = count;
      return result;
    },
  };
}

/**
 * Adds the zero, sign and 2:4 group counts of a block to `counters` (indexed by PROFILE_*). A
 * block starts at an element index that is a multiple of 4, so its groups of 4 are aligned; a
 * partial group at the end of a tensor is not counted.
 */
function countZerosAndSigns(
  valuesA: Float64Array,
  valuesB: Float64Array,
  n: number,
  counters: Float64Array,
): void {
  let signAgree = 0;
  let signDisagree = 0;
  let zerosA = 0;
  let zerosB = 0;
  let newZeros = 0;
  let zerosRemoved = 0;
  let halfZeroGroups = 0;
  const groups = n >> 2;
  for (let group = 0; group < groups; group++) {
    let zerosInGroup = 0;
    for (let i = group * 4; i < group * 4 + 4; i++) {
      const a = valuesA[i] as number;
      const b = valuesB[i] as number;
      if (b === 0) {
        zerosInGroup++;
        if (a !== 0) newZeros++;
        else zerosA++;
      } else if (a === 0) {
        zerosA++;
        zerosRemoved++;
      } else {
        // Branch on the product's sign, which is predictable when most signs agree.
        const product = a * b;
        if (product > 0) signAgree++;
        else if (product < 0) signDisagree++;
        else if (product === 0) {
          // Both nonzero but the float64 product underflowed.
          if (a > 0 === b > 0) signAgree++;
          else signDisagree++;
        }
      }
    }
    zerosB += zerosInGroup;
    if (zerosInGroup >= 2) halfZeroGroups++;
  }
  for (let i = groups * 4; i < n; i++) {
    const a = valuesA[i] as number;
    const b = valuesB[i] as number;
    if (b === 0) {
      zerosB++;
      if (a !== 0) newZeros++;
      else zerosA++;
    } else if (a === 0) {
      zerosA++;
      zerosRemoved++;
    } else {
      // Branch on the product's sign, which is predictable when most signs agree.
      const product = a * b;
      if (product > 0) signAgree++;
      else if (product < 0) signDisagree++;
      else if (product === 0) {
        // Both nonzero but the float64 product underflowed.
        if (a > 0 === b > 0) signAgree++;
        else signDisagree++;
      }
    }
  }
  counters[PROFILE_SIGN_PAIRS] =
    (counters[PROFILE_SIGN_PAIRS] as number) + signAgree + signDisagree;
  counters[PROFILE_SIGN_AGREE] = (counters[PROFILE_SIGN_AGREE] as number) + signAgree;
  counters[PROFILE_ZEROS_BASE] = (counters[PROFILE_ZEROS_BASE] as number) + zerosA;
  counters[PROFILE_ZEROS_HEAD] = (counters[PROFILE_ZEROS_HEAD] as number) + zerosB;
  counters[PROFILE_NEW_ZEROS] = (counters[PROFILE_NEW_ZEROS] as number) + newZeros;
  counters[PROFILE_ZEROS_REMOVED] = (counters[PROFILE_ZEROS_REMOVED] as number) + zerosRemoved;
  counters[PROFILE_GROUPS_OF_FOUR] = (counters[PROFILE_GROUPS_OF_FOUR] as number) + groups;
  counters[PROFILE_GROUPS_HALF_ZERO] =
    (counters[PROFILE_GROUPS_HALF_ZERO] as number) + halfZeroGroups;
}

/**
 * Counts each pair of a block in the joint histogram (row: magnitude bucket of |a|, column:
 * |delta| bin, 0 when the pair is the same). Only finite pairs enter the joint histogram; returns
 * the count of pairs that are the same but not finite, which belong in |delta| bin 0 only.
 */
function countMagnitudes(
  valuesA: Float64Array,
  valuesB: Float64Array,
  keys: Int32Array,
  n: number,
  tables: MagnitudeTables,
  joint: Int32Array,
  allFinite: boolean,
): number {
  const rowOfKey = tables.rowOfKey;
  const inverseUlpOfKey = tables.inverseUlpOfKey;
  const inverseUlpTailOfKey = tables.inverseUlpTailOfKey;
  let sameNonFinite = 0;
  if (allFinite) {
    // Every pair is finite: a - b is 0 exactly when the pair is the same, and that pair's bin
    // (the lowest delta bin, 1) drops to bin 0 without a branch.
    for (let i = 0; i < n; i++) {
      const delta = Math.abs((valuesA[i] as number) - (valuesB[i] as number));
      const key = keys[i] as number;
      const cell =
        (rowOfKey[key] as number) +
        ulpBinOf(delta * (inverseUlpOfKey[key] as number) * (inverseUlpTailOfKey[key] as number)) -
        (delta === 0 ? 1 : 0);
      joint[cell] = (joint[cell] as number) + 1;
    }
    return 0;
  }
  for (let i = 0; i < n; i++) {
    const a = valuesA[i] as number;
    const b = valuesB[i] as number;
    const key = keys[i] as number;
    if (a === b) {
      if (a - a === 0) {
        const cell = rowOfKey[key] as number;
        joint[cell] = (joint[cell] as number) + 1;
      } else {
        sameNonFinite++;
      }
    } else if (a - a === 0 && b - b === 0) {
      const cell =
        (rowOfKey[key] as number) +
        ulpBinOf(
          Math.abs(a - b) * (inverseUlpOfKey[key] as number) * (inverseUlpTailOfKey[key] as number),
        );
      joint[cell] = (joint[cell] as number) + 1;
    } else if (Number.isNaN(a) && Number.isNaN(b)) {
      sameNonFinite++;
    }
  }
  return sameNonFinite;
}

/**
 * Returns the histogram bin of |a - b| / ulp(a): 1 + (k - ULP_MIN_STEP) with k = floor(log2 ratio)
 * clamped to [ULP_MIN_STEP, ULP_MAX_STEP]. For 1 <= x < 2^32, Math.clz32 of the truncated x gives
 * floor(log2 x) exactly.
 */
function ulpBinOf(ratio: number): number {
  // floor(log2(4 * ratio)) = k + 2, read without branches from the leading zeros of the
  // truncated value; 4 * ratio < 1 gives -1, which the clamp maps to ULP_MIN_STEP, and the cap
  // at 2^30 keeps the value within the 32 bits Math.clz32 reads.
  const scaled = Math.min(ratio * 4, 2 ** 30);
  const step = 31 - Math.clz32(scaled) - 2;
  return 1 + Math.min(ULP_MAX_STEP, Math.max(ULP_MIN_STEP, step)) - ULP_MIN_STEP;
}

/**
 * Adds a block's joint histogram (row: magnitude bucket of |a|, column: |delta| bin, column 0 for
 * pairs that are the same) to the profile's marginal counts. `sameNonFinite` counts pairs that
 * are the same but not finite, which belong in |delta| bin 0 and in no bucket.
 */
function foldJointHistogram(joint: Int32Array, sameNonFinite: number, profile: Float64Array): void {
  const at = (index: number, add: number) => {
    profile[index] = (profile[index] as number) + add;
  };
  at(PROFILE_ULP_HISTOGRAM, sameNonFinite);
  for (let bucket = 0; bucket < PROFILE_BUCKETS; bucket++) {
    let total = 0;
    for (let bin = 0; bin < PROFILE_ULP_BINS; bin++) {
      const cell = joint[bucket * PROFILE_ULP_BINS + bin] as number;
      if (cell === 0) continue;
      total += cell;
      at(PROFILE_ULP_HISTOGRAM + bin, cell);
    }
    at(PROFILE_BUCKET_TOTAL + bucket, total);
    at(PROFILE_BUCKET_CHANGED + bucket, total - (joint[bucket * PROFILE_ULP_BINS] as number));
  }
}

interface MagnitudeTables {
  /** Offset of the row of |a|'s magnitude bucket in the joint histogram, per key. */
  rowOfKey: Int32Array;
  /**
   * 1 / ulp(a) per key as the product of two powers of two, inverseUlpOfKey * inverseUlpTailOfKey:
   * for float64 bases near the subnormal range 1 / ulp(a) reaches 2^1074, beyond float64.
   */
  inverseUlpOfKey: Float64Array;
  inverseUlpTailOfKey: Float64Array;
}

const magnitudeTableCache = new Map<DType, MagnitudeTables>();

/**
 * Tables indexed by the key of a base value: its whole code for dtypes of 16 bits or less, its
 * biased exponent field for F32 and F64. The key fixes the binary exponent, so it fixes the
 * magnitude bucket and the rounding step.
 */
function magnitudeTables(dtype: DType): MagnitudeTables {
  const cached = magnitudeTableCache.get(dtype);
  if (cached) return cached;
  const format = floatFormatOf(dtype);
  if (!format) throw new Error(`Internal error: ${dtype} has no rounding format.`);
  let exponentOfKey: (key: number) => number | null;
  let size: number;
  if (dtype === "F32" || dtype === "F64") {
    const bias = dtype === "F32" ? 127 : 1023;
    size = dtype === "F32" ? 256 : 2048;
    // Field 0 is zero or subnormal, below the minimum normal exponent.
    exponentOfKey = (field) => (field === 0 ? null : field - bias);
  } else {
    const table = decodeTable(dtype);
    size = table.length;
    exponentOfKey = (code) => {
      const value = Math.abs(table[code] as number);
      return value === 0 || !Number.isFinite(value) ? null : Math.floor(Math.log2(value));
    };
  }
  const rowOfKey = new Int32Array(size);
  const inverseUlpOfKey = new Float64Array(size);
  const inverseUlpTailOfKey = new Float64Array(size);
  for (let key = 0; key < size; key++) {
    const exponent = exponentOfKey(key);
    const bucket =
      exponent === null
        ? 0
        : Math.min(PROFILE_BUCKETS - 1, Math.max(0, exponent - BUCKET_MIN_EXPONENT));
    rowOfKey[key] = bucket * PROFILE_ULP_BINS;
    const ulpExponent =
      Math.max(exponent ?? format.minNormalExponent, format.minNormalExponent) -
      format.mantissaBits;
    const half = Math.trunc(-ulpExponent / 2);
    inverseUlpOfKey[key] = 2 ** half;
    inverseUlpTailOfKey[key] = 2 ** (-ulpExponent - half);
  }
  const tables = { rowOfKey, inverseUlpOfKey, inverseUlpTailOfKey };
  magnitudeTableCache.set(dtype, tables);
  return tables;
}

/** Fills keys[0..count) with the magnitude table keys of the base values in `bytes`. */
function fillMagnitudeKeys(dtype: DType, bytes: Uint8Array, count: number, keys: Int32Array): void {
  if (dtype === "F32") {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, count);
    for (let i = 0; i < count; i++) keys[i] = ((words[i] as number) >>> 23) & 0xff;
  } else if (dtype === "F64") {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, count * 2);
    for (let i = 0; i < count; i++) keys[i] = ((words[2 * i + 1] as number) >>> 20) & 0x7ff;
  } else if (dtypeInfo(dtype).bits === 16) {
    keys.set(new Uint16Array(bytes.buffer, bytes.byteOffset, count));
  } else {
    keys.set(bytes.subarray(0, count));
  }
}

function storeBlockSums(target: Float64Array, block: number, sums: readonly number[]): void {
  target.set(sums, block * SUMS_PER_BLOCK);
}

function bigIntView(
  dtype: DType,
  bytes: Uint8Array,
  count: number,
): BigInt64Array | BigUint64Array {
  return dtype === "I64"
    ? new BigInt64Array(bytes.buffer, bytes.byteOffset, count)
    : new BigUint64Array(bytes.buffer, bytes.byteOffset, count);
}

/**
 * Returns the largest integer that does not exceed `threshold`, so that for any integer d,
 * d > threshold exactly when d > the result. Math.floor of a finite double is an integer double,
 * and BigInt converts it exactly. An infinite threshold returns null: no difference exceeds it.
 */
export function integerThresholdOf(threshold: number): bigint | null {
  if (threshold === Infinity) return null;
  // NaN compares false with everything, so `!(delta <= NaN)` counts every differing pair.
  if (Number.isNaN(threshold) || threshold === -Infinity) return -1n;
  return BigInt(Math.floor(threshold));
}

/**
 * Kernel for I64 and U64, exact with BigInt. The threshold test compares the BigInt |a - b| with
 * the threshold exactly (see integerThresholdOf), so a difference of 2^53 + 1 exceeds a threshold
 * of 2^53. The maximum and sumSquaredDelta use |a - b| rounded to float64, and the other sums use
 * Number(a) and Number(b). Every element is finite.
 */
function integer64Kernel(baseDtype: DType, headDtype: DType, threshold: number): ComparisonKernel {
  const integerThreshold = integerThresholdOf(threshold);
  return {
    compare(baseBytes, headBytes, firstElement, count) {
      const result = emptySegment(count);
      const baseValues = bigIntView(baseDtype, aligned(baseBytes, 8), count);
      const headValues = bigIntView(headDtype, aligned(headBytes, 8), count);
      let maxAbsDelta = 0;
      let maxAbsDeltaIndex = -1;

      for (let start = 0, block = 0; start < count; start += BLOCK_ELEMENTS, block++) {
        const end = Math.min(count, start + BLOCK_ELEMENTS);
        let sumA = 0;
        let sumB = 0;
        let sumSquaredDelta = 0;
        let sumSquaredA = 0;
        let sumSquaredB = 0;
        let sumProduct = 0;
        for (let i = start; i < end; i++) {
          const a = baseValues[i] as bigint;
          const b = headValues[i] as bigint;
          const a64 = Number(a);
          const b64 = Number(b);
          let delta = 0;
          if (a !== b) {
            result.bitsDiffering++;
            const exactDelta = a > b ? a - b : b - a;
            if (integerThreshold !== null && exactDelta > integerThreshold) result.changed++;
            delta = Number(exactDelta);
            if (delta > maxAbsDelta) {
              maxAbsDelta = delta;
              maxAbsDeltaIndex = firstElement + i;
            }
          }
          sumA += a64;
          sumB += b64;
          sumSquaredDelta += delta * delta;
          sumSquaredA += a64 * a64;
          sumSquaredB += b64 * b64;
          sumProduct += a64 * b64;
        }
        result.finiteCount += end - start;
        storeBlockSums(result.blockSums, block, [
          sumA,
          sumB,
          sumSquaredDelta,
          sumSquaredA,
          sumSquaredB,
          sumProduct,
        ]);
      }
      result.maxAbsDelta = maxAbsDelta;
      result.maxAbsDeltaIndex = maxAbsDeltaIndex;
      return result;
    },
  };
}

/**
 * Kernel for C64, an element being two F32 parts (real, imaginary). An element changed, or has
 * differing bits, when either part does. The value statistics treat the parts as separate values.
 * So finiteCount counts finite part pairs (up to 2 per element), and the NaN and infinity counts
 * count parts. The sums run over parts, and the maximum is over parts with the element's index.
 */
function complexKernel(threshold: number): ComparisonKernel {
  return {
    compare(baseBytes, headBytes, firstElement, count) {
      const result = emptySegment(count);
      const base = aligned(baseBytes, 4);
      const head = aligned(headBytes, 4);
      const partsA = new Float32Array(base.buffer, base.byteOffset, count * 2);
      const partsB = new Float32Array(head.buffer, head.byteOffset, count * 2);
      const bitsA = new Uint32Array(base.buffer, base.byteOffset, count * 2);
      const bitsB = new Uint32Array(head.buffer, head.byteOffset, count * 2);
      let maxAbsDelta = 0;
      let maxAbsDeltaIndex = -1;

      for (let start = 0, block = 0; start < count; start += BLOCK_ELEMENTS, block++) {
        const end = Math.min(count, start + BLOCK_ELEMENTS);
        let sumA = 0;
        let sumB = 0;
        let sumSquaredDelta = 0;
        let sumSquaredA = 0;
        let sumSquaredB = 0;
        let sumProduct = 0;
        for (let element = start; element < end; element++) {
          let elementChanged = false;
          for (let part = element * 2; part < element * 2 + 2; part++) {
            const a = partsA[part] as number;
            const b = partsB[part] as number;
            const aFinite = a - a === 0;
            const bFinite = b - b === 0;
            if (!aFinite) {
              if (Number.isNaN(a)) result.nanA++;
              else result.infA++;
            }
            if (!bFinite) {
              if (Number.isNaN(b)) result.nanB++;
              else result.infB++;
            }
            const same = a === b || (Number.isNaN(a) && Number.isNaN(b));
            if (!same) {
              const delta = Math.abs(a - b);
              if (!(delta <= threshold)) elementChanged = true;
              if (delta > maxAbsDelta && delta - delta === 0) {
                maxAbsDelta = delta;
                maxAbsDeltaIndex = firstElement + element;
              }
            }
            if (aFinite && bFinite) {
              result.finiteCount++;
              const delta = a - b;
              sumA += a;
              sumB += b;
              sumSquaredDelta += delta * delta;
              sumSquaredA += a * a;
              sumSquaredB += b * b;
              sumProduct += a * b;
            }
          }
          if (elementChanged) result.changed++;
          const part = element * 2;
          if (bitsA[part] !== bitsB[part] || bitsA[part + 1] !== bitsB[part + 1]) {
            result.bitsDiffering++;
          }
        }
        storeBlockSums(result.blockSums, block, [
          sumA,
          sumB,
          sumSquaredDelta,
          sumSquaredA,
          sumSquaredB,
          sumProduct,
        ]);
      }
      result.maxAbsDelta = maxAbsDelta;
      result.maxAbsDeltaIndex = maxAbsDeltaIndex;
      return result;
    },
  };
}

/** OCP FP4 E2M1: 1 sign, 2 exponent (bias 1), 1 mantissa bit; no infinities or NaNs. */
function decodeE2M1Code(code: number): number {
  const sign = code & 0x8 ? -1 : 1;
  const exponent = (code >> 1) & 0x3;
  const mantissa = code & 0x1;
  if (exponent === 0) return sign * mantissa * 0.5;
  return sign * (2 + mantissa) * 2 ** (exponent - 2);
}

/**
 * Kernel for F4 (E2M1), two elements to a byte. Whichever nibble a convention stores first, a
 * byte holds two whole elements, so the nibbles of a base byte pair with the nibbles of the head
 * byte at the same position. bitsDiffering counts differing nibbles and changed applies the
 * change rule to the decoded nibbles (0x0 and 0x8 are +0 and -0, so they are equal). Both are
 * exact element counts. The element index of a nibble depends on the convention, so the kernel
 * reports no maximum and no sums.
 */
function f4Kernel(threshold: number): ComparisonKernel {
  const values = buildTable(16, decodeE2M1Code);
  const valueChanged = (codeA: number, codeB: number): boolean => {
    const a = values[codeA] as number;
    const b = values[codeB] as number;
    return a !== b && !(Math.abs(a - b) <= threshold);
  };
  return {
    compare(base, head, _firstElement, count) {
      const result = emptySegment(count);
      const wholeBytes = Math.floor(count / 2);
      for (let i = 0; i < wholeBytes; i++) {
        const a = base[i] as number;
        const b = head[i] as number;
        if (a === b) continue;
        if ((a & 0xf) !== (b & 0xf)) {
          result.bitsDiffering++;
          if (valueChanged(a & 0xf, b & 0xf)) result.changed++;
        }
        if (a >> 4 !== b >> 4) {
          result.bitsDiffering++;
          if (valueChanged(a >> 4, b >> 4)) result.changed++;
        }
      }
      if (count % 2 === 1) {
        // NOTE: the last byte of an odd-length tensor holds one element and one padding nibble,
        // and the format does not fix which is which. It counts as one element that changed
        // when either nibble did, so an edited padding nibble would be counted too.
        const a = base[wholeBytes] as number;
        const b = head[wholeBytes] as number;
        if (a !== b) result.bitsDiffering++;
        if (valueChanged(a & 0xf, b & 0xf) || valueChanged(a >> 4, b >> 4)) result.changed++;
      }
      return result;
    },
  };
}

/**
 * Kernel for the F6 dtypes, compared as raw bytes: bitsDiffering counts differing bytes, and
 * changed counts elements with at least one bit in a differing byte. Four elements share three
 * bytes and the format does not fix their bit order, so an element cannot be read alone, and
 * changed is an upper bound on the elements whose bits differ. Elements are packed contiguously,
 * `bits` per element from the start of the first byte. The bit order within a byte does not
 * change which bytes an element touches. No numeric statistics.
 */
function bytesKernel(dtype: DType): ComparisonKernel {
  const bits = dtypeInfo(dtype).bits;
  return {
    compare(base, head, firstElement, count) {
      const result = emptySegment(count);
      // firstElement is a multiple of BLOCK_ELEMENTS, so the run starts on a byte boundary.
      const firstBit = firstElement * bits;
      const byteStart = firstBit / 8;
      const byteCount = byteEndOf(dtype, firstElement + count) - byteStart;
      for (let i = 0; i < byteCount; i++) if (base[i] !== head[i]) result.bitsDiffering++;
      if (result.bitsDiffering === 0) return result;
      for (let element = 0; element < count; element++) {
        const startBit = element * bits;
        const firstByte = Math.floor(startBit / 8);
        const lastByte = Math.floor((startBit + bits - 1) / 8);
        for (let byte = firstByte; byte <= lastByte; byte++) {
          if (base[byte] !== head[byte]) {
            result.changed++;
            break;
          }
        }
      }
      return result;
    },
  };
}

/**
 * Statistics of a dtype change that gives no element pairs (see comparisonOf): every element
 * counts as changed and as differing, and no values are read.
 */
export function incomparableStats(count: number): SegmentStats {
  const result = emptySegment(count);
  result.changed = count;
  result.bitsDiffering = count;
  return result;
}

/** Creates the plain JavaScript kernel for a pair of dtypes. */
export function createReferenceKernel(
  baseDtype: DType,
  headDtype: DType,
  threshold: number,
): ComparisonKernel {
  if (endianness() !== "LE") {
    throw new Error("model-diff reads tensors through typed arrays and needs a little-endian CPU.");
  }
  const comparison = comparisonOf(baseDtype, headDtype);
  switch (comparison) {
    case "float":
    case "integer":
      return floatKernel(baseDtype, headDtype, threshold);
    case "integer64":
      return integer64Kernel(baseDtype, headDtype, threshold);
    case "complex":
      return complexKernel(threshold);
    case "bytes":
      return baseDtype === "F4" ? f4Kernel(threshold) : bytesKernel(baseDtype);
    case "incomparable":
      return { compare: (_base, _head, _first, count) => incomparableStats(count) };
  }
}
