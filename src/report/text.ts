import { escapeInvisible } from "../visible-text.js";
import { plainProse, plainText } from "./escape.js";
import { heatmapLegend, heatmapLines } from "./heatmap.js";
import type { DiffReport } from "./model.js";
import {
  ARCHITECTURE_MARK,
  type Cell,
  CONFIG_VALUE_ABSENT,
  checkpointLines,
  confidenceText,
  configChangesSection,
  HEATMAP_TITLE,
  layerSection,
  metadataSection,
  moduleSection,
  SPECIAL_VALUES_RULE,
  STRUCTURAL_NOTES_TITLE,
  structureSections,
  summaryItems,
  type Table,
  type TableSection,
  thresholdExpression,
  topByMaxAbsDelta,
  topByRelativeChange,
} from "./sections.js";

export interface TextOptions {
  /** Rows in each "top tensors" table. */
  top: number;
}

/** Spaces between table columns. */
const COLUMN_GAP = "  ";

function cellText(cell: Cell): string {
  return cell.literal ? plainText(cell.text) : cell.text;
}

/** Width in code points; wide CJK characters still count as one, so such rows may not align. */
function widthOf(text: string): number {
  return Array.from(text).length;
}

function pad(text: string, width: number, align: "left" | "right"): string {
  const fill = " ".repeat(Math.max(0, width - widthOf(text)));
  return align === "right" ? fill + text : text + fill;
}

function renderTable(table: Table): string[] {
  const cells = table.rows.map((row) => row.map(cellText));
  const widths = table.columns.map((column, i) =>
    Math.max(widthOf(column.header), ...cells.map((row) => widthOf(row[i] ?? ""))),
  );
  const line = (values: readonly string[]): string =>
    table.columns
      .map((column, i) => pad(values[i] ?? "", widths[i] ?? 0, column.align))
      .join(COLUMN_GAP)
      .trimEnd();
  const header = line(table.columns.map((column) => column.header));
  const rule = widths.map((width) => "-".repeat(width)).join(COLUMN_GAP);
  return [header, rule, ...cells.map(line)];
}

function heading(title: string, underline: "=" | "-"): string[] {
  return [title, underline.repeat(widthOf(title))];
}

function renderSection(section: TableSection): string[] {
  const lines = [...heading(section.title, "-"), ""];
  if (section.intro !== null) lines.push(section.intro, "");
  if (section.table.rows.length > 0) lines.push(...renderTable(section.table), "");
  return lines;
}

function renderInterpretation(report: DiffReport): string[] {
  const classification = report.classification;
  const lines = [
    ...heading("Interpretation", "-"),
    "",
    plainProse(classification.headline),
    `Label: ${plainText(classification.label)}, ${confidenceText(report)}`,
    "",
  ];
  if (classification.facts.length > 0) {
    lines.push("Facts:", ...classification.facts.map((fact) => `  * ${plainProse(fact)}`), "");
  }
  if (classification.evidence.length > 0) {
    lines.push(
      "Why we think this:",
      ...classification.evidence.map((item) => `  * ${plainProse(item)}`),
      "",
    );
  }
  return lines;
}

/**
 * Renders the structural notes, the heatmap and the config changes, each only when the report has
 * it, in the order of the Markdown report.
 */
function renderClassificationSections(report: DiffReport): string[] {
  const lines: string[] = [];
  const notes = report.classification.structuralNotes;
  if (notes.length > 0) {
    lines.push(
      `${STRUCTURAL_NOTES_TITLE}:`,
      ...notes.map((note) => `  * ${note.kind}: ${plainProse(note.text)}`),
      "",
    );
  }

  const heatmap = heatmapLines(report);
  if (heatmap.length > 0) {
    lines.push(...heading(HEATMAP_TITLE, "-"), "", plainProse(heatmapLegend()), "");
    lines.push(...heatmap, "");
  }

  const config = configChangesSection(report);
  if (config !== null) {
    const value = (text: string | null): Cell =>
      text === null ? { text: CONFIG_VALUE_ABSENT, literal: false } : { text, literal: true };
    const table: Table = {
      columns: ["File", "Key", "Base", "Head"].map((header) => ({ header, align: "left" })),
      rows: config.rows.map((change) => [
        { text: change.file, literal: true },
        // The key is escaped here, because its cell also carries the mark that model-diff writes.
        {
          text: plainText(change.key) + (change.architectural ? ARCHITECTURE_MARK : ""),
          literal: false,
        },
        value(change.base),
        value(change.head),
      ]),
    };
    lines.push(...heading(config.title, "-"), "", ...renderTable(table), "");
    if (config.omittedText !== null) lines.push(config.omittedText, "");
  }
  return lines;
}

/** Renders the report for a terminal: the Markdown report's content with aligned columns. */
export function renderText(report: DiffReport, options: TextOptions): string {
  const lines: string[] = [
    ...heading(
      `Model diff: ${plainText(report.base.reference)} vs ${plainText(report.head.reference)}`,
      "=",
    ),
    "",
  ];
  // A structure-only run compares no values, so the rule for comparing them does not apply.
  if (report.mode !== "structure") {
    lines.push(`Threshold: ${thresholdExpression(report)}. ${SPECIAL_VALUES_RULE}`, "");
  }
  for (const checkpoint of checkpointLines(report)) {
    lines.push(`${checkpoint.label}: ${checkpoint.cells.map(cellText).join("")}`);
  }
  lines.push("", ...heading("Summary", "-"), "");
  const items = summaryItems(report);
  const labelWidth = Math.max(...items.map((item) => widthOf(item.label)));
  for (const item of items)
    lines.push(`${pad(`${item.label}:`, labelWidth + 1, "left")} ${item.value}`);
  lines.push("");

  lines.push(...renderInterpretation(report));
  lines.push(...renderClassificationSections(report));
  lines.push(...renderSection(layerSection(report)));
  lines.push(...renderSection(moduleSection(report)));
  lines.push(...renderSection(topByRelativeChange(report, options.top)));
  lines.push(...renderSection(topByMaxAbsDelta(report, options.top)));
  for (const section of structureSections(report)) lines.push(...renderSection(section));
  const metadata = metadataSection(report);
  if (metadata !== null) lines.push(...renderSection(metadata));

  if (report.notes.length > 0) {
    lines.push(
      ...heading("Notes", "-"),
      "",
      ...report.notes.map((note) => `  * ${plainProse(note)}`),
      "",
    );
  }
  lines.push(`model-diff ${report.tool.version}, report schema ${report.schemaVersion}`);
  // A last pass over every line, so no text from a checkpoint reaches a terminal as a control
  // sequence, whichever part of the report it went through.
  return `${lines.map(escapeInvisible).join("\n")}\n`;
}
