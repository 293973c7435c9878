/**
 * The second pass: reads hash-chosen rows of the compared matrices and runs the sampled analyses
 * on them (low-rank test, quantization grid, and for matrices without aligned correlation the
 * permutation and rotation checks, which stream the whole matrix row by row).
 *
 * Rows are chosen by a hash of the tensor name and the row index, never by Math.random, so the
 * same checkpoints always give the same sample. Memory per matrix: the sampled rows of both sides
 * (SAMPLE_ROWS x columns float64 each) plus O(rows + columns) for the norms.
 */

import type { Checkpoint, TensorEntry } from "../checkpoint/types.js";
import { decoderFor } from "../diff/kernels.js";
import type { ComparedTensor, DiffResult } from "../diff/types.js";
import { correlation } from "./metrics.js";
import { distinctValueRatio, fitQuantGrid, type GridFit, nf4RoundTrip } from "./quant-grid.js";
import { type LowRankFit, lowRankFit } from "./spectrum.js";

/** Rows sampled per matrix for the low-rank test. */
export const SAMPLE_ROWS = 128;
/** Rows of those used for the quantization grid test. */
export const GRID_ROWS = 64;
/** Head rows matched against every base row in the permutation check. */
export const MATCH_ROWS = 32;
/** |correlation| below which a matrix gets the permutation and rotation checks. */
export const WEAK_CORRELATION = 0.5;
/** Bytes read per call when streaming a whole matrix. */
const STREAM_BYTES = 1024 * 1024;

/** Permutation and rotation checks of one matrix whose aligned correlation is weak. */
export interface LineageChecks {
  /**
   * Median |cosine| between sampled head rows and their best-matching base row; chance level is
   * about sqrt(2 ln rows / columns).
   */
  matchedCosine: number;
  chanceCosine: number;
  /** Share of those matches at another row index than the head row's own. */
  movedShare: number;
  /**
   * Median | ||a_i|| - ||b_i|| | over rows, divided by the same median with b shifted by one row:
   * near 0 when row norms are kept in place (an input-side rotation, or permuted columns).
   */
  rowNormRatio: number | null;
  /** The same for columns (an output-side rotation, or permuted rows). */
  columnNormRatio: number | null;
}

/** Sampled analyses of one compared matrix. */
export interface MatrixAnalysis {
  name: string;
  rows: number;
  columns: number;
  sampledRows: number;
  rank: LowRankFit | null;
  /** The low-rank test on head - NF4(base): a LoRA merged into a 4-bit quantized base. */
  rankOverNf4Base: LowRankFit | null;
  grid: GridFit | null;
  /** Median over sampled rows of distinct head values / distinct base values. */
  distinctRatio: number | null;
  /** Share of sampled rows with at least one value that is not the same. */
  changedRowShare: number;
  /** Mean share of changed values within those rows (near 1 when whole rows changed). */
  changedWithinRows: number;
  /** Share of changed sampled values that kept their sign and moved toward zero (decay). */
  shrinkShare: number | null;
  lineage: LineageChecks | null;
}

export interface SampledAnalyses {
  matrices: Map<string, MatrixAnalysis>;
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

/**
 * Consecutive rows per sampled run. A run is read in one call, so the default sample is one read
 * per matrix and side: a remote checkpoint of a few hundred matrices then costs a few hundred
 * range requests, well inside the Hub's rate limit of about 3,000 per 5 minutes.
 */
export const RUN_ROWS = 128;

/**
 * Returns `count` row indexes of `rows` in ascending order: whole runs of RUN_ROWS consecutive
 * rows, the runs with the smallest hashes first.
 */
export function chooseRows(name: string, rows: number, count: number): number[] {
  if (count >= rows) return Array.from({ length: rows }, (_, i) => i);
  const runs = Math.ceil(rows / RUN_ROWS);
  const ranked = Array.from({ length: runs }, (_, run) => ({ run, h: sampleHash(name, run) }));
  ranked.sort((x, y) => x.h - y.h || x.run - y.run);
  const chosen: number[] = [];
  for (const { run } of ranked) {
    for (let row = run * RUN_ROWS; row < Math.min(rows, (run + 1) * RUN_ROWS); row++) {
      if (chosen.length < count) chosen.push(row);
    }
    if (chosen.length >= count) break;
  }
  return chosen.sort((x, y) => x - y);
}

function bytesPerElement(entry: TensorEntry): number {
  return entry.byteLength / Math.max(1, entry.numel);
}

/** Reads rows [first, first + count) of a matrix with `columns` columns as float64 rows. */
async function readRows(
  entry: TensorEntry,
  columns: number,
  first: number,
  count: number,
): Promise<Float64Array[]> {
  const width = bytesPerElement(entry);
  const length = count * columns * width;
  const bytes = new Uint8Array(length);
  await entry.source.read(entry.byteOffset + first * columns * width, length, bytes, 0);
  const values = new Float64Array(count * columns);
  decoderFor(entry.dtype)(bytes, count * columns, values);
  const rows: Float64Array[] = [];
  for (let r = 0; r < count; r++) rows.push(values.subarray(r * columns, (r + 1) * columns));
  return rows;
}

/** Reads the rows at `indexes` (ascending), one read per run of consecutive indexes. */
async function readChosenRows(
  entry: TensorEntry,
  columns: number,
  indexes: readonly number[],
): Promise<Float64Array[]> {
  const rows: Float64Array[] = [];
  for (let i = 0; i < indexes.length; ) {
    const first = indexes[i] as number;
    let count = 1;
    while (i + count < indexes.length && indexes[i + count] === first + count) count++;
    rows.push(...(await readRows(entry, columns, first, count)));
    i += count;
  }
  return rows;
}

function median(values: number[]): number | null {
  const finite = values.filter((value) => Number.isFinite(value)).sort((x, y) => x - y);
  if (finite.length === 0) return null;
  return finite[Math.floor(finite.length / 2)] as number;
}

/** Median |x_i - y_i| over median |x_i - y_(i+1 mod n)|, or null when undefined. */
function inPlaceRatio(x: Float64Array, y: Float64Array): number | null {
  const n = x.length;
  if (n < 4) return null;
  const aligned: number[] = [];
  const shifted: number[] = [];
  for (let i = 0; i < n; i++) {
    aligned.push(Math.abs((x[i] as number) - (y[i] as number)));
    shifted.push(Math.abs((x[i] as number) - (y[(i + 1) % n] as number)));
  }
  const top = median(aligned);
  const bottom = median(shifted);
  if (top === null || bottom === null || !(bottom > 0)) return null;
  return top / bottom;
}

/** Streams both matrices once for row and column norms and the best base match of head rows. */
async function lineageChecks(
  baseEntry: TensorEntry,
  headEntry: TensorEntry,
  name: string,
  rows: number,
  columns: number,
): Promise<LineageChecks> {
  const matchIndexes = chooseRows(`${name}#match`, rows, MATCH_ROWS);
  const probes = await readChosenRows(headEntry, columns, matchIndexes);
  const probeNorms = probes.map((row) => Math.sqrt(row.reduce((sum, v) => sum + v * v, 0)));
  const bestCosine = new Float64Array(probes.length);
  const bestIndex = new Int32Array(probes.length).fill(-1);
  const rowNormsA = new Float64Array(rows);
  const rowNormsB = new Float64Array(rows);
  const columnSquaresA = new Float64Array(columns);
  const columnSquaresB = new Float64Array(columns);
  const rowsPerRead = Math.max(
    1,
    Math.floor(STREAM_BYTES / (columns * bytesPerElement(baseEntry))),
  );

  for (let first = 0; first < rows; first += rowsPerRead) {
    const count = Math.min(rowsPerRead, rows - first);
    const baseRows = await readRows(baseEntry, columns, first, count);
    const headRows = await readRows(headEntry, columns, first, count);
    for (let r = 0; r < count; r++) {
      const a = baseRows[r] as Float64Array;
      const b = headRows[r] as Float64Array;
      let squaresA = 0;
      let squaresB = 0;
      for (let c = 0; c < columns; c++) {
        const x = a[c] as number;
        const y = b[c] as number;
        squaresA += x * x;
        squaresB += y * y;
        columnSquaresA[c] = (columnSquaresA[c] as number) + x * x;
        columnSquaresB[c] = (columnSquaresB[c] as number) + y * y;
      }
      const normA = Math.sqrt(squaresA);
      rowNormsA[first + r] = normA;
      rowNormsB[first + r] = Math.sqrt(squaresB);
      if (!(normA > 0)) continue;
      for (let p = 0; p < probes.length; p++) {
        const probe = probes[p] as Float64Array;
        let dot = 0;
        for (let c = 0; c < columns; c++) dot += (probe[c] as number) * (a[c] as number);
        const cosine = Math.abs(dot) / (normA * (probeNorms[p] as number) || 1);
        if (cosine > (bestCosine[p] as number)) {
          bestCosine[p] = cosine;
          bestIndex[p] = first + r;
        }
      }
    }
  }
  let moved = 0;
  for (let p = 0; p < probes.length; p++) if (bestIndex[p] !== matchIndexes[p]) moved++;
  return {
    matchedCosine: median(Array.from(bestCosine)) ?? 0,
    chanceCosine: Math.sqrt((2 * Math.log(Math.max(rows, 2))) / columns),
    movedShare: probes.length === 0 ? 0 : moved / probes.length,
    rowNormRatio: inPlaceRatio(rowNormsA, rowNormsB),
    columnNormRatio: inPlaceRatio(columnSquaresA.map(Math.sqrt), columnSquaresB.map(Math.sqrt)),
  };
}

/** Returns whether a compared tensor gets the sampled analyses: a changed float matrix. */
export function isSampledMatrix(tensor: ComparedTensor): boolean {
  return (
    tensor.comparison === "float" &&
    tensor.shape.length >= 2 &&
    tensor.stats.numel > 0 &&
    tensor.stats.bitsDiffering > 0 &&
    (tensor.shape[tensor.shape.length - 1] ?? 0) >= 4
  );
}

async function analyzeMatrix(
  tensor: ComparedTensor,
  baseEntry: TensorEntry,
  headEntry: TensorEntry,
): Promise<MatrixAnalysis> {
  const columns = tensor.shape[tensor.shape.length - 1] as number;
  const rows = tensor.stats.numel / columns;
  const indexes = chooseRows(tensor.name, rows, SAMPLE_ROWS);
  const baseRows = await readChosenRows(baseEntry, columns, indexes);
  const headRows = await readChosenRows(headEntry, columns, indexes);
  const deltas = headRows.map((row, r) =>
    row.map((v, c) => v - ((baseRows[r] as Float64Array)[c] as number)),
  );
  const finite = deltas.every((row) => row.every((v) => Number.isFinite(v)));
  const rank = finite ? lowRankFit(deltas, columns) : null;
  let rankOverNf4Base: LowRankFit | null = null;
  if (finite && rank !== null && !rank.lowRank) {
    const residual = headRows.map((row, r) => {
      const rounded = nf4RoundTrip(baseRows[r] as Float64Array);
      return row.map((v, c) => v - (rounded[c] as number));
    });
    rankOverNf4Base = lowRankFit(residual, columns);
  }
  let rowsChanged = 0;
  let withinSum = 0;
  let changedValues = 0;
  let shrunk = 0;
  for (let r = 0; r < headRows.length; r++) {
    const a = baseRows[r] as Float64Array;
    const b = headRows[r] as Float64Array;
    let inRow = 0;
    for (let c = 0; c < columns; c++) {
      const x = a[c] as number;
      const y = b[c] as number;
      if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
      inRow++;
      if (x * y > 0 && Math.abs(y) < Math.abs(x)) shrunk++;
    }
    if (inRow > 0) {
      rowsChanged++;
      withinSum += inRow / columns;
      changedValues += inRow;
    }
  }
  const gridHead = headRows.slice(0, GRID_ROWS);
  const gridBase = baseRows.slice(0, GRID_ROWS);
  const grid = fitQuantGrid(gridHead, gridBase, columns);
  const r = correlation(tensor.stats);
  // NOTE: the checks stream the whole matrix again, so remote checkpoints (no blocking reads)
  // skip them rather than download every weakly correlated matrix twice.
  const local = baseEntry.source.readSync !== undefined && headEntry.source.readSync !== undefined;
  const lineage =
    local && r !== null && Math.abs(r) < WEAK_CORRELATION && rows >= 4
      ? await lineageChecks(baseEntry, headEntry, tensor.name, rows, columns)
      : null;
  return {
    name: tensor.name,
    rows,
    columns,
    sampledRows: indexes.length,
    rank,
    rankOverNf4Base,
    grid,
    distinctRatio: grid === null ? distinctValueRatio(gridHead, gridBase) : null,
    changedRowShare: headRows.length === 0 ? 0 : rowsChanged / headRows.length,
    changedWithinRows: rowsChanged === 0 ? 0 : withinSum / rowsChanged,
    shrinkShare: changedValues === 0 ? null : shrunk / changedValues,
    lineage,
  };
}

/**
 * Runs the sampled analyses on every changed float matrix of `diff`, one matrix at a time,
 * reading through the checkpoints' own byte sources.
 */
export async function analyzeSamples(
  base: Checkpoint,
  head: Checkpoint,
  diff: DiffResult,
): Promise<SampledAnalyses> {
  const matrices = new Map<string, MatrixAnalysis>();
  for (const tensor of diff.compared) {
    if (!isSampledMatrix(tensor)) continue;
    const baseEntry = base.tensors.get(tensor.name);
    const headEntry = head.tensors.get(tensor.name);
    if (!baseEntry || !headEntry) continue;
    matrices.set(tensor.name, await analyzeMatrix(tensor, baseEntry, headEntry));
  }
  return { matrices };
}
