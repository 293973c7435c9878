/**
 * Execution of one work unit: the buffered reads of its ranges and the comparison of its
 * segments, in a worker thread or in the main thread.
 */

import { type DType, dtypeInfo } from "../format/dtypes.js";
import { type ByteSource, type ByteSourceSpec, specKey } from "../io/byte-source.js";
import type { RetryEvent } from "../io/retry.js";
import {
  BLOCK_ELEMENTS,
  byteEndOf,
  type ComparisonKernel,
  createReferenceKernel,
  type SegmentStats,
} from "./kernels.js";
import type { ByteRange, Segment, WorkUnit } from "./plan.js";
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

/** Buffers of a unit's buffered reads, one per side. They grow to the largest unit read into them. */
export class UnitBuffers {
  base: Uint8Array = new Uint8Array(0);
  head: Uint8Array = new Uint8Array(0);
}

/** A unit whose buffered reads have started, as UnitRunner.start returns it. */
export interface StartedUnit {
  unit: WorkUnit;
  buffers: UnitBuffers;
  simdJobs: SimdJob[];
  buffered: Segment[];
  baseLayout: SideLayout;
  headLayout: SideLayout;
  baseMark: FillMark;
  headMark: FillMark;
  /** Settles once the reads of both sides have settled, and rejects when either failed. */
  reads: Promise<void>;
}

/**
 * Resolves once `fraction` of the buffered bytes of each side of a started unit are in, or once
 * a read of the unit failed.
 */
export function whenReceived(started: StartedUnit, fraction: number): Promise<void> {
  const sides = [
    started.baseMark.waitFor(Math.ceil(started.baseLayout.bytes * fraction)),
    started.headMark.waitFor(Math.ceil(started.headLayout.bytes * fraction)),
  ];
  return Promise.all(sides).then(
    () => {},
    () => {},
  );
}

/**
 * Runs units: reads their bytes and compares them. Segments of local files that a SIMD kernel
 * handles are read straight into its memory, after the others. The rest are read into
 * UnitBuffers. A unit is started (its buffered reads begin) and then finished (its segments are
 * compared). Several units may have started, each into its own UnitBuffers, but only one is
 * finished at a time, because the SIMD kernels and their memory are shared.
 */
export class UnitRunner {
  private readonly buffers = new UnitBuffers();
  private readonly kernels = new Map<string, ComparisonKernel>();
  /** Undefined when the runtime lacks WebAssembly SIMD. */
  private readonly simd = SimdKernels.create();

  constructor(private readonly openSource: SourceOpener) {}

  /** Runs a unit, reading into the runner's own buffers. */
  run(unit: WorkUnit): Promise<UnitResult> {
    return this.finish(this.start(unit, this.buffers));
  }

  /**
   * Starts the buffered reads of a unit into `buffers`: both sides at once, span after span.
   * `buffers` must not be used by another unit until `finish` of this one has settled.
   */
  start(unit: WorkUnit, buffers: UnitBuffers): StartedUnit {
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
    buffers.base = grow(buffers.base, baseLayout.bytes);
    buffers.head = grow(buffers.head, headLayout.bytes);
    const baseMark = new FillMark();
    const headMark = new FillMark();
    const sides = [
      this.readSide(baseLayout, buffers.base, baseMark),
      this.readSide(headLayout, buffers.head, headMark),
    ];
    // Both sides settle before `reads` does, even when one fails, so no read writes into the
    // buffers after finish has returned them.
    const reads = Promise.allSettled(sides).then((outcomes) => {
      for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
    });
    // A read failure is awaited in finish. This handler keeps it from being reported as unhandled
    // while an earlier unit is compared.
    reads.catch(() => {});
    return {
      unit,
      buffers,
      simdJobs,
      buffered,
      baseLayout,
      headLayout,
      baseMark,
      headMark,
      reads,
    };
  }

  /**
   * Compares a started unit: each buffered segment in pieces of about PIECE_BYTES as soon as its
   * bytes are in on both sides, then the segments in SIMD memory. Settles only after every read
   * of the unit has settled, so its buffers are free for another unit from then on.
   */
  async finish(started: StartedUnit): Promise<UnitResult> {
    const { unit, buffers, baseLayout, headLayout } = started;
    let segments: SegmentResult[];
    try {
      segments = await this.compareBuffered(started);
      await started.reads;
    } catch (error) {
      // A failed side rejects the waits at once, and the other side may still be reading.
      await started.reads.catch(() => {});
      throw error;
    }
    const captured = unit.captures?.map((range) =>
      copyRange(range, [
        { layout: baseLayout, buffer: buffers.base },
        { layout: headLayout, buffer: buffers.head },
      ]),
    );
    if (this.simd && started.simdJobs.length > 0) {
      const stats = await compareInSimdMemory(this.simd, started.simdJobs, this.openSource);
      for (const [i, { segment }] of started.simdJobs.entries()) {
        segments.push({
          pairIndex: segment.pairIndex,
          firstElement: segment.firstElement,
          stats: stats[i] as SegmentStats,
        });
      }
    }
    return captured === undefined ? { id: unit.id, segments } : { id: unit.id, segments, captured };
  }

  /** Compares the buffered segments of a started unit in buffer order, piece by piece. */
  private async compareBuffered(started: StartedUnit): Promise<SegmentResult[]> {
    const { unit, buffers, buffered, baseLayout, headLayout, baseMark, headMark } = started;
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
        const baseBytes = buffers.base.subarray(baseStart, baseEnd);
        const headBytes = buffers.head.subarray(headStart, headEnd);
        const stats =
          simdKernel === undefined
            ? kernel.compare(baseBytes, headBytes, firstElement, count)
            : simdKernel.compare(baseBytes, headBytes, firstElement, count, segment.pairIndex);
        segments.push({ pairIndex: segment.pairIndex, firstElement, stats });
      }
    }
    return segments;
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
