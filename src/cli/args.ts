import { parseArgs } from "node:util";
import { UsageError } from "../errors.js";
import {
  DEFAULT_THRESHOLD,
  DEFAULT_TOP,
  type DiffOptions,
  defaultWorkerCount,
  MAX_WORKERS,
  parseCount,
  parseThreshold,
} from "../options.js";

export type OutputFormat = "markdown" | "json" | "text";

export interface CliOptions extends DiffOptions {
  format: OutputFormat;
  /** File to write the report to; standard output when absent. */
  output: string | null;
}

export type CliCommand =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "diff"; options: CliOptions };

export const USAGE = `Usage: model-diff BASE HEAD [options]

Compare two safetensors checkpoints tensor by tensor and report what kind of change it was.

BASE and HEAD are each a .safetensors file, a model.safetensors.index.json file, or a folder
that contains one set of weights (model.safetensors, or a sharded checkpoint with its index).

Options:
  --threshold T     absolute difference at or below which a value counts as unchanged
                    (default ${DEFAULT_THRESHOLD})
  --format F        report format: markdown, json or text (default: text on a terminal,
                    markdown otherwise)
  --output FILE     write the report to FILE instead of standard output
  --workers N       worker threads for the diff, 1 to ${MAX_WORKERS} (default: one per core)
  --top N           rows in each "top tensors" table, 1 to 1000 (default ${DEFAULT_TOP})
  -h, --help        show this help
  -v, --version     show the version

Exit status: 0 with a report, 2 for bad usage or bad input, 70 for a defect in model-diff.
Limits on header size and tensor count can be raised through environment variables; see the
README.`;

/** Parses argv (without the node and script paths) into a command. */
export function parseCliArgs(argv: readonly string[], stdoutIsTerminal: boolean): CliCommand {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        threshold: { type: "string" },
        format: { type: "string" },
        output: { type: "string", short: "o" },
        workers: { type: "string" },
        top: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    const reason = (error as Error).message.replace(/\.$/, "");
    throw new UsageError(`${reason}. Run model-diff --help for the options.`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };

  if (parsed.positionals.length !== 2) {
    throw new UsageError(
      `expected two checkpoints, BASE and HEAD, but got ${parsed.positionals.length} arguments. Run model-diff --help for the usage.`,
    );
  }
  const [base, head] = parsed.positionals as [string, string];

  const formatText = values.format as string | undefined;
  let format: OutputFormat = stdoutIsTerminal ? "text" : "markdown";
  if (formatText !== undefined) {
    if (formatText !== "markdown" && formatText !== "json" && formatText !== "text") {
      throw new UsageError(
        `--format: "${formatText}" is not a report format. Use markdown, json or text.`,
      );
    }
    format = formatText;
  }

  const option = (name: string): string | undefined => values[name] as string | undefined;
  const thresholdText = option("threshold");
  const workersText = option("workers");
  const topText = option("top");
  return {
    kind: "diff",
    options: {
      base,
      head,
      threshold:
        thresholdText === undefined
          ? DEFAULT_THRESHOLD
          : parseThreshold(thresholdText, "--threshold"),
      workers:
        workersText === undefined
          ? defaultWorkerCount()
          : parseCount(workersText, "--workers", 1, MAX_WORKERS),
      top: topText === undefined ? DEFAULT_TOP : parseCount(topText, "--top", 1, 1000),
      format,
      output: option("output") ?? null,
    },
  };
}
