import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { trackTemporaryFile } from "./temporary-files.js";

/**
 * Characters from which the chunks joined so far are written as one. A JSON report of 10,000
 * tensors comes as 10,000 chunks of about 700 characters, and each write of a stream has a cost
 * of its own. Writing them one by one took about 45 ms of the main thread in a CPU profile of the
 * CLI (2-vCPU VM, Node 20).
 */
export const WRITE_BATCH_CHARS = 64 * 1024;

/** Yields the chunks joined into pieces of at least WRITE_BATCH_CHARS, except the last. */
export function* batchChunks(chunks: Iterable<string>): Generator<string> {
  let pending = "";
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= WRITE_BATCH_CHARS) {
      yield pending;
      pending = "";
    }
  }
  if (pending !== "") yield pending;
}

/**
 * Writes chunks to a stream, joined into batches of WRITE_BATCH_CHARS, waiting for it to drain
 * when its buffer is full. Resolves "closed" when the stream failed with EPIPE, which is how
 * standard output reports that its reader left.
 */
export async function writeChunks(
  stream: NodeJS.WritableStream,
  chunks: Iterable<string>,
): Promise<"written" | "closed"> {
  let failure: unknown;
  const onError = (error: unknown) => {
    failure = error;
  };
  stream.on("error", onError);
  try {
    for (const chunk of batchChunks(chunks)) {
      if (failure) break;
      if (!stream.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stream.off("drain", done);
            stream.off("error", done);
            resolve();
          };
          stream.on("drain", done);
          stream.on("error", done);
        });
      }
    }
  } finally {
    stream.off("error", onError);
  }
  if (failure && (failure as NodeJS.ErrnoException).code === "EPIPE") return "closed";
  if (failure) throw failure;
  return "written";
}

/**
 * Bytes a report file stream buffers before write() returns false and writeChunks waits for
 * "drain". With the default of 16 KiB, every batch of WRITE_BATCH_CHARS waited for its own write
 * to the file to end. Writing the 7 MB JSON report of 10,000 tensors, the main thread then idled
 * about 60 ms in a CPU profile (2-vCPU VM, Node 20). With room for several batches, the next
 * batches are rendered while one is written.
 */
export const FILE_WRITE_BUFFER_BYTES = 1024 * 1024;

/**
 * Writes `file` through a temporary file beside it (`.NAME.PID.partial`), renamed at the end, so
 * the file is either absent, as it was, or whole. The temporary file is deleted when the write
 * fails, and by the signal handler when the run is cancelled. Errors are the file system's.
 */
export async function writeFileAtomically(file: string, chunks: Iterable<string>): Promise<void> {
  const temporary = path.join(
    path.dirname(path.resolve(file)),
    `.${path.basename(file)}.${process.pid}.partial`,
  );
  const stream = createWriteStream(temporary, {
    flags: "wx",
    highWaterMark: FILE_WRITE_BUFFER_BYTES,
  });
  const forget = trackTemporaryFile(temporary);
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", reject);
    });
    await writeChunks(stream, chunks);
    await new Promise<void>((resolve, reject) => {
      stream.once("error", reject);
      stream.end(() => resolve());
    });
    await rename(temporary, file);
  } catch (error) {
    stream.destroy();
    await rm(temporary, { force: true });
    throw error;
  } finally {
    forget();
  }
}
