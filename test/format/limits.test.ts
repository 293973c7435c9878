import { describe, expect, it } from "vitest";
import { LimitError, UsageError } from "../../src/errors.js";
import {
  DEFAULT_LIMITS,
  LIMIT_INFO,
  limitError,
  limitsFromEnv,
  MAX_HEADER_BYTES,
} from "../../src/format/limits.js";

describe("limitsFromEnv", () => {
  it("returns defaults without variables", () => {
    expect(limitsFromEnv({})).toEqual(DEFAULT_LIMITS);
    expect(MAX_HEADER_BYTES).toBe(100_000_000);
  });

  it("reads every override", () => {
    const limits = limitsFromEnv({
      MODEL_DIFF_MAX_HEADER_BYTES: "200000000",
      MODEL_DIFF_MAX_TENSOR_COUNT: "5",
      MODEL_DIFF_MAX_DIMS: " 8 ",
      MODEL_DIFF_MAX_SHARD_COUNT: "3",
      MODEL_DIFF_MAX_INDEX_BYTES: "1024",
      MODEL_DIFF_MAX_JSON_DEPTH: "16",
    });
    expect(limits).toEqual({
      maxHeaderBytes: 200_000_000,
      maxTensorCount: 5,
      maxDims: 8,
      maxShardCount: 3,
      maxIndexBytes: 1024,
      maxJsonDepth: 16,
    });
  });

  it("ignores empty values", () => {
    expect(limitsFromEnv({ MODEL_DIFF_MAX_DIMS: "" }).maxDims).toBe(DEFAULT_LIMITS.maxDims);
  });

  it.each(["abc", "0", "-1", "1.5", "1e9", "0x10", "9007199254740993"])("rejects %j", (value) => {
    const read = () => limitsFromEnv({ MODEL_DIFF_MAX_HEADER_BYTES: value });
    expect(read).toThrow(UsageError);
    expect(read).toThrow(/MODEL_DIFF_MAX_HEADER_BYTES/);
    expect(read).toThrow(JSON.stringify(value));
  });

  it("names a variable for every limit", () => {
    for (const name of Object.keys(DEFAULT_LIMITS) as (keyof typeof DEFAULT_LIMITS)[]) {
      expect(LIMIT_INFO[name].envVar).toMatch(/^MODEL_DIFF_MAX_[A-Z_]+$/);
    }
  });
});

describe("limitError", () => {
  it("names the limit, value and variable", () => {
    const error = limitError("m.safetensors", "maxDims", DEFAULT_LIMITS, "tensor `w` has 70 dims");
    expect(error).toBeInstanceOf(LimitError);
    expect(error.limit).toBe("MAX_DIMS");
    expect(error.file).toBe("m.safetensors");
    expect(error.message).toMatch(/^"m\.safetensors": tensor `w` has 70 dims/);
    expect(error.message).toContain("MAX_DIMS of 64 dimensions");
    expect(error.message).toContain("MODEL_DIFF_MAX_DIMS");
  });
});
