/** Plain-text rendering of benchmark scores. */

import type { Label } from "../report/model.js";
import type { CaseResult, Scores } from "./run.js";

function percent(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
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
    `Mean seconds per case: ${(results.reduce((sum, result) => sum + result.seconds, 0) / Math.max(1, results.length)).toFixed(2)}`,
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
