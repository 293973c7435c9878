import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHub } from "../helpers/fake-github.js";
import { FakeHub, fakeCommit } from "../helpers/fake-hub.js";
import { checkpointPair, hubFiles } from "../hub/fixtures.js";
import { annotations, pullRequestPayload, runActionBundle } from "./harness.js";

const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-action-hub-"));
const github = new FakeGitHub();
const hub = new FakeHub();
const pair = checkpointPair();
const commits = { base: fakeCommit("action-base"), head: fakeCommit("action-head") };
const PR = 11;

beforeAll(async () => {
  hub.addRepo({
    id: "org/private",
    private: true,
    commits: { [commits.base]: hubFiles(pair.base), [commits.head]: hubFiles(pair.full) },
    refs: { main: commits.head, v1: commits.base },
  });
  await Promise.all([hub.start(), github.start()]);
});
afterAll(async () => {
  await Promise.all([hub.stop(), github.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  github.reset();
  hub.resetLog();
});

function runOnHub(inputs: Record<string, string>, env: Record<string, string> = {}) {
  return runActionBundle(scratch, {
    inputs: { base: "hf://org/private@v1", head: "org/private", ...inputs },
    eventName: "pull_request",
    payload: pullRequestPayload(PR),
    apiUrl: github.url,
    env,
  });
}

describe("action on Hub references", () => {
  it("diffs two revisions through hf-endpoint", async () => {
    const run = await runOnHub({ "hf-endpoint": hub.endpoint, "hf-token": hub.token });
    expect(annotations(run.stdout, "error")).toEqual([]);
    expect(run.status).toBe(0);

    const report = JSON.parse(readFileSync(run.outputs["report-json"] as string, "utf8"));
    expect(report.base.hub.commit).toBe(commits.base);
    expect(report.head.hub.commit).toBe(commits.head);
    expect(run.outputs.classification).toBe(report.classification.label);
    const [comment] = github.commentsOn(PR);
    expect(comment?.body).toContain(`at \`org/private@v1\` (${commits.base.slice(0, 7)}…)`);

    const cdn = hub.requests.filter((entry) => entry.server === "cdn");
    expect(cdn.length).toBeGreaterThan(0);
    for (const entry of cdn) expect(entry.authorization).toBeNull();
    const withoutMask = run.stdout.replace(`::add-mask::${hub.token}`, "");
    expect(withoutMask).not.toContain(hub.token);
    expect(run.summary).not.toContain(hub.token);
    expect(comment?.body).not.toContain(hub.token);
  });

  it("reads the token from HF_TOKEN", async () => {
    const run = await runOnHub({ "hf-endpoint": hub.endpoint }, { HF_TOKEN: hub.token });
    expect(annotations(run.stdout, "error")).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`::add-mask::${hub.token}`);
  });

  it("fails on a private repository without a token", async () => {
    const run = await runOnHub({ "hf-endpoint": hub.endpoint });
    expect(run.status).toBe(1);
    const [error] = annotations(run.stdout, "error");
    expect(error).toContain('"org/private"');
    expect(error).toContain("HF_TOKEN");
    expect(error).not.toMatch(/\n\s+at /);
    expect(github.commentsOn(PR)).toEqual([]);
  });
});
