/**
 * Tensors with the same bytes, found by content rather than by name. An output head stored as a
 * copy of the embedding has tied weights. Head layers that copy base layers show depth
 * up-scaling, which deepens a model by stacking copies of its own layers.
 *
 * A tensor's fingerprint is a SHA-256 of its dtype, its shape and the bytes of CONTENT_ROWS
 * consecutive rows. The rows are chosen by a hash of the shape, never of the name, so two tensors
 * of one shape are always sampled at the same rows, and one read per tensor suffices. Tensors of
 * at most WHOLE_TENSOR_BYTES are hashed whole, so a match between them is exact. A match between
 * larger tensors means equal bytes on the sampled rows.
 */

import { createHash } from "node:crypto";
import pMap from "p-map";
import type { Checkpoint, TensorEntry } from "../checkpoint/types.js";
import type { DiffResult } from "../diff/types.js";
import { readSmallFirst } from "../io/byte-source.js";
import { type LayerLocation, layerKeyOf } from "./grouping.js";
import { NameFactsCache } from "./name-facts.js";
import { chooseRows, type ReadCounter } from "./row-reads.js";

/** Rows whose bytes enter the fingerprint of a tensor larger than WHOLE_TENSOR_BYTES. */
export const CONTENT_ROWS = 8;
/** Tensors up to this size are fingerprinted whole (one read each). */
export const WHOLE_TENSOR_BYTES = 1024 * 1024;

/** A head layer whose matrices carry the bytes of one base layer's matrices of the same role. */
export interface LayerCopy {
  /** Layer key in the head (`"3"`, or `"encoder.3"` for a named stack). */
  headLayer: string;
  baseLayer: string;
  /** Matrices of the head layer that match the base layer's matrix of the same role. */
  tensors: number;
  /** Matrices of the head layer. */
  headTensors: number;
}

/** Content matches within and across the two checkpoints. */
export interface ContentMatches {
  /**
   * Whether the output head contains the embedding's bytes, per side. Null when that side lacks
   * an output head, or an embedding of the output head's dtype and shape. Also null when neither
   * tensor changed between the sides (the tie state is then the same), or when one of them sits
   * in files with equal SHA-256 that the diff did not read.
   */
  baseTied: boolean | null;
  headTied: boolean | null;
  /**
   * For each head layer, the base layer whose matrices it copies, when the layer structure
   * changed (layer tensors added or removed); in head layer order. Empty otherwise.
   */
  layerCopies: LayerCopy[];
}

/** Fingerprint of a tensor (see the module comment). */
export interface Fingerprint {
  hash: string;
  /** Whether every element read stores the same bytes (an all-zero init, say). */
  constant: boolean;
}

/**
 * Fingerprints read at once. A read from the Hub waits a round trip, and a deep model has hundreds
 * of layer matrices, so reading them one after the other would add hundreds of round trips. Each
 * read is at most WHOLE_TENSOR_BYTES or CONTENT_ROWS rows.
 */
const FINGERPRINT_READS = 8;

/** Returns the fingerprints of `entries` in their order, reading FINGERPRINT_READS at once. */
function fingerprintsOf(
  entries: readonly TensorEntry[],
  counter: ReadCounter,
): Promise<Fingerprint[]> {
  return pMap(entries, (entry) => fingerprintOf(entry, counter), {
    concurrency: FINGERPRINT_READS,
  });
}

/** Reads the bytes that enter a tensor's fingerprint and returns the fingerprint. */
export async function fingerprintOf(
  entry: TensorEntry,
  counter: ReadCounter,
): Promise<Fingerprint> {
  const hash = createHash("sha256");
  hash.update(`${entry.dtype}|${entry.shape.join(",")}|`);
  const columns = entry.shape.length >= 2 ? (entry.shape[entry.shape.length - 1] as number) : 1;
  const rows = columns === 0 ? 0 : entry.numel / columns;
  const rowBytes = rows === 0 ? 0 : entry.byteLength / rows;
  let first = 0;
  let length = entry.byteLength;
  if (entry.byteLength > WHOLE_TENSOR_BYTES && entry.shape.length >= 2) {
    const chosen = chooseRows(`content ${entry.shape.join("x")}`, rows, CONTENT_ROWS);
    first = (chosen[0] ?? 0) * rowBytes;
    length = chosen.length * rowBytes;
  }
  const bytes = new Uint8Array(length);
  if (length > 0) await readSmallFirst(entry.source, entry.byteOffset + first, length, bytes);
  counter.bytes += length;
  hash.update(bytes);
  return { hash: hash.digest("hex"), constant: isConstant(bytes, entry) };
}

/** Returns whether every element in `bytes` stores the same bytes as the first one. */
function isConstant(bytes: Uint8Array, entry: TensorEntry): boolean {
  const width = entry.numel === 0 ? 0 : entry.byteLength / entry.numel;
  if (!Number.isInteger(width) || width === 0) return false;
  for (let i = width; i < bytes.length; i++) if (bytes[i] !== bytes[i % width]) return false;
  return true;
}

/** Returns whether the output head of one checkpoint contains the embedding's bytes, or null. */
async function tiedByContent(
  checkpoint: Checkpoint,
  unread: ReadonlySet<string>,
  counter: ReadCounter,
  names: NameFactsCache,
): Promise<boolean | null> {
  const entries = [...checkpoint.tensors.values()];
  const output = entries.find((entry) => names.of(entry.name).moduleKind === "output_head");
  if (output === undefined) return null;
  const embedding = entries.find(
    (entry) =>
      names.of(entry.name).moduleKind === "embedding" &&
      entry.dtype === output.dtype &&
      entry.shape.length === output.shape.length &&
      entry.shape.every((size, i) => size === output.shape[i]),
  );
  if (embedding === undefined || unread.has(embedding.name) || unread.has(output.name)) return null;
  const [first, second] = await fingerprintsOf([embedding, output], counter);
  return first?.hash === second?.hash;
}

/** The name with its layer index replaced by `*`: the role of a tensor within its layer. */
function roleOf(name: string, location: LayerLocation): string {
  const parts = name.split(".");
  const at = parts.findIndex((part, i) => i > 0 && part === String(location.index));
  if (at < 0) return name;
  parts[at] = "*";
  return parts.join(".");
}

interface LayerMatrix {
  entry: TensorEntry;
  layer: string;
  role: string;
}

function layerMatrices(checkpoint: Checkpoint, names: NameFactsCache): LayerMatrix[] {
  const matrices: LayerMatrix[] = [];
  for (const entry of checkpoint.tensors.values()) {
    if (entry.shape.length < 2 || entry.numel === 0) continue;
    const location = names.of(entry.name).location;
    if (location === null) continue;
    matrices.push({ entry, layer: layerKeyOf(location), role: roleOf(entry.name, location) });
  }
  return matrices;
}

/**
 * Maps each head layer to the base layer whose matrices of the same role carry the same bytes.
 * A head layer is listed when at least half of its matrices match one base layer. Matrices whose
 * fingerprinted bytes are constant (all zeros, say) would match any other such matrix, so they
 * are left out.
 */
async function layerCopiesOf(
  base: Checkpoint,
  head: Checkpoint,
  unread: ReadonlySet<string>,
  counter: ReadCounter,
  names: NameFactsCache,
): Promise<LayerCopy[]> {
  // Base layers per role and fingerprint, each listed once, in order of first appearance.
  const baseKeys = new Map<string, Set<string>>();
  const baseMatrices = layerMatrices(base, names).filter(
    (matrix) => !unread.has(matrix.entry.name),
  );
  const baseFingerprints = await fingerprintsOf(
    baseMatrices.map((matrix) => matrix.entry),
    counter,
  );
  for (const [i, matrix] of baseMatrices.entries()) {
    const fingerprint = baseFingerprints[i] as Fingerprint;
    if (fingerprint.constant) continue;
    const key = `${matrix.role}|${fingerprint.hash}`;
    const layers = baseKeys.get(key);
    if (layers) layers.add(matrix.layer);
    else baseKeys.set(key, new Set([matrix.layer]));
  }
  const perHeadLayer = new Map<string, { total: number; votes: Map<string, number> }>();
  const headMatrices = layerMatrices(head, names);
  const headRead = headMatrices
    .filter((matrix) => !unread.has(matrix.entry.name))
    .map((matrix) => matrix.entry);
  const headFingerprints = await fingerprintsOf(headRead, counter);
  const headFingerprintOf = new Map(
    headRead.map((entry, i) => [entry, headFingerprints[i] as Fingerprint]),
  );
  for (const matrix of headMatrices) {
    const layer = perHeadLayer.get(matrix.layer) ?? { total: 0, votes: new Map() };
    perHeadLayer.set(matrix.layer, layer);
    layer.total++;
    if (unread.has(matrix.entry.name)) {
      // A tensor the diff did not read sits in files with equal SHA-256: it equals the base
      // tensor of the same name, which is in the same layer.
      layer.votes.set(matrix.layer, (layer.votes.get(matrix.layer) ?? 0) + 1);
      continue;
    }
    const fingerprint = headFingerprintOf.get(matrix.entry) as Fingerprint;
    if (fingerprint.constant) continue;
    const key = `${matrix.role}|${fingerprint.hash}`;
    for (const baseLayer of baseKeys.get(key) ?? []) {
      layer.votes.set(baseLayer, (layer.votes.get(baseLayer) ?? 0) + 1);
    }
  }
  const copies: LayerCopy[] = [];
  for (const [headLayer, { total, votes }] of perHeadLayer) {
    let best: [string, number] | null = null;
    for (const vote of votes) if (best === null || vote[1] > best[1]) best = vote;
    if (best === null || 2 * best[1] < total) continue;
    copies.push({ headLayer, baseLayer: best[0], tensors: best[1], headTensors: total });
  }
  return copies.sort((x, y) => compareLayerKeys(x.headLayer, y.headLayer));
}

/** Orders layer keys by stack name, then by numeric index. */
function compareLayerKeys(x: string, y: string): number {
  const split = (key: string) => {
    const dot = key.lastIndexOf(".");
    return { stack: dot < 0 ? "" : key.slice(0, dot), index: Number(key.slice(dot + 1)) };
  };
  const a = split(x);
  const b = split(y);
  if (a.stack !== b.stack) return a.stack < b.stack ? -1 : 1;
  return a.index - b.index;
}

/** Whether tensors of some layer were added or removed: the layer structure changed. */
function layersChanged(diff: DiffResult, names: NameFactsCache): boolean {
  return [...diff.added, ...diff.removed].some((tensor) => names.of(tensor.name).location !== null);
}

/**
 * Returns whether the tie state can differ between the sides: an embedding or output head was
 * added, removed or reshaped, changed any bits, or changed dtype. Otherwise both sides hold the
 * same bytes under the same names, so the tie state is the same and nothing needs reading.
 */
function tieMayDiffer(diff: DiffResult, names: NameFactsCache): boolean {
  const vocabulary = (name: string) => {
    const kind = names.of(name).moduleKind;
    return kind === "embedding" || kind === "output_head";
  };
  if (
    [...diff.added, ...diff.removed, ...diff.reshaped].some((tensor) => vocabulary(tensor.name))
  ) {
    return true;
  }
  return diff.compared.some(
    (tensor) =>
      vocabulary(tensor.name) &&
      (tensor.stats.bitsDiffering > 0 || tensor.baseDtype !== tensor.headDtype),
  );
}

/**
 * Finds the content matches of a diff: the tie state of each side when it can differ, and the
 * layer copies when layer tensors were added or removed. A structure-only diff reads no values,
 * so it gets neither. `names` is the comparison's NameFactsCache.
 */
export async function matchContent(
  base: Checkpoint,
  head: Checkpoint,
  diff: DiffResult,
  counter: ReadCounter,
  names = new NameFactsCache(),
): Promise<ContentMatches> {
  if (diff.mode === "structure") return { baseTied: null, headTied: null, layerCopies: [] };
  // Tensors in files with equal SHA-256 on both sides stay unread here too.
  const unread = new Set(
    diff.compared
      .filter((tensor) => tensor.values !== undefined && tensor.values !== "read")
      .map((tensor) => tensor.name),
  );
  const tie = tieMayDiffer(diff, names);
  const [baseTied, headTied] = tie
    ? await Promise.all([
        tiedByContent(base, unread, counter, names),
        tiedByContent(head, unread, counter, names),
      ])
    : [null, null];
  return {
    baseTied,
    headTied,
    layerCopies: layersChanged(diff, names)
      ? await layerCopiesOf(base, head, unread, counter, names)
      : [],
  };
}
