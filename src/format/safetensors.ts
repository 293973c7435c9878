/**
 * Strict reader for the safetensors header.
 *
 * Layout: an unsigned 64-bit little-endian header length N, N bytes of UTF-8 JSON (one object
 * mapping tensor names to `{dtype, shape, data_offsets}`, plus an optional `__metadata__` object of
 * strings), then the data section. Offsets are relative to the data section. The tensors with
 * data must tile the data section exactly: no gaps, no overlaps, no trailing bytes.
 */

import { FormatError } from "../errors.js";
import type { ByteSource } from "../io/byte-source.js";
import { escapeInvisible, quoteForMessage, shownValue, visibleText } from "../visible-text.js";
import { byteLengthOf, dtypeInfo, isDType, SUPPORTED_DTYPES } from "./dtypes.js";
import { fileKindError, SNIFF_BYTES, sniffFileKind } from "./file-kind.js";
import { readHeaderFastPath, type TensorFactory } from "./header-fast-path.js";
import {
  isCompleteScan,
  type JsonObjectScan,
  type NonIntegerNumber,
  scanJsonObject,
  skipJsonWhitespace,
} from "./json-scan.js";
import { DEFAULT_LIMITS, type Limits, limitError } from "./limits.js";
import type { SafetensorsFile, TensorEntry } from "./types.js";

/** A validated header entry; `byteOffset` is absolute within the file. */
export type HeaderTensor = Omit<TensorEntry, "source">;

export interface ParsedHeader<T extends HeaderTensor = HeaderTensor> {
  /** Tensors in ascending data offset order; zero-size tensors sharing an offset keep header order. */
  readonly tensors: readonly T[];
  /** The `__metadata__` object with values kept as found; absent or null gives `{}`. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Byte offset where the data section starts: 8 + header length. */
  readonly dataStart: number;
  /** Non-fatal findings, each starting with the file name. */
  readonly warnings: readonly string[];
}

/** A SafetensorsFile plus the non-fatal findings of its header. */
export interface ReadSafetensorsFile extends SafetensorsFile {
  readonly warnings: readonly string[];
}

/** Problems listed in one error before the rest are only counted. */
const MAX_LISTED_PROBLEMS = 20;

/**
 * Characters of listed problems in one error before the rest are only counted, so a header full
 * of long hostile names still gives a message of a few KB.
 */
const MAX_LISTED_CHARS = 3000;

/** Names listed in one problem (unknown keys, non-string metadata) before the rest are counted. */
const MAX_LISTED_NAMES = 5;

/** Characters of header text shown around a syntax problem. */
const EXCERPT_CHARS = 20;

/** Names of the invisible characters most often found at the start of a broken header. */
const CHARACTER_NAMES: Readonly<Record<number, string>> = {
  0: "a NUL character",
  27: "an escape character",
  65279: "a byte order mark",
};

const METADATA_KEY = "__metadata__";
const ENTRY_KEYS = ["dtype", "shape", "data_offsets"] as const;

const REWRITE =
  "Re-save the checkpoint with a safetensors writer (for example safetensors.torch.save_file).";
const REDOWNLOAD = "Re-download the file; a download that stopped early leaves it truncated.";
const TIED =
  "Re-save it with safetensors.torch.save_model, which stores shared tensors under one name.";

interface Problem {
  readonly text: string;
  readonly remedy: string;
}

/**
 * Reads and validates the header of a safetensors file. Checks the declared header length against
 * the file size and `limits.maxHeaderBytes` before allocating the header buffer, and names the
 * real format of Git LFS pointers, zip, pickle and GGUF files.
 */
export async function readSafetensorsFile(
  source: ByteSource,
  limits: Limits = DEFAULT_LIMITS,
): Promise<ReadSafetensorsFile> {
  const file = source.name;
  const prefix = new Uint8Array(Math.min(source.size, SNIFF_BYTES));
  await source.read(0, prefix.byteLength, prefix);

  if (source.size < 8) {
    throwIfKnownKind(file, prefix);
    throw new FormatError(
      file,
      `${quoteForMessage(file)}: the file has ${plural(source.size, "byte")}, fewer than the 8-byte header length that ` +
        "starts a safetensors file. Check that this is a safetensors file, or re-download it.",
    );
  }

  // The length is an unsigned 64-bit integer: compare it as a BigInt before converting it.
  const declared = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  const largerThanFile = declared > BigInt(source.size - 8);
  const overLimit = declared > BigInt(limits.maxHeaderBytes);
  if (largerThanFile || overLimit) throwIfKnownKind(file, prefix);
  if (largerThanFile) {
    const limitText = overLimit
      ? ` and than the header limit (MAX_HEADER_BYTES, ${limits.maxHeaderBytes} bytes)`
      : "";
    throw new FormatError(
      file,
      `${quoteForMessage(file)}: declared header length ${declared} is larger than the file (${plural(source.size, "byte")})` +
        `${limitText}. The file is truncated or not a safetensors file; check it, or re-download it.`,
    );
  }
  if (overLimit) {
    throw limitError(
      file,
      "maxHeaderBytes",
      limits,
      `the header length is ${plural(declared, "byte")}`,
    );
  }

  const headerLength = Number(declared);
  let header: Uint8Array;
  if (8 + headerLength <= prefix.byteLength) {
    header = prefix.subarray(8, 8 + headerLength);
  } else {
    // The prefix already contains the header's first bytes, so only the rest is read.
    header = new Uint8Array(headerLength);
    const known = prefix.byteLength - 8;
    header.set(prefix.subarray(8));
    await source.read(8 + known, headerLength - known, header, known);
  }
  if (header[firstNonWhitespace(header)] !== 0x7b) throwIfKnownKind(file, prefix);

  // Each entry is built whole by one object literal. Adding `source` by a spread gave each of
  // them a hidden class of its own (Node 20), which cost about 290 bytes per tensor and made
  // every later access to a tensor's fields a slow lookup.
  const tensorEntry: TensorFactory<TensorEntry> = (
    name,
    dtype,
    shape,
    numel,
    byteOffset,
    byteLength,
  ) => ({ name, dtype, shape, numel, byteOffset, byteLength, source });
  const parsed = parseHeaderInto(header, source.size, file, limits, tensorEntry);
  return {
    source,
    dataStart: parsed.dataStart,
    tensors: parsed.tensors,
    metadata: parsed.metadata,
    warnings: parsed.warnings,
  };
}

const headerTensor: TensorFactory<HeaderTensor> = (
  name,
  dtype,
  shape,
  numel,
  byteOffset,
  byteLength,
) => ({ name, dtype, shape, numel, byteOffset, byteLength });

/**
 * Validates a safetensors header. `headerBytes` are the N bytes after the 8-byte length, and
 * `fileSize` is the size of the whole file. Throws a FormatError listing every problem found, or a
 * LimitError when the header exceeds `limits`.
 */
export function parseSafetensorsHeader(
  headerBytes: Uint8Array,
  fileSize: number,
  fileName: string,
  limits: Limits = DEFAULT_LIMITS,
): ParsedHeader {
  return parseHeaderInto(headerBytes, fileSize, fileName, limits, headerTensor);
}

/**
 * Validates a safetensors header as parseSafetensorsHeader does, building each tensor with
 * `makeTensor`. Headers in the writers' form take the fast path, and the general path below
 * reads every other header and writes the diagnosis of an invalid one.
 */
function parseHeaderInto<T extends HeaderTensor>(
  headerBytes: Uint8Array,
  fileSize: number,
  file: string,
  limits: Limits,
  makeTensor: TensorFactory<T>,
): ParsedHeader<T> {
  const dataStart = 8 + headerBytes.byteLength;
  if (dataStart > fileSize) {
    fail(file, [
      {
        text: `the header ends at byte ${dataStart}, past the end of the file (${plural(fileSize, "byte")})`,
        remedy: REDOWNLOAD,
      },
    ]);
  }
  const fast = readHeaderFastPath(headerBytes, dataStart, fileSize, limits, makeTensor);
  if (fast) return { tensors: fast.tensors, metadata: fast.metadata, dataStart, warnings: [] };

  const root = decodeHeaderObject(headerBytes, file, limits);
  const warnings: string[] = [];
  const problems: Problem[] = [];

  const metadata = readMetadata(root[METADATA_KEY], file, warnings, problems);
  const dataLength = fileSize - dataStart;
  const tensors: T[] = [];
  const ranges: Range[] = [];
  let entryCount = 0;

  for (const [name, value] of Object.entries(root)) {
    if (name === METADATA_KEY) continue;
    entryCount++;
    const entry = checkEntry(name, value, file, limits, problems);
    if (entry.offsets) ranges.push({ name, begin: entry.offsets[0], end: entry.offsets[1] });
    const tensor = entry.tensor;
    if (tensor) {
      tensors.push(
        makeTensor(
          tensor.name,
          tensor.dtype,
          tensor.shape,
          tensor.numel,
          dataStart + tensor.byteOffset,
          tensor.byteLength,
        ),
      );
    }
  }
  // An entry with unusable offsets leaves its bytes unaccounted for, so gaps and trailing bytes
  // would only repeat that problem.
  const allOffsetsKnown = ranges.length === entryCount;
  checkCoverage(ranges, dataLength, dataStart, fileSize, allOffsetsKnown, problems);
  if (problems.length > 0) fail(file, problems);

  // Stable sort, so zero-size tensors that share an offset keep their header order.
  tensors.sort((a, b) => a.byteOffset - b.byteOffset || a.byteLength - b.byteLength);
  return { tensors, metadata, dataStart, warnings };
}

/** Decodes the header as strict UTF-8 and parses it as exactly one JSON object with unique keys. */
function decodeHeaderObject(
  headerBytes: Uint8Array,
  file: string,
  limits: Limits,
): Record<string, unknown> {
  if (headerBytes.byteLength === 0) {
    fail(file, [{ text: "the header is empty (header length 0)", remedy: REWRITE }]);
  }

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(headerBytes);
  } catch {
    const at = firstInvalidUtf8Offset(headerBytes);
    fail(file, [
      {
        text: `the header is not valid UTF-8 (invalid byte 0x${hex(headerBytes[at])} at header byte ${at})`,
        remedy: REWRITE,
      },
    ]);
  }

  const start = skipJsonWhitespace(text, 0);
  if (text[start] !== "{") {
    const found = start < text.length ? describeTextAt(text, start) : "only whitespace";
    fail(file, [
      {
        text: `the header must be a JSON object, but it starts with ${found} at header byte ${utf8Length(text.slice(0, start))}`,
        remedy: REWRITE,
      },
    ]);
  }

  // The scan runs first, so JSON nested deeper than the limit is rejected before it is parsed.
  const scan = scanJsonObject(text, limits.maxJsonDepth);
  if (scan && "tooDeep" in scan) {
    const { key, depth, position } = scan.tooDeep;
    const where = key === undefined ? "the header" : `the value of ${quoteForMessage(key)}`;
    throw limitError(
      file,
      "maxJsonDepth",
      limits,
      `${where} reaches JSON nesting depth ${depth} at header byte ${utf8Length(text.slice(0, position))}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    if (scan && skipJsonWhitespace(text, scan.end) < text.length) throwExtraText(file, text, scan);
    fail(file, [
      {
        text: `the header is not valid JSON (${visibleText((error as Error).message).text})`,
        remedy: REWRITE,
      },
    ]);
  }
  if (!isCompleteScan(scan)) {
    throw new Error("BUG: JSON.parse accepted a header that scanJsonObject rejected");
  }

  if (scan.duplicates.length > 0) {
    fail(
      file,
      scan.duplicates.map((duplicate) => ({
        text: duplicateKeyText(duplicate.key, duplicate.parent),
        remedy: REWRITE,
      })),
    );
  }
  const tensorCount = scan.keys.filter((key) => key !== METADATA_KEY).length;
  if (tensorCount > limits.maxTensorCount) {
    throw limitError(
      file,
      "maxTensorCount",
      limits,
      `the header lists ${plural(tensorCount, "tensor")}`,
    );
  }
  const spellings = nonIntegerSpellingProblems(scan.nonIntegerNumbers);
  if (spellings.length > 0) fail(file, spellings);
  return parsed as Record<string, unknown>;
}

/** Characters of a number shown in a message. */
const MAX_NUMBER_CHARS = 40;

/**
 * Returns a problem for each tensor entry that writes a whole number with a fraction or an
 * exponent, such as `4.0` or `4e0`. JSON.parse reads them as 4, but the reference Rust reader
 * rejects such a header, because serde_json does not read a float into an integer field.
 * Numbers in the metadata are reported with the metadata, which must contain strings.
 */
function nonIntegerSpellingProblems(numbers: readonly NonIntegerNumber[]): Problem[] {
  const firstByTensor = new Map<string, string>();
  for (const { key, text } of numbers) {
    if (key === undefined || key === METADATA_KEY || firstByTensor.has(key)) continue;
    // Other values, such as 1.5 or 1e400, fail the checks of the entry's fields.
    if (!Number.isInteger(Number(text))) continue;
    firstByTensor.set(key, text);
  }
  return [...firstByTensor].map(([name, text]) => ({
    // A JSON number is ASCII, so cutting it by UTF-16 units cuts no character in two.
    text: `tensor ${quoteForMessage(name)} writes the number \`${text.length > MAX_NUMBER_CHARS ? `${text.slice(0, MAX_NUMBER_CHARS)}…` : text}\`; shape and data_offsets must be whole numbers written without a fraction or an exponent`,
    remedy: REWRITE,
  }));
}

function throwExtraText(file: string, text: string, scan: JsonObjectScan): never {
  const at = skipJsonWhitespace(text, scan.end);
  fail(file, [
    {
      text:
        "the header is not a single JSON object: unexpected text after it, " +
        `${describeTextAt(text, at)} at header byte ${utf8Length(text.slice(0, at))}`,
      remedy: REWRITE,
    },
  ]);
}

function readMetadata(
  value: unknown,
  file: string,
  warnings: string[],
  problems: Problem[],
): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    problems.push({
      text: `\`${METADATA_KEY}\` must be an object of strings, but it is ${jsonKind(value)}`,
      remedy: REWRITE,
    });
    return {};
  }
  const metadata = { ...(value as Record<string, unknown>) };
  const nonString = Object.keys(metadata).filter((key) => typeof metadata[key] !== "string");
  if (nonString.length > 0) {
    warnings.push(
      `${quoteForMessage(file)}: \`${METADATA_KEY}\` values of ${listNames(nonString)} are not strings, ` +
        "as the format requires; they are kept as found and shown JSON-encoded.",
    );
  }
  return metadata;
}

interface CheckedEntry {
  /** Set when data_offsets are two ordered safe integers, even if other fields are invalid. */
  offsets?: readonly [number, number];
  /** Set when the whole entry is valid; `byteOffset` is still relative to the data section. */
  tensor?: HeaderTensor;
}

function checkEntry(
  name: string,
  value: unknown,
  file: string,
  limits: Limits,
  problems: Problem[],
): CheckedEntry {
  // Quoted only for a message: most entries are valid, and quoting scans the whole name.
  const tensor = () => quoteForMessage(name);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push({
      text: `tensor ${tensor()} must be an object with dtype, shape and data_offsets, but it is ${jsonKind(value)}`,
      remedy: REWRITE,
    });
    return {};
  }
  const entry = value as Record<string, unknown>;
  const unknownKeys = Object.keys(entry).filter(
    (key) => !(ENTRY_KEYS as readonly string[]).includes(key),
  );
  if (unknownKeys.length > 0) {
    problems.push({
      text: `tensor ${tensor()} has unknown ${unknownKeys.length === 1 ? "key" : "keys"} ${listNames(unknownKeys)} (expected only dtype, shape and data_offsets)`,
      remedy: REWRITE,
    });
  }
  const missingKeys = ENTRY_KEYS.filter((key) => !Object.hasOwn(entry, key));
  if (missingKeys.length > 0) {
    problems.push({
      text: `tensor ${tensor()} lacks ${missingKeys.map((key) => `\`${key}\``).join(", ")}`,
      remedy: REWRITE,
    });
  }

  const dtype = entry.dtype;
  const dtypeValid = typeof dtype === "string" && isDType(dtype);
  if (!dtypeValid && Object.hasOwn(entry, "dtype")) {
    problems.push({
      text: `tensor ${tensor()} has dtype ${shownValue(dtype)}, which is not a supported safetensors dtype (supported: ${SUPPORTED_DTYPES.join(", ")})`,
      remedy: REWRITE,
    });
  }

  const shape = checkShape(name, entry.shape, file, limits, problems);
  const offsets = checkOffsets(name, entry.data_offsets, problems);
  if (!dtypeValid || !shape || !offsets || unknownKeys.length > 0) return { offsets };

  let numel = 1n;
  for (const dim of shape) numel *= BigInt(dim);
  const shapeText = () => `(${dtype}, shape [${shape.join(", ")}])`;
  const bits = dtypeInfo(dtype).bits;
  const expectedBytes = byteLengthOf(dtype, numel);
  const actualBytes = offsets[1] - offsets[0];
  if (expectedBytes === undefined) {
    problems.push({
      text: `tensor ${tensor()} ${shapeText()} has ${plural(numel, "element")} of ${bits} bits = ${plural(numel * BigInt(bits), "bit")}, not a whole number of bytes`,
      remedy: REWRITE,
    });
    return { offsets };
  }
  if (expectedBytes !== BigInt(actualBytes)) {
    const unit = bits % 8 === 0 ? plural(bits / 8, "byte") : `${bits} bits`;
    problems.push({
      text: `tensor ${tensor()} ${shapeText()} needs ${plural(expectedBytes, "byte")} (${plural(numel, "element")} x ${unit}), but its data_offsets [${offsets[0]}, ${offsets[1]}] give ${plural(actualBytes, "byte")}`,
      remedy: REWRITE,
    });
    return { offsets };
  }
  if (numel > BigInt(Number.MAX_SAFE_INTEGER)) {
    problems.push({
      text: `tensor ${tensor()} ${shapeText()} has ${plural(numel, "element")}, more than 2^53 - 1`,
      remedy: REWRITE,
    });
    return { offsets };
  }
  return {
    offsets,
    tensor: {
      name,
      dtype,
      shape,
      numel: Number(numel),
      byteOffset: offsets[0],
      byteLength: actualBytes,
    },
  };
}

function checkShape(
  name: string,
  value: unknown,
  file: string,
  limits: Limits,
  problems: Problem[],
): number[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.push({
      text: `tensor ${quoteForMessage(name)} has shape ${shownValue(value)}, which is not an array`,
      remedy: REWRITE,
    });
    return undefined;
  }
  if (value.length > limits.maxDims) {
    throw limitError(
      file,
      "maxDims",
      limits,
      `tensor ${quoteForMessage(name)} has ${plural(value.length, "dimension")}`,
    );
  }
  if (!value.every(isNonNegativeSafeInteger)) {
    problems.push({
      text: `tensor ${quoteForMessage(name)} has shape ${shownValue(value)}; each dimension must be a whole number from 0 to 2^53 - 1`,
      remedy: REWRITE,
    });
    return undefined;
  }
  return value as number[];
}

function checkOffsets(
  name: string,
  value: unknown,
  problems: Problem[],
): readonly [number, number] | undefined {
  if (value === undefined) return undefined;
  const tensor = () => quoteForMessage(name);
  if (!Array.isArray(value) || value.length !== 2) {
    problems.push({
      text: `tensor ${tensor()} has data_offsets ${shownValue(value)}; expected [begin, end]`,
      remedy: REWRITE,
    });
    return undefined;
  }
  const [begin, end] = value as unknown[];
  if (
    [begin, end].some((offset) => typeof offset === "number" && offset > Number.MAX_SAFE_INTEGER)
  ) {
    problems.push({
      text: `tensor ${tensor()} has data_offsets beyond 2^53 - 1 (${Number.MAX_SAFE_INTEGER}), the largest offset model-diff can address; no real file is that large, so the header is corrupt`,
      remedy: REWRITE,
    });
    return undefined;
  }
  if (!isNonNegativeSafeInteger(begin) || !isNonNegativeSafeInteger(end)) {
    problems.push({
      text: `tensor ${tensor()} has data_offsets ${shownValue(value)}; offsets must be whole numbers from 0 to 2^53 - 1`,
      remedy: REWRITE,
    });
    return undefined;
  }
  if (begin > end) {
    problems.push({
      text: `tensor ${tensor()} has reversed data_offsets [${begin}, ${end}] (begin is after end)`,
      remedy: REWRITE,
    });
    return undefined;
  }
  return [begin, end];
}

interface Range {
  readonly name: string;
  readonly begin: number;
  readonly end: number;
}

/**
 * Checks that the non-empty ranges tile [0, dataLength) exactly. Zero-size tensors own no bytes,
 * so they may share an offset with anything, but must not point past the data. Gaps and trailing
 * bytes are reported only when `allOffsetsKnown`.
 */
function checkCoverage(
  ranges: readonly Range[],
  dataLength: number,
  dataStart: number,
  fileSize: number,
  allOffsetsKnown: boolean,
  problems: Problem[],
): void {
  const filled = ranges
    .filter((range) => range.end > range.begin)
    .sort((a, b) => a.begin - b.begin || a.end - b.end);
  const declaredEnd = filled.reduce((max, range) => Math.max(max, range.end), 0);

  let cursor = 0;
  let owner: Range | undefined;
  for (const range of filled) {
    if (range.begin > cursor && allOffsetsKnown) {
      problems.push({
        text: `data bytes [${cursor}, ${range.begin}) are not covered by any tensor (the format forbids gaps between tensors)`,
        remedy: REWRITE,
      });
    } else if (owner && range.begin < cursor) {
      problems.push(overlapProblem(owner, range));
    }
    if (!owner || range.end > owner.end) owner = range;
    cursor = Math.max(cursor, range.end);
  }

  for (const range of ranges) {
    if (range.begin === range.end && range.begin > Math.max(declaredEnd, dataLength)) {
      problems.push({
        text: `zero-size tensor ${quoteForMessage(range.name)} has data_offsets [${range.begin}, ${range.end}], past the end of the data section (${plural(Math.max(declaredEnd, dataLength), "byte")})`,
        remedy: REWRITE,
      });
    }
  }

  if (declaredEnd > dataLength) {
    const pastEnd = filled.filter((range) => range.end > dataLength);
    const first = pastEnd[0] as Range;
    const more =
      pastEnd.length === 2
        ? " (1 more tensor also ends past it)"
        : pastEnd.length > 2
          ? ` (${pastEnd.length - 1} more tensors also end past it)`
          : "";
    problems.push({
      text: `the file is truncated: tensor ${quoteForMessage(first.name)} needs data bytes [${first.begin}, ${first.end}), but the data section has ${plural(dataLength, "byte")}${more} (expected file size ${dataStart + declaredEnd}, actual ${fileSize})`,
      remedy: REDOWNLOAD,
    });
  } else if (cursor < dataLength && allOffsetsKnown) {
    const extra = dataLength - cursor;
    problems.push({
      text:
        filled.length === 0
          ? `the data section has ${plural(extra, "byte")}, but no tensor has data`
          : `${plural(extra, "byte")} after the last tensor (data bytes [${cursor}, ${dataLength})) ${extra === 1 ? "is" : "are"} not covered by any tensor`,
      remedy: REWRITE,
    });
  }
}

function overlapProblem(owner: Range, range: Range): Problem {
  if (owner.begin === range.begin && owner.end === range.end) {
    return {
      text: `tensors ${quoteForMessage(owner.name)} and ${quoteForMessage(range.name)} both point to data bytes [${range.begin}, ${range.end}): tied weights stored as one range, but the format gives each byte range one owner`,
      remedy: TIED,
    };
  }
  return {
    text: `tensors ${quoteForMessage(owner.name)} [${owner.begin}, ${owner.end}) and ${quoteForMessage(range.name)} [${range.begin}, ${range.end}) overlap on data bytes [${range.begin}, ${Math.min(owner.end, range.end)})`,
    remedy: REWRITE,
  };
}

/**
 * Throws one FormatError listing the problems, then the distinct remedies. At most
 * MAX_LISTED_PROBLEMS problems and about MAX_LISTED_CHARS characters are listed.
 */
function fail(file: string, problems: readonly Problem[]): never {
  const shownFile = quoteForMessage(file);
  const remedies = [...new Set(problems.map((problem) => problem.remedy))].join(" ");
  const first = problems[0];
  if (problems.length === 1 && first) {
    throw new FormatError(file, `${shownFile}: ${first.text}. ${remedies}`);
  }
  const listed: string[] = [];
  let listedChars = 0;
  for (const problem of problems) {
    if (listed.length === MAX_LISTED_PROBLEMS) break;
    if (listed.length > 0 && listedChars + problem.text.length > MAX_LISTED_CHARS) break;
    listed.push(`  - ${problem.text}`);
    listedChars += problem.text.length;
  }
  const rest = problems.length - listed.length;
  if (rest > 0) listed.push(`  - and ${plural(rest, "more problem")}`);
  throw new FormatError(
    file,
    `${shownFile}: the safetensors header has ${problems.length} problems:\n${listed.join("\n")}\n${remedies}`,
  );
}

function duplicateKeyText(key: string, parent: string | undefined): string {
  if (parent !== undefined) {
    return `key ${quoteForMessage(key)} appears more than once in ${quoteForMessage(parent)}`;
  }
  if (key === METADATA_KEY) return `the \`${METADATA_KEY}\` key appears more than once`;
  return `tensor ${quoteForMessage(key)} is defined more than once in the header`;
}

/**
 * Describes the header text at `at` for a message: the first character by code point when it is
 * invisible (a byte order mark, NUL, control character), then a short quoted excerpt.
 */
function describeTextAt(text: string, at: number): string {
  const excerpt = quoteForMessage(text.slice(at, at + EXCERPT_CHARS));
  const codePoint = text.codePointAt(at) as number;
  const character = String.fromCodePoint(codePoint);
  const name = CHARACTER_NAMES[codePoint];
  if (name === undefined && escapeInvisible(character) === character) return excerpt;
  const code = `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
  return `${code} (${name ?? "an invisible character"}), as in ${excerpt}`;
}

/** Lists names quoted and escaped, the first MAX_LISTED_NAMES of them, then a count of the rest. */
function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED_NAMES).map((name) => quoteForMessage(name));
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

/** Returns "1 byte", "2 bytes" and so on; `noun` is the singular and takes a plain "s". */
function plural(count: number | bigint, noun: string): string {
  return `${count} ${count === 1 || count === 1n ? noun : `${noun}s`}`;
}

function throwIfKnownKind(file: string, firstBytes: Uint8Array): void {
  const error = fileKindError(file, sniffFileKind(firstBytes), firstBytes);
  if (error) throw error;
}

function firstNonWhitespace(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i] as number)) i++;
  return i;
}

/** Returns the offset of the first byte that breaks UTF-8 (RFC 3629), or the length if none. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) length = 3;
    else if (lead >= 0xf0 && lead <= 0xf4) length = 4;
    else return i;
    // Second-byte ranges that exclude overlong forms, surrogates and code points above U+10FFFF.
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k];
      const min = k === 1 ? low : 0x80;
      const max = k === 1 ? high : 0xbf;
      if (byte === undefined || byte < min || byte > max) return i;
    }
    i += length;
  }
  return bytes.length;
}

// JSON.parse turns `4.0` and `4e0` into 4, so this also accepts them; decodeHeaderObject rejects
// them from the header text.
function isNonNegativeSafeInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function hex(byte: number | undefined): string {
  return (byte ?? 0).toString(16).padStart(2, "0");
}
