/**
 * A layer-by-module heatmap of relative change, drawn with Unicode block characters so it reads
 * in a pull-request comment, a terminal and a job summary alike.
 */

import { visibleText } from "../visible-text.js";
import type { DiffReport, ModuleKind } from "./model.js";

/** Module kinds shown as columns, input side to output side. */
const COLUMNS: readonly { kind: ModuleKind; header: string }[] = [
  { kind: "embedding", header: "embed" },
  { kind: "attention", header: "attn" },
  { kind: "mlp", header: "mlp" },
  { kind: "norm", header: "norm" },
  { kind: "output_head", header: "head" },
  { kind: "other", header: "other" },
];

/** Shades from the smallest to the largest relative change; each step is half a decade. */
export const HEATMAP_SHADES = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] as const;
/** Relative change of the lowest shade; smaller nonzero changes use it too. */
export const HEATMAP_FLOOR = 1e-4;
const UNCHANGED = "·";
/** Code points of a row label shown, because a stack name comes from tensor names and can be long. */
export const HEATMAP_LABEL_CHARS = 40;
const ABSENT = " ";

/** Returns the shade of a relative change: half-decade steps from HEATMAP_FLOOR. */
export function shadeOf(relativeChange: number | null): string {
  if (relativeChange === null) return ABSENT;
  if (relativeChange === 0) return UNCHANGED;
  const step = Math.floor((Math.log10(relativeChange) - Math.log10(HEATMAP_FLOOR)) * 2);
  return HEATMAP_SHADES[Math.min(HEATMAP_SHADES.length - 1, Math.max(0, step))] as string;
}

interface Cell {
  weighted: number;
  params: number;
  vectorWeighted: number;
  vectorParams: number;
}

/**
 * Returns the heatmap's lines (without a code fence), or an empty list when no tensor sits in a
 * numbered layer or the values were not compared. A cell is the parameter-weighted mean relative
 * change of its matrices. When its matrices did not change, or it has none, the cell shows its
 * 1-D tensors instead. "·" marks a cell whose tensors did not change.
 */
export function heatmapLines(report: DiffReport): string[] {
  if (report.mode === "structure") return [];
  const cells = new Map<string, Cell>();
  // Rows in order of first appearance. The set makes each membership test O(1).
  const rows: string[] = [];
  const seenRows = new Set<string>();
  for (const tensor of report.tensors) {
    const row =
      tensor.layer === null
        ? "(none)"
        : tensor.stack === null
          ? String(tensor.layer)
          : `${tensor.stack}.${tensor.layer}`;
    if (!seenRows.has(row)) {
      seenRows.add(row);
      rows.push(row);
    }
    const key = `${row}|${tensor.module}`;
    const cell = cells.get(key) ?? { weighted: 0, params: 0, vectorWeighted: 0, vectorParams: 0 };
    const rho = tensor.changed === 0 && tensor.bitsDiffering === 0 ? 0 : tensor.relativeChange;
    if (rho !== null) {
      if (tensor.shape.length >= 2) {
        cell.weighted += rho * tensor.numel;
        cell.params += tensor.numel;
      } else {
        cell.vectorWeighted += rho * tensor.numel;
        cell.vectorParams += tensor.numel;
      }
    }
    cells.set(key, cell);
  }
  if (!report.tensors.some((tensor) => tensor.layer !== null)) return [];
  // Rows follow the layer groups' order, and rows with no group go last in first-appearance
  // order (the sort is stable). A key listed twice keeps its first position.
  const layerOrder = new Map<string, number>();
  for (const [position, group] of report.layers.entries()) {
    if (!layerOrder.has(group.key)) layerOrder.set(group.key, position);
  }
  const rank = (row: string) => layerOrder.get(row) ?? Number.MAX_SAFE_INTEGER;
  rows.sort((x, y) => rank(x) - rank(y));
  const columns = COLUMNS.filter((column) =>
    report.tensors.some((tensor) => tensor.module === column.kind),
  );
  // A label is escaped and cut like any name, so it cannot break the block or widen it unbounded.
  const labels = new Map(rows.map((row) => [row, visibleText(row, HEATMAP_LABEL_CHARS).text]));
  // A loop, not Math.max(...labels): one argument per row can exceed the engine's argument limit.
  let labelWidth = 5;
  for (const label of labels.values()) labelWidth = Math.max(labelWidth, Array.from(label).length);
  const lines = [
    `${"layer".padStart(labelWidth)}  ${columns.map((column) => column.header.padEnd(5)).join(" ")}`.trimEnd(),
  ];
  for (const row of rows) {
    const shades = columns.map((column) => {
      const cell = cells.get(`${row}|${column.kind}`);
      let value: number | null = null;
      if (cell && cell.weighted > 0) value = cell.weighted / cell.params;
      else if (cell && cell.vectorWeighted > 0) value = cell.vectorWeighted / cell.vectorParams;
      else if (cell && cell.params + cell.vectorParams > 0) value = 0;
      return shadeOf(value).padEnd(5);
    });
    const label = labels.get(row) ?? row;
    const padding = " ".repeat(labelWidth - Array.from(label).length);
    lines.push(`${padding}${label}  ${shades.join(" ")}`.trimEnd());
  }
  return lines;
}

/** Returns the legend, with the range of relative change each shade stands for. */
export function heatmapLegend(): string {
  const parts = HEATMAP_SHADES.map((shade, i) => {
    const low = HEATMAP_FLOOR * 10 ** (i / 2);
    return `${shade} ${i === 0 ? "<" : "≥"}${(i === 0 ? HEATMAP_FLOOR * 10 ** 0.5 : low).toPrecision(2)}`;
  });
  return `Relative change ||head - base|| / ||base||, half a decade per shade: ${parts.join(", ")}; · unchanged; blank: no such tensor.`;
}
