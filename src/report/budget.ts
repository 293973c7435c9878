import type { GateResult } from "./gates.js";
import {
  type MarkdownLayout,
  NOTES_TITLE,
  optionalSectionTitles,
  renderMarkdown,
} from "./markdown.js";
import type { DiffReport } from "./model.js";

/**
 * Fits the Markdown report under a size limit by cutting the least important parts first: long
 * tables are cut to their first rows, then whole sections are left out one at a time.
 */

/** GitHub rejects a comment body longer than this with 422 "Body is too long". */
export const COMMENT_MAX_CHARS = 65_536;

/**
 * GitHub does not show a job summary of a step that writes 1 MiB or more, and adds an error
 * annotation instead.
 */
export const SUMMARY_MAX_BYTES = 1_048_576;

/** Rows a cut table keeps. */
export const CUT_TABLE_ROWS = 25;

/**
 * Optional sections, least important first. A section not listed here (one added after this list
 * was written) is left out before all of these.
 */
const LEAST_IMPORTANT_FIRST = [
  "Top tensors by max |delta|",
  "Metadata changes",
  "Recast tensors",
  "Renamed tensors",
  "Module kinds",
  "Top tensors by relative change",
  "Layers",
  "Reshaped tensors",
  "Removed tensors",
  "Added tensors",
  NOTES_TITLE,
];

/** The parts a shortened report left out. */
export interface Cut {
  /** Rows each table was cut to, or null when no table was cut. */
  maxTableRows: number | null;
  /** Titles of the sections left out, in the order they were dropped. */
  omitted: string[];
  /** True when even the shortest layout was too long and the text was cut at the limit. */
  truncated: boolean;
}

export interface FittedMarkdown {
  markdown: string;
  /** Null when the full report fits. */
  cut: Cut | null;
}

export interface FitOptions {
  top: number;
  gates: readonly GateResult[];
  /** Largest size allowed, in the unit of `measure`. */
  limit: number;
  /** Size of a text: characters for a comment, UTF-8 bytes for a job summary. */
  measure: (text: string) => number;
  /** Returns the Markdown sentence that names what was cut and where the full report is. */
  notice: (cut: Cut) => string;
}

/** Returns the UTF-8 size of a text in bytes. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** Returns the optional sections of a report in the order they are left out. */
export function dropOrder(titles: readonly string[]): string[] {
  const rank = (title: string): number => LEAST_IMPORTANT_FIRST.indexOf(title);
  return [...titles].sort((a, b) => rank(a) - rank(b));
}

/**
 * Returns the longest form of the report whose size is at most `options.limit`: the full report
 * when it fits, else a shortened one that starts with the notice. Every result fits the limit.
 */
export function fitMarkdown(report: DiffReport, options: FitOptions): FittedMarkdown {
  const render = (layout?: MarkdownLayout): string =>
    renderMarkdown(report, { top: options.top, gates: options.gates, layout });
  const fits = (text: string): boolean => options.measure(text) <= options.limit;

  const full = render();
  if (fits(full)) return { markdown: full, cut: null };

  const toDrop = dropOrder(optionalSectionTitles(report, options.top));
  const omitted: string[] = [];
  let text = "";
  // The first pass cuts tables only; each later pass leaves out one more section.
  for (let dropped = 0; dropped <= toDrop.length; dropped++) {
    if (dropped > 0) omitted.push(toDrop[dropped - 1] as string);
    const cut: Cut = { maxTableRows: CUT_TABLE_ROWS, omitted: [...omitted], truncated: false };
    text = render({
      maxTableRows: CUT_TABLE_ROWS,
      omit: new Set(omitted),
      notice: options.notice(cut),
    });
    if (fits(text)) return { markdown: text, cut };
  }
  return truncate(text, options, omitted);
}

/**
 * Cuts the shortest layout at the limit. Only reached when the always-kept parts alone are too
 * long, which takes a limit far below GitHub's.
 */
function truncate(text: string, options: FitOptions, omitted: string[]): FittedMarkdown {
  const cut: Cut = { maxTableRows: CUT_TABLE_ROWS, omitted, truncated: true };
  const tail = `\n\n${options.notice(cut)}\n`;
  let keep = Math.max(
    0,
    text.length - (options.measure(text) - options.limit) - options.measure(tail),
  );
  while (keep > 0) {
    const markdown = cutAtLine(text, keep, tail);
    if (options.measure(markdown) <= options.limit) return { markdown, cut };
    keep = Math.floor(keep * 0.9);
  }
  const markdown = cutAtLine(text, 0, tail);
  return { markdown: options.measure(markdown) <= options.limit ? markdown : "", cut };
}

/**
 * Returns the whole lines of `text` that start within its first `keep` characters, then the
 * lines that close a code block or `<details>` left open there, then `tail`. Cutting at a line
 * break keeps a table row or a code span whole, and the closing lines keep the notice in `tail`
 * from being shown as code or folded away.
 */
function cutAtLine(text: string, keep: number, tail: string): string {
  const lineEnd = text.lastIndexOf("\n", keep);
  const head = lineEnd > 0 ? text.slice(0, lineEnd) : "";
  return `${head}${closingLines(head)}${tail}`;
}

/** Returns the lines that close the code block and the `<details>` blocks open at the end. */
function closingLines(markdown: string): string {
  let fence: string | null = null;
  let openDetails = 0;
  for (const line of markdown.split("\n")) {
    if (fence !== null) {
      if (line === fence) fence = null;
      continue;
    }
    const opening = /^(`{3,})/.exec(line);
    if (opening !== null) fence = opening[1] as string;
    else if (line === "<details>") openDetails++;
    else if (line === "</details>") openDetails = Math.max(0, openDetails - 1);
  }
  return (fence === null ? "" : `\n${fence}`) + "\n</details>".repeat(openDetails);
}
