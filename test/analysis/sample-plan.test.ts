import { describe, expect, it } from "vitest";
import { chooseMatrices, type MatrixCandidate } from "../../src/analysis/sample-plan.js";

const MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

/** Every matrix of a 40-layer decoder, 1 MiB of sampled rows each. */
function decoder(layers: number): MatrixCandidate[] {
  const candidates: MatrixCandidate[] = [];
  for (let layer = 0; layer < layers; layer++) {
    for (const module of MODULES) {
      const group = module.endsWith("_proj") && module.length === 6 ? "self_attn" : "mlp";
      candidates.push({
        name: `model.layers.${layer}.${group}.${module}.weight`,
        sampleBytes: 1 << 20,
      });
    }
  }
  return candidates;
}

function layerOf(name: string): number {
  return Number(name.split(".")[2]);
}

describe("chooseMatrices", () => {
  it("stops at the matrix cap", () => {
    expect(chooseMatrices(decoder(40), 16, 1 << 30)).toHaveLength(16);
  });

  it("chooses among 280,000 matrices", () => {
    // 40,000 layers of 7 matrices: more candidates than Math.max accepts as arguments.
    const chosen = chooseMatrices(decoder(40_000), 16, 1 << 30);
    expect(chosen).toHaveLength(16);
    // One of every module name is taken first.
    expect(new Set(chosen.map((name) => name.split(".")[4]))).toEqual(new Set(MODULES));
  });

  it("stops at the byte cap", () => {
    expect(chooseMatrices(decoder(40), 100, 5 << 20)).toHaveLength(5);
  });

  it("takes every matrix under the caps", () => {
    expect(chooseMatrices(decoder(2), 16, 1 << 30)).toHaveLength(14);
  });

  it("covers every module name", () => {
    const chosen = chooseMatrices(decoder(40), 9, 1 << 30);
    for (const module of MODULES) {
      expect(chosen.some((name) => name.includes(`.${module}.`))).toBe(true);
    }
  });

  it("covers every depth region", () => {
    const chosen = chooseMatrices(decoder(40), 16, 1 << 30);
    // Four regions of ten layers each.
    for (const region of [0, 1, 2, 3]) {
      expect(chosen.some((name) => Math.floor(layerOf(name) / 10) === region)).toBe(true);
    }
  });

  it("does not depend on the order of the tensors", () => {
    const forward = chooseMatrices(decoder(40), 16, 1 << 30);
    const backward = chooseMatrices([...decoder(40)].reverse(), 16, 1 << 30);
    expect([...backward].sort()).toEqual([...forward].sort());
  });

  it("finds the changed layers of a partial fine-tune", () => {
    const top = decoder(40).filter((candidate) => layerOf(candidate.name) >= 38);
    const chosen = chooseMatrices(top, 16, 1 << 30);
    expect(chosen).toHaveLength(14);
  });
});
