import { isAbsolute, relative, resolve } from "node:path";
import { parseCliArgs } from "../cli/args.js";
import { main, terminalSafe } from "../cli/main.js";
import { EXIT_INTERNAL, EXIT_USAGE_OR_INPUT, ModelDiffError } from "../errors.js";
import { writeDemoPair } from "./generate.js";

const DEMO_USAGE = `Usage: npm run demo -- [FOLDER] [model-diff options]

Writes a small bf16 base checkpoint and a densely fine-tuned head into FOLDER/base and
FOLDER/head (default folder: demo-checkpoints), then prints the model-diff report on them.
The options go to model-diff, for example --format json. Run model-diff --help for them.
`;

/** Prints one line for a failed demo and returns the exit status the CLI uses for it. */
function reportFailure(error: unknown): number {
  if (error instanceof ModelDiffError) {
    process.stderr.write(`model-diff demo: ${terminalSafe(error.message)}\n`);
    return EXIT_USAGE_OR_INPUT;
  }
  process.stderr.write(`model-diff demo: internal error: ${terminalSafe(String(error))}\n`);
  return EXIT_INTERNAL;
}

/**
 * Generates the demo checkpoints (a small Qwen2-style bf16 base and a densely fine-tuned head)
 * into the folder given as the first argument (default `demo-checkpoints`), then prints the
 * report on them. Further arguments go to the CLI, for example `--format json`. A first
 * argument that starts with `-` is an option, so the default folder is used.
 */
async function runDemo(argv: readonly string[]): Promise<number> {
  if (argv[0] === "-h" || argv[0] === "--help") {
    process.stdout.write(DEMO_USAGE);
    return 0;
  }
  const first = argv[0];
  const hasFolder = first !== undefined && !first.startsWith("-");
  const folder = hasFolder ? first : "demo-checkpoints";
  const cliArgs = hasFolder ? argv.slice(1) : argv;

  // Options are checked before anything is written, and --version or --help writes nothing.
  try {
    const command = parseCliArgs(["base", "head", ...cliArgs], process.stdout.isTTY === true);
    if (command.kind !== "diff") return main(cliArgs);
  } catch (error) {
    return reportFailure(error);
  }
  let paths: { base: string; head: string };
  try {
    paths = await writeDemoPair(resolve(folder));
  } catch (error) {
    return reportFailure(error);
  }
  // Relative paths keep the report free of the machine's folder layout, unless the user gave an
  // absolute folder, which is then shown as given.
  const pathToShow = (target: string) =>
    isAbsolute(folder) ? target : relative(process.cwd(), target) || ".";
  const base = pathToShow(paths.base);
  const head = pathToShow(paths.head);
  process.stderr.write(`Demo checkpoints written to ${base} and ${head}\n`);
  return main([base, head, ...cliArgs]);
}

process.exitCode = await runDemo(process.argv.slice(2));
