import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import {
  batchChunks,
  FILE_WRITE_BUFFER_BYTES,
  WRITE_BATCH_CHARS,
  writeChunks,
  writeFileAtomically,
} from "../../src/io/atomic-file.js";

const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-write-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Returns a stream that records each write it receives, and the list of those writes. */
function recordingStream(): { stream: Writable; writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      writes.push(chunk);
      done();
    },
  });
  return { stream, writes };
}

describe("batchChunks", () => {
  it("joins small chunks into batches", () => {
    const chunks = Array.from({ length: 200 }, (_, i) => String(i % 10).repeat(1000));
    const pieces = [...batchChunks(chunks)];
    // 66 chunks of 1,000 characters are the fewest that reach 65,536.
    const perBatch = Math.ceil((64 * 1024) / 1000);
    expect(perBatch).toBe(66);
    expect(pieces.map((piece) => piece.length)).toEqual([66_000, 66_000, 66_000, 2_000]);
    expect(pieces.join("")).toBe(chunks.join(""));
  });

  it("passes a large chunk on whole", () => {
    const large = "x".repeat(3 * WRITE_BATCH_CHARS);
    expect([...batchChunks(["ab", large, "c"])]).toEqual([`ab${large}`, "c"]);
  });

  it("yields nothing for no chunks", () => {
    expect([...batchChunks([])]).toEqual([]);
    expect([...batchChunks(["", ""])]).toEqual([]);
  });
});

describe("writeChunks", () => {
  it("writes the batches in order", async () => {
    const { stream, writes } = recordingStream();
    const chunks = Array.from({ length: 150 }, (_, i) => `${i},`.padEnd(1000, " "));
    await expect(writeChunks(stream, chunks)).resolves.toBe("written");
    expect(writes.join("")).toBe(chunks.join(""));
    expect(writes.length).toBe(3);
  });
});

describe("writeFileAtomically", () => {
  it("writes more than the stream buffer intact", async () => {
    // Rows of distinct text, several times the buffer, with a multi-byte character in each, so a
    // batch cut or written twice shows in the content.
    const rows = Array.from(
      { length: 80_000 },
      (_, i) => `row ${i} \u00e9 ${"x".repeat(i % 97)}\n`,
    );
    const expected = rows.join("");
    expect(Buffer.byteLength(expected)).toBeGreaterThan(3 * FILE_WRITE_BUFFER_BYTES);
    const file = path.join(scratch, "report.json");
    await writeFileAtomically(file, rows);
    expect(readFileSync(file, "utf8")).toBe(expected);
    // The temporary file was renamed, so the folder contains the report only.
    expect(readdirSync(scratch)).toEqual(["report.json"]);
  });
});
