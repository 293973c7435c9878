/**
 * Deterministic merge of segment statistics into TensorStats.
 *
 * Counts are integers and the maximum keeps the lowest index on ties, so they merge in any order.
 * The float64 sums do not: they are folded block by block in block order, and a segment that
 * arrives before the blocks preceding it waits in a reorder buffer. The buffer holds at most the
 * segments of the work units in flight, because units are dispatched in block order.
 */

import {
  BLOCK_ELEMENTS,
  type SegmentStats,
  SUM_A,
  SUM_B,
  SUM_PRODUCT,
  SUM_SQUARED_A,
  SUM_SQUARED_B,
  SUM_SQUARED_DELTA,
  SUMS_PER_BLOCK,
} from "./kernels.js";
import { addProfile, type ProfileCounts, pooledProfile } from "./profile.js";
import type { TensorStats } from "./types.js";

/** Statistics of a tensor pair with no elements, or the start of a fold. */
export function emptyTensorStats(numel: number): TensorStats {
  return {
    numel,
    changed: 0,
    bitsDiffering: 0,
    maxAbsDelta: 0,
    maxAbsDeltaIndex: -1,
    sumA: 0,
    sumB: 0,
    sumSquaredDelta: 0,
    sumSquaredA: 0,
    sumSquaredB: 0,
    sumProduct: 0,
    finiteCount: 0,
    nanA: 0,
    nanB: 0,
    infA: 0,
    infB: 0,
  };
}

/**
 * Counts up to this value are stored as small integers by inlineCount. V8 stores a small integer
 * in an object field as is, but every other number in a 16-byte box of its own.
 */
const MAX_INLINE_COUNT = 2 ** 30 - 1;

/**
 * Returns `count`, an integer from -1 up, as the same number. The counts arrive as float64 values
 * read from a Float64Array, which V8 keeps boxed. `count | 0` is the same integer in a form V8
 * stores unboxed, and that saved about 150 bytes per tensor (Node 20).
 */
function inlineCount(count: number): number {
  return count <= MAX_INLINE_COUNT ? count | 0 : count;
}

/** Folds the segments of one tensor pair, received in any order, into its TensorStats. */
export class TensorAccumulator {
  private readonly blockCount: number;
  private nextBlock = 0;
  private changed = 0;
  private bitsDiffering = 0;
  private maxAbsDelta = 0;
  private maxAbsDeltaIndex = -1;
  private sumA = 0;
  private sumB = 0;
  private sumSquaredDelta = 0;
  private sumSquaredA = 0;
  private sumSquaredB = 0;
  private sumProduct = 0;
  private finiteCount = 0;
  private nanA = 0;
  private nanB = 0;
  private infA = 0;
  private infB = 0;
  private profile: ProfileCounts | undefined;
  /** The statistics once built by result(). */
  private stats: TensorStats | undefined;
  /**
   * Segments waiting for earlier blocks, keyed by their first block. Created on the first
   * segment that arrives out of order, because most tensors fit in one segment.
   */
  private waiting: Map<number, SegmentStats> | undefined;

  constructor(readonly numel: number) {
    this.blockCount = Math.ceil(numel / BLOCK_ELEMENTS);
  }

  /** Adds the segment that starts at tensor element `firstElement` (a multiple of BLOCK_ELEMENTS). */
  add(firstElement: number, segment: SegmentStats): void {
    if (this.stats !== undefined) {
      throw new Error("Internal error: a segment arrived after the statistics were built.");
    }
    this.changed += segment.changed;
    this.bitsDiffering += segment.bitsDiffering;
    this.finiteCount += segment.finiteCount;
    this.nanA += segment.nanA;
    this.nanB += segment.nanB;
    this.infA += segment.infA;
    this.infB += segment.infB;
    if (
      segment.maxAbsDelta > this.maxAbsDelta ||
      (segment.maxAbsDelta === this.maxAbsDelta &&
        segment.maxAbsDeltaIndex !== -1 &&
        segment.maxAbsDeltaIndex < this.maxAbsDeltaIndex)
    ) {
      this.maxAbsDelta = segment.maxAbsDelta;
      this.maxAbsDeltaIndex = segment.maxAbsDeltaIndex;
    }
    if (segment.profile !== null) {
      this.profile ??= pooledProfile(this.numel);
      addProfile(this.profile, segment.profile);
    }

    const firstBlock = firstElement / BLOCK_ELEMENTS;
    if (!Number.isInteger(firstBlock) || firstBlock < this.nextBlock) {
      throw new Error(
        `Internal error: a segment starts at element ${firstElement}, which is not the start of an unfolded block.`,
      );
    }
    if (firstBlock === this.nextBlock) {
      this.fold(segment);
    } else {
      this.waiting ??= new Map();
      this.waiting.set(firstBlock, segment);
    }
    this.foldReadySegments();
  }

  /** Whether every block was folded. */
  get complete(): boolean {
    return this.nextBlock === this.blockCount;
  }

  /**
   * Returns the final statistics, built on the first call as one object that later calls return
   * again. Throws when some blocks were not folded yet.
   */
  result(): TensorStats {
    if (!this.complete) {
      throw new Error(
        `Internal error: ${this.blockCount - this.nextBlock} of ${this.blockCount} blocks were not folded.`,
      );
    }
    this.stats ??= this.build();
    return this.stats;
  }

  /**
   * Builds the statistics in one object literal, in the field order of emptyTensorStats. Adding
   * `profile` to a built object would put it in a separate property store, 40 more bytes.
   */
  private build(): TensorStats {
    const numel = inlineCount(this.numel);
    const changed = inlineCount(this.changed);
    const bitsDiffering = inlineCount(this.bitsDiffering);
    const maxAbsDelta = this.maxAbsDelta;
    const maxAbsDeltaIndex = inlineCount(this.maxAbsDeltaIndex);
    const sumA = this.sumA;
    const sumB = this.sumB;
    const sumSquaredDelta = this.sumSquaredDelta;
    const sumSquaredA = this.sumSquaredA;
    const sumSquaredB = this.sumSquaredB;
    const sumProduct = this.sumProduct;
    const finiteCount = inlineCount(this.finiteCount);
    const nanA = inlineCount(this.nanA);
    const nanB = inlineCount(this.nanB);
    const infA = inlineCount(this.infA);
    const infB = inlineCount(this.infB);
    const profile = this.profile;

    if (profile === undefined) {
      return {
        numel,
        changed,
        bitsDiffering,
        maxAbsDelta,
        maxAbsDeltaIndex,
        sumA,
        sumB,
        sumSquaredDelta,
        sumSquaredA,
        sumSquaredB,
        sumProduct,
        finiteCount,
        nanA,
        nanB,
        infA,
        infB,
      };
    }
    return {
      numel,
      changed,
      bitsDiffering,
      maxAbsDelta,
      maxAbsDeltaIndex,
      sumA,
      sumB,
      sumSquaredDelta,
      sumSquaredA,
      sumSquaredB,
      sumProduct,
      finiteCount,
      nanA,
      nanB,
      infA,
      infB,
      profile,
    };
  }

  private foldReadySegments(): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    let segment = waiting.get(this.nextBlock);
    while (segment) {
      waiting.delete(this.nextBlock);
      this.fold(segment);
      segment = waiting.get(this.nextBlock);
    }
    if (waiting.size === 0) this.waiting = undefined;
  }

  /** Adds the sums of the segment that starts at block nextBlock, in block order. */
  private fold(segment: SegmentStats): void {
    const sums = segment.blockSums;
    const blocks = sums.length / SUMS_PER_BLOCK;
    for (let block = 0; block < blocks; block++) {
      const at = block * SUMS_PER_BLOCK;
      this.sumA += sums[at + SUM_A] as number;
      this.sumB += sums[at + SUM_B] as number;
      this.sumSquaredDelta += sums[at + SUM_SQUARED_DELTA] as number;
      this.sumSquaredA += sums[at + SUM_SQUARED_A] as number;
      this.sumSquaredB += sums[at + SUM_SQUARED_B] as number;
      this.sumProduct += sums[at + SUM_PRODUCT] as number;
    }
    this.nextBlock += blocks;
  }
}
