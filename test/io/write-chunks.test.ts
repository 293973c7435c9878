import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { batchChunks, WRITE_BATCH_CHARS, writeChunks } from "../../src/io/atomic-file.js";

/** A stream that records each write it receives. */
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
