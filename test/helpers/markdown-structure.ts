/**
 * A small structural reader of the Markdown that model-diff writes, written apart from the
 * renderer so that it can catch the renderer's mistakes. It follows the CommonMark and GFM rules
 * that matter for untrusted text: fenced code blocks, code spans, backslash escapes and table
 * cells, plus GitHub's habit of linking `@user`, `#123` and bare URLs even after a backslash.
 */

/** A code span found in a line, with its content as CommonMark gives it (one padding space off). */
export interface CodeSpan {
  content: string;
  /** True when the span sits in a table row, where GFM turns `\|` into `|` first. */
  inTable: boolean;
}

export interface MarkdownReading {
  /** Text outside code spans and code blocks, one entry per line; escaped characters become "·". */
  outside: string[];
  spans: CodeSpan[];
  /** Lines of fenced code blocks, without the fences. */
  codeLines: string[];
  problems: string[];
}

/** Lines the renderer writes as raw HTML; any other `<` outside code is a problem. */
const RENDERER_HTML_LINE = /^(<details>|<\/details>|<summary>[^<>]*<\/summary>)$/;
/** Inline tags the renderer writes. */
const RENDERER_TAGS = /<\/?sub>/g;

/**
 * Controls other than line feed, bidi marks and overrides, line and paragraph separators,
 * isolates, zero-width characters and the byte order mark, which a report must show escaped.
 */
export const RAW_INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern looks for raw controls.
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * Splits one line into the text outside code spans and the spans, by the CommonMark rule: a
 * backtick run that no backslash escapes opens a span, closed by the next run of the same length.
 * Escaped characters become "·" outside, except `@` and `#`, which GitHub links anyway.
 */
export function splitCodeSpans(line: string): { outside: string; spans: string[] } {
  let outside = "";
  const spans: string[] = [];
  let i = 0;
  while (i < line.length) {
    const character = line[i] as string;
    if (character === "\\" && i + 1 < line.length) {
      const escaped = line[i + 1] as string;
      outside += "@#".includes(escaped) ? escaped : "·";
      i += 2;
      continue;
    }
    if (character !== "`") {
      outside += character;
      i++;
      continue;
    }
    let runEnd = i;
    while (line[runEnd] === "`") runEnd++;
    const length = runEnd - i;
    let close = -1;
    let search = runEnd;
    while (search < line.length) {
      const found = line.indexOf("`", search);
      if (found < 0) break;
      let end = found;
      while (line[end] === "`") end++;
      if (end - found === length) {
        close = found;
        break;
      }
      search = end;
    }
    if (close < 0) {
      outside += line.slice(i, runEnd);
      i = runEnd;
      continue;
    }
    let content = line.slice(runEnd, close);
    if (content.length >= 2 && content.startsWith(" ") && content.endsWith(" ")) {
      if (content.trim() !== "") content = content.slice(1, -1);
    }
    spans.push(content);
    outside += "⟨code⟩";
    i = close + length;
  }
  return { outside, spans };
}

/** Counts the cells of a GFM table row: pipes that no backslash escapes, less the outer two. */
export function cellCount(row: string): number {
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

/**
 * Reads the Markdown and lists every structural problem: unbalanced `<details>`, an unclosed
 * code block, raw HTML other than the renderer's, a table row with the wrong cell count, an
 * unmatched backtick, and text GitHub would turn into a mention, an issue link, a URL, an
 * image or an HTML entity.
 */
export function readMarkdown(
  markdown: string,
  /** Link targets the renderer writes itself, such as the run's page. */
  ownLinks: readonly string[] = [],
): MarkdownReading {
  const reading: MarkdownReading = { outside: [], spans: [], codeLines: [], problems: [] };
  const lines = markdown.split("\n");
  let fence: { character: string; length: number } | null = null;
  let detailsDepth = 0;
  let tableCells = 0;

  lines.forEach((line, index) => {
    const where = `line ${index + 1}: ${line.slice(0, 120)}`;
    if (line.includes("\r")) reading.problems.push(`raw carriage return, ${where}`);
    if (fence !== null) {
      const match = FENCE.exec(line);
      const run = match?.[1] ?? "";
      if (
        match !== null &&
        run[0] === fence.character &&
        run.length >= fence.length &&
        (match[2] ?? "").trim() === ""
      ) {
        fence = null;
      } else {
        reading.codeLines.push(line);
      }
      return;
    }
    const opening = FENCE.exec(line);
    if (opening !== null) {
      const run = opening[1] as string;
      if (run[0] === "`" && (opening[2] ?? "").includes("`")) {
        reading.problems.push(`backticks in a fence's info string, ${where}`);
      }
      fence = { character: run[0] as string, length: run.length };
      return;
    }
    if (RENDERER_HTML_LINE.test(line)) {
      if (line === "<details>") detailsDepth++;
      if (line === "</details>") detailsDepth--;
      if (detailsDepth < 0) reading.problems.push(`</details> without <details>, ${where}`);
      tableCells = 0;
      return;
    }

    const { outside, spans } = splitCodeSpans(line);
    const inTable = line.startsWith("|");
    for (const content of spans) reading.spans.push({ content, inTable });
    reading.outside.push(outside);

    if (inTable) {
      const cells = cellCount(line);
      if (tableCells === 0) tableCells = cells;
      else if (cells !== tableCells) {
        reading.problems.push(`table row with ${cells} cells, not ${tableCells}, ${where}`);
      }
    } else {
      tableCells = 0;
    }

    let text = outside.replace(RENDERER_TAGS, "");
    for (const link of ownLinks) text = text.replaceAll(`](${link})`, "]");
    const checks: [RegExp, string][] = [
      [/</, "raw <"],
      [/`/, "unmatched backtick"],
      [/@\w/, "mention"],
      [/#\d/, "issue reference"],
      [/:\/\/|\bwww\./i, "bare URL"],
      [/\]\(|!\[/, "link or image"],
      [/&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i, "HTML entity"],
      [RAW_INVISIBLE, "invisible character"],
    ];
    for (const [pattern, problem] of checks) {
      if (pattern.test(text)) reading.problems.push(`${problem} outside code, ${where}`);
    }
  });
  if (fence !== null) reading.problems.push("a code block is not closed");
  if (detailsDepth !== 0) reading.problems.push(`${detailsDepth} <details> not closed`);
  return reading;
}

/**
 * Undoes the escapes of the report's visible form: `\n`, `\r`, `\t` and `\uXXXX`. Every backslash
 * of the visible form starts one of these, because a literal backslash is shown as `\u005c`.
 */
export function decodeVisible(text: string): string {
  return text.replace(/\\(u[0-9a-f]{4}|[nrt])/g, (_match, code: string) => {
    if (code === "n") return "\n";
    if (code === "r") return "\r";
    if (code === "t") return "\t";
    return String.fromCharCode(Number.parseInt(code.slice(1), 16));
  });
}

/** Returns the names shown in the code spans, decoded back to the original strings. */
export function namesInSpans(reading: MarkdownReading): Set<string> {
  const names = new Set<string>();
  for (const span of reading.spans) {
    const content = span.inTable ? span.content.replace(/\\\|/g, "|") : span.content;
    names.add(decodeVisible(content));
  }
  return names;
}
