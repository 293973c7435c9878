import { describe, expect, it } from "vitest";
import { FormatError, LimitError } from "../../src/errors.js";
import { DEFAULT_LIMITS } from "../../src/format/limits.js";
import {
  assertShardsPresent,
  checkShardConsistency,
  parseShardIndex,
  unsafeShardNameReason,
} from "../../src/format/shard-index.js";

const S1 = "model-00001-of-00002.safetensors";
const S2 = "model-00002-of-00002.safetensors";

function indexBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
}

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error, but none was thrown");
}

const sample = parseShardIndex(
  indexBytes({ metadata: { total_size: 12 }, weight_map: { a: S1, b: S2, c: S1 } }),
  "m/index.json",
);

describe("parseShardIndex", () => {
  it("groups tensors by shard", () => {
    expect(sample.metadata).toEqual({ total_size: 12 });
    expect(sample.shards).toEqual([S1, S2]);
    expect(sample.tensorsByShard.get(S1)).toEqual(["a", "c"]);
    expect(sample.tensorsByShard.get(S2)).toEqual(["b"]);
    expect(sample.weightMap.get("b")).toBe(S2);
  });

  it("accepts a missing metadata object", () => {
    expect(parseShardIndex(indexBytes({ weight_map: { a: S1 } }), "i").metadata).toEqual({});
  });

  it("names every shard name that leaves the folder", () => {
    const bad = {
      a: "../x.safetensors",
      b: "/etc/x.safetensors",
      c: "sub\\x.safetensors",
      d: "%2e%2e/x.safetensors",
      e: "",
      f: "C:x.safetensors",
      g: "sub//x.safetensors",
      h: 7,
      ok: S1,
    };
    const error = errorOf(() => parseShardIndex(indexBytes({ weight_map: bad }), "i.json"));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toMatch(/^i\.json: weight_map names 8 shard files/);
    for (const key of ["a", "b", "c", "d", "e", "f", "g", "h"]) {
      expect(error.message).toContain(`\`${key}\` -> `);
    }
    expect(error.message).not.toContain("`ok`");
  });

  it.each([
    ["../a", "`..`"],
    ["a/./b", "`.`"],
    ["/a", "absolute"],
    ["a\\b", "backslash"],
    ["%2E%2e", "percent-encoded"],
    ["a%2fb", "percent-encoded"],
    ["", "empty"],
  ])("rejects shard name %j", (name, reason) => {
    expect(unsafeShardNameReason(name)).toContain(reason);
  });

  it("accepts plain and nested names", () => {
    expect(unsafeShardNameReason(S1)).toBeUndefined();
    expect(unsafeShardNameReason("unet/diffusion_pytorch_model.safetensors")).toBeUndefined();
    expect(unsafeShardNameReason("a..b.safetensors")).toBeUndefined();
  });

  it("rejects malformed indexes", () => {
    expect(errorOf(() => parseShardIndex(indexBytes("{"), "i")).message).toContain(
      "not valid UTF-8 JSON",
    );
    expect(errorOf(() => parseShardIndex(indexBytes([]), "i")).message).toContain(
      "must be a JSON object",
    );
    expect(errorOf(() => parseShardIndex(indexBytes({}), "i")).message).toContain(
      "no `weight_map`",
    );
    expect(errorOf(() => parseShardIndex(indexBytes({ weight_map: {} }), "i")).message).toContain(
      "weight_map is empty",
    );
    expect(
      errorOf(() => parseShardIndex(indexBytes({ metadata: 3, weight_map: { a: S1 } }), "i"))
        .message,
    ).toContain("`metadata` must be an object");
  });

  it("rejects duplicate weight_map keys", () => {
    const text = `{"weight_map":{"a":"${S1}","a":"${S2}"}}`;
    const error = errorOf(() => parseShardIndex(indexBytes(text), "i"));
    expect(error.message).toContain("weight_map maps `a` more than once");
  });

  it("applies the size, tensor and shard limits", () => {
    const bytes = indexBytes({ weight_map: { a: S1, b: S2 } });
    const size = errorOf(() =>
      parseShardIndex(bytes, "i", { ...DEFAULT_LIMITS, maxIndexBytes: bytes.byteLength - 1 }),
    );
    expect(size).toBeInstanceOf(LimitError);
    expect(size.message).toContain(`the index has ${bytes.byteLength} bytes`);
    expect(
      parseShardIndex(bytes, "i", { ...DEFAULT_LIMITS, maxIndexBytes: bytes.byteLength }).shards,
    ).toHaveLength(2);

    const tensors = errorOf(() =>
      parseShardIndex(bytes, "i", { ...DEFAULT_LIMITS, maxTensorCount: 1 }),
    );
    expect(tensors).toBeInstanceOf(LimitError);
    expect(tensors.message).toContain("weight_map lists 2 tensors");

    const shards = errorOf(() =>
      parseShardIndex(bytes, "i", { ...DEFAULT_LIMITS, maxShardCount: 1 }),
    );
    expect(shards).toBeInstanceOf(LimitError);
    expect(shards.message).toContain("weight_map names 2 shard files");
    expect(shards.message).toContain("MODEL_DIFF_MAX_SHARD_COUNT");
  });
});

describe("assertShardsPresent", () => {
  it("passes when nothing is missing", () => {
    expect(() => assertShardsPresent(sample, "i", [])).not.toThrow();
  });

  it("names a missing shard and its tensors", () => {
    const error = errorOf(() => assertShardsPresent(sample, "m/index.json", [S2]));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain(
      `m/index.json: checkpoint incomplete: \`${S2}\` is named by the index (1 tensor: \`b\`) but missing`,
    );
    expect(error.message).toContain("Re-download");
  });

  it("lists several missing shards", () => {
    const error = errorOf(() => assertShardsPresent(sample, "i", [S1, S2]));
    expect(error.message).toContain("checkpoint incomplete: 2 shards");
    expect(error.message).toContain(`\`${S1}\` is named by the index (2 tensors: \`a\`, \`c\`)`);
  });
});

describe("checkShardConsistency", () => {
  it("returns no warnings when consistent", () => {
    const shards = new Map([
      [S1, ["a", "c"]],
      [S2, ["b"]],
    ]);
    expect(checkShardConsistency(sample, "i", shards)).toEqual([]);
  });

  it("warns on an unlisted tensor alone", () => {
    const shards = new Map([
      [S1, ["a", "c", "x_extra"]],
      [S2, ["b"]],
    ]);
    const warnings = checkShardConsistency(sample, "i", shards);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      `\`x_extra\` is in \`${S1}\` but absent from the index's weight_map`,
    );
  });

  it("lists every inconsistency at once", () => {
    const shards = new Map([
      [S1, ["a", "x_extra"]],
      [S2, ["a", "b"]],
    ]);
    const error = errorOf(() => checkShardConsistency(sample, "i", shards));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain("(3 problems)");
    expect(error.message).toContain(
      `\`c\` is mapped to \`${S1}\` but missing from that shard's header`,
    );
    expect(error.message).toContain(`\`a\` is defined in 2 shards: \`${S1}\` and \`${S2}\``);
    expect(error.message).toContain("`x_extra` is in");
  });

  it("says where a misplaced tensor is", () => {
    const shards = new Map([
      [S1, ["a"]],
      [S2, ["b", "c"]],
    ]);
    const error = errorOf(() => checkShardConsistency(sample, "i", shards));
    expect(error.message).toContain(
      `\`c\` is mapped to \`${S1}\` but missing from that shard's header; it is in \`${S2}\``,
    );
  });
});
