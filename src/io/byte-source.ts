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
   * Rejects with a FormatError naming the file when fewer bytes exist.
   */
  read(offset: number, length: number, target: Uint8Array, targetOffset?: number): Promise<void>;
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
 * Serializable description of a byte source, passed to worker threads, which open their own
 * readers. Later source kinds (HTTP ranges) add members to this union.
 */
export type ByteSourceSpec = { kind: "file"; path: string; name: string; size: number };
