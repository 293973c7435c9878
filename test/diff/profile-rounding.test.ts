import { describe, expect, it } from "vitest";
import { decodeTable } from "../../src/diff/kernels.js";
import {
  CAST_MATCH_BF16_NEAREST,
  CAST_MATCH_BF16_TRUNCATED,
  CAST_MATCH_F16_NEAREST,
  castMatches,
  roundToFloat16,
} from "../../src/diff/profile.js";
import { bf16Of, f16Of } from "./reference-profile.js";

/** A deterministic xorshift32 stream in [0, 1). */
function uniform(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/**
 * Every finite float16 value, the midpoints between neighbours (exact ties) and values just
 * beside them, plus random magnitudes over exponents -40..20, subnormal float32 values and the
 * special values.
 */
function sampleValues(): number[] {
  const table = decodeTable("F16");
  const finite = [...table].filter((value) => Number.isFinite(value) && value >= 0);
  finite.sort((x, y) => x - y);
  const values: number[] = [0, -0, Infinity, -Infinity, Number.NaN, 65504, 65519.99, 65520, 1e300];
  for (let i = 0; i + 1 < finite.length; i++) {
    const low = finite[i] as number;
    const high = finite[i + 1] as number;
    const middle = (low + high) / 2;
    values.push(low, -low, middle, -middle, middle * (1 + 2 ** -40), middle * (1 - 2 ** -40));
  }
  const next = uniform(0x2545f491);
  for (let i = 0; i < 20_000; i++) {
    const exponent = Math.floor(next() * 61) - 40;
    const value = (1 + next()) * 2 ** exponent;
    values.push(next() < 0.5 ? -value : value, Math.fround(value), Math.fround(value) * 2 ** -130);
  }
  return values;
}

const same = (x: number, y: number) => x === y || (Number.isNaN(x) && Number.isNaN(y));

describe("roundToFloat16", () => {
  it("matches the naive rounding", () => {
    let mismatches = 0;
    for (const value of sampleValues()) {
      if (!same(roundToFloat16(value), f16Of(value))) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it("keeps the sign of values rounded to zero", () => {
    expect(Object.is(roundToFloat16(-1e-9), -0)).toBe(true);
    expect(Object.is(roundToFloat16(1e-9), 0)).toBe(true);
  });
});

describe("castMatches", () => {
  it("matches the three naive cast tests", () => {
    const values = sampleValues();
    const next = uniform(0x9e3779b9);
    let mismatches = 0;
    let pairs = 0;
    const counts = new Map<number, number>();
    for (const a of values) {
      const heads = [
        bf16Of(a, false),
        bf16Of(a, true),
        f16Of(a),
        -bf16Of(a, false),
        a,
        Number.NaN,
        0,
        -0,
        values[Math.floor(next() * values.length)] as number,
      ];
      for (const b of heads) {
        const expected =
          (same(b, bf16Of(a, false)) ? CAST_MATCH_BF16_NEAREST : 0) |
          (same(b, bf16Of(a, true)) ? CAST_MATCH_BF16_TRUNCATED : 0) |
          (same(b, f16Of(a)) ? CAST_MATCH_F16_NEAREST : 0);
        const actual = castMatches(a, b);
        if (actual !== expected) mismatches++;
        pairs++;
        for (const bit of [
          CAST_MATCH_BF16_NEAREST,
          CAST_MATCH_BF16_TRUNCATED,
          CAST_MATCH_F16_NEAREST,
        ]) {
          if (expected & bit) counts.set(bit, (counts.get(bit) ?? 0) + 1);
        }
      }
    }
    expect(mismatches).toBe(0);
    // Every test matched and missed often enough for the comparison to mean something.
    expect(counts.size).toBe(3);
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(pairs / 20);
      expect(count).toBeLessThan(pairs);
    }
  });
});
