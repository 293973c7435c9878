/**
 * Checks shared by the fuzz properties: what a failure must look like, and an in-memory byte
 * source that records what the reader asked for.
 */

import { FormatError, InputError, LimitError } from "../../src/errors.js";
import { DEFAULT_LIMITS, type Limits } from "../../src/format/limits.js";
import type { ByteSource } from "../../src/io/byte-source.js";

/** Maximum length of an error message, in characters: listed problems are capped at a few KB. */
export const MAX_MESSAGE_CHARS = 8000;

/** Small limits, so the fuzzer reaches every limit with small files. */
export const TIGHT_LIMITS: Limits = Object.freeze({
  maxHeaderBytes: 2048,
  maxTensorCount: 4,
  maxDims: 3,
  maxShardCount: 2,
  maxIndexBytes: 2048,
  maxJsonDepth: 4,
});

export const LIMIT_CHOICES: readonly Limits[] = [DEFAULT_LIMITS, TIGHT_LIMITS];

/**
 * Throws unless `error` is one of the documented error classes for a bad file, names `file` in
 * its message, and has a message of bounded size without raw control characters other than
 * newlines.
 */
export function assertDocumentedError(error: unknown, file: string): void {
  if (
    !(error instanceof FormatError || error instanceof InputError || error instanceof LimitError)
  ) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new Error(`undocumented exception for ${file}: ${detail}`);
  }
  if (!error.message.includes(file)) {
    throw new Error(`the message does not name ${file}: ${error.message}`);
  }
  if (error instanceof FormatError && !error.file.includes(file)) {
    throw new Error(`FormatError.file is ${error.file}, not ${file}`);
  }
  if (error.message.length > MAX_MESSAGE_CHARS) {
    throw new Error(`the message has ${error.message.length} characters`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters are the defect looked for.
  const control = /[\u0000-\u0009\u000b-\u001f\u007f]/.exec(error.message);
  if (control) {
    throw new Error(
      `the message contains U+${control[0].charCodeAt(0).toString(16).padStart(4, "0")}: ${JSON.stringify(error.message)}`,
    );
  }
}

/**
 * An in-memory byte source. Bytes past `bytes` up to `size` read as zeros, so a test can present
 * a file of terabytes. Records the longest read, which is what the reader allocated.
 */
export class RecordingSource implements ByteSource {
  readonly spec;
  longestRead = 0;
  reads = 0;

  constructor(
    private readonly bytes: Uint8Array,
    readonly name: string,
    readonly size = bytes.byteLength,
  ) {
    this.spec = { kind: "file" as const, path: name, name, size };
  }

  async read(offset: number, length: number, target: Uint8Array, targetOffset = 0) {
    this.reads++;
    this.longestRead = Math.max(this.longestRead, length);
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0) {
      throw new Error(`invalid read of ${length} bytes at ${offset}`);
    }
    if (offset + length > this.size) {
      throw new FormatError(this.name, `"${this.name}": read past the end`);
    }
    target.fill(0, targetOffset, targetOffset + length);
    const end = Math.min(offset + length, this.bytes.byteLength);
    if (offset < end) target.set(this.bytes.subarray(offset, end), targetOffset);
  }

  async close() {}
}
