import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classify } from "../../src/analysis/classify.js";
import { type ContentMatches, matchContent } from "../../src/analysis/content-matches.js";
import { analyzeSamples } from "../../src/analysis/sampling.js";
import { openLocalCheckpoint } from "../../src/checkpoint/local.js";
import type { Checkpoint, TensorEntry } from "../../src/checkpoint/types.js";
import { runDiff } from "../../src/diff/engine.js";
import { encodeSafetensors } from "../../src/format/writer.js";
import type { ByteSource } from "../../src/io/byte-source.js";
import type { Classification } from "../../src/report/model.js";

/** Returns a float32 matrix of distinct values from a seeded linear congruential stream. */
function matrix(rows: number, columns: number, seed: number): Float32Array {
  const values = new Float32Array(rows * columns);
  let state = seed >>> 0;
  for (let i = 0; i < values.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = (state / 2 ** 32 - 0.5) * 0.04;
  }
  return values;
}

type Model = Map<string, { shape: number[]; values: Float32Array }>;

let scratch = "";

async function writeModel(name: string, model: Model): Promise<string> {
  const file = path.join(scratch, `${name}.safetensors`);
  const tensors = [...model].map(([tensorName, tensor]) => ({
    name: tensorName,
    dtype: "F32" as const,
    shape: tensor.shape,
    data: new Uint8Array(tensor.values.slice().buffer),
  }));
  await writeFile(file, encodeSafetensors(tensors));
  return file;
}

/** Diffs, samples and classifies two models, and returns the content matches and the label. */
async function compare(
  baseModel: Model,
  headModel: Model,
): Promise<{ content: ContentMatches; classification: Classification }> {
  const base = await openLocalCheckpoint(await writeModel(`base-${baseModel.size}`, baseModel));
  const head = await openLocalCheckpoint(await writeModel(`head-${headModel.size}`, headModel));
  try {
    const diff = await runDiff(base, head, { threshold: 1e-6, workers: 0 });
    const direct = await matchContent(base, head, diff, { bytes: 0 });
    const samples = await analyzeSamples(base, head, diff);
    expect(samples.content).toEqual(direct);
    return { content: direct, classification: classify(diff, { samples }) };
  } finally {
    await base.close();
    await head.close();
  }
}

const HIDDEN = 64;
const VOCAB = 96;

/** Adds layer `index` with two matrices seeded by `seed` and one all-zero matrix. */
function layer(model: Model, index: number, seed: number): void {
  const prefix = `model.layers.${index}`;
  model.set(`${prefix}.self_attn.q_proj.weight`, {
    shape: [HIDDEN, HIDDEN],
    values: matrix(HIDDEN, HIDDEN, 1000 + seed),
  });
  model.set(`${prefix}.mlp.up_proj.weight`, {
    shape: [2 * HIDDEN, HIDDEN],
    values: matrix(2 * HIDDEN, HIDDEN, 2000 + seed),
  });
  model.set(`${prefix}.mlp.zero_proj.weight`, {
    shape: [HIDDEN, HIDDEN],
    values: new Float32Array(HIDDEN * HIDDEN),
  });
}

/** Counts the reads open at once across the sources that `slow` wraps. */
interface OpenReads {
  now: number;
  max: number;
}

/**
 * Returns `checkpoint` with every tensor read asynchronous and slower for smaller offsets, so
 * reads started in file order finish in reverse order, as replies from a server may.
 */
function slow(checkpoint: Checkpoint, open: OpenReads): Checkpoint {
  const tensors = new Map<string, TensorEntry>();
  for (const [name, entry] of checkpoint.tensors) {
    const inner = entry.source;
    const source: ByteSource = {
      name: inner.name,
      size: inner.size,
      spec: inner.spec,
      close: () => inner.close(),
      read: async (offset, length, target, targetOffset) => {
        open.now++;
        open.max = Math.max(open.max, open.now);
        const delay = 1 + Math.floor(((inner.size - offset) / inner.size) * 8);
        await new Promise((resolve) => setTimeout(resolve, delay));
        open.now--;
        return inner.read(offset, length, target, targetOffset);
      },
    };
    tensors.set(name, { ...entry, source });
  }
  return { ...checkpoint, tensors };
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "model-diff-content-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("content matches", () => {
  it("finds an untied output head by content", async () => {
    const embedding = matrix(VOCAB, HIDDEN, 7);
    const base: Model = new Map([
      ["model.embed_tokens.weight", { shape: [VOCAB, HIDDEN], values: embedding }],
      ["lm_head.weight", { shape: [VOCAB, HIDDEN], values: embedding.slice() }],
    ]);
    layer(base, 0, 0);
    const head: Model = new Map(base);
    const untied = embedding.slice();
    untied[5] = (untied[5] as number) + 0.01;
    head.set("lm_head.weight", { shape: [VOCAB, HIDDEN], values: untied });

    const { content, classification } = await compare(base, head);
    expect(content.baseTied).toBe(true);
    expect(content.headTied).toBe(false);
    expect(content.layerCopies).toEqual([]);
    const note = classification.structuralNotes.find((item) => item.kind === "tied_untied");
    expect(note?.detail).toEqual({ baseTied: true, headTied: false });
    expect(note?.text).toContain("unties");
  });

  it("finds a tie made by copying the embedding", async () => {
    const embedding = matrix(VOCAB, HIDDEN, 8);
    const base: Model = new Map([
      ["model.embed_tokens.weight", { shape: [VOCAB, HIDDEN], values: embedding }],
      ["lm_head.weight", { shape: [VOCAB, HIDDEN], values: matrix(VOCAB, HIDDEN, 9) }],
    ]);
    const head: Model = new Map(base);
    head.set("lm_head.weight", { shape: [VOCAB, HIDDEN], values: embedding.slice() });

    const { content, classification } = await compare(base, head);
    expect(content.baseTied).toBe(false);
    expect(content.headTied).toBe(true);
    const note = classification.structuralNotes.find((item) => item.kind === "tied_untied");
    expect(note?.text).toContain("ties the output head");
  });

  it("keeps a stored copy of a tied head tied", async () => {
    const embedding = matrix(VOCAB, HIDDEN, 10);
    const base: Model = new Map([
      ["model.embed_tokens.weight", { shape: [VOCAB, HIDDEN], values: embedding }],
    ]);
    const head: Model = new Map(base);
    head.set("lm_head.weight", { shape: [VOCAB, HIDDEN], values: embedding.slice() });

    const { content, classification } = await compare(base, head);
    expect(content.baseTied).toBeNull();
    expect(content.headTied).toBe(true);
    const note = classification.structuralNotes.find((item) => item.kind === "tied_untied");
    expect(note?.text).toContain("still tied");
  });

  it("reads nothing when the vocabulary is unchanged", async () => {
    const embedding = matrix(VOCAB, HIDDEN, 13);
    const base: Model = new Map([
      ["model.embed_tokens.weight", { shape: [VOCAB, HIDDEN], values: embedding }],
      ["lm_head.weight", { shape: [VOCAB, HIDDEN], values: embedding.slice() }],
    ]);
    layer(base, 0, 0);
    const head: Model = new Map(base);
    layer(head, 0, 1);

    const baseCheckpoint = await openLocalCheckpoint(await writeModel("same-vocab-base", base));
    const headCheckpoint = await openLocalCheckpoint(await writeModel("same-vocab-head", head));
    try {
      const diff = await runDiff(baseCheckpoint, headCheckpoint, { threshold: 1e-6, workers: 0 });
      const counter = { bytes: 0 };
      const content = await matchContent(baseCheckpoint, headCheckpoint, diff, counter);
      expect(content).toEqual({ baseTied: null, headTied: null, layerCopies: [] });
      expect(counter.bytes).toBe(0);
      const structureOnly = await matchContent(
        baseCheckpoint,
        headCheckpoint,
        {
          ...diff,
          mode: "structure",
          added: [
            {
              name: "model.layers.1.mlp.up_proj.weight",
              shape: [HIDDEN, HIDDEN],
              dtype: "F32",
              numel: HIDDEN * HIDDEN,
            },
          ],
        },
        counter,
      );
      expect(structureOnly.layerCopies).toEqual([]);
      expect(counter.bytes).toBe(0);
    } finally {
      await baseCheckpoint.close();
      await headCheckpoint.close();
    }
  });

  it("compares sampled rows of large tensors", async () => {
    // 640 x 512 float32 is 1.25 MiB, above the size fingerprinted whole.
    const rows = 640;
    const columns = 512;
    const embedding = matrix(rows, columns, 11);
    const base: Model = new Map([
      ["model.embed_tokens.weight", { shape: [rows, columns], values: embedding }],
      ["lm_head.weight", { shape: [rows, columns], values: embedding.slice() }],
    ]);
    const head: Model = new Map(base);
    head.set("lm_head.weight", { shape: [rows, columns], values: matrix(rows, columns, 12) });

    const { content } = await compare(base, head);
    expect(content.baseTied).toBe(true);
    expect(content.headTied).toBe(false);
  });

  it("names the base layers a deepened head copies", async () => {
    const base: Model = new Map();
    for (let i = 0; i < 3; i++) layer(base, i, i);
    // Head layers 0, 1, 2, 3 copy base layers 0, 1, 1, 2.
    const head: Model = new Map();
    for (const [target, source] of [0, 1, 1, 2].entries()) layer(head, target, source);

    const { content, classification } = await compare(base, head);
    expect(content.layerCopies).toEqual([
      { headLayer: "0", baseLayer: "0", tensors: 2, headTensors: 3 },
      { headLayer: "1", baseLayer: "1", tensors: 2, headTensors: 3 },
      { headLayer: "2", baseLayer: "1", tensors: 2, headTensors: 3 },
      { headLayer: "3", baseLayer: "2", tensors: 2, headTensors: 3 },
    ]);
    expect(classification.label).toBe("architecture_change");
    expect(classification.detail.duplicatedLayers).toEqual([
      { baseLayer: "1", headLayers: ["1", "2"] },
    ]);
    const line = classification.evidence.find((text) => text.includes("copied by content"));
    expect(line).toContain("2 ← 1");
    expect(line).toContain("3 ← 2");
  });

  it("lists no copies when the layer count is kept", async () => {
    const base: Model = new Map();
    for (let i = 0; i < 2; i++) layer(base, i, i);
    const head: Model = new Map();
    for (let i = 0; i < 2; i++) layer(head, i, 1 - i);

    const { content } = await compare(base, head);
    expect(content.layerCopies).toEqual([]);
  });

  it("maps layers right when reads finish out of order", async () => {
    const base: Model = new Map();
    for (let i = 0; i < 12; i++) layer(base, i, i);
    // Head layer i copies base layer floor(i * 12 / 18): 18 layers made of 12.
    const source = (headLayer: number) => Math.floor((headLayer * 12) / 18);
    const head: Model = new Map();
    for (let i = 0; i < 18; i++) layer(head, i, source(i));
    const baseCheckpoint = await openLocalCheckpoint(await writeModel("deep-base", base));
    const headCheckpoint = await openLocalCheckpoint(await writeModel("deep-head", head));
    try {
      const diff = await runDiff(baseCheckpoint, headCheckpoint, { threshold: 1e-6, workers: 0 });
      const open: OpenReads = { now: 0, max: 0 };
      const counter = { bytes: 0 };
      const content = await matchContent(
        slow(baseCheckpoint, open),
        slow(headCheckpoint, open),
        diff,
        counter,
      );
      // The all-zero matrix of each layer is left out, so 2 of 3 matrices match.
      expect(content.layerCopies).toEqual(
        Array.from({ length: 18 }, (_, i) => ({
          headLayer: String(i),
          baseLayer: String(source(i)),
          tensors: 2,
          headTensors: 3,
        })),
      );
      // Every layer matrix of both sides is read once, whole.
      const matrixBytes = (HIDDEN * HIDDEN * 2 + 2 * HIDDEN * HIDDEN) * 4;
      expect(counter.bytes).toBe((12 + 18) * matrixBytes);
      expect(open.max).toBeGreaterThan(1);
      expect(open.now).toBe(0);
    } finally {
      await baseCheckpoint.close();
      await headCheckpoint.close();
    }
  });
});
