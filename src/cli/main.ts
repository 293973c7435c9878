import { writeFile } from "node:fs/promises";
import type { RunLog } from "../compare.js";
import { compareCheckpoints } from "../compare.js";
import { EXIT_INTERNAL, EXIT_USAGE_OR_INPUT, ModelDiffError, UsageError } from "../errors.js";
import { renderJson } from "../report/json.js";
import { renderMarkdown } from "../report/markdown.js";
import type { DiffReport } from "../report/model.js";
import { renderText } from "../report/text.js";
import { VERSION } from "../version.js";
import { type CliOptions, parseCliArgs, USAGE } from "./args.js";
import { ProgressLine } from "./progress.js";

function render(report: DiffReport, options: CliOptions): string {
  switch (options.format) {
    case "json":
      return renderJson(report);
    case "text":
      return renderText(report, { top: options.top });
    case "markdown":
      return renderMarkdown(report, { top: options.top });
  }
}

function stderrLog(progress: ProgressLine, verbose: boolean): RunLog {
  return {
    info: (message) => {
      progress.finish();
      process.stderr.write(`${message}\n`);
    },
    warning: (message) => {
      progress.finish();
      process.stderr.write(`warning: ${message}\n`);
    },
    debug: (message) => {
      if (verbose) process.stderr.write(`debug: ${message}\n`);
    },
    progress: (done, total) => progress.update(done, total),
    phase: (_name, work) => work(),
  };
}

/** Runs the CLI with `argv` (no node or script path) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const progress = new ProgressLine(process.stderr);
  try {
    const command = parseCliArgs(argv, process.stdout.isTTY === true);
    if (command.kind === "help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (command.kind === "version") {
      process.stdout.write(`model-diff ${VERSION}\n`);
      return 0;
    }
    const options = command.options;
    const log = stderrLog(progress, process.env.MODEL_DIFF_DEBUG === "1");
    const report = await compareCheckpoints(options, log);
    progress.finish();

    const text = render(report, options);
    if (options.output === null) {
      process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    } else {
      try {
        await writeFile(options.output, text);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new UsageError(
          `--output: cannot write ${options.output} (${code}). Check that its folder exists and is writable.`,
        );
      }
      process.stderr.write(`Report written to ${options.output}\n`);
    }
    return 0;
  } catch (error) {
    progress.finish();
    if (error instanceof ModelDiffError) {
      process.stderr.write(`model-diff: ${error.message}\n`);
      return EXIT_USAGE_OR_INPUT;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(
      `model-diff: internal error, please report it with the command you ran.\n${detail}\n`,
    );
    return EXIT_INTERNAL;
  }
}
