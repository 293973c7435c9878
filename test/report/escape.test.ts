import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/report/build.js";
import {
  MAX_SHOWN_CHARS,
  markdownCode,
  markdownCodeCell,
  markdownInline,
  plainText,
  visibleText,
} from "../../src/report/escape.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderText } from "../../src/report/text.js";
import { checkpoint, classification, compared, fixtureDiff, naiveStats } from "./fixture.js";

const HOSTILE_NAMES = [
  "a|b|c",
  "tick`tock``x",
  "`leading",
  "line\nbreak\r\ttab",
  "<script>alert(1)</script>",
  "<!-- hidden -->",
  "</details><details>",
  "[link](http://x)",
  "![img](x)",
  "@someone please look",
  "fixes #123",
  "  padded  ",
  "bidi\u202eevil\u2066x\u2069",
  "zero\u200bwidth",
  "back\\|slash",
  "*bold* _em_ ~~del~~",
  "www.example.com and https://example.com",
  "&amp; &lt;",
];

/**
 * Removes the code spans from one line by the CommonMark rule: a run of n backticks that is not
 * backslash-escaped opens a span, closed by the next run of exactly n backticks. Escaped
 * characters become a middle dot, except `@` and `#`.
 */
function stripCodeSpans(line: string): string {
  let out = "";
  let i = 0;
  while (i < line.length) {
    const character = line[i];
    if (character === "\\" && i + 1 < line.length) {
      // An escaped character is inert Markdown, but GitHub still links an escaped @ or #.
      const escaped = line[i + 1] ?? "";
      out += "@#".includes(escaped) ? escaped : "\u00b7";
      i += 2;
      continue;
    }
    if (character !== "`") {
      out += character;
      i++;
      continue;
    }
    let runEnd = i;
    while (line[runEnd] === "`") runEnd++;
    const fence = line.slice(i, runEnd);
    let search = runEnd;
    let close = -1;
    while (search < line.length) {
      const found = line.indexOf(fence, search);
      if (found < 0) break;
      let after = found + fence.length;
      if (line[after] !== "`" && line[found - 1] !== "`") {
        close = found;
        break;
      }
      while (line[after] === "`") after++;
      search = after;
    }
    if (close < 0) {
      out += fence;
      i = runEnd;
    } else {
      out += "<code>";
      i = close + fence.length;
    }
  }
  return out;
}

/** Counts the cells of a GFM table row: pipes not escaped by a backslash, less the outer two. */
function cellCount(row: string): number {
  let pipes = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === "\\") {
      i++;
      continue;
    }
    if (row[i] === "|") pipes++;
  }
  return pipes - 1;
}

function hostileReport() {
  const diff = fixtureDiff();
  diff.compared = HOSTILE_NAMES.map((name) =>
    compared(name, [2], ["F32", "F32"], naiveStats([1, 2], [1, 3])),
  );
  diff.added = HOSTILE_NAMES.map((name) => ({
    name: `added ${name}`,
    shape: [1],
    dtype: "F32",
    numel: 1,
  }));
  diff.renamed = [
    {
      baseName: HOSTILE_NAMES[0] ?? "",
      headName: HOSTILE_NAMES[3] ?? "",
      shape: [1],
      dtype: "F32",
      numel: 1,
    },
  ];
  const metadata = Object.fromEntries(HOSTILE_NAMES.map((name, i) => [name, `${name} ${i}`]));
  const base = checkpoint("@base|`ref`", [], {});
  const head = checkpoint("<b>head</b>\n#1", [], metadata, [
    "warning about @someone and #123 <b>x</b>",
  ]);
  const hostileClassification = {
    ...classification,
    headline: "Tensor `x|y` changed; cc @someone, see #123 and [link](http://x) <!-- c -->",
    facts: ["- a list?", "1. ordered?", "# heading?", "<details>"],
  };
  return buildReport({ base, head, diff, classification: hostileClassification, version: "0.1.0" });
}

describe("Markdown with hostile names", () => {
  const markdown = renderMarkdown(hostileReport(), { top: 50 });
  const lines = markdown.split("\n");

  it("keeps every table row's cell count", () => {
    let header = 0;
    let tables = 0;
    for (const line of lines) {
      if (!line.startsWith("|")) {
        header = 0;
        continue;
      }
      if (header === 0) {
        header = cellCount(line);
        tables++;
        continue;
      }
      expect(cellCount(line), line).toBe(header);
    }
    expect(tables).toBeGreaterThan(5);
  });

  it("keeps each name on one line", () => {
    const rows = lines.filter((line) => line.includes("line\\nbreak\\r\\ttab"));
    expect(rows.length).toBeGreaterThan(2);
    expect(markdown).not.toContain("line\nbreak");
  });

  it("leaves nothing active outside code spans", () => {
    const outside = lines
      .filter(
        (line) => line !== "<details>" && line !== "</details>" && !line.startsWith("<summary>"),
      )
      .map(stripCodeSpans)
      .join("\n");
    for (const needle of [
      "<script",
      "<!--",
      "</details>",
      "<details>",
      "<b>",
      "](",
      "![",
      "#123",
      "#1",
      "@",
      "http://",
      "https://",
      "www.",
    ]) {
      expect(outside, needle).not.toContain(needle);
    }
  });

  it("escapes bidi and zero-width characters", () => {
    expect(markdown).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b]/);
    expect(markdown).toContain("bidi\\u202eevil\\u2066x\\u2069");
  });

  it("shows leading and trailing spaces", () => {
    expect(markdown).toContain("`\\u0020\\u0020padded\\u0020\\u0020`");
  });

  it("does not start lists from prose", () => {
    expect(lines).toContain("- \\- a list?");
    expect(lines).toContain("- 1\\. ordered?");
    expect(lines).toContain("- `#` heading?");
  });
});

describe("text with hostile names", () => {
  const text = renderText(hostileReport(), { top: 50 });

  it("escapes control characters", () => {
    expect(text).toContain("line\\nbreak\\r\\ttab");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters.
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e\u200b]/);
  });
});

describe("code spans", () => {
  it("uses a longer fence than any run inside", () => {
    expect(markdownCode("a``b")).toBe("```a``b```");
    expect(markdownCode("plain")).toBe("`plain`");
  });

  it("pads a leading or trailing backtick", () => {
    expect(markdownCode("`x")).toBe("`` `x ``");
    expect(markdownCode("x`")).toBe("`` x` ``");
  });

  it("escapes pipes in table cells", () => {
    expect(markdownCodeCell("a|b")).toBe("`a\\|b`");
    expect(markdownCodeCell("a\\|b")).toBe("`a\\u005c\\|b`");
  });

  it("shows an empty name", () => {
    expect(markdownCode("")).toBe("(empty)");
  });

  it("cuts long values and says so", () => {
    const long = "x".repeat(MAX_SHOWN_CHARS + 50);
    expect(markdownCode(long)).toBe(
      `\`${"x".repeat(MAX_SHOWN_CHARS)}…\` (cut from ${MAX_SHOWN_CHARS + 50} characters)`,
    );
    expect(plainText(long)).toContain(`(cut from ${MAX_SHOWN_CHARS + 50} characters)`);
  });

  it("cuts by code point", () => {
    const emoji = "😀".repeat(MAX_SHOWN_CHARS + 1);
    const visible = visibleText(emoji);
    expect(visible.truncatedFrom).toBe(MAX_SHOWN_CHARS + 1);
    expect(visible.text).toBe(`${"😀".repeat(MAX_SHOWN_CHARS)}…`);
  });

  it("escapes unpaired surrogates", () => {
    expect(visibleText("a\ud800b").text).toBe("a\\ud800b");
    expect(visibleText("😀").text).toBe("😀");
  });
});

describe("markdownInline", () => {
  it("neutralizes mentions, issues and links", () => {
    expect(markdownInline("cc @someone")).toBe("cc `@`someone");
    expect(markdownInline("#123")).toBe("`#`123");
    expect(markdownInline("[a](http://x)")).toBe("\\[a\\](http`://`x)");
    expect(markdownInline("<b>")).toBe("\\<b\\>");
  });

  it("leaves plain figures alone", () => {
    expect(markdownInline("0.9396 in 24 tensors (37.50%)")).toBe("0.9396 in 24 tensors (37.50%)");
    expect(markdownInline("-0.5")).toBe("-0.5");
  });
});
