/**
 * Untrusted text (tensor names, metadata, paths, header excerpts) made safe to show in a report or
 * an error message. Invisible and look-alike characters are escaped and long values are cut, so a
 * checkpoint cannot forge output lines, reorder text or flood a terminal.
 */

/** Characters of a name or value shown before it is cut, so one long value cannot flood a report. */
export const MAX_SHOWN_CHARS = 200;

const ELLIPSIS = "…";

/**
 * Characters shown as `\uXXXX`: C0 and C1 controls, DEL, the bidirectional marks, embeddings,
 * overrides and isolates (which can make text read in another order than it is stored),
 * zero-width characters, spaces other than U+0020 (which look like it), line and paragraph
 * separators, and unpaired surrogates.
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the purpose.
  /[\u0000-\u001f\u007f-\u00a0\u061c\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2069\u3000\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeCharacter(character: string): string {
  return SHORT_ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** Returns `value` with control, bidi and zero-width characters replaced by `\n`, `\u202e` and so on. */
export function escapeInvisible(value: string): string {
  return value.replace(INVISIBLE, escapeCharacter);
}

/** A string made safe to show: invisible characters escaped, and cut when too long. */
export interface VisibleText {
  text: string;
  /** Length of the original in code points when it was cut, else null. */
  truncatedFrom: number | null;
}

/**
 * Returns a literal (a name, key or value read from a checkpoint) made visible: backslashes and
 * invisible characters escaped, leading and trailing spaces shown as `\u0020`, and cut to `maxChars` code
 * points with an ellipsis. The JSON report has the exact bytes.
 */
export function visibleText(value: string, maxChars = MAX_SHOWN_CHARS): VisibleText {
  const cut = cutToCodePoints(value, maxChars);
  // A literal backslash is escaped first, so every backslash shown starts an escape.
  let text = escapeInvisible(cut.text.replace(/\\/g, "\\u005c"));
  text = text.replace(/^ +| +$/g, (spaces) => "\\u0020".repeat(spaces.length));
  return {
    text: cut.truncatedFrom === null ? text : text + ELLIPSIS,
    truncatedFrom: cut.truncatedFrom,
  };
}

/**
 * Returns the first `maxChars` code points of `value`, so that a cut never splits a surrogate
 * pair, with the length of `value` in code points when it was cut. No ellipsis is added.
 */
export function cutToCodePoints(value: string, maxChars: number): VisibleText {
  // A string has at least as many UTF-16 units as code points, so a short one is never cut.
  if (value.length <= maxChars) return { text: value, truncatedFrom: null };
  const codePoints = Array.from(value);
  if (codePoints.length <= maxChars) return { text: value, truncatedFrom: null };
  return { text: codePoints.slice(0, maxChars).join(""), truncatedFrom: codePoints.length };
}

/**
 * Returns `value` as a double-quoted literal for an error message, escaped and cut like a name,
 * with each `"` inside shown as `\"`. A backslash in the value is shown as `\u005c`, so `\"`
 * always stands for a quote.
 */
export function quoteForMessage(value: string, maxChars = MAX_SHOWN_CHARS): string {
  const visible = visibleText(value, maxChars);
  const text = visible.text.replace(/"/g, '\\"');
  const cut =
    visible.truncatedFrom === null ? "" : ` (cut from ${visible.truncatedFrom} characters)`;
  return `"${text}"${cut}`;
}

/**
 * Shows a value read from a file in a message. A string is quoted by quoteForMessage. Anything else
 * is shown as its JSON text, cut to MAX_SHOWN_CHARS code points, with invisible characters escaped.
 */
export function shownValue(value: unknown): string {
  if (typeof value === "string") return quoteForMessage(value);
  const cut = cutToCodePoints(JSON.stringify(value) ?? String(value), MAX_SHOWN_CHARS);
  return escapeInvisible(cut.truncatedFrom === null ? cut.text : cut.text + ELLIPSIS);
}
