/**
 * GitHub API faults while the action bundle creates its comment: the exact requests sent, and
 * exactly one comment at the end, also when a POST failed after GitHub carried it out.
 */

import { describe, expect, it } from "vitest";
import { SECONDARY_RATE_LIMIT_MESSAGE } from "../helpers/fake-github.js";
import { expectFailed, expectPassed, faultSetup, LIST, POST, PR } from "./fault-runs.js";
import { annotations } from "./harness.js";

const { github, run, onlyCommentBody } = faultSetup("comment-create");

describe("creating the comment", () => {
  it("keeps one comment after a 502 to a POST that GitHub carried out", async () => {
    github.faults.push({
      method: "POST",
      path: /\/comments$/,
      times: 1,
      status: 502,
      applied: true,
    });
    const result = await run();
    expectPassed(result);
    expect(github.requestLines()).toEqual(["GET /user", LIST, POST, LIST]);
    const body = onlyCommentBody();
    expect(body.split("\n")[0]).toBe("<!-- model-diff -->");
    expect(body).toContain("## Summary");
    expect(result.outputs["comment-url"]).toBe(github.htmlUrl(github.commentsOn(PR)[0] as never));
  });

  it("keeps one comment after a POST whose response timed out", async () => {
    github.faults.push({
      method: "POST",
      path: /\/comments$/,
      times: 1,
      status: 201,
      applied: true,
      delayMs: 1000,
    });
    const result = await run();
    expectPassed(result);
    expect(github.requestLines()).toEqual(["GET /user", LIST, POST, LIST]);
    expect(onlyCommentBody()).toContain("## Summary");
  });

  it("retries a secondary rate limit after Retry-After", async () => {
    github.faults.push({
      method: "POST",
      path: /\/comments$/,
      times: 1,
      status: 403,
      body: { message: SECONDARY_RATE_LIMIT_MESSAGE },
      headers: { "retry-after": "2" },
    });
    const result = await run();
    expectPassed(result);
    expect(github.requestLines()).toEqual(["GET /user", LIST, POST, POST, LIST]);
    expect(annotations(result.stdout, "warning")).toEqual([
      "GitHub secondary rate limit hit on POST /repos/{owner}/{repo}/issues/{issue_number}/comments; retrying after 2 s (retry 1 of 2).",
    ]);
  });

  it("gives up on a secondary rate limit longer than a minute", async () => {
    github.faults.push({
      method: "POST",
      path: /\/comments$/,
      times: 1,
      status: 403,
      body: { message: SECONDARY_RATE_LIMIT_MESSAGE },
      headers: { "retry-after": "120" },
    });
    const result = await run();
    const error = expectFailed(result);
    expect(error).toContain("HTTP 403: You have exceeded a secondary rate limit");
    expect(github.requestLines()).toEqual(["GET /user", LIST, POST]);
    expect(github.commentsOn(PR)).toEqual([]);
  });

  it("waits for the reset of the primary rate limit", async () => {
    const reset = Math.ceil(Date.now() / 1000) + 1;
    github.faults.push({
      method: "POST",
      path: /\/comments$/,
      times: 1,
      status: 403,
      body: { message: "API rate limit exceeded for installation ID 1." },
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
    });
    const result = await run();
    expectPassed(result);
    expect(github.requestLines()).toEqual(["GET /user", LIST, POST, POST, LIST]);
    const [warning] = annotations(result.stdout, "warning");
    expect(warning).toMatch(
      /^GitHub rate limit hit on POST .*; retrying after \d s \(retry 1 of 2\)\.$/,
    );
    expect(onlyCommentBody()).toContain("## Summary");
  });

  it("fails when the primary rate limit resets in an hour", async () => {
    const reset = Math.ceil(Date.now() / 1000) + 3600;
    github.faults.push({
      method: "GET",
      path: /\/comments$/,
      times: 1,
      status: 403,
      body: { message: "API rate limit exceeded for installation ID 1." },
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
    });
    const result = await run();
    const error = expectFailed(result);
    expect(error).toContain("HTTP 403: API rate limit exceeded");
    expect(github.requestLines()).toEqual(["GET /user", LIST]);
    expect(result.summary).toContain("## Summary");
  });

  it("fails on a pull request that is gone", async () => {
    github.faults.push({ method: "GET", path: /\/comments$/, times: 1, status: 404 });
    const result = await run();
    const error = expectFailed(result);
    expect(error).toContain(`comment on pull request #${PR} could not be posted: HTTP 404`);
    expect(github.requestLines()).toEqual(["GET /user", LIST]);
    expect(result.summary).toContain("## Summary");
  });
});
