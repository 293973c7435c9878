/**
 * Work units: bounded byte ranges of tensor pairs, cut on block boundaries.
 *
 * A unit contains one or more segments. A segment is a run of whole blocks of one tensor pair (the
 * tensor's last block may be partial). Large tensors are split into several units; small tensors
 * are batched several to a unit, so thousands of tiny tensors cost few messages.
 */

import { type DType, dtypeInfo, SUPPORTED_DTYPES } from "../format/dtypes.js";
import type { ByteSourceSpec } from "../io/byte-source.js";
import { BLOCK_ELEMENTS, byteEndOf } from "./kernels.js";
import type { TensorPair } from "./pairing.js";

/**
 * Default bytes per side per unit. The SIMD kernels read a unit in chunks of SIMD_CHUNK_BYTES, so
 * the unit size mostly sets how many messages cross between threads. With 2 workers on a 512 MiB
 * BF16 pair, 4 MiB units took about 8% less CPU than 1 MiB units (Node 20, 2-core VM).
 */
export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Bytes per side per unit when a side is remote. The contiguous ranges of a unit become one
 * range request per side, so a side costs 64 requests per GiB plus one per tensor end. The Hub
 * allows 3,000 /resolve/ requests per 5 minutes, which a 15 GB pair stays under unless it
 * downloads faster than about 100 MB/s (an estimate; docs/hub.md has the count).
 */
export const REMOTE_CHUNK_BYTES = 16 * 1024 * 1024;

/**
 * Maximum worker threads when a side is remote. Each worker has up to two range requests in flight
 * per side and four 16 MiB unit buffers: the unit compared and the one read ahead. A remote diff
 * of a 640 MiB pair from a local fake Hub peaked at 353 MiB of RSS with 2 workers and 597 MiB with
 * 4 (scripts/measure-remote.ts, Node 20, 2-vCPU VM). A remote diff is bound by the network, not
 * by the kernels.
 */
export const MAX_REMOTE_WORKERS = 4;

/** Segments per unit at most, which bounds the size of one message to a worker. */
export const MAX_SEGMENTS_PER_UNIT = 256;

/** A byte range of one file. */
export interface ByteRange {
  source: ByteSourceSpec;
  offset: number;
  length: number;
}

/** A run of whole blocks of one tensor pair. */
export interface Segment {
  /** Index of the pair in the planned list. */
  pairIndex: number;
  baseDtype: TensorPair["base"]["dtype"];
  headDtype: TensorPair["head"]["dtype"];
  /** First element, a multiple of BLOCK_ELEMENTS. */
  firstElement: number;
  elementCount: number;
  base: ByteRange;
  head: ByteRange;
}

export interface WorkUnit {
  id: number;
  threshold: number;
  segments: Segment[];
  /** Bytes of both sides, for progress. */
  bytes: number;
  /**
   * Ranges inside the unit's reads whose bytes the runner returns with the result (see
   * range-capture.ts); absent means none.
   */
  captures?: ByteRange[];
}

/** Largest storage size of one element of the pair, in bytes (fractional for sub-byte dtypes). */
function bytesPerElement(pair: TensorPair): number {
  return Math.max(dtypeInfo(pair.base.dtype).bits, dtypeInfo(pair.head.dtype).bits) / 8;
}

/** Blocks per unit for a pair: as many as fit in `chunkBytes` per side, at least one. */
export function blocksPerUnit(pair: TensorPair, chunkBytes: number): number {
  return Math.max(1, Math.floor(chunkBytes / (BLOCK_ELEMENTS * bytesPerElement(pair))));
}

function rangeOf(entry: TensorPair["base"], firstElement: number, count: number): ByteRange {
  const start = byteEndOf(entry.dtype, firstElement);
  const end = byteEndOf(entry.dtype, firstElement + count);
  return { source: entry.source.spec, offset: entry.byteOffset + start, length: end - start };
}

/**
 * Yields the work units for `pairs` in pair order and, within a pair, in block order. Pairs with
 * no elements and "incomparable" pairs need no bytes and get no segments.
 */
export function* planUnits(
  pairs: readonly TensorPair[],
  threshold: number,
  chunkBytes: number = DEFAULT_CHUNK_BYTES,
): Generator<WorkUnit> {
  let id = 0;
  let segments: Segment[] = [];
  let baseBytes = 0;
  let headBytes = 0;

  const flush = (): WorkUnit => {
    const unit = { id: id++, threshold, segments, bytes: baseBytes + headBytes };
    segments = [];
    baseBytes = 0;
    headBytes = 0;
    return unit;
  };

  for (let pairIndex = 0; pairIndex < pairs.length; pairIndex++) {
    const pair = pairs[pairIndex] as TensorPair;
    if (pair.comparison === "incomparable" || pair.base.numel === 0) continue;
    const elementsPerSegment = blocksPerUnit(pair, chunkBytes) * BLOCK_ELEMENTS;
    for (let first = 0; first < pair.base.numel; first += elementsPerSegment) {
      const count = Math.min(elementsPerSegment, pair.base.numel - first);
      const segment: Segment = {
        pairIndex,
        baseDtype: pair.base.dtype,
        headDtype: pair.head.dtype,
        firstElement: first,
        elementCount: count,
        base: rangeOf(pair.base, first, count),
        head: rangeOf(pair.head, first, count),
      };
      const fits =
        Math.max(baseBytes + segment.base.length, headBytes + segment.head.length) <= chunkBytes;
      if (segments.length > 0 && (!fits || segments.length >= MAX_SEGMENTS_PER_UNIT)) {
        yield flush();
      }
      segments.push(segment);
      baseBytes += segment.base.length;
      headBytes += segment.head.length;
    }
  }
  if (segments.length > 0) yield flush();
}

/** Numbers stored per segment in a PackedWorkUnit, in the order packWorkUnit writes them. */
const PACKED_SEGMENT_FIELDS = 11;

/**
 * A WorkUnit as it is sent to a worker: the numbers of its segments in one Float64Array, with
 * sources and dtypes as indexes. A unit of many small tensors has an object per segment and per
 * range, and their structured clone cost the main thread several microseconds per segment
 * (Node 20). The array is copied as one block. Offsets, lengths and counts are integers below
 * 2^53, so float64 stores them exactly.
 */
export interface PackedWorkUnit {
  id: number;
  threshold: number;
  bytes: number;
  /** The distinct sources of the unit's ranges. */
  sources: ByteSourceSpec[];
  /** PACKED_SEGMENT_FIELDS numbers per segment. */
  segments: Float64Array;
  /** PACKED_RANGE_FIELDS numbers per range of the unit's captures; absent when it has none. */
  captures?: Float64Array;
}

/** Numbers stored per capture range in a PackedWorkUnit: source index, offset and length. */
const PACKED_RANGE_FIELDS = 3;

/** Packs a unit for postMessage. */
export function packWorkUnit(unit: WorkUnit): PackedWorkUnit {
  const sources: ByteSourceSpec[] = [];
  const sourceIndexes = new Map<ByteSourceSpec, number>();
  const sourceIndexOf = (source: ByteSourceSpec): number => {
    let index = sourceIndexes.get(source);
    if (index === undefined) {
      index = sources.length;
      sources.push(source);
      sourceIndexes.set(source, index);
    }
    return index;
  };
  const segments = new Float64Array(unit.segments.length * PACKED_SEGMENT_FIELDS);
  let at = 0;
  for (const segment of unit.segments) {
    segments[at++] = segment.pairIndex;
    segments[at++] = dtypeCodeOf(segment.baseDtype);
    segments[at++] = dtypeCodeOf(segment.headDtype);
    segments[at++] = segment.firstElement;
    segments[at++] = segment.elementCount;
    segments[at++] = sourceIndexOf(segment.base.source);
    segments[at++] = segment.base.offset;
    segments[at++] = segment.base.length;
    segments[at++] = sourceIndexOf(segment.head.source);
    segments[at++] = segment.head.offset;
    segments[at++] = segment.head.length;
  }
  const packed: PackedWorkUnit = {
    id: unit.id,
    threshold: unit.threshold,
    bytes: unit.bytes,
    sources,
    segments,
  };
  if (unit.captures !== undefined) {
    const captures = new Float64Array(unit.captures.length * PACKED_RANGE_FIELDS);
    at = 0;
    for (const range of unit.captures) {
      captures[at++] = sourceIndexOf(range.source);
      captures[at++] = range.offset;
      captures[at++] = range.length;
    }
    packed.captures = captures;
  }
  return packed;
}

/** Rebuilds the unit that packWorkUnit packed. */
export function unpackWorkUnit(packed: PackedWorkUnit): WorkUnit {
  const values = packed.segments;
  const sourceAt = (numbers: Float64Array, at: number): ByteSourceSpec => {
    const source = packed.sources[numbers[at] as number];
    if (source === undefined) throw new Error("Internal error: a packed unit names no source.");
    return source;
  };
  const segments: Segment[] = [];
  for (let at = 0; at < values.length; at += PACKED_SEGMENT_FIELDS) {
    segments.push({
      pairIndex: values[at] as number,
      baseDtype: dtypeOfCode(values[at + 1] as number),
      headDtype: dtypeOfCode(values[at + 2] as number),
      firstElement: values[at + 3] as number,
      elementCount: values[at + 4] as number,
      base: {
        source: sourceAt(values, at + 5),
        offset: values[at + 6] as number,
        length: values[at + 7] as number,
      },
      head: {
        source: sourceAt(values, at + 8),
        offset: values[at + 9] as number,
        length: values[at + 10] as number,
      },
    });
  }
  const unit: WorkUnit = {
    id: packed.id,
    threshold: packed.threshold,
    segments,
    bytes: packed.bytes,
  };
  if (packed.captures !== undefined) {
    const captures: ByteRange[] = [];
    for (let at = 0; at < packed.captures.length; at += PACKED_RANGE_FIELDS) {
      captures.push({
        source: sourceAt(packed.captures, at),
        offset: packed.captures[at + 1] as number,
        length: packed.captures[at + 2] as number,
      });
    }
    unit.captures = captures;
  }
  return unit;
}

const DTYPE_CODES = new Map(SUPPORTED_DTYPES.map((dtype, code) => [dtype, code]));

function dtypeCodeOf(dtype: DType): number {
  return DTYPE_CODES.get(dtype) as number;
}

function dtypeOfCode(code: number): DType {
  const dtype = SUPPORTED_DTYPES[code];
  if (dtype === undefined) throw new Error(`Internal error: ${code} is not a dtype code.`);
  return dtype;
}
