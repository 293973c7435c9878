/**
 * WebAssembly SIMD kernels for BF16, F16 and F32 pairs of the same dtype (see wasm/kernels.wat).
 *
 * They keep the contract of ComparisonKernel with one difference from the JavaScript reference:
 * within a block, the float64 sums are added in the kernel's lane order rather than in element
 * order. That order depends only on the block's length, so each block's sums are still
 * deterministic and do not depend on how blocks are grouped into work units or chunks. Counts and
 * the maximum with its index are bit-exact.
 *
 * Blocks that hold a NaN or an infinity on either side are recomputed by a scalar function of the
 * module with the rules and the element order of the reference kernel, so their sums are those of
 * the reference. Chunks whose bytes are equal on both sides take a cheaper path that gives
 * bit-identical results. Given the tensor pair's index, the kernel also counts the change profile
 * of the blocks that isProfiledBlock samples: finite blocks with a vector function, the others
 * with a scalar function that follows the reference. Both give the reference's counts exactly.
 *
 * The module comes in two builds of the same source: the plain SIMD build, and one whose exact
 * multiply-adds use f64x2.relaxed_madd from relaxed SIMD. Both give bit-identical results, because
 * their records differ at most in the payload of a NaN sum, which makes the caller recompute the
 * block. Each thread loads the fused build when the runtime validates it (Node 22 and later, or
 * Node 20 with --experimental-wasm-relaxed-simd), so all threads of a process run the same build.
 */

import type { DType } from "../format/dtypes.js";
import {
  BLOCK_ELEMENTS,
  type ComparisonKernel,
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
import { emptyProfile, isProfiledBlock, PROFILE_LENGTH } from "./profile.js";
import { KERNELS_FMA_WASM_BASE64, KERNELS_WASM_BASE64 } from "./wasm/kernels-wasm.js";

/**
 * Bytes per side of one input area, so the largest read straight into wasm memory. Both sides of
 * a chunk fit in a 1 MiB L2 cache between the read and the comparison, and a source without
 * blocking reads gets several reads per work unit side to overlap with comparisons.
 */
export const SIMD_CHUNK_BYTES = 256 * 1024;

/** Input slots: pairs of base and head areas, one being read while the other is compared. */
export const SIMD_SLOTS = 2;

/**
 * Memory layout, fixed by the module's 17 pages of 64 KiB: the slots, then a page of records,
 * profile counters and the joint histogram of profileFinite.
 */
function baseOffset(slot: number): number {
  return slot * 2 * SIMD_CHUNK_BYTES;
}
function headOffset(slot: number): number {
  return baseOffset(slot) + SIMD_CHUNK_BYTES;
}
const RECORDS_OFFSET = SIMD_SLOTS * 2 * SIMD_CHUNK_BYTES;
/** The record of exactBlock: 15 f64, after the block records of a chunk (at most 8 blocks). */
const EXACT_RECORD_OFFSET = RECORDS_OFFSET + 4096;
/** The i32 profile counters of profileBlock, one per profile index. */
const PROFILE_COUNTERS_OFFSET = RECORDS_OFFSET + 8192;
/**
 * The joint histogram of profileFinite: 8 lane copies of 32 buckets by 32 bins of u16, 16 KiB.
 * profileFinite leaves it zeroed, and the memory starts zeroed.
 */
const JOINT_OFFSET = RECORDS_OFFSET + 16384;
/** Elements per step of profileFinite, whose `n` must be a multiple of it. */
const PROFILE_STEP_ELEMENTS = 8;

/** Float64 slots of the record the module writes per block (see kernels.wat). */
const RECORD_SLOTS = 9;
const RECORD_MAX = 6;
const RECORD_CHANGED = 7;
const RECORD_BITS_DIFFERING = 8;
const EXACT_FINITE = 9;
const EXACT_NAN_A = 10;
const EXACT_NAN_B = 11;
const EXACT_INF_A = 12;
const EXACT_INF_B = 13;
const EXACT_MAX_INDEX = 14;
const EXACT_RECORD_SLOTS = 15;

type SimdDType = "BF16" | "F16" | "F32";

const BYTES_PER_ELEMENT: Record<SimdDType, number> = { BF16: 2, F16: 2, F32: 4 };
/** The $kind argument of the module's scalar functions. */
const KIND: Record<SimdDType, number> = { BF16: 0, F16: 1, F32: 2 };

interface KernelExports {
  memory: WebAssembly.Memory;
  compareBF16(a: number, b: number, n: number, threshold: number, out: number): void;
  compareF16(a: number, b: number, n: number, threshold: number, out: number): void;
  compareF32(a: number, b: number, n: number, threshold: number, out: number): void;
  identicalBF16(a: number, n: number, out: number): void;
  identicalF16(a: number, n: number, out: number): void;
  identicalF32(a: number, n: number, out: number): void;
  locateBF16(a: number, b: number, n: number, delta: number): number;
  locateF16(a: number, b: number, n: number, delta: number): number;
  locateF32(a: number, b: number, n: number, delta: number): number;
  exactBlock(kind: number, a: number, b: number, n: number, threshold: number, out: number): void;
  profileBlock(kind: number, a: number, b: number, n: number, out: number): void;
  profileFinite(kind: number, a: number, b: number, n: number, out: number, joint: number): void;
}

/** The base and head areas of one input slot. */
export interface SimdInput {
  readonly base: Buffer;
  readonly head: Buffer;
}

/**
 * A build of the kernels module: "plain" needs WebAssembly SIMD, "fma" also needs relaxed SIMD,
 * for f64x2.relaxed_madd.
 */
export type SimdBuild = "plain" | "fma";

const BUILD_BYTES: Record<SimdBuild, string> = {
  plain: KERNELS_WASM_BASE64,
  fma: KERNELS_FMA_WASM_BASE64,
};

/** Names of the builds for logs and benchmark records. */
const SIMD_BUILD_NAMES: Record<SimdBuild, string> = {
  plain: "SIMD",
  fma: "SIMD with fused multiply-add",
};

const compiled = new Map<SimdBuild, WebAssembly.Module | null>();

/**
 * Compiles a build once per thread. Returns null when the runtime rejects it: the plain build
 * needs WebAssembly SIMD (Node 20 has it), the fused one relaxed SIMD as well.
 */
function compiledBuild(build: SimdBuild): WebAssembly.Module | null {
  let module = compiled.get(build);
  if (module === undefined) {
    const bytes = Buffer.from(BUILD_BYTES[build], "base64");
    module =
      typeof WebAssembly === "object" && WebAssembly.validate(bytes)
        ? new WebAssembly.Module(bytes)
        : null;
    compiled.set(build, module);
  }
  return module;
}

/**
 * Returns the build that SimdKernels.create loads by default: the fused one when the runtime
 * accepts it, else the plain one, or undefined without WebAssembly SIMD. The choice depends only
 * on the runtime and its flags, so the main thread and every worker make the same one.
 */
export function defaultSimdBuild(): SimdBuild | undefined {
  if (compiledBuild("fma") !== null) return "fma";
  if (compiledBuild("plain") !== null) return "plain";
  return undefined;
}

/** Returns whether this runtime can run the SIMD kernels. */
export function simdSupported(): boolean {
  return defaultSimdBuild() !== undefined;
}

/** Describes the kernels that diffs of BF16, F16 and F32 pairs run in this runtime, for logs. */
export function describeSimdKernels(): string {
  const build = defaultSimdBuild();
  return build === undefined
    ? "the JavaScript reference (this runtime has no WebAssembly SIMD)"
    : `WebAssembly ${SIMD_BUILD_NAMES[build]}`;
}

function isSimdDType(dtype: DType): dtype is SimdDType {
  return dtype === "BF16" || dtype === "F16" || dtype === "F32";
}

/**
 * One instance of the kernels module with its own memory, for one thread. Callers put the bytes
 * to compare in the areas of an input slot (for example by reading a file straight into them)
 * and call SimdKernel.compareInput. The memory never grows, so these views stay valid.
 */
export class SimdKernels {
  /** SIMD_SLOTS input slots, each area SIMD_CHUNK_BYTES long. */
  readonly inputs: readonly SimdInput[];
  private readonly kernels = new Map<string, SimdKernel>();

  private constructor(private readonly exports: KernelExports) {
    const buffer = exports.memory.buffer;
    const inputs: SimdInput[] = [];
    for (let slot = 0; slot < SIMD_SLOTS; slot++) {
      inputs.push({
        base: Buffer.from(buffer, baseOffset(slot), SIMD_CHUNK_BYTES),
        head: Buffer.from(buffer, headOffset(slot), SIMD_CHUNK_BYTES),
      });
    }
    this.inputs = inputs;
  }

  /**
   * Instantiates a build of the module, by default the one defaultSimdBuild returns. Returns
   * undefined when the runtime rejects that build.
   */
  static create(build: SimdBuild | undefined = defaultSimdBuild()): SimdKernels | undefined {
    const module = build === undefined ? null : compiledBuild(build);
    if (build === undefined || module === null) return undefined;
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
      kernel = new SimdKernel(this.exports, this.inputs, baseDtype, threshold);
      this.kernels.set(key, kernel);
    }
    return kernel;
  }
}

/** A SIMD kernel for one dtype and threshold, bound to one SimdKernels instance. */
export class SimdKernel implements ComparisonKernel {
  readonly bytesPerElement: number;
  /** Elements that fit in an input area: whole blocks, SIMD_CHUNK_BYTES at most. */
  readonly chunkElements: number;
  private readonly records: Float64Array;
  private readonly exactRecord: Float64Array;
  private readonly profileCounters: Int32Array;
  private readonly compareSlot: (slot: number, n: number) => void;
  private readonly exactBlock: (slot: number, start: number, n: number) => void;
  private readonly profileBlock: (slot: number, start: number, n: number) => void;
  private readonly profileFiniteBlock: (slot: number, start: number, n: number) => void;
  private readonly sumsOfBase: (slot: number, n: number) => void;
  private readonly locate: (slot: number, start: number, n: number, delta: number) => number;

  constructor(
    exports: KernelExports,
    private readonly inputs: readonly SimdInput[],
    dtype: SimdDType,
    threshold: number,
  ) {
    const width = BYTES_PER_ELEMENT[dtype];
    this.bytesPerElement = width;
    this.chunkElements = Math.floor(SIMD_CHUNK_BYTES / (BLOCK_ELEMENTS * width)) * BLOCK_ELEMENTS;
    this.records = new Float64Array(
      exports.memory.buffer,
      RECORDS_OFFSET,
      (this.chunkElements / BLOCK_ELEMENTS) * RECORD_SLOTS,
    );
    this.exactRecord = new Float64Array(
      exports.memory.buffer,
      EXACT_RECORD_OFFSET,
      EXACT_RECORD_SLOTS,
    );
    this.profileCounters = new Int32Array(
      exports.memory.buffer,
      PROFILE_COUNTERS_OFFSET,
      PROFILE_LENGTH,
    );
    const kind = KIND[dtype];
    this.exactBlock = (slot, start, n) =>
      exports.exactBlock(
        kind,
        baseOffset(slot) + start * width,
        headOffset(slot) + start * width,
        n,
        threshold,
        EXACT_RECORD_OFFSET,
      );
    this.profileBlock = (slot, start, n) =>
      exports.profileBlock(
        kind,
        baseOffset(slot) + start * width,
        headOffset(slot) + start * width,
        n,
        PROFILE_COUNTERS_OFFSET,
      );
    this.profileFiniteBlock = (slot, start, n) => {
      const vectorElements = n - (n % PROFILE_STEP_ELEMENTS);
      exports.profileFinite(
        kind,
        baseOffset(slot) + start * width,
        headOffset(slot) + start * width,
        vectorElements,
        PROFILE_COUNTERS_OFFSET,
        JOINT_OFFSET,
      );
      if (vectorElements < n) this.profileBlock(slot, start + vectorElements, n - vectorElements);
    };
    const compare = exports[`compare${dtype}`];
    const identical = exports[`identical${dtype}`];
    const locate = exports[`locate${dtype}`];
    this.compareSlot = (slot, n) =>
      compare(baseOffset(slot), headOffset(slot), n, threshold, RECORDS_OFFSET);
    this.sumsOfBase = (slot, n) => identical(baseOffset(slot), n, RECORDS_OFFSET);
    this.locate = (slot, start, n, delta) =>
      locate(baseOffset(slot) + start * width, headOffset(slot) + start * width, n, delta);
  }

  /**
   * Compares by copying each chunk of `base` and `head` into input slot 0. With `pairIndex`, the
   * result has the change profile of the sampled blocks (null when none is sampled).
   */
  compare(
    base: Uint8Array,
    head: Uint8Array,
    firstElement: number,
    count: number,
    pairIndex?: number,
  ): SegmentStats {
    const result = emptySegment(count);
    const width = this.bytesPerElement;
    const input = this.inputs[0] as SimdInput;
    for (let done = 0; done < count; done += this.chunkElements) {
      const n = Math.min(this.chunkElements, count - done);
      input.base.set(base.subarray(done * width, (done + n) * width));
      input.head.set(head.subarray(done * width, (done + n) * width));
      this.compareInput(0, firstElement + done, n, result, done / BLOCK_ELEMENTS, pairIndex);
    }
    return result;
  }

  /**
   * Compares the first `count` elements of input slot `slot`, which are tensor elements starting
   * at `firstElement` (a multiple of BLOCK_ELEMENTS), and adds them to `into`, whose blocks start
   * at its block `firstBlock`. Chunks must be added in element order, because a maximum already
   * in `into` wins ties. With `pairIndex`, the index of the tensor pair, the sampled blocks'
   * change profile is added to `into.profile`.
   */
  compareInput(
    slot: number,
    firstElement: number,
    count: number,
    into: SegmentStats,
    firstBlock: number,
    pairIndex?: number,
  ): void {
    const input = this.inputs[slot];
    if (!input || count > this.chunkElements || firstElement % BLOCK_ELEMENTS !== 0) {
      throw new Error(
        `Internal error: a SIMD chunk of ${count} elements at element ${firstElement} in slot ${slot} does not fit the input areas or starts inside a block.`,
      );
    }
    const byteLength = count * this.bytesPerElement;
    const identical = input.base.compare(input.head, 0, byteLength, 0, byteLength) === 0;
    if (identical) this.sumsOfBase(slot, count);
    else this.compareSlot(slot, count);

    const records = this.records;
    const sums = into.blockSums;
    // The chunk's largest |a - b| and where it is known: the block from the vector path, whose
    // element is located at the end, or the exact index from the reference kernel.
    let chunkMax = 0;
    let chunkMaxBlock = -1;
    let chunkMaxIndex = -1;
    // Bit k is set when block k holds a NaN or an infinity (at most 8 blocks per chunk).
    let nonFiniteBlocks = 0;
    const blocks = Math.ceil(count / BLOCK_ELEMENTS);
    for (let block = 0; block < blocks; block++) {
      const start = block * BLOCK_ELEMENTS;
      const n = Math.min(BLOCK_ELEMENTS, count - start);
      const record = block * RECORD_SLOTS;
      const sumSquaredA = records[record + SUM_SQUARED_A] as number;
      const sumSquaredB = identical ? sumSquaredA : (records[record + SUM_SQUARED_B] as number);
      if (!(sumSquaredA - sumSquaredA === 0 && sumSquaredB - sumSquaredB === 0)) {
        nonFiniteBlocks |= 1 << block;
        const blockMax = this.addExactBlock(slot, start, n, into, firstBlock + block);
        if (blockMax > chunkMax) {
          chunkMax = blockMax;
          chunkMaxBlock = -1;
          chunkMaxIndex = firstElement + start + (this.exactRecord[EXACT_MAX_INDEX] as number);
        }
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
      if (blockMax > chunkMax) {
        chunkMax = blockMax;
        chunkMaxBlock = block;
      }
    }

    if (chunkMax > into.maxAbsDelta) {
      into.maxAbsDelta = chunkMax;
      into.maxAbsDeltaIndex =
        chunkMaxBlock === -1
          ? chunkMaxIndex
          : this.locateInBlock(slot, firstElement, count, chunkMaxBlock, chunkMax);
    }
    if (pairIndex !== undefined) {
      this.addProfile(slot, firstElement, count, into, pairIndex, nonFiniteBlocks);
    }
  }

  /**
   * Adds the change profile of the chunk's sampled blocks to `into.profile`: blocks with a NaN or
   * an infinity (bits of `nonFiniteBlocks`) element by element, the others by the vector function.
   */
  private addProfile(
    slot: number,
    firstElement: number,
    count: number,
    into: SegmentStats,
    pairIndex: number,
    nonFiniteBlocks: number,
  ): void {
    const counters = this.profileCounters;
    let sampled = false;
    for (let start = 0, block = 0; start < count; start += BLOCK_ELEMENTS, block++) {
      if (!isProfiledBlock(pairIndex, (firstElement + start) / BLOCK_ELEMENTS)) continue;
      if (!sampled) counters.fill(0);
      sampled = true;
      const n = Math.min(BLOCK_ELEMENTS, count - start);
      if (nonFiniteBlocks & (1 << block)) this.profileBlock(slot, start, n);
      else this.profileFiniteBlock(slot, start, n);
    }
    if (!sampled) return;
    const profile = into.profile ?? emptyProfile();
    into.profile = profile;
    for (let i = 0; i < PROFILE_LENGTH; i++) {
      profile[i] = (profile[i] as number) + (counters[i] as number);
    }
  }

  /** Returns the tensor index of the first element of block `block` of the slot with |a - b| = `delta`. */
  private locateInBlock(
    slot: number,
    firstElement: number,
    count: number,
    block: number,
    delta: number,
  ): number {
    const start = block * BLOCK_ELEMENTS;
    const offset = this.locate(slot, start, Math.min(BLOCK_ELEMENTS, count - start), delta);
    if (offset < 0) {
      throw new Error(
        `Internal error: the SIMD kernel reported a maximum |a - b| of ${delta}, but no element of block ${block} has it.`,
      );
    }
    return firstElement + start + offset;
  }

  /**
   * Adds one block of an input slot, compared element by element with the reference's rules and
   * order, and returns its largest finite |a - b|; its index in the block is in the exact record.
   */
  private addExactBlock(
    slot: number,
    start: number,
    n: number,
    into: SegmentStats,
    intoBlock: number,
  ): number {
    this.exactBlock(slot, start, n);
    const record = this.exactRecord;
    into.changed += record[RECORD_CHANGED] as number;
    into.bitsDiffering += record[RECORD_BITS_DIFFERING] as number;
    into.finiteCount += record[EXACT_FINITE] as number;
    into.nanA += record[EXACT_NAN_A] as number;
    into.nanB += record[EXACT_NAN_B] as number;
    into.infA += record[EXACT_INF_A] as number;
    into.infB += record[EXACT_INF_B] as number;
    into.blockSums.set(record.subarray(0, SUMS_PER_BLOCK), intoBlock * SUMS_PER_BLOCK);
    return record[RECORD_MAX] as number;
  }
}
