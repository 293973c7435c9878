import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReadCounter, readRowSample } from "../../src/analysis/row-reads.js";
import type { Checkpoint, TensorEntry } from "../../src/checkpoint/types.js";
import { RangeCapture } from "../../src/diff/range-capture.js";
import { makeTempDirectory, writeTestCheckpoint } from "../diff/helpers.js";

const ROWS = 6;
const COLUMNS = 4;
/** Bytes of one float32 row. */
const ROW_BYTES = COLUMNS * 4;
/** Rows read in two runs: 0 to 2, and 4 to 5. */
const INDEXES = [0, 1, 2, 4, 5];

/** Value of row r, column c in the file. */
function fileValue(r: number, c: number): number {
  return r * 10 + c;
}

const scratch = makeTempDirectory();
let checkpoint: Checkpoint;

beforeAll(async () => {
  const values = new Float32Array(ROWS * COLUMNS);
  for (let r = 0; r < ROWS; r++) {
    for (let c = 0; c < COLUMNS; c++) values[r * COLUMNS + c] = fileValue(r, c);
  }
  checkpoint = await writeTestCheckpoint(`${scratch.path}/m.safetensors`, [
    { name: "m", dtype: "F32", shape: [ROWS, COLUMNS], data: new Uint8Array(values.buffer) },
  ]);
});

afterAll(async () => {
  await checkpoint.close();
  scratch.remove();
});

/** Returns the matrix's entry with a source that records each read as [offset, length]. */
function countingEntry(reads: [number, number][]): TensorEntry {
  const entry = checkpoint.tensors.get("m") as TensorEntry;
  return {
    ...entry,
    source: {
      ...entry.source,
      read: (offset, length, target, targetOffset) => {
        reads.push([offset, length]);
        return entry.source.read(offset, length, target, targetOffset);
      },
    },
  };
}

/** Float32 bytes of `rowCount` rows whose values are -(r * 10 + c) for rows from `first`. */
function negatedRows(first: number, rowCount: number): Uint8Array {
  const values = new Float32Array(rowCount * COLUMNS);
  for (let r = 0; r < rowCount; r++) {
    for (let c = 0; c < COLUMNS; c++) values[r * COLUMNS + c] = -fileValue(first + r, c);
  }
  return new Uint8Array(values.buffer);
}

describe("readRowSample with captured rows", () => {
  it("takes a captured run and reads the rest", async () => {
    const reads: [number, number][] = [];
    const entry = countingEntry(reads);
    const firstRun = { source: entry.source.spec, offset: entry.byteOffset, length: 3 * ROW_BYTES };
    const capture = new RangeCapture();
    capture.request("m", [firstRun]);
    // Negated values tell the captured rows from the file's.
    capture.deliver(firstRun, negatedRows(0, 3));
    const counter: ReadCounter = { bytes: 0 };

    const sample = await readRowSample(entry, COLUMNS, INDEXES, 2, COLUMNS, counter, capture);

    expect(reads).toEqual([[entry.byteOffset + 4 * ROW_BYTES, 2 * ROW_BYTES]]);
    const expected = INDEXES.map((r) =>
      Array.from({ length: COLUMNS }, (_, c) => (r < 3 ? -fileValue(r, c) : fileValue(r, c))),
    );
    expect(sample.rows.map((row) => Array.from(row))).toEqual(expected);
    // Captured rows count as read.
    expect(counter.bytes).toBe(INDEXES.length * ROW_BYTES);
    expect(capture.size).toBe(0);
  });

  it("reads a run that was captured in part", async () => {
    const reads: [number, number][] = [];
    const entry = countingEntry(reads);
    const capture = new RangeCapture();
    const firstRun = { source: entry.source.spec, offset: entry.byteOffset, length: 3 * ROW_BYTES };
    capture.request("m", [firstRun]);
    // Only rows 0 and 1 arrived: the unit that read row 2 was dispatched before the range was wanted.
    capture.deliver({ ...firstRun, length: 2 * ROW_BYTES }, negatedRows(0, 2));
    const counter: ReadCounter = { bytes: 0 };

    const sample = await readRowSample(entry, COLUMNS, INDEXES, 2, COLUMNS, counter, capture);

    expect(reads).toEqual([
      [entry.byteOffset, 3 * ROW_BYTES],
      [entry.byteOffset + 4 * ROW_BYTES, 2 * ROW_BYTES],
    ]);
    const expected = INDEXES.map((r) => Array.from({ length: COLUMNS }, (_, c) => fileValue(r, c)));
    expect(sample.rows.map((row) => Array.from(row))).toEqual(expected);
    expect(counter.bytes).toBe(INDEXES.length * ROW_BYTES);
    expect(capture.size).toBe(0);
    expect(capture.heldBytes).toBe(0);
  });
});
