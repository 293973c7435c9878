/**
 * A POST of the comment that fails without creating it: it is sent again only after a listing
 * shows no comment, and at most four times. Octokit's throttling spaces two POSTs that create
 * content by 3 s, so these runs take seconds each.
 */

import { describe, expect, it } from "vitest";
import { expectFailed, expectPassed, faultSetup, LIST, POST, PR } from "./fault-runs.js";

const { github, run, onlyCommentBody } = faultSetup("comment-post");

describe("posting the comment again", () => {
  it("posts again after a 502 that created nothing", async () => {
    github.faults.push({ method: "POST", path: /\/comments$/, times: 1, status: 502 });
    const result = await run();
    expectPassed(result);
    expect(github.requestLines()).toEqual(["GET /user", LIST, POST, LIST, POST, LIST]);
    expect(onlyCommentBody()).toContain("## Summary");
  });

  it("stops after four POSTs that all fail", async () => {
    github.faults.push({ method: "POST", path: /\/comments$/, times: 10, status: 503 });
    const result = await run();
    const error = expectFailed(result);
    expect(error).toContain(`comment on pull request #${PR} could not be posted: HTTP 503`);
    expect(github.requestLines()).toEqual([
      "GET /user",
      LIST,
      ...Array(3).fill([POST, LIST]).flat(),
      POST,
    ]);
    expect(github.commentsOn(PR)).toEqual([]);
    expect(result.summary).toContain("## Summary");
  });
});
