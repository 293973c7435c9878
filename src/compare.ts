import { classify } from "./analysis/classify.js";
import { diffCompanions } from "./analysis/configs.js";
import { EarlyAnalyses } from "./analysis/early-analyses.js";
import { NameFactsCache } from "./analysis/name-facts.js";
import { analyzeSamples } from "./analysis/sampling.js";
import { throwIfCancelled } from "./cancel.js";
import {
  type CheckpointRequest,
  isRemote,
  openCheckpoint,
  referenceOf,
} from "./checkpoint/open.js";
import type { Checkpoint } from "./checkpoint/types.js";
import { runDiff, startDiffWorkers } from "./diff/engine.js";
import { DEFAULT_CHUNK_BYTES, MAX_REMOTE_WORKERS, REMOTE_CHUNK_BYTES } from "./diff/plan.js";
import { describeSimdKernels } from "./diff/simd-kernel.js";
import { UsageError } from "./errors.js";
import { type Limits, limitsFromEnv } from "./format/limits.js";
import type { HubConnection } from "./hub/client.js";
import { type RetryEvent, retrySettingsFromEnv } from "./io/retry.js";
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
   * Receives the path of every local input file (single files, shard indexes and shards), for
   * example to check that an output file is not one of them. It may throw to stop before the diff.
   */
  inputsResolved?(paths: readonly string[]): void | Promise<void>;
  /**
   * Cancels the run: when it is aborted, the diff workers are terminated, the checkpoints' open
   * reads are closed, and the run rejects with the signal's reason.
   * NOTE: a Hub API call made while a checkpoint opens is not aborted and ends by its own
   * timeout. The entry points exit from the signal handler, so it does not delay them.
   */
  signal?: AbortSignal;
}

/**
 * Returns true when MODEL_DIFF_SKIP_SAMPLED_ANALYSES=1 is set, which skips the second pass (the
 * sampled analyses of changed matrices). Benchmarks set it to time the diff path alone. The
 * report then classifies without the low-rank, grid and lineage evidence.
 */
function skipSampledAnalyses(env: NodeJS.ProcessEnv): boolean {
  return env.MODEL_DIFF_SKIP_SAMPLED_ANALYSES === "1";
}

/**
 * Environment variable that overrides the bytes per side of a work unit. It exists for the tests
 * that show the report does not depend on the unit size; users have no reason to set it.
 */
export const CHUNK_BYTES_ENV = "MODEL_DIFF_CHUNK_BYTES";

/** Returns the unit size from CHUNK_BYTES_ENV, or the default for a local or remote diff. */
function chunkBytesFromEnv(env: NodeJS.ProcessEnv, remote: boolean): number {
  const text = env[CHUNK_BYTES_ENV];
  if (text === undefined || text === "") return remote ? REMOTE_CHUNK_BYTES : DEFAULT_CHUNK_BYTES;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < 1) {
    throw new UsageError(
      `${CHUNK_BYTES_ENV}: "${text}" is not valid. Give a whole number of bytes, at least 1, or unset it.`,
    );
  }
  return Number(text);
}

/** Returns the local paths of the files a checkpoint was read from: its shards, and its index. */
function inputPaths(checkpoint: Checkpoint): string[] {
  const paths = checkpoint.files.flatMap((file) =>
    file.source.spec.kind === "file" ? [file.source.spec.path] : [],
  );
  if (paths.length === 0 || paths.includes(checkpoint.resolved)) return paths;
  return [checkpoint.resolved, ...paths];
}

/** Returns a log line for a retry, such as `org/name@abc:x bytes 0-9: HTTP 429; retrying in 1 s (attempt 2 of 6)`. */
export function retryMessage(event: RetryEvent): string {
  const seconds = event.delayMs / 1000;
  return `${event.target}: ${event.reason}; retrying in ${seconds} s (attempt ${event.attempt + 1} of ${event.attempts})`;
}

function describeResolved(side: string, checkpoint: Checkpoint): string {
  const files = `${checkpoint.files.length} file${checkpoint.files.length === 1 ? "" : "s"}`;
  const tensors = `${checkpoint.tensors.size} tensor${checkpoint.tensors.size === 1 ? "" : "s"}`;
  const at = checkpoint.hub
    ? ` (revision ${checkpoint.hub.revision} is commit ${checkpoint.hub.commit})`
    : "";
  return `${side} ${checkpoint.reference} resolved to ${checkpoint.resolved}${at}: ${files}, ${tensors}, ${checkpoint.tensorBytes} data bytes`;
}

/**
 * Opens the base and the head at the same time, so that a remote pair waits for its round trips
 * (revision, listing, index, headers) once, not once per side. Both openings settle before this
 * returns or throws, so no request outlives it. Each checkpoint that opened is pushed to `opened`
 * for the caller to close. When both fail, the base's error is thrown.
 */
async function openBoth(
  requests: readonly CheckpointRequest[],
  references: readonly ReturnType<typeof referenceOf>[],
  connection: HubConnection,
  limits: Limits,
  opened: Checkpoint[],
): Promise<[Checkpoint, Checkpoint]> {
  const outcomes = await Promise.allSettled(
    requests.map((request, index) =>
      openCheckpoint(
        request,
        references[index] as ReturnType<typeof referenceOf>,
        connection,
        limits,
      ),
    ),
  );
  const checkpoints: Checkpoint[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === "fulfilled") opened.push(outcome.value);
  }
  for (const outcome of outcomes) {
    if (outcome.status === "rejected") throw outcome.reason;
    checkpoints.push(outcome.value);
  }
  return checkpoints as [Checkpoint, Checkpoint];
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
  const requests: CheckpointRequest[] = [
    { reference: options.base, revision: options.baseRevision, revisionOption: "--base-revision" },
    { reference: options.head, revision: options.headRevision, revisionOption: "--head-revision" },
  ];
  // Parsing both first reports a malformed reference before any network request.
  const references = requests.map(referenceOf);
  const remote = references.some(isRemote);
  const chunkBytes = chunkBytesFromEnv(process.env, remote);
  const connection: HubConnection = {
    endpoint: options.hub.endpoint,
    token: options.hub.token,
    retry: retrySettingsFromEnv(process.env),
    onRetry: (event) => log.warning(retryMessage(event)),
  };

  const workerCount = remote ? Math.min(options.workers, MAX_REMOTE_WORKERS) : options.workers;

  const opened: Checkpoint[] = [];
  const signal = hooks.signal;
  throwIfCancelled(signal);
  // The workers load while the main thread opens the checkpoints; on a checkpoint of 10,000
  // tensors the opening takes longer than their start. With fewer than 2, the diff runs inline.
  const workers = workerCount > 1 ? startDiffWorkers(workerCount) : undefined;
  const closeOpened = () => {
    for (const checkpoint of opened) checkpoint.close().catch(() => {});
  };
  signal?.addEventListener("abort", closeOpened, { once: true });
  let early: EarlyAnalyses | undefined;
  try {
    const { base, head } = await log.phase("Resolve checkpoints", async () => {
      const [base, head] = await openBoth(requests, references, connection, limits, opened);
      throwIfCancelled(signal);
      for (const [side, checkpoint] of [
        ["base", base],
        ["head", head],
      ] as const) {
        log.debug(describeResolved(side, checkpoint));
        for (const warning of checkpoint.warnings) log.warning(`${side}: ${warning}`);
      }
      await hooks.inputsResolved?.([...inputPaths(base), ...inputPaths(head)]);
      return { base, head };
    });

    const sampled = !skipSampledAnalyses(process.env);
    // Each stage below groups the tensors by name; one cache reads each name once.
    const names = new NameFactsCache();
    // The sampled analyses of likely chosen matrices start in the main thread during the diff.
    early =
      sampled && options.mode !== "structure"
        ? new EarlyAnalyses(base, head, signal, names)
        : undefined;
    const diff = await log.phase("Diff tensors", () => {
      log.debug(`BF16, F16 and F32 kernels: ${describeSimdKernels()}`);
      return runDiff(base, head, {
        threshold: options.threshold,
        workers: workerCount,
        ...(workers === undefined ? {} : { startedWorkers: workers }),
        chunkBytes,
        mode: options.mode,
        onRetry: connection.onRetry,
        onProgress: (done, total) => log.progress(done, total),
        onTensorCompared: early?.tensorCompared,
        capture: early?.capture,
        signal,
      });
    });
    throwIfCancelled(signal);

    return await log.phase("Classify the change", async () => {
      const samples = sampled ? await analyzeSamples(base, head, diff, early, names) : undefined;
      const configChanges = diffCompanions(
        base.companions,
        head.companions,
        new Set([...(base.companionsLeftOut ?? []), ...(head.companionsLeftOut ?? [])]),
      );
      const classification = classify(diff, { samples, configChanges, names });
      return buildReport({
        base,
        head,
        diff,
        classification,
        configChanges,
        version: VERSION,
        names,
      });
    });
  } catch (error) {
    // A read cut short by the cancellation fails with its own error; the cancellation is the cause.
    throwIfCancelled(signal);
    throw error;
  } finally {
    signal?.removeEventListener("abort", closeOpened);
    // After a failed diff, an early analysis may still run; it must not read closed files.
    await early?.stop();
    await workers?.close();
    await Promise.all(opened.map((checkpoint) => checkpoint.close()));
  }
}
