import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatCosine,
  formatCount,
  formatFigure,
  formatPercent,
  formatRatio,
  formatShape,
  formatThreshold,
} from "../../src/report/format.js";

describe("formatCount", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [1000, "1,000"],
    [494032768, "494,032,768"],
    [-1234567, "-1,234,567"],
    [2 ** 53 - 1, "9,007,199,254,740,991"],
  ])("%d", (value, expected) => {
    expect(formatCount(value)).toBe(expected);
  });
});

describe("formatPercent", () => {
  it.each([
    [0.9793, "97.93%"],
    [0, "0.00%"],
    [1, "100.00%"],
    [1 / 3, "33.33%"],
    [0.00001, "<0.01%"],
    [0.99999, ">99.99%"],
    [null, "n/a"],
    [Number.NaN, "n/a"],
  ])("%s", (value, expected) => {
    expect(formatPercent(value)).toBe(expected);
  });
});

describe("formatFigure", () => {
  it.each([
    [0, "0"],
    [0.01904, "0.01904"],
    [0.001, "0.001000"],
    [0.00099999, "1.000e-03"],
    [0.000123456, "1.235e-04"],
    [1.234e-5, "1.234e-05"],
    [1.41426, "1.414"],
    [9999, "9999"],
    [65504, "6.550e+04"],
    [-0.5, "-0.5000"],
    [null, "n/a"],
    [Number.NaN, "n/a"],
    [Number.POSITIVE_INFINITY, "n/a"],
  ])("%s", (value, expected) => {
    expect(formatFigure(value)).toBe(expected);
  });
});

describe("formatCosine", () => {
  it.each([
    [1, "1"],
    [0.98, "0.9800"],
    [0.99999, "1 - 1.000e-05"],
    [-0.99999, "-1 + 1.000e-05"],
    [0.0123, "0.01230"],
    [null, "n/a"],
  ])("%s", (value, expected) => {
    expect(formatCosine(value)).toBe(expected);
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 bytes"],
    [1, "1 byte"],
    [1023, "1,023 bytes"],
    [1024, "1.0 KiB (1,024 bytes)"],
    // 988065536 / 2^20 = 942.29...
    [988065536, "942.3 MiB (988,065,536 bytes)"],
    // 2.7 * 2^30 = 2899102924.8
    [2899102925, "2.7 GiB (2,899,102,925 bytes)"],
    [null, "n/a"],
  ])("%s", (value, expected) => {
    expect(formatBytes(value)).toBe(expected);
  });
});

describe("other formats", () => {
  it("formats ratios", () => {
    expect(formatRatio(0.3)).toBe("0.30x");
    expect(formatRatio(122 / 65)).toBe("1.88x");
    expect(formatRatio(0.001)).toBe("0.001000x");
    expect(formatRatio(0.0005)).toBe("5.000e-04x");
    expect(formatRatio(null)).toBe("n/a");
  });

  it("formats thresholds as Python does", () => {
    expect(formatThreshold(1e-6)).toBe("1e-06");
    expect(formatThreshold(2.5e-7)).toBe("2.5e-07");
    expect(formatThreshold(0.001)).toBe("0.001");
    expect(formatThreshold(0)).toBe("0");
  });

  it("formats shapes", () => {
    expect(formatShape([151936, 896])).toBe("151936x896");
    expect(formatShape([])).toBe("scalar");
  });
});
