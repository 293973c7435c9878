import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeDemoPair } from "../../src/demo/generate.js";
import {
  FakeGitHub,
  FIRST_COMMENT_ID,
  GITHUB_ACTIONS_BOT,
  SECONDARY_RATE_LIMIT_MESSAGE,
} from "../helpers/fake-github.js";
import {
  type ActionRun,
  annotations,
  FAKE_TOKEN,
  pullRequestPayload,
  runActionBundle,
} from "./harness.js";

const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-action-"));
const workspace = path.join(scratch, "workspace");
const github = new FakeGitHub();
const PR = 7;
const COMMENTS = `/repos/octo-org/model-repo/issues/${PR}/comments`;

beforeAll(async () => {
  mkdirSync(workspace);
  await writeDemoPair(path.join(workspace, "demo-checkpoints"));
  await github.start();
});
afterAll(async () => {
  await github.stop();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => github.reset());

function runOnPullRequest(inputs: Record<string, string> = {}, env: Record<string, string> = {}) {
  return runActionBundle(scratch, {
    workspace,
    inputs: { base: "demo-checkpoints/base", head: "demo-checkpoints/head", ...inputs },
    eventName: "pull_request",
    payload: pullRequestPayload(PR),
    apiUrl: github.url,
    env,
  });
}

function expectSuccess(run: ActionRun): void {
  expect(run.stderr).toBe("");
  expect(annotations(run.stdout, "error")).toEqual([]);
  expect(run.status).toBe(0);
}

describe("sticky comment", () => {
  it("creates the comment on the first run", async () => {
    const run = await runOnPullRequest();
    expectSuccess(run);

    expect(github.requestLines()).toEqual([
      "GET /user",
      `GET ${COMMENTS}?per_page=100`,
      `POST ${COMMENTS}`,
      `GET ${COMMENTS}?per_page=100`,
    ]);
    for (const request of github.requests) {
      expect(request.headers.authorization).toBe(`token ${FAKE_TOKEN}`);
    }
    const [comment] = github.commentsOn(PR);
    expect(github.commentsOn(PR)).toHaveLength(1);
    expect(comment?.user).toEqual(GITHUB_ACTIONS_BOT);
    const body = comment?.body ?? "";
    expect(body.split("\n")[0]).toBe("<!-- model-diff -->");
    expect(body).toContain("# Model diff: `demo-checkpoints/base` vs `demo-checkpoints/head`");
    expect(body).not.toContain("shortened");

    // The summary is the same Markdown as the comment, without the marker line.
    expect(run.summary).toBe(body.slice("<!-- model-diff -->\n".length));
    expect(run.outputs["comment-url"]).toBe(github.htmlUrl(comment as never));
  });

  it("sets every output", async () => {
    const run = await runOnPullRequest();
    expectSuccess(run);
    const outputs = run.outputs;
    expect(Object.keys(outputs).sort()).toEqual([
      "changed-fraction",
      "changed-params",
      "classification",
      "comment-url",
      "compared-params",
      "confidence",
      "report-json",
      "report-markdown",
    ]);
    const json = JSON.parse(readFileSync(outputs["report-json"] as string, "utf8"));
    expect(outputs["report-json"]).toBe(path.join(run.runnerTemp, "model-diff", "report.json"));
    expect(outputs["report-markdown"]).toBe(path.join(run.runnerTemp, "model-diff", "report.md"));
    expect(outputs.classification).toBe(json.classification.label);
    expect(outputs.confidence).toBe(json.classification.confidence);
    expect(outputs["changed-params"]).toBe(String(json.summary.changedParams));
    expect(outputs["compared-params"]).toBe(String(json.summary.comparedParams));
    expect(Number(outputs["changed-fraction"])).toBe(
      json.summary.changedParams / json.summary.comparedParams,
    );
    expect(readFileSync(outputs["report-markdown"] as string, "utf8")).toBe(run.summary);
  });

  it("leaves value outputs empty in structure mode", async () => {
    const run = await runOnPullRequest({ mode: "structure" });
    expectSuccess(run);
    const json = JSON.parse(readFileSync(run.outputs["report-json"] as string, "utf8"));
    expect(json.mode).toBe("structure");
    expect(run.outputs["changed-params"]).toBe("");
    expect(run.outputs["changed-fraction"]).toBe("");
    expect(run.outputs["compared-params"]).toBe(String(json.summary.comparedParams));
    expect(run.outputs.classification).toBe(json.classification.label);
  });

  it("updates the comment on the second run", async () => {
    const first = await runOnPullRequest();
    expectSuccess(first);
    const id = github.commentsOn(PR)[0]?.id;
    github.requests.length = 0;

    const second = await runOnPullRequest({ threshold: "0.5" });
    expectSuccess(second);
    expect(github.requestLines()).toEqual([
      "GET /user",
      `GET ${COMMENTS}?per_page=100`,
      `PATCH /repos/octo-org/model-repo/issues/comments/${id}`,
    ]);
    expect(github.commentsOn(PR)).toHaveLength(1);
    expect(github.commentsOn(PR)[0]?.body).toContain("abs(a - b) > 0.5");
  });

  it("keeps one comment per comment key", async () => {
    expectSuccess(await runOnPullRequest({ "comment-key": "text-encoder" }));
    expectSuccess(await runOnPullRequest({ "comment-key": "unet" }));
    expect(github.commentsOn(PR).map((comment) => comment.body.split("\n")[0])).toEqual([
      "<!-- model-diff:text-encoder -->",
      "<!-- model-diff:unet -->",
    ]);
    const unet = github.commentsOn(PR)[1];
    github.requests.length = 0;

    const again = await runOnPullRequest({ "comment-key": "unet", threshold: "0.25" });
    expectSuccess(again);
    expect(github.requestLines().at(-1)).toBe(
      `PATCH /repos/octo-org/model-repo/issues/comments/${unet?.id}`,
    );
    expect(github.commentsOn(PR)).toHaveLength(2);
    expect(github.commentsOn(PR)[0]?.body).toContain("abs(a - b) > 1e-06");
    expect(again.outputs["report-markdown"]).toBe(
      path.join(again.runnerTemp, "model-diff", "report-unet.md"),
    );
  });

  it("finds its comment among 130 over two pages", async () => {
    for (let index = 0; index < 129; index++) {
      // Other people's comments, one of them quoting our marker, and another bot's comment.
      const user =
        index === 5
          ? { login: "reviewer", type: "User" as const }
          : { login: `user${index}`, type: "User" as const };
      github.addComment(PR, index === 5 ? "<!-- model-diff -->\nquoted" : `comment ${index}`, user);
    }
    const ours = github.addComment(PR, "<!-- model-diff -->\nold report", GITHUB_ACTIONS_BOT);
    const run = await runOnPullRequest();
    expectSuccess(run);

    expect(github.requestLines()).toEqual([
      "GET /user",
      `GET ${COMMENTS}?per_page=100`,
      `GET /repositories/4242/issues/${PR}/comments?per_page=100&page=2`,
      `PATCH /repos/octo-org/model-repo/issues/comments/${ours.id}`,
    ]);
    expect(github.commentsOn(PR)).toHaveLength(130);
    expect(github.commentsOn(PR)[5]?.body).toBe("<!-- model-diff -->\nquoted");
  });

  it("matches the token's login for a personal token", async () => {
    const user = { login: "release-bot-user", type: "User" as const };
    github.reset({ tokenUser: user });
    // The same marker from github-actions[bot] belongs to another workflow's token.
    github.addComment(PR, "<!-- model-diff -->\nfrom GITHUB_TOKEN", GITHUB_ACTIONS_BOT);
    const run = await runOnPullRequest();
    expectSuccess(run);
    expect(github.requestLines()).toEqual([
      "GET /user",
      `GET ${COMMENTS}?per_page=100`,
      `POST ${COMMENTS}`,
      `GET ${COMMENTS}?per_page=100`,
    ]);
    expect(github.commentsOn(PR).map((comment) => comment.user.login)).toEqual([
      "github-actions[bot]",
      "release-bot-user",
    ]);
  });

  it("leaves one comment when two runs create at once", async () => {
    // The fake adds a parallel run's comment (FIRST_COMMENT_ID) just before ours (the next id).
    github.reset({ raceOnCreate: true });
    const run = await runOnPullRequest();
    expectSuccess(run);
    expect(github.requestLines()).toEqual([
      "GET /user",
      `GET ${COMMENTS}?per_page=100`,
      `POST ${COMMENTS}`,
      `GET ${COMMENTS}?per_page=100`,
      `PATCH /repos/octo-org/model-repo/issues/comments/${FIRST_COMMENT_ID}`,
      `DELETE /repos/octo-org/model-repo/issues/comments/${FIRST_COMMENT_ID + 1}`,
    ]);
    const remaining = github.commentsOn(PR);
    expect(remaining.map((comment) => comment.id)).toEqual([FIRST_COMMENT_ID]);
    expect(run.outputs["comment-url"]).toBe(github.htmlUrl(remaining[0] as never));
  });

  it("retries server errors and secondary rate limits", async () => {
    github.faults.push(
      {
        method: "GET",
        path: /\/comments$/,
        times: 2,
        status: 502,
        body: { message: "Bad Gateway" },
      },
      {
        method: "POST",
        path: /\/comments$/,
        times: 1,
        status: 403,
        body: { message: SECONDARY_RATE_LIMIT_MESSAGE },
        headers: { "retry-after": "1" },
      },
    );
    const run = await runOnPullRequest({}, { MODEL_DIFF_GITHUB_RETRY_UNIT_MS: "5" });
    expectSuccess(run);
    expect(github.requestLines()).toEqual([
      "GET /user",
      `GET ${COMMENTS}?per_page=100`,
      `GET ${COMMENTS}?per_page=100`,
      `GET ${COMMENTS}?per_page=100`,
      `POST ${COMMENTS}`,
      `POST ${COMMENTS}`,
      `GET ${COMMENTS}?per_page=100`,
    ]);
    expect(github.commentsOn(PR)).toHaveLength(1);
    const warnings = annotations(run.stdout, "warning");
    expect(warnings.filter((line) => line.includes("HTTP 502"))).toHaveLength(2);
    expect(warnings.filter((line) => line.includes("secondary rate limit"))).toHaveLength(1);
  });
});
