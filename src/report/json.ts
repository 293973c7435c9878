import type { DiffReport } from "./model.js";

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
 * Renders the report as JSON: keys sorted at every level, 2-space indent, a final newline.
 * Strings are exact: JSON.stringify escapes only quotes, backslashes, control characters and
 * unpaired surrogates, so every tensor name parses back to the same string.
 */
export function renderJson(report: DiffReport): string {
  return `${JSON.stringify(sortKeys(report), null, 2)}\n`;
}
