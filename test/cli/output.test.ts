import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertOutputWritable } from "../../src/cli/output.js";
import { UsageError } from "../../src/errors.js";

const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-output-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("assertOutputWritable", () => {
  it("accepts a new file in a folder", async () => {
    await expect(assertOutputWritable(path.join(scratch, "report.md"))).resolves.toBeUndefined();
  });

  it("accepts an existing file", async () => {
    const file = path.join(scratch, "old-report.md");
    writeFileSync(file, "old");
    await expect(assertOutputWritable(file)).resolves.toBeUndefined();
  });

  it("rejects a missing folder", async () => {
    const file = path.join(scratch, "no-such-dir", "report.md");
    const check = assertOutputWritable(file);
    await expect(check).rejects.toThrow(UsageError);
    await expect(check).rejects.toThrow("its folder does not exist (ENOENT)");
  });

  it("rejects a folder as the output", async () => {
    const folder = path.join(scratch, "reports");
    mkdirSync(folder);
    await expect(assertOutputWritable(folder)).rejects.toThrow("it is a folder (EISDIR)");
  });

  it("rejects a file as the folder", async () => {
    const file = path.join(scratch, "plain-file");
    writeFileSync(file, "");
    await expect(assertOutputWritable(path.join(file, "report.md"))).rejects.toThrow(
      "a part of the path is not a folder (ENOTDIR)",
    );
  });
});
