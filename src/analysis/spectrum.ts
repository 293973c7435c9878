/**
 * Eigenvalues of small symmetric matrices (Householder reduction to tridiagonal form, then the
 * implicit QL iteration with Wilkinson shifts), and the low-rank test built on them.
 */

/**
 * Returns the eigenvalues of the symmetric `size` x `size` matrix stored row-major in `matrix`,
 * sorted in descending order. The matrix is overwritten. Cost: about (4/3) size^3 operations.
 */
export function symmetricEigenvalues(matrix: Float64Array, size: number): Float64Array {
  const diagonal = new Float64Array(size);
  const offDiagonal = new Float64Array(size);
  tridiagonalize(matrix, size, diagonal, offDiagonal);
  tridiagonalEigenvalues(diagonal, offDiagonal, size);
  return diagonal.sort().reverse();
}

/**
 * Reduces the matrix to tridiagonal form by Householder reflections applied from both sides.
 * On return, diagonal[k] is the k-th diagonal entry and offDiagonal[k] the entry between k and
 * k + 1 (offDiagonal[size - 1] is 0).
 */
function tridiagonalize(
  matrix: Float64Array,
  size: number,
  diagonal: Float64Array,
  offDiagonal: Float64Array,
): void {
  const at = (row: number, column: number) => matrix[row * size + column] as number;
  const v = new Float64Array(size);
  const p = new Float64Array(size);
  for (let k = 0; k < size - 2; k++) {
    let norm = 0;
    for (let i = k + 1; i < size; i++) norm += at(i, k) ** 2;
    norm = Math.sqrt(norm);
    const first = at(k + 1, k);
    const alpha = first > 0 ? -norm : norm;
    diagonal[k] = at(k, k);
    offDiagonal[k] = alpha;
    if (norm === 0) continue;
    // v = x - alpha e1, normalized; the reflection H = I - 2 v v^T maps x to alpha e1.
    let vNorm = 0;
    for (let i = k + 1; i < size; i++) {
      v[i] = at(i, k) - (i === k + 1 ? alpha : 0);
      vNorm += (v[i] as number) ** 2;
    }
    vNorm = Math.sqrt(vNorm);
    if (vNorm === 0) continue;
    for (let i = k + 1; i < size; i++) v[i] = (v[i] as number) / vNorm;
    // B <- H B H for the trailing block B: with p = B v and q = p - (v^T p) v,
    // H B H = B - 2 v q^T - 2 q v^T.
    let vp = 0;
    for (let i = k + 1; i < size; i++) {
      let sum = 0;
      const rowStart = i * size;
      for (let j = k + 1; j < size; j++) sum += (matrix[rowStart + j] as number) * (v[j] as number);
      p[i] = sum;
      vp += (v[i] as number) * sum;
    }
    for (let i = k + 1; i < size; i++) p[i] = (p[i] as number) - vp * (v[i] as number);
    for (let i = k + 1; i < size; i++) {
      const vi = 2 * (v[i] as number);
      const qi = 2 * (p[i] as number);
      const rowStart = i * size;
      for (let j = k + 1; j < size; j++) {
        matrix[rowStart + j] =
          (matrix[rowStart + j] as number) - vi * (p[j] as number) - qi * (v[j] as number);
      }
    }
  }
  if (size >= 2) {
    diagonal[size - 2] = at(size - 2, size - 2);
    offDiagonal[size - 2] = at(size - 1, size - 2);
  }
  if (size >= 1) diagonal[size - 1] = at(size - 1, size - 1);
  offDiagonal[size - 1] = 0;
}

/** Replaces `diagonal` with the eigenvalues of the symmetric tridiagonal matrix (implicit QL). */
function tridiagonalEigenvalues(diagonal: Float64Array, off: Float64Array, size: number): void {
  const d = diagonal;
  for (let l = 0; l < size; l++) {
    for (let iteration = 0; iteration < 60; iteration++) {
      let m = l;
      for (; m < size - 1; m++) {
        const scale = Math.abs(d[m] as number) + Math.abs(d[m + 1] as number);
        if (Math.abs(off[m] as number) <= Number.EPSILON * scale) break;
      }
      if (m === l) break;
      let g = ((d[l + 1] as number) - (d[l] as number)) / (2 * (off[l] as number));
      let r = Math.hypot(g, 1);
      g = (d[m] as number) - (d[l] as number) + (off[l] as number) / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let underflow = false;
      for (let i = m - 1; i >= l; i--) {
        const f = s * (off[i] as number);
        const b = c * (off[i] as number);
        r = Math.hypot(f, g);
        off[i + 1] = r;
        if (r === 0) {
          d[i + 1] = (d[i + 1] as number) - p;
          off[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = (d[i + 1] as number) - p;
        r = ((d[i] as number) - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (underflow) continue;
      d[l] = (d[l] as number) - p;
      off[l] = g;
      off[m] = 0;
    }
  }
}

/** Result of the low-rank test on sampled rows of a delta. */
export interface LowRankFit {
  /**
   * Estimated rank. From the largest gap in the singular values, or, when no gap decides, the
   * count of singular values above the Gavish-Donoho noise threshold.
   */
  rank: number;
  /** Share of the sampled delta's energy in the top `rank` singular values. */
  energy: number;
  /** sigma_rank / sigma_(rank+1): how sharply the spectrum drops after the rank. */
  cliff: number;
  /** Whether the delta is low-rank by the thresholds below. */
  lowRank: boolean;
  /**
   * Route to the verdict: "cliff" (a sharp drop after the rank) or "noise-floor" (most of the
   * energy above the noise threshold in few directions, the rest at the level of noise).
   */
  method: "cliff" | "noise-floor";
  /** Share of the energy in the singular values above the Gavish-Donoho noise threshold. */
  floorEnergy: number;
}

/** Smallest sampled side on which the low-rank test runs. */
export const LOW_RANK_MIN_SIDE = 32;
/** Energy share the top singular values must carry for a low-rank verdict. */
export const LOW_RANK_MIN_ENERGY = 0.7;
/** Energy share above which a drop of LOW_RANK_MIN_CLIFF suffices at any rank. */
export const CONCENTRATED_MIN_ENERGY = 0.9;
/** Minimum sigma_r / sigma_(r+1) for ranks above 32; rank 32 or less needs SMALL_RANK_MIN_CLIFF. */
export const LOW_RANK_MIN_CLIFF = 1.5;
export const SMALL_RANK_MIN_CLIFF = 2.5;
/**
 * Energy share above the Gavish-Donoho threshold for a noise-floor verdict. A merged adapter of
 * rank near half the sampled rows has no sharp drop, because the smallest singular values of a
 * product of two random factors fall into the rounding noise. Yet on the synthetic benchmark it
 * keeps 0.8 or more of the energy above the threshold, and dense fine-tunes keep 0.07 to 0.15.
 */
export const NOISE_FLOOR_MIN_ENERGY = 0.75;
/**
 * Columns of the sampled rows that enter the Gram matrix. A rank-r delta keeps rank r on any r or
 * more columns, so capping them bounds the cost (rows^2 x columns / 2 products) on wide matrices.
 */
export const GRAM_MAX_COLUMNS = 512;

/**
 * Gavish and Donoho's optimal hard threshold for singular values under noise of unknown level, as
 * a multiple of the median singular value, for an aspect ratio beta = rows / columns <= 1
 * ("The Optimal Hard Threshold for Singular Values is 4/sqrt(3)", 2014, equation 4 fit).
 */
export function noiseThresholdFactor(beta: number): number {
  return 0.56 * beta ** 3 - 0.95 * beta ** 2 + 1.82 * beta + 1.43;
}

/**
 * Returns the Gram matrix (row-major, count x count) of `rows` over columns [first, first + width).
 * Four partial sums per product keep the additions independent, so the loop runs faster.
 */
function gramMatrix(rows: readonly Float64Array[], first: number, width: number): Float64Array {
  const count = rows.length;
  const gram = new Float64Array(count * count);
  const end = first + width;
  const unrolledEnd = first + width - (width % 4);
  for (let i = 0; i < count; i++) {
    const x = rows[i] as Float64Array;
    for (let j = i; j < count; j++) {
      const y = rows[j] as Float64Array;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let k = first;
      for (; k < unrolledEnd; k += 4) {
        s0 += (x[k] as number) * (y[k] as number);
        s1 += (x[k + 1] as number) * (y[k + 1] as number);
        s2 += (x[k + 2] as number) * (y[k + 2] as number);
        s3 += (x[k + 3] as number) * (y[k + 3] as number);
      }
      for (; k < end; k++) s0 += (x[k] as number) * (y[k] as number);
      const sum = s0 + s1 + s2 + s3;
      gram[i * count + j] = sum;
      gram[j * count + i] = sum;
    }
  }
  return gram;
}

/**
 * Tests whether `rows` (each of length `columns`) span a low-rank space from the eigenvalues of
 * their Gram matrix (the squared singular values), over at most GRAM_MAX_COLUMNS columns starting
 * at `firstColumn`. Two routes give a low-rank verdict:
 * - cliff: the largest sigma_r / sigma_(r+1) among r <= half the rows, with LOW_RANK_MIN_ENERGY
 *   and the cliff thresholds;
 * - noise floor: r = the count of sigma above the Gavish-Donoho threshold (a multiple of the
 *   median sigma), at least 2 and at most half the sampled side, carrying at least
 *   NOISE_FLOOR_MIN_ENERGY of the energy.
 */
export function lowRankFit(
  rows: readonly Float64Array[],
  columns: number,
  firstColumn = 0,
): LowRankFit | null {
  const count = rows.length;
  const width = Math.min(columns - firstColumn, GRAM_MAX_COLUMNS);
  // Every delta of a matrix with few rows or columns has a low rank, so such matrices give no evidence.
  if (Math.min(count, width) < LOW_RANK_MIN_SIDE) return null;
  const eigenvalues = symmetricEigenvalues(gramMatrix(rows, firstColumn, width), count);
  const total = eigenvalues.reduce((sum, value) => sum + Math.max(0, value), 0);
  if (!(total > 0)) return null;
  const sigma = Array.from(eigenvalues, (value) => Math.sqrt(Math.max(0, value)));
  const energyOfTop = (rank: number): number => {
    let energy = 0;
    for (let r = 0; r < rank; r++) energy += Math.max(0, eigenvalues[r] as number);
    return energy / total;
  };
  let rank = 1;
  let cliff = 0;
  const smallSide = Math.min(count, width);
  const maxRank = Math.max(1, Math.floor(smallSide / 2));
  for (let r = 1; r <= maxRank && r < sigma.length; r++) {
    const next = sigma[r] as number;
    const ratio = next > 0 ? (sigma[r - 1] as number) / next : Number.POSITIVE_INFINITY;
    if (ratio > cliff) {
      cliff = ratio;
      rank = r;
    }
  }
  const energy = energyOfTop(rank);
  const minCliff = rank <= 32 ? SMALL_RANK_MIN_CLIFF : LOW_RANK_MIN_CLIFF;
  // Nearly all the energy in a few directions needs only a modest drop after them: adapters with
  // unequal singular values (column decay) reach 0.98 of the energy with a drop near 2.
  const concentrated = energy >= CONCENTRATED_MIN_ENERGY && cliff >= LOW_RANK_MIN_CLIFF;
  const finiteCliff = Number.isFinite(cliff) ? cliff : 1e6;
  const beta = Math.min(count, width) / Math.max(count, width);
  const threshold = noiseThresholdFactor(beta) * (sigma[Math.floor(sigma.length / 2)] as number);
  const aboveFloor = sigma.filter((value) => value > threshold).length;
  const floorEnergy = energyOfTop(aboveFloor);
  if ((energy >= LOW_RANK_MIN_ENERGY && cliff >= minCliff) || concentrated) {
    return { rank, energy, cliff: finiteCliff, lowRank: true, method: "cliff", floorEnergy };
  }
  if (aboveFloor >= 2 && aboveFloor <= maxRank && floorEnergy >= NOISE_FLOOR_MIN_ENERGY) {
    const next = sigma[aboveFloor] as number;
    const drop = next > 0 ? (sigma[aboveFloor - 1] as number) / next : 1e6;
    return {
      rank: aboveFloor,
      energy: floorEnergy,
      cliff: drop,
      lowRank: true,
      method: "noise-floor",
      floorEnergy,
    };
  }
  return { rank, energy, cliff: finiteCliff, lowRank: false, method: "cliff", floorEnergy };
}
