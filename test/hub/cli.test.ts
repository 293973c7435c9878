import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiffReport } from "../../src/report/model.js";
import { FakeHub, fakeCommit } from "../helpers/fake-hub.js";
import { CLI_BUNDLE, runCliBundle } from "../helpers/run-cli.js";
import { checkpointPair, hubFiles, writeCheckpoint } from "./fixtures.js";
import { syntheticCheckpoint } from "./synthetic.js";

/** Rows of each synthetic matrix: 5120 x 4096 BF16 is 40 MiB. */
const LARGE_ROWS = 5120;
const LARGE_SHARDS = 2;
const LARGE_TENSORS_PER_SHARD = 4;
const LARGE_SIDE_BYTES = LARGE_SHARDS * LARGE_TENSORS_PER_SHARD * LARGE_ROWS * 4096 * 2;
/**
 * Peak RSS allowed for the CLI diffing both sides (640 MiB of data) with 2 workers: well under the
 * data size. Each worker holds up to 2 units of 16 MiB per side, the one compared and the one
 * read ahead.
 */
const MAX_RSS_BYTES = 384 * 1024 * 1024;

const pair = checkpointPair();
const commits = { base: fakeCommit("cli-base"), head: fakeCommit("cli-head") };
const hub = new FakeHub();
const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-hub-cli-"));

beforeAll(async () => {
  hub.addRepo({
    id: "org/model",
    commits: { [commits.base]: hubFiles(pair.base), [commits.head]: hubFiles(pair.full) },
    refs: { main: commits.head, v1: commits.base },
  });
  hub.addRepo({
    id: "org/private",
    private: true,
    commits: { [commits.base]: hubFiles(pair.base), [commits.head]: hubFiles(pair.partial) },
    refs: { main: commits.head, v1: commits.base },
  });
  hub.addRepo({
    id: "org/large",
    commits: {
      [commits.base]: syntheticCheckpoint(LARGE_SHARDS, LARGE_TENSORS_PER_SHARD, LARGE_ROWS, 0),
      [commits.head]: syntheticCheckpoint(LARGE_SHARDS, LARGE_TENSORS_PER_SHARD, LARGE_ROWS, 0.05),
    },
    refs: { main: commits.head, v1: commits.base },
  });
  await hub.start();
});

afterAll(async () => {
  await hub.stop();
  rmSync(scratch, { recursive: true, force: true });
});

interface ChildRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size from /usr/bin/time -v, in bytes, or null without it. */
  maxRssBytes: number | null;
}

const TIME = "/usr/bin/time";

/**
 * Runs the CLI bundle asynchronously, so the fake Hub in this process keeps serving, with a
 * fresh working directory, TMPDIR and HOME. Measures peak RSS with /usr/bin/time when present.
 */
function runCli(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<ChildRun> {
  const timed = existsSync(TIME);
  const command = timed ? TIME : process.execPath;
  const commandArgs = timed ? ["-v", process.execPath, CLI_BUNDLE, ...args] : [CLI_BUNDLE, ...args];
  const child = spawn(command, commandArgs, {
    cwd,
    env: { PATH: process.env.PATH, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => {
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      // GNU time adds "Command exited with non-zero status N" before its report.
      const timeReport =
        /(Command exited with non-zero status \d+\n)?\tCommand being timed:[\s\S]*$/;
      const cliStderr = timed ? stderr.replace(timeReport, "") : stderr;
      resolve({
        status,
        stdout,
        stderr: cliStderr,
        maxRssBytes: rss ? Number(rss[1]) * 1024 : null,
      });
    });
  });
}

/** Fresh, empty folders for the child's working directory, TMPDIR and HOME. */
function freshFolders(): { cwd: string; tmp: string; home: string } {
  const root = mkdtempSync(path.join(scratch, "run-"));
  const make = (name: string) => {
    const folder = path.join(root, name);
    mkdirSync(folder);
    return folder;
  };
  return { cwd: make("cwd"), tmp: make("tmp"), home: make("home") };
}

function envFor(folders: { tmp: string; home: string }, extra: NodeJS.ProcessEnv = {}) {
  return { HF_ENDPOINT: hub.endpoint, TMPDIR: folders.tmp, HOME: folders.home, ...extra };
}

describe("CLI bundle with Hub references", () => {
  it("diffs hf:// references through HF_ENDPOINT like local folders", async () => {
    const folders = freshFolders();
    const run = await runCli(
      ["hf://org/model@v1", "hf://org/model", "--format", "json", "--workers", "2"],
      envFor(folders),
      folders.cwd,
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const remote = JSON.parse(run.stdout) as DiffReport;

    const localBase = writeCheckpoint(path.join(scratch, "local-base"), pair.base);
    const localHead = writeCheckpoint(path.join(scratch, "local-head"), pair.full);
    const local = runCliBundle([localBase, localHead, "--format", "json", "--workers", "2"]);
    const expected = JSON.parse(local.stdout) as DiffReport;
    expect(remote.summary).toEqual(expected.summary);
    expect(remote.classification).toEqual(expected.classification);
    expect(remote.tensors).toEqual(expected.tensors);
    expect(remote.base.hub?.commit).toBe(commits.base);
    expect(remote.head.hub?.revision).toBe("main");
  });

  it("writes no file under the working, temp or home folder", async () => {
    const folders = freshFolders();
    const run = await runCli(
      ["hf://org/model@v1", "hf://org/model", "--format", "text"],
      envFor(folders),
      folders.cwd,
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/org\/model@v1 \([0-9a-f]{7}…\)/);
    expect(readdirSync(folders.cwd)).toEqual([]);
    expect(readdirSync(folders.tmp)).toEqual([]);
    expect(readdirSync(folders.home)).toEqual([]);
  });

  it("keeps HF_TOKEN off the CDN", async () => {
    hub.resetLog();
    const folders = freshFolders();
    const run = await runCli(
      ["hf://org/private@v1", "hf://org/private", "--format", "json"],
      envFor(folders, { HF_TOKEN: hub.token }),
      folders.cwd,
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const cdn = hub.requests.filter((entry) => entry.server === "cdn");
    expect(cdn.length).toBeGreaterThan(0);
    for (const entry of cdn) expect(entry.authorization).toBeNull();
    expect(run.stdout).not.toContain(hub.token);
  });

  it("fails cleanly on a private repository without HF_TOKEN", async () => {
    const folders = freshFolders();
    const run = await runCli(["hf://org/private", "hf://org/model"], envFor(folders), folders.cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^model-diff: Hub repository "org\/private".*HF_TOKEN/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("compares structure alone", async () => {
    const folders = freshFolders();
    const run = await runCli(
      ["hf://org/model@v1", "hf://org/model", "--structure-only", "--format", "json"],
      envFor(folders),
      folders.cwd,
    );
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as DiffReport;
    expect(report.mode).toBe("structure");
    expect(report.classification.label).toBe("same_architecture");
  });

  it("says in --help that the token comes from the environment", () => {
    const run = runCliBundle(["--help"]);
    expect(run.stdout).toMatch(/HF_TOKEN/);
    expect(run.stdout).toMatch(/process\s+lists/);
  });

  it("diffs several hundred MB in bounded memory", async () => {
    hub.resetLog();
    const folders = freshFolders();
    const run = await runCli(
      ["hf://org/large@v1", "hf://org/large", "--format", "json", "--workers", "2"],
      envFor(folders),
      folders.cwd,
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as DiffReport;
    expect(report.summary.comparedParams).toBe(LARGE_SIDE_BYTES / 2);
    expect(report.classification.label).toBe("finetune");
    if (run.maxRssBytes === null) throw new Error(`${TIME} is needed to measure peak memory`);
    expect(run.maxRssBytes).toBeLessThan(MAX_RSS_BYTES);

    const resolves = hub.requests.filter(
      (entry) => entry.server === "hub" && entry.url.includes("/resolve/"),
    );
    // Each 16 MiB unit is one range request per side; headers and the index add a few, and the
    // second pass reads one run of sampled rows per matrix and side.
    const dataUnits = (2 * LARGE_SIDE_BYTES) / (16 * 1024 * 1024);
    const sampledRuns = 2 * LARGE_SHARDS * LARGE_TENSORS_PER_SHARD;
    expect(resolves.length).toBeLessThan(dataUnits + sampledRuns + 20);
  }, 120_000);
});

/** Returns a port on 127.0.0.1 that nothing listens on, by releasing one a server had. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("CLI bundle with bad Hub settings or no Hub", () => {
  const localBase = writeCheckpoint(path.join(scratch, "settings-base"), pair.base);
  const localHead = writeCheckpoint(path.join(scratch, "settings-head"), pair.full);

  it("diffs local files despite a bad HF_ENDPOINT and HF_TOKEN", async () => {
    const folders = freshFolders();
    const run = await runCli(
      [localBase, localHead, "--format", "json"],
      envFor(folders, { HF_ENDPOINT: "garbage", HF_TOKEN: "not-a-token" }),
      folders.cwd,
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as DiffReport).classification.label).toBeDefined();
  });

  it("rejects a bad HF_ENDPOINT once a Hub reference needs it", async () => {
    const folders = freshFolders();
    const run = await runCli(
      [localBase, "hf://org/model"],
      envFor(folders, { HF_ENDPOINT: "garbage" }),
      folders.cwd,
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'model-diff: HF_ENDPOINT: "garbage" is not a valid Hub endpoint, and "hf://org/model" needs it. Give an http or https URL such as https://huggingface.co, without credentials, query or fragment, or unset HF_ENDPOINT.\n',
    );
  });

  it("rejects a bad HF_TOKEN once a Hub reference needs it", async () => {
    const folders = freshFolders();
    const run = await runCli(
      ["org/model", localHead],
      envFor(folders, { HF_TOKEN: "not-a-token" }),
      folders.cwd,
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'model-diff: HF_TOKEN: the value is not a Hugging Face token, and "org/model" needs it: a token starts with hf_ and contains no spaces. Give a token from the Hub\'s access token settings, or unset HF_TOKEN.\n',
    );
    expect(run.stderr).not.toContain("not-a-token");
  });

  it("reads a mistyped local path as local, without a Hub request", async () => {
    hub.resetLog();
    const folders = freshFolders();
    mkdirSync(path.join(folders.cwd, "demo-checkpoints", "base"), { recursive: true });
    const run = await runCli(["demo-checkpoints/bse", localHead], envFor(folders), folders.cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'model-diff: "demo-checkpoints/bse": no such file or folder. It was read as a local path because "demo-checkpoints" exists here. Check the path, or write hf://demo-checkpoints/bse to read a Hub repository of that name.\n',
    );
    expect(hub.requests).toEqual([]);
  });

  it("says a bare id is neither local nor on the Hub", async () => {
    const folders = freshFolders();
    const run = await runCli(["org/absent", localHead], envFor(folders), folders.cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `model-diff: "org/absent" is neither a local file or folder nor a Hub repository. Hub repository "org/absent" was not found (HTTP 404, RepoNotFound) at ${hub.endpoint}. Check the name; if it is private or gated, set HF_TOKEN (or the hf-token input) to a token with access to it.\n`,
    );
  });

  it("stops soon with the cause when the Hub refuses connections", async () => {
    const folders = freshFolders();
    const port = await closedPort();
    const started = Date.now();
    const run = await runCli(
      ["hf://org/model", localHead],
      envFor(folders, { HF_ENDPOINT: `http://127.0.0.1:${port}` }),
      folders.cwd,
    );
    const seconds = (Date.now() - started) / 1000;
    expect(run.status).toBe(2);
    const lines = run.stderr.trimEnd().split("\n");
    const api = `http://127.0.0.1:${port}/api/models/org/model/revision/main`;
    expect(lines).toEqual([
      `warning: ${api}: connection refused by 127.0.0.1:${port}; retrying in 0.5 s (attempt 2 of 3)`,
      `warning: ${api}: connection refused by 127.0.0.1:${port}; retrying in 1 s (attempt 3 of 3)`,
      `model-diff: Hub repository "org/model": the request to http://127.0.0.1:${port} failed after 3 attempts (connection refused by 127.0.0.1:${port}). Check the network connection, any proxy (see the README) and the Hub endpoint (HF_ENDPOINT, --hf-endpoint or the hf-endpoint input), then run the diff again.`,
    ]);
    // Waits of 0.5 s and 1 s, plus the start of node; the 6 attempts of a reset take 15.5 s.
    expect(seconds).toBeLessThan(8);
  });

  it("says an ftp:// reference cannot be read", async () => {
    const folders = freshFolders();
    const run = await runCli(
      ["ftp://files.example/x.safetensors", localHead],
      envFor(folders),
      folders.cwd,
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'model-diff: "ftp://files.example/x.safetensors": ftp:// references cannot be read. Give a local path, an http or https URL, or a Hub reference (hf://ORG/NAME).\n',
    );
  });
});
