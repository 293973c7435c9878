import { type FileHandle, open } from "node:fs/promises";
import { FormatError, InputError } from "../errors.js";
import type { ByteSource, ByteSourceSpec } from "./byte-source.js";

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

  /** Opens `path` for reading; `name` is how messages refer to it (defaults to the path). */
  static async open(path: string, name: string = path): Promise<LocalFileSource> {
    let handle: FileHandle;
    try {
      handle = await open(path, "r");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === "ENOENT" ? "does not exist" : `cannot be opened (${code ?? error})`;
      throw new InputError(`${name}: the file ${reason}. Check the path.`);
    }
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      throw new InputError(`${name}: not a regular file.`);
    }
    return new LocalFileSource(handle, name, info.size, path);
  }

  async read(offset: number, length: number, target: Uint8Array, targetOffset = 0): Promise<void> {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new FormatError(
        this.name,
        `${this.name}: cannot read bytes [${offset}, ${offset + length}): the file has ${this.size} bytes.`,
      );
    }
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(
        target,
        targetOffset + done,
        length - done,
        offset + done,
      );
      if (bytesRead === 0) {
        throw new FormatError(
          this.name,
          `${this.name}: the file ended at byte ${offset + done} while reading [${offset}, ${offset + length}); it may have changed during the diff.`,
        );
      }
      done += bytesRead;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
