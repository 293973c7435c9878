/**
 * Run settings shared by the property-based tests.
 *
 * In `npm test` every property runs a fixed number of cases from a fixed seed, so the suite is
 * reproducible and takes a few seconds. `npm run fuzz` (scripts/fuzz.mjs) sets FUZZ_RUNS to a
 * multiplier of those counts and FUZZ_SEED to a fresh seed, and collects the cases run from the
 * file named by FUZZ_REPORT. A failure prints the seed and the counterexample path, and the same
 * run replays with `FUZZ_SEED=<seed> FUZZ_RUNS=<multiplier> npx vitest run test/fuzz`.
 */

import { appendFileSync } from "node:fs";
import fc from "fast-check";

/** Seed of the short run in `npm test`. */
const SUITE_SEED = 20240807;

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name}=${JSON.stringify(raw)} is not valid: expected a positive integer.`);
  }
  return value;
}

/** Multiplier of every property's case count: 1 in `npm test`. */
export const FUZZ_MULTIPLIER = positiveInteger("FUZZ_RUNS", 1);

/** Seed of every property in this run. */
export const FUZZ_SEED = (() => {
  const raw = process.env.FUZZ_SEED;
  if (raw === undefined || raw.trim() === "") return SUITE_SEED;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) {
    throw new Error(`FUZZ_SEED=${JSON.stringify(raw)} is not valid: expected an integer.`);
  }
  return value | 0;
})();

/**
 * Milliseconds one case may take before the property fails as a hang. Synchronous code cannot be
 * interrupted, so a synchronous hang shows as the vitest test timeout instead.
 */
export const CASE_TIMEOUT_MS = 20_000;

/** Vitest timeout of a test that runs `baseRuns` cases of about `msPerCase` each. */
export function testTimeout(baseRuns: number, msPerCase: number): number {
  return 60_000 + baseRuns * FUZZ_MULTIPLIER * msPerCase * 3;
}

/**
 * Checks `property` with `baseRuns * FUZZ_MULTIPLIER` cases from FUZZ_SEED, records the count in
 * FUZZ_REPORT when set, and throws fast-check's report (seed, path, counterexample) on failure.
 */
export async function checkProperty<T>(
  name: string,
  property: fc.IAsyncPropertyWithHooks<T> | fc.IPropertyWithHooks<T>,
  baseRuns: number,
): Promise<void> {
  const numRuns = baseRuns * FUZZ_MULTIPLIER;
  const details = await fc.check(property as fc.IAsyncPropertyWithHooks<T>, {
    numRuns,
    seed: FUZZ_SEED,
    timeout: CASE_TIMEOUT_MS,
    endOnFailure: false,
  });
  const report = process.env.FUZZ_REPORT;
  if (report) {
    appendFileSync(
      report,
      `${JSON.stringify({ name, seed: FUZZ_SEED, runs: details.numRuns, failed: details.failed })}\n`,
    );
  }
  if (details.failed) {
    const cause = details.errorInstance;
    const reason = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
    throw new Error(`${name}: ${fc.defaultReportMessage(details)}\nFailure: ${reason}`);
  }
}
