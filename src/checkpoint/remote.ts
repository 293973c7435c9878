/**
 * Opens checkpoints over HTTP without downloading them: a Hub repository at a revision pinned to
 * its commit sha, or a URL of a safetensors file or shard index. Only the headers and shard
 * indexes are read here, each sized from its declared length. The diff engine reads tensor data
 * later through the same range sources.
 */

import path from "node:path/posix";
import { InputError } from "../errors.js";
import type { Limits } from "../format/limits.js";
import { type ReadSafetensorsFile, readSafetensorsFile } from "../format/safetensors.js";
import { assertShardsPresent, readShardIndex, type ShardIndex } from "../format/shard-index.js";
import {
  encodeRepoPath,
  type HubConnection,
  listRepoFiles,
  type RepoFile,
  resolveCommit,
  resolveUrl,
} from "../hub/client.js";
import { HttpRangeSource, type HttpSourceInit, shownUrl } from "../io/http-range.js";
import { quoteForMessage } from "../visible-text.js";
import {
  type CheckpointNames,
  closeAll,
  shardedCheckpoint,
  singleFileCheckpoint,
} from "./assemble.js";
import { readCompanionFiles, withCompanionFiles } from "./companions.js";
import type { Checkpoint } from "./types.js";
import { INDEX_SUFFIX, pickWeightSet } from "./weight-set.js";

/** Revision read when a Hub reference names none, as in Hugging Face's own tools. */
export const DEFAULT_REVISION = "main";

/**
 * Shard headers read at once. Each costs two small range requests, so a checkpoint of a few
 * hundred shards opens in seconds without a burst that a rate limit would count against.
 */
const SHARD_OPEN_CONCURRENCY = 8;

/** Characters of a commit sha shown in file names, as git shows short shas. */
const SHORT_SHA = 7;

export interface HubReference {
  repo: string;
  revision: string | null;
  /** Folder or weight file inside the repository, or null for the root. */
  path: string | null;
}

/** A file to open, with what is known about it before any byte is read. */
interface RemoteFile {
  url: string;
  name: string;
  size: number | null;
  sha256: string | null;
}

/** Opens the weight set of a Hub repository at a revision; `reference` is shown in the report. */
export async function openHubCheckpoint(
  target: HubReference,
  reference: string,
  connection: HubConnection,
  limits: Limits,
): Promise<Checkpoint> {
  const revision = target.revision ?? DEFAULT_REVISION;
  const commit = await resolveCommit(connection, target.repo, revision);
  const pointsAtFile =
    target.path !== null &&
    (target.path.endsWith(".safetensors") || target.path.endsWith(INDEX_SUFFIX));
  const folder = pointsAtFile ? parentFolder(target.path as string) : target.path;
  const listing = await listRepoFiles(connection, target.repo, commit, folder);
  const byPath = new Map(listing.map((file) => [file.path, file]));

  const shownName = (file: string) => `${target.repo}@${commit.slice(0, SHORT_SHA)}:${file}`;
  const remoteFile = (file: RepoFile): RemoteFile => ({
    url: resolveUrl(connection.endpoint, target.repo, commit, file.path),
    name: shownName(file.path),
    size: file.size,
    sha256: file.sha256,
  });
  const context: OpenContext = { connection, commit, limits, token: connection.token };

  let chosen: string;
  let sharded: boolean;
  let folderWarnings: string[] = [];
  const indexes = new Map<string, Promise<ShardIndex>>();
  const readIndexAt = (file: string): Promise<ShardIndex> => {
    let index = indexes.get(file);
    if (index === undefined) {
      const entry = byPath.get(file) as RepoFile;
      index = withRemoteSource(remoteFile(entry), context, (source) =>
        readShardIndex(source, limits),
      );
      indexes.set(file, index);
    }
    return index;
  };

  if (pointsAtFile) {
    chosen = target.path as string;
    sharded = chosen.endsWith(INDEX_SUFFIX);
    if (!byPath.has(chosen)) {
      throw new InputError(
        `${quoteForMessage(reference)}: ${quoteForMessage(chosen)} was not found in ${target.repo} at ${revision} (commit ${commit}). Check the path and the revision.`,
      );
    }
  } else {
    const prefix = folder === null ? "" : `${folder}/`;
    const names = listing
      .map((file) => file.path.slice(prefix.length))
      .filter((name) => !name.includes("/"))
      .sort();
    const choice = await pickWeightSet({
      shown: `hf://${target.repo}@${revision}${folder === null ? "" : `/${folder}`}`,
      names,
      shownName: (name) => shownName(prefix + name),
      readIndex: (name) => readIndexAt(prefix + name),
    });
    chosen = prefix + choice.name;
    sharded = choice.sharded;
    folderWarnings = choice.warnings;
  }

  const names: CheckpointNames = {
    reference,
    resolved: `hf://${target.repo}@${commit}/${chosen}`,
    hub: { repo: target.repo, revision, commit, file: chosen },
  };
  const chosenFile = remoteFile(byPath.get(chosen) as RepoFile);
  const weightsFolder = parentFolder(chosen);
  const withCompanions = async (checkpoint: Checkpoint): Promise<Checkpoint> => {
    const companions = await readCompanionFiles(async (name) => {
      const file = byPath.get(weightsFolder === null ? name : `${weightsFolder}/${name}`);
      if (file === undefined) return undefined;
      return { size: file.size, read: () => readRemoteText(remoteFile(file), context) };
    });
    return withCompanionFiles(checkpoint, companions);
  };
  if (!sharded) {
    return withCompanions(await openSingleRemote(names, chosenFile, context, folderWarnings));
  }

  const index = await readIndexAt(chosen);
  const indexFolder = parentFolder(chosen);
  const shardPath = (shard: string) => (indexFolder === null ? shard : `${indexFolder}/${shard}`);
  const missing = index.shards.filter((shard) => !byPath.has(shardPath(shard)));
  assertShardsPresent(index, chosenFile.name, missing);
  const shards = index.shards.map((shard) => remoteFile(byPath.get(shardPath(shard)) as RepoFile));
  return withCompanions(
    await openShardedRemote(names, index, chosenFile.name, shards, context, folderWarnings),
  );
}

/**
 * Reads a small text file whole, for the companion files beside the weights (config.json and the
 * tokenizer files). A failure leaves the file out: these files only add evidence.
 */
async function readRemoteText(file: RemoteFile, context: OpenContext): Promise<string> {
  return withRemoteSource(file, context, async (source) => {
    const bytes = new Uint8Array(source.size);
    if (source.size > 0) await source.read(0, source.size, bytes, 0);
    return new TextDecoder().decode(bytes);
  });
}

/**
 * Opens a checkpoint from the URL of a `.safetensors` file or a `.safetensors.index.json` index,
 * whose shards are read from URLs relative to it. The token is sent only when the URL is on the
 * Hub endpoint's origin.
 */
export async function openUrlCheckpoint(
  url: string,
  connection: HubConnection,
  limits: Limits,
): Promise<Checkpoint> {
  const parsed = new URL(url);
  const sameOrigin = parsed.origin === new URL(connection.endpoint).origin;
  const context: OpenContext = {
    connection,
    commit: null,
    limits,
    token: sameOrigin ? connection.token : null,
  };
  const shown = shownUrl(url) + (parsed.search === "" ? "" : "?…");
  const names: CheckpointNames = { reference: shown, resolved: shown };
  const file: RemoteFile = { url, name: shown, size: null, sha256: null };
  if (!parsed.pathname.endsWith(INDEX_SUFFIX)) return openSingleRemote(names, file, context, []);

  const index = await withRemoteSource(file, context, (source) => readShardIndex(source, limits));
  const shards = index.shards.map((shard): RemoteFile => {
    const shardUrl = new URL(encodeRepoPath(shard), url).href;
    return { url: shardUrl, name: shownUrl(shardUrl), size: null, sha256: null };
  });
  return openShardedRemote(names, index, shown, shards, context, []);
}

interface OpenContext {
  connection: HubConnection;
  /** Commit every response must match, or null outside a Hub repository. */
  commit: string | null;
  limits: Limits;
  /** Token to send to the files' own origin, or null. */
  token: string | null;
}

function openSource(file: RemoteFile, context: OpenContext): Promise<HttpRangeSource> {
  const init: HttpSourceInit = {
    url: file.url,
    name: file.name,
    size: file.size,
    token: context.token,
    commit: context.commit,
    sha256: file.sha256,
    ...(context.connection.retry ? { retry: context.connection.retry } : {}),
    ...(context.connection.onRetry ? { onRetry: context.connection.onRetry } : {}),
    ...(context.connection.fetch ? { fetch: context.connection.fetch } : {}),
  };
  return HttpRangeSource.open(init);
}

async function withRemoteSource<T>(
  file: RemoteFile,
  context: OpenContext,
  use: (source: HttpRangeSource) => Promise<T>,
): Promise<T> {
  const source = await openSource(file, context);
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}

async function openSingleRemote(
  names: CheckpointNames,
  file: RemoteFile,
  context: OpenContext,
  folderWarnings: readonly string[],
): Promise<Checkpoint> {
  const source = await openSource(file, context);
  try {
    const parsed = await readSafetensorsFile(source, context.limits);
    return singleFileCheckpoint(names, parsed, folderWarnings);
  } catch (error) {
    await source.close();
    throw error;
  }
}

async function openShardedRemote(
  names: CheckpointNames,
  index: ShardIndex,
  indexName: string,
  shards: readonly RemoteFile[],
  context: OpenContext,
  folderWarnings: readonly string[],
): Promise<Checkpoint> {
  const opened: HttpRangeSource[] = [];
  const files: ReadSafetensorsFile[] = new Array(shards.length);
  let next = 0;
  let failed = false;
  const openNext = async (): Promise<void> => {
    while (next < shards.length && !failed) {
      const position = next++;
      const source = await openSource(shards[position] as RemoteFile, context);
      opened.push(source);
      try {
        files[position] = await readSafetensorsFile(source, context.limits);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  try {
    const openers = Array.from(
      { length: Math.min(SHARD_OPEN_CONCURRENCY, shards.length) },
      openNext,
    );
    const results = await Promise.allSettled(openers);
    const failure = results.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
    return shardedCheckpoint(names, index, indexName, files, folderWarnings);
  } catch (error) {
    await closeAll(opened).catch(() => {});
    throw error;
  }
}

function parentFolder(file: string): string | null {
  const folder = path.dirname(file);
  return folder === "." ? null : folder;
}
