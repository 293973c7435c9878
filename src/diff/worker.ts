/**
 * The diff worker thread, and the packing of unit results that cross the thread boundary.
 *
 * Run as a worker script (`dist/worker/index.js`, built from this file), it opens its own readers
 * (file handles, HTTP range readers) from the ByteSourceSpec of each range and keeps one per file
 * until the pool closes it. Its units run through a UnitPipeline (unit-pipeline.ts) on one
 * UnitRunner (unit-runner.ts), into buffers reused from unit to unit.
 */

import { isMainThread, type MessagePort, parentPort, workerData } from "node:worker_threads";
import { FormatError, LimitError, ModelDiffError } from "../errors.js";
import { type ByteSource, type ByteSourceSpec, specKey } from "../io/byte-source.js";
import { HttpRangeSource } from "../io/http-range.js";
import { LocalFileSource } from "../io/local-file.js";
import type { RetryEvent, RetryListener } from "../io/retry.js";
import { type PackedWorkUnit, unpackWorkUnit, type WorkUnit } from "./plan.js";
import {
  type PoolReply,
  type PoolRequest,
  type SerializedError,
  WORKER_ROLE,
  type WorkerStartData,
} from "./pool.js";
import { type UnitOutcome, UnitPipeline } from "./unit-pipeline.js";
import {
  type SegmentResult,
  type SourceOpener,
  type UnitResult,
  UnitRunner,
} from "./unit-runner.js";

/**
 * Opens sources from their specs, once per file: local files by path, checking that each still
 * has the size it had when the checkpoint was read, and remote files by URL, expecting the size
 * and entity tag of the spec. Retries of remote reads are collected for the main thread to log.
 */
export class SpecSourceCache {
  private readonly sources = new Map<string, Promise<ByteSource>>();
  private retries: RetryEvent[] = [];

  readonly open: SourceOpener = (spec) => {
    const key = specKey(spec);
    let source = this.sources.get(key);
    if (!source) {
      source = openChecked(spec, (event) => this.retries.push(event));
      this.sources.set(key, source);
    }
    return source;
  };

  /** Returns the retries since the last call. */
  takeRetries(): RetryEvent[] {
    const taken = this.retries;
    this.retries = [];
    return taken;
  }

  async close(): Promise<void> {
    const opened = await Promise.allSettled(this.sources.values());
    this.sources.clear();
    for (const outcome of opened) {
      if (outcome.status === "fulfilled") await outcome.value.close();
    }
  }
}

async function openChecked(spec: ByteSourceSpec, onRetry: RetryListener): Promise<ByteSource> {
  if (spec.kind === "http") return HttpRangeSource.fromSpec(spec, onRetry);
  const source = await LocalFileSource.open(spec.path, spec.name);
  if (source.size !== spec.size) {
    await source.close();
    throw new FormatError(
      spec.name,
      `${spec.name}: the file has ${source.size} bytes now but had ${spec.size} bytes when it was opened; it changed during the diff. Run the diff again once the file is complete.`,
    );
  }
  return source;
}

/** Copies an error's fields that the main thread needs to rebuild it. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof FormatError) {
    return { kind: "FormatError", message: error.message, file: error.file };
  }
  if (error instanceof LimitError) {
    return { kind: "LimitError", message: error.message, file: error.file, limit: error.limit };
  }
  if (error instanceof ModelDiffError) return { kind: error.name, message: error.message };
  if (error instanceof Error) {
    return {
      kind: "Error",
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { kind: "Error", message: String(error) };
}

/** Values stored per segment ahead of its block sums in a PackedUnitResult. */
const PACKED_SEGMENT_HEADER = 13;

/**
 * A UnitResult as one Float64Array, which crosses the thread boundary as one transferred buffer
 * instead of one cloned object and typed array per segment (a unit of small tensors has up to
 * MAX_SEGMENTS_PER_UNIT segments). Counts and indexes are integers below 2^53, so float64 stores
 * them exactly.
 */
export interface PackedUnitResult {
  id: number;
  values: Float64Array;
  /** Retries of remote reads made for the unit, for the main thread to log. */
  retries?: RetryEvent[];
  /** UnitResult.captured, passed on as it is; its buffers are transferred. */
  captured?: (Uint8Array | null)[];
}

/** Packs a result for postMessage. */
export function packUnitResult(result: UnitResult): PackedUnitResult {
  let length = 0;
  for (const segment of result.segments) {
    length +=
      PACKED_SEGMENT_HEADER + segment.stats.blockSums.length + (segment.stats.profile?.length ?? 0);
  }
  const values = new Float64Array(length);
  let at = 0;
  for (const { pairIndex, firstElement, stats } of result.segments) {
    values.set(
      [
        pairIndex,
        firstElement,
        stats.changed,
        stats.bitsDiffering,
        stats.finiteCount,
        stats.nanA,
        stats.nanB,
        stats.infA,
        stats.infB,
        stats.maxAbsDelta,
        stats.maxAbsDeltaIndex,
        stats.blockSums.length,
        // -1 marks a segment without a change profile.
        stats.profile === null ? -1 : stats.profile.length,
      ],
      at,
    );
    values.set(stats.blockSums, at + PACKED_SEGMENT_HEADER);
    at += PACKED_SEGMENT_HEADER + stats.blockSums.length;
    if (stats.profile !== null) {
      values.set(stats.profile, at);
      at += stats.profile.length;
    }
  }
  const packed: PackedUnitResult = { id: result.id, values };
  if (result.retries) packed.retries = result.retries;
  if (result.captured) packed.captured = result.captured;
  return packed;
}

/** Rebuilds a UnitResult; its block sums are views of `packed.values`. */
export function unpackUnitResult(packed: PackedUnitResult): UnitResult {
  const values = packed.values;
  const segments: SegmentResult[] = [];
  let at = 0;
  while (at < values.length) {
    const read = (offset: number) => values[at + offset] as number;
    const sumsStart = at + PACKED_SEGMENT_HEADER;
    const sumsEnd = sumsStart + read(11);
    const profileLength = read(12);
    const profileEnd = sumsEnd + Math.max(0, profileLength);
    segments.push({
      pairIndex: read(0),
      firstElement: read(1),
      stats: {
        changed: read(2),
        bitsDiffering: read(3),
        finiteCount: read(4),
        nanA: read(5),
        nanB: read(6),
        infA: read(7),
        infB: read(8),
        maxAbsDelta: read(9),
        maxAbsDeltaIndex: read(10),
        blockSums: values.subarray(sumsStart, sumsEnd),
        profile: profileLength < 0 ? null : values.subarray(sumsEnd, profileEnd),
      },
    });
    at = profileEnd;
  }
  const result: UnitResult = { id: packed.id, segments };
  if (packed.retries) result.retries = packed.retries;
  if (packed.captured) result.captured = packed.captured;
  return result;
}

function startWorker(port: MessagePort): void {
  const cache = new SpecSourceCache();
  // The pool sends several tasks at a time. The pipeline compares one at a time, in order, reads
  // the next remote one ahead, and replies to each before it compares the next.
  const pipeline = new UnitPipeline(new UnitRunner(cache.open));
  port.on("message", (request: PoolRequest<PackedWorkUnit>) => {
    if (request.type === "close") {
      void pipeline
        .idle()
        .finally(() => cache.close())
        .finally(() => {
          const reply: PoolReply<PackedUnitResult> = { type: "closed" };
          port.postMessage(reply);
        });
      return;
    }
    const deliver = (outcome: UnitOutcome) => replyTo(port, request.id, outcome, cache);
    let unit: WorkUnit;
    try {
      unit = unpackWorkUnit(request.task);
    } catch (error) {
      pipeline.reject(error, deliver);
      return;
    }
    pipeline.run(unit, deliver);
  });
  const ready: PoolReply<PackedUnitResult> = { type: "ready" };
  port.postMessage(ready);
}

/** Sends the outcome of task `id` to the pool, with the retries made since the last reply. */
function replyTo(
  port: MessagePort,
  id: number,
  outcome: UnitOutcome,
  cache: SpecSourceCache,
): void {
  const retries = cache.takeRetries();
  if (!outcome.ok) {
    const reply: PoolReply<PackedUnitResult> = {
      type: "failed",
      id,
      error: serializeError(outcome.error),
    };
    port.postMessage(reply);
    return;
  }
  const result = outcome.result;
  if (retries.length > 0) result.retries = retries;
  const packed = packUnitResult(result);
  const reply: PoolReply<PackedUnitResult> = { type: "result", id, result: packed };
  const transfers = [packed.values.buffer as ArrayBuffer];
  for (const bytes of packed.captured ?? []) {
    if (bytes !== null) transfers.push(bytes.buffer as ArrayBuffer);
  }
  port.postMessage(reply, transfers);
}

if (
  !isMainThread &&
  parentPort &&
  (workerData as WorkerStartData | undefined)?.role === WORKER_ROLE
) {
  startWorker(parentPort);
}
