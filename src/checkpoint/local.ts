/**
 * Resolves a local path to a checkpoint: a `.safetensors` file, a shard index, or a folder that
 * contains exactly one set of weights.
 */

import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { InputError } from "../errors.js";
import { DEFAULT_LIMITS, type Limits } from "../format/limits.js";
import { type ReadSafetensorsFile, readSafetensorsFile } from "../format/safetensors.js";
import {
  assertShardsPresent,
  checkShardConsistency,
  readShardIndex,
  type ShardIndex,
} from "../format/shard-index.js";
import type { ByteSource } from "../io/byte-source.js";
import { LocalFileSource } from "../io/local-file.js";
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

/**
 * Opens the checkpoint at `reference`: a safetensors file, a `*.safetensors.index.json` file, or a
 * folder. In a folder, `model.safetensors.index.json` wins, then `model.safetensors`, then the
 * only weight set present; several candidates give an InputError that lists them.
 */
export async function openLocalCheckpoint(
  reference: string,
  limits: Limits = DEFAULT_LIMITS,
): Promise<Checkpoint> {
  const kind = await pathKind(reference);
  if (kind === "missing") {
    throw new InputError(`${reference}: no such file or folder. Check the path.`);
  }
  if (kind === "file") {
    if (reference.endsWith(INDEX_SUFFIX)) return openSharded(reference, reference, limits);
    return openSingle(reference, reference, limits);
  }
  if (kind !== "folder") {
    throw new InputError(`${reference}: not a regular file or folder. Pass a checkpoint path.`);
  }

  const names = await listFiles(reference);
  if (names.includes(STANDARD_INDEX)) {
    return openSharded(reference, path.join(reference, STANDARD_INDEX), limits);
  }
  if (names.includes(STANDARD_SINGLE)) {
    return openSingle(reference, path.join(reference, STANDARD_SINGLE), limits);
  }

  const candidates = await weightSetCandidates(reference, names, limits);
  if (candidates.length === 1) {
    const only = path.join(reference, candidates[0] as string);
    return only.endsWith(INDEX_SUFFIX)
      ? openSharded(reference, only, limits)
      : openSingle(reference, only, limits);
  }
  if (candidates.length > 1) {
    const listed = candidates.map((name) => `  - ${path.join(reference, name)}`).join("\n");
    throw new InputError(
      `${reference}: the folder contains ${candidates.length} weight sets, and model-diff compares one:\n${listed}\n` +
        "Pass the path of the file or index to compare instead of the folder.",
    );
  }

  const others = names.filter((name) =>
    OTHER_WEIGHT_EXTENSIONS.includes(path.extname(name).toLowerCase()),
  );
  if (others.length > 0) {
    throw new InputError(
      `${reference}: the folder has no safetensors files, only weights in other formats ` +
        `(${others.map((name) => `\`${name}\``).join(", ")}). Convert them to safetensors ` +
        "(for example torch.load, then safetensors.torch.save_file) and compare the converted files.",
    );
  }
  throw new InputError(
    `${reference}: the folder has no \`.safetensors\` file and no \`${INDEX_SUFFIX}\` shard index. ` +
      "Pass the folder or file that holds the weights.",
  );
}

/**
 * Lists the weight sets of a folder: each shard index, plus each safetensors file that no index
 * names as a shard.
 */
async function weightSetCandidates(
  folder: string,
  names: readonly string[],
  limits: Limits,
): Promise<string[]> {
  const indexes = names.filter((name) => name.endsWith(INDEX_SUFFIX));
  const shardNames = new Set<string>();
  for (const name of indexes) {
    const index = await withSource(path.join(folder, name), (source) =>
      readShardIndex(source, limits),
    );
    for (const shard of index.shards) shardNames.add(shard);
  }
  const singles = names.filter(
    (name) => name.endsWith(SAFETENSORS_SUFFIX) && !shardNames.has(name),
  );
  return [...indexes, ...singles].sort();
}

async function openSingle(reference: string, file: string, limits: Limits): Promise<Checkpoint> {
  const source = await LocalFileSource.open(file);
  let parsed: ReadSafetensorsFile;
  try {
    parsed = await readSafetensorsFile(source, limits);
  } catch (error) {
    await source.close();
    throw error;
  }
  return buildCheckpoint(reference, file, [parsed], parsed.metadata, [...parsed.warnings]);
}

async function openSharded(
  reference: string,
  indexPath: string,
  limits: Limits,
): Promise<Checkpoint> {
  const index: ShardIndex = await withSource(indexPath, (source) => readShardIndex(source, limits));
  const folder = path.dirname(indexPath);

  const missing: string[] = [];
  for (const shard of index.shards) {
    if ((await pathKind(path.join(folder, shard))) !== "file") missing.push(shard);
  }
  assertShardsPresent(index, indexPath, missing);

  const files: ReadSafetensorsFile[] = [];
  const opened: ByteSource[] = [];
  try {
    for (const shard of index.shards) {
      const source = await LocalFileSource.open(path.join(folder, shard));
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
    const keys = [...conflicts].map((key) => `\`${key}\``).join(", ");
    warnings.push(
      `${indexPath}: metadata keys ${keys} have different values in the index and the shards; ` +
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

async function pathKind(target: string): Promise<"file" | "folder" | "other" | "missing"> {
  try {
    const info = await stat(target);
    if (info.isFile()) return "file";
    return info.isDirectory() ? "folder" : "other";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return "missing";
    throw new InputError(`${target}: cannot be read (${code ?? String(error)}). Check the path.`);
  }
}

/** Names of the regular files in `folder`, following symbolic links, sorted. */
async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.isFile()) names.push(entry.name);
    else if (entry.isSymbolicLink() && (await pathKind(path.join(folder, entry.name))) === "file") {
      names.push(entry.name);
    }
  }
  return names.sort();
}
