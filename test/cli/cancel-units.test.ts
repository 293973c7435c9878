import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type Cancellation, CancelledError, installCancellation } from "../../src/cancel.js";
import { writeFileAtomically } from "../../src/io/atomic-file.js";

const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-cancel-units-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Watched {
  cancellation: Cancellation;
  lines: string[];
  exits: number[];
}

let installed: Cancellation | null = null;
afterEach(() => {
  installed?.uninstall();
  installed = null;
});

function watch(): Watched {
  const lines: string[] = [];
  const exits: number[] = [];
  const cancellation = installCancellation({
    writeLine: (line) => lines.push(line),
    exit: (code) => exits.push(code),
  });
  installed = cancellation;
  return { cancellation, lines, exits };
}

describe("installCancellation", () => {
  it("aborts, prints one line and exits", () => {
    const { cancellation, lines, exits } = watch();
    process.emit("SIGINT");
    expect(cancellation.signal.aborted).toBe(true);
    expect(cancellation.signal.reason).toBeInstanceOf(CancelledError);
    expect(lines).toEqual([
      "model-diff: cancelled by SIGINT. The run stopped and left no partial report or temporary file.",
    ]);
    expect(exits).toEqual([130]);
  });

  it("exits at once on a second signal", () => {
    const { lines, exits } = watch();
    process.emit("SIGTERM");
    process.emit("SIGINT");
    expect(exits).toEqual([143, 130]);
    expect(lines).toHaveLength(1);
  });

  it("deletes the temporary file of a write", async () => {
    const { exits } = watch();
    const folder = mkdtempSync(path.join(scratch, "write-"));
    const file = path.join(folder, "report.json");
    let seen: string[] = [];
    function* chunks(): Generator<string> {
      yield "x".repeat(1 << 20);
      seen = readdirSync(folder);
      process.emit("SIGTERM");
      yield "y";
    }
    await expect(writeFileAtomically(file, chunks())).rejects.toThrow();
    expect(seen).toEqual([`.report.json.${process.pid}.partial`]);
    expect(exits).toEqual([143]);
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe("writeFileAtomically", () => {
  it("writes the file whole", async () => {
    const folder = mkdtempSync(path.join(scratch, "whole-"));
    const file = path.join(folder, "report.md");
    await writeFileAtomically(file, ["a", "b"]);
    expect(readdirSync(folder)).toEqual(["report.md"]);
  });

  it("leaves nothing when the folder is missing", async () => {
    const file = path.join(scratch, "missing", "report.md");
    await expect(writeFileAtomically(file, ["a"])).rejects.toMatchObject({ code: "ENOENT" });
    expect(existsSync(path.dirname(file))).toBe(false);
  });
});
