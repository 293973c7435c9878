/**
 * The compute ceiling of one thread: the SIMD kernel of a dtype comparing bytes that are already
 * in its input slots, with no reads. The bytes are finite values away from the special values of
 * the generated pairs, so this is the speed of the vector path. The engine's figures also include
 * the scalar path that the special values take (one block in 256).
 *
 * With the read rate of one reader, the ceiling bounds what one worker can reach on this machine,
 * whatever the engine around the kernel does: 1 / (1 / kernel + 1 / read).
 */

import { closeSync, openSync, readSync } from "node:fs";
import { BLOCK_ELEMENTS, emptySegment } from "../../src/diff/kernels.js";
import { SIMD_SLOTS, SimdKernels } from "../../src/diff/simd-kernel.js";
import { BYTES_PER_ELEMENT, type GeneratedPair, SPECIAL_STRIDE } from "./data.js";

/** Chunk pairs compared per timed pass, alternating between the input slots. */
const CHUNKS_PER_PASS = 4096;
/** The pair index passed to the kernel, so that it samples the change profile as the engine does. */
const PAIR_INDEX = 1;

/**
 * Reads one chunk per input slot from the middle of the pair's data, then times `rounds` passes of
 * CHUNKS_PER_PASS comparisons after one warm pass. Returns the GB/s of input of each timed pass,
 * counting both sides' bytes.
 */
export function measureKernelCeiling(
  pair: GeneratedPair,
  threshold: number,
  rounds: number,
): number[] {
  const simd = SimdKernels.create();
  if (simd === undefined) throw new Error("This Node.js has no WebAssembly SIMD.");
  const kernel = simd.kernelFor(pair.dtype, pair.dtype, threshold);
  if (kernel === undefined) throw new Error(`No SIMD kernel for ${pair.dtype}.`);
  const chunkBytes = kernel.chunkElements * kernel.bytesPerElement;
  const base = openSync(pair.base, "r");
  const head = openSync(pair.head, "r");
  try {
    // The data fills the end of each file, and both files of a pair share the layout. The chunks
    // start a quarter of a stride after a stretch of special values in the middle of the data, so
    // they hold none.
    const width = BYTES_PER_ELEMENT[pair.dtype];
    const dataStart = pair.fileBytes - pair.elements * width;
    const stretch = Math.floor(pair.elements / 2 / SPECIAL_STRIDE) * SPECIAL_STRIDE;
    const middle = dataStart + (stretch + SPECIAL_STRIDE / 4) * width;
    if (middle + SIMD_SLOTS * chunkBytes > pair.fileBytes) {
      throw new Error(
        `${pair.base} is too small for the kernel ceiling; use --size 64MiB or more.`,
      );
    }
    simd.inputs.forEach((input, slot) => {
      readSync(base, input.base, 0, chunkBytes, middle + slot * chunkBytes);
      readSync(head, input.head, 0, chunkBytes, middle + slot * chunkBytes);
    });
  } finally {
    closeSync(base);
    closeSync(head);
  }
  const pass = (): number => {
    const into = emptySegment(CHUNKS_PER_PASS * kernel.chunkElements);
    const blocksPerChunk = kernel.chunkElements / BLOCK_ELEMENTS;
    const started = process.hrtime.bigint();
    for (let chunk = 0; chunk < CHUNKS_PER_PASS; chunk++) {
      kernel.compareInput(
        chunk % SIMD_SLOTS,
        chunk * kernel.chunkElements,
        kernel.chunkElements,
        into,
        chunk * blocksPerChunk,
        PAIR_INDEX,
      );
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return (2 * CHUNKS_PER_PASS * chunkBytes) / seconds / 1e9;
  };
  pass();
  return Array.from({ length: rounds }, pass);
}
