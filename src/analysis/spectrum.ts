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
  /** Estimated rank: the position of the largest gap in the singular values. */
  rank: number;
  /** Share of the sampled delta's energy in the top `rank` singular values. */
  energy: number;
  /** sigma_rank / sigma_(rank+1): how sharply the spectrum drops after the rank. */
  cliff: number;
  /** Whether the delta is low-rank by the thresholds below. */
  lowRank: boolean;
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
 * Tests whether `rows` (each of length `columns`) span a low-rank space: eigenvalues of the Gram
 * matrix give the squared singular values, the rank is where sigma_r / sigma_(r+1) is largest
 * among r <= half the rows, and the verdict needs LOW_RANK_MIN_ENERGY and the cliff thresholds.
 */
export function lowRankFit(rows: readonly Float64Array[], columns: number): LowRankFit | null {
  const count = rows.length;
  // Every delta of a matrix with few rows or columns has a low rank, so such matrices say nothing.
  if (Math.min(count, columns) < LOW_RANK_MIN_SIDE) return null;
  const gram = new Float64Array(count * count);
  for (let i = 0; i < count; i++) {
    const x = rows[i] as Float64Array;
    for (let j = i; j < count; j++) {
      const y = rows[j] as Float64Array;
      let sum = 0;
      for (let k = 0; k < columns; k++) sum += (x[k] as number) * (y[k] as number);
      gram[i * count + j] = sum;
      gram[j * count + i] = sum;
    }
  }
  const eigenvalues = symmetricEigenvalues(gram, count);
  const total = eigenvalues.reduce((sum, value) => sum + Math.max(0, value), 0);
  if (!(total > 0)) return null;
  const sigma = Array.from(eigenvalues, (value) => Math.sqrt(Math.max(0, value)));
  let rank = 1;
  let cliff = 0;
  const maxRank = Math.max(1, Math.floor(Math.min(count, columns) / 2));
  for (let r = 1; r <= maxRank && r < sigma.length; r++) {
    const next = sigma[r] as number;
    const ratio = next > 0 ? (sigma[r - 1] as number) / next : Number.POSITIVE_INFINITY;
    if (ratio > cliff) {
      cliff = ratio;
      rank = r;
    }
  }
  let energy = 0;
  for (let r = 0; r < rank; r++) energy += Math.max(0, eigenvalues[r] as number);
  energy /= total;
  const minCliff = rank <= 32 ? SMALL_RANK_MIN_CLIFF : LOW_RANK_MIN_CLIFF;
  // Nearly all the energy in a few directions needs only a modest drop after them: adapters with
  // unequal singular values (column decay) reach 0.98 of the energy with a drop near 2.
  const concentrated = energy >= CONCENTRATED_MIN_ENERGY && cliff >= LOW_RANK_MIN_CLIFF;
  return {
    rank,
    energy,
    cliff: Number.isFinite(cliff) ? cliff : 1e6,
    lowRank: (energy >= LOW_RANK_MIN_ENERGY && cliff >= minCliff) || concentrated,
  };
}
