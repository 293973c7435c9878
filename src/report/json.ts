import type { DiffReport } from "./model.js";

/** Spaces per nesting level of the JSON report. */
const INDENT = "  ";

/**
 * Returns the keys of `record` in the order the JSON report writes them: array-index keys ("0",
 * "1", ...) first in numeric order, then the rest in ascending code-unit order. That is the order
 * of JSON.stringify on a copy whose keys were inserted sorted, because every object orders
 * array-index keys so. Sorted keys make the same report serialize to the same bytes whatever
 * order its producer built it in.
 */
function memberOrder(record: object): string[] {
  const order: Record<string, true> = Object.create(null);
  for (const key of Object.keys(record).sort()) order[key] = true;
  return Object.keys(order);
}

/** Returns whether two key lists are equal, element by element. */
function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Serializes values as JSON.stringify does with a 2-space indent, on a copy of the value whose
 * objects have their keys in memberOrder, but without making the copy. The entries of a report's
 * arrays share their keys, so the writer keeps the last key order seen at each nesting depth and
 * reuses it while the keys stay the same. A key order is then sorted once per array, not per entry.
 * NOTE: an own toJSON method is left out as a function member, where JSON.stringify would call
 * it. Reports are plain data and have none.
 */
class SortedJsonWriter {
  /** The last key order seen at each depth, with the text written before each member's value. */
  private readonly orders: { keys: string[]; sorted: string[]; prefixes: string[] }[] = [];

  /**
   * Returns the JSON of `value` for a value nested `depth` levels deep, so every line after the
   * first is indented by `depth` more levels, or undefined for the values JSON.stringify leaves
   * out (undefined, functions, symbols).
   */
  stringify(value: unknown, depth: number): string | undefined {
    switch (typeof value) {
      case "string":
        return JSON.stringify(value);
      case "number":
        return Number.isFinite(value) ? String(value) : "null";
      case "boolean":
        return value ? "true" : "false";
      case "undefined":
      case "function":
      case "symbol":
        return undefined;
      case "object":
        if (value === null) return "null";
        return Array.isArray(value) ? this.array(value, depth) : this.object(value, depth);
      default:
        // A bigint: JSON.stringify throws its TypeError.
        return JSON.stringify(value);
    }
  }

  private array(values: readonly unknown[], depth: number): string {
    if (values.length === 0) return "[]";
    const separator = `,\n${indentOf(depth + 1)}`;
    let text = `[\n${indentOf(depth + 1)}${this.stringify(values[0], depth + 1) ?? "null"}`;
    for (let i = 1; i < values.length; i++) {
      text += `${separator}${this.stringify(values[i], depth + 1) ?? "null"}`;
    }
    return `${text}\n${indentOf(depth)}]`;
  }

  private object(record: object, depth: number): string {
    const order = this.keyOrder(record, depth);
    const values = record as Record<string, unknown>;
    let text = "";
    for (let i = 0; i < order.sorted.length; i++) {
      const member = this.stringify(values[order.sorted[i] as string], depth + 1);
      if (member === undefined) continue;
      // Each prefix starts with the comma that separates it from the member before.
      text +=
        text === ""
          ? `{${(order.prefixes[i] as string).slice(1)}${member}`
          : `${order.prefixes[i]}${member}`;
    }
    return text === "" ? "{}" : `${text}\n${indentOf(depth)}}`;
  }

  private keyOrder(record: object, depth: number): { sorted: string[]; prefixes: string[] } {
    const keys = Object.keys(record);
    const last = this.orders[depth];
    if (last !== undefined && sameKeys(keys, last.keys)) return last;
    const sorted = memberOrder(record);
    const indent = indentOf(depth + 1);
    const prefixes = sorted.map((key) => `,\n${indent}${JSON.stringify(key)}: `);
    const order = { keys, sorted, prefixes };
    this.orders[depth] = order;
    return order;
  }
}

/** Indents of the first nesting levels, so the common ones are not built again for each value. */
const INDENTS = Array.from({ length: 8 }, (_, depth) => INDENT.repeat(depth));

function indentOf(depth: number): string {
  return INDENTS[depth] ?? INDENT.repeat(depth);
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
  const writer = new SortedJsonWriter();
  const stringifyAt = (value: unknown, depth: number) => writer.stringify(value, depth);
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
