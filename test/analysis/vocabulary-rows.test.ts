import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readVocabularyRows, type VocabularyRows } from "../../src/analysis/vocabulary-rows.js";
import { openLocalCheckpoint } from "../../src/checkpoint/local.js";
import { runDiff } from "../../src/diff/engine.js";
import { encodeSafetensors } from "../../src/format/writer.js";

/**
 * Hand-made embeddings of width 4. Base row i is [i + 1, 0, 0, 0] for i = 0..7, so the old rows
 * have a mean norm of 4.5 and a mean row of [4.5, 0, 0, 0]. Every value is exact in float32.
 */
const WIDTH = 4;
const BASE_ROWS: number[][] = Array.from({ length: 8 }, (_, i) => [i + 1, 0, 0, 0]);

let scratch = "";
let files = 0;

async function writeTensors(tensors: Record<string, number[][]>): Promise<string> {
  const file = path.join(scratch, `model-${files++}.safetensors`);
  const list = Object.entries(tensors).map(([name, rows]) => ({
    name,
    dtype: "F32" as const,
    shape: [rows.length, WIDTH],
    data: new Uint8Array(Float32Array.from(rows.flat()).buffer),
  }));
  await writeFile(file, encodeSafetensors(list));
  return file;
}

/** Diffs two sets of tensors and returns the row-level reading of the resized ones. */
async function vocabularyOf(
  baseTensors: Record<string, number[][]>,
  headTensors: Record<string, number[][]>,
): Promise<VocabularyRows[]> {
  const base = await openLocalCheckpoint(await writeTensors(baseTensors));
  const head = await openLocalCheckpoint(await writeTensors(headTensors));
  try {
    const diff = await runDiff(base, head, { threshold: 1e-6, workers: 0 });
    return await readVocabularyRows(base, head, diff, { bytes: 0 });
  } finally {
    await base.close();
    await head.close();
  }
}

/** The base rows with row 3 changed from [4, 0, 0, 0] to [4, 3, 0, 0], then `added`. */
function grown(added: number[][]): number[][] {
  const rows = BASE_ROWS.map((row) => [...row]);
  rows[3] = [4, 3, 0, 0];
  return [...rows, ...added];
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "model-diff-vocabulary-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("readVocabularyRows", () => {
  it("reads zero-initialized new rows", async () => {
    const [rows, ...rest] = await vocabularyOf(
      { "model.embed_tokens.weight": BASE_ROWS },
      {
        "model.embed_tokens.weight": grown([
          [0, 0, 0, 0],
          [0, 0, 0, 0],
        ]),
      },
    );
    expect(rest).toEqual([]);
    expect(rows?.name).toBe("model.embed_tokens.weight");
    expect(rows?.baseRows).toBe(8);
    expect(rows?.headRows).toBe(10);
    expect(rows?.columns).toBe(WIDTH);
    expect(rows?.commonSampled).toBe(8);
    // Row 3 moved by 3 against a norm of 4; the median of seven 0s and one 0.75 is 0.
    expect(rows?.commonUnchanged).toBe(7);
    expect(rows?.commonMedianRelativeChange).toBe(0);
    expect(rows?.newRows).toBe(2);
    expect(rows?.newRowsRead).toBe(2);
    expect(rows?.newZeroRows).toBe(2);
    expect(rows?.newNormRatio).toBe(0);
    expect(rows?.newSpread).toBe(0);
    // The zero row lies one old-row norm (4.5) from the old mean row [4.5, 0, 0, 0].
    expect(rows?.newCenterToOldMean).toBeCloseTo(1, 12);
    expect(rows?.init).toBe("zero");
  });

  it("reads mean-initialized new rows", async () => {
    const [rows] = await vocabularyOf(
      { "model.embed_tokens.weight": BASE_ROWS },
      {
        "model.embed_tokens.weight": grown([
          [4.5, 0, 0, 0],
          [4.5, 0, 0, 0],
          [4.5, 0, 0, 0],
        ]),
      },
    );
    expect(rows?.newRows).toBe(3);
    expect(rows?.newZeroRows).toBe(0);
    expect(rows?.newNormRatio).toBeCloseTo(1, 12);
    expect(rows?.newSpread).toBe(0);
    expect(rows?.newCenterToOldMean).toBe(0);
    expect(rows?.init).toBe("mean");
  });

  it("reads distinct new rows", async () => {
    const [rows] = await vocabularyOf(
      { "model.embed_tokens.weight": BASE_ROWS },
      {
        "model.embed_tokens.weight": grown([
          [0, 3, 0, 0],
          [0, 0, 4, 0],
        ]),
      },
    );
    // Norms 3 and 4 against 4.5; both rows lie 2.5 from their mean row [0, 1.5, 2, 0], which lies
    // sqrt(4.5^2 + 1.5^2 + 2^2) = sqrt(26.5) from the old mean row.
    expect(rows?.newNormRatio).toBeCloseTo(3.5 / 4.5, 12);
    expect(rows?.newSpread).toBeCloseTo(2.5 / 4.5, 12);
    expect(rows?.newCenterToOldMean).toBeCloseTo(Math.sqrt(26.5) / 4.5, 12);
    expect(rows?.init).toBe("distinct");
  });

  it("reads a shrunk output head", async () => {
    const [rows] = await vocabularyOf(
      { "lm_head.weight": BASE_ROWS },
      { "lm_head.weight": BASE_ROWS.slice(0, 6) },
    );
    expect(rows?.name).toBe("lm_head.weight");
    expect(rows?.commonSampled).toBe(6);
    expect(rows?.commonUnchanged).toBe(6);
    expect(rows?.commonMedianRelativeChange).toBe(0);
    expect(rows?.newRows).toBe(0);
    expect(rows?.newRowsRead).toBe(0);
    expect(rows?.newNormRatio).toBeNull();
    expect(rows?.init).toBeNull();
  });

  it("skips reshaped tensors of other kinds", async () => {
    const found = await vocabularyOf(
      { "model.layers.0.mlp.up_proj.weight": BASE_ROWS },
      { "model.layers.0.mlp.up_proj.weight": grown([[1, 0, 0, 0]]) },
    );
    expect(found).toEqual([]);
  });
});
