/**
 * A naive second implementation of the diff semantics for tests: its own decoders (IEEE formulas
 * with Math.pow and DataView reads), a plain per-element loop over fully decoded arrays, and
 * block sums folded in block order like the engine.
 */

import { BLOCK_ELEMENTS } from "../../src/diff/kernels.js";
import { isProfiledBlock } from "../../src/diff/profile.js";
import type { TensorStats } from "../../src/diff/types.js";
import type { DType } from "../../src/format/dtypes.js";
import { naiveProfile } from "./reference-profile.js";

interface MinifloatFormat {
  exponentBits: number;
  mantissaBits: number;
  bias: number;
  /**
   * "ieee": all-ones exponent is inf/NaN; "fn": only all-ones is NaN; "fnuz": only 0x80 is NaN;
   * "none": every code is a finite number (FP4 E2M1).
   */
  special: "ieee" | "fn" | "fnuz" | "none";
}

const minifloats: Partial<Record<DType, MinifloatFormat>> = {
  F16: { exponentBits: 5, mantissaBits: 10, bias: 15, special: "ieee" },
  BF16: { exponentBits: 8, mantissaBits: 7, bias: 127, special: "ieee" },
  F8_E5M2: { exponentBits: 5, mantissaBits: 2, bias: 15, special: "ieee" },
  F8_E4M3: { exponentBits: 4, mantissaBits: 3, bias: 7, special: "fn" },
  F8_E4M3FNUZ: { exponentBits: 4, mantissaBits: 3, bias: 8, special: "fnuz" },
  F8_E5M2FNUZ: { exponentBits: 5, mantissaBits: 2, bias: 16, special: "fnuz" },
};

/** Decodes a sign/exponent/mantissa bit pattern by the IEEE formula. */
export function decodeMinifloat(code: number, format: MinifloatFormat): number {
  const totalBits = 1 + format.exponentBits + format.mantissaBits;
  const signBit = 2 ** (totalBits - 1);
  const exponentMax = 2 ** format.exponentBits - 1;
  const mantissaMax = 2 ** format.mantissaBits - 1;
  const negative = code >= signBit;
  const exponent = Math.floor((code % signBit) / 2 ** format.mantissaBits);
  const mantissa = code % 2 ** format.mantissaBits;
  if (format.special === "fnuz" && code === signBit) return Number.NaN;
  if (format.special === "fn" && exponent === exponentMax && mantissa === mantissaMax) {
    return Number.NaN;
  }
  if (format.special === "ieee" && exponent === exponentMax) {
    if (mantissa !== 0) return Number.NaN;
    return negative ? -Infinity : Infinity;
  }
  const fraction = mantissa / 2 ** format.mantissaBits;
  const magnitude =
    exponent === 0
      ? fraction * 2 ** (1 - format.bias)
      : (1 + fraction) * 2 ** (exponent - format.bias);
  return negative ? -magnitude : magnitude;
}

/** OCP FP4 E2M1, the format of F4 elements. */
export const E2M1: MinifloatFormat = { exponentBits: 2, mantissaBits: 1, bias: 1, special: "none" };

/**
 * Returns whether the integer `delta` is greater than the float64 `threshold`, exactly: the
 * threshold is split into an integer mantissa and a power of two, and both sides are scaled to
 * integers before the BigInt comparison.
 */
export function exceedsThreshold(delta: bigint, threshold: number): boolean {
  if (threshold === Infinity) return false;
  if (threshold === 0) return delta > 0n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, threshold);
  const bits = view.getBigUint64(0);
  const exponentField = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  // threshold = mantissa * 2^exponent, with an integer mantissa.
  const mantissa = exponentField === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (exponentField === 0 ? 1 : exponentField) - 1075;
  if (exponent >= 0) return delta > mantissa << BigInt(exponent);
  return delta << BigInt(-exponent) > mantissa;
}

/** Bytes per element of the dtypes decoded one value per element. */
const widths: Partial<Record<DType, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  F8_E4M3: 1,
  F8_E5M2: 1,
  F8_E8M0: 1,
  F8_E4M3FNUZ: 1,
  F8_E5M2FNUZ: 1,
  I64: 8,
  U64: 8,
  I32: 4,
  U32: 4,
  I16: 2,
  U16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

export function widthOf(dtype: DType): number {
  const width = widths[dtype];
  if (width === undefined) throw new Error(`no width for ${dtype}`);
  return width;
}

/** Element `index` of `bytes` as a float64 value (BigInt for 64-bit integers). */
export function decodeElement(dtype: DType, bytes: Uint8Array, index: number): number | bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = index * widthOf(dtype);
  const minifloat = minifloats[dtype];
  if (minifloat) {
    const code = widthOf(dtype) === 2 ? view.getUint16(at, true) : view.getUint8(at);
    return decodeMinifloat(code, minifloat);
  }
  switch (dtype) {
    case "F64":
      return view.getFloat64(at, true);
    case "F32":
      return view.getFloat32(at, true);
    case "F8_E8M0": {
      const code = view.getUint8(at);
      return code === 255 ? Number.NaN : 2 ** (code - 127);
    }
    case "I64":
      return view.getBigInt64(at, true);
    case "U64":
      return view.getBigUint64(at, true);
    case "I32":
      return view.getInt32(at, true);
    case "U32":
      return view.getUint32(at, true);
    case "I16":
      return view.getInt16(at, true);
    case "U16":
      return view.getUint16(at, true);
    case "I8":
      return view.getInt8(at);
    case "U8":
    case "BOOL":
      return view.getUint8(at);
    default:
      throw new Error(`no decoder for ${dtype}`);
  }
}

function rawBitsEqual(a: Uint8Array, b: Uint8Array, index: number, width: number): boolean {
  for (let k = index * width; k < (index + 1) * width; k++) if (a[k] !== b[k]) return false;
  return true;
}

interface Accumulator {
  stats: TensorStats;
  block: number[];
}

function newStats(numel: number): TensorStats {
  return {
    numel,
    changed: 0,
    bitsDiffering: 0,
    maxAbsDelta: 0,
    maxAbsDeltaIndex: -1,
    sumA: 0,
    sumB: 0,
    sumSquaredDelta: 0,
    sumSquaredA: 0,
    sumSquaredB: 0,
    sumProduct: 0,
    finiteCount: 0,
    nanA: 0,
    nanB: 0,
    infA: 0,
    infB: 0,
  };
}

function foldBlock(accumulator: Accumulator): void {
  const [sumA, sumB, sumSquaredDelta, sumSquaredA, sumSquaredB, sumProduct] = accumulator.block;
  const stats = accumulator.stats;
  stats.sumA += sumA as number;
  stats.sumB += sumB as number;
  stats.sumSquaredDelta += sumSquaredDelta as number;
  stats.sumSquaredA += sumSquaredA as number;
  stats.sumSquaredB += sumSquaredB as number;
  stats.sumProduct += sumProduct as number;
  accumulator.block = [0, 0, 0, 0, 0, 0];
}

/** Applies the rules to one pair of float64 values; `index` is the element index. */
function visitFloat(
  accumulator: Accumulator,
  a: number,
  b: number,
  index: number,
  threshold: number,
) {
  const stats = accumulator.stats;
  if (Number.isNaN(a)) stats.nanA++;
  if (Number.isNaN(b)) stats.nanB++;
  if (a === Infinity || a === -Infinity) stats.infA++;
  if (b === Infinity || b === -Infinity) stats.infB++;
  const same = a === b || (Number.isNaN(a) && Number.isNaN(b));
  const delta = Math.abs(a - b);
  const elementChanged = !same && !(delta <= threshold);
  if (Number.isFinite(delta) && delta > stats.maxAbsDelta) {
    stats.maxAbsDelta = delta;
    stats.maxAbsDeltaIndex = index;
  }
  if (Number.isFinite(a) && Number.isFinite(b)) {
    stats.finiteCount++;
    const block = accumulator.block;
    block[0] = (block[0] as number) + a;
    block[1] = (block[1] as number) + b;
    block[2] = (block[2] as number) + (a - b) * (a - b);
    block[3] = (block[3] as number) + a * a;
    block[4] = (block[4] as number) + b * b;
    block[5] = (block[5] as number) + a * b;
  }
  return elementChanged;
}

/** Naive statistics of one tensor pair of equal shape (`numel` elements). */
export function naiveStats(
  baseDtype: DType,
  headDtype: DType,
  base: Uint8Array,
  head: Uint8Array,
  numel: number,
  threshold: number,
): TensorStats {
  const accumulator: Accumulator = { stats: newStats(numel), block: [0, 0, 0, 0, 0, 0] };
  const stats = accumulator.stats;
  const subByte = (dtype: DType) => dtype === "F4" || dtype === "F6_E2M3" || dtype === "F6_E3M2";

  if (subByte(baseDtype) || subByte(headDtype) || baseDtype === "C64" || headDtype === "C64") {
    if (baseDtype !== headDtype) {
      stats.changed = numel;
      stats.bitsDiffering = numel;
      return stats;
    }
  }

  if (baseDtype === "F4") {
    // Element 2k and 2k + 1 are the two nibbles of byte k, in either order.
    for (let element = 0; element < numel; element++) {
      const shift = element % 2 === 0 ? 0 : 4;
      const codeA = ((base[element >> 1] as number) >> shift) & 0xf;
      const codeB = ((head[element >> 1] as number) >> shift) & 0xf;
      if (codeA === codeB) continue;
      stats.bitsDiffering++;
      const a = decodeMinifloat(codeA, E2M1);
      const b = decodeMinifloat(codeB, E2M1);
      if (a !== b && Math.abs(a - b) > threshold) stats.changed++;
    }
    return stats;
  }

  if (subByte(baseDtype)) {
    const bits = 6;
    for (let k = 0; k < base.length; k++) if (base[k] !== head[k]) stats.bitsDiffering++;
    for (let element = 0; element < numel; element++) {
      let touchesDifferingByte = false;
      for (let bit = element * bits; bit < (element + 1) * bits; bit++) {
        const byte = Math.floor(bit / 8);
        if (base[byte] !== head[byte]) touchesDifferingByte = true;
      }
      if (touchesDifferingByte) stats.changed++;
    }
    return stats;
  }

  const valuesA: number[] = [];
  const valuesB: number[] = [];
  for (let i = 0; i < numel; i++) {
    if (i > 0 && i % BLOCK_ELEMENTS === 0) foldBlock(accumulator);
    if (baseDtype === "C64") {
      const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset);
      let elementChanged = false;
      for (let part = 0; part < 2; part++) {
        const a = view(base).getFloat32(i * 8 + part * 4, true);
        const b = view(head).getFloat32(i * 8 + part * 4, true);
        if (visitFloat(accumulator, a, b, i, threshold)) elementChanged = true;
      }
      if (elementChanged) stats.changed++;
      if (!rawBitsEqual(base, head, i, 8)) stats.bitsDiffering++;
      continue;
    }

    const a = decodeElement(baseDtype, base, i);
    const b = decodeElement(headDtype, head, i);
    if (typeof a === "bigint" && typeof b === "bigint") {
      const exactDelta = a > b ? a - b : b - a;
      const delta = Number(exactDelta);
      if (a !== b) {
        stats.bitsDiffering++;
        if (exceedsThreshold(exactDelta, threshold)) stats.changed++;
      }
      if (delta > stats.maxAbsDelta) {
        stats.maxAbsDelta = delta;
        stats.maxAbsDeltaIndex = i;
      }
      stats.finiteCount++;
      const block = accumulator.block;
      block[0] = (block[0] as number) + Number(a);
      block[1] = (block[1] as number) + Number(b);
      block[2] = (block[2] as number) + delta * delta;
      block[3] = (block[3] as number) + Number(a) * Number(a);
      block[4] = (block[4] as number) + Number(b) * Number(b);
      block[5] = (block[5] as number) + Number(a) * Number(b);
      continue;
    }

    const a64 = Number(a);
    const b64 = Number(b);
    valuesA.push(a64);
    valuesB.push(b64);
    if (visitFloat(accumulator, a64, b64, i, threshold)) stats.changed++;
    if (baseDtype === headDtype) {
      if (!rawBitsEqual(base, head, i, widthOf(baseDtype))) stats.bitsDiffering++;
    } else if (!Object.is(a64, b64)) {
      stats.bitsDiffering++;
    }
  }
  if (numel > 0) foldBlock(accumulator);
  if (valuesA.length > 0) stats.profile = naiveProfile(baseDtype, headDtype, valuesA, valuesB);
  return stats;
}

/**
 * Returns the naive change profile over the blocks the engine samples behind the SIMD kernels
 * (isProfiledBlock of the pair index), or undefined when no block is sampled.
 */
export function naiveSampledProfile(
  dtype: DType,
  base: Uint8Array,
  head: Uint8Array,
  numel: number,
  pairIndex: number,
): Float64Array | undefined {
  const a: number[] = [];
  const b: number[] = [];
  for (let block = 0; block * BLOCK_ELEMENTS < numel; block++) {
    if (!isProfiledBlock(pairIndex, block)) continue;
    const end = Math.min(numel, (block + 1) * BLOCK_ELEMENTS);
    for (let i = block * BLOCK_ELEMENTS; i < end; i++) {
      a.push(Number(decodeElement(dtype, base, i)));
      b.push(Number(decodeElement(dtype, head, i)));
    }
  }
  return a.length === 0 ? undefined : naiveProfile(dtype, dtype, a, b);
}
