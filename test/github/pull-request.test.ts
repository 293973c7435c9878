import { describe, expect, it } from "vitest";
import { detectPullRequest } from "../../src/github/pull-request.js";

describe("detectPullRequest", () => {
  it.each([
    ["pull_request", { number: 5, pull_request: { number: 5 } }, 5],
    ["pull_request_target", { number: 6, pull_request: { number: 6 } }, 6],
    ["issue_comment", { issue: { number: 8, pull_request: { url: "x" } } }, 8],
  ])("takes the number from a %s payload", (event, payload, number) => {
    expect(detectPullRequest(event, payload, null)).toEqual({ number, source: "payload" });
  });

  it("ignores an issue_comment on a plain issue", () => {
    const target = detectPullRequest("issue_comment", { issue: { number: 8 } }, null);
    expect(target).toEqual({
      number: null,
      reason: "the comment is on an issue, not on a pull request",
    });
  });

  it.each(["push", "schedule", "workflow_dispatch", "workflow_run"])(
    "finds none for %s",
    (event) => {
      const target = detectPullRequest(event, { ref: "refs/heads/main" }, null);
      expect(target.number).toBeNull();
    },
  );

  it("lets pr-number override the payload", () => {
    expect(detectPullRequest("schedule", {}, 12)).toEqual({ number: 12, source: "input" });
    expect(detectPullRequest("pull_request", { pull_request: { number: 5 } }, 12)).toEqual({
      number: 12,
      source: "input",
    });
  });

  it("rejects a malformed payload number", () => {
    for (const number of ["5", 0, -1, 1.5, null]) {
      const target = detectPullRequest("pull_request", { pull_request: { number } }, null);
      expect(target.number).toBeNull();
    }
    expect(detectPullRequest("pull_request", null, null).number).toBeNull();
  });
});
