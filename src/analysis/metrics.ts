import type { TensorStats } from "../diff/types.js";

/**
 * Figures derived from the sums of TensorStats. Each returns null where it is undefined (a zero
 * norm, no finite values), never NaN.
 */

/** ||b - a|| / ||a||. */
export function relativeChange(stats: TensorStats): number | null {
  if (stats.finiteCount === 0 || stats.sumSquaredA === 0) return null;
  return Math.sqrt(stats.sumSquaredDelta) / Math.sqrt(stats.sumSquaredA);
}

/**
 * Cosine of a and b, computed as 1 - (||d||^2 - (||a|| - ||b||)^2) / (2 ||a|| ||b||), which keeps
 * its precision when the cosine is close to 1, unlike a.b / (||a|| ||b||).
 */
export function cosine(stats: TensorStats): number | null {
  if (stats.finiteCount === 0 || stats.sumSquaredA === 0 || stats.sumSquaredB === 0) return null;
  const normA = Math.sqrt(stats.sumSquaredA);
  const normB = Math.sqrt(stats.sumSquaredB);
  const oneMinus = (stats.sumSquaredDelta - (normA - normB) ** 2) / (2 * normA * normB);
  return Math.min(1, Math.max(-1, 1 - oneMinus));
}

/** Pearson correlation of a and b over the finite pairs. */
export function correlation(stats: TensorStats): number | null {
  const n = stats.finiteCount;
  if (n < 2) return null;
  const meanA = stats.sumA / n;
  const meanB = stats.sumB / n;
  const varianceA = stats.sumSquaredA - n * meanA * meanA;
  const varianceB = stats.sumSquaredB - n * meanB * meanB;
  if (!(varianceA > 0) || !(varianceB > 0)) return null;
  const covariance = stats.sumProduct - n * meanA * meanB;
  return Math.min(1, Math.max(-1, covariance / Math.sqrt(varianceA * varianceB)));
}
