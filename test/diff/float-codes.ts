/**
 * Random and hand-made element codes of BF16, F16 and F32, built from sign, exponent and mantissa
 * fields so that the tests need no float converter of their own.
 */

import type { Random } from "./helpers.js";

export type SimdDType = "BF16" | "F16" | "F32";

/** Bit layout of each dtype, for building codes without a converter. */
export const layouts: Record<
  SimdDType,
  { bytes: 2 | 4; exponentBits: number; mantissaBits: number }
> = {
  BF16: { bytes: 2, exponentBits: 8, mantissaBits: 7 },
  F16: { bytes: 2, exponentBits: 5, mantissaBits: 10 },
  F32: { bytes: 4, exponentBits: 8, mantissaBits: 23 },
};
export const DTYPES: SimdDType[] = ["BF16", "F16", "F32"];

export function codeOf(
  dtype: SimdDType,
  negative: boolean,
  exponent: number,
  mantissa: number,
): number {
  const { exponentBits, mantissaBits } = layouts[dtype];
  const sign = negative ? 2 ** (exponentBits + mantissaBits) : 0;
  return sign + exponent * 2 ** mantissaBits + mantissa;
}

export function maxExponent(dtype: SimdDType): number {
  return 2 ** layouts[dtype].exponentBits - 1;
}

export function bias(dtype: SimdDType): number {
  return 2 ** (layouts[dtype].exponentBits - 1) - 1;
}

export function encode(dtype: SimdDType, codes: readonly number[]): Uint8Array {
  const width = layouts[dtype].bytes;
  const bytes = new Uint8Array(codes.length * width);
  const view = new DataView(bytes.buffer);
  codes.forEach((code, i) => {
    if (width === 2) view.setUint16(i * width, code, true);
    else view.setUint32(i * width, code, true);
  });
  return bytes;
}

/** Code of a value that every one of the three dtypes represents exactly. */
export function codeOfValue(dtype: SimdDType, value: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  const bits = view.getUint32(0);
  if (dtype === "F32") return bits;
  if (dtype === "BF16") return bits >>> 16;
  if (value === 0) return Object.is(value, -0) ? 0x8000 : 0;
  if (!Number.isFinite(value)) return value > 0 ? 0x7c00 : 0xfc00;
  const negative = value < 0;
  const magnitude = Math.abs(value);
  const exponent = Math.floor(Math.log2(magnitude));
  if (exponent < -14) return codeOf(dtype, negative, 0, magnitude * 2 ** 24);
  return codeOf(dtype, negative, exponent + 15, (magnitude / 2 ** exponent - 1) * 1024);
}

export interface Shape {
  /** Exponent fields drawn for the base, inclusive. */
  exponents: [number, number];
  /** Share of elements set to a NaN or an infinity on either side. */
  specialRate: number;
}

/** Typical weights: magnitudes between about 1e-3 and 0.25, all finite. */
export function typical(dtype: SimdDType): Shape {
  return { exponents: [bias(dtype) - 10, bias(dtype) - 3], specialRate: 0 };
}

/** Draws every finite exponent, subnormals and the largest finite values included. */
export function fullRange(dtype: SimdDType): Shape {
  return { exponents: [0, maxExponent(dtype) - 1], specialRate: 0 };
}

export function randomCode(dtype: SimdDType, shape: Shape, random: Random): number {
  const [low, high] = shape.exponents;
  const exponent = low + (random.uint32() % (high - low + 1));
  const mantissa = random.uint32() % 2 ** layouts[dtype].mantissaBits;
  return codeOf(dtype, random.next() < 0.5, exponent, mantissa);
}

export function specialCode(dtype: SimdDType, random: Random): number {
  const top = maxExponent(dtype);
  const quiet = 2 ** (layouts[dtype].mantissaBits - 1);
  const choices = [
    codeOf(dtype, false, top, 0),
    codeOf(dtype, true, top, 0),
    codeOf(dtype, false, top, quiet),
    codeOf(dtype, true, top, quiet),
    codeOf(dtype, false, top, quiet + 1),
    codeOf(dtype, false, top, 1),
  ];
  return choices[random.uint32() % choices.length] as number;
}

/** Returns a base and a head that keeps, nudges by a few ulps, or replaces each element. */
export function randomPair(
  dtype: SimdDType,
  count: number,
  shape: Shape,
  random: Random,
): { base: Uint8Array; head: Uint8Array } {
  const base: number[] = [];
  const head: number[] = [];
  const signBit = 2 ** (layouts[dtype].exponentBits + layouts[dtype].mantissaBits);
  const finiteLimit = codeOf(dtype, false, maxExponent(dtype), 0);
  for (let i = 0; i < count; i++) {
    const a = randomCode(dtype, shape, random);
    const choice = random.next();
    let b = a;
    if (choice < 0.5) {
      const magnitude = (a % signBit) + 1 + (random.uint32() % 4);
      b = magnitude < finiteLimit ? a - (a % signBit) + magnitude : a;
    } else if (choice < 0.7) {
      b = randomCode(dtype, shape, random);
    }
    base.push(
      shape.specialRate > 0 && random.next() < shape.specialRate ? specialCode(dtype, random) : a,
    );
    head.push(
      shape.specialRate > 0 && random.next() < shape.specialRate ? specialCode(dtype, random) : b,
    );
  }
  return { base: encode(dtype, base), head: encode(dtype, head) };
}
