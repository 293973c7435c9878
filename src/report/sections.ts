import { plainText } from "./escape.js";
import {
  formatBytes,
  formatCosine,
  formatCount,
  formatCountOf,
  formatFigure,
  formatPercent,
  formatRatio,
  formatShape,
  formatThreshold,
  NOT_AVAILABLE,
} from "./format.js";
import {
  type ConfigChangeReport,
  type DiffReport,
  type GroupReport,
  OUTSIDE_LAYERS_KEY,
  type TensorReport,
} from "./model.js";

/**
 * The content of the text and Markdown reports, laid out once: which sections, which rows, which
 * figures, formatted. The renderers only decide the syntax, so both forms carry the same facts.
 */

/**
 * A table cell. A literal cell contains a string read from a checkpoint (a tensor name, a metadata
 * key or value), which a renderer must show verbatim and escaped. Other cells contain text that
 * model-diff wrote.
 */
export interface Cell {
  text: string;
  literal: boolean;
}

export interface Column {
  header: string;
  align: "left" | "right";
}

export interface Table {
  columns: Column[];
  rows: Cell[][];
}

/** A titled table. */
export interface TableSection {
  title: string;
  /** One sentence before the table, written by model-diff. */
  intro: string | null;
  table: Table;
}

export interface SummaryItem {
  label: string;
  value: string;
}

function own(text: string): Cell {
  return { text, literal: false };
}

function literal(text: string): Cell {
  return { text, literal: true };
}

const left = (header: string): Column => ({ header, align: "left" });
const right = (header: string): Column => ({ header, align: "right" });

/** Returns the threshold in the form `abs(a - b) > 1e-06`. */
export function thresholdExpression(report: DiffReport): string {
  return `abs(a - b) > ${formatThreshold(report.summary.threshold)}`;
}

/** The rule for special values, in one sentence. */
export const SPECIAL_VALUES_RULE =
  "Differences are computed in float64; -0 equals +0, equal infinities are equal, NaN against NaN counts as unchanged, and NaN against a number as changed.";

/** Shown for a figure that a structure-only diff does not measure. */
export const NOT_COMPARED = "not compared (structure only)";

/** Returns the cheapest delta encoding as the summary shows it. */
function cheapestText(summary: DiffReport["summary"]): string {
  if (summary.deltaEncodings.length === 0) return NOT_COMPARED;
  return summary.cheapestEncoding ?? "none (every encoding is 0 bytes)";
}

function countWithPercent(count: number | null, total: number): string {
  if (count === null) return NOT_COMPARED;
  return `${formatCount(count)} (${formatPercent(total === 0 ? null : count / total)})`;
}

function nonFiniteText(nonFinite: DiffReport["summary"]["nonFinite"]): string {
  if (nonFinite === null) return NOT_COMPARED;
  return (
    `NaN ${formatCount(nonFinite.nanBase)} in base, ${formatCount(nonFinite.nanHead)} in head; ` +
    `infinite ${formatCount(nonFinite.infBase)} in base, ${formatCount(nonFinite.infHead)} in head`
  );
}

/** Returns the summary figures, each with its label, in the order the reports show them. */
export function summaryItems(report: DiffReport): SummaryItem[] {
  const summary = report.summary;
  const compared = summary.comparedParams;
  const encodings =
    summary.deltaEncodings.length === 0
      ? NOT_COMPARED
      : summary.deltaEncodings
          .map((encoding) => `${encoding.name} ${formatBytes(encoding.bytes)}`)
          .join("; ");
  const items: SummaryItem[] = [
    {
      label: "Parameters compared",
      value: `${formatCount(compared)} in ${formatCountOf(summary.tensorsCompared, "tensor")}`,
    },
    { label: "Changed", value: countWithPercent(summary.changedParams, compared) },
    { label: "Unchanged", value: countWithPercent(summary.unchangedParams, compared) },
    {
      label: "Elements whose stored bits differ",
      value: countWithPercent(summary.bitsDifferingParams, compared),
    },
    {
      label: "Tensors",
      value:
        `${formatCount(summary.tensorsCompared)} compared, ${formatCount(summary.added)} added, ` +
        `${formatCount(summary.removed)} removed, ${formatCount(summary.reshaped)} reshaped, ` +
        `${formatCount(summary.renamed)} renamed, ${formatCount(summary.dtypeChanged)} recast`,
    },
    { label: "Model size (head tensor data)", value: formatBytes(summary.modelBytes) },
    { label: "Delta size, estimated", value: encodings },
    { label: "Cheapest delta encoding", value: cheapestText(summary) },
    {
      label: "Compression ratio (model size / cheapest delta)",
      value: formatRatio(summary.compressionRatio),
    },
    {
      label: "Relative change ||head - base|| / ||base|| of the weight matrices",
      value: formatFigure(summary.relativeChange),
    },
    {
      label: "Cosine similarity of base and head weight matrices",
      value: formatCosine(summary.cosine),
    },
    { label: "Non-finite values", value: nonFiniteText(summary.nonFinite) },
    { label: "Metadata keys changed", value: formatCount(report.metadataChanges.length) },
  ];
  if (report.mode === "structure") {
    items.unshift({ label: "Values", value: "not compared: structure-only diff of the headers" });
  }
  if (report.skipped !== null) {
    const skipped = report.skipped;
    items.push({
      label: "Not read, same SHA-256 on both sides",
      value:
        `${formatCountOf(skipped.files.length, "pair")} of files, ${formatCountOf(skipped.tensors, "tensor")}, ` +
        `${formatBytes(skipped.bytes)} on each side`,
    });
  }
  return items;
}

/** Returns the first 7 characters of a commit sha, followed by an ellipsis. */
function shortCommit(commit: string): string {
  return `${commit.slice(0, 7)}…`;
}

/**
 * Returns one line per checkpoint: its reference, what that resolved to if different, its size.
 * A Hub checkpoint shows the revision with its commit, as `org/name@main (060db64…)`, and the
 * file read in the repository.
 */
export function checkpointLines(report: DiffReport): { label: string; cells: Cell[] }[] {
  return (["base", "head"] as const).map((side) => {
    const checkpoint = report[side];
    let resolved: Cell[] = [];
    if (checkpoint.hub !== null) {
      const hub = checkpoint.hub;
      resolved = [
        own(" at "),
        literal(`${hub.repo}@${hub.revision}`),
        own(` (${shortCommit(hub.commit)}), file `),
        literal(hub.file),
      ];
    } else if (checkpoint.resolved !== checkpoint.reference) {
      resolved = [own(" resolved to "), literal(checkpoint.resolved)];
    }
    return {
      label: side === "base" ? "Base" : "Head",
      cells: [
        literal(checkpoint.reference),
        ...resolved,
        own(
          `: ${formatCountOf(checkpoint.files, "file")}, ${formatCountOf(checkpoint.tensors, "tensor")}, ` +
            `${formatCountOf(checkpoint.params, "parameter")}, ${formatBytes(checkpoint.tensorBytes)}`,
        ),
      ],
    };
  });
}

function groupTable(groups: readonly GroupReport[], keyHeader: string): Table {
  return {
    columns: [
      left(keyHeader),
      right("Tensors"),
      right("Params"),
      right("Changed"),
      right("% changed"),
      right("Relative change"),
      right("Cosine"),
    ],
    rows: groups.map((group) => [
      // Layer keys contain stack names taken from tensor names, so they are shown escaped and cut.
      own(plainText(group.key)),
      own(formatCount(group.tensors)),
      own(formatCount(group.params)),
      own(group.changed === null ? NOT_AVAILABLE : formatCount(group.changed)),
      own(formatPercent(group.changedFraction)),
      own(formatFigure(group.relativeChange)),
      own(formatCosine(group.cosine)),
    ]),
  };
}

/** Returns the per-layer table, in depth order, with the layer where the change is largest. */
export function layerSection(report: DiffReport): TableSection {
  if (report.layers.length === 0) {
    return { title: "Layers", intro: NO_COMPARED_TENSORS, table: groupTable([], "Layer") };
  }
  const outside = report.layers.some((group) => group.key === OUTSIDE_LAYERS_KEY)
    ? `; "${OUTSIDE_LAYERS_KEY}" holds the tensors outside the repeated blocks`
    : "";
  let intro = `Layers in depth order${outside}. Relative change and cosine cover each layer's weight matrices, or its 1-D tensors when it has no matrix.`;
  let largest: GroupReport | null = null;
  for (const group of report.layers) {
    if (group.key === OUTSIDE_LAYERS_KEY || group.relativeChange === null) continue;
    if (largest === null || group.relativeChange > (largest.relativeChange ?? 0)) largest = group;
  }
  if (largest !== null && (largest.relativeChange ?? 0) > 0) {
    intro += ` The relative change is largest in layer ${plainText(largest.key)} (${formatFigure(largest.relativeChange)}).`;
  }
  return { title: "Layers", intro, table: groupTable(report.layers, "Layer") };
}

export function moduleSection(report: DiffReport): TableSection {
  const intro = report.modules.length === 0 ? NO_COMPARED_TENSORS : null;
  return { title: "Module kinds", intro, table: groupTable(report.modules, "Module kind") };
}

const NO_COMPARED_TENSORS = "No tensor is present on both sides with the same name and shape.";

function compareByFigureThenName(
  figure: (tensor: TensorReport) => number,
): (a: TensorReport, b: TensorReport) => number {
  return (a, b) => {
    const difference = figure(b) - figure(a);
    if (difference !== 0) return difference;
    if (a.name === b.name) return 0;
    return a.name < b.name ? -1 : 1;
  };
}

/**
 * Returns the first `count` items of a stable sort of `items` by `compare`, the result of
 * [...items].sort(compare).slice(0, count), without sorting them all. Most items need one
 * comparison with the last item selected so far. `compare` must be a consistent order.
 */
function firstSorted<T>(items: readonly T[], count: number, compare: (a: T, b: T) => number): T[] {
  const selected: T[] = [];
  // As slice does: the count is truncated, and NaN counts as 0.
  const limit = Math.max(0, Math.trunc(count) || 0);
  if (limit === 0) return selected;
  for (const item of items) {
    if (selected.length === limit && !(compare(item, selected[limit - 1] as T) < 0)) continue;
    // Insert after every selected item that does not sort after `item`, so ties keep their order.
    let low = 0;
    let high = selected.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(item, selected[middle] as T) < 0) high = middle;
      else low = middle + 1;
    }
    selected.splice(low, 0, item);
    if (selected.length > limit) selected.pop();
  }
  return selected;
}

function tensorTable(tensors: readonly TensorReport[]): Table {
  return {
    columns: [
      left("Tensor"),
      left("Shape"),
      right("Params"),
      right("Changed"),
      right("% changed"),
      right("Max |delta|"),
      right("Relative change"),
      right("Cosine"),
    ],
    rows: tensors.map((tensor) => [
      literal(tensor.name),
      own(formatShape(tensor.shape)),
      own(formatCount(tensor.numel)),
      own(tensor.changed === null ? NOT_AVAILABLE : formatCount(tensor.changed)),
      own(
        formatPercent(
          tensor.numel === 0 || tensor.changed === null ? null : tensor.changed / tensor.numel,
        ),
      ),
      own(formatFigure(tensor.maxAbsDelta)),
      own(formatFigure(tensor.relativeChange)),
      own(formatCosine(tensor.cosine)),
    ]),
  };
}

/**
 * Returns the `top` tensors with the largest relative change, largest first, ties by name.
 * Tensors whose relative change is undefined or 0 are left out: they have nothing to rank.
 */
export function topByRelativeChange(report: DiffReport, top: number): TableSection {
  const eligible = report.tensors.filter((tensor) => (tensor.relativeChange ?? 0) > 0);
  const compare = compareByFigureThenName((tensor) => tensor.relativeChange ?? 0);
  return {
    title: "Top tensors by relative change",
    intro: rankingIntro(report, eligible.length, top, "a relative change above 0"),
    table: tensorTable(firstSorted(eligible, top, compare)),
  };
}

/** Returns the `top` tensors with the largest max |delta|, largest first, ties by name. */
export function topByMaxAbsDelta(report: DiffReport, top: number): TableSection {
  const eligible = report.tensors.filter((tensor) => (tensor.maxAbsDelta ?? 0) > 0);
  const compare = compareByFigureThenName((tensor) => tensor.maxAbsDelta ?? 0);
  return {
    title: "Top tensors by max |delta|",
    intro: rankingIntro(report, eligible.length, top, "a max |delta| above 0"),
    table: tensorTable(firstSorted(eligible, top, compare)),
  };
}

function rankingIntro(
  report: DiffReport,
  eligible: number,
  top: number,
  criterion: string,
): string {
  // A structure-only diff reads no values, so "no tensor has a change" would read as a finding.
  if (report.mode === "structure")
    return "Values were not compared (structure only), so no tensor is ranked.";
  if (eligible === 0) return `No tensor has ${criterion}.`;
  const shown = Math.min(eligible, Math.max(0, top));
  return `${formatCount(shown)} of ${formatCount(eligible)} tensors with ${criterion}.`;
}

/** Returns the sections of tensors that are not compared value by value; empty ones are left out. */
export function structureSections(report: DiffReport): TableSection[] {
  const sections: TableSection[] = [
    {
      title: "Added tensors",
      intro: "In the head only.",
      table: { columns: [left("Tensor")], rows: report.added.map((name) => [literal(name)]) },
    },
    {
      title: "Removed tensors",
      intro: "In the base only.",
      table: { columns: [left("Tensor")], rows: report.removed.map((name) => [literal(name)]) },
    },
    {
      title: "Reshaped tensors",
      intro: "Same name, different shape: not compared value by value.",
      table: {
        columns: [left("Tensor"), left("Base shape"), left("Head shape")],
        rows: report.reshaped.map((tensor) => [
          literal(tensor.name),
          own(formatShape(tensor.baseShape)),
          own(formatShape(tensor.headShape)),
        ]),
      },
    },
    {
      title: "Renamed tensors",
      intro: "Same bytes under a new name.",
      table: {
        columns: [left("Base name"), left("Head name")],
        rows: report.renamed.map((tensor) => [literal(tensor.baseName), literal(tensor.headName)]),
      },
    },
    {
      title: "Recast tensors",
      intro: "Same name and shape, different dtype: compared by decoded value.",
      table: {
        columns: [left("Tensor"), left("Base dtype"), left("Head dtype")],
        rows: report.dtypeChanged.map((tensor) => [
          literal(tensor.name),
          own(tensor.baseDtype),
          own(tensor.headDtype),
        ]),
      },
    },
  ];
  return sections.filter((section) => section.table.rows.length > 0);
}

/** Text shown for a metadata value that one side does not have. */
export const ABSENT = "(absent)";

export function metadataSection(report: DiffReport): TableSection | null {
  if (report.metadataChanges.length === 0) return null;
  return {
    title: "Metadata changes",
    intro: "Keys of the safetensors header metadata whose values differ.",
    table: {
      columns: [left("Key"), left("Base"), left("Head")],
      rows: report.metadataChanges.map((change) => [
        literal(change.key),
        change.base === null ? own(ABSENT) : literal(change.base),
        change.head === null ? own(ABSENT) : literal(change.head),
      ]),
    },
  };
}

/** Title of the structural notes, a part of the interpretation. */
export const STRUCTURAL_NOTES_TITLE = "Structural notes";

/** Title of the layer-by-module heatmap (see heatmap.ts). */
export const HEATMAP_TITLE = "Where the change sits";

/** Rows of the config changes table shown before the rest are counted. */
const MAX_CONFIG_ROWS = 40;

/** Appended to a config key that describes the architecture. */
export const ARCHITECTURE_MARK = " (architecture)";

/** Shown for a config value that one side does not have. */
export const CONFIG_VALUE_ABSENT = "absent";

/** The changes in config and tokenizer files, as far as the reports list them. */
export interface ConfigChangesSection {
  title: string;
  /** The changes to show as rows, in report order. */
  rows: ConfigChangeReport[];
  /** A sentence that counts the changes left out, or null when all are shown. */
  omittedText: string | null;
}

/** Returns the config and tokenizer changes to show, or null when there are none. */
export function configChangesSection(report: DiffReport): ConfigChangesSection | null {
  const changes = report.configChanges;
  if (changes.length === 0) return null;
  return {
    title: "Config and tokenizer changes",
    rows: changes.slice(0, MAX_CONFIG_ROWS),
    omittedText:
      changes.length > MAX_CONFIG_ROWS
        ? `${changes.length - MAX_CONFIG_ROWS} more changes are in the JSON report.`
        : null,
  };
}

/** Returns the confidence level and score, as in "confidence medium (score 0.6200)". */
export function confidenceText(report: DiffReport): string {
  const classification = report.classification;
  const score = `score ${formatFigure(classification.score)}`;
  if (classification.cappedBy === null) return `confidence ${classification.confidence} (${score})`;
  return `confidence ${classification.confidence} (${score}, capped at ${classification.confidence} because ${classification.cappedBy})`;
}
