import { tmpdir } from "node:os";
import path from "node:path";
import * as core from "@actions/core";
import { UsageError } from "../errors.js";
import { parseCommentKey } from "../github/sticky-comment.js";
import {
  DEFAULT_THRESHOLD,
  DEFAULT_TOP,
  type DiffMode,
  type DiffOptions,
  defaultWorkerCount,
  MAX_WORKERS,
  parseCount,
  parseThreshold,
  resolveHubOptions,
} from "../options.js";
import { type GateOptions, parseFailOn, parseMaxChangedFraction } from "../report/gates.js";

/** The action's inputs, parsed and validated once. Nothing else reads inputs. */
export interface ActionOptions {
  diff: DiffOptions;
  /** Token for the GitHub API, or null when the input is empty. */
  githubToken: string | null;
  /** Post or update the sticky comment when the run belongs to a pull request. */
  comment: boolean;
  /** Key that keeps several diffs in one pull request in separate comments; "" for the default. */
  commentKey: string;
  /** Pull request to comment on, overriding the event payload; null to take it from the event. */
  prNumber: number | null;
  /** Write the Markdown report to the job summary. */
  summary: boolean;
  gates: GateOptions;
  /** Absolute folder for the full Markdown and JSON reports. */
  reportDir: string;
}

/** Largest pull request number accepted; GitHub's numbers are 32-bit. */
const MAX_PR_NUMBER = 2_147_483_647;

function input(name: string): string {
  return core.getInput(name);
}

function requiredInput(name: string): string {
  const value = input(name);
  if (value === "") {
    throw new UsageError(
      `${name}: the input is required. Set it under "with:" in the workflow step.`,
    );
  }
  return value;
}

function booleanInput(name: string, fallback: boolean): boolean {
  const value = input(name);
  if (value === "") return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw new UsageError(`${name}: "${value}" is not a boolean. Give true or false.`);
}

function parseMode(value: string): DiffMode {
  if (value === "" || value === "full") return "full";
  if (value === "structure") return "structure";
  throw new UsageError(
    `mode: "${value}" is not a mode. Give full (compare tensor values) or structure (compare headers only).`,
  );
}

function optionalText(name: string): string | null {
  const value = input(name);
  return value === "" ? null : value;
}

/**
 * Returns the report folder: the input resolved against the workspace, or `model-diff` under
 * RUNNER_TEMP (the system temporary folder outside a runner) when the input is empty.
 */
function resolveReportDir(value: string, env: NodeJS.ProcessEnv): string {
  if (value === "") return path.join(env.RUNNER_TEMP || tmpdir(), "model-diff");
  return path.resolve(env.GITHUB_WORKSPACE || process.cwd(), value);
}

/**
 * Reads and validates every input, then passes each token to core.setSecret so the runner masks
 * it in the log. Throws UsageError naming the input that is wrong.
 */
export function readActionInputs(env: NodeJS.ProcessEnv = process.env): ActionOptions {
  const githubToken = optionalText("github-token");
  if (githubToken !== null) core.setSecret(githubToken);
  const hfTokenInput = optionalText("hf-token");
  if (hfTokenInput !== null) core.setSecret(hfTokenInput);
  if (env.HF_TOKEN) core.setSecret(env.HF_TOKEN);

  const threshold = input("threshold");
  const workers = input("workers");
  const top = input("top");
  const prNumber = input("pr-number");
  const maxChangedFraction = input("max-changed-fraction");
  const mode = parseMode(input("mode"));
  if (mode === "structure" && maxChangedFraction !== "") {
    throw new UsageError(
      "max-changed-fraction: a structure-only run (mode: structure) does not compare values, so it has no changed fraction to gate on. Remove max-changed-fraction or use mode: full.",
    );
  }
  return {
    diff: {
      base: requiredInput("base"),
      head: requiredInput("head"),
      baseRevision: optionalText("base-revision"),
      headRevision: optionalText("head-revision"),
      threshold: threshold === "" ? DEFAULT_THRESHOLD : parseThreshold(threshold, "threshold"),
      workers:
        workers === "" ? defaultWorkerCount() : parseCount(workers, "workers", 1, MAX_WORKERS),
      top: top === "" ? DEFAULT_TOP : parseCount(top, "top", 1, 1000),
      mode,
      hub: resolveHubOptions({ endpoint: optionalText("hf-endpoint"), token: hfTokenInput }, env, {
        endpoint: "hf-endpoint",
        token: "hf-token",
      }),
    },
    githubToken,
    comment: booleanInput("comment", true),
    commentKey: parseCommentKey(input("comment-key"), "comment-key"),
    prNumber: prNumber === "" ? null : parseCount(prNumber, "pr-number", 1, MAX_PR_NUMBER),
    summary: booleanInput("summary", true),
    gates: {
      failOn: parseFailOn(input("fail-on"), "fail-on"),
      maxChangedFraction:
        maxChangedFraction === ""
          ? null
          : parseMaxChangedFraction(maxChangedFraction, "max-changed-fraction"),
    },
    reportDir: resolveReportDir(input("report-dir"), env),
  };
}
