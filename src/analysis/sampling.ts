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
import type { ByteRange } from "../diff/plan.js";
import type { RangeCapture } from "../diff/range-capture.js";
import type { ComparedTensor, DiffResult } from "../diff/types.js";
import { type ContentMatches, matchContent } from "./content-matches.js";
import type { EarlyAnalyses } from "./early-analyses.js";
import { correlation, relativeChange } from "./metrics.js";
import { NameFactsCache } from "./name-facts.js";
import { distinctValueRatio, fitQuantGrid, type GridFit, nf4RoundTrip } from "./quant-grid.js";
import {
  bytesPerElement,
  chooseRows,
  median,
  type ReadCounter,
  type RowSample,
  readChosenRows,
  readRowSample,
  readRows,
  rowRangesOf,
} from "./row-reads.js";
import { chooseMatrices, type MatrixCandidate, sampleHash } from "./sample-plan.js";
import { GRAM_MAX_COLUMNS, type LowRankFit, lowRankFit } from "./spectrum.js";
import { isIdenticalOrCast } from "./tensor-kinds.js";
import { readVocabularyRows, type VocabularyRows } from "./vocabulary-rows.js";

export { chooseRows, RUN_ROWS } from "./row-reads.js";
export { sampleHash };

/** Rows sampled per matrix for the low-rank test. */
export const SAMPLE_ROWS = 128;
/**
 * Rows of those the low-rank test uses first. The Gram matrix costs rows^2 and its eigenvalues
 * rows^3, so all SAMPLE_ROWS enter only when the first fit leaves the rank open: a rank near half
 * the rows, or much of the energy above the noise threshold without a verdict. Dense deltas keep
 * 0.04 to 0.11 of the energy there on the synthetic benchmark, merged adapters of rank 64 about 0.6.
 */
export const FIRST_RANK_ROWS = 64;
/** Energy above the noise threshold in the first fit from which all sampled rows are used. */
export const SECOND_FIT_MIN_FLOOR_ENERGY = 0.3;
/**
 * Rows of those decoded whole: the quantization grid test and the distinct-value count run on
 * them (16 rows of 1,024 tested columns give 16,384 values, enough for a 95% share).
 */
export const FULL_ROWS = 16;
/**
 * Columns decoded of the other sampled rows: the low-rank test uses at most GRAM_MAX_COLUMNS of
 * them, and decoding is the main cost of the sample.
 */
export const SAMPLE_COLUMNS = GRAM_MAX_COLUMNS;
/** Rows of those on which a delta against an NF4-rounded base is first compared in size. */
const NF4_PROBE_ROWS = 4;
/** Head rows matched against every base row in the permutation check. */
export const MATCH_ROWS = 32;
/** |correlation| below which a matrix gets the permutation and rotation checks. */
export const WEAK_CORRELATION = 0.5;
/**
 * Maximum number of matrices that get the permutation and rotation checks, which read the whole matrix on both
 * sides and compare MATCH_ROWS head rows with every base row.
 */
export const MAX_LINEAGE_MATRICES = 6;
/** Maximum bytes the permutation and rotation checks read, both sides together. */
export const MAX_LINEAGE_BYTES = 64 * 1024 * 1024;
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
  /** Row-level figures of the sampled rows. */
  rowChanges: RowChanges;
}

/** Per-row comparison of the sampled rows of one matrix. */
export interface RowChanges {
  sampled: number;
  /** Rows whose values are all the same on both sides. */
  unchanged: number;
  /** Changed rows whose delta points against the base row (cosine <= -0.99): weight decay only. */
  shrunk: number;
  /** Rows that are all zeros in the head but not in the base. */
  zeroed: number;
  /** Median over rows of ||delta_i|| / ||a_i||, over rows with a nonzero base. */
  medianRelativeChange: number | null;
}

/** Sampled analyses of a diff, with how many of the changed matrices they covered. */
export interface SampledAnalyses {
  matrices: Map<string, MatrixAnalysis>;
  /** Float matrices whose change is more than a cast or a rounding: the candidates. */
  changedMatrices: number;
  changedParams: number;
  /** Parameters of the analysed matrices. */
  analysedParams: number;
  /** Bytes the second pass read, both sides together. */
  bytesRead: number;
  /** Matrices that got the permutation and rotation checks. */
  lineageChecked: number;
  /** Row-level reading of embeddings and output heads whose row count changed. */
  vocabulary: VocabularyRows[];
  /** Tied output heads and copied layers found by content. */
  content: ContentMatches;
  /** Bytes the content matching read, both sides together (not in bytesRead). */
  contentBytesRead: number;
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
  counter: ReadCounter,
): Promise<LineageChecks> {
  const matchIndexes = chooseRows(`${name}#match`, rows, MATCH_ROWS);
  const probes = await readChosenRows(headEntry, columns, matchIndexes, counter);
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
    const baseRows = await readRows(baseEntry, columns, first, count, counter);
    const headRows = await readRows(headEntry, columns, first, count, counter);
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

/**
 * Returns whether a tensor of this comparison mode, shape and element count gets the sampled
 * analyses when it changed: a float matrix with at least 4 columns.
 */
export function hasSampledShape(
  comparison: ComparedTensor["comparison"] | "incomparable",
  shape: readonly number[],
  numel: number,
): boolean {
  return (
    comparison === "float" && shape.length >= 2 && numel > 0 && (shape[shape.length - 1] ?? 0) >= 4
  );
}

/** Returns whether a compared tensor gets the sampled analyses: a changed float matrix. */
export function isSampledMatrix(tensor: ComparedTensor): boolean {
  return (
    hasSampledShape(tensor.comparison, tensor.shape, tensor.stats.numel) &&
    tensor.stats.bitsDiffering > 0
  );
}

/**
 * Compares the sampled rows one by one: unchanged rows by their raw bytes, the rest by their
 * decoded columns.
 */
function rowChangesOf(base: RowSample, head: RowSample): RowChanges {
  let unchanged = 0;
  let shrunk = 0;
  let zeroed = 0;
  const relative: number[] = [];
  for (let r = 0; r < head.rows.length; r++) {
    if (Buffer.compare(base.raw[r] as Uint8Array, head.raw[r] as Uint8Array) === 0) {
      unchanged++;
      continue;
    }
    const a = base.rows[r] as Float64Array;
    const b = head.rows[r] as Float64Array;
    let squaresA = 0;
    let squaresB = 0;
    let squaresDelta = 0;
    let deltaDotA = 0;
    for (let c = 0; c < a.length; c++) {
      const x = a[c] as number;
      const d = (b[c] as number) - x;
      squaresA += x * x;
      squaresB += (b[c] as number) ** 2;
      squaresDelta += d * d;
      deltaDotA += d * x;
    }
    if (squaresB === 0 && squaresA > 0) zeroed++;
    else if (squaresA > 0 && squaresDelta > 0) {
      if (deltaDotA / Math.sqrt(squaresA * squaresDelta) <= -0.99) shrunk++;
    }
    if (squaresA > 0) relative.push(Math.sqrt(squaresDelta / squaresA));
  }
  return {
    sampled: head.rows.length,
    unchanged,
    shrunk,
    zeroed,
    medianRelativeChange: median(relative),
  };
}

/** Sum of squares of the first `count` rows. */
function energyOf(rows: readonly Float64Array[], count: number): number {
  let sum = 0;
  for (let r = 0; r < Math.min(count, rows.length); r++) {
    const row = rows[r] as Float64Array;
    for (let c = 0; c < row.length; c++) sum += (row[c] as number) * (row[c] as number);
  }
  return sum;
}

/** head - base row by row over the shorter of the two rows, or null when a value is not finite. */
function deltasOf(
  base: readonly Float64Array[],
  head: readonly Float64Array[],
): Float64Array[] | null {
  let total = 0;
  for (let r = 0; r < head.length; r++) {
    total += Math.min((base[r] as Float64Array).length, (head[r] as Float64Array).length);
  }
  // One buffer for all rows: the rows are views into it.
  const values = new Float64Array(total);
  const deltas: Float64Array[] = [];
  let offset = 0;
  for (let r = 0; r < head.length; r++) {
    const a = base[r] as Float64Array;
    const b = head[r] as Float64Array;
    const length = Math.min(a.length, b.length);
    for (let c = 0; c < length; c++) {
      const d = (b[c] as number) - (a[c] as number);
      // d - d is 0 for a finite d and NaN for an infinity or NaN.
      if (d - d !== 0) return null;
      values[offset + c] = d;
    }
    deltas.push(values.subarray(offset, offset + length));
    offset += length;
  }
  return deltas;
}

/**
 * Runs the low-rank test on head - NF4(base) when the first sampled head rows are much closer to
 * the base rounded to NF4 than to the base itself. Only then can a QLoRA adapter merged into a
 * dequantized base explain the delta, so the test is skipped for a dense delta.
 */
function rankOverNf4(
  baseRows: readonly Float64Array[],
  headRows: readonly Float64Array[],
  deltas: readonly Float64Array[],
  width: number,
): LowRankFit | null {
  const probe = Math.min(NF4_PROBE_ROWS, headRows.length);
  const residual: Float64Array[] = [];
  for (let r = 0; r < headRows.length; r++) {
    // NF4 blocks of 64 start at column 0, so rounding the decoded prefix of a row is exact.
    const rounded = nf4RoundTrip((baseRows[r] as Float64Array).subarray(0, width));
    const row = headRows[r] as Float64Array;
    const values = new Float64Array(width);
    for (let c = 0; c < width; c++) values[c] = (row[c] as number) - (rounded[c] as number);
    residual.push(values);
    if (r + 1 === probe && !(energyOf(residual, probe) < 0.5 * energyOf(deltas, probe))) {
      return null;
    }
  }
  return lowRankFit(residual, width);
}

/**
 * The low-rank test on the first FIRST_RANK_ROWS delta rows, then on all of them when the first
 * fit leaves the rank open.
 */
async function rankOf(
  deltas: readonly Float64Array[],
  width: number,
  pause: Pause | undefined,
): Promise<LowRankFit | null> {
  const first = lowRankFit(deltas.slice(0, FIRST_RANK_ROWS), width);
  if (first === null || deltas.length <= FIRST_RANK_ROWS) return first;
  const open = first.lowRank
    ? first.rank > FIRST_RANK_ROWS / 4
    : first.floorEnergy >= SECOND_FIT_MIN_FLOOR_ENERGY;
  if (!open) return first;
  await pause?.();
  return lowRankFit(deltas, width);
}

/**
 * Awaited between the compute steps of a matrix analysis, so an analysis that runs during the
 * diff lets the main thread dispatch work units between steps. It may throw to stop the analysis.
 */
export type Pause = () => Promise<void>;

/** Counts the changed values of the sampled rows, and of those the ones that shrank toward zero. */
function changedValuesOf(base: RowSample, head: RowSample) {
  let rowsChanged = 0;
  let withinSum = 0;
  let changedValues = 0;
  let shrunk = 0;
  for (let r = 0; r < head.rows.length; r++) {
    const a = base.rows[r] as Float64Array;
    const b = head.rows[r] as Float64Array;
    let inRow = 0;
    for (let c = 0; c < b.length; c++) {
      const x = a[c] as number;
      const y = b[c] as number;
      // NaN against NaN counts as unchanged, and NaN is the only value unequal to itself.
      // biome-ignore lint/suspicious/noSelfCompare: the self-comparisons are the NaN test.
      if (x === y || (x !== x && y !== y)) continue;
      inRow++;
      if (x * y > 0 && Math.abs(y) < Math.abs(x)) shrunk++;
    }
    if (inRow > 0) {
      rowsChanged++;
      withinSum += inRow / b.length;
      changedValues += inRow;
    }
  }
  return {
    changedRowShare: head.rows.length === 0 ? 0 : rowsChanged / head.rows.length,
    changedWithinRows: rowsChanged === 0 ? 0 : withinSum / rowsChanged,
    shrinkShare: changedValues === 0 ? null : shrunk / changedValues,
  };
}

/**
 * Runs the sampled analyses of one changed matrix: reads its sampled rows on both sides and runs
 * the low-rank test, the quantization grid test and the row checks. Every read adds to `counter`.
 * With `pause`, it awaits it between compute steps; the results do not depend on it. Row runs
 * that `captured` contains whole (see sampleRangesOf) are taken from it instead of read.
 */
export async function analyzeMatrix(
  tensor: ComparedTensor,
  baseEntry: TensorEntry,
  headEntry: TensorEntry,
  counter: ReadCounter,
  pause?: Pause,
  captured?: RangeCapture,
): Promise<MatrixAnalysis> {
  const columns = tensor.shape[tensor.shape.length - 1] as number;
  const rows = tensor.stats.numel / columns;
  const width = Math.min(columns, SAMPLE_COLUMNS);
  const indexes = chooseRows(tensor.name, rows, SAMPLE_ROWS);
  const read = (entry: TensorEntry) =>
    readRowSample(entry, columns, indexes, FULL_ROWS, width, counter, captured);
  const base = await read(baseEntry);
  const head = await read(headEntry);
  await pause?.();
  const deltas = deltasOf(base.rows, head.rows);
  const rank = deltas === null ? null : await rankOf(deltas, width, pause);
  await pause?.();
  const rankOverNf4Base =
    deltas !== null && rank !== null && !rank.lowRank
      ? rankOverNf4(
          base.rows.slice(0, FIRST_RANK_ROWS),
          head.rows.slice(0, FIRST_RANK_ROWS),
          deltas,
          width,
        )
      : null;
  await pause?.();
  const changes = changedValuesOf(base, head);
  const fullHead = head.rows.slice(0, FULL_ROWS);
  const fullBase = base.rows.slice(0, FULL_ROWS);
  const grid = fitQuantGrid(fullHead, fullBase, columns);
  await pause?.();
  // The ratio decides only for changes of 3e-3 or more (see tensor-kinds.ts).
  const rho = relativeChange(tensor.stats);
  const distinctRatio =
    grid === null && rho !== null && rho >= 3e-3
      ? distinctValueRatio(
          head.raw.slice(0, FULL_ROWS),
          base.raw.slice(0, FULL_ROWS),
          bytesPerElement(headEntry),
          bytesPerElement(baseEntry),
        )
      : null;
  return {
    name: tensor.name,
    rows,
    columns,
    sampledRows: indexes.length,
    rank,
    rankOverNf4Base,
    grid,
    distinctRatio,
    ...changes,
    lineage: null,
    rowChanges: rowChangesOf(base, head),
  };
}

/** Bytes the sampled rows of a matrix of this shape and element count take on both sides. */
export function sampleBytesOf(
  shape: readonly number[],
  numel: number,
  base: TensorEntry,
  head: TensorEntry,
): number {
  const columns = shape[shape.length - 1] as number;
  const rows = Math.min(SAMPLE_ROWS, numel / columns);
  return rows * columns * (bytesPerElement(base) + bytesPerElement(head));
}

/**
 * Returns the byte ranges analyzeMatrix reads on one side of a matrix named `name` with this
 * shape and element count: its sampled row runs.
 */
export function sampleRangesOf(
  name: string,
  shape: readonly number[],
  numel: number,
  entry: TensorEntry,
): ByteRange[] {
  const columns = shape[shape.length - 1] as number;
  return rowRangesOf(entry, columns, chooseRows(name, numel / columns, SAMPLE_ROWS));
}

/**
 * Returns whether a compared tensor is a candidate of the second pass: a changed float matrix
 * present under its name on both sides whose change is more than a cast or a rounding.
 */
export function isCandidate(tensor: ComparedTensor, base: Checkpoint, head: Checkpoint): boolean {
  return (
    isSampledMatrix(tensor) &&
    base.tensors.has(tensor.name) &&
    head.tensors.has(tensor.name) &&
    !isIdenticalOrCast(tensor)
  );
}

/** Returns the second pass's candidate for a compared tensor, or null when it is not one. */
export function candidateOf(
  tensor: ComparedTensor,
  base: Checkpoint,
  head: Checkpoint,
  names: NameFactsCache,
): MatrixCandidate | null {
  if (!isCandidate(tensor, base, head)) return null;
  const baseEntry = base.tensors.get(tensor.name) as TensorEntry;
  const headEntry = head.tensors.get(tensor.name) as TensorEntry;
  const facts = names.of(tensor.name);
  return {
    name: tensor.name,
    sampleBytes: sampleBytesOf(tensor.shape, tensor.stats.numel, baseEntry, headEntry),
    layer: facts.location?.index ?? null,
    module: facts.moduleName,
  };
}

/**
 * Runs the sampled analyses on a capped, stratified sample of the changed float matrices of
 * `diff` (see sample-plan.ts), one matrix at a time, through the checkpoints' own byte sources.
 * Analyses that `early` finished during the diff are reused for the chosen matrices, with their
 * bytes and errors, and the others are dropped, so the result is the same with or without it.
 * The other chosen matrices take their sampled rows from `early.capture` where it contains them
 * whole.
 * Then it runs the permutation and rotation checks on at most MAX_LINEAGE_MATRICES analysed
 * matrices whose aligned correlation is weak, reads the rows of resized vocabularies, and
 * matches tensors by content (tied output heads, copied layers). `names` is the comparison's
 * NameFactsCache.
 */
export async function analyzeSamples(
  base: Checkpoint,
  head: Checkpoint,
  diff: DiffResult,
  early?: EarlyAnalyses,
  names = new NameFactsCache(),
): Promise<SampledAnalyses> {
  const counter: ReadCounter = { bytes: 0 };
  const byName = new Map<string, ComparedTensor>();
  const candidates: MatrixCandidate[] = [];
  let changedParams = 0;
  for (const tensor of diff.compared) {
    const candidate = candidateOf(tensor, base, head, names);
    if (candidate === null) continue;
    byName.set(tensor.name, tensor);
    changedParams += tensor.stats.numel;
    candidates.push(candidate);
  }

  const chosen = early?.choiceAmong(candidates) ?? chooseMatrices(candidates);
  // Waits for an early analysis still running, so at most one matrix's sample is held at a time.
  await early?.settle(new Set(chosen));
  const matrices = new Map<string, MatrixAnalysis>();
  let analysedParams = 0;
  for (const name of chosen) {
    const tensor = byName.get(name) as ComparedTensor;
    const baseEntry = base.tensors.get(name) as TensorEntry;
    const headEntry = head.tensors.get(name) as TensorEntry;
    const outcome = early?.take(name);
    if (outcome === undefined) {
      const analysis = await analyzeMatrix(
        tensor,
        baseEntry,
        headEntry,
        counter,
        undefined,
        early?.capture,
      );
      matrices.set(name, analysis);
    } else {
      counter.bytes += outcome.bytesRead;
      if ("error" in outcome) throw outcome.error;
      matrices.set(name, outcome.analysis);
    }
    analysedParams += tensor.stats.numel;
  }

  let lineageChecked = 0;
  let lineageBytes = 0;
  for (const analysis of matrices.values()) {
    if (lineageChecked >= MAX_LINEAGE_MATRICES) break;
    const tensor = byName.get(analysis.name) as ComparedTensor;
    const r = correlation(tensor.stats);
    if (r === null || Math.abs(r) >= WEAK_CORRELATION || analysis.rows < 4) continue;
    const baseEntry = base.tensors.get(analysis.name) as TensorEntry;
    const headEntry = head.tensors.get(analysis.name) as TensorEntry;
    const bytes = baseEntry.byteLength + headEntry.byteLength;
    if (lineageBytes + bytes > MAX_LINEAGE_BYTES) continue;
    lineageBytes += bytes;
    lineageChecked++;
    analysis.lineage = await lineageChecks(
      baseEntry,
      headEntry,
      analysis.name,
      analysis.rows,
      analysis.columns,
      counter,
    );
  }

  const vocabulary = await readVocabularyRows(base, head, diff, counter);
  // Counted apart: a local diff reads the embedding for the tie test where a remote one skips
  // files with equal SHA-256, and the sampled figures should not differ between the two.
  const contentCounter: ReadCounter = { bytes: 0 };
  const content = await matchContent(base, head, diff, contentCounter, names);
  return {
    matrices,
    changedMatrices: candidates.length,
    changedParams,
    analysedParams,
    bytesRead: counter.bytes,
    lineageChecked,
    vocabulary,
    content,
    contentBytesRead: contentCounter.bytes,
  };
}
