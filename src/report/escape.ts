/**
 * Escaping of untrusted strings (tensor names, metadata keys and values, checkpoint references,
 * classifier sentences) for the text and Markdown reports.
 *
 * A checkpoint is input from anyone, and the Markdown report lands in a pull-request comment. So a
 * name must not end a table cell, open an HTML element, make a link or an image, or mention a user
 * or an issue. Names and values are shown as code spans, where GitHub renders
 * text literally; prose is shown with Markdown punctuation escaped and with `@`, `#` and URL
 * prefixes put in code spans, because GitHub links mentions, issue numbers and bare URLs found in
 * plain text even after a backslash escape.
 */

import { escapeInvisible, MAX_SHOWN_CHARS, visibleText } from "../visible-text.js";

export { MAX_SHOWN_CHARS, type VisibleText, visibleText } from "../visible-text.js";

/**
 * Returns the plain-text form of a name or value, cut to `maxChars` code points, with a note
 * when it was cut.
 */
export function plainText(value: string, maxChars = MAX_SHOWN_CHARS): string {
  const visible = visibleText(value, maxChars);
  return visible.truncatedFrom === null
    ? visible.text
    : `${visible.text} (cut from ${visible.truncatedFrom} characters)`;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/**
 * Wraps already visible text in a code span whose fence is longer than any backtick run inside
 * it. A space pads each side when the text starts or ends with a backtick, because CommonMark
 * strips one such space from each side.
 */
function wrapCodeSpan(text: string): string {
  if (text === "") return "(empty)";
  const fence = "`".repeat(longestBacktickRun(text) + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Makes a cell safe for a GFM table: `|` becomes `\|`, which GFM turns back into `|` even inside a
 * code span. Visible text never has a backslash of its own before a pipe (a literal backslash is
 * shown as `\u005c`), so no pipe can be left unescaped.
 */
function escapeTablePipes(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** Returns a name or value as a Markdown code span, with a plain note when it was cut. */
export function markdownCode(value: string): string {
  const visible = visibleText(value);
  const span = wrapCodeSpan(visible.text);
  return visible.truncatedFrom === null
    ? span
    : `${span} (cut from ${visible.truncatedFrom} characters)`;
}

/** Returns a name or value as a code span that is safe inside a GFM table cell. */
export function markdownCodeCell(value: string): string {
  const visible = visibleText(value);
  const span = wrapCodeSpan(escapeTablePipes(visible.text));
  return visible.truncatedFrom === null
    ? span
    : `${span} (cut from ${visible.truncatedFrom} characters)`;
}

/**
 * ASCII punctuation that starts or ends Markdown or HTML constructs inline. Parentheses and `!`
 * need no escape once `[` and `]` are escaped, because links and images start with a bracket.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]<>|~&]/g;

/** Text that GitHub links even when escaped: mentions, issue numbers, and bare URLs. */
const AUTOLINK_TRIGGERS = /[@#]|:\/\/|\bwww\./gi;

/**
 * Returns prose (a classifier sentence, a note, a warning) as Markdown that renders as the same
 * text: punctuation is backslash-escaped, `@`, `#`, `://` and `www.` go into code spans so that
 * GitHub links nothing, and a leading `- `, `+ `, `=` or `1. ` cannot start a list or heading.
 * The text is not cut, because model-diff writes it. The result is also safe in a table cell.
 */
export function markdownInline(value: string): string {
  const visible = escapeInvisible(value);
  const pieces: string[] = [];
  let last = 0;
  for (const match of visible.matchAll(AUTOLINK_TRIGGERS)) {
    const start = match.index ?? 0;
    pieces.push(escapePunctuation(visible.slice(last, start)), `\`${match[0]}\``);
    last = start + match[0].length;
  }
  pieces.push(escapePunctuation(visible.slice(last)));
  return protectLineStart(pieces.join(""));
}

function escapePunctuation(text: string): string {
  return text.replace(MARKDOWN_PUNCTUATION, (character) => `\\${character}`);
}

/** Escapes a list marker (`- `, `+ `, `1. `) or setext underline (`=`) at the start of the text. */
function protectLineStart(text: string): string {
  if (/^([-+](\s|$)|=)/.test(text)) return `\\${text}`;
  return text.replace(/^(\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
}

/**
 * Returns a fenced code block of `lines`, whose fence is longer than any backtick run in them, so
 * no line can close it early. Invisible characters, carriage returns and line breaks inside a
 * line are shown as escapes, so each entry stays one line of the block.
 */
export function markdownCodeBlock(lines: readonly string[], info = "text"): string {
  const shown = lines.map(escapeInvisible);
  const fence = "`".repeat(Math.max(3, longestBacktickRun(shown.join("\n")) + 1));
  return [`${fence}${info}`, ...shown, fence].join("\n");
}

/** Returns prose written by model-diff with invisible characters escaped, never cut. */
export function plainProse(value: string): string {
  return escapeInvisible(value);
}
