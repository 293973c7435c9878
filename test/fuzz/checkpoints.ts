/**
 * Generators of valid safetensors checkpoints and of the mutations the fuzz properties apply to
 * them. A mutation is plain data (a `kind` and its arguments), so fast-check can shrink it and
 * print it in a counterexample.
 */

import fc from "fast-check";
import { type DType, dtypeInfo, SUPPORTED_DTYPES } from "../../src/format/dtypes.js";
import { encodeSafetensors, type TensorToWrite } from "../../src/format/writer.js";

/** A checkpoint as generated: tensors in data order, and optional metadata. */
export interface GeneratedCheckpoint {
  tensors: TensorToWrite[];
  metadata?: Record<string, string>;
}

/** Tensor names: ASCII model names, Unicode with control and bidi characters, long ones. */
const tensorName = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z_]{1,8}(\.[0-9]{1,2})?\.(weight|bias)$/) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      "a\u0000b",
      "line\nbreak",
      "\u202eevil",
      "| `x` <b>",
      "__proto__",
      "constructor",
      "x".repeat(5000),
    ),
  },
);

const dtype = fc.constantFrom(...SUPPORTED_DTYPES);

/**
 * Shapes of 0 to 3 small dimensions. A sub-byte dtype gets a last dimension of 4, so its element
 * count fills whole bytes.
 */
function shapeFor(type: DType): fc.Arbitrary<number[]> {
  const dims = fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 });
  return dtypeInfo(type).bits % 8 === 0 ? dims : dims.map((shape) => [...shape, 4]);
}

function byteLength(type: DType, shape: readonly number[]): number {
  const numel = shape.reduce((product, dim) => product * dim, 1);
  return (numel * dtypeInfo(type).bits) / 8;
}

const tensorData = dtype.chain((type) =>
  shapeFor(type).chain((shape) =>
    fc
      .uint8Array({ minLength: byteLength(type, shape), maxLength: byteLength(type, shape) })
      .map((data) => ({ dtype: type, shape, data })),
  ),
);

/** Valid checkpoints of 0 to 6 tensors with unique names, and sometimes string metadata. */
export const validCheckpoint: fc.Arbitrary<GeneratedCheckpoint> = fc
  .record(
    {
      names: fc.uniqueArray(
        tensorName.filter((name) => name !== "__metadata__"),
        { maxLength: 6 },
      ),
      data: fc.array(tensorData, { minLength: 6, maxLength: 6 }),
      metadata: fc.dictionary(
        fc.string({ maxLength: 6 }).filter((key) => key !== "__proto__"),
        fc.string({ maxLength: 10 }),
        { maxKeys: 3 },
      ),
    },
    { requiredKeys: ["names", "data"] },
  )
  .map(({ names, data, metadata }) => {
    const tensors = names.map((name, i) => ({ name, ...(data[i] as (typeof data)[number]) }));
    return metadata === undefined ? { tensors } : { tensors, metadata };
  });

export function encodeGenerated(checkpoint: GeneratedCheckpoint): Uint8Array {
  return encodeSafetensors(checkpoint.tensors, checkpoint.metadata);
}

/** JSON values a hostile header puts where a field belongs. */
const strangeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    "",
    "Q4_K",
    "f32",
    -1,
    1.5,
    2 ** 53,
    2 ** 53 + 2,
    2 ** 64,
    1e300,
    [],
    [-1],
    [1.5],
    ["4"],
    [[1]],
    [0, 0, 0],
    [2 ** 27, 2 ** 27],
    [2 ** 26, 2 ** 26, 2],
    [2 ** 60, 0],
    [2 ** 53, 2 ** 53],
    {},
  ),
  fc.integer({ min: -3, max: 70 }),
  fc.array(fc.integer({ min: -2, max: 70 }), { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A change to the JSON header; `at` picks a tensor entry modulo their count. */
export type HeaderMutation =
  | { kind: "dtype"; at: number; value: unknown }
  | { kind: "validDtype"; at: number; value: DType }
  | { kind: "shape"; at: number; value: unknown }
  | { kind: "manyDims"; at: number; dims: number }
  | { kind: "offsets"; at: number; value: unknown }
  | { kind: "shiftOffsets"; at: number; begin: number; end: number }
  | { kind: "swapOffsets"; at: number; other: number }
  | { kind: "copyOffsets"; at: number; other: number }
  | { kind: "dropKey"; at: number; key: "dtype" | "shape" | "data_offsets" }
  | { kind: "extraKey"; at: number; key: string }
  | { kind: "entry"; at: number; value: unknown }
  | { kind: "rename"; at: number; name: string }
  | { kind: "duplicate"; at: number }
  | { kind: "metadata"; value: unknown }
  | { kind: "deepMetadata"; depth: number; bracket: "[" | "{" }
  | { kind: "deepShape"; at: number; depth: number }
  | { kind: "trailingText"; text: string }
  | { kind: "spellNumber"; at: number; spelling: "4.0" | "4e0" | "04" | "-0" | "4E+0" };

export const headerMutation: fc.Arbitrary<HeaderMutation> = fc.oneof(
  fc.record({ kind: fc.constant("dtype" as const), at: fc.nat(), value: strangeValue }),
  fc.record({ kind: fc.constant("validDtype" as const), at: fc.nat(), value: dtype }),
  fc.record({ kind: fc.constant("shape" as const), at: fc.nat(), value: strangeValue }),
  fc.record({
    kind: fc.constant("manyDims" as const),
    at: fc.nat(),
    dims: fc.integer({ min: 4, max: 70 }),
  }),
  fc.record({ kind: fc.constant("offsets" as const), at: fc.nat(), value: strangeValue }),
  fc.record({
    kind: fc.constant("shiftOffsets" as const),
    at: fc.nat(),
    begin: fc.integer({ min: -9, max: 9 }),
    end: fc.integer({ min: -9, max: 9 }),
  }),
  fc.record({ kind: fc.constant("swapOffsets" as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant("copyOffsets" as const), at: fc.nat(), other: fc.nat() }),
  fc.record({
    kind: fc.constant("dropKey" as const),
    at: fc.nat(),
    key: fc.constantFrom("dtype" as const, "shape" as const, "data_offsets" as const),
  }),
  fc.record({
    kind: fc.constant("extraKey" as const),
    at: fc.nat(),
    key: fc.constantFrom("offsets", "__proto__", "DTYPE", ""),
  }),
  fc.record({ kind: fc.constant("entry" as const), at: fc.nat(), value: strangeValue }),
  fc.record({ kind: fc.constant("rename" as const), at: fc.nat(), name: tensorName }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("metadata" as const), value: strangeValue }),
  fc.record({
    kind: fc.constant("deepMetadata" as const),
    depth: fc.oneof(fc.integer({ min: 1, max: 80 }), fc.constant(20_000)),
    bracket: fc.constantFrom("[" as const, "{" as const),
  }),
  fc.record({
    kind: fc.constant("deepShape" as const),
    at: fc.nat(),
    depth: fc.integer({ min: 1, max: 80 }),
  }),
  fc.record({
    kind: fc.constant("trailingText" as const),
    text: fc.constantFrom(',"x":1}', "}", " {}", "\u0000", "\ufeff"),
  }),
  fc.record({
    kind: fc.constant("spellNumber" as const),
    at: fc.nat(),
    spelling: fc.constantFrom(
      "4.0" as const,
      "4e0" as const,
      "04" as const,
      "-0" as const,
      "4E+0" as const,
    ),
  }),
);

/** A header entry as text, so mutations can write what JSON.stringify never would. */
interface HeaderMember {
  key: string;
  /** Value as JSON text. */
  text: string;
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? "null";
}

/** Splits the header of a file into members in order. It throws when the header does not parse. */
function headerMembers(bytes: Uint8Array): { members: HeaderMember[]; dataStart: number } {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + length));
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const members = Object.entries(parsed).map(([key, value]) => ({ key, text: json(value) }));
  return { members, dataStart: 8 + length };
}

/** Assembles a file: length prefix, header text padded with spaces to 8 bytes, data section. */
export function assemble(headerText: string, data: Uint8Array): Uint8Array {
  const header = Buffer.from(headerText, "utf8");
  const padded = Buffer.concat([header, Buffer.alloc((8 - (header.byteLength % 8)) % 8, 0x20)]);
  const out = new Uint8Array(8 + padded.byteLength + data.byteLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded.byteLength), true);
  out.set(padded, 8);
  out.set(data, 8 + padded.byteLength);
  return out;
}

function nested(depth: number, open: "[" | "{", inner: string): string {
  const close = open === "[" ? "]" : "}";
  const opening = open === "[" ? "[" : '{"k":';
  return opening.repeat(depth) + inner + close.repeat(depth);
}

type Entry = Record<string, unknown>;

function offsetsOf(entry: Entry | undefined): [number, number] | undefined {
  const value = entry?.data_offsets;
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  return value.every((offset) => typeof offset === "number")
    ? (value as [number, number])
    : undefined;
}

/** Applies `mutation` to the header of a valid file and returns the new file. */
export function mutateHeader(file: Uint8Array, mutation: HeaderMutation): Uint8Array {
  const { members, dataStart } = headerMembers(file);
  const data = file.subarray(dataStart);
  const tensors = members.filter((member) => member.key !== "__metadata__");
  const pick = (at: number) => tensors[at % Math.max(1, tensors.length)];
  const target = "at" in mutation ? pick(mutation.at) : undefined;
  const parsed: unknown = target ? JSON.parse(target.text) : undefined;
  // Earlier mutations may have left an entry that is not an object.
  const entry =
    typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Entry)
      : undefined;
  const offsets = offsetsOf(entry);
  const setEntry = (value: Entry) => {
    if (target) target.text = json(value);
  };
  let trailing = "";

  switch (mutation.kind) {
    case "dtype":
    case "validDtype":
      if (entry) setEntry({ ...entry, dtype: mutation.value });
      break;
    case "shape":
      if (entry) setEntry({ ...entry, shape: mutation.value });
      break;
    case "manyDims":
      if (entry) setEntry({ ...entry, shape: Array(mutation.dims).fill(1) });
      break;
    case "offsets":
      if (entry) setEntry({ ...entry, data_offsets: mutation.value });
      break;
    case "shiftOffsets":
      if (entry && offsets) {
        const [begin, end] = offsets;
        setEntry({ ...entry, data_offsets: [begin + mutation.begin, end + mutation.end] });
      }
      break;
    case "swapOffsets":
    case "copyOffsets": {
      const other = pick(mutation.other);
      if (entry && other && other !== target && JSON.parse(other.text) !== null) {
        const otherEntry = { ...(JSON.parse(other.text) as Entry) };
        setEntry({ ...entry, data_offsets: otherEntry.data_offsets });
        if (mutation.kind === "swapOffsets") {
          other.text = json({ ...otherEntry, data_offsets: entry.data_offsets });
        }
      }
      break;
    }
    case "dropKey":
      if (entry) {
        const { [mutation.key]: _dropped, ...rest } = entry;
        setEntry(rest);
      }
      break;
    case "extraKey":
      if (target) target.text = `${target.text.slice(0, -1)},${json(mutation.key)}:0}`;
      break;
    case "entry":
      if (target) target.text = json(mutation.value);
      break;
    case "rename":
      if (target) target.key = mutation.name;
      break;
    case "duplicate":
      if (target) members.push({ ...target });
      break;
    case "metadata": {
      const metadata = members.find((member) => member.key === "__metadata__");
      if (metadata) metadata.text = json(mutation.value);
      else members.unshift({ key: "__metadata__", text: json(mutation.value) });
      break;
    }
    case "deepMetadata":
      members.unshift({
        key: "__metadata__",
        text: `{"deep":${nested(mutation.depth, mutation.bracket, "1")}}`,
      });
      break;
    case "deepShape":
      if (target && entry) {
        const rest = json({ dtype: entry.dtype, data_offsets: entry.data_offsets }).slice(1);
        target.text = `{"shape":${nested(mutation.depth, "[", "1")},${rest}`;
      }
      break;
    case "trailingText":
      trailing = mutation.text;
      break;
    case "spellNumber":
      if (target && entry && offsets) {
        const [, end] = offsets;
        target.text = json({ ...entry, data_offsets: ["BEGIN", end] }).replace(
          '"BEGIN"',
          mutation.spelling,
        );
      }
      break;
  }
  const text = `{${members.map((member) => `${json(member.key)}:${member.text}`).join(",")}}`;
  return assemble(text + trailing, data);
}

/** A change to the raw bytes of a file. Positions are taken modulo the file size. */
export type ByteMutation =
  | { kind: "flipBit"; at: number; bit: number }
  | { kind: "setByte"; at: number; value: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "delete"; at: number; count: number }
  | { kind: "truncate"; at: number }
  | { kind: "append"; bytes: Uint8Array }
  | { kind: "lengthPrefix"; value: bigint }
  | { kind: "lengthDelta"; delta: number }
  | { kind: "prefix"; bytes: Uint8Array };

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({
    kind: fc.constant("flipBit" as const),
    at: fc.nat(),
    bit: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({ kind: fc.constant("setByte" as const), at: fc.nat(), value: fc.nat({ max: 255 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 9 }),
  }),
  fc.record({
    kind: fc.constant("delete" as const),
    at: fc.nat(),
    count: fc.integer({ min: 1, max: 9 }),
  }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("append" as const),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 9 }),
  }),
  fc.record({
    kind: fc.constant("lengthPrefix" as const),
    value: fc.oneof(
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.constantFrom(0n, 2n ** 64n - 1n, 2n ** 63n, 2n ** 53n + 1n, 2n ** 32n, 100_000_001n),
    ),
  }),
  fc.record({
    kind: fc.constant("lengthDelta" as const),
    delta: fc.integer({ min: -16, max: 16 }),
  }),
  fc.record({
    kind: fc.constant("prefix" as const),
    bytes: fc.constantFrom(
      new TextEncoder().encode("version https://git-lfs.github.com/spec/v1\n"),
      Uint8Array.of(0x50, 0x4b, 0x03, 0x04),
      new TextEncoder().encode("GGUF"),
      Uint8Array.of(0x80, 0x02),
    ),
  }),
);

/** Applies `mutation` to a copy of `file`. */
export function mutateBytes(file: Uint8Array, mutation: ByteMutation): Uint8Array {
  const size = Math.max(1, file.byteLength);
  switch (mutation.kind) {
    case "flipBit": {
      const out = file.slice();
      const at = mutation.at % size;
      if (out.byteLength > 0) out[at] = (out[at] as number) ^ (1 << mutation.bit);
      return out;
    }
    case "setByte": {
      const out = file.slice();
      if (out.byteLength > 0) out[mutation.at % size] = mutation.value;
      return out;
    }
    case "insert": {
      const at = mutation.at % (file.byteLength + 1);
      return Buffer.concat([file.subarray(0, at), mutation.bytes, file.subarray(at)]);
    }
    case "delete": {
      const at = mutation.at % size;
      return Buffer.concat([file.subarray(0, at), file.subarray(at + mutation.count)]);
    }
    case "truncate":
      return file.slice(0, mutation.at % size);
    case "append":
      return Buffer.concat([file, mutation.bytes]);
    case "lengthPrefix": {
      const out = file.slice();
      if (out.byteLength >= 8) new DataView(out.buffer).setBigUint64(0, mutation.value, true);
      return out;
    }
    case "lengthDelta": {
      const out = file.slice();
      if (out.byteLength < 8) return out;
      const view = new DataView(out.buffer);
      const length = view.getBigUint64(0, true) + BigInt(mutation.delta);
      view.setBigUint64(0, length < 0n ? 0n : length, true);
      return out;
    }
    case "prefix": {
      const out = file.slice();
      out.set(mutation.bytes.subarray(0, out.byteLength), 0);
      return out;
    }
  }
}

/** Any mutation of a file: 0 to 3 header or byte changes in a row. */
export type Mutation = { header: HeaderMutation } | { bytes: ByteMutation };

export const mutations: fc.Arbitrary<Mutation[]> = fc.array(
  fc.oneof(
    headerMutation.map((header) => ({ header })),
    byteMutation.map((bytes) => ({ bytes })),
  ),
  { maxLength: 3 },
);

/**
 * Applies mutations in order. A header mutation needs a header the writer could have produced,
 * so after a byte mutation has broken the header it leaves the file as it is.
 */
export function applyMutations(file: Uint8Array, list: readonly Mutation[]): Uint8Array {
  let out = file;
  for (const mutation of list) {
    if ("bytes" in mutation) {
      out = mutateBytes(out, mutation.bytes);
      continue;
    }
    try {
      headerMembers(out);
    } catch {
      continue;
    }
    out = mutateHeader(out, mutation.header);
  }
  return out;
}
