/**
 * A second, deliberately plain implementation of the safetensors validity rules, written from the
 * format description and not from src/format/safetensors.ts. The fuzz properties hold the real
 * reader to it: both must accept the same files and count the same tensors.
 */

import type { Limits } from "../../src/format/limits.js";

/** Storage bits of each safetensors dtype. */
export const DTYPE_BITS: Readonly<Record<string, number>> = {
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

/** A tensor of a file the naive rules accept; offsets are absolute within the file. */
export interface NaiveTensor {
  name: string;
  dtype: string;
  shape: number[];
  numel: number;
  begin: number;
  end: number;
}

export type NaiveVerdict =
  | { valid: true; tensors: NaiveTensor[]; numel: bigint; dataBytes: number }
  | { valid: false; reason: string; overLimit: boolean };

/** A JSON value whose objects keep every key in order, duplicates included. */
type Json = null | boolean | number | string | Json[] | { entries: [string, Json][] };

class Invalid extends Error {
  constructor(
    readonly reason: string,
    readonly overLimit = false,
  ) {
    super(reason);
  }
}

/** A JSON number, true, false or null, as RFC 8259 spells them. */
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** Recursive-descent JSON parser that keeps duplicate keys and stops past `maxDepth`. */
class NaiveJsonParser {
  private at = 0;
  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parseDocument(): Json {
    const value = this.value(1);
    this.space();
    if (this.at !== this.text.length) throw new Invalid("text after the JSON value");
    return value;
  }

  private space(): void {
    while (" \t\n\r".includes(this.text[this.at] ?? "x")) this.at++;
  }

  private value(depth: number): Json {
    this.space();
    const char = this.text[this.at];
    if (char === "{" || char === "[") {
      if (depth > this.maxDepth) throw new Invalid("nesting too deep", true);
      return char === "{" ? this.object(depth) : this.array(depth);
    }
    if (char === '"') return this.string();
    LITERAL.lastIndex = this.at;
    const literal = LITERAL.exec(this.text);
    if (!literal) throw new Invalid("not a JSON value");
    this.at += literal[0].length;
    return JSON.parse(literal[0]) as Json;
  }

  private string(): string {
    let end = this.at + 1;
    while (end < this.text.length && this.text[end] !== '"') {
      if (this.text[end] === "\\") end++;
      end++;
    }
    if (end >= this.text.length) throw new Invalid("unterminated string");
    const token = this.text.slice(this.at, end + 1);
    this.at = end + 1;
    try {
      return JSON.parse(token) as string;
    } catch {
      throw new Invalid("bad string");
    }
  }

  private object(depth: number): Json {
    this.at++;
    const entries: [string, Json][] = [];
    this.space();
    if (this.text[this.at] === "}") {
      this.at++;
      return { entries };
    }
    while (true) {
      this.space();
      if (this.text[this.at] !== '"') throw new Invalid("expected a key");
      const key = this.string();
      this.space();
      if (this.text[this.at] !== ":") throw new Invalid("expected a colon");
      this.at++;
      entries.push([key, this.value(depth + 1)]);
      this.space();
      const next = this.text[this.at++];
      if (next === "}") return { entries };
      if (next !== ",") throw new Invalid("expected a comma");
    }
  }

  private array(depth: number): Json {
    this.at++;
    const items: Json[] = [];
    this.space();
    if (this.text[this.at] === "]") {
      this.at++;
      return items;
    }
    while (true) {
      items.push(this.value(depth + 1));
      this.space();
      const next = this.text[this.at++];
      if (next === "]") return items;
      if (next !== ",") throw new Invalid("expected a comma");
    }
  }
}

function isObject(value: Json): value is { entries: [string, Json][] } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasDuplicateKey(value: Json): boolean {
  if (Array.isArray(value)) return value.some(hasDuplicateKey);
  if (!isObject(value)) return false;
  const keys = value.entries.map(([key]) => key);
  if (new Set(keys).size !== keys.length) return true;
  return value.entries.some(([, child]) => hasDuplicateKey(child));
}

function isCount(value: Json): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 2 ** 53 - 1;
}

/** Judges a whole safetensors file by the format rules and `limits`. */
export function naiveVerdict(file: Uint8Array, limits: Limits): NaiveVerdict {
  try {
    return check(file, limits);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return { valid: false, reason: error.reason, overLimit: error.overLimit };
  }
}

function check(file: Uint8Array, limits: Limits): NaiveVerdict {
  if (file.byteLength < 8) throw new Invalid("shorter than 8 bytes");
  let declared = 0n;
  for (let i = 7; i >= 0; i--) declared = declared * 256n + BigInt(file[i] as number);
  if (declared > BigInt(file.byteLength - 8)) throw new Invalid("header length past the end");
  if (declared > BigInt(limits.maxHeaderBytes)) throw new Invalid("header too large", true);
  const headerLength = Number(declared);
  if (headerLength === 0) throw new Invalid("empty header");

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
      file.subarray(8, 8 + headerLength),
    );
  } catch {
    throw new Invalid("not UTF-8");
  }
  const root = new NaiveJsonParser(text, limits.maxJsonDepth).parseDocument();
  if (!isObject(root)) throw new Invalid("header is not an object");
  if (hasDuplicateKey(root)) throw new Invalid("duplicate key");

  const tensorEntries = root.entries.filter(([key]) => key !== "__metadata__");
  if (tensorEntries.length > limits.maxTensorCount) throw new Invalid("too many tensors", true);
  const metadata = root.entries.find(([key]) => key === "__metadata__")?.[1];
  if (metadata !== undefined && metadata !== null && !isObject(metadata)) {
    throw new Invalid("metadata is not an object");
  }

  const dataLength = file.byteLength - 8 - headerLength;
  const filled: [number, number][] = [];
  const tensors: NaiveTensor[] = [];
  let numel = 0n;
  for (const [name, entry] of tensorEntries) {
    if (!isObject(entry)) throw new Invalid("entry is not an object");
    const fields = new Map(entry.entries);
    if (fields.size !== 3 || !fields.has("dtype") || !fields.has("shape")) {
      throw new Invalid("entry keys");
    }
    if (!fields.has("data_offsets")) throw new Invalid("entry keys");
    const dtype = fields.get("dtype");
    const shape = fields.get("shape");
    const offsets = fields.get("data_offsets");
    if (Array.isArray(shape) && shape.length > limits.maxDims) {
      throw new Invalid("too many dimensions", true);
    }
    if (typeof dtype !== "string" || !Object.hasOwn(DTYPE_BITS, dtype)) {
      throw new Invalid("dtype");
    }
    if (!Array.isArray(shape) || !shape.every(isCount)) throw new Invalid("shape");
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
      throw new Invalid("offsets");
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end) throw new Invalid("reversed offsets");
    let count = 1n;
    for (const dim of shape as number[]) count *= BigInt(dim);
    const bits = count * BigInt(DTYPE_BITS[dtype] as number);
    if (bits % 8n !== 0n) throw new Invalid("partial byte");
    if (bits / 8n !== BigInt(end - begin)) throw new Invalid("size mismatch");
    if (count > BigInt(Number.MAX_SAFE_INTEGER)) throw new Invalid("too many elements");
    if (begin === end && begin > dataLength) throw new Invalid("empty tensor past the end");
    if (begin < end) filled.push([begin, end]);
    numel += count;
    const dataStart = 8 + headerLength;
    tensors.push({
      name,
      dtype,
      shape: shape as number[],
      numel: Number(count),
      begin: dataStart + begin,
      end: dataStart + end,
    });
  }

  filled.sort((a, b) => a[0] - b[0]);
  let cursor = 0;
  let dataBytes = 0;
  for (const [begin, end] of filled) {
    if (begin !== cursor) throw new Invalid("gap or overlap");
    cursor = end;
    dataBytes += end - begin;
  }
  if (cursor !== dataLength) throw new Invalid("data section not covered exactly");
  return { valid: true, tensors, numel, dataBytes };
}
