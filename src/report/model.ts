import type { DType } from "../format/dtypes.js";

/**
 * The report: one object that contains everything any renderer shows. Its JSON form is the
 * documented schema (docs/report-schema.md); bump REPORT_SCHEMA_VERSION on any breaking change.
 */
export const REPORT_SCHEMA_VERSION = 2;

export type Label =
  | "identical"
  | "cast"
  | "quantized"
  | "lora_merge"
  | "partial_finetune"
  | "finetune"
  | "continued_pretraining"
  | "merge"
  | "pruned"
  | "derived_obfuscated"
  | "independent"
  | "architecture_change"
  | "same_architecture";

/** Structural facts reported beside the label, whatever the label is. */
export type StructuralNoteKind =
  | "vocab_resize"
  | "tensors_added"
  | "tensors_removed"
  | "reshaped"
  | "renamed"
  | "tied_untied"
  | "dtype_changed";

export interface StructuralNote {
  kind: StructuralNoteKind;
  /** One sentence with the names and figures. */
  text: string;
  /** Figures behind the note, when rows were read for it (a resized vocabulary). */
  detail?: Record<string, unknown>;
}

/** How much of the change the sampled second pass read. */
export interface SamplingSummary {
  /** Float matrices whose change is more than a cast or a rounding. */
  changedMatrices: number;
  /** Those the sampled analyses ran on (a capped, stratified sample). */
  analysedMatrices: number;
  changedParams: number;
  analysedParams: number;
  /** Analysed matrices that also got the permutation and rotation checks. */
  lineageChecked: number;
  /** Bytes the second pass read, both sides together. */
  bytesRead: number;
}

export type ConfidenceLevel = "high" | "medium" | "low";

export interface Classification {
  label: Label;
  confidence: ConfidenceLevel;
  /** Confidence score in [0, 1] behind the level. */
  score: number;
  /** Reason the level is lower than the score alone gives, or null when no cap applied. */
  cappedBy: string | null;
  /** One sentence a reviewer reads first. */
  headline: string;
  /** Measured facts, each a sentence with its figures. */
  facts: string[];
  /** The figures behind the label, the band each falls in, and what they would look like otherwise. */
  evidence: string[];
  /** Label-specific figures (for example the layers a partial fine-tune touched). */
  detail: Record<string, unknown>;
  /** Structural facts beside the label (vocabulary resize, renames, tying, dtype changes). */
  structuralNotes: StructuralNote[];
  /** Coverage of the sampled analyses; null when they did not run. */
  sampling: SamplingSummary | null;
}

export interface CheckpointSummary {
  /** The reference as the user gave it (a URL without its query). */
  reference: string;
  /**
   * Resolved location: the path or URL of the file read or of the shard index. For a Hub
   * checkpoint, a reference pinned to the commit, `hf://org/name@SHA/file`.
   */
  resolved: string;
  /** For a Hub checkpoint, the revision and the commit every read used; null otherwise. */
  hub: {
    repo: string;
    /** As requested; `main` when the reference named none. */
    revision: string;
    /** Full 40-hex commit sha. */
    commit: string;
    /** Path inside the repository of the single file or shard index read. */
    file: string;
  } | null;
  files: number;
  tensors: number;
  params: number;
  /** Data bytes of all tensors. */
  tensorBytes: number;
  /** Tensor count per dtype. */
  dtypes: Record<string, number>;
}

/** Estimated size of the delta under one encoding, in bytes. */
export interface DeltaEncoding {
  name: "dense" | "sparse" | "bitmap";
  bytes: number;
  /** Method of the estimate, in one sentence. */
  description: string;
}

export interface Summary {
  threshold: number;
  tensorsCompared: number;
  /** Elements of tensors present on both sides under one name with one shape. */
  comparedParams: number;
  /** Elements that changed; null in a structure-only diff, which reads no values. */
  changedParams: number | null;
  /** Elements that did not change; null in a structure-only diff. */
  unchangedParams: number | null;
  /** changedParams / comparedParams, or null when nothing was compared or values were not read. */
  changedFraction: number | null;
  /** Elements whose stored bits differ (see TensorStats.bitsDiffering); null in a structure-only diff. */
  bitsDifferingParams: number | null;
  /** Data bytes of the head checkpoint's tensors. */
  modelBytes: number;
  /** Estimated delta sizes; empty in a structure-only diff. */
  deltaEncodings: DeltaEncoding[];
  /**
   * The cheapest of deltaEncodings. Null in a structure-only diff, and when every encoding is 0
   * bytes, so that none is cheaper.
   */
  cheapestEncoding: DeltaEncoding["name"] | null;
  /** modelBytes / cheapest delta bytes, or null when the delta is empty. */
  compressionRatio: number | null;
  /**
   * ||b - a|| / ||a|| over the compared floating-point matrices (over the 1-D floating-point
   * tensors when there is no matrix), or null when undefined.
   */
  relativeChange: number | null;
  /**
   * Cosine of the same values, or null when undefined. Both are null when a tensor whose values
   * were not read (see DiffReport.skipped) enters them.
   */
  cosine: number | null;
  /**
   * NaN and infinity counts over the tensors whose values were read, or null in a
   * structure-only diff. Tensors of skipped files have the same values on both sides.
   */
  nonFinite: { nanBase: number; nanHead: number; infBase: number; infHead: number } | null;
  added: number;
  removed: number;
  reshaped: number;
  renamed: number;
  dtypeChanged: number;
}

export interface TensorReport {
  name: string;
  shape: number[];
  baseDtype: DType;
  headDtype: DType;
  /**
   * "values" for numeric comparison; "bytes" for F4 (compared code by code), F6 (byte by byte) and
   * dtype changes without element pairs (to or from F4, F6 or C64).
   */
  comparedAs: "values" | "bytes";
  /** Layer index from the name, or null for tensors outside the repeated blocks. */
  layer: number | null;
  /**
   * Block stack the layer belongs to ("encoder" and "decoder" in T5, "down_blocks" in a UNet),
   * or null when the name has none or the tensor is outside the layers.
   */
  stack: string | null;
  module: ModuleKind;
  numel: number;
  /**
   * Source of the figures. "read": both sides' values. "equal_sha256": the files have the same
   * SHA-256 on both sides, so the counts are exact (0) and the value figures null. "not_read": a
   * structure-only diff, where every value figure is null.
   */
  values: "read" | "equal_sha256" | "not_read";
  /** Elements that changed; null when values were not read and not known equal. */
  changed: number | null;
  bitsDiffering: number | null;
  maxAbsDelta: number | null;
  /** ||b - a|| / ||a||, null when ||a|| is 0 or the values are not numeric. */
  relativeChange: number | null;
  /** Cosine of a and b, null when either norm is 0 or the values are not numeric. */
  cosine: number | null;
  /** Pearson correlation of a and b, null when undefined. */
  correlation: number | null;
  /** NaN and infinity counts; null when the values were not read. */
  nanBase: number | null;
  nanHead: number | null;
  infBase: number | null;
  infHead: number | null;
  /** Estimated bytes of this tensor's delta under each encoding (see DeltaEncoding); null when unknown. */
  deltaBytes: { dense: number; sparse: number; bitmap: number } | null;
}

export type ModuleKind = "attention" | "mlp" | "norm" | "embedding" | "output_head" | "other";

/** Layer group key of the tensors outside the repeated blocks. */
export const OUTSIDE_LAYERS_KEY = "(none)";

/** Totals of a set of tensors (a layer, or a module kind). */
export interface GroupReport {
  /**
   * Layer index as a string (`"encoder.3"` when the layer has a stack), `"(none)"` for tensors
   * outside layers, or the module kind.
   */
  key: string;
  tensors: number;
  params: number;
  /** Elements that changed; null in a structure-only diff. */
  changed: number | null;
  changedFraction: number | null;
  /** null also when a tensor whose values were not read enters the figure. */
  relativeChange: number | null;
  cosine: number | null;
}

export interface ConfigChangeReport {
  /** File name, such as `config.json`. */
  file: string;
  /** Top-level key; `(file)` when the file exists on one side only. */
  key: string;
  /**
   * Values as text; a value longer than 160 code points is cut there and ends with
   * `… (N characters)`, N being its full length in code points. Null when absent on that side.
   */
  base: string | null;
  head: string | null;
  /** Whether the key describes the architecture (layers, widths, heads, vocabulary). */
  architectural: boolean;
}

export interface MetadataChange {
  key: string;
  /** JSON-encoded value when it is not a string; null when absent on that side. */
  base: string | null;
  head: string | null;
}

/** Files known equal by SHA-256 on both sides, whose tensor values were not read. */
export interface SkippedReport {
  reason: "equal_sha256";
  /** Each pair of files: names as messages show them, the shared SHA-256, tensors and data bytes per side. */
  files: { base: string; head: string; sha256: string; tensors: number; bytes: number }[];
  tensors: number;
  params: number;
  /** Tensor data bytes not read on each side; both sides together skipped twice this. */
  bytes: number;
  /** Report figures that the skip leaves unknown or partial, each a sentence. */
  unknownFigures: string[];
}

export interface DiffReport {
  schemaVersion: number;
  tool: { name: "model-diff"; version: string };
  /** "full" compared values; "structure" compared headers alone and read no tensor data. */
  mode: "full" | "structure";
  base: CheckpointSummary;
  head: CheckpointSummary;
  summary: Summary;
  classification: Classification;
  /** Totals per transformer layer, in layer order. */
  layers: GroupReport[];
  /** Totals per module kind. */
  modules: GroupReport[];
  /** Every compared tensor, in name order. */
  tensors: TensorReport[];
  added: string[];
  removed: string[];
  reshaped: { name: string; baseShape: number[]; headShape: number[] }[];
  renamed: { baseName: string; headName: string }[];
  dtypeChanged: { name: string; baseDtype: DType; headDtype: DType }[];
  metadataChanges: MetadataChange[];
  /** Files whose values were skipped because they are known equal, or null when none was. */
  skipped: SkippedReport | null;
  /** Changed fields of config.json, generation_config.json and the tokenizer files. */
  configChanges: ConfigChangeReport[];
  /** Things the reader must know to read the figures right (bytewise dtypes, warnings). */
  notes: string[];
}
