import { describe, expect, it } from "vitest";
import { FormatError, LimitError } from "../../src/errors.js";
import { readHeaderFastPath, type TensorFactory } from "../../src/format/header-fast-path.js";
import { DEFAULT_LIMITS, type Limits } from "../../src/format/limits.js";
import { type HeaderTensor, parseSafetensorsHeader } from "../../src/format/safetensors.js";
import { encodeSafetensors } from "../../src/format/writer.js";

const headerTensor: TensorFactory<HeaderTensor> = (
  name,
  dtype,
  shape,
  numel,
  byteOffset,
  byteLength,
) => ({ name, dtype, shape, numel, byteOffset, byteLength });

/** Returns a header as UTF-8 bytes, or raw bytes as given, for invalid UTF-8. */
function headerBytes(header: string | Uint8Array): Uint8Array {
  return typeof header === "string" ? new TextEncoder().encode(header) : header;
}

/** Runs the fast path on a header followed by `dataLength` data bytes. */
function fast(header: string | Uint8Array, dataLength: number, limits: Limits = DEFAULT_LIMITS) {
  const bytes = headerBytes(header);
  const dataStart = 8 + bytes.byteLength;
  return readHeaderFastPath(bytes, dataStart, dataStart + dataLength, limits, headerTensor);
}

/** Runs parseSafetensorsHeader, the fast path and the general path behind it. */
function parse(header: string | Uint8Array, dataLength: number, limits: Limits = DEFAULT_LIMITS) {
  const bytes = headerBytes(header);
  return parseSafetensorsHeader(bytes, 8 + bytes.byteLength + dataLength, "t.safetensors", limits);
}

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error, but none was thrown");
}

/** Returns an entry as header text. */
function entry(dtype: string, shape: string, offsets: string): string {
  return `{"dtype":"${dtype}","shape":${shape},"data_offsets":${offsets}}`;
}

describe("readHeaderFastPath", () => {
  it("reads a written header", () => {
    const file = encodeSafetensors(
      [
        { name: "a", dtype: "F32", shape: [2], data: new Uint8Array(8) },
        { name: "b", dtype: "U8", shape: [1, 3], data: new Uint8Array(3) },
      ],
      { format: "pt" },
    );
    const length = Number(new DataView(file.buffer).getBigUint64(0, true));
    const dataStart = 8 + length;
    const read = readHeaderFastPath(
      file.subarray(8, dataStart),
      dataStart,
      file.byteLength,
      DEFAULT_LIMITS,
      headerTensor,
    );
    expect(read).toEqual({
      tensors: [
        { name: "a", dtype: "F32", shape: [2], numel: 2, byteOffset: dataStart, byteLength: 8 },
        {
          name: "b",
          dtype: "U8",
          shape: [1, 3],
          numel: 3,
          byteOffset: dataStart + 8,
          byteLength: 3,
        },
      ],
      metadata: { format: "pt" },
    });
  });

  it("reads whitespace and any key order", () => {
    const header =
      ' \r\n{\t"b" :\n{ "shape" : [ 2 , 2 ] ,\t"data_offsets":[ 4,12 ], "dtype" : "I16" } ,\r\n' +
      '"a":{"data_offsets":[0 ,4],"dtype":"F32","shape":[ ]}\n}\t \n';
    const dataStart = 8 + Buffer.byteLength(header);
    expect(fast(header, 12)?.tensors).toEqual([
      { name: "a", dtype: "F32", shape: [], numel: 1, byteOffset: dataStart, byteLength: 4 },
      {
        name: "b",
        dtype: "I16",
        shape: [2, 2],
        numel: 4,
        byteOffset: dataStart + 4,
        byteLength: 8,
      },
    ]);
  });

  it("decodes escaped and non-ASCII names", () => {
    const spelled = [
      '"q\\"uote"',
      '"\\u00e9t\\u00e9"',
      '"ü/ß.weight"',
      '"\\ud83d\\ude00"',
      '"__proto__"',
      '"tab\\tname"',
    ];
    const members = spelled.map((name, i) => `${name}:${entry("U8", "[1]", `[${i},${i + 1}]`)}`);
    const read = fast(`{${members.join(",")}}`, spelled.length);
    expect(read?.tensors.map((tensor) => tensor.name)).toEqual([
      'q"uote',
      "été",
      "ü/ß.weight",
      "😀",
      "__proto__",
      "tab\tname",
    ]);
  });

  it("keeps metadata as JSON.parse does", () => {
    const header =
      '{"__metadata__":{"b":"x\\ny","2":"two","__proto__":"p","1":"one"},' +
      `"w":${entry("U8", "[1]", "[0,1]")}}`;
    const metadata = fast(header, 1)?.metadata;
    // Array-index keys come first in ascending order, then the others in text order.
    expect(Object.entries(metadata ?? {})).toEqual([
      ["1", "one"],
      ["2", "two"],
      ["b", "x\ny"],
      ["__proto__", "p"],
    ]);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
  });

  it("reads null and empty metadata as {}", () => {
    for (const value of ["null", "{}", " { } "]) {
      const read = fast(`{"__metadata__":${value}}`, 0);
      expect(read, value).toEqual({ tensors: [], metadata: {} });
    }
    expect(fast("{}", 0)).toEqual({ tensors: [], metadata: {} });
  });

  it("keeps zero-size ties in header order", () => {
    const header =
      `{"c":${entry("F32", "[0]", "[4,4]")},"a":${entry("F32", "[1]", "[4,8]")},` +
      `"z":${entry("BF16", "[3,0]", "[4,4]")},"b":${entry("F32", "[1]", "[0,4]")},` +
      `"end":${entry("U8", "[0]", "[8,8]")}}`;
    const dataStart = 8 + header.length;
    const tensors = fast(header, 8)?.tensors;
    expect(tensors?.map((tensor) => [tensor.name, tensor.byteOffset - dataStart])).toEqual([
      ["b", 0],
      ["c", 4],
      ["z", 4],
      ["a", 4],
      ["end", 8],
    ]);
    expect(tensors?.map((tensor) => tensor.numel)).toEqual([1, 0, 0, 1, 0]);
  });

  it("shares equal shapes within a header", () => {
    const header =
      `{"a":${entry("U8", "[2,2]", "[0,4]")},"b":${entry("U8", "[4]", "[4,8]")},` +
      `"c":${entry("U8", "[2,2]", "[8,12]")},"d":${entry("U8", "[2, 2]", "[12,16]")}}`;
    const [a, b, c, d] = fast(header, 16)?.tensors ?? [];
    expect(a?.shape).toEqual([2, 2]);
    expect(c?.shape).toBe(a?.shape);
    expect(d?.shape).toBe(a?.shape);
    expect(b?.shape).toEqual([4]);
  });

  it("sizes sub-byte dtypes", () => {
    const header = `{"f4":${entry("F4", "[3,2]", "[0,3]")},"f6":${entry("F6_E2M3", "[4]", "[3,6]")}}`;
    expect(fast(header, 6)?.tensors.map((tensor) => [tensor.numel, tensor.byteLength])).toEqual([
      [6, 3],
      [4, 3],
    ]);
  });

  it("reads a tensor of a terabyte", () => {
    const terabyte = 2 ** 40;
    const header = `{"w":${entry("U8", `[${terabyte}]`, `[0,${terabyte}]`)}}`;
    expect(fast(header, terabyte)?.tensors[0]?.numel).toBe(terabyte);
  });
});

describe("headers the fast path leaves to the general reader", () => {
  it("orders digit names as JSON.parse does", () => {
    // JSON.parse lists "7" before "b"; the two zero-size tensors keep that order.
    const header = `{"b":${entry("U8", "[0]", "[0,0]")},"7":${entry("U8", "[0]", "[0,0]")}}`;
    expect(fast(header, 0)).toBeUndefined();
    expect(parse(header, 0).tensors.map((tensor) => tensor.name)).toEqual(["7", "b"]);
  });

  it("rejects whole numbers written as 4.0 or 4e0", () => {
    const cases = [
      `{"w":${entry("F32", "[4.0]", "[0,16]")}}`,
      `{"w":${entry("F32", "[4e0]", "[0,16]")}}`,
    ];
    for (const header of cases) {
      expect(fast(header, 16), header).toBeUndefined();
      expect(() => parse(header, 16), header).toThrow(FormatError);
    }
  });

  it("accepts the other legal spellings", () => {
    const cases = [
      `{"w":{"d\\u0074ype":"F32","shape":[4],"data_offsets":[0,16]}}`,
      `{"w":${entry("F\\u00332", "[4]", "[0,16]")}}`,
    ];
    for (const header of cases) {
      expect(fast(header, 16), header).toBeUndefined();
      const tensor = parse(header, 16).tensors[0];
      expect(tensor?.dtype, header).toBe("F32");
      expect(tensor?.numel, header).toBe(4);
    }
  });

  it("warns on non-string metadata", () => {
    const header = `{"__metadata__":{"epoch":3},"w":${entry("U8", "[1]", "[0,1]")}}`;
    expect(fast(header, 1)).toBeUndefined();
    const parsed = parse(header, 1);
    expect(parsed.metadata).toEqual({ epoch: 3 });
    expect(parsed.warnings).toHaveLength(1);
  });
});

/** Invalid headers: the fast path must leave each to the general reader, which rejects it. */
const INVALID: {
  name: string;
  header: string | Uint8Array;
  dataLength: number;
  limits?: Partial<Limits>;
  error: typeof FormatError | typeof LimitError;
  fact: string;
}[] = [
  {
    name: "duplicate tensor",
    header: `{"a":${entry("U8", "[1]", "[0,1]")},"a":${entry("U8", "[1]", "[1,2]")}}`,
    dataLength: 2,
    error: FormatError,
    fact: "defined more than once",
  },
  {
    name: "duplicate spelled with an escape",
    header: `{"a":${entry("U8", "[1]", "[0,1]")},"\\u0061":${entry("U8", "[1]", "[1,2]")}}`,
    dataLength: 2,
    error: FormatError,
    fact: "defined more than once",
  },
  {
    name: "duplicate entry key",
    header: '{"a":{"dtype":"U8","dtype":"U8","shape":[1],"data_offsets":[0,1]}}',
    dataLength: 1,
    error: FormatError,
    fact: 'key "dtype" appears more than once',
  },
  {
    name: "duplicate metadata key",
    header: '{"__metadata__":{"k":"1","k":"2"}}',
    dataLength: 0,
    error: FormatError,
    fact: 'key "k" appears more than once',
  },
  {
    name: "duplicate metadata",
    header: '{"__metadata__":{},"__metadata__":{}}',
    dataLength: 0,
    error: FormatError,
    fact: "`__metadata__` key appears more than once",
  },
  {
    name: "metadata not an object",
    header: '{"__metadata__":"x"}',
    dataLength: 0,
    error: FormatError,
    fact: "must be an object of strings",
  },
  {
    name: "unknown entry key",
    header: '{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1],"extra":0}}',
    dataLength: 1,
    error: FormatError,
    fact: 'unknown key "extra"',
  },
  {
    name: "missing entry key",
    header: '{"a":{"dtype":"U8","shape":[1]}}',
    dataLength: 1,
    error: FormatError,
    fact: "lacks `data_offsets`",
  },
  {
    name: "entry not an object",
    header: '{"a":[1]}',
    dataLength: 0,
    error: FormatError,
    fact: "must be an object",
  },
  {
    name: "unknown dtype",
    header: `{"a":${entry("Q4_K", "[1]", "[0,1]")}}`,
    dataLength: 1,
    error: FormatError,
    fact: 'dtype "Q4_K"',
  },
  {
    name: "empty dtype",
    header: `{"a":${entry("", "[]", "[0,0]")}}`,
    dataLength: 0,
    error: FormatError,
    fact: 'dtype ""',
  },
  {
    name: "shape not an array",
    header: `{"a":${entry("U8", "1", "[0,1]")}}`,
    dataLength: 1,
    error: FormatError,
    fact: "which is not an array",
  },
  {
    name: "negative dimension",
    header: `{"a":${entry("U8", "[-1]", "[0,1]")}}`,
    dataLength: 1,
    error: FormatError,
    fact: "each dimension must be a whole number",
  },
  {
    name: "fractional dimension",
    header: `{"a":${entry("U8", "[1.5]", "[0,1]")}}`,
    dataLength: 1,
    error: FormatError,
    fact: "each dimension must be a whole number",
  },
  {
    name: "dimension beyond 2^53",
    header: `{"a":${entry("U8", "[9007199254740992]", "[0,1]")}}`,
    dataLength: 1,
    error: FormatError,
    fact: "each dimension must be a whole number",
  },
  {
    name: "leading zero",
    header: `{"a":${entry("U8", "[01]", "[0,1]")}}`,
    dataLength: 1,
    error: FormatError,
    fact: "not valid JSON",
  },
  {
    name: "too many dimensions",
    header: `{"a":${entry("U8", "[1,1,1]", "[0,1]")}}`,
    dataLength: 1,
    limits: { maxDims: 2 },
    error: LimitError,
    fact: "MAX_DIMS",
  },
  {
    name: "three offsets",
    header: `{"a":${entry("U8", "[1]", "[0,1,2]")}}`,
    dataLength: 1,
    error: FormatError,
    fact: "expected [begin, end]",
  },
  {
    name: "reversed offsets",
    header: `{"a":${entry("U8", "[0]", "[1,0]")}}`,
    dataLength: 1,
    error: FormatError,
    fact: "reversed data_offsets [1, 0]",
  },
  {
    name: "offset beyond 2^53",
    header: `{"a":${entry("U8", "[1]", "[0,9007199254740993]")}}`,
    dataLength: 1,
    error: FormatError,
    fact: "beyond 2^53 - 1",
  },
  {
    name: "size mismatch",
    header: `{"a":${entry("F32", "[2]", "[0,4]")}}`,
    dataLength: 4,
    error: FormatError,
    fact: "needs 8 bytes",
  },
  {
    name: "partial byte",
    header: `{"a":${entry("F4", "[3]", "[0,1]")}}`,
    dataLength: 1,
    error: FormatError,
    fact: "not a whole number of bytes",
  },
  {
    name: "more than 2^53 elements",
    header: `{"a":${entry("BOOL", "[134217728,134217728]", "[0,18014398509481984]")}}`,
    dataLength: 0,
    error: FormatError,
    fact: "2^53",
  },
  {
    name: "gap",
    header: `{"a":${entry("U8", "[1]", "[0,1]")},"b":${entry("U8", "[1]", "[2,3]")}}`,
    dataLength: 3,
    error: FormatError,
    fact: "data bytes [1, 2) are not covered",
  },
  {
    name: "overlap",
    header: `{"a":${entry("U8", "[2]", "[0,2]")},"b":${entry("U8", "[2]", "[1,3]")}}`,
    dataLength: 3,
    error: FormatError,
    fact: "overlap on data bytes [1, 2)",
  },
  {
    name: "tied ranges",
    header: `{"a":${entry("U8", "[2]", "[0,2]")},"b":${entry("U8", "[2]", "[0,2]")}}`,
    dataLength: 2,
    error: FormatError,
    fact: "both point to data bytes [0, 2)",
  },
  {
    name: "trailing data bytes",
    header: `{"a":${entry("U8", "[1]", "[0,1]")}}`,
    dataLength: 3,
    error: FormatError,
    fact: "2 bytes after the last tensor",
  },
  {
    name: "truncated data",
    header: `{"a":${entry("U8", "[4]", "[0,4]")}}`,
    dataLength: 2,
    error: FormatError,
    fact: "the file is truncated",
  },
  {
    name: "zero-size tensor past the end",
    header: `{"a":${entry("U8", "[1]", "[0,1]")},"e":${entry("U8", "[0]", "[5,5]")}}`,
    dataLength: 1,
    error: FormatError,
    fact: "past the end of the data section",
  },
  {
    name: "invalid UTF-8 in a name",
    header: Uint8Array.from([...Buffer.from('{"'), 0xff, ...Buffer.from('":{}}')]),
    dataLength: 0,
    error: FormatError,
    fact: "not valid UTF-8",
  },
  {
    name: "overlong UTF-8 in a name",
    header: Uint8Array.from([...Buffer.from('{"'), 0xc0, 0xaf, ...Buffer.from('":{}}')]),
    dataLength: 0,
    error: FormatError,
    fact: "not valid UTF-8",
  },
  {
    name: "control character in a name",
    header: `{"a\nb":${entry("U8", "[1]", "[0,1]")}}`,
    dataLength: 1,
    error: FormatError,
    fact: "not valid JSON",
  },
  {
    name: "invalid escape in a name",
    header: `{"a\\x":${entry("U8", "[1]", "[0,1]")}}`,
    dataLength: 1,
    error: FormatError,
    fact: "not valid JSON",
  },
  {
    name: "text after the object",
    header: `{"a":${entry("U8", "[1]", "[0,1]")}}x`,
    dataLength: 1,
    error: FormatError,
    fact: "not a single JSON object",
  },
  {
    name: "trailing comma",
    header: `{"a":${entry("U8", "[1]", "[0,1]")},}`,
    dataLength: 1,
    error: FormatError,
    fact: "not valid JSON",
  },
  {
    name: "byte order mark",
    header: `\ufeff{"a":${entry("U8", "[1]", "[0,1]")}}`,
    dataLength: 1,
    error: FormatError,
    fact: "byte order mark",
  },
  {
    name: "array header",
    header: "[]",
    dataLength: 0,
    error: FormatError,
    fact: "must be a JSON object",
  },
  {
    name: "empty header",
    header: "",
    dataLength: 0,
    error: FormatError,
    fact: "the header is empty",
  },
  {
    name: "whitespace header",
    header: "   ",
    dataLength: 0,
    error: FormatError,
    fact: "only whitespace",
  },
  {
    name: "too many tensors",
    header: `{"a":${entry("U8", "[1]", "[0,1]")},"b":${entry("U8", "[1]", "[1,2]")}}`,
    dataLength: 2,
    limits: { maxTensorCount: 1 },
    error: LimitError,
    fact: "MAX_TENSOR_COUNT",
  },
  {
    name: "nesting deeper than the limit",
    header: `{"a":${entry("U8", "[1]", "[0,1]")}}`,
    dataLength: 1,
    limits: { maxJsonDepth: 2 },
    error: LimitError,
    fact: "MAX_JSON_DEPTH",
  },
];

describe("invalid headers", () => {
  for (const { name, header, dataLength, limits, error, fact } of INVALID) {
    it(`leaves ${name} to the general reader`, () => {
      const applied = { ...DEFAULT_LIMITS, ...limits };
      expect(fast(header, dataLength, applied)).toBeUndefined();
      const thrown = errorOf(() => parse(header, dataLength, applied));
      expect(thrown).toBeInstanceOf(error);
      expect(thrown.message).toContain(fact);
    });
  }
});
