import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EarlyAnalyses } from "../../src/analysis/early-analyses.js";
import { chooseMatrices } from "../../src/analysis/sample-plan.js";
import { analyzeSamples, type SampledAnalyses } from "../../src/analysis/sampling.js";
import { openHubCheckpoint } from "../../src/checkpoint/remote.js";
import type { Checkpoint } from "../../src/checkpoint/types.js";
import { compareCheckpoints, type RunLog } from "../../src/compare.js";
import { runDiff } from "../../src/diff/engine.js";
import type { ComparedTensor } from "../../src/diff/types.js";
import { DEFAULT_LIMITS } from "../../src/format/limits.js";
import { encodeSafetensors, type TensorToWrite } from "../../src/format/writer.js";
import type { DiffOptions } from "../../src/options.js";
import type { DiffReport } from "../../src/report/model.js";
import { Random, TEST_WORKER_SCRIPT } from "../diff/helpers.js";
import { FakeHub, fakeCommit } from "../helpers/fake-hub.js";
import { type CheckpointFiles, hubFiles, writeCheckpoint } from "./fixtures.js";

/** Rows the second pass samples per matrix. */
const SAMPLED_ROWS = 128;

/**
 * Matrices of the byte-count pair: up_proj has more rows than are sampled, so its sample is a run
 * chosen by hash, and q_proj has fewer, so it is sampled whole.
 */
const ROW_SHAPES: Record<string, [number, number]> = {};
for (let layer = 0; layer < 4; layer++) {
  ROW_SHAPES[`model.layers.${layer}.mlp.up_proj.weight`] = [300, 48];
  ROW_SHAPES[`model.layers.${layer}.self_attn.q_proj.weight`] = [96, 64];
}

/** Layers of the choice pair; the deepest 4 are unchanged in the head. */
const LAYERS = 24;
const FROZEN = [20, 21, 22, 23];
const LAYER_SHAPE = [8, 8];

function layerName(layer: number): string {
  return `model.layers.${layer}.self_attn.q_proj.weight`;
}

function float32Tensor(name: string, shape: number[], values: Float32Array): TensorToWrite {
  return {
    name,
    dtype: "F32",
    shape,
    data: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

/** Returns a base and a head whose matrices all move by noise of 5% of the weights' scale. */
function rowsPair(): { base: CheckpointFiles; head: CheckpointFiles } {
  const random = new Random(21);
  const base: TensorToWrite[] = [];
  const head: TensorToWrite[] = [];
  for (const [name, shape] of Object.entries(ROW_SHAPES)) {
    const a = new Float32Array(shape[0] * shape[1]);
    const b = new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) {
      a[i] = random.normal() * 0.02;
      b[i] = (a[i] as number) + random.normal() * 0.02 * 0.05;
    }
    base.push(float32Tensor(name, shape, a));
    head.push(float32Tensor(name, shape, b));
  }
  return {
    base: { "model.safetensors": encodeSafetensors(base) },
    head: { "model.safetensors": encodeSafetensors(head) },
  };
}

/** Returns a base and a head where every layer but the frozen ones is scaled by 1.5. */
function layersPair(): { base: CheckpointFiles; head: CheckpointFiles } {
  const random = new Random(5);
  const base: TensorToWrite[] = [];
  const head: TensorToWrite[] = [];
  for (let layer = 0; layer < LAYERS; layer++) {
    const a = new Float32Array(64);
    for (let i = 0; i < a.length; i++) a[i] = random.normal() * 0.02;
    const b = FROZEN.includes(layer) ? a.slice() : a.map((value) => value * 1.5);
    base.push(float32Tensor(layerName(layer), LAYER_SHAPE, a));
    head.push(float32Tensor(layerName(layer), LAYER_SHAPE, b));
  }
  return {
    base: { "model.safetensors": encodeSafetensors(base) },
    head: { "model.safetensors": encodeSafetensors(head) },
  };
}

/** Data start (8 + header length) of a safetensors file. */
function dataStart(bytes: Uint8Array): number {
  return 8 + Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
}

const rows = rowsPair();
const layers = layersPair();
const commits = { base: fakeCommit("capture-base"), head: fakeCommit("capture-head") };
const hub = new FakeHub();
const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-capture-"));
const local = {
  base: writeCheckpoint(path.join(scratch, "base"), rows.base),
  head: writeCheckpoint(path.join(scratch, "head"), rows.head),
};

beforeAll(async () => {
  for (const [id, pair] of [
    ["org/rows", rows],
    ["org/layers", layers],
  ] as const) {
    hub.addRepo({
      id,
      commits: { [commits.base]: hubFiles(pair.base), [commits.head]: hubFiles(pair.head) },
      refs: { main: commits.head, v1: commits.base },
    });
  }
  await hub.start();
});

afterAll(async () => {
  await hub.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function openPair(repo: string): Promise<{ base: Checkpoint; head: Checkpoint }> {
  const connection = { endpoint: hub.endpoint, token: null };
  const open = (revision: string) =>
    openHubCheckpoint(
      { repo, revision, path: null },
      `hf://${repo}@${revision}`,
      connection,
      DEFAULT_LIMITS,
    );
  return { base: await open("v1"), head: await open("main") };
}

/** A data read served by the CDN: the file's SHA-256 in the URL, and the bytes [start, end]. */
interface DataRead {
  url: string;
  start: number;
  end: number;
}

/** Returns the CDN reads since the last resetLog that start in the data section of a file. */
function dataReads(files: readonly Uint8Array[]): DataRead[] {
  // Both files of a pair have headers of the same length: same names, shapes and offsets.
  const starts = new Set(files.map(dataStart));
  expect(starts.size).toBe(1);
  const start = [...starts][0] as number;
  return hub.requests
    .filter((entry) => entry.server === "cdn" && entry.status === 206)
    .map((entry) => {
      const match = /^bytes=(\d+)-(\d+)$/.exec(entry.range ?? "");
      return { url: entry.url, start: Number(match?.[1]), end: Number(match?.[2]) };
    })
    .filter((read) => read.start >= start);
}

/** Returns the bytes requested more than once, summed over files. */
function bytesRequestedAgain(reads: readonly DataRead[]): number {
  let again = 0;
  const byUrl = new Map<string, DataRead[]>();
  for (const read of reads) byUrl.set(read.url, [...(byUrl.get(read.url) ?? []), read]);
  for (const list of byUrl.values()) {
    const seen = new Set<number>();
    for (const read of list) {
      for (let byte = read.start; byte <= read.end; byte++) {
        if (seen.has(byte)) again++;
        seen.add(byte);
      }
    }
  }
  return again;
}

function requestedBytes(reads: readonly DataRead[]): number {
  return reads.reduce((sum, read) => sum + read.end - read.start + 1, 0);
}

/** Data bytes of the rows pair, both sides: every tensor once. */
function rowsDataBytes(): number {
  return [rows.base, rows.head]
    .map((files) => files["model.safetensors"] as Uint8Array)
    .reduce((sum, bytes) => sum + bytes.byteLength - dataStart(bytes), 0);
}

/** Bytes of the sampled rows of the rows pair, both sides: 128 rows of up_proj, all of q_proj. */
function rowsSampleBytes(): number {
  return Object.values(ROW_SHAPES).reduce(
    (sum, [rowCount, columns]) => sum + 2 * Math.min(rowCount, SAMPLED_ROWS) * columns * 4,
    0,
  );
}

/**
 * Runs the diff with early analyses and the second pass, as compareCheckpoints does, in 2 worker
 * threads with units of 20,000 bytes, so sampled runs are split across units.
 */
async function diffAndSample(
  pair: { base: Checkpoint; head: Checkpoint },
  options: { capture: boolean; early: boolean },
): Promise<{ samples: SampledAnalyses; early: EarlyAnalyses }> {
  const early = new EarlyAnalyses(pair.base, pair.head);
  try {
    const diff = await runDiff(pair.base, pair.head, {
      threshold: 1e-6,
      workers: 2,
      chunkBytes: 20_000,
      workerScript: TEST_WORKER_SCRIPT,
      ...(options.early ? { onTensorCompared: early.tensorCompared } : {}),
      ...(options.capture ? { capture: early.capture } : {}),
    });
    const samples = await analyzeSamples(pair.base, pair.head, diff, early);
    return { samples, early };
  } finally {
    await early.stop();
  }
}

function runLog(): RunLog {
  return {
    info: () => {},
    warning: () => {},
    debug: () => {},
    progress: () => {},
    phase: (_name, work) => work(),
  };
}

function options(base: string, head: string): DiffOptions {
  return {
    base,
    head,
    baseRevision: null,
    headRevision: null,
    threshold: 1e-6,
    workers: 1,
    top: 15,
    mode: "full",
    hub: { endpoint: hub.endpoint, token: null },
  };
}

/** Returns the report without the input names, which differ between a local and a remote run. */
function withoutReferences(report: DiffReport): unknown {
  const copy = structuredClone(report) as unknown as Record<string, Record<string, unknown>>;
  for (const side of ["base", "head"]) {
    delete copy[side]?.reference;
    delete copy[side]?.resolved;
    delete copy[side]?.hub;
  }
  return copy;
}

describe("row capture from the diff's reads", () => {
  it("requests every data byte once", async () => {
    const pair = await openPair("org/rows");
    try {
      const files = [rows.base, rows.head].map((f) => f["model.safetensors"] as Uint8Array);

      hub.resetLog();
      const captured = await diffAndSample(pair, { capture: true, early: true });
      const capturedReads = dataReads(files);
      hub.resetLog();
      const uncaptured = await diffAndSample(pair, { capture: false, early: true });
      const uncapturedReads = dataReads(files);

      expect(captured.samples).toEqual(uncaptured.samples);
      // The report counts the sampled rows as read either way.
      expect(captured.samples.bytesRead).toBe(rowsSampleBytes());
      expect(uncaptured.samples.bytesRead).toBe(rowsSampleBytes());

      expect(bytesRequestedAgain(capturedReads)).toBe(0);
      expect(requestedBytes(capturedReads)).toBe(rowsDataBytes());
      // Without capture, the second pass requests its rows again.
      expect(bytesRequestedAgain(uncapturedReads)).toBe(rowsSampleBytes());
      expect(requestedBytes(uncapturedReads)).toBe(rowsDataBytes() + rowsSampleBytes());

      expect(captured.early.capture.size).toBe(0);
      expect(captured.early.capture.heldBytes).toBe(0);
    } finally {
      await Promise.all([pair.base.close(), pair.head.close()]);
    }
  });

  it("serves analyses after the diff", async () => {
    // Without early analyses, every chosen matrix is analysed after the diff from the capture.
    const pair = await openPair("org/rows");
    try {
      const files = [rows.base, rows.head].map((f) => f["model.safetensors"] as Uint8Array);
      hub.resetLog();
      const late = await diffAndSample(pair, { capture: true, early: false });
      const reads = dataReads(files);
      const expected = await diffAndSample(pair, { capture: false, early: false });
      expect(late.samples).toEqual(expected.samples);
      expect(bytesRequestedAgain(reads)).toBe(0);
      expect(requestedBytes(reads)).toBe(rowsDataBytes());
    } finally {
      await Promise.all([pair.base.close(), pair.head.close()]);
    }
  });

  it("reads a released range again", async () => {
    const pair = await openPair("org/rows");
    const name = "model.layers.2.mlp.up_proj.weight";
    const early = new EarlyAnalyses(pair.base, pair.head);
    try {
      const files = [rows.base, rows.head].map((f) => f["model.safetensors"] as Uint8Array);
      hub.resetLog();
      const diff = await runDiff(pair.base, pair.head, {
        threshold: 1e-6,
        workers: 2,
        workerScript: TEST_WORKER_SCRIPT,
        capture: early.capture,
      });
      expect(early.capture.has(name)).toBe(true);
      early.capture.release(name);
      const samples = await analyzeSamples(pair.base, pair.head, diff, early);
      const reads = dataReads(files);

      const expected = await diffAndSample(pair, { capture: false, early: false });
      expect(samples).toEqual(expected.samples);
      // Only the released matrix's 128 sampled rows are requested again, on both sides.
      const released = 2 * SAMPLED_ROWS * 48 * 4;
      expect(bytesRequestedAgain(reads)).toBe(released);
      expect(requestedBytes(reads)).toBe(rowsDataBytes() + released);
    } finally {
      await early.stop();
      await Promise.all([pair.base.close(), pair.head.close()]);
    }
  });

  it("gives the report of a local copy", async () => {
    const files = [rows.base, rows.head].map((f) => f["model.safetensors"] as Uint8Array);
    hub.resetLog();
    const remote = await compareCheckpoints(options("hf://org/rows@v1", "hf://org/rows"), runLog());
    const reads = dataReads(files);
    const localReport = await compareCheckpoints(options(local.base, local.head), runLog());
    expect(withoutReferences(remote)).toEqual(withoutReferences(localReport));
    expect(remote.classification.sampling?.bytesRead).toBe(rowsSampleBytes());
    expect(bytesRequestedAgain(reads)).toBe(0);
    expect(requestedBytes(reads)).toBe(rowsDataBytes());
  });
});

describe("row capture of matrices left out", () => {
  /** Bytes the sampled rows of one 8 x 8 float32 layer take on both sides. */
  const LAYER_SAMPLE_BYTES = 2 * 8 * 8 * 4;

  it("releases unchanged and unchosen matrices", async () => {
    const pair = await openPair("org/layers");
    const early = new EarlyAnalyses(pair.base, pair.head);
    try {
      const all = Array.from({ length: LAYERS }, (_, layer) => layerName(layer));
      const candidate = (name: string) => ({ name, sampleBytes: LAYER_SAMPLE_BYTES });
      const likely = chooseMatrices(all.map(candidate));
      const real = chooseMatrices(all.filter((_, layer) => !FROZEN.includes(layer)).map(candidate));
      const frozenLikely = FROZEN.map(layerName).filter((name) => likely.includes(name));
      const unchosen = likely.filter(
        (name) => !real.includes(name) && !frozenLikely.includes(name),
      );
      // The likely choice contains frozen layers and a changed layer that the real choice leaves out.
      expect(frozenLikely.length).toBeGreaterThan(0);
      expect(unchosen.length).toBeGreaterThan(0);
      for (const name of likely) expect(early.capture.has(name)).toBe(true);

      // No tensor is reported during the diff, so no analysis takes its rows.
      const diff = await runDiff(pair.base, pair.head, {
        threshold: 1e-6,
        workers: 2,
        workerScript: TEST_WORKER_SCRIPT,
        capture: early.capture,
      });
      expect(early.capture.heldBytes).toBe(likely.length * LAYER_SAMPLE_BYTES);

      const tensorOf = (name: string) =>
        diff.compared.find((tensor) => tensor.name === name) as ComparedTensor;
      // The likely choice is made again when a likely layer turns out unchanged, so the last
      // frozen layer reported is a likely one: the choice is then made among the changed layers.
      const frozenUnlikely = FROZEN.map(layerName).filter((name) => !likely.includes(name));
      for (const name of [...frozenUnlikely, ...frozenLikely]) early.tensorCompared(tensorOf(name));
      expect(new Set(early.likelyNames)).toEqual(new Set(real));
      for (const name of [...frozenLikely, ...unchosen]) {
        expect(early.capture.has(name)).toBe(false);
      }
      const stillLikely = likely.filter((name) => real.includes(name));
      expect(early.capture.heldBytes).toBe(stillLikely.length * LAYER_SAMPLE_BYTES);

      const chosen = stillLikely[0] as string;
      await early.settle(new Set([chosen]));
      expect(early.capture.heldBytes).toBe(LAYER_SAMPLE_BYTES);
      expect(early.capture.has(chosen)).toBe(true);
      await early.stop();
      expect(early.capture.heldBytes).toBe(0);
      expect(early.capture.size).toBe(0);
    } finally {
      await early.stop();
      await Promise.all([pair.base.close(), pair.head.close()]);
    }
  });
});
