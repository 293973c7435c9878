import { describe, expect, it } from "vitest";
import { lowRankFit, symmetricEigenvalues } from "../../src/analysis/spectrum.js";
import { SeededRandom } from "../../src/demo/random.js";

/** Cyclic Jacobi rotations: an independent way to the eigenvalues of a symmetric matrix. */
function jacobiEigenvalues(input: Float64Array, n: number): number[] {
  const a = Array.from({ length: n }, (_, i) => Array.from(input.subarray(i * n, (i + 1) * n)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p]?.[q] as number) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]?.[q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = ((a[q]?.[q] as number) - (a[p]?.[p] as number)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]?.[p] as number;
          const akq = a[k]?.[q] as number;
          (a[k] as number[])[p] = c * akp - s * akq;
          (a[k] as number[])[q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]?.[k] as number;
          const aqk = a[q]?.[k] as number;
          (a[p] as number[])[k] = c * apk - s * aqk;
          (a[q] as number[])[k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((row, i) => row[i] as number).sort((x, y) => y - x);
}

function randomSymmetric(n: number, random: SeededRandom): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const value = random.gaussian();
      m[i * n + j] = value;
      m[j * n + i] = value;
    }
  }
  return m;
}

describe("symmetricEigenvalues", () => {
  it("matches Jacobi rotations", () => {
    const random = new SeededRandom(3);
    for (const n of [1, 2, 3, 7, 24]) {
      const matrix = randomSymmetric(n, random);
      const expected = jacobiEigenvalues(matrix, n);
      const actual = Array.from(symmetricEigenvalues(matrix.slice(), n));
      expect(actual.length).toBe(n);
      for (let i = 0; i < n; i++) expect(actual[i]).toBeCloseTo(expected[i] as number, 9);
    }
  });
});

function rows(
  count: number,
  columns: number,
  rank: number,
  noise: number,
  random: SeededRandom,
): Float64Array[] {
  const left = Array.from({ length: count }, () =>
    Array.from({ length: rank }, () => random.gaussian()),
  );
  const right = Array.from({ length: rank }, () =>
    Array.from({ length: columns }, () => random.gaussian()),
  );
  return left.map((weights) => {
    const row = new Float64Array(columns);
    for (let j = 0; j < columns; j++) {
      let sum = noise * random.gaussian();
      for (let k = 0; k < rank; k++)
        sum += (weights[k] as number) * ((right[k] as number[])[j] as number);
      row[j] = sum;
    }
    return row;
  });
}

describe("lowRankFit", () => {
  it("finds the rank of a low-rank delta", () => {
    const fit = lowRankFit(rows(64, 128, 8, 0.01, new SeededRandom(5)), 128);
    expect(fit?.rank).toBe(8);
    expect(fit?.lowRank).toBe(true);
  });

  it("rejects a dense delta", () => {
    const fit = lowRankFit(rows(64, 128, 0, 1, new SeededRandom(6)), 128);
    expect(fit?.lowRank).toBe(false);
  });

  it("finds a rank near half the rows above the noise floor", () => {
    // Rank 64 on 128 rows, with noise of a seventh of the signal's variance per element: the
    // smallest of the 64 directions sink into the noise, so no sharp drop follows the rank.
    const fit = lowRankFit(rows(128, 256, 64, 3, new SeededRandom(8)), 256);
    expect(fit?.lowRank).toBe(true);
    expect(fit?.method).toBe("noise-floor");
    expect(fit?.rank).toBeGreaterThanOrEqual(16);
    expect(fit?.rank).toBeLessThanOrEqual(64);
  });

  it("rejects a dense delta at the same noise level", () => {
    const fit = lowRankFit(rows(128, 256, 0, 3, new SeededRandom(9)), 256);
    expect(fit?.lowRank).toBe(false);
    expect(fit?.floorEnergy).toBeLessThan(0.3);
  });

  it("skips matrices with few rows", () => {
    expect(lowRankFit(rows(8, 768, 4, 0, new SeededRandom(7)), 768)).toBeNull();
  });
});
