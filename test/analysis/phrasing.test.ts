import { describe, expect, it } from "vitest";
import { count } from "../../src/analysis/phrasing.js";

describe("count", () => {
  it.each([
    [1, "tensor", "1 tensor"],
    [0, "tensor", "0 tensors"],
    [2, "matrix", "2 matrices"],
    [1, "matrix", "1 matrix"],
    [1234, "parameter", "1,234 parameters"],
    [1007716864, "parameter", "1,007,716,864 parameters"],
  ])("writes %d %s as %j", (value, noun, expected) => {
    expect(count(value, noun)).toBe(expected);
  });
});
