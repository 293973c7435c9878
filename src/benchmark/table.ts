/** Plain-text rendering of benchmark scores. */

import type { Label } from "../report/model.js";
import type { CaseResult, Scores } from "./run.js";

function percent(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}

/** Mean and maximum wall-clock and CPU seconds per case, for each configuration. */
function timingLines(results: readonly CaseResult[]): string[] {
  const lines: string[] = [];
  for (const config of new Set(results.map((result) => result.config))) {
    const of = results.filter((result) => result.config === config);
    const mean = (values: number[]) =>
      values.reduce((sum, value) => sum + value, 0) / values.length;
    const wall = of.map((result) => result.seconds);
    const cpu = of.map((result) => result.cpuSeconds);
    const slowest = of.reduce((top, result) => (result.cpuSeconds > top.cpuSeconds ? result : top));
    lines.push(
      `Seconds per case (${config}): wall mean ${mean(wall).toFixed(2)} max ${Math.max(...wall).toFixed(2)}, CPU mean ${mean(cpu).toFixed(2)} max ${Math.max(...cpu).toFixed(2)} (${slowest.id})`,
    );
  }
  return lines;
}

/** Renders the scores: totals, per-confidence accuracy, hard gates and the confusion table. */
export function renderScores(scores: Scores, results: readonly CaseResult[]): string {
  const lines = [
    `Top-label accuracy: ${percent(scores.accuracy)} (${Math.round(scores.accuracy * scores.cases)}/${scores.cases})`,
    `Hard-case accuracy: ${percent(scores.hardAccuracy)} (${Math.round(scores.hardAccuracy * scores.hardCases)}/${scores.hardCases})`,
    `Calibration error (ECE of the score, 10 bins): ${scores.calibrationError.toFixed(3)}`,
    ...Object.entries(scores.byConfidence).map(
      ([level, entry]) =>
        `  confidence ${level}: ${entry.cases} cases, ${percent(entry.accuracy)} correct`,
    ),
    ...timingLines(results),
    `Hard gates: ${scores.gateFailures.length === 0 ? "all pass" : scores.gateFailures.join("; ")}`,
    "",
    "Confusion (rows: ground truth, columns: label given):",
  ];
  const labels = [
    ...new Set<Label>([
      ...scores.confusion.keys(),
      ...[...scores.confusion.values()].flatMap((row) => [...row.keys()]),
    ]),
  ];
  const short = (label: Label) =>
    label
      .replace("continued_pretraining", "cpt")
      .replace("partial_finetune", "partial")
      .replace("architecture_change", "arch")
      .replace("derived_obfuscated", "obfusc")
      .replace("lora_merge", "lora");
  const width = Math.max(...labels.map((label) => short(label).length), 5) + 1;
  lines.push(`${"".padEnd(width)}${labels.map((label) => short(label).padStart(width)).join("")}`);
  for (const truth of labels) {
    const row = scores.confusion.get(truth);
    if (!row) continue;
    lines.push(
      `${short(truth).padEnd(width)}${labels.map((label) => String(row.get(label) ?? "").padStart(width)).join("")}`,
    );
  }
  const misses = results.filter((result) => !result.correct);
  if (misses.length > 0) {
    lines.push("", "Misses:");
    for (const miss of misses)
      lines.push(
        `  ${miss.config}/${miss.id}: ${miss.label} (expected ${miss.acceptable.join(" or ")})`,
      );
  }
  return `${lines.join("\n")}\n`;
}
