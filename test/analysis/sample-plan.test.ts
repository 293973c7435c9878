import { describe, expect, it } from "vitest";
import {
  chooseMatrices,
  DEPTH_REGIONS,
  type MatrixCandidate,
} from "../../src/analysis/sample-plan.js";

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

/** Returns FNV-1a of the text with the index mixed in, then the murmur3 finalizer. */
function referenceHash(text: string, index: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash ^= index;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

interface PlainCandidate {
  name: string;
  sampleBytes: number;
  layer: number | null;
  module: string;
}

/**
 * Returns the choice as its documentation describes it, computed plainly. Strata by module name
 * and depth region are taken in the order of the hash of their key, and their members in the order
 * of the hash of their names, then by name. One matrix is taken per module name, then one per
 * uncovered region, then the rest round by round.
 */
function referenceChoice(
  candidates: readonly PlainCandidate[],
  maxMatrices: number,
  maxBytes: number,
): string[] {
  let deepest = 0;
  for (const candidate of candidates) deepest = Math.max(deepest, candidate.layer ?? 0);
  const strata = new Map<string, { module: string; region: number; members: PlainCandidate[] }>();
  for (const candidate of candidates) {
    const region =
      candidate.layer === null ? -1 : Math.floor((candidate.layer * DEPTH_REGIONS) / (deepest + 1));
    const key = `${region} ${candidate.module}`;
    const stratum = strata.get(key) ?? { module: candidate.module, region, members: [] };
    stratum.members.push(candidate);
    strata.set(key, stratum);
  }
  for (const stratum of strata.values()) {
    stratum.members.sort(
      (a, b) => referenceHash(a.name, 0) - referenceHash(b.name, 0) || (a.name < b.name ? -1 : 1),
    );
  }
  const ordered = [...strata.entries()]
    .sort(([a], [b]) => referenceHash(a, 1) - referenceHash(b, 1))
    .map(([, stratum]) => stratum);

  const chosen = new Set<string>();
  let bytes = 0;
  const take = (candidate: PlainCandidate | undefined) => {
    if (candidate === undefined || chosen.has(candidate.name) || chosen.size >= maxMatrices) return;
    if (bytes + candidate.sampleBytes > maxBytes) return;
    chosen.add(candidate.name);
    bytes += candidate.sampleBytes;
  };
  const modules = new Set<string>();
  for (const stratum of ordered) {
    if (modules.has(stratum.module)) continue;
    modules.add(stratum.module);
    take(stratum.members.find((member) => !chosen.has(member.name)));
  }
  const regions = new Set(
    ordered
      .filter((stratum) => stratum.members.some((member) => chosen.has(member.name)))
      .map((stratum) => stratum.region),
  );
  for (const stratum of ordered) {
    if (regions.has(stratum.region)) continue;
    regions.add(stratum.region);
    take(stratum.members.find((member) => !chosen.has(member.name)));
  }
  for (let round = 0; chosen.size < maxMatrices; round++) {
    if (ordered.every((stratum) => round >= stratum.members.length)) break;
    for (const stratum of ordered) take(stratum.members[round]);
  }
  return candidates.filter((candidate) => chosen.has(candidate.name)).map((c) => c.name);
}

describe("chooseMatrices against a plain reference", () => {
  /** 100,000 expert matrices of 7 module names, some outside layers, of varied sample sizes. */
  const experts: PlainCandidate[] = Array.from({ length: 100_000 }, (_, i) => {
    const layer = i % 50 === 0 ? null : Math.floor(i / 640);
    const module = MODULES[i % MODULES.length] as string;
    const name =
      layer === null
        ? `extra.${i}.${module}.weight`
        : `model.layers.${layer}.mlp.experts.${i % 64}.${module}.${i}.weight`;
    return { name, sampleBytes: ((i * 7919) % 13) * 4096 + 4096, layer, module };
  });

  it("chooses as the reference under the matrix cap", () => {
    const chosen = chooseMatrices(experts, 64, 2 ** 40);
    expect(chosen).toHaveLength(64);
    expect(chosen).toEqual(referenceChoice(experts, 64, 2 ** 40));
  });

  it("chooses as the reference under the byte cap", () => {
    // About 20 matrices fit, so the cap skips larger members and takes smaller ones after them.
    const maxBytes = 20 * 28_000;
    const chosen = chooseMatrices(experts, 64, maxBytes);
    expect(chosen.length).toBeGreaterThan(7);
    expect(chosen).toEqual(referenceChoice(experts, 64, maxBytes));
  });
});
