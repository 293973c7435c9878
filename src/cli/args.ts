import { parseArgs } from "node:util";
import { UsageError } from "../errors.js";
import {
  DEFAULT_HUB_ENDPOINT,
  DEFAULT_THRESHOLD,
  DEFAULT_TOP,
  type DiffOptions,
  defaultWorkerCount,
  MAX_WORKERS,
  parseCount,
  parseThreshold,
  resolveHubOptions,
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

BASE and HEAD are each one of:
  - a .safetensors file, a *.safetensors.index.json shard index, or a folder. In a folder,
    model.safetensors.index.json is read first, then model.safetensors, then the only weight
    set; other weight sets beside a standard name are reported as warnings.
  - a Hugging Face Hub repository: hf://ORG/NAME[@REVISION][/FOLDER or /FILE], or ORG/NAME or
    ORG/NAME@REVISION when neither that path nor ORG exists in the working directory (else it
    is a local path). A revision with slashes is written percent-encoded (@refs%2Fpr%2F1).
    Files are read by HTTP range requests, never saved.
  - an http or https URL of a .safetensors file or a .safetensors.index.json shard index.

Options:
  --threshold T     absolute difference at or below which a value counts as unchanged
                    (default 1e-6)
  --format F        report format: markdown, json or text (default: text when the report
                    goes to a terminal, markdown otherwise, also with --output)
  -o, --output FILE write the report to FILE instead of standard output (written whole,
                    never over an input file; its folder is checked before the diff)
  --workers N       worker threads for the diff, 1 to ${MAX_WORKERS} (default: one per core)
  --top N           rows in each "top tensors" table, 1 to 1000 (default ${DEFAULT_TOP})
  --structure-only  compare the headers alone (names, shapes, dtypes, parameter counts,
                    metadata) and read no tensor values; not with --threshold
  --base-revision REV, --head-revision REV
                    revision of a Hub BASE or HEAD (branch, tag, commit sha or refs/pr/N),
                    written plain; default main
  --hf-endpoint URL Hub endpoint (default: HF_ENDPOINT, else ${DEFAULT_HUB_ENDPOINT})
  -h, --help        show this help
  -v, --version     show the version

Environment:
  HF_TOKEN          Hub access token for private or gated repositories. It is read from the
                    environment only, because a token on the command line shows in process
                    lists and shell history. It is sent to the Hub endpoint's origin only.
  HF_ENDPOINT       Hub endpoint, for a mirror or a private Hub.

Exit status: 0 with a report, 2 for bad usage or bad input, 70 for a defect in model-diff,
130 after SIGINT and 143 after SIGTERM (no report is written).
Limits on header size and tensor count can be raised through environment variables; see the
README.`;

/** Options that take a value; a value that starts with "-" (a negative number) still belongs to them. */
const VALUE_OPTIONS = new Set([
  "--threshold",
  "--format",
  "--output",
  "-o",
  "--workers",
  "--top",
  "--base-revision",
  "--head-revision",
  "--hf-endpoint",
]);

/**
 * Joins `--option -1` into `--option=-1`, so a negative number reaches the option's own check
 * (and its message) instead of being read as another option.
 */
function attachDashValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i] as string;
    const next = argv[i + 1];
    if (VALUE_OPTIONS.has(argument) && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${argument}=${next}`);
      i++;
    } else {
      joined.push(argument);
    }
  }
  return joined;
}

/** Rewords the errors of node:util parseArgs, which quote options unevenly. */
function parseError(error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message;
  const option = /'(-[^']*)'/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) {
    return new UsageError(`unknown option ${option}. Run model-diff --help for the options.`);
  }
  let longOption: string | undefined;
  if (option === "-o") longOption = "--output";
  else if (option !== undefined) longOption = /--[a-z-]+/.exec(option)?.[0];
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && longOption) {
    return new UsageError(`${longOption} needs a value. Run model-diff --help for the options.`);
  }
  return new UsageError(`${message.replace(/\.$/, "")}. Run model-diff --help for the options.`);
}

function revisionOption(text: string | undefined, option: string): string | null {
  if (text === undefined) return null;
  if (text.trim() === "") {
    throw new UsageError(`${option} needs a revision: a branch, tag, commit sha or refs/pr/N.`);
  }
  return text;
}

/**
 * Parses argv (without the node and script paths) into a command. `env` supplies HF_TOKEN and
 * HF_ENDPOINT.
 */
export function parseCliArgs(
  argv: readonly string[],
  stdoutIsTerminal: boolean,
  env: NodeJS.ProcessEnv = process.env,
): CliCommand {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: attachDashValues(argv),
      allowPositionals: true,
      strict: true,
      options: {
        threshold: { type: "string" },
        format: { type: "string" },
        output: { type: "string", short: "o" },
        workers: { type: "string" },
        top: { type: "string" },
        "structure-only": { type: "boolean" },
        "base-revision": { type: "string" },
        "head-revision": { type: "string" },
        "hf-endpoint": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    throw parseError(error);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };

  if (parsed.positionals.length !== 2) {
    throw new UsageError(
      `expected two checkpoints, BASE and HEAD, but got ${parsed.positionals.length} argument${parsed.positionals.length === 1 ? "" : "s"}. Run model-diff --help for the usage.`,
    );
  }
  const [base, head] = parsed.positionals as [string, string];

  const formatText = values.format as string | undefined;
  // A report written to a file defaults to markdown, so the file does not depend on whether
  // the command runs at a terminal.
  const reportOnTerminal = stdoutIsTerminal && values.output === undefined;
  let format: OutputFormat = reportOnTerminal ? "text" : "markdown";
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
  if (values["structure-only"] && thresholdText !== undefined) {
    throw new UsageError(
      "--threshold applies only when tensor values are compared, and --structure-only reads no values. Leave out one of the two.",
    );
  }
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
      baseRevision: revisionOption(option("base-revision"), "--base-revision"),
      headRevision: revisionOption(option("head-revision"), "--head-revision"),
      mode: values["structure-only"] ? "structure" : "full",
      hub: resolveHubOptions({ endpoint: option("hf-endpoint") ?? null }, env, {
        endpoint: "--hf-endpoint",
        token: "HF_TOKEN",
      }),
      format,
      output: option("output") ?? null,
    },
  };
}
