/**
 * Markdown sections that explain the classification beyond its evidence lines: structural notes,
 * the layer-by-module heatmap of relative change, and the changes in config and tokenizer files.
 */

import { markdownCodeBlock, markdownCodeCell, markdownInline } from "./escape.js";
import { heatmapLegend, heatmapLines } from "./heatmap.js";
import type { DiffReport } from "./model.js";

/** Rows of the config changes table shown before the rest are counted. */
const MAX_CONFIG_ROWS = 40;

/** Renders the structural notes, the heatmap and the config changes as Markdown lines. */
export function renderClassificationSections(report: DiffReport): string[] {
  const lines: string[] = [];
  const notes = report.classification.structuralNotes;
  if (notes.length > 0) {
    lines.push("### Structural notes", "");
    for (const note of notes) lines.push(`- \`${note.kind}\`: ${markdownInline(note.text)}`);
    lines.push("");
  }
  const heatmap = heatmapLines(report);
  if (heatmap.length > 0) {
    lines.push(
      "## Where the change sits",
      "",
      markdownInline(heatmapLegend()),
      "",
      markdownCodeBlock(heatmap),
      "",
    );
  }
  const changes = report.configChanges;
  if (changes.length > 0) {
    lines.push(
      "## Config and tokenizer changes",
      "",
      "| File | Key | Base | Head |",
      "|---|---|---|---|",
    );
    for (const change of changes.slice(0, MAX_CONFIG_ROWS)) {
      lines.push(
        `| ${markdownCodeCell(change.file)} | ${markdownCodeCell(change.key)}${change.architectural ? " (architecture)" : ""} | ${change.base === null ? "absent" : markdownCodeCell(change.base)} | ${change.head === null ? "absent" : markdownCodeCell(change.head)} |`,
      );
    }
    if (changes.length > MAX_CONFIG_ROWS)
      lines.push("", `${changes.length - MAX_CONFIG_ROWS} more changes are in the JSON report.`);
    lines.push("");
  }
  return lines;
}
