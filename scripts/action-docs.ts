/**
 * Generates the README's table of action inputs and outputs from action.yml, between the marker
 * comments below, so the two never drift. `npm run docs` rewrites README.md;
 * `npm run docs -- --check` exits 1 when README.md differs from what it would write.
 * test/action/docs.test.ts runs the same check in the test suite.
 */

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const BEGIN_MARKER =
  "<!-- action-docs:begin (generated from action.yml by npm run docs) -->";
export const END_MARKER = "<!-- action-docs:end -->";

interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

interface ActionManifest {
  inputs?: Record<string, ActionInput>;
  outputs?: Record<string, { description?: string }>;
}

/** Escapes a description for a table cell: pipes and line breaks would end the cell. */
function cell(text: string): string {
  return text
    .trim()
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|");
}

function code(text: string): string {
  return text === "" ? "" : `\`${text}\``;
}

/**
 * Returns a Markdown table with every column padded to its widest cell, the layout Biome's
 * Markdown formatter gives it, so `npm run lint` accepts the generated README. Widths count
 * UTF-16 units, which equals the display width for the ASCII text of action.yml.
 */
function table(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((text, column) => text.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)];
}

/** Returns the Markdown that goes between the markers for the given action.yml text. */
export function renderActionDocs(actionYaml: string): string {
  const manifest = parse(actionYaml) as ActionManifest;
  const inputs = Object.entries(manifest.inputs ?? {}).map(([name, input]) => [
    `\`${name}\``,
    input.required === true ? "yes" : "no",
    code(input.default ?? ""),
    cell(input.description ?? ""),
  ]);
  const outputs = Object.entries(manifest.outputs ?? {}).map(([name, output]) => [
    `\`${name}\``,
    cell(output.description ?? ""),
  ]);
  return [
    ...table(["input", "required", "default", "description"], inputs),
    "",
    ...table(["output", "description"], outputs),
  ].join("\n");
}

/** Returns the README with the generated block replaced; throws when a marker is missing. */
export function updateReadme(readme: string, actionYaml: string): string {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin < 0 || end < begin) {
    throw new Error(
      `README.md must contain "${BEGIN_MARKER}" followed by "${END_MARKER}"; add both where the table goes.`,
    );
  }
  const before = readme.slice(0, begin + BEGIN_MARKER.length);
  const after = readme.slice(end);
  return `${before}\n\n${renderActionDocs(actionYaml)}\n\n${after}`;
}

function main(argv: readonly string[]): number {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const readmePath = path.join(root, "README.md");
  const readme = readFileSync(readmePath, "utf8");
  const updated = updateReadme(readme, readFileSync(path.join(root, "action.yml"), "utf8"));
  if (argv.includes("--check")) {
    if (updated === readme) {
      process.stderr.write("README.md: the action inputs and outputs table matches action.yml.\n");
      return 0;
    }
    process.stderr.write(
      "README.md: the action inputs and outputs table differs from action.yml. Run npm run docs.\n",
    );
    return 1;
  }
  if (updated === readme) {
    process.stderr.write(
      "README.md: the action inputs and outputs table was already up to date.\n",
    );
    return 0;
  }
  writeFileSync(readmePath, updated);
  process.stderr.write("README.md: rewrote the action inputs and outputs table from action.yml.\n");
  return 0;
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  process.exitCode = main(process.argv.slice(2));
}
