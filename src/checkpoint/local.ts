/**
 * Resolves a local path to a checkpoint: a `.safetensors` file, a shard index, or a folder with
 * a standard weight set or a single one. Every file system failure becomes an InputError.
 */

import type { Dirent, Stats } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { InputError } from "../errors.js";
import { DEFAULT_LIMITS, type Limits } from "../format/limits.js";
import { type ReadSafetensorsFile, readSafetensorsFile } from "../format/safetensors.js";
import { assertShardsPresent, readShardIndex, type ShardIndex } from "../format/shard-index.js";
import type { ByteSource } from "../io/byte-source.js";
import {
  describeFileType,
  type FsErrorContext,
  fsInputError,
  LocalFileSource,
} from "../io/local-file.js";
import { quoteForMessage } from "../visible-text.js";
import { shardedCheckpoint, singleFileCheckpoint } from "./assemble.js";
import { type CompanionFiles, readCompanionFiles, withCompanionFiles } from "./companions.js";
import type { Checkpoint } from "./types.js";
import { INDEX_SUFFIX, MAX_LISTED_NAMES, pickWeightSet, SAFETENSORS_SUFFIX } from "./weight-set.js";

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
  const checkpoint = await openFolder(reference, limits);
  return withCompanionFiles(checkpoint, await readCompanions(reference));
}

/** Reads the companion files of a folder (see readCompanionFiles). */
function readCompanions(folder: string): Promise<CompanionFiles> {
  return readCompanionFiles(async (name) => {
    const file = inFolder(folder, name);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return { size: info.size, read: () => readFile(file, "utf8") };
  });
}

/**
 * Returns `name` in `folder` as path.join does, but keeps a leading "./" of `folder`, so that
 * messages and the report show a shard or index path the way the user typed its folder.
 */
export function inFolder(folder: string, name: string): string {
  const joined = path.join(folder, name);
  const dotted = /^\.[\\/]/.test(folder) && !/^\.\.?([\\/]|$)/.test(joined);
  return dotted ? `.${path.sep}${joined}` : joined;
}

async function openFolder(folder: string, limits: Limits): Promise<Checkpoint> {
  // Listing the weight sets reads every index, the chosen one too. Each read is kept, so an index
  // of a million entries is parsed once.
  const indexes = new Map<string, Promise<ShardIndex>>();
  const readIndex = (name: string): Promise<ShardIndex> => {
    let index = indexes.get(name);
    if (index === undefined) {
      index = withSource(inFolder(folder, name), (source) => readShardIndex(source, limits));
      indexes.set(name, index);
    }
    return index;
  };
  const choice = await pickWeightSet({
    shown: folder,
    names: await listFiles(folder),
    shownName: (name) => inFolder(folder, name),
    readIndex,
  });
  const file = inFolder(folder, choice.name);
  return choice.sharded
    ? openSharded(folder, file, limits, choice.warnings, readIndex(choice.name))
    : openSingle(folder, file, limits, choice.warnings);
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
  return singleFileCheckpoint({ reference, resolved: file }, parsed, folderWarnings);
}

/** Opens the shards an index names. `indexRead` is a read of the index that the caller started. */
async function openSharded(
  reference: string,
  indexPath: string,
  limits: Limits,
  folderWarnings: readonly string[],
  indexRead?: Promise<ShardIndex>,
): Promise<Checkpoint> {
  const index: ShardIndex = await (indexRead ??
    withSource(indexPath, (source) => readShardIndex(source, limits)));
  const folder = path.dirname(indexPath);
  const context: FsErrorContext = { openFiles: index.shards.length };

  const missing: string[] = [];
  const notFiles: string[] = [];
  for (const shard of index.shards) {
    const shardPath = inFolder(folder, shard);
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
      const source = await LocalFileSource.open(inFolder(folder, shard), undefined, context);
      opened.push(source);
      files.push(await readSafetensorsFile(source, limits));
    }
    return shardedCheckpoint(
      { reference, resolved: indexPath },
      index,
      indexPath,
      files,
      folderWarnings,
    );
  } catch (error) {
    await Promise.allSettled(opened.map((source) => source.close()));
    throw error;
  }
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
    const full = inFolder(folder, entry.name);
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
