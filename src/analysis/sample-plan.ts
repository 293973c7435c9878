/**
 * Which changed matrices the second pass analyses. A checkpoint can hold thousands of changed
 * matrices, and each sampled analysis costs milliseconds, so the second pass reads a capped,
 * deterministic sample of them. The sample is stratified by module name (q_proj, down_proj, ...)
 * and depth region, so the target modules of an adapter and the layers of a partial fine-tune are
 * represented even when only a few matrices are read.
 */

import { layerIndexOf, moduleNameOf } from "./grouping.js";

/** Maximum number of matrices the second pass analyses. The rest are counted as not analysed. */
export const MAX_ANALYSED_MATRICES = 16;
/**
 * Maximum bytes the sampled rows of the analysed matrices may take, both sides together. 16 matrices
 * of 128 sampled rows of 4,096 bfloat16 columns take 32 MiB.
 */
export const MAX_ANALYSED_BYTES = 32 * 1024 * 1024;
/** Depth regions per stack: every region with a changed matrix gets at least one analysed. */
export const DEPTH_REGIONS = 4;

/** A changed matrix the second pass could analyse. */
export interface MatrixCandidate {
  name: string;
  /** Bytes its sampled rows take, both sides together. */
  sampleBytes: number;
  /**
   * layerIndexOf(name) and moduleNameOf(name), when the caller has them (see NameFactsCache):
   * computing them is most of the cost of a choice among many matrices.
   */
  layer?: number | null;
  module?: string;
}

/** Returns a 32-bit hash of a string and an index (FNV-1a, then a murmur3 finalizer). */
export function sampleHash(name: string, index: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= index;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

interface Stratum {
  module: string;
  region: number;
  members: MatrixCandidate[];
}

/** A candidate with the hash of its name, which orders the members of a stratum. */
interface HashedCandidate {
  candidate: MatrixCandidate;
  hash: number;
}

function byHash(a: HashedCandidate, b: HashedCandidate): number {
  return a.hash - b.hash || (a.candidate.name < b.candidate.name ? -1 : 1);
}

/** Groups candidates by module name and depth region; each group sorted by the hash of its names. */
function strataOf(candidates: readonly MatrixCandidate[]): Stratum[] {
  const layers = candidates.map((candidate) =>
    candidate.layer === undefined ? layerIndexOf(candidate.name) : candidate.layer,
  );
  // reduce, not Math.max(...layers): one argument per matrix can exceed the engine's argument limit.
  const deepest = layers.reduce<number>((largest, layer) => Math.max(largest, layer ?? 0), 0);
  const groups = new Map<string, { module: string; region: number; members: HashedCandidate[] }>();
  candidates.forEach((candidate, i) => {
    const layer = layers[i] ?? null;
    const region = layer === null ? -1 : Math.floor((layer * DEPTH_REGIONS) / (deepest + 1));
    const module = candidate.module ?? moduleNameOf(candidate.name);
    const key = `${region} ${module}`;
    const group = groups.get(key) ?? { module, region, members: [] };
    // Hashed once per name, not once per comparison of the sort.
    group.members.push({ candidate, hash: sampleHash(candidate.name, 0) });
    groups.set(key, group);
  });
  const list: Stratum[] = [...groups.values()].map((group) => ({
    module: group.module,
    region: group.region,
    members: group.members.sort(byHash).map((member) => member.candidate),
  }));
  const key = (stratum: Stratum) => sampleHash(`${stratum.region} ${stratum.module}`, 1);
  return list.sort((a, b) => key(a) - key(b));
}

/**
 * Returns the names of the matrices to analyse, at most `maxMatrices` whose sample bytes sum to at
 * most `maxBytes`: first one matrix of every module name, then one of every depth region not yet
 * covered, then one of every other stratum, then further members round by round. Within a stratum
 * the matrices are taken in the order of a hash of their names, so the choice does not depend on
 * the order of the tensors in the files.
 */
export function chooseMatrices(
  candidates: readonly MatrixCandidate[],
  maxMatrices = MAX_ANALYSED_MATRICES,
  maxBytes = MAX_ANALYSED_BYTES,
): string[] {
  const chosen = new Set<string>();
  let bytes = 0;
  const take = (candidate: MatrixCandidate | undefined): void => {
    if (candidate === undefined || chosen.has(candidate.name) || chosen.size >= maxMatrices) return;
    if (bytes + candidate.sampleBytes > maxBytes) return;
    chosen.add(candidate.name);
    bytes += candidate.sampleBytes;
  };
  const strata = strataOf(candidates);
  const modules = new Set<string>();
  for (const stratum of strata) {
    if (modules.has(stratum.module)) continue;
    modules.add(stratum.module);
    take(stratum.members.find((member) => !chosen.has(member.name)));
  }
  const regions = new Set(
    strata
      .filter((stratum) => stratum.members.some((member) => chosen.has(member.name)))
      .map((stratum) => stratum.region),
  );
  for (const stratum of strata) {
    if (regions.has(stratum.region)) continue;
    regions.add(stratum.region);
    take(stratum.members.find((member) => !chosen.has(member.name)));
  }
  const deepestRound = strata.reduce(
    (largest, stratum) => Math.max(largest, stratum.members.length),
    0,
  );
  for (let round = 0; round < deepestRound && chosen.size < maxMatrices; round++) {
    for (const stratum of strata) take(stratum.members[round]);
  }
  return candidates.filter((candidate) => chosen.has(candidate.name)).map((c) => c.name);
}
