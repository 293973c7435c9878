/**
 * Execution of work units, in a worker thread or inline in the main thread.
 *
 * Run as a worker script (`dist/worker/index.js`, built from this file), it opens its own readers
 * (file handles, HTTP range readers) from the ByteSourceSpec of each range and keeps one per file
 * until the pool closes it. Each unit is read into buffers reused from unit to unit.
 */

import { isMainThread, type MessagePort, parentPort, workerData } from "node:worker_threads";
import { FormatError, LimitError, ModelDiffError } from "../errors.js";
import { type DType, dtypeInfo } from "../format/dtypes.js";
import { type ByteSource, type ByteSourceSpec, specKey } from "../io/byte-source.js";
import { HttpRangeSource } from "../io/http-range.js";
import { LocalFileSource } from "../io/local-file.js";
import type { RetryEvent, RetryListener } from "../io/retry.js";
import {
  BLOCK_ELEMENTS,
  byteEndOf,
  type ComparisonKernel,
  createReferenceKernel,
  type SegmentStats,
} from "./kernels.js";
import {
  type ByteRange,
  type PackedWorkUnit,
  type Segment,
  unpackWorkUnit,
  type WorkUnit,
} from "./plan.js";
import {
  type PoolReply,
  type PoolRequest,
  type SerializedError,
  WORKER_ROLE,
  type WorkerStartData,
} from "./pool.js";
import { SimdKernels } from "./simd-kernel.js";
import { compareInSimdMemory, type SimdJob } from "./simd-reads.js";

/** Statistics of one segment of a unit, or of a piece of it cut on block boundaries. */
export interface SegmentResult {
  pairIndex: number;
  firstElement: number;
  stats: SegmentStats;
}

export interface UnitResult {
  id: number;
  segments: SegmentResult[];
  /** Retries of remote reads made for this unit, for the main thread to log. */
  retries?: RetryEvent[];
  /**
   * The bytes of each range of the unit's `captures`, in order, or null for a range that no
   * buffered read contained whole. Absent when the unit has no captures.
   */
  captured?: (Uint8Array | null)[];
}

/** Opens (or returns an open) byte source for a spec. */
export type SourceOpener = (spec: ByteSourceSpec) => Promise<ByteSource>;

/** Typed arrays over a read need an offset that is a multiple of the element size (8 at most). */
const BUFFER_ALIGNMENT = 8;

/**
 * Ranges of one side closer than this are read as one request, the bytes between them read and
 * dropped. A unit contains at most MAX_SEGMENTS_PER_UNIT ranges, so the waste stays under 1 MiB.
 */
export const MAX_MERGE_GAP_BYTES = 4096;

/**
 * Bytes per side compared at a time while a larger read is still arriving. Remote units are
 * several MiB, so the comparison of the first MiB overlaps the download of the rest.
 */
export const PIECE_BYTES = 1024 * 1024;

/** A contiguous read of one side: one request for a remote source. */
interface Span {
  source: ByteSourceSpec;
  offset: number;
  length: number;
  /** Position in the side's buffer. */
  at: number;
}

/** Buffer positions of a side's segments, and the reads that fill them. */
interface SideLayout {
  spans: Span[];
  /** Buffer position of each segment's range, in segment order. */
  positions: number[];
  /** Buffer bytes needed. */
  bytes: number;
}

/**
 * Lays out the ranges of one side. They are sorted by file and offset, and ranges closer than
 * MAX_MERGE_GAP_BYTES are merged into one span. Each span starts at a buffer position congruent
 * to its file offset modulo BUFFER_ALIGNMENT, so tensors keep the alignment they have in the file.
 */
export function layoutSide(ranges: readonly ByteRange[]): SideLayout {
  const order = ranges
    .map((range, index) => ({ range, index, key: specKey(range.source) }))
    .sort((a, b) => {
      if (a.key !== b.key) return a.key < b.key ? -1 : 1;
      return a.range.offset - b.range.offset;
    });
  const spans: Span[] = [];
  const positions = new Array<number>(ranges.length).fill(0);
  let current: (Span & { key: string }) | undefined;
  let bytes = 0;
  for (const { range, index, key } of order) {
    const end = range.offset + range.length;
    if (
      current !== undefined &&
      current.key === key &&
      range.offset <= current.offset + current.length + MAX_MERGE_GAP_BYTES
    ) {
      current.length = Math.max(current.length, end - current.offset);
    } else {
      if (current !== undefined) bytes = current.at + current.length;
      const misalignment = range.offset % BUFFER_ALIGNMENT;
      const at =
        Math.ceil((bytes - misalignment) / BUFFER_ALIGNMENT) * BUFFER_ALIGNMENT + misalignment;
      current = { source: range.source, offset: range.offset, length: range.length, at, key };
      spans.push(current);
    }
    positions[index] = current.at + (range.offset - current.offset);
  }
  if (current !== undefined) bytes = current.at + current.length;
  return {
    spans: spans.map(({ source, offset, length, at }) => ({ source, offset, length, at })),
    positions,
    bytes,
  };
}

/** The filled prefix of a side's buffer, with waiters for a given fill. */
class FillMark {
  private filled = 0;
  private failure: unknown;
  private failed = false;
  private waiters: { bytes: number; resolve: () => void; reject: (error: unknown) => void }[] = [];

  advance(filled: number): void {
    if (filled <= this.filled) return;
    this.filled = filled;
    const ready = this.waiters.filter((waiter) => waiter.bytes <= filled);
    this.waiters = this.waiters.filter((waiter) => waiter.bytes > filled);
    for (const waiter of ready) waiter.resolve();
  }

  fail(error: unknown): void {
    this.failed = true;
    this.failure = error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }

  /** Resolves once the first `bytes` bytes are in. */
  waitFor(bytes: number): Promise<void> {
    if (this.failed) return Promise.reject(this.failure);
    if (bytes <= this.filled) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ bytes, resolve, reject }));
  }
}

/**
 * Read buffers and kernels reused across units. Segments of local files that a SIMD kernel
 * handles are read straight into its memory, after the others. The rest are read into buffers
 * that grow to the largest unit read. Runs one unit at a time.
 */
export class UnitRunner {
  private baseBuffer: Uint8Array = new Uint8Array(0);
  private headBuffer: Uint8Array = new Uint8Array(0);
  private readonly kernels = new Map<string, ComparisonKernel>();
  /** Undefined when the runtime lacks WebAssembly SIMD. */
  private readonly simd = SimdKernels.create();

  constructor(private readonly openSource: SourceOpener) {}

  /**
   * Runs a unit: both sides are read at once, span after span, and each segment is compared in
   * pieces of about PIECE_BYTES as soon as its bytes are in on both sides.
   */
  async run(unit: WorkUnit): Promise<UnitResult> {
    const simdJobs: SimdJob[] = [];
    const buffered: Segment[] = [];
    for (const segment of unit.segments) {
      // Remote sources stay on the buffered path, whose spans keep the request count low.
      const local = segment.base.source.kind === "file" && segment.head.source.kind === "file";
      const simdKernel = local
        ? this.simd?.kernelFor(segment.baseDtype, segment.headDtype, unit.threshold)
        : undefined;
      if (simdKernel) simdJobs.push({ segment, kernel: simdKernel });
      else buffered.push(segment);
    }
    const baseLayout = layoutSide(buffered.map((segment) => segment.base));
    const headLayout = layoutSide(buffered.map((segment) => segment.head));
    this.baseBuffer = grow(this.baseBuffer, baseLayout.bytes);
    this.headBuffer = grow(this.headBuffer, headLayout.bytes);
    const baseMark = new FillMark();
    const headMark = new FillMark();
    const reads = Promise.all([
      this.readSide(baseLayout, this.baseBuffer, baseMark),
      this.readSide(headLayout, this.headBuffer, headMark),
    ]);
    // A read failure also rejects the waits below; this keeps it from being unhandled twice.
    reads.catch(() => {});

    const segments: SegmentResult[] = [];
    const order = buffered
      .map((segment, index) => ({ segment, index }))
      .sort((a, b) => (baseLayout.positions[a.index] ?? 0) - (baseLayout.positions[b.index] ?? 0));
    for (const { segment, index } of order) {
      const basePosition = baseLayout.positions[index] ?? 0;
      const headPosition = headLayout.positions[index] ?? 0;
      const simdKernel = this.simd?.kernelFor(segment.baseDtype, segment.headDtype, unit.threshold);
      const kernel =
        simdKernel ?? this.kernel(segment.baseDtype, segment.headDtype, unit.threshold);
      const bits = Math.max(dtypeInfo(segment.baseDtype).bits, dtypeInfo(segment.headDtype).bits);
      const piece =
        Math.max(1, Math.floor((PIECE_BYTES * 8) / (BLOCK_ELEMENTS * bits))) * BLOCK_ELEMENTS;
      for (let start = 0; start < segment.elementCount; start += piece) {
        const count = Math.min(piece, segment.elementCount - start);
        const baseStart = basePosition + byteEndOf(segment.baseDtype, start);
        const baseEnd = basePosition + byteEndOf(segment.baseDtype, start + count);
        const headStart = headPosition + byteEndOf(segment.headDtype, start);
        const headEnd = headPosition + byteEndOf(segment.headDtype, start + count);
        await Promise.all([baseMark.waitFor(baseEnd), headMark.waitFor(headEnd)]);
        const firstElement = segment.firstElement + start;
        const baseBytes = this.baseBuffer.subarray(baseStart, baseEnd);
        const headBytes = this.headBuffer.subarray(headStart, headEnd);
        const stats =
          simdKernel === undefined
            ? kernel.compare(baseBytes, headBytes, firstElement, count)
            : simdKernel.compare(baseBytes, headBytes, firstElement, count, segment.pairIndex);
        segments.push({ pairIndex: segment.pairIndex, firstElement, stats });
      }
    }
    await reads;
    const captured = unit.captures?.map((range) =>
      copyRange(range, [
        { layout: baseLayout, buffer: this.baseBuffer },
        { layout: headLayout, buffer: this.headBuffer },
      ]),
    );
    if (this.simd && simdJobs.length > 0) {
      const stats = await compareInSimdMemory(this.simd, simdJobs, this.openSource);
      for (const [i, { segment }] of simdJobs.entries()) {
        segments.push({
          pairIndex: segment.pairIndex,
          firstElement: segment.firstElement,
          stats: stats[i] as SegmentStats,
        });
      }
    }
    return captured === undefined ? { id: unit.id, segments } : { id: unit.id, segments, captured };
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

  /** Reads the spans of one side in order, one at a time, moving `mark` as bytes arrive. */
  private async readSide(layout: SideLayout, buffer: Uint8Array, mark: FillMark): Promise<void> {
    try {
      for (const span of layout.spans) {
        const source = await this.openSource(span.source);
        await source.read(span.offset, span.length, buffer, span.at, (filled) =>
          mark.advance(span.at + filled),
        );
        mark.advance(span.at + span.length);
      }
    } catch (error) {
      mark.fail(error);
      throw error;
    }
  }
}

/**
 * Returns a copy of `range` from the buffered reads of a unit, or null when no span contains it
 * whole. Segments compared in SIMD memory are not buffered, so their ranges give null.
 */
function copyRange(
  range: ByteRange,
  sides: readonly { layout: SideLayout; buffer: Uint8Array }[],
): Uint8Array | null {
  const key = specKey(range.source);
  for (const { layout, buffer } of sides) {
    for (const span of layout.spans) {
      const inside =
        range.offset >= span.offset && range.offset + range.length <= span.offset + span.length;
      if (!inside || specKey(span.source) !== key) continue;
      const start = span.at + (range.offset - span.offset);
      return buffer.slice(start, start + range.length);
    }
  }
  return null;
}

function grow(buffer: Uint8Array, bytes: number): Uint8Array {
  if (buffer.byteLength >= bytes) return buffer;
  return new Uint8Array(Math.ceil(bytes / BUFFER_ALIGNMENT) * BUFFER_ALIGNMENT);
}

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
  const runner = new UnitRunner(cache.open);
  // The pool sends several tasks at a time, and the runner takes one at a time.
  let previous: Promise<void> = Promise.resolve();
  port.on("message", (request: PoolRequest<PackedWorkUnit>) => {
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
      runner.run(unpackWorkUnit(request.task)).then(
        (result) => {
          const retries = cache.takeRetries();
          if (retries.length > 0) result.retries = retries;
          const packed = packUnitResult(result);
          const reply: PoolReply<PackedUnitResult> = {
            type: "result",
            id: request.id,
            result: packed,
          };
          const transfers = [packed.values.buffer as ArrayBuffer];
          for (const bytes of packed.captured ?? []) {
            if (bytes !== null) transfers.push(bytes.buffer as ArrayBuffer);
          }
          port.postMessage(reply, transfers);
        },
        (error: unknown) => {
          cache.takeRetries();
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
