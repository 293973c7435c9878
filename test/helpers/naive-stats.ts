import type { ComparedTensor, TensorStats } from "../../src/diff/types.js";
import type { DType } from "../../src/format/dtypes.js";

/**
 * Computes TensorStats with a plain per-element loop in float64: the independent reference the
 * tests hold the engine and the classifier's inputs to.
 */
export function naiveStats(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  threshold = 1e-6,
): TensorStats {
  const stats: TensorStats = {
    numel: a.length,
    changed: 0,
    bitsDiffering: 0,
    maxAbsDelta: 0,
    maxAbsDeltaIndex: -1,
    sumA: 0,
    sumB: 0,
    sumSquaredDelta: 0,
    sumSquaredA: 0,
    sumSquaredB: 0,
    sumProduct: 0,
    finiteCount: 0,
    nanA: 0,
    nanB: 0,
    infA: 0,
    infB: 0,
  };
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    const bothNaN = Number.isNaN(x) && Number.isNaN(y);
    if (!Object.is(x, y) && !bothNaN) stats.bitsDiffering++;
    if (!(x === y || bothNaN) && !(Math.abs(x - y) <= threshold)) stats.changed++;
    if (Number.isNaN(x)) stats.nanA++;
    if (Number.isNaN(y)) stats.nanB++;
    if (x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY) stats.infA++;
    if (y === Number.POSITIVE_INFINITY || y === Number.NEGATIVE_INFINITY) stats.infB++;
    const delta = Math.abs(x - y);
    if (Number.isFinite(delta) && delta > stats.maxAbsDelta) {
      stats.maxAbsDelta = delta;
      stats.maxAbsDeltaIndex = i;
    }
    if (Number.isFinite(x) && Number.isFinite(y)) {
      stats.finiteCount++;
      stats.sumA += x;
      stats.sumB += y;
      stats.sumSquaredDelta += (x - y) * (x - y);
      stats.sumSquaredA += x * x;
      stats.sumSquaredB += y * y;
      stats.sumProduct += x * y;
    }
  }
  return stats;
}

/** Wraps naive statistics of `a` against `b` as a compared tensor. */
export function comparedTensor(
  name: string,
  shape: number[],
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  dtypes: { base: DType; head: DType } = { base: "F32", head: "F32" },
): ComparedTensor {
  return {
    name,
    shape,
    baseDtype: dtypes.base,
    headDtype: dtypes.head,
    comparison: "float",
    stats: naiveStats(a, b),
  };
}
