import { constants, readSync, type Stats } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { FormatError, InputError } from "../errors.js";
import { quoteForMessage } from "../visible-text.js";
import type { ByteSource, ByteSourceSpec } from "./byte-source.js";

/**
 * Open flags for reading. O_NONBLOCK makes opening a FIFO return at once instead of waiting for a
 * writer, so the type check after opening can reject it. It has no effect on regular files.
 * Windows has no O_NONBLOCK, so there the constant is undefined and adds nothing.
 */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Extra words for a file system error, such as how many files a checkpoint keeps open. */
export interface FsErrorContext {
  /** Files the checkpoint keeps open per side, for the EMFILE and ENFILE advice. */
  readonly openFiles?: number;
}

/**
 * Describes a failed file system call in plain words, for example
 * `cannot list folder "x": permission denied. Check …`. `action` is what was attempted, such as
 * "list folder" or "open", and `target` is the path.
 */
export function describeFsError(
  action: string,
  target: string,
  error: unknown,
  context: FsErrorContext = {},
): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const shown = quoteForMessage(target);
  const reason = fsErrorReason(code, context);
  return `cannot ${action} ${shown}: ${reason}`;
}

/** Returns an InputError with the message of describeFsError. */
export function fsInputError(
  action: string,
  target: string,
  error: unknown,
  context: FsErrorContext = {},
): InputError {
  return new InputError(describeFsError(action, target, error, context));
}

function fsErrorReason(code: string | undefined, context: FsErrorContext): string {
  switch (code) {
    case "ENOENT":
      return "no such file or folder. Check the path.";
    case "EACCES":
    case "EPERM":
      return "permission denied. Check the permissions, or run as a user who can read it.";
    case "ELOOP":
      return "too many symbolic links (a loop?). Check where the links point.";
    case "ENOTDIR":
      return "a part of the path is a file, not a folder. Check the path.";
    case "ENAMETOOLONG":
      return "the path is too long. Pass a shorter path.";
    case "EISDIR":
      return "it is a folder, not a file. Pass a file.";
    case "EMFILE":
    case "ENFILE": {
      const count = context.openFiles;
      const held =
        count === undefined
          ? "a sharded checkpoint keeps one file open per shard on each side"
          : `a checkpoint with ${count} ${count === 1 ? "shard" : "shards"} keeps ${count} ${count === 1 ? "file" : "files"} open per side`;
      return `too many open files: raise the limit with \`ulimit -n\` (${held}).`;
    }
    case "EIO":
      return "input/output error, so the disk or network file system failed. Check the storage.";
    default:
      return `the system call failed (${code ?? "no error code"}). Check the path.`;
  }
}

/** Names the kind of a file that is not a regular file, for messages. */
export function describeFileType(info: Stats): string {
  if (info.isDirectory()) return "a folder";
  if (info.isFIFO()) return "a FIFO";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSymbolicLink()) return "a symbolic link";
  return "an unknown kind of file";
}

/** A ByteSource over a local file, read with positional reads. */
export class LocalFileSource implements ByteSource {
  readonly spec: ByteSourceSpec;

  private constructor(
    private readonly handle: FileHandle,
    readonly name: string,
    readonly size: number,
    path: string,
  ) {
    this.spec = { kind: "file", path, name, size };
  }

  /**
   * Opens `path` for reading; `name` is how messages refer to it (defaults to the path). Throws an
   * InputError when the path cannot be opened or is not a regular file (a FIFO, device or folder).
   */
  static async open(
    path: string,
    name: string = path,
    context: FsErrorContext = {},
  ): Promise<LocalFileSource> {
    let handle: FileHandle;
    try {
      handle = await open(path, READ_FLAGS);
    } catch (error) {
      throw fsInputError("open", name, error, context);
    }
    let info: Stats;
    try {
      info = await handle.stat();
    } catch (error) {
      await handle.close();
      throw fsInputError("read the type of", name, error, context);
    }
    if (!info.isFile()) {
      await handle.close();
      throw new InputError(
        `${quoteForMessage(name)}: not a regular file (it is ${describeFileType(info)}). Pass a safetensors file.`,
      );
    }
    return new LocalFileSource(handle, name, info.size, path);
  }

  async read(offset: number, length: number, target: Uint8Array, targetOffset = 0): Promise<void> {
    this.checkRange(offset, length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(
        target,
        targetOffset + done,
        length - done,
        offset + done,
      );
      if (bytesRead === 0) throw this.endedEarly(offset, length, done);
      done += bytesRead;
    }
  }

  readSync(offset: number, length: number, target: Uint8Array, targetOffset = 0): void {
    this.checkRange(offset, length);
    let done = 0;
    while (done < length) {
      const bytesRead = readSync(
        this.handle.fd,
        target,
        targetOffset + done,
        length - done,
        offset + done,
      );
      if (bytesRead === 0) throw this.endedEarly(offset, length, done);
      done += bytesRead;
    }
  }

  private checkRange(offset: number, length: number): void {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new FormatError(
        this.name,
        `${quoteForMessage(this.name)}: cannot read bytes [${offset}, ${offset + length}): the file has ${this.size} ${this.size === 1 ? "byte" : "bytes"}.`,
      );
    }
  }

  private endedEarly(offset: number, length: number, done: number): FormatError {
    return new FormatError(
      this.name,
      `${quoteForMessage(this.name)}: the file ended at byte ${offset + done} while reading [${offset}, ${offset + length}); it may have changed during the diff.`,
    );
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
