/**
 * Pairing of base and head tensors: by name first, then removed against added by content.
 */

import { createHash } from "node:crypto";
import type { Checkpoint, TensorEntry } from "../checkpoint/types.js";
import type { Comparison } from "../format/dtypes.js";
import { readSmallFirst } from "../io/byte-source.js";
import { comparisonOf } from "./kernels.js";
import type { OneSidedTensor, RenamedTensor, ReshapedTensor } from "./types.js";

/** Bytes read per call while hashing a tensor: large enough for fast reads, small enough to bound memory. */
export const HASH_READ_BYTES = 1024 * 1024;

/** Two tensors with one name and one shape, to be compared element by element. */
export interface TensorPair {
  name: string;
  base: TensorEntry;
  head: TensorEntry;
  /** Comparison mode of the elements, or "incomparable" for a dtype change with no element pairs. */
  comparison: Comparison | "incomparable";
}

export interface Pairing {
  compared: TensorPair[];
  added: OneSidedTensor[];
  removed: OneSidedTensor[];
  reshaped: ReshapedTensor[];
  renamed: RenamedTensor[];
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dimension, i) => dimension === b[i]);
}

function byName<T extends { name: string }>(a: T, b: T): number {
  if (a.name < b.name) return -1;
  if (a.name > b.name) return 1;
  return 0;
}

function oneSided(entry: TensorEntry): OneSidedTensor {
  return { name: entry.name, shape: [...entry.shape], dtype: entry.dtype, numel: entry.numel };
}

/** Pairs tensors by name. Tensors on one side only are returned as added or removed. */
export function pairByName(base: Checkpoint, head: Checkpoint): Omit<Pairing, "renamed"> {
  const compared: TensorPair[] = [];
  const reshaped: ReshapedTensor[] = [];
  const removed: OneSidedTensor[] = [];
  const added: OneSidedTensor[] = [];

  let paired = 0;
  for (const [name, baseEntry] of base.tensors) {
    const headEntry = head.tensors.get(name);
    if (!headEntry) {
      removed.push(oneSided(baseEntry));
      continue;
    }
    paired++;
    if (sameShape(baseEntry.shape, headEntry.shape)) {
      compared.push({
        name,
        base: baseEntry,
        head: headEntry,
        comparison: comparisonOf(baseEntry.dtype, headEntry.dtype),
      });
    } else {
      reshaped.push({
        name,
        baseShape: [...baseEntry.shape],
        headShape: [...headEntry.shape],
        baseDtype: baseEntry.dtype,
        headDtype: headEntry.dtype,
        baseNumel: baseEntry.numel,
        headNumel: headEntry.numel,
      });
    }
  }
  // When every head name was paired, no head tensor is added, and the lookups can be skipped.
  if (paired < head.tensors.size) {
    for (const [name, headEntry] of head.tensors) {
      if (!base.tensors.has(name)) added.push(oneSided(headEntry));
    }
  }

  compared.sort(byName);
  reshaped.sort(byName);
  removed.sort(byName);
  added.sort(byName);
  return { compared, added, removed, reshaped };
}

/** SHA-256 of a tensor's bytes, hex, read in HASH_READ_BYTES pieces. */
export async function hashTensor(entry: TensorEntry): Promise<string> {
  const hash = createHash("sha256");
  const buffer = new Uint8Array(Math.min(HASH_READ_BYTES, Math.max(1, entry.byteLength)));
  for (let done = 0; done < entry.byteLength; ) {
    const length = Math.min(buffer.byteLength, entry.byteLength - done);
    await readSmallFirst(entry.source, entry.byteOffset + done, length, buffer);
    hash.update(buffer.subarray(0, length));
    done += length;
  }
  return hash.digest("hex");
}

function contentKey(entry: TensorEntry): string {
  return `${entry.dtype}|${entry.shape.join(",")}|${entry.byteLength}`;
}

/**
 * Added tensors of one content key, in name order, hashed lazily from the front. Those hashed so
 * far and not yet matched wait in `byHash`, each list in name order from `next` on.
 */
interface CandidateQueue {
  entries: TensorEntry[];
  hashed: number;
  byHash: Map<string, { entries: TensorEntry[]; next: number }>;
}

/**
 * Returns the first added tensor of `queue`, in name order, that is not matched yet and has
 * `hash`, or undefined. Candidates are hashed only up to the first match, as a scan from the front
 * would, so no tensor past it is read.
 */
async function takeMatch(queue: CandidateQueue, hash: string): Promise<TensorEntry | undefined> {
  const waiting = queue.byHash.get(hash);
  if (waiting !== undefined && waiting.next < waiting.entries.length) {
    return waiting.entries[waiting.next++];
  }
  while (queue.hashed < queue.entries.length) {
    const entry = queue.entries[queue.hashed++] as TensorEntry;
    const entryHash = await hashTensor(entry);
    if (entryHash === hash) return entry;
    const list = queue.byHash.get(entryHash);
    if (list) list.entries.push(entry);
    else queue.byHash.set(entryHash, { entries: [entry], next: 0 });
  }
  return undefined;
}

/**
 * Matches removed tensors against added ones with the same dtype, shape, byte length and SHA-256
 * of the bytes, and moves each match to `renamed`. Only tensors whose dtype, shape and length
 * have a counterpart on the other side are hashed. Each added tensor matches at most one removed
 * tensor; removed tensors are matched in name order, each to the first unmatched added tensor in
 * name order with equal bytes.
 */
export async function matchRenamed(
  base: Checkpoint,
  head: Checkpoint,
  pairing: Omit<Pairing, "renamed">,
): Promise<Pairing> {
  const removedEntries = pairing.removed.map((tensor) => base.tensors.get(tensor.name));
  const addedEntries = pairing.added.map((tensor) => head.tensors.get(tensor.name));

  const addedByKey = new Map<string, CandidateQueue>();
  for (const entry of addedEntries) {
    if (!entry) continue;
    const key = contentKey(entry);
    const queue = addedByKey.get(key);
    if (queue) queue.entries.push(entry);
    else addedByKey.set(key, { entries: [entry], hashed: 0, byHash: new Map() });
  }

  const renamed: RenamedTensor[] = [];
  const renamedBase = new Set<string>();
  const renamedHead = new Set<string>();
  for (const baseEntry of removedEntries) {
    if (!baseEntry) continue;
    const queue = addedByKey.get(contentKey(baseEntry));
    if (!queue) continue;
    const headEntry = await takeMatch(queue, await hashTensor(baseEntry));
    if (headEntry === undefined) continue;
    renamed.push({
      baseName: baseEntry.name,
      headName: headEntry.name,
      shape: [...baseEntry.shape],
      dtype: baseEntry.dtype,
      numel: baseEntry.numel,
    });
    renamedBase.add(baseEntry.name);
    renamedHead.add(headEntry.name);
  }

  return {
    compared: pairing.compared,
    reshaped: pairing.reshaped,
    removed: pairing.removed.filter((tensor) => !renamedBase.has(tensor.name)),
    added: pairing.added.filter((tensor) => !renamedHead.has(tensor.name)),
    renamed,
  };
}

/** Pairs tensors by name, then matches the leftovers by content. */
export async function pairTensors(base: Checkpoint, head: Checkpoint): Promise<Pairing> {
  return matchRenamed(base, head, pairByName(base, head));
}
