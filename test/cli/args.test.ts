import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../../src/cli/args.js";
import { UsageError } from "../../src/errors.js";

describe("parseCliArgs", () => {
  it("reads two references and the defaults", () => {
    const command = parseCliArgs(["a.safetensors", "b"], false);
    expect(command.kind).toBe("diff");
    if (command.kind !== "diff") return;
    expect(command.options.base).toBe("a.safetensors");
    expect(command.options.head).toBe("b");
    expect(command.options.threshold).toBe(1e-6);
    expect(command.options.format).toBe("markdown");
    expect(command.options.top).toBe(15);
    expect(command.options.output).toBeNull();
    expect(command.options.workers).toBeGreaterThanOrEqual(1);
  });

  it("defaults to text on a terminal", () => {
    const command = parseCliArgs(["a", "b"], true);
    expect(command.kind).toBe("diff");
    if (command.kind === "diff") expect(command.options.format).toBe("text");
  });

  it("defaults to markdown for --output on a terminal", () => {
    for (const output of [["-o", "report.md"], ["--output=report.md"]]) {
      const command = parseCliArgs(["a", "b", ...output], true);
      if (command.kind !== "diff") throw new Error("expected a diff command");
      expect(command.options.output).toBe("report.md");
      expect(command.options.format).toBe("markdown");
    }
  });

  it("reads every option", () => {
    const command = parseCliArgs(
      [
        "a",
        "b",
        "--threshold",
        "0",
        "--format",
        "json",
        "-o",
        "r.json",
        "--workers",
        "3",
        "--top",
        "7",
      ],
      true,
    );
    if (command.kind !== "diff") throw new Error("expected a diff command");
    expect(command.options).toMatchObject({
      threshold: 0,
      format: "json",
      output: "r.json",
      workers: 3,
      top: 7,
    });
  });

  it("returns help and version commands", () => {
    expect(parseCliArgs(["--help"], false).kind).toBe("help");
    expect(parseCliArgs(["-v"], false).kind).toBe("version");
  });

  it.each([
    [["a"], /expected two checkpoints/],
    [["a", "b", "c"], /got 3 arguments/],
    [["a", "b", "--threshold=-1"], /--threshold: "-1" is not a valid threshold/],
    [["a", "b", "--threshold", "abc"], /not a valid threshold/],
    [["a", "b", "--threshold", "Infinity"], /not a valid threshold/],
    [["a", "b", "--workers", "0"], /--workers: "0" is not valid. Give a whole number from 1/],
    [["a", "b", "--workers", "2.5"], /--workers/],
    [["a", "b", "--top", "x"], /--top/],
    [["a", "b", "--format", "html"], /--format: "html" is not a report format/],
    [["a", "b", "--colour"], /^unknown option --colour\. Run model-diff --help/],
    [["a", "b", "--threshold", "-1"], /--threshold: "-1" is not a valid threshold/],
    [["a", "b", "--workers", "-1"], /--workers: "-1" is not valid/],
    [["a", "b", "--top", "-5"], /--top: "-5" is not valid/],
    [["a", "b", "--threshold", "0x10"], /--threshold: "0x10" is not a valid threshold/],
    [["a", "b", "--threshold", " 1"], /not a valid threshold/],
    [["a", "b", "--workers", " 2"], /--workers/],
    [["a", "b", "--output"], /^--output needs a value/],
    [["a", "b", "-o"], /^--output needs a value/],
    [["a", "b", "-o", "--format", "json"], /^--output needs a value/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseCliArgs(argv, false)).toThrow(UsageError);
    expect(() => parseCliArgs(argv, false)).toThrow(message);
  });
});
