import * as core from "@actions/core";
import { context as githubContext } from "@actions/github";
import { compareCheckpoints } from "../compare.js";
import { ModelDiffError } from "../errors.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_RETRY_UNIT_MS } from "../github/client.js";
import { detectPullRequest } from "../github/pull-request.js";
import { shownUrl } from "../io/http-range.js";
import { millisecondsFromEnv } from "../io/retry.js";
import { evaluateGates } from "../report/gates.js";
import { renderMarkdown } from "../report/markdown.js";
import type { DiffReport } from "../report/model.js";
import { type ActionOptions, readActionInputs } from "./inputs.js";
import { actionLog } from "./log.js";
import { publishFailure, publishReport, type RunContext, writeReportFiles } from "./publish.js";

/**
 * Reads the run's context. MODEL_DIFF_GITHUB_RETRY_UNIT_MS and MODEL_DIFF_GITHUB_TIMEOUT_MS exist
 * so tests can shorten GitHub retry waits and timeouts. Workflows have no reason to set them.
 */
function readRunContext(options: ActionOptions, env: NodeJS.ProcessEnv): RunContext {
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
  core.setOutput("classification", report.classification.label);
  core.setOutput("confidence", report.classification.confidence);
  // Empty when values were not compared (mode: structure) or nothing was compared.
  core.setOutput("changed-fraction", optionalNumber(report.summary.changedFraction));
  core.setOutput("changed-params", optionalNumber(report.summary.changedParams));
  core.setOutput("compared-params", String(report.summary.comparedParams));
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
  await core.group("Publish the failure", async () => {
    const commentUrl = await publishFailure(options, message, context);
    if (commentUrl !== null) core.setOutput("comment-url", commentUrl);
  });
  core.setFailed(message);
}

/**
 * Runs the action: read the inputs, diff, publish the report (files, job summary, sticky
 * comment, outputs), then apply the merge gates. Every failure ends in one core.setFailed.
 */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<void> {
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
    report = await compareCheckpoints(options.diff, actionLog());
  } catch (error) {
    await failWithNotice(options, errorMessage(error), context);
    return;
  }

  try {
    const gates = evaluateGates(report, options.gates);
    const published = await core.group("Publish the report", async () => {
      const markdown = renderMarkdown(report, { top: options.diff.top, gates });
      const files = await writeReportFiles(report, markdown, options);
      core.info(`Reports written to ${files.markdown} and ${files.json}`);
      core.setOutput("report-markdown", files.markdown);
      core.setOutput("report-json", files.json);
      setReportOutputs(report);
      const result = await publishReport(report, options, gates, files, context);
      core.setOutput("comment-url", result.commentUrl ?? "");
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
