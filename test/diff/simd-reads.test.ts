import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { BLOCK_ELEMENTS, createReferenceKernel } from "../../src/diff/kernels.js";
import type { Segment } from "../../src/diff/plan.js";
import { type SimdKernel, SimdKernels } from "../../src/diff/simd-kernel.js";
import { compareInSimdMemory, type SimdJob } from "../../src/diff/simd-reads.js";
import { FormatError } from "../../src/errors.js";
import type { ByteSource, ByteSourceSpec } from "../../src/io/byte-source.js";
import { randomPair, typical } from "./float-codes.js";
import { Random } from "./helpers.js";

/** A source with asynchronous reads only, like a remote one, over bytes in memory. */
class MemorySource implements ByteSource {
  readonly spec: ByteSourceSpec;
  readonly size: number;
  reads = 0;

  constructor(
    readonly name: string,
    private readonly bytes: Uint8Array,
    private readonly failAtRead = -1,
  ) {
    this.size = bytes.length;
    this.spec = { kind: "file", path: name, name, size: bytes.length };
  }

  async read(offset: number, length: number, target: Uint8Array, targetOffset = 0): Promise<void> {
    await nextTurn();
    if (this.reads++ === this.failAtRead) throw new FormatError(this.name, `${this.name}: failed`);
    target.set(this.bytes.subarray(offset, offset + length), targetOffset);
  }

  async close(): Promise<void> {}
}

/** Two tensors of F16, each stored after a 5-byte prefix, as segments of whole blocks. */
function setup(failAtRead = -1) {
  const random = new Random(31);
  const counts = [3 * BLOCK_ELEMENTS + 9, 2 * BLOCK_ELEMENTS];
  const pairs = counts.map((count) => randomPair("F16", count, typical("F16"), random));
  const prefix = new Uint8Array(5);
  const concat = (parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  };
  const base = new MemorySource("base", concat([prefix, ...pairs.map((pair) => pair.base)]));
  const head = new MemorySource(
    "head",
    concat([prefix, ...pairs.map((pair) => pair.head)]),
    failAtRead,
  );
  const kernels = SimdKernels.create() as SimdKernels;
  const kernel = kernels.kernelFor("F16", "F16", 1e-6) as SimdKernel;
  // The first tensor is split into a segment of 2 blocks and one of the rest; the second whole.
  const segments: Segment[] = [];
  const add = (pairIndex: number, firstElement: number, elementCount: number, offset: number) => {
    const range = (source: MemorySource) => ({
      source: source.spec,
      offset: offset + firstElement * 2,
      length: elementCount * 2,
    });
    segments.push({
      pairIndex,
      baseDtype: "F16",
      headDtype: "F16",
      firstElement,
      elementCount,
      base: range(base),
      head: range(head),
    });
  };
  add(0, 0, 2 * BLOCK_ELEMENTS, 5);
  add(0, 2 * BLOCK_ELEMENTS, (counts[0] as number) - 2 * BLOCK_ELEMENTS, 5);
  add(1, 0, counts[1] as number, 5 + (counts[0] as number) * 2);
  const jobs: SimdJob[] = segments.map((segment) => ({ segment, kernel }));
  const sources = new Map<string, ByteSource>([
    ["base", base],
    ["head", head],
  ]);
  const open = async (spec: ByteSourceSpec) => sources.get(spec.name) as ByteSource;
  return { kernels, jobs, pairs, open, head };
}

describe("SIMD data path with asynchronous reads", () => {
  it("matches the reference kernel", async () => {
    const { kernels, jobs, pairs, open } = setup();
    const results = await compareInSimdMemory(kernels, jobs, open);
    expect(results.length).toBe(3);
    const reference = createReferenceKernel("F16", "F16", 1e-6);
    jobs.forEach(({ segment }, i) => {
      const pair = pairs[segment.pairIndex] as { base: Uint8Array; head: Uint8Array };
      const start = segment.firstElement * 2;
      const end = start + segment.elementCount * 2;
      const want = reference.compare(
        pair.base.subarray(start, end),
        pair.head.subarray(start, end),
        segment.firstElement,
        segment.elementCount,
      );
      const got = results[i];
      expect(got?.changed, `segment ${i}`).toBe(want.changed);
      expect(got?.bitsDiffering, `segment ${i}`).toBe(want.bitsDiffering);
      expect(got?.maxAbsDelta, `segment ${i}`).toBe(want.maxAbsDelta);
      expect(got?.maxAbsDeltaIndex, `segment ${i}`).toBe(want.maxAbsDeltaIndex);
      expect(got?.finiteCount, `segment ${i}`).toBe(want.finiteCount);
      expect(got?.blockSums.length, `segment ${i}`).toBe(want.blockSums.length);
    });
  });

  it("rejects with a failed read", async () => {
    const { kernels, jobs, open, head } = setup(1);
    const run = compareInSimdMemory(kernels, jobs, open);
    await expect(run).rejects.toThrow(FormatError);
    // The second chunk's read failed, and no chunk after it was read.
    expect(head.reads).toBe(2);
  });
});
