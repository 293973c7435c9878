import { describe, expect, it } from "vitest";
import {
  addDeltaBytes,
  bytewiseDeltaBytes,
  cheapestEncoding,
  compressionRatio,
  deltaEncodings,
  tensorDeltaBytes,
  WIDE_INDEX_THRESHOLD,
  wholeTensorDeltaBytes,
} from "../../src/analysis/delta-size.js";

describe("tensorDeltaBytes", () => {
  it("prices a BF16 tensor with few changes", () => {
    // 1000 elements, 10 changed, 2 bytes per value.
    // dense 1000 * 2 = 2000; sparse 10 * (4 + 2) = 60; bitmap ceil(1000 / 8) + 10 * 2 = 145.
    expect(tensorDeltaBytes(1000, 10, "BF16")).toEqual({ dense: 2000, sparse: 60, bitmap: 145 });
  });

  it("prices an F32 tensor where every element changed", () => {
    // 100 elements, all changed: dense 400; sparse 100 * 8 = 800; bitmap 13 + 400 = 413.
    expect(tensorDeltaBytes(100, 100, "F32")).toEqual({ dense: 400, sparse: 800, bitmap: 413 });
  });

  it("prices an unchanged tensor", () => {
    // 9 elements of F16: dense 18; sparse 0; bitmap ceil(9 / 8) = 2.
    expect(tensorDeltaBytes(9, 0, "F16")).toEqual({ dense: 18, sparse: 0, bitmap: 2 });
  });

  it("rounds sub-byte values up per tensor", () => {
    // F4, 5 elements, 3 changed: dense ceil(20 bits / 8) = 3; values ceil(12 bits / 8) = 2;
    // sparse 3 * 4 + 2 = 14; bitmap ceil(5 / 8) + 2 = 3.
    expect(tensorDeltaBytes(5, 3, "F4")).toEqual({ dense: 3, sparse: 14, bitmap: 3 });
    // F6_E2M3, 4 elements, 1 changed: dense 24 bits = 3; value ceil(6 / 8) = 1.
    expect(tensorDeltaBytes(4, 1, "F6_E2M3")).toEqual({ dense: 3, sparse: 5, bitmap: 2 });
  });

  it("uses 8-byte indices from 2^32 elements", () => {
    const below = WIDE_INDEX_THRESHOLD - 1;
    expect(tensorDeltaBytes(below, 1, "U8").sparse).toBe(4 + 1);
    expect(tensorDeltaBytes(WIDE_INDEX_THRESHOLD, 1, "U8").sparse).toBe(8 + 1);
    // Bitmap of 2^32 elements: 2^29 bytes, plus one 1-byte value.
    expect(tensorDeltaBytes(WIDE_INDEX_THRESHOLD, 1, "U8").bitmap).toBe(536870912 + 1);
  });
});

describe("other delta prices", () => {
  it("counts bytewise tensors in bytes", () => {
    // 64 stored bytes, 3 differ: dense 64; sparse 3 * 5 = 15; bitmap 8 + 3 = 11.
    expect(bytewiseDeltaBytes(64, 3)).toEqual({ dense: 64, sparse: 15, bitmap: 11 });
  });

  it("counts whole tensors in every encoding", () => {
    // 7 F4 elements take ceil(28 / 8) = 4 bytes.
    expect(wholeTensorDeltaBytes(7, "F4")).toEqual({ dense: 4, sparse: 4, bitmap: 4 });
    expect(wholeTensorDeltaBytes(3, "F64")).toEqual({ dense: 24, sparse: 24, bitmap: 24 });
  });

  it("adds per encoding", () => {
    expect(
      addDeltaBytes({ dense: 1, sparse: 2, bitmap: 3 }, { dense: 10, sparse: 20, bitmap: 30 }),
    ).toEqual({
      dense: 11,
      sparse: 22,
      bitmap: 33,
    });
  });
});

describe("cheapest encoding and ratio", () => {
  it("names the smallest", () => {
    expect(cheapestEncoding({ dense: 2000, sparse: 60, bitmap: 145 })).toBe("sparse");
    expect(cheapestEncoding({ dense: 400, sparse: 800, bitmap: 413 })).toBe("dense");
    expect(cheapestEncoding({ dense: 400, sparse: 800, bitmap: 399 })).toBe("bitmap");
  });

  it("breaks ties in listed order", () => {
    expect(cheapestEncoding({ dense: 5, sparse: 5, bitmap: 5 })).toBe("dense");
    expect(cheapestEncoding({ dense: 6, sparse: 5, bitmap: 5 })).toBe("sparse");
  });

  it("divides model bytes by the cheapest", () => {
    expect(compressionRatio(2000, { dense: 2000, sparse: 60, bitmap: 145 })).toBeCloseTo(
      2000 / 60,
      12,
    );
    expect(compressionRatio(400, { dense: 400, sparse: 800, bitmap: 413 })).toBe(1);
  });

  it("has no ratio for an empty delta", () => {
    expect(compressionRatio(100, { dense: 100, sparse: 0, bitmap: 4 })).toBeNull();
    expect(compressionRatio(100, { dense: 0, sparse: 0, bitmap: 0 })).toBeNull();
  });

  it("names none when every encoding is empty", () => {
    // Only renamed tensors: no encoding carries a byte.
    expect(cheapestEncoding({ dense: 0, sparse: 0, bitmap: 0 })).toBeNull();
    // An identical pair: dense still stores every value, and sparse stores nothing.
    expect(cheapestEncoding({ dense: 100, sparse: 0, bitmap: 4 })).toBe("sparse");
  });

  it("lists the three encodings with methods", () => {
    const encodings = deltaEncodings({ dense: 1, sparse: 2, bitmap: 3 });
    expect(encodings.map((encoding) => [encoding.name, encoding.bytes])).toEqual([
      ["dense", 1],
      ["sparse", 2],
      ["bitmap", 3],
    ]);
    for (const encoding of encodings) expect(encoding.description.length).toBeGreaterThan(20);
  });
});
