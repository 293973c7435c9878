import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Checkpoint } from "../../src/checkpoint/types.js";
import { runDiff, startDiffWorkers } from "../../src/diff/engine.js";
import { BLOCK_ELEMENTS } from "../../src/diff/kernels.js";
import { DEFAULT_CHUNK_BYTES } from "../../src/diff/plan.js";
import type { DiffResult, TensorStats } from "../../src/diff/types.js";
import { type DType, dtypeInfo, SUPPORTED_DTYPES } from "../../src/format/dtypes.js";
import type { TensorToWrite } from "../../src/format/writer.js";
import { makeTempDirectory, Random, TEST_WORKER_SCRIPT, writeTestCheckpoint } from "./helpers.js";
import { naiveSampledProfile, naiveStats } from "./reference.js";

const THRESHOLD = 0.01;
/** Dtypes whose same-dtype pairs the SIMD kernels compare. */
const SIMD_DTYPES = new Set<DType>(["BF16", "F16", "F32"]);
/** Two full blocks and a partial one; a multiple of 4, so F4 and F6 tensors fill whole bytes. */
const NUMEL = 2 * BLOCK_ELEMENTS + 124;

/** Bit patterns (as unsigned integers) of NaNs with several payloads, +-0, +-inf, subnormals. */
const specialPatterns: Partial<Record<DType, bigint[]>> = {
  F64: [
    0x7ff8000000000000n,
    0x7ff8000000000001n,
    0xfff8000000000000n,
    0x7ff0000000000001n,
    0n,
    0x8000000000000000n,
    0x7ff0000000000000n,
    0xfff0000000000000n,
    1n,
    0x8000000000000001n,
    0x7fefffffffffffffn,
  ],
  F32: [
    0x7fc00000n,
    0x7fc00001n,
    0xffc00000n,
    0x7f800001n,
    0n,
    0x80000000n,
    0x7f800000n,
    0xff800000n,
    1n,
    0x80000001n,
    0x7f7fffffn,
  ],
  F16: [0x7e00n, 0x7e01n, 0xfe00n, 0x7c01n, 0n, 0x8000n, 0x7c00n, 0xfc00n, 1n, 0x8001n, 0x3ffn],
  BF16: [0x7fc0n, 0x7fc1n, 0xffc0n, 0x7f81n, 0n, 0x8000n, 0x7f80n, 0xff80n, 1n, 0x8001n, 0x7fn],
  C64: [0x7fc00000n, 0x7fc00001n, 0n, 0x80000000n, 0x7f800000n, 0xff800000n, 1n, 0x80000001n],
};

function bytesPerElement(dtype: DType): number {
  return dtypeInfo(dtype).bits / 8;
}

function setPattern(bytes: Uint8Array, at: number, width: number, pattern: bigint): void {
  for (let k = 0; k < width; k++) bytes[at + k] = Number((pattern >> BigInt(8 * k)) & 0xffn);
}

/** Random base data: plausible values for F32/F64/C64, random bit patterns otherwise, plus specials. */
function randomBase(dtype: DType, numel: number, random: Random): Uint8Array {
  const byteLength = Math.ceil((numel * dtypeInfo(dtype).bits) / 8);
  const bytes = random.bytes(byteLength);
  const view = new DataView(bytes.buffer);
  if (dtype === "F64" || dtype === "F32" || dtype === "C64") {
    const width = dtype === "F64" ? 8 : 4;
    for (let at = 0; at < byteLength; at += width) {
      if (random.next() < 0.2) continue;
      const value = random.normal() * 0.05;
      if (width === 8) view.setFloat64(at, value, true);
      else view.setFloat32(at, value, true);
    }
  }
  if (dtype === "BOOL") for (let i = 0; i < byteLength; i++) bytes[i] = (bytes[i] as number) & 1;
  injectSpecials(dtype, bytes, random, 0.05);
  return bytes;
}

function injectSpecials(dtype: DType, bytes: Uint8Array, random: Random, rate: number): void {
  const patterns = specialPatterns[dtype];
  if (!patterns) return;
  const width = dtype === "C64" ? 4 : bytesPerElement(dtype);
  for (let at = 0; at < bytes.byteLength; at += width) {
    if (random.next() < rate) {
      setPattern(bytes, at, width, patterns[random.uint32() % patterns.length] as bigint);
    }
  }
}

/** Head data: base with some elements kept, some nudged by the lowest bit, some replaced. */
function mutate(dtype: DType, base: Uint8Array, random: Random): Uint8Array {
  const head = base.slice();
  const width = Math.max(1, Math.floor(bytesPerElement(dtype)));
  for (let at = 0; at < head.byteLength; at += width) {
    const choice = random.next();
    if (choice < 0.4) continue;
    if (choice < 0.7) {
      head[at] = (head[at] as number) ^ 1;
    } else {
      for (let k = 0; k < width; k++) head[at + k] = random.uint32() & 0xff;
    }
  }
  if (dtype === "BOOL") for (let i = 0; i < head.length; i++) head[i] = (head[i] as number) & 1;
  injectSpecials(dtype, head, random, 0.03);
  return head;
}

interface Case {
  name: string;
  baseDtype: DType;
  headDtype: DType;
  shape: number[];
  base: Uint8Array;
  head: Uint8Array;
}

function numelOf(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}

function buildCases(): Case[] {
  const random = new Random(20261204);
  const cases: Case[] = [];
  for (const dtype of SUPPORTED_DTYPES) {
    const base = randomBase(dtype, NUMEL, random);
    cases.push({
      name: `same.${dtype}`,
      baseDtype: dtype,
      headDtype: dtype,
      shape: [NUMEL],
      base,
      head: mutate(dtype, base, random),
    });
  }
  const casts: [DType, DType][] = [
    ["F16", "BF16"],
    ["F32", "F16"],
    ["I32", "F32"],
    ["I64", "U64"],
    ["I8", "U8"],
    ["F8_E4M3", "F8_E5M2"],
    ["I64", "F32"],
    ["F4", "F6_E2M3"],
    ["C64", "F32"],
    ["U16", "I16"],
  ];
  for (const [baseDtype, headDtype] of casts) {
    cases.push({
      name: `cast.${baseDtype}.${headDtype}`,
      baseDtype,
      headDtype,
      shape: [NUMEL],
      base: randomBase(baseDtype, NUMEL, random),
      head: randomBase(headDtype, NUMEL, random),
    });
  }
  const small: [DType, number[]][] = [
    ["F32", []],
    ["F16", [0]],
    ["I64", [1]],
    ["BF16", [5]],
    ["F8_E4M3", [7]],
    ["F64", [3, 11]],
    ["C64", [2, 1]],
  ];
  for (const [dtype, shape] of small) {
    const base = randomBase(dtype, numelOf(shape), random);
    cases.push({
      name: `small.${dtype}.${shape.join("x")}`,
      baseDtype: dtype,
      headDtype: dtype,
      shape,
      base,
      head: mutate(dtype, base, random),
    });
  }
  return cases;
}

/** Tensors interleaved with odd-length U8 padding, so every tensor starts at an odd offset. */
function layout(cases: readonly Case[], side: "base" | "head"): TensorToWrite[] {
  const tensors: TensorToWrite[] = [];
  cases.forEach((entry, i) => {
    tensors.push({ name: `pad.${i}`, dtype: "U8", shape: [3], data: new Uint8Array([i, 1, 2]) });
    tensors.push({
      name: entry.name,
      dtype: side === "base" ? entry.baseDtype : entry.headDtype,
      shape: entry.shape,
      data: side === "base" ? entry.base : entry.head,
    });
  });
  return tensors;
}

const temp = makeTempDirectory();
const cases = buildCases();
const expected = new Map<string, TensorStats>();
let base: Checkpoint;
let head: Checkpoint;

beforeAll(async () => {
  base = await writeTestCheckpoint(`${temp.path}/base.safetensors`, layout(cases, "base"));
  head = await writeTestCheckpoint(`${temp.path}/head.safetensors`, layout(cases, "head"));
  for (const entry of cases) {
    expected.set(
      entry.name,
      naiveStats(
        entry.baseDtype,
        entry.headDtype,
        entry.base,
        entry.head,
        numelOf(entry.shape),
        THRESHOLD,
      ),
    );
  }
});

afterAll(async () => {
  await base?.close();
  await head?.close();
  temp.remove();
});

// With startupOverlapMinBytes 0, the main thread runs units until the workers have started.
// With startedEarly, the workers come from startDiffWorkers, called before runDiff.
const runs: {
  workers: number;
  chunkBytes: number;
  startupOverlapMinBytes?: number;
  startedEarly?: boolean;
}[] = [
  { workers: 1, chunkBytes: DEFAULT_CHUNK_BYTES },
  { workers: 1, chunkBytes: 1 },
  { workers: 2, chunkBytes: 3 * BLOCK_ELEMENTS },
  { workers: 2, chunkBytes: DEFAULT_CHUNK_BYTES },
  { workers: 2, chunkBytes: 1, startupOverlapMinBytes: 0 },
  { workers: 3, chunkBytes: 1 },
  { workers: 3, chunkBytes: 5 * BLOCK_ELEMENTS + 17 },
  { workers: 3, chunkBytes: 3 * BLOCK_ELEMENTS, startupOverlapMinBytes: 0 },
  { workers: 2, chunkBytes: 3 * BLOCK_ELEMENTS, startedEarly: true },
  { workers: 2, chunkBytes: 1, startupOverlapMinBytes: 0, startedEarly: true },
];

describe("engine against the naive reference", () => {
  const results: DiffResult[] = [];

  for (const run of runs) {
    const overlap = run.startupOverlapMinBytes === undefined ? "" : ", main thread at start";
    const early = run.startedEarly ? ", started early" : "";
    it(`matches with ${run.workers} workers, chunk ${run.chunkBytes}${overlap}${early}`, async () => {
      const startedWorkers = run.startedEarly
        ? startDiffWorkers(run.workers, TEST_WORKER_SCRIPT)
        : undefined;
      const result = await runDiff(base, head, {
        threshold: THRESHOLD,
        workers: run.workers,
        chunkBytes: run.chunkBytes,
        workerScript: TEST_WORKER_SCRIPT,
        ...(startedWorkers === undefined ? {} : { startedWorkers }),
        ...(run.startupOverlapMinBytes === undefined
          ? {}
          : { startupOverlapMinBytes: run.startupOverlapMinBytes }),
      });
      results.push(result);
      expect(result.added).toEqual([]);
      expect(result.removed).toEqual([]);
      expect(result.compared.length).toBe(cases.length * 2);
      for (const entry of cases) {
        const pairIndex = result.compared.findIndex((tensor) => tensor.name === entry.name);
        const compared = result.compared[pairIndex];
        expect(compared?.baseDtype, entry.name).toBe(entry.baseDtype);
        expect(compared?.headDtype, entry.name).toBe(entry.headDtype);
        const want = { ...(expected.get(entry.name) as TensorStats) };
        // Behind the SIMD kernels the change profile covers sampled blocks only.
        if (entry.baseDtype === entry.headDtype && SIMD_DTYPES.has(entry.baseDtype)) {
          const profile = naiveSampledProfile(
            entry.baseDtype,
            entry.base,
            entry.head,
            numelOf(entry.shape),
            pairIndex,
          );
          if (profile === undefined) delete want.profile;
          else want.profile = profile;
        }
        // The engine stores a profile in the smallest exact array type, so values are compared.
        if (!compared) throw new Error(`${entry.name} was not compared`);
        const { profile: gotProfile, ...gotStats } = compared.stats;
        const { profile: wantProfile, ...wantStats } = want;
        expect(gotStats, entry.name).toEqual(wantStats);
        expect(gotProfile && Array.from(gotProfile), `${entry.name} profile`).toEqual(
          wantProfile && Array.from(wantProfile),
        );
      }
    });
  }

  it("returns bit-identical results for every run", () => {
    expect(results.length).toBe(runs.length);
    const first = JSON.stringify(results[0]);
    for (const result of results) expect(JSON.stringify(result)).toBe(first);
  });

  it("exercises changes, NaNs and infinities", () => {
    const stats = expected.get("same.F16");
    expect(stats?.changed).toBeGreaterThan(1000);
    expect(stats?.nanA).toBeGreaterThan(0);
    expect(stats?.infB).toBeGreaterThan(0);
    expect(stats?.bitsDiffering).toBeGreaterThan(stats?.changed ?? 0);
  });

  it("compares I64 exactly beyond 2^53", () => {
    const entry = cases.find((candidate) => candidate.name === "same.I64") as Case;
    const view = new DataView(entry.base.buffer);
    const large = Array.from({ length: 100 }, (_, i) => view.getBigInt64(i * 8, true)).filter(
      (value) => value > 2n ** 53n || value < -(2n ** 53n),
    );
    expect(large.length).toBeGreaterThan(50);
    const stats = expected.get("same.I64") as TensorStats;
    // Low-bit nudges of values beyond 2^53 differ by 1, which float64 would round away.
    expect(stats.changed).toBe(stats.bitsDiffering);
    expect(stats.changed).toBeGreaterThan(NUMEL / 2);
  });
});
