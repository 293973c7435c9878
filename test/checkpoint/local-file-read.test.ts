import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FormatError } from "../../src/errors.js";
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
