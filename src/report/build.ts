import type { ConfigChange } from "../analysis/configs.js";
import {
  addDeltaBytes,
  bytewiseDeltaBytes,
  cheapestEncoding,
  compressionRatio,
  type DeltaBytes,
  deltaEncodings,
  NO_DELTA_BYTES,
  tensorDeltaBytes,
  wholeTensorDeltaBytes,
} from "../analysis/delta-size.js";
import { compareLayerLocations, type LayerLocation, layerKeyOf } from "../analysis/grouping.js";
import { correlation, cosine, relativeChange } from "../analysis/metrics.js";
import { type NameFacts, NameFactsCache } from "../analysis/name-facts.js";
import type { Checkpoint } from "../checkpoint/types.js";
import type { ComparedTensor, DiffResult, TensorStats, ValuesSource } from "../diff/types.js";
import { byteLengthOf } from "../format/dtypes.js";
import { quoteForMessage } from "../visible-text.js";
import { formatBytes, formatCountOf } from "./format.js";
import {
  type CheckpointSummary,
  type Classification,
  type DiffReport,
  type GroupReport,
  type MetadataChange,
  type ModuleKind,
  OUTSIDE_LAYERS_KEY,
  REPORT_SCHEMA_VERSION,
  type SkippedReport,
  type Summary,
  type TensorReport,
} from "./model.js";

/** Order of the module kinds table: input side to output side, then the rest. */
export const MODULE_KIND_ORDER: readonly ModuleKind[] = [
  "embedding",
  "attention",
  "mlp",
  "norm",
  "output_head",
  "other",
];

/** Tensor names listed in one note before the rest are counted, so a note stays readable. */
export const MAX_NAMES_IN_NOTE = 20;

export interface BuildReportInput {
  base: Checkpoint;
  head: Checkpoint;
  diff: DiffResult;
  classification: Classification;
  /** Changed fields of the companion files (config, tokenizer), when both sides had them. */
  configChanges?: readonly ConfigChange[];
  /** model-diff's version, shown in the report. */
  version: string;
  /** The comparison's tensor name facts, so each name is read once; a new cache when absent. */
  names?: NameFactsCache;
}

const EMPTY_STATS: TensorStats = {
  numel: 0,
  changed: 0,
  bitsDiffering: 0,
  maxAbsDelta: 0,
  maxAbsDeltaIndex: -1,
  sumA: 0,
  sumB: 0,
  sumSquaredDelta: 0,
  sumSquaredA: 0,
  sumSquaredB: 0,
  sumProduct: 0,
  finiteCount: 0,
  nanA: 0,
  nanB: 0,
  infA: 0,
  infB: 0,
};

/** Adds the sums of `b` to `a`. maxAbsDeltaIndex is meaningless for a sum and stays -1. */
function addStatsTo(a: TensorStats, b: TensorStats): void {
  a.numel += b.numel;
  a.changed += b.changed;
  a.bitsDiffering += b.bitsDiffering;
  a.maxAbsDelta = Math.max(a.maxAbsDelta, b.maxAbsDelta);
  a.sumA += b.sumA;
  a.sumB += b.sumB;
  a.sumSquaredDelta += b.sumSquaredDelta;
  a.sumSquaredA += b.sumSquaredA;
  a.sumSquaredB += b.sumSquaredB;
  a.sumProduct += b.sumProduct;
  a.finiteCount += b.finiteCount;
  a.nanA += b.nanA;
  a.nanB += b.nanB;
  a.infA += b.infA;
  a.infB += b.infB;
}

function numelOf(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

function byteLengthOfTensor(tensor: ComparedTensor): number {
  const bytes = byteLengthOf(tensor.headDtype, BigInt(numelOf(tensor.shape)));
  return bytes === undefined ? 0 : Number(bytes);
}

/**
 * Returns whether a tensor's sums enter the overall and group relative change and cosine. Only
 * floating-point tensors do, because integer tensors (position ids, quantized codes, masks) are
 * not weights on one scale and would swamp the sums.
 */
function entersFigures(tensor: ComparedTensor): boolean {
  return tensor.comparison === "float";
}

function valuesOf(tensor: ComparedTensor): ValuesSource {
  return tensor.values ?? "read";
}

function summarizeCheckpoint(checkpoint: Checkpoint): CheckpointSummary {
  let params = 0;
  const dtypes: Record<string, number> = {};
  for (const tensor of checkpoint.tensors.values()) {
    params += tensor.numel;
    dtypes[tensor.dtype] = (dtypes[tensor.dtype] ?? 0) + 1;
  }
  const sortedDtypes: Record<string, number> = {};
  for (const dtype of Object.keys(dtypes).sort()) sortedDtypes[dtype] = dtypes[dtype] ?? 0;
  return {
    reference: checkpoint.reference,
    resolved: checkpoint.resolved,
    hub: checkpoint.hub ? { ...checkpoint.hub } : null,
    files: checkpoint.files.length,
    tensors: checkpoint.tensors.size,
    params,
    tensorBytes: checkpoint.tensorBytes,
    dtypes: sortedDtypes,
  };
}

/**
 * Returns whether a tensor's bitsDiffering is in bytes and its changed count an upper bound.
 * That holds for F6 tensors, compared byte by byte because the bit order of their 4 elements in
 * 3 bytes is not fixed, so changed counts every element that shares a byte with a change. F4
 * tensors are compared code by code, so their counts are exact element counts. A dtype change
 * to or from a sub-byte dtype or C64 is reported as a byte comparison with every element changed.
 */
function countsBytes(tensor: ComparedTensor): boolean {
  return (
    tensor.comparison === "bytes" &&
    tensor.baseDtype === tensor.headDtype &&
    tensor.baseDtype !== "F4"
  );
}

/** Returns whether a dtype change gave no element pairs, so every element counts as changed. */
function isIncomparable(tensor: ComparedTensor): boolean {
  return tensor.comparison === "bytes" && tensor.baseDtype !== tensor.headDtype;
}

function deltaBytesOf(tensor: ComparedTensor): DeltaBytes | null {
  if (valuesOf(tensor) === "not_read") return null;
  if (countsBytes(tensor)) {
    return bytewiseDeltaBytes(byteLengthOfTensor(tensor), tensor.stats.bitsDiffering);
  }
  return tensorDeltaBytes(numelOf(tensor.shape), tensor.stats.changed, tensor.headDtype);
}

function reportTensor(tensor: ComparedTensor, facts: NameFacts): TensorReport {
  const stats = tensor.stats;
  const numeric = tensor.comparison !== "bytes";
  const values = valuesOf(tensor);
  const read = values === "read";
  const counted = values !== "not_read";
  return {
    name: tensor.name,
    shape: [...tensor.shape],
    baseDtype: tensor.baseDtype,
    headDtype: tensor.headDtype,
    comparedAs: numeric ? "values" : "bytes",
    layer: facts.location?.index ?? null,
    stack: facts.location?.stack ?? null,
    module: facts.moduleKind,
    numel: numelOf(tensor.shape),
    values,
    changed: counted ? stats.changed : null,
    bitsDiffering: counted ? stats.bitsDiffering : null,
    maxAbsDelta: read && numeric && stats.finiteCount > 0 ? stats.maxAbsDelta : null,
    relativeChange: read && numeric ? relativeChange(stats) : null,
    cosine: read && numeric ? cosine(stats) : null,
    correlation: read && numeric ? correlation(stats) : null,
    nanBase: read ? stats.nanA : null,
    nanHead: read ? stats.nanB : null,
    infBase: read ? stats.infA : null,
    infHead: read ? stats.infB : null,
    deltaBytes: deltaBytesOf(tensor),
  };
}

/** Running totals of one group: counts over every tensor, sums over the float tensors. */
interface GroupTotals {
  tensors: number;
  params: number;
  /** Changed elements, or null once a tensor with unknown counts (structure-only) is added. */
  changed: number | null;
  /** Sums of the floating-point matrices (2 or more dimensions). */
  matrixFigures: TensorStats;
  /** Sums of the 1-D floating-point tensors, used only when a group has no matrix. */
  vectorFigures: TensorStats;
  /** Matrices and 1-D tensors among those whose values were not read, so their sums are unknown. */
  unreadMatrices: number;
  unreadVectors: number;
}

function newTotals(): GroupTotals {
  return {
    tensors: 0,
    params: 0,
    changed: 0,
    matrixFigures: { ...EMPTY_STATS },
    vectorFigures: { ...EMPTY_STATS },
    unreadMatrices: 0,
    unreadVectors: 0,
  };
}

function addToTotals(totals: GroupTotals, tensor: ComparedTensor, report: TensorReport): void {
  totals.tensors += 1;
  totals.params += report.numel;
  totals.changed =
    totals.changed === null || report.changed === null ? null : totals.changed + report.changed;
  if (!entersFigures(tensor)) return;
  const read = valuesOf(tensor) === "read";
  if (tensor.shape.length >= 2) {
    addStatsTo(totals.matrixFigures, tensor.stats);
    if (!read) totals.unreadMatrices += 1;
  } else {
    addStatsTo(totals.vectorFigures, tensor.stats);
    if (!read) totals.unreadVectors += 1;
  }
}

/**
 * Returns the sums behind a group's relative change and cosine: its matrices, or its 1-D tensors
 * when it has no matrix. Norm weights sit near 1, so pooled with matrices whose weights sit near
 * 0.02 they would dominate ||base|| and hide the matrices' change. Returns null when a tensor of
 * that set was not read, because its norms are unknown and the figures cannot be formed.
 */
function figuresOf(totals: GroupTotals): TensorStats | null {
  const matrices = totals.matrixFigures.numel > 0;
  const unread = matrices ? totals.unreadMatrices : totals.unreadVectors;
  if (unread > 0) return null;
  return matrices ? totals.matrixFigures : totals.vectorFigures;
}

function relativeChangeOf(totals: GroupTotals): number | null {
  const figures = figuresOf(totals);
  return figures === null ? null : relativeChange(figures);
}

function cosineOf(totals: GroupTotals): number | null {
  const figures = figuresOf(totals);
  return figures === null ? null : cosine(figures);
}

function groupReport(key: string, totals: GroupTotals): GroupReport {
  return {
    key,
    tensors: totals.tensors,
    params: totals.params,
    changed: totals.changed,
    changedFraction:
      totals.params === 0 || totals.changed === null ? null : totals.changed / totals.params,
    relativeChange: relativeChangeOf(totals),
    cosine: cosineOf(totals),
  };
}

function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function metadataText(value: unknown): string | null {
  if (value === undefined) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Returns JSON with object keys sorted, so that key order alone never counts as a change. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

/**
 * Returns the metadata keys whose values differ, in key order, with both values as text. Values
 * are compared as JSON, so the string "3" and the number 3 differ even though both show as 3.
 */
export function metadataChanges(
  base: Readonly<Record<string, unknown>>,
  head: Readonly<Record<string, unknown>>,
): MetadataChange[] {
  const keys = new Set([...Object.keys(base), ...Object.keys(head)]);
  const changes: MetadataChange[] = [];
  for (const key of [...keys].sort(compareNames)) {
    const baseValue = Object.hasOwn(base, key) ? base[key] : undefined;
    const headValue = Object.hasOwn(head, key) ? head[key] : undefined;
    if (canonicalJson(baseValue) !== canonicalJson(headValue)) {
      changes.push({ key, base: metadataText(baseValue), head: metadataText(headValue) });
    }
  }
  return changes;
}

/** Lists names for a note, each quoted, escaped and cut as in messages, so a note stays short. */
function listNames(names: readonly string[]): string {
  const shown = names
    .slice(0, MAX_NAMES_IN_NOTE)
    .map((name) => quoteForMessage(name))
    .join(", ");
  const rest = names.length - MAX_NAMES_IN_NOTE;
  return rest > 0 ? `${shown} and ${rest} more` : shown;
}

function wereOrWas(count: number): string {
  return count === 1 ? "was" : "were";
}

/** The note that opens a structure-only report. */
export const STRUCTURE_ONLY_NOTE =
  "Structure-only diff: tensor names, shapes, dtypes, parameter counts and metadata were compared from the headers, and no tensor values were read. " +
  "Changed counts, delta sizes, relative change, cosine and non-finite counts are therefore not given, and renamed tensors are not detected: they show as removed and added.";

function buildNotes(
  input: BuildReportInput,
  compared: readonly ComparedTensor[],
  skipped: SkippedReport | null,
): string[] {
  const notes: string[] = [];
  if (input.diff.mode === "structure") notes.push(STRUCTURE_ONLY_NOTE);
  if (skipped !== null) notes.push(skippedNote(skipped));
  const nibbles = compared.filter(
    (tensor) => tensor.comparison === "bytes" && !countsBytes(tensor) && !isIncomparable(tensor),
  );
  if (nibbles.length > 0) {
    notes.push(
      `${formatCountOf(nibbles.length, "F4 tensor")} ${wereOrWas(nibbles.length)} compared code by code, two 4-bit elements to a byte: ` +
        "their changed and bits-differing counts are exact element counts, but they have no " +
        "max |delta|, relative change or cosine, because the order of the two elements in a " +
        "byte is not fixed: " +
        listNames(nibbles.map((tensor) => tensor.name)),
    );
  }
  const bytewise = compared.filter(countsBytes);
  if (bytewise.length > 0) {
    notes.push(
      `${formatCountOf(bytewise.length, "F6 tensor")} ${wereOrWas(bytewise.length)} compared byte by byte, because the bit order of ` +
        "their 4 elements in 3 bytes is not fixed: their changed count is an upper bound (every " +
        "element that shares a byte with a differing byte), their bits-differing count is in " +
        "bytes, and they have no max |delta|, relative change or cosine: " +
        listNames(bytewise.map((tensor) => tensor.name)),
    );
  }
  const incomparable = compared.filter(isIncomparable);
  if (incomparable.length > 0) {
    notes.push(
      `${formatCountOf(incomparable.length, "tensor")} changed between dtypes that give no element pairs ` +
        "(to or from F4, F6 or C64): every element counts as changed and as differing: " +
        listNames(incomparable.map((tensor) => tensor.name)),
    );
  }
  const nonFloat = compared.filter(
    (tensor) => tensor.comparison !== "bytes" && !entersFigures(tensor),
  );
  if (nonFloat.length > 0) {
    notes.push(
      `${formatCountOf(nonFloat.length, "integer or complex tensor")} ${nonFloat.length === 1 ? "has its" : "have their"} own figures but ${wereOrWas(nonFloat.length) === "was" ? "is" : "are"} left out ` +
        "of the overall, layer and module relative change and cosine: " +
        listNames(nonFloat.map((tensor) => tensor.name)),
    );
  }
  if (input.diff.added.length > 0 || input.diff.reshaped.length > 0) {
    notes.push(
      "Added and reshaped head tensors are counted whole in every delta size estimate, " +
        "because the base has nothing to encode them against.",
    );
  }
  for (const warning of input.base.warnings) notes.push(`Base checkpoint: ${warning}`);
  for (const warning of input.head.warnings) notes.push(`Head checkpoint: ${warning}`);
  return notes;
}

function skippedNote(skipped: SkippedReport): string {
  const files = skipped.files.map((pair) =>
    pair.base === pair.head ? pair.base : `${pair.base} and ${pair.head}`,
  );
  return (
    `${formatCountOf(skipped.tensors, "tensor")} (${formatCountOf(skipped.params, "parameter")}, ${formatBytes(skipped.bytes)} on each side) ` +
    `${skipped.tensors === 1 ? "is" : "are"} reported unchanged without reading ${skipped.tensors === 1 ? "its" : "their"} values, because ` +
    `${formatCountOf(skipped.files.length, "pair")} of files ${skipped.files.length === 1 ? "has" : "have"} the same SHA-256 on both sides: ` +
    `${listNames(files)}. ${skipped.unknownFigures.join(" ")}`
  );
}

/** Returns the report's section on files skipped as known equal, or null when none was. */
function skippedReport(
  diff: DiffResult,
  compared: readonly ComparedTensor[],
  summary: Summary,
  overallUnknown: boolean,
): SkippedReport | null {
  const files = diff.skipped ?? [];
  if (files.length === 0) return null;
  const equal = compared.filter((tensor) => valuesOf(tensor) === "equal_sha256");
  const unknownFigures = [
    "The value statistics of these tensors (norms, cosine, correlation, max |delta|, NaN and infinity counts) are unknown, since their values were not read; their changed and bits-differing counts are exact (0).",
  ];
  if (equal.some(entersFigures)) {
    const overall = overallUnknown
      ? "So the overall relative change and cosine, and those of every layer and module kind that contains such a tensor, are not given."
      : "So the relative change and cosine of every layer and module kind that contains such a tensor are not given.";
    unknownFigures.push(overall);
  }
  if (summary.nonFinite !== null) {
    unknownFigures.push(
      "The non-finite counts of the summary cover only the tensors whose values were read; the skipped tensors hold the same values on both sides.",
    );
  }
  return {
    reason: "equal_sha256",
    files: files.map((file) => ({ ...file })),
    tensors: equal.length,
    params: equal.reduce((sum, tensor) => sum + numelOf(tensor.shape), 0),
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    unknownFigures,
  };
}

/**
 * Builds the report model from the diff of two checkpoints and the classification of that diff.
 * Pure: reads only the in-memory checkpoint summaries, never tensor data.
 */
export function buildReport(input: BuildReportInput): DiffReport {
  const { base, head, diff } = input;
  const names = input.names ?? new NameFactsCache();
  const compared = [...diff.compared].sort((a, b) => compareNames(a.name, b.name));

  const tensors: TensorReport[] = [];
  const layerTotals = new Map<string, { location: LayerLocation | null; totals: GroupTotals }>();
  const moduleTotals = new Map<ModuleKind, GroupTotals>();
  const overall = newTotals();
  let deltaBytes: DeltaBytes | null = NO_DELTA_BYTES;
  let bitsDiffering: number | null = 0;

  for (const tensor of compared) {
    const facts = names.of(tensor.name);
    const location = facts.location;
    const report = reportTensor(tensor, facts);
    tensors.push(report);

    const layerKey = location === null ? OUTSIDE_LAYERS_KEY : layerKeyOf(location);
    const layer = layerTotals.get(layerKey) ?? { location, totals: newTotals() };
    addToTotals(layer.totals, tensor, report);
    layerTotals.set(layerKey, layer);

    const module = moduleTotals.get(report.module) ?? newTotals();
    addToTotals(module, tensor, report);
    moduleTotals.set(report.module, module);

    addToTotals(overall, tensor, report);
    deltaBytes =
      deltaBytes === null || report.deltaBytes === null
        ? null
        : addDeltaBytes(deltaBytes, report.deltaBytes);
    bitsDiffering =
      bitsDiffering === null || report.bitsDiffering === null
        ? null
        : bitsDiffering + report.bitsDiffering;
  }

  if (deltaBytes !== null) {
    for (const tensor of diff.added) {
      deltaBytes = addDeltaBytes(deltaBytes, wholeTensorDeltaBytes(tensor.numel, tensor.dtype));
    }
    for (const tensor of diff.reshaped) {
      deltaBytes = addDeltaBytes(
        deltaBytes,
        wholeTensorDeltaBytes(tensor.headNumel, tensor.headDtype),
      );
    }
  }

  const structureOnly = diff.mode === "structure";
  const nonFinite = structureOnly ? null : { nanBase: 0, nanHead: 0, infBase: 0, infHead: 0 };
  for (const tensor of tensors) {
    if (nonFinite === null) break;
    nonFinite.nanBase += tensor.nanBase ?? 0;
    nonFinite.nanHead += tensor.nanHead ?? 0;
    nonFinite.infBase += tensor.infBase ?? 0;
    nonFinite.infHead += tensor.infHead ?? 0;
  }

  const dtypeChanged = compared
    .filter((tensor) => tensor.baseDtype !== tensor.headDtype)
    .map((tensor) => ({
      name: tensor.name,
      baseDtype: tensor.baseDtype,
      headDtype: tensor.headDtype,
    }));

  const summary: Summary = {
    threshold: diff.threshold,
    tensorsCompared: compared.length,
    comparedParams: overall.params,
    changedParams: overall.changed,
    unchangedParams: overall.changed === null ? null : overall.params - overall.changed,
    changedFraction:
      overall.params === 0 || overall.changed === null ? null : overall.changed / overall.params,
    bitsDifferingParams: bitsDiffering,
    modelBytes: head.tensorBytes,
    deltaEncodings: deltaBytes === null ? [] : deltaEncodings(deltaBytes),
    cheapestEncoding: deltaBytes === null ? null : cheapestEncoding(deltaBytes),
    compressionRatio: deltaBytes === null ? null : compressionRatio(head.tensorBytes, deltaBytes),
    relativeChange: relativeChangeOf(overall),
    cosine: cosineOf(overall),
    nonFinite,
    added: diff.added.length,
    removed: diff.removed.length,
    reshaped: diff.reshaped.length,
    renamed: diff.renamed.length,
    dtypeChanged: dtypeChanged.length,
  };

  const inLayers: { key: string; location: LayerLocation; totals: GroupTotals }[] = [];
  for (const [key, entry] of layerTotals) {
    if (entry.location !== null)
      inLayers.push({ key, location: entry.location, totals: entry.totals });
  }
  inLayers.sort((a, b) => compareLayerLocations(a.location, b.location));
  const layers = inLayers.map((entry) => groupReport(entry.key, entry.totals));
  const outside = layerTotals.get(OUTSIDE_LAYERS_KEY);
  if (outside !== undefined) layers.push(groupReport(OUTSIDE_LAYERS_KEY, outside.totals));

  const modules = MODULE_KIND_ORDER.filter((kind) => moduleTotals.has(kind)).map((kind) =>
    groupReport(kind, moduleTotals.get(kind) ?? newTotals()),
  );

  const skipped = skippedReport(diff, compared, summary, figuresOf(overall) === null);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "model-diff", version: input.version },
    mode: structureOnly ? "structure" : "full",
    base: summarizeCheckpoint(base),
    head: summarizeCheckpoint(head),
    summary,
    classification: input.classification,
    layers,
    modules,
    tensors,
    added: diff.added.map((tensor) => tensor.name).sort(compareNames),
    removed: diff.removed.map((tensor) => tensor.name).sort(compareNames),
    reshaped: [...diff.reshaped]
      .sort((a, b) => compareNames(a.name, b.name))
      .map((tensor) => ({
        name: tensor.name,
        baseShape: [...tensor.baseShape],
        headShape: [...tensor.headShape],
      })),
    renamed: [...diff.renamed]
      .sort((a, b) => compareNames(a.baseName, b.baseName))
      .map((tensor) => ({ baseName: tensor.baseName, headName: tensor.headName })),
    dtypeChanged,
    metadataChanges: metadataChanges(base.metadata, head.metadata),
    skipped,
    configChanges: (input.configChanges ?? []).map((change) => ({ ...change })),
    notes: buildNotes(input, compared, skipped),
  };
}
