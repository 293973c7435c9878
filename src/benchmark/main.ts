/**
 * `npm run benchmark:classify [-- --config tiny|qwen-ish|all] [--case ID]`: runs the synthetic
 * classification benchmark and prints accuracy, hard-case accuracy, a confusion table and the
 * calibration error of the confidence score.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CASES, makeBases } from "./cases.js";
import { type ModelConfig, QWEN_ISH, TINY } from "./model.js";
import { type CaseResult, runCase, scoreResults } from "./run.js";
import { renderScores } from "./table.js";

async function main(argv: readonly string[]): Promise<number> {
  const configArg = argv[argv.indexOf("--config") + 1] ?? "all";
  const only = argv.includes("--case") ? argv[argv.indexOf("--case") + 1] : undefined;
  const configs: ModelConfig[] = [];
  if (!argv.includes("--config") || configArg === "all" || configArg === "tiny") configs.push(TINY);
  if (!argv.includes("--config") || configArg === "all" || configArg === "qwen-ish")
    configs.push(QWEN_ISH);
  const scratch = await mkdtemp(path.join(tmpdir(), "model-diff-benchmark-"));
  const results: CaseResult[] = [];
  try {
    for (const config of configs) {
      const bases = makeBases(config);
      for (const benchmarkCase of CASES) {
        if (only !== undefined && benchmarkCase.id !== only) continue;
        const result = await runCase(benchmarkCase, bases, scratch);
        results.push(result);
        process.stdout.write(
          `${result.correct ? "ok  " : "MISS"} ${config.name.padEnd(8)} ${result.id.padEnd(30)} ${result.label.padEnd(22)} ${result.confidence.padEnd(6)} ${result.score.toFixed(3)} ${result.seconds.toFixed(2)} s ${result.cpuSeconds.toFixed(2)} s cpu\n`,
        );
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const rhoOf = (id: string) => {
    const found = CASES.find((item) => item.id === id);
    const rho = found?.parameters.rho;
    return typeof rho === "number" ? rho : null;
  };
  const scores = scoreResults(results, rhoOf);
  process.stdout.write(`\n${renderScores(scores, results)}`);
  return scores.gateFailures.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
