import type { DiffReport } from "./model.js";

/** Spaces per nesting level of the JSON report. */
const INDENT = "  ";

/**
 * Returns a copy of `value` with the keys of every object in ascending code-unit order, so the
 * same report always serializes to the same bytes whatever order its producer built it in.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  // A null prototype keeps a key named "__proto__" an ordinary key.
  const sorted: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted;
}

/**
 * Returns the keys of `record` in the order JSON.stringify writes them after sortKeys: array-index
 * keys ("0", "1", ...) first in numeric order, because every object orders them so, then the rest
 * in code-unit order.
 */
function memberOrder(record: Record<string, unknown>): string[] {
  const order: Record<string, true> = Object.create(null);
  for (const key of Object.keys(record).sort()) order[key] = true;
  return Object.keys(order);
}

/**
 * Serializes `value` as JSON.stringify(sortKeys(value), null, 2) does, for a value nested
 * `depth` levels deep: every line after the first is indented by `depth` more levels. JSON text
 * has no raw newline inside a string, so each newline starts a new line of the layout.
 * Returns undefined for the values JSON.stringify leaves out (undefined, functions, symbols).
 */
function stringifyAt(value: unknown, depth: number): string | undefined {
  const text = JSON.stringify(sortKeys(value), null, INDENT.length);
  if (text === undefined || depth === 0) return text;
  return text.replaceAll("\n", `\n${INDENT.repeat(depth)}`);
}

/**
 * Yields the JSON report in pieces whose concatenation is exactly renderJson's output: the
 * opening brace, then each top-level member, except that a non-empty top-level array (tensors,
 * names, notes) is yielded one entry at a time. So no piece is larger than one top-level member
 * other than those arrays, or one entry of them, and a report of a million tensors never becomes
 * one string, which V8 caps near 512 MiB.
 */
export function* renderJsonChunks(report: DiffReport): Generator<string> {
  const record = report as unknown as Record<string, unknown>;
  const members: [string, unknown][] = [];
  for (const key of memberOrder(record)) {
    const value = record[key];
    // JSON.stringify leaves out members it cannot represent; stringifyAt finds which.
    if (Array.isArray(value) || stringifyAt(value, 1) !== undefined) members.push([key, value]);
  }
  if (members.length === 0) {
    yield "{}\n";
    return;
  }

  yield "{\n";
  for (const [index, [key, value]] of members.entries()) {
    const head = `${INDENT}${JSON.stringify(key)}: `;
    const separator = index < members.length - 1 ? ",\n" : "\n";
    if (!Array.isArray(value) || value.length === 0) {
      yield `${head}${stringifyAt(value, 1)}${separator}`;
      continue;
    }
    yield `${head}[\n`;
    for (let entry = 0; entry < value.length; entry++) {
      // JSON.stringify writes an entry it cannot represent as null.
      const text = stringifyAt(value[entry], 2) ?? "null";
      const comma = entry < value.length - 1 ? "," : "";
      yield `${INDENT}${INDENT}${text}${comma}\n`;
    }
    yield `${INDENT}]${separator}`;
  }
  yield "}\n";
}

/**
 * Renders the report as JSON: keys sorted at every level, 2-space indent, a final newline.
 * Strings are exact: JSON.stringify escapes only quotes, backslashes, control characters and
 * unpaired surrogates, so every tensor name parses back to the same string. The result is one
 * string, so a large report should be written from renderJsonChunks instead.
 */
export function renderJson(report: DiffReport): string {
  return [...renderJsonChunks(report)].join("");
}
