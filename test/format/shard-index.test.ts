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
    expect(error.message).toMatch(/^"i\.json": weight_map has 8 invalid shard file names/);
    for (const key of ["a", "b", "c", "d", "e", "f", "g", "h"]) {
      expect(error.message).toContain(`"${key}" -> `);
    }
    expect(error.message).not.toContain('"ok"');
  });

  it.each([
    ["../a", "`..`"],
    ["a/./b", "`.`"],
    ["/a", "absolute"],
    ["a\\b", "backslash"],
    ["%2E%2e", "percent-encoded"],
    ["a%2fb", "percent-encoded"],
    ["%252e%252e/x.safetensors", "percent-encoded"],
    ["\uff0e\uff0e/x.safetensors", "after Unicode NFKC normalization, an empty, `.` or `..`"],
    ["\uff3c.safetensors", "after Unicode NFKC normalization, a backslash"],
    ["\u2025/x.safetensors", "after Unicode NFKC normalization, an empty"],
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
      "not valid JSON",
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
    expect(error.message).toContain('weight_map maps "a" more than once');
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
      `"m/index.json": checkpoint incomplete: "${S2}" is named by the index (1 tensor: "b") but missing`,
    );
    expect(error.message).toContain("Re-download");
  });

  it("lists several missing shards", () => {
    const error = errorOf(() => assertShardsPresent(sample, "i", [S1, S2]));
    expect(error.message).toContain("checkpoint incomplete: 2 shards");
    expect(error.message).toContain(`"${S1}" is named by the index (2 tensors: "a", "c")`);
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
    expect(warnings[0]).toContain(`"x_extra" is in "${S1}" but absent from the index's weight_map`);
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
      `"c" is mapped to "${S1}" but missing from that shard's header`,
    );
    expect(error.message).toContain(`"a" is defined in 2 shards: "${S1}", "${S2}"`);
    expect(error.message).toContain('"x_extra" is in');
  });

  it("says where a misplaced tensor is", () => {
    const shards = new Map([
      [S1, ["a"]],
      [S2, ["b", "c"]],
    ]);
    const error = errorOf(() => checkShardConsistency(sample, "i", shards));
    expect(error.message).toContain(
      `"c" is mapped to "${S1}" but missing from that shard's header; it is in "${S2}"`,
    );
  });
});

/** Checks that a message is short and has no control character other than a line feed. */
function expectPrintable(message: string, maxLength = 4000): void {
  expect(message.length).toBeLessThan(maxLength);
  expect([...message].filter((char) => char < " " && char !== "\n")).toEqual([]);
  expect(message).not.toContain("\u001b");
}

describe("parseShardIndex hardening", () => {
  it("rejects metadata nested 5,000 arrays deep", () => {
    const nested = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const text = `{"metadata":{"k":${nested}},"weight_map":{"a":"${S1}"}}`;
    const error = errorOf(() => parseShardIndex(indexBytes(text), "i"));
    expect(error).toBeInstanceOf(LimitError);
    expect((error as LimitError).limit).toBe("MAX_JSON_DEPTH");
    expect(error.message).toContain('the value of "metadata" reaches JSON nesting depth 65');
  });

  it("accepts an index at the depth limit", () => {
    const text = `{"metadata":{"k":[[1]]},"weight_map":{"a":"${S1}"}}`;
    const limits = { ...DEFAULT_LIMITS, maxJsonDepth: 4 };
    expect(parseShardIndex(indexBytes(text), "i", limits).shards).toEqual([S1]);
    const error = errorOf(() =>
      parseShardIndex(indexBytes(text), "i", { ...limits, maxJsonDepth: 3 }),
    );
    expect(error.message).toContain("depth 4");
  });

  it("rejects an entry naming the index itself", () => {
    const name = "model.safetensors.index.json";
    const bytes = indexBytes({ weight_map: { a: name, b: S1 } });
    const error = errorOf(() => parseShardIndex(bytes, `dir/${name}`));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain(`"a" -> "${name}" is the index file itself`);
    expect(error.message).toContain("weight_map has 1 invalid shard file name:");
  });

  it("rejects a shard that is not .safetensors", () => {
    const bytes = indexBytes({ weight_map: { a: "pytorch_model-00001.bin" } });
    const error = errorOf(() => parseShardIndex(bytes, "i.json"));
    expect(error.message).toContain(
      '"a" -> "pytorch_model-00001.bin" does not end in `.safetensors`',
    );
  });

  it("rejects an index that is not UTF-8", () => {
    const error = errorOf(() => parseShardIndex(Uint8Array.of(0x7b, 0xff, 0x7d), "i"));
    expect(error.message).toContain("the shard index is not valid UTF-8");
  });

  it("escapes a hostile JSON syntax error", () => {
    const error = errorOf(() => parseShardIndex(indexBytes('{"a": x\u001b[2J}'), "i"));
    expect(error.message).toContain("not valid JSON");
    expectPrintable(error.message);
  });

  const huge = `\u001b[2J\n${"x".repeat(1_000_000)}`;
  it.each([
    ["unsafe shard name", { weight_map: { a: `../${huge}` } }],
    ["tensor name", { weight_map: { [huge]: "../x" } }],
    ["non-string shard", { weight_map: { a: [huge] } }],
  ])("cuts a 1 MB %s", (_what, value) => {
    const error = errorOf(() => parseShardIndex(indexBytes(value), "i.json"));
    expectPrintable(error.message);
    expect(error.message).toContain("\\u001b");
  });

  it("cuts a 1 MB missing shard name", () => {
    const index = parseShardIndex(indexBytes({ weight_map: { a: `${huge}.safetensors` } }), "i");
    const error = errorOf(() => assertShardsPresent(index, "i", index.shards));
    expectPrintable(error.message);
    expect(error.message).toContain('"\\u001b[2J\\nxxx');
  });

  it("cuts a 1 MB duplicate key", () => {
    const key = JSON.stringify(huge);
    const text = `{"weight_map":{${key}:"${S1}",${key}:"${S2}"}}`;
    expectPrintable(errorOf(() => parseShardIndex(indexBytes(text), "i")).message);
  });

  it("bounds a list of many long invalid names", () => {
    const map = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`${i}${"\u0000".repeat(500)}`, "../x"]),
    );
    const error = errorOf(() => parseShardIndex(indexBytes({ weight_map: map }), "i"));
    expect(error.message).toContain("weight_map has 50 invalid shard file names");
    expect(error.message).toMatch(/ {2}- and \d+ more\n/);
    expectPrintable(error.message, 6000);
  });
});

describe("shard messages", () => {
  it("bounds missing shards with long names", () => {
    const shards = Array.from({ length: 30 }, (_, i) => `${i}${"\u0007".repeat(1000)}.safetensors`);
    const map = Object.fromEntries(shards.map((shard, i) => [`t${i}`, shard]));
    const index = parseShardIndex(indexBytes({ weight_map: map }), "i");
    const error = errorOf(() => assertShardsPresent(index, "i", shards));
    expect(error.message).toContain("checkpoint incomplete: 30 shards:");
    expectPrintable(error.message, 6000);
  });

  it("counts one problem in the singular", () => {
    const error = errorOf(() =>
      checkShardConsistency(
        sample,
        "i",
        new Map([
          [S1, ["a", "c"]],
          [S2, []],
        ]),
      ),
    );
    expect(error.message).toContain("disagree (1 problem):");
  });
});
