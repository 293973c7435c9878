import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { EarlyAnalyses } from "../../src/analysis/early-analyses.js";
import { chooseMatrices } from "../../src/analysis/sample-plan.js";
import { analyzeSamples } from "../../src/analysis/sampling.js";
import { openLocalCheckpoint } from "../../src/checkpoint/local.js";
import type { Checkpoint, TensorEntry } from "../../src/checkpoint/types.js";
import { runDiff } from "../../src/diff/engine.js";
import type { ComparedTensor, DiffResult } from "../../src/diff/types.js";
import { encodeSafetensors } from "../../src/format/writer.js";
import { TEST_WORKER_SCRIPT } from "../diff/helpers.js";

/** Returns float32 values from a seeded linear congruential stream, in [-0.02, 0.02). */
function values(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (state / 2 ** 32 - 0.5) * 0.04;
  }
  return out;
}

const LAYERS = 24;
/**
 * Layers left unchanged in the head: the deepest, so they change the depth regions of the choice
 * and a changed matrix (layer 5) is chosen only while they are assumed changed.
 */
const FROZEN = [20, 21, 22, 23];

function layerName(layer: number): string {
  return `model.layers.${layer}.self_attn.q_proj.weight`;
}

let scratch = "";

async function writeFile32(name: string, tensors: Map<string, Float32Array>): Promise<string> {
  const file = path.join(scratch, `${name}.safetensors`);
  const list = [...tensors].map(([tensorName, data]) => ({
    name: tensorName,
    dtype: "F32" as const,
    shape: [8, 8],
    data: new Uint8Array(data.slice().buffer),
  }));
  await writeFile(file, encodeSafetensors(list));
  return file;
}

/** Returns a checkpoint whose reads of the listed tensors fail while `failing.on` is set. */
function withFailingReads(
  checkpoint: Checkpoint,
  names: readonly string[],
  failing: { on: boolean; attempts: string[] },
): Checkpoint {
  const tensors = new Map<string, TensorEntry>();
  for (const [name, entry] of checkpoint.tensors) {
    if (!names.includes(name)) {
      tensors.set(name, entry);
      continue;
    }
    const source = entry.source;
    tensors.set(name, {
      ...entry,
      source: {
        name: source.name,
        size: source.size,
        spec: source.spec,
        close: () => source.close(),
        read: (offset, length, target, targetOffset, onProgress) => {
          failing.attempts.push(name);
          if (failing.on) return Promise.reject(new Error(`injected read failure of ${name}`));
          return source.read(offset, length, target, targetOffset, onProgress);
        },
      },
    });
  }
  return { ...checkpoint, tensors, close: () => checkpoint.close() };
}

/**
 * Waits until `done` holds. The analysis reads through the libuv thread pool, which other test
 * files keep busy, so the wait is bounded by the test timeout rather than by event loop turns.
 */
async function until(done: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(done()).toBe(true), { timeout: 50_000, interval: 2 });
}

let basePath = "";
let headPath = "";

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "model-diff-early-"));
  const base = new Map<string, Float32Array>();
  const head = new Map<string, Float32Array>();
  for (let layer = 0; layer < LAYERS; layer++) {
    const a = values(64, layer + 1);
    const b = a.slice();
    if (!FROZEN.includes(layer)) for (let i = 0; i < b.length; i++) b[i] = (b[i] as number) * 1.5;
    base.set(layerName(layer), a);
    head.set(layerName(layer), b);
  }
  basePath = await writeFile32("base", base);
  headPath = await writeFile32("head", head);
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function openPair(): Promise<{ base: Checkpoint; head: Checkpoint }> {
  return { base: await openLocalCheckpoint(basePath), head: await openLocalCheckpoint(headPath) };
}

async function sequential(base: Checkpoint, head: Checkpoint) {
  const diff = await runDiff(base, head, { threshold: 1e-6, workers: 0 });
  return { diff, samples: await analyzeSamples(base, head, diff) };
}

/** Names the likely choice starts with (all 24 assumed changed) and the real choice (20 changed). */
function choices(): { likely: string[]; real: string[] } {
  const all = Array.from({ length: LAYERS }, (_, layer) => layerName(layer));
  const candidate = (name: string) => ({ name, sampleBytes: 8 * 8 * 4 * 2 });
  const changed = all.filter((_, layer) => !FROZEN.includes(layer));
  return {
    likely: chooseMatrices(all.map(candidate)),
    real: chooseMatrices(changed.map(candidate)),
  };
}

/** Feeds the diff's tensors to `early` in `order`, waiting for each started analysis to end. */
async function feed(early: EarlyAnalyses, diff: DiffResult, order: readonly string[]) {
  for (const name of order) {
    const tensor = diff.compared.find((item) => item.name === name);
    if (tensor === undefined) throw new Error(`no tensor ${name}`);
    early.tensorCompared(tensor);
    if (early.likelyNames.has(name) && !FROZEN.includes(Number(name.split(".")[2]))) {
      await until(() => early.take(name) !== undefined);
    }
  }
}

describe("onTensorCompared", () => {
  it("reports each tensor once with final figures", async () => {
    const { base, head } = await openPair();
    try {
      const reported: ComparedTensor[] = [];
      const diff = await runDiff(base, head, {
        threshold: 1e-6,
        workers: 2,
        chunkBytes: 1,
        workerScript: TEST_WORKER_SCRIPT,
        onTensorCompared: (tensor) => {
          reported.push(structuredClone(tensor));
        },
      });
      const names = reported.map((tensor) => tensor.name).sort();
      expect(names).toEqual(diff.compared.map((tensor) => tensor.name).sort());
      for (const tensor of reported) {
        expect(tensor).toEqual(diff.compared.find((item) => item.name === tensor.name));
      }
      // The frozen layers have no changed element, the others change all 64.
      for (const tensor of reported) {
        const frozen = FROZEN.includes(Number(tensor.name.split(".")[2]));
        expect(tensor.stats.changed).toBe(frozen ? 0 : 64);
      }
    } finally {
      await base.close();
      await head.close();
    }
  });
});

describe("early analyses", () => {
  it("match the sequential path during a real diff", async () => {
    const { base, head } = await openPair();
    try {
      const expected = await sequential(base, head);
      const early = new EarlyAnalyses(base, head);
      const diff = await runDiff(base, head, {
        threshold: 1e-6,
        workers: 2,
        chunkBytes: 1,
        workerScript: TEST_WORKER_SCRIPT,
        onTensorCompared: early.tensorCompared,
      });
      const samples = await analyzeSamples(base, head, diff, early);
      expect(samples).toEqual(expected.samples);
      expect([...samples.matrices.keys()]).toEqual([...expected.samples.matrices.keys()]);
    } finally {
      await base.close();
      await head.close();
    }
  });

  it("reuse finished analyses and keep the sequential result", async () => {
    const { base, head } = await openPair();
    try {
      const expected = await sequential(base, head);
      const { likely, real } = choices();
      // The frozen layers are likely chosen at first, so the real choice differs.
      expect(FROZEN.map(layerName).some((name) => likely.includes(name))).toBe(true);
      const early = new EarlyAnalyses(base, head);
      const order = [...likely, ...expected.diff.compared.map((tensor) => tensor.name)];
      await feed(early, expected.diff, [...new Set(order)]);
      const reused = real.filter((name) => early.take(name) !== undefined);
      expect(reused.length).toBeGreaterThan(0);
      const samples = await analyzeSamples(base, head, expected.diff, early);
      expect(samples).toEqual(expected.samples);
      expect([...samples.matrices.keys()]).toEqual([...expected.samples.matrices.keys()]);
      expect(new Set(samples.matrices.keys())).toEqual(new Set(real));
    } finally {
      await base.close();
      await head.close();
    }
  });

  it("drop the error of an unchosen analysis", async () => {
    const { base, head } = await openPair();
    try {
      const expected = await sequential(base, head);
      const { likely, real } = choices();
      // A changed matrix chosen while the frozen layers were assumed changed, and not after.
      const frozen = FROZEN.map(layerName);
      const dropped = likely.find(
        (name) => !real.includes(name) && !frozen.includes(name),
      ) as string;
      expect(dropped).toBeDefined();
      const failing = { on: true, attempts: [] as string[] };
      const failingHead = withFailingReads(head, [dropped], failing);
      const early = new EarlyAnalyses(base, failingHead);
      await feed(early, expected.diff, [dropped]);
      expect(failing.attempts).toContain(dropped);
      expect(early.take(dropped)).toHaveProperty("error");
      await feed(
        early,
        expected.diff,
        expected.diff.compared.map((tensor) => tensor.name),
      );
      failing.on = false;
      const samples = await analyzeSamples(base, failingHead, expected.diff, early);
      expect(samples).toEqual(expected.samples);
    } finally {
      await base.close();
      await head.close();
    }
  });

  it("surface the error of a chosen analysis", async () => {
    const { base, head } = await openPair();
    try {
      const expected = await sequential(base, head);
      const chosen = choices().real[0] as string;
      const failing = { on: true, attempts: [] as string[] };
      const failingHead = withFailingReads(head, [chosen], failing);
      const early = new EarlyAnalyses(base, failingHead);
      await feed(early, expected.diff, [chosen]);
      // Reads succeed after the diff, so only the kept error can fail the second pass.
      failing.on = false;
      await expect(analyzeSamples(base, failingHead, expected.diff, early)).rejects.toThrow(
        `injected read failure of ${chosen}`,
      );
    } finally {
      await base.close();
      await head.close();
    }
  });

  it("stop at the next pause when cancelled", async () => {
    const { base, head } = await openPair();
    try {
      const expected = await sequential(base, head);
      const name = choices().real[0] as string;
      const attempts: string[] = [];
      let release = () => {};
      const readReleased = new Promise<void>((resolve) => {
        release = resolve;
      });
      const entry = base.tensors.get(name) as TensorEntry;
      const slowBase: Checkpoint = {
        ...base,
        tensors: new Map([
          ...base.tensors,
          [
            name,
            {
              ...entry,
              source: {
                ...entry.source,
                read: async (offset, length, target, targetOffset) => {
                  attempts.push("base");
                  await readReleased;
                  return entry.source.read(offset, length, target, targetOffset);
                },
              },
            },
          ],
        ]),
      };
      const headEntry = head.tensors.get(name) as TensorEntry;
      const countingHead: Checkpoint = {
        ...head,
        tensors: new Map([
          ...head.tensors,
          [
            name,
            {
              ...headEntry,
              source: {
                ...headEntry.source,
                read: (offset, length, target, targetOffset) => {
                  attempts.push("head");
                  return headEntry.source.read(offset, length, target, targetOffset);
                },
              },
            },
          ],
        ]),
      };
      const controller = new AbortController();
      const early = new EarlyAnalyses(slowBase, countingHead, controller.signal);
      early.tensorCompared(expected.diff.compared.find((t) => t.name === name) as ComparedTensor);
      expect(attempts).toEqual(["base"]);
      const reason = new Error("cancelled in the test");
      controller.abort(reason);
      release();
      await until(() => early.take(name) !== undefined);
      // The head read comes before the first pause. The compute steps after it never run.
      expect(early.take(name)).toEqual({ error: reason, bytesRead: 512 });
      expect(attempts).toEqual(["base", "head"]);
      await early.stop();
    } finally {
      await base.close();
      await head.close();
    }
  });

  it("give hand-checked figures for one matrix", async () => {
    // 8 x 8: row 2 halved (a shrink toward zero), row 5 zeroed, the others unchanged.
    const a = values(64, 7);
    const b = a.slice();
    for (let c = 0; c < 8; c++) {
      b[2 * 8 + c] = (a[2 * 8 + c] as number) / 2;
      b[5 * 8 + c] = 0;
    }
    const name = "model.layers.0.mlp.down_proj.weight";
    const base = await openLocalCheckpoint(await writeFile32("hand-base", new Map([[name, a]])));
    const head = await openLocalCheckpoint(await writeFile32("hand-head", new Map([[name, b]])));
    try {
      const diff = await runDiff(base, head, { threshold: 1e-6, workers: 0 });
      const early = new EarlyAnalyses(base, head);
      early.tensorCompared(diff.compared[0] as ComparedTensor);
      await until(() => early.take(name) !== undefined);
      const samples = await analyzeSamples(base, head, diff, early);
      const analysis = samples.matrices.get(name);
      expect(analysis?.sampledRows).toBe(8);
      // 2 of 8 rows changed, each in all 8 columns.
      expect(analysis?.changedRowShare).toBe(2 / 8);
      expect(analysis?.changedWithinRows).toBe(1);
      // The 8 halved values shrank. A value set to zero does not keep its sign.
      expect(analysis?.shrinkShare).toBe(8 / 16);
      expect(analysis?.rowChanges.unchanged).toBe(6);
      expect(analysis?.rowChanges.shrunk).toBe(1);
      expect(analysis?.rowChanges.zeroed).toBe(1);
      // ||delta|| / ||a|| is 0.5 for the halved row and 1 for the zeroed one. The upper median is 1.
      expect(analysis?.rowChanges.medianRelativeChange).toBe(1);
      // Both sides read once, whole: 8 x 8 float32 values each.
      expect(samples.bytesRead).toBe(2 * 8 * 8 * 4);
    } finally {
      await base.close();
      await head.close();
    }
  });
});
