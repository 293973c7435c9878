import { rmSync } from "node:fs";

/**
 * Temporary files of this process that are not yet renamed to their final name, kept so that a
 * cancelled run can delete them before it exits. Process-wide, because a signal handler has no
 * other way to reach the writes in progress.
 */
const pending = new Set<string>();

/** Records a temporary file and returns the function that drops the record once it is renamed. */
export function trackTemporaryFile(file: string): () => void {
  pending.add(file);
  return () => {
    pending.delete(file);
  };
}

/**
 * Deletes every tracked temporary file at once, synchronously, so it can run in a signal handler
 * right before the process exits. Returns the paths that could not be deleted.
 */
export function removeTemporaryFiles(): string[] {
  const failed: string[] = [];
  for (const file of pending) {
    try {
      rmSync(file, { force: true });
    } catch {
      // NOTE: on Windows a file that is still open cannot be deleted; it is reported instead.
      failed.push(file);
    }
  }
  pending.clear();
  return failed;
}
