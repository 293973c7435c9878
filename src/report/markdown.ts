import { markdownCode, markdownCodeCell, markdownInline } from "./escape.js";
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
}

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

function renderSection(section: TableSection, level: "##" | "###" = "##"): string[] {
  const lines = [`${level} ${markdownInline(section.title)}`, ""];
  if (section.intro !== null) lines.push(markdownInline(section.intro), "");
  if (section.table.rows.length === 0) return lines;
  const table = renderTable(section.table);
  if (section.table.rows.length > FOLD_ROWS) {
    const summary = htmlText(`${section.title} (${section.table.rows.length} rows)`);
    lines.push("<details>", `<summary>${summary}</summary>`, "", ...table, "", "</details>", "");
  } else {
    lines.push(...table, "");
  }
  return lines;
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
  const lines: string[] = [
    `# Model diff: ${markdownCode(report.base.reference)} vs ${markdownCode(report.head.reference)}`,
    "",
    `Threshold: \`${thresholdExpression(report)}\`. ${markdownInline(SPECIAL_VALUES_RULE)}`,
    "",
  ];
  for (const checkpoint of checkpointLines(report)) {
    const text = checkpoint.cells
      .map((cell) => (cell.literal ? markdownCode(cell.text) : markdownInline(cell.text)))
      .join("");
    lines.push(`- ${checkpoint.label}: ${text}`);
  }
  lines.push("", "## Summary", "");
  for (const item of summaryItems(report)) {
    lines.push(`- ${markdownInline(item.label)}: **${markdownInline(item.value)}**`);
  }
  lines.push("");

  lines.push(...renderInterpretation(report));
  lines.push(...renderSection(layerSection(report)));
  lines.push(...renderSection(moduleSection(report)));
  lines.push(...renderSection(topByRelativeChange(report, options.top)));
  lines.push(...renderSection(topByMaxAbsDelta(report, options.top)));
  for (const section of structureSections(report)) lines.push(...renderSection(section));
  const metadata = metadataSection(report);
  if (metadata !== null) lines.push(...renderSection(metadata));

  if (report.notes.length > 0) {
    lines.push("## Notes", "", ...report.notes.map((note) => `- ${markdownInline(note)}`), "");
  }
  lines.push(
    `<sub>${markdownInline(`model-diff ${report.tool.version}, report schema ${report.schemaVersion}`)}</sub>`,
  );
  return `${lines.join("\n")}\n`;
}
