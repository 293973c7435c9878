/**
 * Shared set-up of the GitHub fault tests: a fake GitHub API and Hub on 127.0.0.1, a tiny
 * checkpoint pair in the workspace, and checks of the step's result.
 */

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { FakeGitHub } from "../helpers/fake-github.js";
import { FakeHub, fakeCommit, noFaults } from "../helpers/fake-hub.js";
import { checkpointPair, hubFiles, writeCheckpoint } from "../hub/fixtures.js";
import { type ActionRun, annotations, pullRequestPayload, runActionBundle } from "./harness.js";

export const PR = 21;
export const COMMENTS = `/repos/octo-org/model-repo/issues/${PR}/comments`;
export const LIST = `GET ${COMMENTS}?per_page=100`;
export const POST = `POST ${COMMENTS}`;
export const commentPath = (id: number) => `/repos/octo-org/model-repo/issues/comments/${id}`;
/** A comment of an earlier run, with a full report. */
export const OLD_BODY = "<!-- model-diff -->\n# Model diff\n\n## Summary\nold report";

/** Short waits and timeouts for the bundle's GitHub and Hub clients. */
const FAST = {
  MODEL_DIFF_GITHUB_RETRY_UNIT_MS: "5",
  MODEL_DIFF_GITHUB_TIMEOUT_MS: "300",
  MODEL_DIFF_HUB_RETRY_DELAY_MS: "1",
  MODEL_DIFF_HUB_TIMEOUT_MS: "300",
};

/** Starts the fakes for the calling test file and returns what its tests use. */
export function faultSetup(label: string) {
  const scratch = mkdtempSync(path.join(tmpdir(), `model-diff-${label}-`));
  const workspace = path.join(scratch, "workspace");
  const github = new FakeGitHub();
  const hub = new FakeHub();
  const pair = checkpointPair();
  const commits = { base: fakeCommit(`${label}-base`), head: fakeCommit(`${label}-head`) };

  beforeAll(async () => {
    mkdirSync(workspace);
    writeCheckpoint(path.join(workspace, "base"), pair.base);
    writeCheckpoint(path.join(workspace, "head"), pair.full);
    hub.addRepo({
      id: "org/model",
      commits: { [commits.base]: hubFiles(pair.base), [commits.head]: hubFiles(pair.full) },
      refs: { main: commits.head, v1: commits.base },
    });
    await Promise.all([github.start(), hub.start()]);
  });
  afterAll(async () => {
    await Promise.all([github.stop(), hub.stop()]);
    rmSync(scratch, { recursive: true, force: true });
  });
  beforeEach(() => {
    github.reset();
    hub.faults = noFaults();
    hub.resetLog();
  });

  function run(inputs: Record<string, string> = {}): Promise<ActionRun> {
    return runActionBundle(scratch, {
      workspace,
      inputs: { base: "base", head: "head", ...inputs },
      eventName: "pull_request",
      payload: pullRequestPayload(PR),
      apiUrl: github.url,
      env: FAST,
    });
  }

  /** Returns the body of the one comment left on the pull request, checking it is the only one. */
  function onlyCommentBody(): string {
    const left = github.commentsOn(PR);
    expect(left).toHaveLength(1);
    return left[0]?.body ?? "";
  }

  return { github, hub, run, onlyCommentBody };
}

export function expectPassed(result: ActionRun): void {
  expect(annotations(result.stdout, "error")).toEqual([]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
}

/** Checks a failed step: one error annotation, no stack trace. Returns the annotation. */
export function expectFailed(result: ActionRun): string {
  expect(result.status).toBe(1);
  const errors = annotations(result.stdout, "error");
  expect(errors).toHaveLength(1);
  expect(errors[0]).not.toMatch(/internal error|\n\s+at /);
  return errors[0] as string;
}
