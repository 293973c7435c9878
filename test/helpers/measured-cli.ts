import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { CLI_BUNDLE, type CliRun } from "./run-cli.js";
import { PROJECT_ROOT } from "./shared.js";

/** The preload that records the peak resident set size of a node process. */
export const MAX_RSS_PRELOAD = path.join(PROJECT_ROOT, "scripts", "bench", "max-rss.mjs");

export interface MeasuredRun extends CliRun {
  /** Peak resident set size of the CLI process, worker threads included, in bytes. */
  maxRssBytes: number;
  seconds: number;
}

/** Runs the CLI bundle as a child process and measures its peak RSS and wall time. */
export function runCliMeasured(args: readonly string[], env: NodeJS.ProcessEnv = {}): MeasuredRun {
  const folder = mkdtempSync(path.join(tmpdir(), "model-diff-rss-"));
  const rssFile = path.join(folder, "max-rss");
  try {
    const started = performance.now();
    const result = spawnSync(process.execPath, ["--import", MAX_RSS_PRELOAD, CLI_BUNDLE, ...args], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
      env: { ...process.env, ...env, MAX_RSS_FILE: rssFile },
      maxBuffer: 256 * 1024 * 1024,
      timeout: 600_000,
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      maxRssBytes: Number(readFileSync(rssFile, "utf8")),
      seconds,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
