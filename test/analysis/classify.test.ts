import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classify } from "../../src/analysis/classify.js";
import { fromBfloat16Bits, toBfloat16Bits } from "../../src/demo/bfloat16.js";
import { SeededRandom } from "../../src/demo/random.js";
import type { ComparedTensor, DiffResult } from "../../src/diff/types.js";
import type { Classification } from "../../src/report/model.js";
import { comparedTensor } from "../helpers/naive-stats.js";
import { PROJECT_ROOT } from "../helpers/shared.js";

const random = new SeededRandom(7);

function gaussianArray(count: number, std: number, mean = 0): Float64Array {
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = mean + std * random.gaussian();
  return values;
}

/** b = a + noise with ||noise|| / ||a|| close to `rho`. */
function perturb(a: Float64Array, rho: number): Float64Array {
  const rms = Math.sqrt(a.reduce((sum, v) => sum + v * v, 0) / a.length);
  return a.map((v) => v + rho * rms * random.gaussian());
}

function diffOf(compared: ComparedTensor[], extra: Partial<DiffResult> = {}): DiffResult {
  return { threshold: 1e-6, compared, added: [], removed: [], reshaped: [], renamed: [], ...extra };
}

const SIDE = 300;

const schemaDoc = readFileSync(path.join(PROJECT_ROOT, "docs", "report-schema.md"), "utf8");

/** Checks that docs/report-schema.md lists every member of the label's detail object. */
function expectDetailDocumented(result: Classification): void {
  const row = schemaDoc
    .split("\n")
    .find((line) => line.replace(/\s+/g, " ").startsWith(`| \`${result.label}\` |`));
  expect(row, `no detail row for ${result.label}`).toBeDefined();
  for (const key of Object.keys(result.detail)) {
    const documented =
      row?.includes(`\`${key}\``) ||
      (result.label === "partial_finetune" && key === "changedTensors");
    expect(documented, `${result.label} detail member ${key}`).toBe(true);
  }
}

describe("classify", () => {
  it("labels a dense small update as finetune with high confidence", () => {
    const compared = [0, 1, 2].map((i) => {
      const a = gaussianArray(SIDE * SIDE, 0.02);
      return comparedTensor(
        `model.layers.${i}.mlp.up_proj.weight`,
        [SIDE, SIDE],
        a,
        perturb(a, 0.07),
      );
    });
    const result = classify(diffOf(compared));
    expectDetailDocumented(result);
    expect(result.label).toBe("finetune");
    // Without the sampled structure tests the level stops at medium; the score stays high.
    expect(result.confidence).toBe("medium");
    expect(result.score).toBeGreaterThan(0.9);
    expect(result.cappedBy).toMatch(/sampled structure tests|sign agreement/);
    expect(result.evidence.join(" ")).toMatch(/Qwen2\.5-0\.5B/);
  });

  it("labels a norm-only change as partial_finetune", () => {
    const matrix = gaussianArray(SIDE * SIDE, 0.02);
    const norm = gaussianArray(SIDE, 0.01, 1);
    const movedNorm = norm.map((v, i) => (i % 2 === 0 ? v + 0.001 : v));
    const compared = [
      comparedTensor("layers.0.mlp.up_proj.weight", [SIDE, SIDE], matrix, matrix),
      comparedTensor("layers.0.norm.weight", [SIDE], norm, movedNorm),
    ];
    const result = classify(diffOf(compared));
    expectDetailDocumented(result);
    expect(result.label).toBe("partial_finetune");
    // 1-D tensors show little about lineage, so the level is capped at medium.
    expect(result.confidence).toBe("medium");
    expect(result.cappedBy).toMatch(/only 1-D tensors changed/);
    expect(result.headline).not.toMatch(/constant/);
  });

  it("labels uncorrelated matrices as independent despite equal norm vectors", () => {
    const compared = [0, 1].map((i) =>
      comparedTensor(
        `layers.${i}.weight`,
        [SIDE, SIDE],
        gaussianArray(SIDE * SIDE, 0.02),
        gaussianArray(SIDE * SIDE, 0.02),
      ),
    );
    // Norm weights of two independent runs sit near 1, so their cosine is near 1 too.
    const normA = gaussianArray(SIDE, 0.01, 1);
    const normB = gaussianArray(SIDE, 0.01, 1);
    compared.push(comparedTensor("layers.0.norm.weight", [SIDE], normA, normB));
    const result = classify(diffOf(compared));
    expectDetailDocumented(result);
    expect(result.label).toBe("independent");
    expect(result.headline).toMatch(/No detectable lineage/);
  });

  it("labels a partly correlated head as continued_pretraining", () => {
    const compared = [0, 1].map((i) => {
      const a = gaussianArray(SIDE * SIDE, 0.02);
      const fresh = gaussianArray(SIDE * SIDE, 0.02);
      const b = a.map((v, k) => 0.6 * v + 0.8 * (fresh[k] as number));
      return comparedTensor(`layers.${i}.weight`, [SIDE, SIDE], a, b);
    });
    expect(classify(diffOf(compared)).label).toBe("continued_pretraining");
  });

  it("treats signed zeros and NaN payloads as identical", () => {
    const a = [0, -0, Number.NaN, 1.5, Number.POSITIVE_INFINITY];
    const b = [-0, 0, Number.NaN, 1.5, Number.POSITIVE_INFINITY];
    const result = classify(diffOf([comparedTensor("w", [5], a, b)]));
    expectDetailDocumented(result);
    expect(result.label).toBe("identical");
    expect(result.confidence).toBe("high");
  });

  it("labels float32 to bfloat16 rounding as cast", () => {
    const a = gaussianArray(SIDE * SIDE, 0.02);
    const b = a.map((v) => fromBfloat16Bits(toBfloat16Bits(v)));
    const tensor = comparedTensor("w", [SIDE, SIDE], a, b, { base: "F32", head: "BF16" });
    const result = classify(diffOf([tensor]));
    expectDetailDocumented(result);
    expect(result.label).toBe("cast");
  });

  it("labels a subset of changed layers as partial_finetune", () => {
    const compared = [0, 1, 2, 3].map((i) => {
      const a = gaussianArray(SIDE * SIDE, 0.02);
      const b = i < 3 ? a : perturb(a, 0.05);
      return comparedTensor(`model.layers.${i}.mlp.up_proj.weight`, [SIDE, SIDE], a, b);
    });
    const result = classify(diffOf(compared));
    expectDetailDocumented(result);
    expect(result.label).toBe("partial_finetune");
    expect(result.detail.changedTensors).toEqual(["model.layers.3.mlp.up_proj.weight"]);
  });

  it("labels added tensors as architecture_change", () => {
    const a = gaussianArray(16, 1);
    const result = classify(
      diffOf([comparedTensor("w", [4, 4], a, a)], {
        added: [{ name: "layers.2.weight", shape: [4, 4], dtype: "F32", numel: 16 }],
      }),
    );
    expectDetailDocumented(result);
    expect(result.label).toBe("architecture_change");
    expect(result.evidence[0]).toContain('"layers.2.weight"');
  });

  it("labels renamed identical tensors as identical", () => {
    const result = classify(
      diffOf([], {
        renamed: [
          { baseName: "a.weight", headName: "b_weight", shape: [2], dtype: "F32", numel: 2 },
        ],
      }),
    );
    expectDetailDocumented(result);
    expect(result.label).toBe("identical");
    expect(result.headline).toBe("The weights are identical; every tensor has a new name.");
  });

  it("says some names changed when others kept theirs", () => {
    const a = gaussianArray(4, 1);
    const result = classify(
      diffOf([comparedTensor("kept.weight", [4], a, a)], {
        renamed: [
          { baseName: "a.weight", headName: "b_weight", shape: [2], dtype: "F32", numel: 2 },
        ],
      }),
    );
    expect(result.label).toBe("identical");
    expect(result.headline).toBe("The weights are identical; some tensors have new names.");
  });

  it("caps confidence at low for small matrices", () => {
    const a = gaussianArray(8 * 768, 0.02);
    const result = classify(
      diffOf([comparedTensor("lora_A.weight", [8, 768], a, perturb(a, 0.05))]),
    );
    expectDetailDocumented(result);
    expect(result.label).toBe("finetune");
    expect(result.confidence).toBe("low");
    expect(result.score).toBeGreaterThan(0.9);
    expect(result.cappedBy).toMatch(/side shorter than 256/);
  });

  it("lifts the small-matrix cap for strong correlations", () => {
    // r is about 0.999 at rho 0.05, so each 64 x 64 matrix has z = r * sqrt(64), about 8 (at least
    // 6), and 30 of them combine to about 8 * sqrt(30) = 44 (above 20).
    const compared = Array.from({ length: 30 }, (_, i) => {
      const a = gaussianArray(64 * 64, 0.02);
      return comparedTensor(`model.layers.${i}.mlp.up_proj.weight`, [64, 64], a, perturb(a, 0.05));
    });
    const result = classify(diffOf(compared));
    expect(result.label).toBe("finetune");
    // Only the missing second family of evidence caps the level now.
    expect(result.confidence).toBe("medium");
    expect(result.cappedBy).toMatch(/sampled structure tests|sign agreement/);
    expect(result.cappedBy).not.toMatch(/side shorter/);
  });

  it("keeps the small-matrix cap for few matrices", () => {
    // Two such matrices combine to about 8 * sqrt(2) = 11, below 20.
    const compared = [0, 1].map((i) => {
      const a = gaussianArray(64 * 64, 0.02);
      return comparedTensor(`model.layers.${i}.mlp.up_proj.weight`, [64, 64], a, perturb(a, 0.05));
    });
    const result = classify(diffOf(compared));
    expect(result.label).toBe("finetune");
    expect(result.confidence).toBe("low");
    expect(result.cappedBy).toMatch(/side shorter than 256/);
  });

  it("finds no lineage from an all-zero base", () => {
    const zeros = new Float64Array(SIDE * SIDE);
    const result = classify(
      diffOf([comparedTensor("lora_B.weight", [SIDE, SIDE], zeros, gaussianArray(SIDE * SIDE, 1))]),
    );
    expectDetailDocumented(result);
    expect(result.label).toBe("independent");
    expect(result.confidence).toBe("low");
    expect(result.score).toBe(0);
    expect(result.evidence.join(" ")).not.toMatch(/100\.00% of the matrix parameters sit/);
  });

  it("reports n/a instead of NaN for zero tensors", () => {
    const zeros = new Float64Array(SIDE * SIDE);
    const result = classify(
      diffOf([comparedTensor("w", [SIDE, SIDE], zeros, gaussianArray(SIDE * SIDE, 1))]),
    );
    expectDetailDocumented(result);
    expect(JSON.stringify(result)).not.toMatch(/NaN/);
  });
});
