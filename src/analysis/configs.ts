/**
 * Differences in the non-weight files that travel with a checkpoint: config.json (architecture
 * fields, dtype, vocabulary size, RoPE settings), generation_config.json, tokenizer_config.json
 * (chat template, special tokens) and tokenizer.json (vocabulary size, added tokens).
 */

import { cutToCodePoints } from "../visible-text.js";

/** Files read beside the weights, by name. */
export const COMPANION_FILES = [
  "config.json",
  "generation_config.json",
  "tokenizer_config.json",
  "tokenizer.json",
] as const;

/** One changed field of a companion file. */
export interface ConfigChange {
  file: string;
  key: string;
  /** The value as text (JSON for non-strings), or null when absent on that side. */
  base: string | null;
  head: string | null;
  /** Whether the field describes the architecture (layer count, widths, heads, vocabulary). */
  architectural: boolean;
}

/** config.json fields that define the architecture. */
const ARCHITECTURE_FIELDS = new Set([
  "architectures",
  "model_type",
  "hidden_size",
  "intermediate_size",
  "num_hidden_layers",
  "num_attention_heads",
  "num_key_value_heads",
  "head_dim",
  "vocab_size",
  "tie_word_embeddings",
  "num_experts",
  "num_local_experts",
]);

/**
 * Maximum code points kept of a value, because a chat template can run to kilobytes. A cut value
 * ends with "… (N characters)". With N below 10^9 the whole is at most MAX_SHOWN_CHARS code points,
 * so the report shows the value and its length without cutting it again.
 */
export const MAX_VALUE_CHARS = 160;

function textOf(value: unknown): string | null {
  if (value === undefined) return null;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const cut = cutToCodePoints(text, MAX_VALUE_CHARS);
  return cut.truncatedFrom === null ? text : `${cut.text}… (${cut.truncatedFrom} characters)`;
}

function parseObject(text: string | undefined): Record<string, unknown> | null | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Summary fields of tokenizer.json: vocabulary size and added tokens. */
function tokenizerSummary(tokenizer: Record<string, unknown>): Record<string, unknown> {
  const model = tokenizer.model as { vocab?: unknown } | undefined;
  const vocab = model?.vocab;
  let vocabularySize: number | null = null;
  if (Array.isArray(vocab)) vocabularySize = vocab.length;
  else if (vocab !== null && typeof vocab === "object") vocabularySize = Object.keys(vocab).length;
  const added = Array.isArray(tokenizer.added_tokens) ? tokenizer.added_tokens : [];
  const addedContents = added
    .map((token) => (token as { content?: unknown }).content)
    .filter((content): content is string => typeof content === "string");
  return {
    vocabulary_size: vocabularySize,
    added_tokens: addedContents.length,
    added_token_contents: addedContents,
  };
}

/**
 * Returns the value of an own property, or undefined. A key from a file such as "constructor" or
 * "toString" would otherwise read the function that every object inherits.
 */
function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function compareRecords(
  file: string,
  base: Record<string, unknown>,
  head: Record<string, unknown>,
  keys: Iterable<string>,
): ConfigChange[] {
  const changes: ConfigChange[] = [];
  for (const key of [...new Set(keys)].sort()) {
    const baseValue = ownValue(base, key);
    const headValue = ownValue(head, key);
    const a = textOf(baseValue);
    const b = textOf(headValue);
    const same = JSON.stringify(baseValue) === JSON.stringify(headValue);
    if (!same) {
      changes.push({
        file,
        key,
        base: a,
        head: b,
        architectural: file === "config.json" && ARCHITECTURE_FIELDS.has(key),
      });
    }
  }
  return changes;
}

/**
 * Returns the changed fields of the companion files present on both sides, file by file in
 * COMPANION_FILES order, keys sorted. A file present on one side only is one change with key
 * "(file)". A file that is not a JSON object compares as its whole text. Files in `leftOut`,
 * present on a side but not read, are skipped.
 */
export function diffCompanions(
  base: ReadonlyMap<string, string> | undefined,
  head: ReadonlyMap<string, string> | undefined,
  leftOut: ReadonlySet<string> = new Set(),
): ConfigChange[] {
  if (!base || !head) return [];
  const changes: ConfigChange[] = [];
  for (const file of COMPANION_FILES) {
    // A file left out on one side (too large, unreadable) is compared on neither.
    if (leftOut.has(file)) continue;
    const baseText = base.get(file);
    const headText = head.get(file);
    if (baseText === undefined && headText === undefined) continue;
    if (baseText === undefined || headText === undefined) {
      changes.push({
        file,
        key: "(file)",
        base: baseText === undefined ? null : "present",
        head: headText === undefined ? null : "present",
        architectural: false,
      });
      continue;
    }
    if (baseText === headText) continue;
    const a = parseObject(baseText);
    const b = parseObject(headText);
    if (!a || !b) {
      changes.push({
        file,
        key: "(text)",
        base: textOf(baseText),
        head: textOf(headText),
        architectural: false,
      });
      continue;
    }
    if (file === "tokenizer.json") {
      const summaryA = tokenizerSummary(a);
      const summaryB = tokenizerSummary(b);
      changes.push(...compareRecords(file, summaryA, summaryB, Object.keys(summaryA)));
    } else {
      changes.push(...compareRecords(file, a, b, [...Object.keys(a), ...Object.keys(b)]));
    }
  }
  return changes;
}
