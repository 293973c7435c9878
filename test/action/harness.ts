/**
 * Runs the committed action bundle (dist/index.js) as the runner does: plain node, cwd at the
 * workspace, inputs as INPUT_ variables with dashes kept, and the runner's file commands. Nothing
 * from the developer's environment is passed on.
 */

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../helpers/shared.js";

export const ACTION_BUNDLE = path.join(PROJECT_ROOT, "dist", "index.js");

/** A token in the form of GITHUB_TOKEN (an installation token); the fake accepts any. */
export const FAKE_TOKEN = "ghs_fakeTokenForTests0000000000000000";

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Outputs parsed from the GITHUB_OUTPUT file. */
  outputs: Record<string, string>;
  /** Content of the GITHUB_STEP_SUMMARY file ("" when not written). */
  summary: string;
  /** Folder that stood for RUNNER_TEMP. */
  runnerTemp: string;
}

export interface ActionRunSettings {
  inputs: Record<string, string>;
  eventName: string;
  payload: unknown;
  /** The fake GitHub API's base URL. */
  apiUrl: string;
  /** Workspace folder (cwd and GITHUB_WORKSPACE); a fresh empty one when absent. */
  workspace?: string;
  /** Extra environment variables, such as the test-only retry and timeout settings. */
  env?: Record<string, string>;
}

/** Parses `name<<delimiter` blocks, the form @actions/core writes into GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[index] ?? "");
    if (match === null) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    index++;
    while (index < lines.length && lines[index] !== delimiter) value.push(lines[index++] ?? "");
    outputs[name as string] = value.join("\n");
  }
  return outputs;
}

/**
 * Inputs the runner passes when the workflow sets none: the defaults of action.yml, with the
 * token that `${{ github.token }}` would give, and 2 workers so that parallel test files do not
 * each start one worker per core.
 */
export const DEFAULT_INPUTS: Record<string, string> = {
  "base-revision": "",
  "head-revision": "",
  mode: "full",
  threshold: "1e-6",
  top: "15",
  workers: "2",
  "github-token": FAKE_TOKEN,
  comment: "true",
  "comment-key": "",
  "pr-number": "",
  summary: "true",
  "fail-on": "",
  "max-changed-fraction": "",
  "report-dir": "",
  "hf-token": "",
  "hf-endpoint": "",
};

/** Runs the bundle once in a fresh runner folder under `scratch`. */
export async function runActionBundle(
  scratch: string,
  settings: ActionRunSettings,
): Promise<ActionRun> {
  mkdirSync(scratch, { recursive: true });
  const runner = mkdtempSync(path.join(scratch, "runner-"));
  const workspace = settings.workspace ?? path.join(runner, "workspace");
  const runnerTemp = path.join(runner, "temp");
  mkdirSync(workspace, { recursive: true });
  mkdirSync(runnerTemp);
  const outputFile = path.join(runner, "output.txt");
  const summaryFile = path.join(runner, "summary.md");
  const eventFile = path.join(runner, "event.json");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  writeFileSync(eventFile, JSON.stringify(settings.payload));

  const env: Record<string, string> = {
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_STATE: path.join(runner, "state.txt"),
    GITHUB_ENV: path.join(runner, "env.txt"),
    GITHUB_PATH: path.join(runner, "path.txt"),
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: settings.eventName,
    GITHUB_REPOSITORY: "octo-org/model-repo",
    GITHUB_REPOSITORY_OWNER: "octo-org",
    GITHUB_API_URL: settings.apiUrl,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_GRAPHQL_URL: `${settings.apiUrl}/graphql`,
    GITHUB_RUN_ID: "987654321",
    GITHUB_RUN_NUMBER: "12",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    GITHUB_REF: "refs/heads/main",
    GITHUB_WORKFLOW: "model diff",
    GITHUB_JOB: "diff",
    GITHUB_ACTOR: "octocat",
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: "Linux",
    ...settings.env,
  };
  for (const [name, value] of Object.entries({ ...DEFAULT_INPUTS, ...settings.inputs })) {
    env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  }

  const child = spawn(process.execPath, [ACTION_BUNDLE], { cwd: workspace, env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code));
  });
  return {
    status,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, "utf8")),
    summary: existsSync(summaryFile) ? readFileSync(summaryFile, "utf8") : "",
    runnerTemp,
  };
}

/** Returns the `::error::` and `::warning::` lines of a run's log, without the prefix. */
export function annotations(stdout: string, kind: "error" | "warning"): string[] {
  const prefix = `::${kind}::`;
  return stdout
    .split("\n")
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length).replace(/%0A/g, "\n").replace(/%25/g, "%"));
}

export function pullRequestPayload(number: number): unknown {
  return {
    action: "synchronize",
    number,
    pull_request: { number, head: { sha: "fedcba9876543210fedcba9876543210fedcba98" } },
    repository: { full_name: "octo-org/model-repo" },
  };
}
