/**
 * Resolves a local path to a checkpoint: a `.safetensors` file, a shard index, or a folder with
 * a standard weight set or a single one. Every file system failure becomes an InputError.
 */

import type { Dirent, Stats } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { InputError, ModelDiffError } from "../errors.js";
import { DEFAULT_LIMITS, type Limits } from "../format/limits.js";
import { type ReadSafetensorsFile, readSafetensorsFile } from "../format/safetensors.js";
import {
  assertShardsPresent,
  checkShardConsistency,
  readShardIndex,
  type ShardIndex,
} from "../format/shard-index.js";
import type { ByteSource } from "../io/byte-source.js";
import {
  describeFileType,
  type FsErrorContext,
  fsInputError,
  LocalFileSource,
} from "../io/local-file.js";
import { quoteForMessage } from "../visible-text.js";
import type { Checkpoint, SafetensorsFile, TensorEntry } from "./types.js";

/** File names that transformers writes, tried first in a folder. */
const STANDARD_INDEX = "model.safetensors.index.json";
const STANDARD_SINGLE = "model.safetensors";
const INDEX_SUFFIX = ".safetensors.index.json";
const SAFETENSORS_SUFFIX = ".safetensors";

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
const MAX_LISTED_NAMES = 5;

/**
 * Opens the checkpoint at `reference`: a safetensors file, a `*.safetensors.index.json` file, or a
 * folder. In a folder, `model.safetensors.index.json` wins, then `model.safetensors`, and the
 * checkpoint gets a warning naming the weight sets left out. Without either, the only weight set
 * is used, and several candidates give an InputError that lists them.
 */
export async function openLocalCheckpoint(
  reference: string,
  limits: Limits = DEFAULT_LIMITS,
): Promise<Checkpoint> {
  const shown = quoteForMessage(reference);
  const info = await statPath(reference);
  if (info === undefined) {
    throw new InputError(`${shown}: no such file or folder. Check the path.`);
  }
  if (info.isFile()) {
    if (reference.endsWith(INDEX_SUFFIX)) return openSharded(reference, reference, limits, []);
    return openSingle(reference, reference, limits, []);
  }
  if (!info.isDirectory()) {
    throw new InputError(
      `${shown}: not a regular file or folder (it is ${describeFileType(info)}). Pass a checkpoint file or folder.`,
    );
  }
  return openFolder(reference, limits);
}

async function openFolder(folder: string, limits: Limits): Promise<Checkpoint> {
  const shown = quoteForMessage(folder);
  const names = await listFiles(folder);
  const preferred = [STANDARD_INDEX, STANDARD_SINGLE].find((name) => names.includes(name));
  if (preferred !== undefined) {
    // Other indexes are read only to leave their shards out of the warning, so a broken one
    // does not stop the comparison of the preferred weight set.
    const candidates = await weightSetCandidates(folder, names, limits, "skip-unreadable");
    const unused = candidates.filter((name) => name !== preferred);
    const warnings = unused.length > 0 ? [unusedWeightSetsWarning(folder, preferred, unused)] : [];
    const file = path.join(folder, preferred);
    return preferred === STANDARD_INDEX
      ? openSharded(folder, file, limits, warnings)
      : openSingle(folder, file, limits, warnings);
  }

  const candidates = await weightSetCandidates(folder, names, limits, "throw");
  if (candidates.length === 1) {
    const only = path.join(folder, candidates[0] as string);
    return only.endsWith(INDEX_SUFFIX)
      ? openSharded(folder, only, limits, [])
      : openSingle(folder, only, limits, []);
  }
  if (candidates.length > 1) {
    const listed = candidates
      .map((name) => `  - ${quoteForMessage(path.join(folder, name))}`)
      .join("\n");
    throw new InputError(
      `${shown}: the folder contains ${candidates.length} weight sets, and model-diff compares one:\n${listed}\n` +
        "Pass the path of the file or index to compare instead of the folder.",
    );
  }

  const others = names.filter((name) =>
    OTHER_WEIGHT_EXTENSIONS.includes(path.extname(name).toLowerCase()),
  );
  if (others.length > 0) {
    throw new InputError(
      `${shown}: the folder has no safetensors files, only weights in other formats ` +
        `(${listNames(others)}). Convert them to safetensors ` +
        "(for example torch.load, then safetensors.torch.save_file) and compare the converted files.",
    );
  }
  throw new InputError(
    `${shown}: the folder has no \`.safetensors\` file and no \`${INDEX_SUFFIX}\` shard index. ` +
      "Pass the folder or file that holds the weights.",
  );
}

function unusedWeightSetsWarning(folder: string, used: string, unused: readonly string[]): string {
  const sets = unused.length === 1 ? "weight set" : "weight sets";
  return (
    `${quoteForMessage(folder)}: compared ${quoteForMessage(used)} and left out the other ${sets} ` +
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
  folder: string,
  names: readonly string[],
  limits: Limits,
  unreadableIndex: "throw" | "skip-unreadable",
): Promise<string[]> {
  const indexes = names.filter((name) => name.endsWith(INDEX_SUFFIX));
  const shardNames = new Set<string>();
  for (const name of indexes) {
    let index: ShardIndex;
    try {
      index = await withSource(path.join(folder, name), (source) => readShardIndex(source, limits));
    } catch (error) {
      if (unreadableIndex === "skip-unreadable" && error instanceof ModelDiffError) continue;
      throw error;
    }
    for (const shard of index.shards) shardNames.add(shard);
  }
  const singles = names.filter(
    (name) => name.endsWith(SAFETENSORS_SUFFIX) && !shardNames.has(name),
  );
  return [...indexes, ...singles].sort();
}

async function openSingle(
  reference: string,
  file: string,
  limits: Limits,
  folderWarnings: readonly string[],
): Promise<Checkpoint> {
  const source = await LocalFileSource.open(file);
  let parsed: ReadSafetensorsFile;
  try {
    parsed = await readSafetensorsFile(source, limits);
  } catch (error) {
    await source.close();
    throw error;
  }
  const warnings = [...folderWarnings, ...parsed.warnings];
  return buildCheckpoint(reference, file, [parsed], parsed.metadata, warnings);
}

async function openSharded(
  reference: string,
  indexPath: string,
  limits: Limits,
  folderWarnings: readonly string[],
): Promise<Checkpoint> {
  const index: ShardIndex = await withSource(indexPath, (source) => readShardIndex(source, limits));
  const folder = path.dirname(indexPath);
  const context: FsErrorContext = { openFiles: index.shards.length };

  const missing: string[] = [];
  const notFiles: string[] = [];
  for (const shard of index.shards) {
    const shardPath = path.join(folder, shard);
    const info = await statPath(shardPath, context);
    if (info === undefined) missing.push(shard);
    else if (!info.isFile()) {
      notFiles.push(`${quoteForMessage(shardPath)} (${describeFileType(info)})`);
    }
  }
  assertShardsPresent(index, indexPath, missing);
  if (notFiles.length > 0) {
    const shards = notFiles.length === 1 ? "shard is" : "shards are";
    throw new InputError(
      `${quoteForMessage(indexPath)}: ${notFiles.length} ${shards} not a regular file: ${notFiles.slice(0, MAX_LISTED_NAMES).join(", ")}` +
        `${notFiles.length > MAX_LISTED_NAMES ? ` and ${notFiles.length - MAX_LISTED_NAMES} more` : ""}. ` +
        "Replace each with the shard file, for example by re-downloading the checkpoint.",
    );
  }

  const files: ReadSafetensorsFile[] = [];
  const opened: ByteSource[] = [];
  try {
    for (const shard of index.shards) {
      const source = await LocalFileSource.open(path.join(folder, shard), undefined, context);
      opened.push(source);
      files.push(await readSafetensorsFile(source, limits));
    }
    const shardTensors = new Map(
      index.shards.map((shard, i) => [shard, files[i]?.tensors.map((tensor) => tensor.name) ?? []]),
    );
    const warnings = checkShardConsistency(index, indexPath, shardTensors);

    const metadataWarnings: string[] = [];
    const metadata = mergeMetadata(index.metadata, files, indexPath, metadataWarnings);
    const allWarnings = [
      ...folderWarnings,
      ...files.flatMap((file) => file.warnings),
      ...warnings,
      ...metadataWarnings,
    ];
    return buildCheckpoint(reference, indexPath, files, metadata, allWarnings);
  } catch (error) {
    await Promise.allSettled(opened.map((source) => source.close()));
    throw error;
  }
}

/**
 * Merges the index metadata with each shard's `__metadata__`. The first value of a key wins, and
 * a later different value gives a warning.
 */
function mergeMetadata(
  indexMetadata: Readonly<Record<string, unknown>>,
  files: readonly SafetensorsFile[],
  indexPath: string,
  warnings: string[],
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...indexMetadata };
  const conflicts = new Set<string>();
  for (const file of files) {
    for (const [key, value] of Object.entries(file.metadata)) {
      if (!Object.hasOwn(merged, key)) merged[key] = value;
      else if (JSON.stringify(merged[key]) !== JSON.stringify(value)) conflicts.add(key);
    }
  }
  if (conflicts.size > 0) {
    const keys = listNames([...conflicts]);
    const noun = conflicts.size === 1 ? "key" : "keys";
    const verb = conflicts.size === 1 ? "has" : "have";
    warnings.push(
      `${quoteForMessage(indexPath)}: metadata ${noun} ${keys} ${verb} different values in the index and the shards; ` +
        "the first value found (index, then shards in index order) is shown.",
    );
  }
  return merged;
}

function buildCheckpoint(
  reference: string,
  resolved: string,
  files: readonly SafetensorsFile[],
  metadata: Readonly<Record<string, unknown>>,
  warnings: string[],
): Checkpoint {
  const tensors = new Map<string, TensorEntry>();
  let tensorBytes = 0;
  for (const file of files) {
    for (const tensor of file.tensors) {
      tensors.set(tensor.name, tensor);
      tensorBytes += tensor.byteLength;
    }
  }
  let closing: Promise<void> | undefined;
  return {
    reference,
    resolved,
    files,
    tensors,
    metadata,
    warnings,
    tensorBytes,
    close() {
      closing ??= closeAll(files.map((file) => file.source));
      return closing;
    },
  };
}

async function closeAll(sources: readonly ByteSource[]): Promise<void> {
  const results = await Promise.allSettled(sources.map((source) => source.close()));
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
}

async function withSource<T>(file: string, use: (source: ByteSource) => Promise<T>): Promise<T> {
  const source = await LocalFileSource.open(file);
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}

/**
 * Returns the stats of `target`, following symbolic links, or undefined when nothing is there.
 * Any other failure becomes an InputError in plain words.
 */
async function statPath(target: string, context: FsErrorContext = {}): Promise<Stats | undefined> {
  try {
    return await stat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw fsInputError("read", target, error, context);
  }
}

/**
 * Names of the regular files in `folder`, following symbolic links, sorted. A `.safetensors` or
 * index name that is not a regular file (a FIFO, device, folder or broken link) gives an
 * InputError, because leaving it out would call it missing.
 */
async function listFiles(folder: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw fsInputError("list folder", folder, error);
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.isFile()) {
      names.push(entry.name);
      continue;
    }
    const full = path.join(folder, entry.name);
    if (entry.name.endsWith(SAFETENSORS_SUFFIX) || entry.name.endsWith(INDEX_SUFFIX)) {
      const info = await statPath(full);
      if (info === undefined) {
        throw new InputError(
          `${quoteForMessage(full)}: a symbolic link to a missing file. Fix the link, or pass the path of the file to compare.`,
        );
      }
      if (!info.isFile()) {
        throw new InputError(
          `${quoteForMessage(full)}: not a regular file (it is ${describeFileType(info)}). ` +
            "Replace it with the weights file, or pass the path of the file to compare.",
        );
      }
      names.push(entry.name);
    } else if (entry.isSymbolicLink()) {
      // A link with another name only helps to name weights in other formats, so a broken one is
      // left out.
      const info = await stat(full).catch(() => undefined);
      if (info?.isFile()) names.push(entry.name);
    }
  }
  return names.sort();
}

/** Lists names quoted and escaped, the first MAX_LISTED_NAMES of them, then a count of the rest. */
function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED_NAMES).map((name) => quoteForMessage(name));
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}
