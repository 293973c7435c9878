import { mkdir } from "node:fs/promises";
import path from "node:path";
import * as core from "@actions/core";
import { UsageError } from "../errors.js";
import { createGitHubClient } from "../github/client.js";
import { describeGitHubError, missingPermissions } from "../github/errors.js";
import type { PullRequestTarget } from "../github/pull-request.js";
import {
  commentMarker,
  type PostedComment,
  updateStickyCommentIfPresent,
  upsertStickyComment,
} from "../github/sticky-comment.js";
import { writeFileAtomically } from "../io/atomic-file.js";
import {
  COMMENT_MAX_CHARS,
  type Cut,
  type FittedMarkdown,
  fitMarkdown,
  SUMMARY_MAX_BYTES,
  utf8Bytes,
} from "../report/budget.js";
import { markdownCode, markdownCodeBlock, markdownInline } from "../report/escape.js";
import { formatCount } from "../report/format.js";
import type { GateResult } from "../report/gates.js";
import { renderJsonChunks } from "../report/json.js";
import type { DiffReport } from "../report/model.js";
import { escapeInvisible } from "../visible-text.js";
import type { ActionOptions } from "./inputs.js";

/** Facts about the run that the publishing steps need, read once from the runner's environment. */
export interface RunContext {
  eventName: string;
  /** Owner and name of the repository the workflow runs in, or null outside a runner. */
  repository: { owner: string; repo: string } | null;
  pullRequest: PullRequestTarget;
  /** The run's page on GitHub. */
  runUrl: string;
  retryUnitMs: number;
  requestTimeoutMs: number;
}

export interface ReportFiles {
  markdown: string;
  json: string;
}

/** Outcome of publishing: the comment, if one was posted, and a failure that fails the step. */
export interface Published {
  commentUrl: string | null;
  /** Reason the comment could not be posted, when that fails the step; null otherwise. */
  commentError: string | null;
}

/** Characters of an error message shown in a failure comment before it is cut. */
const MAX_FAILURE_MESSAGE_CHARS = 4000;

function reportFileName(key: string, extension: string): string {
  return key === "" ? `report.${extension}` : `report-${key}.${extension}`;
}

/**
 * Writes the full Markdown and JSON reports into the report folder, creating it if needed. Each
 * file is written under a temporary name and renamed once both are complete, so a failed write
 * leaves no partial report behind.
 */
export async function writeReportFiles(
  report: DiffReport,
  markdown: string,
  options: ActionOptions,
): Promise<ReportFiles> {
  const files = {
    markdown: path.join(options.reportDir, reportFileName(options.commentKey, "md")),
    json: path.join(options.reportDir, reportFileName(options.commentKey, "json")),
  };
  try {
    await mkdir(options.reportDir, { recursive: true });
    // Written whole or not at all, so a failed or cancelled run leaves no partial report.
    await writeFileAtomically(files.markdown, [markdown]);
    await writeFileAtomically(files.json, renderJsonChunks(report));
  } catch (error) {
    throw new UsageError(
      `report-dir: cannot write the reports into ${options.reportDir}: ${error instanceof Error ? error.message : String(error)}. Give a writable folder.`,
    );
  }
  return files;
}

/** Returns a link target that cannot end a Markdown link early. */
function linkTarget(url: string): string {
  return url.replace(/[\s()<>]/g, (character) => encodeURIComponent(character));
}

/** Returns what a shortened report left out, as one plain clause. */
function describeCut(cut: Cut): string {
  const parts: string[] = [];
  if (cut.maxTableRows !== null) parts.push(`tables show their first ${cut.maxTableRows} rows`);
  if (cut.omitted.length > 0) parts.push(`left out: ${cut.omitted.join(", ")}`);
  if (cut.truncated) parts.push("the rest of the text is cut off");
  return parts.join("; ");
}

function filesSentence(files: ReportFiles): string {
  return `The full report is in ${markdownCode(files.markdown)} and ${markdownCode(files.json)} on the runner; upload them with actions/upload-artifact to keep them.`;
}

/** Writes the report to the job summary, shortened to stay under 1 MiB; returns the text written. */
async function writeSummary(
  report: DiffReport,
  options: ActionOptions,
  gates: readonly GateResult[],
  files: ReportFiles,
): Promise<FittedMarkdown | null> {
  const fitted = fitMarkdown(report, {
    top: options.diff.top,
    gates,
    limit: SUMMARY_MAX_BYTES - 1,
    measure: utf8Bytes,
    notice: (cut) =>
      `**This summary is shortened** to stay under GitHub's limit of 1 MiB per step: ${markdownInline(describeCut(cut))}. ${filesSentence(files)}`,
  });
  try {
    await core.summary.addRaw(fitted.markdown).write({ overwrite: true });
    return fitted;
  } catch (error) {
    core.warning(
      `The job summary was not written: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
}

function commentLimit(key: string): number {
  // The body is the marker line, a line break, then the Markdown.
  return COMMENT_MAX_CHARS - 1 - (commentMarker(key).length + 1);
}

/** Logs the warning for a token without permission to comment, with the reason the step passes. */
function warnReadOnlyToken(permissions: string, context: RunContext): void {
  const accepted = permissions === "" ? "" : ` (GitHub accepts: ${permissions})`;
  core.warning(
    `The token may not comment on pull request #${context.pullRequest.number}: it lacks the pull-requests: write permission${accepted}. ` +
      `On a pull request from a fork, GITHUB_TOKEN is read-only and secrets are not passed, so this is expected there: the report is in the job summary. ` +
      `For pull requests from branches of this repository, add "permissions: pull-requests: write" to the workflow or job.`,
  );
}

/**
 * Writes the job summary, then posts or updates the sticky comment. A comment rejected for lack
 * of permission (a fork) is a warning; any other GitHub failure is returned as commentError.
 */
export async function publishReport(
  report: DiffReport,
  options: ActionOptions,
  gates: readonly GateResult[],
  files: ReportFiles,
  context: RunContext,
): Promise<Published> {
  const summary = options.summary ? await writeSummary(report, options, gates, files) : null;
  if (summary?.cut)
    core.warning(`The job summary is shortened to fit 1 MiB. ${filesSentence(files)}`);

  const pullRequest = context.pullRequest;
  if (!options.comment) return { commentUrl: null, commentError: null };
  if (pullRequest.number === null) {
    core.info(`No comment posted: ${pullRequest.reason}. The report is in the job summary.`);
    return { commentUrl: null, commentError: null };
  }
  if (options.githubToken === null || context.repository === null) {
    core.warning(
      `No comment posted on pull request #${pullRequest.number}: ${options.githubToken === null ? "the github-token input is empty (secrets are not passed to workflows run from forks)" : "GITHUB_REPOSITORY is not set"}. The report is in the job summary.`,
    );
    return { commentUrl: null, commentError: null };
  }

  const fullSummary = summary !== null && summary.cut === null;
  const where = fullSummary
    ? `The [job summary of this run](${linkTarget(context.runUrl)}) has the full report.`
    : `${filesSentence(files)} [This run](${linkTarget(context.runUrl)}) has the log.`;
  const fitted = fitMarkdown(report, {
    top: options.diff.top,
    gates,
    limit: commentLimit(options.commentKey),
    measure: (text) => text.length,
    notice: (cut) =>
      `**This comment is shortened** to stay under GitHub's limit of ${formatCount(COMMENT_MAX_CHARS)} characters: ${markdownInline(describeCut(cut))}. ${where}`,
  });

  const client = createGitHubClient({
    token: options.githubToken,
    retryUnitMs: context.retryUnitMs,
    requestTimeoutMs: context.requestTimeoutMs,
    log: { warning: core.warning, debug: core.debug },
  });
  const target = { ...context.repository, issueNumber: pullRequest.number };
  try {
    const outcome = await upsertStickyComment(
      client,
      target,
      options.commentKey,
      fitted.markdown,
      context.retryUnitMs,
    );
    const duplicates = outcome.deleted > 0 ? `, ${outcome.deleted} duplicate(s) deleted` : "";
    core.info(`Comment ${outcome.action}: ${outcome.comment.url}${duplicates}`);
    return { commentUrl: outcome.comment.url, commentError: null };
  } catch (error) {
    const permissions = missingPermissions(error);
    if (permissions !== null) {
      warnReadOnlyToken(permissions, context);
      return { commentUrl: null, commentError: null };
    }
    return {
      commentUrl: null,
      commentError: `The comment on pull request #${pullRequest.number} could not be posted: ${describeGitHubError(error)}. The report is in the job summary.`,
    };
  }
}

/** Returns the Markdown that replaces the report when the comparison fails. */
export function renderFailureMarkdown(
  options: ActionOptions,
  message: string,
  runUrl: string,
): string {
  // Each line keeps its break; control and bidirectional characters are shown as escapes.
  let visibleMessage = message.split(/\r?\n/).map(escapeInvisible).join("\n");
  if (visibleMessage.length > MAX_FAILURE_MESSAGE_CHARS) {
    visibleMessage = `${visibleMessage.slice(0, MAX_FAILURE_MESSAGE_CHARS)}… (cut from ${visibleMessage.length} characters)`;
  }
  return [
    `# Model diff: ${markdownCode(options.diff.base)} vs ${markdownCode(options.diff.head)}`,
    "",
    "**The comparison failed**, so there is no report for this run. A report shown here before no longer applies.",
    "",
    markdownCodeBlock(visibleMessage.split("\n")),
    "",
    `[This run](${linkTarget(runUrl)}) has the log.`,
    "",
  ].join("\n");
}

/**
 * Publishes a failed comparison: the job summary states the failure, and an existing sticky
 * comment is replaced by it, so it is never left looking current. No comment is created for a
 * failure: the failed check already shows on the pull request. GitHub errors here are warnings,
 * since the step fails anyway.
 */
export async function publishFailure(
  options: ActionOptions,
  message: string,
  context: RunContext,
): Promise<string | null> {
  const markdown = renderFailureMarkdown(options, message, context.runUrl);
  if (options.summary) {
    try {
      await core.summary.addRaw(markdown).write({ overwrite: true });
    } catch (error) {
      core.warning(
        `The job summary was not written: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const pullRequest = context.pullRequest;
  if (
    !options.comment ||
    pullRequest.number === null ||
    options.githubToken === null ||
    context.repository === null
  ) {
    return null;
  }
  const client = createGitHubClient({
    token: options.githubToken,
    retryUnitMs: context.retryUnitMs,
    requestTimeoutMs: context.requestTimeoutMs,
    log: { warning: core.warning, debug: core.debug },
  });
  try {
    const target = { ...context.repository, issueNumber: pullRequest.number };
    const comment: PostedComment | null = await updateStickyCommentIfPresent(
      client,
      target,
      options.commentKey,
      markdown,
    );
    if (comment !== null) core.info(`Comment updated to say the comparison failed: ${comment.url}`);
    return comment?.url ?? null;
  } catch (error) {
    const permissions = missingPermissions(error);
    if (permissions !== null) {
      warnReadOnlyToken(permissions, context);
    } else {
      core.warning(
        `The comment could not be updated to say the comparison failed: ${describeGitHubError(error)}`,
      );
    }
    return null;
  }
}
