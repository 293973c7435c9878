import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Checkpoint } from "../../src/checkpoint/types.js";
import { runDiff } from "../../src/diff/engine.js";
import { BLOCK_ELEMENTS } from "../../src/diff/kernels.js";
import { DEFAULT_CHUNK_BYTES } from "../../src/diff/plan.js";
import { SIMD_CHUNK_BYTES } from "../../src/diff/simd-kernel.js";
import type { DiffResult, TensorStats } from "../../src/diff/types.js";
import type { TensorToWrite } from "../../src/format/writer.js";
import { runCliBundle } from "../helpers/run-cli.js";
import { randomPair, type SimdDType, typical } from "./float-codes.js";
import { makeTempDirectory, Random, TEST_WORKER_SCRIPT, writeTestCheckpoint } from "./helpers.js";
import { naiveSampledProfile, naiveStats } from "./reference.js";

const THRESHOLD = 1e-6;

interface Case {
  name: string;
  dtype: SimdDType;
  numel: number;
  base: Uint8Array;
  head: Uint8Array;
}

/** Finite data, so the SIMD vector path computes most blocks, plus one tensor with NaNs. */
function buildCases(): Case[] {
  const random = new Random(20261205);
  const cases: Case[] = [];
  const sizes = [1, 9, 3 * BLOCK_ELEMENTS + 13];
  for (const dtype of ["BF16", "F16", "F32"] as const) {
    for (const numel of sizes) {
      cases.push({
        name: `${dtype}.${numel}`,
        dtype,
        numel,
        ...randomPair(dtype, numel, typical(dtype), random),
      });
    }
    const identical = randomPair(dtype, 2 * BLOCK_ELEMENTS + 5, typical(dtype), random);
    cases.push({
      name: `${dtype}.identical`,
      dtype,
      numel: 2 * BLOCK_ELEMENTS + 5,
      base: identical.base,
      head: identical.base.slice(),
    });
  }
  // Longer than the SIMD input areas, so one segment is read in two chunks when units are large.
  const long = SIMD_CHUNK_BYTES / 2 + 2 * BLOCK_ELEMENTS + 7;
  cases.push({
    name: "BF16.long",
    dtype: "BF16",
    numel: long,
    ...randomPair("BF16", long, typical("BF16"), random),
  });
  const withSpecials = 2 * BLOCK_ELEMENTS + 3;
  cases.push({
    name: "F16.specials",
    dtype: "F16",
    numel: withSpecials,
    ...randomPair("F16", withSpecials, { ...typical("F16"), specialRate: 1e-4 }, random),
  });
  return cases;
}

function layout(cases: readonly Case[], side: "base" | "head"): TensorToWrite[] {
  return cases.flatMap((entry, i) => [
    // Odd-length padding, so every tensor starts at an odd file offset.
    { name: `pad.${i}`, dtype: "U8" as const, shape: [3], data: new Uint8Array([i, 1, 2]) },
    {
      name: entry.name,
      dtype: entry.dtype,
      shape: [entry.numel],
      data: side === "base" ? entry.base : entry.head,
    },
  ]);
}

const SUM_FIELDS = [
  "sumA",
  "sumB",
  "sumSquaredDelta",
  "sumSquaredA",
  "sumSquaredB",
  "sumProduct",
] as const;

/**
 * Checks engine statistics against the naive ones: every count and the maximum exactly, and the
 * sums within 1e-12 of a bound on the sum of the terms' magnitudes (Cauchy-Schwarz), because the
 * SIMD kernels add within a block in lane order.
 */
function expectClose(got: TensorStats, want: TensorStats, name: string): void {
  const counts = (stats: TensorStats) => {
    const copy: Partial<TensorStats> = { ...stats };
    for (const field of SUM_FIELDS) delete copy[field];
    delete copy.profile;
    return copy;
  };
  expect(counts(got), name).toEqual(counts(want));
  const n = want.finiteCount;
  const scales: Record<(typeof SUM_FIELDS)[number], number> = {
    sumA: Math.sqrt(n * want.sumSquaredA),
    sumB: Math.sqrt(n * want.sumSquaredB),
    sumSquaredDelta: want.sumSquaredDelta,
    sumSquaredA: want.sumSquaredA,
    sumSquaredB: want.sumSquaredB,
    sumProduct: Math.sqrt(want.sumSquaredA * want.sumSquaredB),
  };
  for (const field of SUM_FIELDS) {
    expect(Math.abs(got[field] - want[field]), `${name} ${field}`).toBeLessThanOrEqual(
      1e-12 * scales[field],
    );
  }
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
      naiveStats(entry.dtype, entry.dtype, entry.base, entry.head, entry.numel, THRESHOLD),
    );
  }
});

afterAll(async () => {
  await base?.close();
  await head?.close();
  temp.remove();
});

const runs: { workers: number; chunkBytes: number }[] = [
  { workers: 1, chunkBytes: DEFAULT_CHUNK_BYTES },
  { workers: 1, chunkBytes: 2 * DEFAULT_CHUNK_BYTES },
  { workers: 2, chunkBytes: 1 },
  { workers: 2, chunkBytes: 3 * BLOCK_ELEMENTS },
  { workers: 3, chunkBytes: 4 * DEFAULT_CHUNK_BYTES },
];

describe("engine with the SIMD kernels against the naive reference", () => {
  const results: DiffResult[] = [];

  for (const run of runs) {
    it(`matches with ${run.workers} workers, chunk ${run.chunkBytes}`, async () => {
      const result = await runDiff(base, head, {
        threshold: THRESHOLD,
        workers: run.workers,
        chunkBytes: run.chunkBytes,
        workerScript: TEST_WORKER_SCRIPT,
      });
      results.push(result);
      for (const entry of cases) {
        const pairIndex = result.compared.findIndex((tensor) => tensor.name === entry.name);
        const stats = result.compared[pairIndex]?.stats as TensorStats;
        expectClose(stats, expected.get(entry.name) as TensorStats, entry.name);
        const profile = naiveSampledProfile(
          entry.dtype,
          entry.base,
          entry.head,
          entry.numel,
          pairIndex,
        );
        expect(stats.profile && Array.from(stats.profile), `${entry.name} profile`).toEqual(
          profile && Array.from(profile),
        );
      }
    });
  }

  it("returns bit-identical results for every run", () => {
    expect(results.length).toBe(runs.length);
    const first = JSON.stringify(results[0]);
    for (const result of results) expect(JSON.stringify(result)).toBe(first);
  });

  it("exercises changes, identical tensors and NaNs", () => {
    expect(expected.get("BF16.long")?.changed).toBeGreaterThan(1000);
    expect(expected.get("F32.identical")?.bitsDiffering).toBe(0);
    expect(expected.get("F16.specials")?.nanA).toBeGreaterThan(0);
  });
});

describe("CLI bundle with the SIMD kernels", () => {
  it("writes the same JSON with 1 and 2 workers", { timeout: 60_000 }, () => {
    const outputs = [1, 2].map((workers) => {
      const run = runCliBundle([
        `${temp.path}/base.safetensors`,
        `${temp.path}/head.safetensors`,
        "--format",
        "json",
        "--workers",
        String(workers),
      ]);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      return run.stdout;
    });
    expect(outputs[0]?.length).toBeGreaterThan(0);
    expect(outputs[1]).toBe(outputs[0]);
  });
});
