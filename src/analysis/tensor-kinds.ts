/**
 * Per-tensor verdicts: what kind of change one compared tensor shows, from its one-pass
 * statistics and change profile and, for matrices, its sampled analyses. The first matching
 * kind wins, in the order of KIND_ORDER: identical, cast (or rounding), quantized, pruned,
 * sparse mask, low rank, then dense or weakly correlated by direction and size.
 */

import {
  PROFILE_BUCKET_CHANGED,
  PROFILE_BUCKET_TOTAL,
  PROFILE_BUCKETS,
  PROFILE_CAST_BF16_NEAREST,
  PROFILE_CAST_BF16_TRUNCATED,
  PROFILE_CAST_F16_NEAREST,
  PROFILE_ELEMENTS,
  PROFILE_GROUPS_HALF_ZERO,
  PROFILE_GROUPS_OF_FOUR,
  PROFILE_NEW_ZEROS,
  PROFILE_SIGN_AGREE,
  PROFILE_SIGN_PAIRS,
  PROFILE_ULP_HISTOGRAM,
  PROFILE_ZEROS_BASE,
  ULP_MIN_STEP,
} from "../diff/profile.js";
import type { ComparedTensor } from "../diff/types.js";
import type { ModuleKind } from "../report/model.js";
import { correlation, cosine, relativeChange } from "./metrics.js";
import type { GridFit } from "./quant-grid.js";
import type { LineageChecks, MatrixAnalysis } from "./sampling.js";
import type { LowRankFit } from "./spectrum.js";

export type TensorKind =
  | "identical"
  | "cast"
  | "quantized"
  | "pruned"
  | "sparse"
  | "low_rank"
  | "dense"
  | "weak";

/** Share of elements that must equal a rounded base for a cast verdict. */
export const CAST_MIN_SHARE = 0.999;
/** A dtype change whose relative change stays under this is rounding, when no cast test fits. */
export const CAST_MAX_RELATIVE_CHANGE = 4e-3;
/** Share of elements zeroed (where the base was not zero) from which a tensor counts as pruned. */
export const PRUNED_MIN_NEW_ZEROS = 0.2;
/** Changed share at or below which a flat bucket profile means a random or top-k mask. */
export const SPARSE_MAX_CHANGED = 0.7;
/** max / min of the changed share over populated magnitude buckets for a flat profile. */
export const FLAT_MAX_RATIO = 1.5;
/** Correlation below which a matrix shows no aligned lineage. */
export const LINEAGE_MIN_CORRELATION = 0.15;
/** In-place norm ratio below which row or column norms were kept (rotation or permutation). */
export const NORMS_KEPT_MAX_RATIO = 0.15;
/** Matched-row |cosine| above which a head row is a moved copy of a base row. */
export const MATCHED_MIN_COSINE = 0.5;

export interface TensorVerdict {
  tensor: ComparedTensor;
  name: string;
  module: ModuleKind;
  numel: number;
  isMatrix: boolean;
  /** Whether the second pass analysed this matrix (rank, grid, row checks). */
  analysed: boolean;
  minSide: number;
  kind: TensorKind;
  rho: number | null;
  r: number | null;
  cos: number | null;
  /** r * sqrt(smaller side): a conservative significance of the correlation. */
  z: number | null;
  /** Correlation estimated from sign agreement, cos(pi * (1 - agree)); robust to outliers. */
  signCorrelation: number | null;
  changedShare: number;
  castKind?: "bfloat16 nearest" | "bfloat16 truncated" | "float16 nearest" | "rounding";
  grid?: GridFit;
  rank?: LowRankFit;
  /** The LoRA was merged into a base that had gone through NF4 quantization. */
  overQuantizedBase?: boolean;
  pruneKind?: "2:4" | "unstructured";
  newZeroShare?: number;
  lineage?: LineageChecks;
  /** A permutation or rotation of the base explains the weak aligned correlation. */
  transformed?: boolean;
  /** Changed share per populated magnitude bucket of |a|, smallest |a| first. */
  bucketProfile: number[];
  /** Share of changed elements within one rounding step (|delta| < 2 ulp(a)). */
  roundingShare: number | null;
}

function profileAt(tensor: ComparedTensor, index: number): number {
  return (tensor.stats.profile?.[index] as number | undefined) ?? 0;
}

/** Elements the profile counted: all of them, or those of the sampled blocks. */
function profiledElements(tensor: ComparedTensor): number {
  return profileAt(tensor, PROFILE_ELEMENTS);
}

/** Changed share per magnitude bucket holding at least 1% of the elements (and 16). */
export function bucketProfileOf(tensor: ComparedTensor): number[] {
  const profile = tensor.stats.profile;
  if (!profile) return [];
  const minimum = Math.max(16, profiledElements(tensor) * 0.01);
  const shares: number[] = [];
  for (let bucket = 0; bucket < PROFILE_BUCKETS; bucket++) {
    const total = profile[PROFILE_BUCKET_TOTAL + bucket] as number;
    if (total >= minimum) shares.push((profile[PROFILE_BUCKET_CHANGED + bucket] as number) / total);
  }
  return shares;
}

/** Share of changed pairs with |delta| below two rounding steps of a (histogram bins k <= 0). */
function roundingShareOf(tensor: ComparedTensor): number | null {
  const profile = tensor.stats.profile;
  if (!profile) return null;
  let changed = 0;
  let small = 0;
  for (let k = ULP_MIN_STEP; k <= 24; k++) {
    const count = profile[PROFILE_ULP_HISTOGRAM + 1 + k - ULP_MIN_STEP] as number;
    changed += count;
    if (k <= 0) small += count;
  }
  return changed === 0 ? null : small / changed;
}

function isFlat(shares: readonly number[]): boolean {
  if (shares.length < 2) return false;
  const max = Math.max(...shares);
  const min = Math.min(...shares);
  return min > 0 && max / min <= FLAT_MAX_RATIO;
}

/** Returns whether the profile falls at least 3x from the smallest to the largest populated |a|. */
export function isFalling(shares: readonly number[]): boolean {
  if (shares.length < 2) return false;
  const first = shares[0] as number;
  const last = shares[shares.length - 1] as number;
  return first > 0 && first >= 3 * last;
}

function castKindOf(tensor: ComparedTensor): TensorVerdict["castKind"] | undefined {
  const numel = tensor.stats.numel;
  if (numel === 0) return undefined;
  if (tensor.baseDtype !== tensor.headDtype) {
    if (tensor.stats.changed === 0) return "rounding";
    const tests: [number, NonNullable<TensorVerdict["castKind"]>][] = [
      [PROFILE_CAST_BF16_NEAREST, "bfloat16 nearest"],
      [PROFILE_CAST_BF16_TRUNCATED, "bfloat16 truncated"],
      [PROFILE_CAST_F16_NEAREST, "float16 nearest"],
    ];
    const profiled = profiledElements(tensor);
    for (const [index, kind] of tests) {
      if (profiled > 0 && profileAt(tensor, index) >= CAST_MIN_SHARE * profiled) return kind;
    }
    const rho = relativeChange(tensor.stats);
    if (!tensor.stats.profile && rho !== null && rho <= CAST_MAX_RELATIVE_CHANGE) return "rounding";
    return undefined;
  }
  return undefined;
}

/**
 * Classifies one compared tensor. `analysis` is its sampled analysis, when it has one, and
 * `module` is moduleKindOf(tensor.name).
 */
export function tensorVerdict(
  tensor: ComparedTensor,
  analysis: MatrixAnalysis | undefined,
  module: ModuleKind,
): TensorVerdict {
  const shape = tensor.shape;
  const columns = shape[shape.length - 1] ?? 1;
  const rows = shape.length > 0 ? tensor.stats.numel / Math.max(columns, 1) : 1;
  const minSide = Math.min(rows, columns);
  const r = correlation(tensor.stats);
  const signPairs = profileAt(tensor, PROFILE_SIGN_PAIRS);
  const verdict: TensorVerdict = {
    tensor,
    name: tensor.name,
    module,
    numel: tensor.stats.numel,
    isMatrix: shape.length >= 2 && tensor.comparison === "float",
    analysed: analysis !== undefined,
    minSide,
    kind: "dense",
    rho: relativeChange(tensor.stats),
    r,
    cos: cosine(tensor.stats),
    z: r === null ? null : r * Math.sqrt(minSide),
    signCorrelation:
      signPairs === 0
        ? null
        : Math.cos(Math.PI * (1 - profileAt(tensor, PROFILE_SIGN_AGREE) / signPairs)),
    changedShare: changedShareOf(tensor),
    bucketProfile: bucketProfileOf(tensor),
    roundingShare: roundingShareOf(tensor),
  };
  verdict.kind = kindOf(verdict, analysis);
  return verdict;
}

function changedShareOf(tensor: ComparedTensor): number {
  return tensor.stats.numel === 0 ? 0 : tensor.stats.changed / tensor.stats.numel;
}

/** An identical tensor, or a cast with its kind. */
type SettledKind =
  | { kind: "identical" }
  | { kind: "cast"; castKind: NonNullable<TensorVerdict["castKind"]> };

/**
 * Returns the kind when the one-pass statistics alone decide it (identical, or a cast or a
 * rounding), or null when it takes the change's structure.
 */
function settledKindOf(
  tensor: ComparedTensor,
  roundingShare: number | null,
  changedShare: number,
): SettledKind | null {
  if (tensor.stats.changed === 0 && tensor.baseDtype === tensor.headDtype) {
    return { kind: "identical" };
  }
  const castKind = castKindOf(tensor);
  if (castKind !== undefined) return { kind: "cast", castKind };
  // Same dtype, every change within a rounding step, and most values changed: the head was
  // recomputed in a wider dtype and rounded again.
  if (
    tensor.baseDtype === tensor.headDtype &&
    roundingShare !== null &&
    roundingShare >= 0.99 &&
    changedShare >= 0.5
  ) {
    return { kind: "cast", castKind: "rounding" };
  }
  return null;
}

/**
 * Returns whether tensorVerdict gives this tensor the kind identical or cast, whatever its sampled
 * analysis: the one-pass statistics alone decide those two kinds.
 */
export function isIdenticalOrCast(tensor: ComparedTensor): boolean {
  return settledKindOf(tensor, roundingShareOf(tensor), changedShareOf(tensor)) !== null;
}

function kindOf(verdict: TensorVerdict, analysis: MatrixAnalysis | undefined): TensorKind {
  const tensor = verdict.tensor;
  const numel = tensor.stats.numel;
  const settled = settledKindOf(tensor, verdict.roundingShare, verdict.changedShare);
  if (settled !== null) {
    if (settled.kind === "cast") verdict.castKind = settled.castKind;
    return settled.kind;
  }
  if (analysis?.grid) {
    verdict.grid = analysis.grid;
    return "quantized";
  }
  if (
    analysis?.distinctRatio !== null &&
    analysis?.distinctRatio !== undefined &&
    analysis.distinctRatio <= 0.3 &&
    (verdict.rho ?? 0) >= 3e-3
  ) {
    return "quantized";
  }
  const newZeros = profileAt(tensor, PROFILE_NEW_ZEROS);
  const profiled = profiledElements(tensor);
  if (profiled > 0 && newZeros >= PRUNED_MIN_NEW_ZEROS * profiled) {
    const baseZeros = profileAt(tensor, PROFILE_ZEROS_BASE);
    if (newZeros >= 4 * baseZeros) {
      const groups = profileAt(tensor, PROFILE_GROUPS_OF_FOUR);
      const halfZero = profileAt(tensor, PROFILE_GROUPS_HALF_ZERO);
      verdict.pruneKind = groups > 0 && halfZero >= 0.99 * groups ? "2:4" : "unstructured";
      verdict.newZeroShare = newZeros / profiled;
      return "pruned";
    }
  }
  if (analysis && (analysis.shrinkShare ?? 0) >= 0.95) return "dense";
  const rowStructured = analysis !== undefined && analysis.changedWithinRows >= 0.5;
  const bitsShare = numel === 0 ? 0 : tensor.stats.bitsDiffering / numel;
  if (bitsShare <= SPARSE_MAX_CHANGED && isFlat(verdict.bucketProfile) && !rowStructured) {
    return "sparse";
  }
  if (analysis?.rank?.lowRank) {
    verdict.rank = analysis.rank;
    return "low_rank";
  }
  if (analysis?.rankOverNf4Base?.lowRank && (verdict.rho ?? 0) >= 0.02) {
    verdict.rank = analysis.rankOverNf4Base;
    verdict.overQuantizedBase = true;
    return "low_rank";
  }
  if (analysis?.rank) verdict.rank = analysis.rank;
  if (verdict.isMatrix && (verdict.r === null || Math.abs(verdict.r) < LINEAGE_MIN_CORRELATION)) {
    if (analysis?.lineage) {
      verdict.lineage = analysis.lineage;
      verdict.transformed = isTransformed(analysis.lineage);
    }
    return "weak";
  }
  return "dense";
}

/** Returns whether the checks find moved copies of base rows, or row or column norms kept in place. */
export function isTransformed(checks: LineageChecks): boolean {
  const matched =
    checks.matchedCosine >= Math.max(MATCHED_MIN_COSINE, 3 * checks.chanceCosine) &&
    checks.movedShare >= 0.5;
  const rowsKept = checks.rowNormRatio !== null && checks.rowNormRatio < NORMS_KEPT_MAX_RATIO;
  const columnsKept =
    checks.columnNormRatio !== null && checks.columnNormRatio < NORMS_KEPT_MAX_RATIO;
  return matched || rowsKept || columnsKept;
}
