import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { FormatError, InputError } from "../../src/errors.js";
import { readSafetensorsFile } from "../../src/format/safetensors.js";
import { LocalFileSource } from "../../src/io/local-file.js";
import { describeShared, sharedPath } from "../helpers/shared.js";

/** Expected error class and the facts its message must contain, per malformed file. */
const MALFORMED: Record<
  string,
  { error: typeof FormatError | typeof InputError; facts: string[] }
> = {
  "hdr_len_u64max.safetensors": {
    error: FormatError,
    facts: ["18446744073709551615", "larger than the file (68 bytes)", "header limit"],
  },
  "lfs_pointer.safetensors": {
    error: InputError,
    facts: ["Git LFS pointer", "git lfs pull"],
  },
  "truncated.safetensors": {
    error: FormatError,
    facts: [
      "truncated",
      '"w" needs data bytes [0, 64)',
      "data section has 40 bytes",
      "expected file size 136, actual 112",
      "Re-download",
    ],
  },
  "overlap.safetensors": {
    error: FormatError,
    facts: ['"a" [0, 16)', '"b" [8, 24)', "overlap on data bytes [8, 16)"],
  },
  "alias_same_range.safetensors": {
    error: FormatError,
    facts: ['"embed.weight"', '"lm_head.weight"', "[0, 16)", "tied weights"],
  },
  "hole.safetensors": {
    error: FormatError,
    facts: ["data bytes [8, 16) are not covered by any tensor"],
  },
  "trailing_bytes.safetensors": {
    error: FormatError,
    facts: ["4 bytes after the last tensor", "[8, 12)"],
  },
  "shape_mismatch.safetensors": {
    error: FormatError,
    facts: ['"w"', "needs 64 bytes (16 elements x 4 bytes)", "give 16 bytes"],
  },
  "offsets_reversed.safetensors": {
    error: FormatError,
    facts: ['"w" has reversed data_offsets [8, 0]'],
  },
  "empty_dtype.safetensors": {
    error: FormatError,
    facts: ['"lm_head.weight" has dtype ""', "supported: F64, F32"],
  },
  "metadata_only_bad_json.safetensors": {
    error: FormatError,
    facts: ["not a single JSON object", "at header byte 2"],
  },
};

const VALID = [
  "meta_nonstring.safetensors",
  "metadata_only_valid.safetensors",
  "positive_edge.safetensors",
];

async function read(name: string) {
  const source = await LocalFileSource.open(sharedPath("cases", name), name);
  try {
    return await readSafetensorsFile(source);
  } finally {
    await source.close();
  }
}

describeShared("shared malformed cases", () => {
  it("covers every single file", () => {
    const files = readdirSync(sharedPath("cases")).filter((name) => name.endsWith(".safetensors"));
    expect(files.sort()).toEqual([...Object.keys(MALFORMED), ...VALID].sort());
  });

  it.each(Object.entries(MALFORMED))("rejects %s", async (name, expected) => {
    const error = await read(name).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error).toBeInstanceOf(expected.error);
    expect(error?.message.startsWith(`"${name}": `)).toBe(true);
    for (const fact of expected.facts) expect(error?.message).toContain(fact);
  });

  it("keeps non-string metadata with a warning", async () => {
    const file = await read("meta_nonstring.safetensors");
    expect(file.metadata).toEqual({
      format: "pt",
      epoch: 3,
      cfg: { lr: 0.1 },
      tags: ["a", "b"],
      none: null,
    });
    expect(file.warnings).toHaveLength(1);
    expect(file.warnings[0]).toContain('"epoch", "cfg", "tags", "none" are not strings');
    expect(file.tensors.map((tensor) => tensor.name)).toEqual(["w"]);
  });

  it("loads metadata_only_valid", async () => {
    const file = await read("metadata_only_valid.safetensors");
    expect(file.tensors).toEqual([]);
    expect(file.metadata).toEqual({ k: "v" });
  });

  it("loads positive_edge with exact values", async () => {
    const path = sharedPath("cases", "positive_edge.safetensors");
    const bytes = readFileSync(path);
    const file = await read("positive_edge.safetensors");
    const byName = new Map(file.tensors.map((tensor) => [tensor.name, tensor]));
    expect([...byName.keys()].sort()).toEqual(["empty_a", "empty_b", "flags", "scalar", "vec"]);
    expect(file.dataStart).toBe(8 + 320);
    expect(file.metadata).toEqual({});

    const scalar = byName.get("scalar");
    expect(scalar?.shape).toEqual([]);
    expect(scalar?.numel).toBe(1);
    expect(bytes.readFloatLE(scalar?.byteOffset ?? -1)).toBe(2.5);

    const vec = byName.get("vec");
    expect(vec?.dtype).toBe("F16");
    const halves = [0, 1, 2].map((i) =>
      decodeF16(bytes.readUInt16LE((vec?.byteOffset ?? -1) + 2 * i)),
    );
    expect(halves).toEqual([1, -2, 0.5]);

    const flags = byName.get("flags");
    expect([...bytes.subarray(flags?.byteOffset, (flags?.byteOffset ?? 0) + 3)]).toEqual([1, 0, 1]);

    expect(byName.get("empty_a")?.numel).toBe(0);
    expect(byName.get("empty_b")?.numel).toBe(0);
    expect(byName.get("empty_b")?.shape).toEqual([3, 0]);
    const parameters = file.tensors.reduce((sum, tensor) => sum + tensor.numel, 0);
    expect(parameters).toBe(7);
  });
});

/** Decodes an IEEE 754 half-precision value from its 16 bits. */
function decodeF16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
