/**
 * The data path of the SIMD kernels: segments are cut into chunks that fit an input slot, each
 * chunk is read positionally straight into wasm memory, and the next chunk is read into the other
 * slot while the current one is compared.
 */

import type { ByteSource } from "../io/byte-source.js";
import { BLOCK_ELEMENTS, emptySegment, type SegmentStats } from "./kernels.js";
import type { Segment } from "./plan.js";
import { SIMD_SLOTS, type SimdKernel, type SimdKernels } from "./simd-kernel.js";

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

  const read = async (chunk: Chunk, slot: number): Promise<void> => {
    const { segment, kernel } = jobs[chunk.job] as SimdJob;
    const input = simd.inputs[slot] as SimdKernels["inputs"][number];
    const width = kernel.bytesPerElement;
    const [base, head] = await Promise.all([
      openSource(segment.base.source),
      openSource(segment.head.source),
    ]);
    const start = chunk.done * width;
    const length = chunk.count * width;
    // Both reads settle before this promise does, even when one of them fails, so no read
    // writes into a slot after the caller has moved on.
    const outcomes = await Promise.allSettled([
      base.read(segment.base.offset + start, length, input.base, 0),
      head.read(segment.head.offset + start, length, input.head, 0),
    ]);
    for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
  };

  let pending: Promise<void> | undefined = chunks[0] ? read(chunks[0], 0) : undefined;
  try {
    for (let index = 0; index < chunks.length; index++) {
      const slot = index % SIMD_SLOTS;
      await pending;
      const next = chunks[index + 1];
      pending = next ? read(next, (index + 1) % SIMD_SLOTS) : undefined;
      // A failed read is awaited in the next iteration or below; this only keeps it from being
      // reported as unhandled while the chunk is compared.
      pending?.catch(() => {});

      const chunk = chunks[index] as Chunk;
      const { segment, kernel } = jobs[chunk.job] as SimdJob;
      kernel.compareInput(
        slot,
        segment.firstElement + chunk.done,
        chunk.count,
        results[chunk.job] as SegmentStats,
        chunk.done / BLOCK_ELEMENTS,
      );
    }
  } finally {
    await pending?.catch(() => {});
  }
  return results;
}
