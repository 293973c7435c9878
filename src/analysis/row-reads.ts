/**
 * Reads of sampled matrix rows for the second pass: rows chosen by a hash of the tensor name in
 * runs of consecutive rows, read through the checkpoint's byte source and decoded to float64.
 */

import type { TensorEntry } from "../checkpoint/types.js";
import { decoderFor } from "../diff/kernels.js";
import type { ByteRange } from "../diff/plan.js";
import type { RangeCapture } from "../diff/range-capture.js";
import { sampleHash } from "./sample-plan.js";

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

export function bytesPerElement(entry: TensorEntry): number {
  return entry.byteLength / Math.max(1, entry.numel);
}

/**
 * Bytes the second pass reads; every read adds to it. Sampled rows taken from the bytes the diff
 * captured count as read too, so the figure does not depend on whether they were captured.
 */
export interface ReadCounter {
  bytes: number;
}

/** Reads rows [first, first + count) of a matrix with `columns` columns as float64 rows. */
export async function readRows(
  entry: TensorEntry,
  columns: number,
  first: number,
  count: number,
  counter: ReadCounter,
): Promise<Float64Array[]> {
  const width = bytesPerElement(entry);
  const length = count * columns * width;
  const bytes = new Uint8Array(length);
  await entry.source.read(entry.byteOffset + first * columns * width, length, bytes, 0);
  counter.bytes += length;
  const values = new Float64Array(count * columns);
  decoderFor(entry.dtype)(bytes, count * columns, values);
  const rows: Float64Array[] = [];
  for (let r = 0; r < count; r++) rows.push(values.subarray(r * columns, (r + 1) * columns));
  return rows;
}

/** Reads the rows at `indexes` (ascending), one read per run of consecutive indexes. */
export async function readChosenRows(
  entry: TensorEntry,
  columns: number,
  indexes: readonly number[],
  counter: ReadCounter,
): Promise<Float64Array[]> {
  const rows: Float64Array[] = [];
  for (const { first, count } of runsOf(indexes)) {
    rows.push(...(await readRows(entry, columns, first, count, counter)));
  }
  return rows;
}

export function median(values: number[]): number | null {
  const finite = values.filter((value) => Number.isFinite(value)).sort((x, y) => x - y);
  if (finite.length === 0) return null;
  return finite[Math.floor(finite.length / 2)] as number;
}

/** Runs of consecutive indexes in `indexes` (ascending), as first index and count. */
function runsOf(indexes: readonly number[]): { first: number; count: number }[] {
  const runs: { first: number; count: number }[] = [];
  for (let i = 0; i < indexes.length; ) {
    const first = indexes[i] as number;
    let count = 1;
    while (i + count < indexes.length && indexes[i + count] === first + count) count++;
    runs.push({ first, count });
    i += count;
  }
  return runs;
}

/**
 * Returns the byte ranges that readRowSample reads for the rows at `indexes` (ascending) of a
 * matrix with `columns` columns: one range per run of consecutive indexes.
 */
export function rowRangesOf(
  entry: TensorEntry,
  columns: number,
  indexes: readonly number[],
): ByteRange[] {
  const rowBytes = columns * bytesPerElement(entry);
  return runsOf(indexes).map(({ first, count }) => ({
    source: entry.source.spec,
    offset: entry.byteOffset + first * rowBytes,
    length: count * rowBytes,
  }));
}

/** Sampled rows of one side: decoded values and the raw bytes of each whole row. */
export interface RowSample {
  /** The first `fullRows` rows whole, the others cut to their first `window` columns. */
  rows: Float64Array[];
  /** Each row's bytes, whole, for exact equality tests. */
  raw: Uint8Array[];
}

/**
 * Reads the rows at `indexes` (ascending), one read per run of consecutive indexes, and decodes
 * the first `fullRows` of them whole and the rest only over columns [0, window): decoding is the
 * main cost of a sample, and the tests that need whole rows use only a few. A run that `captured`
 * contains whole is taken from it instead of read.
 */
export async function readRowSample(
  entry: TensorEntry,
  columns: number,
  indexes: readonly number[],
  fullRows: number,
  window: number,
  counter: ReadCounter,
  captured?: RangeCapture,
): Promise<RowSample> {
  const width = bytesPerElement(entry);
  const rowBytes = columns * width;
  const decode = decoderFor(entry.dtype);
  const sample: RowSample = { rows: [], raw: [] };
  const full = Math.min(fullRows, indexes.length);
  const cut = Math.min(window, columns);
  // One buffer for the decoded values of all rows: the rows are views into it.
  const values = new Float64Array(full * columns + (indexes.length - full) * cut);
  let offset = 0;
  for (const { first, count } of runsOf(indexes)) {
    const start = entry.byteOffset + first * rowBytes;
    const length = count * rowBytes;
    let bytes = captured?.take(entry.source.spec, start, length);
    if (bytes === undefined) {
      bytes = new Uint8Array(length);
      await entry.source.read(start, length, bytes, 0);
    }
    counter.bytes += length;
    for (let r = 0; r < count; r++) {
      const raw = bytes.subarray(r * rowBytes, (r + 1) * rowBytes);
      const length = sample.rows.length < fullRows ? columns : cut;
      const row = values.subarray(offset, offset + length);
      decode(raw, length, row);
      offset += length;
      sample.rows.push(row);
      sample.raw.push(raw);
    }
  }
  return sample;
}
