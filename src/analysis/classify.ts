import type { DiffResult } from "../diff/types.js";
import { formatCount, formatPercent } from "../report/format.js";
import type {
  Classification,
  ConfidenceLevel,
  Label,
  ModuleKind,
  SamplingSummary,
} from "../report/model.js";
import { quoteForMessage } from "../visible-text.js";
import { nearestAnchor } from "./anchors.js";
import { classifyStructure } from "./classify-structure.js";
import type { ConfigChange } from "./configs.js";
import type { LayerCopy } from "./content-matches.js";
import { NameFactsCache } from "./name-facts.js";
import { count, formatFigure } from "./phrasing.js";
import type { SampledAnalyses } from "./sampling.js";
import {
  CONCENTRATED_MIN_ENERGY,
  LOW_RANK_MIN_CLIFF,
  LOW_RANK_MIN_ENERGY,
  type LowRankFit,
  NOISE_FLOOR_MIN_ENERGY,
  SMALL_RANK_MIN_CLIFF,
} from "./spectrum.js";
import { structureOf } from "./structure.js";
import { isFalling, type TensorKind, type TensorVerdict, tensorVerdict } from "./tensor-kinds.js";

/**
 * The classifier: names the method behind the change from the direction and size of the delta,
 * its structure (rank, quantization grid, zeros, mask profile), and which tensors changed, never
 * from the count of changed elements. A dense bf16 fine-tune changes nearly every element, because
 * one unit in the last place of a weight near 0.02 is already about 1e-4. So that count shows
 * nothing about lineage. The Pearson correlation r of base and head and the relative change
 * rho = ||head - base|| / ||base|| do.
 *
 * Decisions weigh tensors by parameter count, and only matrices vote: norm weights sit near 1 in
 * any model, so two independent runs still give a cosine near 1 on them.
 */

/** Correlation at or above which a tensor keeps the base's direction (a post-trained descendant). */
export const FINETUNE_MIN_CORRELATION = 0.9;
/**
 * Relative change at or above which training went beyond post-training. Published post-training
 * pairs reach 0.215 (InternLM2-7B); continued pre-training starts near 0.3. The edge sits at 0.25,
 * set on the synthetic benchmark.
 */
export const CONTINUED_MIN_RELATIVE_CHANGE = 0.25;
/** Stouffer-combined z from which weakly correlated matrices still show lineage. */
export const LINEAGE_MIN_COMBINED_Z = 6;
/** Changed matrix parameter share at or below which a change counts as partial. */
export const PARTIAL_MAX_SHARE = 0.9;
/** Share of the changed matrix parameters a structural kind needs to name the model. */
export const KIND_MIN_SHARE = 0.6;
/** Matrices with a smaller side than this give weak direction statistics. */
export const SMALL_MATRIX_SIDE = 256;
/** Names listed in a detail array; the report's tables have the rest. */
const MAX_DETAIL_NAMES = 50;
/** Width of the logistic in the confidence score, in decades of margin (set on the benchmark). */
const MARGIN_SCALE = 0.15;

/** Optional inputs beyond the engine's statistics. */
export interface ClassifyInputs {
  /** Sampled analyses of the changed matrices; without them the structure tests are skipped. */
  samples?: SampledAnalyses;
  /** Changes in config.json and the tokenizer files. */
  configChanges?: readonly ConfigChange[];
  /** The comparison's tensor name facts, so each name is read once; a new cache when absent. */
  names?: NameFactsCache;
}

function sumNumel(items: readonly { numel: number }[]): number {
  return items.reduce((sum, item) => sum + item.numel, 0);
}

/** Parameter-weighted median of `value` over `items`, skipping nulls. */
function weightedMedian(
  items: readonly TensorVerdict[],
  value: (item: TensorVerdict) => number | null,
): number | null {
  const pairs = items
    .map((item) => ({ v: value(item), w: item.numel }))
    .filter((pair): pair is { v: number; w: number } => pair.v !== null && pair.w > 0)
    .sort((x, y) => x.v - y.v);
  const total = pairs.reduce((sum, pair) => sum + pair.w, 0);
  if (total === 0) return null;
  let running = 0;
  for (const pair of pairs) {
    running += pair.w;
    if (running >= total / 2) return pair.v;
  }
  return pairs[pairs.length - 1]?.v ?? null;
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

const LEVELS: ConfidenceLevel[] = ["low", "medium", "high"];

/**
 * Margin of a share p over a threshold share, in decades of odds. Shares near 1 are bounded, so a
 * margin in decades of the share itself could never exceed log10(1 / threshold).
 */
function shareMargin(p: number, threshold: number): number {
  const clamped = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
  return Math.log10(clamped / (1 - clamped)) - Math.log10(threshold / (1 - threshold));
}

/**
 * Returns the margin of a rule that needs all its conditions. Another kind of change passes the
 * rule only when it crosses every threshold. So the chance of a wrong verdict is the product of
 * the chances 1 - logistic(margin / MARGIN_SCALE) of the conditions, and the result is the single
 * margin with that chance.
 */
function allOfMargin(margins: readonly number[]): number {
  let wrong = 1;
  for (const margin of margins) wrong *= 1 - logistic(margin / MARGIN_SCALE);
  const bounded = Math.min(Math.max(wrong, 1e-12), 1 - 1e-12);
  return MARGIN_SCALE * Math.log((1 - bounded) / bounded);
}

/**
 * Returns the margin of the low-rank verdict. A cliff fit takes the better of its two rules: enough
 * energy with a drop after the rank, or nearly all the energy with a modest drop. A noise-floor
 * fit takes its energy above the noise threshold. Dense fine-tunes on the synthetic benchmark keep at most 0.61
 * of the energy in their top directions, at most 0.14 above the noise threshold, and drop by at
 * most 1.46 after any rank.
 */
function lowRankMargin(
  method: "cliff" | "noise-floor",
  energy: number,
  cliff: number,
  rank: number,
): number {
  if (method === "noise-floor") return shareMargin(energy, NOISE_FLOOR_MIN_ENERGY);
  const minCliff = rank <= 32 ? SMALL_RANK_MIN_CLIFF : LOW_RANK_MIN_CLIFF;
  return Math.max(
    allOfMargin([shareMargin(energy, LOW_RANK_MIN_ENERGY), Math.log10(cliff / minCliff)]),
    allOfMargin([
      shareMargin(energy, CONCENTRATED_MIN_ENERGY),
      Math.log10(cliff / LOW_RANK_MIN_CLIFF),
    ]),
  );
}

/**
 * Confidence from the share of parameters that agree and the log-space margins of the deciding
 * figures. `capped` is true when the cap, not the score, set the level.
 */
function confidenceOf(
  agreeShare: number,
  marginsInDecades: readonly number[],
  cap: ConfidenceLevel,
): { score: number; confidence: ConfidenceLevel; capped: boolean } {
  let score = agreeShare;
  for (const margin of marginsInDecades) score *= logistic(margin / MARGIN_SCALE);
  let confidence: ConfidenceLevel = "low";
  if (score >= 0.9) confidence = "high";
  else if (score >= 0.7) confidence = "medium";
  const capped = LEVELS.indexOf(confidence) > LEVELS.indexOf(cap);
  if (capped) confidence = cap;
  return { score, confidence, capped };
}

function lowerCap(
  current: { cap: ConfidenceLevel; reason?: string },
  cap: ConfidenceLevel,
  reason: string,
): void {
  if (LEVELS.indexOf(cap) < LEVELS.indexOf(current.cap)) {
    current.cap = cap;
    current.reason = reason;
  }
}

export { formatFigure };

/** Formats a share as the report's summary does, so one report never shows two roundings. */
function percent(part: number, whole: number): string {
  return whole === 0 ? "n/a" : formatPercent(part / whole);
}

function namesPreview(names: readonly string[], limit = 5): string {
  const shown = names.slice(0, limit).map((name) => quoteForMessage(name));
  return names.length > limit
    ? `${shown.join(", ")} and ${names.length - limit} more`
    : shown.join(", ");
}

function mostCommon<T>(values: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = 0;
  for (const [value, n] of counts) {
    if (n > bestCount) {
      best = value;
      bestCount = n;
    }
  }
  return best;
}

interface Verdict {
  label: Label;
  headline: string;
  evidence: string[];
  detail: Record<string, unknown>;
  agreeShare: number;
  margins: number[];
  cap: ConfidenceLevel;
  capReason?: string;
}

/** Inputs of the decision rules: the per-tensor verdicts and their totals. */
interface Population {
  all: TensorVerdict[];
  matrices: TensorVerdict[];
  vectors: TensorVerdict[];
  /** Matrices whose change is more than a cast or rounding. */
  changed: TensorVerdict[];
  /**
   * The changed matrices whose kind the sampled analyses could decide (quantized, low rank,
   * transformed): the analysed ones when the second pass ran on a sample, else all of them.
   */
  structureBasis: TensorVerdict[];
  matrixParams: number;
  changedParams: number;
  sampled: boolean;
  names: NameFactsCache;
}

function share(items: readonly TensorVerdict[], test: (item: TensorVerdict) => boolean): number {
  const total = sumNumel(items);
  return total === 0 ? 0 : sumNumel(items.filter(test)) / total;
}

function byKind(items: readonly TensorVerdict[], kind: TensorKind): TensorVerdict[] {
  return items.filter((item) => item.kind === kind);
}

/** Classifies the change from base to head described by `diff`. */
export function classify(diff: DiffResult, inputs: ClassifyInputs = {}): Classification {
  const names = inputs.names ?? new NameFactsCache();
  if (diff.mode === "structure") return classifyStructure(diff, inputs.configChanges, names);
  const verdicts = diff.compared.map((tensor) =>
    tensorVerdict(
      tensor,
      inputs.samples?.matrices.get(tensor.name),
      names.of(tensor.name).moduleKind,
    ),
  );
  const matrices = verdicts.filter((item) => item.isMatrix);
  const unchangedKinds: TensorKind[] = ["identical", "cast"];
  const changed = matrices.filter((item) => !unchangedKinds.includes(item.kind));
  const analysed = changed.filter((item) => item.analysed);
  const population: Population = {
    all: verdicts,
    matrices,
    vectors: verdicts.filter((item) => !item.isMatrix && item.tensor.comparison !== "bytes"),
    changed,
    structureBasis: inputs.samples !== undefined && analysed.length > 0 ? analysed : changed,
    matrixParams: sumNumel(matrices),
    changedParams: sumNumel(changed),
    sampled: inputs.samples !== undefined,
    names,
  };
  const structure = structureOf(
    diff,
    inputs.configChanges ?? [],
    inputs.samples?.vocabulary,
    inputs.samples?.content,
    names,
  );
  const comparedParams = sumNumel(verdicts);
  const changedElements = verdicts.reduce((sum, item) => sum + item.tensor.stats.changed, 0);

  const facts: string[] = [
    `${count(comparedParams, "parameter")} compared across ${count(verdicts.length, "tensor")} with the same name and shape; ${formatCount(changedElements)} (${percent(changedElements, comparedParams)}) differ beyond the threshold of ${formatFigure(diff.threshold)}.`,
  ];
  const structural = diff.added.length + diff.removed.length + diff.reshaped.length;
  if (structural > 0) {
    facts.push(
      `${count(diff.added.length, "tensor")} added, ${diff.removed.length} removed, ${diff.reshaped.length} reshaped.`,
    );
  }
  facts.push(...kindFacts(population));
  const sampling = samplingOf(inputs.samples);
  if (sampling !== null && sampling.changedMatrices > 0) {
    facts.push(
      `The sampled analyses (rank, quantization grid, row checks) ran on ${formatCount(sampling.analysedMatrices)} of the ${count(sampling.changedMatrices, "matrix")} changed beyond rounding (${percent(sampling.analysedParams, sampling.changedParams)} of their parameters), chosen by a hash of their names across module kinds and depth; the shares of quantized, low-rank and transformed matrices are over those.`,
    );
  }

  const verdict =
    (structure.architectureChanged
      ? architectureVerdict(
          diff,
          structure.reasons,
          population,
          inputs.samples?.content.layerCopies ?? [],
        )
      : null) ??
    unchangedVerdict(diff, population) ??
    structuredVerdict(population) ??
    lineageVerdict(population);

  const limits = { cap: verdict.cap, reason: verdict.capReason };
  if (
    !population.sampled &&
    verdict.label !== "identical" &&
    verdict.label !== "architecture_change"
  ) {
    lowerCap(limits, "medium", "the sampled structure tests (rank, grid, permutation) did not run");
  }
  const { score, confidence, capped } = confidenceOf(
    verdict.agreeShare,
    verdict.margins,
    limits.cap,
  );
  return {
    label: verdict.label,
    confidence,
    score: Math.round(score * 1000) / 1000,
    cappedBy: capped ? (limits.reason ?? null) : null,
    headline: verdict.headline,
    facts,
    evidence: [...verdict.evidence, ...structure.evidence],
    detail: verdict.detail,
    structuralNotes: structure.notes,
    sampling,
  };
}

function samplingOf(samples: SampledAnalyses | undefined): SamplingSummary | null {
  if (samples === undefined) return null;
  return {
    changedMatrices: samples.changedMatrices,
    analysedMatrices: samples.matrices.size,
    changedParams: samples.changedParams,
    analysedParams: samples.analysedParams,
    lineageChecked: samples.lineageChecked,
    bytesRead: samples.bytesRead,
  };
}

function kindFacts(population: Population): string[] {
  if (population.matrixParams === 0) return [];
  const kinds: TensorKind[] = [
    "identical",
    "cast",
    "quantized",
    "pruned",
    "sparse",
    "low_rank",
    "dense",
    "weak",
  ];
  const parts = kinds
    .map((kind) => ({ kind, params: sumNumel(byKind(population.matrices, kind)) }))
    .filter((part) => part.params > 0)
    .map(
      (part) => `${part.kind.replace("_", "-")} ${percent(part.params, population.matrixParams)}`,
    );
  return [`Matrix parameters by kind of change: ${parts.join(", ")}.`];
}

/** Base layers that more than one head layer copies, with those head layers. */
function duplicatedLayers(
  layerCopies: readonly LayerCopy[],
): { baseLayer: string; headLayers: string[] }[] {
  const byBase = new Map<string, string[]>();
  for (const copy of layerCopies) {
    const headLayers = byBase.get(copy.baseLayer);
    if (headLayers) headLayers.push(copy.headLayer);
    else byBase.set(copy.baseLayer, [copy.headLayer]);
  }
  return [...byBase]
    .filter(([, headLayers]) => headLayers.length > 1)
    .map(([baseLayer, headLayers]) => ({ baseLayer, headLayers }));
}

function architectureVerdict(
  diff: DiffResult,
  reasons: readonly string[],
  population: Population,
  layerCopies: readonly LayerCopy[],
): Verdict {
  const parts = [
    { verb: "added", names: diff.added.map((tensor) => tensor.name) },
    { verb: "removed", names: diff.removed.map((tensor) => tensor.name) },
    { verb: "reshaped", names: diff.reshaped.map((tensor) => tensor.name) },
  ]
    .filter((part) => part.names.length > 0)
    .map((part) => `${part.names.length} ${part.verb} (${namesPreview(part.names)})`);
  const rho = weightedMedian(population.changed, (item) => item.rho);
  const r = weightedMedian(population.changed, (item) => item.r);
  const evidence = [
    `Tensor names or shapes differ beyond a vocabulary resize or a tied head, so the head has another architecture: ${parts.join(", ")}.`,
    ...reasons,
  ];
  if (population.matrices.length > 0) {
    evidence.push(
      `The ${count(population.matrices.length, "matrix")} shared by name and shape: ${percent(population.changedParams, population.matrixParams)} of their parameters changed, median relative change ${formatFigure(rho)}, median correlation ${formatFigure(r)}.`,
    );
  }
  const duplicated = duplicatedLayers(layerCopies);
  if (duplicated.length > 0) {
    evidence.push(
      `Layers copied by content (head layer ← base layer): ${layerCopies.map((copy) => `${copy.headLayer} ← ${copy.baseLayer}`).join(", ")}. Base ${duplicated.length === 1 ? "layer" : "layers"} ${duplicated.map((item) => `${item.baseLayer} (head ${item.headLayers.join(", ")})`).join(", ")} appear more than once: the model was deepened by stacking copies of its own layers (depth up-scaling).`,
    );
  }
  return {
    label: "architecture_change",
    headline:
      duplicated.length > 0
        ? "The architecture changed: the head stacks copies of base layers (depth up-scaling)."
        : "The architecture changed: tensors were added, removed or reshaped.",
    evidence,
    detail: {
      added: diff.added.length,
      removed: diff.removed.length,
      reshaped: diff.reshaped.length,
      sharedMatrixMedianRelativeChange: rho,
      sharedMatrixMedianCorrelation: r,
      layerCopies: layerCopies.map((copy) => ({
        headLayer: copy.headLayer,
        baseLayer: copy.baseLayer,
        tensors: copy.tensors,
        headTensors: copy.headTensors,
      })),
      duplicatedLayers: duplicated,
    },
    // Names and shapes are read, not estimated: the structural fact is certain.
    agreeShare: 1,
    margins: [],
    cap: "high",
  };
}

function unchangedVerdict(diff: DiffResult, population: Population): Verdict | null {
  const semantic = population.all.filter(
    (item) => item.kind !== "identical" && item.kind !== "cast",
  );
  if (semantic.length > 0) return null;
  const cast = population.all.filter((item) => item.kind === "cast");
  if (cast.length > 0) {
    const kinds = [...new Set(cast.map((item) => item.castKind ?? "rounding"))];
    const recast = cast.filter((item) => item.tensor.baseDtype !== item.tensor.headDtype);
    const lossless = cast.every((item) => item.tensor.stats.changed === 0);
    const worst = cast.reduce((largest, item) => Math.max(largest, item.rho ?? 0), -Infinity);
    const evidence = lossless
      ? [
          `${count(recast.length, "tensor")} changed dtype (${namesPreview(recast.map((item) => `${item.name}: ${item.tensor.baseDtype} → ${item.tensor.headDtype}`))}) and no value moved beyond the threshold.`,
        ]
      : [
          `Every changed tensor is the base rounded again (${kinds.join(", ")}): at least ${percent(999, 1000)} of the elements of each equal the base value rounded to the head's dtype, or every change is within one rounding step.`,
          `The largest relative change is ${formatFigure(worst)}; float32 to bfloat16 with round-to-nearest gives about 1.7e-3, truncation about 3.3e-3.`,
        ];
    return {
      label: "cast",
      headline: lossless
        ? "The values are the same, stored in another dtype."
        : "The weights were converted to another dtype or rounded again; no training happened.",
      evidence,
      detail: {
        recast: recast.length,
        renamed: diff.renamed.length,
        lossless,
        castKinds: kinds,
        maxRelativeChange: worst,
      },
      agreeShare: 1,
      margins: [],
      cap: "high",
    };
  }
  const bitsDiffering = population.all.reduce(
    (sum, item) => sum + item.tensor.stats.bitsDiffering,
    0,
  );
  const renamedNote =
    diff.renamed.length > 0
      ? ` ${count(diff.renamed.length, "tensor")} renamed with their bytes unchanged.`
      : "";
  let identicalLine = `Every compared tensor is bit-identical.${renamedNote}`;
  if (population.all.length === 0 && diff.renamed.length > 0) {
    identicalLine = `No tensor kept its name, but all ${diff.renamed.length} reappear in the head with identical bytes under new names.`;
  } else if (population.all.length === 0) {
    identicalLine = "Both checkpoints hold no tensor.";
  }
  let headline = "The weights are identical.";
  if (diff.renamed.length > 0) {
    headline =
      population.all.length === 0
        ? "The weights are identical; every tensor has a new name."
        : "The weights are identical; some tensors have new names.";
  }
  return {
    label: "identical",
    headline,
    evidence: [
      bitsDiffering === 0
        ? identicalLine
        : `No value moved beyond the threshold; ${formatCount(bitsDiffering)} elements differ only in their bits (signed zeros or NaN payloads, or changes within the threshold).${renamedNote}`,
    ],
    detail: { bitsDiffering, renamed: diff.renamed.length },
    agreeShare: 1,
    margins: [],
    cap: "high",
  };
}

/** Quantized, pruned, LoRA, sparse-mask merge and obfuscated verdicts: named by structure. */
function structuredVerdict(population: Population): Verdict | null {
  const changed = population.changed;
  if (changed.length === 0) return null;
  const basis = population.structureBasis;
  const basisParams = sumNumel(basis);
  const shareOf = (kind: TensorKind) => sumNumel(byKind(basis, kind)) / basisParams;

  const quantized = byKind(basis, "quantized");
  if (shareOf("quantized") >= KIND_MIN_SHARE) {
    const fits = quantized.flatMap((item) => (item.grid ? [item.grid] : []));
    const bits = mostCommon(fits.map((fit) => fit.bits)) ?? null;
    const groupSize = mostCommon(fits.map((fit) => fit.groupSize)) ?? null;
    const scheme = mostCommon(fits.map((fit) => fit.scheme)) ?? null;
    const grouping =
      groupSize === null
        ? "groups that are not contiguous (act-order)"
        : groupSize === "row"
          ? "one scale per row"
          : `groups of ${groupSize}`;
    const onGrid = fits.length > 0 ? Math.min(...fits.map((fit) => fit.headOnGrid)) : null;
    const rho = weightedMedian(quantized, (item) => item.rho);
    return {
      label: "quantized",
      headline: `Quantized and dequantized: the head's values sit on a ${bits ?? "low"}-bit grid (${grouping}).`,
      evidence: [
        `${percent(sumNumel(quantized), basisParams)} of the ${basis.length < changed.length ? "analysed " : ""}changed matrix parameters sit on a quantization grid: ${bits === null ? "few distinct values per row" : `${bits}-bit ${scheme}, ${grouping}`}; at least ${percent(onGrid ?? 0, 1)} of the sampled head values fall on the grid, against a few percent by chance.`,
        `The median relative change is ${formatFigure(rho)}: quantization error alone (int8 about 0.008, 4-bit about 0.1), which a magnitude band would misread as a fine-tune.`,
      ],
      detail: {
        bits,
        groupSize,
        scheme,
        quantizedShare: shareOf("quantized"),
        relativeChange: rho,
        quantizedTensors: quantized.map((item) => item.name).slice(0, MAX_DETAIL_NAMES),
      },
      agreeShare: shareOf("quantized"),
      margins: [],
      cap: "high",
    };
  }

  const pruned = byKind(changed, "pruned");
  if (
    sumNumel(pruned) / Math.max(1, population.matrixParams) >= 0.5 ||
    shareOf("pruned") >= KIND_MIN_SHARE
  ) {
    const kind = mostCommon(pruned.map((item) => item.pruneKind)) ?? "unstructured";
    const sparsity = weightedMedian(pruned, (item) => item.newZeroShare ?? null);
    const survivorsChanged = weightedMedian(pruned, (item) => {
      const stats = item.tensor.stats;
      const survivors = stats.numel - (item.newZeroShare ?? 0) * stats.numel;
      const moved = stats.bitsDiffering - (item.newZeroShare ?? 0) * stats.numel;
      return survivors > 0 ? Math.max(0, moved) / survivors : null;
    });
    return {
      label: "pruned",
      headline: `Pruned (${kind}): about ${percent(sparsity ?? 0, 1)} of the weights were set to zero.`,
      evidence: [
        `${percent(sumNumel(pruned), population.matrixParams)} of the matrix parameters sit in tensors where at least ${percent(0.2, 1)} of the elements became exact zeros (median ${percent(sparsity ?? 0, 1)}).`,
        kind === "2:4"
          ? "Every aligned group of 4 elements has at least 2 zeros: the 2:4 pattern of structured sparsity."
          : "The zeros follow no group pattern (unstructured magnitude or activation-aware pruning).",
        `${percent(survivorsChanged ?? 0, 1)} of the surviving weights changed: ${survivorsChanged !== null && survivorsChanged > 0.5 ? "the survivors were re-fitted (SparseGPT-like)" : "the survivors kept their values (magnitude or Wanda-like pruning)"}.`,
      ],
      detail: {
        kind,
        sparsity,
        survivorsChanged,
        prunedShare: sumNumel(pruned) / Math.max(1, population.matrixParams),
      },
      agreeShare: Math.max(
        shareOf("pruned"),
        sumNumel(pruned) / Math.max(1, population.matrixParams),
      ),
      margins: [],
      cap: "high",
    };
  }

  const weak = byKind(basis, "weak");
  const checked = weak.filter((item) => item.lineage !== undefined);
  const transformed = checked.filter((item) => item.transformed);
  if (
    shareOf("weak") >= 0.3 &&
    checked.length > 0 &&
    sumNumel(transformed) >= 0.5 * sumNumel(checked)
  ) {
    return obfuscatedVerdict(population, weak, checked, transformed);
  }

  // LoRA: the changed body matrices are low-rank; embeddings and the output head may be dense
  // (modules_to_save).
  const body = basis.filter((item) => item.module !== "embedding" && item.module !== "output_head");
  const lowRank = byKind(body, "low_rank");
  const bodyParams = sumNumel(body);
  if (bodyParams > 0 && sumNumel(lowRank) / bodyParams >= KIND_MIN_SHARE) {
    const ranks = lowRank.map((item) => adapterRankOf(item.rank));
    const floorFits = lowRank.filter((item) => item.rank?.method === "noise-floor");
    const byFloor = sumNumel(floorFits) > sumNumel(lowRank) / 2;
    const rank = mostCommon(ranks) ?? null;
    const consistent = ranks.filter((value) => value === rank).length / Math.max(1, ranks.length);
    const targets = [
      ...new Set(lowRank.map((item) => population.names.of(item.name).moduleName)),
    ].sort();
    const saved = changed
      .filter((item) => item.module === "embedding" || item.module === "output_head")
      .map((item) => item.name);
    const energy = weightedMedian(lowRank, (item) => item.rank?.energy ?? null);
    const cliff = weightedMedian(lowRank, (item) => item.rank?.cliff ?? null);
    const overQuantized = lowRank.some((item) => item.overQuantizedBase);
    const untouched = population.matrixParams - population.changedParams;
    // The test reads spectra, not correlations: small matrices weaken it only when the rank is a
    // large share of their smaller side, where a dense delta also concentrates its energy.
    const minSide = weightedMedian(lowRank, (item) => item.minSide) ?? 0;
    const cap: { cap: ConfidenceLevel; reason?: string } =
      rank !== null && rank > LOW_RANK_MAX_SIDE_SHARE * minSide
        ? {
            cap: "low",
            reason: `the fitted rank ${rank} exceeds a quarter of the matrices' smaller side (${minSide})`,
          }
        : { cap: "high" };
    // Agreeing ranks are a second family of evidence; without it the verdict rests on one test.
    if (consistent < 0.8) {
      lowerCap(cap, "medium", "the fitted ranks differ between the changed matrices");
    }
    return {
      label: "lora_merge",
      headline: `A merged LoRA of rank ${rank ?? "?"} on ${targets.join(", ")}${overQuantized ? ", trained on a 4-bit (NF4) quantized base" : ""}.`,
      evidence: [
        byFloor
          ? `${percent(sumNumel(lowRank), bodyParams)} of the ${basis.length < changed.length ? "analysed " : ""}changed body parameters are low-rank: in the sampled delta rows, a median of ${formatFigure(weightedMedian(floorFits, (item) => item.rank?.rank ?? null))} singular values stand above the noise threshold (Gavish-Donoho) and carry ${percent(energy ?? 0, 1)} of the energy, while dense fine-tunes keep 0.05 to 0.22 of it in their top 20. The smallest directions of an adapter of rank near half the sampled rows sink into the rounding noise, so the rank is given as the next power of two, ${rank} (${percent(consistent, 1)} of the changed matrices agree).`
          : `${percent(sumNumel(lowRank), bodyParams)} of the ${basis.length < changed.length ? "analysed " : ""}changed body parameters are low-rank: the sampled delta rows have rank ${rank} (${percent(consistent, 1)} of the changed matrices agree), with ${percent(energy ?? 0, 1)} of the energy in the top ${rank} singular values and a drop of ${formatFigure(cliff)}× after them; dense fine-tunes show no such drop (about 1.03×).`,
        `Target modules: ${targets.join(", ")}; ${percent(untouched, population.matrixParams)} of the matrix parameters are unchanged.`,
        ...(saved.length > 0
          ? [`Changed densely beside the adapter (modules_to_save): ${namesPreview(saved)}.`]
          : []),
        ...(overQuantized
          ? [
              "The delta is low-rank only after the base is rounded to NF4 in blocks of 64: a QLoRA adapter merged into the dequantized base.",
            ]
          : []),
      ],
      detail: {
        rank,
        rankMethod: byFloor ? "noise-floor" : "cliff",
        targetModules: targets,
        modulesToSave: saved.slice(0, MAX_DETAIL_NAMES),
        energy,
        cliff,
        rankAgreement: consistent,
        quantizedBase: overQuantized,
      },
      agreeShare: sumNumel(lowRank) / bodyParams,
      margins: [
        lowRankMargin(byFloor ? "noise-floor" : "cliff", energy ?? 0, cliff ?? 1, rank ?? 0),
      ],
      cap: cap.cap,
      capReason: cap.reason,
    };
  }

  const sparse = byKind(basis, "sparse");
  if (shareOf("sparse") >= KIND_MIN_SHARE) {
    const density = weightedMedian(
      sparse,
      (item) => item.tensor.stats.bitsDiffering / Math.max(1, item.numel),
    );
    const rho = weightedMedian(sparse, (item) => item.rho);
    const profile = sparse[0]?.bucketProfile ?? [];
    return {
      label: "merge",
      headline: `A sparse-mask merge (DARE or TIES-like): about ${percent(density ?? 0, 1)} of the weights changed, evenly across magnitudes.`,
      evidence: [
        `${percent(sumNumel(sparse), basisParams)} of the ${basis.length < changed.length ? "analysed " : ""}changed matrix parameters changed in a mask: ${percent(density ?? 0, 1)} of their elements, with the same share in every magnitude bucket of the base value (${profile
          .map((value) => percent(value, 1))
          .slice(0, 6)
          .join(", ")}).`,
        "A dense update too small to show in bfloat16 would change small weights far more often than large ones; an even profile means a random or top-k mask chose the elements.",
        `The median relative change is ${formatFigure(rho)}.`,
      ],
      detail: { density, relativeChange: rho, sparseShare: shareOf("sparse") },
      agreeShare: shareOf("sparse"),
      margins: [],
      cap: "high",
    };
  }
  return null;
}

function obfuscatedVerdict(
  population: Population,
  weak: readonly TensorVerdict[],
  checked: readonly TensorVerdict[],
  transformed: readonly TensorVerdict[],
): Verdict {
  const permuted = transformed.filter((item) => {
    const checks = item.lineage;
    return checks !== undefined && checks.matchedCosine >= 0.5 && checks.movedShare >= 0.5;
  });
  const rotated = transformed.filter((item) => !permuted.includes(item));
  const kind = sumNumel(permuted) >= sumNumel(rotated) ? "permutation" : "rotation";
  const matched = weightedMedian(permuted, (item) => item.lineage?.matchedCosine ?? null);
  const chance = weightedMedian(permuted, (item) => item.lineage?.chanceCosine ?? null);
  const normRatio = weightedMedian(rotated, (item) =>
    Math.min(item.lineage?.rowNormRatio ?? 1, item.lineage?.columnNormRatio ?? 1),
  );
  const evidence = [
    `${percent(sumNumel(weak), sumNumel(population.structureBasis))} of the ${population.structureBasis.length < population.changed.length ? "analysed " : ""}changed matrix parameters have no aligned correlation with the base (|r| < 0.15), which alone would read as an independent model.`,
    `The permutation and rotation checks ran on ${count(checked.length, "matrix")} of them and found a rearranged copy in ${transformed.length}.`,
  ];
  if (permuted.length > 0) {
    evidence.push(
      `${count(permuted.length, "matrix")}: sampled head rows match base rows at other positions with a median |cosine| of ${formatFigure(matched)} (chance about ${formatFigure(chance)}), so rows or neurons were permuted.`,
    );
  }
  if (rotated.length > 0) {
    evidence.push(
      `${count(rotated.length, "matrix")}: row or column norms are kept position by position (median gap ${formatFigure(normRatio)} of the gap between neighbouring rows) while the values are uncorrelated, so the space was rotated.`,
    );
  }
  return {
    label: "derived_obfuscated",
    headline: `A derivative of the base hidden by a ${kind}: the weights are rearranged copies, not an independent model.`,
    evidence,
    detail: {
      transform: kind,
      transformedShare: sumNumel(transformed) / Math.max(1, sumNumel(checked)),
      checkedTensors: checked.length,
      permutedTensors: permuted.map((item) => item.name).slice(0, MAX_DETAIL_NAMES),
      rotatedTensors: rotated.map((item) => item.name).slice(0, MAX_DETAIL_NAMES),
      matchedCosine: matched,
    },
    agreeShare: sumNumel(transformed) / Math.max(1, sumNumel(checked)),
    margins: [],
    cap: "high",
  };
}

/** Largest adapter rank, as a share of the smaller side, that the low-rank test can tell apart. */
const LOW_RANK_MAX_SIDE_SHARE = 0.25;
/** Per-matrix z = r * sqrt(smaller side) at or above which a correlation is far above noise. */
const STRONG_MATRIX_Z = 6;
/** Combined z above which the direction evidence of small matrices still earns high confidence. */
const STRONG_COMBINED_Z = 20;

/**
 * Caps the confidence at low when most changed parameters sit in matrices with a side shorter
 * than SMALL_MATRIX_SIDE, whose figures are noisy. With `correlations`, the verdict rests on the
 * correlations, and the cap is lifted when they clear that noise by far: at least 80% of the
 * changed parameters in matrices with z >= STRONG_MATRIX_Z and a combined z above
 * STRONG_COMBINED_Z, the level at which lineage is certain.
 */
function smallMatrixCap(
  items: readonly TensorVerdict[],
  correlations = false,
): {
  cap: ConfidenceLevel;
  reason?: string;
} {
  const smallShare =
    sumNumel(items.filter((item) => item.minSide < SMALL_MATRIX_SIDE)) /
    Math.max(1, sumNumel(items));
  if (smallShare <= 0.5) return { cap: "high" };
  if (correlations) {
    const strongShare = share(items, (item) => (item.z ?? 0) >= STRONG_MATRIX_Z);
    const combined = combinedZ(items);
    if (strongShare >= 0.8 && combined !== null && combined > STRONG_COMBINED_Z) {
      return { cap: "high" };
    }
  }
  return {
    cap: "low",
    reason: `most changed parameters sit in matrices with a side shorter than ${SMALL_MATRIX_SIDE}, whose correlations are noisy`,
  };
}

/** Stouffer's combination of the per-matrix z scores. */
function combinedZ(items: readonly TensorVerdict[]): number | null {
  const scores = items.flatMap((item) => (item.z === null ? [] : [item.z]));
  if (scores.length === 0) return null;
  return scores.reduce((sum, z) => sum + z, 0) / Math.sqrt(scores.length);
}

function lineageVerdict(population: Population): Verdict {
  const changed = population.changed;
  // Without changed matrices, only 1-D tensors changed: norms and biases (BitFit-like).
  if (changed.length === 0) {
    const vectors = population.vectors.filter(
      (item) => item.kind !== "identical" && item.kind !== "cast",
    );
    return {
      label: "partial_finetune",
      headline: "A partial fine-tune of norms and biases only: every matrix is unchanged.",
      evidence: [
        `${count(vectors.length, "1-D tensor")} changed (${namesPreview(vectors.map((item) => item.name))}) while all ${count(population.matrices.length, "matrix")} kept their values: the pattern of BitFit or norm-only tuning.`,
      ],
      detail: {
        pattern: "norms and biases",
        band: null,
        relativeChange: null,
        correlation: null,
        cosine: null,
        changedShare: 0,
        changedLayers: [],
        changedTensors: vectors.map((item) => item.name).slice(0, MAX_DETAIL_NAMES),
      },
      agreeShare: 1,
      margins: [],
      cap: "medium",
      capReason: "only 1-D tensors changed, and they show little about lineage",
    };
  }

  const r = weightedMedian(changed, (item) => item.r);
  const rho = weightedMedian(changed, (item) => item.rho);
  const cos = weightedMedian(changed, (item) => item.cos);
  const signR = weightedMedian(changed, (item) => item.signCorrelation);
  const z = combinedZ(changed);
  const changedShare = population.changedParams / Math.max(1, population.matrixParams);
  const limits = smallMatrixCap(changed, true);
  const smallNote =
    limits.cap === "low"
      ? [
          `Most changed matrices have a side shorter than ${SMALL_MATRIX_SIDE}, which makes correlations noisy, so the confidence is capped at low.`,
        ]
      : [];
  const figuresLine = `Changed matrices (${percent(population.changedParams, population.matrixParams)} of the matrix parameters): median relative change ${formatFigure(rho)}, correlation ${formatFigure(r)}, cosine ${formatFigure(cos)}, sign-agreement correlation ${formatFigure(signR)}.`;
  const anchorLine = (): string[] => {
    if (rho === null) return [];
    const anchor = nearestAnchor(rho, cos);
    if (!anchor) return [];
    const anchorCos = anchor.cosine === null ? "" : ` with cosine ${anchor.cosine}`;
    return [
      `Nearest published pair: ${anchor.pair} (${anchor.kind}), relative change ${anchor.relativeChange}${anchorCos}.`,
    ];
  };

  if (r === null) {
    // Only constant base matrices changed (all zeros, as a new LoRA B matrix is): no correlation
    // exists to measure, so nothing links the head to the base.
    return {
      label: "independent",
      headline:
        "No detectable lineage: the base tensors that changed are constant, so the head cannot be related to them.",
      evidence: [
        figuresLine,
        "Every changed matrix of the base holds one value throughout (for example all zeros, as a freshly initialized LoRA B matrix does), so its correlation with the head is undefined and these weights cannot show lineage.",
      ],
      detail: { relativeChange: rho, correlation: null, combinedZ: null, independentShare: 0 },
      agreeShare: 0,
      margins: [],
      cap: "low",
    };
  }

  const dense = (item: TensorVerdict) =>
    item.r !== null &&
    item.r >= FINETUNE_MIN_CORRELATION &&
    (item.rho ?? 0) < CONTINUED_MIN_RELATIVE_CHANGE;
  if (rho !== null && r >= FINETUNE_MIN_CORRELATION && rho < CONTINUED_MIN_RELATIVE_CHANGE) {
    let band = "heavy";
    if (rho < 3e-3) band = "light";
    else if (rho < 0.06) band = "standard";
    const subUlp = changed.filter((item) => isFalling(item.bucketProfile));
    const agreeShare = share(
      changed,
      (item) => dense(item) || item.kind === "sparse" || item.kind === "low_rank",
    );
    const margins = [
      Math.log10((1 - FINETUNE_MIN_CORRELATION) / Math.max(1 - r, 1e-9)),
      Math.log10(CONTINUED_MIN_RELATIVE_CHANGE / Math.max(rho, 1e-12)),
    ];
    // A second family of evidence: the sign agreement must tell the same story as the sums.
    const signsAgree = signR !== null && signR >= 0.5;
    const cap = { ...limits };
    if (!signsAgree) lowerCap(cap, "medium", "the sign agreement does not confirm the correlation");
    const evidence = [
      figuresLine,
      `A correlation of ${formatFigure(r)} (at least ${FINETUNE_MIN_CORRELATION}) means the head keeps the base's weights pointing the same way; two independent trainings would give a correlation near 0 and a relative change near 1.41.`,
      `A relative change of ${formatFigure(rho)} is in the ${band} post-training band (under 0.003 light, 0.003 to 0.06 standard, 0.06 to ${CONTINUED_MIN_RELATIVE_CHANGE} heavy).`,
      ...anchorLine(),
      `Signs agree for ${signR === null ? "n/a" : `a sign-agreement correlation of ${formatFigure(signR)}`}, a second check of direction that outliers cannot move.`,
      ...(band === "light" && subUlp.length > 0
        ? [
            "Small weights changed far more often than large ones: an update below one bfloat16 step for most weights (a preference or RL stage).",
          ]
        : []),
      "The share of changed elements is not evidence of lineage: a dense update changes almost every element, however small it is.",
      ...smallNote,
    ];
    if (changedShare <= PARTIAL_MAX_SHARE) {
      const layers = [
        ...new Set(
          changed
            .map((item) => population.names.of(item.name).location?.index ?? null)
            .filter((layer) => layer !== null),
        ),
      ].sort((x, y) => (x as number) - (y as number));
      const modules = [...new Set(changed.map((item) => item.module))];
      return {
        label: "partial_finetune",
        headline: `A partial fine-tune: ${percent(population.changedParams, population.matrixParams)} of the matrix parameters changed (${partialPattern(modules, layers)}), the rest are untouched.`,
        evidence: [
          `${count(population.matrices.length - changed.length, "matrix")} unchanged (or changed only by rounding) while ${formatCount(changed.length)} changed.`,
          ...evidence,
        ],
        detail: {
          pattern: partialPattern(modules, layers),
          band,
          relativeChange: rho,
          correlation: r,
          cosine: cos,
          changedShare,
          changedLayers: layers,
          changedTensors: changed.map((item) => item.name).slice(0, MAX_DETAIL_NAMES),
        },
        agreeShare,
        margins: [...margins, -shareMargin(changedShare, PARTIAL_MAX_SHARE)],
        cap: cap.cap,
        capReason: cap.reason,
      };
    }
    return {
      label: "finetune",
      headline:
        "A fine-tune of the base: the weights moved densely but keep their direction (a post-trained descendant).",
      evidence,
      detail: {
        band,
        relativeChange: rho,
        correlation: r,
        cosine: cos,
        signCorrelation: signR,
        changedShare,
      },
      agreeShare,
      margins,
      cap: cap.cap,
      capReason: cap.reason,
    };
  }

  const weak = byKind(changed, "weak");
  const independentShare =
    sumNumel(weak.filter((item) => item.z !== null && Math.abs(item.z) < 3)) /
    Math.max(1, population.changedParams);
  if (
    Math.abs(r) < 0.15 &&
    (z === null || Math.abs(z) < LINEAGE_MIN_COMBINED_Z) &&
    independentShare >= 0.9
  ) {
    const checked = weak.filter((item) => item.lineage !== undefined);
    return {
      label: "independent",
      headline:
        "No detectable lineage: the head's weights are uncorrelated with the base's, as for an independent training run.",
      evidence: [
        figuresLine,
        `${percent(independentShare, 1)} of the changed matrix parameters sit in tensors whose correlation is within 3 standard errors of 0 (|r| × sqrt(smaller side) < 3); the combined z over all matrices is ${formatFigure(z)} (lineage from ${LINEAGE_MIN_COMBINED_Z}).`,
        `Independent runs give a correlation near 0 and a relative change near 1.41 (sqrt 2, for equal norms); this pair has ${formatFigure(r)} and ${formatFigure(rho)}.`,
        checked.length > 0
          ? `The permutation and rotation checks on ${count(checked.length, "matrix")} found no rearranged copy of the base: no head row matches a base row beyond chance, and row and column norms are not kept in place.`
          : "The permutation and rotation checks did not run, so a rearranged copy of the base cannot be ruled out.",
        "This is an absence of evidence, not a proof.",
        ...smallNote,
      ],
      detail: { relativeChange: rho, correlation: r, combinedZ: z, independentShare },
      agreeShare: independentShare,
      margins: [Math.log10(0.15 / Math.max(Math.abs(r), 1e-6))],
      cap: limits.cap === "high" ? "medium" : limits.cap,
      capReason:
        limits.reason ??
        "no aligned correlation is not proof of independence, so the label is never high",
    };
  }

  const distant = r < 0.15;
  const agreeShare = share(
    changed,
    (item) =>
      item.r !== null &&
      (item.r < FINETUNE_MIN_CORRELATION ||
        (item.rho ?? 0) >= CONTINUED_MIN_RELATIVE_CHANGE ||
        (item.z ?? 0) >= 3),
  );
  return {
    label: "continued_pretraining",
    headline: distant
      ? "Extensive retraining: the head keeps a weak but significant link to the base."
      : "Continued training: the head descends from the base but moved far beyond a fine-tune.",
    evidence: [
      figuresLine,
      distant
        ? `The correlation of ${formatFigure(r)} is low, yet the combined z over all changed matrices is ${formatFigure(z)} (at least ${LINEAGE_MIN_COMBINED_Z}), so the pair is related, not independent.`
        : `A correlation of ${formatFigure(r)} (between 0.15 and ${FINETUNE_MIN_CORRELATION}) or a relative change of ${formatFigure(rho)} (${CONTINUED_MIN_RELATIVE_CHANGE} or more) is the band of continued pre-training; a fine-tune keeps the correlation above ${FINETUNE_MIN_CORRELATION} and the relative change below ${CONTINUED_MIN_RELATIVE_CHANGE}.`,
      ...anchorLine(),
      ...smallNote,
    ],
    detail: { relativeChange: rho, correlation: r, cosine: cos, combinedZ: z },
    agreeShare,
    margins: [
      Math.min(
        Math.log10((1 - 0.15) / Math.max(1 - r, 1e-9)) + 0.5,
        Math.max(
          Math.log10((1 - r) / (1 - FINETUNE_MIN_CORRELATION)),
          Math.log10((rho ?? 0) / CONTINUED_MIN_RELATIVE_CHANGE + 1e-12),
        ) + 0.3,
      ),
    ],
    cap: distant ? "low" : limits.cap,
    capReason: distant ? "the correlation with the base is weak" : limits.reason,
  };
}

/**
 * Returns the rank of the adapter behind a low-rank fit: the fitted rank after a sharp drop. A fit
 * by the noise threshold misses the directions that sank into the rounding noise, so it gives the
 * next power of two, because adapter ranks are powers of two in practice (PEFT's default is 8).
 */
function adapterRankOf(fit: LowRankFit | undefined): number {
  if (fit === undefined) return 0;
  if (fit.method === "cliff") return fit.rank;
  return 2 ** Math.ceil(Math.log2(Math.max(1, fit.rank)));
}

/** Names what a partial fine-tune touched: module kinds, then a layer range. */
function partialPattern(
  modules: readonly ModuleKind[],
  layers: readonly (number | null)[],
): string {
  const kinds = [...modules].sort().join(" and ");
  if (layers.length === 0) return `${kinds} only`;
  const first = layers[0] as number;
  const last = layers[layers.length - 1] as number;
  const range = first === last ? `layer ${first}` : `layers ${first}-${last}`;
  return `${kinds} in ${range}`;
}
