/**
 * A single-pass reader for safetensors headers in the form that writers produce: one JSON object
 * of tensor entries with exactly the keys dtype, shape and data_offsets, whose numbers are plain
 * integers, plus an optional `__metadata__` object of strings. It reads the header bytes once and
 * builds each tensor without an intermediate JSON value.
 *
 * It returns undefined as soon as the header leaves that form or breaks a rule, and the general
 * reader in safetensors.ts then parses the header and writes the diagnosis. A header it accepts
 * gets the same result from the general reader, so this module adds speed and no rule of its own.
 * Headers outside the form also take the general reader: number spellings such as `4.0` (which
 * it rejects), non-string metadata values, escaped dtype or entry keys, and tensor names made of
 * digits only, which JSON.parse orders before the other keys.
 */

import { Buffer, isUtf8 } from "node:buffer";
import { type DType, dtypeInfo, SUPPORTED_DTYPES } from "./dtypes.js";
import type { Limits } from "./limits.js";

/** Builds the tensor object of one entry. Its `byteOffset` is absolute within the file. */
export type TensorFactory<T> = (
  name: string,
  dtype: DType,
  shape: readonly number[],
  numel: number,
  byteOffset: number,
  byteLength: number,
) => T;

/** The tensors, in ascending data offset order, and the metadata of a header. */
export interface FastPathHeader<T> {
  readonly tensors: T[];
  readonly metadata: Record<string, unknown>;
}

/** JSON nesting depth of the form: header object, tensor entry, shape array. */
const FORM_DEPTH = 3;

/** Digits of 2^53 - 1, so a longer integer cannot be a safe integer. */
const MAX_SAFE_DIGITS = 16;

const METADATA_KEY = "__metadata__";

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
/** Returned by peek at the end of the header. */
const END = -1;

const encoder = new TextEncoder();
const DTYPE_SPELLINGS = SUPPORTED_DTYPES.map((dtype) => ({ dtype, bytes: encoder.encode(dtype) }));
const DTYPE_KEY = encoder.encode("dtype");
const SHAPE_KEY = encoder.encode("shape");
const OFFSETS_KEY = encoder.encode("data_offsets");
const NULL_LITERAL = encoder.encode("null");

/**
 * Reads a header in the writers' form. `bytes` are the header bytes, `dataStart` is 8 plus their
 * length, and `fileSize` the size of the whole file. Returns undefined when the header is outside
 * the form or breaks any rule or limit, and the caller then runs the general reader.
 */
export function readHeaderFastPath<T extends { byteOffset: number; byteLength: number }>(
  bytes: Uint8Array,
  dataStart: number,
  fileSize: number,
  limits: Limits,
  makeTensor: TensorFactory<T>,
): FastPathHeader<T> | undefined {
  if (limits.maxJsonDepth < FORM_DEPTH) return undefined;
  const scanner = new HeaderScanner(bytes, fileSize - dataStart, dataStart, limits);
  const read = scanner.readHeader(makeTensor);
  if (read === undefined || scanner.peek() !== END) return undefined;
  // Strings were decoded without checks, so the whole header must be valid UTF-8 to be trusted.
  if (scanner.nonAscii && !isUtf8(bytes)) return undefined;

  // Stable, so zero-size tensors that share an offset keep their header order.
  read.tensors.sort((a, b) => a.byteOffset - b.byteOffset || a.byteLength - b.byteLength);
  if (!tilesDataSection(read.tensors, dataStart, fileSize)) return undefined;
  return read;
}

/**
 * Checks that the tensors, sorted by offset, cover the data section exactly. Each tensor with
 * data starts where the previous one ended, and the last one ends at the end of the file.
 * Zero-size tensors point inside the data section or at its end.
 */
function tilesDataSection(
  tensors: readonly { byteOffset: number; byteLength: number }[],
  dataStart: number,
  fileSize: number,
): boolean {
  let cursor = dataStart;
  for (const tensor of tensors) {
    if (tensor.byteLength === 0) {
      if (tensor.byteOffset > fileSize) return false;
    } else {
      if (tensor.byteOffset !== cursor) return false;
      cursor += tensor.byteLength;
    }
  }
  return cursor === fileSize;
}

/** Returns whether `list` starts with the elements of `prefix`. */
function startsWith(list: readonly number[], prefix: readonly number[]): boolean {
  for (let i = 0; i < prefix.length; i++) {
    if (list[i] !== prefix[i]) return false;
  }
  return true;
}

/** Returns whether a name consists of digits only, as array indexes do. */
function isDigitsOnly(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < DIGIT_ZERO || code > DIGIT_NINE) return false;
  }
  return true;
}

class HeaderScanner {
  /** Position of the next byte to read. */
  private pos = 0;
  /** Content of the last string scanned: from just after its opening quote to its closing quote. */
  private stringStart = 0;
  private stringEnd = 0;
  /** Whether the last string scanned contains a backslash escape. */
  private escaped = false;
  /** Whether any string contains a byte of 0x80 or more. */
  nonAscii = false;
  private readonly text: Buffer;
  /** Dimensions of the shape being read, reused from entry to entry. */
  private readonly dims: number[] = [];
  /** The last shape read with each hash of its dimensions. */
  private readonly shapes = new Map<number, readonly number[]>();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly dataLength: number,
    private readonly dataStart: number,
    private readonly limits: Limits,
  ) {
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Skips JSON whitespace and returns the next byte without consuming it, or END. */
  peek(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    while (pos < bytes.length) {
      const byte = bytes[pos] as number;
      if (byte !== SPACE && byte !== LINE_FEED && byte !== CARRIAGE_RETURN && byte !== TAB) {
        this.pos = pos;
        return byte;
      }
      pos++;
    }
    this.pos = pos;
    return END;
  }

  /** Skips whitespace and consumes `byte`, or returns false when another byte comes first. */
  private take(byte: number): boolean {
    if (this.peek() !== byte) return false;
    this.pos++;
    return true;
  }

  readHeader<T>(makeTensor: TensorFactory<T>): FastPathHeader<T> | undefined {
    if (!this.take(OPEN_BRACE)) return undefined;
    const names = new Set<string>();
    const tensors: T[] = [];
    let metadata: Record<string, unknown> | undefined;
    if (this.take(CLOSE_BRACE)) return { tensors, metadata: {} };
    do {
      const name = this.readString();
      if (name === undefined || !this.take(COLON)) return undefined;
      if (name === METADATA_KEY) {
        if (metadata !== undefined) return undefined;
        metadata = this.readMetadata();
        if (metadata === undefined) return undefined;
        continue;
      }
      // JSON.parse lists array-index keys first, so such names would leave the header's order.
      if (isDigitsOnly(name)) return undefined;
      const count = names.size;
      names.add(name);
      if (names.size === count || names.size > this.limits.maxTensorCount) return undefined;
      const tensor = this.readEntry(name, makeTensor);
      if (tensor === undefined) return undefined;
      tensors.push(tensor);
    } while (this.take(COMMA));
    if (!this.take(CLOSE_BRACE)) return undefined;
    return { tensors, metadata: metadata ?? {} };
  }

  /**
   * Consumes the string at the next non-whitespace byte and sets `stringStart`, `stringEnd` and
   * `escaped`. Returns false when there is no string there, or it contains a control character
   * or has no closing quote.
   */
  private scanString(): boolean {
    if (this.peek() !== QUOTE) return false;
    const bytes = this.bytes;
    const start = this.pos + 1;
    let escaped = false;
    for (let i = start; i < bytes.length; i++) {
      const byte = bytes[i] as number;
      if (byte === QUOTE) {
        this.stringStart = start;
        this.stringEnd = i;
        this.escaped = escaped;
        this.pos = i + 1;
        return true;
      }
      if (byte === BACKSLASH) {
        escaped = true;
        i++;
      } else if (byte < SPACE) {
        return false;
      } else if (byte >= 0x80) {
        this.nonAscii = true;
      }
    }
    return false;
  }

  /** Consumes a string and returns its value, or undefined when it is not a valid string. */
  private readString(): string | undefined {
    if (!this.scanString()) return undefined;
    if (!this.escaped) return this.text.toString("utf8", this.stringStart, this.stringEnd);
    try {
      const quoted = this.text.toString("utf8", this.stringStart - 1, this.stringEnd + 1);
      return JSON.parse(quoted) as string;
    } catch {
      return undefined;
    }
  }

  /** Returns whether the last string scanned is `word` and has no escapes. */
  private stringIs(word: Uint8Array): boolean {
    return (
      !this.escaped &&
      this.stringEnd - this.stringStart === word.length &&
      this.matches(this.stringStart, word)
    );
  }

  /** Returns whether the bytes from `start` on begin with `word`. */
  private matches(start: number, word: Uint8Array): boolean {
    for (let i = 0; i < word.length; i++) {
      if (this.bytes[start + i] !== word[i]) return false;
    }
    return true;
  }

  private readEntry<T>(name: string, makeTensor: TensorFactory<T>): T | undefined {
    if (!this.take(OPEN_BRACE)) return undefined;
    let dtype: DType | undefined;
    let shape: readonly number[] | undefined;
    let begin = -1;
    let end = -1;
    // Exactly three distinct keys, each one of the three known ones.
    for (let field = 0; field < 3; field++) {
      if (field > 0 && !this.take(COMMA)) return undefined;
      if (!this.scanString() || !this.take(COLON)) return undefined;
      if (this.stringIs(DTYPE_KEY) && dtype === undefined) {
        dtype = this.readDtype();
        if (dtype === undefined) return undefined;
      } else if (this.stringIs(SHAPE_KEY) && shape === undefined) {
        shape = this.readShape();
        if (shape === undefined) return undefined;
      } else if (this.stringIs(OFFSETS_KEY) && begin < 0) {
        if (!this.take(OPEN_BRACKET)) return undefined;
        begin = this.readCount();
        if (begin < 0 || !this.take(COMMA)) return undefined;
        end = this.readCount();
        if (end < 0 || !this.take(CLOSE_BRACKET)) return undefined;
      } else {
        return undefined;
      }
    }
    if (!this.take(CLOSE_BRACE) || dtype === undefined || shape === undefined) return undefined;
    if (begin > end || end > this.dataLength) return undefined;

    // Each product is checked, so every one that passes is below 2^53 and exact.
    let numel = 1;
    for (const dim of shape) {
      numel *= dim;
      if (numel > Number.MAX_SAFE_INTEGER) return undefined;
    }
    // A partial byte gives a fraction here, which no data_offsets span equals.
    const bits = numel * dtypeInfo(dtype).bits;
    if (bits > Number.MAX_SAFE_INTEGER || bits / 8 !== end - begin) return undefined;
    return makeTensor(name, dtype, shape, numel, this.dataStart + begin, end - begin);
  }

  /** Consumes a dtype string and returns the supported dtype it names, or undefined. */
  private readDtype(): DType | undefined {
    if (!this.scanString()) return undefined;
    for (const spelling of DTYPE_SPELLINGS) {
      if (this.stringIs(spelling.bytes)) return spelling.dtype;
    }
    return undefined;
  }

  /**
   * Consumes a shape array of counts, at most `limits.maxDims` long, or returns undefined. Equal
   * shapes of one header share one array, because the tensors of a large checkpoint have few
   * distinct shapes and an array of two dimensions takes 64 bytes.
   */
  private readShape(): readonly number[] | undefined {
    if (!this.take(OPEN_BRACKET)) return undefined;
    const dims = this.dims;
    let length = 0;
    let hash = 0;
    if (!this.take(CLOSE_BRACKET)) {
      do {
        const dim = this.readCount();
        if (dim < 0 || length === this.limits.maxDims) return undefined;
        dims[length++] = dim;
        hash = Math.imul(hash ^ dim ^ (dim / 2 ** 32), 0x9e3779b1);
      } while (this.take(COMMA));
      if (!this.take(CLOSE_BRACKET)) return undefined;
    }
    hash ^= length;
    const seen = this.shapes.get(hash);
    if (seen !== undefined && seen.length === length && startsWith(dims, seen)) return seen;
    // A copy of exactly `length` elements: an array grown by push keeps room for 17.
    const shape = dims.slice(0, length);
    this.shapes.set(hash, shape);
    return shape;
  }

  /**
   * Consumes an integer from 0 to 2^53 - 1 spelled as JSON does, without sign, fraction or
   * exponent, and returns it. Returns -1 for anything else. A fraction or exponent after the
   * digits is left in place, so the caller does not find the byte it expects next.
   */
  private readCount(): number {
    this.peek();
    const bytes = this.bytes;
    const start = this.pos;
    if (bytes[start] === DIGIT_ZERO) {
      this.pos = start + 1;
      return 0;
    }
    let pos = start;
    let value = 0;
    while (pos < bytes.length) {
      const digit = (bytes[pos] as number) - DIGIT_ZERO;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
      pos++;
    }
    // Rounding is monotonic, so a value above 2^53 - 1 stays above it when rounded.
    if (pos === start || pos - start > MAX_SAFE_DIGITS || value > Number.MAX_SAFE_INTEGER) {
      return -1;
    }
    this.pos = pos;
    return value;
  }

  /**
   * Consumes a `__metadata__` value that is null or an object of strings with distinct keys.
   * Returns it as the general reader does, by JSON.parse and then an own copy, and null as `{}`.
   * Returns undefined for any other value.
   */
  private readMetadata(): Record<string, unknown> | undefined {
    this.peek();
    const start = this.pos;
    if (this.matches(start, NULL_LITERAL)) {
      this.pos += NULL_LITERAL.length;
      return {};
    }
    if (!this.take(OPEN_BRACE)) return undefined;
    const keys = new Set<string>();
    if (!this.take(CLOSE_BRACE)) {
      do {
        const key = this.readString();
        if (key === undefined || keys.has(key) || !this.take(COLON)) return undefined;
        keys.add(key);
        if (!this.scanString()) return undefined;
      } while (this.take(COMMA));
      if (!this.take(CLOSE_BRACE)) return undefined;
    }
    try {
      const text = this.text.toString("utf8", start, this.pos);
      return { ...(JSON.parse(text) as Record<string, unknown>) };
    } catch {
      return undefined;
    }
  }
}
