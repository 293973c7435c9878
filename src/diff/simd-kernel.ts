/**
 * WebAssembly SIMD kernels for BF16, F16 and F32 pairs of the same dtype (see wasm/kernels.wat).
 *
 * They keep the contract of ComparisonKernel with one difference from the JavaScript reference:
 * within a block, the float64 sums are added in the kernel's lane order rather than in element
 * order. That order depends only on the block's length, so each block's sums are still
 * deterministic and do not depend on how blocks are grouped into work units or chunks. Counts and
 * the maximum with its index are bit-exact.
 *
 * Blocks that hold a NaN or an infinity on either side are recomputed by the reference kernel,
 * which then also supplies their sums in element order. Chunks whose bytes are equal on both sides
 * take a cheaper path that gives bit-identical results.
 */

import type { DType } from "../format/dtypes.js";
import {
  BLOCK_ELEMENTS,
  type ComparisonKernel,
  createReferenceKernel,
  type Decoder,
  decoderFor,
  emptySegment,
  type SegmentStats,
  SUM_A,
  SUM_B,
  SUM_PRODUCT,
  SUM_SQUARED_A,
  SUM_SQUARED_B,
  SUM_SQUARED_DELTA,
  SUMS_PER_BLOCK,
} from "./kernels.js";
import { KERNELS_WASM_BASE64 } from "./wasm/kernels-wasm.js";

/**
 * Bytes per side that the wasm memory holds, so the largest read straight into it. It matches
 * DEFAULT_CHUNK_BYTES, so a default work unit is read in one piece per side.
 */
export const SIMD_CHUNK_BYTES = 1024 * 1024;

/** Memory layout, fixed by the module's 33 pages (64 KiB each): base, head, block records. */
const BASE_OFFSET = 0;
const HEAD_OFFSET = SIMD_CHUNK_BYTES;
const RECORDS_OFFSET = 2 * SIMD_CHUNK_BYTES;

/** Float64 slots of the record the module writes per block (see kernels.wat). */
const RECORD_SLOTS = 9;
const RECORD_MAX = 6;
const RECORD_CHANGED = 7;
const RECORD_BITS_DIFFERING = 8;

type SimdDType = "BF16" | "F16" | "F32";

const BYTES_PER_ELEMENT: Record<SimdDType, number> = { BF16: 2, F16: 2, F32: 4 };

interface KernelExports {
  memory: WebAssembly.Memory;
  compareBF16(a: number, b: number, n: number, threshold: number, out: number): void;
  compareF16(a: number, b: number, n: number, threshold: number, out: number): void;
  compareF32(a: number, b: number, n: number, threshold: number, out: number): void;
  identicalBF16(a: number, n: number, out: number): void;
  identicalF16(a: number, n: number, out: number): void;
  identicalF32(a: number, n: number, out: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * Compiles the kernels once per thread. Returns null when the runtime rejects the module, which
 * happens when it lacks WebAssembly SIMD (Node 20 has it).
 */
function compiledKernels(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = Buffer.from(KERNELS_WASM_BASE64, "base64");
    compiled =
      typeof WebAssembly === "object" && WebAssembly.validate(bytes)
        ? new WebAssembly.Module(bytes)
        : null;
  }
  return compiled;
}

/** Returns whether this runtime can run the SIMD kernels. */
export function simdSupported(): boolean {
  return compiledKernels() !== null;
}

function isSimdDType(dtype: DType): dtype is SimdDType {
  return dtype === "BF16" || dtype === "F16" || dtype === "F32";
}

/**
 * One instance of the kernels module with its own memory, for one thread. Callers put the bytes
 * to compare in `baseInput` and `headInput` (for example by reading a file straight into them)
 * and call SimdKernel.compareInput. The memory never grows, so these views stay valid.
 * An instance is not reentrant: compare one chunk at a time.
 */
export class SimdKernels {
  /** Input area of the base side, SIMD_CHUNK_BYTES long. */
  readonly baseInput: Uint8Array;
  /** Input area of the head side, SIMD_CHUNK_BYTES long. */
  readonly headInput: Uint8Array;
  private readonly kernels = new Map<string, SimdKernel>();

  private constructor(private readonly exports: KernelExports) {
    const buffer = exports.memory.buffer;
    this.baseInput = Buffer.from(buffer, BASE_OFFSET, SIMD_CHUNK_BYTES);
    this.headInput = Buffer.from(buffer, HEAD_OFFSET, SIMD_CHUNK_BYTES);
  }

  /** Instantiates the module, or returns undefined when the runtime lacks WebAssembly SIMD. */
  static create(): SimdKernels | undefined {
    const module = compiledKernels();
    if (module === null) return undefined;
    const instance = new WebAssembly.Instance(module, {});
    return new SimdKernels(instance.exports as unknown as KernelExports);
  }

  /**
   * Returns the kernel for a pair of dtypes and a threshold, or undefined when this pair needs the
   * reference kernel: different dtypes, a dtype other than BF16, F16 or F32, or a threshold that
   * is negative or NaN.
   */
  kernelFor(baseDtype: DType, headDtype: DType, threshold: number): SimdKernel | undefined {
    if (baseDtype !== headDtype || !isSimdDType(baseDtype) || !(threshold >= 0)) return undefined;
    const key = `${baseDtype}|${threshold}`;
    let kernel = this.kernels.get(key);
    if (!kernel) {
      kernel = new SimdKernel(this.exports, this.baseInput, this.headInput, baseDtype, threshold);
      this.kernels.set(key, kernel);
    }
    return kernel;
  }
}

/** A SIMD kernel for one dtype and threshold, bound to one SimdKernels instance. */
export class SimdKernel implements ComparisonKernel {
  readonly bytesPerElement: number;
  /** Elements that fit in the input areas: whole blocks, SIMD_CHUNK_BYTES per side at most. */
  readonly chunkElements: number;
  private readonly records: Float64Array;
  private readonly reference: ComparisonKernel;
  private readonly decode: Decoder;
  private readonly compareChunk: (n: number) => void;
  private readonly sumsOfOneSide: (n: number) => void;
  private valuesA: Float64Array | undefined;
  private valuesB: Float64Array | undefined;

  constructor(
    exports: KernelExports,
    private readonly baseInput: Uint8Array,
    private readonly headInput: Uint8Array,
    dtype: SimdDType,
    threshold: number,
  ) {
    this.bytesPerElement = BYTES_PER_ELEMENT[dtype];
    this.chunkElements =
      Math.floor(SIMD_CHUNK_BYTES / (BLOCK_ELEMENTS * this.bytesPerElement)) * BLOCK_ELEMENTS;
    this.records = new Float64Array(
      exports.memory.buffer,
      RECORDS_OFFSET,
      (this.chunkElements / BLOCK_ELEMENTS) * RECORD_SLOTS,
    );
    this.reference = createReferenceKernel(dtype, dtype, threshold);
    this.decode = decoderFor(dtype);
    const compare = exports[`compare${dtype}`];
    const identical = exports[`identical${dtype}`];
    this.compareChunk = (n) => compare(BASE_OFFSET, HEAD_OFFSET, n, threshold, RECORDS_OFFSET);
    this.sumsOfOneSide = (n) => identical(BASE_OFFSET, n, RECORDS_OFFSET);
  }

  /** Compares by copying each chunk of `base` and `head` into the input areas. */
  compare(base: Uint8Array, head: Uint8Array, firstElement: number, count: number): SegmentStats {
    const result = emptySegment(count);
    const width = this.bytesPerElement;
    for (let done = 0; done < count; done += this.chunkElements) {
      const n = Math.min(this.chunkElements, count - done);
      this.baseInput.set(base.subarray(done * width, (done + n) * width));
      this.headInput.set(head.subarray(done * width, (done + n) * width));
      this.compareInput(firstElement + done, n, result, done / BLOCK_ELEMENTS);
    }
    return result;
  }

  /**
   * Compares the first `count` elements of the input areas, which are tensor elements starting at
   * `firstElement` (a multiple of BLOCK_ELEMENTS), and adds them to `into`, whose blocks start at
   * its block `firstBlock`. Chunks must be added in element order, because a maximum already in
   * `into` wins ties.
   */
  compareInput(firstElement: number, count: number, into: SegmentStats, firstBlock: number): void {
    if (count > this.chunkElements || firstElement % BLOCK_ELEMENTS !== 0) {
      throw new Error(
        `Internal error: a SIMD chunk of ${count} elements at element ${firstElement} does not fit the input areas or starts inside a block.`,
      );
    }
    const byteLength = count * this.bytesPerElement;
    const identical =
      Buffer.compare(
        this.baseInput.subarray(0, byteLength),
        this.headInput.subarray(0, byteLength),
      ) === 0;
    if (identical) this.sumsOfOneSide(count);
    else this.compareChunk(count);

    const records = this.records;
    const sums = into.blockSums;
    const blocks = Math.ceil(count / BLOCK_ELEMENTS);
    for (let block = 0; block < blocks; block++) {
      const start = block * BLOCK_ELEMENTS;
      const n = Math.min(BLOCK_ELEMENTS, count - start);
      const record = block * RECORD_SLOTS;
      const sumSquaredA = records[record + SUM_SQUARED_A] as number;
      const sumSquaredB = identical ? sumSquaredA : (records[record + SUM_SQUARED_B] as number);
      if (!(sumSquaredA - sumSquaredA === 0 && sumSquaredB - sumSquaredB === 0)) {
        this.addReferenceBlock(start, n, firstElement + start, into, firstBlock + block);
        continue;
      }

      const at = (firstBlock + block) * SUMS_PER_BLOCK;
      into.finiteCount += n;
      if (identical) {
        const sumA = records[record + SUM_A] as number;
        sums[at + SUM_A] = sumA;
        sums[at + SUM_B] = sumA;
        sums[at + SUM_SQUARED_DELTA] = 0;
        sums[at + SUM_SQUARED_A] = sumSquaredA;
        sums[at + SUM_SQUARED_B] = sumSquaredA;
        sums[at + SUM_PRODUCT] = sumSquaredA;
        continue;
      }
      for (let k = 0; k < SUMS_PER_BLOCK; k++) sums[at + k] = records[record + k] as number;
      into.changed += records[record + RECORD_CHANGED] as number;
      into.bitsDiffering += records[record + RECORD_BITS_DIFFERING] as number;
      const blockMax = records[record + RECORD_MAX] as number;
      if (blockMax > into.maxAbsDelta) {
        into.maxAbsDelta = blockMax;
        into.maxAbsDeltaIndex = firstElement + start + this.firstIndexOf(blockMax, start, n);
      }
    }
  }

  /** Index within the block at element `start` of the input areas of the first |a - b| = `delta`. */
  private firstIndexOf(delta: number, start: number, n: number): number {
    this.valuesA ??= new Float64Array(BLOCK_ELEMENTS);
    this.valuesB ??= new Float64Array(BLOCK_ELEMENTS);
    const width = this.bytesPerElement;
    this.decode(this.baseInput.subarray(start * width), n, this.valuesA);
    this.decode(this.headInput.subarray(start * width), n, this.valuesB);
    for (let i = 0; i < n; i++) {
      if (Math.abs((this.valuesA[i] as number) - (this.valuesB[i] as number)) === delta) return i;
    }
    throw new Error(`Internal error: the SIMD kernel reported a maximum of ${delta} not found.`);
  }

  /** Adds one block of the input areas, compared by the reference kernel. */
  private addReferenceBlock(
    start: number,
    n: number,
    blockFirstElement: number,
    into: SegmentStats,
    intoBlock: number,
  ): void {
    const width = this.bytesPerElement;
    const stats = this.reference.compare(
      this.baseInput.subarray(start * width, (start + n) * width),
      this.headInput.subarray(start * width, (start + n) * width),
      blockFirstElement,
      n,
    );
    into.changed += stats.changed;
    into.bitsDiffering += stats.bitsDiffering;
    into.finiteCount += stats.finiteCount;
    into.nanA += stats.nanA;
    into.nanB += stats.nanB;
    into.infA += stats.infA;
    into.infB += stats.infB;
    if (stats.maxAbsDelta > into.maxAbsDelta) {
      into.maxAbsDelta = stats.maxAbsDelta;
      into.maxAbsDeltaIndex = stats.maxAbsDeltaIndex;
    }
    into.blockSums.set(stats.blockSums, intoBlock * SUMS_PER_BLOCK);
  }
}
