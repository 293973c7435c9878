/**
 * Checks the fused multiply-add build of the kernels against the plain build and the reference
 * kernel, and its change profile against the naive profile. simd-fma.test.ts runs this script in a child process, with
 * --experimental-wasm-relaxed-simd on Node 20, whose WebAssembly rejects relaxed SIMD without
 * that flag. It prints one JSON object: the build that SimdKernels.create loads by default, the
 * cases checked, and every mismatch found. It exits with status 2 when this runtime rejects the
 * fused build.
 */

import { BLOCK_ELEMENTS, type SegmentStats } from "../../src/diff/kernels.js";
import {
  defaultSimdBuild,
  type SimdBuild,
  type SimdKernel,
  SimdKernels,
} from "../../src/diff/simd-kernel.js";
import { KERNELS_FMA_WASM_BASE64, KERNELS_WASM_BASE64 } from "../../src/diff/wasm/kernels-wasm.js";
import {
  DTYPES,
  encode,
  fullRange,
  layouts,
  randomPair,
  type SimdDType,
  typical,
} from "./float-codes.js";
import { Random } from "./helpers.js";
import { naiveSampledProfile } from "./reference.js";
import {
  boundaryPairs,
  compareWithReference,
  handCase,
  wideDifferencePairs,
} from "./simd-cases.js";

/** The module's exports that this check calls directly. */
type RawExports = {
  memory: WebAssembly.Memory;
} & Record<string, (...args: number[]) => void>;

/** Where this check puts base, head and the records in a module's memory (17 pages of 64 KiB). */
const BASE_AT = 0;
const HEAD_AT = 256 * 1024;
const RECORDS_AT = 512 * 1024;
/** Float64 slots of the record that the compare and identical functions write per block. */
const RECORD_SLOTS = 9;
const RECORD_BYTES = 8 * RECORD_SLOTS;
/** Slots of sum a^2 and sum b^2 in a record. */
const SUM_SQUARED_A_SLOT = 3;
const SUM_SQUARED_B_SLOT = 4;

interface Case {
  name: string;
  base: Uint8Array;
  /** Null for identical sides, which the identical functions take. */
  head: Uint8Array | null;
  count: number;
}

function instantiate(base64: string): RawExports {
  const module = new WebAssembly.Module(Buffer.from(base64, "base64"));
  return new WebAssembly.Instance(module, {}).exports as unknown as RawExports;
}

/** Runs a compare or identical function of the module and returns the records it wrote. */
function rawRecords(exports: RawExports, dtype: SimdDType, input: Case, threshold: number) {
  const memory = new Uint8Array(exports.memory.buffer);
  const recordBytes = Math.ceil(input.count / BLOCK_ELEMENTS) * RECORD_BYTES;
  memory.set(input.base, BASE_AT);
  memory.fill(0, RECORDS_AT, RECORDS_AT + recordBytes);
  if (input.head === null) {
    exports[`identical${dtype}`]?.(BASE_AT, input.count, RECORDS_AT);
  } else {
    memory.set(input.head, HEAD_AT);
    exports[`compare${dtype}`]?.(BASE_AT, HEAD_AT, input.count, threshold, RECORDS_AT);
  }
  return new Float64Array(memory.slice(RECORDS_AT, RECORDS_AT + recordBytes).buffer);
}

/** Lists the fields and block sums of two segments whose bits differ. */
function segmentDifferences(plain: SegmentStats, fma: SegmentStats): string[] {
  const differences: string[] = [];
  const { blockSums: plainSums, profile: _plainProfile, ...plainCounts } = plain;
  const { blockSums: fmaSums, profile: _fmaProfile, ...fmaCounts } = fma;
  const counts: Record<string, unknown> = plainCounts;
  const other: Record<string, unknown> = fmaCounts;
  for (const key of Object.keys(counts)) {
    if (!Object.is(counts[key], other[key])) {
      differences.push(`${key}: plain ${counts[key]}, fused ${other[key]}`);
    }
  }
  if (plainSums.length !== fmaSums.length) {
    differences.push(`block sums: plain ${plainSums.length}, fused ${fmaSums.length}`);
  }
  plainSums.forEach((sum, k) => {
    if (!Object.is(sum, fmaSums[k]))
      differences.push(`block sum ${k}: plain ${sum}, fused ${fmaSums[k]}`);
  });
  return differences;
}

function casesOf(dtype: SimdDType): Case[] {
  const random = new Random(31 + dtype.length);
  const cases: Case[] = [];
  const pair = (name: string, count: number, codes: { base: Uint8Array; head: Uint8Array }) => {
    cases.push({ name: `${name}, ${count} elements`, base: codes.base, head: codes.head, count });
  };
  for (const count of [1, 7, 8, 9, 15, 4095, 16383, 16384, 16385, 3 * BLOCK_ELEMENTS + 13]) {
    pair("typical", count, randomPair(dtype, count, typical(dtype), random));
  }
  for (const count of [9, 16385, 2 * BLOCK_ELEMENTS + 1]) {
    pair("full range", count, randomPair(dtype, count, fullRange(dtype), random));
  }
  const specials = { ...typical(dtype), specialRate: 0.002 };
  pair(
    "specials",
    3 * BLOCK_ELEMENTS + 21,
    randomPair(dtype, 3 * BLOCK_ELEMENTS + 21, specials, random),
  );
  const fullSpecials = { ...fullRange(dtype), specialRate: 0.01 };
  pair(
    "full range with specials",
    2 * BLOCK_ELEMENTS + 5,
    randomPair(dtype, 2 * BLOCK_ELEMENTS + 5, fullSpecials, random),
  );
  const hand = handCase(dtype);
  pair("hand case", 21, { base: encode(dtype, hand.base), head: encode(dtype, hand.head) });
  const edges = boundaryPairs(dtype);
  for (const copies of [1, 2, 1000]) {
    const base = Array.from({ length: copies }, () => edges.base).flat();
    const head = Array.from({ length: copies }, () => edges.head).flat();
    for (const count of [base.length - (base.length % 8), base.length]) {
      pair("boundary", count, {
        base: encode(dtype, base.slice(0, count)),
        head: encode(dtype, head.slice(0, count)),
      });
    }
  }
  const wide = wideDifferencePairs(dtype, 2 * BLOCK_ELEMENTS + 3, random);
  pair("wide differences", wide.base.length, {
    base: encode(dtype, wide.base),
    head: encode(dtype, wide.head),
  });
  for (const [name, shape, count] of [
    ["identical typical", typical(dtype), 3 * BLOCK_ELEMENTS + 11],
    ["identical full range", fullRange(dtype), 2 * BLOCK_ELEMENTS + 7],
    ["identical with specials", { ...typical(dtype), specialRate: 0.001 }, 2 * BLOCK_ELEMENTS + 9],
  ] as const) {
    const { base } = randomPair(dtype, count, shape, random);
    cases.push({ name: `${name}, ${count} elements`, base, head: null, count });
  }
  return cases;
}

function kernelsOf(build: SimdBuild): SimdKernels {
  const kernels = SimdKernels.create(build);
  if (kernels === undefined) {
    process.stderr.write(
      `This runtime (Node ${process.version}, flags: ${process.execArgv.join(" ") || "none"}) rejects the ${build} build of the kernels. Node 20 needs --experimental-wasm-relaxed-simd for the fused build.\n`,
    );
    process.exit(2);
  }
  return kernels;
}

function main(): void {
  const plainKernels = kernelsOf("plain");
  const fmaKernels = kernelsOf("fma");
  const plainRaw = instantiate(KERNELS_WASM_BASE64);
  const fmaRaw = instantiate(KERNELS_FMA_WASM_BASE64);
  const checked: string[] = [];
  const mismatches: string[] = [];
  let nanPayloadDifferences = 0;
  for (const dtype of DTYPES) {
    for (const input of casesOf(dtype)) {
      if (input.count * layouts[dtype].bytes > HEAD_AT - BASE_AT) {
        throw new Error(`The case ${input.name} does not fit the check's input areas.`);
      }
      const thresholds = input.head === null ? [0] : [0, 1e-6, 0.5, Infinity];
      for (const threshold of thresholds) {
        const label = `${dtype} ${input.name}, threshold ${threshold}`;
        checked.push(label);
        const plainRecords = rawRecords(plainRaw, dtype, input, threshold);
        const fmaRecords = rawRecords(fmaRaw, dtype, input, threshold);
        plainRecords.forEach((value, slot) => {
          const fused = fmaRecords[slot] as number;
          if (sameBits(value, fused)) return;
          const record = Math.floor(slot / RECORD_SLOTS);
          if (
            Number.isNaN(value) &&
            Number.isNaN(fused) &&
            isFlagged(plainRecords, record) &&
            isFlagged(fmaRecords, record)
          ) {
            nanPayloadDifferences++;
            return;
          }
          mismatches.push(
            `${label}: record ${record} offset ${(slot % RECORD_SLOTS) * 8}: plain ${value}, fused ${fused}`,
          );
        });

        const head = input.head ?? input.base.slice();
        const plainKernel = plainKernels.kernelFor(dtype, dtype, threshold) as SimdKernel;
        const fmaKernel = fmaKernels.kernelFor(dtype, dtype, threshold) as SimdKernel;
        const plain = plainKernel.compare(input.base, head, 0, input.count);
        const fma = compareWithReference(
          fmaKernel,
          dtype,
          input.base,
          head,
          0,
          input.count,
          threshold,
        );
        for (const difference of segmentDifferences(plain, fma.stats)) {
          mismatches.push(`${label}: ${difference}`);
        }
        for (const mismatch of fma.mismatches) {
          mismatches.push(`${label}: fused build against the reference: ${mismatch}`);
        }
        if (threshold === thresholds[0]) {
          for (const mismatch of profileMismatches(
            fmaKernel,
            dtype,
            input.base,
            head,
            input.count,
          )) {
            mismatches.push(`${label}: fused build's profile against the naive one: ${mismatch}`);
          }
        }
      }
    }
  }
  process.stdout.write(
    `${JSON.stringify({ defaultBuild: defaultSimdBuild(), checked, nanPayloadDifferences, mismatches: mismatches.slice(0, 100), mismatchCount: mismatches.length })}\n`,
  );
}

/**
 * Lists the change profile counts of the sampled blocks of a pair with index 0 that differ
 * between a kernel and the naive profile.
 */
function profileMismatches(
  kernel: SimdKernel,
  dtype: SimdDType,
  base: Uint8Array,
  head: Uint8Array,
  count: number,
): string[] {
  const got = kernel.compare(base, head, 0, count, 0).profile;
  const want = naiveSampledProfile(dtype, base, head, count, 0);
  const mismatches: string[] = [];
  want?.forEach((value, index) => {
    if (got?.[index] !== value) mismatches.push(`index ${index} is ${got?.[index]}, not ${value}`);
  });
  return mismatches;
}

/**
 * Returns whether a record requests that its caller recompute the block with exactBlock, because
 * its sum a^2 or sum b^2 is not finite. The caller then discards the record, NaN payloads included.
 */
function isFlagged(records: Float64Array, record: number): boolean {
  const sumSquaredA = records[record * RECORD_SLOTS + SUM_SQUARED_A_SLOT] as number;
  const sumSquaredB = records[record * RECORD_SLOTS + SUM_SQUARED_B_SLOT] as number;
  return !(Number.isFinite(sumSquaredA) && Number.isFinite(sumSquaredB));
}

const bits = new DataView(new ArrayBuffer(16));

/** Returns whether two float64 values have the same bits, NaN payloads included. */
function sameBits(a: number, b: number): boolean {
  bits.setFloat64(0, a);
  bits.setFloat64(8, b);
  return bits.getBigUint64(0) === bits.getBigUint64(8);
}

main();
