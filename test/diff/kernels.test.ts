import { describe, expect, it } from "vitest";
import { comparisonOf, createReferenceKernel, decodeTable } from "../../src/diff/kernels.js";
import type { DType } from "../../src/format/dtypes.js";
import { decodeMinifloat } from "./reference.js";

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
});
