import { classify } from "./analysis/classify.js";
import { openLocalCheckpoint } from "./checkpoint/local.js";
import type { Checkpoint } from "./checkpoint/types.js";
import { runDiff } from "./diff/engine.js";
import { limitsFromEnv } from "./format/limits.js";
import type { DiffOptions } from "./options.js";
import { buildReport } from "./report/build.js";
import type { DiffReport } from "./report/model.js";
import { VERSION } from "./version.js";

/** Destination of a run's log messages: stderr for the CLI, @actions/core for the action. */
export interface RunLog {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  /** Called during the diff with the bytes read so far (both sides) and the total. */
  progress(doneBytes: number, totalBytes: number): void;
  /** Wraps one phase of the run (resolve, diff, classify) so it can be grouped in logs. */
  phase<T>(name: string, work: () => Promise<T>): Promise<T>;
}

/** Steps a caller can take between resolving the checkpoints and diffing them. */
export interface CompareHooks {
  /**
   * Receives the path of every input file (single files, shard indexes and shards), for example
   * to check that an output file is not one of them. It may throw to stop before the diff.
   */
  inputsResolved?(paths: readonly string[]): void | Promise<void>;
}

/** Returns the paths of the files a checkpoint was read from: its shards, and its index if any. */
function inputPaths(checkpoint: Checkpoint): string[] {
  const paths = checkpoint.files.map((file) => file.source.spec.path);
  return paths.includes(checkpoint.resolved) ? paths : [checkpoint.resolved, ...paths];
}

/**
 * Resolves both references, diffs them, classifies the change and builds the report. Throws the
 * typed errors of src/errors.ts for bad input; never returns a partial report.
 */
export async function compareCheckpoints(
  options: DiffOptions,
  log: RunLog,
  hooks: CompareHooks = {},
): Promise<DiffReport> {
  const limits = limitsFromEnv(process.env);
  const opened: Checkpoint[] = [];
  try {
    const { base, head } = await log.phase("Resolve checkpoints", async () => {
      const base = await openLocalCheckpoint(options.base, limits);
      opened.push(base);
      const head = await openLocalCheckpoint(options.head, limits);
      opened.push(head);
      const sides = [
        { side: "base", checkpoint: base },
        { side: "head", checkpoint: head },
      ];
      for (const { side, checkpoint } of sides) {
        log.debug(
          `${side} ${checkpoint.reference} resolved to ${checkpoint.resolved}: ${checkpoint.files.length} file${checkpoint.files.length === 1 ? "" : "s"}, ${checkpoint.tensors.size} tensor${checkpoint.tensors.size === 1 ? "" : "s"}, ${checkpoint.tensorBytes} data bytes`,
        );
        for (const warning of checkpoint.warnings) log.warning(`${side}: ${warning}`);
      }
      await hooks.inputsResolved?.([...inputPaths(base), ...inputPaths(head)]);
      return { base, head };
    });

    const diff = await log.phase("Diff tensors", () =>
      runDiff(base, head, {
        threshold: options.threshold,
        workers: options.workers,
        onProgress: (done, total) => log.progress(done, total),
      }),
    );

    return await log.phase("Classify the change", async () => {
      const classification = classify(diff);
      return buildReport({ base, head, diff, classification, version: VERSION });
    });
  } finally {
    await Promise.all(opened.map((checkpoint) => checkpoint.close()));
  }
}
