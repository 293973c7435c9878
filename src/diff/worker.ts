/**
 * Execution of work units, in a worker thread or inline in the main thread.
 *
 * Run as a worker script (`dist/worker/index.js`, built from this file), it opens its own file
 * handles from the ByteSourceSpec of each range and keeps one per path until the pool closes it.
 * Each segment is read positionally into buffers reused from unit to unit.
 */

import { isMainThread, type MessagePort, parentPort, workerData } from "node:worker_threads";
import { FormatError, LimitError, ModelDiffError } from "../errors.js";
import type { DType } from "../format/dtypes.js";
import type { ByteSource, ByteSourceSpec } from "../io/byte-source.js";
import { LocalFileSource } from "../io/local-file.js";
import { type ComparisonKernel, createReferenceKernel, type SegmentStats } from "./kernels.js";
import type { ByteRange, WorkUnit } from "./plan.js";
import {
  type PoolReply,
  type PoolRequest,
  type SerializedError,
  WORKER_ROLE,
  type WorkerStartData,
} from "./pool.js";
import { SimdKernels } from "./simd-kernel.js";
import { compareInSimdMemory, type SimdJob } from "./simd-reads.js";

/** Statistics of one segment of a unit. */
export interface SegmentResult {
  pairIndex: number;
  firstElement: number;
  stats: SegmentStats;
}

export interface UnitResult {
  id: number;
  segments: SegmentResult[];
}

/** Opens (or returns an open) byte source for a spec. */
export type SourceOpener = (spec: ByteSourceSpec) => Promise<ByteSource>;

/** Typed arrays over a read need an offset that is a multiple of the element size (8 at most). */
const BUFFER_ALIGNMENT = 8;

/**
 * Read buffers and kernels reused across units. Buffers grow to the largest range read. Segments
 * that a SIMD kernel handles are read straight into its memory instead, after the others. Runs one
 * unit at a time.
 */
export class UnitRunner {
  private baseBuffer = new Uint8Array(0);
  private headBuffer = new Uint8Array(0);
  private readonly kernels = new Map<string, ComparisonKernel>();
  /** Undefined when the runtime lacks WebAssembly SIMD. */
  private readonly simd = SimdKernels.create();

  constructor(private readonly openSource: SourceOpener) {}

  async run(unit: WorkUnit): Promise<UnitResult> {
    const segments: SegmentResult[] = [];
    const simdJobs: SimdJob[] = [];
    for (const segment of unit.segments) {
      const simdKernel = this.simd?.kernelFor(segment.baseDtype, segment.headDtype, unit.threshold);
      if (simdKernel) {
        simdJobs.push({ segment, kernel: simdKernel });
        continue;
      }
      const base = await this.read(segment.base, "base");
      const head = await this.read(segment.head, "head");
      const kernel = this.kernel(segment.baseDtype, segment.headDtype, unit.threshold);
      segments.push({
        pairIndex: segment.pairIndex,
        firstElement: segment.firstElement,
        stats: kernel.compare(base, head, segment.firstElement, segment.elementCount),
      });
    }
    if (this.simd && simdJobs.length > 0) {
      const stats = await compareInSimdMemory(this.simd, simdJobs, this.openSource);
      simdJobs.forEach(({ segment }, i) => {
        segments.push({
          pairIndex: segment.pairIndex,
          firstElement: segment.firstElement,
          stats: stats[i] as SegmentStats,
        });
      });
    }
    return { id: unit.id, segments };
  }

  private kernel(baseDtype: DType, headDtype: DType, threshold: number): ComparisonKernel {
    const key = `${baseDtype}|${headDtype}|${threshold}`;
    let kernel = this.kernels.get(key);
    if (!kernel) {
      kernel = createReferenceKernel(baseDtype, headDtype, threshold);
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  private async read(range: ByteRange, side: "base" | "head"): Promise<Uint8Array> {
    let buffer = side === "base" ? this.baseBuffer : this.headBuffer;
    if (buffer.byteLength < range.length) {
      const size = Math.ceil(range.length / BUFFER_ALIGNMENT) * BUFFER_ALIGNMENT;
      buffer = new Uint8Array(size);
      if (side === "base") this.baseBuffer = buffer;
      else this.headBuffer = buffer;
    }
    const source = await this.openSource(range.source);
    await source.read(range.offset, range.length, buffer, 0);
    return buffer.subarray(0, range.length);
  }
}

/**
 * Opens local files from their specs, once per path, and checks that each file still has the
 * size it had when the checkpoint was read.
 */
export class SpecSourceCache {
  private readonly sources = new Map<string, Promise<ByteSource>>();

  readonly open: SourceOpener = (spec) => {
    let source = this.sources.get(spec.path);
    if (!source) {
      source = openChecked(spec);
      this.sources.set(spec.path, source);
    }
    return source;
  };

  async close(): Promise<void> {
    const opened = await Promise.allSettled(this.sources.values());
    this.sources.clear();
    for (const outcome of opened) {
      if (outcome.status === "fulfilled") await outcome.value.close();
    }
  }
}

async function openChecked(spec: ByteSourceSpec): Promise<ByteSource> {
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
const PACKED_SEGMENT_HEADER = 12;

/**
 * A UnitResult as one Float64Array, which crosses the thread boundary as one transferred buffer
 * instead of one cloned object and typed array per segment (a unit of small tensors has up to
 * MAX_SEGMENTS_PER_UNIT segments). Counts and indexes are integers below 2^53, so float64 stores
 * them exactly.
 */
export interface PackedUnitResult {
  id: number;
  values: Float64Array;
}

/** Packs a result for postMessage. */
export function packUnitResult(result: UnitResult): PackedUnitResult {
  let length = 0;
  for (const segment of result.segments) {
    length += PACKED_SEGMENT_HEADER + segment.stats.blockSums.length;
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
      ],
      at,
    );
    values.set(stats.blockSums, at + PACKED_SEGMENT_HEADER);
    at += PACKED_SEGMENT_HEADER + stats.blockSums.length;
  }
  return { id: result.id, values };
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
      },
    });
    at = sumsEnd;
  }
  return { id: packed.id, segments };
}

function startWorker(port: MessagePort): void {
  const cache = new SpecSourceCache();
  const runner = new UnitRunner(cache.open);
  // The pool sends several tasks at a time, and the runner takes one at a time.
  let previous: Promise<void> = Promise.resolve();
  port.on("message", (request: PoolRequest<WorkUnit>) => {
    if (request.type === "close") {
      void previous
        .finally(() => cache.close())
        .finally(() => {
          const reply: PoolReply<PackedUnitResult> = { type: "closed" };
          port.postMessage(reply);
        });
      return;
    }
    previous = previous.then(() =>
      runner.run(request.task).then(
        (result) => {
          const packed = packUnitResult(result);
          const reply: PoolReply<PackedUnitResult> = {
            type: "result",
            id: request.id,
            result: packed,
          };
          port.postMessage(reply, [packed.values.buffer as ArrayBuffer]);
        },
        (error: unknown) => {
          const reply: PoolReply<PackedUnitResult> = {
            type: "failed",
            id: request.id,
            error: serializeError(error),
          };
          port.postMessage(reply);
        },
      ),
    );
  });
  const ready: PoolReply<PackedUnitResult> = { type: "ready" };
  port.postMessage(ready);
}

if (
  !isMainThread &&
  parentPort &&
  (workerData as WorkerStartData | undefined)?.role === WORKER_ROLE
) {
  startWorker(parentPort);
}
