import { spawnSync } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "./shared.js";

export const CLI_BUNDLE = path.join(PROJECT_ROOT, "dist", "cli", "index.js");
export const DEMO_BUNDLE = path.join(PROJECT_ROOT, "dist", "demo", "index.js");

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the committed CLI bundle with plain node, as a user does from a clone. */
export function runCliBundle(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun {
  return runBundle(CLI_BUNDLE, args, env);
}

/** Runs a committed bundle under dist/ with plain node. */
export function runBundle(
  bundle: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): CliRun {
  const result = spawnSync(process.execPath, [bundle, ...args], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
