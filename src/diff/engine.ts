/**
 * The diff engine: pairs the tensors of two checkpoints, plans work units, runs them on a worker
 * pool (or inline), and folds the results into a DiffResult that does not depend on the worker
 * count or the chunk size.
 */

import { existsSync } from "node:fs";
import type { Checkpoint } from "../checkpoint/types.js";
import { UsageError } from "../errors.js";
import { type ByteSource, specKey } from "../io/byte-source.js";
import type { RetryListener } from "../io/retry.js";
import { incomparableStats } from "./kernels.js";
import { type Pairing, pairByName, pairTensors, type TensorPair } from "./pairing.js";
import {
  type ByteRange,
  DEFAULT_CHUNK_BYTES,
  type PackedWorkUnit,
  packWorkUnit,
  planUnits,
  type WorkUnit,
} from "./plan.js";
import { WorkerPool } from "./pool.js";
import type { RangeCapture } from "./range-capture.js";
import { emptyTensorStats, TensorAccumulator } from "./stats.js";
import type {
  ComparedTensor,
  DiffResult,
  SkippedFiles,
  TensorStats,
  ValuesSource,
} from "./types.js";
import { readsRemote, runInPipeline, UNITS_READ_AT_ONCE, UnitPipeline } from "./unit-pipeline.js";
import { type UnitResult, UnitRunner } from "./unit-runner.js";
import { type PackedUnitResult, unpackUnitResult } from "./worker.js";
import { defaultWorkerScript } from "./worker-path.js";

/** Units in flight per worker: one running and one queued, so a worker rarely idles between units. */
export const UNITS_IN_FLIGHT_PER_WORKER = 2;

/**
 * Bytes of both sides from which the main thread runs units while the workers start, when every
 * side is a local file. A smaller diff keeps every unit on the workers, so which thread reads a
 * unit does not depend on how fast the workers start. The most a diff can gain is the start
 * time, about 45 ms for 2 workers.
 */
export const STARTUP_OVERLAP_MIN_BYTES = 256 * 1024 * 1024;

export interface EngineOptions {
  /** An element changed when |a - b| is greater than this (float64, >= 0). */
  threshold: number;
  /** Worker threads; 0 or 1 runs every unit in the main thread. */
  workers: number;
  /** Bytes per side per work unit, rounded to whole blocks (default DEFAULT_CHUNK_BYTES). */
  chunkBytes?: number;
  /** Called after each work unit with the bytes of both sides compared so far. */
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  /** Worker script; defaults to dist/worker/index.js next to the running bundle. */
  workerScript?: string | URL;
  /**
   * "full" (the default) compares values. "structure" pairs tensors by name and shape and reads
   * no tensor data, so renamed tensors are not detected and every pair's values are unknown.
   */
  mode?: "full" | "structure";
  /** Receives each retry of a remote read made in a worker thread. */
  onRetry?: RetryListener;
  /**
   * Called once for each pair whose values are read, as soon as its statistics are final, with
   * the figures the DiffResult will hold for it. Pairs that need no bytes (no elements, or a dtype
   * change with no element pairs) are not reported. It runs in the main thread while the diff goes
   * on, so it should return quickly, and an exception it throws fails the diff.
   */
  onTensorCompared?: (tensor: ComparedTensor) => void;
  /**
   * Ranges to copy out of the diff's reads for a later reader. Each unit captures the parts of
   * the ranges requested when it is dispatched that it reads. They are delivered before the
   * unit's statistics are folded, so before onTensorCompared reports a tensor they lie in.
   */
  capture?: RangeCapture;
  /** Stops the diff when aborted: the workers are terminated and runDiff rejects with the reason. */
  signal?: AbortSignal;
  /**
   * Workers the caller started with startDiffWorkers, so they load while it opens the
   * checkpoints. runDiff runs the units on them in place of starting `workers` workers of
   * `workerScript`, and closes them after its units. After a failure the caller closes them,
   * because runDiff may fail before it uses them; a second close does nothing.
   */
  startedWorkers?: DiffWorkers;
  /**
   * Bytes of both sides from which the main thread runs units while the workers start (default
   * STARTUP_OVERLAP_MIN_BYTES).
   */
  startupOverlapMinBytes?: number;
}

/**
 * A worker pool for the diff whose start has begun. Starting 2 workers took about 45 ms of wall
 * time on an idle 2-vCPU VM (Node 20) and 150 to 250 ms on a loaded one. So a caller can start
 * them before it opens the checkpoints, and pass them to runDiff.
 */
export class DiffWorkers {
  /** Resolves when every worker reported ready; rejects when one failed to start. */
  readonly pool: Promise<WorkerPool<PackedWorkUnit, PackedUnitResult>>;
  private settled = false;

  constructor(
    readonly count: number,
    script: string | URL,
  ) {
    const start =
      typeof script === "string" && !existsSync(script)
        ? Promise.reject(
            new Error(
              `The diff worker script ${script} does not exist. Build it with \`npm run build\`, or pass workerScript.`,
            ),
          )
        : WorkerPool.start<PackedWorkUnit, PackedUnitResult>(script, count);
    this.pool = start.finally(() => {
      this.settled = true;
    });
    // A start failure is thrown where the pool is awaited. This handler keeps it from being
    // reported as unhandled before then, or when the caller fails before the diff.
    this.pool.catch(() => {});
  }

  /** Whether the start has ended, ready or failed, so awaiting `pool` no longer waits. */
  get started(): boolean {
    return this.settled;
  }

  /** Closes the workers once they started; a failed start needs no closing. */
  async close(): Promise<void> {
    const pool = await this.pool.catch(() => undefined);
    await pool?.close();
  }
}

/**
 * Starts `count` diff workers (at least 2; with fewer, runDiff runs every unit in the main
 * thread) of `script`, the worker bundle next to the running bundle by default.
 */
export function startDiffWorkers(count: number, script?: string | URL): DiffWorkers {
  return new DiffWorkers(count, script ?? defaultWorkerScript(import.meta.url));
}

/**
 * Returns whether a pair's bytes are known equal without reading them: both tensors sit at the
 * same place in remote files with the same SHA-256, so the files, and with them the headers and
 * the tensors, are identical.
 */
function knownEqual(pair: TensorPair): boolean {
  const base = pair.base.source.spec;
  const head = pair.head.source.spec;
  return (
    base.kind === "http" &&
    head.kind === "http" &&
    base.sha256 !== null &&
    base.sha256 === head.sha256 &&
    pair.base.byteOffset === pair.head.byteOffset &&
    pair.base.byteLength === pair.head.byteLength &&
    pair.base.dtype === pair.head.dtype
  );
}

/** Groups the known-equal pairs by their pair of files. */
function skippedFiles(pairs: readonly TensorPair[], equal: readonly boolean[]): SkippedFiles[] {
  const byFiles = new Map<string, SkippedFiles>();
  pairs.forEach((pair, index) => {
    if (!equal[index]) return;
    const base = pair.base.source.spec;
    const head = pair.head.source.spec;
    const key = `${specKey(base)}\n${specKey(head)}`;
    let entry = byFiles.get(key);
    if (!entry) {
      const sha256 = base.kind === "http" ? (base.sha256 ?? "") : "";
      entry = { base: base.name, head: head.name, sha256, tensors: 0, bytes: 0 };
      byFiles.set(key, entry);
    }
    entry.tensors += 1;
    entry.bytes += pair.base.byteLength;
  });
  return [...byFiles.values()].sort((a, b) => compareText(a.base, b.base));
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function validate(options: EngineOptions): number {
  if (!Number.isFinite(options.threshold) || options.threshold < 0) {
    throw new UsageError(
      `The change threshold must be a finite number >= 0; got ${options.threshold}.`,
    );
  }
  if (!Number.isSafeInteger(options.workers) || options.workers < 0) {
    throw new UsageError(`The worker count must be an integer >= 0; got ${options.workers}.`);
  }
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1) {
    throw new UsageError(`The chunk size must be a positive number of bytes; got ${chunkBytes}.`);
  }
  return chunkBytes;
}

/** Compares every tensor of `base` with its counterpart in `head`. */
export async function runDiff(
  base: Checkpoint,
  head: Checkpoint,
  options: EngineOptions,
): Promise<DiffResult> {
  const chunkBytes = validate(options);
  const structureOnly = options.mode === "structure";
  const pairing: Pairing = structureOnly
    ? { ...pairByName(base, head), renamed: [] }
    : await pairTensors(base, head);
  const pairs = pairing.compared;
  const equal = pairs.map(knownEqual);
  const valuesOf = (index: number): ValuesSource => {
    if (equal[index]) return "equal_sha256";
    return structureOnly ? "not_read" : "read";
  };
  const toRead: TensorPair[] = [];
  const readIndexes: number[] = [];
  for (const [index, pair] of pairs.entries()) {
    if (valuesOf(index) !== "read") continue;
    toRead.push(pair);
    readIndexes.push(index);
  }
  /** The result of each pair whose blocks were all folded, by index in `pairs`. */
  const compared = new Array<ComparedTensor | undefined>(pairs.length);
  /**
   * Accumulators of the pairs with some blocks still to fold. An accumulator is made when a
   * pair's first segment arrives, so at most the pairs of the units in flight have one.
   */
  const folding = new Map<number, TensorAccumulator>();

  let totalBytes = 0;
  for (const pair of toRead) {
    if (pair.comparison !== "incomparable") {
      totalBytes += pair.base.byteLength + pair.head.byteLength;
    }
  }
  let doneBytes = 0;
  options.onProgress?.(0, totalBytes);
  const fold = (result: UnitResult, unit: WorkUnit) => {
    for (const event of result.retries ?? []) options.onRetry?.(event);
    unit.captures?.forEach((range, index) => {
      const bytes = result.captured?.[index];
      if (bytes) options.capture?.deliver(range, bytes);
    });
    for (const segment of result.segments) {
      const pairIndex = readIndexes[segment.pairIndex] as number;
      const pair = pairs[pairIndex] as TensorPair;
      const accumulator = folding.get(pairIndex) ?? new TensorAccumulator(pair.base.numel);
      accumulator.add(segment.firstElement, segment.stats);
      if (!accumulator.complete) {
        folding.set(pairIndex, accumulator);
        continue;
      }
      folding.delete(pairIndex);
      const tensor = comparedTensorOf(pair, accumulator.result());
      compared[pairIndex] = tensor;
      options.onTensorCompared?.(tensor);
    }
    doneBytes += unit.bytes;
    options.onProgress?.(doneBytes, totalBytes);
  };

  // Units index the pairs to read; fold maps each index back to the full list.
  const planned = planUnits(toRead, options.threshold, chunkBytes);
  const units = options.capture ? withCaptures(planned, options.capture) : planned;
  const started = options.startedWorkers;
  if (started === undefined && options.workers <= 1) {
    await runInline(base, head, units, fold, options.signal);
  } else {
    // Remote sides are bound by the network, and a unit run in the main thread would add its
    // unit buffers to the workers' (a 16 MiB remote unit per side).
    const local = toRead.every(
      (pair) => pair.base.source.spec.kind === "file" && pair.head.source.spec.kind === "file",
    );
    const overlapFrom = options.startupOverlapMinBytes ?? STARTUP_OVERLAP_MIN_BYTES;
    const runner = local && totalBytes >= overlapFrom ? mainThreadRunner(base, head) : undefined;
    options.signal?.throwIfAborted();
    const workers = started ?? startDiffWorkers(options.workers, options.workerScript);
    await runOnPool(workers, units, fold, options.signal, runner);
  }

  const results = pairs.map((pair, index): ComparedTensor => {
    const values = valuesOf(index);
    if (values !== "read") {
      return comparedTensorOf(pair, emptyTensorStats(pair.base.numel), values);
    }
    const folded = compared[index];
    if (folded) return folded;
    // Pairs that need no bytes got no segments: no elements, or a dtype change without element
    // pairs.
    const accumulator = new TensorAccumulator(pair.base.numel);
    if (pair.comparison === "incomparable") {
      accumulator.add(0, incomparableStats(pair.base.numel));
    }
    return comparedTensorOf(pair, accumulator.result());
  });
  const skipped = skippedFiles(pairs, equal);
  return {
    ...resultOf(options.threshold, pairing, results),
    ...(structureOnly ? { mode: "structure" as const } : {}),
    ...(skipped.length > 0 ? { skipped } : {}),
  };
}

/**
 * Yields each unit with the pieces of the requested ranges that its segments read. The pieces are
 * looked up as the unit is taken, just before it is dispatched, so a range requested during the
 * diff is captured from the units not yet dispatched.
 */
function* withCaptures(units: Iterable<WorkUnit>, capture: RangeCapture): Generator<WorkUnit> {
  for (const unit of units) {
    const captures: ByteRange[] = [];
    for (const segment of unit.segments) {
      captures.push(...capture.piecesWithin(segment.base), ...capture.piecesWithin(segment.head));
    }
    yield captures.length > 0 ? { ...unit, captures } : unit;
  }
}

/**
 * Returns the ComparedTensor of a pair with its final statistics. `values` is set only for pairs
 * that were not read. Each object is built by one literal: adding a property to a spread copy
 * gives every object a hidden class of its own (Node 20), which costs memory per tensor.
 */
function comparedTensorOf(
  pair: TensorPair,
  stats: TensorStats,
  values?: Exclude<ValuesSource, "read">,
): ComparedTensor {
  const name = pair.name;
  const shape = pair.base.shape;
  const baseDtype = pair.base.dtype;
  const headDtype = pair.head.dtype;
  // NOTE: a dtype change to or from F4, F6 or C64 has no element pairs. It is reported as a
  // byte comparison with every element changed.
  const comparison = pair.comparison === "incomparable" ? "bytes" : pair.comparison;
  if (values === undefined) return { name, shape, baseDtype, headDtype, comparison, stats };
  return { name, shape, baseDtype, headDtype, comparison, stats, values };
}

function resultOf(threshold: number, pairing: Pairing, compared: ComparedTensor[]): DiffResult {
  return {
    threshold,
    compared,
    added: pairing.added,
    removed: pairing.removed,
    reshaped: pairing.reshaped,
    renamed: pairing.renamed,
  };
}

/** Returns a unit runner for the main thread that reads through the checkpoints' own byte sources. */
function mainThreadRunner(base: Checkpoint, head: Checkpoint): UnitRunner {
  const sources = new Map<string, ByteSource>();
  for (const checkpoint of [base, head]) {
    for (const entry of checkpoint.tensors.values()) {
      sources.set(specKey(entry.source.spec), entry.source);
    }
  }
  return new UnitRunner(async (spec) => {
    const source = sources.get(specKey(spec));
    if (!source) throw new Error(`Internal error: no open source for ${spec.name}.`);
    return source;
  });
}

/**
 * Runs every unit in the main thread through the checkpoints' own byte sources. A remote unit is
 * queued before the one ahead of it is folded, so the pipeline can read it ahead. A local unit is
 * queued once the one before it is folded. On a failure, the queued units settle before this
 * rejects, so no read outlives the diff.
 */
async function runInline(
  base: Checkpoint,
  head: Checkpoint,
  units: Iterable<WorkUnit>,
  fold: (result: UnitResult, unit: WorkUnit) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const pipeline = new UnitPipeline(mainThreadRunner(base, head));
  const queued: { unit: WorkUnit; result: Promise<UnitResult> }[] = [];
  const foldFirst = async () => {
    const first = queued.shift();
    if (first) fold(await first.result, first.unit);
  };
  try {
    for (const unit of units) {
      signal?.throwIfAborted();
      const result = runInPipeline(pipeline, unit);
      // The rejection is awaited in turn, or settled in the catch below.
      result.catch(() => {});
      queued.push({ unit, result });
      const depth = readsRemote(unit) ? UNITS_READ_AT_ONCE : 1;
      while (queued.length >= depth) await foldFirst();
    }
    while (queued.length > 0) {
      signal?.throwIfAborted();
      await foldFirst();
    }
  } catch (error) {
    await pipeline.idle();
    throw error;
  }
}

/**
 * Runs units on the workers, keeping at most UNITS_IN_FLIGHT_PER_WORKER per worker queued.
 * With a `runner`, the main thread runs units itself until every worker is ready. A 4 GB diff
 * takes about 0.8 s on the 2-core VM, so the start time of the workers is worth filling. The
 * first failure stops dispatching, and the workers are closed whatever happens.
 */
async function runOnPool(
  workers: DiffWorkers,
  units: Iterable<WorkUnit>,
  fold: (result: UnitResult, unit: WorkUnit) => void,
  signal: AbortSignal | undefined,
  runner: UnitRunner | undefined,
): Promise<void> {
  const remaining = units[Symbol.iterator]();
  try {
    signal?.throwIfAborted();
    while (runner && !workers.started) {
      signal?.throwIfAborted();
      const next = remaining.next();
      if (next.done) break;
      fold(await runner.run(next.value), next.value);
      // The workers' ready messages arrive as events, which a resolved read never yields to.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    await workers.close();
    throw error;
  }
  const pool = await workers.pool;
  const cancel = () => pool.cancel(signal?.reason);
  signal?.addEventListener("abort", cancel, { once: true });
  const limit = workers.count * UNITS_IN_FLIGHT_PER_WORKER;
  const running = new Map<number, Promise<void>>();
  try {
    signal?.throwIfAborted();
    for (let next = remaining.next(); !next.done; next = remaining.next()) {
      const unit = next.value;
      const done = pool
        .run(packWorkUnit(unit))
        .then((packed) => fold(unpackUnitResult(packed), unit))
        .finally(() => running.delete(unit.id));
      // The rejection is handled by the race or Promise.all below; this keeps a second failing
      // unit from being reported as an unhandled rejection.
      done.catch(() => {});
      running.set(unit.id, done);
      if (running.size >= limit) await Promise.race(running.values());
    }
    await Promise.all(running.values());
  } finally {
    signal?.removeEventListener("abort", cancel);
    await pool.close();
  }
}
