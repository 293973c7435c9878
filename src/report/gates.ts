import { UsageError } from "../errors.js";
import { formatCount, formatPercent } from "./format.js";
import type { DiffReport, Label } from "./model.js";

/**
 * Merge gates: conditions on a report that fail the action step. They are evaluated before the
 * report is published, so the comment and the job summary can show which gate tripped and why.
 */

/** Labels the classifier emits; `same_architecture` only in a structure-only run. */
const EMITTED_LABELS = [
  "identical",
  "cast",
  "quantized",
  "lora_merge",
  "partial_finetune",
  "finetune",
  "continued_pretraining",
  "merge",
  "pruned",
  "derived_obfuscated",
  "independent",
  "architecture_change",
  "same_architecture",
] as const satisfies readonly Label[];

/** Labels a `fail-on` list may name. */
export const GATE_LABELS: readonly string[] = EMITTED_LABELS;

/** Fails to compile when the Label type gains a label that a `fail-on` list could not name. */
type UnlistedLabel = Exclude<Label, (typeof EMITTED_LABELS)[number]>;
const everyLabelListed: [UnlistedLabel] extends [never] ? true : never = true;
void everyLabelListed;

export interface GateOptions {
  /** Labels that fail the step; with an empty list, no label fails it. */
  failOn: string[];
  /** Changed fraction above which the step fails, in [0, 1]; null for no limit. */
  maxChangedFraction: number | null;
}

export interface GateResult {
  /** The input that configures the gate. */
  gate: "fail-on" | "max-changed-fraction";
  tripped: boolean;
  /** One sentence with the figures behind the outcome. */
  reason: string;
}

/** Parses the comma-separated `fail-on` input; throws UsageError naming an unknown label. */
export function parseFailOn(text: string, input: string): string[] {
  const labels: string[] = [];
  for (const part of text.split(",")) {
    const label = part.trim();
    if (label === "") continue;
    if (!GATE_LABELS.includes(label)) {
      throw new UsageError(
        `${input}: "${label}" is not a classification label. Give a comma-separated list of: ${GATE_LABELS.join(", ")}.`,
      );
    }
    if (!labels.includes(label)) labels.push(label);
  }
  return labels;
}

/** A plain decimal fraction such as 0.5, 1 or 2e-3. */
const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses the `max-changed-fraction` input: a decimal number from 0 to 1. */
export function parseMaxChangedFraction(text: string, input: string): number {
  const value = Number(text);
  if (!DECIMAL_NUMBER.test(text) || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(
      `${input}: "${text}" is not valid. Give a fraction from 0 to 1, such as 0.05 for 5% of the compared parameters.`,
    );
  }
  return value;
}

/** Returns one result per configured gate, in input order: `fail-on`, then `max-changed-fraction`. */
export function evaluateGates(report: DiffReport, options: GateOptions): GateResult[] {
  const results: GateResult[] = [];
  if (options.failOn.length > 0) {
    const label = report.classification.label;
    const listed = options.failOn.join(", ");
    const tripped = options.failOn.includes(label);
    results.push({
      gate: "fail-on",
      tripped,
      reason: tripped
        ? `The label ${label} is in fail-on (${listed}).`
        : `The label ${label} is not in fail-on (${listed}).`,
    });
  }
  if (options.maxChangedFraction !== null) {
    results.push(changedFractionGate(report, options.maxChangedFraction));
  }
  return results;
}

function changedFractionGate(report: DiffReport, limit: number): GateResult {
  const summary = report.summary;
  const fraction = summary.changedFraction;
  const limitText = `max-changed-fraction ${limit} (${formatPercent(limit)})`;
  if (fraction === null || summary.changedParams === null) {
    const why =
      report.mode === "structure"
        ? "Values were not compared (structure-only run)"
        : "No parameter was compared";
    return {
      gate: "max-changed-fraction",
      tripped: false,
      reason: `${why}, so there is no changed fraction to hold against ${limitText}.`,
    };
  }
  const figures = `${formatCount(summary.changedParams)} of ${formatCount(summary.comparedParams)} compared parameters changed (${formatPercent(fraction)})`;
  const tripped = fraction > limit;
  return {
    gate: "max-changed-fraction",
    tripped,
    reason: tripped ? `${figures}, above ${limitText}.` : `${figures}, within ${limitText}.`,
  };
}
