/**
 * `npm run fuzz`: the long run of the property-based tests in test/fuzz. Each property runs
 * FUZZ_RUNS times its `npm test` case count (default 50) from the seed FUZZ_SEED (default: a
 * random 32-bit seed). Prints the seed first, so a failure can be replayed with
 * `FUZZ_SEED=<seed> FUZZ_RUNS=<n> npm run fuzz`, then the cases run per property and in total.
 */

import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = resolve(import.meta.dirname, "..");
const VITEST = join(ROOT, "node_modules", "vitest", "vitest.mjs");

const multiplier = process.env.FUZZ_RUNS || "50";
const seed = process.env.FUZZ_SEED || String(randomInt(-(2 ** 31), 2 ** 31));
const folder = mkdtempSync(join(tmpdir(), "model-diff-fuzz-"));
const report = join(folder, "runs.jsonl");

console.log(`Fuzzing with FUZZ_SEED=${seed} FUZZ_RUNS=${multiplier}`);
const started = performance.now();
const run = spawnSync(process.execPath, [VITEST, "run", "test/fuzz"], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, FUZZ_RUNS: multiplier, FUZZ_SEED: seed, FUZZ_REPORT: report },
});
const seconds = (performance.now() - started) / 1000;

let lines = [];
try {
  lines = readFileSync(report, "utf8").trim().split("\n").filter(Boolean).map(JSON.parse);
} catch {
  // No property finished, so there is nothing to count.
}
rmSync(folder, { recursive: true, force: true });

let total = 0;
for (const line of lines) {
  total += line.runs;
  console.log(`  ${line.name}: ${line.runs} cases${line.failed ? ", FAILED" : ""}`);
}
console.log(
  `${total} cases in ${lines.length} properties, seed ${seed}, ${seconds.toFixed(1)} s. ` +
    `Replay with FUZZ_SEED=${seed} FUZZ_RUNS=${multiplier} npm run fuzz.`,
);
process.exitCode = run.status ?? 1;
