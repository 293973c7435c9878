/**
 * GitHub API faults while the action bundle updates its comment, and failed comparisons: the
 * exact requests sent, and never a sticky comment that shows a partial or stale report as
 * current.
 */

import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GITHUB_ACTIONS_BOT } from "../helpers/fake-github.js";
import {
  commentPath,
  expectFailed,
  expectPassed,
  faultSetup,
  LIST,
  OLD_BODY,
  POST,
  PR,
} from "./fault-runs.js";
import { annotations } from "./harness.js";

const { github, hub, run, onlyCommentBody } = faultSetup("comment-update");

describe("updating the comment", () => {
  it("creates a comment when the old one was deleted before the update", async () => {
    const old = github.addComment(PR, OLD_BODY, GITHUB_ACTIONS_BOT);
    github.beforeRoute = (request) => {
      if (request.method === "PATCH") github.comments.splice(0);
    };
    const result = await run();
    expectPassed(result);
    expect(github.requestLines()).toEqual([
      "GET /user",
      LIST,
      `PATCH ${commentPath(old.id)}`,
      POST,
      LIST,
    ]);
    expect(onlyCommentBody()).toContain("## Summary");
    expect(github.commentsOn(PR)[0]?.id).toBe(old.id + 1);
  });

  it("retries a PATCH after 502s", async () => {
    const old = github.addComment(PR, OLD_BODY, GITHUB_ACTIONS_BOT);
    github.faults.push({
      method: "PATCH",
      path: /\/comments\/\d+$/,
      times: 2,
      status: 502,
      applied: true,
    });
    const result = await run();
    expectPassed(result);
    expect(github.requestLines()).toEqual([
      "GET /user",
      LIST,
      ...Array(3).fill(`PATCH ${commentPath(old.id)}`),
    ]);
    expect(onlyCommentBody()).toContain("## Summary");
  });

  it("keeps the old comment when a PATCH gets 422", async () => {
    const old = github.addComment(PR, OLD_BODY, GITHUB_ACTIONS_BOT);
    github.faults.push({
      method: "PATCH",
      path: /\/comments\/\d+$/,
      times: 1,
      status: 422,
      body: { message: "Validation Failed" },
    });
    const result = await run();
    const error = expectFailed(result);
    expect(error).toContain("HTTP 422: Validation Failed");
    expect(github.requestLines()).toEqual(["GET /user", LIST, `PATCH ${commentPath(old.id)}`]);
    expect(onlyCommentBody()).toBe(OLD_BODY);
  });

  it("retries a DELETE of a duplicate and accepts its 404", async () => {
    const old = github.addComment(PR, OLD_BODY, GITHUB_ACTIONS_BOT);
    const duplicate = github.addComment(PR, OLD_BODY, GITHUB_ACTIONS_BOT);
    github.faults.push({
      method: "DELETE",
      path: /\/comments\/\d+$/,
      times: 1,
      status: 502,
      applied: true,
    });
    const result = await run();
    expectPassed(result);
    expect(github.requestLines()).toEqual([
      "GET /user",
      LIST,
      `PATCH ${commentPath(old.id)}`,
      `DELETE ${commentPath(duplicate.id)}`,
      `DELETE ${commentPath(duplicate.id)}`,
    ]);
    expect(onlyCommentBody()).toContain("## Summary");
  });

  it("warns on a read-only token and keeps the old comment", async () => {
    github.reset({ readOnly: true });
    const old = github.addComment(PR, OLD_BODY, GITHUB_ACTIONS_BOT);
    const result = await run();
    expectPassed(result);
    expect(github.requestLines()).toEqual(["GET /user", LIST, `PATCH ${commentPath(old.id)}`]);
    expect(annotations(result.stdout, "warning")[0]).toContain("pull-requests: write");
    expect(onlyCommentBody()).toBe(OLD_BODY);
  });
});

describe("failed comparisons", () => {
  it("replaces the report with the failure when a Hub read fails mid-diff", async () => {
    const old = github.addComment(PR, OLD_BODY, GITHUB_ACTIONS_BOT);
    hub.faults.dropAfterBytes = 1000;
    hub.faults.resetBodies = 1000;
    const result = await run({
      base: "hf://org/model@v1",
      head: "hf://org/model",
      "hf-endpoint": hub.endpoint,
    });
    const error = expectFailed(result);
    expect(error).toMatch(
      /^"org\/model@[0-9a-f]{7}:model-0000[12]-of-00002\.safetensors": reading .* failed after 6 attempts \(connection reset by 127\.0\.0\.1:\d+\)/,
    );
    expect(github.requestLines()).toEqual(["GET /user", LIST, `PATCH ${commentPath(old.id)}`]);
    const body = onlyCommentBody();
    expect(body).toContain("**The comparison failed**");
    expect(body).not.toContain("## Summary");
    expect(result.summary).toContain("**The comparison failed**");
    expect(result.summary).not.toContain("## Summary");
    const reportDir = path.join(result.runnerTemp, "model-diff");
    expect(existsSync(reportDir) ? readdirSync(reportDir) : []).toEqual([]);
    expect(result.outputs).toEqual({
      "comment-url": github.htmlUrl(github.commentsOn(PR)[0] as never),
    });
  });

  it("replaces the report when the report files cannot be written", async () => {
    const old = github.addComment(PR, OLD_BODY, GITHUB_ACTIONS_BOT);
    // A file where the report folder should be makes mkdir fail.
    const result = await run({ "report-dir": "base/config.json" });
    const error = expectFailed(result);
    expect(error).toContain("report-dir: cannot write the reports into");
    expect(github.requestLines()).toEqual(["GET /user", LIST, `PATCH ${commentPath(old.id)}`]);
    const body = onlyCommentBody();
    expect(body).toContain("**The comparison failed**");
    expect(body).toContain("report-dir");
    expect(body).not.toContain("## Summary");
    expect(result.outputs).toEqual({
      "comment-url": github.htmlUrl(github.commentsOn(PR)[0] as never),
    });
  });

  it("creates nothing when the comment was deleted before the failure notice", async () => {
    const old = github.addComment(PR, OLD_BODY, GITHUB_ACTIONS_BOT);
    github.beforeRoute = (request) => {
      if (request.method === "PATCH") github.comments.splice(0);
    };
    const result = await run({ head: "absent" });
    const error = expectFailed(result);
    expect(error).toContain('"absent"');
    expect(github.requestLines()).toEqual(["GET /user", LIST, `PATCH ${commentPath(old.id)}`]);
    expect(github.commentsOn(PR)).toEqual([]);
    expect(annotations(result.stdout, "warning")).toEqual([]);
  });
});
