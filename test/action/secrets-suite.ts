/**
 * The shared suite of the token-privacy tests: runs the action bundle with a fake Hub token and
 * GitHub token through a list of scenarios. Neither token may appear in the log, job summary,
 * outputs, report files or comments, nor in any request but the Authorization header to its own
 * server. Both must be masked.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHub } from "../helpers/fake-github.js";
import { FakeHub, fakeCommit, noFaults } from "../helpers/fake-hub.js";
import {
  expectNoSecret,
  expectRequestsClean,
  filesUnder,
  GITHUB_SECRET,
  HF_SECRET,
  OtherOrigin,
} from "../helpers/secrets.js";
import { checkpointPair, hubFiles, writeCheckpoint } from "../hub/fixtures.js";
import { annotations, pullRequestPayload, runActionBundle } from "./harness.js";

/** The pull request the action comments on. */
export const PR = 31;

/** The fake servers of a suite, for scenarios to set up faults on. */
export interface SecretsServers {
  github: FakeGitHub;
  hub: FakeHub;
  /** A second origin, which must receive no request. */
  other: OtherOrigin;
}

export interface Scenario {
  name: string;
  inputs?: Record<string, string>;
  /** Environment beyond the runner's; the Hub token goes in HF_TOKEN when `tokenInEnv`. */
  tokenInEnv?: boolean;
  setup?: () => void;
  /** Expected exit status. */
  status: 0 | 1;
  /** Text the error annotation contains, for a failed step. */
  error?: string;
}

/**
 * Declares a suite titled `title` that runs each scenario of `scenariosOf` in a workspace under a
 * temporary folder named from `scratchPrefix`.
 */
export function describeTokenPrivacy(
  title: string,
  scratchPrefix: string,
  scenariosOf: (servers: SecretsServers) => Scenario[],
): void {
  const scratch = mkdtempSync(path.join(tmpdir(), scratchPrefix));
  const workspace = path.join(scratch, "workspace");
  const github = new FakeGitHub();
  const hub = new FakeHub();
  const other = new OtherOrigin();
  const pair = checkpointPair();
  const commits = { base: fakeCommit("secrets-base"), head: fakeCommit("secrets-head") };

  beforeAll(async () => {
    mkdirSync(workspace);
    writeCheckpoint(path.join(workspace, "base"), pair.base);
    writeFileSync(
      path.join(workspace, "bad.safetensors"),
      "\u0010\u0000\u0000\u0000\u0000\u0000\u0000\u0000{",
    );
    for (const id of ["org/private", "org/gated"]) {
      hub.addRepo({
        id,
        private: id === "org/private",
        gated: id === "org/gated",
        commits: { [commits.base]: hubFiles(pair.base), [commits.head]: hubFiles(pair.full) },
        refs: { main: commits.head, v1: commits.base },
      });
    }
    await Promise.all([github.start(), hub.start(), other.start()]);
  });
  afterAll(async () => {
    await Promise.all([github.stop(), hub.stop(), other.stop()]);
    rmSync(scratch, { recursive: true, force: true });
  });
  beforeEach(() => {
    github.reset();
    hub.faults = noFaults();
    hub.token = HF_SECRET;
    hub.resetLog();
    other.requests.length = 0;
  });

  describe(title, () => {
    for (const scenario of scenariosOf({ github, hub, other })) {
      it(`stay private through ${scenario.name}`, async () => {
        scenario.setup?.();
        const result = await runActionBundle(scratch, {
          workspace,
          inputs: {
            base: "hf://org/private@v1",
            head: "hf://org/private",
            "hf-endpoint": hub.endpoint,
            "hf-token": scenario.tokenInEnv ? "" : HF_SECRET,
            "github-token": GITHUB_SECRET,
            workers: "1",
            ...scenario.inputs,
          },
          eventName: "pull_request",
          payload: pullRequestPayload(PR),
          apiUrl: github.url,
          env: {
            MODEL_DIFF_GITHUB_RETRY_UNIT_MS: "5",
            MODEL_DIFF_GITHUB_TIMEOUT_MS: "200",
            MODEL_DIFF_HUB_RETRY_DELAY_MS: "1",
            MODEL_DIFF_HUB_TIMEOUT_MS: "200",
            // Debug lines are written too, so they are checked as well.
            ACTIONS_STEP_DEBUG: "true",
            ...(scenario.tokenInEnv ? { HF_TOKEN: HF_SECRET } : {}),
          },
        });

        expect(result.status, result.stdout).toBe(scenario.status);
        if (scenario.error !== undefined) {
          expect(annotations(result.stdout, "error")[0]).toContain(scenario.error);
        }
        const masks = result.stdout.split("\n").filter((line) => line.startsWith("::add-mask::"));
        expect(masks).toContain(`::add-mask::${GITHUB_SECRET}`);
        expect(masks).toContain(`::add-mask::${HF_SECRET}`);
        const log = result.stdout
          .split("\n")
          .filter((line) => !line.startsWith("::add-mask::"))
          .join("\n");
        expectNoSecret(log, "stdout");
        expectNoSecret(result.stderr, "stderr");
        expectNoSecret(result.summary, "the job summary");
        expectNoSecret(JSON.stringify(result.outputs), "the outputs");
        for (const { file, text } of filesUnder(result.runnerTemp)) expectNoSecret(text, file);
        expectRequestsClean(hub, other, github);
      });
    }
  });
}
