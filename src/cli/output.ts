import { constants } from "node:fs";
import { access, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../errors.js";
import { writeChunks, writeFileAtomically } from "../io/atomic-file.js";
import { quoteForMessage } from "../visible-text.js";

const WRITE_ERROR_WORDS: Readonly<Record<string, string>> = {
  ENOENT: "its folder does not exist",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of the path is not a folder",
  ENOSPC: "no space left on the device",
  EROFS: "the file system is read-only",
  EEXIST: "a temporary file of the same name exists",
};

/** Returns plain words for a write error, with its code. */
function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return String(error);
  const words = WRITE_ERROR_WORDS[code];
  return words === undefined ? code : `${words} (${code})`;
}

/** Outcome of writing the report: `closed` when the reader of standard output went away. */
export type WriteOutcome = "written" | "closed";

/** Returns the path with symbolic links resolved; a missing file resolves through its folder. */
async function canonicalPath(file: string): Promise<string> {
  const absolute = path.resolve(file);
  try {
    return await realpath(absolute);
  } catch {
    try {
      return path.join(await realpath(path.dirname(absolute)), path.basename(absolute));
    } catch {
      return absolute;
    }
  }
}

/** Throws a UsageError when `output` is one of the input files, so a report never replaces weights. */
export async function assertOutputIsNotInput(
  output: string,
  inputs: readonly string[],
): Promise<void> {
  const target = await canonicalPath(output);
  for (const input of inputs) {
    if ((await canonicalPath(input)) === target) {
      throw new UsageError(
        `--output: ${quoteForMessage(output)} is the input file ${quoteForMessage(input)}; writing the report there would replace it. Choose another output path.`,
      );
    }
  }
}

function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "EPIPE";
}

/** Writes the report to standard output. */
export async function writeToStdout(chunks: Iterable<string>): Promise<WriteOutcome> {
  // Later EPIPE errors, after this function returns, are ignored too.
  process.stdout.on("error", (error) => {
    if (!isBrokenPipe(error)) throw error;
  });
  return writeChunks(process.stdout, chunks);
}

function cannotWrite(file: string, error: unknown): UsageError {
  return new UsageError(
    `--output: cannot write ${quoteForMessage(file)}: ${describeWriteError(error)}. Check that its folder exists and is writable, and that the path is not a folder.`,
  );
}

/** Returns an error with a Node.js error code, as a failed file system call would throw it. */
function codedError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

/**
 * Throws the UsageError of writeToFile when `file` clearly cannot be written: its folder is
 * missing, is not a folder or is not writable, or `file` is a folder. The CLI checks this before
 * the diff, so a mistyped path fails before a long download. It creates nothing, so the write at
 * the end can still fail, for example when the disk is full.
 */
export async function assertOutputWritable(file: string): Promise<void> {
  try {
    const existing = await stat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (existing?.isDirectory()) throw codedError("EISDIR");
    const folder = path.dirname(path.resolve(file));
    if (!(await stat(folder)).isDirectory()) throw codedError("ENOTDIR");
    await access(folder, constants.W_OK);
  } catch (error) {
    throw cannotWrite(file, error);
  }
}

/**
 * Writes the report to `file` through a temporary file in the same folder, renamed at the end,
 * so a failed or cancelled run never leaves a partial report under the requested name.
 */
export async function writeToFile(file: string, chunks: Iterable<string>): Promise<void> {
  try {
    await writeFileAtomically(file, chunks);
  } catch (error) {
    throw cannotWrite(file, error);
  }
}
