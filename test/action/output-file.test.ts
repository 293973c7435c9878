import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeDemoPair } from "../../src/demo/generate.js";
import { FakeGitHub } from "../helpers/fake-github.js";
import { annotations, pullRequestPayload, runActionBundle } from "./harness.js";

const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-output-file-"));
const workspace = path.join(scratch, "workspace");
const github = new FakeGitHub();

beforeAll(async () => {
  mkdirSync(workspace);
  await writeDemoPair(path.join(workspace, "demo"));
  await github.start();
});
afterAll(async () => {
  await github.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("GITHUB_OUTPUT that cannot be written", () => {
  const cases: [string, string, string][] = [
    ["a missing file", path.join(scratch, "no-such-folder", "output.txt"), "does not exist"],
    ["a folder", scratch, "is not a file"],
  ];
  for (const [label, file, problem] of cases) {
    it(`fails clearly for ${label}`, async () => {
      github.reset();
      const run = await runActionBundle(scratch, {
        workspace,
        inputs: { base: "demo/base", head: "demo/head" },
        eventName: "pull_request",
        payload: pullRequestPayload(5),
        apiUrl: github.url,
        env: { GITHUB_OUTPUT: file },
      });
      expect(run.status).toBe(1);
      expect(annotations(run.stdout, "error")).toEqual([
        `GITHUB_OUTPUT: the file "${file}" ${problem}. The runner creates this file for each step; outside a runner, create the file or unset GITHUB_OUTPUT.`,
      ]);
      expect(run.stdout).not.toContain("internal error");
      expect(run.stdout).not.toMatch(/\bat .*\.js:\d+/);
      expect(github.requests).toEqual([]);
    });
  }
});
