import type { HttpSourceSpec } from "./http-range.js";

/**
 * Receives the number of bytes of a read written so far, in order from the start of the read, so
 * a caller can work on the first bytes while the rest still arrive.
 */
export type ReadProgress = (filledBytes: number) => void;

/**
 * Source of checkpoint bytes. The engine reads only through this interface, so a local file,
 * an HTTP range reader or an in-memory buffer are interchangeable.
 */
export interface ByteSource {
  /** Name shown to the user in messages: a path, a URL without credentials, or `repo@revision:file`. */
  readonly name: string;
  /** Total size in bytes. */
  readonly size: number;
  /**
   * Reads exactly `length` bytes starting at `offset` into `target` at `targetOffset`.
   * Rejects with a FormatError naming the file when fewer bytes exist. A source that receives
   * bytes piece by piece reports each piece to `onProgress`. Other sources may call it at the
   * end or not at all, so only the resolved promise marks the whole read.
   */
  read(
    offset: number,
    length: number,
    target: Uint8Array,
    targetOffset?: number,
    onProgress?: ReadProgress,
  ): Promise<void>;
  /**
   * Does what `read` does, blocking the thread. Present where a blocking read is cheap (a local
   * file, mostly in the page cache), because it costs less CPU than an asynchronous read.
   */
  readSync?(offset: number, length: number, target: Uint8Array, targetOffset?: number): void;
  /** Description a worker thread uses to open its own reader on the same bytes. */
  readonly spec: ByteSourceSpec;
  close(): Promise<void>;
}

/**
 * Reads up to this size go through a source's blocking read where it has one. Checkpoints of many
 * small tensors take one such read per tensor. A 256-byte read from the page cache took about
 * 25 µs of CPU through fs/promises and 1 µs through readSync (Node 20, a 2-core Linux VM).
 * Larger reads stay asynchronous, so a slow disk blocks the thread for one small read at a time.
 */
export const SYNC_READ_BYTES = 64 * 1024;

/**
 * Reads exactly `length` bytes at `offset` into `target` at `targetOffset`, as `source.read` does.
 * A read of at most SYNC_READ_BYTES uses `source.readSync` when the source has it.
 */
export async function readSmallFirst(
  source: ByteSource,
  offset: number,
  length: number,
  target: Uint8Array,
  targetOffset = 0,
): Promise<void> {
  if (length <= SYNC_READ_BYTES && source.readSync) {
    source.readSync(offset, length, target, targetOffset);
    return;
  }
  await source.read(offset, length, target, targetOffset);
}

/** A local file, opened by path. */
export interface FileSourceSpec {
  kind: "file";
  path: string;
  name: string;
  size: number;
}

/**
 * Serializable description of a byte source, passed to worker threads, which open their own
 * readers.
 */
export type ByteSourceSpec = FileSourceSpec | HttpSourceSpec;

/** Returns a key that is the same for two specs of one file, for caches of open sources. */
export function specKey(spec: ByteSourceSpec): string {
  return spec.kind === "file" ? `file:${spec.path}` : `http:${spec.url}`;
}
