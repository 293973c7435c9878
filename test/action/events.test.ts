import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeDemoPair } from "../../src/demo/generate.js";
import { FakeGitHub } from "../helpers/fake-github.js";
import { annotations, pullRequestPayload, runActionBundle } from "./harness.js";

const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-action-"));
const workspace = path.join(scratch, "workspace");
const github = new FakeGitHub();
const DEMO = { base: "demo-checkpoints/base", head: "demo-checkpoints/head" };

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

function run(eventName: string, payload: unknown, inputs: Record<string, string> = {}) {
  return runActionBundle(scratch, {
    workspace,
    inputs: { ...DEMO, ...inputs },
    eventName,
    payload,
    apiUrl: github.url,
  });
}

describe("events without a pull request", () => {
  it("writes only the summary on schedule", async () => {
    const result = await run("schedule", { schedule: "17 3 * * 1" });
    expect(result.status).toBe(0);
    expect(github.requestLines()).toEqual([]);
    expect(result.stdout).toContain(
      "No comment posted: a schedule event has no pull request and the pr-number input is empty. The report is in the job summary.",
    );
    expect(annotations(result.stdout, "warning")).toEqual([]);
    expect(result.summary).toContain("## Summary");
    expect(result.outputs["comment-url"]).toBe("");
    expect(result.outputs.classification).toBe("finetune");
  });

  it("comments on pr-number from workflow_dispatch", async () => {
    const result = await run("workflow_dispatch", { inputs: {} }, { "pr-number": "21" });
    expect(result.status).toBe(0);
    expect(github.requestLines()).toContain("POST /repos/octo-org/model-repo/issues/21/comments");
    expect(github.commentsOn(21)).toHaveLength(1);
  });

  it("skips an issue_comment on a plain issue", async () => {
    const result = await run("issue_comment", { issue: { number: 3 }, comment: { body: "/diff" } });
    expect(result.status).toBe(0);
    expect(github.requestLines()).toEqual([]);
    expect(result.stdout).toContain("the comment is on an issue, not on a pull request");
  });

  it("comments on the pull request of an issue_comment", async () => {
    const payload = { issue: { number: 4, pull_request: { url: "https://example.invalid/pr/4" } } };
    const result = await run("issue_comment", payload);
    expect(result.status).toBe(0);
    expect(github.commentsOn(4)).toHaveLength(1);
  });

  it("skips the comment when comment is false", async () => {
    const result = await run("pull_request", pullRequestPayload(9), { comment: "false" });
    expect(result.status).toBe(0);
    expect(github.requestLines()).toEqual([]);
    expect(result.summary).toContain("## Summary");
  });

  it("skips the summary when summary is false", async () => {
    const result = await run("schedule", {}, { summary: "false" });
    expect(result.status).toBe(0);
    expect(result.summary).toBe("");
    expect(result.outputs["report-markdown"]).toBe(
      path.join(result.runnerTemp, "model-diff", "report.md"),
    );
  });
});

describe("merge gates", () => {
  it("fails the step after publishing", async () => {
    // The demo head is a dense fine-tune: label finetune, with more than half the parameters changed.
    const result = await run("pull_request", pullRequestPayload(30), {
      "fail-on": "architecture_change,finetune",
      "max-changed-fraction": "0.5",
    });
    expect(result.status).toBe(1);
    expect(github.requestLines()).toContain("POST /repos/octo-org/model-repo/issues/30/comments");
    const body = github.commentsOn(30)[0]?.body ?? "";
    for (const text of [body, result.summary]) {
      expect(text).toContain("## Merge gates");
      expect(text).toContain(
        "- **Failed**: `fail-on`. The label finetune is in fail-on (architecture\\_change, finetune).",
      );
      expect(text).toMatch(
        /- \*\*Failed\*\*: `max-changed-fraction`\. [\d,]+ of [\d,]+ compared parameters changed \([\d.]+%\), above max-changed-fraction 0\.5 \(50\.00%\)\./,
      );
    }
    const errors = annotations(result.stdout, "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Merge gate failed: fail-on: The label finetune is in fail-on/);
    expect(errors[0]).toContain("max-changed-fraction: ");
    expect(result.outputs.classification).toBe("finetune");
    expect(result.outputs["comment-url"]).not.toBe("");
  });

  it("passes a gate that does not trip", async () => {
    const result = await run("schedule", {}, { "fail-on": "independent" });
    expect(result.status).toBe(0);
    expect(result.summary).toContain(
      "- Passed: `fail-on`. The label finetune is not in fail-on (independent).",
    );
  });
});
