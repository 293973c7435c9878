/**
 * The shard index of a sharded checkpoint (`model.safetensors.index.json`, or a variant such as
 * `diffusion_pytorch_model.safetensors.index.json`):
 * `{"metadata": {...}, "weight_map": {tensor name: shard file name}}`, and its consistency with
 * the headers of the shards it names.
 */

import path from "node:path";
import { FormatError } from "../errors.js";
import type { ByteSource } from "../io/byte-source.js";
import { quoteForMessage, shownValue, visibleText } from "../visible-text.js";
import { isCompleteScan, scanJsonObject } from "./json-scan.js";
import { DEFAULT_LIMITS, type Limits, limitError } from "./limits.js";

export interface ShardIndex {
  /** The index's `metadata` object (often `{total_size}`); absent or null gives `{}`. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Tensor name to shard file name, relative to the index's folder. */
  readonly weightMap: ReadonlyMap<string, string>;
  /** Shard file names in order of first appearance in weight_map. */
  readonly shards: readonly string[];
  /** Tensor names mapped to each shard, in weight_map order. */
  readonly tensorsByShard: ReadonlyMap<string, readonly string[]>;
}

/** Shard-level problems listed in one error before the rest are only counted. */
const MAX_LISTED_PROBLEMS = 20;

/**
 * Characters of listed problems in one error before the rest are only counted, so an index full
 * of long hostile names still gives a message of a few KB.
 */
const MAX_LISTED_CHARS = 3000;

/** Names listed in one problem (tensors of a shard, duplicate keys) before the rest are counted. */
const MAX_LISTED_NAMES = 5;

const SHARD_SUFFIX = ".safetensors";

const REDOWNLOAD_CHECKPOINT =
  "Re-download the checkpoint, or re-save it so that the index and the shards agree.";

/** Reads and parses an index, checking its size against `limits.maxIndexBytes` before reading. */
export async function readShardIndex(
  source: ByteSource,
  limits: Limits = DEFAULT_LIMITS,
): Promise<ShardIndex> {
  if (source.size > limits.maxIndexBytes) {
    throw limitError(
      source.name,
      "maxIndexBytes",
      limits,
      `the index has ${plural(source.size, "byte")}`,
    );
  }
  const bytes = new Uint8Array(source.size);
  await source.read(0, bytes.byteLength, bytes);
  return parseShardIndex(bytes, source.name, limits);
}

/** Parses index bytes; rejects shard names that could leave the index's folder. */
export function parseShardIndex(
  bytes: Uint8Array,
  fileName: string,
  limits: Limits = DEFAULT_LIMITS,
): ShardIndex {
  const file = fileName;
  if (bytes.byteLength > limits.maxIndexBytes) {
    throw limitError(
      file,
      "maxIndexBytes",
      limits,
      `the index has ${plural(bytes.byteLength, "byte")}`,
    );
  }
  const shownFile = quoteForMessage(file);
  const fix = "Re-download the index, or pass one shard file instead.";

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new FormatError(file, `${shownFile}: the shard index is not valid UTF-8. ${fix}`);
  }
  // The scan runs first, so JSON nested deeper than the limit is rejected before it is parsed.
  const scan = scanJsonObject(text, limits.maxJsonDepth);
  if (scan && "tooDeep" in scan) {
    const { key, depth } = scan.tooDeep;
    const where = key === undefined ? "the index" : `the value of ${quoteForMessage(key)}`;
    throw limitError(file, "maxJsonDepth", limits, `${where} reaches JSON nesting depth ${depth}`);
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    const reason = visibleText((error as Error).message).text;
    throw new FormatError(
      file,
      `${shownFile}: the shard index is not valid JSON (${reason}). ${fix}`,
    );
  }
  if (typeof root !== "object" || root === null || Array.isArray(root)) {
    throw new FormatError(file, `${shownFile}: the shard index must be a JSON object. ${fix}`);
  }
  const index = root as Record<string, unknown>;
  const weightMapValue = index.weight_map;
  if (
    typeof weightMapValue !== "object" ||
    weightMapValue === null ||
    Array.isArray(weightMapValue)
  ) {
    throw new FormatError(
      file,
      `${shownFile}: the shard index has no \`weight_map\` object mapping tensor names to shard files. ${fix}`,
    );
  }
  const metadataValue = index.metadata ?? {};
  if (typeof metadataValue !== "object" || Array.isArray(metadataValue)) {
    throw new FormatError(file, `${shownFile}: the index's \`metadata\` must be an object. ${fix}`);
  }

  const duplicates = (isCompleteScan(scan) ? scan.duplicates : []).filter(
    (duplicate) => duplicate.parent === "weight_map",
  );
  if (duplicates.length > 0) {
    const names = listNames(duplicates.map((duplicate) => duplicate.key));
    throw new FormatError(
      file,
      `${shownFile}: weight_map maps ${names} more than once, so the owning shard is ambiguous. ${fix}`,
    );
  }

  const entries = Object.entries(weightMapValue as Record<string, unknown>);
  if (entries.length === 0) {
    throw new FormatError(file, `${shownFile}: the index's weight_map is empty. ${fix}`);
  }
  if (entries.length > limits.maxTensorCount) {
    throw limitError(
      file,
      "maxTensorCount",
      limits,
      `weight_map lists ${plural(entries.length, "tensor")}`,
    );
  }

  const indexName = path.basename(file);
  const invalid: string[] = [];
  const weightMap = new Map<string, string>();
  const tensorsByShard = new Map<string, string[]>();
  // Each shard contains many tensors, so each distinct shard name is checked once.
  const reasons = new Map<string, string | undefined>();
  for (const [tensor, shard] of entries) {
    let reason: string | undefined = "is not a string";
    if (typeof shard === "string") {
      if (reasons.has(shard)) reason = reasons.get(shard);
      else {
        reason = invalidShardNameReason(shard, indexName);
        reasons.set(shard, reason);
      }
    }
    if (reason !== undefined) {
      invalid.push(`${quoteForMessage(tensor)} -> ${shownValue(shard)} ${reason}`);
      continue;
    }
    const shardName = shard as string;
    weightMap.set(tensor, shardName);
    const list = tensorsByShard.get(shardName);
    if (list) list.push(tensor);
    else tensorsByShard.set(shardName, [tensor]);
  }
  if (invalid.length > 0) {
    throw new FormatError(
      file,
      `${shownFile}: weight_map has ${plural(invalid.length, "invalid shard file name")}:\n` +
        `${listLines(invalid)}\nEach shard must be a \`.safetensors\` file in the index's folder, named by a ` +
        `relative path without \`..\`, backslashes or percent-encoding, also after Unicode NFKC normalization. ${fix}`,
    );
  }
  if (tensorsByShard.size > limits.maxShardCount) {
    throw limitError(
      file,
      "maxShardCount",
      limits,
      `weight_map names ${plural(tensorsByShard.size, "shard file")}`,
    );
  }
  return {
    metadata: { ...(metadataValue as Record<string, unknown>) },
    weightMap,
    shards: [...tensorsByShard.keys()],
    tensorsByShard,
  };
}

/**
 * Returns why a weight_map value cannot be a shard of the index named `indexName`: a name that
 * could resolve outside the index's folder, the index itself, or a file that is not
 * `.safetensors`. Returns undefined for a valid shard name.
 */
export function invalidShardNameReason(name: string, indexName: string): string | undefined {
  const unsafe = unsafeShardNameReason(name);
  if (unsafe !== undefined) return unsafe;
  if (name === indexName) return "is the index file itself";
  if (!name.endsWith(SHARD_SUFFIX)) return `does not end in \`${SHARD_SUFFIX}\``;
  return undefined;
}

/**
 * Returns why a shard name could resolve outside the index's folder, or undefined when safe.
 * Any percent-escape is rejected, because a server that decodes twice turns `%252e` into `.`.
 * The NFKC form is checked too. NFKC turns characters such as U+FF0E (fullwidth full stop) and
 * U+FF3C (fullwidth reverse solidus) into `.` and `\`. A server or file system that normalizes
 * names to NFKC would read them as dot segments and separators.
 */
export function unsafeShardNameReason(name: string): string | undefined {
  if (name === "") return "is empty";
  if (/%[0-9A-Fa-f]{2}/.test(name)) return "contains a percent-encoded character";
  const raw = unsafePathReason(name);
  if (raw !== undefined) return raw;
  const normalized = unsafePathReason(name.normalize("NFKC"));
  if (normalized !== undefined) {
    return normalized.replace(
      /^(contains|is|starts with) /,
      "$1, after Unicode NFKC normalization, ",
    );
  }
  return undefined;
}

function unsafePathReason(name: string): string | undefined {
  if (name.includes("\0")) return "contains a NUL character";
  if (name.includes("\\")) return "contains a backslash";
  if (name.startsWith("/")) return "is an absolute path";
  if (/^[A-Za-z]:/.test(name)) return "starts with a drive letter";
  if (name.split("/").some((segment) => segment === "" || segment === "." || segment === ".."))
    return "contains an empty, `.` or `..` path segment";
  return undefined;
}

/**
 * Throws when shards named by the index are not on disk, before any shard is opened.
 * `missing` lists the absent shard names.
 */
export function assertShardsPresent(
  index: ShardIndex,
  indexName: string,
  missing: readonly string[],
): void {
  if (missing.length === 0) return;
  const lines = missing.map((shard) => {
    const tensors = index.tensorsByShard.get(shard) ?? [];
    const shown = `${plural(tensors.length, "tensor")}: ${listNames(tensors)}`;
    return `${quoteForMessage(shard)} is named by the index (${shown}) but missing`;
  });
  const body =
    lines.length === 1 ? (lines[0] as string) : `${lines.length} shards:\n${listLines(lines)}\n`;
  throw new FormatError(
    indexName,
    `${quoteForMessage(indexName)}: checkpoint incomplete: ${body}${lines.length === 1 ? ". " : ""}` +
      "Re-download the checkpoint, including every shard the index names.",
  );
}

/**
 * Checks the shard headers against the index and throws one FormatError listing every
 * inconsistency. `shardTensors` maps each shard name to the tensor names in its header.
 * Tensors found in a shard but absent from weight_map alone give warnings, which are returned.
 */
export function checkShardConsistency(
  index: ShardIndex,
  indexName: string,
  shardTensors: ReadonlyMap<string, readonly string[]>,
): string[] {
  const errors: string[] = [];
  const unlisted: string[] = [];

  const shardsByTensor = new Map<string, string[]>();
  for (const [shard, names] of shardTensors) {
    for (const name of names) {
      const shards = shardsByTensor.get(name);
      if (shards) shards.push(shard);
      else shardsByTensor.set(name, [shard]);
    }
  }

  for (const [tensor, shard] of index.weightMap) {
    const holders = shardsByTensor.get(tensor) ?? [];
    if (!holders.includes(shard)) {
      const elsewhere = holders.length > 0 ? `; it is in ${listNames(holders)}` : "";
      errors.push(
        `${quoteForMessage(tensor)} is mapped to ${quoteForMessage(shard)} but missing from that shard's header${elsewhere}`,
      );
    }
  }
  for (const [tensor, shards] of shardsByTensor) {
    if (shards.length > 1) {
      errors.push(
        `${quoteForMessage(tensor)} is defined in ${shards.length} shards: ${listNames(shards)}`,
      );
    }
    if (!index.weightMap.has(tensor)) {
      unlisted.push(
        `${quoteForMessage(tensor)} is in ${listNames(shards)} but absent from the index's weight_map`,
      );
    }
  }

  if (errors.length === 0) {
    const shownIndex = quoteForMessage(indexName);
    return unlisted.map((text) => `${shownIndex}: ${text}; it is compared like the other tensors.`);
  }
  const all = [...errors, ...unlisted];
  throw new FormatError(
    indexName,
    `${quoteForMessage(indexName)}: the index and the shard headers disagree (${plural(all.length, "problem")}):\n${listLines(all)}\n${REDOWNLOAD_CHECKPOINT}`,
  );
}

/** Formats lines as a list: at most MAX_LISTED_PROBLEMS lines and about MAX_LISTED_CHARS characters. */
function listLines(lines: readonly string[]): string {
  const shown: string[] = [];
  let shownChars = 0;
  for (const line of lines) {
    if (shown.length === MAX_LISTED_PROBLEMS) break;
    if (shown.length > 0 && shownChars + line.length > MAX_LISTED_CHARS) break;
    shown.push(`  - ${line}`);
    shownChars += line.length;
  }
  const rest = lines.length - shown.length;
  if (rest > 0) shown.push(`  - and ${rest} more`);
  return shown.join("\n");
}

/** Lists names quoted and escaped, the first MAX_LISTED_NAMES of them, then a count of the rest. */
function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED_NAMES).map((name) => quoteForMessage(name));
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

/** Returns "1 tensor", "2 tensors" and so on; `noun` is the singular and takes a plain "s". */
function plural(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}
