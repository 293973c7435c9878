import { describe, expect, it } from "vitest";
import { FormatError, InputError, LimitError } from "../../src/errors.js";
import { type DType, SUPPORTED_DTYPES } from "../../src/format/dtypes.js";
import {
  endOfJsonLiteral,
  isCompleteScan,
  type JsonObjectScan,
  scanJsonObject,
} from "../../src/format/json-scan.js";
import { DEFAULT_LIMITS, type Limits } from "../../src/format/limits.js";
import { parseSafetensorsHeader, readSafetensorsFile } from "../../src/format/safetensors.js";
import { encodeSafetensors } from "../../src/format/writer.js";
import type { ByteSource } from "../../src/io/byte-source.js";

/** An in-memory ByteSource that records the largest read, to show what was allocated. */
class MemorySource implements ByteSource {
  readonly size: number;
  readonly spec;
  largestRead = 0;
  /** Bytes read so far, over all reads. */
  bytesRead = 0;

  constructor(
    private readonly bytes: Uint8Array,
    readonly name = "mem.safetensors",
  ) {
    this.size = bytes.byteLength;
    this.spec = { kind: "file" as const, path: name, name, size: this.size };
  }

  async read(offset: number, length: number, target: Uint8Array, targetOffset = 0) {
    if (offset + length > this.size) throw new Error(`read past end: ${offset}+${length}`);
    this.largestRead = Math.max(this.largestRead, length);
    this.bytesRead += length;
    target.set(this.bytes.subarray(offset, offset + length), targetOffset);
  }

  async close() {}
}

/** Builds a file from raw header text (not padded) and data bytes. */
function rawFile(header: string, data: Uint8Array | number = 0): Uint8Array {
  const json = new TextEncoder().encode(header);
  const body = typeof data === "number" ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + json.byteLength + body.byteLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
  out.set(json, 8);
  out.set(body, 8 + json.byteLength);
  return out;
}

function headerOf(file: Uint8Array): Uint8Array {
  const length = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  return file.subarray(8, 8 + length);
}

function parse(file: Uint8Array, limits: Limits = DEFAULT_LIMITS) {
  return parseSafetensorsHeader(headerOf(file), file.byteLength, "t.safetensors", limits);
}

/** Returns the error `run` throws, failing the test when it throws nothing. */
function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error, but none was thrown");
}

async function asyncErrorOf(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error, but none was thrown");
}

/** Replaces the first occurrence of `from` with `to` (same byte length) in the file. */
function patch(file: Uint8Array, from: string, to: string): Uint8Array {
  const text = Buffer.from(file).toString("latin1");
  const at = text.indexOf(from);
  if (at < 0 || from.length !== to.length) throw new Error(`cannot patch ${from}`);
  const out = Uint8Array.from(file);
  out.set(Buffer.from(to, "latin1"), at);
  return out;
}

const f32 = (...values: number[]) => new Uint8Array(new Float32Array(values).buffer);

/** Storage bits per element, written out from the safetensors dtype list. */
const BITS: Record<DType, number> = {
  F64: 64,
  F32: 32,
  F16: 16,
  BF16: 16,
  F8_E4M3: 8,
  F8_E5M2: 8,
  F8_E8M0: 8,
  F8_E4M3FNUZ: 8,
  F8_E5M2FNUZ: 8,
  F6_E2M3: 6,
  F6_E3M2: 6,
  F4: 4,
  I64: 64,
  I32: 32,
  I16: 16,
  I8: 8,
  U64: 64,
  U32: 32,
  U16: 16,
  U8: 8,
  BOOL: 8,
  C64: 64,
};

describe("parseSafetensorsHeader", () => {
  it("parses a written file", () => {
    const file = encodeSafetensors(
      [
        { name: "a", dtype: "F32", shape: [2], data: f32(1, 2) },
        { name: "b", dtype: "U8", shape: [1, 3], data: new Uint8Array([7, 8, 9]) },
      ],
      { format: "pt" },
    );
    const header = headerOf(file);
    const parsed = parse(file);
    expect(parsed.dataStart).toBe(8 + header.byteLength);
    expect(parsed.metadata).toEqual({ format: "pt" });
    expect(parsed.warnings).toEqual([]);
    expect(parsed.tensors).toEqual([
      {
        name: "a",
        dtype: "F32",
        shape: [2],
        numel: 2,
        byteOffset: 8 + header.byteLength,
        byteLength: 8,
      },
      {
        name: "b",
        dtype: "U8",
        shape: [1, 3],
        numel: 3,
        byteOffset: 8 + header.byteLength + 8,
        byteLength: 3,
      },
    ]);
  });

  it("accepts unaligned offsets and null metadata", () => {
    // Header of odd length, unsorted keys, data order b then a.
    const header =
      '{"__metadata__":null,"a":{"dtype":"U8","shape":[1],"data_offsets":[2,3]},' +
      '"b":{"dtype":"I16","shape":[],"data_offsets":[0,2]}}';
    const file = rawFile(header, new Uint8Array([1, 0, 5]));
    const parsed = parse(file);
    const dataStart = 8 + Buffer.byteLength(header);
    expect(dataStart % 2).toBe(1);
    expect(parsed.metadata).toEqual({});
    expect(parsed.tensors.map((t) => [t.name, t.byteOffset, t.byteLength, t.numel])).toEqual([
      ["b", dataStart, 2, 1],
      ["a", dataStart + 2, 1, 1],
    ]);
  });

  it("keeps tensor names byte-exact", () => {
    const names = ["", "a b", "ü/ß.weight", "__proto__", "0", "line\nbreak", "😀", "\u00e9"];
    // Built by hand: an object literal cannot hold an own "__proto__" key.
    const entries = names.map(
      (name, i) =>
        `${JSON.stringify(name)}:{"dtype":"U8","shape":[1],"data_offsets":[${i},${i + 1}]}`,
    );
    const parsed = parse(rawFile(`{${entries.join(",")}}`, names.length));
    expect(parsed.tensors.map((t) => t.name)).toEqual(names);
  });

  it("rejects duplicate tensor names", () => {
    const file = encodeSafetensors([
      { name: "aa", dtype: "F32", shape: [1], data: f32(1) },
      { name: "ab", dtype: "F32", shape: [1], data: f32(2) },
    ]);
    const error = errorOf(() => parse(patch(file, '"ab"', '"aa"')));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toMatch(/^"t\.safetensors": tensor "aa" is defined more than once/);
  });

  it("rejects duplicates spelled with escapes", () => {
    const entry = (begin: number) =>
      `{"dtype":"U8","shape":[1],"data_offsets":[${begin},${begin + 1}]}`;
    const file = rawFile(`{"aa":${entry(0)},"\\u0061a":${entry(1)}}`, 2);
    expect(errorOf(() => parse(file)).message).toContain('tensor "aa" is defined more than once');
  });

  it("rejects duplicate keys inside an entry", () => {
    const file = rawFile('{"w":{"dtype":"U8","dtype":"I8","shape":[1],"data_offsets":[0,1]}}', 1);
    const error = errorOf(() => parse(file));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain('key "dtype" appears more than once in "w"');
  });

  it("rejects a non-UTF-8 header", () => {
    const file = encodeSafetensors([
      { name: "xé", dtype: "U8", shape: [1], data: Uint8Array.of(1) },
    ]);
    const header = headerOf(file);
    const at = header.indexOf(0xc3);
    const broken = Uint8Array.from(file);
    broken[8 + at] = 0xff;
    const error = errorOf(() => parse(broken));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain("not valid UTF-8");
    expect(error.message).toContain(`invalid byte 0xff at header byte ${at}`);
  });

  it("rejects an overlong UTF-8 encoding", () => {
    // 0xC0 0xAF is an overlong "/", which strict decoders reject.
    const file = rawFile('{"a":1}');
    const broken = new Uint8Array([...file.subarray(0, 10), 0xc0, 0xaf, ...file.subarray(12)]);
    expect(errorOf(() => parse(broken)).message).toContain("at header byte 2");
  });

  it("rejects text after the object", () => {
    const file = rawFile('{}  ,"__metadata__":{}}');
    const error = errorOf(() => parse(file));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain("not a single JSON object");
    expect(error.message).toContain("at header byte 4");
  });

  it("rejects a header that is not an object", () => {
    expect(errorOf(() => parse(rawFile("[1, 2]"))).message).toContain(
      'must be a JSON object, but it starts with "[1, 2]" at header byte 0',
    );
    expect(errorOf(() => parse(rawFile("        "))).message).toContain("only whitespace");
    expect(errorOf(() => parse(rawFile(""))).message).toContain("header is empty");
  });

  it("rejects invalid JSON", () => {
    const error = errorOf(() => parse(rawFile('{"a": tru}')));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain("not valid JSON");
  });

  it("rejects unknown dtype Q4_K", () => {
    const file = rawFile('{"w":{"dtype":"Q4_K","shape":[2],"data_offsets":[0,2]}}', 2);
    const error = errorOf(() => parse(file));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain('tensor "w" has dtype "Q4_K"');
    expect(error.message).toContain(SUPPORTED_DTYPES.join(", "));
  });

  it("checks coverage of unknown-dtype entries", () => {
    const header =
      '{"q":{"dtype":"Q4_K","shape":[2],"data_offsets":[0,4]},' +
      '"w":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}';
    const error = errorOf(() => parse(rawFile(header, 4)));
    expect(error.message).toContain("2 problems");
    expect(error.message).toContain('dtype "Q4_K"');
    expect(error.message).toContain(
      'tensors "q" [0, 4) and "w" [2, 4) overlap on data bytes [2, 4)',
    );
  });

  it.each(SUPPORTED_DTYPES)("accepts dtype %s", (dtype) => {
    const bytes = (4 * BITS[dtype]) / 8;
    const file = encodeSafetensors([
      { name: "t", dtype, shape: [2, 2], data: new Uint8Array(bytes) },
    ]);
    const [tensor] = parse(file).tensors;
    expect(tensor?.dtype).toBe(dtype);
    expect(tensor?.numel).toBe(4);
    expect(tensor?.byteLength).toBe(bytes);
  });

  it("rejects a partial byte of F4", () => {
    const file = rawFile('{"w":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}}', 2);
    const error = errorOf(() => parse(file));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain("3 elements of 4 bits = 12 bits, not a whole number of bytes");
  });

  it("sizes sub-byte dtypes", () => {
    const f4 = rawFile('{"w":{"dtype":"F4","shape":[4],"data_offsets":[0,2]}}', 2);
    expect(parse(f4).tensors[0]?.byteLength).toBe(2);
    const f6 = rawFile('{"w":{"dtype":"F6_E2M3","shape":[4],"data_offsets":[0,3]}}', 3);
    expect(parse(f6).tensors[0]?.byteLength).toBe(3);
    const wrong = rawFile('{"w":{"dtype":"F6_E3M2","shape":[4],"data_offsets":[0,4]}}', 4);
    expect(errorOf(() => parse(wrong)).message).toContain(
      "needs 3 bytes (4 elements x 6 bits), but its data_offsets [0, 4] give 4 bytes",
    );
  });

  it("rejects offsets beyond 2^53", () => {
    const file = rawFile(
      '{"w":{"dtype":"U8","shape":[0],"data_offsets":[9007199254740993,9007199254740993]}}',
    );
    const error = errorOf(() => parse(file));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain('tensor "w" has data_offsets beyond 2^53 - 1');
  });

  it("rejects dimensions beyond 2^53", () => {
    const file = rawFile('{"w":{"dtype":"U8","shape":[9007199254740993],"data_offsets":[0,1]}}', 1);
    expect(errorOf(() => parse(file)).message).toContain(
      "each dimension must be a whole number from 0 to 2^53 - 1",
    );
  });

  it("rejects negative and fractional values", () => {
    const file = rawFile(
      '{"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]},' +
        '"b":{"dtype":"U8","shape":[1],"data_offsets":[1,1.5]}}',
      2,
    );
    const error = errorOf(() => parse(file));
    expect(error.message).toContain('tensor "a" has shape [-1]');
    expect(error.message).toContain('tensor "b" has data_offsets [1,1.5]');
  });

  it("rejects whole numbers written as 4.0 or 4e0", () => {
    const file = rawFile(
      '{"a":{"dtype":"U8","shape":[1.0],"data_offsets":[0,1]},' +
        '"b":{"dtype":"U8","shape":[1],"data_offsets":[1,2E0]},' +
        '"c":{"dtype":"U8","shape":[1],"data_offsets":[2,3]}}',
      3,
    );
    const error = errorOf(() => parse(file));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain('tensor "a" writes the number `1.0`');
    expect(error.message).toContain('tensor "b" writes the number `2E0`');
    expect(error.message).not.toContain('tensor "c"');
  });

  it("accepts numbers with a fraction in metadata strings", () => {
    const header =
      '{"__metadata__":{"lr":"1.0e-4"},"w":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}';
    const parsed = parse(rawFile(header, 2));
    expect(parsed.tensors.map((tensor) => tensor.shape)).toEqual([[2]]);
    expect(parsed.warnings).toEqual([]);
  });

  it("rejects malformed entries", () => {
    const header =
      '{"n":null,"x":{"dtype":"U8","shape":[1],"data_offsets":[0,1],"extra":1},' +
      '"y":{"dtype":"U8","shape":[1]}}';
    const error = errorOf(() => parse(rawFile(header, 1)));
    expect(error.message).toContain('tensor "n" must be an object');
    expect(error.message).toContain('tensor "x" has unknown key "extra"');
    expect(error.message).toContain('tensor "y" lacks `data_offsets`');
  });

  it("lists several problems at once", () => {
    const header =
      '{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},' +
      '"b":{"dtype":"U8","shape":[2],"data_offsets":[4,6]},' +
      '"c":{"dtype":"U8","shape":[2],"data_offsets":[5,7]}}';
    const error = errorOf(() => parse(rawFile(header, 9)));
    expect(error.message).toContain("the safetensors header has 3 problems");
    expect(error.message).toContain("data bytes [2, 4) are not covered");
    expect(error.message).toContain("overlap on data bytes [5, 6)");
    expect(error.message).toContain("2 bytes after the last tensor (data bytes [7, 9))");
  });

  it("counts every truncated tensor", () => {
    const header =
      '{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},' +
      '"b":{"dtype":"U8","shape":[4],"data_offsets":[4,8]},' +
      '"c":{"dtype":"U8","shape":[4],"data_offsets":[8,12]}}';
    const file = rawFile(header, 3);
    const error = errorOf(() => parse(file));
    expect(error.message).toContain(
      'tensor "a" needs data bytes [0, 4), but the data section has 3 bytes (2 more tensors also end past it)',
    );
    expect(error.message).toContain(`expected file size ${file.byteLength + 9}`);
    expect(error.message).toMatch(/Re-download the file/);
  });

  it("accepts zero-size tensors at any offset within the data", () => {
    const header =
      '{"e":{"dtype":"F32","shape":[0,5],"data_offsets":[4,4]},' +
      '"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},' +
      '"z":{"dtype":"U8","shape":[0],"data_offsets":[2,2]}}';
    const parsed = parse(rawFile(header, 4));
    expect(parsed.tensors.map((t) => [t.name, t.numel])).toEqual([
      ["a", 4],
      ["z", 0],
      ["e", 0],
    ]);
    const beyond = rawFile('{"z":{"dtype":"U8","shape":[0],"data_offsets":[9,9]}}');
    expect(errorOf(() => parse(beyond)).message).toContain(
      'zero-size tensor "z" has data_offsets [9, 9], past the end of the data section',
    );
  });

  it("warns on non-string metadata", () => {
    const header = '{"__metadata__":{"s":"x","n":1,"o":{"k":2}}}';
    const parsed = parse(rawFile(header));
    expect(parsed.metadata).toEqual({ s: "x", n: 1, o: { k: 2 } });
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]).toContain('"n", "o" are not strings');
  });

  it("rejects metadata that is not an object", () => {
    const error = errorOf(() => parse(rawFile('{"__metadata__":["a"]}')));
    expect(error.message).toContain(
      "`__metadata__` must be an object of strings, but it is an array",
    );
  });

  it("limits tensor count and dims", () => {
    const three = encodeSafetensors(
      ["a", "b", "c"].map((name) => ({
        name,
        dtype: "U8" as const,
        shape: [1],
        data: Uint8Array.of(1),
      })),
    );
    expect(parse(three, { ...DEFAULT_LIMITS, maxTensorCount: 3 }).tensors).toHaveLength(3);
    const count = errorOf(() => parse(three, { ...DEFAULT_LIMITS, maxTensorCount: 2 }));
    expect(count).toBeInstanceOf(LimitError);
    expect(count.message).toContain(
      "the header lists 3 tensors, more than the limit MAX_TENSOR_COUNT of 2",
    );

    const deep = encodeSafetensors([
      { name: "w", dtype: "U8", shape: [1, 1, 1], data: Uint8Array.of(1) },
    ]);
    expect(parse(deep, { ...DEFAULT_LIMITS, maxDims: 3 }).tensors[0]?.shape).toEqual([1, 1, 1]);
    const dims = errorOf(() => parse(deep, { ...DEFAULT_LIMITS, maxDims: 2 }));
    expect(dims).toBeInstanceOf(LimitError);
    expect(dims.message).toContain('tensor "w" has 3 dimensions');
    expect(dims.message).toContain("MODEL_DIFF_MAX_DIMS");
  });
});

describe("readSafetensorsFile", () => {
  const sample = encodeSafetensors([{ name: "w", dtype: "F32", shape: [2], data: f32(1.5, -3) }]);
  const headerLength = headerOf(sample).byteLength;

  it("reads tensors with their source", async () => {
    const source = new MemorySource(sample);
    const file = await readSafetensorsFile(source);
    expect(file.source).toBe(source);
    expect(file.dataStart).toBe(8 + headerLength);
    expect(file.tensors[0]?.source).toBe(source);
    const data = new Uint8Array(8);
    await source.read(file.tensors[0]?.byteOffset ?? -1, 8, data);
    expect([...new Float32Array(data.buffer)]).toEqual([1.5, -3]);
  });

  it("reads each byte of a long header once", async () => {
    // 200 tensors give a header of several KiB, longer than the first read.
    const tensors = Array.from({ length: 200 }, (_, i) => ({
      name: `model.layers.${i}.weight`,
      dtype: "F32" as const,
      shape: [1],
      data: f32(i),
    }));
    const long = encodeSafetensors(tensors);
    const longHeader = headerOf(long);
    expect(longHeader.byteLength).toBeGreaterThan(4096);
    const source = new MemorySource(long);
    const file = await readSafetensorsFile(source);
    expect(file.tensors.map((tensor) => tensor.name)).toEqual(tensors.map((tensor) => tensor.name));
    expect(source.bytesRead).toBe(8 + longHeader.byteLength);
  });

  it("accepts a header at the limit", async () => {
    const limits = { ...DEFAULT_LIMITS, maxHeaderBytes: headerLength };
    await expect(readSafetensorsFile(new MemorySource(sample), limits)).resolves.toBeDefined();
  });

  it("rejects a header one byte over the limit", async () => {
    const limits = { ...DEFAULT_LIMITS, maxHeaderBytes: headerLength - 1 };
    const source = new MemorySource(sample);
    const error = await asyncErrorOf(() => readSafetensorsFile(source, limits));
    expect(error).toBeInstanceOf(LimitError);
    expect((error as LimitError).limit).toBe("MAX_HEADER_BYTES");
    expect(error.message).toContain(`the header length is ${headerLength} bytes`);
    expect(error.message).toContain(`MAX_HEADER_BYTES of ${headerLength - 1} bytes`);
    expect(error.message).toContain("MODEL_DIFF_MAX_HEADER_BYTES");
  });

  it("rejects a length past the file without allocating it", async () => {
    const file = Uint8Array.from(sample);
    new DataView(file.buffer).setBigUint64(0, 2n ** 40n, true);
    const source = new MemorySource(file);
    const error = await asyncErrorOf(() => readSafetensorsFile(source));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain(
      `declared header length ${2n ** 40n} is larger than the file (${file.byteLength} bytes)`,
    );
    expect(source.largestRead).toBeLessThanOrEqual(1024);
  });

  it("rejects a file shorter than 8 bytes", async () => {
    const error = await asyncErrorOf(() =>
      readSafetensorsFile(new MemorySource(Uint8Array.of(1, 2))),
    );
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain("the file has 2 bytes, fewer than the 8-byte header length");
  });

  it("names a zip, pickle and GGUF file", async () => {
    const zip = Uint8Array.of(
      0x50,
      0x4b,
      0x03,
      0x04,
      0x14,
      0x00,
      0x08,
      0x08,
      ...new Uint8Array(40),
    );
    const pickle = Uint8Array.of(0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a);
    const gguf = Uint8Array.of(0x47, 0x47, 0x55, 0x46, 0x03, 0, 0, 0, ...new Uint8Array(40));
    const cases: [Uint8Array, string][] = [
      [zip, "zip archive"],
      [pickle, "Python pickle"],
      [gguf, "GGUF file"],
    ];
    for (const [bytes, kind] of cases) {
      const error = await asyncErrorOf(() => readSafetensorsFile(new MemorySource(bytes, "x.bin")));
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(/^"x\.bin": this is a /);
      expect(error.message).toContain(kind);
    }
  });

  it("loads a header of 640 bytes, which starts like a pickle", async () => {
    // 640 = 0x280, so the first two bytes are 0x80 0x02, the start of a protocol 2 pickle.
    const tensor = '{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}';
    const file = rawFile(tensor.padEnd(640, " "), Uint8Array.of(9));
    expect([file[0], file[1]]).toEqual([0x80, 0x02]);
    const parsed = await readSafetensorsFile(new MemorySource(file));
    expect(parsed.tensors.map((t) => t.name)).toEqual(["w"]);
  });
});

/** Scans `text`, failing the test unless the scan completed. */
function completeScan(text: string): JsonObjectScan | undefined {
  const scan = scanJsonObject(text);
  if (scan && !isCompleteScan(scan)) throw new Error("expected a complete scan");
  return scan;
}

describe("scanJsonObject", () => {
  it("finds the end and top-level keys", () => {
    const text = '{"a":{"b":[1,{"c":"}"}]},"d":"x\\"y"} tail';
    const scan = completeScan(text);
    expect(scan?.end).toBe(text.indexOf(" tail"));
    expect(scan?.keys).toEqual(["a", "d"]);
    expect(scan?.duplicates).toEqual([]);
  });

  it("records numbers with a fraction or an exponent", () => {
    const text = '{"a":[1,2.0,-0.5,true,false,null,3e1],"b":{"c":4E+0,"d":"5.0"},"e":6.5}';
    const scan = completeScan(text);
    expect(scan?.nonIntegerNumbers.map(({ key, text }) => [key, text])).toEqual([
      ["a", "2.0"],
      ["a", "-0.5"],
      ["a", "3e1"],
      ["b", "4E+0"],
    ]);
    expect(scan?.nonIntegerNumbers[0]?.position).toBe(text.indexOf("2.0"));
  });

  it("returns undefined on malformed text", () => {
    expect(scanJsonObject('{"a" 1}')).toBeUndefined();
    expect(scanJsonObject('{"a":1')).toBeUndefined();
    expect(scanJsonObject("[]")).toBeUndefined();
  });

  it("decodes escaped keys before comparing them", () => {
    const scan = completeScan('{"ab":1,"a\\u0062":2,"a\\"b":3,"t":{"x":[{"x":1}],"\\u0078":2}}');
    expect(scan?.keys).toEqual(["ab", "ab", 'a"b', "t"]);
    expect(scan?.duplicates).toEqual([
      { key: "ab", parent: undefined },
      { key: "x", parent: "t" },
    ]);
  });

  it("finds duplicates among many keys", () => {
    // More keys than an object keeps in a list, with repeats before and after the switch to a Set.
    const keys = ["k0", "k1", "k0", ...Array.from({ length: 30 }, (_, i) => `m${i}`), "k1", "m29"];
    const scan = completeScan(`{"t":{${keys.map((key) => `"${key}":0`).join(",")}}}`);
    expect(scan?.duplicates).toEqual([
      { key: "k0", parent: "t" },
      { key: "k1", parent: "t" },
      { key: "m29", parent: "t" },
    ]);
  });

  it("ends literals where the JSON number pattern does", () => {
    const pattern = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
    const alphabet = ["0", "1", "9", "-", "+", ".", "e", "E", "x", "true", "false", "null", "nul"];
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 8;
    };
    for (let run = 0; run < 20_000; run++) {
      let text = " ";
      for (let length = next() % 8; length > 0; length--)
        text += alphabet[next() % alphabet.length];
      pattern.lastIndex = 1;
      const match = pattern.exec(text);
      const want = match ? 1 + match[0].length : -1;
      expect(endOfJsonLiteral(text, 1), JSON.stringify(text)).toBe(want);
    }
  });

  it("rejects keys JSON.parse rejects", () => {
    expect(scanJsonObject('{"a\\q":1}')).toBeUndefined();
    expect(scanJsonObject('{"a\u0001b":1}')).toBeUndefined();
  });

  it("handles deep nesting", () => {
    const depth = 100_000;
    const text = `{"a":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    expect(completeScan(text)?.end).toBe(text.length);
  });
});

/** Header text of one U8 tensor `w` of shape [1] at data bytes [0, 1). */
const ONE_TENSOR = '"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}';

/**
 * Checks that a message is safe to print: short, with no control character other than a line
 * feed, so file content cannot forge output lines or terminal escapes.
 */
function expectPrintable(message: string, maxLength = 4000): void {
  expect(message.length).toBeLessThan(maxLength);
  const controls = [...message].filter((char) => char < " " && char !== "\n");
  expect(controls).toEqual([]);
  expect(message).not.toContain("\u001b");
  expect(message).not.toContain("\u007f");
}

describe("JSON nesting depth", () => {
  it("rejects metadata nested 5,000 arrays deep", () => {
    const nested = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const file = rawFile(`{"__metadata__":{"k":${nested}},${ONE_TENSOR}}`, 1);
    const error = errorOf(() => parse(file));
    expect(error).toBeInstanceOf(LimitError);
    expect((error as LimitError).limit).toBe("MAX_JSON_DEPTH");
    // Root object 1, metadata object 2, so the 63rd array opens at depth 65.
    expect(error.message).toContain('the value of "__metadata__" reaches JSON nesting depth 65');
    expect(error.message).toContain("MAX_JSON_DEPTH of 64 levels");
    expect(error.message).toContain("MODEL_DIFF_MAX_JSON_DEPTH");
    expectPrintable(error.message);
  });

  it("rejects a shape nested 5,000 arrays deep", () => {
    const shape = `${"[".repeat(5000)}1${"]".repeat(5000)}`;
    const file = rawFile(`{"w":{"dtype":"U8","shape":${shape},"data_offsets":[0,1]}}`, 1);
    const error = errorOf(() => parse(file));
    expect(error).toBeInstanceOf(LimitError);
    expect(error.message).toContain('the value of "w" reaches JSON nesting depth 65');
  });

  it("accepts depth 64 and rejects 65", () => {
    // Root 1 + metadata object 1 + n arrays: n = 62 gives depth 64.
    const at = (arrays: number) =>
      rawFile(`{"__metadata__":{"k":${"[".repeat(arrays)}${"]".repeat(arrays)}},${ONE_TENSOR}}`, 1);
    expect(parse(at(62)).tensors).toHaveLength(1);
    const error = errorOf(() => parse(at(63)));
    expect(error).toBeInstanceOf(LimitError);
    expect(error.message).toContain("depth 65");
  });

  it("applies a lowered depth limit", () => {
    const file = rawFile(`{${ONE_TENSOR}}`, 1);
    expect(parse(file, { ...DEFAULT_LIMITS, maxJsonDepth: 3 }).tensors).toHaveLength(1);
    const error = errorOf(() => parse(file, { ...DEFAULT_LIMITS, maxJsonDepth: 2 }));
    expect(error).toBeInstanceOf(LimitError);
    expect(error.message).toContain(
      'the value of "w" reaches JSON nesting depth 3 at header byte 27',
    );
  });

  it("stops the scan at the limit", () => {
    const text = `{"a":[[[1]]],"b":2}`;
    expect(scanJsonObject(text, 3)).toEqual({ tooDeep: { key: "a", depth: 4, position: 7 } });
    expect(isCompleteScan(scanJsonObject(text, 4))).toBe(true);
  });
});

describe("untrusted text in messages", () => {
  it("escapes a forged line after the header", () => {
    const file = rawFile(`{${ONE_TENSOR}}\u001b[2J\nmodel-diff: ok`, 1);
    const error = errorOf(() => parse(file));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain("U+001B (an escape character)");
    expect(error.message).toContain('"\\u001b[2J\\nmodel-diff: ok"');
    expect(error.message.split("\n").some((line) => line.startsWith("model-diff"))).toBe(false);
    expectPrintable(error.message);
  });

  it("names NUL padding after the header", () => {
    const file = rawFile(`{${ONE_TENSOR}}\u0000\u0000\u0000`, 1);
    const error = errorOf(() => parse(file));
    expect(error.message).toContain("U+0000 (a NUL character)");
    expect(error.message).toContain('"\\u0000\\u0000\\u0000"');
    expectPrintable(error.message);
  });

  it("names a byte order mark", () => {
    const file = rawFile(`\ufeff{${ONE_TENSOR}}`, 1);
    const error = errorOf(() => parse(file));
    expect(error.message).toContain("starts with U+FEFF (a byte order mark)");
    expect(error.message).not.toContain("\ufeff");
    expectPrintable(error.message);
  });

  it("names a zero-width space", () => {
    const file = rawFile(`\u200b{${ONE_TENSOR}}`, 1);
    const error = errorOf(() => parse(file));
    expect(error.message).toContain("starts with U+200B (an invisible character)");
    expect(error.message).not.toContain("\u200b");
  });

  const huge = "\u001b".repeat(10).concat("x".repeat(1_000_000));
  const hostile: [string, string][] = [
    ["dtype", `{"w":{"dtype":${JSON.stringify(huge)},"shape":[1],"data_offsets":[0,1]}}`],
    ["shape string", `{"w":{"dtype":"U8","shape":${JSON.stringify(huge)},"data_offsets":[0,1]}}`],
    ["shape entry", `{"w":{"dtype":"U8","shape":[${JSON.stringify(huge)}],"data_offsets":[0,1]}}`],
    ["offsets", `{"w":{"dtype":"U8","shape":[1],"data_offsets":${JSON.stringify(huge)}}}`],
    ["tensor name", `{${JSON.stringify(huge)}:{"dtype":"Q4","shape":[1],"data_offsets":[0,1]}}`],
    [
      "entry key",
      `{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1],${JSON.stringify(huge)}:1}}`,
    ],
    ["trailing text", `{${ONE_TENSOR}}${huge}`],
  ];
  it.each(hostile)("cuts a 1 MB %s", (_what, header) => {
    const error = errorOf(() => parse(rawFile(header, 1)));
    expect(error).toBeInstanceOf(FormatError);
    expectPrintable(error.message);
    expect(error.message).toContain("\\u001b");
  });

  it("cuts a 1 MB file name", () => {
    const name = `${"\u001b".repeat(3)}${"d/".repeat(500_000)}t.safetensors`;
    const error = errorOf(() => parseSafetensorsHeader(new Uint8Array(0), 8, name));
    expectPrintable(error.message);
    expect((error as FormatError).file).toBe(name);
  });

  it("cuts 1 MB metadata keys in a warning", () => {
    const keys = Array.from({ length: 30 }, (_, i) => `${i}${"\u0007".repeat(100_000)}`);
    const metadata = keys.map((key) => `${JSON.stringify(key)}:1`).join(",");
    const parsed = parse(rawFile(`{"__metadata__":{${metadata}},${ONE_TENSOR}}`, 1));
    expect(parsed.warnings).toHaveLength(1);
    expectPrintable(parsed.warnings[0] as string, 8000);
    expect(parsed.warnings[0]).toContain("and 25 more");
  });

  it("bounds a list of many long names", () => {
    const entries = Array.from(
      { length: 40 },
      (_, i) =>
        `${JSON.stringify(`${i}${"\u0000".repeat(300)}`)}:{"dtype":"Q4","shape":[1],"data_offsets":[${i},${i + 1}]}`,
    );
    const error = errorOf(() => parse(rawFile(`{${entries.join(",")}}`, 40)));
    expect(error.message).toContain("the safetensors header has 40 problems");
    expect(error.message).toMatch(/ {2}- and \d+ more problems\n/);
    expectPrintable(error.message, 8000);
  });
});

describe("wording", () => {
  it("names a duplicated __metadata__ key", () => {
    const file = rawFile(`{"__metadata__":{},"__metadata__":{},${ONE_TENSOR}}`, 1);
    const error = errorOf(() => parse(file));
    expect(error.message).toContain("the `__metadata__` key appears more than once");
    expect(error.message).not.toContain('tensor "__metadata__"');
  });

  it("counts one byte in the singular", async () => {
    const tiny = await asyncErrorOf(() => readSafetensorsFile(new MemorySource(Uint8Array.of(1))));
    expect(tiny.message).toContain("the file has 1 byte,");

    const trailing = errorOf(() => parse(rawFile(`{${ONE_TENSOR}}`, 2)));
    expect(trailing.message).toContain(
      "1 byte after the last tensor (data bytes [1, 2)) is not covered",
    );

    const sizes = errorOf(() =>
      parse(rawFile('{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,2]}}', 2)),
    );
    expect(sizes.message).toContain(
      "needs 1 byte (1 element x 1 byte), but its data_offsets [0, 2] give 2 bytes",
    );

    const limit = errorOf(() =>
      parse(rawFile(`{${ONE_TENSOR},"v":{"dtype":"U8","shape":[0],"data_offsets":[1,1]}}`, 1), {
        ...DEFAULT_LIMITS,
        maxTensorCount: 1,
      }),
    );
    expect(limit.message).toContain("more than the limit MAX_TENSOR_COUNT of 1 tensor.");
  });
});
