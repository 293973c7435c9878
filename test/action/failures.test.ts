import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeDemoPair } from "../../src/demo/generate.js";
import { FakeGitHub, GITHUB_ACTIONS_BOT } from "../helpers/fake-github.js";
import { describeShared, sharedPath } from "../helpers/shared.js";
import { annotations, pullRequestPayload, runActionBundle } from "./harness.js";

const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-action-"));
const workspace = path.join(scratch, "workspace");
const github = new FakeGitHub();
const PR = 11;
const COMMENTS = `/repos/octo-org/model-repo/issues/${PR}/comments`;
/** Returns a port on 127.0.0.1 that nothing listens on, by releasing one a server had. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const RUN_URL = "https://github.com/octo-org/model-repo/actions/runs/987654321";

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

describe("fork pull request", () => {
  it("warns and writes the summary on 403", async () => {
    github.reset({ readOnly: true });
    const run = await runOnPullRequest();
    expect(run.status).toBe(0);
    expect(annotations(run.stdout, "error")).toEqual([]);
    expect(github.requestLines()).toEqual([
      "GET /user",
      `GET ${COMMENTS}?per_page=100`,
      `POST ${COMMENTS}`,
    ]);
    const warnings = annotations(run.stdout, "warning");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("pull-requests: write");
    expect(warnings[0]).toContain("fork");
    expect(warnings[0]).toContain("issues=write; pull_requests=write");
    expect(run.summary).toContain("## Summary");
    expect(run.outputs["comment-url"]).toBe("");
    expect(run.outputs.classification).toBe("finetune");
  });

  it("warns when the token input is empty", async () => {
    const run = await runOnPullRequest({ "github-token": "" });
    expect(run.status).toBe(0);
    expect(github.requestLines()).toEqual([]);
    expect(annotations(run.stdout, "warning")[0]).toContain("github-token input is empty");
    expect(run.summary).toContain("## Summary");
  });
});

describe("GitHub failures", () => {
  it("fails the step after a timeout", async () => {
    github.faults.push({
      method: "GET",
      path: /\/comments$/,
      times: 10,
      status: 200,
      body: [],
      delayMs: 1500,
    });
    const run = await runOnPullRequest(
      {},
      { MODEL_DIFF_GITHUB_TIMEOUT_MS: "200", MODEL_DIFF_GITHUB_RETRY_UNIT_MS: "5" },
    );
    expect(run.status).toBe(1);
    // One attempt and three retries.
    expect(github.requestLines()).toEqual([
      "GET /user",
      ...Array(4).fill(`GET ${COMMENTS}?per_page=100`),
    ]);
    const errors = annotations(run.stdout, "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`comment on pull request #${PR} could not be posted`);
    expect(errors[0]).toContain("no response within 200 ms");
    expect(run.summary).toContain("## Summary");
    expect(run.outputs["comment-url"]).toBe("");
    expect(run.outputs.classification).toBe("finetune");
  });

  it("fails the step on 422", async () => {
    github.faults.push({
      method: "POST",
      path: /\/comments$/,
      times: 1,
      status: 422,
      body: {
        message: "Validation Failed",
        errors: [{ message: "body is too long (maximum is 65536 characters)" }],
      },
    });
    const run = await runOnPullRequest();
    expect(run.status).toBe(1);
    expect(github.requestLines().filter((line) => line.startsWith("POST"))).toHaveLength(1);
    expect(annotations(run.stdout, "error")[0]).toContain("HTTP 422");
  });
});

describe("unreachable GitHub API", () => {
  it("says it could not connect", async () => {
    const closed = await closedPort();
    const run = await runActionBundle(scratch, {
      workspace,
      inputs: { base: "demo-checkpoints/base", head: "demo-checkpoints/head" },
      eventName: "pull_request",
      payload: pullRequestPayload(PR),
      apiUrl: `http://127.0.0.1:${closed}`,
      env: { MODEL_DIFF_GITHUB_RETRY_UNIT_MS: "5" },
    });
    expect(run.status).toBe(1);
    const errors = annotations(run.stdout, "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("could not connect to the GitHub API");
    expect(errors[0]).not.toContain("HTTP 500");
    expect(run.summary).toContain("## Summary");
  });
});

describe("bad inputs", () => {
  it.each([
    ["mode", { mode: "fast" }, 'mode: "fast" is not a mode'],
    [
      "fail-on",
      { "fail-on": "finetune, rebase" },
      'fail-on: "rebase" is not a classification label',
    ],
    [
      "max-changed-fraction",
      { "max-changed-fraction": "5%" },
      'max-changed-fraction: "5%" is not valid',
    ],
    ["comment-key", { "comment-key": "a -->" }, 'comment-key: "a -->" is not a valid comment key'],
    ["summary", { summary: "yes" }, 'summary: "yes" is not a boolean'],
    [
      "hf-token",
      { "hf-token": "not-a-token" },
      "hf-token: the value is not a Hugging Face token: a token starts with hf_ and contains no spaces.",
    ],
    [
      "hf-endpoint",
      { "hf-endpoint": "ftp://hub.example" },
      'hf-endpoint: "ftp://hub.example" is not a valid Hub endpoint. Give an http or https URL',
    ],
    ["pr-number", { "pr-number": "#12" }, 'pr-number: "#12" is not valid'],
    [
      "gate in structure mode",
      { mode: "structure", "max-changed-fraction": "0.5" },
      "max-changed-fraction: a structure-only run (mode: structure) does not compare values",
    ],
  ])("rejects a bad %s", async (_name, inputs, message) => {
    const run = await runOnPullRequest(inputs);
    expect(run.status).toBe(1);
    const errors = annotations(run.stdout, "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(errors[0]).not.toMatch(/\n\s+at /);
    expect(github.requestLines()).toEqual([]);
    expect(run.summary).toBe("");
    expect(run.outputs).toEqual({});
  });

  it("masks the tokens", async () => {
    const run = await runOnPullRequest({ "hf-token": "hf_secretvalue123" });
    expect(run.stdout).toContain("::add-mask::hf_secretvalue123");
    expect(run.stdout).toContain("::add-mask::ghs_");
  });
});

describeShared("failed comparison", () => {
  const truncated = sharedPath("cases", "truncated.safetensors");

  it("updates the existing comment to say it failed", async () => {
    const old = github.addComment(
      PR,
      "<!-- model-diff -->\n# Model diff\n\n## Summary\nold",
      GITHUB_ACTIONS_BOT,
    );
    const run = await runOnPullRequest({ head: truncated });
    expect(run.status).toBe(1);
    expect(github.requestLines()).toEqual([
      "GET /user",
      `GET ${COMMENTS}?per_page=100`,
      `PATCH /repos/octo-org/model-repo/issues/comments/${old.id}`,
    ]);
    const body = github.commentsOn(PR)[0]?.body ?? "";
    expect(body.split("\n")[0]).toBe("<!-- model-diff -->");
    expect(body).toContain("**The comparison failed**");
    expect(body).toContain("truncated");
    expect(body).toContain(`[This run](${RUN_URL})`);
    expect(body).not.toContain("## Summary");

    const errors = annotations(run.stdout, "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("truncated.safetensors");
    expect(errors[0]).not.toMatch(/internal error|\n\s+at /);
    expect(run.summary).toContain("**The comparison failed**");
    expect(run.summary).not.toContain("## Summary");
    expect(run.outputs).toEqual({
      "comment-url": github.htmlUrl(github.commentsOn(PR)[0] as never),
    });
  });

  it("creates no comment for a failure", async () => {
    const run = await runOnPullRequest({ base: truncated });
    expect(run.status).toBe(1);
    expect(github.requestLines()).toEqual(["GET /user", `GET ${COMMENTS}?per_page=100`]);
    expect(github.commentsOn(PR)).toEqual([]);
    expect(run.outputs).toEqual({});
  });
});
