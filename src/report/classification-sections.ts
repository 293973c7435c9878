/**
 * Markdown sections that explain the classification beyond its evidence lines: structural notes,
 * the layer-by-module heatmap of relative change, and the changes in config and tokenizer files.
 */

import { markdownCodeBlock, markdownCodeCell, markdownInline } from "./escape.js";
import { heatmapLegend, heatmapLines } from "./heatmap.js";
import type { DiffReport } from "./model.js";
import {
  ARCHITECTURE_MARK,
  CONFIG_VALUE_ABSENT,
  configChangesSection,
  HEATMAP_TITLE,
  STRUCTURAL_NOTES_TITLE,
} from "./sections.js";

function configValueCell(value: string | null): string {
  return value === null ? CONFIG_VALUE_ABSENT : markdownCodeCell(value);
}

/** Renders the structural notes, the heatmap and the config changes as Markdown lines. */
export function renderClassificationSections(report: DiffReport): string[] {
  const lines: string[] = [];
  const notes = report.classification.structuralNotes;
  if (notes.length > 0) {
    lines.push(`### ${STRUCTURAL_NOTES_TITLE}`, "");
    for (const note of notes) lines.push(`- \`${note.kind}\`: ${markdownInline(note.text)}`);
    lines.push("");
  }
  const heatmap = heatmapLines(report);
  if (heatmap.length > 0) {
    lines.push(
      `## ${HEATMAP_TITLE}`,
      "",
      markdownInline(heatmapLegend()),
      "",
      markdownCodeBlock(heatmap),
      "",
    );
  }
  const config = configChangesSection(report);
  if (config !== null) {
    lines.push(`## ${config.title}`, "", "| File | Key | Base | Head |", "|---|---|---|---|");
    for (const change of config.rows) {
      const mark = change.architectural ? ARCHITECTURE_MARK : "";
      lines.push(
        `| ${markdownCodeCell(change.file)} | ${markdownCodeCell(change.key)}${mark} | ${configValueCell(change.base)} | ${configValueCell(change.head)} |`,
      );
    }
    if (config.omittedText !== null) lines.push("", config.omittedText);
    lines.push("");
  }
  return lines;
}
