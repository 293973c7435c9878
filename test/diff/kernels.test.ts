import { describe, expect, it } from "vitest";
import {
  comparisonOf,
  createReferenceKernel,
  decodeTable,
  integerThresholdOf,
} from "../../src/diff/kernels.js";
import type { DType } from "../../src/format/dtypes.js";
import { decodeMinifloat, E2M1, exceedsThreshold } from "./reference.js";

describe("decoder tables", () => {
  const formats: [DType, Parameters<typeof decodeMinifloat>[1]][] = [
    ["F16", { exponentBits: 5, mantissaBits: 10, bias: 15, special: "ieee" }],
    ["BF16", { exponentBits: 8, mantissaBits: 7, bias: 127, special: "ieee" }],
    ["F8_E5M2", { exponentBits: 5, mantissaBits: 2, bias: 15, special: "ieee" }],
    ["F8_E4M3", { exponentBits: 4, mantissaBits: 3, bias: 7, special: "fn" }],
    ["F8_E4M3FNUZ", { exponentBits: 4, mantissaBits: 3, bias: 8, special: "fnuz" }],
    ["F8_E5M2FNUZ", { exponentBits: 5, mantissaBits: 2, bias: 16, special: "fnuz" }],
  ];
  for (const [dtype, format] of formats) {
    it(`decodes every ${dtype} code by the IEEE formula`, () => {
      const table = decodeTable(dtype);
      for (let code = 0; code < table.length; code++) {
        expect(Object.is(table[code], decodeMinifloat(code, format)), `code ${code}`).toBe(true);
      }
    });
  }

  it("decodes F8_E8M0 as a power of two", () => {
    const table = decodeTable("F8_E8M0");
    expect(table[127]).toBe(1);
    expect(table[0]).toBe(2 ** -127);
    expect(table[254]).toBe(2 ** 127);
    expect(table[255]).toBeNaN();
  });

  it("decodes known float8 landmarks", () => {
    expect(decodeTable("F8_E4M3")[0x7e]).toBe(448);
    expect(decodeTable("F8_E4M3")[0x7f]).toBeNaN();
    expect(decodeTable("F8_E4M3")[0xff]).toBeNaN();
    expect(decodeTable("F8_E4M3")[0x01]).toBe(2 ** -9);
    expect(decodeTable("F8_E5M2")[0x7b]).toBe(57344);
    expect(decodeTable("F8_E5M2")[0x7c]).toBe(Infinity);
    expect(decodeTable("F8_E5M2")[0xfc]).toBe(-Infinity);
    expect(decodeTable("F8_E4M3FNUZ")[0x7f]).toBe(240);
    expect(decodeTable("F8_E4M3FNUZ")[0x80]).toBeNaN();
    expect(decodeTable("F8_E4M3FNUZ")[0x01]).toBe(2 ** -10);
    expect(decodeTable("F8_E5M2FNUZ")[0x7f]).toBe(57344);
    expect(decodeTable("F8_E5M2FNUZ")[0x80]).toBeNaN();
    expect(decodeTable("F16")[0x0001]).toBe(2 ** -24);
    expect(decodeTable("F16")[0x7bff]).toBe(65504);
    expect(Object.is(decodeTable("F16")[0x8000], -0)).toBe(true);
    expect(decodeTable("BF16")[0x3f80]).toBe(1);
  });
});

describe("comparisonOf", () => {
  it("classifies dtype pairs", () => {
    expect(comparisonOf("BF16", "BF16")).toBe("float");
    expect(comparisonOf("I32", "I32")).toBe("integer");
    expect(comparisonOf("I16", "U8")).toBe("integer");
    expect(comparisonOf("I64", "U64")).toBe("integer64");
    expect(comparisonOf("I64", "F32")).toBe("float");
    expect(comparisonOf("F4", "F4")).toBe("bytes");
    expect(comparisonOf("F4", "F6_E3M2")).toBe("incomparable");
    expect(comparisonOf("C64", "C64")).toBe("complex");
    expect(comparisonOf("C64", "F32")).toBe("incomparable");
  });
});

describe("reference kernel", () => {
  it("counts F6 elements touching differing bytes", () => {
    // 8 F6 elements in 6 bytes. Byte 1 contains bits 8-15: elements 1 (bits 6-11) and 2 (12-17).
    const base = new Uint8Array(6);
    const head = new Uint8Array([0, 0x10, 0, 0, 0, 0x80]);
    const stats = createReferenceKernel("F6_E2M3", "F6_E2M3", 0).compare(base, head, 0, 8);
    // Byte 5 contains bits 40-47: element 6 (bits 36-41) and element 7 (bits 42-47).
    expect(stats.bitsDiffering).toBe(2);
    expect(stats.changed).toBe(4);
    expect(stats.finiteCount).toBe(0);
  });

  it("compares C64 per element", () => {
    const base = new Float32Array([1, 2, 3, 4, Number.NaN, 0]);
    const head = new Float32Array([1, 2.5, 3, 4, Number.NaN, -0]);
    const stats = createReferenceKernel("C64", "C64", 0.1).compare(
      new Uint8Array(base.buffer),
      new Uint8Array(head.buffer),
      0,
      3,
    );
    expect(stats.changed).toBe(1);
    expect(stats.bitsDiffering).toBe(2);
    expect(stats.maxAbsDelta).toBe(0.5);
    expect(stats.maxAbsDeltaIndex).toBe(0);
    expect(stats.finiteCount).toBe(5);
    expect(stats.nanA).toBe(1);
    expect(Array.from(stats.blockSums)).toEqual([10, 10.5, 0.25, 30, 32.25, 31]);
  });

  it("compares I64 values that float64 cannot tell apart", () => {
    const base = new BigInt64Array([2n ** 60n, -5n]);
    const head = new BigInt64Array([2n ** 60n + 1n, -5n]);
    const stats = createReferenceKernel("I64", "I64", 0.5).compare(
      new Uint8Array(base.buffer),
      new Uint8Array(head.buffer),
      0,
      2,
    );
    expect(stats.changed).toBe(1);
    expect(stats.bitsDiffering).toBe(1);
    expect(stats.maxAbsDelta).toBe(1);
    expect(stats.maxAbsDeltaIndex).toBe(0);
  });

  it("compares F4 nibble by nibble", () => {
    // E2M1 codes: 0x0 +0, 0x1 0.5, 0x2 1, 0x3 1.5, 0x7 6, 0x8 -0, 0xf -6.
    // Byte 0: 0x21 vs 0x21, no change.
    // Byte 1: 0x08 vs 0x80, both nibbles differ, but each pair is +0 against -0.
    // Byte 2: 0x12 vs 0x13, one nibble differs, 1 against 1.5.
    // Byte 3: 0x7f vs 0xf7, both differ, 6 against -6 and -6 against 6.
    const base = new Uint8Array([0x21, 0x08, 0x12, 0x7f]);
    const head = new Uint8Array([0x21, 0x80, 0x13, 0xf7]);
    const exact = createReferenceKernel("F4", "F4", 0).compare(base, head, 0, 8);
    expect(exact.bitsDiffering).toBe(5);
    expect(exact.changed).toBe(3);
    expect(exact.finiteCount).toBe(0);
    expect(exact.maxAbsDeltaIndex).toBe(-1);

    // A threshold of 0.5 keeps 1 against 1.5 unchanged.
    const loose = createReferenceKernel("F4", "F4", 0.5).compare(base, head, 0, 8);
    expect(loose.bitsDiffering).toBe(5);
    expect(loose.changed).toBe(2);
  });

  it("counts odd F4 tail byte once", () => {
    // 3 elements in 2 bytes: byte 1 holds one element and a padding nibble, both edited here.
    const base = new Uint8Array([0x00, 0x11]);
    const head = new Uint8Array([0x00, 0x22]);
    const stats = createReferenceKernel("F4", "F4", 0).compare(base, head, 0, 3);
    expect(stats.bitsDiffering).toBe(1);
    expect(stats.changed).toBe(1);
  });

  it("decodes every E2M1 code", () => {
    const magnitudes = [0, 0.5, 1, 1.5, 2, 3, 4, 6];
    for (let code = 0; code < 16; code++) {
      const magnitude = magnitudes[code & 7] as number;
      expect(decodeMinifloat(code, E2M1), `code ${code}`).toBe(code & 8 ? -magnitude : magnitude);
    }
  });
});

describe("integer64 threshold", () => {
  const TWO_53 = 2n ** 53n;
  const thresholds = [2 ** 53, 2 ** 53 + 2, 0, 0.5, 1, 1e300, 2 ** 64, 2 ** 51 + 0.5, 1.5];
  const differences = [
    TWO_53 - 1n,
    TWO_53,
    TWO_53 + 1n,
    TWO_53 + 2n,
    TWO_53 + 3n,
    2n ** 51n + 1n,
    1n,
    2n,
  ];

  it("floors thresholds to exact integers", () => {
    expect(integerThresholdOf(2 ** 53)).toBe(TWO_53);
    expect(integerThresholdOf(0.5)).toBe(0n);
    expect(integerThresholdOf(2 ** 51 + 0.5)).toBe(2n ** 51n);
    expect(integerThresholdOf(2 ** 64)).toBe(2n ** 64n);
    expect(integerThresholdOf(Infinity)).toBeNull();
  });

  it("counts a 2^53 + 1 difference over 2^53", () => {
    const base = new BigUint64Array([0n, 0n, 0n]);
    const head = new BigUint64Array([TWO_53 + 1n, TWO_53, TWO_53 - 1n]);
    const stats = createReferenceKernel("U64", "U64", 2 ** 53).compare(
      new Uint8Array(base.buffer),
      new Uint8Array(head.buffer),
      0,
      3,
    );
    expect(stats.changed).toBe(1);
    expect(stats.bitsDiffering).toBe(3);
  });

  for (const dtype of ["U64", "I64"] as const) {
    const max = dtype === "U64" ? 2n ** 64n - 1n : 2n ** 63n - 1n;
    const anchors = dtype === "U64" ? [2n ** 63n, max] : [2n ** 62n, max];
    const base: bigint[] = [];
    const head: bigint[] = [];
    for (const anchor of anchors) {
      for (const difference of differences) {
        // The pair (anchor, anchor - d) and its mirror (anchor - d, anchor).
        base.push(anchor, anchor - difference);
        head.push(anchor - difference, anchor);
      }
    }
    if (dtype === "I64") {
      // Pairs across zero, -2^63 against values near 2^53.
      for (const difference of differences) {
        base.push(-(2n ** 63n), difference);
        head.push(-(2n ** 63n) + difference, -difference);
      }
    }

    for (const threshold of thresholds) {
      it(`counts ${dtype} changes exactly at threshold ${threshold}`, () => {
        let expected = 0;
        for (let i = 0; i < base.length; i++) {
          const a = base[i] as bigint;
          const b = head[i] as bigint;
          const delta = a > b ? a - b : b - a;
          if (exceedsThreshold(delta, threshold)) expected++;
        }
        const View = dtype === "U64" ? BigUint64Array : BigInt64Array;
        const stats = createReferenceKernel(dtype, dtype, threshold).compare(
          new Uint8Array(View.from(base).buffer),
          new Uint8Array(View.from(head).buffer),
          0,
          base.length,
        );
        expect(stats.changed).toBe(expected);
        expect(stats.bitsDiffering).toBe(base.length);
      });
    }
  }

  it("checks the test's own threshold comparison", () => {
    expect(exceedsThreshold(TWO_53 + 1n, 2 ** 53)).toBe(true);
    expect(exceedsThreshold(TWO_53, 2 ** 53)).toBe(false);
    expect(exceedsThreshold(TWO_53 + 2n, 2 ** 53 + 2)).toBe(false);
    expect(exceedsThreshold(TWO_53 + 3n, 2 ** 53 + 2)).toBe(true);
    expect(exceedsThreshold(1n, 0.5)).toBe(true);
    expect(exceedsThreshold(1n, 1)).toBe(false);
    expect(exceedsThreshold(2n, 1.5)).toBe(true);
    expect(exceedsThreshold(2n ** 64n - 1n, 1e300)).toBe(false);
    expect(exceedsThreshold(2n ** 64n - 1n, 2 ** 64)).toBe(false);
    expect(exceedsThreshold(1n, 0)).toBe(true);
  });
});
