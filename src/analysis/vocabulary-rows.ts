/**
 * Row-level reading of a resized vocabulary: an embedding or output head whose row count changed
 * while its width did not. Rows are token ids, so row i of the base and row i of the head belong
 * to the same token for every id both vocabularies contain. The common rows are sampled and
 * compared (unchanged or changed). The new rows are compared with the old rows, which shows how
 * they were initialized: zeros, copies of the mean row, or distinct rows (random, or the mean
 * plus noise).
 */

import type { Checkpoint, TensorEntry } from "../checkpoint/types.js";
import type { DiffResult } from "../diff/types.js";
import { moduleKindOf } from "./grouping.js";
import { chooseRows, median, type ReadCounter, readChosenRows, readRows } from "./row-reads.js";

/** Rows of the common id range that are sampled and compared. */
export const VOCABULARY_COMMON_ROWS = 256;
/** Maximum number of new rows read. The init test needs a few dozen. */
export const VOCABULARY_MAX_NEW_ROWS = 512;
/**
 * New rows whose mean distance from their own mean row is below this share of that mean row's
 * norm are copies of one row: mean initialization (the mean row rounded once gives 0).
 */
export const MEAN_INIT_MAX_SPREAD = 0.1;

/** Initialization of the new rows of a grown vocabulary. */
export type NewRowInit = "zero" | "mean" | "distinct";

/** Row-level figures of one resized embedding or output head. */
export interface VocabularyRows {
  name: string;
  baseRows: number;
  headRows: number;
  columns: number;
  /** Rows of the common id range that were read on both sides. */
  commonSampled: number;
  commonUnchanged: number;
  /** Median ||b_i - a_i|| / ||a_i|| over the sampled common rows with a nonzero base row. */
  commonMedianRelativeChange: number | null;
  /** Rows the head adds (0 when the vocabulary shrank). */
  newRows: number;
  newRowsRead: number;
  newZeroRows: number;
  /** Mean norm of the new rows read over the mean norm of the sampled old rows. */
  newNormRatio: number | null;
  /**
   * Mean distance of the new rows from their own mean row, over the old rows' mean norm: near 0
   * when every new row is the same vector.
   */
  newSpread: number | null;
  /**
   * Distance of the new rows' mean row from the sampled old rows' mean row, over the old rows'
   * mean norm.
   */
  newCenterToOldMean: number | null;
  /** Null when no new row was read. */
  init: NewRowInit | null;
}

function norm(row: Float64Array): number {
  let sum = 0;
  for (const value of row) sum += value * value;
  return Math.sqrt(sum);
}

function meanRow(rows: readonly Float64Array[], columns: number): Float64Array {
  const mean = new Float64Array(columns);
  for (const row of rows)
    for (let c = 0; c < columns; c++) mean[c] = (mean[c] as number) + (row[c] as number);
  for (let c = 0; c < columns; c++) mean[c] = (mean[c] as number) / Math.max(1, rows.length);
  return mean;
}

function distance(x: Float64Array, y: Float64Array): number {
  let sum = 0;
  for (let c = 0; c < x.length; c++) sum += ((x[c] as number) - (y[c] as number)) ** 2;
  return Math.sqrt(sum);
}

async function readOne(
  name: string,
  baseEntry: TensorEntry,
  headEntry: TensorEntry,
  counter: ReadCounter,
): Promise<VocabularyRows> {
  const columns = baseEntry.shape[1] as number;
  const baseRows = baseEntry.shape[0] as number;
  const headRows = headEntry.shape[0] as number;
  const common = Math.min(baseRows, headRows);
  const indexes = chooseRows(`${name}#vocabulary`, common, VOCABULARY_COMMON_ROWS);
  const oldRows = await readChosenRows(baseEntry, columns, indexes, counter);
  const sameRows = await readChosenRows(headEntry, columns, indexes, counter);
  let commonUnchanged = 0;
  const relative: number[] = [];
  for (let r = 0; r < oldRows.length; r++) {
    const a = oldRows[r] as Float64Array;
    const b = sameRows[r] as Float64Array;
    if (a.every((value, c) => Object.is(value, b[c]))) commonUnchanged++;
    const size = norm(a);
    if (size > 0) relative.push(distance(a, b) / size);
  }

  const newRows = Math.max(0, headRows - baseRows);
  const newRowsRead = Math.min(newRows, VOCABULARY_MAX_NEW_ROWS);
  const added =
    newRowsRead > 0 ? await readRows(headEntry, columns, baseRows, newRowsRead, counter) : [];
  const oldNorm = oldRows.reduce((sum, row) => sum + norm(row), 0) / Math.max(1, oldRows.length);
  let newZeroRows = 0;
  for (const row of added) if (row.every((value) => value === 0)) newZeroRows++;
  let newNormRatio: number | null = null;
  let newSpread: number | null = null;
  let newCenterToOldMean: number | null = null;
  let init: NewRowInit | null = null;
  if (added.length > 0 && oldNorm > 0) {
    const center = meanRow(added, columns);
    newNormRatio = added.reduce((sum, row) => sum + norm(row), 0) / added.length / oldNorm;
    newSpread = added.reduce((sum, row) => sum + distance(row, center), 0) / added.length / oldNorm;
    newCenterToOldMean = distance(center, meanRow(oldRows, columns)) / oldNorm;
    if (newZeroRows === added.length) init = "zero";
    else if (newSpread < (MEAN_INIT_MAX_SPREAD * norm(center)) / oldNorm) init = "mean";
    else init = "distinct";
  }
  return {
    name,
    baseRows,
    headRows,
    columns,
    commonSampled: oldRows.length,
    commonUnchanged,
    commonMedianRelativeChange: median(relative),
    newRows,
    newRowsRead,
    newZeroRows,
    newNormRatio,
    newSpread,
    newCenterToOldMean,
    init,
  };
}

/**
 * Reads the rows of every reshaped embedding or output head that kept its width and has a float
 * dtype on both sides.
 */
export async function readVocabularyRows(
  base: Checkpoint,
  head: Checkpoint,
  diff: DiffResult,
  counter: ReadCounter,
): Promise<VocabularyRows[]> {
  const found: VocabularyRows[] = [];
  for (const tensor of diff.reshaped) {
    const kind = moduleKindOf(tensor.name);
    if (kind !== "embedding" && kind !== "output_head") continue;
    if (tensor.baseShape.length !== 2 || tensor.headShape.length !== 2) continue;
    if (tensor.baseShape[1] !== tensor.headShape[1] || (tensor.baseShape[1] ?? 0) === 0) continue;
    const baseEntry = base.tensors.get(tensor.name);
    const headEntry = head.tensors.get(tensor.name);
    if (!baseEntry || !headEntry) continue;
    if (!isFloat(baseEntry) || !isFloat(headEntry)) continue;
    found.push(await readOne(tensor.name, baseEntry, headEntry, counter));
  }
  return found;
}

function isFloat(entry: TensorEntry): boolean {
  return ["F64", "F32", "F16", "BF16"].includes(entry.dtype);
}
