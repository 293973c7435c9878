import type { ComparedTensor, DiffResult } from "../diff/types.js";
import { formatPercent } from "../report/format.js";
import type { Classification, ConfidenceLevel, Label } from "../report/model.js";
import { quoteForMessage } from "../visible-text.js";
import { nearestAnchor } from "./anchors.js";
import { correlation, cosine, relativeChange } from "./metrics.js";

/**
 * The first classifier: names the kind of change from direction and size of the delta, never from
 * the count of changed elements. A dense bf16 fine-tune changes nearly every element (one unit in
 * the last place of a weight near 0.02 is already about 1e-4), so that count shows nothing about
 * lineage; the Pearson correlation r of base and head, and the relative change
 * rho = ||head - base|| / ||base||, do.
 *
 * Decisions weigh tensors by parameter count. 1-D tensors (norms, biases) do not vote on lineage:
 * norm weights sit near 1 in any model, so two independent runs still give a cosine near 1.
 */

/** Correlation at or above which a tensor keeps the base's direction (a post-trained descendant). */
export const FINETUNE_MIN_CORRELATION = 0.9;
/** Relative change at or above which training went beyond post-training. */
export const CONTINUED_MIN_RELATIVE_CHANGE = 0.3;
/** Correlation below which a tensor shows no aligned lineage. */
export const LINEAGE_MIN_CORRELATION = 0.15;
/** |z| = |r| * sqrt(min(rows, cols)) below this is consistent with independent tensors. */
export const INDEPENDENT_MAX_Z = 3;
/** Share of 2-D parameters that must look independent before the label is "independent". */
export const INDEPENDENT_MIN_SHARE = 0.9;
/** A dtype change whose relative change stays under this is rounding, not training. */
export const CAST_MAX_RELATIVE_CHANGE = 4e-3;
/** Changed 2-D parameter share at or below which a change counts as partial. */
export const PARTIAL_MAX_SHARE = 0.9;
/** Matrices with a smaller side than this give weak direction statistics. */
export const SMALL_MATRIX_SIDE = 256;
/** Names listed in a partial fine-tune's detail; the report's tables have the rest. */
const MAX_DETAIL_NAMES = 50;
/** Width of the logistic in the confidence score, in decades of margin. */
const MARGIN_SCALE = 0.15;

interface TensorFigures {
  tensor: ComparedTensor;
  numel: number;
  changed: boolean;
  rho: number | null;
  r: number | null;
  cos: number | null;
  /** r * sqrt(min side), a conservative significance of the correlation. */
  z: number | null;
  minSide: number;
}

function figuresOf(tensor: ComparedTensor): TensorFigures {
  const shape = tensor.shape;
  const columns = shape[shape.length - 1] ?? 1;
  const rows = shape.length > 0 ? tensor.stats.numel / Math.max(columns, 1) : 1;
  const minSide = Math.min(rows, columns);
  const r = correlation(tensor.stats);
  return {
    tensor,
    numel: tensor.stats.numel,
    changed: tensor.stats.changed > 0,
    rho: relativeChange(tensor.stats),
    r,
    cos: cosine(tensor.stats),
    z: r === null ? null : r * Math.sqrt(minSide),
    minSide,
  };
}

/** Parameter-weighted median of `value` over `items`, skipping nulls. */
function weightedMedian(
  items: readonly TensorFigures[],
  value: (item: TensorFigures) => number | null,
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

function sumNumel(items: readonly { numel: number }[]): number {
  return items.reduce((sum, item) => sum + item.numel, 0);
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
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
  const order: ConfidenceLevel[] = ["low", "medium", "high"];
  const capped = order.indexOf(confidence) > order.indexOf(cap);
  if (capped) confidence = cap;
  return { score, confidence, capped };
}

function formatFigure(value: number | null): string {
  if (value === null) return "n/a";
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2).replace(/\.?0+e/, "e");
  return value.toPrecision(4).replace(/\.?0+$/, "");
}

/** Returns "1 tensor" or "2 tensors". */
function count(value: number, noun: string): string {
  return `${value.toLocaleString("en-US")} ${noun}${value === 1 ? "" : "s"}`;
}

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

interface Verdict {
  label: Label;
  headline: string;
  evidence: string[];
  detail: Record<string, unknown>;
  agreeShare: number;
  margins: number[];
  cap: ConfidenceLevel;
  /** Reason the level cannot go above `cap`, when the cap is below high. */
  capReason?: string;
}

/** Classifies the change from base to head described by `diff`. */
export function classify(diff: DiffResult): Classification {
  if (diff.mode === "structure") return classifyStructure(diff);
  const figures = diff.compared.map(figuresOf);
  const numeric = figures.filter((item) => item.tensor.comparison !== "bytes");
  const matrices = numeric.filter((item) => item.tensor.shape.length >= 2);
  const comparedParams = sumNumel(figures);
  const changedParams = figures.reduce((sum, item) => sum + item.tensor.stats.changed, 0);

  const facts: string[] = [
    `${count(comparedParams, "parameter")} compared across ${count(figures.length, "tensor")} with the same name and shape; ${changedParams.toLocaleString("en-US")} (${percent(changedParams, comparedParams)}) differ beyond the threshold of ${formatFigure(diff.threshold)}.`,
  ];
  const structural = diff.added.length + diff.removed.length + diff.reshaped.length;
  if (structural > 0) {
    facts.push(
      `${count(diff.added.length, "tensor")} added, ${diff.removed.length} removed, ${diff.reshaped.length} reshaped.`,
    );
  }
  if (diff.renamed.length > 0) {
    facts.push(`${count(diff.renamed.length, "tensor")} carry the same bytes under a new name.`);
  }
  const recast = figures.filter((item) => item.tensor.baseDtype !== item.tensor.headDtype);
  if (recast.length > 0) facts.push(`${count(recast.length, "tensor")} changed dtype.`);

  const verdict =
    structuralVerdict(diff, matrices) ??
    unchangedVerdict(diff, figures, recast) ??
    castVerdict(figures, recast) ??
    lineageVerdict(figures, matrices, numeric);

  const { score, confidence, capped } = confidenceOf(
    verdict.agreeShare,
    verdict.margins,
    verdict.cap,
  );
  return {
    label: verdict.label,
    confidence,
    score: Math.round(score * 1000) / 1000,
    cappedBy: capped ? (verdict.capReason ?? null) : null,
    headline: verdict.headline,
    facts,
    evidence: verdict.evidence,
    detail: verdict.detail,
  };
}

/**
 * Classifies a structure-only diff, which read no values. Only labels the headers prove are
 * given: architecture_change, identical when every pair sits in files known equal by SHA-256,
 * and otherwise same_architecture, which claims nothing about the values.
 */
function classifyStructure(diff: DiffResult): Classification {
  const figures = diff.compared.map(figuresOf);
  const comparedParams = sumNumel(figures);
  const recast = figures.filter((item) => item.tensor.baseDtype !== item.tensor.headDtype);
  const facts = [
    `${count(comparedParams, "parameter")} in ${count(figures.length, "tensor")} with the same name and shape; values were not compared (structure-only diff).`,
  ];
  const structural = diff.added.length + diff.removed.length + diff.reshaped.length;
  if (structural > 0) {
    facts.push(
      `${count(diff.added.length, "tensor")} added, ${diff.removed.length} removed, ${diff.reshaped.length} reshaped.`,
    );
  }
  if (recast.length > 0) facts.push(`${count(recast.length, "tensor")} changed dtype.`);

  const allKnownEqual =
    figures.length > 0 && figures.every((item) => item.tensor.values === "equal_sha256");
  const verdict: Verdict = structuralVerdict(diff, []) ??
    (allKnownEqual ? unchangedVerdict(diff, figures, recast) : null) ?? {
      label: "same_architecture",
      headline:
        "The architecture is the same: every tensor has the same name and shape on both sides. Values were not compared.",
      evidence: [
        `The headers list the same ${count(figures.length, "tensor")} with the same shapes${recast.length > 0 ? `, ${recast.length} of them in another dtype` : ""}. A structure-only diff reads no tensor values, so it cannot tell an identical copy from a fine-tune or a retrain; run a full diff for that.`,
      ],
      detail: { tensors: figures.length, params: comparedParams, recast: recast.length },
      agreeShare: 1,
      margins: [],
      cap: "high",
    };
  const { score, confidence, capped } = confidenceOf(
    verdict.agreeShare,
    verdict.margins,
    verdict.cap,
  );
  return {
    label: verdict.label,
    confidence,
    score: Math.round(score * 1000) / 1000,
    cappedBy: capped ? (verdict.capReason ?? null) : null,
    headline: verdict.headline,
    facts,
    evidence: verdict.evidence,
    detail: verdict.detail,
  };
}

function structuralVerdict(diff: DiffResult, matrices: readonly TensorFigures[]): Verdict | null {
  const structural = diff.added.length + diff.removed.length + diff.reshaped.length;
  if (structural === 0) return null;
  const parts = [
    { verb: "added", names: diff.added.map((tensor) => tensor.name) },
    { verb: "removed", names: diff.removed.map((tensor) => tensor.name) },
    { verb: "reshaped", names: diff.reshaped.map((tensor) => tensor.name) },
  ]
    .filter((part) => part.names.length > 0)
    .map((part) => `${part.names.length} ${part.verb} (${namesPreview(part.names)})`);
  const evidence = [
    `Tensor names or shapes differ, so the head has another architecture: ${parts.join(", ")}.`,
  ];
  const rho = weightedMedian(matrices, (item) => item.rho);
  const r = weightedMedian(matrices, (item) => item.r);
  if (matrices.length > 0) {
    evidence.push(
      `The ${matrices.length === 1 ? "matrix" : `${matrices.length} matrices`} shared by name and shape have a median relative change of ${formatFigure(rho)} and a median correlation of ${formatFigure(r)}.`,
    );
  }
  return {
    label: "architecture_change",
    headline: "The architecture changed: tensors were added, removed or reshaped.",
    evidence,
    detail: {
      added: diff.added.length,
      removed: diff.removed.length,
      reshaped: diff.reshaped.length,
      sharedMatrixMedianRelativeChange: rho,
      sharedMatrixMedianCorrelation: r,
    },
    // Names and shapes are read, not estimated: the structural fact is certain.
    agreeShare: 1,
    margins: [],
    cap: "high",
  };
}

function unchangedVerdict(
  diff: DiffResult,
  figures: readonly TensorFigures[],
  recast: readonly TensorFigures[],
): Verdict | null {
  if (figures.some((item) => item.changed)) return null;
  const renamedNote =
    diff.renamed.length > 0
      ? ` ${count(diff.renamed.length, "tensor")} renamed with their bytes unchanged.`
      : "";
  if (recast.length > 0) {
    return {
      label: "cast",
      headline: "The values are the same, stored in another dtype.",
      evidence: [
        `${count(recast.length, "tensor")} changed dtype (${namesPreview(recast.map((item) => `${item.tensor.name}: ${item.tensor.baseDtype} → ${item.tensor.headDtype}`))}) and no value moved beyond the threshold.${renamedNote}`,
      ],
      detail: { recast: recast.length, renamed: diff.renamed.length, lossless: true },
      agreeShare: 1,
      margins: [],
      cap: "high",
    };
  }
  const bitsDiffering = figures.reduce((sum, item) => sum + item.tensor.stats.bitsDiffering, 0);
  let identicalLine = `Every compared tensor is bit-identical.${renamedNote}`;
  if (figures.length === 0 && diff.renamed.length > 0) {
    identicalLine = `No tensor kept its name, but all ${diff.renamed.length} reappear in the head with identical bytes under new names.`;
  } else if (figures.length === 0) {
    identicalLine = "Both checkpoints hold no tensor.";
  }
  const evidence = [
    bitsDiffering === 0
      ? identicalLine
      : `No value moved beyond the threshold; ${bitsDiffering.toLocaleString("en-US")} elements differ only in their bits (signed zeros or NaN payloads, or changes within the threshold).${renamedNote}`,
  ];
  return {
    label: "identical",
    headline:
      diff.renamed.length > 0
        ? "The weights are identical; some tensors have new names."
        : "The weights are identical.",
    evidence,
    detail: { bitsDiffering, renamed: diff.renamed.length },
    agreeShare: 1,
    margins: [],
    cap: "high",
  };
}

function castVerdict(
  figures: readonly TensorFigures[],
  recast: readonly TensorFigures[],
): Verdict | null {
  if (recast.length === 0) return null;
  const changedSame = figures.filter(
    (item) => item.changed && item.tensor.baseDtype === item.tensor.headDtype,
  );
  if (changedSame.length > 0) return null;
  const worst = Math.max(...recast.map((item) => item.rho ?? 0));
  if (!(worst <= CAST_MAX_RELATIVE_CHANGE)) return null;
  const minCos = Math.min(...recast.map((item) => item.cos ?? 1));
  return {
    label: "cast",
    headline: "The weights were converted to another dtype; the values moved only by rounding.",
    evidence: [
      `${count(recast.length, "tensor")} changed dtype and their largest relative change is ${formatFigure(worst)}, within the ${formatFigure(CAST_MAX_RELATIVE_CHANGE)} that rounding to a coarser dtype gives (float32 to bfloat16 with round-to-nearest gives about 1.7e-3); the lowest cosine is ${formatFigure(minCos)}.`,
      "Tensors that kept their dtype are unchanged.",
    ],
    detail: { recast: recast.length, maxRelativeChange: worst, minCosine: minCos },
    agreeShare: 1,
    margins: [Math.log10(CAST_MAX_RELATIVE_CHANGE / Math.max(worst, 1e-12))],
    cap: "high",
  };
}

/**
 * Every matrix is unchanged and only 1-D tensors (norms, biases) moved, as in bias-only tuning.
 * The unchanged matrices tie the head to the base: an independent training changes all of them.
 */
function vectorsOnlyVerdict(
  matrices: readonly TensorFigures[],
  numeric: readonly TensorFigures[],
): Verdict {
  const changedVectors = numeric.filter((item) => item.changed && item.tensor.shape.length < 2);
  const names = changedVectors.map((item) => item.tensor.name);
  const rho = weightedMedian(changedVectors, (item) => item.rho);
  const r = weightedMedian(changedVectors, (item) => item.r);
  const cos = weightedMedian(changedVectors, (item) => item.cos);
  let band: string | null = null;
  if (rho !== null) {
    if (rho < 3e-3) band = "light";
    else if (rho < 0.06) band = "standard";
    else band = "heavy";
  }
  return {
    label: "partial_finetune",
    headline:
      "A partial fine-tune: every weight matrix is unchanged, and only 1-D tensors (norms, biases) moved.",
    evidence: [
      `${matrices.length === 1 ? "The only matrix" : `All ${matrices.length.toLocaleString("en-US")} matrices`} of the base ${matrices.length === 1 ? "is" : "are"} unchanged in the head, which ties the head to the base: an independent training would change ${matrices.length === 1 ? "it" : "every one of them"}.`,
      `${count(changedVectors.length, "1-D tensor")} changed (${namesPreview(names)}), with a median relative change of ${formatFigure(rho)}.`,
    ],
    detail: {
      band,
      relativeChange: rho,
      correlation: r,
      cosine: cos,
      changedShare: 0,
      changedTensors: names.slice(0, MAX_DETAIL_NAMES),
    },
    agreeShare: 1,
    margins: [],
    cap: "high",
  };
}

function lineageVerdict(
  figures: readonly TensorFigures[],
  matrices: readonly TensorFigures[],
  numeric: readonly TensorFigures[],
): Verdict {
  // Without matrices, only 1-D tensors can vote, and the low cap makes that visible.
  const voters = matrices.length > 0 ? matrices : numeric;
  const onlyVectors = matrices.length === 0;
  const changedVoters = voters.filter((item) => item.changed);
  const voterParams = sumNumel(voters);
  const changedShare = voterParams === 0 ? 0 : sumNumel(changedVoters) / voterParams;
  const unchangedTensors = figures.filter((item) => !item.changed);

  const r = weightedMedian(changedVoters, (item) => item.r);
  const rho = weightedMedian(changedVoters, (item) => item.rho);
  const cos = weightedMedian(changedVoters, (item) => item.cos);
  const smallShare =
    sumNumel(changedVoters.filter((item) => item.minSide < SMALL_MATRIX_SIDE)) /
    Math.max(1, sumNumel(changedVoters));
  const cap: ConfidenceLevel = onlyVectors || smallShare > 0.5 ? "low" : "high";
  let capReason: string | undefined;
  if (onlyVectors) capReason = "only 1-D tensors changed, and they show little about lineage";
  else if (smallShare > 0.5) {
    capReason = `most changed parameters sit in matrices with a side shorter than ${SMALL_MATRIX_SIDE}, whose correlations are noisy`;
  }
  const smallNote =
    smallShare > 0.5
      ? [
          `Most changed matrices have a side shorter than ${SMALL_MATRIX_SIDE}, which makes correlations noisy, so the confidence is capped at low.`,
        ]
      : [];
  const figuresLine = `Changed ${onlyVectors ? "tensors" : "matrices"} (${percent(sumNumel(changedVoters), voterParams)} of their parameters): median relative change ${formatFigure(rho)}, median correlation ${formatFigure(r)}, median cosine ${formatFigure(cos)}.`;

  if (!onlyVectors && changedVoters.length === 0) return vectorsOnlyVerdict(matrices, numeric);

  if (r === null) {
    // Only constant base tensors changed (all zeros, as a new LoRA B matrix is): no correlation
    // exists to measure, so nothing links the head to the base.
    return {
      label: "independent",
      headline:
        "No detectable lineage: the base tensors that changed are constant, so the head cannot be related to them.",
      evidence: [
        figuresLine,
        "Every changed tensor of the base holds one value throughout (for example all zeros, as a freshly initialized LoRA B matrix does), so its correlation with the head is undefined and these weights cannot show lineage.",
      ],
      detail: { relativeChange: rho, correlation: null, independentShare: 0 },
      agreeShare: 0,
      margins: [],
      cap: "low",
    };
  }

  const agreeing = (test: (item: TensorFigures) => boolean) =>
    sumNumel(changedVoters.filter(test)) / Math.max(1, sumNumel(changedVoters));

  const anchorLine = (): string[] => {
    if (rho === null) return [];
    const anchor = nearestAnchor(rho, cos);
    if (!anchor) return [];
    const anchorCos = anchor.cosine === null ? "" : ` with cosine ${anchor.cosine}`;
    return [
      `Nearest published pair: ${anchor.pair} (${anchor.kind}), relative change ${anchor.relativeChange}${anchorCos}.`,
    ];
  };

  if (
    r !== null &&
    rho !== null &&
    r >= FINETUNE_MIN_CORRELATION &&
    rho < CONTINUED_MIN_RELATIVE_CHANGE
  ) {
    let band = "heavy";
    if (rho < 3e-3) band = "light";
    else if (rho < 0.06) band = "standard";
    const agreeShare = agreeing(
      (item) =>
        item.r !== null &&
        item.rho !== null &&
        item.r >= FINETUNE_MIN_CORRELATION &&
        item.rho < CONTINUED_MIN_RELATIVE_CHANGE,
    );
    const margins = [
      Math.log10((1 - FINETUNE_MIN_CORRELATION) / Math.max(1 - r, 1e-9)),
      Math.log10(CONTINUED_MIN_RELATIVE_CHANGE / Math.max(rho, 1e-12)),
    ];
    const evidence = [
      figuresLine,
      `A correlation of ${formatFigure(r)} (at least ${FINETUNE_MIN_CORRELATION}) means the head keeps the base's weights pointing the same way; two independent trainings would give a correlation near 0 and a relative change near 1.41.`,
      `A relative change of ${formatFigure(rho)} is in the ${band} post-training band (under 0.003 light, 0.003 to 0.06 standard, 0.06 to 0.3 heavy).`,
      ...anchorLine(),
      "The share of changed elements is not evidence of lineage: a dense update changes almost every element, however small it is.",
      ...smallNote,
    ];
    if (changedShare <= PARTIAL_MAX_SHARE && unchangedTensors.length > 0) {
      const touched = [...new Set(changedVoters.map((item) => item.tensor.name))];
      return {
        label: "partial_finetune",
        headline: `A partial fine-tune: ${percent(sumNumel(changedVoters), voterParams)} of the matrix parameters changed, the rest are untouched.`,
        evidence: [
          `${count(unchangedTensors.length, "tensor")} unchanged while ${changedVoters.length} changed.`,
          ...evidence,
        ],
        detail: {
          band,
          relativeChange: rho,
          correlation: r,
          cosine: cos,
          changedShare,
          changedTensors: touched.slice(0, MAX_DETAIL_NAMES),
        },
        agreeShare,
        margins: [...margins, Math.log10(1 / Math.max(changedShare, 1e-9)) * 2],
        cap,
        capReason,
      };
    }
    return {
      label: "finetune",
      headline:
        "A fine-tune of the base: the weights moved densely but keep their direction (a post-trained descendant).",
      evidence,
      detail: { band, relativeChange: rho, correlation: r, cosine: cos, changedShare },
      agreeShare,
      margins,
      cap,
      capReason,
    };
  }

  const independentShare =
    sumNumel(voters.filter((item) => item.z !== null && Math.abs(item.z) < INDEPENDENT_MAX_Z)) /
    Math.max(1, voterParams);
  if (
    r !== null &&
    Math.abs(r) < LINEAGE_MIN_CORRELATION &&
    independentShare >= INDEPENDENT_MIN_SHARE
  ) {
    return {
      label: "independent",
      headline:
        "No detectable lineage: the head's weights are uncorrelated with the base's, as for an independent training run.",
      evidence: [
        figuresLine,
        `${percent(independentShare * voterParams, voterParams)} of the matrix parameters sit in tensors whose correlation is within ${INDEPENDENT_MAX_Z} standard errors of 0 (|r| × sqrt(smaller side) < ${INDEPENDENT_MAX_Z}).`,
        `Independent runs give a correlation near 0 and a relative change near 1.41 (sqrt 2, for equal norms); this pair has ${formatFigure(r)} and ${formatFigure(rho)}.`,
        "This is an absence of evidence, not a proof: permuted or rotated copies of a model also show no aligned correlation.",
        ...smallNote,
      ],
      detail: { relativeChange: rho, correlation: r, independentShare },
      agreeShare: independentShare,
      margins: [Math.log10(LINEAGE_MIN_CORRELATION / Math.max(Math.abs(r), 1e-6))],
      cap: cap === "high" ? "medium" : cap,
      capReason:
        capReason ??
        "no aligned correlation is not proof of independence, since permuted or rotated copies show none either",
    };
  }

  const distant = r === null || r < LINEAGE_MIN_CORRELATION;
  const agreeShare = agreeing(
    (item) =>
      item.r !== null &&
      (item.r < FINETUNE_MIN_CORRELATION || (item.rho ?? 0) >= CONTINUED_MIN_RELATIVE_CHANGE),
  );
  return {
    label: "continued_pretraining",
    headline: distant
      ? "Extensive retraining: the head keeps a weak but significant link to the base."
      : "Continued training: the head descends from the base but moved far beyond a fine-tune.",
    evidence: [
      figuresLine,
      distant
        ? `The correlation of ${formatFigure(r)} is low, yet more than ${percent((1 - independentShare) * voterParams, voterParams)} of the matrix parameters sit in tensors whose correlation is significant, so the pair is related, not independent.`
        : `A correlation of ${formatFigure(r)} (between ${LINEAGE_MIN_CORRELATION} and ${FINETUNE_MIN_CORRELATION}) or a relative change of ${formatFigure(rho)} (${CONTINUED_MIN_RELATIVE_CHANGE} or more) is the band of continued pre-training; a fine-tune keeps the correlation above ${FINETUNE_MIN_CORRELATION}.`,
      ...anchorLine(),
      ...smallNote,
    ],
    detail: { relativeChange: rho, correlation: r, cosine: cos },
    agreeShare,
    margins:
      r === null
        ? []
        : [
            Math.min(
              Math.log10((1 - LINEAGE_MIN_CORRELATION) / Math.max(1 - r, 1e-9)),
              Math.log10((1 - r) / (1 - FINETUNE_MIN_CORRELATION)) +
                (rho !== null && rho >= CONTINUED_MIN_RELATIVE_CHANGE ? 1 : 0),
            ),
          ],
    cap: distant ? "low" : cap,
    capReason: distant ? "the correlation with the base is weak" : capReason,
  };
}
