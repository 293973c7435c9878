import { resolve } from "node:path";
import { main, terminalSafe } from "../cli/main.js";
import { EXIT_INTERNAL, EXIT_USAGE_OR_INPUT, ModelDiffError } from "../errors.js";
import { writeDemoPair } from "./generate.js";

/**
 * Generates the demo checkpoints (a small Qwen2-style bf16 base and a densely fine-tuned head)
 * into the folder given as the first argument (default `demo-checkpoints`), then prints the
 * report on them. Further arguments go to the CLI, for example `--format json`.
 */
async function runDemo(argv: readonly string[]): Promise<number> {
  const [folder = "demo-checkpoints", ...cliArgs] = argv;
  let paths: { base: string; head: string };
  try {
    paths = await writeDemoPair(resolve(folder));
  } catch (error) {
    if (error instanceof ModelDiffError) {
      process.stderr.write(`model-diff demo: ${terminalSafe(error.message)}\n`);
      return EXIT_USAGE_OR_INPUT;
    }
    process.stderr.write(`model-diff demo: internal error: ${terminalSafe(String(error))}\n`);
    return EXIT_INTERNAL;
  }
  process.stderr.write(`Demo checkpoints written to ${paths.base} and ${paths.head}\n`);
  return main([paths.base, paths.head, ...cliArgs]);
}

process.exitCode = await runDemo(process.argv.slice(2));
