import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FormatError } from "../../src/errors.js";
import { type ByteSource, readSmallFirst, SYNC_READ_BYTES } from "../../src/io/byte-source.js";
import { LocalFileSource } from "../../src/io/local-file.js";

const root = mkdtempSync(path.join(os.tmpdir(), "model-diff-read-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fileOf(name: string, length: number): string {
  const file = path.join(root, name);
  writeFileSync(
    file,
    Uint8Array.from({ length }, (_, i) => (i * 7) & 0xff),
  );
  return file;
}

describe("LocalFileSource reads", () => {
  it("reads the same bytes blocking and not", async () => {
    const source = await LocalFileSource.open(fileOf("same", 1000));
    try {
      const viaPromise = new Uint8Array(300);
      const viaSync = new Uint8Array(310);
      await source.read(650, 300, viaPromise);
      source.readSync(650, 300, viaSync, 10);
      expect(viaSync.subarray(10)).toEqual(viaPromise);
      expect(viaPromise[0]).toBe((650 * 7) & 0xff);
    } finally {
      await source.close();
    }
  });

  it("rejects a blocking read past the end", async () => {
    const source = await LocalFileSource.open(fileOf("short", 100));
    try {
      const target = new Uint8Array(50);
      expect(() => source.readSync(60, 50, target)).toThrow(FormatError);
      expect(() => source.readSync(60, 50, target)).toThrow(/cannot read bytes \[60, 110\)/);
    } finally {
      await source.close();
    }
  });

  it("reports a file that shrank during a blocking read", async () => {
    const file = fileOf("shrinks", 100);
    const source = await LocalFileSource.open(file);
    try {
      truncateSync(file, 40);
      const target = new Uint8Array(50);
      expect(() => source.readSync(20, 50, target)).toThrow(FormatError);
      expect(() => source.readSync(20, 50, target)).toThrow(/ended at byte 40/);
    } finally {
      await source.close();
    }
  });
});

describe("readSmallFirst", () => {
  /** Returns a source over `bytes` that records which of its read methods ran. */
  function recordingSource(bytes: Uint8Array, withSync: boolean) {
    const calls: string[] = [];
    const source: ByteSource = {
      name: "memory",
      size: bytes.length,
      spec: { kind: "file", path: "memory", name: "memory", size: bytes.length },
      close: async () => {},
      read: async (offset, length, target, targetOffset = 0) => {
        calls.push(`read ${length}`);
        target.set(bytes.subarray(offset, offset + length), targetOffset);
      },
    };
    if (withSync) {
      source.readSync = (offset, length, target, targetOffset = 0) => {
        calls.push(`readSync ${length}`);
        target.set(bytes.subarray(offset, offset + length), targetOffset);
      };
    }
    return { source, calls };
  }

  const bytes = Uint8Array.from({ length: SYNC_READ_BYTES + 10 }, (_, i) => (i * 13) & 0xff);

  it("blocks for reads up to the limit", async () => {
    const { source, calls } = recordingSource(bytes, true);
    const target = new Uint8Array(SYNC_READ_BYTES + 2);
    await readSmallFirst(source, 5, SYNC_READ_BYTES, target, 2);
    expect(calls).toEqual([`readSync ${SYNC_READ_BYTES}`]);
    expect(target.subarray(2)).toEqual(bytes.subarray(5, 5 + SYNC_READ_BYTES));
  });

  it("reads larger ranges asynchronously", async () => {
    const { source, calls } = recordingSource(bytes, true);
    const target = new Uint8Array(SYNC_READ_BYTES + 1);
    await readSmallFirst(source, 3, SYNC_READ_BYTES + 1, target);
    expect(calls).toEqual([`read ${SYNC_READ_BYTES + 1}`]);
    expect(target).toEqual(bytes.subarray(3, 4 + SYNC_READ_BYTES));
  });

  it("reads asynchronously from a source without readSync", async () => {
    const { source, calls } = recordingSource(bytes, false);
    const target = new Uint8Array(16);
    await readSmallFirst(source, 0, 16, target);
    expect(calls).toEqual(["read 16"]);
    expect(target).toEqual(bytes.subarray(0, 16));
  });
});
