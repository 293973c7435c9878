/**
 * Runs the CLI bundle with a fake Hub token in HF_TOKEN through every error path it can reach.
 * A GitHub token sits in the environment too, unused by the CLI. Neither token may appear in
 * stdout, stderr or the report file, nor in any request but the Authorization header to the Hub.
 */

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeHub, fakeCommit, noFaults } from "../helpers/fake-hub.js";
import {
  expectNoSecret,
  expectRequestsClean,
  filesUnder,
  GITHUB_SECRET,
  HF_SECRET,
  OtherOrigin,
  runCliAsync,
} from "../helpers/secrets.js";
import { checkpointPair, hubFiles, writeCheckpoint } from "../hub/fixtures.js";

const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-cli-secrets-"));
const hub = new FakeHub();
const other = new OtherOrigin();
const pair = checkpointPair();
const commits = { base: fakeCommit("cli-secrets-base"), head: fakeCommit("cli-secrets-head") };

beforeAll(async () => {
  writeCheckpoint(path.join(scratch, "base"), pair.base);
  writeFileSync(
    path.join(scratch, "bad.safetensors"),
    "\u0010\u0000\u0000\u0000\u0000\u0000\u0000\u0000{",
  );
  hub.addRepo({
    id: "org/private",
    private: true,
    commits: { [commits.base]: hubFiles(pair.base), [commits.head]: hubFiles(pair.full) },
    refs: { main: commits.head, v1: commits.base },
  });
  await Promise.all([hub.start(), other.start()]);
});
afterAll(async () => {
  await Promise.all([hub.stop(), other.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  hub.faults = noFaults();
  hub.token = HF_SECRET;
  hub.resetLog();
  other.requests.length = 0;
});

interface Scenario {
  name: string;
  /** Arguments after the two references; the references default to the private repository. */
  args?: string[];
  base?: string;
  head?: string;
  env?: Record<string, string>;
  setup?: () => void;
  status: 0 | 2;
  /** Text stderr contains. */
  message?: string;
}

const scenarios: Scenario[] = [
  { name: "a successful diff", status: 0 },
  { name: "a JSON report on stdout", args: ["--format", "json"], status: 0 },
  {
    name: "a malformed checkpoint",
    base: "bad.safetensors",
    status: 2,
    message: "bad.safetensors",
  },
  { name: "a missing file", base: "absent.safetensors", status: 2, message: "absent" },
  {
    name: "a Hub 401",
    setup: () => {
      hub.token = "hf_anotherTokenTheHubAccepts000000";
    },
    status: 2,
    message: "HTTP 401",
  },
  { name: "a Hub 404", head: "hf://org/absent", status: 2, message: "HTTP 404" },
  {
    name: "Hub 503s",
    setup: () => {
      hub.faults.serverErrors = 1000;
    },
    status: 2,
    message: "HTTP 503",
  },
  {
    name: "Hub timeouts",
    setup: () => {
      hub.faults.stalledApiCalls = 1000;
      hub.faults.stallMs = 2000;
    },
    status: 2,
    message: "timed out",
  },
  {
    name: "an API redirect to another origin",
    setup: () => {
      hub.faults.apiRedirectOrigin = other.origin;
    },
    status: 2,
    message: "not on the endpoint's origin",
  },
  {
    name: "a listing page on another origin",
    setup: () => {
      hub.faults.treeNextOrigin = other.origin;
    },
    status: 2,
    message: "not on the endpoint's origin",
  },
  {
    name: "a redirect loop",
    setup: () => {
      hub.faults.resolveLoop = true;
    },
    status: 2,
    message: "more than 5 redirects",
  },
  {
    name: "resets of every file body",
    setup: () => {
      hub.faults.dropAfterBytes = 1000;
      hub.faults.resetBodies = 1000;
    },
    status: 2,
    message: "connection reset",
  },
  {
    name: "a URL on another origin",
    head: "URL_ON_OTHER_ORIGIN",
    status: 2,
    message: "HTTP 404",
  },
  { name: "a usage error", args: ["--threshold", "abc"], status: 2, message: "--threshold" },
  {
    name: "a bad HF_ENDPOINT",
    env: { HF_ENDPOINT: "ftp://127.0.0.1/hub" },
    status: 2,
    message: "HF_ENDPOINT",
  },
  {
    name: "a token with a space",
    env: { HF_TOKEN: `${HF_SECRET} x` },
    status: 2,
    message: "HF_TOKEN",
  },
];

describe("tokens in the CLI", () => {
  for (const scenario of scenarios) {
    it(`stay private through ${scenario.name}`, async () => {
      scenario.setup?.();
      const cwd = mkdtempSync(path.join(scratch, "run-"));
      const home = path.join(cwd, "home");
      mkdirSync(home);
      const report = path.join(cwd, "report.out");
      const head =
        scenario.head === "URL_ON_OTHER_ORIGIN"
          ? `${other.origin}/files/model.safetensors`
          : (scenario.head ?? "hf://org/private");
      const base =
        scenario.base === undefined ? "hf://org/private@v1" : path.join(scratch, scenario.base);
      const toFile = scenario.args?.includes("--format") ? [] : ["--output", report];
      const result = await runCliAsync(
        [base, head, "--workers", "1", ...toFile, ...(scenario.args ?? [])],
        {
          HF_ENDPOINT: hub.endpoint,
          HF_TOKEN: HF_SECRET,
          GITHUB_TOKEN: GITHUB_SECRET,
          HOME: home,
          TMPDIR: cwd,
          MODEL_DIFF_DEBUG: "1",
          MODEL_DIFF_HUB_RETRY_DELAY_MS: "1",
          MODEL_DIFF_HUB_TIMEOUT_MS: "200",
          ...scenario.env,
        },
        cwd,
      );

      expect(result.status, result.stderr).toBe(scenario.status);
      if (scenario.message !== undefined) expect(result.stderr).toContain(scenario.message);
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
      expectNoSecret(result.stdout, "stdout");
      expectNoSecret(result.stderr, "stderr");
      for (const { file, text } of filesUnder(cwd)) expectNoSecret(text, file);
      if (scenario.status === 0 && toFile.length > 0) {
        expect(readFileSync(report, "utf8")).toContain("org/private");
      }
      expectRequestsClean(hub, other, null);
    });
  }
});
