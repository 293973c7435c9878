import { accessSync, constants, statSync } from "node:fs";
import * as core from "@actions/core";
import { context as githubContext } from "@actions/github";
import { throwIfCancelled } from "../cancel.js";
import { compareCheckpoints } from "../compare.js";
import { ModelDiffError, UsageError } from "../errors.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_RETRY_UNIT_MS } from "../github/client.js";
import { detectPullRequest } from "../github/pull-request.js";
import { shownUrl } from "../io/http-range.js";
import { millisecondsFromEnv } from "../io/retry.js";
import { evaluateGates } from "../report/gates.js";
import { renderMarkdown } from "../report/markdown.js";
import type { DiffReport } from "../report/model.js";
import { quoteForMessage } from "../visible-text.js";
import { type ActionOptions, readActionInputs } from "./inputs.js";
import { actionLog } from "./log.js";
import { publishFailure, publishReport, type RunContext, writeReportFiles } from "./publish.js";

/**
 * Reads the run's context. MODEL_DIFF_GITHUB_RETRY_UNIT_MS and MODEL_DIFF_GITHUB_TIMEOUT_MS exist
 * so tests can shorten GitHub retry waits and timeouts. Workflows have no reason to set them.
 */
/**
 * Checks that the file a runner variable names exists and is writable, as @actions/core needs
 * for file commands such as setOutput, so the step fails before the diff rather than at its
 * first output. An unset variable is fine, because core then uses the older stdout commands.
 */
function checkFileCommand(env: NodeJS.ProcessEnv, name: string): void {
  const file = env[name];
  if (file === undefined || file === "") return;
  let problem: string | null = null;
  try {
    if (!statSync(file).isFile()) problem = "is not a file";
    else accessSync(file, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problem = code === "ENOENT" ? "does not exist" : `is not writable (${code})`;
  }
  if (problem !== null) {
    throw new UsageError(
      `${name}: the file ${quoteForMessage(file)} ${problem}. The runner creates this file for each step; outside a runner, create the file or unset ${name}.`,
    );
  }
}

/** Sets an output of the step, turning a failure to write the output file into a UsageError. */
function setOutput(name: string, value: string): void {
  try {
    core.setOutput(name, value);
  } catch (error) {
    throw new UsageError(
      `GITHUB_OUTPUT: the output ${name} could not be written: ${error instanceof Error ? error.message : String(error)}. Check that the file GITHUB_OUTPUT names exists and is writable.`,
    );
  }
}

function readRunContext(options: ActionOptions, env: NodeJS.ProcessEnv): RunContext {
  checkFileCommand(env, "GITHUB_OUTPUT");
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  return {
    eventName: githubContext.eventName,
    repository: owner && repo ? { owner, repo } : null,
    pullRequest: detectPullRequest(
      githubContext.eventName,
      githubContext.payload,
      options.prNumber,
    ),
    runUrl: `${env.GITHUB_SERVER_URL || "https://github.com"}/${env.GITHUB_REPOSITORY ?? ""}/actions/runs/${env.GITHUB_RUN_ID ?? ""}`,
    retryUnitMs: millisecondsFromEnv(env, "MODEL_DIFF_GITHUB_RETRY_UNIT_MS", DEFAULT_RETRY_UNIT_MS),
    requestTimeoutMs: millisecondsFromEnv(
      env,
      "MODEL_DIFF_GITHUB_TIMEOUT_MS",
      DEFAULT_REQUEST_TIMEOUT_MS,
    ),
  };
}

function logResolved(options: ActionOptions, context: RunContext): void {
  const { hub, ...diff } = options.diff;
  core.debug(`diff options: ${JSON.stringify(diff)}`);
  core.debug(
    `Hub endpoint: ${shownUrl(hub.endpoint)}; Hub token ${hub.token === null ? "not set" : "set"}`,
  );
  core.debug(
    `event ${context.eventName || "(none)"}; pull request ${context.pullRequest.number === null ? `none (${context.pullRequest.reason})` : `#${context.pullRequest.number} from the ${context.pullRequest.source}`}`,
  );
  core.debug(
    `comment ${options.comment ? `on, key "${options.commentKey}"` : "off"}; summary ${options.summary ? "on" : "off"}; report folder ${options.reportDir}`,
  );
  core.debug(`gates: ${JSON.stringify(options.gates)}`);
}

function setReportOutputs(report: DiffReport): void {
  setOutput("classification", report.classification.label);
  setOutput("confidence", report.classification.confidence);
  // Empty when values were not compared (mode: structure) or nothing was compared.
  setOutput("changed-fraction", optionalNumber(report.summary.changedFraction));
  setOutput("changed-params", optionalNumber(report.summary.changedParams));
  setOutput("compared-params", String(report.summary.comparedParams));
}

function errorMessage(error: unknown): string {
  if (error instanceof ModelDiffError) return error.message;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `internal error in model-diff, please report it: ${detail}`;
}

/** Replaces the summary and an existing comment by the failure, then fails the step. */
async function failWithNotice(
  options: ActionOptions,
  message: string,
  context: RunContext,
): Promise<void> {
  try {
    await core.group("Publish the failure", async () => {
      const commentUrl = await publishFailure(options, message, context);
      if (commentUrl !== null) setOutput("comment-url", commentUrl);
    });
  } catch (publishError) {
    core.warning(errorMessage(publishError));
  }
  core.setFailed(message);
}

/**
 * Runs the action: read the inputs, diff, publish the report (files, job summary, sticky
 * comment, outputs), then apply the merge gates. Every failure ends in one core.setFailed.
 * A run whose `signal` is aborted publishes nothing, not even the failure.
 */
export async function runAction(
  env: NodeJS.ProcessEnv = process.env,
  signal?: AbortSignal,
): Promise<void> {
  let options: ActionOptions;
  let context: RunContext;
  try {
    options = readActionInputs(env);
    context = readRunContext(options, env);
  } catch (error) {
    core.setFailed(errorMessage(error));
    return;
  }
  logResolved(options, context);

  let report: DiffReport;
  try {
    report = await compareCheckpoints(options.diff, actionLog(), { signal });
  } catch (error) {
    if (signal?.aborted) {
      core.setFailed(errorMessage(error));
      return;
    }
    await failWithNotice(options, errorMessage(error), context);
    return;
  }

  try {
    const gates = evaluateGates(report, options.gates);
    const published = await core.group("Publish the report", async () => {
      const markdown = renderMarkdown(report, { top: options.diff.top, gates });
      const files = await writeReportFiles(report, markdown, options);
      core.info(`Reports written to ${files.markdown} and ${files.json}`);
      setOutput("report-markdown", files.markdown);
      setOutput("report-json", files.json);
      setReportOutputs(report);
      throwIfCancelled(signal);
      const result = await publishReport(report, options, gates, files, context);
      setOutput("comment-url", result.commentUrl ?? "");
      return result;
    });

    const failures: string[] = [];
    if (published.commentError !== null) failures.push(published.commentError);
    const tripped = gates.filter((gate) => gate.tripped);
    if (tripped.length > 0) {
      failures.push(
        `Merge gate failed: ${tripped.map((gate) => `${gate.gate}: ${gate.reason}`).join(" ")}`,
      );
    }
    if (failures.length > 0) core.setFailed(failures.join("\n"));
  } catch (error) {
    // Errors here come before the comment is posted (the report files could not be written,
    // for example), so a comment of an earlier run must not be left looking current.
    await failWithNotice(options, errorMessage(error), context);
  }
}

function optionalNumber(value: number | null): string {
  return value === null ? "" : String(value);
}
