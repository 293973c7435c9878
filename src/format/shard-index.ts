/**
 * The shard index of a sharded checkpoint (`model.safetensors.index.json`, or a variant such as
 * `diffusion_pytorch_model.safetensors.index.json`):
 * `{"metadata": {...}, "weight_map": {tensor name: shard file name}}`, and its consistency with
 * the headers of the shards it names.
 */

import { FormatError } from "../errors.js";
import type { ByteSource } from "../io/byte-source.js";
import { scanJsonObject } from "./json-scan.js";
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

const REDOWNLOAD_CHECKPOINT =
  "Re-download the checkpoint, or re-save it so that the index and the shards agree.";

/** Reads and parses an index, checking its size against `limits.maxIndexBytes` before reading. */
export async function readShardIndex(
  source: ByteSource,
  limits: Limits = DEFAULT_LIMITS,
): Promise<ShardIndex> {
  if (source.size > limits.maxIndexBytes) {
    throw limitError(source.name, "maxIndexBytes", limits, `the index has ${source.size} bytes`);
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
    throw limitError(file, "maxIndexBytes", limits, `the index has ${bytes.byteLength} bytes`);
  }
  const fix = "Re-download the index, or pass one shard file instead.";

  let text: string;
  let root: unknown;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    root = JSON.parse(text);
  } catch (error) {
    throw new FormatError(
      file,
      `${file}: the shard index is not valid UTF-8 JSON (${(error as Error).message}). ${fix}`,
    );
  }
  if (typeof root !== "object" || root === null || Array.isArray(root)) {
    throw new FormatError(file, `${file}: the shard index must be a JSON object. ${fix}`);
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
      `${file}: the shard index has no \`weight_map\` object mapping tensor names to shard files. ${fix}`,
    );
  }
  const metadataValue = index.metadata ?? {};
  if (typeof metadataValue !== "object" || Array.isArray(metadataValue)) {
    throw new FormatError(file, `${file}: the index's \`metadata\` must be an object. ${fix}`);
  }

  const duplicates = (scanJsonObject(text)?.duplicates ?? []).filter(
    (duplicate) => duplicate.parent === "weight_map",
  );
  if (duplicates.length > 0) {
    const names = duplicates.map((duplicate) => quote(duplicate.key)).join(", ");
    throw new FormatError(
      file,
      `${file}: weight_map maps ${names} more than once, so the owning shard is ambiguous. ${fix}`,
    );
  }

  const entries = Object.entries(weightMapValue as Record<string, unknown>);
  if (entries.length === 0) {
    throw new FormatError(file, `${file}: the index's weight_map is empty. ${fix}`);
  }
  if (entries.length > limits.maxTensorCount) {
    throw limitError(file, "maxTensorCount", limits, `weight_map lists ${entries.length} tensors`);
  }

  const invalid: string[] = [];
  const weightMap = new Map<string, string>();
  const tensorsByShard = new Map<string, string[]>();
  for (const [tensor, shard] of entries) {
    const reason = typeof shard === "string" ? unsafeShardNameReason(shard) : "is not a string";
    if (reason !== undefined) {
      invalid.push(`${quote(tensor)} -> ${JSON.stringify(shard)} ${reason}`);
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
      `${file}: weight_map names ${invalid.length} shard files that are not plain file names inside the index's folder:\n` +
        `${listLines(invalid)}\nShard names must be relative names without \`..\`, backslashes or percent-encoding. ${fix}`,
    );
  }
  if (tensorsByShard.size > limits.maxShardCount) {
    throw limitError(
      file,
      "maxShardCount",
      limits,
      `weight_map names ${tensorsByShard.size} shard files`,
    );
  }
  return {
    metadata: { ...(metadataValue as Record<string, unknown>) },
    weightMap,
    shards: [...tensorsByShard.keys()],
    tensorsByShard,
  };
}

/** Returns why a shard name could resolve outside the index's folder, or undefined when safe. */
export function unsafeShardNameReason(name: string): string | undefined {
  if (name === "") return "is empty";
  if (name.includes("\0")) return "contains a NUL character";
  if (name.includes("\\")) return "contains a backslash";
  if (name.startsWith("/")) return "is an absolute path";
  if (/^[A-Za-z]:/.test(name)) return "starts with a drive letter";
  if (/%(2e|2f|5c)/i.test(name)) return "contains a percent-encoded dot or separator";
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
    const shown = tensors.slice(0, 5).map(quote).join(", ");
    const more = tensors.length > 5 ? `, and ${tensors.length - 5} more` : "";
    const noun = tensors.length === 1 ? "tensor" : "tensors";
    return `\`${shard}\` is named by the index (${tensors.length} ${noun}: ${shown}${more}) but missing`;
  });
  const body =
    lines.length === 1 ? (lines[0] as string) : `${lines.length} shards:\n${listLines(lines)}\n`;
  throw new FormatError(
    indexName,
    `${indexName}: checkpoint incomplete: ${body}${lines.length === 1 ? ". " : ""}` +
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
      const elsewhere =
        holders.length > 0 ? `; it is in ${holders.map((name) => `\`${name}\``).join(", ")}` : "";
      errors.push(
        `${quote(tensor)} is mapped to \`${shard}\` but missing from that shard's header${elsewhere}`,
      );
    }
  }
  for (const [tensor, shards] of shardsByTensor) {
    if (shards.length > 1) {
      errors.push(
        `${quote(tensor)} is defined in ${shards.length} shards: ${shards.map((name) => `\`${name}\``).join(" and ")}`,
      );
    }
    if (!index.weightMap.has(tensor)) {
      unlisted.push(
        `${quote(tensor)} is in \`${shards.join("`, `")}\` but absent from the index's weight_map`,
      );
    }
  }

  if (errors.length === 0) {
    return unlisted.map((text) => `${indexName}: ${text}; it is compared like the other tensors.`);
  }
  const all = [...errors, ...unlisted];
  throw new FormatError(
    indexName,
    `${indexName}: the index and the shard headers disagree (${all.length} problems):\n${listLines(all)}\n${REDOWNLOAD_CHECKPOINT}`,
  );
}

function listLines(lines: readonly string[]): string {
  const shown = lines.slice(0, MAX_LISTED_PROBLEMS).map((line) => `  - ${line}`);
  if (lines.length > MAX_LISTED_PROBLEMS) {
    shown.push(`  - and ${lines.length - MAX_LISTED_PROBLEMS} more`);
  }
  return shown.join("\n");
}

function quote(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it detects.
  return /[`\u0000-\u001f]/.test(name) ? JSON.stringify(name) : `\`${name}\``;
}
