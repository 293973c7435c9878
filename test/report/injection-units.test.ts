import { describe, expect, it } from "vitest";
import type { Checkpoint } from "../../src/checkpoint/types.js";
import { parseCommentKey } from "../../src/github/sticky-comment.js";
import { fitMarkdown } from "../../src/report/budget.js";
import { buildReport } from "../../src/report/build.js";
import { markdownCodeBlock } from "../../src/report/escape.js";
import { HEATMAP_LABEL_CHARS } from "../../src/report/heatmap.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import type { DiffReport } from "../../src/report/model.js";
import { renderText } from "../../src/report/text.js";
import { HOSTILE_TEXTS, LONG_TEXT } from "../helpers/hostile-checkpoints.js";
import { decodeVisible, namesInSpans, readMarkdown } from "../helpers/markdown-structure.js";
import { checkpoint, classification, compared, fixtureDiff, naiveStats } from "./fixture.js";

/** A report whose layered tensors have hostile stack names, so they label heatmap rows. */
function layeredReport(texts: readonly string[]): DiffReport {
  const diff = fixtureDiff();
  diff.compared = texts.map((text, i) =>
    compared(
      `${text}.${i}.mlp.weight`,
      [2, 2],
      ["F32", "F32"],
      naiveStats([1, 2, 3, i], [1, 2, 3, i + 1]),
    ),
  );
  diff.added = [];
  diff.removed = [];
  diff.reshaped = [];
  diff.renamed = [];
  const base = checkpoint("base", [], {});
  const head = checkpoint("head", [], {});
  return buildReport({ base, head, diff, classification, version: "0.1.0" });
}

describe("heatmap with hostile stack names", () => {
  it("keeps a backtick fence label inside the block", () => {
    const markdown = renderMarkdown(layeredReport(["```", "~~~"]), { top: 10 });
    const reading = readMarkdown(markdown);
    expect(reading.problems).toEqual([]);
    expect(reading.codeLines.some((line) => line.includes("```.0"))).toBe(true);
  });

  it("keeps each row on one line", () => {
    const markdown = renderMarkdown(layeredReport(["a\nb", "c\rd", "e\u2028f"]), { top: 10 });
    const reading = readMarkdown(markdown);
    expect(reading.problems).toEqual([]);
    const rows = reading.codeLines.map((line) => line.trim().split(/\s{2,}/)[0]);
    expect(rows).toEqual(expect.arrayContaining(["a\\nb.0", "c\\rd.1", "e\\u2028f.2"]));
  });

  it("cuts a long label", () => {
    const markdown = renderMarkdown(layeredReport([LONG_TEXT]), { top: 10 });
    const widest = Math.max(...readMarkdown(markdown).codeLines.map((line) => line.length));
    expect(widest).toBeLessThan(HEATMAP_LABEL_CHARS + 60);
  });
});

describe("shortened reports", () => {
  const report = layeredReport(HOSTILE_TEXTS);

  it("stay balanced at every limit", () => {
    const notice = "**Shortened.** [This run](https://github.com/o/r/actions/runs/1) has the log.";
    const checked: number[] = [];
    for (let limit = 300; limit < 40_000; limit = Math.ceil(limit * 1.1)) {
      const fitted = fitMarkdown(report, {
        top: 100,
        gates: [],
        limit,
        measure: (text) => text.length,
        notice: () => notice,
      });
      expect(fitted.markdown.length).toBeLessThanOrEqual(limit);
      const reading = readMarkdown(fitted.markdown, ["https://github.com/o/r/actions/runs/1"]);
      expect(reading.problems, `limit ${limit}`).toEqual([]);
      if (fitted.cut?.truncated) {
        expect(fitted.markdown.endsWith(`${notice}\n`)).toBe(true);
        checked.push(limit);
      }
    }
    // Some limits must reach the cut inside the heatmap block for the test to mean anything.
    expect(checked.length).toBeGreaterThan(3);
  });
});

describe("Hub references", () => {
  function hubCheckpoint(): Checkpoint {
    const hub = {
      repo: "org/<b>@octocat",
      revision: "refs/pr/1`|`#2",
      commit: "0123456789abcdef0123456789abcdef01234567",
      file: "sub|dir/<!-- x -->\n.safetensors",
    };
    return { ...checkpoint("hf://org/<b>@octocat", [], {}), hub } as Checkpoint;
  }

  it("shows repository, revision and file literally", () => {
    const diff = fixtureDiff();
    const head = hubCheckpoint();
    const report = buildReport({
      base: checkpoint("base", [], {}),
      head,
      diff,
      classification,
      version: "0.1.0",
    });
    const reading = readMarkdown(renderMarkdown(report, { top: 5 }));
    expect(reading.problems).toEqual([]);
    const shown = namesInSpans(reading);
    expect(shown).toContain("org/<b>@octocat@refs/pr/1`|`#2");
    expect(shown).toContain("sub|dir/<!-- x -->\n.safetensors");
    expect(renderText(report, { top: 5 })).toContain("sub|dir/<!-- x -->\\n.safetensors");
  });
});

describe("notes that list names", () => {
  it("cut a long name", () => {
    const diff = fixtureDiff();
    diff.compared = [compared(LONG_TEXT, [3], ["I64", "I64"], naiveStats([0, 1, 2], [0, 1, 3]))];
    const report = buildReport({
      base: checkpoint("base", [], {}),
      head: checkpoint("head", [], {}),
      diff,
      classification,
      version: "0.1.0",
    });
    const note = report.notes.find((text) => text.includes("integer or complex")) ?? "";
    expect(note).toContain("(cut from 4007 characters)");
    expect(note.length).toBeLessThan(600);
  });
});

describe("markdownCodeBlock", () => {
  it("uses a fence longer than any run inside", () => {
    expect(markdownCodeBlock(["a ```` b"])).toBe("`````text\na ```` b\n`````");
    expect(markdownCodeBlock(["plain"])).toBe("```text\nplain\n```");
  });

  it("escapes breaks inside a line", () => {
    expect(markdownCodeBlock(["a\nb\rc"])).toBe("```text\na\\nb\\rc\n```");
  });
});

describe("comment key", () => {
  it("rejects keys that could end the marker", () => {
    for (const key of ["x -->", "a b", "a\nb", "--", "-a", "<b>", "a".repeat(65), "ü"]) {
      expect(() => parseCommentKey(key, "comment-key"), key).toThrow(/not a valid comment key/);
    }
  });

  it("accepts plain keys", () => {
    expect(parseCommentKey("model-7b.v2_base", "comment-key")).toBe("model-7b.v2_base");
    expect(parseCommentKey("", "comment-key")).toBe("");
  });
});

describe("decodeVisible", () => {
  it("reverses the escapes of the visible form", () => {
    expect(decodeVisible("a\\u005cb\\nc\\u202e")).toBe("a\\b\nc\u202e");
  });
});
