import { CANCEL_EXIT_CODES, CancelledError, throwIfCancelled } from "../cancel.js";
import type { RunLog } from "../compare.js";
import { compareCheckpoints } from "../compare.js";
import { EXIT_INTERNAL, EXIT_USAGE_OR_INPUT, ModelDiffError } from "../errors.js";
import { renderJsonChunks } from "../report/json.js";
import { renderMarkdown } from "../report/markdown.js";
import type { DiffReport } from "../report/model.js";
import { renderText } from "../report/text.js";
import { VERSION } from "../version.js";
import { cutToCodePoints } from "../visible-text.js";
import { type CliOptions, parseCliArgs, USAGE } from "./args.js";
import {
  assertOutputIsNotInput,
  assertOutputWritable,
  writeToFile,
  writeToStdout,
} from "./output.js";
import { ProgressLine } from "./progress.js";

/** Characters of an error message printed before it is cut. */
const MAX_MESSAGE_CHARS = 4000;

/** Returns the report as chunks: JSON in pieces, so no single string grows with the tensor count. */
function render(report: DiffReport, options: CliOptions): Iterable<string> {
  switch (options.format) {
    case "json":
      return renderJsonChunks(report);
    case "text":
      return [withFinalNewline(renderText(report, { top: options.top }))];
    case "markdown":
      return [withFinalNewline(renderMarkdown(report, { top: options.top }))];
  }
}

function withFinalNewline(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}

/**
 * Makes a message safe for a terminal: control characters other than newline and tab are shown
 * as escapes, and a very long message is cut. Messages quote file content through
 * quoteForMessage already; this is the last guard for anything that slipped through.
 */
export function terminalSafe(message: string): string {
  const escaped = message.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the purpose.
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  const cut = cutToCodePoints(escaped, MAX_MESSAGE_CHARS);
  if (cut.truncatedFrom === null) return escaped;
  return `${cut.text}… (cut from ${cut.truncatedFrom} characters)`;
}

function stderrLog(progress: ProgressLine, verbose: boolean): RunLog {
  return {
    info: (message) => {
      progress.finish();
      process.stderr.write(`${terminalSafe(message)}\n`);
    },
    warning: (message) => {
      progress.finish();
      process.stderr.write(`warning: ${terminalSafe(message)}\n`);
    },
    debug: (message) => {
      if (verbose) process.stderr.write(`debug: ${terminalSafe(message)}\n`);
    },
    progress: (done, total) => progress.update(done, total),
    phase: (_name, work) => work(),
  };
}

/**
 * Runs the CLI with `argv` (no node or script path) and returns the exit code. An aborted
 * `signal` stops the run, which then writes no report.
 */
export async function main(argv: readonly string[], signal?: AbortSignal): Promise<number> {
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
    const output = options.output;
    if (output !== null) await assertOutputWritable(output);
    const report = await compareCheckpoints(options, log, {
      inputsResolved: (paths) =>
        output === null ? undefined : assertOutputIsNotInput(output, paths),
      signal,
    });
    progress.finish();
    throwIfCancelled(signal);

    const chunks = render(report, options);
    if (output === null) {
      await writeToStdout(chunks);
    } else {
      await writeToFile(output, chunks);
      process.stderr.write(`Report written to ${terminalSafe(output)}\n`);
    }
    return 0;
  } catch (error) {
    progress.finish();
    if (error instanceof CancelledError) {
      process.stderr.write(`model-diff: ${error.message}\n`);
      return CANCEL_EXIT_CODES[error.signal];
    }
    if (error instanceof ModelDiffError) {
      process.stderr.write(`model-diff: ${terminalSafe(error.message)}\n`);
      return EXIT_USAGE_OR_INPUT;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(
      `model-diff: internal error, please report it with the command you ran.\n${terminalSafe(detail)}\n`,
    );
    return EXIT_INTERNAL;
  }
}
