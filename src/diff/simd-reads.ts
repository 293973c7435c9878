/**
 * The data path of the SIMD kernels: segments are cut into chunks that fit an input slot, and each
 * chunk is read positionally straight into wasm memory. Sources with blocking reads (local files)
 * are read chunk by chunk. Other sources read the next chunk into the other slot while the current
 * one is compared.
 */

import type { ByteSource } from "../io/byte-source.js";
import { BLOCK_ELEMENTS, emptySegment, type SegmentStats } from "./kernels.js";
import type { Segment } from "./plan.js";
import { SIMD_SLOTS, type SimdInput, type SimdKernel, type SimdKernels } from "./simd-kernel.js";

/** A segment and the SIMD kernel for its dtype and threshold. */
export interface SimdJob {
  segment: Segment;
  kernel: SimdKernel;
}

interface Chunk {
  job: number;
  /** First element of the chunk, counted from the start of its segment. */
  done: number;
  count: number;
}

function chunksOf(jobs: readonly SimdJob[]): Chunk[] {
  const chunks: Chunk[] = [];
  jobs.forEach(({ segment, kernel }, job) => {
    for (let done = 0; done < segment.elementCount; done += kernel.chunkElements) {
      chunks.push({
        job,
        done,
        count: Math.min(kernel.chunkElements, segment.elementCount - done),
      });
    }
  });
  return chunks;
}

/**
 * Compares `jobs` in order and returns one SegmentStats per job. `openSource` returns the open
 * source of a range's spec. The SimdKernels instance must not be used by anything else until the
 * returned promise settles, and it settles only after every read into its memory has settled.
 */
export async function compareInSimdMemory(
  simd: SimdKernels,
  jobs: readonly SimdJob[],
  openSource: (spec: Segment["base"]["source"]) => Promise<ByteSource>,
): Promise<SegmentStats[]> {
  const results = jobs.map(({ segment }) => emptySegment(segment.elementCount));
  const chunks = chunksOf(jobs);
  const sources = await Promise.all(
    jobs.map(({ segment }) =>
      Promise.all([openSource(segment.base.source), openSource(segment.head.source)]),
    ),
  );

  const compare = (chunk: Chunk, slot: number): void => {
    const { segment, kernel } = jobs[chunk.job] as SimdJob;
    kernel.compareInput(
      slot,
      segment.firstElement + chunk.done,
      chunk.count,
      results[chunk.job] as SegmentStats,
      chunk.done / BLOCK_ELEMENTS,
      segment.pairIndex,
    );
  };
  const rangeOf = (chunk: Chunk) => {
    const { segment, kernel } = jobs[chunk.job] as SimdJob;
    const start = chunk.done * kernel.bytesPerElement;
    const length = chunk.count * kernel.bytesPerElement;
    return { base: segment.base.offset + start, head: segment.head.offset + start, length };
  };

  // A blocking read of 256 KiB from the page cache took about 12 microseconds of the thread's
  // time on Node 20, and an asynchronous one 13 to 16 before its wait, so blocking reads win
  // even without overlap.
  if (sources.every(([base, head]) => base.readSync && head.readSync)) {
    const input = simd.inputs[0] as SimdInput;
    for (const chunk of chunks) {
      const [base, head] = sources[chunk.job] as [ByteSource, ByteSource];
      const range = rangeOf(chunk);
      base.readSync?.(range.base, range.length, input.base, 0);
      head.readSync?.(range.head, range.length, input.head, 0);
      compare(chunk, 0);
    }
    return results;
  }

  const read = async (chunk: Chunk, slot: number): Promise<void> => {
    const [base, head] = sources[chunk.job] as [ByteSource, ByteSource];
    const input = simd.inputs[slot] as SimdInput;
    const range = rangeOf(chunk);
    // Both reads settle before this promise does, even when one of them fails, so no read
    // writes into a slot after the caller has moved on.
    const outcomes = await Promise.allSettled([
      base.read(range.base, range.length, input.base, 0),
      head.read(range.head, range.length, input.head, 0),
    ]);
    for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
  };

  let pending: Promise<void> | undefined = chunks[0] ? read(chunks[0], 0) : undefined;
  try {
    for (let index = 0; index < chunks.length; index++) {
      await pending;
      const next = chunks[index + 1];
      pending = next ? read(next, (index + 1) % SIMD_SLOTS) : undefined;
      // A failed read is awaited in the next iteration or below; this only keeps it from being
      // reported as unhandled while the chunk is compared.
      pending?.catch(() => {});
      compare(chunks[index] as Chunk, index % SIMD_SLOTS);
    }
  } finally {
    await pending?.catch(() => {});
  }
  return results;
}
