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

/** Characters of a name or value shown before it is cut, so one long value cannot flood a report. */
export const MAX_SHOWN_CHARS = 200;

const ELLIPSIS = "…";

/**
 * Characters shown as `\uXXXX`: C0 and C1 controls, DEL, the bidirectional marks, embeddings,
 * overrides and isolates (which can make text read in another order than it is stored),
 * zero-width characters, line and paragraph separators, and unpaired surrogates.
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the purpose.
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeCharacter(character: string): string {
  return SHORT_ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** Returns `value` with control, bidi and zero-width characters replaced by `\n`, `\u202e` and so on. */
function escapeInvisible(value: string): string {
  return value.replace(INVISIBLE, escapeCharacter);
}

/** A string made safe to show: invisible characters escaped, and cut when too long. */
export interface VisibleText {
  text: string;
  /** Length of the original in code points when it was cut, else null. */
  truncatedFrom: number | null;
}

/**
 * Returns a literal (a name, key or value read from a checkpoint) made visible: invisible
 * characters escaped, leading and trailing spaces shown as `\u0020`, and cut to `maxChars` code
 * points with an ellipsis. Backslashes are kept as they are, so a literal `\n` in a name reads
 * like an escaped newline; the JSON report has the exact bytes.
 */
export function visibleText(value: string, maxChars = MAX_SHOWN_CHARS): VisibleText {
  const codePoints = Array.from(value);
  const cut = codePoints.length > maxChars;
  const kept = cut ? codePoints.slice(0, maxChars).join("") : value;
  let text = escapeInvisible(kept);
  text = text.replace(/^ +| +$/g, (spaces) => "\\u0020".repeat(spaces.length));
  return { text: cut ? text + ELLIPSIS : text, truncatedFrom: cut ? codePoints.length : null };
}

/** Returns the plain-text form of a name or value, with a note when it was cut. */
export function plainText(value: string): string {
  const visible = visibleText(value);
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
 * code span. A backslash just before a pipe is shown as `\u005c` first, because `\\|` would
 * escape the backslash and leave the pipe to end the cell.
 */
function escapeTablePipes(text: string): string {
  return text.replace(/\\(?=\|)/g, "\\u005c").replace(/\|/g, "\\|");
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

/** Returns prose written by model-diff with invisible characters escaped, never cut. */
export function plainProse(value: string): string {
  return escapeInvisible(value);
}
