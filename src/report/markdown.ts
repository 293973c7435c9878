import { renderClassificationSections } from "./classification-sections.js";
import { markdownCode, markdownCodeCell, markdownInline } from "./escape.js";
import { formatCount } from "./format.js";
import type { GateResult } from "./gates.js";
import type { DiffReport } from "./model.js";
import {
  type Cell,
  checkpointLines,
  confidenceText,
  layerSection,
  metadataSection,
  moduleSection,
  SPECIAL_VALUES_RULE,
  structureSections,
  summaryItems,
  type Table,
  type TableSection,
  thresholdExpression,
  topByMaxAbsDelta,
  topByRelativeChange,
} from "./sections.js";

/** Tables longer than this fold into a `<details>` block, so the comment stays short to scroll. */
export const FOLD_ROWS = 15;

export interface MarkdownOptions {
  /** Rows in each "top tensors" table. */
  top: number;
  /** Outcomes of the merge gates, shown in their own section when there are any. */
  gates?: readonly GateResult[];
  /** How to shorten the report to fit a size limit; the full report when absent. */
  layout?: MarkdownLayout;
}

/** A shortened form of the report, chosen by src/report/budget.ts to fit a size limit. */
export interface MarkdownLayout {
  /** Rows shown per table; a longer table shows its first rows and a count of the rest. */
  maxTableRows: number | null;
  /** Titles of the sections to leave out (see optionalSectionTitles). */
  omit: ReadonlySet<string>;
  /** Markdown placed under the title to say what was cut, or null. */
  notice: string | null;
}

const FULL_LAYOUT: MarkdownLayout = { maxTableRows: null, omit: new Set(), notice: null };

/** Title of the notes section, which a shortened report may leave out like a table. */
export const NOTES_TITLE = "Notes";

/** Escapes text for raw HTML, where Markdown escapes would show as backslashes. */
function htmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function renderCell(cell: Cell): string {
  return cell.literal ? markdownCodeCell(cell.text) : markdownInline(cell.text);
}

function renderTable(table: Table): string[] {
  const header = `| ${table.columns.map((column) => markdownInline(column.header)).join(" | ")} |`;
  const rule = `|${table.columns.map((column) => (column.align === "right" ? "---:" : "---")).join("|")}|`;
  const rows = table.rows.map((row) => `| ${row.map(renderCell).join(" | ")} |`);
  return [header, rule, ...rows];
}

function renderSection(section: TableSection, layout: MarkdownLayout): string[] {
  if (layout.omit.has(section.title)) return [];
  const lines = [`## ${markdownInline(section.title)}`, ""];
  if (section.intro !== null) lines.push(markdownInline(section.intro), "");
  const rowCount = section.table.rows.length;
  if (rowCount === 0) return lines;
  const shownRows =
    layout.maxTableRows === null ? rowCount : Math.min(rowCount, Math.max(0, layout.maxTableRows));
  const table = renderTable({ ...section.table, rows: section.table.rows.slice(0, shownRows) });
  if (shownRows > FOLD_ROWS) {
    const summary = htmlText(`${section.title} (${shownRows} rows)`);
    lines.push("<details>", `<summary>${summary}</summary>`, "", ...table, "", "</details>", "");
  } else {
    lines.push(...table, "");
  }
  if (shownRows < rowCount) {
    lines.push(
      markdownInline(
        `${formatCount(shownRows)} of ${formatCount(rowCount)} rows shown; the full report has them all.`,
      ),
      "",
    );
  }
  return lines;
}

function renderGates(gates: readonly GateResult[]): string[] {
  if (gates.length === 0) return [];
  const lines = ["## Merge gates", ""];
  for (const gate of gates) {
    const outcome = gate.tripped ? "**Failed**" : "Passed";
    lines.push(`- ${outcome}: \`${gate.gate}\`. ${markdownInline(gate.reason)}`);
  }
  lines.push("");
  return lines;
}

/** Returns the table sections of the report in the order they are rendered. */
function tableSections(report: DiffReport, top: number): TableSection[] {
  const sections = [
    layerSection(report),
    moduleSection(report),
    topByRelativeChange(report, top),
    topByMaxAbsDelta(report, top),
    ...structureSections(report),
  ];
  const metadata = metadataSection(report);
  if (metadata !== null) sections.push(metadata);
  return sections;
}

/**
 * Returns the titles of the sections a shortened report may leave out, in report order: every
 * table section, and the notes when there are any. The title, checkpoint lines, merge gates,
 * summary and interpretation are always kept.
 */
export function optionalSectionTitles(report: DiffReport, top: number): string[] {
  const titles = tableSections(report, top).map((section) => section.title);
  if (report.notes.length > 0) titles.push(NOTES_TITLE);
  return titles;
}

function renderInterpretation(report: DiffReport): string[] {
  const classification = report.classification;
  const lines = [
    "## Interpretation",
    "",
    `> **${markdownInline(classification.headline)}**`,
    ">",
    `> Label: ${markdownCode(classification.label)}, ${markdownInline(confidenceText(report))}`,
    "",
  ];
  if (classification.facts.length > 0) {
    lines.push(
      "### Facts",
      "",
      ...classification.facts.map((fact) => `- ${markdownInline(fact)}`),
      "",
    );
  }
  if (classification.evidence.length > 0) {
    lines.push(
      "### Why we think this",
      "",
      ...classification.evidence.map((item) => `- ${markdownInline(item)}`),
      "",
    );
  }
  return lines;
}

/**
 * Renders the report as GitHub-flavoured Markdown for a pull-request comment or a job summary.
 * Every string read from a checkpoint is shown as a code span, so it cannot change the layout.
 */
export function renderMarkdown(report: DiffReport, options: MarkdownOptions): string {
  const layout = options.layout ?? FULL_LAYOUT;
  const lines: string[] = [
    `# Model diff: ${markdownCode(report.base.reference)} vs ${markdownCode(report.head.reference)}`,
    "",
  ];
  if (layout.notice !== null) lines.push(layout.notice, "");
  // A structure-only run compares no values, so the rule for comparing them does not apply.
  if (report.mode !== "structure") {
    lines.push(
      `Threshold: \`${thresholdExpression(report)}\`. ${markdownInline(SPECIAL_VALUES_RULE)}`,
      "",
    );
  }
  for (const checkpoint of checkpointLines(report)) {
    const text = checkpoint.cells
      .map((cell) => (cell.literal ? markdownCode(cell.text) : markdownInline(cell.text)))
      .join("");
    lines.push(`- ${checkpoint.label}: ${text}`);
  }
  lines.push("");
  lines.push(...renderGates(options.gates ?? []));
  lines.push("## Summary", "");
  for (const item of summaryItems(report)) {
    lines.push(`- ${markdownInline(item.label)}: **${markdownInline(item.value)}**`);
  }
  lines.push("");

  lines.push(...renderInterpretation(report));
  lines.push(...renderClassificationSections(report));
  for (const section of tableSections(report, options.top)) {
    lines.push(...renderSection(section, layout));
  }

  if (report.notes.length > 0 && !layout.omit.has(NOTES_TITLE)) {
    lines.push(
      `## ${NOTES_TITLE}`,
      "",
      ...report.notes.map((note) => `- ${markdownInline(note)}`),
      "",
    );
  }
  lines.push(
    `<sub>${markdownInline(`model-diff ${report.tool.version}, report schema ${report.schemaVersion}`)}</sub>`,
  );
  return `${lines.join("\n")}\n`;
}
