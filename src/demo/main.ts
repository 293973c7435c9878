import { relative, resolve } from "node:path";
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
  // Relative paths keep the report free of the machine's folder layout.
  const base = relative(process.cwd(), paths.base) || ".";
  const head = relative(process.cwd(), paths.head) || ".";
  process.stderr.write(`Demo checkpoints written to ${base} and ${head}\n`);
  return main([base, head, ...cliArgs]);
}

process.exitCode = await runDemo(process.argv.slice(2));
