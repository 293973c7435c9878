/**
 * Assembly of a Checkpoint from files whose headers were read, shared by the local and the
 * remote openers.
 */

import type { ReadSafetensorsFile } from "../format/safetensors.js";
import { checkShardConsistency, type ShardIndex } from "../format/shard-index.js";
import type { ByteSource } from "../io/byte-source.js";
import { quoteForMessage } from "../visible-text.js";
import type { Checkpoint, HubRevision, SafetensorsFile, TensorEntry } from "./types.js";
import { listNames } from "./weight-set.js";

/** Names of a checkpoint in the report. */
export interface CheckpointNames {
  reference: string;
  resolved: string;
  hub?: HubRevision;
}

/** Builds the checkpoint of one file. */
export function singleFileCheckpoint(
  names: CheckpointNames,
  parsed: ReadSafetensorsFile,
  folderWarnings: readonly string[],
): Checkpoint {
  const warnings = [...folderWarnings, ...parsed.warnings];
  return buildCheckpoint(names, [parsed], parsed.metadata, warnings);
}

/**
 * Builds the checkpoint of a shard index and its shards, `files[i]` being `index.shards[i]`.
 * Throws a FormatError when the index and the shard headers disagree.
 */
export function shardedCheckpoint(
  names: CheckpointNames,
  index: ShardIndex,
  indexName: string,
  files: readonly ReadSafetensorsFile[],
  folderWarnings: readonly string[],
): Checkpoint {
  const shardTensors = new Map(
    index.shards.map((shard, i) => [shard, files[i]?.tensors.map((tensor) => tensor.name) ?? []]),
  );
  const warnings = checkShardConsistency(index, indexName, shardTensors);

  const metadataWarnings: string[] = [];
  const metadata = mergeMetadata(index.metadata, files, indexName, metadataWarnings);
  const allWarnings = [
    ...folderWarnings,
    ...files.flatMap((file) => file.warnings),
    ...warnings,
    ...metadataWarnings,
  ];
  return buildCheckpoint(names, files, metadata, allWarnings);
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
      if (!Object.hasOwn(merged, key)) defineEntry(merged, key, value);
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

/**
 * Adds `key` as an own property. Assignment would not do for a key from the file: assigning to
 * `__proto__` replaces the object's prototype and drops the key.
 */
function defineEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function buildCheckpoint(
  names: CheckpointNames,
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
    reference: names.reference,
    resolved: names.resolved,
    ...(names.hub ? { hub: names.hub } : {}),
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

/** Closes every source, then throws the first failure, if any. */
export async function closeAll(sources: readonly ByteSource[]): Promise<void> {
  const results = await Promise.allSettled(sources.map((source) => source.close()));
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
}
