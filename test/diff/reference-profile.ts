/**
 * A naive second implementation of the change profile (src/diff/profile.ts) for tests: plain
 * per-element rules with exponents found by Math.log2 and a correction loop, and rounding by
 * DataView bit manipulation, instead of the kernel's tables and bit reads.
 */

import type { DType } from "../../src/format/dtypes.js";

const LENGTH = 12 + 28 + 32 + 32 + 1;
/** Index of the count of elements the profile covers. */
const ELEMENTS = LENGTH - 1;
const ULP_BASE = 12;
const BUCKET_TOTAL = 40;
const BUCKET_CHANGED = 72;

const formats: Partial<Record<DType, { mantissa: number; minNormal: number }>> = {
  F64: { mantissa: 52, minNormal: -1022 },
  F32: { mantissa: 23, minNormal: -126 },
  BF16: { mantissa: 7, minNormal: -126 },
  F16: { mantissa: 10, minNormal: -14 },
  F8_E4M3: { mantissa: 3, minNormal: -6 },
  F8_E5M2: { mantissa: 2, minNormal: -14 },
  F8_E4M3FNUZ: { mantissa: 3, minNormal: -7 },
  F8_E5M2FNUZ: { mantissa: 2, minNormal: -15 },
};
const floatDtypes = new Set<DType>([
  "F64",
  "F32",
  "F16",
  "BF16",
  "F8_E4M3",
  "F8_E5M2",
  "F8_E8M0",
  "F8_E4M3FNUZ",
  "F8_E5M2FNUZ",
]);
const narrowHeads = new Set<DType>([
  "BF16",
  "F8_E4M3",
  "F8_E5M2",
  "F8_E8M0",
  "F8_E4M3FNUZ",
  "F8_E5M2FNUZ",
  "I8",
  "U8",
  "BOOL",
]);

/** floor(log2 x) for a finite x > 0, corrected so that 2^e <= x < 2^(e+1). */
function floorLog2(x: number): number {
  let e = Math.floor(Math.log2(x));
  while (2 ** e > x) e--;
  while (2 ** (e + 1) <= x) e++;
  return e;
}

const view = new DataView(new ArrayBuffer(4));

/** bfloat16 value of a float64 rounded to float32 first, nearest-even or truncated. */
export function bf16Of(value: number, truncate: boolean): number {
  if (Number.isNaN(value)) return value;
  view.setFloat32(0, value);
  const bits = view.getUint32(0);
  const upper = truncate
    ? Math.floor(bits / 65536)
    : Math.floor((bits + 0x7fff + (Math.floor(bits / 65536) % 2)) / 65536) % 65536;
  view.setUint32(0, upper * 65536);
  return view.getFloat32(0);
}

/** float16 value nearest to a float64, ties to even; overflow gives ±Infinity. */
export function f16Of(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const e = Math.max(floorLog2(Math.abs(value)), -14);
  const step = 2 ** (e - 10);
  const scaled = value / step;
  let rounded = Math.floor(scaled);
  const fraction = scaled - rounded;
  if (fraction > 0.5 || (fraction === 0.5 && rounded % 2 !== 0)) rounded += 1;
  const result = rounded * step;
  if (Math.abs(result) > 65504) return value > 0 ? Infinity : -Infinity;
  return result;
}

function add(profile: Float64Array, index: number): void {
  profile[index] = (profile[index] as number) + 1;
}

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/** Returns the profile the kernel computes for the decoded value pairs of one tensor. */
export function naiveProfile(
  baseDtype: DType,
  headDtype: DType,
  a: readonly number[],
  b: readonly number[],
): Float64Array {
  const profile = new Float64Array(LENGTH);
  const format = formats[baseDtype];
  const magnitudes = format !== undefined && floatDtypes.has(headDtype);
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== 0 && y !== 0 && !Number.isNaN(x) && !Number.isNaN(y)) {
      add(profile, 0);
      if (x > 0 === y > 0) add(profile, 1);
    }
    if (x === 0) add(profile, 2);
    if (y === 0) add(profile, 3);
    if (y === 0 && x !== 0) add(profile, 4);
    if (x === 0 && y !== 0) add(profile, 5);
    if (baseDtype !== headDtype) {
      if (same(y, bf16Of(x, false))) add(profile, 8);
      if (same(y, bf16Of(x, true))) add(profile, 9);
      if (same(y, f16Of(x))) add(profile, 10);
    }
    if (narrowHeads.has(headDtype) || Number.isNaN(y)) add(profile, 11);
    else if (Math.fround(y) === y) {
      view.setFloat32(0, y);
      if (view.getUint32(0) % 65536 === 0) add(profile, 11);
    }
    if (!magnitudes || !format) continue;
    const finite = Number.isFinite(x) && Number.isFinite(y);
    if (!finite) {
      if (same(x, y)) add(profile, ULP_BASE);
      continue;
    }
    const exponent = x === 0 ? null : floorLog2(Math.abs(x));
    const bucket = exponent === null ? 0 : Math.min(31, Math.max(0, exponent + 30));
    add(profile, BUCKET_TOTAL + bucket);
    if (same(x, y)) {
      add(profile, ULP_BASE);
      continue;
    }
    add(profile, BUCKET_CHANGED + bucket);
    const ulpExponent = Math.max(exponent ?? format.minNormal, format.minNormal) - format.mantissa;
    // Two finite values can differ by more than the largest float64: the top bin.
    const delta = Math.abs(x - y);
    const k = Number.isFinite(delta) ? floorLog2(delta) - ulpExponent : 24;
    add(profile, ULP_BASE + 1 + Math.min(24, Math.max(-2, k)) + 2);
  }
  for (let g = 0; g + 4 <= n; g += 4) {
    add(profile, 6);
    let zeros = 0;
    for (let i = g; i < g + 4; i++) if ((b[i] as number) === 0) zeros++;
    if (zeros >= 2) add(profile, 7);
  }
  profile[ELEMENTS] = n;
  return profile;
}
