/**
 * How the benchmark's heads are made from a base: dense updates, LoRA merges, quantization,
 * pruning, masks, permutations and rotations, each on the synthetic float32 values.
 */

import { NF4_LEVELS } from "../analysis/quant-grid.js";
import {
  cloneModel,
  normOf,
  rngFor,
  type Sfc32,
  type SyntheticModel,
  type SyntheticTensor,
} from "./model.js";

/** Multiplier of the relative change per module in a dense update. */
export function moduleMultiplier(name: string): number {
  if (name.startsWith("lm_head")) return 3;
  if (name.includes("embed_tokens")) return 1;
  if (name.includes("norm") || name.endsWith(".bias")) return 0.01;
  if (name.includes("self_attn")) return 0.8;
  return 1;
}

/**
 * Returns a dense update with ||delta|| = rho ||values||: an iid bulk (80% of the energy) plus
 * 32 Gaussian rank-1 terms scaled as k^-0.4 (a long-tailed spectrum, as measured for SFT).
 */
export function denseDelta(tensor: SyntheticTensor, rho: number, rng: Sfc32): Float64Array {
  const values = tensor.values;
  const delta = new Float64Array(values.length);
  for (let i = 0; i < delta.length; i++) delta[i] = rng.normal();
  if (tensor.shape.length === 2) {
    const [m, n] = tensor.shape as [number, number];
    const spikes = new Float64Array(values.length);
    const u = new Float64Array(m);
    const v = new Float64Array(n);
    for (let k = 1; k <= 32; k++) {
      const scale = k ** -0.4;
      for (let i = 0; i < m; i++) u[i] = rng.normal() * scale;
      for (let j = 0; j < n; j++) v[j] = rng.normal();
      for (let i = 0; i < m; i++) {
        const ui = u[i] as number;
        for (let j = 0; j < n; j++)
          spikes[i * n + j] = (spikes[i * n + j] as number) + ui * (v[j] as number);
      }
    }
    const bulkNorm = normOf(delta);
    const spikeNorm = normOf(spikes);
    const bulkWeight = Math.sqrt(0.8) / bulkNorm;
    const spikeWeight = Math.sqrt(0.2) / spikeNorm;
    for (let i = 0; i < delta.length; i++) {
      delta[i] = (delta[i] as number) * bulkWeight + (spikes[i] as number) * spikeWeight;
    }
  }
  const scale = (rho * normOf(values)) / normOf(delta);
  for (let i = 0; i < delta.length; i++) delta[i] = (delta[i] as number) * scale;
  return delta;
}

export interface DenseOptions {
  /** Tensor names to update; all by default. */
  only?: (name: string) => boolean;
  /** Share of untied embedding rows that get the update; the rest shrink by 1e-3. */
  embeddingRowShare?: number;
}

/** Applies a dense post-training update of relative size `rho` (module multipliers apply). */
export function denseUpdate(
  base: SyntheticModel,
  rho: number,
  seed: string,
  options: DenseOptions = {},
): SyntheticModel {
  const head = cloneModel(base);
  const tied = !base.has("lm_head.weight");
  for (const [name, tensor] of head) {
    if (options.only && !options.only(name)) continue;
    const rng = rngFor(seed, name, "dense");
    const multiplier = name.includes("embed_tokens") && tied ? 1.5 : moduleMultiplier(name);
    const delta = denseDelta(tensor, rho * multiplier, rng);
    const values = tensor.values;
    if (name.includes("embed_tokens") && !tied) {
      const [m, n] = tensor.shape as [number, number];
      const share = options.embeddingRowShare ?? 0.3;
      for (let row = 0; row < m; row++) {
        const touched = rng.uniform() < share;
        for (let j = 0; j < n; j++) {
          const at = row * n + j;
          values[at] = touched
            ? (values[at] as number) + (delta[at] as number)
            : (values[at] as number) * (1 - 1e-3);
        }
      }
    } else {
      for (let i = 0; i < values.length; i++)
        values[i] = (values[i] as number) + (delta[i] as number);
    }
  }
  return head;
}

/** Merges a LoRA of `rank` into the matrices `targets` accepts, with ||BA|| = gamma ||W||. */
export function loraMerge(
  base: SyntheticModel,
  rank: number,
  gamma: number,
  targets: (name: string) => boolean,
  seed: string,
): SyntheticModel {
  const head = cloneModel(base);
  for (const [name, tensor] of head) {
    if (tensor.shape.length !== 2 || !targets(name)) continue;
    const [m, n] = tensor.shape as [number, number];
    const rng = rngFor(seed, name, "lora");
    const b = new Float64Array(m * rank);
    const a = new Float64Array(rank * n);
    for (let i = 0; i < b.length; i++) b[i] = rng.normal();
    for (let k = 0; k < rank; k++) {
      // Column decay from 1 to 0.3 across the rank gives an uneven spectrum, as trained adapters have.
      const decay = rank === 1 ? 1 : 1 - (0.7 * k) / (rank - 1);
      for (let j = 0; j < n; j++) a[k * n + j] = rng.normal() * decay;
    }
    const product = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      for (let k = 0; k < rank; k++) {
        const bik = b[i * rank + k] as number;
        for (let j = 0; j < n; j++)
          product[i * n + j] = (product[i * n + j] as number) + bik * (a[k * n + j] as number);
      }
    }
    const scale = (gamma * normOf(tensor.values)) / normOf(product);
    for (let i = 0; i < product.length; i++) {
      tensor.values[i] = (tensor.values[i] as number) + scale * (product[i] as number);
    }
  }
  return head;
}

export type QuantScheme = "symmetric" | "asymmetric" | "nf4";

/** Quantizes and dequantizes a row-major matrix with round-to-nearest per group of a row. */
export function quantizeTensor(
  tensor: SyntheticTensor,
  bits: number,
  groupSize: number | "row",
  scheme: QuantScheme,
  columnOrder?: Int32Array,
): void {
  const [m, n] = tensor.shape as [number, number];
  const size = groupSize === "row" ? n : groupSize;
  const values = tensor.values;
  const group = new Float64Array(size);
  for (let row = 0; row < m; row++) {
    for (let start = 0; start < n; start += size) {
      const end = Math.min(n, start + size);
      // With act-order, group g holds the columns columnOrder[start..end), not start..end.
      const column = (k: number) => (columnOrder ? (columnOrder[k] as number) : k);
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      let absMax = 0;
      for (let k = start; k < end; k++) {
        const value = values[row * n + column(k)] as number;
        group[k - start] = value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        absMax = Math.max(absMax, Math.abs(value));
      }
      for (let k = start; k < end; k++) {
        const value = group[k - start] as number;
        let out = value;
        if (scheme === "nf4") {
          let best = 0;
          for (const level of NF4_LEVELS) {
            if (Math.abs(value / absMax - level) < Math.abs(value / absMax - best)) best = level;
          }
          out = best * absMax;
        } else if (scheme === "symmetric") {
          const levels = 2 ** (bits - 1) - 1;
          const step = absMax / levels;
          out = step === 0 ? 0 : Math.round(value / step) * step;
        } else {
          const step = (max - min) / (2 ** bits - 1);
          out = step === 0 ? min : min + Math.round((value - min) / step) * step;
        }
        values[row * n + column(k)] = out;
      }
    }
  }
}

/** Sets the `share` of elements with the smallest score to zero, per row. */
export function pruneTensor(
  tensor: SyntheticTensor,
  share: number,
  score: (index: number) => number,
): void {
  const [m, n] = tensor.shape as [number, number];
  const order = new Int32Array(n);
  for (let row = 0; row < m; row++) {
    for (let j = 0; j < n; j++) order[j] = j;
    const scores = Array.from({ length: n }, (_, j) => score(row * n + j));
    const sorted = Array.from(order).sort((x, y) => (scores[x] as number) - (scores[y] as number));
    for (let k = 0; k < Math.floor(share * n); k++)
      tensor.values[row * n + (sorted[k] as number)] = 0;
  }
}

/** Keeps the 2 largest |values| of every aligned group of 4 along a row. */
export function prune24(tensor: SyntheticTensor): void {
  const values = tensor.values;
  for (let start = 0; start + 4 <= values.length; start += 4) {
    const indexes = [0, 1, 2, 3].sort(
      (x, y) => Math.abs(values[start + x] as number) - Math.abs(values[start + y] as number),
    );
    values[start + (indexes[0] as number)] = 0;
    values[start + (indexes[1] as number)] = 0;
  }
}

/** A deterministic permutation of [0, size). */
export function permutation(size: number, rng: Sfc32): Int32Array {
  const order = new Int32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const swap = order[i] as number;
    order[i] = order[j] as number;
    order[j] = swap;
  }
  return order;
}

/**
 * An orthogonal transform of R^size built from rounds of a random permutation followed by
 * rotations of coordinate pairs (0, 1), (2, 3), ... by random angles. Four rounds mix every
 * coordinate with 16 others, and Q - I has full rank, unlike a product of a few reflections.
 * Angles come from a unit vector (c, s) normalized with sqrt, so no trigonometric function runs.
 */
export interface Rotation {
  rounds: { order: Int32Array; cosines: Float64Array; sines: Float64Array }[];
}

export function randomRotation(size: number, rounds: number, rng: Sfc32): Rotation {
  const result: Rotation = { rounds: [] };
  for (let k = 0; k < rounds; k++) {
    const pairs = Math.floor(size / 2);
    const cosines = new Float64Array(pairs);
    const sines = new Float64Array(pairs);
    for (let p = 0; p < pairs; p++) {
      const x = rng.normal();
      const y = rng.normal();
      const length = Math.sqrt(x * x + y * y) || 1;
      cosines[p] = x / length;
      sines[p] = y / length;
    }
    result.rounds.push({ order: permutation(size, rng), cosines, sines });
  }
  return result;
}

/** Returns v Q for a vector v. */
function applyRotation(vector: Float64Array, rotation: Rotation): void {
  const copy = new Float64Array(vector.length);
  for (const round of rotation.rounds) {
    for (let i = 0; i < vector.length; i++) copy[i] = vector[round.order[i] as number] as number;
    for (let p = 0; p < round.cosines.length; p++) {
      const x = copy[2 * p] as number;
      const y = copy[2 * p + 1] as number;
      const c = round.cosines[p] as number;
      const s = round.sines[p] as number;
      copy[2 * p] = c * x - s * y;
      copy[2 * p + 1] = s * x + c * y;
    }
    vector.set(copy);
  }
}

/** Replaces every row x of a row-major matrix by x Q. */
export function rotateRows(tensor: SyntheticTensor, rotation: Rotation): void {
  const [m, n] = tensor.shape as [number, number];
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) row[j] = tensor.values[i * n + j] as number;
    applyRotation(row, rotation);
    for (let j = 0; j < n; j++) tensor.values[i * n + j] = row[j] as number;
  }
}

/** Replaces every column y of a row-major matrix by the same transform of the column. */
export function rotateColumns(tensor: SyntheticTensor, rotation: Rotation): void {
  const [m, n] = tensor.shape as [number, number];
  const column = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) column[i] = tensor.values[i * n + j] as number;
    applyRotation(column, rotation);
    for (let i = 0; i < m; i++) tensor.values[i * n + j] = column[i] as number;
  }
}

/** Reorders the rows of a row-major matrix: new row i is old row order[i]. */
export function permuteRows(tensor: SyntheticTensor, order: Int32Array): void {
  const [m, n] = tensor.shape as [number, number];
  const copy = tensor.values.slice();
  for (let i = 0; i < m; i++) {
    tensor.values.set(
      copy.subarray((order[i] as number) * n, ((order[i] as number) + 1) * n),
      i * n,
    );
  }
}

/** Reorders the columns of a row-major matrix: new column j is old column order[j]. */
export function permuteColumns(tensor: SyntheticTensor, order: Int32Array): void {
  const [m, n] = tensor.shape as [number, number];
  const copy = tensor.values.slice();
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++)
      tensor.values[i * n + j] = copy[i * n + (order[j] as number)] as number;
  }
}
