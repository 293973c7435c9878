/**
 * Byte ranges that the diff copies out of its own reads for a later reader, so a remote
 * checkpoint's bytes are downloaded once. The later reader (the second pass, which reads sampled
 * matrix rows) requests its ranges before the diff starts. The engine attaches the part of each
 * requested range that a work unit reads to that unit, the worker copies those bytes out of its
 * read buffer, and the main thread delivers them here. A range is served only when every byte of
 * it has arrived, so the reader of an incomplete range reads it from its source.
 *
 * Memory: a requested range takes its length from its first piece until it is taken or released,
 * so the store never contains more than the total length of the requested ranges.
 */

import { type ByteSourceSpec, specKey } from "../io/byte-source.js";
import type { ByteRange } from "./plan.js";

/** A requested range and the bytes of it delivered so far. */
interface RequestedRange {
  offset: number;
  length: number;
  /** Owners that requested it. The range is removed when the last one releases it. */
  owners: Set<string>;
  /** Allocated when the first piece arrives. */
  bytes: Uint8Array | undefined;
  /** Pieces delivered, as `offset length`, so a piece delivered twice is counted once. */
  pieces: Set<string>;
  filled: number;
}

/** A requested range's place in the store: its source key, and its id among that source's ranges. */
interface RangePlace {
  key: string;
  id: string;
}

function rangeId(offset: number, length: number): string {
  return `${offset} ${length}`;
}

/** The requested ranges of one source sorted by offset, for lookups by position. */
interface SortedRanges {
  ranges: RequestedRange[];
  /** Length of the longest range, which bounds how far before a read an overlapping range starts. */
  maxLength: number;
}

export class RangeCapture {
  /** Requested ranges by source key, then by rangeId. */
  private readonly bySource = new Map<string, Map<string, RequestedRange>>();
  /** The ranges each owner requested. */
  private readonly byOwner = new Map<string, RangePlace[]>();
  /** The ranges of bySource sorted by offset, by source key. Built on lookup, dropped on change. */
  private readonly sorted = new Map<string, SortedRanges>();
  /**
   * Source keys by spec object. The ranges of a work unit share the spec objects of the
   * checkpoints' sources, so a diff of many small tensors builds each key once, not per segment.
   */
  private readonly keys = new WeakMap<ByteSourceSpec, string>();

  /** Number of requested ranges. */
  get size(): number {
    let count = 0;
    for (const ranges of this.bySource.values()) count += ranges.size;
    return count;
  }

  /** Bytes allocated for requested ranges (complete or not). */
  get heldBytes(): number {
    let bytes = 0;
    for (const ranges of this.bySource.values()) {
      for (const range of ranges.values()) bytes += range.bytes?.byteLength ?? 0;
    }
    return bytes;
  }

  /** Returns whether the store contains a range that `owner` requested. */
  has(owner: string): boolean {
    return this.byOwner.has(owner);
  }

  /**
   * Registers the ranges `owner` requests. Empty ranges, and ranges whose offset or length is not
   * a whole number, are left out. Units dispatched before the call do not capture them.
   */
  request(owner: string, ranges: readonly ByteRange[]): void {
    const places = this.byOwner.get(owner) ?? [];
    for (const { source, offset, length } of ranges) {
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || length <= 0) continue;
      const key = this.keyOf(source);
      const id = rangeId(offset, length);
      this.sorted.delete(key);
      let ranges = this.bySource.get(key);
      if (!ranges) {
        ranges = new Map();
        this.bySource.set(key, ranges);
      }
      let range = ranges.get(id);
      if (!range) {
        range = {
          offset,
          length,
          owners: new Set(),
          bytes: undefined,
          pieces: new Set(),
          filled: 0,
        };
        ranges.set(id, range);
      }
      if (range.owners.has(owner)) continue;
      range.owners.add(owner);
      places.push({ key, id });
    }
    if (places.length > 0) this.byOwner.set(owner, places);
  }

  /** Removes the ranges of `owner` that no other owner requested, and their bytes. */
  release(owner: string): void {
    const places = this.byOwner.get(owner);
    if (!places) return;
    this.byOwner.delete(owner);
    for (const { key, id } of places) {
      const ranges = this.bySource.get(key);
      const range = ranges?.get(id);
      if (!ranges || !range) continue;
      range.owners.delete(owner);
      if (range.owners.size > 0) continue;
      this.sorted.delete(key);
      ranges.delete(id);
      if (ranges.size === 0) this.bySource.delete(key);
    }
  }

  /** Removes every range. */
  clear(): void {
    this.bySource.clear();
    this.byOwner.clear();
    this.sorted.clear();
  }

  /**
   * Returns the parts of the requested ranges that lie inside `read`, a range a work unit reads.
   * The engine calls it once per segment and side when it dispatches a unit.
   */
  piecesWithin(read: ByteRange): ByteRange[] {
    if (this.bySource.size === 0) return [];
    const sorted = this.sortedRanges(this.keyOf(read.source));
    if (!sorted) return [];
    const { ranges, maxLength } = sorted;
    // The first range that can overlap the read starts after read.offset - maxLength.
    let low = 0;
    let high = ranges.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((ranges[middle] as RequestedRange).offset <= read.offset - maxLength) low = middle + 1;
      else high = middle;
    }
    const readEnd = read.offset + read.length;
    const pieces: ByteRange[] = [];
    for (let index = low; index < ranges.length; index++) {
      const range = ranges[index] as RequestedRange;
      if (range.offset >= readEnd) break;
      const start = Math.max(range.offset, read.offset);
      const end = Math.min(range.offset + range.length, readEnd);
      if (start < end) pieces.push({ source: read.source, offset: start, length: end - start });
    }
    return pieces;
  }

  /**
   * Stores the bytes of `piece`, a range piecesWithin returned, in every requested range it
   * overlaps. Bytes of ranges no longer requested are dropped. `bytes` may be kept as it is, so the
   * caller must not write to it afterwards.
   */
  deliver(piece: ByteRange, bytes: Uint8Array): void {
    const ranges = this.bySource.get(this.keyOf(piece.source));
    if (!ranges || bytes.byteLength !== piece.length) return;
    const pieceEnd = piece.offset + piece.length;
    for (const range of ranges.values()) {
      const start = Math.max(range.offset, piece.offset);
      const end = Math.min(range.offset + range.length, pieceEnd);
      if (start >= end) continue;
      const id = rangeId(start, end - start);
      if (range.pieces.has(id)) continue;
      range.pieces.add(id);
      if (range.bytes === undefined && start === range.offset && end - start === range.length) {
        // The piece covers the whole range: keep it, or the part of it, without a copy.
        range.bytes = bytes.subarray(start - piece.offset, end - piece.offset);
      } else {
        range.bytes ??= new Uint8Array(range.length);
        range.bytes.set(
          bytes.subarray(start - piece.offset, end - piece.offset),
          start - range.offset,
        );
      }
      range.filled += end - start;
    }
  }

  /**
   * Returns the bytes [offset, offset + length) of `source` when that exact range was requested
   * and every byte of it was delivered, and removes the range. Returns undefined otherwise. A
   * partly delivered range is removed too, because its reader then reads it from the source.
   */
  take(source: ByteSourceSpec, offset: number, length: number): Uint8Array | undefined {
    const key = this.keyOf(source);
    const ranges = this.bySource.get(key);
    const id = rangeId(offset, length);
    const range = ranges?.get(id);
    if (!ranges || !range) return undefined;
    this.sorted.delete(key);
    ranges.delete(id);
    if (ranges.size === 0) this.bySource.delete(key);
    for (const owner of range.owners) {
      const places = this.byOwner
        .get(owner)
        ?.filter((place) => place.key !== key || place.id !== id);
      if (places === undefined) continue;
      if (places.length > 0) this.byOwner.set(owner, places);
      else this.byOwner.delete(owner);
    }
    return range.filled === range.length ? range.bytes : undefined;
  }

  private keyOf(spec: ByteSourceSpec): string {
    let key = this.keys.get(spec);
    if (key === undefined) {
      key = specKey(spec);
      this.keys.set(spec, key);
    }
    return key;
  }

  private sortedRanges(key: string): SortedRanges | undefined {
    let sorted = this.sorted.get(key);
    if (sorted) return sorted;
    const ranges = this.bySource.get(key);
    if (!ranges) return undefined;
    const list = [...ranges.values()].sort((a, b) => a.offset - b.offset);
    sorted = {
      ranges: list,
      maxLength: list.reduce((largest, r) => Math.max(largest, r.length), 0),
    };
    this.sorted.set(key, sorted);
    return sorted;
  }
}
