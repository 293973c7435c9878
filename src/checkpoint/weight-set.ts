/**
 * The rules that pick one weight set in a folder, shared by local folders and Hub repositories:
 * `model.safetensors.index.json` first, then `model.safetensors`, else the only weight set.
 */

import { InputError, ModelDiffError } from "../errors.js";
import type { ShardIndex } from "../format/shard-index.js";
import { quoteForMessage } from "../visible-text.js";

/** File names that transformers writes, tried first in a folder. */
export const STANDARD_INDEX = "model.safetensors.index.json";
export const STANDARD_SINGLE = "model.safetensors";
export const INDEX_SUFFIX = ".safetensors.index.json";
export const SAFETENSORS_SUFFIX = ".safetensors";

/** Extensions of weights in formats model-diff does not read, named when a folder has no safetensors. */
const OTHER_WEIGHT_EXTENSIONS = [
  ".bin",
  ".pt",
  ".pth",
  ".ckpt",
  ".gguf",
  ".h5",
  ".msgpack",
  ".pkl",
];

/** Names listed in one message (unused weight sets, metadata keys) before the rest are counted. */
export const MAX_LISTED_NAMES = 5;

/** A folder's files, and how to read and name them. */
export interface FolderListing {
  /** The folder as messages show it. */
  shown: string;
  /** Names of the regular files directly in the folder, sorted. */
  names: readonly string[];
  /** Name of a file of the folder as messages show it (a path, or `repo@rev:path`). */
  shownName(name: string): string;
  readIndex(name: string): Promise<ShardIndex>;
}

/** The weight set chosen in a folder. */
export interface WeightSetChoice {
  /** File name within the folder: a shard index or a single safetensors file. */
  name: string;
  sharded: boolean;
  /** Warnings naming the weight sets left out. */
  warnings: string[];
}

/**
 * Picks the weight set of a folder: `model.safetensors.index.json` wins, then
 * `model.safetensors`, with a warning naming the weight sets left out. Without either, the only
 * weight set is used, and several candidates give an InputError that lists them.
 */
export async function pickWeightSet(folder: FolderListing): Promise<WeightSetChoice> {
  const names = folder.names;
  const preferred = [STANDARD_INDEX, STANDARD_SINGLE].find((name) => names.includes(name));
  if (preferred !== undefined) {
    // Other indexes are read only to leave their shards out of the warning, so a broken one
    // does not stop the comparison of the preferred weight set.
    const candidates = await weightSetCandidates(folder, "skip-unreadable");
    const unused = candidates.filter((name) => name !== preferred);
    const warnings = unused.length > 0 ? [unusedWeightSetsWarning(folder, preferred, unused)] : [];
    return { name: preferred, sharded: preferred === STANDARD_INDEX, warnings };
  }

  const candidates = await weightSetCandidates(folder, "throw");
  if (candidates.length === 1) {
    const only = candidates[0] as string;
    return { name: only, sharded: only.endsWith(INDEX_SUFFIX), warnings: [] };
  }
  if (candidates.length > 1) {
    const listed = candidates
      .map((name) => `  - ${quoteForMessage(folder.shownName(name))}`)
      .join("\n");
    throw new InputError(
      `${quoteForMessage(folder.shown)}: the folder contains ${candidates.length} weight sets, and model-diff compares one:\n${listed}\n` +
        "Pass the path of the file or index to compare instead of the folder.",
    );
  }

  const others = names.filter((name) =>
    OTHER_WEIGHT_EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension)),
  );
  if (others.length > 0) {
    throw new InputError(
      `${quoteForMessage(folder.shown)}: the folder has no safetensors files, only weights in other formats ` +
        `(${listNames(others)}). Convert them to safetensors ` +
        "(for example torch.load, then safetensors.torch.save_file) and compare the converted files.",
    );
  }
  throw new InputError(
    `${quoteForMessage(folder.shown)}: the folder has no \`.safetensors\` file and no \`${INDEX_SUFFIX}\` shard index. ` +
      "Pass the folder or file that holds the weights.",
  );
}

function unusedWeightSetsWarning(
  folder: FolderListing,
  used: string,
  unused: readonly string[],
): string {
  const sets = unused.length === 1 ? "weight set" : "weight sets";
  return (
    `${quoteForMessage(folder.shown)}: compared ${quoteForMessage(used)} and left out the other ${sets} ` +
    `in the folder: ${listNames(unused)}. In a folder, \`${STANDARD_INDEX}\` comes first, then ` +
    `\`${STANDARD_SINGLE}\`. To compare another weight set, pass the path of its file or index ` +
    "instead of the folder."
  );
}

/**
 * Lists the weight sets of a folder: each shard index, plus each safetensors file that no index
 * names as a shard. With "skip-unreadable", an index that cannot be read still counts as a
 * weight set, but its shards are not recognized.
 */
async function weightSetCandidates(
  folder: FolderListing,
  unreadableIndex: "throw" | "skip-unreadable",
): Promise<string[]> {
  const indexes = folder.names.filter((name) => name.endsWith(INDEX_SUFFIX));
  const shardNames = new Set<string>();
  for (const name of indexes) {
    let index: ShardIndex;
    try {
      index = await folder.readIndex(name);
    } catch (error) {
      if (unreadableIndex === "skip-unreadable" && error instanceof ModelDiffError) continue;
      throw error;
    }
    for (const shard of index.shards) shardNames.add(shard);
  }
  const singles = folder.names.filter(
    (name) => name.endsWith(SAFETENSORS_SUFFIX) && !shardNames.has(name),
  );
  return [...indexes, ...singles].sort();
}

/** Lists names quoted and escaped, the first MAX_LISTED_NAMES of them, then a count of the rest. */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED_NAMES).map((name) => quoteForMessage(name));
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}
