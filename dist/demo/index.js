import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 890:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  u: () => (/* binding */ USAGE),
  h: () => (/* binding */ parseCliArgs)
});

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(916);
// EXTERNAL MODULE: ./src/options.ts
var options = __nccwpck_require__(381);
;// CONCATENATED MODULE: ./src/cli/args.ts



const USAGE = `Usage: model-diff BASE HEAD [options]

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
  --workers N       worker threads for the diff, 1 to ${options/* MAX_WORKERS */.bP} (default: one per core)
  --top N           rows in each "top tensors" table, 1 to 1000 (default ${options/* DEFAULT_TOP */.C7})
  --structure-only  compare the headers alone (names, shapes, dtypes, parameter counts,
                    metadata) and read no tensor values; not with --threshold
  --base-revision REV, --head-revision REV
                    revision of a Hub BASE or HEAD (branch, tag, commit sha or refs/pr/N),
                    written plain; default main
  --hf-endpoint URL Hub endpoint (default: HF_ENDPOINT, else ${options/* DEFAULT_HUB_ENDPOINT */.Kl})
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
function attachDashValues(argv) {
    const joined = [];
    for (let i = 0; i < argv.length; i++) {
        const argument = argv[i];
        const next = argv[i + 1];
        if (VALUE_OPTIONS.has(argument) && next !== undefined && /^-[\d.]/.test(next)) {
            joined.push(`${argument}=${next}`);
            i++;
        }
        else {
            joined.push(argument);
        }
    }
    return joined;
}
/** Rewords the errors of node:util parseArgs, which quote options unevenly. */
function parseError(error) {
    const code = error.code;
    const message = error.message;
    const option = /'(-[^']*)'/.exec(message)?.[1];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) {
        return new errors/* UsageError */.eb(`unknown option ${option}. Run model-diff --help for the options.`);
    }
    let longOption;
    if (option === "-o")
        longOption = "--output";
    else if (option !== undefined)
        longOption = /--[a-z-]+/.exec(option)?.[0];
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && longOption) {
        return new errors/* UsageError */.eb(`${longOption} needs a value. Run model-diff --help for the options.`);
    }
    return new errors/* UsageError */.eb(`${message.replace(/\.$/, "")}. Run model-diff --help for the options.`);
}
function revisionOption(text, option) {
    if (text === undefined)
        return null;
    if (text.trim() === "") {
        throw new errors/* UsageError */.eb(`${option} needs a revision: a branch, tag, commit sha or refs/pr/N.`);
    }
    return text;
}
/**
 * Parses argv (without the node and script paths) into a command. `env` supplies HF_TOKEN and
 * HF_ENDPOINT.
 */
function parseCliArgs(argv, stdoutIsTerminal, env = process.env) {
    let parsed;
    try {
        parsed = (0,external_node_util_namespaceObject.parseArgs)({
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
    }
    catch (error) {
        throw parseError(error);
    }
    const values = parsed.values;
    if (values.help)
        return { kind: "help" };
    if (values.version)
        return { kind: "version" };
    if (parsed.positionals.length !== 2) {
        throw new errors/* UsageError */.eb(`expected two checkpoints, BASE and HEAD, but got ${parsed.positionals.length} argument${parsed.positionals.length === 1 ? "" : "s"}. Run model-diff --help for the usage.`);
    }
    const [base, head] = parsed.positionals;
    const formatText = values.format;
    // A report written to a file defaults to markdown, so the file does not depend on whether
    // the command runs at a terminal.
    const reportOnTerminal = stdoutIsTerminal && values.output === undefined;
    let format = reportOnTerminal ? "text" : "markdown";
    if (formatText !== undefined) {
        if (formatText !== "markdown" && formatText !== "json" && formatText !== "text") {
            throw new errors/* UsageError */.eb(`--format: "${formatText}" is not a report format. Use markdown, json or text.`);
        }
        format = formatText;
    }
    const option = (name) => values[name];
    const thresholdText = option("threshold");
    if (values["structure-only"] && thresholdText !== undefined) {
        throw new errors/* UsageError */.eb("--threshold applies only when tensor values are compared, and --structure-only reads no values. Leave out one of the two.");
    }
    const workersText = option("workers");
    const topText = option("top");
    return {
        kind: "diff",
        options: {
            base,
            head,
            threshold: thresholdText === undefined
                ? options/* DEFAULT_THRESHOLD */.aV
                : (0,options/* parseThreshold */.B7)(thresholdText, "--threshold"),
            workers: workersText === undefined
                ? (0,options/* defaultWorkerCount */.Zx)()
                : (0,options/* parseCount */.zq)(workersText, "--workers", 1, options/* MAX_WORKERS */.bP),
            top: topText === undefined ? options/* DEFAULT_TOP */.C7 : (0,options/* parseCount */.zq)(topText, "--top", 1, 1000),
            baseRevision: revisionOption(option("base-revision"), "--base-revision"),
            headRevision: revisionOption(option("head-revision"), "--head-revision"),
            mode: values["structure-only"] ? "structure" : "full",
            hub: (0,options/* resolveHubOptions */.AJ)({ endpoint: option("hf-endpoint") ?? null }, env, {
                endpoint: "--hf-endpoint",
                token: "HF_TOKEN",
            }),
            format,
            output: option("output") ?? null,
        },
    };
}


/***/ }),

/***/ 254:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  i: () => (/* binding */ main),
  k: () => (/* binding */ terminalSafe)
});

// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __nccwpck_require__(916);
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: ./src/io/temporary-files.ts

/**
 * Temporary files of this process that are not yet renamed to their final name, kept so that a
 * cancelled run can delete them before it exits. Process-wide, because a signal handler has no
 * other way to reach the writes in progress.
 */
const pending = new Set();
/** Records a temporary file and returns the function that drops the record once it is renamed. */
function trackTemporaryFile(file) {
    pending.add(file);
    return () => {
        pending.delete(file);
    };
}
/**
 * Deletes every tracked temporary file at once, synchronously, so it can run in a signal handler
 * right before the process exits. Returns the paths that could not be deleted.
 */
function temporary_files_removeTemporaryFiles() {
    const failed = [];
    for (const file of pending) {
        try {
            rmSync(file, { force: true });
        }
        catch {
            // NOTE: on Windows a file that is still open cannot be deleted; it is reported instead.
            failed.push(file);
        }
    }
    pending.clear();
    return failed;
}

;// CONCATENATED MODULE: ./src/cancel.ts
/**
 * Cancellation by SIGINT (Ctrl-C, and the first signal a GitHub runner sends to a cancelled job)
 * or SIGTERM. Both entry points install it first thing. On the first signal the handler aborts
 * the run's AbortSignal, which terminates the diff workers and closes the open HTTP reads. It
 * then deletes the temporary files of unfinished writes, prints one line, and exits at once with
 * 128 plus the signal number. Because it exits from the handler, no later step of the run (a
 * report file, the job summary, a comment) can start. A second signal exits at once too.
 */


/** Exit codes of a cancelled run: 128 plus the signal number, as shells report them. */
const CANCEL_EXIT_CODES = {
    SIGINT: 130,
    SIGTERM: 143,
};
/** The reason of an aborted run. Library code that catches it stops without a report. */
class CancelledError extends src_errors/* ModelDiffError */.fV {
    signal;
    name = "CancelledError";
    constructor(signal) {
        super(`cancelled by ${signal}. The run stopped and left no partial report or temporary file.`);
        this.signal = signal;
    }
}
/** Throws the signal's reason, a CancelledError, when the run was cancelled. */
function throwIfCancelled(signal) {
    if (signal?.aborted)
        throw signal.reason;
}
const PROCESS_EFFECTS = {
    writeLine: (line) => {
        process.stderr.write(`${line}\n`);
    },
    exit: (code) => process.exit(code),
};
/** Installs the SIGINT and SIGTERM handlers of a run. */
function installCancellation(effects = PROCESS_EFFECTS) {
    const controller = new AbortController();
    const handle = (signal) => {
        const code = CANCEL_EXIT_CODES[signal];
        if (controller.signal.aborted) {
            effects.exit(code);
            return;
        }
        const error = new CancelledError(signal);
        effects.writeLine(`model-diff: ${error.message}`);
        controller.abort(error);
        const left = removeTemporaryFiles();
        if (left.length > 0) {
            effects.writeLine(`model-diff: could not delete the temporary files ${left.join(", ")}.`);
        }
        effects.exit(code);
    };
    const onInterrupt = () => handle("SIGINT");
    const onTerminate = () => handle("SIGTERM");
    process.on("SIGINT", onInterrupt);
    process.on("SIGTERM", onTerminate);
    return {
        signal: controller.signal,
        uninstall: () => {
            process.off("SIGINT", onInterrupt);
            process.off("SIGTERM", onTerminate);
        },
    };
}

;// CONCATENATED MODULE: ./src/report/format.ts
/**
 * Number formatting shared by the text and Markdown reports. Every function returns "n/a" for
 * null and never prints NaN.
 */
const NOT_AVAILABLE = "n/a";
/** Significant digits of a figure such as a relative change, a cosine or a max |delta|. */
const FIGURE_DIGITS = 4;
/** Figures below this magnitude switch to exponent form, where fixed digits would read as 0. */
const SMALL_FIGURE = 1e-3;
/** Figures from this magnitude up switch to exponent form, as toPrecision does. */
const LARGE_FIGURE = 1e4;
const BINARY_UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB"];
const BYTES_PER_KIB = 1024;
/** Returns an integer with comma thousands separators: 494032768 gives "494,032,768". */
function formatCount(value) {
    if (!Number.isFinite(value))
        return NOT_AVAILABLE;
    const sign = value < 0 ? "-" : "";
    const digits = Math.round(Math.abs(value)).toString();
    return sign + digits.replace(/\B(?=(\d{3})+$)/g, ",");
}
/** Returns a count with its noun, singular or plural: "1 file", "2 files". */
function formatCountOf(value, singular, plural = `${singular}s`) {
    return `${formatCount(value)} ${value === 1 ? singular : plural}`;
}
/**
 * Returns a fraction as a percentage with 2 decimals. A fraction strictly between 0 and 1 never
 * rounds to "0.00%" or "100.00%": it shows as "<0.01%" or ">99.99%", so a reader can tell
 * "none" and "all" from "almost none" and "almost all".
 */
function formatPercent(fraction) {
    if (fraction === null || !Number.isFinite(fraction))
        return NOT_AVAILABLE;
    const percent = fraction * 100;
    if (fraction > 0 && percent < 0.005)
        return "<0.01%";
    if (fraction < 1 && percent >= 99.995)
        return ">99.99%";
    return `${percent.toFixed(2)}%`;
}
/** Writes JavaScript's exponent form with a two-digit exponent: 1.235e-5 becomes 1.235e-05. */
function padExponent(text) {
    return text.replace(/e([+-])(\d)$/, "e$10$2");
}
/**
 * Returns a figure with 4 significant digits, in exponent form below 1e-3 and from 1e4 up:
 * 0.01234 gives "0.01234", 0.00001234 gives "1.234e-05", 0 gives "0".
 */
function formatFigure(value) {
    if (value === null || !Number.isFinite(value))
        return NOT_AVAILABLE;
    if (value === 0)
        return "0";
    const magnitude = Math.abs(value);
    if (magnitude < SMALL_FIGURE || magnitude >= LARGE_FIGURE) {
        return padExponent(value.toExponential(FIGURE_DIGITS - 1));
    }
    return value.toPrecision(FIGURE_DIGITS);
}
/**
 * Returns a cosine with 4 significant digits, except that a cosine within rounding of 1 or -1
 * but not equal to it is written as "1 - 1.000e-05", because "1.000" would hide the difference
 * between a fine-tune and an identical tensor.
 */
function formatCosine(value) {
    if (value === null || !Number.isFinite(value))
        return NOT_AVAILABLE;
    if (value === 1 || value === -1)
        return String(value);
    const rounded = value.toPrecision(FIGURE_DIGITS);
    if (rounded === "1.000")
        return `1 - ${formatFigure(1 - value)}`;
    if (rounded === "-1.000")
        return `-1 + ${formatFigure(value + 1)}`;
    return formatFigure(value);
}
/**
 * Returns a byte size in binary units with the exact count in brackets:
 * 988065536 gives "942.3 MiB (988,065,536 bytes)"; below 1 KiB, "512 bytes".
 */
function formatBytes(bytes) {
    if (bytes === null || !Number.isFinite(bytes))
        return NOT_AVAILABLE;
    if (Math.abs(bytes) < BYTES_PER_KIB)
        return formatCountOf(bytes, "byte");
    let value = bytes / BYTES_PER_KIB;
    let unit = 0;
    while (Math.abs(value) >= BYTES_PER_KIB && unit < BINARY_UNITS.length - 1) {
        value /= BYTES_PER_KIB;
        unit++;
    }
    return `${value.toFixed(1)} ${BINARY_UNITS[unit]} (${formatCount(bytes)} bytes)`;
}
/** Returns a compression ratio such as "3.25x"; below 0.01 as a 4-digit figure. */
function formatRatio(ratio) {
    if (ratio === null || !Number.isFinite(ratio))
        return NOT_AVAILABLE;
    if (ratio !== 0 && Math.abs(ratio) < 0.01)
        return `${formatFigure(ratio)}x`;
    return `${ratio.toFixed(2)}x`;
}
/**
 * Returns a threshold as Python prints it, so `abs(a - b) > 1e-06` reads the same as the
 * reference tools: exponent form below 1e-4, plain decimal above.
 */
function formatThreshold(threshold) {
    if (threshold !== 0 && Math.abs(threshold) < 1e-4) {
        return padExponent(threshold.toExponential());
    }
    return String(threshold);
}
/** Returns a shape as "151936x896"; a scalar is "scalar". */
function formatShape(shape) {
    return shape.length === 0 ? "scalar" : shape.join("x");
}

// EXTERNAL MODULE: ./src/visible-text.ts
var visible_text = __nccwpck_require__(325);
;// CONCATENATED MODULE: ./src/analysis/anchors.ts
const ANCHORS = [
    {
        pair: "Qwen2.5-0.5B → Instruct",
        kind: "post-training",
        relativeChange: 0.0715,
        cosine: 0.99746,
    },
    { pair: "Qwen2.5-7B → Instruct", kind: "post-training", relativeChange: 0.012, cosine: 0.99995 },
    {
        pair: "Llama-3.1-8B → Instruct",
        kind: "post-training",
        relativeChange: 0.035,
        cosine: 0.99978,
    },
    {
        pair: "Mistral-7B-v0.1 → Instruct-v0.1",
        kind: "post-training",
        relativeChange: 0.139,
        cosine: 0.9922,
    },
    { pair: "Gemma-2-9b → it", kind: "post-training", relativeChange: 0.148, cosine: 0.985 },
    { pair: "Llama-3.2-3B → Instruct", kind: "post-training", relativeChange: 0.115, cosine: 0.993 },
    { pair: "Yi-1.5-6B → Chat", kind: "post-training", relativeChange: 0.194, cosine: 0.9795 },
    { pair: "OLMo-2-7B SFT → DPO", kind: "post-training", relativeChange: 0.00115, cosine: null },
    { pair: "OLMo-2-7B base → SFT", kind: "post-training", relativeChange: 0.049, cosine: null },
    {
        pair: "Mistral-7B-v0.1 → v0.3",
        kind: "continued pre-training",
        relativeChange: 0.13,
        cosine: 0.993,
    },
    {
        pair: "Qwen2-7B → Qwen2.5-7B",
        kind: "continued pre-training",
        relativeChange: 0.59,
        cosine: 0.8,
    },
    {
        pair: "Qwen2.5-7B → Coder-7B",
        kind: "continued pre-training",
        relativeChange: 0.86,
        cosine: 0.6,
    },
    {
        pair: "Qwen2-1.5B → Qwen2.5-1.5B",
        kind: "continued pre-training",
        relativeChange: 1.39,
        cosine: 0.19,
    },
];
/** Returns the anchor nearest to a relative change and cosine, measured on log10 of rho. */
function nearestAnchor(relativeChange, cosine) {
    let best;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const anchor of ANCHORS) {
        let distance = Math.abs(Math.log10(anchor.relativeChange) - Math.log10(relativeChange));
        if (cosine !== null && anchor.cosine !== null) {
            distance +=
                Math.abs(Math.log10(1 - anchor.cosine + 1e-9) - Math.log10(1 - cosine + 1e-9)) / 2;
        }
        if (distance < bestDistance) {
            bestDistance = distance;
            best = anchor;
        }
    }
    return best;
}

;// CONCATENATED MODULE: ./src/analysis/phrasing.ts

/** Writes a count with its noun, in the plural unless the count is 1: "3 tensors", "1 matrix". */
function count(value, noun) {
    const plural = noun === "matrix" ? "matrices" : `${noun}s`;
    return `${formatCount(value)} ${value === 1 ? noun : plural}`;
}
/** Writes a figure with four significant digits, in exponent form below 1e-3; "n/a" for null. */
function phrasing_formatFigure(value) {
    if (value === null || value === undefined)
        return "n/a";
    if (value !== 0 && Math.abs(value) < 1e-3)
        return value.toExponential(2).replace(/\.?0+e/, "e");
    return value.toPrecision(4).replace(/\.?0+$/, "");
}

;// CONCATENATED MODULE: ./src/analysis/grouping.ts
/** Prefix that PEFT adds to every name of the model it wraps. */
const PEFT_PREFIX = "base_model.model.";
/** Leading components that wrap a whole model and carry no position of a tensor. */
const WRAPPER_COMPONENTS = new Set([
    "model",
    "transformer",
    "gpt_neox",
    "bert",
    "roberta",
    "vit",
    "language_model",
    "module",
    "_orig_mod",
]);
/** Names of the list that holds the repeated blocks; they do not tell stacks apart. */
const GENERIC_CONTAINERS = new Set(["layers", "layer", "h", "block", "blocks"]);
/** kohya names join components with underscores: `lora_unet_down_blocks_0_attentions_0_proj_in`. */
const KOHYA_NAME = /^lora_(unet|te\d*)_([^.]*)/;
const KOHYA_UNET_BLOCK = /(?:^|_)(down_blocks|up_blocks|input_blocks|output_blocks|middle_block)_(\d+)(?:_|$)/;
const KOHYA_TEXT_LAYER = /(?:^|_)layers_(\d+)(?:_|$)/;
const DECIMAL = /^\d+$/;
/** A component that carries its own index after a hyphen, as candle names do: `block-0`. */
const HYPHEN_INDEXED = /^([A-Za-z]\w*)-(\d+)$/;
function stripPeftPrefix(name) {
    return name.startsWith(PEFT_PREFIX) ? name.slice(PEFT_PREFIX.length) : name;
}
function parseIndex(text) {
    const value = Number(text);
    return Number.isSafeInteger(value) ? value : null;
}
function kohyaTextEncoderStack(part) {
    const digits = part.slice("te".length);
    return digits === "" ? "text_encoder" : `text_encoder_${digits}`;
}
function kohyaLayerLocation(name) {
    const match = KOHYA_NAME.exec(name);
    if (match === null)
        return undefined;
    const [, part = "", body = ""] = match;
    if (part === "unet") {
        const block = KOHYA_UNET_BLOCK.exec(body);
        if (block === null)
            return null;
        const index = parseIndex(block[2] ?? "");
        return index === null ? null : { stack: block[1] ?? null, index };
    }
    const layer = KOHYA_TEXT_LAYER.exec(body);
    if (layer === null)
        return null;
    const index = parseIndex(layer[1] ?? "");
    return index === null ? null : { stack: kohyaTextEncoderStack(part), index };
}
/**
 * Returns the layer a tensor belongs to: the first dotted component that is a decimal number and
 * follows another component, or else the first component with a hyphenated index (`block-0`).
 * The components before it, less model wrappers (`model`,
 * `transformer`, ...) and generic list names (`layers`, `h`, `block`, ...), name the stack, so
 * `encoder.block.3` and `decoder.block.3` stay apart. Returns null for tensors outside layers.
 */
function layerLocationOf(name) {
    const kohya = kohyaLayerLocation(name);
    if (kohya !== undefined)
        return kohya;
    const components = stripPeftPrefix(name).split(".");
    let prefix;
    let index;
    const position = components.findIndex((part, i) => i > 0 && DECIMAL.test(part));
    if (position >= 0) {
        prefix = components.slice(0, position);
        index = parseIndex(components[position] ?? "");
    }
    else {
        const hyphenPosition = components.findIndex((part) => HYPHEN_INDEXED.test(part));
        const match = HYPHEN_INDEXED.exec(components[hyphenPosition] ?? "");
        if (match === null)
            return null;
        prefix = [...components.slice(0, hyphenPosition), match[1] ?? ""];
        index = parseIndex(match[2] ?? "");
    }
    if (index === null)
        return null;
    while (prefix.length > 0 && WRAPPER_COMPONENTS.has(prefix[0] ?? ""))
        prefix.shift();
    if (prefix.length > 0 && GENERIC_CONTAINERS.has(prefix[prefix.length - 1] ?? ""))
        prefix.pop();
    return { stack: prefix.length > 0 ? prefix.join(".") : null, index };
}
/** Returns the layer index of a tensor, or null for tensors outside the repeated blocks. */
function layerIndexOf(name) {
    return layerLocationOf(name)?.index ?? null;
}
/** Returns the group key of a layer: `"3"`, or `"encoder.3"` when the layer has a stack. */
function layerKeyOf(location) {
    return location.stack === null ? String(location.index) : `${location.stack}.${location.index}`;
}
/** Position of a stack in the depth of a network: input side first, output side last. */
function stackRank(stack) {
    if (stack === null)
        return 0;
    if (/(^|[._])(encoder|down|input)/.test(stack))
        return 1;
    if (/(^|[._])(mid|middle)/.test(stack))
        return 2;
    if (/(^|[._])(decoder|up|output)/.test(stack))
        return 3;
    return 4;
}
/**
 * Compares layers by depth. The unnamed stack comes first, then encoder-side stacks (encoder, down
 * and input blocks), middle blocks, decoder-side stacks (decoder, up and output blocks), and any
 * other stack by name. Within a stack, layers go by index.
 */
function compareLayerLocations(a, b) {
    const rank = stackRank(a.stack) - stackRank(b.stack);
    if (rank !== 0)
        return rank;
    const stackA = a.stack ?? "";
    const stackB = b.stack ?? "";
    if (stackA !== stackB)
        return stackA < stackB ? -1 : 1;
    return a.index - b.index;
}
/* Module kinds. A dotted name is read from its last component backwards, and the first
 * component with a known meaning decides, so `attention.output.dense` is attention while
 * `mlp.c_proj` is MLP. Norms are checked first on every component: a norm inside an attention
 * block (Qwen3's `self_attn.q_norm`) is a norm. */
const NORM_COMPONENT = /norm|^ln(_|\d|$)/i;
const ATTENTION_COMPONENTS = new Set([
    "self_attn",
    "attn",
    "attention",
    "self_attention",
    "SelfAttention",
    "EncDecAttention",
    "crossattention",
    "cross_attn",
    "encoder_attn",
    "attentions",
    "attn1",
    "attn2",
    "q_proj",
    "k_proj",
    "v_proj",
    "o_proj",
    "qkv_proj",
    "c_attn",
    "query_key_value",
    "query",
    "key",
    "value",
    "wq",
    "wk",
    "wv",
]);
const MLP_COMPONENTS = new Set([
    "mlp",
    "DenseReluDense",
    "intermediate",
    "feed_forward",
    "ffn",
    "ff",
    "block_sparse_moe",
    "experts",
    "gate_proj",
    "up_proj",
    "down_proj",
    "gate_up_proj",
    "c_fc",
    "dense_h_to_4h",
    "dense_4h_to_h",
    "fc1",
    "fc2",
    "w1",
    "w2",
    "w3",
    "wi",
    "wi_0",
    "wi_1",
]);
const EMBEDDING_COMPONENTS = new Set([
    "embed_tokens",
    "tok_embeddings",
    "wte",
    "wpe",
    "embed_in",
    "embeddings",
    "word_embeddings",
    "position_embeddings",
    "token_type_embeddings",
    "patch_embeddings",
    "patch_embed",
    "pos_embed",
    "cls_token",
    "time_embedding",
]);
/** Other embedding names: `patch_embedding`, `pos_embedding`, `embed_positions`, `token_embedding`. */
const EMBEDDING_PATTERN = /embed/i;
const OUTPUT_HEAD_COMPONENTS = new Set(["lm_head", "embed_out"]);
/**
 * First components that mean something only at the top of a name: T5's `shared` embedding,
 * classification heads, BERT's `cls` pretraining heads, and Meta's Llama `output` projection.
 */
const TOP_LEVEL_KINDS = new Map([
    ["shared", "embedding"],
    ["score", "output_head"],
    ["classifier", "output_head"],
    ["cls", "output_head"],
    ["output", "output_head"],
]);
function kindOfComponent(components, position) {
    const part = components[position] ?? "";
    if (OUTPUT_HEAD_COMPONENTS.has(part))
        return "output_head";
    if (EMBEDDING_COMPONENTS.has(part) || EMBEDDING_PATTERN.test(part))
        return "embedding";
    if (ATTENTION_COMPONENTS.has(part))
        return "attention";
    if (MLP_COMPONENTS.has(part))
        return "mlp";
    // BERT and ViT: `layer.N.output.dense` is the MLP's second projection, while
    // `attention.output.dense` belongs to attention and is decided by the component before it.
    if (part === "output" && position > 0 && DECIMAL.test(components[position - 1] ?? "")) {
        return "mlp";
    }
    return null;
}
function kohyaModuleKind(body) {
    const tokens = body.split("_");
    if (tokens.some((token) => NORM_COMPONENT.test(token)))
        return "norm";
    // The feed-forward sits inside a diffusers `attentions_N` block, so it is checked first.
    if (tokens.includes("ff") || tokens.includes("mlp"))
        return "mlp";
    if (tokens.some((token) => /^(attn\d*|attentions|proj)$/.test(token)))
        return "attention";
    return "other";
}
/** Module name of a tensor: the last name part before "weight" or "bias" (q_proj, up_proj). */
function moduleNameOf(name) {
    const parts = name.split(/[./]/).filter((part) => part !== "weight" && part !== "bias");
    return parts[parts.length - 1] ?? name;
}
/** Returns the module kind of a tensor from its name; "other" when no rule matches. */
function moduleKindOf(name) {
    const kohya = KOHYA_NAME.exec(name);
    if (kohya !== null)
        return kohyaModuleKind(kohya[2] ?? "");
    const components = stripPeftPrefix(name).split(".");
    if (components.some((part) => NORM_COMPONENT.test(part)))
        return "norm";
    for (let position = components.length - 1; position >= 0; position--) {
        const kind = kindOfComponent(components, position);
        if (kind !== null)
            return kind;
    }
    let first = 0;
    while (first < components.length - 1 && WRAPPER_COMPONENTS.has(components[first] ?? "")) {
        first++;
    }
    return TOP_LEVEL_KINDS.get(components[first] ?? "") ?? "other";
}

;// CONCATENATED MODULE: ./src/analysis/name-facts.ts

/**
 * The NameFacts of the tensors of one comparison, each name read on its first request. The
 * sample choice, the content matching, the classifier and the report each group every tensor, so
 * on a checkpoint of many small tensors, reading each name once instead of up to seven times
 * saves much of their per-tensor cost.
 *
 * An instance keeps every name it was asked about, so it belongs to one comparison and is
 * dropped with it: a module-wide cache would grow with every comparison a process runs (the
 * Action and the tests run several).
 */
class NameFactsCache {
    byName = new Map();
    /** Returns the facts of `name`, reading the name on the first request. */
    of(name) {
        let facts = this.byName.get(name);
        if (facts === undefined) {
            facts = {
                location: layerLocationOf(name),
                moduleKind: moduleKindOf(name),
                moduleName: moduleNameOf(name),
            };
            this.byName.set(name, facts);
        }
        return facts;
    }
}

;// CONCATENATED MODULE: ./src/analysis/structure.ts
/**
 * Structural notes beside the label (vocabulary resize, tied or untied head, renames, dtype
 * changes, added, removed and reshaped tensors), and whether what changed in names and shapes
 * amounts to another architecture. A vocabulary resize and tying or untying the output head
 * change names or shapes without changing the architecture, so they are notes only.
 */




const VOCABULARY_KINDS = new Set(["embedding", "output_head"]);
function namesOf(names, limit = 5) {
    const shown = names.slice(0, limit).map((name) => (0,visible_text/* quoteForMessage */.Hx)(name));
    return names.length > limit
        ? `${shown.join(", ")} and ${names.length - limit} more`
        : shown.join(", ");
}
/**
 * Returns the structural notes of a diff and whether the architecture changed. `names` is the
 * comparison's NameFactsCache.
 */
function structureOf(diff, configChanges, vocabularyRows = [], content, names = new NameFactsCache()) {
    // The grouping rule's moduleKindOf, read through the comparison's cache.
    const moduleKindOf = (name) => names.of(name).moduleKind;
    const notes = [];
    const evidence = [];
    const reasons = [];
    const vocabulary = diff.reshaped.filter((tensor) => VOCABULARY_KINDS.has(moduleKindOf(tensor.name)) &&
        tensor.baseShape.length === tensor.headShape.length &&
        tensor.baseShape.slice(1).every((size, i) => size === tensor.headShape[i + 1]));
    const otherReshaped = diff.reshaped.filter((tensor) => !vocabulary.includes(tensor));
    if (vocabulary.length > 0) {
        const sizes = vocabulary.map((tensor) => `${tensor.name}: ${tensor.baseShape[0]} → ${tensor.headShape[0]} rows`);
        const read = vocabulary.flatMap((tensor) => {
            const rows = vocabularyRows.find((item) => item.name === tensor.name);
            return rows === undefined ? [] : [rows];
        });
        notes.push({
            kind: "vocab_resize",
            text: `The vocabulary was resized: ${sizes.join("; ")}.`,
            ...(read.length > 0 ? { detail: { tensors: read } } : {}),
        });
        evidence.push(...read.map(vocabularyLine));
        const vocabConfig = configChanges.find((change) => change.file === "config.json" && change.key === "vocab_size");
        if (vocabConfig) {
            evidence.push(`config.json changed vocab_size from ${vocabConfig.base ?? "absent"} to ${vocabConfig.head ?? "absent"}, which explains the resized embedding rows.`);
        }
    }
    const hasEmbedding = (names) => [...names].some((name) => moduleKindOf(name) === "embedding");
    const comparedNames = diff.compared.map((tensor) => tensor.name);
    const embeddingKept = hasEmbedding(comparedNames) ||
        vocabulary.some((tensor) => moduleKindOf(tensor.name) === "embedding");
    // A tied head shares the embedding's shape: [vocabulary, hidden].
    const embeddingShapes = [
        ...diff.compared
            .filter((tensor) => moduleKindOf(tensor.name) === "embedding")
            .map((tensor) => tensor.shape),
        ...vocabulary
            .filter((tensor) => moduleKindOf(tensor.name) === "embedding")
            .flatMap((tensor) => [tensor.baseShape, tensor.headShape]),
    ];
    const headOnly = (tensors) => tensors.length > 0 &&
        tensors.every((tensor) => moduleKindOf(tensor.name) === "output_head" &&
            embeddingShapes.some((shape) => shape.length === tensor.shape.length &&
                shape[1] === tensor.shape[1] &&
                (shape[0] ?? 0) >= 2 &&
                (tensor.shape[0] ?? 0) >= 2));
    const removedNames = diff.removed.map((tensor) => tensor.name);
    const addedNames = diff.added.map((tensor) => tensor.name);
    const tiedChange = embeddingKept &&
        ((headOnly(diff.removed) && addedNames.length === 0) ||
            (headOnly(diff.added) && removedNames.length === 0));
    const baseTied = content?.baseTied ?? null;
    const headTied = content?.headTied ?? null;
    if (tiedChange) {
        notes.push({
            kind: "tied_untied",
            text: tiedNoteByName(removedNames, addedNames, baseTied, headTied),
            ...(content !== undefined ? { detail: { baseTied, headTied } } : {}),
        });
    }
    else if (baseTied !== null && headTied !== null && baseTied !== headTied) {
        const output = diff.compared.find((tensor) => moduleKindOf(tensor.name) === "output_head");
        const name = output === undefined ? "the output head" : (0,visible_text/* quoteForMessage */.Hx)(output.name);
        notes.push({
            kind: "tied_untied",
            text: baseTied
                ? `The head unties the output head from the embedding: ${name} holds the embedding's bytes in the base but not in the head.`
                : `The head ties the output head to the embedding: ${name} holds the embedding's bytes in the head but not in the base.`,
            detail: { baseTied, headTied },
        });
    }
    if (!tiedChange) {
        if (diff.added.length > 0) {
            notes.push({
                kind: "tensors_added",
                text: `${diff.added.length} tensors added: ${namesOf(addedNames)}.`,
            });
        }
        if (diff.removed.length > 0) {
            notes.push({
                kind: "tensors_removed",
                text: `${diff.removed.length} tensors removed: ${namesOf(removedNames)}.`,
            });
        }
    }
    if (otherReshaped.length > 0) {
        notes.push({
            kind: "reshaped",
            text: `${otherReshaped.length} tensors reshaped: ${namesOf(otherReshaped.map((tensor) => `${tensor.name} ${JSON.stringify(tensor.baseShape)} → ${JSON.stringify(tensor.headShape)}`))}.`,
        });
    }
    if (diff.renamed.length > 0) {
        notes.push({
            kind: "renamed",
            text: `${diff.renamed.length} tensors have new names with the same bytes: ${namesOf(diff.renamed.map((tensor) => `${tensor.baseName} → ${tensor.headName}`))}.`,
        });
    }
    const recast = diff.compared.filter((tensor) => tensor.baseDtype !== tensor.headDtype);
    if (recast.length > 0) {
        const pairs = [...new Set(recast.map((tensor) => `${tensor.baseDtype} → ${tensor.headDtype}`))];
        notes.push({
            kind: "dtype_changed",
            text: `${recast.length} tensors changed dtype (${pairs.join(", ")}).`,
        });
    }
    const architectureChanged = otherReshaped.length > 0 || (!tiedChange && (diff.added.length > 0 || diff.removed.length > 0));
    if (architectureChanged) {
        const fields = configChanges.filter((change) => change.file === "config.json" && change.architectural);
        if (fields.length > 0) {
            reasons.push(`config.json agrees: ${fields.map((change) => `${change.key} ${change.base ?? "absent"} → ${change.head ?? "absent"}`).join(", ")}.`);
        }
    }
    return { architectureChanged, reasons, notes, evidence };
}
/**
 * Text of a tie note found by names (the output head is present on one side only). When the side
 * that stores the output head holds the embedding's bytes in it, the weights stay tied and only
 * the storage changed.
 */
function tiedNoteByName(removedNames, addedNames, baseTied, headTied) {
    if (removedNames.length > 0) {
        return baseTied === true
            ? `The head drops the base's stored copy of the tied output head: ${namesOf(removedNames)} held the embedding's bytes and is gone.`
            : `The head ties the output head to the embedding: ${namesOf(removedNames)} is gone.`;
    }
    return headTied === true
        ? `The head stores the tied output head as its own tensor: ${namesOf(addedNames)} is new and holds the embedding's bytes, so the weights are still tied.`
        : `The head unties the output head from the embedding: ${namesOf(addedNames)} is new.`;
}
const INIT_WORDS = {
    zero: "all zeros",
    mean: "copies of one row, as mean initialization gives",
    distinct: "distinct rows (random, or the mean row plus noise)",
};
/** One evidence line for the rows of a resized embedding or output head. */
function vocabularyLine(rows) {
    const common = `${rows.commonUnchanged} of ${rows.commonSampled} sampled rows of the ${formatCount(Math.min(rows.baseRows, rows.headRows))} token ids both sides hold are unchanged (median relative change of a row ${phrasing_formatFigure(rows.commonMedianRelativeChange)})`;
    if (rows.newRows === 0) {
        return `${(0,visible_text/* quoteForMessage */.Hx)(rows.name)} lost ${rows.baseRows - rows.headRows} rows; ${common}.`;
    }
    const added = `${(0,visible_text/* quoteForMessage */.Hx)(rows.name)} gained ${rows.newRows} rows; ${common}.`;
    if (rows.init === null)
        return added;
    if (rows.init === "zero")
        return `${added} The new rows (${rows.newRowsRead} read) are all zeros.`;
    return `${added} The new rows (${rows.newRowsRead} read, ${rows.newZeroRows} of them zero) are ${INIT_WORDS[rows.init]}: their mean norm is ${phrasing_formatFigure(rows.newNormRatio)} times the old rows', and they sit ${phrasing_formatFigure(rows.newSpread)} old-row norms from their own mean row on average.`;
}

;// CONCATENATED MODULE: ./src/analysis/classify-structure.ts


/** Names shown in one evidence line before the rest are counted. */
const PREVIEW_NAMES = 5;
function preview(names) {
    const shown = names.slice(0, PREVIEW_NAMES).join(", ");
    return names.length > PREVIEW_NAMES ? `${shown} and ${names.length - PREVIEW_NAMES} more` : shown;
}
/**
 * Classifies a structure-only diff, which read no tensor values. It gives only the labels the
 * headers prove: architecture_change when names or shapes differ beyond a vocabulary resize,
 * identical when every tensor pair sits in files known equal by SHA-256, and otherwise
 * same_architecture, which claims nothing about the values. Each is certain, so confidence is high.
 */
function classifyStructure(diff, configChanges = [], names) {
    const structure = structureOf(diff, configChanges, [], undefined, names);
    const params = diff.compared.reduce((sum, tensor) => sum + tensor.stats.numel, 0);
    const recast = diff.compared.filter((tensor) => tensor.baseDtype !== tensor.headDtype);
    const facts = [
        `${count(params, "parameter")} in ${count(diff.compared.length, "tensor")} with the same name and shape; values were not compared (structure-only diff).`,
    ];
    const structural = diff.added.length + diff.removed.length + diff.reshaped.length;
    if (structural > 0) {
        facts.push(`${count(diff.added.length, "tensor")} added, ${diff.removed.length} removed, ${diff.reshaped.length} reshaped.`);
    }
    if (recast.length > 0)
        facts.push(`${count(recast.length, "tensor")} changed dtype.`);
    const common = {
        confidence: "high",
        score: 1,
        cappedBy: null,
        facts,
        structuralNotes: structure.notes,
        sampling: null,
    };
    if (structure.architectureChanged) {
        const parts = [
            { verb: "added", names: diff.added.map((tensor) => tensor.name) },
            { verb: "removed", names: diff.removed.map((tensor) => tensor.name) },
            { verb: "reshaped", names: diff.reshaped.map((tensor) => tensor.name) },
        ]
            .filter((part) => part.names.length > 0)
            .map((part) => `${part.names.length} ${part.verb} (${preview(part.names)})`);
        return {
            ...common,
            label: "architecture_change",
            headline: "The architecture changed: tensors were added, removed or reshaped.",
            evidence: [
                `Tensor names or shapes differ, so the head has another architecture: ${parts.join(", ")}.`,
                ...structure.reasons,
                ...structure.evidence,
            ],
            detail: {
                added: diff.added.length,
                removed: diff.removed.length,
                reshaped: diff.reshaped.length,
            },
        };
    }
    const allKnownEqual = diff.compared.length > 0 &&
        diff.compared.every((tensor) => tensor.values === "equal_sha256") &&
        recast.length === 0;
    if (allKnownEqual) {
        return {
            ...common,
            label: "identical",
            headline: "The weights are identical: every file has the same SHA-256 on both sides.",
            evidence: [
                `All ${count(diff.compared.length, "tensor")} sit in files whose SHA-256 is the same on both sides, so their bytes are equal without reading them.`,
                ...structure.evidence,
            ],
            detail: { bitsDiffering: 0, renamed: diff.renamed.length },
        };
    }
    return {
        ...common,
        label: "same_architecture",
        headline: "The architecture is the same: every tensor has the same name and shape on both sides. Values were not compared.",
        evidence: [
            `The headers list the same ${count(diff.compared.length, "tensor")} with the same shapes${recast.length > 0 ? `, ${recast.length} of them in another dtype` : ""}. A structure-only diff reads no tensor values, so it cannot tell an identical copy from a fine-tune or a retrain; run a full diff for that.`,
            ...structure.evidence,
        ],
        detail: { tensors: diff.compared.length, params, recast: recast.length },
    };
}

;// CONCATENATED MODULE: ./src/analysis/spectrum.ts
/**
 * Eigenvalues of small symmetric matrices (Householder reduction to tridiagonal form, then the
 * implicit QL iteration with Wilkinson shifts), and the low-rank test built on them.
 */
/**
 * Returns the eigenvalues of the symmetric `size` x `size` matrix stored row-major in `matrix`,
 * sorted in descending order. The matrix is overwritten. Cost: about (4/3) size^3 operations.
 */
function symmetricEigenvalues(matrix, size) {
    const diagonal = new Float64Array(size);
    const offDiagonal = new Float64Array(size);
    tridiagonalize(matrix, size, diagonal, offDiagonal);
    tridiagonalEigenvalues(diagonal, offDiagonal, size);
    return diagonal.sort().reverse();
}
/**
 * Reduces the matrix to tridiagonal form by Householder reflections applied from both sides.
 * On return, diagonal[k] is the k-th diagonal entry and offDiagonal[k] the entry between k and
 * k + 1 (offDiagonal[size - 1] is 0).
 */
function tridiagonalize(matrix, size, diagonal, offDiagonal) {
    const at = (row, column) => matrix[row * size + column];
    const v = new Float64Array(size);
    const p = new Float64Array(size);
    for (let k = 0; k < size - 2; k++) {
        let norm = 0;
        for (let i = k + 1; i < size; i++)
            norm += at(i, k) ** 2;
        norm = Math.sqrt(norm);
        const first = at(k + 1, k);
        const alpha = first > 0 ? -norm : norm;
        diagonal[k] = at(k, k);
        offDiagonal[k] = alpha;
        if (norm === 0)
            continue;
        // v = x - alpha e1, normalized; the reflection H = I - 2 v v^T maps x to alpha e1.
        let vNorm = 0;
        for (let i = k + 1; i < size; i++) {
            v[i] = at(i, k) - (i === k + 1 ? alpha : 0);
            vNorm += v[i] ** 2;
        }
        vNorm = Math.sqrt(vNorm);
        if (vNorm === 0)
            continue;
        for (let i = k + 1; i < size; i++)
            v[i] = v[i] / vNorm;
        // B <- H B H for the trailing block B: with p = B v and q = p - (v^T p) v,
        // H B H = B - 2 v q^T - 2 q v^T.
        let vp = 0;
        for (let i = k + 1; i < size; i++) {
            let sum = 0;
            const rowStart = i * size;
            for (let j = k + 1; j < size; j++)
                sum += matrix[rowStart + j] * v[j];
            p[i] = sum;
            vp += v[i] * sum;
        }
        for (let i = k + 1; i < size; i++)
            p[i] = p[i] - vp * v[i];
        for (let i = k + 1; i < size; i++) {
            const vi = 2 * v[i];
            const qi = 2 * p[i];
            const rowStart = i * size;
            for (let j = k + 1; j < size; j++) {
                matrix[rowStart + j] =
                    matrix[rowStart + j] - vi * p[j] - qi * v[j];
            }
        }
    }
    if (size >= 2) {
        diagonal[size - 2] = at(size - 2, size - 2);
        offDiagonal[size - 2] = at(size - 1, size - 2);
    }
    if (size >= 1)
        diagonal[size - 1] = at(size - 1, size - 1);
    offDiagonal[size - 1] = 0;
}
/** Replaces `diagonal` with the eigenvalues of the symmetric tridiagonal matrix (implicit QL). */
function tridiagonalEigenvalues(diagonal, off, size) {
    const d = diagonal;
    for (let l = 0; l < size; l++) {
        for (let iteration = 0; iteration < 60; iteration++) {
            let m = l;
            for (; m < size - 1; m++) {
                const scale = Math.abs(d[m]) + Math.abs(d[m + 1]);
                if (Math.abs(off[m]) <= Number.EPSILON * scale)
                    break;
            }
            if (m === l)
                break;
            let g = (d[l + 1] - d[l]) / (2 * off[l]);
            let r = Math.hypot(g, 1);
            g = d[m] - d[l] + off[l] / (g + (g >= 0 ? r : -r));
            let s = 1;
            let c = 1;
            let p = 0;
            let underflow = false;
            for (let i = m - 1; i >= l; i--) {
                const f = s * off[i];
                const b = c * off[i];
                r = Math.hypot(f, g);
                off[i + 1] = r;
                if (r === 0) {
                    d[i + 1] = d[i + 1] - p;
                    off[m] = 0;
                    underflow = true;
                    break;
                }
                s = f / r;
                c = g / r;
                g = d[i + 1] - p;
                r = (d[i] - g) * s + 2 * c * b;
                p = s * r;
                d[i + 1] = g + p;
                g = c * r - b;
            }
            if (underflow)
                continue;
            d[l] = d[l] - p;
            off[l] = g;
            off[m] = 0;
        }
    }
}
/** Smallest sampled side on which the low-rank test runs. */
const LOW_RANK_MIN_SIDE = 32;
/** Energy share the top singular values must carry for a low-rank verdict. */
const LOW_RANK_MIN_ENERGY = 0.7;
/** Energy share above which a drop of LOW_RANK_MIN_CLIFF suffices at any rank. */
const CONCENTRATED_MIN_ENERGY = 0.9;
/** Minimum sigma_r / sigma_(r+1) for ranks above 32; rank 32 or less needs SMALL_RANK_MIN_CLIFF. */
const LOW_RANK_MIN_CLIFF = 1.5;
const SMALL_RANK_MIN_CLIFF = 2.5;
/**
 * Energy share above the Gavish-Donoho threshold for a noise-floor verdict. A merged adapter of
 * rank near half the sampled rows has no sharp drop, because the smallest singular values of a
 * product of two random factors fall into the rounding noise. Yet on the synthetic benchmark it
 * keeps 0.8 or more of the energy above the threshold, and dense fine-tunes keep 0.07 to 0.15.
 */
const NOISE_FLOOR_MIN_ENERGY = 0.75;
/**
 * Columns of the sampled rows that enter the Gram matrix. A rank-r delta keeps rank r on any r or
 * more columns, so capping them bounds the cost (rows^2 x columns / 2 products) on wide matrices.
 */
const GRAM_MAX_COLUMNS = 512;
/**
 * Gavish and Donoho's optimal hard threshold for singular values under noise of unknown level, as
 * a multiple of the median singular value, for an aspect ratio beta = rows / columns <= 1
 * ("The Optimal Hard Threshold for Singular Values is 4/sqrt(3)", 2014, equation 4 fit).
 */
function noiseThresholdFactor(beta) {
    return 0.56 * beta ** 3 - 0.95 * beta ** 2 + 1.82 * beta + 1.43;
}
/**
 * Returns the Gram matrix (row-major, count x count) of `rows` over columns [first, first + width).
 * Four partial sums per product keep the additions independent, so the loop runs faster.
 */
function gramMatrix(rows, first, width) {
    const count = rows.length;
    const gram = new Float64Array(count * count);
    const end = first + width;
    const unrolledEnd = first + width - (width % 4);
    for (let i = 0; i < count; i++) {
        const x = rows[i];
        for (let j = i; j < count; j++) {
            const y = rows[j];
            let s0 = 0;
            let s1 = 0;
            let s2 = 0;
            let s3 = 0;
            let k = first;
            for (; k < unrolledEnd; k += 4) {
                s0 += x[k] * y[k];
                s1 += x[k + 1] * y[k + 1];
                s2 += x[k + 2] * y[k + 2];
                s3 += x[k + 3] * y[k + 3];
            }
            for (; k < end; k++)
                s0 += x[k] * y[k];
            const sum = s0 + s1 + s2 + s3;
            gram[i * count + j] = sum;
            gram[j * count + i] = sum;
        }
    }
    return gram;
}
/**
 * Tests whether `rows` (each of length `columns`) span a low-rank space from the eigenvalues of
 * their Gram matrix (the squared singular values), over at most GRAM_MAX_COLUMNS columns starting
 * at `firstColumn`. Two routes give a low-rank verdict:
 * - cliff: the largest sigma_r / sigma_(r+1) among r <= half the rows, with LOW_RANK_MIN_ENERGY
 *   and the cliff thresholds;
 * - noise floor: r = the count of sigma above the Gavish-Donoho threshold (a multiple of the
 *   median sigma), at least 2 and at most half the sampled side, carrying at least
 *   NOISE_FLOOR_MIN_ENERGY of the energy.
 */
function lowRankFit(rows, columns, firstColumn = 0) {
    const count = rows.length;
    const width = Math.min(columns - firstColumn, GRAM_MAX_COLUMNS);
    // Every delta of a matrix with few rows or columns has a low rank, so such matrices give no evidence.
    if (Math.min(count, width) < LOW_RANK_MIN_SIDE)
        return null;
    const eigenvalues = symmetricEigenvalues(gramMatrix(rows, firstColumn, width), count);
    const total = eigenvalues.reduce((sum, value) => sum + Math.max(0, value), 0);
    if (!(total > 0))
        return null;
    const sigma = Array.from(eigenvalues, (value) => Math.sqrt(Math.max(0, value)));
    const energyOfTop = (rank) => {
        let energy = 0;
        for (let r = 0; r < rank; r++)
            energy += Math.max(0, eigenvalues[r]);
        return energy / total;
    };
    let rank = 1;
    let cliff = 0;
    const smallSide = Math.min(count, width);
    const maxRank = Math.max(1, Math.floor(smallSide / 2));
    for (let r = 1; r <= maxRank && r < sigma.length; r++) {
        const next = sigma[r];
        const ratio = next > 0 ? sigma[r - 1] / next : Number.POSITIVE_INFINITY;
        if (ratio > cliff) {
            cliff = ratio;
            rank = r;
        }
    }
    const energy = energyOfTop(rank);
    const minCliff = rank <= 32 ? SMALL_RANK_MIN_CLIFF : LOW_RANK_MIN_CLIFF;
    // Nearly all the energy in a few directions needs only a modest drop after them: adapters with
    // unequal singular values (column decay) reach 0.98 of the energy with a drop near 2.
    const concentrated = energy >= CONCENTRATED_MIN_ENERGY && cliff >= LOW_RANK_MIN_CLIFF;
    const finiteCliff = Number.isFinite(cliff) ? cliff : 1e6;
    const beta = Math.min(count, width) / Math.max(count, width);
    const threshold = noiseThresholdFactor(beta) * sigma[Math.floor(sigma.length / 2)];
    const aboveFloor = sigma.filter((value) => value > threshold).length;
    const floorEnergy = energyOfTop(aboveFloor);
    if ((energy >= LOW_RANK_MIN_ENERGY && cliff >= minCliff) || concentrated) {
        return { rank, energy, cliff: finiteCliff, lowRank: true, method: "cliff", floorEnergy };
    }
    if (aboveFloor >= 2 && aboveFloor <= maxRank && floorEnergy >= NOISE_FLOOR_MIN_ENERGY) {
        const next = sigma[aboveFloor];
        const drop = next > 0 ? sigma[aboveFloor - 1] / next : 1e6;
        return {
            rank: aboveFloor,
            energy: floorEnergy,
            cliff: drop,
            lowRank: true,
            method: "noise-floor",
            floorEnergy,
        };
    }
    return { rank, energy, cliff: finiteCliff, lowRank: false, method: "cliff", floorEnergy };
}

;// CONCATENATED MODULE: ./src/diff/profile.ts
/**
 * The change profile: exact integer counts per tensor pair that name the method behind a change
 * (sign agreement, zeros, 2:4 groups, cast tests, a histogram of |delta| in units of the base
 * value's rounding step, and the share of values that changed per binary exponent of |a|).
 *
 * Every member is a count, so segments merge by addition in any order and the result does not
 * depend on the worker count. The kernel stores the counts in one Float64Array (exact up to 2^53)
 * laid out by the PROFILE_* indexes below.
 *
 * Definitions, with a = base and b = head decoded to float64:
 * - "same" means a === b or both NaN, so -0 and +0 are the same and NaN payloads do not matter.
 * - exponent(x) is floor(log2 |x|) read from the float64 bits of a finite nonzero x.
 * - ulpExponent(a) = max(exponent(a), minimum normal exponent of the base dtype) minus the base
 *   dtype's stored mantissa bits; for a = 0 the first term is the minimum normal exponent.
 */
/** Pairs where a and b are both nonzero and neither is NaN (infinities have a sign). */
const PROFILE_SIGN_PAIRS = 0;
/** Of those, pairs with the same sign. */
const PROFILE_SIGN_AGREE = 1;
/** a is ±0. */
const PROFILE_ZEROS_BASE = 2;
/** b is ±0. */
const PROFILE_ZEROS_HEAD = 3;
/** b is ±0 where a is not (finite or not). */
const PROFILE_NEW_ZEROS = 4;
/** a is ±0 where b is not. */
const PROFILE_ZEROS_REMOVED = 5;
/** Complete groups of 4 elements starting at element indexes that are multiples of 4. */
const PROFILE_GROUPS_OF_FOUR = 6;
/** Of those, groups where b has at least 2 zeros (every group of a 2:4 sparse tensor). */
const PROFILE_GROUPS_HALF_ZERO = 7;
/** Pairs of different dtypes where b equals a rounded to bfloat16 (nearest, ties to even). */
const PROFILE_CAST_BF16_NEAREST = 8;
/** Pairs of different dtypes where b equals a truncated to bfloat16 (toward zero). */
const PROFILE_CAST_BF16_TRUNCATED = 9;
/** Pairs of different dtypes where b equals a rounded to float16 (nearest, ties to even). */
const PROFILE_CAST_F16_NEAREST = 10;
/** b is exactly representable in bfloat16 (counted for every pair). */
const PROFILE_HEAD_BF16_EXACT = 11;
/** Start of the |delta| histogram: PROFILE_ULP_BINS counts. */
const PROFILE_ULP_HISTOGRAM = 12;
/**
 * Bin 0: pairs that are the same. Bin 1 + (k - ULP_MIN_STEP): pairs with a finite nonzero
 * |a - b| where k = exponent(|a - b|) - ulpExponent(a), clamped to [ULP_MIN_STEP, ULP_MAX_STEP].
 * Pairs that differ with a non-finite delta are in no bin.
 */
const ULP_MIN_STEP = -2;
const ULP_MAX_STEP = 24;
const PROFILE_ULP_BINS = 2 + ULP_MAX_STEP - ULP_MIN_STEP;
/** Start of the count of finite pairs per magnitude bucket of a: PROFILE_BUCKETS counts. */
const PROFILE_BUCKET_TOTAL = PROFILE_ULP_HISTOGRAM + PROFILE_ULP_BINS;
/** Start of the count of finite pairs that are not the same, per magnitude bucket of a. */
const PROFILE_BUCKET_CHANGED = PROFILE_BUCKET_TOTAL + 32;
/**
 * Magnitude buckets of |a|: bucket i contains exponent(a) = i + BUCKET_MIN_EXPONENT, bucket 0 also
 * every smaller |a| including 0, and the last bucket every larger |a|.
 */
const PROFILE_BUCKETS = 32;
const BUCKET_MIN_EXPONENT = -30;
/**
 * Elements the other counts cover: every element when the reference kernel compared the tensor,
 * or the elements of the sampled blocks when a SIMD kernel did (see PROFILE_SAMPLE_EVERY).
 * Shares are taken against this count, never against the tensor's size.
 */
const PROFILE_ELEMENTS = PROFILE_BUCKET_CHANGED + PROFILE_BUCKETS;
/** Length of a profile array. */
const PROFILE_LENGTH = PROFILE_ELEMENTS + 1;
/**
 * Block sampling of the profile behind the SIMD kernels, which count only the core statistics.
 * The first PROFILE_LEADING_BLOCKS blocks of every tensor are profiled, so every tensor has a
 * profile and a tensor of a single block is profiled whole. After them, one block in
 * PROFILE_SAMPLE_EVERY is chosen by a hash of the tensor pair and the block index, so the choice
 * is the same for any worker count and chunk size. More leading blocks would make a checkpoint of
 * many tensors of a few blocks each run the reference kernel on a large share of its elements.
 */
const PROFILE_LEADING_BLOCKS = 1;
const PROFILE_SAMPLE_EVERY = 64;
/** Returns whether block `block` (counted from the tensor's first element) is profiled. */
function isProfiledBlock(pairIndex, block) {
    if (block < PROFILE_LEADING_BLOCKS)
        return true;
    let hash = Math.imul(pairIndex ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(block, 0xc2b2ae35);
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x27d4eb2f);
    hash ^= hash >>> 15;
    return (hash >>> 0) % PROFILE_SAMPLE_EVERY === 0;
}
const FORMATS = {
    F64: { mantissaBits: 52, minNormalExponent: -1022 },
    F32: { mantissaBits: 23, minNormalExponent: -126 },
    BF16: { mantissaBits: 7, minNormalExponent: -126 },
    F16: { mantissaBits: 10, minNormalExponent: -14 },
    F8_E4M3: { mantissaBits: 3, minNormalExponent: -6 },
    F8_E5M2: { mantissaBits: 2, minNormalExponent: -14 },
    F8_E4M3FNUZ: { mantissaBits: 3, minNormalExponent: -7 },
    F8_E5M2FNUZ: { mantissaBits: 2, minNormalExponent: -15 },
};
/** Returns the rounding format of a float dtype, or undefined for integer and scale dtypes. */
function floatFormatOf(dtype) {
    return FORMATS[dtype];
}
/** Returns a zeroed profile. */
function emptyProfile() {
    return new Float64Array(PROFILE_LENGTH);
}
/** Profiles that pooledProfile carves from one buffer. */
const PROFILES_PER_POOL = 256;
/** Profiles of one array type carved from a shared buffer. */
class ProfilePool {
    create;
    buffer;
    used = 0;
    constructor(create) {
        this.create = create;
    }
    take() {
        if (this.buffer === undefined || this.used === PROFILES_PER_POOL) {
            this.buffer = this.create(PROFILE_LENGTH * PROFILES_PER_POOL);
            this.used = 0;
        }
        const start = this.used * PROFILE_LENGTH;
        this.used++;
        return this.buffer.subarray(start, start + PROFILE_LENGTH);
    }
}
const pools = {
    uint16: new ProfilePool((length) => new Uint16Array(length)),
    uint32: new ProfilePool((length) => new Uint32Array(length)),
    float64: new ProfilePool((length) => new Float64Array(length)),
};
/**
 * Returns a zeroed profile for a pair of `numel` elements, in the smallest array type that stores
 * every count up to `numel` exactly. It shares its ArrayBuffer with up to PROFILES_PER_POOL - 1
 * others: a run keeps one profile per compared tensor, and a separate buffer per profile costs an
 * allocation and a GC-tracked backing store apiece, which adds up for 100,000 tensors. Callers
 * must not transfer or detach `.buffer`.
 */
function pooledProfile(numel) {
    if (numel <= 0xffff)
        return pools.uint16.take();
    if (numel <= 0xffffffff)
        return pools.uint32.take();
    return pools.float64.take();
}
/** Adds `source` into `target`, element by element. */
function addProfile(target, source) {
    for (let i = 0; i < PROFILE_LENGTH; i++) {
        target[i] = target[i] + source[i];
    }
}
const exponentScratch = new Float64Array(1);
const exponentWords = new Uint32Array(exponentScratch.buffer);
/**
 * Returns floor(log2 |x|) for a finite nonzero float64 read from its bits (exact, unlike
 * Math.log2 near powers of two). Subnormal float64 values return -1023.
 */
function binaryExponent(x) {
    exponentScratch[0] = x;
    return ((exponentWords[1] >>> 20) & 0x7ff) - 1023;
}
/**
 * Per biased float64 exponent e: 1.5 * 2^52 times the float16 step of values with that exponent,
 * 2^(max(e - 1023, -14) - 10). Adding it to an x of that exponent leaves no bits below the step,
 * so (x + magic) - magic is x rounded to the step with ties to even, for either sign, because
 * 1.5 * 2^52 is even. Entries from exponent 16 up are never read: those values overflow float16.
 */
const FLOAT16_MAGIC = (() => {
    const table = new Float64Array(1024 + 16);
    for (let biased = 0; biased < table.length; biased++) {
        table[biased] = 1.5 * 2 ** 52 * 2 ** (Math.max(biased - 1023, -14) - 10);
    }
    return table;
})();
/** Rounds a float64 to the nearest float16 value, ties to even; overflow gives ±Infinity. */
function roundToFloat16(x) {
    if (x === 0 || x - x !== 0)
        return x;
    exponentScratch[0] = x;
    const biased = (exponentWords[1] >>> 20) & 0x7ff;
    // |x| >= 2^16 is above 65520, the midpoint between 65504 and the next step.
    if (biased >= 1023 + 16)
        return x * Infinity;
    const magic = FLOAT16_MAGIC[biased];
    // No branch on the sign: the signs of random weights defeat branch prediction.
    const rounded = x + magic - magic;
    if (rounded === 0)
        return x * 0;
    if (rounded > 65504 || rounded < -65504)
        return x * Infinity;
    return rounded;
}
const floatScratch = new Float32Array(1);
const floatWords = new Uint32Array(floatScratch.buffer);
/** Returns the value of a float64 rounded to float32, then to bfloat16 nearest-even or truncated. */
function roundToBfloat16(x, mode) {
    floatScratch[0] = x;
    const bits = floatWords[0];
    if (Number.isNaN(x))
        return x;
    const upper = mode === "nearest" ? ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff : bits >>> 16;
    floatWords[0] = upper << 16;
    return floatScratch[0];
}
/** Bit of castMatches: b equals roundToBfloat16(a, "nearest"). */
const CAST_MATCH_BF16_NEAREST = 1;
/** Bit of castMatches: b equals roundToBfloat16(a, "truncate"). */
const CAST_MATCH_BF16_TRUNCATED = 2;
/** Bit of castMatches: b equals roundToFloat16(a). */
const CAST_MATCH_F16_NEAREST = 4;
/**
 * Returns the CAST_MATCH_* bits of the three cast tests of a pair, where "equals" treats -0 and
 * +0 as equal and any two NaNs as equal. Same result as calling the three rounding functions,
 * without building the bfloat16 values: a b that is not a bfloat16 value matches neither bfloat16
 * test, and otherwise the tests compare upper halves of float32 bit patterns.
 */
function castMatches(a, b) {
    if (Number.isNaN(a))
        return Number.isNaN(b) ? 7 : 0;
    if (Number.isNaN(b))
        return 0;
    let matches = 0;
    const f16 = roundToFloat16(a);
    if (f16 === b)
        matches = CAST_MATCH_F16_NEAREST;
    floatScratch[0] = b;
    const headBits = floatWords[0];
    if (floatScratch[0] !== b || (headBits & 0xffff) !== 0)
        return matches;
    floatScratch[0] = a;
    const bits = floatWords[0];
    const head = headBits >>> 16;
    const nearest = ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
    const truncated = bits >>> 16;
    // Sign bit aside, an all-zero pattern is ±0, and ±0 compare equal.
    const headZero = (head & 0x7fff) === 0;
    if (nearest === head || (headZero && (nearest & 0x7fff) === 0)) {
        matches |= CAST_MATCH_BF16_NEAREST;
    }
    if (truncated === head || (headZero && (truncated & 0x7fff) === 0)) {
        matches |= CAST_MATCH_BF16_TRUNCATED;
    }
    return matches;
}

;// CONCATENATED MODULE: ./src/analysis/metrics.ts
/**
 * Figures derived from the sums of TensorStats. Each returns null where it is undefined (a zero
 * norm, no finite values), never NaN.
 */
/** ||b - a|| / ||a||. */
function relativeChange(stats) {
    if (stats.finiteCount === 0 || stats.sumSquaredA === 0)
        return null;
    return Math.sqrt(stats.sumSquaredDelta) / Math.sqrt(stats.sumSquaredA);
}
/**
 * Cosine of a and b, computed as 1 - (||d||^2 - (||a|| - ||b||)^2) / (2 ||a|| ||b||), which keeps
 * its precision when the cosine is close to 1, unlike a.b / (||a|| ||b||).
 */
function cosine(stats) {
    if (stats.finiteCount === 0 || stats.sumSquaredA === 0 || stats.sumSquaredB === 0)
        return null;
    const normA = Math.sqrt(stats.sumSquaredA);
    const normB = Math.sqrt(stats.sumSquaredB);
    const oneMinus = (stats.sumSquaredDelta - (normA - normB) ** 2) / (2 * normA * normB);
    return Math.min(1, Math.max(-1, 1 - oneMinus));
}
/** Pearson correlation of a and b over the finite pairs. */
function correlation(stats) {
    const n = stats.finiteCount;
    if (n < 2)
        return null;
    const meanA = stats.sumA / n;
    const meanB = stats.sumB / n;
    const varianceA = stats.sumSquaredA - n * meanA * meanA;
    const varianceB = stats.sumSquaredB - n * meanB * meanB;
    if (!(varianceA > 0) || !(varianceB > 0))
        return null;
    const covariance = stats.sumProduct - n * meanA * meanB;
    return Math.min(1, Math.max(-1, covariance / Math.sqrt(varianceA * varianceB)));
}

;// CONCATENATED MODULE: ./src/analysis/tensor-kinds.ts
/**
 * Per-tensor verdicts: what kind of change one compared tensor shows, from its one-pass
 * statistics and change profile and, for matrices, its sampled analyses. The first matching
 * kind wins, in the order of KIND_ORDER: identical, cast (or rounding), quantized, pruned,
 * sparse mask, low rank, then dense or weakly correlated by direction and size.
 */


/** Share of elements that must equal a rounded base for a cast verdict. */
const CAST_MIN_SHARE = 0.999;
/** A dtype change whose relative change stays under this is rounding, when no cast test fits. */
const CAST_MAX_RELATIVE_CHANGE = 4e-3;
/** Share of elements zeroed (where the base was not zero) from which a tensor counts as pruned. */
const PRUNED_MIN_NEW_ZEROS = 0.2;
/** Changed share at or below which a flat bucket profile means a random or top-k mask. */
const SPARSE_MAX_CHANGED = 0.7;
/** max / min of the changed share over populated magnitude buckets for a flat profile. */
const FLAT_MAX_RATIO = 1.5;
/** Correlation below which a matrix shows no aligned lineage. */
const LINEAGE_MIN_CORRELATION = 0.15;
/** In-place norm ratio below which row or column norms were kept (rotation or permutation). */
const NORMS_KEPT_MAX_RATIO = 0.15;
/** Matched-row |cosine| above which a head row is a moved copy of a base row. */
const MATCHED_MIN_COSINE = 0.5;
function profileAt(tensor, index) {
    return tensor.stats.profile?.[index] ?? 0;
}
/** Elements the profile counted: all of them, or those of the sampled blocks. */
function profiledElements(tensor) {
    return profileAt(tensor, PROFILE_ELEMENTS);
}
/** Changed share per magnitude bucket holding at least 1% of the elements (and 16). */
function bucketProfileOf(tensor) {
    const profile = tensor.stats.profile;
    if (!profile)
        return [];
    const minimum = Math.max(16, profiledElements(tensor) * 0.01);
    const shares = [];
    for (let bucket = 0; bucket < PROFILE_BUCKETS; bucket++) {
        const total = profile[PROFILE_BUCKET_TOTAL + bucket];
        if (total >= minimum)
            shares.push(profile[PROFILE_BUCKET_CHANGED + bucket] / total);
    }
    return shares;
}
/** Share of changed pairs with |delta| below two rounding steps of a (histogram bins k <= 0). */
function roundingShareOf(tensor) {
    const profile = tensor.stats.profile;
    if (!profile)
        return null;
    let changed = 0;
    let small = 0;
    for (let k = ULP_MIN_STEP; k <= 24; k++) {
        const count = profile[PROFILE_ULP_HISTOGRAM + 1 + k - ULP_MIN_STEP];
        changed += count;
        if (k <= 0)
            small += count;
    }
    return changed === 0 ? null : small / changed;
}
function isFlat(shares) {
    if (shares.length < 2)
        return false;
    const max = Math.max(...shares);
    const min = Math.min(...shares);
    return min > 0 && max / min <= FLAT_MAX_RATIO;
}
/** Returns whether the profile falls at least 3x from the smallest to the largest populated |a|. */
function isFalling(shares) {
    if (shares.length < 2)
        return false;
    const first = shares[0];
    const last = shares[shares.length - 1];
    return first > 0 && first >= 3 * last;
}
function castKindOf(tensor) {
    const numel = tensor.stats.numel;
    if (numel === 0)
        return undefined;
    if (tensor.baseDtype !== tensor.headDtype) {
        if (tensor.stats.changed === 0)
            return "rounding";
        const tests = [
            [PROFILE_CAST_BF16_NEAREST, "bfloat16 nearest"],
            [PROFILE_CAST_BF16_TRUNCATED, "bfloat16 truncated"],
            [PROFILE_CAST_F16_NEAREST, "float16 nearest"],
        ];
        const profiled = profiledElements(tensor);
        for (const [index, kind] of tests) {
            if (profiled > 0 && profileAt(tensor, index) >= CAST_MIN_SHARE * profiled)
                return kind;
        }
        const rho = relativeChange(tensor.stats);
        if (!tensor.stats.profile && rho !== null && rho <= CAST_MAX_RELATIVE_CHANGE)
            return "rounding";
        return undefined;
    }
    return undefined;
}
/**
 * Classifies one compared tensor. `analysis` is its sampled analysis, when it has one, and
 * `module` is moduleKindOf(tensor.name).
 */
function tensorVerdict(tensor, analysis, module) {
    const shape = tensor.shape;
    const columns = shape[shape.length - 1] ?? 1;
    const rows = shape.length > 0 ? tensor.stats.numel / Math.max(columns, 1) : 1;
    const minSide = Math.min(rows, columns);
    const r = correlation(tensor.stats);
    const signPairs = profileAt(tensor, PROFILE_SIGN_PAIRS);
    const verdict = {
        tensor,
        name: tensor.name,
        module,
        numel: tensor.stats.numel,
        isMatrix: shape.length >= 2 && tensor.comparison === "float",
        analysed: analysis !== undefined,
        minSide,
        kind: "dense",
        rho: relativeChange(tensor.stats),
        r,
        cos: cosine(tensor.stats),
        z: r === null ? null : r * Math.sqrt(minSide),
        signCorrelation: signPairs === 0
            ? null
            : Math.cos(Math.PI * (1 - profileAt(tensor, PROFILE_SIGN_AGREE) / signPairs)),
        changedShare: changedShareOf(tensor),
        bucketProfile: bucketProfileOf(tensor),
        roundingShare: roundingShareOf(tensor),
    };
    verdict.kind = kindOf(verdict, analysis);
    return verdict;
}
function changedShareOf(tensor) {
    return tensor.stats.numel === 0 ? 0 : tensor.stats.changed / tensor.stats.numel;
}
/**
 * Returns the kind when the one-pass statistics alone decide it (identical, or a cast or a
 * rounding), or null when it takes the change's structure.
 */
function settledKindOf(tensor, roundingShare, changedShare) {
    if (tensor.stats.changed === 0 && tensor.baseDtype === tensor.headDtype) {
        return { kind: "identical" };
    }
    const castKind = castKindOf(tensor);
    if (castKind !== undefined)
        return { kind: "cast", castKind };
    // Same dtype, every change within a rounding step, and most values changed: the head was
    // recomputed in a wider dtype and rounded again.
    if (tensor.baseDtype === tensor.headDtype &&
        roundingShare !== null &&
        roundingShare >= 0.99 &&
        changedShare >= 0.5) {
        return { kind: "cast", castKind: "rounding" };
    }
    return null;
}
/**
 * Returns whether tensorVerdict gives this tensor the kind identical or cast, whatever its sampled
 * analysis: the one-pass statistics alone decide those two kinds.
 */
function isIdenticalOrCast(tensor) {
    return settledKindOf(tensor, roundingShareOf(tensor), changedShareOf(tensor)) !== null;
}
function kindOf(verdict, analysis) {
    const tensor = verdict.tensor;
    const numel = tensor.stats.numel;
    const settled = settledKindOf(tensor, verdict.roundingShare, verdict.changedShare);
    if (settled !== null) {
        if (settled.kind === "cast")
            verdict.castKind = settled.castKind;
        return settled.kind;
    }
    if (analysis?.grid) {
        verdict.grid = analysis.grid;
        return "quantized";
    }
    if (analysis?.distinctRatio !== null &&
        analysis?.distinctRatio !== undefined &&
        analysis.distinctRatio <= 0.3 &&
        (verdict.rho ?? 0) >= 3e-3) {
        return "quantized";
    }
    const newZeros = profileAt(tensor, PROFILE_NEW_ZEROS);
    const profiled = profiledElements(tensor);
    if (profiled > 0 && newZeros >= PRUNED_MIN_NEW_ZEROS * profiled) {
        const baseZeros = profileAt(tensor, PROFILE_ZEROS_BASE);
        if (newZeros >= 4 * baseZeros) {
            const groups = profileAt(tensor, PROFILE_GROUPS_OF_FOUR);
            const halfZero = profileAt(tensor, PROFILE_GROUPS_HALF_ZERO);
            verdict.pruneKind = groups > 0 && halfZero >= 0.99 * groups ? "2:4" : "unstructured";
            verdict.newZeroShare = newZeros / profiled;
            return "pruned";
        }
    }
    if (analysis && (analysis.shrinkShare ?? 0) >= 0.95)
        return "dense";
    const rowStructured = analysis !== undefined && analysis.changedWithinRows >= 0.5;
    const bitsShare = numel === 0 ? 0 : tensor.stats.bitsDiffering / numel;
    if (bitsShare <= SPARSE_MAX_CHANGED && isFlat(verdict.bucketProfile) && !rowStructured) {
        return "sparse";
    }
    if (analysis?.rank?.lowRank) {
        verdict.rank = analysis.rank;
        return "low_rank";
    }
    if (analysis?.rankOverNf4Base?.lowRank && (verdict.rho ?? 0) >= 0.02) {
        verdict.rank = analysis.rankOverNf4Base;
        verdict.overQuantizedBase = true;
        return "low_rank";
    }
    if (analysis?.rank)
        verdict.rank = analysis.rank;
    if (verdict.isMatrix && (verdict.r === null || Math.abs(verdict.r) < LINEAGE_MIN_CORRELATION)) {
        if (analysis?.lineage) {
            verdict.lineage = analysis.lineage;
            verdict.transformed = isTransformed(analysis.lineage);
        }
        return "weak";
    }
    return "dense";
}
/** Returns whether the checks find moved copies of base rows, or row or column norms kept in place. */
function isTransformed(checks) {
    const matched = checks.matchedCosine >= Math.max(MATCHED_MIN_COSINE, 3 * checks.chanceCosine) &&
        checks.movedShare >= 0.5;
    const rowsKept = checks.rowNormRatio !== null && checks.rowNormRatio < NORMS_KEPT_MAX_RATIO;
    const columnsKept = checks.columnNormRatio !== null && checks.columnNormRatio < NORMS_KEPT_MAX_RATIO;
    return matched || rowsKept || columnsKept;
}

;// CONCATENATED MODULE: ./src/analysis/classify.ts









/**
 * The classifier: names the method behind the change from the direction and size of the delta,
 * its structure (rank, quantization grid, zeros, mask profile), and which tensors changed, never
 * from the count of changed elements. A dense bf16 fine-tune changes nearly every element, because
 * one unit in the last place of a weight near 0.02 is already about 1e-4. So that count shows
 * nothing about lineage. The Pearson correlation r of base and head and the relative change
 * rho = ||head - base|| / ||base|| do.
 *
 * Decisions weigh tensors by parameter count, and only matrices vote: norm weights sit near 1 in
 * any model, so two independent runs still give a cosine near 1 on them.
 */
/** Correlation at or above which a tensor keeps the base's direction (a post-trained descendant). */
const FINETUNE_MIN_CORRELATION = 0.9;
/**
 * Relative change at or above which training went beyond post-training. Published post-training
 * pairs reach 0.215 (InternLM2-7B); continued pre-training starts near 0.3. The edge sits at 0.25,
 * set on the synthetic benchmark.
 */
const CONTINUED_MIN_RELATIVE_CHANGE = 0.25;
/** Stouffer-combined z from which weakly correlated matrices still show lineage. */
const LINEAGE_MIN_COMBINED_Z = 6;
/** Changed matrix parameter share at or below which a change counts as partial. */
const PARTIAL_MAX_SHARE = 0.9;
/** Share of the changed matrix parameters a structural kind needs to name the model. */
const KIND_MIN_SHARE = 0.6;
/** Matrices with a smaller side than this give weak direction statistics. */
const SMALL_MATRIX_SIDE = 256;
/** Names listed in a detail array; the report's tables have the rest. */
const MAX_DETAIL_NAMES = 50;
/** Width of the logistic in the confidence score, in decades of margin (set on the benchmark). */
const MARGIN_SCALE = 0.15;
function sumNumel(items) {
    return items.reduce((sum, item) => sum + item.numel, 0);
}
/** Parameter-weighted median of `value` over `items`, skipping nulls. */
function weightedMedian(items, value) {
    const pairs = items
        .map((item) => ({ v: value(item), w: item.numel }))
        .filter((pair) => pair.v !== null && pair.w > 0)
        .sort((x, y) => x.v - y.v);
    const total = pairs.reduce((sum, pair) => sum + pair.w, 0);
    if (total === 0)
        return null;
    let running = 0;
    for (const pair of pairs) {
        running += pair.w;
        if (running >= total / 2)
            return pair.v;
    }
    return pairs[pairs.length - 1]?.v ?? null;
}
function logistic(x) {
    return 1 / (1 + Math.exp(-x));
}
const LEVELS = ["low", "medium", "high"];
/**
 * Margin of a share p over a threshold share, in decades of odds. Shares near 1 are bounded, so a
 * margin in decades of the share itself could never exceed log10(1 / threshold).
 */
function shareMargin(p, threshold) {
    const clamped = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
    return Math.log10(clamped / (1 - clamped)) - Math.log10(threshold / (1 - threshold));
}
/**
 * Returns the margin of a rule that needs all its conditions. Another kind of change passes the
 * rule only when it crosses every threshold. So the chance of a wrong verdict is the product of
 * the chances 1 - logistic(margin / MARGIN_SCALE) of the conditions, and the result is the single
 * margin with that chance.
 */
function allOfMargin(margins) {
    let wrong = 1;
    for (const margin of margins)
        wrong *= 1 - logistic(margin / MARGIN_SCALE);
    const bounded = Math.min(Math.max(wrong, 1e-12), 1 - 1e-12);
    return MARGIN_SCALE * Math.log((1 - bounded) / bounded);
}
/**
 * Returns the margin of the low-rank verdict. A cliff fit takes the better of its two rules: enough
 * energy with a drop after the rank, or nearly all the energy with a modest drop. A noise-floor
 * fit takes its energy above the noise threshold. Dense fine-tunes on the synthetic benchmark keep at most 0.61
 * of the energy in their top directions, at most 0.14 above the noise threshold, and drop by at
 * most 1.46 after any rank.
 */
function lowRankMargin(method, energy, cliff, rank) {
    if (method === "noise-floor")
        return shareMargin(energy, NOISE_FLOOR_MIN_ENERGY);
    const minCliff = rank <= 32 ? SMALL_RANK_MIN_CLIFF : LOW_RANK_MIN_CLIFF;
    return Math.max(allOfMargin([shareMargin(energy, LOW_RANK_MIN_ENERGY), Math.log10(cliff / minCliff)]), allOfMargin([
        shareMargin(energy, CONCENTRATED_MIN_ENERGY),
        Math.log10(cliff / LOW_RANK_MIN_CLIFF),
    ]));
}
/**
 * Confidence from the share of parameters that agree and the log-space margins of the deciding
 * figures. `capped` is true when the cap, not the score, set the level.
 */
function confidenceOf(agreeShare, marginsInDecades, cap) {
    let score = agreeShare;
    for (const margin of marginsInDecades)
        score *= logistic(margin / MARGIN_SCALE);
    let confidence = "low";
    if (score >= 0.9)
        confidence = "high";
    else if (score >= 0.7)
        confidence = "medium";
    const capped = LEVELS.indexOf(confidence) > LEVELS.indexOf(cap);
    if (capped)
        confidence = cap;
    return { score, confidence, capped };
}
function lowerCap(current, cap, reason) {
    if (LEVELS.indexOf(cap) < LEVELS.indexOf(current.cap)) {
        current.cap = cap;
        current.reason = reason;
    }
}

/** Formats a share as the report's summary does, so one report never shows two roundings. */
function percent(part, whole) {
    return whole === 0 ? "n/a" : formatPercent(part / whole);
}
function namesPreview(names, limit = 5) {
    const shown = names.slice(0, limit).map((name) => (0,visible_text/* quoteForMessage */.Hx)(name));
    return names.length > limit
        ? `${shown.join(", ")} and ${names.length - limit} more`
        : shown.join(", ");
}
function mostCommon(values) {
    const counts = new Map();
    for (const value of values)
        counts.set(value, (counts.get(value) ?? 0) + 1);
    let best;
    let bestCount = 0;
    for (const [value, n] of counts) {
        if (n > bestCount) {
            best = value;
            bestCount = n;
        }
    }
    return best;
}
function share(items, test) {
    const total = sumNumel(items);
    return total === 0 ? 0 : sumNumel(items.filter(test)) / total;
}
function byKind(items, kind) {
    return items.filter((item) => item.kind === kind);
}
/** Classifies the change from base to head described by `diff`. */
function classify(diff, inputs = {}) {
    const names = inputs.names ?? new NameFactsCache();
    if (diff.mode === "structure")
        return classifyStructure(diff, inputs.configChanges, names);
    const verdicts = diff.compared.map((tensor) => tensorVerdict(tensor, inputs.samples?.matrices.get(tensor.name), names.of(tensor.name).moduleKind));
    const matrices = verdicts.filter((item) => item.isMatrix);
    const unchangedKinds = ["identical", "cast"];
    const changed = matrices.filter((item) => !unchangedKinds.includes(item.kind));
    const analysed = changed.filter((item) => item.analysed);
    const population = {
        all: verdicts,
        matrices,
        vectors: verdicts.filter((item) => !item.isMatrix && item.tensor.comparison !== "bytes"),
        changed,
        structureBasis: inputs.samples !== undefined && analysed.length > 0 ? analysed : changed,
        matrixParams: sumNumel(matrices),
        changedParams: sumNumel(changed),
        sampled: inputs.samples !== undefined,
        names,
    };
    const structure = structureOf(diff, inputs.configChanges ?? [], inputs.samples?.vocabulary, inputs.samples?.content, names);
    const comparedParams = sumNumel(verdicts);
    const changedElements = verdicts.reduce((sum, item) => sum + item.tensor.stats.changed, 0);
    const facts = [
        `${count(comparedParams, "parameter")} compared across ${count(verdicts.length, "tensor")} with the same name and shape; ${formatCount(changedElements)} (${percent(changedElements, comparedParams)}) differ beyond the threshold of ${phrasing_formatFigure(diff.threshold)}.`,
    ];
    const structural = diff.added.length + diff.removed.length + diff.reshaped.length;
    if (structural > 0) {
        facts.push(`${count(diff.added.length, "tensor")} added, ${diff.removed.length} removed, ${diff.reshaped.length} reshaped.`);
    }
    facts.push(...kindFacts(population));
    const sampling = samplingOf(inputs.samples);
    if (sampling !== null && sampling.changedMatrices > 0) {
        facts.push(`The sampled analyses (rank, quantization grid, row checks) ran on ${formatCount(sampling.analysedMatrices)} of the ${count(sampling.changedMatrices, "matrix")} changed beyond rounding (${percent(sampling.analysedParams, sampling.changedParams)} of their parameters), chosen by a hash of their names across module kinds and depth; the shares of quantized, low-rank and transformed matrices are over those.`);
    }
    const verdict = (structure.architectureChanged
        ? architectureVerdict(diff, structure.reasons, population, inputs.samples?.content.layerCopies ?? [])
        : null) ??
        unchangedVerdict(diff, population) ??
        structuredVerdict(population) ??
        lineageVerdict(population);
    const limits = { cap: verdict.cap, reason: verdict.capReason };
    if (!population.sampled &&
        verdict.label !== "identical" &&
        verdict.label !== "architecture_change") {
        lowerCap(limits, "medium", "the sampled structure tests (rank, grid, permutation) did not run");
    }
    const { score, confidence, capped } = confidenceOf(verdict.agreeShare, verdict.margins, limits.cap);
    return {
        label: verdict.label,
        confidence,
        score: Math.round(score * 1000) / 1000,
        cappedBy: capped ? (limits.reason ?? null) : null,
        headline: verdict.headline,
        facts,
        evidence: [...verdict.evidence, ...structure.evidence],
        detail: verdict.detail,
        structuralNotes: structure.notes,
        sampling,
    };
}
function samplingOf(samples) {
    if (samples === undefined)
        return null;
    return {
        changedMatrices: samples.changedMatrices,
        analysedMatrices: samples.matrices.size,
        changedParams: samples.changedParams,
        analysedParams: samples.analysedParams,
        lineageChecked: samples.lineageChecked,
        bytesRead: samples.bytesRead,
    };
}
function kindFacts(population) {
    if (population.matrixParams === 0)
        return [];
    const kinds = [
        "identical",
        "cast",
        "quantized",
        "pruned",
        "sparse",
        "low_rank",
        "dense",
        "weak",
    ];
    const parts = kinds
        .map((kind) => ({ kind, params: sumNumel(byKind(population.matrices, kind)) }))
        .filter((part) => part.params > 0)
        .map((part) => `${part.kind.replace("_", "-")} ${percent(part.params, population.matrixParams)}`);
    return [`Matrix parameters by kind of change: ${parts.join(", ")}.`];
}
/** Base layers that more than one head layer copies, with those head layers. */
function duplicatedLayers(layerCopies) {
    const byBase = new Map();
    for (const copy of layerCopies) {
        const headLayers = byBase.get(copy.baseLayer);
        if (headLayers)
            headLayers.push(copy.headLayer);
        else
            byBase.set(copy.baseLayer, [copy.headLayer]);
    }
    return [...byBase]
        .filter(([, headLayers]) => headLayers.length > 1)
        .map(([baseLayer, headLayers]) => ({ baseLayer, headLayers }));
}
function architectureVerdict(diff, reasons, population, layerCopies) {
    const parts = [
        { verb: "added", names: diff.added.map((tensor) => tensor.name) },
        { verb: "removed", names: diff.removed.map((tensor) => tensor.name) },
        { verb: "reshaped", names: diff.reshaped.map((tensor) => tensor.name) },
    ]
        .filter((part) => part.names.length > 0)
        .map((part) => `${part.names.length} ${part.verb} (${namesPreview(part.names)})`);
    const rho = weightedMedian(population.changed, (item) => item.rho);
    const r = weightedMedian(population.changed, (item) => item.r);
    const evidence = [
        `Tensor names or shapes differ beyond a vocabulary resize or a tied head, so the head has another architecture: ${parts.join(", ")}.`,
        ...reasons,
    ];
    if (population.matrices.length > 0) {
        evidence.push(`The ${count(population.matrices.length, "matrix")} shared by name and shape: ${percent(population.changedParams, population.matrixParams)} of their parameters changed, median relative change ${phrasing_formatFigure(rho)}, median correlation ${phrasing_formatFigure(r)}.`);
    }
    const duplicated = duplicatedLayers(layerCopies);
    if (duplicated.length > 0) {
        evidence.push(`Layers copied by content (head layer ← base layer): ${layerCopies.map((copy) => `${copy.headLayer} ← ${copy.baseLayer}`).join(", ")}. Base ${duplicated.length === 1 ? "layer" : "layers"} ${duplicated.map((item) => `${item.baseLayer} (head ${item.headLayers.join(", ")})`).join(", ")} appear more than once: the model was deepened by stacking copies of its own layers (depth up-scaling).`);
    }
    return {
        label: "architecture_change",
        headline: duplicated.length > 0
            ? "The architecture changed: the head stacks copies of base layers (depth up-scaling)."
            : "The architecture changed: tensors were added, removed or reshaped.",
        evidence,
        detail: {
            added: diff.added.length,
            removed: diff.removed.length,
            reshaped: diff.reshaped.length,
            sharedMatrixMedianRelativeChange: rho,
            sharedMatrixMedianCorrelation: r,
            layerCopies: layerCopies.map((copy) => ({
                headLayer: copy.headLayer,
                baseLayer: copy.baseLayer,
                tensors: copy.tensors,
                headTensors: copy.headTensors,
            })),
            duplicatedLayers: duplicated,
        },
        // Names and shapes are read, not estimated: the structural fact is certain.
        agreeShare: 1,
        margins: [],
        cap: "high",
    };
}
function unchangedVerdict(diff, population) {
    const semantic = population.all.filter((item) => item.kind !== "identical" && item.kind !== "cast");
    if (semantic.length > 0)
        return null;
    const cast = population.all.filter((item) => item.kind === "cast");
    if (cast.length > 0) {
        const kinds = [...new Set(cast.map((item) => item.castKind ?? "rounding"))];
        const recast = cast.filter((item) => item.tensor.baseDtype !== item.tensor.headDtype);
        const lossless = cast.every((item) => item.tensor.stats.changed === 0);
        const worst = cast.reduce((largest, item) => Math.max(largest, item.rho ?? 0), -Infinity);
        const evidence = lossless
            ? [
                `${count(recast.length, "tensor")} changed dtype (${namesPreview(recast.map((item) => `${item.name}: ${item.tensor.baseDtype} → ${item.tensor.headDtype}`))}) and no value moved beyond the threshold.`,
            ]
            : [
                `Every changed tensor is the base rounded again (${kinds.join(", ")}): at least ${percent(999, 1000)} of the elements of each equal the base value rounded to the head's dtype, or every change is within one rounding step.`,
                `The largest relative change is ${phrasing_formatFigure(worst)}; float32 to bfloat16 with round-to-nearest gives about 1.7e-3, truncation about 3.3e-3.`,
            ];
        return {
            label: "cast",
            headline: lossless
                ? "The values are the same, stored in another dtype."
                : "The weights were converted to another dtype or rounded again; no training happened.",
            evidence,
            detail: {
                recast: recast.length,
                renamed: diff.renamed.length,
                lossless,
                castKinds: kinds,
                maxRelativeChange: worst,
            },
            agreeShare: 1,
            margins: [],
            cap: "high",
        };
    }
    const bitsDiffering = population.all.reduce((sum, item) => sum + item.tensor.stats.bitsDiffering, 0);
    const renamedNote = diff.renamed.length > 0
        ? ` ${count(diff.renamed.length, "tensor")} renamed with their bytes unchanged.`
        : "";
    let identicalLine = `Every compared tensor is bit-identical.${renamedNote}`;
    if (population.all.length === 0 && diff.renamed.length > 0) {
        identicalLine = `No tensor kept its name, but all ${diff.renamed.length} reappear in the head with identical bytes under new names.`;
    }
    else if (population.all.length === 0) {
        identicalLine = "Both checkpoints hold no tensor.";
    }
    let headline = "The weights are identical.";
    if (diff.renamed.length > 0) {
        headline =
            population.all.length === 0
                ? "The weights are identical; every tensor has a new name."
                : "The weights are identical; some tensors have new names.";
    }
    return {
        label: "identical",
        headline,
        evidence: [
            bitsDiffering === 0
                ? identicalLine
                : `No value moved beyond the threshold; ${formatCount(bitsDiffering)} elements differ only in their bits (signed zeros or NaN payloads, or changes within the threshold).${renamedNote}`,
        ],
        detail: { bitsDiffering, renamed: diff.renamed.length },
        agreeShare: 1,
        margins: [],
        cap: "high",
    };
}
/** Quantized, pruned, LoRA, sparse-mask merge and obfuscated verdicts: named by structure. */
function structuredVerdict(population) {
    const changed = population.changed;
    if (changed.length === 0)
        return null;
    const basis = population.structureBasis;
    const basisParams = sumNumel(basis);
    const shareOf = (kind) => sumNumel(byKind(basis, kind)) / basisParams;
    const quantized = byKind(basis, "quantized");
    if (shareOf("quantized") >= KIND_MIN_SHARE) {
        const fits = quantized.flatMap((item) => (item.grid ? [item.grid] : []));
        const bits = mostCommon(fits.map((fit) => fit.bits)) ?? null;
        const groupSize = mostCommon(fits.map((fit) => fit.groupSize)) ?? null;
        const scheme = mostCommon(fits.map((fit) => fit.scheme)) ?? null;
        const grouping = groupSize === null
            ? "groups that are not contiguous (act-order)"
            : groupSize === "row"
                ? "one scale per row"
                : `groups of ${groupSize}`;
        const onGrid = fits.length > 0 ? Math.min(...fits.map((fit) => fit.headOnGrid)) : null;
        const rho = weightedMedian(quantized, (item) => item.rho);
        return {
            label: "quantized",
            headline: `Quantized and dequantized: the head's values sit on a ${bits ?? "low"}-bit grid (${grouping}).`,
            evidence: [
                `${percent(sumNumel(quantized), basisParams)} of the ${basis.length < changed.length ? "analysed " : ""}changed matrix parameters sit on a quantization grid: ${bits === null ? "few distinct values per row" : `${bits}-bit ${scheme}, ${grouping}`}; at least ${percent(onGrid ?? 0, 1)} of the sampled head values fall on the grid, against a few percent by chance.`,
                `The median relative change is ${phrasing_formatFigure(rho)}: quantization error alone (int8 about 0.008, 4-bit about 0.1), which a magnitude band would misread as a fine-tune.`,
            ],
            detail: {
                bits,
                groupSize,
                scheme,
                quantizedShare: shareOf("quantized"),
                relativeChange: rho,
                quantizedTensors: quantized.map((item) => item.name).slice(0, MAX_DETAIL_NAMES),
            },
            agreeShare: shareOf("quantized"),
            margins: [],
            cap: "high",
        };
    }
    const pruned = byKind(changed, "pruned");
    if (sumNumel(pruned) / Math.max(1, population.matrixParams) >= 0.5 ||
        shareOf("pruned") >= KIND_MIN_SHARE) {
        const kind = mostCommon(pruned.map((item) => item.pruneKind)) ?? "unstructured";
        const sparsity = weightedMedian(pruned, (item) => item.newZeroShare ?? null);
        const survivorsChanged = weightedMedian(pruned, (item) => {
            const stats = item.tensor.stats;
            const survivors = stats.numel - (item.newZeroShare ?? 0) * stats.numel;
            const moved = stats.bitsDiffering - (item.newZeroShare ?? 0) * stats.numel;
            return survivors > 0 ? Math.max(0, moved) / survivors : null;
        });
        return {
            label: "pruned",
            headline: `Pruned (${kind}): about ${percent(sparsity ?? 0, 1)} of the weights were set to zero.`,
            evidence: [
                `${percent(sumNumel(pruned), population.matrixParams)} of the matrix parameters sit in tensors where at least ${percent(0.2, 1)} of the elements became exact zeros (median ${percent(sparsity ?? 0, 1)}).`,
                kind === "2:4"
                    ? "Every aligned group of 4 elements has at least 2 zeros: the 2:4 pattern of structured sparsity."
                    : "The zeros follow no group pattern (unstructured magnitude or activation-aware pruning).",
                `${percent(survivorsChanged ?? 0, 1)} of the surviving weights changed: ${survivorsChanged !== null && survivorsChanged > 0.5 ? "the survivors were re-fitted (SparseGPT-like)" : "the survivors kept their values (magnitude or Wanda-like pruning)"}.`,
            ],
            detail: {
                kind,
                sparsity,
                survivorsChanged,
                prunedShare: sumNumel(pruned) / Math.max(1, population.matrixParams),
            },
            agreeShare: Math.max(shareOf("pruned"), sumNumel(pruned) / Math.max(1, population.matrixParams)),
            margins: [],
            cap: "high",
        };
    }
    const weak = byKind(basis, "weak");
    const checked = weak.filter((item) => item.lineage !== undefined);
    const transformed = checked.filter((item) => item.transformed);
    if (shareOf("weak") >= 0.3 &&
        checked.length > 0 &&
        sumNumel(transformed) >= 0.5 * sumNumel(checked)) {
        return obfuscatedVerdict(population, weak, checked, transformed);
    }
    // LoRA: the changed body matrices are low-rank; embeddings and the output head may be dense
    // (modules_to_save).
    const body = basis.filter((item) => item.module !== "embedding" && item.module !== "output_head");
    const lowRank = byKind(body, "low_rank");
    const bodyParams = sumNumel(body);
    if (bodyParams > 0 && sumNumel(lowRank) / bodyParams >= KIND_MIN_SHARE) {
        const ranks = lowRank.map((item) => adapterRankOf(item.rank));
        const floorFits = lowRank.filter((item) => item.rank?.method === "noise-floor");
        const byFloor = sumNumel(floorFits) > sumNumel(lowRank) / 2;
        const rank = mostCommon(ranks) ?? null;
        const consistent = ranks.filter((value) => value === rank).length / Math.max(1, ranks.length);
        const targets = [
            ...new Set(lowRank.map((item) => population.names.of(item.name).moduleName)),
        ].sort();
        const saved = changed
            .filter((item) => item.module === "embedding" || item.module === "output_head")
            .map((item) => item.name);
        const energy = weightedMedian(lowRank, (item) => item.rank?.energy ?? null);
        const cliff = weightedMedian(lowRank, (item) => item.rank?.cliff ?? null);
        const overQuantized = lowRank.some((item) => item.overQuantizedBase);
        const untouched = population.matrixParams - population.changedParams;
        // The test reads spectra, not correlations: small matrices weaken it only when the rank is a
        // large share of their smaller side, where a dense delta also concentrates its energy.
        const minSide = weightedMedian(lowRank, (item) => item.minSide) ?? 0;
        const cap = rank !== null && rank > LOW_RANK_MAX_SIDE_SHARE * minSide
            ? {
                cap: "low",
                reason: `the fitted rank ${rank} exceeds a quarter of the matrices' smaller side (${minSide})`,
            }
            : { cap: "high" };
        // Agreeing ranks are a second family of evidence; without it the verdict rests on one test.
        if (consistent < 0.8) {
            lowerCap(cap, "medium", "the fitted ranks differ between the changed matrices");
        }
        return {
            label: "lora_merge",
            headline: `A merged LoRA of rank ${rank ?? "?"} on ${targets.join(", ")}${overQuantized ? ", trained on a 4-bit (NF4) quantized base" : ""}.`,
            evidence: [
                byFloor
                    ? `${percent(sumNumel(lowRank), bodyParams)} of the ${basis.length < changed.length ? "analysed " : ""}changed body parameters are low-rank: in the sampled delta rows, a median of ${phrasing_formatFigure(weightedMedian(floorFits, (item) => item.rank?.rank ?? null))} singular values stand above the noise threshold (Gavish-Donoho) and carry ${percent(energy ?? 0, 1)} of the energy, while dense fine-tunes keep 0.05 to 0.22 of it in their top 20. The smallest directions of an adapter of rank near half the sampled rows sink into the rounding noise, so the rank is given as the next power of two, ${rank} (${percent(consistent, 1)} of the changed matrices agree).`
                    : `${percent(sumNumel(lowRank), bodyParams)} of the ${basis.length < changed.length ? "analysed " : ""}changed body parameters are low-rank: the sampled delta rows have rank ${rank} (${percent(consistent, 1)} of the changed matrices agree), with ${percent(energy ?? 0, 1)} of the energy in the top ${rank} singular values and a drop of ${phrasing_formatFigure(cliff)}× after them; dense fine-tunes show no such drop (about 1.03×).`,
                `Target modules: ${targets.join(", ")}; ${percent(untouched, population.matrixParams)} of the matrix parameters are unchanged.`,
                ...(saved.length > 0
                    ? [`Changed densely beside the adapter (modules_to_save): ${namesPreview(saved)}.`]
                    : []),
                ...(overQuantized
                    ? [
                        "The delta is low-rank only after the base is rounded to NF4 in blocks of 64: a QLoRA adapter merged into the dequantized base.",
                    ]
                    : []),
            ],
            detail: {
                rank,
                rankMethod: byFloor ? "noise-floor" : "cliff",
                targetModules: targets,
                modulesToSave: saved.slice(0, MAX_DETAIL_NAMES),
                energy,
                cliff,
                rankAgreement: consistent,
                quantizedBase: overQuantized,
            },
            agreeShare: sumNumel(lowRank) / bodyParams,
            margins: [
                lowRankMargin(byFloor ? "noise-floor" : "cliff", energy ?? 0, cliff ?? 1, rank ?? 0),
            ],
            cap: cap.cap,
            capReason: cap.reason,
        };
    }
    const sparse = byKind(basis, "sparse");
    if (shareOf("sparse") >= KIND_MIN_SHARE) {
        const density = weightedMedian(sparse, (item) => item.tensor.stats.bitsDiffering / Math.max(1, item.numel));
        const rho = weightedMedian(sparse, (item) => item.rho);
        const profile = sparse[0]?.bucketProfile ?? [];
        return {
            label: "merge",
            headline: `A sparse-mask merge (DARE or TIES-like): about ${percent(density ?? 0, 1)} of the weights changed, evenly across magnitudes.`,
            evidence: [
                `${percent(sumNumel(sparse), basisParams)} of the ${basis.length < changed.length ? "analysed " : ""}changed matrix parameters changed in a mask: ${percent(density ?? 0, 1)} of their elements, with the same share in every magnitude bucket of the base value (${profile
                    .map((value) => percent(value, 1))
                    .slice(0, 6)
                    .join(", ")}).`,
                "A dense update too small to show in bfloat16 would change small weights far more often than large ones; an even profile means a random or top-k mask chose the elements.",
                `The median relative change is ${phrasing_formatFigure(rho)}.`,
            ],
            detail: { density, relativeChange: rho, sparseShare: shareOf("sparse") },
            agreeShare: shareOf("sparse"),
            margins: [],
            cap: "high",
        };
    }
    return null;
}
function obfuscatedVerdict(population, weak, checked, transformed) {
    const permuted = transformed.filter((item) => {
        const checks = item.lineage;
        return checks !== undefined && checks.matchedCosine >= 0.5 && checks.movedShare >= 0.5;
    });
    const rotated = transformed.filter((item) => !permuted.includes(item));
    const kind = sumNumel(permuted) >= sumNumel(rotated) ? "permutation" : "rotation";
    const matched = weightedMedian(permuted, (item) => item.lineage?.matchedCosine ?? null);
    const chance = weightedMedian(permuted, (item) => item.lineage?.chanceCosine ?? null);
    const normRatio = weightedMedian(rotated, (item) => Math.min(item.lineage?.rowNormRatio ?? 1, item.lineage?.columnNormRatio ?? 1));
    const evidence = [
        `${percent(sumNumel(weak), sumNumel(population.structureBasis))} of the ${population.structureBasis.length < population.changed.length ? "analysed " : ""}changed matrix parameters have no aligned correlation with the base (|r| < 0.15), which alone would read as an independent model.`,
        `The permutation and rotation checks ran on ${count(checked.length, "matrix")} of them and found a rearranged copy in ${transformed.length}.`,
    ];
    if (permuted.length > 0) {
        evidence.push(`${count(permuted.length, "matrix")}: sampled head rows match base rows at other positions with a median |cosine| of ${phrasing_formatFigure(matched)} (chance about ${phrasing_formatFigure(chance)}), so rows or neurons were permuted.`);
    }
    if (rotated.length > 0) {
        evidence.push(`${count(rotated.length, "matrix")}: row or column norms are kept position by position (median gap ${phrasing_formatFigure(normRatio)} of the gap between neighbouring rows) while the values are uncorrelated, so the space was rotated.`);
    }
    return {
        label: "derived_obfuscated",
        headline: `A derivative of the base hidden by a ${kind}: the weights are rearranged copies, not an independent model.`,
        evidence,
        detail: {
            transform: kind,
            transformedShare: sumNumel(transformed) / Math.max(1, sumNumel(checked)),
            checkedTensors: checked.length,
            permutedTensors: permuted.map((item) => item.name).slice(0, MAX_DETAIL_NAMES),
            rotatedTensors: rotated.map((item) => item.name).slice(0, MAX_DETAIL_NAMES),
            matchedCosine: matched,
        },
        agreeShare: sumNumel(transformed) / Math.max(1, sumNumel(checked)),
        margins: [],
        cap: "high",
    };
}
/** Largest adapter rank, as a share of the smaller side, that the low-rank test can tell apart. */
const LOW_RANK_MAX_SIDE_SHARE = 0.25;
/** Per-matrix z = r * sqrt(smaller side) at or above which a correlation is far above noise. */
const STRONG_MATRIX_Z = 6;
/** Combined z above which the direction evidence of small matrices still earns high confidence. */
const STRONG_COMBINED_Z = 20;
/**
 * Caps the confidence at low when most changed parameters sit in matrices with a side shorter
 * than SMALL_MATRIX_SIDE, whose figures are noisy. With `correlations`, the verdict rests on the
 * correlations, and the cap is lifted when they clear that noise by far: at least 80% of the
 * changed parameters in matrices with z >= STRONG_MATRIX_Z and a combined z above
 * STRONG_COMBINED_Z, the level at which lineage is certain.
 */
function smallMatrixCap(items, correlations = false) {
    const smallShare = sumNumel(items.filter((item) => item.minSide < SMALL_MATRIX_SIDE)) /
        Math.max(1, sumNumel(items));
    if (smallShare <= 0.5)
        return { cap: "high" };
    if (correlations) {
        const strongShare = share(items, (item) => (item.z ?? 0) >= STRONG_MATRIX_Z);
        const combined = combinedZ(items);
        if (strongShare >= 0.8 && combined !== null && combined > STRONG_COMBINED_Z) {
            return { cap: "high" };
        }
    }
    return {
        cap: "low",
        reason: `most changed parameters sit in matrices with a side shorter than ${SMALL_MATRIX_SIDE}, whose correlations are noisy`,
    };
}
/** Stouffer's combination of the per-matrix z scores. */
function combinedZ(items) {
    const scores = items.flatMap((item) => (item.z === null ? [] : [item.z]));
    if (scores.length === 0)
        return null;
    return scores.reduce((sum, z) => sum + z, 0) / Math.sqrt(scores.length);
}
function lineageVerdict(population) {
    const changed = population.changed;
    // Without changed matrices, only 1-D tensors changed: norms and biases (BitFit-like).
    if (changed.length === 0) {
        const vectors = population.vectors.filter((item) => item.kind !== "identical" && item.kind !== "cast");
        return {
            label: "partial_finetune",
            headline: "A partial fine-tune of norms and biases only: every matrix is unchanged.",
            evidence: [
                `${count(vectors.length, "1-D tensor")} changed (${namesPreview(vectors.map((item) => item.name))}) while all ${count(population.matrices.length, "matrix")} kept their values: the pattern of BitFit or norm-only tuning.`,
            ],
            detail: {
                pattern: "norms and biases",
                band: null,
                relativeChange: null,
                correlation: null,
                cosine: null,
                changedShare: 0,
                changedLayers: [],
                changedTensors: vectors.map((item) => item.name).slice(0, MAX_DETAIL_NAMES),
            },
            agreeShare: 1,
            margins: [],
            cap: "medium",
            capReason: "only 1-D tensors changed, and they show little about lineage",
        };
    }
    const r = weightedMedian(changed, (item) => item.r);
    const rho = weightedMedian(changed, (item) => item.rho);
    const cos = weightedMedian(changed, (item) => item.cos);
    const signR = weightedMedian(changed, (item) => item.signCorrelation);
    const z = combinedZ(changed);
    const changedShare = population.changedParams / Math.max(1, population.matrixParams);
    const limits = smallMatrixCap(changed, true);
    const smallNote = limits.cap === "low"
        ? [
            `Most changed matrices have a side shorter than ${SMALL_MATRIX_SIDE}, which makes correlations noisy, so the confidence is capped at low.`,
        ]
        : [];
    const figuresLine = `Changed matrices (${percent(population.changedParams, population.matrixParams)} of the matrix parameters): median relative change ${phrasing_formatFigure(rho)}, correlation ${phrasing_formatFigure(r)}, cosine ${phrasing_formatFigure(cos)}, sign-agreement correlation ${phrasing_formatFigure(signR)}.`;
    const anchorLine = () => {
        if (rho === null)
            return [];
        const anchor = nearestAnchor(rho, cos);
        if (!anchor)
            return [];
        const anchorCos = anchor.cosine === null ? "" : ` with cosine ${anchor.cosine}`;
        return [
            `Nearest published pair: ${anchor.pair} (${anchor.kind}), relative change ${anchor.relativeChange}${anchorCos}.`,
        ];
    };
    if (r === null) {
        // Only constant base matrices changed (all zeros, as a new LoRA B matrix is): no correlation
        // exists to measure, so nothing links the head to the base.
        return {
            label: "independent",
            headline: "No detectable lineage: the base tensors that changed are constant, so the head cannot be related to them.",
            evidence: [
                figuresLine,
                "Every changed matrix of the base holds one value throughout (for example all zeros, as a freshly initialized LoRA B matrix does), so its correlation with the head is undefined and these weights cannot show lineage.",
            ],
            detail: { relativeChange: rho, correlation: null, combinedZ: null, independentShare: 0 },
            agreeShare: 0,
            margins: [],
            cap: "low",
        };
    }
    const dense = (item) => item.r !== null &&
        item.r >= FINETUNE_MIN_CORRELATION &&
        (item.rho ?? 0) < CONTINUED_MIN_RELATIVE_CHANGE;
    if (rho !== null && r >= FINETUNE_MIN_CORRELATION && rho < CONTINUED_MIN_RELATIVE_CHANGE) {
        let band = "heavy";
        if (rho < 3e-3)
            band = "light";
        else if (rho < 0.06)
            band = "standard";
        const subUlp = changed.filter((item) => isFalling(item.bucketProfile));
        const agreeShare = share(changed, (item) => dense(item) || item.kind === "sparse" || item.kind === "low_rank");
        const margins = [
            Math.log10((1 - FINETUNE_MIN_CORRELATION) / Math.max(1 - r, 1e-9)),
            Math.log10(CONTINUED_MIN_RELATIVE_CHANGE / Math.max(rho, 1e-12)),
        ];
        // A second family of evidence: the sign agreement must tell the same story as the sums.
        const signsAgree = signR !== null && signR >= 0.5;
        const cap = { ...limits };
        if (!signsAgree)
            lowerCap(cap, "medium", "the sign agreement does not confirm the correlation");
        const evidence = [
            figuresLine,
            `A correlation of ${phrasing_formatFigure(r)} (at least ${FINETUNE_MIN_CORRELATION}) means the head keeps the base's weights pointing the same way; two independent trainings would give a correlation near 0 and a relative change near 1.41.`,
            `A relative change of ${phrasing_formatFigure(rho)} is in the ${band} post-training band (under 0.003 light, 0.003 to 0.06 standard, 0.06 to ${CONTINUED_MIN_RELATIVE_CHANGE} heavy).`,
            ...anchorLine(),
            `Signs agree for ${signR === null ? "n/a" : `a sign-agreement correlation of ${phrasing_formatFigure(signR)}`}, a second check of direction that outliers cannot move.`,
            ...(band === "light" && subUlp.length > 0
                ? [
                    "Small weights changed far more often than large ones: an update below one bfloat16 step for most weights (a preference or RL stage).",
                ]
                : []),
            "The share of changed elements is not evidence of lineage: a dense update changes almost every element, however small it is.",
            ...smallNote,
        ];
        if (changedShare <= PARTIAL_MAX_SHARE) {
            const layers = [
                ...new Set(changed
                    .map((item) => population.names.of(item.name).location?.index ?? null)
                    .filter((layer) => layer !== null)),
            ].sort((x, y) => x - y);
            const modules = [...new Set(changed.map((item) => item.module))];
            return {
                label: "partial_finetune",
                headline: `A partial fine-tune: ${percent(population.changedParams, population.matrixParams)} of the matrix parameters changed (${partialPattern(modules, layers)}), the rest are untouched.`,
                evidence: [
                    `${count(population.matrices.length - changed.length, "matrix")} unchanged (or changed only by rounding) while ${formatCount(changed.length)} changed.`,
                    ...evidence,
                ],
                detail: {
                    pattern: partialPattern(modules, layers),
                    band,
                    relativeChange: rho,
                    correlation: r,
                    cosine: cos,
                    changedShare,
                    changedLayers: layers,
                    changedTensors: changed.map((item) => item.name).slice(0, MAX_DETAIL_NAMES),
                },
                agreeShare,
                margins: [...margins, -shareMargin(changedShare, PARTIAL_MAX_SHARE)],
                cap: cap.cap,
                capReason: cap.reason,
            };
        }
        return {
            label: "finetune",
            headline: "A fine-tune of the base: the weights moved densely but keep their direction (a post-trained descendant).",
            evidence,
            detail: {
                band,
                relativeChange: rho,
                correlation: r,
                cosine: cos,
                signCorrelation: signR,
                changedShare,
            },
            agreeShare,
            margins,
            cap: cap.cap,
            capReason: cap.reason,
        };
    }
    const weak = byKind(changed, "weak");
    const independentShare = sumNumel(weak.filter((item) => item.z !== null && Math.abs(item.z) < 3)) /
        Math.max(1, population.changedParams);
    if (Math.abs(r) < 0.15 &&
        (z === null || Math.abs(z) < LINEAGE_MIN_COMBINED_Z) &&
        independentShare >= 0.9) {
        const checked = weak.filter((item) => item.lineage !== undefined);
        return {
            label: "independent",
            headline: "No detectable lineage: the head's weights are uncorrelated with the base's, as for an independent training run.",
            evidence: [
                figuresLine,
                `${percent(independentShare, 1)} of the changed matrix parameters sit in tensors whose correlation is within 3 standard errors of 0 (|r| × sqrt(smaller side) < 3); the combined z over all matrices is ${phrasing_formatFigure(z)} (lineage from ${LINEAGE_MIN_COMBINED_Z}).`,
                `Independent runs give a correlation near 0 and a relative change near 1.41 (sqrt 2, for equal norms); this pair has ${phrasing_formatFigure(r)} and ${phrasing_formatFigure(rho)}.`,
                checked.length > 0
                    ? `The permutation and rotation checks on ${count(checked.length, "matrix")} found no rearranged copy of the base: no head row matches a base row beyond chance, and row and column norms are not kept in place.`
                    : "The permutation and rotation checks did not run, so a rearranged copy of the base cannot be ruled out.",
                "This is an absence of evidence, not a proof.",
                ...smallNote,
            ],
            detail: { relativeChange: rho, correlation: r, combinedZ: z, independentShare },
            agreeShare: independentShare,
            margins: [Math.log10(0.15 / Math.max(Math.abs(r), 1e-6))],
            cap: limits.cap === "high" ? "medium" : limits.cap,
            capReason: limits.reason ??
                "no aligned correlation is not proof of independence, so the label is never high",
        };
    }
    const distant = r < 0.15;
    const agreeShare = share(changed, (item) => item.r !== null &&
        (item.r < FINETUNE_MIN_CORRELATION ||
            (item.rho ?? 0) >= CONTINUED_MIN_RELATIVE_CHANGE ||
            (item.z ?? 0) >= 3));
    return {
        label: "continued_pretraining",
        headline: distant
            ? "Extensive retraining: the head keeps a weak but significant link to the base."
            : "Continued training: the head descends from the base but moved far beyond a fine-tune.",
        evidence: [
            figuresLine,
            distant
                ? `The correlation of ${phrasing_formatFigure(r)} is low, yet the combined z over all changed matrices is ${phrasing_formatFigure(z)} (at least ${LINEAGE_MIN_COMBINED_Z}), so the pair is related, not independent.`
                : `A correlation of ${phrasing_formatFigure(r)} (between 0.15 and ${FINETUNE_MIN_CORRELATION}) or a relative change of ${phrasing_formatFigure(rho)} (${CONTINUED_MIN_RELATIVE_CHANGE} or more) is the band of continued pre-training; a fine-tune keeps the correlation above ${FINETUNE_MIN_CORRELATION} and the relative change below ${CONTINUED_MIN_RELATIVE_CHANGE}.`,
            ...anchorLine(),
            ...smallNote,
        ],
        detail: { relativeChange: rho, correlation: r, cosine: cos, combinedZ: z },
        agreeShare,
        margins: [
            Math.min(Math.log10((1 - 0.15) / Math.max(1 - r, 1e-9)) + 0.5, Math.max(Math.log10((1 - r) / (1 - FINETUNE_MIN_CORRELATION)), Math.log10((rho ?? 0) / CONTINUED_MIN_RELATIVE_CHANGE + 1e-12)) + 0.3),
        ],
        cap: distant ? "low" : limits.cap,
        capReason: distant ? "the correlation with the base is weak" : limits.reason,
    };
}
/**
 * Returns the rank of the adapter behind a low-rank fit: the fitted rank after a sharp drop. A fit
 * by the noise threshold misses the directions that sank into the rounding noise, so it gives the
 * next power of two, because adapter ranks are powers of two in practice (PEFT's default is 8).
 */
function adapterRankOf(fit) {
    if (fit === undefined)
        return 0;
    if (fit.method === "cliff")
        return fit.rank;
    return 2 ** Math.ceil(Math.log2(Math.max(1, fit.rank)));
}
/** Names what a partial fine-tune touched: module kinds, then a layer range. */
function partialPattern(modules, layers) {
    const kinds = [...modules].sort().join(" and ");
    if (layers.length === 0)
        return `${kinds} only`;
    const first = layers[0];
    const last = layers[layers.length - 1];
    const range = first === last ? `layer ${first}` : `layers ${first}-${last}`;
    return `${kinds} in ${range}`;
}

;// CONCATENATED MODULE: ./src/analysis/configs.ts
/**
 * Differences in the non-weight files that travel with a checkpoint: config.json (architecture
 * fields, dtype, vocabulary size, RoPE settings), generation_config.json, tokenizer_config.json
 * (chat template, special tokens) and tokenizer.json (vocabulary size, added tokens).
 */

/** Files read beside the weights, by name. */
const COMPANION_FILES = [
    "config.json",
    "generation_config.json",
    "tokenizer_config.json",
    "tokenizer.json",
];
/** config.json fields that define the architecture. */
const ARCHITECTURE_FIELDS = new Set([
    "architectures",
    "model_type",
    "hidden_size",
    "intermediate_size",
    "num_hidden_layers",
    "num_attention_heads",
    "num_key_value_heads",
    "head_dim",
    "vocab_size",
    "tie_word_embeddings",
    "num_experts",
    "num_local_experts",
]);
/**
 * Maximum code points kept of a value, because a chat template can run to kilobytes. A cut value
 * ends with "… (N characters)". With N below 10^9 the whole is at most MAX_SHOWN_CHARS code points,
 * so the report shows the value and its length without cutting it again.
 */
const MAX_VALUE_CHARS = 160;
function textOf(value) {
    if (value === undefined)
        return null;
    const text = typeof value === "string" ? value : JSON.stringify(value);
    const cut = (0,visible_text/* cutToCodePoints */.eE)(text, MAX_VALUE_CHARS);
    return cut.truncatedFrom === null ? text : `${cut.text}… (${cut.truncatedFrom} characters)`;
}
function parseObject(text) {
    if (text === undefined)
        return undefined;
    try {
        const value = JSON.parse(text);
        return value !== null && typeof value === "object" && !Array.isArray(value)
            ? value
            : null;
    }
    catch {
        return null;
    }
}
/** Summary fields of tokenizer.json: vocabulary size and added tokens. */
function tokenizerSummary(tokenizer) {
    const model = tokenizer.model;
    const vocab = model?.vocab;
    let vocabularySize = null;
    if (Array.isArray(vocab))
        vocabularySize = vocab.length;
    else if (vocab !== null && typeof vocab === "object")
        vocabularySize = Object.keys(vocab).length;
    const added = Array.isArray(tokenizer.added_tokens) ? tokenizer.added_tokens : [];
    const addedContents = added
        .map((token) => token.content)
        .filter((content) => typeof content === "string");
    return {
        vocabulary_size: vocabularySize,
        added_tokens: addedContents.length,
        added_token_contents: addedContents,
    };
}
/**
 * Returns the value of an own property, or undefined. A key from a file such as "constructor" or
 * "toString" would otherwise read the function that every object inherits.
 */
function ownValue(record, key) {
    return Object.hasOwn(record, key) ? record[key] : undefined;
}
function compareRecords(file, base, head, keys) {
    const changes = [];
    for (const key of [...new Set(keys)].sort()) {
        const baseValue = ownValue(base, key);
        const headValue = ownValue(head, key);
        const a = textOf(baseValue);
        const b = textOf(headValue);
        const same = JSON.stringify(baseValue) === JSON.stringify(headValue);
        if (!same) {
            changes.push({
                file,
                key,
                base: a,
                head: b,
                architectural: file === "config.json" && ARCHITECTURE_FIELDS.has(key),
            });
        }
    }
    return changes;
}
/**
 * Returns the changed fields of the companion files present on both sides, file by file in
 * COMPANION_FILES order, keys sorted. A file present on one side only is one change with key
 * "(file)". A file that is not a JSON object compares as its whole text. Files in `leftOut`,
 * present on a side but not read, are skipped.
 */
function diffCompanions(base, head, leftOut = new Set()) {
    if (!base || !head)
        return [];
    const changes = [];
    for (const file of COMPANION_FILES) {
        // A file left out on one side (too large, unreadable) is compared on neither.
        if (leftOut.has(file))
            continue;
        const baseText = base.get(file);
        const headText = head.get(file);
        if (baseText === undefined && headText === undefined)
            continue;
        if (baseText === undefined || headText === undefined) {
            changes.push({
                file,
                key: "(file)",
                base: baseText === undefined ? null : "present",
                head: headText === undefined ? null : "present",
                architectural: false,
            });
            continue;
        }
        if (baseText === headText)
            continue;
        const a = parseObject(baseText);
        const b = parseObject(headText);
        if (!a || !b) {
            changes.push({
                file,
                key: "(text)",
                base: textOf(baseText),
                head: textOf(headText),
                architectural: false,
            });
            continue;
        }
        if (file === "tokenizer.json") {
            const summaryA = tokenizerSummary(a);
            const summaryB = tokenizerSummary(b);
            changes.push(...compareRecords(file, summaryA, summaryB, Object.keys(summaryA)));
        }
        else {
            changes.push(...compareRecords(file, a, b, [...Object.keys(a), ...Object.keys(b)]));
        }
    }
    return changes;
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./src/io/byte-source.ts
/**
 * Reads up to this size go through a source's blocking read where it has one. Checkpoints of many
 * small tensors take one such read per tensor. A 256-byte read from the page cache took about
 * 25 µs of CPU through fs/promises and 1 µs through readSync (Node 20, a 2-core Linux VM).
 * Larger reads stay asynchronous, so a slow disk blocks the thread for one small read at a time.
 */
const SYNC_READ_BYTES = 64 * 1024;
/**
 * Reads exactly `length` bytes at `offset` into `target` at `targetOffset`, as `source.read` does.
 * A read of at most SYNC_READ_BYTES uses `source.readSync` when the source has it.
 */
async function readSmallFirst(source, offset, length, target, targetOffset = 0) {
    if (length <= SYNC_READ_BYTES && source.readSync) {
        source.readSync(offset, length, target, targetOffset);
        return;
    }
    await source.read(offset, length, target, targetOffset);
}
/** Returns a key that is the same for two specs of one file, for caches of open sources. */
function specKey(spec) {
    return spec.kind === "file" ? `file:${spec.path}` : `http:${spec.url}`;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(161);
;// CONCATENATED MODULE: ./src/format/dtypes.ts
/**
 * The dtypes of the safetensors format, with their storage size and how model-diff compares them.
 *
 * Sub-byte dtypes (F4, F6) are packed several elements to a byte, and the packing order is not
 * fixed by the format, so they are compared byte by byte and their numeric statistics are not
 * computed.
 */
const table = {
    F64: { name: "F64", bits: 64, comparison: "float" },
    F32: { name: "F32", bits: 32, comparison: "float" },
    F16: { name: "F16", bits: 16, comparison: "float" },
    BF16: { name: "BF16", bits: 16, comparison: "float" },
    F8_E4M3: { name: "F8_E4M3", bits: 8, comparison: "float" },
    F8_E5M2: { name: "F8_E5M2", bits: 8, comparison: "float" },
    F8_E8M0: { name: "F8_E8M0", bits: 8, comparison: "float" },
    F8_E4M3FNUZ: { name: "F8_E4M3FNUZ", bits: 8, comparison: "float" },
    F8_E5M2FNUZ: { name: "F8_E5M2FNUZ", bits: 8, comparison: "float" },
    F6_E2M3: { name: "F6_E2M3", bits: 6, comparison: "bytes" },
    F6_E3M2: { name: "F6_E3M2", bits: 6, comparison: "bytes" },
    F4: { name: "F4", bits: 4, comparison: "bytes" },
    I64: { name: "I64", bits: 64, comparison: "integer64" },
    I32: { name: "I32", bits: 32, comparison: "integer" },
    I16: { name: "I16", bits: 16, comparison: "integer" },
    I8: { name: "I8", bits: 8, comparison: "integer" },
    U64: { name: "U64", bits: 64, comparison: "integer64" },
    U32: { name: "U32", bits: 32, comparison: "integer" },
    U16: { name: "U16", bits: 16, comparison: "integer" },
    U8: { name: "U8", bits: 8, comparison: "integer" },
    BOOL: { name: "BOOL", bits: 8, comparison: "integer" },
    C64: { name: "C64", bits: 64, comparison: "complex" },
};
const SUPPORTED_DTYPES = Object.keys(table);
function isDType(value) {
    return Object.hasOwn(table, value);
}
function dtypeInfo(dtype) {
    return table[dtype];
}
/**
 * Returns the number of bytes that `elementCount` elements of `dtype` occupy, or undefined when
 * sub-byte packing leaves a partial byte (the format requires whole bytes).
 */
function byteLengthOf(dtype, elementCount) {
    const bits = BigInt(table[dtype].bits) * elementCount;
    return bits % 8n === 0n ? bits / 8n : undefined;
}

;// CONCATENATED MODULE: ./src/diff/kernels.ts
/**
 * Decoders for every dtype and the plain JavaScript comparison kernel.
 *
 * The kernel compares a run of whole blocks of one tensor pair and returns exact counts, the
 * maximum difference with its index, and one set of float64 sums per block. Every block's sums are
 * accumulated in element order from zero, so the result does not depend on how blocks are grouped
 * into work units. A faster kernel (WebAssembly) can replace this one behind `ComparisonKernel`
 * as long as it keeps that contract. This one then serves as the reference in tests.
 */



/** Elements per block, the unit of arithmetic: the two float64 scratch arrays take 128 KiB each. */
const BLOCK_ELEMENTS = 16_384;
/** Float64 sums stored per block, in the order of the `SUM_*` indexes. */
const SUMS_PER_BLOCK = 6;
const SUM_A = 0;
const SUM_B = 1;
const SUM_SQUARED_DELTA = 2;
const SUM_SQUARED_A = 3;
const SUM_SQUARED_B = 4;
const SUM_PRODUCT = 5;
/**
 * Returns how a pair of dtypes is compared, or "incomparable" when neither a cast nor a byte
 * comparison gives element pairs (a dtype change to or from a sub-byte dtype or C64).
 */
function comparisonOf(baseDtype, headDtype) {
    const base = dtypeInfo(baseDtype).comparison;
    const head = dtypeInfo(headDtype).comparison;
    if (baseDtype === headDtype)
        return base;
    if (base === "bytes" || head === "bytes" || base === "complex" || head === "complex") {
        return "incomparable";
    }
    if (base === "integer64" && head === "integer64")
        return "integer64";
    if (base === "integer" && head === "integer")
        return "integer";
    return "float";
}
/** Bytes that elements [0, count) of `dtype` occupy, rounded up to a whole byte. */
function byteEndOf(dtype, count) {
    return Math.ceil((count * dtypeInfo(dtype).bits) / 8);
}
function buildTable(size, decodeCode) {
    const table = new Float64Array(size);
    for (let code = 0; code < size; code++)
        table[code] = decodeCode(code);
    return table;
}
/** IEEE 754 binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits, with subnormals. */
function decodeF16Code(code) {
    const sign = code & 0x8000 ? -1 : 1;
    const exponent = (code >> 10) & 0x1f;
    const mantissa = code & 0x3ff;
    if (exponent === 0x1f)
        return mantissa === 0 ? sign * Infinity : Number.NaN;
    if (exponent === 0)
        return sign * mantissa * 2 ** -24;
    return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}
const bf16Scratch = new DataView(new ArrayBuffer(4));
/** bfloat16: the upper half of an IEEE binary32. */
function decodeBF16Code(code) {
    bf16Scratch.setUint32(0, code << 16, true);
    return bf16Scratch.getFloat32(0, true);
}
/** OCP float8 E4M3 ("fn"): bias 7, no infinities, S.1111.111 is NaN, maximum 448. */
function decodeE4M3Code(code) {
    const sign = code & 0x80 ? -1 : 1;
    const exponent = (code >> 3) & 0xf;
    const mantissa = code & 0x7;
    if (exponent === 0xf && mantissa === 0x7)
        return Number.NaN;
    if (exponent === 0)
        return sign * mantissa * 2 ** -9;
    return sign * (8 + mantissa) * 2 ** (exponent - 10);
}
/** OCP float8 E5M2: bias 15, IEEE-like infinities and NaNs. */
function decodeE5M2Code(code) {
    const sign = code & 0x80 ? -1 : 1;
    const exponent = (code >> 2) & 0x1f;
    const mantissa = code & 0x3;
    if (exponent === 0x1f)
        return mantissa === 0 ? sign * Infinity : Number.NaN;
    if (exponent === 0)
        return sign * mantissa * 2 ** -16;
    return sign * (4 + mantissa) * 2 ** (exponent - 17);
}
/** OCP E8M0 scale: an unsigned exponent alone, 2^(e - 127); 0xFF is NaN. */
function decodeE8M0Code(code) {
    return code === 0xff ? Number.NaN : 2 ** (code - 127);
}
/** float8 E4M3FNUZ: bias 8, no infinities, no negative zero, 0x80 is the only NaN. */
function decodeE4M3FnuzCode(code) {
    if (code === 0x80)
        return Number.NaN;
    const sign = code & 0x80 ? -1 : 1;
    const exponent = (code >> 3) & 0xf;
    const mantissa = code & 0x7;
    if (exponent === 0)
        return sign * mantissa * 2 ** -10;
    return sign * (8 + mantissa) * 2 ** (exponent - 11);
}
/** float8 E5M2FNUZ: bias 16, no infinities, no negative zero, 0x80 is the only NaN. */
function decodeE5M2FnuzCode(code) {
    if (code === 0x80)
        return Number.NaN;
    const sign = code & 0x80 ? -1 : 1;
    const exponent = (code >> 2) & 0x1f;
    const mantissa = code & 0x3;
    if (exponent === 0)
        return sign * mantissa * 2 ** -17;
    return sign * (4 + mantissa) * 2 ** (exponent - 18);
}
const tableBuilders = {
    F16: () => buildTable(0x10000, decodeF16Code),
    BF16: () => buildTable(0x10000, decodeBF16Code),
    F8_E4M3: () => buildTable(0x100, decodeE4M3Code),
    F8_E5M2: () => buildTable(0x100, decodeE5M2Code),
    F8_E8M0: () => buildTable(0x100, decodeE8M0Code),
    F8_E4M3FNUZ: () => buildTable(0x100, decodeE4M3FnuzCode),
    F8_E5M2FNUZ: () => buildTable(0x100, decodeE5M2FnuzCode),
};
const tables = new Map();
/** Lookup table from bit pattern to value, for the 8- and 16-bit float dtypes. */
function decodeTable(dtype) {
    let table = tables.get(dtype);
    if (!table) {
        const build = tableBuilders[dtype];
        if (!build)
            throw new Error(`Internal error: ${dtype} has no lookup table.`);
        table = build();
        tables.set(dtype, table);
    }
    return table;
}
function tableDecoder(dtype, bytesPerElement) {
    const table = decodeTable(dtype);
    return (bytes, count, out) => {
        const codes = bytesPerElement === 1
            ? bytes.subarray(0, count)
            : new Uint16Array(bytes.buffer, bytes.byteOffset, count);
        for (let i = 0; i < count; i++)
            out[i] = table[codes[i]];
    };
}
/** Decoder to float64 for every dtype that has one value per element (not F4, F6 or C64). */
function decoderFor(dtype) {
    switch (dtype) {
        case "F64":
            return (bytes, count, out) => out.set(new Float64Array(bytes.buffer, bytes.byteOffset, count));
        case "F32":
            return (bytes, count, out) => out.set(new Float32Array(bytes.buffer, bytes.byteOffset, count));
        case "F16":
        case "BF16":
            return tableDecoder(dtype, 2);
        case "F8_E4M3":
        case "F8_E5M2":
        case "F8_E8M0":
        case "F8_E4M3FNUZ":
        case "F8_E5M2FNUZ":
            return tableDecoder(dtype, 1);
        case "I32":
            return (bytes, count, out) => out.set(new Int32Array(bytes.buffer, bytes.byteOffset, count));
        case "U32":
            return (bytes, count, out) => out.set(new Uint32Array(bytes.buffer, bytes.byteOffset, count));
        case "I16":
            return (bytes, count, out) => out.set(new Int16Array(bytes.buffer, bytes.byteOffset, count));
        case "U16":
            return (bytes, count, out) => out.set(new Uint16Array(bytes.buffer, bytes.byteOffset, count));
        case "I8":
            return (bytes, count, out) => out.set(new Int8Array(bytes.buffer, bytes.byteOffset, count));
        case "U8":
        case "BOOL":
            return (bytes, count, out) => out.set(bytes.subarray(0, count));
        case "I64":
            // NOTE: only a cast against a non-64-bit dtype decodes I64 to float64, which rounds
            // values beyond 2^53; I64 against I64 or U64 is compared exactly.
            return (bytes, count, out) => {
                const values = new BigInt64Array(bytes.buffer, bytes.byteOffset, count);
                for (let i = 0; i < count; i++)
                    out[i] = Number(values[i]);
            };
        case "U64":
            return (bytes, count, out) => {
                const values = new BigUint64Array(bytes.buffer, bytes.byteOffset, count);
                for (let i = 0; i < count; i++)
                    out[i] = Number(values[i]);
            };
        default:
            throw new Error(`Internal error: ${dtype} has no element decoder.`);
    }
}
// ---------------------------------------------------------------------------------------------
// The reference kernel
/** Statistics of `count` elements with nothing counted yet, and zeroed block sums. */
function emptySegment(count) {
    return {
        changed: 0,
        bitsDiffering: 0,
        finiteCount: 0,
        nanA: 0,
        nanB: 0,
        infA: 0,
        infB: 0,
        maxAbsDelta: 0,
        maxAbsDeltaIndex: -1,
        blockSums: new Float64Array(Math.ceil(count / BLOCK_ELEMENTS) * SUMS_PER_BLOCK),
        profile: null,
    };
}
/** Typed arrays need an element-aligned byte offset; copy when the caller's view is not. */
function aligned(bytes, alignment) {
    return bytes.byteOffset % alignment === 0 ? bytes : bytes.slice();
}
/** Number of elements whose stored bits differ, comparing `count` elements of `width` bytes. */
function countDifferingElements(base, head, count, width) {
    let differing = 0;
    if (width === 1) {
        for (let i = 0; i < count; i++)
            if (base[i] !== head[i])
                differing++;
    }
    else if (width === 2) {
        const a = new Uint16Array(base.buffer, base.byteOffset, count);
        const b = new Uint16Array(head.buffer, head.byteOffset, count);
        for (let i = 0; i < count; i++)
            if (a[i] !== b[i])
                differing++;
    }
    else {
        // 4 or 8 bytes: compare 32-bit words, and count an element once when any word differs.
        const words = width / 4;
        const a = new Uint32Array(base.buffer, base.byteOffset, count * words);
        const b = new Uint32Array(head.buffer, head.byteOffset, count * words);
        if (words === 1) {
            for (let i = 0; i < count; i++)
                if (a[i] !== b[i])
                    differing++;
        }
        else {
            for (let i = 0; i < count * 2; i += 2) {
                if (a[i] !== b[i] || a[i + 1] !== b[i + 1])
                    differing++;
            }
        }
    }
    return differing;
}
/**
 * Kernel for dtypes decoded to float64: floats, integers up to 32 bits, and casts between
 * different dtypes. For a cast, bitsDiffering counts elements whose decoded values are not
 * identical in the sense of Object.is (NaN is identical to NaN, -0 is not identical to +0).
 */
function floatKernel(baseDtype, headDtype, threshold) {
    const decodeBase = decoderFor(baseDtype);
    const decodeHead = decoderFor(headDtype);
    const baseWidth = dtypeInfo(baseDtype).bits / 8;
    const headWidth = dtypeInfo(headDtype).bits / 8;
    const sameDtype = baseDtype === headDtype;
    const valuesA = new Float64Array(BLOCK_ELEMENTS);
    const valuesB = new Float64Array(BLOCK_ELEMENTS);
    const baseFormat = floatFormatOf(baseDtype);
    // The |delta| histogram and the magnitude buckets need a float base with a rounding step.
    const magnitudes = baseFormat !== undefined && dtypeInfo(headDtype).comparison === "float";
    const keyTables = magnitudes ? magnitudeTables(baseDtype) : undefined;
    const tables = keyTables ?? {
        rowOfKey: new Int32Array(0),
        inverseUlpOfKey: new Float64Array(0),
        inverseUlpTailOfKey: new Float64Array(0),
    };
    const keys = new Int32Array(BLOCK_ELEMENTS);
    const joint = new Int32Array(PROFILE_BUCKETS * PROFILE_ULP_BINS);
    // Heads stored in bfloat16 or narrower hold only bfloat16-representable values.
    const headAlwaysBf16 = headDtype === "BF16" || dtypeInfo(headDtype).bits <= 8;
    const floatScratch = new Float32Array(1);
    const floatWords = new Uint32Array(floatScratch.buffer);
    return {
        compare(baseBytes, headBytes, firstElement, count) {
            const result = emptySegment(count);
            const profile = emptyProfile();
            result.profile = profile;
            const base = aligned(baseBytes, baseWidth);
            const head = aligned(headBytes, headWidth);
            let maxAbsDelta = 0;
            let maxAbsDeltaIndex = -1;
            // Zero and sign counts, indexed as the first PROFILE_* members.
            const counters = new Float64Array(PROFILE_GROUPS_HALF_ZERO + 1);
            let castNearest = 0;
            let castTruncated = 0;
            let castF16 = 0;
            let headBf16 = 0;
            for (let start = 0, block = 0; start < count; start += BLOCK_ELEMENTS, block++) {
                const n = Math.min(BLOCK_ELEMENTS, count - start);
                const blockBase = base.subarray(start * baseWidth, (start + n) * baseWidth);
                const blockHead = head.subarray(start * headWidth, (start + n) * headWidth);
                decodeBase(blockBase, n, valuesA);
                decodeHead(blockHead, n, valuesB);
                if (sameDtype) {
                    result.bitsDiffering += countDifferingElements(blockBase, blockHead, n, baseWidth);
                }
                let changed = 0;
                let identicalValues = 0;
                let finite = 0;
                let sumA = 0;
                let sumB = 0;
                let sumSquaredDelta = 0;
                let sumSquaredA = 0;
                let sumSquaredB = 0;
                let sumProduct = 0;
                for (let i = 0; i < n; i++) {
                    const a = valuesA[i];
                    const b = valuesB[i];
                    const aFinite = a - a === 0;
                    const bFinite = b - b === 0;
                    if (!aFinite) {
                        if (Number.isNaN(a))
                            result.nanA++;
                        else
                            result.infA++;
                    }
                    if (!bFinite) {
                        if (Number.isNaN(b))
                            result.nanB++;
                        else
                            result.infB++;
                    }
                    if (!sameDtype && Object.is(a, b))
                        identicalValues++;
                    const same = a === b || (Number.isNaN(a) && Number.isNaN(b));
                    if (!same) {
                        const delta = Math.abs(a - b);
                        if (!(delta <= threshold))
                            changed++;
                        if (delta > maxAbsDelta && delta - delta === 0) {
                            maxAbsDelta = delta;
                            maxAbsDeltaIndex = firstElement + start + i;
                        }
                    }
                    if (aFinite && bFinite) {
                        finite++;
                        const delta = a - b;
                        sumA += a;
                        sumB += b;
                        sumSquaredDelta += delta * delta;
                        sumSquaredA += a * a;
                        sumSquaredB += b * b;
                        sumProduct += a * b;
                    }
                    if (!sameDtype) {
                        const matches = castMatches(a, b);
                        castNearest += matches & CAST_MATCH_BF16_NEAREST;
                        castTruncated += (matches & CAST_MATCH_BF16_TRUNCATED) >>> 1;
                        castF16 += (matches & CAST_MATCH_F16_NEAREST) >>> 2;
                    }
                    if (!headAlwaysBf16) {
                        floatScratch[0] = b;
                        const exact = Number.isNaN(b) ||
                            (floatScratch[0] === b && (floatWords[0] & 0xffff) === 0);
                        if (exact)
                            headBf16++;
                    }
                }
                countZerosAndSigns(valuesA, valuesB, n, counters);
                if (magnitudes) {
                    fillMagnitudeKeys(baseDtype, blockBase, n, keys);
                    joint.fill(0);
                    const sameNonFinite = countMagnitudes(valuesA, valuesB, keys, n, tables, joint, finite === n);
                    foldJointHistogram(joint, sameNonFinite, profile);
                }
                result.changed += changed;
                if (!sameDtype)
                    result.bitsDiffering += n - identicalValues;
                result.finiteCount += finite;
                if (headAlwaysBf16)
                    headBf16 += n;
                storeBlockSums(result.blockSums, block, [
                    sumA,
                    sumB,
                    sumSquaredDelta,
                    sumSquaredA,
                    sumSquaredB,
                    sumProduct,
                ]);
            }
            result.maxAbsDelta = maxAbsDelta;
            result.maxAbsDeltaIndex = maxAbsDeltaIndex;
            profile.set(counters, 0);
            profile[PROFILE_CAST_BF16_NEAREST] = castNearest;
            profile[PROFILE_CAST_BF16_TRUNCATED] = castTruncated;
            profile[PROFILE_CAST_F16_NEAREST] = castF16;
            profile[PROFILE_HEAD_BF16_EXACT] = headBf16;
            profile[PROFILE_ELEMENTS] = count;
            return result;
        },
    };
}
/**
 * Adds the zero, sign and 2:4 group counts of a block to `counters` (indexed by PROFILE_*). A
 * block starts at an element index that is a multiple of 4, so its groups of 4 are aligned; a
 * partial group at the end of a tensor is not counted.
 */
function countZerosAndSigns(valuesA, valuesB, n, counters) {
    let signAgree = 0;
    let signDisagree = 0;
    let zerosA = 0;
    let zerosB = 0;
    let newZeros = 0;
    let zerosRemoved = 0;
    let halfZeroGroups = 0;
    const groups = n >> 2;
    for (let group = 0; group < groups; group++) {
        let zerosInGroup = 0;
        for (let i = group * 4; i < group * 4 + 4; i++) {
            const a = valuesA[i];
            const b = valuesB[i];
            if (b === 0) {
                zerosInGroup++;
                if (a !== 0)
                    newZeros++;
                else
                    zerosA++;
            }
            else if (a === 0) {
                zerosA++;
                zerosRemoved++;
            }
            else {
                // Branch on the product's sign, which is predictable when most signs agree.
                const product = a * b;
                if (product > 0)
                    signAgree++;
                else if (product < 0)
                    signDisagree++;
                else if (product === 0) {
                    // Both nonzero but the float64 product underflowed.
                    if (a > 0 === b > 0)
                        signAgree++;
                    else
                        signDisagree++;
                }
            }
        }
        zerosB += zerosInGroup;
        if (zerosInGroup >= 2)
            halfZeroGroups++;
    }
    for (let i = groups * 4; i < n; i++) {
        const a = valuesA[i];
        const b = valuesB[i];
        if (b === 0) {
            zerosB++;
            if (a !== 0)
                newZeros++;
            else
                zerosA++;
        }
        else if (a === 0) {
            zerosA++;
            zerosRemoved++;
        }
        else {
            // Branch on the product's sign, which is predictable when most signs agree.
            const product = a * b;
            if (product > 0)
                signAgree++;
            else if (product < 0)
                signDisagree++;
            else if (product === 0) {
                // Both nonzero but the float64 product underflowed.
                if (a > 0 === b > 0)
                    signAgree++;
                else
                    signDisagree++;
            }
        }
    }
    counters[PROFILE_SIGN_PAIRS] =
        counters[PROFILE_SIGN_PAIRS] + signAgree + signDisagree;
    counters[PROFILE_SIGN_AGREE] = counters[PROFILE_SIGN_AGREE] + signAgree;
    counters[PROFILE_ZEROS_BASE] = counters[PROFILE_ZEROS_BASE] + zerosA;
    counters[PROFILE_ZEROS_HEAD] = counters[PROFILE_ZEROS_HEAD] + zerosB;
    counters[PROFILE_NEW_ZEROS] = counters[PROFILE_NEW_ZEROS] + newZeros;
    counters[PROFILE_ZEROS_REMOVED] = counters[PROFILE_ZEROS_REMOVED] + zerosRemoved;
    counters[PROFILE_GROUPS_OF_FOUR] = counters[PROFILE_GROUPS_OF_FOUR] + groups;
    counters[PROFILE_GROUPS_HALF_ZERO] =
        counters[PROFILE_GROUPS_HALF_ZERO] + halfZeroGroups;
}
/**
 * Counts each pair of a block in the joint histogram (row: magnitude bucket of |a|, column:
 * |delta| bin, 0 when the pair is the same). Only finite pairs enter the joint histogram; returns
 * the count of pairs that are the same but not finite, which belong in |delta| bin 0 only.
 */
function countMagnitudes(valuesA, valuesB, keys, n, tables, joint, allFinite) {
    const rowOfKey = tables.rowOfKey;
    const inverseUlpOfKey = tables.inverseUlpOfKey;
    const inverseUlpTailOfKey = tables.inverseUlpTailOfKey;
    let sameNonFinite = 0;
    if (allFinite) {
        // Every pair is finite: a - b is 0 exactly when the pair is the same, and that pair's bin
        // (the lowest delta bin, 1) drops to bin 0 without a branch.
        for (let i = 0; i < n; i++) {
            const delta = Math.abs(valuesA[i] - valuesB[i]);
            const key = keys[i];
            const cell = rowOfKey[key] +
                ulpBinOf(delta * inverseUlpOfKey[key] * inverseUlpTailOfKey[key]) -
                (delta === 0 ? 1 : 0);
            joint[cell] = joint[cell] + 1;
        }
        return 0;
    }
    for (let i = 0; i < n; i++) {
        const a = valuesA[i];
        const b = valuesB[i];
        const key = keys[i];
        if (a === b) {
            if (a - a === 0) {
                const cell = rowOfKey[key];
                joint[cell] = joint[cell] + 1;
            }
            else {
                sameNonFinite++;
            }
        }
        else if (a - a === 0 && b - b === 0) {
            const cell = rowOfKey[key] +
                ulpBinOf(Math.abs(a - b) * inverseUlpOfKey[key] * inverseUlpTailOfKey[key]);
            joint[cell] = joint[cell] + 1;
        }
        else if (Number.isNaN(a) && Number.isNaN(b)) {
            sameNonFinite++;
        }
    }
    return sameNonFinite;
}
/**
 * Returns the histogram bin of |a - b| / ulp(a): 1 + (k - ULP_MIN_STEP) with k = floor(log2 ratio)
 * clamped to [ULP_MIN_STEP, ULP_MAX_STEP]. For 1 <= x < 2^32, Math.clz32 of the truncated x gives
 * floor(log2 x) exactly.
 */
function ulpBinOf(ratio) {
    // floor(log2(4 * ratio)) = k + 2, read without branches from the leading zeros of the
    // truncated value; 4 * ratio < 1 gives -1, which the clamp maps to ULP_MIN_STEP, and the cap
    // at 2^30 keeps the value within the 32 bits Math.clz32 reads.
    const scaled = Math.min(ratio * 4, 2 ** 30);
    const step = 31 - Math.clz32(scaled) - 2;
    return 1 + Math.min(ULP_MAX_STEP, Math.max(ULP_MIN_STEP, step)) - ULP_MIN_STEP;
}
/**
 * Adds a block's joint histogram (row: magnitude bucket of |a|, column: |delta| bin, column 0 for
 * pairs that are the same) to the profile's marginal counts. `sameNonFinite` counts pairs that
 * are the same but not finite, which belong in |delta| bin 0 and in no bucket.
 */
function foldJointHistogram(joint, sameNonFinite, profile) {
    const at = (index, add) => {
        profile[index] = profile[index] + add;
    };
    at(PROFILE_ULP_HISTOGRAM, sameNonFinite);
    for (let bucket = 0; bucket < PROFILE_BUCKETS; bucket++) {
        let total = 0;
        for (let bin = 0; bin < PROFILE_ULP_BINS; bin++) {
            const cell = joint[bucket * PROFILE_ULP_BINS + bin];
            if (cell === 0)
                continue;
            total += cell;
            at(PROFILE_ULP_HISTOGRAM + bin, cell);
        }
        at(PROFILE_BUCKET_TOTAL + bucket, total);
        at(PROFILE_BUCKET_CHANGED + bucket, total - joint[bucket * PROFILE_ULP_BINS]);
    }
}
const magnitudeTableCache = new Map();
/**
 * Tables indexed by the key of a base value: its whole code for dtypes of 16 bits or less, its
 * biased exponent field for F32 and F64. The key fixes the binary exponent, so it fixes the
 * magnitude bucket and the rounding step.
 */
function magnitudeTables(dtype) {
    const cached = magnitudeTableCache.get(dtype);
    if (cached)
        return cached;
    const format = floatFormatOf(dtype);
    if (!format)
        throw new Error(`Internal error: ${dtype} has no rounding format.`);
    let exponentOfKey;
    let size;
    if (dtype === "F32" || dtype === "F64") {
        const bias = dtype === "F32" ? 127 : 1023;
        size = dtype === "F32" ? 256 : 2048;
        // Field 0 is zero or subnormal, below the minimum normal exponent.
        exponentOfKey = (field) => (field === 0 ? null : field - bias);
    }
    else {
        const table = decodeTable(dtype);
        size = table.length;
        exponentOfKey = (code) => {
            const value = Math.abs(table[code]);
            return value === 0 || !Number.isFinite(value) ? null : Math.floor(Math.log2(value));
        };
    }
    const rowOfKey = new Int32Array(size);
    const inverseUlpOfKey = new Float64Array(size);
    const inverseUlpTailOfKey = new Float64Array(size);
    for (let key = 0; key < size; key++) {
        const exponent = exponentOfKey(key);
        const bucket = exponent === null
            ? 0
            : Math.min(PROFILE_BUCKETS - 1, Math.max(0, exponent - BUCKET_MIN_EXPONENT));
        rowOfKey[key] = bucket * PROFILE_ULP_BINS;
        const ulpExponent = Math.max(exponent ?? format.minNormalExponent, format.minNormalExponent) -
            format.mantissaBits;
        const half = Math.trunc(-ulpExponent / 2);
        inverseUlpOfKey[key] = 2 ** half;
        inverseUlpTailOfKey[key] = 2 ** (-ulpExponent - half);
    }
    const tables = { rowOfKey, inverseUlpOfKey, inverseUlpTailOfKey };
    magnitudeTableCache.set(dtype, tables);
    return tables;
}
/** Fills keys[0..count) with the magnitude table keys of the base values in `bytes`. */
function fillMagnitudeKeys(dtype, bytes, count, keys) {
    if (dtype === "F32") {
        const words = new Uint32Array(bytes.buffer, bytes.byteOffset, count);
        for (let i = 0; i < count; i++)
            keys[i] = (words[i] >>> 23) & 0xff;
    }
    else if (dtype === "F64") {
        const words = new Uint32Array(bytes.buffer, bytes.byteOffset, count * 2);
        for (let i = 0; i < count; i++)
            keys[i] = (words[2 * i + 1] >>> 20) & 0x7ff;
    }
    else if (dtypeInfo(dtype).bits === 16) {
        keys.set(new Uint16Array(bytes.buffer, bytes.byteOffset, count));
    }
    else {
        keys.set(bytes.subarray(0, count));
    }
}
function storeBlockSums(target, block, sums) {
    target.set(sums, block * SUMS_PER_BLOCK);
}
function bigIntView(dtype, bytes, count) {
    return dtype === "I64"
        ? new BigInt64Array(bytes.buffer, bytes.byteOffset, count)
        : new BigUint64Array(bytes.buffer, bytes.byteOffset, count);
}
/**
 * Returns the largest integer that does not exceed `threshold`, so that for any integer d,
 * d > threshold exactly when d > the result. Math.floor of a finite double is an integer double,
 * and BigInt converts it exactly. An infinite threshold returns null: no difference exceeds it.
 */
function integerThresholdOf(threshold) {
    if (threshold === Infinity)
        return null;
    // NaN compares false with everything, so `!(delta <= NaN)` counts every differing pair.
    if (Number.isNaN(threshold) || threshold === -Infinity)
        return -1n;
    return BigInt(Math.floor(threshold));
}
/**
 * Kernel for I64 and U64, exact with BigInt. The threshold test compares the BigInt |a - b| with
 * the threshold exactly (see integerThresholdOf), so a difference of 2^53 + 1 exceeds a threshold
 * of 2^53. The maximum and sumSquaredDelta use |a - b| rounded to float64, and the other sums use
 * Number(a) and Number(b). Every element is finite.
 */
function integer64Kernel(baseDtype, headDtype, threshold) {
    const integerThreshold = integerThresholdOf(threshold);
    return {
        compare(baseBytes, headBytes, firstElement, count) {
            const result = emptySegment(count);
            const baseValues = bigIntView(baseDtype, aligned(baseBytes, 8), count);
            const headValues = bigIntView(headDtype, aligned(headBytes, 8), count);
            let maxAbsDelta = 0;
            let maxAbsDeltaIndex = -1;
            for (let start = 0, block = 0; start < count; start += BLOCK_ELEMENTS, block++) {
                const end = Math.min(count, start + BLOCK_ELEMENTS);
                let sumA = 0;
                let sumB = 0;
                let sumSquaredDelta = 0;
                let sumSquaredA = 0;
                let sumSquaredB = 0;
                let sumProduct = 0;
                for (let i = start; i < end; i++) {
                    const a = baseValues[i];
                    const b = headValues[i];
                    const a64 = Number(a);
                    const b64 = Number(b);
                    let delta = 0;
                    if (a !== b) {
                        result.bitsDiffering++;
                        const exactDelta = a > b ? a - b : b - a;
                        if (integerThreshold !== null && exactDelta > integerThreshold)
                            result.changed++;
                        delta = Number(exactDelta);
                        if (delta > maxAbsDelta) {
                            maxAbsDelta = delta;
                            maxAbsDeltaIndex = firstElement + i;
                        }
                    }
                    sumA += a64;
                    sumB += b64;
                    sumSquaredDelta += delta * delta;
                    sumSquaredA += a64 * a64;
                    sumSquaredB += b64 * b64;
                    sumProduct += a64 * b64;
                }
                result.finiteCount += end - start;
                storeBlockSums(result.blockSums, block, [
                    sumA,
                    sumB,
                    sumSquaredDelta,
                    sumSquaredA,
                    sumSquaredB,
                    sumProduct,
                ]);
            }
            result.maxAbsDelta = maxAbsDelta;
            result.maxAbsDeltaIndex = maxAbsDeltaIndex;
            return result;
        },
    };
}
/**
 * Kernel for C64, an element being two F32 parts (real, imaginary). An element changed, or has
 * differing bits, when either part does. The value statistics treat the parts as separate values.
 * So finiteCount counts finite part pairs (up to 2 per element), and the NaN and infinity counts
 * count parts. The sums run over parts, and the maximum is over parts with the element's index.
 */
function complexKernel(threshold) {
    return {
        compare(baseBytes, headBytes, firstElement, count) {
            const result = emptySegment(count);
            const base = aligned(baseBytes, 4);
            const head = aligned(headBytes, 4);
            const partsA = new Float32Array(base.buffer, base.byteOffset, count * 2);
            const partsB = new Float32Array(head.buffer, head.byteOffset, count * 2);
            const bitsA = new Uint32Array(base.buffer, base.byteOffset, count * 2);
            const bitsB = new Uint32Array(head.buffer, head.byteOffset, count * 2);
            let maxAbsDelta = 0;
            let maxAbsDeltaIndex = -1;
            for (let start = 0, block = 0; start < count; start += BLOCK_ELEMENTS, block++) {
                const end = Math.min(count, start + BLOCK_ELEMENTS);
                let sumA = 0;
                let sumB = 0;
                let sumSquaredDelta = 0;
                let sumSquaredA = 0;
                let sumSquaredB = 0;
                let sumProduct = 0;
                for (let element = start; element < end; element++) {
                    let elementChanged = false;
                    for (let part = element * 2; part < element * 2 + 2; part++) {
                        const a = partsA[part];
                        const b = partsB[part];
                        const aFinite = a - a === 0;
                        const bFinite = b - b === 0;
                        if (!aFinite) {
                            if (Number.isNaN(a))
                                result.nanA++;
                            else
                                result.infA++;
                        }
                        if (!bFinite) {
                            if (Number.isNaN(b))
                                result.nanB++;
                            else
                                result.infB++;
                        }
                        const same = a === b || (Number.isNaN(a) && Number.isNaN(b));
                        if (!same) {
                            const delta = Math.abs(a - b);
                            if (!(delta <= threshold))
                                elementChanged = true;
                            if (delta > maxAbsDelta && delta - delta === 0) {
                                maxAbsDelta = delta;
                                maxAbsDeltaIndex = firstElement + element;
                            }
                        }
                        if (aFinite && bFinite) {
                            result.finiteCount++;
                            const delta = a - b;
                            sumA += a;
                            sumB += b;
                            sumSquaredDelta += delta * delta;
                            sumSquaredA += a * a;
                            sumSquaredB += b * b;
                            sumProduct += a * b;
                        }
                    }
                    if (elementChanged)
                        result.changed++;
                    const part = element * 2;
                    if (bitsA[part] !== bitsB[part] || bitsA[part + 1] !== bitsB[part + 1]) {
                        result.bitsDiffering++;
                    }
                }
                storeBlockSums(result.blockSums, block, [
                    sumA,
                    sumB,
                    sumSquaredDelta,
                    sumSquaredA,
                    sumSquaredB,
                    sumProduct,
                ]);
            }
            result.maxAbsDelta = maxAbsDelta;
            result.maxAbsDeltaIndex = maxAbsDeltaIndex;
            return result;
        },
    };
}
/** OCP FP4 E2M1: 1 sign, 2 exponent (bias 1), 1 mantissa bit; no infinities or NaNs. */
function decodeE2M1Code(code) {
    const sign = code & 0x8 ? -1 : 1;
    const exponent = (code >> 1) & 0x3;
    const mantissa = code & 0x1;
    if (exponent === 0)
        return sign * mantissa * 0.5;
    return sign * (2 + mantissa) * 2 ** (exponent - 2);
}
/**
 * Kernel for F4 (E2M1), two elements to a byte. Whichever nibble a convention stores first, a
 * byte holds two whole elements, so the nibbles of a base byte pair with the nibbles of the head
 * byte at the same position. bitsDiffering counts differing nibbles and changed applies the
 * change rule to the decoded nibbles (0x0 and 0x8 are +0 and -0, so they are equal). Both are
 * exact element counts. The element index of a nibble depends on the convention, so the kernel
 * reports no maximum and no sums.
 */
function f4Kernel(threshold) {
    const values = buildTable(16, decodeE2M1Code);
    const valueChanged = (codeA, codeB) => {
        const a = values[codeA];
        const b = values[codeB];
        return a !== b && !(Math.abs(a - b) <= threshold);
    };
    return {
        compare(base, head, _firstElement, count) {
            const result = emptySegment(count);
            const wholeBytes = Math.floor(count / 2);
            for (let i = 0; i < wholeBytes; i++) {
                const a = base[i];
                const b = head[i];
                if (a === b)
                    continue;
                if ((a & 0xf) !== (b & 0xf)) {
                    result.bitsDiffering++;
                    if (valueChanged(a & 0xf, b & 0xf))
                        result.changed++;
                }
                if (a >> 4 !== b >> 4) {
                    result.bitsDiffering++;
                    if (valueChanged(a >> 4, b >> 4))
                        result.changed++;
                }
            }
            if (count % 2 === 1) {
                // NOTE: the last byte of an odd-length tensor holds one element and one padding nibble,
                // and the format does not fix which is which. It counts as one element that changed
                // when either nibble did, so an edited padding nibble would be counted too.
                const a = base[wholeBytes];
                const b = head[wholeBytes];
                if (a !== b)
                    result.bitsDiffering++;
                if (valueChanged(a & 0xf, b & 0xf) || valueChanged(a >> 4, b >> 4))
                    result.changed++;
            }
            return result;
        },
    };
}
/**
 * Kernel for the F6 dtypes, compared as raw bytes: bitsDiffering counts differing bytes, and
 * changed counts elements with at least one bit in a differing byte. Four elements share three
 * bytes and the format does not fix their bit order, so an element cannot be read alone, and
 * changed is an upper bound on the elements whose bits differ. Elements are packed contiguously,
 * `bits` per element from the start of the first byte. The bit order within a byte does not
 * change which bytes an element touches. No numeric statistics.
 */
function bytesKernel(dtype) {
    const bits = dtypeInfo(dtype).bits;
    return {
        compare(base, head, firstElement, count) {
            const result = emptySegment(count);
            // firstElement is a multiple of BLOCK_ELEMENTS, so the run starts on a byte boundary.
            const firstBit = firstElement * bits;
            const byteStart = firstBit / 8;
            const byteCount = byteEndOf(dtype, firstElement + count) - byteStart;
            for (let i = 0; i < byteCount; i++)
                if (base[i] !== head[i])
                    result.bitsDiffering++;
            if (result.bitsDiffering === 0)
                return result;
            for (let element = 0; element < count; element++) {
                const startBit = element * bits;
                const firstByte = Math.floor(startBit / 8);
                const lastByte = Math.floor((startBit + bits - 1) / 8);
                for (let byte = firstByte; byte <= lastByte; byte++) {
                    if (base[byte] !== head[byte]) {
                        result.changed++;
                        break;
                    }
                }
            }
            return result;
        },
    };
}
/**
 * Statistics of a dtype change that gives no element pairs (see comparisonOf): every element
 * counts as changed and as differing, and no values are read.
 */
function incomparableStats(count) {
    const result = emptySegment(count);
    result.changed = count;
    result.bitsDiffering = count;
    return result;
}
/** Creates the plain JavaScript kernel for a pair of dtypes. */
function createReferenceKernel(baseDtype, headDtype, threshold) {
    if ((0,external_node_os_.endianness)() !== "LE") {
        throw new Error("model-diff reads tensors through typed arrays and needs a little-endian CPU.");
    }
    const comparison = comparisonOf(baseDtype, headDtype);
    switch (comparison) {
        case "float":
        case "integer":
            return floatKernel(baseDtype, headDtype, threshold);
        case "integer64":
            return integer64Kernel(baseDtype, headDtype, threshold);
        case "complex":
            return complexKernel(threshold);
        case "bytes":
            return baseDtype === "F4" ? f4Kernel(threshold) : bytesKernel(baseDtype);
        case "incomparable":
            return { compare: (_base, _head, _first, count) => incomparableStats(count) };
    }
}

;// CONCATENATED MODULE: ./src/diff/pairing.ts
/**
 * Pairing of base and head tensors: by name first, then removed against added by content.
 */



/** Bytes read per call while hashing a tensor: large enough for fast reads, small enough to bound memory. */
const HASH_READ_BYTES = 1024 * 1024;
function sameShape(a, b) {
    return a.length === b.length && a.every((dimension, i) => dimension === b[i]);
}
function byName(a, b) {
    if (a.name < b.name)
        return -1;
    if (a.name > b.name)
        return 1;
    return 0;
}
function oneSided(entry) {
    return { name: entry.name, shape: [...entry.shape], dtype: entry.dtype, numel: entry.numel };
}
/** Pairs tensors by name. Tensors on one side only are returned as added or removed. */
function pairByName(base, head) {
    const compared = [];
    const reshaped = [];
    const removed = [];
    const added = [];
    let paired = 0;
    for (const [name, baseEntry] of base.tensors) {
        const headEntry = head.tensors.get(name);
        if (!headEntry) {
            removed.push(oneSided(baseEntry));
            continue;
        }
        paired++;
        if (sameShape(baseEntry.shape, headEntry.shape)) {
            compared.push({
                name,
                base: baseEntry,
                head: headEntry,
                comparison: comparisonOf(baseEntry.dtype, headEntry.dtype),
            });
        }
        else {
            reshaped.push({
                name,
                baseShape: [...baseEntry.shape],
                headShape: [...headEntry.shape],
                baseDtype: baseEntry.dtype,
                headDtype: headEntry.dtype,
                baseNumel: baseEntry.numel,
                headNumel: headEntry.numel,
            });
        }
    }
    // When every head name was paired, no head tensor is added, and the lookups can be skipped.
    if (paired < head.tensors.size) {
        for (const [name, headEntry] of head.tensors) {
            if (!base.tensors.has(name))
                added.push(oneSided(headEntry));
        }
    }
    compared.sort(byName);
    reshaped.sort(byName);
    removed.sort(byName);
    added.sort(byName);
    return { compared, added, removed, reshaped };
}
/** SHA-256 of a tensor's bytes, hex, read in HASH_READ_BYTES pieces. */
async function hashTensor(entry) {
    const hash = (0,external_node_crypto_namespaceObject.createHash)("sha256");
    const buffer = new Uint8Array(Math.min(HASH_READ_BYTES, Math.max(1, entry.byteLength)));
    for (let done = 0; done < entry.byteLength;) {
        const length = Math.min(buffer.byteLength, entry.byteLength - done);
        await readSmallFirst(entry.source, entry.byteOffset + done, length, buffer);
        hash.update(buffer.subarray(0, length));
        done += length;
    }
    return hash.digest("hex");
}
function contentKey(entry) {
    return `${entry.dtype}|${entry.shape.join(",")}|${entry.byteLength}`;
}
/**
 * Returns the first added tensor of `queue`, in name order, that is not matched yet and has
 * `hash`, or undefined. Candidates are hashed only up to the first match, as a scan from the front
 * would, so no tensor past it is read.
 */
async function takeMatch(queue, hash) {
    const waiting = queue.byHash.get(hash);
    if (waiting !== undefined && waiting.next < waiting.entries.length) {
        return waiting.entries[waiting.next++];
    }
    while (queue.hashed < queue.entries.length) {
        const entry = queue.entries[queue.hashed++];
        const entryHash = await hashTensor(entry);
        if (entryHash === hash)
            return entry;
        const list = queue.byHash.get(entryHash);
        if (list)
            list.entries.push(entry);
        else
            queue.byHash.set(entryHash, { entries: [entry], next: 0 });
    }
    return undefined;
}
/**
 * Matches removed tensors against added ones with the same dtype, shape, byte length and SHA-256
 * of the bytes, and moves each match to `renamed`. Only tensors whose dtype, shape and length
 * have a counterpart on the other side are hashed. Each added tensor matches at most one removed
 * tensor; removed tensors are matched in name order, each to the first unmatched added tensor in
 * name order with equal bytes.
 */
async function matchRenamed(base, head, pairing) {
    const removedEntries = pairing.removed.map((tensor) => base.tensors.get(tensor.name));
    const addedEntries = pairing.added.map((tensor) => head.tensors.get(tensor.name));
    const addedByKey = new Map();
    for (const entry of addedEntries) {
        if (!entry)
            continue;
        const key = contentKey(entry);
        const queue = addedByKey.get(key);
        if (queue)
            queue.entries.push(entry);
        else
            addedByKey.set(key, { entries: [entry], hashed: 0, byHash: new Map() });
    }
    const renamed = [];
    const renamedBase = new Set();
    const renamedHead = new Set();
    for (const baseEntry of removedEntries) {
        if (!baseEntry)
            continue;
        const queue = addedByKey.get(contentKey(baseEntry));
        if (!queue)
            continue;
        const headEntry = await takeMatch(queue, await hashTensor(baseEntry));
        if (headEntry === undefined)
            continue;
        renamed.push({
            baseName: baseEntry.name,
            headName: headEntry.name,
            shape: [...baseEntry.shape],
            dtype: baseEntry.dtype,
            numel: baseEntry.numel,
        });
        renamedBase.add(baseEntry.name);
        renamedHead.add(headEntry.name);
    }
    return {
        compared: pairing.compared,
        reshaped: pairing.reshaped,
        removed: pairing.removed.filter((tensor) => !renamedBase.has(tensor.name)),
        added: pairing.added.filter((tensor) => !renamedHead.has(tensor.name)),
        renamed,
    };
}
/** Pairs tensors by name, then matches the leftovers by content. */
async function pairTensors(base, head) {
    return matchRenamed(base, head, pairByName(base, head));
}

;// CONCATENATED MODULE: ./src/diff/range-capture.ts
/**
 * Byte ranges that the diff copies out of its own reads for a later reader, so a remote
 * checkpoint's bytes are downloaded once. The later reader (the second pass, which reads sampled
 * matrix rows) requests its ranges before the diff starts. The engine attaches the part of each
 * requested range that a work unit reads to that unit, the worker copies those bytes out of its
 * read buffer, and the main thread delivers them here. A range is served only when every byte of
 * it has arrived, so the reader of an incomplete range reads it from its source.
 *
 * Memory: a requested range takes its length from its first piece until it is taken or released,
 * so the store never contains more than the total length of the requested ranges.
 */

function rangeId(offset, length) {
    return `${offset} ${length}`;
}
class RangeCapture {
    /** Requested ranges by source key, then by rangeId. */
    bySource = new Map();
    /** The ranges each owner requested. */
    byOwner = new Map();
    /** The ranges of bySource sorted by offset, by source key. Built on lookup, dropped on change. */
    sorted = new Map();
    /**
     * Source keys by spec object. The ranges of a work unit share the spec objects of the
     * checkpoints' sources, so a diff of many small tensors builds each key once, not per segment.
     */
    keys = new WeakMap();
    /** Number of requested ranges. */
    get size() {
        let count = 0;
        for (const ranges of this.bySource.values())
            count += ranges.size;
        return count;
    }
    /** Bytes allocated for requested ranges (complete or not). */
    get heldBytes() {
        let bytes = 0;
        for (const ranges of this.bySource.values()) {
            for (const range of ranges.values())
                bytes += range.bytes?.byteLength ?? 0;
        }
        return bytes;
    }
    /** Returns whether the store contains a range that `owner` requested. */
    has(owner) {
        return this.byOwner.has(owner);
    }
    /**
     * Registers the ranges `owner` requests. Empty ranges, and ranges whose offset or length is not
     * a whole number, are left out. Units dispatched before the call do not capture them.
     */
    request(owner, ranges) {
        const places = this.byOwner.get(owner) ?? [];
        for (const { source, offset, length } of ranges) {
            if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || length <= 0)
                continue;
            const key = this.keyOf(source);
            const id = rangeId(offset, length);
            this.sorted.delete(key);
            let ranges = this.bySource.get(key);
            if (!ranges) {
                ranges = new Map();
                this.bySource.set(key, ranges);
            }
            let range = ranges.get(id);
            if (!range) {
                range = {
                    offset,
                    length,
                    owners: new Set(),
                    bytes: undefined,
                    pieces: new Set(),
                    filled: 0,
                };
                ranges.set(id, range);
            }
            if (range.owners.has(owner))
                continue;
            range.owners.add(owner);
            places.push({ key, id });
        }
        if (places.length > 0)
            this.byOwner.set(owner, places);
    }
    /** Removes the ranges of `owner` that no other owner requested, and their bytes. */
    release(owner) {
        const places = this.byOwner.get(owner);
        if (!places)
            return;
        this.byOwner.delete(owner);
        for (const { key, id } of places) {
            const ranges = this.bySource.get(key);
            const range = ranges?.get(id);
            if (!ranges || !range)
                continue;
            range.owners.delete(owner);
            if (range.owners.size > 0)
                continue;
            this.sorted.delete(key);
            ranges.delete(id);
            if (ranges.size === 0)
                this.bySource.delete(key);
        }
    }
    /** Removes every range. */
    clear() {
        this.bySource.clear();
        this.byOwner.clear();
        this.sorted.clear();
    }
    /**
     * Returns the parts of the requested ranges that lie inside `read`, a range a work unit reads.
     * The engine calls it once per segment and side when it dispatches a unit.
     */
    piecesWithin(read) {
        if (this.bySource.size === 0)
            return [];
        const sorted = this.sortedRanges(this.keyOf(read.source));
        if (!sorted)
            return [];
        const { ranges, maxLength } = sorted;
        // The first range that can overlap the read starts after read.offset - maxLength.
        let low = 0;
        let high = ranges.length;
        while (low < high) {
            const middle = (low + high) >>> 1;
            if (ranges[middle].offset <= read.offset - maxLength)
                low = middle + 1;
            else
                high = middle;
        }
        const readEnd = read.offset + read.length;
        const pieces = [];
        for (let index = low; index < ranges.length; index++) {
            const range = ranges[index];
            if (range.offset >= readEnd)
                break;
            const start = Math.max(range.offset, read.offset);
            const end = Math.min(range.offset + range.length, readEnd);
            if (start < end)
                pieces.push({ source: read.source, offset: start, length: end - start });
        }
        return pieces;
    }
    /**
     * Stores the bytes of `piece`, a range piecesWithin returned, in every requested range it
     * overlaps. Bytes of ranges no longer requested are dropped. `bytes` may be kept as it is, so the
     * caller must not write to it afterwards.
     */
    deliver(piece, bytes) {
        const ranges = this.bySource.get(this.keyOf(piece.source));
        if (!ranges || bytes.byteLength !== piece.length)
            return;
        const pieceEnd = piece.offset + piece.length;
        for (const range of ranges.values()) {
            const start = Math.max(range.offset, piece.offset);
            const end = Math.min(range.offset + range.length, pieceEnd);
            if (start >= end)
                continue;
            const id = rangeId(start, end - start);
            if (range.pieces.has(id))
                continue;
            range.pieces.add(id);
            if (range.bytes === undefined && start === range.offset && end - start === range.length) {
                // The piece covers the whole range: keep it, or the part of it, without a copy.
                range.bytes = bytes.subarray(start - piece.offset, end - piece.offset);
            }
            else {
                range.bytes ??= new Uint8Array(range.length);
                range.bytes.set(bytes.subarray(start - piece.offset, end - piece.offset), start - range.offset);
            }
            range.filled += end - start;
        }
    }
    /**
     * Returns the bytes [offset, offset + length) of `source` when that exact range was requested
     * and every byte of it was delivered, and removes the range. Returns undefined otherwise. A
     * partly delivered range is removed too, because its reader then reads it from the source.
     */
    take(source, offset, length) {
        const key = this.keyOf(source);
        const ranges = this.bySource.get(key);
        const id = rangeId(offset, length);
        const range = ranges?.get(id);
        if (!ranges || !range)
            return undefined;
        this.sorted.delete(key);
        ranges.delete(id);
        if (ranges.size === 0)
            this.bySource.delete(key);
        for (const owner of range.owners) {
            const places = this.byOwner
                .get(owner)
                ?.filter((place) => place.key !== key || place.id !== id);
            if (places === undefined)
                continue;
            if (places.length > 0)
                this.byOwner.set(owner, places);
            else
                this.byOwner.delete(owner);
        }
        return range.filled === range.length ? range.bytes : undefined;
    }
    keyOf(spec) {
        let key = this.keys.get(spec);
        if (key === undefined) {
            key = specKey(spec);
            this.keys.set(spec, key);
        }
        return key;
    }
    sortedRanges(key) {
        let sorted = this.sorted.get(key);
        if (sorted)
            return sorted;
        const ranges = this.bySource.get(key);
        if (!ranges)
            return undefined;
        const list = [...ranges.values()].sort((a, b) => a.offset - b.offset);
        sorted = {
            ranges: list,
            maxLength: list.reduce((largest, r) => Math.max(largest, r.length), 0),
        };
        this.sorted.set(key, sorted);
        return sorted;
    }
}

;// CONCATENATED MODULE: ./src/analysis/sample-plan.ts
/**
 * Which changed matrices the second pass analyses. A checkpoint can hold thousands of changed
 * matrices, and each sampled analysis costs milliseconds, so the second pass reads a capped,
 * deterministic sample of them. The sample is stratified by module name (q_proj, down_proj, ...)
 * and depth region, so the target modules of an adapter and the layers of a partial fine-tune are
 * represented even when only a few matrices are read.
 */

/** Maximum number of matrices the second pass analyses. The rest are counted as not analysed. */
const MAX_ANALYSED_MATRICES = 16;
/**
 * Maximum bytes the sampled rows of the analysed matrices may take, both sides together. 16 matrices
 * of 128 sampled rows of 4,096 bfloat16 columns take 32 MiB.
 */
const MAX_ANALYSED_BYTES = 32 * 1024 * 1024;
/** Depth regions per stack: every region with a changed matrix gets at least one analysed. */
const DEPTH_REGIONS = 4;
/** Returns a 32-bit hash of a string and an index (FNV-1a, then a murmur3 finalizer). */
function sampleHash(name, index) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < name.length; i++) {
        hash ^= name.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193);
    }
    hash ^= index;
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
    return (hash ^ (hash >>> 16)) >>> 0;
}
function byHash(a, b) {
    return a.hash - b.hash || (a.candidate.name < b.candidate.name ? -1 : 1);
}
/** Groups candidates by module name and depth region; each group sorted by the hash of its names. */
function strataOf(candidates) {
    const layers = candidates.map((candidate) => candidate.layer === undefined ? layerIndexOf(candidate.name) : candidate.layer);
    // reduce, not Math.max(...layers): one argument per matrix can exceed the engine's argument limit.
    const deepest = layers.reduce((largest, layer) => Math.max(largest, layer ?? 0), 0);
    const groups = new Map();
    candidates.forEach((candidate, i) => {
        const layer = layers[i] ?? null;
        const region = layer === null ? -1 : Math.floor((layer * DEPTH_REGIONS) / (deepest + 1));
        const module = candidate.module ?? moduleNameOf(candidate.name);
        const key = `${region} ${module}`;
        const group = groups.get(key) ?? { module, region, members: [] };
        // Hashed once per name, not once per comparison of the sort.
        group.members.push({ candidate, hash: sampleHash(candidate.name, 0) });
        groups.set(key, group);
    });
    const list = [...groups.values()].map((group) => ({
        module: group.module,
        region: group.region,
        members: group.members.sort(byHash).map((member) => member.candidate),
    }));
    const key = (stratum) => sampleHash(`${stratum.region} ${stratum.module}`, 1);
    return list.sort((a, b) => key(a) - key(b));
}
/**
 * Returns the names of the matrices to analyse, at most `maxMatrices` whose sample bytes sum to at
 * most `maxBytes`: first one matrix of every module name, then one of every depth region not yet
 * covered, then one of every other stratum, then further members round by round. Within a stratum
 * the matrices are taken in the order of a hash of their names, so the choice does not depend on
 * the order of the tensors in the files.
 */
function chooseMatrices(candidates, maxMatrices = MAX_ANALYSED_MATRICES, maxBytes = MAX_ANALYSED_BYTES) {
    const chosen = new Set();
    let bytes = 0;
    const take = (candidate) => {
        if (candidate === undefined || chosen.has(candidate.name) || chosen.size >= maxMatrices)
            return;
        if (bytes + candidate.sampleBytes > maxBytes)
            return;
        chosen.add(candidate.name);
        bytes += candidate.sampleBytes;
    };
    const strata = strataOf(candidates);
    const modules = new Set();
    for (const stratum of strata) {
        if (modules.has(stratum.module))
            continue;
        modules.add(stratum.module);
        take(stratum.members.find((member) => !chosen.has(member.name)));
    }
    const regions = new Set(strata
        .filter((stratum) => stratum.members.some((member) => chosen.has(member.name)))
        .map((stratum) => stratum.region));
    for (const stratum of strata) {
        if (regions.has(stratum.region))
            continue;
        regions.add(stratum.region);
        take(stratum.members.find((member) => !chosen.has(member.name)));
    }
    const deepestRound = strata.reduce((largest, stratum) => Math.max(largest, stratum.members.length), 0);
    for (let round = 0; round < deepestRound && chosen.size < maxMatrices; round++) {
        for (const stratum of strata)
            take(stratum.members[round]);
    }
    return candidates.filter((candidate) => chosen.has(candidate.name)).map((c) => c.name);
}

;// CONCATENATED MODULE: ./node_modules/p-map/index.js
function pMap(iterable, mapper, options) {
	return mapConcurrently(iterable, mapper, options, false);
}

function pMapSettled(iterable, mapper, options) {
	return mapConcurrently(iterable, mapper, options, true);
}

function pMapKeyed(input, mapper, options) {
	return mapKeyed(input, mapper, options, false);
}

function pMapSettledKeyed(input, mapper, options) {
	return mapKeyed(input, mapper, options, true);
}

// Like `Promise.allKeyed` and `Promise.allSettledKeyed`, with a mapper, and for a `Map` too. Each value travels with its key, so a skipped key, which leaves no slot in the result, cannot shift the keys after it.
async function mapKeyed(input, mapper, options, isSettled) {
	const entries = getKeyedEntries(input);

	// After the values have their handlers, like the other argument errors, which `mapConcurrently` checks. It cannot check this one, as it gets the wrapper below as its mapper.
	if (typeof mapper !== 'function') {
		throw new TypeError('Mapper function is required');
	}

	const mappedEntries = await mapConcurrently(entries, async ([key, inputResult]) => {
		try {
			if (inputResult.status === 'rejected') {
				throw inputResult.reason;
			}

			const result = await mapper(inputResult.value, key);

			if (result === pMapSkip || result === pMapStop) {
				return result;
			}

			return [key, isSettled ? {status: 'fulfilled', value: result} : result];
		} catch (error) {
			if (!isSettled) {
				throw error;
			}

			return [key, {status: 'rejected', reason: error}];
		}
	}, options, false);

	if (input instanceof Map) {
		return new Map(mappedEntries);
	}

	// A null prototype, like `Promise.allKeyed`, so a key like `__proto__` or `toString` is an own property like any other.
	return Object.setPrototypeOf(Object.fromEntries(mappedEntries), null);
}

// The engine behind all the functions, except `pMapIterable`. With `isSettled`, an element or a mapper that rejects gives a `{status: 'rejected'}` result instead of an error, like `Promise.allSettled`, so `stopOnError` does not apply.
async function mapConcurrently(
	iterable,
	mapper,
	{
		concurrency = Number.POSITIVE_INFINITY,
		stopOnError = true,
		signal,
	} = {},
	isSettled,
) {
	return new Promise((resolve_, reject_) => {
		validateOptions(iterable, mapper, concurrency);

		const result = [];
		// Stage the errors by index, like `result`, so they are reported in input order.
		const errors = [];
		let skippedCount = 0;
		let isResolved = false;
		let isIterableDone = false;
		const pendingIndexes = new Set();
		let doneIndex = Number.POSITIVE_INFINITY;
		let currentIndex = 0;
		const iterator = getIterator(iterable);

		const signalListener = () => {
			reject(signal.reason);
		};

		const cleanup = () => {
			signal?.removeEventListener('abort', signalListener);
		};

		const resolve = value => {
			resolve_(value);
			cleanup();
		};

		const reject = reason => {
			if (isResolved) {
				return;
			}

			isResolved = true;
			reject_(reason);
			cleanup();

			if (!isIterableDone) {
				closeIterator(iterator);
			}
		};

		if (signal) {
			if (signal.aborted) {
				reject(signal.reason);
				return;
			}

			signal.addEventListener('abort', signalListener, {once: true});
		}

		const pull = createPuller(iterator);

		// Settle only once the source is done, or a mapper stopped, and every earlier pull and mapper has finished. A pull before the `done` or the stop can still produce an element, while pulls after it do not affect the result.
		const settleIfFinished = () => {
			if (isResolved || doneIndex === Number.POSITIVE_INFINITY) {
				return;
			}

			for (const index of pendingIndexes) {
				if (index < doneIndex) {
					return;
				}
			}

			if (!stopOnError) {
				const collectedErrors = [];

				for (let index = 0; index < Math.min(doneIndex, errors.length); index++) {
					if (index in errors) {
						collectedErrors.push(errors[index]);
					}
				}

				if (collectedErrors.length > 0) {
					reject(new AggregateError(collectedErrors)); // eslint-disable-line unicorn/error-message
					return;
				}
			}

			isResolved = true;

			// A stop ended the result before the source did, so close it, like `for await` does on a `break`. Not at the stop itself, as a source that settles its `next()` calls out of call order may still owe an earlier element, and closing could drop it.
			if (!isIterableDone) {
				closeIterator(iterator);
			}

			// `done` is final, like `for await`, so a `done` that lands between two elements ends
			// the result there and everything the source produced past it is dropped. A stop cuts it the same way.
			const lastIndex = Math.min(doneIndex, result.length);

			// Every index below `lastIndex` has a value: an index only goes unassigned when its pull reported `done` or its mapper returned `pMapStop`, and the lowest such index is `doneIndex`. So the array is dense below `lastIndex`, and the fast path can hand it over untouched.
			if (lastIndex === result.length && skippedCount === 0) {
				resolve(result);
				return;
			}

			// Otherwise this drops the skipped results and whatever the `done` or the stop cut off.
			resolve(result.slice(0, lastIndex).filter(value => value !== pMapSkip));
		};

		const next = async () => {
			// After a `done` or a stop, a pull would take an item nobody is going to map, which a one-shot source, like a queue, would lose.
			if (isResolved || currentIndex >= doneIndex) {
				return;
			}

			// Take the index when the pull starts, not when it resolves, so a source that settles
			// its `next()` calls out of call order still gets the right position.
			const index = currentIndex++;
			pendingIndexes.add(index);

			let nextItem;
			try {
				nextItem = await pull();
			} catch (error) {
				pendingIndexes.delete(index);

				if (index < doneIndex) {
					throw error;
				}

				settleIfFinished();
				return;
			}

			if (nextItem.done) {
				pendingIndexes.delete(index);
				doneIndex = Math.min(doneIndex, index);
				isIterableDone = true;
				settleIfFinished();
				return;
			}

			// Intentionally detached
			const runner = (async () => {
				try {
					const element = await nextItem.value;

					if (isResolved || index >= doneIndex) {
						return;
					}

					const value = await mapper(element, index);

					// Ignore an item produced after an earlier pull reported `done` or an earlier mapper returned `pMapStop`.
					if (index >= doneIndex) {
						return;
					}

					// A stop ends the result here, like a `done` from the source, so settling waits only for the earlier elements.
					if (value === pMapStop) {
						doneIndex = index;
						return;
					}

					if (value === pMapSkip) {
						skippedCount++;
					}

					result[index] = isSettled && value !== pMapSkip ? {status: 'fulfilled', value} : value;
				} catch (error) {
					if (index >= doneIndex) {
						return;
					}

					if (isSettled) {
						result[index] = {status: 'rejected', reason: error};
					} else if (stopOnError) {
						reject(error);
						return;
					} else {
						errors[index] = error;
					}
				} finally {
					pendingIndexes.delete(index);
					settleIfFinished();
				}

				// If the iterable throws we can't really continue regardless of `stopOnError` state
				// since an iterable is likely to continue throwing after it throws once.
				// If we continue calling `next()` indefinitely we will likely end up
				// in an infinite loop of failed iteration.
				try {
					await next();
				} catch (error) {
					reject(error);
				}
			})();

			// Link the runner to the returned promise, so the async stack trace of a mapper error reaches the caller. Nothing awaits the runner, so the trace would stop there, but V8 follows a reaction that resolves another promise. The link never settles, so it never resolves the returned promise. It is a new promise for each runner, as a shared one would keep a reaction for every element.
			runner.then(() => new Promise(() => {})).then(resolve_);
		};

		// Create the concurrent runners in a detached (non-awaited)
		// promise. We need this so we can await the `next()` calls
		// to stop creating runners before hitting the concurrency limit
		// if the iterable has already been marked as done or a mapper stopped.
		// NOTE: We *must* do this for async iterators otherwise we'll spin up
		// infinite `next()` calls by default and never start the event loop.
		(async () => {
			for (let index = 0; index < concurrency; index++) {
				try {
					// eslint-disable-next-line no-await-in-loop
					await next();
				} catch (error) {
					reject(error);
					break;
				}

				if (isResolved || currentIndex >= doneIndex) {
					break;
				}
			}
		})();
	});
}

function pMapIterable(
	iterable,
	mapper,
	{
		concurrency = Number.POSITIVE_INFINITY,
		backpressure = concurrency,
		preserveOrder = true,
	} = {},
) {
	validateOptions(iterable, mapper, concurrency);

	if (!isLimit(backpressure, concurrency)) {
		throw new TypeError(`Expected \`backpressure\` to be an integer from \`concurrency\` (${concurrency}) and up or \`Infinity\`, got \`${backpressure}\` (${typeof backpressure})`);
	}

	return {
		[Symbol.asyncIterator]() {
			// `isDone` lives outside the generator so the wrapper below can set it the moment the
			// consumer asks to stop. The generator is suspended on a pending `next()` at that point,
			// so its `finally` would not run until much later and workers finishing in the meantime
			// would keep pulling and mapping input for nobody.
			let isDone = false;

			const generator = (async function * () {
				const iterator = getIterator(iterable);

				// Results are consumed from the front with a moving `headIndex` instead of `shift()`.
				// `shift()` moves every remaining entry, which is O(n) per element and made the whole
				// run O(n²) whenever `backpressure` let the array grow, which is the default.
				let promises = [];
				let headIndex = 0;
				let isIterableDone = false;

				// The lowest index whose pull reported `done`. Without `preserveOrder`, the pulls after it have their slots given back, so their errors are dropped.
				let doneIndex = Number.POSITIVE_INFINITY;

				// An element that is being read, or is waiting for a mapper, does not hold a mapper slot, so the next element can be read while the mappers run. Those elements have their own cap of `concurrency`, so the source never sees more than `concurrency` overlapping `next()` calls, even with `backpressure: Infinity`. `backpressure` caps everything in flight together.
				let readingCount = 0;
				let runningMappersCount = 0;

				// The workers waiting for a mapper slot, in the order they started waiting. A finished mapper hands its slot to the oldest one.
				const mapperWaiters = new Map();
				let mapperWaiterCount = 0;
				let wokenMapperWaiterCount = 0;

				const releaseMapperSlot = () => {
					if (wokenMapperWaiterCount === mapperWaiterCount) {
						runningMappersCount--;
						return;
					}

					mapperWaiters.get(wokenMapperWaiterCount)();
					mapperWaiters.delete(wokenMapperWaiterCount++);
				};

				let index = 0;

				// The lowest index whose mapper returned `pMapStop`, or, with `preserveOrder`, whose pull, element, or mapper threw. The stream ends there, like a `break` or a `throw` in a loop. Once it is set, nothing past it is pulled, and no pending element past it is mapped, while the earlier elements still finish and are yielded first. `isDone` cannot do this, as it would drop the values of the earlier elements too.
				let stopIndex = Number.POSITIVE_INFINITY;

				// Without `preserveOrder`, each spawn still takes a slot in `promises`, so `backpressure` counts the same, but the slots are filled in the order the workers settle rather than the order they were spawned in, so the consumer gets whichever result is ready first. A worker always fills the oldest empty slot, at `fillIndex`. An empty slot is `undefined`, and a filled one holds the result itself rather than a promise, so a result costs a promise only when the consumer has to wait for it, through `wake`.
				let fillIndex = 0;
				let wake;

				// The indexes of the pulls whose worker has not filled a slot yet, without `preserveOrder`.
				const unfilledIndexes = new Set();

				// The consumer waits only when the head is empty, and then the oldest empty slot is the head, so the first fill wakes it.
				const fillSlot = result => {
					promises[fillIndex++] = result;
					wake?.(result);
					wake = undefined;
				};

				const pull = createPuller(iterator);

				function trySpawn() {
					// Do not spawn once the consumer is gone, the source is done, or the stream ends at an earlier element. The pull would be wasted work, and for a one-shot source, like a queue, it takes an item nobody is going to ask for.
					if (isDone || isIterableDone || index > stopIndex || readingCount >= concurrency || promises.length - headIndex >= backpressure) {
						return;
					}

					readingCount++;

					// Take the index when the pull starts, not when it resolves, so a source that
					// settles its `next()` calls out of call order still gets the right position.
					const currentIndex = index++;

					// Errors must be returned as a value instead of rejecting, otherwise a promise that
					// the consumer abandons after an earlier error becomes an unhandled rejection.
					const promise = (async () => {
						try {
							let element;
							try {
								const {done, value} = await pull();

								if (done) {
									isIterableDone = true;
									doneIndex = Math.min(doneIndex, currentIndex);
									return {done: true};
								}

								// Spawn if still below the reading and backpressure limits
								trySpawn();

								element = await value;

								if (runningMappersCount < concurrency) {
									runningMappersCount++;
								} else {
									// `releaseMapperSlot` hands the slot over without decrementing `runningMappersCount`, so it is already counted.
									await new Promise(resolve => {
										mapperWaiters.set(mapperWaiterCount++, resolve);
									});
								}
							} finally {
								readingCount--;
							}

							// Spawn now that this element is no longer waiting for a mapper, so the next one is read while this one is mapped
							trySpawn();

							let returnValue;
							try {
								// The consumer stopped iterating, or the stream ends before this element, while this element was being read or waiting for a mapper, so drop it instead of doing work nobody will consume.
								if (isDone || currentIndex > stopIndex) {
									return {done: false, value: pMapSkip};
								}

								returnValue = await mapper(element, currentIndex);
							} finally {
								releaseMapperSlot();
							}

							if (returnValue === pMapStop) {
								stopIndex = Math.min(stopIndex, currentIndex);
							}

							return {done: false, value: returnValue};
						} catch (error) {
							// With `preserveOrder`, the error is thrown at its own position, after the results before it, so those still finish. Without it, the error is thrown as soon as it settles, so nothing still pending can be yielded anymore.
							// An error from a pull after the end of the source is dropped, as `done` is final, so it must have no effect. `doneIndex` is set before the worker that saw `done` settles, so its slot hand-back runs before the delivery check of any error that sees it here, and the two always agree.
							if (preserveOrder) {
								stopIndex = Math.min(stopIndex, currentIndex);
							} else if (currentIndex < doneIndex) {
								isDone = true;
							}

							return {error};
						}
					})();

					if (preserveOrder) {
						promises.push(promise);
						return;
					}

					promises.push(undefined);

					unfilledIndexes.add(currentIndex);

					// The worker never rejects, as errors are returned as a value.
					// The slot is filled here, a tick after the worker settles, rather than by the worker itself, for the same reason the consumer awaits a filled slot: so the consumer never runs, and pulls, earlier.
					promise.then(result => {
						// The slot was already given back, as the pull came after the end of the source.
						if (!unfilledIndexes.delete(currentIndex)) {
							return;
						}

						if (result.done) {
							// The pulls made after this one came after the end of the source, and a source like a queue may never answer them, so give their slots back now instead of waiting on them.
							for (const unfilledIndex of unfilledIndexes) {
								if (unfilledIndex > currentIndex) {
									unfilledIndexes.delete(unfilledIndex);
									fillSlot({done: true});
								}
							}
						}

						fillSlot(result);
					});
				}

				trySpawn();

				try {
					while (headIndex < promises.length) {
						// Without `preserveOrder`, a filled slot holds the result itself, and it is still awaited. That takes one tick, like awaiting a settled promise, so the consumer, and its `trySpawn()`, never run earlier than with a promise in the slot. Taking a ready result without the tick can make the consumer pull before it sees a stop or the end of the source, and a one-shot source, like a queue, would lose that item.
						// eslint-disable-next-line no-await-in-loop
						const result = await (promises[headIndex] ?? new Promise(resolve => {
							wake = resolve;
						}));
						const {done, value} = result;

						// Release the entry instead of leaving it for a `shift()` to move, and drop the
						// consumed prefix once it is at least half the array. That keeps the backing
						// store proportional to the results still in flight rather than to the total
						// ever spawned, which matters for an endless source, while costing one copy per
						// half of the array, so it stays O(1) per element.
						promises[headIndex] = undefined;
						headIndex++;

						if (headIndex * 2 >= promises.length) {
							promises = promises.slice(headIndex);
							fillIndex -= headIndex;
							headIndex = 0;
						}

						if (Object.hasOwn(result, 'error')) {
							throw result.error;
						}

						if (done) {
							// Without `preserveOrder`, the `done` can arrive while other workers are still running.
							if (preserveOrder) {
								return;
							}

							continue;
						}

						// The stream ends where the stop would have been yielded: after the earlier elements with `preserveOrder`, and after the results that were ready before it without.
						if (value === pMapStop) {
							return;
						}

						// Spawn if just dropped below the backpressure limit and still below the reading limit
						trySpawn();

						// A `pMapSkip` result stays in `promises` and is stepped over here. Splicing it out
						// in the worker instead would make every skip an O(n) scan and move, so a run of
						// skips would be O(n²).
						if (value === pMapSkip) {
							continue;
						}

						yield value;
					}
				} finally {
					// Stop pulling input once the consumer stops iterating, otherwise pending skipped mappers keep spawning work.
					isDone = true;

					if (!isIterableDone) {
						closeIterator(iterator);
					}
				}
			})();

			// Override `return()` and `throw()` on the generator itself instead of wrapping it, so it
			// keeps what it inherits, like `Symbol.asyncDispose` for `await using`, and `next()` stays
			// the native one. Plain functions, not `async`: the generator already returns a promise,
			// and an `async` function would wrap it in two more promises and two more microtask hops.
			const {return: generatorReturn, throw: generatorThrow} = generator;

			generator.return = value => {
				isDone = true;
				return generatorReturn.call(generator, value);
			};

			generator.throw = error => {
				isDone = true;
				return generatorThrow.call(generator, error);
			};

			return generator;
		},
	};
}

const pMapSkip = Symbol('skip');

const pMapStop = Symbol('stop');

// The checks `pMap` and `pMapIterable` share, so both reject the same input the same way.
// `mapConcurrently` runs this inside its promise, so a bad argument rejects rather than throws.
function validateOptions(iterable, mapper, concurrency) {
	// Optional chaining, so a nullish input gets this message rather than Node's internal
	// "null is not iterable".
	if (iterable?.[Symbol.iterator] === undefined && iterable?.[Symbol.asyncIterator] === undefined) {
		throw new TypeError(`Expected \`input\` to be either an \`Iterable\` or \`AsyncIterable\`, got (${typeof iterable})`);
	}

	if (typeof mapper !== 'function') {
		throw new TypeError('Mapper function is required');
	}

	if (!isLimit(concurrency, 1)) {
		throw new TypeError(`Expected \`concurrency\` to be an integer from 1 and up or \`Infinity\`, got \`${concurrency}\` (${typeof concurrency})`);
	}
}

// Whether the value is an integer from `minimum` and up, or `Infinity`, as `concurrency` and `backpressure` must be.
function isLimit(value, minimum) {
	return (Number.isSafeInteger(value) && value >= minimum) || value === Number.POSITIVE_INFINITY;
}

// Read the entries of a `Map`, or else the own enumerable keys, strings and symbols, in the order and the way `Promise.allKeyed` does, all up front. Each value gets a handler right away, also like `Promise.allKeyed`, so a value that rejects before a mapper slot reaches it is not an unhandled rejection.
function getKeyedEntries(input) {
	if (input === null || (typeof input !== 'object' && typeof input !== 'function')) {
		throw new TypeError(`Expected \`input\` to be an object, got (${input === null ? 'null' : typeof input})`);
	}

	const entries = [];

	const addEntry = (key, value) => {
		// Resolve the whole entry, so the engine checks termination after the value settles and before the mapper runs.
		entries.push(Promise.resolve(value).then(
			value => [key, {status: 'fulfilled', value}],
			error => [key, {status: 'rejected', reason: error}],
		));
	};

	if (input instanceof Map) {
		for (const [key, value] of input) {
			addEntry(key, value);
		}
	} else {
		for (const key of Reflect.ownKeys(input)) {
			if (Object.getOwnPropertyDescriptor(input, key)?.enumerable) {
				addEntry(key, input[key]);
			}
		}
	}

	return entries;
}

// Take the async iterator when the input has both, like `for await` does.
function getIterator(iterable) {
	return iterable[Symbol.asyncIterator] === undefined ? iterable[Symbol.iterator]() : iterable[Symbol.asyncIterator]();
}

// Close the source so it can release its resources, like `for await` does.
// Callers must not await this so a source that is blocked in `next()` cannot block them.
async function closeIterator(iterator) {
	try {
		await iterator.return?.();
	} catch {}
}

// Pull the next item, and stop pulling once the source has reported `done`: a source like a queue
// may block in `next()` after it is exhausted, which would hang the caller. `done` is final, like
// `for await`, so anything the source produces after it is dropped.
function createPuller(iterator) {
	let isSourceDone = false;

	// A sync iterable, like an array, answers right away, so `done` can be seen here. An async
	// iterable is seen in the `then` below, as soon as its pull settles.
	const markDone = item => {
		if (item?.done) {
			isSourceDone = true;
		}
	};

	return () => {
		if (isSourceDone) {
			return {done: true};
		}

		const result = iterator.next();
		markDone(result);

		// A sync iterable, like an array, answers right away, so `done` has been read already and
		// the result can go back untouched.
		if (typeof result?.then !== 'function') {
			return result;
		}

		// An async iterable settles later, so `done` is read off the pull once it does. That is a
		// branch of its own, which leaves the caller awaiting the pull itself rather than a promise
		// derived from it, so an async source does not pay an extra microtask per element. The
		// rejection is handled here as well as by the caller, so a pull cannot escape as an
		// unhandled rejection. A thenable that is not a promise is turned into one first, so it is
		// subscribed to once, like `for await` does, while a native promise is returned as is.
		const promise = Promise.resolve(result);
		promise.then(markDone, () => {});

		return promise;
	};
}

;// CONCATENATED MODULE: ./src/analysis/row-reads.ts
/**
 * Reads of sampled matrix rows for the second pass: rows chosen by a hash of the tensor name in
 * runs of consecutive rows, read through the checkpoint's byte source and decoded to float64.
 */


/**
 * Consecutive rows per sampled run. A run is read in one call, so the default sample is one read
 * per matrix and side: a remote checkpoint of a few hundred matrices then costs a few hundred
 * range requests, well inside the Hub's rate limit of about 3,000 per 5 minutes.
 */
const RUN_ROWS = 128;
/**
 * Returns `count` row indexes of `rows` in ascending order: whole runs of RUN_ROWS consecutive
 * rows, the runs with the smallest hashes first.
 */
function chooseRows(name, rows, count) {
    if (count >= rows)
        return Array.from({ length: rows }, (_, i) => i);
    const runs = Math.ceil(rows / RUN_ROWS);
    const ranked = Array.from({ length: runs }, (_, run) => ({ run, h: sampleHash(name, run) }));
    ranked.sort((x, y) => x.h - y.h || x.run - y.run);
    const chosen = [];
    for (const { run } of ranked) {
        for (let row = run * RUN_ROWS; row < Math.min(rows, (run + 1) * RUN_ROWS); row++) {
            if (chosen.length < count)
                chosen.push(row);
        }
        if (chosen.length >= count)
            break;
    }
    return chosen.sort((x, y) => x - y);
}
function bytesPerElement(entry) {
    return entry.byteLength / Math.max(1, entry.numel);
}
/** Reads rows [first, first + count) of a matrix with `columns` columns as float64 rows. */
async function readRows(entry, columns, first, count, counter) {
    const width = bytesPerElement(entry);
    const length = count * columns * width;
    const bytes = new Uint8Array(length);
    await entry.source.read(entry.byteOffset + first * columns * width, length, bytes, 0);
    counter.bytes += length;
    const values = new Float64Array(count * columns);
    decoderFor(entry.dtype)(bytes, count * columns, values);
    const rows = [];
    for (let r = 0; r < count; r++)
        rows.push(values.subarray(r * columns, (r + 1) * columns));
    return rows;
}
/** Reads the rows at `indexes` (ascending), one read per run of consecutive indexes. */
async function readChosenRows(entry, columns, indexes, counter) {
    const rows = [];
    for (const { first, count } of runsOf(indexes)) {
        rows.push(...(await readRows(entry, columns, first, count, counter)));
    }
    return rows;
}
function median(values) {
    const finite = values.filter((value) => Number.isFinite(value)).sort((x, y) => x - y);
    if (finite.length === 0)
        return null;
    return finite[Math.floor(finite.length / 2)];
}
/** Runs of consecutive indexes in `indexes` (ascending), as first index and count. */
function runsOf(indexes) {
    const runs = [];
    for (let i = 0; i < indexes.length;) {
        const first = indexes[i];
        let count = 1;
        while (i + count < indexes.length && indexes[i + count] === first + count)
            count++;
        runs.push({ first, count });
        i += count;
    }
    return runs;
}
/**
 * Returns the byte ranges that readRowSample reads for the rows at `indexes` (ascending) of a
 * matrix with `columns` columns: one range per run of consecutive indexes.
 */
function rowRangesOf(entry, columns, indexes) {
    const rowBytes = columns * bytesPerElement(entry);
    return runsOf(indexes).map(({ first, count }) => ({
        source: entry.source.spec,
        offset: entry.byteOffset + first * rowBytes,
        length: count * rowBytes,
    }));
}
/**
 * Reads the rows at `indexes` (ascending), one read per run of consecutive indexes, and decodes
 * the first `fullRows` of them whole and the rest only over columns [0, window): decoding is the
 * main cost of a sample, and the tests that need whole rows use only a few. A run that `captured`
 * contains whole is taken from it instead of read.
 */
async function readRowSample(entry, columns, indexes, fullRows, window, counter, captured) {
    const width = bytesPerElement(entry);
    const rowBytes = columns * width;
    const decode = decoderFor(entry.dtype);
    const sample = { rows: [], raw: [] };
    const full = Math.min(fullRows, indexes.length);
    const cut = Math.min(window, columns);
    // One buffer for the decoded values of all rows: the rows are views into it.
    const values = new Float64Array(full * columns + (indexes.length - full) * cut);
    let offset = 0;
    for (const { first, count } of runsOf(indexes)) {
        const start = entry.byteOffset + first * rowBytes;
        const length = count * rowBytes;
        let bytes = captured?.take(entry.source.spec, start, length);
        if (bytes === undefined) {
            bytes = new Uint8Array(length);
            await entry.source.read(start, length, bytes, 0);
        }
        counter.bytes += length;
        for (let r = 0; r < count; r++) {
            const raw = bytes.subarray(r * rowBytes, (r + 1) * rowBytes);
            const length = sample.rows.length < fullRows ? columns : cut;
            const row = values.subarray(offset, offset + length);
            decode(raw, length, row);
            offset += length;
            sample.rows.push(row);
            sample.raw.push(raw);
        }
    }
    return sample;
}

;// CONCATENATED MODULE: ./src/analysis/content-matches.ts
/**
 * Tensors with the same bytes, found by content rather than by name. An output head stored as a
 * copy of the embedding has tied weights. Head layers that copy base layers show depth
 * up-scaling, which deepens a model by stacking copies of its own layers.
 *
 * A tensor's fingerprint is a SHA-256 of its dtype, its shape and the bytes of CONTENT_ROWS
 * consecutive rows. The rows are chosen by a hash of the shape, never of the name, so two tensors
 * of one shape are always sampled at the same rows, and one read per tensor suffices. Tensors of
 * at most WHOLE_TENSOR_BYTES are hashed whole, so a match between them is exact. A match between
 * larger tensors means equal bytes on the sampled rows.
 */






/** Rows whose bytes enter the fingerprint of a tensor larger than WHOLE_TENSOR_BYTES. */
const CONTENT_ROWS = 8;
/** Tensors up to this size are fingerprinted whole (one read each). */
const WHOLE_TENSOR_BYTES = 1024 * 1024;
/**
 * Fingerprints read at once. A read from the Hub waits a round trip, and a deep model has hundreds
 * of layer matrices, so reading them one after the other would add hundreds of round trips. Each
 * read is at most WHOLE_TENSOR_BYTES or CONTENT_ROWS rows.
 */
const FINGERPRINT_READS = 8;
/** Returns the fingerprints of `entries` in their order, reading FINGERPRINT_READS at once. */
function fingerprintsOf(entries, counter) {
    return pMap(entries, (entry) => fingerprintOf(entry, counter), {
        concurrency: FINGERPRINT_READS,
    });
}
/** Reads the bytes that enter a tensor's fingerprint and returns the fingerprint. */
async function fingerprintOf(entry, counter) {
    const hash = (0,external_node_crypto_namespaceObject.createHash)("sha256");
    hash.update(`${entry.dtype}|${entry.shape.join(",")}|`);
    const columns = entry.shape.length >= 2 ? entry.shape[entry.shape.length - 1] : 1;
    const rows = columns === 0 ? 0 : entry.numel / columns;
    const rowBytes = rows === 0 ? 0 : entry.byteLength / rows;
    let first = 0;
    let length = entry.byteLength;
    if (entry.byteLength > WHOLE_TENSOR_BYTES && entry.shape.length >= 2) {
        const chosen = chooseRows(`content ${entry.shape.join("x")}`, rows, CONTENT_ROWS);
        first = (chosen[0] ?? 0) * rowBytes;
        length = chosen.length * rowBytes;
    }
    const bytes = new Uint8Array(length);
    if (length > 0)
        await readSmallFirst(entry.source, entry.byteOffset + first, length, bytes);
    counter.bytes += length;
    hash.update(bytes);
    return { hash: hash.digest("hex"), constant: isConstant(bytes, entry) };
}
/** Returns whether every element in `bytes` stores the same bytes as the first one. */
function isConstant(bytes, entry) {
    const width = entry.numel === 0 ? 0 : entry.byteLength / entry.numel;
    if (!Number.isInteger(width) || width === 0)
        return false;
    for (let i = width; i < bytes.length; i++)
        if (bytes[i] !== bytes[i % width])
            return false;
    return true;
}
/** Returns whether the output head of one checkpoint contains the embedding's bytes, or null. */
async function tiedByContent(checkpoint, unread, counter, names) {
    const entries = [...checkpoint.tensors.values()];
    const output = entries.find((entry) => names.of(entry.name).moduleKind === "output_head");
    if (output === undefined)
        return null;
    const embedding = entries.find((entry) => names.of(entry.name).moduleKind === "embedding" &&
        entry.dtype === output.dtype &&
        entry.shape.length === output.shape.length &&
        entry.shape.every((size, i) => size === output.shape[i]));
    if (embedding === undefined || unread.has(embedding.name) || unread.has(output.name))
        return null;
    const [first, second] = await fingerprintsOf([embedding, output], counter);
    return first?.hash === second?.hash;
}
/** The name with its layer index replaced by `*`: the role of a tensor within its layer. */
function roleOf(name, location) {
    const parts = name.split(".");
    const at = parts.findIndex((part, i) => i > 0 && part === String(location.index));
    if (at < 0)
        return name;
    parts[at] = "*";
    return parts.join(".");
}
function layerMatrices(checkpoint, names) {
    const matrices = [];
    for (const entry of checkpoint.tensors.values()) {
        if (entry.shape.length < 2 || entry.numel === 0)
            continue;
        const location = names.of(entry.name).location;
        if (location === null)
            continue;
        matrices.push({ entry, layer: layerKeyOf(location), role: roleOf(entry.name, location) });
    }
    return matrices;
}
/**
 * Maps each head layer to the base layer whose matrices of the same role carry the same bytes.
 * A head layer is listed when at least half of its matrices match one base layer. Matrices whose
 * fingerprinted bytes are constant (all zeros, say) would match any other such matrix, so they
 * are left out.
 */
async function layerCopiesOf(base, head, unread, counter, names) {
    // Base layers per role and fingerprint, each listed once, in order of first appearance.
    const baseKeys = new Map();
    const baseMatrices = layerMatrices(base, names).filter((matrix) => !unread.has(matrix.entry.name));
    const baseFingerprints = await fingerprintsOf(baseMatrices.map((matrix) => matrix.entry), counter);
    for (const [i, matrix] of baseMatrices.entries()) {
        const fingerprint = baseFingerprints[i];
        if (fingerprint.constant)
            continue;
        const key = `${matrix.role}|${fingerprint.hash}`;
        const layers = baseKeys.get(key);
        if (layers)
            layers.add(matrix.layer);
        else
            baseKeys.set(key, new Set([matrix.layer]));
    }
    const perHeadLayer = new Map();
    const headMatrices = layerMatrices(head, names);
    const headRead = headMatrices
        .filter((matrix) => !unread.has(matrix.entry.name))
        .map((matrix) => matrix.entry);
    const headFingerprints = await fingerprintsOf(headRead, counter);
    const headFingerprintOf = new Map(headRead.map((entry, i) => [entry, headFingerprints[i]]));
    for (const matrix of headMatrices) {
        const layer = perHeadLayer.get(matrix.layer) ?? { total: 0, votes: new Map() };
        perHeadLayer.set(matrix.layer, layer);
        layer.total++;
        if (unread.has(matrix.entry.name)) {
            // A tensor the diff did not read sits in files with equal SHA-256: it equals the base
            // tensor of the same name, which is in the same layer.
            layer.votes.set(matrix.layer, (layer.votes.get(matrix.layer) ?? 0) + 1);
            continue;
        }
        const fingerprint = headFingerprintOf.get(matrix.entry);
        if (fingerprint.constant)
            continue;
        const key = `${matrix.role}|${fingerprint.hash}`;
        for (const baseLayer of baseKeys.get(key) ?? []) {
            layer.votes.set(baseLayer, (layer.votes.get(baseLayer) ?? 0) + 1);
        }
    }
    const copies = [];
    for (const [headLayer, { total, votes }] of perHeadLayer) {
        let best = null;
        for (const vote of votes)
            if (best === null || vote[1] > best[1])
                best = vote;
        if (best === null || 2 * best[1] < total)
            continue;
        copies.push({ headLayer, baseLayer: best[0], tensors: best[1], headTensors: total });
    }
    return copies.sort((x, y) => compareLayerKeys(x.headLayer, y.headLayer));
}
/** Orders layer keys by stack name, then by numeric index. */
function compareLayerKeys(x, y) {
    const split = (key) => {
        const dot = key.lastIndexOf(".");
        return { stack: dot < 0 ? "" : key.slice(0, dot), index: Number(key.slice(dot + 1)) };
    };
    const a = split(x);
    const b = split(y);
    if (a.stack !== b.stack)
        return a.stack < b.stack ? -1 : 1;
    return a.index - b.index;
}
/** Whether tensors of some layer were added or removed: the layer structure changed. */
function layersChanged(diff, names) {
    return [...diff.added, ...diff.removed].some((tensor) => names.of(tensor.name).location !== null);
}
/**
 * Returns whether the tie state can differ between the sides: an embedding or output head was
 * added, removed or reshaped, changed any bits, or changed dtype. Otherwise both sides hold the
 * same bytes under the same names, so the tie state is the same and nothing needs reading.
 */
function tieMayDiffer(diff, names) {
    const vocabulary = (name) => {
        const kind = names.of(name).moduleKind;
        return kind === "embedding" || kind === "output_head";
    };
    if ([...diff.added, ...diff.removed, ...diff.reshaped].some((tensor) => vocabulary(tensor.name))) {
        return true;
    }
    return diff.compared.some((tensor) => vocabulary(tensor.name) &&
        (tensor.stats.bitsDiffering > 0 || tensor.baseDtype !== tensor.headDtype));
}
/**
 * Finds the content matches of a diff: the tie state of each side when it can differ, and the
 * layer copies when layer tensors were added or removed. A structure-only diff reads no values,
 * so it gets neither. `names` is the comparison's NameFactsCache.
 */
async function matchContent(base, head, diff, counter, names = new NameFactsCache()) {
    if (diff.mode === "structure")
        return { baseTied: null, headTied: null, layerCopies: [] };
    // Tensors in files with equal SHA-256 on both sides stay unread here too.
    const unread = new Set(diff.compared
        .filter((tensor) => tensor.values !== undefined && tensor.values !== "read")
        .map((tensor) => tensor.name));
    const tie = tieMayDiffer(diff, names);
    const [baseTied, headTied] = tie
        ? await Promise.all([
            tiedByContent(base, unread, counter, names),
            tiedByContent(head, unread, counter, names),
        ])
        : [null, null];
    return {
        baseTied,
        headTied,
        layerCopies: layersChanged(diff, names)
            ? await layerCopiesOf(base, head, unread, counter, names)
            : [],
    };
}

;// CONCATENATED MODULE: ./src/analysis/quant-grid.ts
/**
 * The quantization grid test: whether sampled head rows sit on the levels of a round-to-nearest
 * quantizer (integer grid per group, symmetric or asymmetric, or the NF4 codebook), after the
 * dequantized values were stored in a 16-bit float dtype.
 */
/** Share of head values that must sit on a grid for a fit. */
const GRID_MIN_SHARE = 0.95;
/** A base this close to the grid was quantized already, so the head's grid is not news. */
const GRID_MAX_BASE_SHARE = 0.7;
/**
 * The 16 NF4 levels (normal-float quantiles on [-1, 1]) as published with QLoRA (Dettmers et al.
 * 2023) and used by bitsandbytes.
 */
const NF4_LEVELS = [
    -1, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
    -0.18477343022823334, -0.09105003625154495, 0, 0.07958029955625534, 0.16093020141124725,
    0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
    0.7229568362236023, 1,
];
/** NF4_LEVELS in a typed array, for indexed loops. */
const NF4_LEVEL_VALUES = Float64Array.from(NF4_LEVELS);
const GROUP_SIZES = [32, 64, 128, 256];
const BITS = [2, 3, 4, 8];
/**
 * Storage tolerance: a dequantized value rounded to bfloat16 moves by at most 2^-9 of itself,
 * so a value within 2^-8 of itself (plus a floor for zeros) of a level counts as on the grid.
 */
function tolerance(value, step) {
    return Math.abs(value) * 2 ** -8 + step * 1e-6;
}
/**
 * Columns of each sampled row whose values are tested; the scale of a group still comes from the
 * whole group, so a per-row scale sees the whole row.
 */
const GRID_TEST_COLUMNS = 1024;
/** Columns of the first head row that the quick probe of each candidate layout tests. */
const PROBE_COLUMNS = 256;
/**
 * Counts values of `row[start..min(end, testColumns))` on the grid that `reference[start..end)`
 * defines.
 */
function onGrid(row, reference, start, end, bits, scheme, testColumns) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let absMax = 0;
    for (let i = start; i < end; i++) {
        const value = reference[i];
        if (value < min)
            min = value;
        if (value > max)
            max = value;
        absMax = Math.max(absMax, Math.abs(value));
    }
    if (!(absMax > 0) || !Number.isFinite(absMax))
        return 0;
    const testEnd = Math.min(end, Math.max(start, testColumns));
    let hits = 0;
    if (scheme === "nf4") {
        for (let i = start; i < testEnd; i++) {
            const value = row[i];
            const scaled = value / absMax;
            let nearest = Number.POSITIVE_INFINITY;
            for (let k = 0; k < NF4_LEVEL_VALUES.length; k++) {
                nearest = Math.min(nearest, Math.abs(scaled - NF4_LEVEL_VALUES[k]));
            }
            if (nearest * absMax <= tolerance(value, absMax / 16))
                hits++;
        }
        return hits;
    }
    const levels = scheme === "symmetric" ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
    const origin = scheme === "symmetric" ? 0 : min;
    const step = scheme === "symmetric" ? absMax / levels : (max - min) / levels;
    if (!(step > 0))
        return 0;
    for (let i = start; i < testEnd; i++) {
        const value = row[i];
        const position = (value - origin) / step;
        const distance = Math.abs(position - Math.round(position)) * step;
        if (distance <= tolerance(value, step))
            hits++;
    }
    return hits;
}
/** Share of the values of `rows` on the grid defined group by group by `references`. */
function shareOnGrid(rows, references, columns, groupSize, bits, scheme, testColumns = GRID_TEST_COLUMNS) {
    let hits = 0;
    let total = 0;
    for (let r = 0; r < rows.length; r++) {
        for (let start = 0; start + groupSize <= columns && start < testColumns; start += groupSize) {
            hits += onGrid(rows[r], references[r], start, start + groupSize, bits, scheme, testColumns);
            total += Math.min(start + groupSize, Math.max(start, testColumns)) - start;
        }
    }
    return total === 0 ? 0 : hits / total;
}
/**
 * Returns the coarsest quantizer layout the head rows fit (fewest bits, then the largest group),
 * or null. The base rows are tested against the head's own groups, so a base that already sat on
 * a grid does not give a fit.
 */
function fitQuantGrid(headRows, baseRows, columns) {
    if (headRows.length === 0)
        return null;
    const candidates = [];
    for (const bits of BITS) {
        const sizes = [
            "row",
            ...GROUP_SIZES.filter((size) => size < columns).sort((x, y) => y - x),
        ];
        for (const groupSize of sizes) {
            candidates.push({ bits, groupSize, scheme: "symmetric" });
            candidates.push({ bits, groupSize, scheme: "asymmetric" });
            if (bits === 4)
                candidates.push({ bits, groupSize, scheme: "nf4" });
        }
    }
    const probeRows = headRows.slice(0, 1);
    for (const candidate of candidates) {
        const size = candidate.groupSize === "row" ? columns : candidate.groupSize;
        // The start of one row rejects most candidates before the whole sample is tested.
        const probe = shareOnGrid(probeRows, probeRows, columns, size, candidate.bits, candidate.scheme, PROBE_COLUMNS);
        if (probe < GRID_MIN_SHARE - 0.05)
            continue;
        const head = shareOnGrid(headRows, headRows, columns, size, candidate.bits, candidate.scheme);
        if (head < GRID_MIN_SHARE)
            continue;
        const base = shareOnGrid(baseRows, headRows, columns, size, candidate.bits, candidate.scheme);
        if (base > GRID_MAX_BASE_SHARE)
            continue;
        return { ...candidate, headOnGrid: head, baseOnGrid: base };
    }
    return null;
}
/** Stamps of the 2^16 codes of a 16-bit dtype, reused so a count allocates nothing. */
const stamps = new Uint32Array(65536);
let stamp = 0;
/** Counts the distinct element codes (bit patterns) in the raw bytes of one row. */
function distinctCodes(raw, width) {
    if (width === 2 || width === 1) {
        stamp = (stamp + 1) >>> 0;
        if (stamp === 0) {
            stamps.fill(0);
            stamp = 1;
        }
        let count = 0;
        const codes = width === 2 ? new Uint16Array(raw.buffer, raw.byteOffset, raw.length / 2) : raw;
        for (let i = 0; i < codes.length; i++) {
            const code = codes[i];
            if (stamps[code] !== stamp) {
                stamps[code] = stamp;
                count++;
            }
        }
        return count;
    }
    if (width === 4)
        return new Set(new Uint32Array(raw.buffer, raw.byteOffset, raw.length / 4)).size;
    return new Set(new BigUint64Array(raw.buffer, raw.byteOffset, raw.length / 8)).size;
}
/**
 * Returns the median over rows of (distinct head codes) / (distinct base codes), from the rows'
 * raw bytes with `headWidth` and `baseWidth` bytes per element. Quantization with groups that are
 * not contiguous (GPTQ act-order) leaves few distinct values per row even when no contiguous group
 * fits a grid.
 */
function distinctValueRatio(headRows, baseRows, headWidth, baseWidth) {
    const ratios = [];
    for (let r = 0; r < headRows.length; r++) {
        const head = distinctCodes(headRows[r], headWidth);
        const base = distinctCodes(baseRows[r], baseWidth);
        if (base > 0)
            ratios.push(head / base);
    }
    if (ratios.length === 0)
        return null;
    ratios.sort((x, y) => x - y);
    return ratios[Math.floor(ratios.length / 2)];
}
/** Dequantizes `row` with NF4 in blocks of `blockSize` (absmax scaling), as QLoRA stores a base. */
function nf4RoundTrip(row, blockSize = 64) {
    const out = new Float64Array(row.length);
    const levels = NF4_LEVEL_VALUES;
    for (let start = 0; start < row.length; start += blockSize) {
        const end = Math.min(row.length, start + blockSize);
        let absMax = 0;
        for (let i = start; i < end; i++)
            absMax = Math.max(absMax, Math.abs(row[i]));
        for (let i = start; i < end; i++) {
            if (absMax === 0)
                continue;
            const scaled = row[i] / absMax;
            let best = 0;
            let bestDistance = Number.POSITIVE_INFINITY;
            for (let k = 0; k < levels.length; k++) {
                const distance = Math.abs(scaled - levels[k]);
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = levels[k];
                }
            }
            out[i] = best * absMax;
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/analysis/vocabulary-rows.ts
/**
 * Row-level reading of a resized vocabulary: an embedding or output head whose row count changed
 * while its width did not. Rows are token ids, so row i of the base and row i of the head belong
 * to the same token for every id both vocabularies contain. The common rows are sampled and
 * compared (unchanged or changed). The new rows are compared with the old rows, which shows how
 * they were initialized: zeros, copies of the mean row, or distinct rows (random, or the mean
 * plus noise).
 */


/** Rows of the common id range that are sampled and compared. */
const VOCABULARY_COMMON_ROWS = 256;
/** Maximum number of new rows read. The init test needs a few dozen. */
const VOCABULARY_MAX_NEW_ROWS = 512;
/**
 * New rows whose mean distance from their own mean row is below this share of that mean row's
 * norm are copies of one row: mean initialization (the mean row rounded once gives 0).
 */
const MEAN_INIT_MAX_SPREAD = 0.1;
function norm(row) {
    let sum = 0;
    for (const value of row)
        sum += value * value;
    return Math.sqrt(sum);
}
function meanRow(rows, columns) {
    const mean = new Float64Array(columns);
    for (const row of rows)
        for (let c = 0; c < columns; c++)
            mean[c] = mean[c] + row[c];
    for (let c = 0; c < columns; c++)
        mean[c] = mean[c] / Math.max(1, rows.length);
    return mean;
}
function distance(x, y) {
    let sum = 0;
    for (let c = 0; c < x.length; c++)
        sum += (x[c] - y[c]) ** 2;
    return Math.sqrt(sum);
}
async function readOne(name, baseEntry, headEntry, counter) {
    const columns = baseEntry.shape[1];
    const baseRows = baseEntry.shape[0];
    const headRows = headEntry.shape[0];
    const common = Math.min(baseRows, headRows);
    const indexes = chooseRows(`${name}#vocabulary`, common, VOCABULARY_COMMON_ROWS);
    const oldRows = await readChosenRows(baseEntry, columns, indexes, counter);
    const sameRows = await readChosenRows(headEntry, columns, indexes, counter);
    let commonUnchanged = 0;
    const relative = [];
    for (let r = 0; r < oldRows.length; r++) {
        const a = oldRows[r];
        const b = sameRows[r];
        if (a.every((value, c) => Object.is(value, b[c])))
            commonUnchanged++;
        const size = norm(a);
        if (size > 0)
            relative.push(distance(a, b) / size);
    }
    const newRows = Math.max(0, headRows - baseRows);
    const newRowsRead = Math.min(newRows, VOCABULARY_MAX_NEW_ROWS);
    const added = newRowsRead > 0 ? await readRows(headEntry, columns, baseRows, newRowsRead, counter) : [];
    const oldNorm = oldRows.reduce((sum, row) => sum + norm(row), 0) / Math.max(1, oldRows.length);
    let newZeroRows = 0;
    for (const row of added)
        if (row.every((value) => value === 0))
            newZeroRows++;
    let newNormRatio = null;
    let newSpread = null;
    let newCenterToOldMean = null;
    let init = null;
    if (added.length > 0 && oldNorm > 0) {
        const center = meanRow(added, columns);
        newNormRatio = added.reduce((sum, row) => sum + norm(row), 0) / added.length / oldNorm;
        newSpread = added.reduce((sum, row) => sum + distance(row, center), 0) / added.length / oldNorm;
        newCenterToOldMean = distance(center, meanRow(oldRows, columns)) / oldNorm;
        if (newZeroRows === added.length)
            init = "zero";
        else if (newSpread < (MEAN_INIT_MAX_SPREAD * norm(center)) / oldNorm)
            init = "mean";
        else
            init = "distinct";
    }
    return {
        name,
        baseRows,
        headRows,
        columns,
        commonSampled: oldRows.length,
        commonUnchanged,
        commonMedianRelativeChange: median(relative),
        newRows,
        newRowsRead,
        newZeroRows,
        newNormRatio,
        newSpread,
        newCenterToOldMean,
        init,
    };
}
/**
 * Reads the rows of every reshaped embedding or output head that kept its width and has a float
 * dtype on both sides.
 */
async function readVocabularyRows(base, head, diff, counter) {
    const found = [];
    for (const tensor of diff.reshaped) {
        const kind = moduleKindOf(tensor.name);
        if (kind !== "embedding" && kind !== "output_head")
            continue;
        if (tensor.baseShape.length !== 2 || tensor.headShape.length !== 2)
            continue;
        if (tensor.baseShape[1] !== tensor.headShape[1] || (tensor.baseShape[1] ?? 0) === 0)
            continue;
        const baseEntry = base.tensors.get(tensor.name);
        const headEntry = head.tensors.get(tensor.name);
        if (!baseEntry || !headEntry)
            continue;
        if (!isFloat(baseEntry) || !isFloat(headEntry))
            continue;
        found.push(await readOne(tensor.name, baseEntry, headEntry, counter));
    }
    return found;
}
function isFloat(entry) {
    return ["F64", "F32", "F16", "BF16"].includes(entry.dtype);
}

;// CONCATENATED MODULE: ./src/analysis/sampling.ts
/**
 * The second pass: reads hash-chosen rows of the compared matrices and runs the sampled analyses
 * on them (low-rank test, quantization grid, and for matrices without aligned correlation the
 * permutation and rotation checks, which stream the whole matrix row by row).
 *
 * Rows are chosen by a hash of the tensor name and the row index, never by Math.random, so the
 * same checkpoints always give the same sample. Memory per matrix: the sampled rows of both sides
 * (SAMPLE_ROWS x columns float64 each) plus O(rows + columns) for the norms.
 */











/** Rows sampled per matrix for the low-rank test. */
const SAMPLE_ROWS = 128;
/**
 * Rows of those the low-rank test uses first. The Gram matrix costs rows^2 and its eigenvalues
 * rows^3, so all SAMPLE_ROWS enter only when the first fit leaves the rank open: a rank near half
 * the rows, or much of the energy above the noise threshold without a verdict. Dense deltas keep
 * 0.04 to 0.11 of the energy there on the synthetic benchmark, merged adapters of rank 64 about 0.6.
 */
const FIRST_RANK_ROWS = 64;
/** Energy above the noise threshold in the first fit from which all sampled rows are used. */
const SECOND_FIT_MIN_FLOOR_ENERGY = 0.3;
/**
 * Rows of those decoded whole: the quantization grid test and the distinct-value count run on
 * them (16 rows of 1,024 tested columns give 16,384 values, enough for a 95% share).
 */
const FULL_ROWS = 16;
/**
 * Columns decoded of the other sampled rows: the low-rank test uses at most GRAM_MAX_COLUMNS of
 * them, and decoding is the main cost of the sample.
 */
const SAMPLE_COLUMNS = GRAM_MAX_COLUMNS;
/** Rows of those on which a delta against an NF4-rounded base is first compared in size. */
const NF4_PROBE_ROWS = 4;
/** Head rows matched against every base row in the permutation check. */
const MATCH_ROWS = 32;
/** |correlation| below which a matrix gets the permutation and rotation checks. */
const WEAK_CORRELATION = 0.5;
/**
 * Maximum number of matrices that get the permutation and rotation checks, which read the whole matrix on both
 * sides and compare MATCH_ROWS head rows with every base row.
 */
const MAX_LINEAGE_MATRICES = 6;
/** Maximum bytes the permutation and rotation checks read, both sides together. */
const MAX_LINEAGE_BYTES = 64 * 1024 * 1024;
/** Bytes read per call when streaming a whole matrix. */
const STREAM_BYTES = 1024 * 1024;
/** Median |x_i - y_i| over median |x_i - y_(i+1 mod n)|, or null when undefined. */
function inPlaceRatio(x, y) {
    const n = x.length;
    if (n < 4)
        return null;
    const aligned = [];
    const shifted = [];
    for (let i = 0; i < n; i++) {
        aligned.push(Math.abs(x[i] - y[i]));
        shifted.push(Math.abs(x[i] - y[(i + 1) % n]));
    }
    const top = median(aligned);
    const bottom = median(shifted);
    if (top === null || bottom === null || !(bottom > 0))
        return null;
    return top / bottom;
}
/** Streams both matrices once for row and column norms and the best base match of head rows. */
async function lineageChecks(baseEntry, headEntry, name, rows, columns, counter) {
    const matchIndexes = chooseRows(`${name}#match`, rows, MATCH_ROWS);
    const probes = await readChosenRows(headEntry, columns, matchIndexes, counter);
    const probeNorms = probes.map((row) => Math.sqrt(row.reduce((sum, v) => sum + v * v, 0)));
    const bestCosine = new Float64Array(probes.length);
    const bestIndex = new Int32Array(probes.length).fill(-1);
    const rowNormsA = new Float64Array(rows);
    const rowNormsB = new Float64Array(rows);
    const columnSquaresA = new Float64Array(columns);
    const columnSquaresB = new Float64Array(columns);
    const rowsPerRead = Math.max(1, Math.floor(STREAM_BYTES / (columns * bytesPerElement(baseEntry))));
    for (let first = 0; first < rows; first += rowsPerRead) {
        const count = Math.min(rowsPerRead, rows - first);
        const baseRows = await readRows(baseEntry, columns, first, count, counter);
        const headRows = await readRows(headEntry, columns, first, count, counter);
        for (let r = 0; r < count; r++) {
            const a = baseRows[r];
            const b = headRows[r];
            let squaresA = 0;
            let squaresB = 0;
            for (let c = 0; c < columns; c++) {
                const x = a[c];
                const y = b[c];
                squaresA += x * x;
                squaresB += y * y;
                columnSquaresA[c] = columnSquaresA[c] + x * x;
                columnSquaresB[c] = columnSquaresB[c] + y * y;
            }
            const normA = Math.sqrt(squaresA);
            rowNormsA[first + r] = normA;
            rowNormsB[first + r] = Math.sqrt(squaresB);
            if (!(normA > 0))
                continue;
            for (let p = 0; p < probes.length; p++) {
                const probe = probes[p];
                let dot = 0;
                for (let c = 0; c < columns; c++)
                    dot += probe[c] * a[c];
                const cosine = Math.abs(dot) / (normA * probeNorms[p] || 1);
                if (cosine > bestCosine[p]) {
                    bestCosine[p] = cosine;
                    bestIndex[p] = first + r;
                }
            }
        }
    }
    let moved = 0;
    for (let p = 0; p < probes.length; p++)
        if (bestIndex[p] !== matchIndexes[p])
            moved++;
    return {
        matchedCosine: median(Array.from(bestCosine)) ?? 0,
        chanceCosine: Math.sqrt((2 * Math.log(Math.max(rows, 2))) / columns),
        movedShare: probes.length === 0 ? 0 : moved / probes.length,
        rowNormRatio: inPlaceRatio(rowNormsA, rowNormsB),
        columnNormRatio: inPlaceRatio(columnSquaresA.map(Math.sqrt), columnSquaresB.map(Math.sqrt)),
    };
}
/**
 * Returns whether a tensor of this comparison mode, shape and element count gets the sampled
 * analyses when it changed: a float matrix with at least 4 columns.
 */
function hasSampledShape(comparison, shape, numel) {
    return (comparison === "float" && shape.length >= 2 && numel > 0 && (shape[shape.length - 1] ?? 0) >= 4);
}
/** Returns whether a compared tensor gets the sampled analyses: a changed float matrix. */
function isSampledMatrix(tensor) {
    return (hasSampledShape(tensor.comparison, tensor.shape, tensor.stats.numel) &&
        tensor.stats.bitsDiffering > 0);
}
/**
 * Compares the sampled rows one by one: unchanged rows by their raw bytes, the rest by their
 * decoded columns.
 */
function rowChangesOf(base, head) {
    let unchanged = 0;
    let shrunk = 0;
    let zeroed = 0;
    const relative = [];
    for (let r = 0; r < head.rows.length; r++) {
        if (Buffer.compare(base.raw[r], head.raw[r]) === 0) {
            unchanged++;
            continue;
        }
        const a = base.rows[r];
        const b = head.rows[r];
        let squaresA = 0;
        let squaresB = 0;
        let squaresDelta = 0;
        let deltaDotA = 0;
        for (let c = 0; c < a.length; c++) {
            const x = a[c];
            const d = b[c] - x;
            squaresA += x * x;
            squaresB += b[c] ** 2;
            squaresDelta += d * d;
            deltaDotA += d * x;
        }
        if (squaresB === 0 && squaresA > 0)
            zeroed++;
        else if (squaresA > 0 && squaresDelta > 0) {
            if (deltaDotA / Math.sqrt(squaresA * squaresDelta) <= -0.99)
                shrunk++;
        }
        if (squaresA > 0)
            relative.push(Math.sqrt(squaresDelta / squaresA));
    }
    return {
        sampled: head.rows.length,
        unchanged,
        shrunk,
        zeroed,
        medianRelativeChange: median(relative),
    };
}
/** Sum of squares of the first `count` rows. */
function energyOf(rows, count) {
    let sum = 0;
    for (let r = 0; r < Math.min(count, rows.length); r++) {
        const row = rows[r];
        for (let c = 0; c < row.length; c++)
            sum += row[c] * row[c];
    }
    return sum;
}
/** head - base row by row over the shorter of the two rows, or null when a value is not finite. */
function deltasOf(base, head) {
    let total = 0;
    for (let r = 0; r < head.length; r++) {
        total += Math.min(base[r].length, head[r].length);
    }
    // One buffer for all rows: the rows are views into it.
    const values = new Float64Array(total);
    const deltas = [];
    let offset = 0;
    for (let r = 0; r < head.length; r++) {
        const a = base[r];
        const b = head[r];
        const length = Math.min(a.length, b.length);
        for (let c = 0; c < length; c++) {
            const d = b[c] - a[c];
            // d - d is 0 for a finite d and NaN for an infinity or NaN.
            if (d - d !== 0)
                return null;
            values[offset + c] = d;
        }
        deltas.push(values.subarray(offset, offset + length));
        offset += length;
    }
    return deltas;
}
/**
 * Runs the low-rank test on head - NF4(base) when the first sampled head rows are much closer to
 * the base rounded to NF4 than to the base itself. Only then can a QLoRA adapter merged into a
 * dequantized base explain the delta, so the test is skipped for a dense delta.
 */
function rankOverNf4(baseRows, headRows, deltas, width) {
    const probe = Math.min(NF4_PROBE_ROWS, headRows.length);
    const residual = [];
    for (let r = 0; r < headRows.length; r++) {
        // NF4 blocks of 64 start at column 0, so rounding the decoded prefix of a row is exact.
        const rounded = nf4RoundTrip(baseRows[r].subarray(0, width));
        const row = headRows[r];
        const values = new Float64Array(width);
        for (let c = 0; c < width; c++)
            values[c] = row[c] - rounded[c];
        residual.push(values);
        if (r + 1 === probe && !(energyOf(residual, probe) < 0.5 * energyOf(deltas, probe))) {
            return null;
        }
    }
    return lowRankFit(residual, width);
}
/**
 * The low-rank test on the first FIRST_RANK_ROWS delta rows, then on all of them when the first
 * fit leaves the rank open.
 */
async function rankOf(deltas, width, pause) {
    const first = lowRankFit(deltas.slice(0, FIRST_RANK_ROWS), width);
    if (first === null || deltas.length <= FIRST_RANK_ROWS)
        return first;
    const open = first.lowRank
        ? first.rank > FIRST_RANK_ROWS / 4
        : first.floorEnergy >= SECOND_FIT_MIN_FLOOR_ENERGY;
    if (!open)
        return first;
    await pause?.();
    return lowRankFit(deltas, width);
}
/** Counts the changed values of the sampled rows, and of those the ones that shrank toward zero. */
function changedValuesOf(base, head) {
    let rowsChanged = 0;
    let withinSum = 0;
    let changedValues = 0;
    let shrunk = 0;
    for (let r = 0; r < head.rows.length; r++) {
        const a = base.rows[r];
        const b = head.rows[r];
        let inRow = 0;
        for (let c = 0; c < b.length; c++) {
            const x = a[c];
            const y = b[c];
            // NaN against NaN counts as unchanged, and NaN is the only value unequal to itself.
            // biome-ignore lint/suspicious/noSelfCompare: the self-comparisons are the NaN test.
            if (x === y || (x !== x && y !== y))
                continue;
            inRow++;
            if (x * y > 0 && Math.abs(y) < Math.abs(x))
                shrunk++;
        }
        if (inRow > 0) {
            rowsChanged++;
            withinSum += inRow / b.length;
            changedValues += inRow;
        }
    }
    return {
        changedRowShare: head.rows.length === 0 ? 0 : rowsChanged / head.rows.length,
        changedWithinRows: rowsChanged === 0 ? 0 : withinSum / rowsChanged,
        shrinkShare: changedValues === 0 ? null : shrunk / changedValues,
    };
}
/**
 * Runs the sampled analyses of one changed matrix: reads its sampled rows on both sides and runs
 * the low-rank test, the quantization grid test and the row checks. Every read adds to `counter`.
 * With `pause`, it awaits it between compute steps; the results do not depend on it. Row runs
 * that `captured` contains whole (see sampleRangesOf) are taken from it instead of read.
 */
async function analyzeMatrix(tensor, baseEntry, headEntry, counter, pause, captured) {
    const columns = tensor.shape[tensor.shape.length - 1];
    const rows = tensor.stats.numel / columns;
    const width = Math.min(columns, SAMPLE_COLUMNS);
    const indexes = chooseRows(tensor.name, rows, SAMPLE_ROWS);
    const read = (entry) => readRowSample(entry, columns, indexes, FULL_ROWS, width, counter, captured);
    const base = await read(baseEntry);
    const head = await read(headEntry);
    await pause?.();
    const deltas = deltasOf(base.rows, head.rows);
    const rank = deltas === null ? null : await rankOf(deltas, width, pause);
    await pause?.();
    const rankOverNf4Base = deltas !== null && rank !== null && !rank.lowRank
        ? rankOverNf4(base.rows.slice(0, FIRST_RANK_ROWS), head.rows.slice(0, FIRST_RANK_ROWS), deltas, width)
        : null;
    await pause?.();
    const changes = changedValuesOf(base, head);
    const fullHead = head.rows.slice(0, FULL_ROWS);
    const fullBase = base.rows.slice(0, FULL_ROWS);
    const grid = fitQuantGrid(fullHead, fullBase, columns);
    await pause?.();
    // The ratio decides only for changes of 3e-3 or more (see tensor-kinds.ts).
    const rho = relativeChange(tensor.stats);
    const distinctRatio = grid === null && rho !== null && rho >= 3e-3
        ? distinctValueRatio(head.raw.slice(0, FULL_ROWS), base.raw.slice(0, FULL_ROWS), bytesPerElement(headEntry), bytesPerElement(baseEntry))
        : null;
    return {
        name: tensor.name,
        rows,
        columns,
        sampledRows: indexes.length,
        rank,
        rankOverNf4Base,
        grid,
        distinctRatio,
        ...changes,
        lineage: null,
        rowChanges: rowChangesOf(base, head),
    };
}
/** Bytes the sampled rows of a matrix of this shape and element count take on both sides. */
function sampleBytesOf(shape, numel, base, head) {
    const columns = shape[shape.length - 1];
    const rows = Math.min(SAMPLE_ROWS, numel / columns);
    return rows * columns * (bytesPerElement(base) + bytesPerElement(head));
}
/**
 * Returns the byte ranges analyzeMatrix reads on one side of a matrix named `name` with this
 * shape and element count: its sampled row runs.
 */
function sampleRangesOf(name, shape, numel, entry) {
    const columns = shape[shape.length - 1];
    return rowRangesOf(entry, columns, chooseRows(name, numel / columns, SAMPLE_ROWS));
}
/**
 * Returns whether a compared tensor is a candidate of the second pass: a changed float matrix
 * present under its name on both sides whose change is more than a cast or a rounding.
 */
function isCandidate(tensor, base, head) {
    return (isSampledMatrix(tensor) &&
        base.tensors.has(tensor.name) &&
        head.tensors.has(tensor.name) &&
        !isIdenticalOrCast(tensor));
}
/** Returns the second pass's candidate for a compared tensor, or null when it is not one. */
function candidateOf(tensor, base, head, names) {
    if (!isCandidate(tensor, base, head))
        return null;
    const baseEntry = base.tensors.get(tensor.name);
    const headEntry = head.tensors.get(tensor.name);
    const facts = names.of(tensor.name);
    return {
        name: tensor.name,
        sampleBytes: sampleBytesOf(tensor.shape, tensor.stats.numel, baseEntry, headEntry),
        layer: facts.location?.index ?? null,
        module: facts.moduleName,
    };
}
/**
 * Runs the sampled analyses on a capped, stratified sample of the changed float matrices of
 * `diff` (see sample-plan.ts), one matrix at a time, through the checkpoints' own byte sources.
 * Analyses that `early` finished during the diff are reused for the chosen matrices, with their
 * bytes and errors, and the others are dropped, so the result is the same with or without it.
 * The other chosen matrices take their sampled rows from `early.capture` where it contains them
 * whole.
 * Then it runs the permutation and rotation checks on at most MAX_LINEAGE_MATRICES analysed
 * matrices whose aligned correlation is weak, reads the rows of resized vocabularies, and
 * matches tensors by content (tied output heads, copied layers). `names` is the comparison's
 * NameFactsCache.
 */
async function analyzeSamples(base, head, diff, early, names = new NameFactsCache()) {
    const counter = { bytes: 0 };
    const byName = new Map();
    const candidates = [];
    let changedParams = 0;
    for (const tensor of diff.compared) {
        const candidate = candidateOf(tensor, base, head, names);
        if (candidate === null)
            continue;
        byName.set(tensor.name, tensor);
        changedParams += tensor.stats.numel;
        candidates.push(candidate);
    }
    const chosen = early?.choiceAmong(candidates) ?? chooseMatrices(candidates);
    // Waits for an early analysis still running, so at most one matrix's sample is held at a time.
    await early?.settle(new Set(chosen));
    const matrices = new Map();
    let analysedParams = 0;
    for (const name of chosen) {
        const tensor = byName.get(name);
        const baseEntry = base.tensors.get(name);
        const headEntry = head.tensors.get(name);
        const outcome = early?.take(name);
        if (outcome === undefined) {
            const analysis = await analyzeMatrix(tensor, baseEntry, headEntry, counter, undefined, early?.capture);
            matrices.set(name, analysis);
        }
        else {
            counter.bytes += outcome.bytesRead;
            if ("error" in outcome)
                throw outcome.error;
            matrices.set(name, outcome.analysis);
        }
        analysedParams += tensor.stats.numel;
    }
    let lineageChecked = 0;
    let lineageBytes = 0;
    for (const analysis of matrices.values()) {
        if (lineageChecked >= MAX_LINEAGE_MATRICES)
            break;
        const tensor = byName.get(analysis.name);
        const r = correlation(tensor.stats);
        if (r === null || Math.abs(r) >= WEAK_CORRELATION || analysis.rows < 4)
            continue;
        const baseEntry = base.tensors.get(analysis.name);
        const headEntry = head.tensors.get(analysis.name);
        const bytes = baseEntry.byteLength + headEntry.byteLength;
        if (lineageBytes + bytes > MAX_LINEAGE_BYTES)
            continue;
        lineageBytes += bytes;
        lineageChecked++;
        analysis.lineage = await lineageChecks(baseEntry, headEntry, analysis.name, analysis.rows, analysis.columns, counter);
    }
    const vocabulary = await readVocabularyRows(base, head, diff, counter);
    // Counted apart: a local diff reads the embedding for the tie test where a remote one skips
    // files with equal SHA-256, and the sampled figures should not differ between the two.
    const contentCounter = { bytes: 0 };
    const content = await matchContent(base, head, diff, contentCounter, names);
    return {
        matrices,
        changedMatrices: candidates.length,
        changedParams,
        analysedParams,
        bytesRead: counter.bytes,
        lineageChecked,
        vocabulary,
        content,
        contentBytesRead: contentCounter.bytes,
    };
}

;// CONCATENATED MODULE: ./src/analysis/early-analyses.ts
/**
 * Sampled analyses run during the diff. While the workers compare tensors, the main thread is
 * idle, so it analyses the matrices the second pass is likely to choose as soon as their own
 * statistics are final. analyzeSamples then makes the real choice from the final statistics,
 * reuses the finished analyses of chosen matrices and runs the rest, so the report is the same.
 *
 * The likely choice is chooseMatrices over every matrix that could be a candidate, as if every
 * one changed. When some are unchanged (a partial fine-tune), the real choice differs and the
 * matrices it adds are analysed after the diff.
 *
 * On remote sides, the diff also copies the sampled rows of the likely chosen matrices out of its
 * own reads (`capture`), so the analyses take them from memory instead of downloading them again.
 */





/** Thrown at a pause to stop an analysis whose result is no longer wanted. */
class AnalysisDropped extends Error {
}
/**
 * Returns the matrices that could be candidates of the second pass: float matrices under one name
 * and shape on both sides, by name.
 */
function possibleCandidates(base, head, names) {
    const candidates = new Map();
    for (const pair of pairByName(base, head).compared) {
        if (!hasSampledShape(pair.comparison, pair.base.shape, pair.base.numel))
            continue;
        const facts = names.of(pair.name);
        candidates.set(pair.name, {
            name: pair.name,
            sampleBytes: sampleBytesOf(pair.base.shape, pair.base.numel, pair.base, pair.head),
            layer: facts.location?.index ?? null,
            module: facts.moduleName,
        });
    }
    return candidates;
}
/** Returns whether two candidates have equal fields, so chooseMatrices treats them alike. */
function sameCandidate(a, b) {
    return (a.name === b.name &&
        a.sampleBytes === b.sampleBytes &&
        a.layer === b.layer &&
        a.module === b.module);
}
/**
 * Maximum matrices passed to chooseMatrices, summed over the times the likely choice is made
 * again after a likely matrix turned out unchanged: 32 times for 1,000 matrices, 3 times for
 * 10,000. A choice among 1,000 matrices took about 1.2 ms, among 10,000 about 15 ms (2-vCPU VM,
 * Node 20, a rough figure from a loaded machine), and no work unit is sent to the workers then.
 */
const MAX_LIKELY_UPDATE_MATRICES = 32 * 1024;
/**
 * Runs analyzeMatrix on likely chosen matrices, one at a time, in the order their statistics
 * become final. Pass `tensorCompared` to runDiff as onTensorCompared and the object to
 * analyzeSamples. Memory: one matrix's sample while an analysis runs, as in the second pass.
 */
class EarlyAnalyses {
    base;
    head;
    signal;
    /** Matrices not known yet to be outside the candidates, by name. */
    possible;
    likely = new Set();
    /** The candidates passed to the last chooseMatrices call, in order, and its result. */
    lastChoice = {
        candidates: [],
        chosen: [],
    };
    /** Matrices passed to chooseMatrices by the updates of the likely choice so far. */
    updateMatrices = 0;
    /** Candidates whose statistics are final but that were not likely chosen at that time. */
    unlikely = new Map();
    queue = [];
    outcomes = new Map();
    running;
    /** Set after the diff: no analysis starts any more, and a running one outside `chosen` stops. */
    stopped = false;
    chosen = new Set();
    /**
     * Sampled rows on remote sides that the diff copies out of its reads: pass it to runDiff as
     * `capture`. It requests the rows of likely chosen matrices that no analysis has started on, and
     * after settle() those of chosen ones. chooseMatrices allows at most MAX_ANALYSED_BYTES of
     * sample bytes, so it never contains more.
     */
    capture = new RangeCapture();
    /** Matrices whose sampled rows `capture` requested. */
    capturing = new Set();
    /** Matrices an early analysis has started on. */
    started = new Set();
    /**
     * `signal` stops the running analysis at its next pause, with the signal's reason. Pass the
     * comparison's `names` to analyzeSamples too, so each tensor name is read once.
     */
    constructor(base, head, signal, names = new NameFactsCache()) {
        this.base = base;
        this.head = head;
        this.signal = signal;
        this.possible = possibleCandidates(base, head, names);
        this.chooseLikely();
    }
    /** Chooses the likely matrices among the possible candidates, and requests their rows. */
    chooseLikely() {
        const candidates = [...this.possible.values()];
        const chosen = chooseMatrices(candidates);
        this.lastChoice = { candidates, chosen };
        this.likely = new Set(chosen);
        this.captureLikely();
    }
    /**
     * Returns chooseMatrices(candidates) without choosing again when the last likely choice was
     * made among the same candidates in the same order, as after a diff where every possible
     * candidate changed. Returns undefined otherwise.
     */
    choiceAmong(candidates) {
        const last = this.lastChoice.candidates;
        if (last.length !== candidates.length)
            return undefined;
        for (const [i, candidate] of candidates.entries()) {
            if (!sameCandidate(candidate, last[i]))
                return undefined;
        }
        return [...this.lastChoice.chosen];
    }
    /** Names of the matrices the second pass is likely to choose, given the statistics so far. */
    get likelyNames() {
        return this.likely;
    }
    /**
     * Queues a likely chosen matrix for analysis when it is a candidate of the second pass. When a
     * likely chosen matrix is not a candidate (unchanged, or only cast), the likely choice is made
     * again without it. Called by the diff with each tensor whose statistics are final.
     */
    tensorCompared = (tensor) => {
        const name = tensor.name;
        if (this.stopped || !this.possible.has(name))
            return;
        if (!isCandidate(tensor, this.base, this.head)) {
            this.possible.delete(name);
            this.stopCapturing(name);
            const cost = this.possible.size;
            if (this.likely.has(name) && this.updateMatrices + cost <= MAX_LIKELY_UPDATE_MATRICES) {
                this.updateMatrices += cost;
                this.chooseLikely();
                for (const [waiting, matrix] of this.unlikely) {
                    if (!this.likely.has(waiting))
                        continue;
                    this.unlikely.delete(waiting);
                    this.queue.push(matrix);
                }
                this.startNext();
            }
            return;
        }
        const matrix = {
            tensor,
            baseEntry: this.base.tensors.get(name),
            headEntry: this.head.tensors.get(name),
        };
        if (!this.likely.has(name)) {
            this.unlikely.set(name, matrix);
            return;
        }
        this.queue.push(matrix);
        this.startNext();
    };
    /**
     * Ends the early analyses once the real choice is known: no queued analysis starts, a running
     * one outside `chosen` stops at its next pause, and the returned promise resolves when none
     * runs. It never rejects: an analysis's error is kept for take().
     */
    settle(chosen) {
        this.stopped = true;
        this.chosen = chosen;
        this.queue.length = 0;
        this.unlikely.clear();
        for (const name of this.capturing)
            if (!chosen.has(name))
                this.stopCapturing(name);
        return this.running ?? Promise.resolve();
    }
    /** Stops every early analysis, for a diff that failed; resolves when none runs. */
    stop() {
        return this.settle(new Set());
    }
    /** Returns the outcome of a finished early analysis of `name`, or undefined. */
    take(name) {
        return this.outcomes.get(name);
    }
    /**
     * Requests the sampled rows of the likely chosen matrices that no analysis has started on, and
     * releases the others. Only remote sides are captured, because rows of a local file are read
     * again from the page cache at little cost.
     */
    captureLikely() {
        for (const name of this.capturing)
            if (!this.likely.has(name))
                this.stopCapturing(name);
        for (const name of this.likely) {
            if (this.capturing.has(name) || this.started.has(name))
                continue;
            const ranges = [this.base, this.head].flatMap((checkpoint) => {
                const entry = checkpoint.tensors.get(name);
                if (entry.source.spec.kind !== "http")
                    return [];
                return sampleRangesOf(name, entry.shape, entry.numel, entry);
            });
            if (ranges.length === 0)
                continue;
            this.capture.request(name, ranges);
            this.capturing.add(name);
        }
    }
    stopCapturing(name) {
        if (!this.capturing.delete(name))
            return;
        this.capture.release(name);
    }
    startNext() {
        if (this.running !== undefined || this.stopped)
            return;
        let next = this.queue.shift();
        // A queued matrix may have left the likely choice since.
        while (next !== undefined && !this.likely.has(next.tensor.name)) {
            this.unlikely.set(next.tensor.name, next);
            next = this.queue.shift();
        }
        if (next === undefined)
            return;
        const name = next.tensor.name;
        this.started.add(name);
        const counter = { bytes: 0 };
        const pause = async () => {
            // setImmediate runs after pending I/O callbacks, so the results of the workers' units are
            // folded and new units sent between two steps of the analysis.
            await new Promise((resolve) => setImmediate(resolve));
            this.signal?.throwIfAborted();
            if (this.stopped && !this.chosen.has(name))
                throw new AnalysisDropped();
        };
        const done = analyzeMatrix(next.tensor, next.baseEntry, next.headEntry, counter, pause, this.capture).then((analysis) => {
            this.outcomes.set(name, { analysis, bytesRead: counter.bytes });
        }, (error) => {
            if (!(error instanceof AnalysisDropped)) {
                this.outcomes.set(name, { error, bytesRead: counter.bytes });
            }
        });
        this.running = done.then(() => {
            // The analysis took the captured rows it used, but a failed one may leave some.
            this.stopCapturing(name);
            this.running = undefined;
            this.startNext();
        });
    }
}

;// CONCATENATED MODULE: ./src/io/retry.ts
/**
 * Retry policy for remote reads: which failures are transient, how long to wait between
 * attempts, and how many attempts to make. Library code never logs, so every retry is reported
 * to a callback that the caller connects to its RunLog.
 */

/**
 * Defaults: 6 attempts waiting 0.5, 1, 2, 4 and 8 s (about 15 s in all) ride out a connection
 * reset or a short outage, and a Retry-After up to 60 s is honoured. The Hub's resolver limit is
 * counted per 5-minute window, so a longer wait is better reported than slept through. A refused
 * connection gets 3 attempts (1.5 s of waits), so an offline run stops quickly.
 */
const DEFAULT_RETRY_SETTINGS = {
    attempts: 6,
    shortAttempts: 3,
    baseDelayMs: 500,
    maxDelayMs: 60_000,
    idleTimeoutMs: 30_000,
};
/**
 * Reads the retry settings for Hub and URL reads from the environment: the defaults, with
 * MODEL_DIFF_HUB_RETRY_DELAY_MS replacing the first wait (baseDelayMs) and
 * MODEL_DIFF_HUB_TIMEOUT_MS replacing idleTimeoutMs. These variables exist so tests of the
 * bundles can shorten waits and timeouts; a workflow has no reason to set them.
 */
function retrySettingsFromEnv(env) {
    return {
        ...DEFAULT_RETRY_SETTINGS,
        baseDelayMs: millisecondsFromEnv(env, "MODEL_DIFF_HUB_RETRY_DELAY_MS", DEFAULT_RETRY_SETTINGS.baseDelayMs),
        idleTimeoutMs: millisecondsFromEnv(env, "MODEL_DIFF_HUB_TIMEOUT_MS", DEFAULT_RETRY_SETTINGS.idleTimeoutMs),
    };
}
/** Reads a whole number of milliseconds, at least 1, from an environment variable. */
function millisecondsFromEnv(env, name, fallback) {
    const text = env[name];
    if (text === undefined || text === "")
        return fallback;
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < 1) {
        throw new src_errors/* UsageError */.eb(`${name}: "${text}" is not valid. Give a whole number of milliseconds, at least 1.`);
    }
    return Number(text);
}
/** A failure that another attempt may fix: a timeout, a reset, a refused connection, a 429 or a 5xx. */
class TransientError extends Error {
    retryAfterMs;
    budget;
    advice;
    name = "TransientError";
    constructor(message, 
    /** Wait the server asked for (Retry-After), in ms, or null. */
    retryAfterMs = null, 
    /** "short" limits the attempts to RetrySettings.shortAttempts. */
    budget = "full", 
    /** Advice for the message if every attempt fails, or null for the caller's default. */
    advice = null) {
        super(message);
        this.retryAfterMs = retryAfterMs;
        this.budget = budget;
        this.advice = advice;
    }
}
/** Returns the attempts allowed for a failure. */
function attemptsFor(settings, error) {
    if (error.budget === "full")
        return settings.attempts;
    return Math.max(1, Math.min(settings.attempts, settings.shortAttempts));
}
/** HTTP statuses worth another attempt: rate limited, or a server or gateway failure. */
function isTransientStatus(status) {
    return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}
/**
 * Reads a Retry-After header: delay-seconds or an HTTP date. Returns ms, or null when the header
 * is absent or unreadable.
 */
function parseRetryAfter(value, now = Date.now()) {
    if (value === null)
        return null;
    const text = value.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    const date = Date.parse(text);
    return Number.isNaN(date) ? null : Math.max(0, date - now);
}
/** Wait before attempt `attempt + 1`: the server's Retry-After if given, else exponential backoff. */
function retryDelay(settings, attempt, retryAfterMs) {
    const backoff = settings.baseDelayMs * 2 ** (attempt - 1);
    return Math.min(settings.maxDelayMs, retryAfterMs ?? backoff);
}
/**
 * Runs `attempt` until it succeeds, throws a non-transient error, or uses up the attempts. Each
 * TransientError before the last attempt is reported to `onRetry` and followed by a wait. After
 * the last attempt, `exhausted` turns the final TransientError into the error to throw.
 */
async function withRetries(settings, target, attempt, onRetry, exhausted) {
    for (let attemptNumber = 1;; attemptNumber++) {
        try {
            return await attempt(attemptNumber);
        }
        catch (error) {
            if (!(error instanceof TransientError))
                throw error;
            const attempts = attemptsFor(settings, error);
            if (attemptNumber >= attempts)
                throw exhausted(error, attemptNumber);
            const delayMs = retryDelay(settings, attemptNumber, error.retryAfterMs);
            onRetry?.({
                target,
                reason: error.message,
                attempt: attemptNumber,
                attempts,
                delayMs,
            });
            await sleep(delayMs);
        }
    }
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

;// CONCATENATED MODULE: ./src/io/network-error.ts
/**
 * Requests that got no HTTP response, described in plain words from the errors of Node's fetch
 * (undici), with how many attempts each kind deserves.
 */


/** Error codes of TLS failures that another attempt cannot fix (certificate or protocol). */
const TLS_CODE = /CERT|^ERR_SSL_|^ERR_TLS_|^UNABLE_TO_|^EPROTO$/;
/** Returns `host:port` of a URL, with the scheme's default port filled in. */
function hostAndPort(url) {
    try {
        const parsed = new URL(url);
        const port = parsed.port || (parsed.protocol === "https:" ? "443" : "80");
        return `${parsed.hostname}:${port}`;
    }
    catch {
        return "(invalid URL)";
    }
}
/** Returns the error code and message of fetch's underlying cause, or of the error itself. */
function causeOf(error) {
    const outer = error;
    const cause = outer?.cause ?? outer;
    // An AggregateError (one error per address tried) has its code on the first inner error.
    const code = cause?.code ?? cause?.errors?.[0]?.code ?? outer?.code;
    return {
        code,
        message: cause?.message ?? "",
        name: outer?.name ?? "",
        outerMessage: outer?.message ?? "",
    };
}
function failure(kind, reason, retry) {
    return { kind, reason, retry };
}
/**
 * Describes a failed fetch of `url`. Returns null for errors that are not network failures
 * (for example a typed error of model-diff), which the caller passes on unchanged.
 */
function describeFetchFailure(error, url) {
    const { code, message, name, outerMessage } = causeOf(error);
    const address = hostAndPort(url);
    const host = address.replace(/:\d+$/, "");
    if (name === "TimeoutError")
        return failure("timed-out", `timed out waiting for ${address}`, "full");
    switch (code) {
        case "ECONNREFUSED":
            return failure("connection-refused", `connection refused by ${address}`, "short");
        case "ENOTFOUND":
            return failure("host-not-found", `host ${host} not found (DNS)`, "none");
        case "EAI_AGAIN":
            return failure("host-not-found", `host ${host} not found (DNS, temporary failure)`, "short");
        case "ENETUNREACH":
        case "EHOSTUNREACH":
        case "ENETDOWN":
            return failure("unreachable", `network unreachable on the way to ${address}`, "short");
        case "ETIMEDOUT":
        case "UND_ERR_CONNECT_TIMEOUT":
        case "UND_ERR_HEADERS_TIMEOUT":
        case "UND_ERR_BODY_TIMEOUT":
            return failure("timed-out", `timed out waiting for ${address}`, "full");
        case "ECONNRESET":
        case "ECONNABORTED":
        case "EPIPE":
        case "UND_ERR_SOCKET":
            return failure("connection-reset", `connection reset by ${address}`, "full");
        case "ERR_INVALID_URL":
            return failure("invalid-url", "invalid URL", "none");
    }
    if (code !== undefined && TLS_CODE.test(code)) {
        // Certificate errors carry a short message ("self-signed certificate"); OpenSSL protocol
        // errors carry a long one, so the code is shown instead.
        const detail = code.startsWith("ERR_SSL_") || message.length > 80 ? code : message;
        const plainHttp = code === "ERR_SSL_WRONG_VERSION_NUMBER" ? "; the server may speak http, not https" : "";
        return failure("tls", `TLS failure with ${address} (${detail}${plainHttp})`, "none");
    }
    if (message === "bad port") {
        const port = address.replace(/^.*:/, "");
        return failure("blocked-port", `port ${port} is on the Fetch standard's list of blocked ports, so fetch does not connect to ${address}`, "none");
    }
    if (message === "unknown scheme") {
        return failure("invalid-url", "only http and https URLs can be read", "none");
    }
    // fetch reports every other network failure as TypeError "fetch failed" or "terminated".
    const fetchFailed = name === "TypeError" && /^(fetch failed|terminated)$/.test(outerMessage);
    if (name === "AbortError" || fetchFailed || code !== undefined) {
        return failure("other", `network error${code ? ` ${code}` : ""} with ${address}`, "full");
    }
    return null;
}
/** Returns advice for a network failure. `hub` is true for a Hub endpoint, false for a plain URL. */
function networkAdvice(failure, hub) {
    const where = hub
        ? "the Hub endpoint (HF_ENDPOINT, --hf-endpoint or the hf-endpoint input)"
        : "the URL";
    switch (failure.kind) {
        case "tls":
            return `Check the scheme and host in ${where}. For a certificate from a private certificate authority, add the authority with NODE_EXTRA_CA_CERTS.`;
        case "blocked-port":
            return `Use another port in ${where}.`;
        case "invalid-url":
            return `Check ${where}.`;
        default:
            return `Check the network connection, any proxy (see the README) and ${where}, then run the diff again.`;
    }
}
/**
 * Converts a failed fetch of `url` into the error to throw. A failure that another attempt may
 * fix becomes a TransientError, and one that it cannot fix an InputError starting with
 * `subject`. Anything that is not a network failure is returned unchanged.
 */
function fetchFailureError(error, url, hub, subject) {
    if (error instanceof TransientError || error instanceof src_errors/* ModelDiffError */.fV)
        return error;
    const failure = describeFetchFailure(error, url);
    if (failure === null)
        return error;
    const advice = networkAdvice(failure, hub);
    if (failure.retry === "none")
        return new src_errors/* InputError */.dz(`${subject}: ${failure.reason}. ${advice}`);
    return new TransientError(failure.reason, null, failure.retry, advice);
}

;// CONCATENATED MODULE: ./src/io/http-range.ts
/**
 * A ByteSource over HTTP range requests, for files on a Hugging Face Hub or any server that
 * returns 206 Partial Content for a `Range` request.
 *
 * Redirects are followed by hand, so the Authorization header goes only to the origin of the
 * file's own URL. A Hub redirects /resolve/ of a large file (302) to a CDN on another host,
 * which never sees the token. A redirect from https to plain http is rejected. Every response
 * must carry the entity tag seen first (the Hub's X-Linked-ETag, else the server's ETag) and,
 * when the server sends it, the pinned commit in X-Repo-Commit, so one diff never mixes two
 * versions of a file.
 */




/** Redirects followed per request; the Hub uses one (to the CDN or to its resolve cache). */
const MAX_REDIRECTS = 5;
/** Returns the URL without its query and fragment: signed CDN URLs carry long signatures. */
function shownUrl(url) {
    try {
        const parsed = new URL(url);
        return `${parsed.origin}${parsed.pathname}`;
    }
    catch {
        return "(invalid URL)";
    }
}
function normalizeEtag(value) {
    if (value === null)
        return null;
    const trimmed = value.trim();
    return trimmed.startsWith("W/") ? trimmed.slice(2) : trimmed;
}
/** Parses `bytes START-END/TOTAL`; TOTAL may be `*`. */
function parseContentRange(value) {
    const match = value === null ? null : /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value);
    if (!match)
        return null;
    return {
        start: Number(match[1]),
        end: Number(match[2]),
        total: match[3] === "*" ? null : Number(match[3]),
    };
}
class HttpRangeSource {
    name;
    url;
    authOrigin;
    token;
    commit;
    sha256;
    retry;
    onRetry;
    fetch;
    knownSize;
    etag;
    etagKnown;
    controllers = new Set();
    closed = false;
    constructor(init) {
        this.url = init.url;
        this.authOrigin = new URL(init.url).origin;
        this.name = init.name;
        this.knownSize = init.size;
        this.token = init.token;
        this.commit = init.commit;
        this.sha256 = init.sha256;
        this.etag = init.etag ?? null;
        this.etagKnown = init.etag !== undefined;
        this.retry = init.retry ?? DEFAULT_RETRY_SETTINGS;
        this.onRetry = init.onRetry;
        this.fetch = init.fetch ?? fetch;
    }
    /** Opens a remote file. Without a known size, sends a 1-byte range request to learn it. */
    static async open(init) {
        const source = new HttpRangeSource(init);
        if (source.knownSize === null)
            await source.probe();
        return source;
    }
    /** Opens the file a spec describes, expecting the size and entity tag it records. */
    static fromSpec(spec, onRetry, fetchFunction) {
        return new HttpRangeSource({
            url: spec.url,
            name: spec.name,
            size: spec.size,
            token: spec.token,
            commit: spec.commit,
            sha256: spec.sha256,
            etag: spec.etag,
            retry: spec.retry,
            ...(onRetry ? { onRetry } : {}),
            ...(fetchFunction ? { fetch: fetchFunction } : {}),
        });
    }
    get size() {
        if (this.knownSize === null)
            throw new Error("Internal error: the size was not probed.");
        return this.knownSize;
    }
    get spec() {
        return {
            kind: "http",
            url: this.url,
            name: this.name,
            size: this.size,
            etag: this.etag,
            token: this.token,
            commit: this.commit,
            sha256: this.sha256,
            retry: this.retry,
        };
    }
    async read(offset, length, target, targetOffset = 0, onProgress) {
        if (offset < 0 || length < 0 || offset + length > this.size) {
            throw new src_errors/* FormatError */.IF(this.name, `${(0,visible_text/* quoteForMessage */.Hx)(this.name)}: cannot read bytes [${offset}, ${offset + length}): the file has ${this.size} ${this.size === 1 ? "byte" : "bytes"}.`);
        }
        if (length === 0)
            return;
        let done = 0;
        await withRetries(this.retry, `${this.name} bytes ${offset}-${offset + length - 1}`, async () => {
            const start = offset + done;
            const end = offset + length - 1;
            await this.fetchRange(start, end, async (response, _range, touch) => {
                await this.streamBody(response, start, end, (chunk) => {
                    touch();
                    target.set(chunk, targetOffset + done);
                    done += chunk.byteLength;
                    onProgress?.(done);
                });
            });
        }, this.onRetry, (last, attempts) => this.exhaustedError(last, attempts));
    }
    async close() {
        this.closed = true;
        for (const controller of this.controllers)
            controller.abort();
        this.controllers.clear();
    }
    async probe() {
        await withRetries(this.retry, `${this.name} size`, () => this.fetchRange(0, 0, async (response, range) => {
            this.knownSize = range.total;
            await response.body?.cancel();
        }), this.onRetry, (last, attempts) => this.exhaustedError(last, attempts));
    }
    /** Returns true for a file in a Hub repository (a pinned commit), false for a plain URL. */
    get onHub() {
        return this.commit !== null;
    }
    exhaustedError(last, attempts) {
        const rateLimited = last.message.startsWith("HTTP 429");
        const advice = rateLimited
            ? "The server is rate limiting requests: wait a few minutes and run the diff again, or pass a token (HF_TOKEN), which raises the Hub's limits."
            : (last.advice ?? "Check the network connection and the server, then run the diff again.");
        return new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(this.name)}: reading ${shownUrl(this.url)} failed after ${attempts} attempts (${last.message}). ${advice}`);
    }
    /**
     * Requests bytes [start, end], follows redirects, checks the status and headers, and passes the
     * final response to `use` while its idle timer runs. Throws TransientError for failures that
     * another attempt may fix.
     */
    async fetchRange(start, end, use) {
        if (this.closed)
            throw new Error(`Internal error: ${this.name} was read after close.`);
        const controller = new AbortController();
        this.controllers.add(controller);
        const idle = new IdleTimer(controller, this.retry.idleTimeoutMs);
        try {
            const chain = await this.followRedirects(start, end, controller.signal);
            idle.touch();
            const range = this.checkResponse(chain, start, end);
            await use(chain.response, range, () => idle.touch());
        }
        catch (error) {
            if (this.closed)
                throw new Error(`Internal error: ${this.name} was closed during a read.`);
            if (idle.fired)
                throw new TransientError(idle.message());
            throw fetchFailureError(error, this.url, this.onHub, (0,visible_text/* quoteForMessage */.Hx)(this.name));
        }
        finally {
            idle.stop();
            this.controllers.delete(controller);
        }
    }
    async followRedirects(start, end, signal) {
        // Every range starts again from the file's own URL, because Xet-bridge CDN URLs are reported
        // to be signed for the range that minted them. NOTE: checked against a fake Hub only.
        let url = this.url;
        let linkedEtag = null;
        let linkedSize = null;
        let commit = null;
        for (let hop = 0;; hop++) {
            const headers = {
                Range: `bytes=${start}-${end}`,
                "Accept-Encoding": "identity",
            };
            // The token goes to the file's own origin only, never to a CDN a redirect points at.
            if (this.token !== null && new URL(url).origin === this.authOrigin) {
                headers.Authorization = `Bearer ${this.token}`;
            }
            let response;
            try {
                response = await this.fetch(url, { headers, redirect: "manual", signal });
            }
            catch (error) {
                // The URL of this hop, which may be a CDN, names the server that failed.
                throw fetchFailureError(error, url, this.onHub, (0,visible_text/* quoteForMessage */.Hx)(this.name));
            }
            linkedEtag ??= normalizeEtag(response.headers.get("x-linked-etag"));
            const sizeHeader = response.headers.get("x-linked-size");
            if (linkedSize === null && sizeHeader !== null && /^\d+$/.test(sizeHeader.trim())) {
                linkedSize = Number(sizeHeader.trim());
            }
            commit ??= response.headers.get("x-repo-commit")?.trim() ?? null;
            const location = response.headers.get("location");
            if (response.status < 300 || response.status >= 400 || location === null) {
                return {
                    response,
                    etag: linkedEtag ?? normalizeEtag(response.headers.get("etag")),
                    linkedSize,
                    commit,
                };
            }
            await response.body?.cancel();
            if (hop >= MAX_REDIRECTS) {
                throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(this.name)}: more than ${MAX_REDIRECTS} redirects from ${shownUrl(this.url)}. Check the URL or the Hub endpoint.`);
            }
            url = this.redirectTarget(location, url);
        }
    }
    redirectTarget(location, from) {
        let target;
        try {
            target = new URL(location, from);
        }
        catch {
            target = new URL("invalid:");
        }
        if (target.protocol !== "https:" && target.protocol !== "http:") {
            throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(this.name)}: ${shownUrl(from)} redirects to ${(0,visible_text/* quoteForMessage */.Hx)(location)}, which is not an http or https URL. Check the URL or the Hub endpoint.`);
        }
        // A redirect from https to http would let anyone on the path change the bytes read.
        if (new URL(from).protocol === "https:" && target.protocol === "http:") {
            throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(this.name)}: ${shownUrl(from)} redirects to ${shownUrl(target.href)}, which is plain http. model-diff does not leave https for a file, so it stopped. Check the URL or the Hub endpoint.`);
        }
        return target.href;
    }
    /** Checks status, Content-Range, size, entity tag and commit; returns the file's total size. */
    checkResponse(chain, start, end) {
        const { response } = chain;
        const status = response.status;
        if (status !== 206 && status !== 200) {
            void response.body?.cancel();
            throw this.statusError(response);
        }
        const expectedSize = this.knownSize;
        if (status === 200) {
            const length = Number(response.headers.get("content-length") ?? Number.NaN);
            const whole = start === 0 && expectedSize !== null && end === expectedSize - 1;
            if (!whole || length !== expectedSize) {
                void response.body?.cancel();
                throw new src_errors/* FormatError */.IF(this.name, `${(0,visible_text/* quoteForMessage */.Hx)(this.name)}: the server answered a request for bytes ${start}-${end} with status 200 and the whole file instead of 206 Partial Content. model-diff reads remote files by byte ranges only, so it stopped rather than download the file. Use a server that supports HTTP range requests.`);
            }
        }
        const range = status === 206 ? parseContentRange(response.headers.get("content-range")) : null;
        if (status === 206) {
            const total = range?.total ?? null;
            if (range === null || range.start !== start || range.end !== end || total === null) {
                void response.body?.cancel();
                throw new src_errors/* FormatError */.IF(this.name, `${(0,visible_text/* quoteForMessage */.Hx)(this.name)}: the server answered a request for bytes ${start}-${end} with Content-Range ${JSON.stringify(response.headers.get("content-range"))}, which does not match. Check that the server supports HTTP range requests.`);
            }
        }
        const total = range?.total ?? expectedSize;
        this.checkSameFile(chain, total);
        return { total };
    }
    checkSameFile(chain, total) {
        const changed = (what) => {
            void chain.response.body?.cancel();
            return new src_errors/* FormatError */.IF(this.name, `${(0,visible_text/* quoteForMessage */.Hx)(this.name)}: the file changed on the server during the diff (${what}). Run the diff again; a Hub revision pinned to a commit sha cannot change.`);
        };
        const expectedSize = this.knownSize;
        if (expectedSize !== null && total !== expectedSize) {
            throw changed(`its size is ${total} bytes now, ${expectedSize} before`);
        }
        if (chain.linkedSize !== null && expectedSize !== null && chain.linkedSize !== expectedSize) {
            throw changed(`X-Linked-Size is ${chain.linkedSize} bytes, ${expectedSize} before`);
        }
        if (this.etagKnown && chain.etag !== this.etag) {
            throw changed(`its ETag is ${chain.etag ?? "missing"} now, ${this.etag ?? "missing"} before`);
        }
        if (!this.etagKnown) {
            this.etag = chain.etag;
            this.etagKnown = true;
        }
        if (this.commit !== null && chain.commit !== null && chain.commit !== this.commit) {
            throw changed(`the server sent commit ${chain.commit} instead of the pinned ${this.commit}`);
        }
    }
    statusError(response) {
        const status = response.status;
        const shown = (0,visible_text/* quoteForMessage */.Hx)(this.name);
        const url = shownUrl(this.url);
        if (isTransientStatus(status)) {
            return new TransientError(`HTTP ${status}`, parseRetryAfter(response.headers.get("retry-after")));
        }
        if (status === 401 || status === 403) {
            return new src_errors/* InputError */.dz(`${shown}: access denied (HTTP ${status}) at ${url}. The repository may be private or gated: set HF_TOKEN (or the hf-token input) to a token with access to it.`);
        }
        if (status === 404) {
            const code = response.headers.get("x-error-code");
            const advice = this.onHub
                ? "Check the reference and the revision."
                : "Check the URL: it must name a .safetensors file or a .safetensors.index.json shard index on that server.";
            return new src_errors/* InputError */.dz(`${shown}: not found (HTTP 404${code ? `, ${code}` : ""}) at ${url}. ${advice}`);
        }
        if (status === 416) {
            return new src_errors/* FormatError */.IF(this.name, `${shown}: the server rejected a byte range inside the file's size (HTTP 416), so the file is shorter than listed. It may have changed during the diff; run the diff again.`);
        }
        return new src_errors/* InputError */.dz(`${shown}: the server returned HTTP ${status} at ${url}. Check the URL and the server.`);
    }
    /** Copies the body of a response for bytes [start, end] to `sink`, chunk by chunk. */
    async streamBody(response, start, end, sink) {
        const expected = end - start + 1;
        const body = response.body;
        if (body === null) {
            throw new TransientError(`the response for bytes ${start}-${end} had no body`);
        }
        let received = 0;
        const reader = body.getReader();
        try {
            for (;;) {
                const { done, value } = await reader.read();
                if (done)
                    break;
                if (received + value.byteLength > expected) {
                    throw new src_errors/* FormatError */.IF(this.name, `${(0,visible_text/* quoteForMessage */.Hx)(this.name)}: the server sent more than the ${expected} bytes requested for bytes ${start}-${end}. Check that the server supports HTTP range requests.`);
                }
                sink(value);
                received += value.byteLength;
            }
        }
        finally {
            reader.releaseLock();
        }
        if (received < expected) {
            throw new TransientError(`the connection closed after ${received} of ${expected} bytes of bytes ${start}-${end}`);
        }
    }
}
/** Aborts a request when no byte arrives for a while; each call to touch restarts the wait. */
class IdleTimer {
    controller;
    timeoutMs;
    fired = false;
    timer;
    constructor(controller, timeoutMs) {
        this.controller = controller;
        this.timeoutMs = timeoutMs;
        this.timer = this.start();
    }
    touch() {
        clearTimeout(this.timer);
        this.timer = this.start();
    }
    stop() {
        clearTimeout(this.timer);
    }
    message() {
        return `timed out after ${this.timeoutMs / 1000} s without data`;
    }
    start() {
        return setTimeout(() => {
            this.fired = true;
            this.controller.abort();
        }, this.timeoutMs);
    }
}

;// CONCATENATED MODULE: ./src/hub/client.ts
/**
 * Calls to the Hugging Face Hub API through @huggingface/hub: a revision resolved to its commit
 * sha, and the file listing of a commit with sizes and LFS SHA-256. The transport handed to the
 * library retries transient failures, drops the token on any request to another origin than the
 * endpoint's, and keeps the X-Error-Code of failed responses for the error messages.
 */





const COMMIT_SHA = /^[0-9a-f]{40}$/;
let hubLibrary;
/**
 * Loads @huggingface/hub on its first use. The bundles keep it in a chunk of its own, so a diff
 * of local files starts without it: `model-diff --version` took 30 ms less on the development VM.
 */
function loadHubLibrary() {
    hubLibrary ??= __nccwpck_require__.e(/* import() */ 429).then(__nccwpck_require__.bind(__nccwpck_require__, 429));
    return hubLibrary;
}
/** Redirects followed per API request; the Hub redirects a renamed repository once. */
const MAX_API_REDIRECTS = 5;
/**
 * A fetch for the library: retries, error codes recorded, and every request kept on the
 * endpoint's origin. Redirects are followed by hand and only within that origin. A request the
 * library builds for another origin (a pagination link) is rejected. So neither the token nor
 * the repository names go to another host, or over plain http from an https endpoint.
 */
class HubTransport {
    connection;
    repo;
    /** X-Error-Code of failed responses, by URL. */
    errorCodes = new Map();
    origin;
    constructor(connection, 
    /** Repository the calls are about, for messages. */
    repo) {
        this.connection = connection;
        this.repo = repo;
        this.origin = new URL(connection.endpoint).origin;
    }
    fetch = async (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        this.checkOrigin(url, null);
        const headers = new Headers(init?.headers);
        const settings = this.connection.retry ?? DEFAULT_RETRY_SETTINGS;
        let last;
        return withRetries(settings, shownUrl(url), async () => {
            // The timeout covers the body too, which the library reads after this returns.
            const timeout = AbortSignal.timeout(settings.idleTimeoutMs);
            const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
            const response = await this.followRedirects(url, { ...init, headers, signal });
            if (isTransientStatus(response.status)) {
                last = response;
                await response.body?.cancel();
                throw new TransientError(`HTTP ${response.status}`, parseRetryAfter(response.headers.get("retry-after")));
            }
            const code = response.headers.get("x-error-code");
            if (!response.ok && code !== null)
                this.errorCodes.set(response.url || url, code);
            return response;
        }, this.connection.onRetry, (error, attempts) => new HubUnreachable(error.message, attempts, last?.status ?? null, error.advice));
    };
    async followRedirects(url, init) {
        const transport = this.connection.fetch ?? fetch;
        let current = url;
        for (let hop = 0;; hop++) {
            let response;
            try {
                response = await transport(current, { ...init, redirect: "manual" });
            }
            catch (error) {
                throw fetchFailureError(error, current, true, `Hub repository ${(0,visible_text/* quoteForMessage */.Hx)(this.repo)}`);
            }
            const location = response.headers.get("location");
            if (response.status < 300 || response.status >= 400 || location === null)
                return response;
            await response.body?.cancel();
            if (hop >= MAX_API_REDIRECTS) {
                throw new src_errors/* InputError */.dz(`Hub repository ${(0,visible_text/* quoteForMessage */.Hx)(this.repo)}: more than ${MAX_API_REDIRECTS} redirects from ${shownUrl(url)}. Check the Hub endpoint (HF_ENDPOINT, --hf-endpoint or the hf-endpoint input).`);
            }
            let target;
            try {
                target = new URL(location, current).href;
            }
            catch {
                target = "invalid:";
            }
            this.checkOrigin(target, current);
            current = target;
        }
    }
    /** Rejects a request to another origin than the endpoint's. `from` is the redirecting URL. */
    checkOrigin(url, from) {
        let origin = null;
        try {
            origin = new URL(url).origin;
        }
        catch {
            origin = null;
        }
        if (origin === this.origin)
            return;
        const shown = origin === null || origin === "null" ? (0,visible_text/* quoteForMessage */.Hx)(url) : shownUrl(url);
        const cause = from === null
            ? `the Hub API pointed the next request at ${shown}`
            : `the Hub API at ${shownUrl(from)} redirected to ${shown}`;
        throw new src_errors/* InputError */.dz(`Hub repository ${(0,visible_text/* quoteForMessage */.Hx)(this.repo)}: ${cause}, which is not on the endpoint's origin ${this.origin}. model-diff sends Hub API requests to that origin only, so it stopped. Check the Hub endpoint (HF_ENDPOINT, --hf-endpoint or the hf-endpoint input); use the origin the API redirects to if it is the right one.`);
    }
}
/** A Hub API call that returned an error status, with the Hub's X-Error-Code when it sent one. */
class HubError extends src_errors/* InputError */.dz {
    status;
    code;
    name = "HubError";
    constructor(message, status, 
    /** X-Error-Code, such as RepoNotFound, RevisionNotFound or GatedRepo; null when absent. */
    code) {
        super(message);
        this.status = status;
        this.code = code;
    }
}
/** A Hub call whose attempts all failed transiently. */
class HubUnreachable extends Error {
    reason;
    attempts;
    status;
    advice;
    constructor(reason, attempts, status, 
    /** Advice for a network failure, or null for an HTTP status. */
    advice) {
        super(reason);
        this.reason = reason;
        this.attempts = attempts;
        this.status = status;
        this.advice = advice;
    }
}
/**
 * Turns a failed Hub call into an InputError that names the repository, the revision and what
 * to do. Never includes the token, which no message or URL contains.
 */
function hubError(error, library, transport, repo, revision, connection) {
    const shown = (0,visible_text/* quoteForMessage */.Hx)(repo);
    if (error instanceof HubUnreachable) {
        let advice = error.advice ?? "Check the Hub endpoint (HF_ENDPOINT), then try again.";
        if (error.status === 429) {
            advice =
                "The Hub is rate limiting requests: wait a few minutes and try again, or set HF_TOKEN, which raises the limits.";
        }
        return new src_errors/* InputError */.dz(`Hub repository ${shown}: the request to ${connection.endpoint} failed after ${error.attempts} attempts (${error.reason}). ${advice}`);
    }
    if (!(error instanceof library.HubApiError)) {
        // A timeout while the library reads a response body ends up here, outside the retries.
        const name = error?.name;
        if (name !== "TimeoutError" && name !== "AbortError")
            return error;
        const failure = describeFetchFailure(error, connection.endpoint);
        if (failure === null)
            return error;
        return new src_errors/* InputError */.dz(`Hub repository ${shown}: the request to ${connection.endpoint} failed (${failure.reason}). ${networkAdvice(failure, true)}`);
    }
    const code = transport.errorCodes.get(error.url) ?? null;
    const status = error.statusCode;
    const tokenAdvice = connection.token === null
        ? "If it is private or gated, set HF_TOKEN (or the hf-token input) to a token with access to it."
        : "The token in HF_TOKEN (or the hf-token input) has no access to it: request access on the Hub, or use a token that has it.";
    if (code === "RevisionNotFound") {
        return new HubError(`Hub repository ${shown} has no revision ${(0,visible_text/* quoteForMessage */.Hx)(revision)} (HTTP ${status}, RevisionNotFound). Check the branch, tag or commit sha.`, status, code);
    }
    if (code === "EntryNotFound") {
        return new HubError(`Hub repository ${shown} at ${(0,visible_text/* quoteForMessage */.Hx)(revision)}: the path was not found (HTTP ${status}, EntryNotFound). Check the folder or file in the reference.`, status, code);
    }
    if (code === "GatedRepo" || status === 401 || status === 403) {
        const what = code === "GatedRepo" ? "is gated" : "was not found or is private";
        return new HubError(`Hub repository ${shown} ${what} (HTTP ${status}${code ? `, ${code}` : ""}). ${tokenAdvice}`, status, code);
    }
    if (status === 404) {
        return new HubError(`Hub repository ${shown} was not found (HTTP 404${code ? `, ${code}` : ""}) at ${connection.endpoint}. Check the name; ${tokenAdvice.charAt(0).toLowerCase()}${tokenAdvice.slice(1)}`, status, code);
    }
    return new HubError(`Hub repository ${shown}: the Hub returned HTTP ${status} at ${shownUrl(error.url)}. Try again later.`, status, code);
}
function credentials(connection) {
    return connection.token === null ? {} : { accessToken: connection.token };
}
/** Resolves a branch, tag, sha or `refs/pr/N` to the 40-hex commit sha it points at now. */
async function resolveCommit(connection, repo, revision) {
    const library = await loadHubLibrary();
    const transport = new HubTransport(connection, repo);
    let sha;
    try {
        const info = await library.modelInfo({
            name: repo,
            revision,
            additionalFields: ["sha"],
            hubUrl: connection.endpoint,
            fetch: transport.fetch,
            ...credentials(connection),
        });
        sha = info.sha;
    }
    catch (error) {
        throw hubError(error, library, transport, repo, revision, connection);
    }
    if (typeof sha !== "string" || !COMMIT_SHA.test(sha)) {
        throw new src_errors/* InputError */.dz(`Hub repository ${(0,visible_text/* quoteForMessage */.Hx)(repo)}: the Hub returned no commit sha for revision ${(0,visible_text/* quoteForMessage */.Hx)(revision)}. Check the Hub endpoint (HF_ENDPOINT).`);
    }
    return sha;
}
/** Encodes a repository path for a URL, segment by segment. */
function encodeRepoPath(path) {
    return path.split("/").map(encodeURIComponent).join("/");
}
/** Lists every file under `folder` (the root when null) at `commit`, recursively. */
async function listRepoFiles(connection, repo, commit, folder) {
    const library = await loadHubLibrary();
    const transport = new HubTransport(connection, repo);
    const files = [];
    try {
        const entries = library.listFiles({
            repo,
            revision: commit,
            recursive: true,
            ...(folder === null ? {} : { path: encodeRepoPath(folder) }),
            hubUrl: connection.endpoint,
            fetch: transport.fetch,
            ...credentials(connection),
        });
        for await (const entry of entries) {
            if (entry.type !== "file")
                continue;
            files.push({
                path: entry.path,
                size: entry.lfs?.size ?? entry.size,
                sha256: entry.lfs?.oid ?? null,
            });
        }
    }
    catch (error) {
        throw hubError(error, library, transport, repo, commit, connection);
    }
    return files;
}
/** Returns the URL of a file's bytes at a commit: the /resolve/ path, which serves range requests. */
function resolveUrl(endpoint, repo, commit, path) {
    return `${endpoint}/${repo}/resolve/${commit}/${encodeRepoPath(path)}`;
}

;// CONCATENATED MODULE: ./src/hub/reference.ts
/**
 * Parsing of checkpoint references: a local path, a Hub repository (`hf://org/name@rev/sub`, or
 * a bare `org/name@rev` when neither `org/name@rev` nor `org` exists locally), or an http(s) URL
 * of a safetensors file or shard index.
 */


const HUB_SCHEME = "hf://";
/**
 * One part of a repository id. The Hub allows letters, digits, `-`, `_` and `.`, with no `--`
 * or `..` and at most 96 characters.
 */
const REPO_PART = /^(?!.*(?:--|\.\.))[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;
/** `org/name` or `org/name@revision`, with no further path: the bare Hub form. */
const BARE_REPO = /^([^/@\s]+)\/([^/@\s]+)(?:@([^/\s]+))?$/;
/** File names a Hub or URL reference may point at directly. */
const WEIGHT_FILE_SUFFIXES = [".safetensors.index.json", ".safetensors"];
function isWeightFilePath(path) {
    return WEIGHT_FILE_SUFFIXES.some((suffix) => path.endsWith(suffix));
}
/**
 * A URL scheme such as `ftp://`, which is neither a Hub reference nor an http(s) URL. Two
 * letters at least, so a Windows drive letter is never taken for one.
 */
const OTHER_SCHEME = /^([a-z][a-z0-9+.-]+):\/\//i;
/**
 * Parses `text` as given for the base or head. `revisionOption` is the plain revision given
 * apart (`--base-revision`), and `option` names it in messages. A bare `ORG/NAME[@REV]` is a
 * local path when `localPathExists` (relative to the working directory) finds that path or
 * `ORG`. An existing `ORG` makes a typo in a local path more likely than a Hub id, and sending
 * the name to the Hub would leak local folder names.
 */
function parseReference(text, revisionOption, option, localPathExists) {
    let reference;
    if (text.startsWith(HUB_SCHEME)) {
        reference = parseHubUri(text);
    }
    else if (/^https?:\/\//i.test(text)) {
        reference = parseUrl(text);
    }
    else if (OTHER_SCHEME.test(text) && !localPathExists(text)) {
        const scheme = OTHER_SCHEME.exec(text)?.[1];
        throw new src_errors/* UsageError */.eb(`${(0,visible_text/* quoteForMessage */.Hx)(text)}: ${scheme}:// references cannot be read. Give a local path, an http or https URL, or a Hub reference (hf://ORG/NAME).`);
    }
    else {
        const bare = BARE_REPO.exec(text);
        const org = bare?.[1];
        const name = bare?.[2];
        const hubForm = org !== undefined && name !== undefined && isRepoId(org, name);
        if (hubForm && !localPathExists(text) && !localPathExists(org)) {
            reference = {
                kind: "hub",
                repo: `${org}/${name}`,
                revision: bare?.[3] === undefined ? null : decodeRevision(bare[3], text),
                path: null,
                bare: true,
            };
        }
        else {
            reference = { kind: "local", path: text, hubAlternative: hubForm ? `hf://${text}` : null };
        }
    }
    return withRevisionOption(reference, revisionOption, option, text);
}
function isRepoId(org, name) {
    return org !== undefined && name !== undefined && REPO_PART.test(org) && REPO_PART.test(name);
}
function withRevisionOption(reference, revisionOption, option, text) {
    if (revisionOption === null)
        return reference;
    if (reference.kind !== "hub") {
        throw new src_errors/* UsageError */.eb(`${option} applies to Hub references only, but ${(0,visible_text/* quoteForMessage */.Hx)(text)} is ${reference.kind === "url" ? "a URL" : "a local path"}. Leave out ${option}.`);
    }
    checkRevision(revisionOption, option);
    if (reference.revision !== null && reference.revision !== revisionOption) {
        throw new src_errors/* UsageError */.eb(`${(0,visible_text/* quoteForMessage */.Hx)(text)} names revision ${(0,visible_text/* quoteForMessage */.Hx)(reference.revision)}, but ${option} gives ${(0,visible_text/* quoteForMessage */.Hx)(revisionOption)}. Give the revision in one place.`);
    }
    return { ...reference, revision: revisionOption };
}
function checkRevision(revision, where) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the purpose.
    if (revision === "" || /[\s\u0000-\u001f\u007f]/.test(revision) || revision.includes("..")) {
        throw new src_errors/* UsageError */.eb(`${where}: ${(0,visible_text/* quoteForMessage */.Hx)(revision)} is not a valid revision. Give a branch, tag, commit sha or refs/pr/N.`);
    }
}
function decodeRevision(encoded, text) {
    let revision;
    try {
        revision = decodeURIComponent(encoded);
    }
    catch {
        throw new src_errors/* UsageError */.eb(`${(0,visible_text/* quoteForMessage */.Hx)(text)}: the revision ${(0,visible_text/* quoteForMessage */.Hx)(encoded)} has an invalid percent-encoding. Write a slash in a revision as %2F, for example @refs%2Fpr%2F1.`);
    }
    checkRevision(revision, (0,visible_text/* quoteForMessage */.Hx)(text));
    return revision;
}
/** Parses `hf://org/name[@rev][/path]`; a revision with slashes is written percent-encoded. */
function parseHubUri(text) {
    const rest = text.slice(HUB_SCHEME.length);
    const segments = rest.split("/");
    const org = segments[0];
    const nameAndRevision = segments[1];
    const usage = `Write it as hf://ORG/NAME, hf://ORG/NAME@REVISION or hf://ORG/NAME@REVISION/FOLDER (a revision with slashes percent-encoded, as in @refs%2Fpr%2F1).`;
    if (org === undefined || nameAndRevision === undefined) {
        throw new src_errors/* UsageError */.eb(`${(0,visible_text/* quoteForMessage */.Hx)(text)} is not a Hub reference. ${usage}`);
    }
    const at = nameAndRevision.indexOf("@");
    const name = at === -1 ? nameAndRevision : nameAndRevision.slice(0, at);
    if (!isRepoId(org, name)) {
        throw new src_errors/* UsageError */.eb(`${(0,visible_text/* quoteForMessage */.Hx)(text)}: ${(0,visible_text/* quoteForMessage */.Hx)(`${org}/${name}`)} is not a valid repository id (letters, digits, "-", "_" and "." only). ${usage}`);
    }
    const revision = at === -1 ? null : decodeRevision(nameAndRevision.slice(at + 1), text);
    const pathSegments = segments.slice(2);
    if (pathSegments.length > 0 && pathSegments[pathSegments.length - 1] === "")
        pathSegments.pop();
    const decoded = pathSegments.map((segment) => {
        let value;
        try {
            value = decodeURIComponent(segment);
        }
        catch {
            throw new src_errors/* UsageError */.eb(`${(0,visible_text/* quoteForMessage */.Hx)(text)}: the path segment ${(0,visible_text/* quoteForMessage */.Hx)(segment)} has an invalid percent-encoding. ${usage}`);
        }
        if (value === "" || value === "." || value === ".." || value.includes("/")) {
            throw new src_errors/* UsageError */.eb(`${(0,visible_text/* quoteForMessage */.Hx)(text)}: the path inside the repository has an empty, "." or ".." segment. ${usage}`);
        }
        return value;
    });
    return {
        kind: "hub",
        repo: `${org}/${name}`,
        revision,
        path: decoded.length === 0 ? null : decoded.join("/"),
        bare: false,
    };
}
function parseUrl(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new src_errors/* UsageError */.eb(`${(0,visible_text/* quoteForMessage */.Hx)(text)} is not a valid URL.`);
    }
    if (url.username !== "" || url.password !== "") {
        throw new src_errors/* UsageError */.eb(`${(0,visible_text/* quoteForMessage */.Hx)(`${url.protocol}//${url.host}${url.pathname}`)}: the URL contains credentials, which would end up in the report. For a Hub, use an hf:// reference and HF_TOKEN instead.`);
    }
    const path = decodeURIComponent(url.pathname);
    if (!isWeightFilePath(path)) {
        throw new src_errors/* UsageError */.eb(`${(0,visible_text/* quoteForMessage */.Hx)(`${url.origin}${url.pathname}`)}: a URL reference must point at a .safetensors file or a .safetensors.index.json shard index. For a Hub repository, use hf://ORG/NAME.`);
    }
    url.hash = "";
    return { kind: "url", url: url.href };
}

// EXTERNAL MODULE: ./src/options.ts
var options = __nccwpck_require__(381);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/format/limits.ts
/**
 * Limits on what a checkpoint may declare, checked before anything is allocated in proportion to
 * a declared length. Each limit has a default and an environment variable that overrides it.
 */


/** Max bytes of a safetensors JSON header, the same 100,000,000 as the huggingface/safetensors crate. */
const MAX_HEADER_BYTES = 100_000_000;
/**
 * Max tensors in one safetensors file or one shard index. Each tensor costs a parsed entry in
 * memory, and public checkpoints hold far fewer (an estimate: under 100,000 per file).
 */
const MAX_TENSOR_COUNT = 1_000_000;
/** Max dimensions of one tensor: NumPy 2 arrays have at most 64 (NPY_MAXDIMS). */
const MAX_DIMS = 64;
/**
 * Max shard files named by one index. Every shard stays open as a file handle for the whole diff,
 * and large public checkpoints use a few hundred shards (an estimate).
 */
const MAX_SHARD_COUNT = 10_000;
/**
 * Max bytes of a `*.safetensors.index.json` file. A weight_map entry takes about 100 bytes, so
 * this fits MAX_TENSOR_COUNT entries.
 */
const MAX_INDEX_BYTES = 100_000_000;
/**
 * Max nesting depth of the JSON in a safetensors header or a shard index, counting the top-level
 * object as 1. A header needs 3 (object, tensor entry, shape array) and an index 3 (object,
 * weight_map or metadata, a value), plus whatever a non-string metadata value nests. Deeper JSON
 * would overflow the stack of recursive code such as JSON.stringify when the report is written.
 * NOTE: raising it to some thousands brings that overflow back.
 */
const MAX_JSON_DEPTH = 64;
/** Constant name, environment variable and unit of each limit, for messages. */
const LIMIT_INFO = {
    maxHeaderBytes: {
        constant: "MAX_HEADER_BYTES",
        envVar: "MODEL_DIFF_MAX_HEADER_BYTES",
        unit: "bytes",
    },
    maxTensorCount: {
        constant: "MAX_TENSOR_COUNT",
        envVar: "MODEL_DIFF_MAX_TENSOR_COUNT",
        unit: "tensors",
    },
    maxDims: { constant: "MAX_DIMS", envVar: "MODEL_DIFF_MAX_DIMS", unit: "dimensions" },
    maxShardCount: {
        constant: "MAX_SHARD_COUNT",
        envVar: "MODEL_DIFF_MAX_SHARD_COUNT",
        unit: "shards",
    },
    maxIndexBytes: {
        constant: "MAX_INDEX_BYTES",
        envVar: "MODEL_DIFF_MAX_INDEX_BYTES",
        unit: "bytes",
    },
    maxJsonDepth: {
        constant: "MAX_JSON_DEPTH",
        envVar: "MODEL_DIFF_MAX_JSON_DEPTH",
        unit: "levels",
    },
};
const limits_DEFAULT_LIMITS = Object.freeze({
    maxHeaderBytes: MAX_HEADER_BYTES,
    maxTensorCount: MAX_TENSOR_COUNT,
    maxDims: MAX_DIMS,
    maxShardCount: MAX_SHARD_COUNT,
    maxIndexBytes: MAX_INDEX_BYTES,
    maxJsonDepth: MAX_JSON_DEPTH,
});
/**
 * Builds the limits from environment variables such as `MODEL_DIFF_MAX_HEADER_BYTES`, falling
 * back to the defaults. Throws a UsageError naming the variable when a value is not a positive
 * decimal integer of at most 2^53 - 1.
 */
function limitsFromEnv(env) {
    const limits = { ...limits_DEFAULT_LIMITS };
    for (const name of Object.keys(LIMIT_INFO)) {
        const { envVar } = LIMIT_INFO[name];
        const raw = env[envVar];
        if (raw === undefined || raw.trim() === "")
            continue;
        const text = raw.trim();
        const value = Number(text);
        if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
            throw new src_errors/* UsageError */.eb(`${envVar}=${JSON.stringify(raw)} is not a valid limit: expected a positive whole number ` +
                `of ${LIMIT_INFO[name].unit} (default ${limits_DEFAULT_LIMITS[name]}). Fix or unset the variable.`);
        }
        limits[name] = value;
    }
    return Object.freeze(limits);
}
/**
 * Builds the LimitError for input that exceeds `name`. `what` describes the input and its size,
 * for example "the header length is 120000000 bytes".
 */
function limitError(file, name, limits, what) {
    const { constant, envVar, unit } = LIMIT_INFO[name];
    // Every unit is a regular plural, so the singular drops the final "s".
    const shownUnit = limits[name] === 1 ? unit.slice(0, -1) : unit;
    return new src_errors/* LimitError */.oC(file, constant, `${(0,visible_text/* quoteForMessage */.Hx)(file)}: ${what}, more than the limit ${constant} of ${limits[name]} ${shownUnit}. ` +
        `If the file is genuine, raise the limit with the environment variable ${envVar}.`);
}

;// CONCATENATED MODULE: ./src/format/file-kind.ts
/**
 * Recognizes files that are often saved under a weights name but are not safetensors, so the
 * error names the real format and how to get the weights, not a header-length problem.
 */



/** Bytes to read for sniffing. The Git LFS specification keeps pointer files below 1024 bytes. */
const SNIFF_BYTES = 1024;
const LFS_PREFIX = "version https://git-lfs";
/**
 * Returns what the first bytes of a file show it to be; "unknown" covers safetensors too.
 * A valid safetensors file may start with 0x80 0x02 (a header of 640 bytes), so call this only
 * when the 8-byte header length or the header text is not plausible.
 */
function sniffFileKind(firstBytes) {
    if (startsWithAscii(firstBytes, LFS_PREFIX))
        return "git-lfs-pointer";
    // Local file header of a zip archive, which torch.save writes since PyTorch 1.6.
    if (startsWithBytes(firstBytes, [0x50, 0x4b, 0x03, 0x04]))
        return "zip";
    if (startsWithAscii(firstBytes, "GGUF"))
        return "gguf";
    // PROTO opcode followed by protocol 2 to 5, as older torch.save output begins.
    const protocol = firstBytes[1];
    if (firstBytes[0] === 0x80 && protocol !== undefined && protocol >= 2 && protocol <= 5) {
        return "pickle";
    }
    return "unknown";
}
/** Returns the InputError for a recognized non-safetensors file, or undefined for "unknown". */
function fileKindError(file, kind, firstBytes) {
    const shownFile = (0,visible_text/* quoteForMessage */.Hx)(file);
    switch (kind) {
        case "git-lfs-pointer": {
            // A 64-bit size has at most 20 digits, so a longer run is not a size worth showing.
            const size = Number(/\nsize (\d{1,20})\b/.exec(new TextDecoder().decode(firstBytes))?.[1]);
            // A size past 2^53 cannot be shown exactly as a number, and no real object is that large.
            const object = Number.isSafeInteger(size)
                ? ` The object it stands for is ${formatBytes(size)}.`
                : "";
            return new src_errors/* InputError */.dz(`${shownFile}: this is a Git LFS pointer file, not the weights.${object} ` +
                "Fetch the LFS objects with `git lfs pull`, or in GitHub Actions check out with " +
                "`actions/checkout` and `lfs: true`.");
        }
        case "zip":
            return new src_errors/* InputError */.dz(`${shownFile}: this is a zip archive (it starts with "PK\\x03\\x04"), the format torch.save ` +
                "writes for PyTorch .bin and .pt checkpoints, not safetensors. Convert it to safetensors " +
                "(for example torch.load, then safetensors.torch.save_file) and compare the converted files.");
        case "pickle":
            return new src_errors/* InputError */.dz(`${shownFile}: this is a Python pickle (protocol ${firstBytes[1]}), the format of older PyTorch ` +
                ".bin checkpoints, not safetensors. Convert it to safetensors (for example torch.load, " +
                "then safetensors.torch.save_file) and compare the converted files.");
        case "gguf":
            return new src_errors/* InputError */.dz(`${shownFile}: this is a GGUF file (the llama.cpp format), which model-diff does not read. ` +
                "Compare the safetensors files it was converted from.");
        case "unknown":
            return undefined;
    }
}
function startsWithAscii(bytes, prefix) {
    if (bytes.byteLength < prefix.length)
        return false;
    for (let i = 0; i < prefix.length; i++) {
        if (bytes[i] !== prefix.charCodeAt(i))
            return false;
    }
    return true;
}
function startsWithBytes(bytes, prefix) {
    return prefix.every((value, i) => bytes[i] === value);
}

;// CONCATENATED MODULE: external "node:buffer"
const external_node_buffer_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");
;// CONCATENATED MODULE: ./src/format/header-fast-path.ts
/**
 * A single-pass reader for safetensors headers in the form that writers produce: one JSON object
 * of tensor entries with exactly the keys dtype, shape and data_offsets, whose numbers are plain
 * integers, plus an optional `__metadata__` object of strings. It reads the header bytes once and
 * builds each tensor without an intermediate JSON value.
 *
 * It returns undefined as soon as the header leaves that form or breaks a rule, and the general
 * reader in safetensors.ts then parses the header and writes the diagnosis. A header it accepts
 * gets the same result from the general reader, so this module adds speed and no rule of its own.
 * Headers outside the form also take the general reader: number spellings such as `4.0` (which
 * it rejects), non-string metadata values, escaped dtype or entry keys, and tensor names made of
 * digits only, which JSON.parse orders before the other keys.
 */


/** JSON nesting depth of the form: header object, tensor entry, shape array. */
const FORM_DEPTH = 3;
/** Digits of 2^53 - 1, so a longer integer cannot be a safe integer. */
const MAX_SAFE_DIGITS = 16;
const METADATA_KEY = "__metadata__";
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
/** Returned by peek at the end of the header. */
const END = -1;
const encoder = new TextEncoder();
const DTYPE_SPELLINGS = SUPPORTED_DTYPES.map((dtype) => ({ dtype, bytes: encoder.encode(dtype) }));
const DTYPE_KEY = encoder.encode("dtype");
const SHAPE_KEY = encoder.encode("shape");
const OFFSETS_KEY = encoder.encode("data_offsets");
const NULL_LITERAL = encoder.encode("null");
/**
 * Reads a header in the writers' form. `bytes` are the header bytes, `dataStart` is 8 plus their
 * length, and `fileSize` the size of the whole file. Returns undefined when the header is outside
 * the form or breaks any rule or limit, and the caller then runs the general reader.
 */
function readHeaderFastPath(bytes, dataStart, fileSize, limits, makeTensor) {
    if (limits.maxJsonDepth < FORM_DEPTH)
        return undefined;
    const scanner = new HeaderScanner(bytes, fileSize - dataStart, dataStart, limits);
    const read = scanner.readHeader(makeTensor);
    if (read === undefined || scanner.peek() !== END)
        return undefined;
    // Strings were decoded without checks, so the whole header must be valid UTF-8 to be trusted.
    if (scanner.nonAscii && !(0,external_node_buffer_namespaceObject.isUtf8)(bytes))
        return undefined;
    // Stable, so zero-size tensors that share an offset keep their header order.
    read.tensors.sort((a, b) => a.byteOffset - b.byteOffset || a.byteLength - b.byteLength);
    if (!tilesDataSection(read.tensors, dataStart, fileSize))
        return undefined;
    return read;
}
/**
 * Checks that the tensors, sorted by offset, cover the data section exactly. Each tensor with
 * data starts where the previous one ended, and the last one ends at the end of the file.
 * Zero-size tensors point inside the data section or at its end.
 */
function tilesDataSection(tensors, dataStart, fileSize) {
    let cursor = dataStart;
    for (const tensor of tensors) {
        if (tensor.byteLength === 0) {
            if (tensor.byteOffset > fileSize)
                return false;
        }
        else {
            if (tensor.byteOffset !== cursor)
                return false;
            cursor += tensor.byteLength;
        }
    }
    return cursor === fileSize;
}
/** Returns whether `list` starts with the elements of `prefix`. */
function startsWith(list, prefix) {
    for (let i = 0; i < prefix.length; i++) {
        if (list[i] !== prefix[i])
            return false;
    }
    return true;
}
/** Returns whether a name consists of digits only, as array indexes do. */
function isDigitsOnly(name) {
    if (name.length === 0)
        return false;
    for (let i = 0; i < name.length; i++) {
        const code = name.charCodeAt(i);
        if (code < DIGIT_ZERO || code > DIGIT_NINE)
            return false;
    }
    return true;
}
class HeaderScanner {
    bytes;
    dataLength;
    dataStart;
    limits;
    /** Position of the next byte to read. */
    pos = 0;
    /** Content of the last string scanned: from just after its opening quote to its closing quote. */
    stringStart = 0;
    stringEnd = 0;
    /** Whether the last string scanned contains a backslash escape. */
    escaped = false;
    /** Whether any string contains a byte of 0x80 or more. */
    nonAscii = false;
    text;
    /** Dimensions of the shape being read, reused from entry to entry. */
    dims = [];
    /** The last shape read with each hash of its dimensions. */
    shapes = new Map();
    constructor(bytes, dataLength, dataStart, limits) {
        this.bytes = bytes;
        this.dataLength = dataLength;
        this.dataStart = dataStart;
        this.limits = limits;
        this.text = external_node_buffer_namespaceObject.Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    /** Skips JSON whitespace and returns the next byte without consuming it, or END. */
    peek() {
        const bytes = this.bytes;
        let pos = this.pos;
        while (pos < bytes.length) {
            const byte = bytes[pos];
            if (byte !== SPACE && byte !== LINE_FEED && byte !== CARRIAGE_RETURN && byte !== TAB) {
                this.pos = pos;
                return byte;
            }
            pos++;
        }
        this.pos = pos;
        return END;
    }
    /** Skips whitespace and consumes `byte`, or returns false when another byte comes first. */
    take(byte) {
        if (this.peek() !== byte)
            return false;
        this.pos++;
        return true;
    }
    readHeader(makeTensor) {
        if (!this.take(OPEN_BRACE))
            return undefined;
        const names = new Set();
        const tensors = [];
        let metadata;
        if (this.take(CLOSE_BRACE))
            return { tensors, metadata: {} };
        do {
            const name = this.readString();
            if (name === undefined || !this.take(COLON))
                return undefined;
            if (name === METADATA_KEY) {
                if (metadata !== undefined)
                    return undefined;
                metadata = this.readMetadata();
                if (metadata === undefined)
                    return undefined;
                continue;
            }
            // JSON.parse lists array-index keys first, so such names would leave the header's order.
            if (isDigitsOnly(name))
                return undefined;
            const count = names.size;
            names.add(name);
            if (names.size === count || names.size > this.limits.maxTensorCount)
                return undefined;
            const tensor = this.readEntry(name, makeTensor);
            if (tensor === undefined)
                return undefined;
            tensors.push(tensor);
        } while (this.take(COMMA));
        if (!this.take(CLOSE_BRACE))
            return undefined;
        return { tensors, metadata: metadata ?? {} };
    }
    /**
     * Consumes the string at the next non-whitespace byte and sets `stringStart`, `stringEnd` and
     * `escaped`. Returns false when there is no string there, or it contains a control character
     * or has no closing quote.
     */
    scanString() {
        if (this.peek() !== QUOTE)
            return false;
        const bytes = this.bytes;
        const start = this.pos + 1;
        let escaped = false;
        for (let i = start; i < bytes.length; i++) {
            const byte = bytes[i];
            if (byte === QUOTE) {
                this.stringStart = start;
                this.stringEnd = i;
                this.escaped = escaped;
                this.pos = i + 1;
                return true;
            }
            if (byte === BACKSLASH) {
                escaped = true;
                i++;
            }
            else if (byte < SPACE) {
                return false;
            }
            else if (byte >= 0x80) {
                this.nonAscii = true;
            }
        }
        return false;
    }
    /** Consumes a string and returns its value, or undefined when it is not a valid string. */
    readString() {
        if (!this.scanString())
            return undefined;
        if (!this.escaped)
            return this.text.toString("utf8", this.stringStart, this.stringEnd);
        try {
            const quoted = this.text.toString("utf8", this.stringStart - 1, this.stringEnd + 1);
            return JSON.parse(quoted);
        }
        catch {
            return undefined;
        }
    }
    /** Returns whether the last string scanned is `word` and has no escapes. */
    stringIs(word) {
        return (!this.escaped &&
            this.stringEnd - this.stringStart === word.length &&
            this.matches(this.stringStart, word));
    }
    /** Returns whether the bytes from `start` on begin with `word`. */
    matches(start, word) {
        for (let i = 0; i < word.length; i++) {
            if (this.bytes[start + i] !== word[i])
                return false;
        }
        return true;
    }
    readEntry(name, makeTensor) {
        if (!this.take(OPEN_BRACE))
            return undefined;
        let dtype;
        let shape;
        let begin = -1;
        let end = -1;
        // Exactly three distinct keys, each one of the three known ones.
        for (let field = 0; field < 3; field++) {
            if (field > 0 && !this.take(COMMA))
                return undefined;
            if (!this.scanString() || !this.take(COLON))
                return undefined;
            if (this.stringIs(DTYPE_KEY) && dtype === undefined) {
                dtype = this.readDtype();
                if (dtype === undefined)
                    return undefined;
            }
            else if (this.stringIs(SHAPE_KEY) && shape === undefined) {
                shape = this.readShape();
                if (shape === undefined)
                    return undefined;
            }
            else if (this.stringIs(OFFSETS_KEY) && begin < 0) {
                if (!this.take(OPEN_BRACKET))
                    return undefined;
                begin = this.readCount();
                if (begin < 0 || !this.take(COMMA))
                    return undefined;
                end = this.readCount();
                if (end < 0 || !this.take(CLOSE_BRACKET))
                    return undefined;
            }
            else {
                return undefined;
            }
        }
        if (!this.take(CLOSE_BRACE) || dtype === undefined || shape === undefined)
            return undefined;
        if (begin > end || end > this.dataLength)
            return undefined;
        // Each product is checked, so every one that passes is below 2^53 and exact.
        let numel = 1;
        for (const dim of shape) {
            numel *= dim;
            if (numel > Number.MAX_SAFE_INTEGER)
                return undefined;
        }
        // A partial byte gives a fraction here, which no data_offsets span equals.
        const bits = numel * dtypeInfo(dtype).bits;
        if (bits > Number.MAX_SAFE_INTEGER || bits / 8 !== end - begin)
            return undefined;
        return makeTensor(name, dtype, shape, numel, this.dataStart + begin, end - begin);
    }
    /** Consumes a dtype string and returns the supported dtype it names, or undefined. */
    readDtype() {
        if (!this.scanString())
            return undefined;
        for (const spelling of DTYPE_SPELLINGS) {
            if (this.stringIs(spelling.bytes))
                return spelling.dtype;
        }
        return undefined;
    }
    /**
     * Consumes a shape array of counts, at most `limits.maxDims` long, or returns undefined. Equal
     * shapes of one header share one array, because the tensors of a large checkpoint have few
     * distinct shapes and an array of two dimensions takes 64 bytes.
     */
    readShape() {
        if (!this.take(OPEN_BRACKET))
            return undefined;
        const dims = this.dims;
        let length = 0;
        let hash = 0;
        if (!this.take(CLOSE_BRACKET)) {
            do {
                const dim = this.readCount();
                if (dim < 0 || length === this.limits.maxDims)
                    return undefined;
                dims[length++] = dim;
                hash = Math.imul(hash ^ dim ^ (dim / 2 ** 32), 0x9e3779b1);
            } while (this.take(COMMA));
            if (!this.take(CLOSE_BRACKET))
                return undefined;
        }
        hash ^= length;
        const seen = this.shapes.get(hash);
        if (seen !== undefined && seen.length === length && startsWith(dims, seen))
            return seen;
        // A copy of exactly `length` elements: an array grown by push keeps room for 17.
        const shape = dims.slice(0, length);
        this.shapes.set(hash, shape);
        return shape;
    }
    /**
     * Consumes an integer from 0 to 2^53 - 1 spelled as JSON does, without sign, fraction or
     * exponent, and returns it. Returns -1 for anything else. A fraction or exponent after the
     * digits is left in place, so the caller does not find the byte it expects next.
     */
    readCount() {
        this.peek();
        const bytes = this.bytes;
        const start = this.pos;
        if (bytes[start] === DIGIT_ZERO) {
            this.pos = start + 1;
            return 0;
        }
        let pos = start;
        let value = 0;
        while (pos < bytes.length) {
            const digit = bytes[pos] - DIGIT_ZERO;
            if (digit < 0 || digit > 9)
                break;
            value = value * 10 + digit;
            pos++;
        }
        // Rounding is monotonic, so a value above 2^53 - 1 stays above it when rounded.
        if (pos === start || pos - start > MAX_SAFE_DIGITS || value > Number.MAX_SAFE_INTEGER) {
            return -1;
        }
        this.pos = pos;
        return value;
    }
    /**
     * Consumes a `__metadata__` value that is null or an object of strings with distinct keys.
     * Returns it as the general reader does, by JSON.parse and then an own copy, and null as `{}`.
     * Returns undefined for any other value.
     */
    readMetadata() {
        this.peek();
        const start = this.pos;
        if (this.matches(start, NULL_LITERAL)) {
            this.pos += NULL_LITERAL.length;
            return {};
        }
        if (!this.take(OPEN_BRACE))
            return undefined;
        const keys = new Set();
        if (!this.take(CLOSE_BRACE)) {
            do {
                const key = this.readString();
                if (key === undefined || keys.has(key) || !this.take(COLON))
                    return undefined;
                keys.add(key);
                if (!this.scanString())
                    return undefined;
            } while (this.take(COMMA));
            if (!this.take(CLOSE_BRACE))
                return undefined;
        }
        try {
            const text = this.text.toString("utf8", start, this.pos);
            return { ...JSON.parse(text) };
        }
        catch {
            return undefined;
        }
    }
}

;// CONCATENATED MODULE: ./src/format/json-scan.ts
/**
 * A small scanner over a JSON object's text that finds duplicate keys, which JSON.parse drops, and
 * nesting deeper than a limit, which would overflow the stack of recursive code such as
 * JSON.stringify.
 */
/** Keys an object's KeySet keeps in a list before it moves them to a Set. */
const MAX_LISTED_KEYS = 8;
/**
 * The keys seen in one object. Most objects of a header are tensor entries of three keys, and a
 * Set per entry cost most of the scan of 100,000 entries, so a few keys are kept in a list.
 */
class KeySet {
    list = [];
    set;
    /** Adds `key` and returns whether it was already there. */
    addAndCheck(key) {
        const list = this.list;
        if (list !== undefined) {
            if (list.includes(key))
                return true;
            list.push(key);
            if (list.length > MAX_LISTED_KEYS) {
                this.set = new Set(list);
                this.list = undefined;
            }
            return false;
        }
        const set = this.set;
        const size = set.size;
        set.add(key);
        return set.size === size;
    }
}
/**
 * Scans the JSON object that starts `text` (after whitespace) and records its keys. JSON.parse
 * keeps the last of two equal keys without a word, so this scan is how duplicates are found.
 * Returns undefined when the text is not well-formed, leaving the diagnosis to JSON.parse, and
 * `{tooDeep}` as soon as an object or array opens at a depth above `maxDepth` (the top-level
 * object is depth 1). Iterative, so deep nesting cannot overflow the call stack.
 */
function scanJsonObject(text, maxDepth = Number.POSITIVE_INFINITY) {
    const stack = [];
    const keys = [];
    const duplicates = [];
    const nonIntegerNumbers = [];
    let expect = "value";
    let lastKey;
    let pos = skipJsonWhitespace(text, 0);
    if (text[pos] !== "{")
        return undefined;
    while (true) {
        pos = skipJsonWhitespace(text, pos);
        if (pos >= text.length)
            return undefined;
        const char = text[pos];
        const top = stack[stack.length - 1];
        let valueEnded = false;
        if (expect === "key-or-close" || expect === "value-or-close") {
            if (char === (expect === "key-or-close" ? "}" : "]")) {
                stack.pop();
                pos++;
                valueEnded = true;
            }
            else {
                expect = expect === "key-or-close" ? "key" : "value";
                continue;
            }
        }
        else if (expect === "key") {
            if (char !== '"' || !top)
                return undefined;
            const end = endOfJsonString(text, pos);
            if (end < 0)
                return undefined;
            // Without a backslash the key is its raw text, because endOfJsonString has rejected
            // control characters; only escapes need JSON.parse.
            let key = text.slice(pos + 1, end - 1);
            if (key.includes("\\")) {
                try {
                    key = JSON.parse(text.slice(pos, end));
                }
                catch {
                    return undefined;
                }
            }
            if (top.keys.addAndCheck(key))
                duplicates.push({ key, parent: top.topKey });
            if (stack.length === 1)
                keys.push(key);
            lastKey = key;
            pos = end;
            expect = "colon";
        }
        else if (expect === "colon") {
            if (char !== ":")
                return undefined;
            pos++;
            expect = "value";
        }
        else if (expect === "comma-or-close") {
            if (!top)
                return undefined;
            if (char === ",") {
                pos++;
                expect = top.isObject ? "key" : "value";
            }
            else if (char === (top.isObject ? "}" : "]")) {
                stack.pop();
                pos++;
                valueEnded = true;
            }
            else {
                return undefined;
            }
        }
        else if (char === "{" || char === "[") {
            const topKey = stack.length === 1 ? lastKey : top?.topKey;
            if (stack.length + 1 > maxDepth) {
                return { tooDeep: { key: topKey, depth: stack.length + 1, position: pos } };
            }
            stack.push(char === "{" ? { isObject: true, keys: new KeySet(), topKey } : { isObject: false, topKey });
            pos++;
            expect = char === "{" ? "key-or-close" : "value-or-close";
        }
        else if (char === '"') {
            pos = endOfJsonString(text, pos);
            if (pos < 0)
                return undefined;
            valueEnded = true;
        }
        else {
            const start = pos;
            pos = endOfJsonLiteral(text, pos);
            if (pos < 0)
                return undefined;
            // Only numbers inside a top-level value are recorded, because a top-level value that is a
            // number is wrong whatever its spelling.
            if (stack.length > 1 && hasFractionOrExponent(text, start, pos)) {
                nonIntegerNumbers.push({ key: top?.topKey, text: text.slice(start, pos), position: start });
            }
            valueEnded = true;
        }
        if (valueEnded) {
            if (stack.length === 0)
                return { end: pos, keys, duplicates, nonIntegerNumbers };
            expect = "comma-or-close";
        }
    }
}
/** Narrows a scan result to a complete scan of a well-formed object. */
function isCompleteScan(scan) {
    return scan !== undefined && !("tooDeep" in scan);
}
/** Returns the index after the closing quote of the string starting at `start`, or -1. */
function endOfJsonString(text, start) {
    for (let i = start + 1; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === 0x22)
            return i + 1;
        if (code === 0x5c)
            i++;
        else if (code < 0x20)
            return -1;
    }
    return -1;
}
/**
 * Returns the index after the number, true, false or null that starts at `start`, or -1. A
 * number is matched as the pattern `-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?` matches it, so leading
 * zeros pass here and JSON.parse rejects them. Written out because a regular expression per
 * number took most of the scan of a header with 100,000 tensors.
 */
function endOfJsonLiteral(text, start) {
    const first = text.charCodeAt(start);
    if (first === 0x74)
        return text.startsWith("true", start) ? start + 4 : -1;
    if (first === 0x66)
        return text.startsWith("false", start) ? start + 5 : -1;
    if (first === 0x6e)
        return text.startsWith("null", start) ? start + 4 : -1;
    const integerStart = first === 0x2d ? start + 1 : start;
    let end = endOfDigits(text, integerStart);
    if (end === integerStart)
        return -1;
    if (text.charCodeAt(end) === 0x2e) {
        const fractionEnd = endOfDigits(text, end + 1);
        if (fractionEnd > end + 1)
            end = fractionEnd;
    }
    const exponent = text.charCodeAt(end);
    if (exponent === 0x65 || exponent === 0x45) {
        const sign = text.charCodeAt(end + 1);
        const digitsStart = sign === 0x2b || sign === 0x2d ? end + 2 : end + 1;
        const exponentEnd = endOfDigits(text, digitsStart);
        if (exponentEnd > digitsStart)
            end = exponentEnd;
    }
    return end;
}
/** Returns whether the literal text[start, end) is a number with a fraction or an exponent. */
function hasFractionOrExponent(text, start, end) {
    const first = text.charCodeAt(start);
    // true, false and null are not numbers, and the e of true and false is not an exponent.
    if (first === 0x74 || first === 0x66 || first === 0x6e)
        return false;
    for (let i = start; i < end; i++) {
        const code = text.charCodeAt(i);
        if (code === 0x2e || code === 0x65 || code === 0x45)
            return true;
    }
    return false;
}
/** Returns the index after the run of ASCII digits that starts at `start`. */
function endOfDigits(text, start) {
    let i = start;
    while (i < text.length) {
        const code = text.charCodeAt(i);
        if (code < 0x30 || code > 0x39)
            break;
        i++;
    }
    return i;
}
function skipJsonWhitespace(text, start) {
    let i = start;
    while (i < text.length) {
        const code = text.charCodeAt(i);
        if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d)
            break;
        i++;
    }
    return i;
}

;// CONCATENATED MODULE: ./src/format/safetensors.ts
/**
 * Strict reader for the safetensors header.
 *
 * Layout: an unsigned 64-bit little-endian header length N, N bytes of UTF-8 JSON (one object
 * mapping tensor names to `{dtype, shape, data_offsets}`, plus an optional `__metadata__` object of
 * strings), then the data section. Offsets are relative to the data section. The tensors with
 * data must tile the data section exactly: no gaps, no overlaps, no trailing bytes.
 */







/** Problems listed in one error before the rest are only counted. */
const MAX_LISTED_PROBLEMS = 20;
/**
 * Characters of listed problems in one error before the rest are only counted, so a header full
 * of long hostile names still gives a message of a few KB.
 */
const MAX_LISTED_CHARS = 3000;
/** Names listed in one problem (unknown keys, non-string metadata) before the rest are counted. */
const MAX_LISTED_NAMES = 5;
/** Characters of header text shown around a syntax problem. */
const EXCERPT_CHARS = 20;
/** Names of the invisible characters most often found at the start of a broken header. */
const CHARACTER_NAMES = {
    0: "a NUL character",
    27: "an escape character",
    65279: "a byte order mark",
};
const safetensors_METADATA_KEY = "__metadata__";
const ENTRY_KEYS = ["dtype", "shape", "data_offsets"];
const REWRITE = "Re-save the checkpoint with a safetensors writer (for example safetensors.torch.save_file).";
const REDOWNLOAD = "Re-download the file; a download that stopped early leaves it truncated.";
const TIED = "Re-save it with safetensors.torch.save_model, which stores shared tensors under one name.";
/**
 * Reads and validates the header of a safetensors file. Checks the declared header length against
 * the file size and `limits.maxHeaderBytes` before allocating the header buffer, and names the
 * real format of Git LFS pointers, zip, pickle and GGUF files.
 */
async function readSafetensorsFile(source, limits = limits_DEFAULT_LIMITS) {
    const file = source.name;
    const prefix = new Uint8Array(Math.min(source.size, SNIFF_BYTES));
    await source.read(0, prefix.byteLength, prefix);
    if (source.size < 8) {
        throwIfKnownKind(file, prefix);
        throw new src_errors/* FormatError */.IF(file, `${(0,visible_text/* quoteForMessage */.Hx)(file)}: the file has ${plural(source.size, "byte")}, fewer than the 8-byte header length that ` +
            "starts a safetensors file. Check that this is a safetensors file, or re-download it.");
    }
    // The length is an unsigned 64-bit integer: compare it as a BigInt before converting it.
    const declared = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
    const largerThanFile = declared > BigInt(source.size - 8);
    const overLimit = declared > BigInt(limits.maxHeaderBytes);
    if (largerThanFile || overLimit)
        throwIfKnownKind(file, prefix);
    if (largerThanFile) {
        const limitText = overLimit
            ? ` and than the header limit (MAX_HEADER_BYTES, ${limits.maxHeaderBytes} bytes)`
            : "";
        throw new src_errors/* FormatError */.IF(file, `${(0,visible_text/* quoteForMessage */.Hx)(file)}: declared header length ${declared} is larger than the file (${plural(source.size, "byte")})` +
            `${limitText}. The file is truncated or not a safetensors file; check it, or re-download it.`);
    }
    if (overLimit) {
        throw limitError(file, "maxHeaderBytes", limits, `the header length is ${plural(declared, "byte")}`);
    }
    const headerLength = Number(declared);
    let header;
    if (8 + headerLength <= prefix.byteLength) {
        header = prefix.subarray(8, 8 + headerLength);
    }
    else {
        // The prefix already contains the header's first bytes, so only the rest is read.
        header = new Uint8Array(headerLength);
        const known = prefix.byteLength - 8;
        header.set(prefix.subarray(8));
        await source.read(8 + known, headerLength - known, header, known);
    }
    if (header[firstNonWhitespace(header)] !== 0x7b)
        throwIfKnownKind(file, prefix);
    // Each entry is built whole by one object literal. Adding `source` by a spread gave each of
    // them a hidden class of its own (Node 20), which cost about 290 bytes per tensor and made
    // every later access to a tensor's fields a slow lookup.
    const tensorEntry = (name, dtype, shape, numel, byteOffset, byteLength) => ({ name, dtype, shape, numel, byteOffset, byteLength, source });
    const parsed = parseHeaderInto(header, source.size, file, limits, tensorEntry);
    return {
        source,
        dataStart: parsed.dataStart,
        tensors: parsed.tensors,
        metadata: parsed.metadata,
        warnings: parsed.warnings,
    };
}
const headerTensor = (name, dtype, shape, numel, byteOffset, byteLength) => ({ name, dtype, shape, numel, byteOffset, byteLength });
/**
 * Validates a safetensors header. `headerBytes` are the N bytes after the 8-byte length, and
 * `fileSize` is the size of the whole file. Throws a FormatError listing every problem found, or a
 * LimitError when the header exceeds `limits`.
 */
function parseSafetensorsHeader(headerBytes, fileSize, fileName, limits = DEFAULT_LIMITS) {
    return parseHeaderInto(headerBytes, fileSize, fileName, limits, headerTensor);
}
/**
 * Validates a safetensors header as parseSafetensorsHeader does, building each tensor with
 * `makeTensor`. Headers in the writers' form take the fast path, and the general path below
 * reads every other header and writes the diagnosis of an invalid one.
 */
function parseHeaderInto(headerBytes, fileSize, file, limits, makeTensor) {
    const dataStart = 8 + headerBytes.byteLength;
    if (dataStart > fileSize) {
        fail(file, [
            {
                text: `the header ends at byte ${dataStart}, past the end of the file (${plural(fileSize, "byte")})`,
                remedy: REDOWNLOAD,
            },
        ]);
    }
    const fast = readHeaderFastPath(headerBytes, dataStart, fileSize, limits, makeTensor);
    if (fast)
        return { tensors: fast.tensors, metadata: fast.metadata, dataStart, warnings: [] };
    const root = decodeHeaderObject(headerBytes, file, limits);
    const warnings = [];
    const problems = [];
    const metadata = readMetadata(root[safetensors_METADATA_KEY], file, warnings, problems);
    const dataLength = fileSize - dataStart;
    const tensors = [];
    const ranges = [];
    let entryCount = 0;
    for (const [name, value] of Object.entries(root)) {
        if (name === safetensors_METADATA_KEY)
            continue;
        entryCount++;
        const entry = checkEntry(name, value, file, limits, problems);
        if (entry.offsets)
            ranges.push({ name, begin: entry.offsets[0], end: entry.offsets[1] });
        const tensor = entry.tensor;
        if (tensor) {
            tensors.push(makeTensor(tensor.name, tensor.dtype, tensor.shape, tensor.numel, dataStart + tensor.byteOffset, tensor.byteLength));
        }
    }
    // An entry with unusable offsets leaves its bytes unaccounted for, so gaps and trailing bytes
    // would only repeat that problem.
    const allOffsetsKnown = ranges.length === entryCount;
    checkCoverage(ranges, dataLength, dataStart, fileSize, allOffsetsKnown, problems);
    if (problems.length > 0)
        fail(file, problems);
    // Stable sort, so zero-size tensors that share an offset keep their header order.
    tensors.sort((a, b) => a.byteOffset - b.byteOffset || a.byteLength - b.byteLength);
    return { tensors, metadata, dataStart, warnings };
}
/** Decodes the header as strict UTF-8 and parses it as exactly one JSON object with unique keys. */
function decodeHeaderObject(headerBytes, file, limits) {
    if (headerBytes.byteLength === 0) {
        fail(file, [{ text: "the header is empty (header length 0)", remedy: REWRITE }]);
    }
    let text;
    try {
        text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(headerBytes);
    }
    catch {
        const at = firstInvalidUtf8Offset(headerBytes);
        fail(file, [
            {
                text: `the header is not valid UTF-8 (invalid byte 0x${hex(headerBytes[at])} at header byte ${at})`,
                remedy: REWRITE,
            },
        ]);
    }
    const start = skipJsonWhitespace(text, 0);
    if (text[start] !== "{") {
        const found = start < text.length ? describeTextAt(text, start) : "only whitespace";
        fail(file, [
            {
                text: `the header must be a JSON object, but it starts with ${found} at header byte ${utf8Length(text.slice(0, start))}`,
                remedy: REWRITE,
            },
        ]);
    }
    // The scan runs first, so JSON nested deeper than the limit is rejected before it is parsed.
    const scan = scanJsonObject(text, limits.maxJsonDepth);
    if (scan && "tooDeep" in scan) {
        const { key, depth, position } = scan.tooDeep;
        const where = key === undefined ? "the header" : `the value of ${(0,visible_text/* quoteForMessage */.Hx)(key)}`;
        throw limitError(file, "maxJsonDepth", limits, `${where} reaches JSON nesting depth ${depth} at header byte ${utf8Length(text.slice(0, position))}`);
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        if (scan && skipJsonWhitespace(text, scan.end) < text.length)
            throwExtraText(file, text, scan);
        fail(file, [
            {
                text: `the header is not valid JSON (${(0,visible_text/* visibleText */.Q6)(error.message).text})`,
                remedy: REWRITE,
            },
        ]);
    }
    if (!isCompleteScan(scan)) {
        throw new Error("BUG: JSON.parse accepted a header that scanJsonObject rejected");
    }
    if (scan.duplicates.length > 0) {
        fail(file, scan.duplicates.map((duplicate) => ({
            text: duplicateKeyText(duplicate.key, duplicate.parent),
            remedy: REWRITE,
        })));
    }
    const tensorCount = scan.keys.filter((key) => key !== safetensors_METADATA_KEY).length;
    if (tensorCount > limits.maxTensorCount) {
        throw limitError(file, "maxTensorCount", limits, `the header lists ${plural(tensorCount, "tensor")}`);
    }
    const spellings = nonIntegerSpellingProblems(scan.nonIntegerNumbers);
    if (spellings.length > 0)
        fail(file, spellings);
    return parsed;
}
/** Characters of a number shown in a message. */
const MAX_NUMBER_CHARS = 40;
/**
 * Returns a problem for each tensor entry that writes a whole number with a fraction or an
 * exponent, such as `4.0` or `4e0`. JSON.parse reads them as 4, but the reference Rust reader
 * rejects such a header, because serde_json does not read a float into an integer field.
 * Numbers in the metadata are reported with the metadata, which must contain strings.
 */
function nonIntegerSpellingProblems(numbers) {
    const firstByTensor = new Map();
    for (const { key, text } of numbers) {
        if (key === undefined || key === safetensors_METADATA_KEY || firstByTensor.has(key))
            continue;
        // Other values, such as 1.5 or 1e400, fail the checks of the entry's fields.
        if (!Number.isInteger(Number(text)))
            continue;
        firstByTensor.set(key, text);
    }
    return [...firstByTensor].map(([name, text]) => ({
        // A JSON number is ASCII, so cutting it by UTF-16 units cuts no character in two.
        text: `tensor ${(0,visible_text/* quoteForMessage */.Hx)(name)} writes the number \`${text.length > MAX_NUMBER_CHARS ? `${text.slice(0, MAX_NUMBER_CHARS)}…` : text}\`; shape and data_offsets must be whole numbers written without a fraction or an exponent`,
        remedy: REWRITE,
    }));
}
function throwExtraText(file, text, scan) {
    const at = skipJsonWhitespace(text, scan.end);
    fail(file, [
        {
            text: "the header is not a single JSON object: unexpected text after it, " +
                `${describeTextAt(text, at)} at header byte ${utf8Length(text.slice(0, at))}`,
            remedy: REWRITE,
        },
    ]);
}
function readMetadata(value, file, warnings, problems) {
    if (value === undefined || value === null)
        return {};
    if (typeof value !== "object" || Array.isArray(value)) {
        problems.push({
            text: `\`${safetensors_METADATA_KEY}\` must be an object of strings, but it is ${jsonKind(value)}`,
            remedy: REWRITE,
        });
        return {};
    }
    const metadata = { ...value };
    const nonString = Object.keys(metadata).filter((key) => typeof metadata[key] !== "string");
    if (nonString.length > 0) {
        warnings.push(`${(0,visible_text/* quoteForMessage */.Hx)(file)}: \`${safetensors_METADATA_KEY}\` values of ${listNames(nonString)} are not strings, ` +
            "as the format requires; they are kept as found and shown JSON-encoded.");
    }
    return metadata;
}
function checkEntry(name, value, file, limits, problems) {
    // Quoted only for a message: most entries are valid, and quoting scans the whole name.
    const tensor = () => (0,visible_text/* quoteForMessage */.Hx)(name);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        problems.push({
            text: `tensor ${tensor()} must be an object with dtype, shape and data_offsets, but it is ${jsonKind(value)}`,
            remedy: REWRITE,
        });
        return {};
    }
    const entry = value;
    const unknownKeys = Object.keys(entry).filter((key) => !ENTRY_KEYS.includes(key));
    if (unknownKeys.length > 0) {
        problems.push({
            text: `tensor ${tensor()} has unknown ${unknownKeys.length === 1 ? "key" : "keys"} ${listNames(unknownKeys)} (expected only dtype, shape and data_offsets)`,
            remedy: REWRITE,
        });
    }
    const missingKeys = ENTRY_KEYS.filter((key) => !Object.hasOwn(entry, key));
    if (missingKeys.length > 0) {
        problems.push({
            text: `tensor ${tensor()} lacks ${missingKeys.map((key) => `\`${key}\``).join(", ")}`,
            remedy: REWRITE,
        });
    }
    const dtype = entry.dtype;
    const dtypeValid = typeof dtype === "string" && isDType(dtype);
    if (!dtypeValid && Object.hasOwn(entry, "dtype")) {
        problems.push({
            text: `tensor ${tensor()} has dtype ${(0,visible_text/* shownValue */.JJ)(dtype)}, which is not a supported safetensors dtype (supported: ${SUPPORTED_DTYPES.join(", ")})`,
            remedy: REWRITE,
        });
    }
    const shape = checkShape(name, entry.shape, file, limits, problems);
    const offsets = checkOffsets(name, entry.data_offsets, problems);
    if (!dtypeValid || !shape || !offsets || unknownKeys.length > 0)
        return { offsets };
    let numel = 1n;
    for (const dim of shape)
        numel *= BigInt(dim);
    const shapeText = () => `(${dtype}, shape [${shape.join(", ")}])`;
    const bits = dtypeInfo(dtype).bits;
    const expectedBytes = byteLengthOf(dtype, numel);
    const actualBytes = offsets[1] - offsets[0];
    if (expectedBytes === undefined) {
        problems.push({
            text: `tensor ${tensor()} ${shapeText()} has ${plural(numel, "element")} of ${bits} bits = ${plural(numel * BigInt(bits), "bit")}, not a whole number of bytes`,
            remedy: REWRITE,
        });
        return { offsets };
    }
    if (expectedBytes !== BigInt(actualBytes)) {
        const unit = bits % 8 === 0 ? plural(bits / 8, "byte") : `${bits} bits`;
        problems.push({
            text: `tensor ${tensor()} ${shapeText()} needs ${plural(expectedBytes, "byte")} (${plural(numel, "element")} x ${unit}), but its data_offsets [${offsets[0]}, ${offsets[1]}] give ${plural(actualBytes, "byte")}`,
            remedy: REWRITE,
        });
        return { offsets };
    }
    if (numel > BigInt(Number.MAX_SAFE_INTEGER)) {
        problems.push({
            text: `tensor ${tensor()} ${shapeText()} has ${plural(numel, "element")}, more than 2^53 - 1`,
            remedy: REWRITE,
        });
        return { offsets };
    }
    return {
        offsets,
        tensor: {
            name,
            dtype,
            shape,
            numel: Number(numel),
            byteOffset: offsets[0],
            byteLength: actualBytes,
        },
    };
}
function checkShape(name, value, file, limits, problems) {
    if (value === undefined)
        return undefined;
    if (!Array.isArray(value)) {
        problems.push({
            text: `tensor ${(0,visible_text/* quoteForMessage */.Hx)(name)} has shape ${(0,visible_text/* shownValue */.JJ)(value)}, which is not an array`,
            remedy: REWRITE,
        });
        return undefined;
    }
    if (value.length > limits.maxDims) {
        throw limitError(file, "maxDims", limits, `tensor ${(0,visible_text/* quoteForMessage */.Hx)(name)} has ${plural(value.length, "dimension")}`);
    }
    if (!value.every(isNonNegativeSafeInteger)) {
        problems.push({
            text: `tensor ${(0,visible_text/* quoteForMessage */.Hx)(name)} has shape ${(0,visible_text/* shownValue */.JJ)(value)}; each dimension must be a whole number from 0 to 2^53 - 1`,
            remedy: REWRITE,
        });
        return undefined;
    }
    return value;
}
function checkOffsets(name, value, problems) {
    if (value === undefined)
        return undefined;
    const tensor = () => (0,visible_text/* quoteForMessage */.Hx)(name);
    if (!Array.isArray(value) || value.length !== 2) {
        problems.push({
            text: `tensor ${tensor()} has data_offsets ${(0,visible_text/* shownValue */.JJ)(value)}; expected [begin, end]`,
            remedy: REWRITE,
        });
        return undefined;
    }
    const [begin, end] = value;
    if ([begin, end].some((offset) => typeof offset === "number" && offset > Number.MAX_SAFE_INTEGER)) {
        problems.push({
            text: `tensor ${tensor()} has data_offsets beyond 2^53 - 1 (${Number.MAX_SAFE_INTEGER}), the largest offset model-diff can address; no real file is that large, so the header is corrupt`,
            remedy: REWRITE,
        });
        return undefined;
    }
    if (!isNonNegativeSafeInteger(begin) || !isNonNegativeSafeInteger(end)) {
        problems.push({
            text: `tensor ${tensor()} has data_offsets ${(0,visible_text/* shownValue */.JJ)(value)}; offsets must be whole numbers from 0 to 2^53 - 1`,
            remedy: REWRITE,
        });
        return undefined;
    }
    if (begin > end) {
        problems.push({
            text: `tensor ${tensor()} has reversed data_offsets [${begin}, ${end}] (begin is after end)`,
            remedy: REWRITE,
        });
        return undefined;
    }
    return [begin, end];
}
/**
 * Checks that the non-empty ranges tile [0, dataLength) exactly. Zero-size tensors own no bytes,
 * so they may share an offset with anything, but must not point past the data. Gaps and trailing
 * bytes are reported only when `allOffsetsKnown`.
 */
function checkCoverage(ranges, dataLength, dataStart, fileSize, allOffsetsKnown, problems) {
    const filled = ranges
        .filter((range) => range.end > range.begin)
        .sort((a, b) => a.begin - b.begin || a.end - b.end);
    const declaredEnd = filled.reduce((max, range) => Math.max(max, range.end), 0);
    let cursor = 0;
    let owner;
    for (const range of filled) {
        if (range.begin > cursor && allOffsetsKnown) {
            problems.push({
                text: `data bytes [${cursor}, ${range.begin}) are not covered by any tensor (the format forbids gaps between tensors)`,
                remedy: REWRITE,
            });
        }
        else if (owner && range.begin < cursor) {
            problems.push(overlapProblem(owner, range));
        }
        if (!owner || range.end > owner.end)
            owner = range;
        cursor = Math.max(cursor, range.end);
    }
    for (const range of ranges) {
        if (range.begin === range.end && range.begin > Math.max(declaredEnd, dataLength)) {
            problems.push({
                text: `zero-size tensor ${(0,visible_text/* quoteForMessage */.Hx)(range.name)} has data_offsets [${range.begin}, ${range.end}], past the end of the data section (${plural(Math.max(declaredEnd, dataLength), "byte")})`,
                remedy: REWRITE,
            });
        }
    }
    if (declaredEnd > dataLength) {
        const pastEnd = filled.filter((range) => range.end > dataLength);
        const first = pastEnd[0];
        const more = pastEnd.length === 2
            ? " (1 more tensor also ends past it)"
            : pastEnd.length > 2
                ? ` (${pastEnd.length - 1} more tensors also end past it)`
                : "";
        problems.push({
            text: `the file is truncated: tensor ${(0,visible_text/* quoteForMessage */.Hx)(first.name)} needs data bytes [${first.begin}, ${first.end}), but the data section has ${plural(dataLength, "byte")}${more} (expected file size ${dataStart + declaredEnd}, actual ${fileSize})`,
            remedy: REDOWNLOAD,
        });
    }
    else if (cursor < dataLength && allOffsetsKnown) {
        const extra = dataLength - cursor;
        problems.push({
            text: filled.length === 0
                ? `the data section has ${plural(extra, "byte")}, but no tensor has data`
                : `${plural(extra, "byte")} after the last tensor (data bytes [${cursor}, ${dataLength})) ${extra === 1 ? "is" : "are"} not covered by any tensor`,
            remedy: REWRITE,
        });
    }
}
function overlapProblem(owner, range) {
    if (owner.begin === range.begin && owner.end === range.end) {
        return {
            text: `tensors ${(0,visible_text/* quoteForMessage */.Hx)(owner.name)} and ${(0,visible_text/* quoteForMessage */.Hx)(range.name)} both point to data bytes [${range.begin}, ${range.end}): tied weights stored as one range, but the format gives each byte range one owner`,
            remedy: TIED,
        };
    }
    return {
        text: `tensors ${(0,visible_text/* quoteForMessage */.Hx)(owner.name)} [${owner.begin}, ${owner.end}) and ${(0,visible_text/* quoteForMessage */.Hx)(range.name)} [${range.begin}, ${range.end}) overlap on data bytes [${range.begin}, ${Math.min(owner.end, range.end)})`,
        remedy: REWRITE,
    };
}
/**
 * Throws one FormatError listing the problems, then the distinct remedies. At most
 * MAX_LISTED_PROBLEMS problems and about MAX_LISTED_CHARS characters are listed.
 */
function fail(file, problems) {
    const shownFile = (0,visible_text/* quoteForMessage */.Hx)(file);
    const remedies = [...new Set(problems.map((problem) => problem.remedy))].join(" ");
    const first = problems[0];
    if (problems.length === 1 && first) {
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: ${first.text}. ${remedies}`);
    }
    const listed = [];
    let listedChars = 0;
    for (const problem of problems) {
        if (listed.length === MAX_LISTED_PROBLEMS)
            break;
        if (listed.length > 0 && listedChars + problem.text.length > MAX_LISTED_CHARS)
            break;
        listed.push(`  - ${problem.text}`);
        listedChars += problem.text.length;
    }
    const rest = problems.length - listed.length;
    if (rest > 0)
        listed.push(`  - and ${plural(rest, "more problem")}`);
    throw new src_errors/* FormatError */.IF(file, `${shownFile}: the safetensors header has ${problems.length} problems:\n${listed.join("\n")}\n${remedies}`);
}
function duplicateKeyText(key, parent) {
    if (parent !== undefined) {
        return `key ${(0,visible_text/* quoteForMessage */.Hx)(key)} appears more than once in ${(0,visible_text/* quoteForMessage */.Hx)(parent)}`;
    }
    if (key === safetensors_METADATA_KEY)
        return `the \`${safetensors_METADATA_KEY}\` key appears more than once`;
    return `tensor ${(0,visible_text/* quoteForMessage */.Hx)(key)} is defined more than once in the header`;
}
/**
 * Describes the header text at `at` for a message: the first character by code point when it is
 * invisible (a byte order mark, NUL, control character), then a short quoted excerpt.
 */
function describeTextAt(text, at) {
    const excerpt = (0,visible_text/* quoteForMessage */.Hx)(text.slice(at, at + EXCERPT_CHARS));
    const codePoint = text.codePointAt(at);
    const character = String.fromCodePoint(codePoint);
    const name = CHARACTER_NAMES[codePoint];
    if (name === undefined && (0,visible_text/* escapeInvisible */.ts)(character) === character)
        return excerpt;
    const code = `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
    return `${code} (${name ?? "an invisible character"}), as in ${excerpt}`;
}
/** Lists names quoted and escaped, the first MAX_LISTED_NAMES of them, then a count of the rest. */
function listNames(names) {
    const shown = names.slice(0, MAX_LISTED_NAMES).map((name) => (0,visible_text/* quoteForMessage */.Hx)(name));
    const rest = names.length - shown.length;
    return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}
/** Returns "1 byte", "2 bytes" and so on; `noun` is the singular and takes a plain "s". */
function plural(count, noun) {
    return `${count} ${count === 1 || count === 1n ? noun : `${noun}s`}`;
}
function throwIfKnownKind(file, firstBytes) {
    const error = fileKindError(file, sniffFileKind(firstBytes), firstBytes);
    if (error)
        throw error;
}
function firstNonWhitespace(bytes) {
    let i = 0;
    while (i < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i]))
        i++;
    return i;
}
/** Returns the offset of the first byte that breaks UTF-8 (RFC 3629), or the length if none. */
function firstInvalidUtf8Offset(bytes) {
    let i = 0;
    while (i < bytes.length) {
        const lead = bytes[i];
        if (lead < 0x80) {
            i++;
            continue;
        }
        let length;
        let low = 0x80;
        let high = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf)
            length = 2;
        else if (lead >= 0xe0 && lead <= 0xef)
            length = 3;
        else if (lead >= 0xf0 && lead <= 0xf4)
            length = 4;
        else
            return i;
        // Second-byte ranges that exclude overlong forms, surrogates and code points above U+10FFFF.
        if (lead === 0xe0)
            low = 0xa0;
        if (lead === 0xed)
            high = 0x9f;
        if (lead === 0xf0)
            low = 0x90;
        if (lead === 0xf4)
            high = 0x8f;
        for (let k = 1; k < length; k++) {
            const byte = bytes[i + k];
            const min = k === 1 ? low : 0x80;
            const max = k === 1 ? high : 0xbf;
            if (byte === undefined || byte < min || byte > max)
                return i;
        }
        i += length;
    }
    return bytes.length;
}
// JSON.parse turns `4.0` and `4e0` into 4, so this also accepts them; decodeHeaderObject rejects
// them from the header text.
function isNonNegativeSafeInteger(value) {
    return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
function jsonKind(value) {
    if (value === null)
        return "null";
    if (Array.isArray(value))
        return "an array";
    return `a ${typeof value}`;
}
function utf8Length(text) {
    return Buffer.byteLength(text, "utf8");
}
function hex(byte) {
    return (byte ?? 0).toString(16).padStart(2, "0");
}

;// CONCATENATED MODULE: ./src/format/shard-index.ts
/**
 * The shard index of a sharded checkpoint (`model.safetensors.index.json`, or a variant such as
 * `diffusion_pytorch_model.safetensors.index.json`):
 * `{"metadata": {...}, "weight_map": {tensor name: shard file name}}`, and its consistency with
 * the headers of the shards it names.
 */





/** Shard-level problems listed in one error before the rest are only counted. */
const shard_index_MAX_LISTED_PROBLEMS = 20;
/**
 * Characters of listed problems in one error before the rest are only counted, so an index full
 * of long hostile names still gives a message of a few KB.
 */
const shard_index_MAX_LISTED_CHARS = 3000;
/** Names listed in one problem (tensors of a shard, duplicate keys) before the rest are counted. */
const shard_index_MAX_LISTED_NAMES = 5;
const SHARD_SUFFIX = ".safetensors";
const REDOWNLOAD_CHECKPOINT = "Re-download the checkpoint, or re-save it so that the index and the shards agree.";
/** Reads and parses an index, checking its size against `limits.maxIndexBytes` before reading. */
async function readShardIndex(source, limits = limits_DEFAULT_LIMITS) {
    if (source.size > limits.maxIndexBytes) {
        throw limitError(source.name, "maxIndexBytes", limits, `the index has ${shard_index_plural(source.size, "byte")}`);
    }
    const bytes = new Uint8Array(source.size);
    await source.read(0, bytes.byteLength, bytes);
    return parseShardIndex(bytes, source.name, limits);
}
/** Parses index bytes; rejects shard names that could leave the index's folder. */
function parseShardIndex(bytes, fileName, limits = limits_DEFAULT_LIMITS) {
    const file = fileName;
    if (bytes.byteLength > limits.maxIndexBytes) {
        throw limitError(file, "maxIndexBytes", limits, `the index has ${shard_index_plural(bytes.byteLength, "byte")}`);
    }
    const shownFile = (0,visible_text/* quoteForMessage */.Hx)(file);
    const fix = "Re-download the index, or pass one shard file instead.";
    let text;
    try {
        text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    }
    catch {
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: the shard index is not valid UTF-8. ${fix}`);
    }
    // The scan runs first, so JSON nested deeper than the limit is rejected before it is parsed.
    const scan = scanJsonObject(text, limits.maxJsonDepth);
    if (scan && "tooDeep" in scan) {
        const { key, depth } = scan.tooDeep;
        const where = key === undefined ? "the index" : `the value of ${(0,visible_text/* quoteForMessage */.Hx)(key)}`;
        throw limitError(file, "maxJsonDepth", limits, `${where} reaches JSON nesting depth ${depth}`);
    }
    let root;
    try {
        root = JSON.parse(text);
    }
    catch (error) {
        const reason = (0,visible_text/* visibleText */.Q6)(error.message).text;
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: the shard index is not valid JSON (${reason}). ${fix}`);
    }
    if (typeof root !== "object" || root === null || Array.isArray(root)) {
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: the shard index must be a JSON object. ${fix}`);
    }
    const index = root;
    const weightMapValue = index.weight_map;
    if (typeof weightMapValue !== "object" ||
        weightMapValue === null ||
        Array.isArray(weightMapValue)) {
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: the shard index has no \`weight_map\` object mapping tensor names to shard files. ${fix}`);
    }
    const metadataValue = index.metadata ?? {};
    if (typeof metadataValue !== "object" || Array.isArray(metadataValue)) {
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: the index's \`metadata\` must be an object. ${fix}`);
    }
    const duplicates = (isCompleteScan(scan) ? scan.duplicates : []).filter((duplicate) => duplicate.parent === "weight_map");
    if (duplicates.length > 0) {
        const names = shard_index_listNames(duplicates.map((duplicate) => duplicate.key));
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: weight_map maps ${names} more than once, so the owning shard is ambiguous. ${fix}`);
    }
    const entries = Object.entries(weightMapValue);
    if (entries.length === 0) {
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: the index's weight_map is empty. ${fix}`);
    }
    if (entries.length > limits.maxTensorCount) {
        throw limitError(file, "maxTensorCount", limits, `weight_map lists ${shard_index_plural(entries.length, "tensor")}`);
    }
    const indexName = external_node_path_default().basename(file);
    const invalid = [];
    const weightMap = new Map();
    const tensorsByShard = new Map();
    // Each shard contains many tensors, so each distinct shard name is checked once.
    const reasons = new Map();
    for (const [tensor, shard] of entries) {
        let reason = "is not a string";
        if (typeof shard === "string") {
            if (reasons.has(shard))
                reason = reasons.get(shard);
            else {
                reason = invalidShardNameReason(shard, indexName);
                reasons.set(shard, reason);
            }
        }
        if (reason !== undefined) {
            invalid.push(`${(0,visible_text/* quoteForMessage */.Hx)(tensor)} -> ${(0,visible_text/* shownValue */.JJ)(shard)} ${reason}`);
            continue;
        }
        const shardName = shard;
        weightMap.set(tensor, shardName);
        const list = tensorsByShard.get(shardName);
        if (list)
            list.push(tensor);
        else
            tensorsByShard.set(shardName, [tensor]);
    }
    if (invalid.length > 0) {
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: weight_map has ${shard_index_plural(invalid.length, "invalid shard file name")}:\n` +
            `${listLines(invalid)}\nEach shard must be a \`.safetensors\` file in the index's folder, named by a ` +
            `relative path without \`..\`, backslashes or percent-encoding, also after Unicode NFKC normalization. ${fix}`);
    }
    if (tensorsByShard.size > limits.maxShardCount) {
        throw limitError(file, "maxShardCount", limits, `weight_map names ${shard_index_plural(tensorsByShard.size, "shard file")}`);
    }
    return {
        metadata: { ...metadataValue },
        weightMap,
        shards: [...tensorsByShard.keys()],
        tensorsByShard,
    };
}
/**
 * Returns why a weight_map value cannot be a shard of the index named `indexName`: a name that
 * could resolve outside the index's folder, the index itself, or a file that is not
 * `.safetensors`. Returns undefined for a valid shard name.
 */
function invalidShardNameReason(name, indexName) {
    const unsafe = unsafeShardNameReason(name);
    if (unsafe !== undefined)
        return unsafe;
    if (name === indexName)
        return "is the index file itself";
    if (!name.endsWith(SHARD_SUFFIX))
        return `does not end in \`${SHARD_SUFFIX}\``;
    return undefined;
}
/**
 * Returns why a shard name could resolve outside the index's folder, or undefined when safe.
 * Any percent-escape is rejected, because a server that decodes twice turns `%252e` into `.`.
 * The NFKC form is checked too. NFKC turns characters such as U+FF0E (fullwidth full stop) and
 * U+FF3C (fullwidth reverse solidus) into `.` and `\`. A server or file system that normalizes
 * names to NFKC would read them as dot segments and separators.
 */
function unsafeShardNameReason(name) {
    if (name === "")
        return "is empty";
    if (/%[0-9A-Fa-f]{2}/.test(name))
        return "contains a percent-encoded character";
    const raw = unsafePathReason(name);
    if (raw !== undefined)
        return raw;
    const normalized = unsafePathReason(name.normalize("NFKC"));
    if (normalized !== undefined) {
        return normalized.replace(/^(contains|is|starts with) /, "$1, after Unicode NFKC normalization, ");
    }
    return undefined;
}
function unsafePathReason(name) {
    if (name.includes("\0"))
        return "contains a NUL character";
    if (name.includes("\\"))
        return "contains a backslash";
    if (name.startsWith("/"))
        return "is an absolute path";
    if (/^[A-Za-z]:/.test(name))
        return "starts with a drive letter";
    if (name.split("/").some((segment) => segment === "" || segment === "." || segment === ".."))
        return "contains an empty, `.` or `..` path segment";
    return undefined;
}
/**
 * Throws when shards named by the index are not on disk, before any shard is opened.
 * `missing` lists the absent shard names.
 */
function assertShardsPresent(index, indexName, missing) {
    if (missing.length === 0)
        return;
    const lines = missing.map((shard) => {
        const tensors = index.tensorsByShard.get(shard) ?? [];
        const shown = `${shard_index_plural(tensors.length, "tensor")}: ${shard_index_listNames(tensors)}`;
        return `${(0,visible_text/* quoteForMessage */.Hx)(shard)} is named by the index (${shown}) but missing`;
    });
    const body = lines.length === 1 ? lines[0] : `${lines.length} shards:\n${listLines(lines)}\n`;
    throw new src_errors/* FormatError */.IF(indexName, `${(0,visible_text/* quoteForMessage */.Hx)(indexName)}: checkpoint incomplete: ${body}${lines.length === 1 ? ". " : ""}` +
        "Re-download the checkpoint, including every shard the index names.");
}
/**
 * Checks the shard headers against the index and throws one FormatError listing every
 * inconsistency. `shardTensors` maps each shard name to the tensor names in its header.
 * Tensors found in a shard but absent from weight_map alone give warnings, which are returned.
 */
function checkShardConsistency(index, indexName, shardTensors) {
    const errors = [];
    const unlisted = [];
    const shardsByTensor = new Map();
    for (const [shard, names] of shardTensors) {
        for (const name of names) {
            const shards = shardsByTensor.get(name);
            if (shards)
                shards.push(shard);
            else
                shardsByTensor.set(name, [shard]);
        }
    }
    for (const [tensor, shard] of index.weightMap) {
        const holders = shardsByTensor.get(tensor) ?? [];
        if (!holders.includes(shard)) {
            const elsewhere = holders.length > 0 ? `; it is in ${shard_index_listNames(holders)}` : "";
            errors.push(`${(0,visible_text/* quoteForMessage */.Hx)(tensor)} is mapped to ${(0,visible_text/* quoteForMessage */.Hx)(shard)} but missing from that shard's header${elsewhere}`);
        }
    }
    for (const [tensor, shards] of shardsByTensor) {
        if (shards.length > 1) {
            errors.push(`${(0,visible_text/* quoteForMessage */.Hx)(tensor)} is defined in ${shards.length} shards: ${shard_index_listNames(shards)}`);
        }
        if (!index.weightMap.has(tensor)) {
            unlisted.push(`${(0,visible_text/* quoteForMessage */.Hx)(tensor)} is in ${shard_index_listNames(shards)} but absent from the index's weight_map`);
        }
    }
    if (errors.length === 0) {
        const shownIndex = (0,visible_text/* quoteForMessage */.Hx)(indexName);
        return unlisted.map((text) => `${shownIndex}: ${text}; it is compared like the other tensors.`);
    }
    const all = [...errors, ...unlisted];
    throw new src_errors/* FormatError */.IF(indexName, `${(0,visible_text/* quoteForMessage */.Hx)(indexName)}: the index and the shard headers disagree (${shard_index_plural(all.length, "problem")}):\n${listLines(all)}\n${REDOWNLOAD_CHECKPOINT}`);
}
/** Formats lines as a list: at most MAX_LISTED_PROBLEMS lines and about MAX_LISTED_CHARS characters. */
function listLines(lines) {
    const shown = [];
    let shownChars = 0;
    for (const line of lines) {
        if (shown.length === shard_index_MAX_LISTED_PROBLEMS)
            break;
        if (shown.length > 0 && shownChars + line.length > shard_index_MAX_LISTED_CHARS)
            break;
        shown.push(`  - ${line}`);
        shownChars += line.length;
    }
    const rest = lines.length - shown.length;
    if (rest > 0)
        shown.push(`  - and ${rest} more`);
    return shown.join("\n");
}
/** Lists names quoted and escaped, the first MAX_LISTED_NAMES of them, then a count of the rest. */
function shard_index_listNames(names) {
    const shown = names.slice(0, shard_index_MAX_LISTED_NAMES).map((name) => (0,visible_text/* quoteForMessage */.Hx)(name));
    const rest = names.length - shown.length;
    return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}
/** Returns "1 tensor", "2 tensors" and so on; `noun` is the singular and takes a plain "s". */
function shard_index_plural(count, noun) {
    return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

;// CONCATENATED MODULE: ./src/io/local-file.ts




/**
 * Open flags for reading. O_NONBLOCK makes opening a FIFO return at once instead of waiting for a
 * writer, so the type check after opening can reject it. It has no effect on regular files.
 * Windows has no O_NONBLOCK, so there the constant is undefined and adds nothing.
 */
const READ_FLAGS = external_node_fs_namespaceObject.constants.O_RDONLY | (external_node_fs_namespaceObject.constants.O_NONBLOCK ?? 0);
/**
 * Describes a failed file system call in plain words, for example
 * `cannot list folder "x": permission denied. Check …`. `action` is what was attempted, such as
 * "list folder" or "open", and `target` is the path.
 */
function describeFsError(action, target, error, context = {}) {
    const code = error?.code;
    const shown = (0,visible_text/* quoteForMessage */.Hx)(target);
    const reason = fsErrorReason(code, context);
    return `cannot ${action} ${shown}: ${reason}`;
}
/** Returns an InputError with the message of describeFsError. */
function fsInputError(action, target, error, context = {}) {
    return new src_errors/* InputError */.dz(describeFsError(action, target, error, context));
}
function fsErrorReason(code, context) {
    switch (code) {
        case "ENOENT":
            return "no such file or folder. Check the path.";
        case "EACCES":
        case "EPERM":
            return "permission denied. Check the permissions, or run as a user who can read it.";
        case "ELOOP":
            return "too many symbolic links (a loop?). Check where the links point.";
        case "ENOTDIR":
            return "a part of the path is a file, not a folder. Check the path.";
        case "ENAMETOOLONG":
            return "the path is too long. Pass a shorter path.";
        case "EISDIR":
            return "it is a folder, not a file. Pass a file.";
        case "EMFILE":
        case "ENFILE": {
            const count = context.openFiles;
            const held = count === undefined
                ? "a sharded checkpoint keeps one file open per shard on each side"
                : `a checkpoint with ${count} ${count === 1 ? "shard" : "shards"} keeps ${count} ${count === 1 ? "file" : "files"} open per side`;
            return `too many open files: raise the limit with \`ulimit -n\` (${held}).`;
        }
        case "EIO":
            return "input/output error, so the disk or network file system failed. Check the storage.";
        default:
            return `the system call failed (${code ?? "no error code"}). Check the path.`;
    }
}
/** Names the kind of a file that is not a regular file, for messages. */
function describeFileType(info) {
    if (info.isDirectory())
        return "a folder";
    if (info.isFIFO())
        return "a FIFO";
    if (info.isSocket())
        return "a socket";
    if (info.isCharacterDevice())
        return "a character device";
    if (info.isBlockDevice())
        return "a block device";
    if (info.isSymbolicLink())
        return "a symbolic link";
    return "an unknown kind of file";
}
/** A ByteSource over a local file, read with positional reads. */
class LocalFileSource {
    handle;
    name;
    size;
    spec;
    constructor(handle, name, size, path) {
        this.handle = handle;
        this.name = name;
        this.size = size;
        this.spec = { kind: "file", path, name, size };
    }
    /**
     * Opens `path` for reading; `name` is how messages refer to it (defaults to the path). Throws an
     * InputError when the path cannot be opened or is not a regular file (a FIFO, device or folder).
     */
    static async open(path, name = path, context = {}) {
        let handle;
        try {
            handle = await (0,promises_.open)(path, READ_FLAGS);
        }
        catch (error) {
            throw fsInputError("open", name, error, context);
        }
        let info;
        try {
            info = await handle.stat();
        }
        catch (error) {
            await handle.close();
            throw fsInputError("read the type of", name, error, context);
        }
        if (!info.isFile()) {
            await handle.close();
            throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(name)}: not a regular file (it is ${describeFileType(info)}). Pass a safetensors file.`);
        }
        return new LocalFileSource(handle, name, info.size, path);
    }
    async read(offset, length, target, targetOffset = 0) {
        this.checkRange(offset, length);
        let done = 0;
        while (done < length) {
            const { bytesRead } = await this.handle.read(target, targetOffset + done, length - done, offset + done);
            if (bytesRead === 0)
                throw this.endedEarly(offset, length, done);
            done += bytesRead;
        }
    }
    readSync(offset, length, target, targetOffset = 0) {
        this.checkRange(offset, length);
        let done = 0;
        while (done < length) {
            const bytesRead = (0,external_node_fs_namespaceObject.readSync)(this.handle.fd, target, targetOffset + done, length - done, offset + done);
            if (bytesRead === 0)
                throw this.endedEarly(offset, length, done);
            done += bytesRead;
        }
    }
    checkRange(offset, length) {
        if (offset < 0 || length < 0 || offset + length > this.size) {
            throw new src_errors/* FormatError */.IF(this.name, `${(0,visible_text/* quoteForMessage */.Hx)(this.name)}: cannot read bytes [${offset}, ${offset + length}): the file has ${this.size} ${this.size === 1 ? "byte" : "bytes"}.`);
        }
    }
    endedEarly(offset, length, done) {
        return new src_errors/* FormatError */.IF(this.name, `${(0,visible_text/* quoteForMessage */.Hx)(this.name)}: the file ended at byte ${offset + done} while reading [${offset}, ${offset + length}); it may have changed during the diff.`);
    }
    async close() {
        await this.handle.close();
    }
}

;// CONCATENATED MODULE: ./src/checkpoint/weight-set.ts
/**
 * The rules that pick one weight set in a folder, shared by local folders and Hub repositories:
 * `model.safetensors.index.json` first, then `model.safetensors`, else the only weight set.
 */


/** File names that transformers writes, tried first in a folder. */
const STANDARD_INDEX = "model.safetensors.index.json";
const STANDARD_SINGLE = "model.safetensors";
const INDEX_SUFFIX = ".safetensors.index.json";
const SAFETENSORS_SUFFIX = ".safetensors";
/** Extensions of weights in formats model-diff does not read, named when a folder has no safetensors. */
const OTHER_WEIGHT_EXTENSIONS = [
    ".bin",
    ".pt",
    ".pth",
    ".ckpt",
    ".gguf",
    ".h5",
    ".msgpack",
    ".pkl",
];
/** Names listed in one message (unused weight sets, metadata keys) before the rest are counted. */
const weight_set_MAX_LISTED_NAMES = 5;
/**
 * Picks the weight set of a folder: `model.safetensors.index.json` wins, then
 * `model.safetensors`, with a warning naming the weight sets left out. Without either, the only
 * weight set is used, and several candidates give an InputError that lists them.
 */
async function pickWeightSet(folder) {
    const names = folder.names;
    const preferred = [STANDARD_INDEX, STANDARD_SINGLE].find((name) => names.includes(name));
    if (preferred !== undefined) {
        // Other indexes are read only to leave their shards out of the warning, so a broken one
        // does not stop the comparison of the preferred weight set.
        const candidates = await weightSetCandidates(folder, "skip-unreadable");
        const unused = candidates.filter((name) => name !== preferred);
        const warnings = unused.length > 0 ? [unusedWeightSetsWarning(folder, preferred, unused)] : [];
        return { name: preferred, sharded: preferred === STANDARD_INDEX, warnings };
    }
    const candidates = await weightSetCandidates(folder, "throw");
    if (candidates.length === 1) {
        const only = candidates[0];
        return { name: only, sharded: only.endsWith(INDEX_SUFFIX), warnings: [] };
    }
    if (candidates.length > 1) {
        const listed = candidates
            .map((name) => `  - ${(0,visible_text/* quoteForMessage */.Hx)(folder.shownName(name))}`)
            .join("\n");
        throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(folder.shown)}: the folder contains ${candidates.length} weight sets, and model-diff compares one:\n${listed}\n` +
            "Pass the path of the file or index to compare instead of the folder.");
    }
    const others = names.filter((name) => OTHER_WEIGHT_EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension)));
    if (others.length > 0) {
        throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(folder.shown)}: the folder has no safetensors files, only weights in other formats ` +
            `(${weight_set_listNames(others)}). Convert them to safetensors ` +
            "(for example torch.load, then safetensors.torch.save_file) and compare the converted files.");
    }
    throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(folder.shown)}: the folder has no \`.safetensors\` file and no \`${INDEX_SUFFIX}\` shard index. ` +
        "Pass the folder or file that holds the weights.");
}
function unusedWeightSetsWarning(folder, used, unused) {
    const sets = unused.length === 1 ? "weight set" : "weight sets";
    return (`${(0,visible_text/* quoteForMessage */.Hx)(folder.shown)}: compared ${(0,visible_text/* quoteForMessage */.Hx)(used)} and left out the other ${sets} ` +
        `in the folder: ${weight_set_listNames(unused)}. In a folder, \`${STANDARD_INDEX}\` comes first, then ` +
        `\`${STANDARD_SINGLE}\`. To compare another weight set, pass the path of its file or index ` +
        "instead of the folder.");
}
/**
 * Lists the weight sets of a folder: each shard index, plus each safetensors file that no index
 * names as a shard. With "skip-unreadable", an index that cannot be read still counts as a
 * weight set, but its shards are not recognized.
 */
async function weightSetCandidates(folder, unreadableIndex) {
    const indexes = folder.names.filter((name) => name.endsWith(INDEX_SUFFIX));
    const shardNames = new Set();
    for (const name of indexes) {
        let index;
        try {
            index = await folder.readIndex(name);
        }
        catch (error) {
            if (unreadableIndex === "skip-unreadable" && error instanceof src_errors/* ModelDiffError */.fV)
                continue;
            throw error;
        }
        for (const shard of index.shards)
            shardNames.add(shard);
    }
    const singles = folder.names.filter((name) => name.endsWith(SAFETENSORS_SUFFIX) && !shardNames.has(name));
    return [...indexes, ...singles].sort();
}
/** Lists names quoted and escaped, the first MAX_LISTED_NAMES of them, then a count of the rest. */
function weight_set_listNames(names) {
    const shown = names.slice(0, weight_set_MAX_LISTED_NAMES).map((name) => (0,visible_text/* quoteForMessage */.Hx)(name));
    const rest = names.length - shown.length;
    return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

;// CONCATENATED MODULE: ./src/checkpoint/assemble.ts
/**
 * Assembly of a Checkpoint from files whose headers were read, shared by the local and the
 * remote openers.
 */



/** Builds the checkpoint of one file. */
function singleFileCheckpoint(names, parsed, folderWarnings) {
    const warnings = [...folderWarnings, ...parsed.warnings];
    return buildCheckpoint(names, [parsed], parsed.metadata, warnings);
}
/**
 * Builds the checkpoint of a shard index and its shards, `files[i]` being `index.shards[i]`.
 * Throws a FormatError when the index and the shard headers disagree.
 */
function shardedCheckpoint(names, index, indexName, files, folderWarnings) {
    const shardTensors = new Map(index.shards.map((shard, i) => [shard, files[i]?.tensors.map((tensor) => tensor.name) ?? []]));
    const warnings = checkShardConsistency(index, indexName, shardTensors);
    const metadataWarnings = [];
    const metadata = mergeMetadata(index.metadata, files, indexName, metadataWarnings);
    const allWarnings = [
        ...folderWarnings,
        ...files.flatMap((file) => file.warnings),
        ...warnings,
        ...metadataWarnings,
    ];
    return buildCheckpoint(names, files, metadata, allWarnings);
}
/**
 * Merges the index metadata with each shard's `__metadata__`. The first value of a key wins, and
 * a later different value gives a warning.
 */
function mergeMetadata(indexMetadata, files, indexPath, warnings) {
    const merged = { ...indexMetadata };
    const conflicts = new Set();
    for (const file of files) {
        for (const [key, value] of Object.entries(file.metadata)) {
            if (!Object.hasOwn(merged, key))
                defineEntry(merged, key, value);
            else if (JSON.stringify(merged[key]) !== JSON.stringify(value))
                conflicts.add(key);
        }
    }
    if (conflicts.size > 0) {
        const keys = weight_set_listNames([...conflicts]);
        const noun = conflicts.size === 1 ? "key" : "keys";
        const verb = conflicts.size === 1 ? "has" : "have";
        warnings.push(`${(0,visible_text/* quoteForMessage */.Hx)(indexPath)}: metadata ${noun} ${keys} ${verb} different values in the index and the shards; ` +
            "the first value found (index, then shards in index order) is shown.");
    }
    return merged;
}
/**
 * Adds `key` as an own property. Assignment would not do for a key from the file: assigning to
 * `__proto__` replaces the object's prototype and drops the key.
 */
function defineEntry(target, key, value) {
    Object.defineProperty(target, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
    });
}
function buildCheckpoint(names, files, metadata, warnings) {
    const tensors = new Map();
    let tensorBytes = 0;
    for (const file of files) {
        for (const tensor of file.tensors) {
            tensors.set(tensor.name, tensor);
            tensorBytes += tensor.byteLength;
        }
    }
    let closing;
    return {
        reference: names.reference,
        resolved: names.resolved,
        ...(names.hub ? { hub: names.hub } : {}),
        files,
        tensors,
        metadata,
        warnings,
        tensorBytes,
        close() {
            closing ??= closeAll(files.map((file) => file.source));
            return closing;
        },
    };
}
/** Closes every source, then throws the first failure, if any. */
async function closeAll(sources) {
    const results = await Promise.allSettled(sources.map((source) => source.close()));
    const failure = results.find((result) => result.status === "rejected");
    if (failure)
        throw failure.reason;
}

;// CONCATENATED MODULE: ./src/checkpoint/companions.ts
/**
 * The companion files read beside the weights (config.json, tokenizer.json and the others in
 * COMPANION_FILES), and the ones left out. A file left out is named in a warning and kept out of
 * the config comparison, so that it is never reported as absent.
 */


/** Largest companion file read (tokenizer.json files of large vocabularies reach about 10 MiB). */
const COMPANION_MAX_BYTES = 32 * 1024 * 1024;
/**
 * Reads each file of COMPANION_FILES that `find` locates. A file larger than COMPANION_MAX_BYTES,
 * or whose read fails, is left out with a warning: these files only add evidence, so they never
 * stop a diff.
 */
async function readCompanionFiles(find) {
    const companions = { texts: new Map(), leftOut: new Set(), warnings: [] };
    for (const name of COMPANION_FILES) {
        const file = await find(name);
        if (file === undefined)
            continue;
        if (file.size > COMPANION_MAX_BYTES) {
            companions.leftOut.add(name);
            companions.warnings.push(`${name} is ${formatBytes(file.size)}, over the ${formatBytes(COMPANION_MAX_BYTES)} read of a companion file, so it is left out of the config comparison.`);
            continue;
        }
        try {
            companions.texts.set(name, await file.read());
        }
        catch (error) {
            companions.leftOut.add(name);
            const reason = error instanceof Error ? error.message : String(error);
            companions.warnings.push(`${name} could not be read (${reason}), so it is left out of the config comparison.`);
        }
    }
    return companions;
}
/** Returns `checkpoint` with the companion files read, those left out, and their warnings. */
function withCompanionFiles(checkpoint, companions) {
    return {
        ...checkpoint,
        warnings: [...checkpoint.warnings, ...companions.warnings],
        close: () => checkpoint.close(),
        companions: companions.texts,
        companionsLeftOut: companions.leftOut,
    };
}

;// CONCATENATED MODULE: ./src/checkpoint/local.ts
/**
 * Resolves a local path to a checkpoint: a `.safetensors` file, a shard index, or a folder with
 * a standard weight set or a single one. Every file system failure becomes an InputError.
 */











/**
 * Opens the checkpoint at `reference`: a safetensors file, a `*.safetensors.index.json` file, or a
 * folder. In a folder, `model.safetensors.index.json` wins, then `model.safetensors`, and the
 * checkpoint gets a warning naming the weight sets left out. Without either, the only weight set
 * is used, and several candidates give an InputError that lists them.
 */
async function openLocalCheckpoint(reference, limits = limits_DEFAULT_LIMITS) {
    const shown = (0,visible_text/* quoteForMessage */.Hx)(reference);
    const info = await statPath(reference);
    if (info === undefined) {
        throw new src_errors/* InputError */.dz(`${shown}: no such file or folder. Check the path.`);
    }
    if (info.isFile()) {
        if (reference.endsWith(INDEX_SUFFIX))
            return openSharded(reference, reference, limits, []);
        return openSingle(reference, reference, limits, []);
    }
    if (!info.isDirectory()) {
        throw new src_errors/* InputError */.dz(`${shown}: not a regular file or folder (it is ${describeFileType(info)}). Pass a checkpoint file or folder.`);
    }
    const checkpoint = await openFolder(reference, limits);
    return withCompanionFiles(checkpoint, await readCompanions(reference));
}
/** Reads the companion files of a folder (see readCompanionFiles). */
function readCompanions(folder) {
    return readCompanionFiles(async (name) => {
        const file = inFolder(folder, name);
        const info = await (0,promises_.stat)(file).catch(() => undefined);
        if (!info?.isFile())
            return undefined;
        return { size: info.size, read: () => (0,promises_.readFile)(file, "utf8") };
    });
}
/**
 * Returns `name` in `folder` as path.join does, but keeps a leading "./" of `folder`, so that
 * messages and the report show a shard or index path the way the user typed its folder.
 */
function inFolder(folder, name) {
    const joined = external_node_path_default().join(folder, name);
    const dotted = /^\.[\\/]/.test(folder) && !/^\.\.?([\\/]|$)/.test(joined);
    return dotted ? `.${(external_node_path_default()).sep}${joined}` : joined;
}
async function openFolder(folder, limits) {
    // Listing the weight sets reads every index, the chosen one too. Each read is kept, so an index
    // of a million entries is parsed once.
    const indexes = new Map();
    const readIndex = (name) => {
        let index = indexes.get(name);
        if (index === undefined) {
            index = withSource(inFolder(folder, name), (source) => readShardIndex(source, limits));
            indexes.set(name, index);
        }
        return index;
    };
    const choice = await pickWeightSet({
        shown: folder,
        names: await listFiles(folder),
        shownName: (name) => inFolder(folder, name),
        readIndex,
    });
    const file = inFolder(folder, choice.name);
    return choice.sharded
        ? openSharded(folder, file, limits, choice.warnings, readIndex(choice.name))
        : openSingle(folder, file, limits, choice.warnings);
}
async function openSingle(reference, file, limits, folderWarnings) {
    const source = await LocalFileSource.open(file);
    let parsed;
    try {
        parsed = await readSafetensorsFile(source, limits);
    }
    catch (error) {
        await source.close();
        throw error;
    }
    return singleFileCheckpoint({ reference, resolved: file }, parsed, folderWarnings);
}
/** Opens the shards an index names. `indexRead` is a read of the index that the caller started. */
async function openSharded(reference, indexPath, limits, folderWarnings, indexRead) {
    const index = await (indexRead ??
        withSource(indexPath, (source) => readShardIndex(source, limits)));
    const folder = external_node_path_default().dirname(indexPath);
    const context = { openFiles: index.shards.length };
    const missing = [];
    const notFiles = [];
    for (const shard of index.shards) {
        const shardPath = inFolder(folder, shard);
        const info = await statPath(shardPath, context);
        if (info === undefined)
            missing.push(shard);
        else if (!info.isFile()) {
            notFiles.push(`${(0,visible_text/* quoteForMessage */.Hx)(shardPath)} (${describeFileType(info)})`);
        }
    }
    assertShardsPresent(index, indexPath, missing);
    if (notFiles.length > 0) {
        const shards = notFiles.length === 1 ? "shard is" : "shards are";
        throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(indexPath)}: ${notFiles.length} ${shards} not a regular file: ${notFiles.slice(0, weight_set_MAX_LISTED_NAMES).join(", ")}` +
            `${notFiles.length > weight_set_MAX_LISTED_NAMES ? ` and ${notFiles.length - weight_set_MAX_LISTED_NAMES} more` : ""}. ` +
            "Replace each with the shard file, for example by re-downloading the checkpoint.");
    }
    const files = [];
    const opened = [];
    try {
        for (const shard of index.shards) {
            const source = await LocalFileSource.open(inFolder(folder, shard), undefined, context);
            opened.push(source);
            files.push(await readSafetensorsFile(source, limits));
        }
        return shardedCheckpoint({ reference, resolved: indexPath }, index, indexPath, files, folderWarnings);
    }
    catch (error) {
        await Promise.allSettled(opened.map((source) => source.close()));
        throw error;
    }
}
async function withSource(file, use) {
    const source = await LocalFileSource.open(file);
    try {
        return await use(source);
    }
    finally {
        await source.close();
    }
}
/**
 * Returns the stats of `target`, following symbolic links, or undefined when nothing is there.
 * Any other failure becomes an InputError in plain words.
 */
async function statPath(target, context = {}) {
    try {
        return await (0,promises_.stat)(target);
    }
    catch (error) {
        if (error.code === "ENOENT")
            return undefined;
        throw fsInputError("read", target, error, context);
    }
}
/**
 * Names of the regular files in `folder`, following symbolic links, sorted. A `.safetensors` or
 * index name that is not a regular file (a FIFO, device, folder or broken link) gives an
 * InputError, because leaving it out would call it missing.
 */
async function listFiles(folder) {
    let entries;
    try {
        entries = await (0,promises_.readdir)(folder, { withFileTypes: true });
    }
    catch (error) {
        throw fsInputError("list folder", folder, error);
    }
    const names = [];
    for (const entry of entries) {
        if (entry.isFile()) {
            names.push(entry.name);
            continue;
        }
        const full = inFolder(folder, entry.name);
        if (entry.name.endsWith(SAFETENSORS_SUFFIX) || entry.name.endsWith(INDEX_SUFFIX)) {
            const info = await statPath(full);
            if (info === undefined) {
                throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(full)}: a symbolic link to a missing file. Fix the link, or pass the path of the file to compare.`);
            }
            if (!info.isFile()) {
                throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(full)}: not a regular file (it is ${describeFileType(info)}). ` +
                    "Replace it with the weights file, or pass the path of the file to compare.");
            }
            names.push(entry.name);
        }
        else if (entry.isSymbolicLink()) {
            // A link with another name only helps to name weights in other formats, so a broken one is
            // left out.
            const info = await (0,promises_.stat)(full).catch(() => undefined);
            if (info?.isFile())
                names.push(entry.name);
        }
    }
    return names.sort();
}

;// CONCATENATED MODULE: external "node:path/posix"
const posix_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path/posix");
var posix_default = /*#__PURE__*/__nccwpck_require__.n(posix_namespaceObject);
;// CONCATENATED MODULE: ./src/checkpoint/remote.ts
/**
 * Opens checkpoints over HTTP without downloading them: a Hub repository at a revision pinned to
 * its commit sha, or a URL of a safetensors file or shard index. Only the headers and shard
 * indexes are read here, each sized from its declared length. The diff engine reads tensor data
 * later through the same range sources.
 */










/** Revision read when a Hub reference names none, as in Hugging Face's own tools. */
const DEFAULT_REVISION = "main";
/**
 * Shard headers read at once. Each costs two small range requests, so a checkpoint of a few
 * hundred shards opens in seconds without a burst that a rate limit would count against.
 */
const SHARD_OPEN_CONCURRENCY = 8;
/** Characters of a commit sha shown in file names, as git shows short shas. */
const SHORT_SHA = 7;
/** Opens the weight set of a Hub repository at a revision; `reference` is shown in the report. */
async function openHubCheckpoint(target, reference, connection, limits) {
    const revision = target.revision ?? DEFAULT_REVISION;
    const commit = await resolveCommit(connection, target.repo, revision);
    const pointsAtFile = target.path !== null &&
        (target.path.endsWith(".safetensors") || target.path.endsWith(INDEX_SUFFIX));
    const folder = pointsAtFile ? parentFolder(target.path) : target.path;
    const listing = await listRepoFiles(connection, target.repo, commit, folder);
    const byPath = new Map(listing.map((file) => [file.path, file]));
    const shownName = (file) => `${target.repo}@${commit.slice(0, SHORT_SHA)}:${file}`;
    const remoteFile = (file) => ({
        url: resolveUrl(connection.endpoint, target.repo, commit, file.path),
        name: shownName(file.path),
        size: file.size,
        sha256: file.sha256,
    });
    const context = { connection, commit, limits, token: connection.token };
    let chosen;
    let sharded;
    let folderWarnings = [];
    const indexes = new Map();
    const readIndexAt = (file) => {
        let index = indexes.get(file);
        if (index === undefined) {
            const entry = byPath.get(file);
            index = withRemoteSource(remoteFile(entry), context, (source) => readShardIndex(source, limits));
            indexes.set(file, index);
        }
        return index;
    };
    if (pointsAtFile) {
        chosen = target.path;
        sharded = chosen.endsWith(INDEX_SUFFIX);
        if (!byPath.has(chosen)) {
            throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(reference)}: ${(0,visible_text/* quoteForMessage */.Hx)(chosen)} was not found in ${target.repo} at ${revision} (commit ${commit}). Check the path and the revision.`);
        }
    }
    else {
        const prefix = folder === null ? "" : `${folder}/`;
        const names = listing
            .map((file) => file.path.slice(prefix.length))
            .filter((name) => !name.includes("/"))
            .sort();
        const choice = await pickWeightSet({
            shown: `hf://${target.repo}@${revision}${folder === null ? "" : `/${folder}`}`,
            names,
            shownName: (name) => shownName(prefix + name),
            readIndex: (name) => readIndexAt(prefix + name),
        });
        chosen = prefix + choice.name;
        sharded = choice.sharded;
        folderWarnings = choice.warnings;
    }
    const names = {
        reference,
        resolved: `hf://${target.repo}@${commit}/${chosen}`,
        hub: { repo: target.repo, revision, commit, file: chosen },
    };
    const chosenFile = remoteFile(byPath.get(chosen));
    const weightsFolder = parentFolder(chosen);
    const withCompanions = async (checkpoint) => {
        const companions = await readCompanionFiles(async (name) => {
            const file = byPath.get(weightsFolder === null ? name : `${weightsFolder}/${name}`);
            if (file === undefined)
                return undefined;
            return { size: file.size, read: () => readRemoteText(remoteFile(file), context) };
        });
        return withCompanionFiles(checkpoint, companions);
    };
    if (!sharded) {
        return withCompanions(await openSingleRemote(names, chosenFile, context, folderWarnings));
    }
    const index = await readIndexAt(chosen);
    const indexFolder = parentFolder(chosen);
    const shardPath = (shard) => (indexFolder === null ? shard : `${indexFolder}/${shard}`);
    const missing = index.shards.filter((shard) => !byPath.has(shardPath(shard)));
    assertShardsPresent(index, chosenFile.name, missing);
    const shards = index.shards.map((shard) => remoteFile(byPath.get(shardPath(shard))));
    return withCompanions(await openShardedRemote(names, index, chosenFile.name, shards, context, folderWarnings));
}
/**
 * Reads a small text file whole, for the companion files beside the weights (config.json and the
 * tokenizer files). A failure leaves the file out: these files only add evidence.
 */
async function readRemoteText(file, context) {
    return withRemoteSource(file, context, async (source) => {
        const bytes = new Uint8Array(source.size);
        if (source.size > 0)
            await source.read(0, source.size, bytes, 0);
        return new TextDecoder().decode(bytes);
    });
}
/**
 * Opens a checkpoint from the URL of a `.safetensors` file or a `.safetensors.index.json` index,
 * whose shards are read from URLs relative to it. The token is sent only when the URL is on the
 * Hub endpoint's origin.
 */
async function openUrlCheckpoint(url, connection, limits) {
    const parsed = new URL(url);
    const sameOrigin = parsed.origin === new URL(connection.endpoint).origin;
    const context = {
        connection,
        commit: null,
        limits,
        token: sameOrigin ? connection.token : null,
    };
    const shown = shownUrl(url) + (parsed.search === "" ? "" : "?…");
    const names = { reference: shown, resolved: shown };
    const file = { url, name: shown, size: null, sha256: null };
    if (!parsed.pathname.endsWith(INDEX_SUFFIX))
        return openSingleRemote(names, file, context, []);
    const index = await withRemoteSource(file, context, (source) => readShardIndex(source, limits));
    const shards = index.shards.map((shard) => {
        const shardUrl = new URL(encodeRepoPath(shard), url).href;
        return { url: shardUrl, name: shownUrl(shardUrl), size: null, sha256: null };
    });
    return openShardedRemote(names, index, shown, shards, context, []);
}
function openSource(file, context) {
    const init = {
        url: file.url,
        name: file.name,
        size: file.size,
        token: context.token,
        commit: context.commit,
        sha256: file.sha256,
        ...(context.connection.retry ? { retry: context.connection.retry } : {}),
        ...(context.connection.onRetry ? { onRetry: context.connection.onRetry } : {}),
        ...(context.connection.fetch ? { fetch: context.connection.fetch } : {}),
    };
    return HttpRangeSource.open(init);
}
async function withRemoteSource(file, context, use) {
    const source = await openSource(file, context);
    try {
        return await use(source);
    }
    finally {
        await source.close();
    }
}
async function openSingleRemote(names, file, context, folderWarnings) {
    const source = await openSource(file, context);
    try {
        const parsed = await readSafetensorsFile(source, context.limits);
        return singleFileCheckpoint(names, parsed, folderWarnings);
    }
    catch (error) {
        await source.close();
        throw error;
    }
}
async function openShardedRemote(names, index, indexName, shards, context, folderWarnings) {
    const opened = [];
    const files = new Array(shards.length);
    let next = 0;
    let failed = false;
    const openNext = async () => {
        while (next < shards.length && !failed) {
            const position = next++;
            const source = await openSource(shards[position], context);
            opened.push(source);
            try {
                files[position] = await readSafetensorsFile(source, context.limits);
            }
            catch (error) {
                failed = true;
                throw error;
            }
        }
    };
    try {
        const openers = Array.from({ length: Math.min(SHARD_OPEN_CONCURRENCY, shards.length) }, openNext);
        const results = await Promise.allSettled(openers);
        const failure = results.find((result) => result.status === "rejected");
        if (failure)
            throw failure.reason;
        return shardedCheckpoint(names, index, indexName, files, folderWarnings);
    }
    catch (error) {
        await closeAll(opened).catch(() => { });
        throw error;
    }
}
function parentFolder(file) {
    const folder = posix_default().dirname(file);
    return folder === "." ? null : folder;
}

;// CONCATENATED MODULE: ./src/checkpoint/open.ts
/**
 * Opens the checkpoint a reference names: a local path, a Hub repository or a URL.
 */








/** Parses a request's reference; throws UsageError for a malformed one. */
function referenceOf(request) {
    return parseReference(request.reference, request.revision, request.revisionOption, external_node_fs_namespaceObject.existsSync);
}
/** Returns whether the reference reads over the network. */
function isRemote(reference) {
    return reference.kind !== "local";
}
/**
 * Returns the connection with its endpoint and token checked. Explicit values were checked when
 * the options were read, so a value that fails here came from HF_ENDPOINT or HF_TOKEN. A token
 * is checked only where it is sent: for a URL, only when it is on the endpoint's origin.
 */
function checkedConnection(connection, reference, text) {
    const endpoint = (0,options/* checkHubEndpoint */.lv)(connection.endpoint, "HF_ENDPOINT", text);
    const sendsToken = reference.kind === "hub" || new URL(reference.url).origin === new URL(endpoint).origin;
    const token = sendsToken && connection.token !== null
        ? (0,options/* checkHubToken */.Rj)(connection.token, "HF_TOKEN", text)
        : connection.token;
    return { ...connection, endpoint, token };
}
/** Opens the checkpoint of a parsed reference. */
async function openCheckpoint(request, reference, connection, limits) {
    switch (reference.kind) {
        case "local":
            if (reference.hubAlternative !== null && !(0,external_node_fs_namespaceObject.existsSync)(reference.path)) {
                throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(reference.path)}: no such file or folder. It was read as a local path because ${(0,visible_text/* quoteForMessage */.Hx)(reference.path.split("/")[0])} exists here. Check the path, or write ${reference.hubAlternative} to read a Hub repository of that name.`);
            }
            return openLocalCheckpoint(reference.path, limits);
        case "url":
            return openUrlCheckpoint(reference.url, checkedConnection(connection, reference, request.reference), limits);
        case "hub":
            return openHub(request, reference, checkedConnection(connection, reference, request.reference), limits);
    }
}
async function openHub(request, reference, connection, limits) {
    try {
        return await openHubCheckpoint(reference, request.reference, connection, limits);
    }
    catch (error) {
        if (!reference.bare || !(error instanceof src_errors/* InputError */.dz))
            throw error;
        const shown = (0,visible_text/* quoteForMessage */.Hx)(request.reference);
        if (error instanceof HubError && error.code === "RepoNotFound") {
            throw new src_errors/* InputError */.dz(`${shown} is neither a local file or folder nor a Hub repository. ${error.message}`);
        }
        throw new src_errors/* InputError */.dz(`${shown}: no local file or folder has this name, so it was read as a Hub repository, which failed. ${error.message}`);
    }
}

;// CONCATENATED MODULE: ./src/diff/plan.ts
/**
 * Work units: bounded byte ranges of tensor pairs, cut on block boundaries.
 *
 * A unit contains one or more segments. A segment is a run of whole blocks of one tensor pair (the
 * tensor's last block may be partial). Large tensors are split into several units; small tensors
 * are batched several to a unit, so thousands of tiny tensors cost few messages.
 */


/**
 * Default bytes per side per unit. The SIMD kernels read a unit in chunks of SIMD_CHUNK_BYTES, so
 * the unit size mostly sets how many messages cross between threads. With 2 workers on a 512 MiB
 * BF16 pair, 4 MiB units took about 8% less CPU than 1 MiB units (Node 20, 2-core VM).
 */
const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * Bytes per side per unit when a side is remote. The contiguous ranges of a unit become one
 * range request per side, so a side costs 64 requests per GiB plus one per tensor end. The Hub
 * allows 3,000 /resolve/ requests per 5 minutes, which a 15 GB pair stays under unless it
 * downloads faster than about 100 MB/s (an estimate; docs/hub.md has the count).
 */
const REMOTE_CHUNK_BYTES = 16 * 1024 * 1024;
/**
 * Maximum worker threads when a side is remote. Each worker has up to two range requests in flight
 * per side and four 16 MiB unit buffers: the unit compared and the one read ahead. A remote diff
 * of a 640 MiB pair from a local fake Hub peaked at 353 MiB of RSS with 2 workers and 597 MiB with
 * 4 (scripts/measure-remote.ts, Node 20, 2-vCPU VM). A remote diff is bound by the network, not
 * by the kernels.
 */
const MAX_REMOTE_WORKERS = 4;
/** Segments per unit at most, which bounds the size of one message to a worker. */
const MAX_SEGMENTS_PER_UNIT = 256;
/** Largest storage size of one element of the pair, in bytes (fractional for sub-byte dtypes). */
function plan_bytesPerElement(pair) {
    return Math.max(dtypeInfo(pair.base.dtype).bits, dtypeInfo(pair.head.dtype).bits) / 8;
}
/** Blocks per unit for a pair: as many as fit in `chunkBytes` per side, at least one. */
function blocksPerUnit(pair, chunkBytes) {
    return Math.max(1, Math.floor(chunkBytes / (BLOCK_ELEMENTS * plan_bytesPerElement(pair))));
}
function rangeOf(entry, firstElement, count) {
    const start = byteEndOf(entry.dtype, firstElement);
    const end = byteEndOf(entry.dtype, firstElement + count);
    return { source: entry.source.spec, offset: entry.byteOffset + start, length: end - start };
}
/**
 * Yields the work units for `pairs` in pair order and, within a pair, in block order. Pairs with
 * no elements and "incomparable" pairs need no bytes and get no segments.
 */
function* planUnits(pairs, threshold, chunkBytes = DEFAULT_CHUNK_BYTES) {
    let id = 0;
    let segments = [];
    let baseBytes = 0;
    let headBytes = 0;
    const flush = () => {
        const unit = { id: id++, threshold, segments, bytes: baseBytes + headBytes };
        segments = [];
        baseBytes = 0;
        headBytes = 0;
        return unit;
    };
    for (let pairIndex = 0; pairIndex < pairs.length; pairIndex++) {
        const pair = pairs[pairIndex];
        if (pair.comparison === "incomparable" || pair.base.numel === 0)
            continue;
        const elementsPerSegment = blocksPerUnit(pair, chunkBytes) * BLOCK_ELEMENTS;
        for (let first = 0; first < pair.base.numel; first += elementsPerSegment) {
            const count = Math.min(elementsPerSegment, pair.base.numel - first);
            const segment = {
                pairIndex,
                baseDtype: pair.base.dtype,
                headDtype: pair.head.dtype,
                firstElement: first,
                elementCount: count,
                base: rangeOf(pair.base, first, count),
                head: rangeOf(pair.head, first, count),
            };
            const fits = Math.max(baseBytes + segment.base.length, headBytes + segment.head.length) <= chunkBytes;
            if (segments.length > 0 && (!fits || segments.length >= MAX_SEGMENTS_PER_UNIT)) {
                yield flush();
            }
            segments.push(segment);
            baseBytes += segment.base.length;
            headBytes += segment.head.length;
        }
    }
    if (segments.length > 0)
        yield flush();
}
/** Numbers stored per segment in a PackedWorkUnit, in the order packWorkUnit writes them. */
const PACKED_SEGMENT_FIELDS = 11;
/** Numbers stored per capture range in a PackedWorkUnit: source index, offset and length. */
const PACKED_RANGE_FIELDS = 3;
/** Packs a unit for postMessage. */
function packWorkUnit(unit) {
    const sources = [];
    const sourceIndexes = new Map();
    const sourceIndexOf = (source) => {
        let index = sourceIndexes.get(source);
        if (index === undefined) {
            index = sources.length;
            sources.push(source);
            sourceIndexes.set(source, index);
        }
        return index;
    };
    const segments = new Float64Array(unit.segments.length * PACKED_SEGMENT_FIELDS);
    let at = 0;
    for (const segment of unit.segments) {
        segments[at++] = segment.pairIndex;
        segments[at++] = dtypeCodeOf(segment.baseDtype);
        segments[at++] = dtypeCodeOf(segment.headDtype);
        segments[at++] = segment.firstElement;
        segments[at++] = segment.elementCount;
        segments[at++] = sourceIndexOf(segment.base.source);
        segments[at++] = segment.base.offset;
        segments[at++] = segment.base.length;
        segments[at++] = sourceIndexOf(segment.head.source);
        segments[at++] = segment.head.offset;
        segments[at++] = segment.head.length;
    }
    const packed = {
        id: unit.id,
        threshold: unit.threshold,
        bytes: unit.bytes,
        sources,
        segments,
    };
    if (unit.captures !== undefined) {
        const captures = new Float64Array(unit.captures.length * PACKED_RANGE_FIELDS);
        at = 0;
        for (const range of unit.captures) {
            captures[at++] = sourceIndexOf(range.source);
            captures[at++] = range.offset;
            captures[at++] = range.length;
        }
        packed.captures = captures;
    }
    return packed;
}
/** Rebuilds the unit that packWorkUnit packed. */
function unpackWorkUnit(packed) {
    const values = packed.segments;
    const sourceAt = (numbers, at) => {
        const source = packed.sources[numbers[at]];
        if (source === undefined)
            throw new Error("Internal error: a packed unit names no source.");
        return source;
    };
    const segments = [];
    for (let at = 0; at < values.length; at += PACKED_SEGMENT_FIELDS) {
        segments.push({
            pairIndex: values[at],
            baseDtype: dtypeOfCode(values[at + 1]),
            headDtype: dtypeOfCode(values[at + 2]),
            firstElement: values[at + 3],
            elementCount: values[at + 4],
            base: {
                source: sourceAt(values, at + 5),
                offset: values[at + 6],
                length: values[at + 7],
            },
            head: {
                source: sourceAt(values, at + 8),
                offset: values[at + 9],
                length: values[at + 10],
            },
        });
    }
    const unit = {
        id: packed.id,
        threshold: packed.threshold,
        segments,
        bytes: packed.bytes,
    };
    if (packed.captures !== undefined) {
        const captures = [];
        for (let at = 0; at < packed.captures.length; at += PACKED_RANGE_FIELDS) {
            captures.push({
                source: sourceAt(packed.captures, at),
                offset: packed.captures[at + 1],
                length: packed.captures[at + 2],
            });
        }
        unit.captures = captures;
    }
    return unit;
}
const DTYPE_CODES = new Map(SUPPORTED_DTYPES.map((dtype, code) => [dtype, code]));
function dtypeCodeOf(dtype) {
    return DTYPE_CODES.get(dtype);
}
function dtypeOfCode(code) {
    const dtype = SUPPORTED_DTYPES[code];
    if (dtype === undefined)
        throw new Error(`Internal error: ${code} is not a dtype code.`);
    return dtype;
}

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./src/diff/pool.ts
/**
 * A fixed-size pool of worker threads with a task queue.
 *
 * Written for this project because piscina and tinypool fail inside an ESM ncc bundle. Piscina
 * needs __dirname, and ncc turns tinypool's worker URL into a plain path that fileURLToPath
 * rejects.
 * Each worker gets up to TASKS_PER_WORKER tasks at a time and runs them in order, so it starts its
 * next task without waiting for a round trip to the main thread.
 * A task that fails in a worker rejects its own promise with the worker's error rebuilt. A worker
 * that crashes or exits on its own fails the whole pool: every pending task is rejected and the
 * other workers are terminated.
 */


/** Marker in workerData, so the worker script starts its message loop only when the pool runs it. */
const WORKER_ROLE = "model-diff diff worker";
/** Time for every worker to load and report ready; loading a bundle takes well under a second. */
const WORKER_START_TIMEOUT_MS = 30_000;
/** Tasks sent to one worker before it replies: one running and one waiting in its message queue. */
const TASKS_PER_WORKER = 2;
/** Time for a worker to close its files after a close request before it is terminated. */
const WORKER_CLOSE_TIMEOUT_MS = 5_000;
/** Rebuilds the typed error a worker reported, so callers can map it to an exit code. */
function deserializeError(error) {
    switch (error.kind) {
        case "FormatError":
            return new src_errors/* FormatError */.IF(error.file ?? "", error.message);
        case "LimitError":
            return new src_errors/* LimitError */.oC(error.file ?? "", error.limit ?? "", error.message);
        case "InputError":
            return new src_errors/* InputError */.dz(error.message);
        case "UsageError":
            return new src_errors/* UsageError */.eb(error.message);
        case "ModelDiffError":
            return new src_errors/* ModelDiffError */.fV(error.message);
        default: {
            const rebuilt = new Error(`A diff worker thread failed: ${error.message}`);
            if (error.stack)
                rebuilt.stack = `${rebuilt.message}\nWorker stack: ${error.stack}`;
            return rebuilt;
        }
    }
}
class WorkerPool {
    slots;
    queue = [];
    nextId = 0;
    failure;
    closing = false;
    terminated = Promise.resolve();
    constructor(slots) {
        this.slots = slots;
    }
    /** Starts `size` workers running `script` and waits until each reports ready. */
    static async start(script, size) {
        const workerData = { role: WORKER_ROLE };
        // The workers get no Node flags from the parent: under a loader such as tsx (the benchmark,
        // the tests) each worker would load it too, which took about 70 ms of CPU per worker on Node
        // 20. The test bootstrap registers its own loader.
        const workers = Array.from({ length: size }, () => new external_node_worker_threads_namespaceObject.Worker(script, { workerData, execArgv: [] }));
        try {
            await Promise.all(workers.map((worker) => waitForReady(worker, script)));
        }
        catch (error) {
            await Promise.all(workers.map((worker) => worker.terminate()));
            throw error;
        }
        const pool = new WorkerPool(workers.map((worker) => ({ worker, running: [] })));
        for (const slot of pool.slots)
            pool.listen(slot);
        return pool;
    }
    get size() {
        return this.slots.length;
    }
    /** Queues a task; resolves with its result, or rejects with the worker's error. */
    run(task) {
        if (this.failure)
            return Promise.reject(this.failure);
        if (this.closing)
            return Promise.reject(new Error("Internal error: the worker pool is closed."));
        return new Promise((resolve, reject) => {
            this.queue.push({ id: this.nextId++, task, resolve, reject });
            this.dispatch();
        });
    }
    /** Asks every worker to close its files, then terminates it. Pending tasks are rejected. */
    async close() {
        if (this.closing) {
            await this.terminated;
            return;
        }
        this.closing = true;
        this.rejectAll(new Error("Internal error: the worker pool closed with tasks pending."));
        this.terminated = Promise.all(this.slots.map((slot) => closeWorker(slot.worker)));
        await this.terminated;
    }
    /** Rejects every pending task with `reason` and terminates the workers without waiting. */
    cancel(reason) {
        this.fail(reason);
    }
    /** Sends queued tasks to the workers with the fewest tasks first. */
    dispatch() {
        for (let depth = 1; depth <= TASKS_PER_WORKER; depth++) {
            for (const slot of this.slots) {
                if (slot.running.length >= depth)
                    continue;
                const next = this.queue.shift();
                if (!next)
                    return;
                slot.running.push(next);
                const request = { type: "task", id: next.id, task: next.task };
                slot.worker.postMessage(request);
            }
        }
    }
    listen(slot) {
        slot.worker.on("message", (reply) => {
            const running = slot.running[0];
            if (reply.type !== "result" && reply.type !== "failed")
                return;
            if (!running || running.id !== reply.id) {
                this.fail(new Error(`Internal error: a worker replied to task ${reply.id}, which it was not running.`));
                return;
            }
            slot.running.shift();
            if (reply.type === "result")
                running.resolve(reply.result);
            else
                running.reject(deserializeError(reply.error));
            this.dispatch();
        });
        slot.worker.on("error", (error) => {
            this.fail(new Error(`A diff worker thread crashed: ${error.message}`, { cause: error }));
        });
        slot.worker.on("exit", (code) => {
            if (!this.closing) {
                this.fail(new Error(`A diff worker thread exited unexpectedly with code ${code}.`));
            }
        });
    }
    /** Rejects every pending task with `error` and terminates all workers. */
    fail(error) {
        if (this.failure || this.closing)
            return;
        this.failure = error;
        this.closing = true;
        this.rejectAll(error);
        this.terminated = Promise.all(this.slots.map((slot) => slot.worker.terminate()));
    }
    rejectAll(error) {
        for (const slot of this.slots) {
            for (const running of slot.running.splice(0))
                running.reject(error);
        }
        for (const pending of this.queue.splice(0))
            pending.reject(error);
    }
}
function waitForReady(worker, script) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            cleanup();
            reject(new Error(`The diff worker ${String(script)} did not start within ${WORKER_START_TIMEOUT_MS} ms.`));
        }, WORKER_START_TIMEOUT_MS);
        const onMessage = (reply) => {
            if (reply.type !== "ready")
                return;
            cleanup();
            resolve();
        };
        const onError = (error) => {
            cleanup();
            reject(new Error(`The diff worker ${String(script)} failed to start: ${error.message}`, {
                cause: error,
            }));
        };
        const onExit = (code) => {
            cleanup();
            reject(new Error(`The diff worker ${String(script)} exited with code ${code} before it started.`));
        };
        const cleanup = () => {
            clearTimeout(timer);
            worker.off("message", onMessage);
            worker.off("error", onError);
            worker.off("exit", onExit);
        };
        worker.on("message", onMessage);
        worker.on("error", onError);
        worker.on("exit", onExit);
    });
}
async function closeWorker(worker) {
    await new Promise((resolve) => {
        const timer = setTimeout(done, WORKER_CLOSE_TIMEOUT_MS);
        function done() {
            clearTimeout(timer);
            worker.off("message", onMessage);
            worker.off("exit", done);
            resolve();
        }
        function onMessage(reply) {
            if (reply.type === "closed")
                done();
        }
        worker.on("message", onMessage);
        worker.on("exit", done);
        const request = { type: "close" };
        worker.postMessage(request);
    });
    await worker.terminate();
}

;// CONCATENATED MODULE: ./src/diff/stats.ts
/**
 * Deterministic merge of segment statistics into TensorStats.
 *
 * Counts are integers and the maximum keeps the lowest index on ties, so they merge in any order.
 * The float64 sums do not: they are folded block by block in block order, and a segment that
 * arrives before the blocks preceding it waits in a reorder buffer. The buffer holds at most the
 * segments of the work units in flight, because units are dispatched in block order.
 */


/** Statistics of a tensor pair with no elements, or the start of a fold. */
function emptyTensorStats(numel) {
    return {
        numel,
        changed: 0,
        bitsDiffering: 0,
        maxAbsDelta: 0,
        maxAbsDeltaIndex: -1,
        sumA: 0,
        sumB: 0,
        sumSquaredDelta: 0,
        sumSquaredA: 0,
        sumSquaredB: 0,
        sumProduct: 0,
        finiteCount: 0,
        nanA: 0,
        nanB: 0,
        infA: 0,
        infB: 0,
    };
}
/**
 * Counts up to this value are stored as small integers by inlineCount. V8 stores a small integer
 * in an object field as is, but every other number in a 16-byte box of its own.
 */
const MAX_INLINE_COUNT = 2 ** 30 - 1;
/**
 * Returns `count`, an integer from -1 up, as the same number. The counts arrive as float64 values
 * read from a Float64Array, which V8 keeps boxed. `count | 0` is the same integer in a form V8
 * stores unboxed, and that saved about 150 bytes per tensor (Node 20).
 */
function inlineCount(count) {
    return count <= MAX_INLINE_COUNT ? count | 0 : count;
}
/** Folds the segments of one tensor pair, received in any order, into its TensorStats. */
class TensorAccumulator {
    numel;
    blockCount;
    nextBlock = 0;
    changed = 0;
    bitsDiffering = 0;
    maxAbsDelta = 0;
    maxAbsDeltaIndex = -1;
    sumA = 0;
    sumB = 0;
    sumSquaredDelta = 0;
    sumSquaredA = 0;
    sumSquaredB = 0;
    sumProduct = 0;
    finiteCount = 0;
    nanA = 0;
    nanB = 0;
    infA = 0;
    infB = 0;
    profile;
    /** The statistics once built by result(). */
    stats;
    /**
     * Segments waiting for earlier blocks, keyed by their first block. Created on the first
     * segment that arrives out of order, because most tensors fit in one segment.
     */
    waiting;
    constructor(numel) {
        this.numel = numel;
        this.blockCount = Math.ceil(numel / BLOCK_ELEMENTS);
    }
    /** Adds the segment that starts at tensor element `firstElement` (a multiple of BLOCK_ELEMENTS). */
    add(firstElement, segment) {
        if (this.stats !== undefined) {
            throw new Error("Internal error: a segment arrived after the statistics were built.");
        }
        this.changed += segment.changed;
        this.bitsDiffering += segment.bitsDiffering;
        this.finiteCount += segment.finiteCount;
        this.nanA += segment.nanA;
        this.nanB += segment.nanB;
        this.infA += segment.infA;
        this.infB += segment.infB;
        if (segment.maxAbsDelta > this.maxAbsDelta ||
            (segment.maxAbsDelta === this.maxAbsDelta &&
                segment.maxAbsDeltaIndex !== -1 &&
                segment.maxAbsDeltaIndex < this.maxAbsDeltaIndex)) {
            this.maxAbsDelta = segment.maxAbsDelta;
            this.maxAbsDeltaIndex = segment.maxAbsDeltaIndex;
        }
        if (segment.profile !== null) {
            this.profile ??= pooledProfile(this.numel);
            addProfile(this.profile, segment.profile);
        }
        const firstBlock = firstElement / BLOCK_ELEMENTS;
        if (!Number.isInteger(firstBlock) || firstBlock < this.nextBlock) {
            throw new Error(`Internal error: a segment starts at element ${firstElement}, which is not the start of an unfolded block.`);
        }
        if (firstBlock === this.nextBlock) {
            this.fold(segment);
        }
        else {
            this.waiting ??= new Map();
            this.waiting.set(firstBlock, segment);
        }
        this.foldReadySegments();
    }
    /** Whether every block was folded. */
    get complete() {
        return this.nextBlock === this.blockCount;
    }
    /**
     * Returns the final statistics, built on the first call as one object that later calls return
     * again. Throws when some blocks were not folded yet.
     */
    result() {
        if (!this.complete) {
            throw new Error(`Internal error: ${this.blockCount - this.nextBlock} of ${this.blockCount} blocks were not folded.`);
        }
        this.stats ??= this.build();
        return this.stats;
    }
    /**
     * Builds the statistics in one object literal, in the field order of emptyTensorStats. Adding
     * `profile` to a built object would put it in a separate property store, 40 more bytes.
     */
    build() {
        const numel = inlineCount(this.numel);
        const changed = inlineCount(this.changed);
        const bitsDiffering = inlineCount(this.bitsDiffering);
        const maxAbsDelta = this.maxAbsDelta;
        const maxAbsDeltaIndex = inlineCount(this.maxAbsDeltaIndex);
        const sumA = this.sumA;
        const sumB = this.sumB;
        const sumSquaredDelta = this.sumSquaredDelta;
        const sumSquaredA = this.sumSquaredA;
        const sumSquaredB = this.sumSquaredB;
        const sumProduct = this.sumProduct;
        const finiteCount = inlineCount(this.finiteCount);
        const nanA = inlineCount(this.nanA);
        const nanB = inlineCount(this.nanB);
        const infA = inlineCount(this.infA);
        const infB = inlineCount(this.infB);
        const profile = this.profile;
        if (profile === undefined) {
            return {
                numel,
                changed,
                bitsDiffering,
                maxAbsDelta,
                maxAbsDeltaIndex,
                sumA,
                sumB,
                sumSquaredDelta,
                sumSquaredA,
                sumSquaredB,
                sumProduct,
                finiteCount,
                nanA,
                nanB,
                infA,
                infB,
            };
        }
        return {
            numel,
            changed,
            bitsDiffering,
            maxAbsDelta,
            maxAbsDeltaIndex,
            sumA,
            sumB,
            sumSquaredDelta,
            sumSquaredA,
            sumSquaredB,
            sumProduct,
            finiteCount,
            nanA,
            nanB,
            infA,
            infB,
            profile,
        };
    }
    foldReadySegments() {
        const waiting = this.waiting;
        if (waiting === undefined)
            return;
        let segment = waiting.get(this.nextBlock);
        while (segment) {
            waiting.delete(this.nextBlock);
            this.fold(segment);
            segment = waiting.get(this.nextBlock);
        }
        if (waiting.size === 0)
            this.waiting = undefined;
    }
    /** Adds the sums of the segment that starts at block nextBlock, in block order. */
    fold(segment) {
        const sums = segment.blockSums;
        const blocks = sums.length / SUMS_PER_BLOCK;
        for (let block = 0; block < blocks; block++) {
            const at = block * SUMS_PER_BLOCK;
            this.sumA += sums[at + SUM_A];
            this.sumB += sums[at + SUM_B];
            this.sumSquaredDelta += sums[at + SUM_SQUARED_DELTA];
            this.sumSquaredA += sums[at + SUM_SQUARED_A];
            this.sumSquaredB += sums[at + SUM_SQUARED_B];
            this.sumProduct += sums[at + SUM_PRODUCT];
        }
        this.nextBlock += blocks;
    }
}

;// CONCATENATED MODULE: ./src/diff/wasm/kernels-wasm.ts
// Generated by `npm run build:wasm` from kernels.wat. Do not edit.
/** The assembled kernels module, base64-encoded. */
const KERNELS_WASM_BASE64 = [
    "AGFzbQEAAAABigEUYAV/fHx/fABgAn98AGABewF8YAt/e3t7e3t7e3t/fwBgAXsBf2AFf39/fH8AYAN/f38AYAF/",
    "AXxgAX8Bf2ABfwBgA3t7ewF7YAR/f398AX9gA39/fwF/YAJ/fwF8YAF8AX9gBn9/f398fwBgBX9/f39/AGAEe3t7",
    "ewF7YAZ/f39/f38AYAJ/fwADKSgAAQIDBAUGBwgJCQUGBQYHBwcKCwsLDA0OCQ8QERITBAQEBQUFBgYGBQQBARER",
    "Bg4CfwBBgIABC38AQcgACwexAQ0GbWVtb3J5AgAKbG9jYXRlQkYxNgATCWxvY2F0ZUYxNgAUCWxvY2F0ZUYzMgAV",
    "CmV4YWN0QmxvY2sAGgxwcm9maWxlQmxvY2sAGw1wcm9maWxlRmluaXRlAB0LY29tcGFyZUJGMTYAIgpjb21wYXJl",
    "RjE2ACMKY29tcGFyZUYzMgAkDWlkZW50aWNhbEJGMTYAJQxpZGVudGljYWxGMTYAJgxpZGVudGljYWxGMzIAJwrK",
    "SCiyAQECfCABIAKhIQUgBZkhBiADRQRAIAAgACsDQEQAAAAAAADwP6A5A0ALIAYgBGQEQCAAIAArAzhEAAAAAAAA",
    "8D+gOQM4CyAGIAArAzBkBEAgACAGOQMwCyAAIAArAwAgAaA5AwAgACAAKwMIIAKgOQMIIAAgACsDECAFIAWioDkD",
    "ECAAIAArAxggASABoqA5AxggACAAKwMgIAIgAqKgOQMgIAAgACsDKCABIAKioDkDKAsfACAAIAArAwAgAaA5AwAg",
    "ACAAKwMYIAEgAaKgOQMYCw0AIAD9IQAgAP0hAaALZAAgACABEAI5AwAgACACEAI5AwggACADEAI5AxAgACAEEAI5",
    "AxggACAFEAI5AyAgACAGEAI5AyggACAH/SEAIAf9IQGlOQMwIAAgCP0dACAI/R0BfLo5AzggACAKIAlruDkDQAsZ",
    "ACAA/RsAIAD9GwFqIAD9GwIgAP0bA2pqC98GBAF/GnsDfwF7IAP9FCEG/QwAAP//AAD//wAA//8AAP//ISMgAkF4",
    "cSEgIAAgIEEBdGohBSAAIAVJBEADQCAA/QAEACEWIAH9AAQAIRcgFSAWIBf9Lf2RASEVIBZBEP2rASEYIBdBEP2r",
    "ASEZIBj9XyEaIBn9XyEbIBggGP0NCAkKCwwNDg8ICQoLDA0OD/1fIRwgGSAZ/Q0ICQoLDA0ODwgJCgsMDQ4P/V8h",
    "HSAaIBv98QEhHiAe/ewBIR8gFCAfIAb9Sv3RASEUIBMgH/33ASETIAcgGv3wASEHIAggG/3wASEIIAkgHiAe/fIB",
    "/fABIQkgCiAaIBr98gH98AEhCiALIBsgG/3yAf3wASELIAwgGiAb/fIB/fABIQwgHCAd/fEBIR4gHv3sASEfIBQg",
    "HyAG/Ur90QEhFCATIB/99wEhEyAHIBz98AEhByAIIB398AEhCCAJIB4gHv3yAf3wASEJIAogHCAc/fIB/fABIQog",
    "CyAdIB398gH98AEhCyAMIBwgHf3yAf3wASEMIBYgI/1OIRggFyAj/U4hGSAY/V8hGiAZ/V8hGyAYIBj9DQgJCgsM",
    "DQ4PCAkKCwwNDg/9XyEcIBkgGf0NCAkKCwwNDg8ICQoLDA0OD/1fIR0gGiAb/fEBIR4gHv3sASEfIBQgHyAG/Ur9",
    "0QEhFCATIB/99wEhEyANIBr98AEhDSAOIBv98AEhDiAPIB4gHv3yAf3wASEPIBAgGiAa/fIB/fABIRAgESAbIBv9",
    "8gH98AEhESASIBogG/3yAf3wASESIBwgHf3xASEeIB797AEhHyAUIB8gBv1K/dEBIRQgEyAf/fcBIRMgDSAc/fAB",
    "IQ0gDiAd/fABIQ4gDyAeIB798gH98AEhDyAQIBwgHP3yAf3wASEQIBEgHSAd/fIB/fABIREgEiAcIB398gH98AEh",
    "EiAAQRBqIQAgAUEQaiEBIAAgBUkNAAsLIAQgByAN/fABIAggDv3wASAJIA/98AEgCiAQ/fABIAsgEf3wASAMIBL9",
    "8AEgEyAUIBX9fhAEICAQAyAFIAJBB3FBAXRqIQUCQANAIAAgBU8NASAALwEAISEgAS8BACEiIAQgIUEQdL67ICJB",
    "EHS+uyAhICJGIAMQACAAQQJqIQAgAUECaiEBDAALCwvCAgIBfwl7/QwAAP//AAD//wAA//8AAP//IQwgACABQXhx",
    "QQF0aiEDIAAgA0kEQANAIAD9AAQAIQggCEEQ/asBIQkgCf1fIQogCSAJ/Q0ICQoLDA0ODwgJCgsMDQ4P/V8hCyAE",
    "IAr98AEhBCAFIAogCv3yAf3wASEFIAQgC/3wASEEIAUgCyAL/fIB/fABIQUgCCAM/U4hCSAJ/V8hCiAJIAn9DQgJ",
    "CgsMDQ4PCAkKCwwNDg/9XyELIAYgCv3wASEGIAcgCiAK/fIB/fABIQcgBiAL/fABIQYgByALIAv98gH98AEhByAA",
    "QRBqIQAgACADSQ0ACwsgAiAEIAb98AEQAjkDACACIAUgB/3wARACOQMYIAMgAUEHcUEBdGohAwJAA0AgACADTw0B",
    "IAIgAC8BAEEQdL67EAEgAEECaiEADAALCwsbACAAQRB0QQN1QYDA//94cb5BgICAvAe+lLsLDgAgAEGA+AFxQYD4",
    "AUYLEAAgAEQAAAAAAAD4fzkDGAuOAQAgACAAKwMARAAAAAAAAPBGojkDACAAIAArAwhEAAAAAAAA8EaiOQMIIAAg",
    "ACsDEEQAAAAAAADwTaI5AxAgACAAKwMYRAAAAAAAAPBNojkDGCAAIAArAyBEAAAAAAAA8E2iOQMgIAAgACsDKEQA",
    "AAAAAADwTaI5AyggACAAKwMwRAAAAAAAAPBGojkDMAviBwQBfxt7BH8CeyADRAAAAAAAAPA4ov0UIQb9DADg/48A",
    "4P+PAOD/jwDg/48hJf0M/3//f/9//3//f/9//3//fyEmIAJBeHEhISAAICFBAXRqIQUgACAFSQRAA0AgAP0ABAAh",
    "FyAB/QAEACEYIBUgFyAY/S39kQEhFSAWIBcgJv1O/ZkBIRYgFiAYICb9Tv2ZASEWIBdBEP2rAUED/awBICX9TiEZ",
    "IBhBEP2rAUED/awBICX9TiEaIBn9XyEbIBr9XyEcIBkgGf0NCAkKCwwNDg8ICQoLDA0OD/1fIR0gGiAa/Q0ICQoL",
    "DA0ODwgJCgsMDQ4P/V8hHiAbIBz98QEhHyAf/ewBISAgFCAgIAb9Sv3RASEUIBMgIP33ASETIAcgG/3wASEHIAgg",
    "HP3wASEIIAkgHyAf/fIB/fABIQkgCiAbIBv98gH98AEhCiALIBwgHP3yAf3wASELIAwgGyAc/fIB/fABIQwgHSAe",
    "/fEBIR8gH/3sASEgIBQgICAG/Ur90QEhFCATICD99wEhEyAHIB398AEhByAIIB798AEhCCAJIB8gH/3yAf3wASEJ",
    "IAogHSAd/fIB/fABIQogCyAeIB798gH98AEhCyAMIB0gHv3yAf3wASEMIBdBA/2sASAl/U4hGSAYQQP9rAEgJf1O",
    "IRogGf1fIRsgGv1fIRwgGSAZ/Q0ICQoLDA0ODwgJCgsMDQ4P/V8hHSAaIBr9DQgJCgsMDQ4PCAkKCwwNDg/9XyEe",
    "IBsgHP3xASEfIB/97AEhICAUICAgBv1K/dEBIRQgEyAg/fcBIRMgDSAb/fABIQ0gDiAc/fABIQ4gDyAfIB/98gH9",
    "8AEhDyAQIBsgG/3yAf3wASEQIBEgHCAc/fIB/fABIREgEiAbIBz98gH98AEhEiAdIB798QEhHyAf/ewBISAgFCAg",
    "IAb9Sv3RASEUIBMgIP33ASETIA0gHf3wASENIA4gHv3wASEOIA8gHyAf/fIB/fABIQ8gECAdIB398gH98AEhECAR",
    "IB4gHv3yAf3wASERIBIgHSAe/fIB/fABIRIgAEEQaiEAIAFBEGohASAAIAVJDQALCyAEIAcgDf3wASAIIA798AEg",
    "CSAP/fABIAogEP3wASALIBH98AEgDCAS/fABIBMgFCAV/X4QBCAhEAMgBBAKIBb9DAB8AHwAfAB8AHwAfAB8AHz9",
    "Nv1TISQgBSACQQdxQQF0aiEFAkADQCAAIAVPDQEgAC8BACEiIAEvAQAhIyAkICIQCCAjEAhyciEkIAQgIhAHICMQ",
    "ByAiICNGIAMQACAAQQJqIQAgAUECaiEBDAALCyAkBEAgBBAJCwu2AwQBfwl7An8Ce/0MAOD/jwDg/48A4P+PAOD/",
    "jyEP/Qz/f/9//3//f/9//3//f/9/IRAgACABQXhxQQF0aiEDIAAgA0kEQANAIAD9AAQAIQkgCCAJIBD9Tv2ZASEI",
    "IAlBEP2rAUED/awBIA/9TiEKIAr9XyELIAogCv0NCAkKCwwNDg8ICQoLDA0OD/1fIQwgBCAL/fABIQQgBSALIAv9",
    "8gH98AEhBSAEIAz98AEhBCAFIAwgDP3yAf3wASEFIAlBA/2sASAP/U4hCiAK/V8hCyAKIAr9DQgJCgsMDQ4PCAkK",
    "CwwNDg/9XyEMIAYgC/3wASEGIAcgCyAL/fIB/fABIQcgBiAM/fABIQYgByAMIAz98gH98AEhByAAQRBqIQAgACAD",
    "SQ0ACwsgAiAEIAb98AEQAkQAAAAAAADwRqI5AwAgAiAFIAf98AEQAkQAAAAAAADwTaI5AxggCP0MAHwAfAB8AHwA",
    "fAB8AHwAfP02/VMhDiADIAFBB3FBAXRqIQMCQANAIAAgA08NASAALwEAIQ0gDiANEAhyIQ4gAiANEAcQASAAQQJq",
    "IQAMAAsLIA4EQCACEAkLC98DAwF/GHsDfyAD/RQhBiACQXxxIR4gACAeQQJ0aiEFIAAgBUkEQANAIAD9AAQAIRYg",
    "Af0ABAAhFyAVIBYgF/03/bEBIRUgFv1fIRggF/1fIRkgAP1dAwj9XyEaIAH9XQMI/V8hGyAYIBn98QEhHCAc/ewB",
    "IR0gFCAdIAb9Sv3RASEUIBMgHf33ASETIAcgGP3wASEHIAggGf3wASEIIAkgHCAc/fIB/fABIQkgCiAYIBj98gH9",
    "8AEhCiALIBkgGf3yAf3wASELIAwgGCAZ/fIB/fABIQwgGiAb/fEBIRwgHP3sASEdIBQgHSAG/Ur90QEhFCATIB39",
    "9wEhEyANIBr98AEhDSAOIBv98AEhDiAPIBwgHP3yAf3wASEPIBAgGiAa/fIB/fABIRAgESAbIBv98gH98AEhESAS",
    "IBogG/3yAf3wASESIABBEGohACABQRBqIQEgACAFSQ0ACwsgBCAHIA398AEgCCAO/fABIAkgD/3wASAKIBD98AEg",
    "CyAR/fABIAwgEv3wASATIBQgFRAEIB4QAyAFIAJBA3FBAnRqIQUCQANAIAAgBU8NASAAKAIAIR8gASgCACEgIAQg",
    "H767ICC+uyAfICBGIAMQACAAQQRqIQAgAUEEaiEBDAALCwu8AQIBfwd7IAAgAUF8cUECdGohAyAAIANJBEADQCAA",
    "/QAEACEIIAj9XyEJIAD9XQMI/V8hCiAEIAn98AEhBCAFIAkgCf3yAf3wASEFIAYgCv3wASEGIAcgCiAK/fIB/fAB",
    "IQcgAEEQaiEAIAAgA0kNAAsLIAIgBCAG/fABEAI5AwAgAiAFIAf98AEQAjkDGCADIAFBA3FBAnRqIQMCQANAIAAg",
    "A08NASACIAAoAgC+uxABIABBBGohAAwACwsLDAAgAC8BAEEQdL67CwkAIAAvAQAQBwsIACAAKgIAuwtQACAA/V8g",
    "Af1f/fEB/ewBIAL9RyAAIAD9DQgJCgsMDQ4PCAkKCwwNDg/9XyABIAH9DQgJCgsMDQ4PCAkKCwwNDg/9X/3xAf3s",
    "ASAC/Uf9UAvFAQICfwN7IAP9FCEGIAJBeHEhBQJAA0AgBCAFTw0BIAAgBEEBdGr9AAQAIQcgASAEQQF0av0ABAAh",
    "CCAHQRD9qwEgCEEQ/asBIAYQEiAH/QwAAP//AAD//wAA//8AAP///U4gCP0MAAD//wAA//8AAP//AAD///1OIAYQ",
    "Ev1Q/VMNASAEQQhqIQQMAAsLA0AgBCACTwRAQX8PCyADIAAgBEEBdGoQDyABIARBAXRqEA+hmWEEQCAEDwsgBEEB",
    "aiEEDAALQX8L/QECAn8Fe/0MAOD/jwDg/48A4P+PAOD/jyEJ/QwAAIB3AACAdwAAgHcAAIB3IQogA/0UIQYgAkF4",
    "cSEFAkADQCAEIAVPDQEgACAEQQF0av0ABAAhByABIARBAXRq/QAEACEIIAdBEP2rAUED/awBIAn9TiAK/eYBIAhB",
    "EP2rAUED/awBIAn9TiAK/eYBIAYQEiAHQQP9rAEgCf1OIAr95gEgCEED/awBIAn9TiAK/eYBIAYQEv1Q/VMNASAE",
    "QQhqIQQMAAsLA0AgBCACTwRAQX8PCyADIAAgBEEBdGoQECABIARBAXRqEBChmWEEQCAEDwsgBEEBaiEEDAALQX8L",
    "gQECAn8BeyAD/RQhBiACQXxxIQUCQANAIAQgBU8NASAAIARBAnRq/QAEACABIARBAnRq/QAEACAGEBL9Uw0BIARB",
    "BGohBAwACwsDQCAEIAJPBEBBfw8LIAMgACAEQQJ0ahARIAEgBEECdGoQEaGZYQRAIAQPCyAEQQFqIQQMAAtBfwsh",
    "ACAAQQJGBH8gASACQQJ0aigCAAUgASACQQF0ai8BAAsLWQAgAEUEQCABQRB0vrsPCyAAQQJGBEAgAb67DwsgARAI",
    "BEAgAUH/B3EEQEQAAAAAAAD4fw8LIAFBgIACcQRARAAAAAAAAPD/DwtEAAAAAAAA8H8PCyABEAcLEQAgAL1CNIin",
    "Qf8PcUH/B2sLDwAgACAAKAIAQQFqNgIAC9wEBQN/BHwCfwd8CH9BfyEWAkADQCAGIANPDQEgAEECRgRAIAEgBkEC",
    "dGooAgAhByACIAZBAnRqKAIAIQggB767IQkgCL67IQoFIAEgBkEBdGovAQAhByACIAZBAXRqLwEAIQggAEUEQCAH",
    "QRB0vrshCSAIQRB0vrshCgUgB0EQdEEDdUGAwP//eHG+QYCAgLwHvpS7IQkgCEEQdEEDdUGAwP//eHG+QYCAgLwH",
    "vpS7IQogB0GA+AFxQYD4AUYEQCAAIAcQFyEJCyAIQYD4AXFBgPgBRgRAIAAgCBAXIQoLCwsgGCAHIAhHaiEYIAkg",
    "CaFEAAAAAAAAAABhIQ0gCiAKoUQAAAAAAAAAAGEhDiANRQRAIAkgCWIEQCAaQQFqIRoFIBxBAWohHAsLIA5FBEAg",
    "CiAKYgRAIBtBAWohGwUgHUEBaiEdCwsgCSAKYSAJIAliIAogCmJxckUEQCAJIAqhmSEMIAwgBGVFBEAgF0EBaiEX",
    "CyAMIBVkIAwgDKFEAAAAAAAAAABhcQRAIAwhFSAGIRYLCyANIA5xBEAgGUEBaiEZIAkgCqEhCyAPIAmgIQ8gECAK",
    "oCEQIBEgCyALoqAhESASIAkgCaKgIRIgEyAKIAqioCETIBQgCSAKoqAhFAsgBkEBaiEGDAALCyAFIA85AwAgBSAQ",
    "OQMIIAUgETkDECAFIBI5AxggBSATOQMgIAUgFDkDKCAFIBU5AzAgBSAXuDkDOCAFIBi4OQNAIAUgGbg5A0ggBSAa",
    "uDkDUCAFIBu4OQNYIAUgHLg5A2AgBSAduDkDaCAFIBa3OQNwC7YEAwN/AnwGf0FyQYJ/IABBAUYbIQxBB0EKQRcg",
    "AEEBRhsgAEUbIQ0gA0F8cSELAkADQCAFIANPDQEgACABIAUQFiEGIAAgAiAFEBYhByAAIAYQFyEIIAAgBxAXIQkg",
    "CUQAAAAAAAAAAGEEQCAEQQxqEBkgCkEBaiEKIAhEAAAAAAAAAABiBEAgBEEQahAZBSAEQQhqEBkLBSAIRAAAAAAA",
    "AAAAYQRAIARBCGoQGSAEQRRqEBkFIAggCGEgCSAJYXEEQCAEEBkgCCAJokQAAAAAAAAAAGQEQCAEQQRqEBkLCwsL",
    "IAVBA3FBA0YgBSALSXEEQCAEQRhqEBkgCkECTwRAIARBHGoQGQtBACEKCyAAQQBHBEAgCSAJYiAJtrxB//8DcUVy",
    "BEAgBEEsahAZCwsgBEEAQR8gCBAYQR5qIg8gD0EfShsgD0EASBtBAnRqIQ8gCCAJYQRAIARBMGoQGSAIIAihRAAA",
    "AAAAAAAAYQRAIA9BoAFqEBkLBSAIIAhiIAkgCWJxBEAgBEEwahAZBSAIIAihRAAAAAAAAAAAYSAJIAmhRAAAAAAA",
    "AAAAYXEEQCAIEBghDiAOIAwgDiAMShshDiAIIAmhmRAYIA4gDWtrIQ5BfiAOIA5BfkgbIQ5BGCAOIA5BGEobIQ4g",
    "BCAOQQ9qQQJ0ahAZIA9BoAFqEBkgD0GgAmoQGQsLCyAFQQFqIQUMAAsLIABFBEAgBCAEKAIsIANqNgIsCyAEIAQo",
    "AqADIANqNgKgAwuDAgEEeyAA/V8gAv1f/fEBQTT9zQEhBCAAIAD9DQgJCgsMDQ4PCAkKCwwNDg/9XyACIAL9DQgJ",
    "CgsMDQ4PCAkKCwwNDg/9X/3xAUE0/c0BIQUgAf1fIAP9X/3xAUE0/c0BIQYgASAB/Q0ICQoLDA0ODwgJCgsMDQ4P",
    "/V8gAyAD/Q0ICQoLDA0ODwgJCgsMDQ4P/V/98QFBNP3NASEHIAQgBf0NAAEICRARGBkAAQgJEBEYGSAGIAf9DQAB",
    "CAkQERgZAAEICRARGBn9DQABAgMEBQYHEBESExQVFhf9DP8H/wf/B/8H/wf/B/8H/wf9Tv0MgAOAA4ADgAOAA4AD",
    "gAOAA/2RAQvGEwUCfyh7BH8IewF/IABFBED9DAEAAQABAAEAAQABAAEAAQAhKv0MCgAKAAoACgAKAAoACgAKACEr",
    "/QwQABAAEAAQABAAEAAQABAAISwLIABBAUYEQP0McQBxAHEAcQBxAHEAcQBxACEq/QwNAA0ADQANAA0ADQANAA0A",
    "ISv9DA0ADQANAA0ADQANAA0ADQAhLAsgAEECRgRA/QwBAAEAAQABAAEAAQABAAEAISr9DBoAGgAaABoAGgAaABoA",
    "GgAhKwv9DAAA//8AAP//AAD//wAA//8hLf0MAOD/jwDg/48A4P+PAOD/jyEu/QwAAIB3AACAdwAAgHcAAIB3IS/9",
    "DB8AHwAfAB8AHwAfAB8AHwAhKCABIANBAkEBIABBAkYbdGohBgJAA0AgASAGTw0BIABBAkYEQCAB/QAEACEIIAH9",
    "AAQQIQogAv0ABAAhCSAC/QAEECELIAj9DAAAAAAAAAAAAAAAAAAAAAD9QSAK/QwAAAAAAAAAAAAAAAAAAAAA/UH9",
    "hQEhFCAJ/QwAAAAAAAAAAAAAAAAAAAAA/UEgC/0MAAAAAAAAAAAAAAAAAAAAAP1B/YUBIRUgCCAJ/UEgCiAL/UH9",
    "hQEhFyAIQRD9rAEgCkEQ/awB/YUBIRIgCUEQ/awBIAtBEP2sAf2FASETIAn9DP//AAD//wAA//8AAP//AAD9Tv0M",
    "AAAAAAAAAAAAAAAAAAAAAP03IAv9DP//AAD//wAA//8AAP//AAD9Tv0MAAAAAAAAAAAAAAAAAAAAAP03/YUBIRgg",
    "CCAKIAkgCxAcIRsgEkEH/Y0B/Qz/AP8A/wD/AP8A/wD/AP8A/U4hGSABQSBqIQEgAkEgaiECBSAB/QAEACEIIAL9",
    "AAQAIQkgCP0M/3//f/9//3//f/9//3//f/1O/QwAAAAAAAAAAAAAAAAAAAAA/S0hFCAJ/Qz/f/9//3//f/9//3//",
    "f/9//U79DAAAAAAAAAAAAAAAAAAAAAD9LSEVIAggCf0tIBQgFf1O/VAhFyAIQRD9qwEhDCAIIC39TiENIAlBEP2r",
    "ASEOIAkgLf1OIQ8gAEUEQCAIIRIgCSETBSAMQQP9rAEgLv1OIC/95gEhDCANQQP9rAEgLv1OIC/95gEhDSAOQQP9",
    "rAEgLv1OIC/95gEhDiAPQQP9rAEgLv1OIC/95gEhDyAMQRD9rQEgDSAt/U79UCESIA5BEP2tASAPIC39Tv1QIRMg",
    "Dv0M//8AAP//AAD//wAA//8AAP1OIA9BEP2rAf1Q/QwAAAAAAAAAAAAAAAAAAAAA/S0hGAsgDCAO/eUBIRAgDSAP",
    "/eUBIREgEEEQ/a0BIBEgLf1O/VBBB/2NAf0M/wD/AP8A/wD/AP8A/wD/AP1OIRsgE0EH/Y0B/Qz/AP8A/wD/AP8A",
    "/wD/AP8A/U4hGiASQQf9jQH9DP8A/wD/AP8A/wD/AP8A/wD9TiEZIBn9DAEAAQABAAEAAQABAAEAAQD9mQEgGv0M",
    "AQABAAEAAQABAAEAAQABAP2ZAf2RAf2AASAs/TEhHCAcIBQgFf1Q/U8gG/0MAQABAAEAAQABAAEAAQABAP2RAf0M",
    "/QD9AP0A/QD9AP0A/QD9AP0yIBf9T/1Q/VMEQCAMIA39DQABAgMQERITBAUGBxQVFhcgDCAN/Q0ICQoLGBkaGwwN",
    "Dg8cHR4fIA4gD/0NAAECAxAREhMEBQYHFBUWFyAOIA/9DQgJCgsYGRobDA0ODxwdHh8QHCEbCyABQRBqIQEgAkEQ",
    "aiECCyAUIBX9UCEWICEgFP2RASEhICIgFf2RASEiICMgFCAV/U79kQEhIyAkIBb9kQEhJCAlIBIgE/1RQQ/9jAEg",
    "Fv1P/ZEBISUgJyAY/ZEBIScgFf1+ISAgICAgICD9DQQFBgcAAQIDDA0ODwgJCgv9rgEhICAmICD9DP7////+////",
    "/v////7////9Pf2xASEmIBn9DGEAYQBhAGEAYQBhAGEAYQD9kwH9DB8AHwAfAB8AHwAfAB8AHwD9lwEhHSAoIB39",
    "lwEhKCApIB39mQEhKf0MGwAbABsAGwAbABsAGwAbAP0MAQABAAEAAQABAAEAAQABACAbIBkgKv2YAf2RASAr/Y4B",
    "/ZgB/ZYBIBf9TyEeIB1BBv2LASAeQQH9iwH9UP0MAAAACAAQABgAIAAoADAAOP2OASEfIAUgH/0ZAGohByAHIAcv",
    "AQBBAWo7AQAgBSAf/RkBaiEHIAcgBy8BAEEBajsBACAFIB/9GQJqIQcgByAHLwEAQQFqOwEAIAUgH/0ZA2ohByAH",
    "IAcvAQBBAWo7AQAgBSAf/RkEaiEHIAcgBy8BAEEBajsBACAFIB/9GQVqIQcgByAHLwEAQQFqOwEAIAUgH/0ZBmoh",
    "ByAHIAcvAQBBAWo7AQAgBSAf/RkHaiEHIAcgBy8BAEEBajsBAAwACwsgKBAgITAgKRAhITECQANAIDAgMUsNASAF",
    "IDBBBnRqITL9DAAAAAAAAAAAAAAAAAAAAAAhNP0MAAAAAAAAAAAAAAAAAAAAACE1/QwAAAAAAAAAAAAAAAAAAAAA",
    "ITb9DAAAAAAAAAAAAAAAAAAAAAAhN0EAITMDQCAyIDNBC3RqIQcgNCAH/QAEAP2OASE0IDUgB/0ABBD9jgEhNSA2",
    "IAf9AAQg/Y4BITYgNyAH/QAEMP2OASE3IAf9DAAAAAAAAAAAAAAAAAAAAAD9CwQAIAf9DAAAAAAAAAAAAAAAAAAA",
    "AAD9CwQQIAf9DAAAAAAAAAAAAAAAAAAAAAD9CwQgIAf9DAAAAAAAAAAAAAAAAAAAAAD9CwQwIDNBAWohMyAzQQhJ",
    "DQALIDggNP2OASE4IDkgNf2OASE5IDogNv2OASE6IDsgN/2OASE7IDQgNf2OASA2IDf9jgH9jgH9fxAEITwgBCAw",
    "QQJ0aiEHIAcgBygCoAEgPGo2AqABIAcgBygCoAIgPCA0/RkAa2o2AqACIDBBAWohMAwACwsgBCAE/QAEMCA4/akB",
    "/a4B/QsEMCAEIAT9AARAIDj9qgH9rgH9CwRAIAQgBP0ABFAgOf2pAf2uAf0LBFAgBCAE/QAEYCA5/aoB/a4B/QsE",
    "YCAEIAT9AARwIDr9qQH9rgH9CwRwIAQgBP0ABIABIDr9qgH9rgH9CwSAASAEIAT9AASQASA7/akB/a4B/QsEkAEg",
    "AyAkEB9rITwgBCA8EB4gBEEEaiA8ICUQH2sQHiAEQQhqICEQHxAeIARBDGogIhAfEB4gBEEQaiAiEB8gIxAfaxAe",
    "IARBFGogIRAfICMQH2sQHiAEQRhqIANBAnYQHiAEQRxqICYQBEEBdhAeIARBLGogAyAnEB8gAEUbEB4gBEGgA2og",
    "AxAeCw8AIAAgACgCACABajYCAAsIACAA/X4QBAteACAAIAAgAP0NCAkKCwwNDg8AAQIDBAUGB/2XASEAIAAgACAA",
    "/Q0EBQYHAAECAwQFBgcAAQID/ZcBIQAgACAAIAD9DQIDAAECAwABAgMAAQIDAAH9lwEhACAA/RkAC14AIAAgACAA",
    "/Q0ICQoLDA0ODwABAgMEBQYH/ZkBIQAgACAAIAD9DQQFBgcAAQIDBAUGBwABAgP9mQEhACAAIAAgAP0NAgMAAQID",
    "AAECAwABAgMAAf2ZASEAIAD9GQALTQEBfwJAA0AgAkEATA0BIwAgAiACIwBKGyEFIAAgASAFIAMgBBAFIAAgBUEB",
    "dGohACABIAVBAXRqIQEgBCMBaiEEIAIgBWshAgwACwsLTQEBfwJAA0AgAkEATA0BIwAgAiACIwBKGyEFIAAgASAF",
    "IAMgBBALIAAgBUEBdGohACABIAVBAXRqIQEgBCMBaiEEIAIgBWshAgwACwsLTQEBfwJAA0AgAkEATA0BIwAgAiAC",
    "IwBKGyEFIAAgASAFIAMgBBANIAAgBUECdGohACABIAVBAnRqIQEgBCMBaiEEIAIgBWshAgwACwsLPwEBfwJAA0Ag",
    "AUEATA0BIwAgASABIwBKGyEDIAAgAyACEAYgACADQQF0aiEAIAIjAWohAiABIANrIQEMAAsLCz8BAX8CQANAIAFB",
    "AEwNASMAIAEgASMAShshAyAAIAMgAhAMIAAgA0EBdGohACACIwFqIQIgASADayEBDAALCws/AQF/AkADQCABQQBM",
    "DQEjACABIAEjAEobIQMgACADIAIQDiAAIANBAnRqIQAgAiMBaiECIAEgA2shAQwACwsL",
].join("");
/**
 * The same module with its exact multiply-adds fused into f64x2.relaxed_madd, base64-encoded.
 * Runtimes without relaxed SIMD reject it.
 */
const KERNELS_FMA_WASM_BASE64 = [
    "AGFzbQEAAAABigEUYAV/fHx/fABgAn98AGABewF8YAt/e3t7e3t7e3t/fwBgAXsBf2AFf39/fH8AYAN/f38AYAF/",
    "AXxgAX8Bf2ABfwBgA3t7ewF7YAR/f398AX9gA39/fwF/YAJ/fwF8YAF8AX9gBn9/f398fwBgBX9/f39/AGAEe3t7",
    "ewF7YAZ/f39/f38AYAJ/fwADKSgAAQIDBAUGBwgJCQUGBQYHBwcKCwsLDA0OCQ8QERITBAQEBQUFBgYGBQQBARER",
    "Bg4CfwBBgIABC38AQcgACwexAQ0GbWVtb3J5AgAKbG9jYXRlQkYxNgATCWxvY2F0ZUYxNgAUCWxvY2F0ZUYzMgAV",
    "CmV4YWN0QmxvY2sAGgxwcm9maWxlQmxvY2sAGw1wcm9maWxlRmluaXRlAB0LY29tcGFyZUJGMTYAIgpjb21wYXJl",
    "RjE2ACMKY29tcGFyZUYzMgAkDWlkZW50aWNhbEJGMTYAJQxpZGVudGljYWxGMTYAJgxpZGVudGljYWxGMzIAJwrS",
    "RyiyAQECfCABIAKhIQUgBZkhBiADRQRAIAAgACsDQEQAAAAAAADwP6A5A0ALIAYgBGQEQCAAIAArAzhEAAAAAAAA",
    "8D+gOQM4CyAGIAArAzBkBEAgACAGOQMwCyAAIAArAwAgAaA5AwAgACAAKwMIIAKgOQMIIAAgACsDECAFIAWioDkD",
    "ECAAIAArAxggASABoqA5AxggACAAKwMgIAIgAqKgOQMgIAAgACsDKCABIAKioDkDKAsfACAAIAArAwAgAaA5AwAg",
    "ACAAKwMYIAEgAaKgOQMYCw0AIAD9IQAgAP0hAaALZAAgACABEAI5AwAgACACEAI5AwggACADEAI5AxAgACAEEAI5",
    "AxggACAFEAI5AyAgACAGEAI5AyggACAH/SEAIAf9IQGlOQMwIAAgCP0dACAI/R0BfLo5AzggACAKIAlruDkDQAsZ",
    "ACAA/RsAIAD9GwFqIAD9GwIgAP0bA2pqC7sGBAF/GnsDfwF7IAP9FCEG/QwAAP//AAD//wAA//8AAP//ISMgAkF4",
    "cSEgIAAgIEEBdGohBSAAIAVJBEADQCAA/QAEACEWIAH9AAQAIRcgFSAWIBf9Lf2RASEVIBZBEP2rASEYIBdBEP2r",
    "ASEZIBj9XyEaIBn9XyEbIBggGP0NCAkKCwwNDg8ICQoLDA0OD/1fIRwgGSAZ/Q0ICQoLDA0ODwgJCgsMDQ4P/V8h",
    "HSAaIBv98QEhHiAe/ewBIR8gFCAfIAb9Sv3RASEUIBMgH/33ASETIAcgGv3wASEHIAggG/3wASEIIAkgHiAe/fIB",
    "/fABIQkgGiAaIAr9hwIhCiAbIBsgC/2HAiELIBogGyAM/YcCIQwgHCAd/fEBIR4gHv3sASEfIBQgHyAG/Ur90QEh",
    "FCATIB/99wEhEyAHIBz98AEhByAIIB398AEhCCAJIB4gHv3yAf3wASEJIBwgHCAK/YcCIQogHSAdIAv9hwIhCyAc",
    "IB0gDP2HAiEMIBYgI/1OIRggFyAj/U4hGSAY/V8hGiAZ/V8hGyAYIBj9DQgJCgsMDQ4PCAkKCwwNDg/9XyEcIBkg",
    "Gf0NCAkKCwwNDg8ICQoLDA0OD/1fIR0gGiAb/fEBIR4gHv3sASEfIBQgHyAG/Ur90QEhFCATIB/99wEhEyANIBr9",
    "8AEhDSAOIBv98AEhDiAPIB4gHv3yAf3wASEPIBogGiAQ/YcCIRAgGyAbIBH9hwIhESAaIBsgEv2HAiESIBwgHf3x",
    "ASEeIB797AEhHyAUIB8gBv1K/dEBIRQgEyAf/fcBIRMgDSAc/fABIQ0gDiAd/fABIQ4gDyAeIB798gH98AEhDyAc",
    "IBwgEP2HAiEQIB0gHSAR/YcCIREgHCAdIBL9hwIhEiAAQRBqIQAgAUEQaiEBIAAgBUkNAAsLIAQgByAN/fABIAgg",
    "Dv3wASAJIA/98AEgCiAQ/fABIAsgEf3wASAMIBL98AEgEyAUIBX9fhAEICAQAyAFIAJBB3FBAXRqIQUCQANAIAAg",
    "BU8NASAALwEAISEgAS8BACEiIAQgIUEQdL67ICJBEHS+uyAhICJGIAMQACAAQQJqIQAgAUECaiEBDAALCwu2AgIB",
    "fwl7/QwAAP//AAD//wAA//8AAP//IQwgACABQXhxQQF0aiEDIAAgA0kEQANAIAD9AAQAIQggCEEQ/asBIQkgCf1f",
    "IQogCSAJ/Q0ICQoLDA0ODwgJCgsMDQ4P/V8hCyAEIAr98AEhBCAKIAogBf2HAiEFIAQgC/3wASEEIAsgCyAF/YcC",
    "IQUgCCAM/U4hCSAJ/V8hCiAJIAn9DQgJCgsMDQ4PCAkKCwwNDg/9XyELIAYgCv3wASEGIAogCiAH/YcCIQcgBiAL",
    "/fABIQYgCyALIAf9hwIhByAAQRBqIQAgACADSQ0ACwsgAiAEIAb98AEQAjkDACACIAUgB/3wARACOQMYIAMgAUEH",
    "cUEBdGohAwJAA0AgACADTw0BIAIgAC8BAEEQdL67EAEgAEECaiEADAALCwsbACAAQRB0QQN1QYDA//94cb5BgICA",
    "vAe+lLsLDgAgAEGA+AFxQYD4AUYLEAAgAEQAAAAAAAD4fzkDGAuOAQAgACAAKwMARAAAAAAAAPBGojkDACAAIAAr",
    "AwhEAAAAAAAA8EaiOQMIIAAgACsDEEQAAAAAAADwTaI5AxAgACAAKwMYRAAAAAAAAPBNojkDGCAAIAArAyBEAAAA",
    "AAAA8E2iOQMgIAAgACsDKEQAAAAAAADwTaI5AyggACAAKwMwRAAAAAAAAPBGojkDMAu+BwQBfxt7BH8CeyADRAAA",
    "AAAAAPA4ov0UIQb9DADg/48A4P+PAOD/jwDg/48hJf0M/3//f/9//3//f/9//3//fyEmIAJBeHEhISAAICFBAXRq",
    "IQUgACAFSQRAA0AgAP0ABAAhFyAB/QAEACEYIBUgFyAY/S39kQEhFSAWIBcgJv1O/ZkBIRYgFiAYICb9Tv2ZASEW",
    "IBdBEP2rAUED/awBICX9TiEZIBhBEP2rAUED/awBICX9TiEaIBn9XyEbIBr9XyEcIBkgGf0NCAkKCwwNDg8ICQoL",
    "DA0OD/1fIR0gGiAa/Q0ICQoLDA0ODwgJCgsMDQ4P/V8hHiAbIBz98QEhHyAf/ewBISAgFCAgIAb9Sv3RASEUIBMg",
    "IP33ASETIAcgG/3wASEHIAggHP3wASEIIAkgHyAf/fIB/fABIQkgGyAbIAr9hwIhCiAcIBwgC/2HAiELIBsgHCAM",
    "/YcCIQwgHSAe/fEBIR8gH/3sASEgIBQgICAG/Ur90QEhFCATICD99wEhEyAHIB398AEhByAIIB798AEhCCAJIB8g",
    "H/3yAf3wASEJIB0gHSAK/YcCIQogHiAeIAv9hwIhCyAdIB4gDP2HAiEMIBdBA/2sASAl/U4hGSAYQQP9rAEgJf1O",
    "IRogGf1fIRsgGv1fIRwgGSAZ/Q0ICQoLDA0ODwgJCgsMDQ4P/V8hHSAaIBr9DQgJCgsMDQ4PCAkKCwwNDg/9XyEe",
    "IBsgHP3xASEfIB/97AEhICAUICAgBv1K/dEBIRQgEyAg/fcBIRMgDSAb/fABIQ0gDiAc/fABIQ4gDyAfIB/98gH9",
    "8AEhDyAbIBsgEP2HAiEQIBwgHCAR/YcCIREgGyAcIBL9hwIhEiAdIB798QEhHyAf/ewBISAgFCAgIAb9Sv3RASEU",
    "IBMgIP33ASETIA0gHf3wASENIA4gHv3wASEOIA8gHyAf/fIB/fABIQ8gHSAdIBD9hwIhECAeIB4gEf2HAiERIB0g",
    "HiAS/YcCIRIgAEEQaiEAIAFBEGohASAAIAVJDQALCyAEIAcgDf3wASAIIA798AEgCSAP/fABIAogEP3wASALIBH9",
    "8AEgDCAS/fABIBMgFCAV/X4QBCAhEAMgBBAKIBb9DAB8AHwAfAB8AHwAfAB8AHz9Nv1TISQgBSACQQdxQQF0aiEF",
    "AkADQCAAIAVPDQEgAC8BACEiIAEvAQAhIyAkICIQCCAjEAhyciEkIAQgIhAHICMQByAiICNGIAMQACAAQQJqIQAg",
    "AUECaiEBDAALCyAkBEAgBBAJCwuqAwQBfwl7An8Ce/0MAOD/jwDg/48A4P+PAOD/jyEP/Qz/f/9//3//f/9//3//",
    "f/9/IRAgACABQXhxQQF0aiEDIAAgA0kEQANAIAD9AAQAIQkgCCAJIBD9Tv2ZASEIIAlBEP2rAUED/awBIA/9TiEK",
    "IAr9XyELIAogCv0NCAkKCwwNDg8ICQoLDA0OD/1fIQwgBCAL/fABIQQgCyALIAX9hwIhBSAEIAz98AEhBCAMIAwg",
    "Bf2HAiEFIAlBA/2sASAP/U4hCiAK/V8hCyAKIAr9DQgJCgsMDQ4PCAkKCwwNDg/9XyEMIAYgC/3wASEGIAsgCyAH",
    "/YcCIQcgBiAM/fABIQYgDCAMIAf9hwIhByAAQRBqIQAgACADSQ0ACwsgAiAEIAb98AEQAkQAAAAAAADwRqI5AwAg",
    "AiAFIAf98AEQAkQAAAAAAADwTaI5AxggCP0MAHwAfAB8AHwAfAB8AHwAfP02/VMhDiADIAFBB3FBAXRqIQMCQANA",
    "IAAgA08NASAALwEAIQ0gDiANEAhyIQ4gAiANEAcQASAAQQJqIQAMAAsLIA4EQCACEAkLC80DAwF/GHsDfyAD/RQh",
    "BiACQXxxIR4gACAeQQJ0aiEFIAAgBUkEQANAIAD9AAQAIRYgAf0ABAAhFyAVIBYgF/03/bEBIRUgFv1fIRggF/1f",
    "IRkgAP1dAwj9XyEaIAH9XQMI/V8hGyAYIBn98QEhHCAc/ewBIR0gFCAdIAb9Sv3RASEUIBMgHf33ASETIAcgGP3w",
    "ASEHIAggGf3wASEIIAkgHCAc/fIB/fABIQkgGCAYIAr9hwIhCiAZIBkgC/2HAiELIBggGSAM/YcCIQwgGiAb/fEB",
    "IRwgHP3sASEdIBQgHSAG/Ur90QEhFCATIB399wEhEyANIBr98AEhDSAOIBv98AEhDiAPIBwgHP3yAf3wASEPIBog",
    "GiAQ/YcCIRAgGyAbIBH9hwIhESAaIBsgEv2HAiESIABBEGohACABQRBqIQEgACAFSQ0ACwsgBCAHIA398AEgCCAO",
    "/fABIAkgD/3wASAKIBD98AEgCyAR/fABIAwgEv3wASATIBQgFRAEIB4QAyAFIAJBA3FBAnRqIQUCQANAIAAgBU8N",
    "ASAAKAIAIR8gASgCACEgIAQgH767ICC+uyAfICBGIAMQACAAQQRqIQAgAUEEaiEBDAALCwu2AQIBfwd7IAAgAUF8",
    "cUECdGohAyAAIANJBEADQCAA/QAEACEIIAj9XyEJIAD9XQMI/V8hCiAEIAn98AEhBCAJIAkgBf2HAiEFIAYgCv3w",
    "ASEGIAogCiAH/YcCIQcgAEEQaiEAIAAgA0kNAAsLIAIgBCAG/fABEAI5AwAgAiAFIAf98AEQAjkDGCADIAFBA3FB",
    "AnRqIQMCQANAIAAgA08NASACIAAoAgC+uxABIABBBGohAAwACwsLDAAgAC8BAEEQdL67CwkAIAAvAQAQBwsIACAA",
    "KgIAuwtQACAA/V8gAf1f/fEB/ewBIAL9RyAAIAD9DQgJCgsMDQ4PCAkKCwwNDg/9XyABIAH9DQgJCgsMDQ4PCAkK",
    "CwwNDg/9X/3xAf3sASAC/Uf9UAvFAQICfwN7IAP9FCEGIAJBeHEhBQJAA0AgBCAFTw0BIAAgBEEBdGr9AAQAIQcg",
    "ASAEQQF0av0ABAAhCCAHQRD9qwEgCEEQ/asBIAYQEiAH/QwAAP//AAD//wAA//8AAP///U4gCP0MAAD//wAA//8A",
    "AP//AAD///1OIAYQEv1Q/VMNASAEQQhqIQQMAAsLA0AgBCACTwRAQX8PCyADIAAgBEEBdGoQDyABIARBAXRqEA+h",
    "mWEEQCAEDwsgBEEBaiEEDAALQX8L/QECAn8Fe/0MAOD/jwDg/48A4P+PAOD/jyEJ/QwAAIB3AACAdwAAgHcAAIB3",
    "IQogA/0UIQYgAkF4cSEFAkADQCAEIAVPDQEgACAEQQF0av0ABAAhByABIARBAXRq/QAEACEIIAdBEP2rAUED/awB",
    "IAn9TiAK/eYBIAhBEP2rAUED/awBIAn9TiAK/eYBIAYQEiAHQQP9rAEgCf1OIAr95gEgCEED/awBIAn9TiAK/eYB",
    "IAYQEv1Q/VMNASAEQQhqIQQMAAsLA0AgBCACTwRAQX8PCyADIAAgBEEBdGoQECABIARBAXRqEBChmWEEQCAEDwsg",
    "BEEBaiEEDAALQX8LgQECAn8BeyAD/RQhBiACQXxxIQUCQANAIAQgBU8NASAAIARBAnRq/QAEACABIARBAnRq/QAE",
    "ACAGEBL9Uw0BIARBBGohBAwACwsDQCAEIAJPBEBBfw8LIAMgACAEQQJ0ahARIAEgBEECdGoQEaGZYQRAIAQPCyAE",
    "QQFqIQQMAAtBfwshACAAQQJGBH8gASACQQJ0aigCAAUgASACQQF0ai8BAAsLWQAgAEUEQCABQRB0vrsPCyAAQQJG",
    "BEAgAb67DwsgARAIBEAgAUH/B3EEQEQAAAAAAAD4fw8LIAFBgIACcQRARAAAAAAAAPD/DwtEAAAAAAAA8H8PCyAB",
    "EAcLEQAgAL1CNIinQf8PcUH/B2sLDwAgACAAKAIAQQFqNgIAC9wEBQN/BHwCfwd8CH9BfyEWAkADQCAGIANPDQEg",
    "AEECRgRAIAEgBkECdGooAgAhByACIAZBAnRqKAIAIQggB767IQkgCL67IQoFIAEgBkEBdGovAQAhByACIAZBAXRq",
    "LwEAIQggAEUEQCAHQRB0vrshCSAIQRB0vrshCgUgB0EQdEEDdUGAwP//eHG+QYCAgLwHvpS7IQkgCEEQdEEDdUGA",
    "wP//eHG+QYCAgLwHvpS7IQogB0GA+AFxQYD4AUYEQCAAIAcQFyEJCyAIQYD4AXFBgPgBRgRAIAAgCBAXIQoLCwsg",
    "GCAHIAhHaiEYIAkgCaFEAAAAAAAAAABhIQ0gCiAKoUQAAAAAAAAAAGEhDiANRQRAIAkgCWIEQCAaQQFqIRoFIBxB",
    "AWohHAsLIA5FBEAgCiAKYgRAIBtBAWohGwUgHUEBaiEdCwsgCSAKYSAJIAliIAogCmJxckUEQCAJIAqhmSEMIAwg",
    "BGVFBEAgF0EBaiEXCyAMIBVkIAwgDKFEAAAAAAAAAABhcQRAIAwhFSAGIRYLCyANIA5xBEAgGUEBaiEZIAkgCqEh",
    "CyAPIAmgIQ8gECAKoCEQIBEgCyALoqAhESASIAkgCaKgIRIgEyAKIAqioCETIBQgCSAKoqAhFAsgBkEBaiEGDAAL",
    "CyAFIA85AwAgBSAQOQMIIAUgETkDECAFIBI5AxggBSATOQMgIAUgFDkDKCAFIBU5AzAgBSAXuDkDOCAFIBi4OQNA",
    "IAUgGbg5A0ggBSAauDkDUCAFIBu4OQNYIAUgHLg5A2AgBSAduDkDaCAFIBa3OQNwC7YEAwN/AnwGf0FyQYJ/IABB",
    "AUYbIQxBB0EKQRcgAEEBRhsgAEUbIQ0gA0F8cSELAkADQCAFIANPDQEgACABIAUQFiEGIAAgAiAFEBYhByAAIAYQ",
    "FyEIIAAgBxAXIQkgCUQAAAAAAAAAAGEEQCAEQQxqEBkgCkEBaiEKIAhEAAAAAAAAAABiBEAgBEEQahAZBSAEQQhq",
    "EBkLBSAIRAAAAAAAAAAAYQRAIARBCGoQGSAEQRRqEBkFIAggCGEgCSAJYXEEQCAEEBkgCCAJokQAAAAAAAAAAGQE",
    "QCAEQQRqEBkLCwsLIAVBA3FBA0YgBSALSXEEQCAEQRhqEBkgCkECTwRAIARBHGoQGQtBACEKCyAAQQBHBEAgCSAJ",
    "YiAJtrxB//8DcUVyBEAgBEEsahAZCwsgBEEAQR8gCBAYQR5qIg8gD0EfShsgD0EASBtBAnRqIQ8gCCAJYQRAIARB",
    "MGoQGSAIIAihRAAAAAAAAAAAYQRAIA9BoAFqEBkLBSAIIAhiIAkgCWJxBEAgBEEwahAZBSAIIAihRAAAAAAAAAAA",
    "YSAJIAmhRAAAAAAAAAAAYXEEQCAIEBghDiAOIAwgDiAMShshDiAIIAmhmRAYIA4gDWtrIQ5BfiAOIA5BfkgbIQ5B",
    "GCAOIA5BGEobIQ4gBCAOQQ9qQQJ0ahAZIA9BoAFqEBkgD0GgAmoQGQsLCyAFQQFqIQUMAAsLIABFBEAgBCAEKAIs",
    "IANqNgIsCyAEIAQoAqADIANqNgKgAwuDAgEEeyAA/V8gAv1f/fEBQTT9zQEhBCAAIAD9DQgJCgsMDQ4PCAkKCwwN",
    "Dg/9XyACIAL9DQgJCgsMDQ4PCAkKCwwNDg/9X/3xAUE0/c0BIQUgAf1fIAP9X/3xAUE0/c0BIQYgASAB/Q0ICQoL",
    "DA0ODwgJCgsMDQ4P/V8gAyAD/Q0ICQoLDA0ODwgJCgsMDQ4P/V/98QFBNP3NASEHIAQgBf0NAAEICRARGBkAAQgJ",
    "EBEYGSAGIAf9DQABCAkQERgZAAEICRARGBn9DQABAgMEBQYHEBESExQVFhf9DP8H/wf/B/8H/wf/B/8H/wf9Tv0M",
    "gAOAA4ADgAOAA4ADgAOAA/2RAQvGEwUCfyh7BH8IewF/IABFBED9DAEAAQABAAEAAQABAAEAAQAhKv0MCgAKAAoA",
    "CgAKAAoACgAKACEr/QwQABAAEAAQABAAEAAQABAAISwLIABBAUYEQP0McQBxAHEAcQBxAHEAcQBxACEq/QwNAA0A",
    "DQANAA0ADQANAA0AISv9DA0ADQANAA0ADQANAA0ADQAhLAsgAEECRgRA/QwBAAEAAQABAAEAAQABAAEAISr9DBoA",
    "GgAaABoAGgAaABoAGgAhKwv9DAAA//8AAP//AAD//wAA//8hLf0MAOD/jwDg/48A4P+PAOD/jyEu/QwAAIB3AACA",
    "dwAAgHcAAIB3IS/9DB8AHwAfAB8AHwAfAB8AHwAhKCABIANBAkEBIABBAkYbdGohBgJAA0AgASAGTw0BIABBAkYE",
    "QCAB/QAEACEIIAH9AAQQIQogAv0ABAAhCSAC/QAEECELIAj9DAAAAAAAAAAAAAAAAAAAAAD9QSAK/QwAAAAAAAAA",
    "AAAAAAAAAAAA/UH9hQEhFCAJ/QwAAAAAAAAAAAAAAAAAAAAA/UEgC/0MAAAAAAAAAAAAAAAAAAAAAP1B/YUBIRUg",
    "CCAJ/UEgCiAL/UH9hQEhFyAIQRD9rAEgCkEQ/awB/YUBIRIgCUEQ/awBIAtBEP2sAf2FASETIAn9DP//AAD//wAA",
    "//8AAP//AAD9Tv0MAAAAAAAAAAAAAAAAAAAAAP03IAv9DP//AAD//wAA//8AAP//AAD9Tv0MAAAAAAAAAAAAAAAA",
    "AAAAAP03/YUBIRggCCAKIAkgCxAcIRsgEkEH/Y0B/Qz/AP8A/wD/AP8A/wD/AP8A/U4hGSABQSBqIQEgAkEgaiEC",
    "BSAB/QAEACEIIAL9AAQAIQkgCP0M/3//f/9//3//f/9//3//f/1O/QwAAAAAAAAAAAAAAAAAAAAA/S0hFCAJ/Qz/",
    "f/9//3//f/9//3//f/9//U79DAAAAAAAAAAAAAAAAAAAAAD9LSEVIAggCf0tIBQgFf1O/VAhFyAIQRD9qwEhDCAI",
    "IC39TiENIAlBEP2rASEOIAkgLf1OIQ8gAEUEQCAIIRIgCSETBSAMQQP9rAEgLv1OIC/95gEhDCANQQP9rAEgLv1O",
    "IC/95gEhDSAOQQP9rAEgLv1OIC/95gEhDiAPQQP9rAEgLv1OIC/95gEhDyAMQRD9rQEgDSAt/U79UCESIA5BEP2t",
    "ASAPIC39Tv1QIRMgDv0M//8AAP//AAD//wAA//8AAP1OIA9BEP2rAf1Q/QwAAAAAAAAAAAAAAAAAAAAA/S0hGAsg",
    "DCAO/eUBIRAgDSAP/eUBIREgEEEQ/a0BIBEgLf1O/VBBB/2NAf0M/wD/AP8A/wD/AP8A/wD/AP1OIRsgE0EH/Y0B",
    "/Qz/AP8A/wD/AP8A/wD/AP8A/U4hGiASQQf9jQH9DP8A/wD/AP8A/wD/AP8A/wD9TiEZIBn9DAEAAQABAAEAAQAB",
    "AAEAAQD9mQEgGv0MAQABAAEAAQABAAEAAQABAP2ZAf2RAf2AASAs/TEhHCAcIBQgFf1Q/U8gG/0MAQABAAEAAQAB",
    "AAEAAQABAP2RAf0M/QD9AP0A/QD9AP0A/QD9AP0yIBf9T/1Q/VMEQCAMIA39DQABAgMQERITBAUGBxQVFhcgDCAN",
    "/Q0ICQoLGBkaGwwNDg8cHR4fIA4gD/0NAAECAxAREhMEBQYHFBUWFyAOIA/9DQgJCgsYGRobDA0ODxwdHh8QHCEb",
    "CyABQRBqIQEgAkEQaiECCyAUIBX9UCEWICEgFP2RASEhICIgFf2RASEiICMgFCAV/U79kQEhIyAkIBb9kQEhJCAl",
    "IBIgE/1RQQ/9jAEgFv1P/ZEBISUgJyAY/ZEBIScgFf1+ISAgICAgICD9DQQFBgcAAQIDDA0ODwgJCgv9rgEhICAm",
    "ICD9DP7////+/////v////7////9Pf2xASEmIBn9DGEAYQBhAGEAYQBhAGEAYQD9kwH9DB8AHwAfAB8AHwAfAB8A",
    "HwD9lwEhHSAoIB39lwEhKCApIB39mQEhKf0MGwAbABsAGwAbABsAGwAbAP0MAQABAAEAAQABAAEAAQABACAbIBkg",
    "Kv2YAf2RASAr/Y4B/ZgB/ZYBIBf9TyEeIB1BBv2LASAeQQH9iwH9UP0MAAAACAAQABgAIAAoADAAOP2OASEfIAUg",
    "H/0ZAGohByAHIAcvAQBBAWo7AQAgBSAf/RkBaiEHIAcgBy8BAEEBajsBACAFIB/9GQJqIQcgByAHLwEAQQFqOwEA",
    "IAUgH/0ZA2ohByAHIAcvAQBBAWo7AQAgBSAf/RkEaiEHIAcgBy8BAEEBajsBACAFIB/9GQVqIQcgByAHLwEAQQFq",
    "OwEAIAUgH/0ZBmohByAHIAcvAQBBAWo7AQAgBSAf/RkHaiEHIAcgBy8BAEEBajsBAAwACwsgKBAgITAgKRAhITEC",
    "QANAIDAgMUsNASAFIDBBBnRqITL9DAAAAAAAAAAAAAAAAAAAAAAhNP0MAAAAAAAAAAAAAAAAAAAAACE1/QwAAAAA",
    "AAAAAAAAAAAAAAAAITb9DAAAAAAAAAAAAAAAAAAAAAAhN0EAITMDQCAyIDNBC3RqIQcgNCAH/QAEAP2OASE0IDUg",
    "B/0ABBD9jgEhNSA2IAf9AAQg/Y4BITYgNyAH/QAEMP2OASE3IAf9DAAAAAAAAAAAAAAAAAAAAAD9CwQAIAf9DAAA",
    "AAAAAAAAAAAAAAAAAAD9CwQQIAf9DAAAAAAAAAAAAAAAAAAAAAD9CwQgIAf9DAAAAAAAAAAAAAAAAAAAAAD9CwQw",
    "IDNBAWohMyAzQQhJDQALIDggNP2OASE4IDkgNf2OASE5IDogNv2OASE6IDsgN/2OASE7IDQgNf2OASA2IDf9jgH9",
    "jgH9fxAEITwgBCAwQQJ0aiEHIAcgBygCoAEgPGo2AqABIAcgBygCoAIgPCA0/RkAa2o2AqACIDBBAWohMAwACwsg",
    "BCAE/QAEMCA4/akB/a4B/QsEMCAEIAT9AARAIDj9qgH9rgH9CwRAIAQgBP0ABFAgOf2pAf2uAf0LBFAgBCAE/QAE",
    "YCA5/aoB/a4B/QsEYCAEIAT9AARwIDr9qQH9rgH9CwRwIAQgBP0ABIABIDr9qgH9rgH9CwSAASAEIAT9AASQASA7",
    "/akB/a4B/QsEkAEgAyAkEB9rITwgBCA8EB4gBEEEaiA8ICUQH2sQHiAEQQhqICEQHxAeIARBDGogIhAfEB4gBEEQ",
    "aiAiEB8gIxAfaxAeIARBFGogIRAfICMQH2sQHiAEQRhqIANBAnYQHiAEQRxqICYQBEEBdhAeIARBLGogAyAnEB8g",
    "AEUbEB4gBEGgA2ogAxAeCw8AIAAgACgCACABajYCAAsIACAA/X4QBAteACAAIAAgAP0NCAkKCwwNDg8AAQIDBAUG",
    "B/2XASEAIAAgACAA/Q0EBQYHAAECAwQFBgcAAQID/ZcBIQAgACAAIAD9DQIDAAECAwABAgMAAQIDAAH9lwEhACAA",
    "/RkAC14AIAAgACAA/Q0ICQoLDA0ODwABAgMEBQYH/ZkBIQAgACAAIAD9DQQFBgcAAQIDBAUGBwABAgP9mQEhACAA",
    "IAAgAP0NAgMAAQIDAAECAwABAgMAAf2ZASEAIAD9GQALTQEBfwJAA0AgAkEATA0BIwAgAiACIwBKGyEFIAAgASAF",
    "IAMgBBAFIAAgBUEBdGohACABIAVBAXRqIQEgBCMBaiEEIAIgBWshAgwACwsLTQEBfwJAA0AgAkEATA0BIwAgAiAC",
    "IwBKGyEFIAAgASAFIAMgBBALIAAgBUEBdGohACABIAVBAXRqIQEgBCMBaiEEIAIgBWshAgwACwsLTQEBfwJAA0Ag",
    "AkEATA0BIwAgAiACIwBKGyEFIAAgASAFIAMgBBANIAAgBUECdGohACABIAVBAnRqIQEgBCMBaiEEIAIgBWshAgwA",
    "CwsLPwEBfwJAA0AgAUEATA0BIwAgASABIwBKGyEDIAAgAyACEAYgACADQQF0aiEAIAIjAWohAiABIANrIQEMAAsL",
    "Cz8BAX8CQANAIAFBAEwNASMAIAEgASMAShshAyAAIAMgAhAMIAAgA0EBdGohACACIwFqIQIgASADayEBDAALCws/",
    "AQF/AkADQCABQQBMDQEjACABIAEjAEobIQMgACADIAIQDiAAIANBAnRqIQAgAiMBaiECIAEgA2shAQwACwsL",
].join("");

;// CONCATENATED MODULE: ./src/diff/simd-kernel.ts
/**
 * WebAssembly SIMD kernels for BF16, F16 and F32 pairs of the same dtype (see wasm/kernels.wat).
 *
 * They keep the contract of ComparisonKernel with one difference from the JavaScript reference:
 * within a block, the float64 sums are added in the kernel's lane order rather than in element
 * order. That order depends only on the block's length, so each block's sums are still
 * deterministic and do not depend on how blocks are grouped into work units or chunks. Counts and
 * the maximum with its index are bit-exact.
 *
 * Blocks that hold a NaN or an infinity on either side are recomputed by a scalar function of the
 * module with the rules and the element order of the reference kernel, so their sums are those of
 * the reference. Chunks whose bytes are equal on both sides take a cheaper path that gives
 * bit-identical results. Given the tensor pair's index, the kernel also counts the change profile
 * of the blocks that isProfiledBlock samples: finite blocks with a vector function, the others
 * with a scalar function that follows the reference. Both give the reference's counts exactly.
 *
 * The module comes in two builds of the same source: the plain SIMD build, and one whose exact
 * multiply-adds use f64x2.relaxed_madd from relaxed SIMD. Both give bit-identical results, because
 * their records differ at most in the payload of a NaN sum, which makes the caller recompute the
 * block. Each thread loads the fused build when the runtime validates it (Node 22 and later, or
 * Node 20 with --experimental-wasm-relaxed-simd), so all threads of a process run the same build.
 */



/**
 * Bytes per side of one input area, so the largest read straight into wasm memory. Both sides of
 * a chunk fit in a 1 MiB L2 cache between the read and the comparison, and a source without
 * blocking reads gets several reads per work unit side to overlap with comparisons.
 */
const SIMD_CHUNK_BYTES = 256 * 1024;
/** Input slots: pairs of base and head areas, one being read while the other is compared. */
const SIMD_SLOTS = 2;
/**
 * Memory layout, fixed by the module's 17 pages of 64 KiB: the slots, then a page of records,
 * profile counters and the joint histogram of profileFinite.
 */
function baseOffset(slot) {
    return slot * 2 * SIMD_CHUNK_BYTES;
}
function headOffset(slot) {
    return baseOffset(slot) + SIMD_CHUNK_BYTES;
}
const RECORDS_OFFSET = SIMD_SLOTS * 2 * SIMD_CHUNK_BYTES;
/** The record of exactBlock: 15 f64, after the block records of a chunk (at most 8 blocks). */
const EXACT_RECORD_OFFSET = RECORDS_OFFSET + 4096;
/** The i32 profile counters of profileBlock, one per profile index. */
const PROFILE_COUNTERS_OFFSET = RECORDS_OFFSET + 8192;
/**
 * The joint histogram of profileFinite: 8 lane copies of 32 buckets by 32 bins of u16, 16 KiB.
 * profileFinite leaves it zeroed, and the memory starts zeroed.
 */
const JOINT_OFFSET = RECORDS_OFFSET + 16384;
/** Elements per step of profileFinite, whose `n` must be a multiple of it. */
const PROFILE_STEP_ELEMENTS = 8;
/** Float64 slots of the record the module writes per block (see kernels.wat). */
const RECORD_SLOTS = 9;
const RECORD_MAX = 6;
const RECORD_CHANGED = 7;
const RECORD_BITS_DIFFERING = 8;
const EXACT_FINITE = 9;
const EXACT_NAN_A = 10;
const EXACT_NAN_B = 11;
const EXACT_INF_A = 12;
const EXACT_INF_B = 13;
const EXACT_MAX_INDEX = 14;
const EXACT_RECORD_SLOTS = 15;
const BYTES_PER_ELEMENT = { BF16: 2, F16: 2, F32: 4 };
/** The $kind argument of the module's scalar functions. */
const KIND = { BF16: 0, F16: 1, F32: 2 };
const BUILD_BYTES = {
    plain: KERNELS_WASM_BASE64,
    fma: KERNELS_FMA_WASM_BASE64,
};
/** Names of the builds for logs and benchmark records. */
const SIMD_BUILD_NAMES = {
    plain: "SIMD",
    fma: "SIMD with fused multiply-add",
};
const compiled = new Map();
/**
 * Compiles a build once per thread. Returns null when the runtime rejects it: the plain build
 * needs WebAssembly SIMD (Node 20 has it), the fused one relaxed SIMD as well.
 */
function compiledBuild(build) {
    let module = compiled.get(build);
    if (module === undefined) {
        const bytes = Buffer.from(BUILD_BYTES[build], "base64");
        module =
            typeof WebAssembly === "object" && WebAssembly.validate(bytes)
                ? new WebAssembly.Module(bytes)
                : null;
        compiled.set(build, module);
    }
    return module;
}
/**
 * Returns the build that SimdKernels.create loads by default: the fused one when the runtime
 * accepts it, else the plain one, or undefined without WebAssembly SIMD. The choice depends only
 * on the runtime and its flags, so the main thread and every worker make the same one.
 */
function defaultSimdBuild() {
    if (compiledBuild("fma") !== null)
        return "fma";
    if (compiledBuild("plain") !== null)
        return "plain";
    return undefined;
}
/** Returns whether this runtime can run the SIMD kernels. */
function simdSupported() {
    return defaultSimdBuild() !== undefined;
}
/** Describes the kernels that diffs of BF16, F16 and F32 pairs run in this runtime, for logs. */
function describeSimdKernels() {
    const build = defaultSimdBuild();
    return build === undefined
        ? "the JavaScript reference (this runtime has no WebAssembly SIMD)"
        : `WebAssembly ${SIMD_BUILD_NAMES[build]}`;
}
function isSimdDType(dtype) {
    return dtype === "BF16" || dtype === "F16" || dtype === "F32";
}
/**
 * One instance of the kernels module with its own memory, for one thread. Callers put the bytes
 * to compare in the areas of an input slot (for example by reading a file straight into them)
 * and call SimdKernel.compareInput. The memory never grows, so these views stay valid.
 */
class SimdKernels {
    exports;
    /** SIMD_SLOTS input slots, each area SIMD_CHUNK_BYTES long. */
    inputs;
    kernels = new Map();
    constructor(exports) {
        this.exports = exports;
        const buffer = exports.memory.buffer;
        const inputs = [];
        for (let slot = 0; slot < SIMD_SLOTS; slot++) {
            inputs.push({
                base: Buffer.from(buffer, baseOffset(slot), SIMD_CHUNK_BYTES),
                head: Buffer.from(buffer, headOffset(slot), SIMD_CHUNK_BYTES),
            });
        }
        this.inputs = inputs;
    }
    /**
     * Instantiates a build of the module, by default the one defaultSimdBuild returns. Returns
     * undefined when the runtime rejects that build.
     */
    static create(build = defaultSimdBuild()) {
        const module = build === undefined ? null : compiledBuild(build);
        if (build === undefined || module === null)
            return undefined;
        const instance = new WebAssembly.Instance(module, {});
        return new SimdKernels(instance.exports);
    }
    /**
     * Returns the kernel for a pair of dtypes and a threshold, or undefined when this pair needs the
     * reference kernel: different dtypes, a dtype other than BF16, F16 or F32, or a threshold that
     * is negative or NaN.
     */
    kernelFor(baseDtype, headDtype, threshold) {
        if (baseDtype !== headDtype || !isSimdDType(baseDtype) || !(threshold >= 0))
            return undefined;
        const key = `${baseDtype}|${threshold}`;
        let kernel = this.kernels.get(key);
        if (!kernel) {
            kernel = new SimdKernel(this.exports, this.inputs, baseDtype, threshold);
            this.kernels.set(key, kernel);
        }
        return kernel;
    }
}
/** A SIMD kernel for one dtype and threshold, bound to one SimdKernels instance. */
class SimdKernel {
    inputs;
    bytesPerElement;
    /** Elements that fit in an input area: whole blocks, SIMD_CHUNK_BYTES at most. */
    chunkElements;
    records;
    exactRecord;
    profileCounters;
    compareSlot;
    exactBlock;
    profileBlock;
    profileFiniteBlock;
    sumsOfBase;
    locate;
    constructor(exports, inputs, dtype, threshold) {
        this.inputs = inputs;
        const width = BYTES_PER_ELEMENT[dtype];
        this.bytesPerElement = width;
        this.chunkElements = Math.floor(SIMD_CHUNK_BYTES / (BLOCK_ELEMENTS * width)) * BLOCK_ELEMENTS;
        this.records = new Float64Array(exports.memory.buffer, RECORDS_OFFSET, (this.chunkElements / BLOCK_ELEMENTS) * RECORD_SLOTS);
        this.exactRecord = new Float64Array(exports.memory.buffer, EXACT_RECORD_OFFSET, EXACT_RECORD_SLOTS);
        this.profileCounters = new Int32Array(exports.memory.buffer, PROFILE_COUNTERS_OFFSET, PROFILE_LENGTH);
        const kind = KIND[dtype];
        this.exactBlock = (slot, start, n) => exports.exactBlock(kind, baseOffset(slot) + start * width, headOffset(slot) + start * width, n, threshold, EXACT_RECORD_OFFSET);
        this.profileBlock = (slot, start, n) => exports.profileBlock(kind, baseOffset(slot) + start * width, headOffset(slot) + start * width, n, PROFILE_COUNTERS_OFFSET);
        this.profileFiniteBlock = (slot, start, n) => {
            const vectorElements = n - (n % PROFILE_STEP_ELEMENTS);
            exports.profileFinite(kind, baseOffset(slot) + start * width, headOffset(slot) + start * width, vectorElements, PROFILE_COUNTERS_OFFSET, JOINT_OFFSET);
            if (vectorElements < n)
                this.profileBlock(slot, start + vectorElements, n - vectorElements);
        };
        const compare = exports[`compare${dtype}`];
        const identical = exports[`identical${dtype}`];
        const locate = exports[`locate${dtype}`];
        this.compareSlot = (slot, n) => compare(baseOffset(slot), headOffset(slot), n, threshold, RECORDS_OFFSET);
        this.sumsOfBase = (slot, n) => identical(baseOffset(slot), n, RECORDS_OFFSET);
        this.locate = (slot, start, n, delta) => locate(baseOffset(slot) + start * width, headOffset(slot) + start * width, n, delta);
    }
    /**
     * Compares by copying each chunk of `base` and `head` into input slot 0. With `pairIndex`, the
     * result has the change profile of the sampled blocks (null when none is sampled).
     */
    compare(base, head, firstElement, count, pairIndex) {
        const result = emptySegment(count);
        const width = this.bytesPerElement;
        const input = this.inputs[0];
        for (let done = 0; done < count; done += this.chunkElements) {
            const n = Math.min(this.chunkElements, count - done);
            input.base.set(base.subarray(done * width, (done + n) * width));
            input.head.set(head.subarray(done * width, (done + n) * width));
            this.compareInput(0, firstElement + done, n, result, done / BLOCK_ELEMENTS, pairIndex);
        }
        return result;
    }
    /**
     * Compares the first `count` elements of input slot `slot`, which are tensor elements starting
     * at `firstElement` (a multiple of BLOCK_ELEMENTS), and adds them to `into`, whose blocks start
     * at its block `firstBlock`. Chunks must be added in element order, because a maximum already
     * in `into` wins ties. With `pairIndex`, the index of the tensor pair, the sampled blocks'
     * change profile is added to `into.profile`.
     */
    compareInput(slot, firstElement, count, into, firstBlock, pairIndex) {
        const input = this.inputs[slot];
        if (!input || count > this.chunkElements || firstElement % BLOCK_ELEMENTS !== 0) {
            throw new Error(`Internal error: a SIMD chunk of ${count} elements at element ${firstElement} in slot ${slot} does not fit the input areas or starts inside a block.`);
        }
        const byteLength = count * this.bytesPerElement;
        const identical = input.base.compare(input.head, 0, byteLength, 0, byteLength) === 0;
        if (identical)
            this.sumsOfBase(slot, count);
        else
            this.compareSlot(slot, count);
        const records = this.records;
        const sums = into.blockSums;
        // The chunk's largest |a - b| and where it is known: the block from the vector path, whose
        // element is located at the end, or the exact index from the reference kernel.
        let chunkMax = 0;
        let chunkMaxBlock = -1;
        let chunkMaxIndex = -1;
        // Bit k is set when block k holds a NaN or an infinity (at most 8 blocks per chunk).
        let nonFiniteBlocks = 0;
        const blocks = Math.ceil(count / BLOCK_ELEMENTS);
        for (let block = 0; block < blocks; block++) {
            const start = block * BLOCK_ELEMENTS;
            const n = Math.min(BLOCK_ELEMENTS, count - start);
            const record = block * RECORD_SLOTS;
            const sumSquaredA = records[record + SUM_SQUARED_A];
            const sumSquaredB = identical ? sumSquaredA : records[record + SUM_SQUARED_B];
            if (!(sumSquaredA - sumSquaredA === 0 && sumSquaredB - sumSquaredB === 0)) {
                nonFiniteBlocks |= 1 << block;
                const blockMax = this.addExactBlock(slot, start, n, into, firstBlock + block);
                if (blockMax > chunkMax) {
                    chunkMax = blockMax;
                    chunkMaxBlock = -1;
                    chunkMaxIndex = firstElement + start + this.exactRecord[EXACT_MAX_INDEX];
                }
                continue;
            }
            const at = (firstBlock + block) * SUMS_PER_BLOCK;
            into.finiteCount += n;
            if (identical) {
                const sumA = records[record + SUM_A];
                sums[at + SUM_A] = sumA;
                sums[at + SUM_B] = sumA;
                sums[at + SUM_SQUARED_DELTA] = 0;
                sums[at + SUM_SQUARED_A] = sumSquaredA;
                sums[at + SUM_SQUARED_B] = sumSquaredA;
                sums[at + SUM_PRODUCT] = sumSquaredA;
                continue;
            }
            for (let k = 0; k < SUMS_PER_BLOCK; k++)
                sums[at + k] = records[record + k];
            into.changed += records[record + RECORD_CHANGED];
            into.bitsDiffering += records[record + RECORD_BITS_DIFFERING];
            const blockMax = records[record + RECORD_MAX];
            if (blockMax > chunkMax) {
                chunkMax = blockMax;
                chunkMaxBlock = block;
            }
        }
        if (chunkMax > into.maxAbsDelta) {
            into.maxAbsDelta = chunkMax;
            into.maxAbsDeltaIndex =
                chunkMaxBlock === -1
                    ? chunkMaxIndex
                    : this.locateInBlock(slot, firstElement, count, chunkMaxBlock, chunkMax);
        }
        if (pairIndex !== undefined) {
            this.addProfile(slot, firstElement, count, into, pairIndex, nonFiniteBlocks);
        }
    }
    /**
     * Adds the change profile of the chunk's sampled blocks to `into.profile`: blocks with a NaN or
     * an infinity (bits of `nonFiniteBlocks`) element by element, the others by the vector function.
     */
    addProfile(slot, firstElement, count, into, pairIndex, nonFiniteBlocks) {
        const counters = this.profileCounters;
        let sampled = false;
        for (let start = 0, block = 0; start < count; start += BLOCK_ELEMENTS, block++) {
            if (!isProfiledBlock(pairIndex, (firstElement + start) / BLOCK_ELEMENTS))
                continue;
            if (!sampled)
                counters.fill(0);
            sampled = true;
            const n = Math.min(BLOCK_ELEMENTS, count - start);
            if (nonFiniteBlocks & (1 << block))
                this.profileBlock(slot, start, n);
            else
                this.profileFiniteBlock(slot, start, n);
        }
        if (!sampled)
            return;
        const profile = into.profile ?? emptyProfile();
        into.profile = profile;
        for (let i = 0; i < PROFILE_LENGTH; i++) {
            profile[i] = profile[i] + counters[i];
        }
    }
    /** Returns the tensor index of the first element of block `block` of the slot with |a - b| = `delta`. */
    locateInBlock(slot, firstElement, count, block, delta) {
        const start = block * BLOCK_ELEMENTS;
        const offset = this.locate(slot, start, Math.min(BLOCK_ELEMENTS, count - start), delta);
        if (offset < 0) {
            throw new Error(`Internal error: the SIMD kernel reported a maximum |a - b| of ${delta}, but no element of block ${block} has it.`);
        }
        return firstElement + start + offset;
    }
    /**
     * Adds one block of an input slot, compared element by element with the reference's rules and
     * order, and returns its largest finite |a - b|; its index in the block is in the exact record.
     */
    addExactBlock(slot, start, n, into, intoBlock) {
        this.exactBlock(slot, start, n);
        const record = this.exactRecord;
        into.changed += record[RECORD_CHANGED];
        into.bitsDiffering += record[RECORD_BITS_DIFFERING];
        into.finiteCount += record[EXACT_FINITE];
        into.nanA += record[EXACT_NAN_A];
        into.nanB += record[EXACT_NAN_B];
        into.infA += record[EXACT_INF_A];
        into.infB += record[EXACT_INF_B];
        into.blockSums.set(record.subarray(0, SUMS_PER_BLOCK), intoBlock * SUMS_PER_BLOCK);
        return record[RECORD_MAX];
    }
}

;// CONCATENATED MODULE: ./src/diff/simd-reads.ts
/**
 * The data path of the SIMD kernels: segments are cut into chunks that fit an input slot, and each
 * chunk is read positionally straight into wasm memory. Sources with blocking reads (local files)
 * are read chunk by chunk. Other sources read the next chunk into the other slot while the current
 * one is compared.
 */


function chunksOf(jobs) {
    const chunks = [];
    jobs.forEach(({ segment, kernel }, job) => {
        for (let done = 0; done < segment.elementCount; done += kernel.chunkElements) {
            chunks.push({
                job,
                done,
                count: Math.min(kernel.chunkElements, segment.elementCount - done),
            });
        }
    });
    return chunks;
}
/**
 * Compares `jobs` in order and returns one SegmentStats per job. `openSource` returns the open
 * source of a range's spec. The SimdKernels instance must not be used by anything else until the
 * returned promise settles, and it settles only after every read into its memory has settled.
 */
async function compareInSimdMemory(simd, jobs, openSource) {
    const results = jobs.map(({ segment }) => emptySegment(segment.elementCount));
    const chunks = chunksOf(jobs);
    const sources = await Promise.all(jobs.map(({ segment }) => Promise.all([openSource(segment.base.source), openSource(segment.head.source)])));
    const compare = (chunk, slot) => {
        const { segment, kernel } = jobs[chunk.job];
        kernel.compareInput(slot, segment.firstElement + chunk.done, chunk.count, results[chunk.job], chunk.done / BLOCK_ELEMENTS, segment.pairIndex);
    };
    const rangeOf = (chunk) => {
        const { segment, kernel } = jobs[chunk.job];
        const start = chunk.done * kernel.bytesPerElement;
        const length = chunk.count * kernel.bytesPerElement;
        return { base: segment.base.offset + start, head: segment.head.offset + start, length };
    };
    // A blocking read of 256 KiB from the page cache took about 12 microseconds of the thread's
    // time on Node 20, and an asynchronous one 13 to 16 before its wait, so blocking reads win
    // even without overlap.
    if (sources.every(([base, head]) => base.readSync && head.readSync)) {
        const input = simd.inputs[0];
        for (const chunk of chunks) {
            const [base, head] = sources[chunk.job];
            const range = rangeOf(chunk);
            base.readSync?.(range.base, range.length, input.base, 0);
            head.readSync?.(range.head, range.length, input.head, 0);
            compare(chunk, 0);
        }
        return results;
    }
    const read = async (chunk, slot) => {
        const [base, head] = sources[chunk.job];
        const input = simd.inputs[slot];
        const range = rangeOf(chunk);
        // Both reads settle before this promise does, even when one of them fails, so no read
        // writes into a slot after the caller has moved on.
        const outcomes = await Promise.allSettled([
            base.read(range.base, range.length, input.base, 0),
            head.read(range.head, range.length, input.head, 0),
        ]);
        for (const outcome of outcomes)
            if (outcome.status === "rejected")
                throw outcome.reason;
    };
    let pending = chunks[0] ? read(chunks[0], 0) : undefined;
    try {
        for (let index = 0; index < chunks.length; index++) {
            await pending;
            const next = chunks[index + 1];
            pending = next ? read(next, (index + 1) % SIMD_SLOTS) : undefined;
            // A failed read is awaited in the next iteration or below; this only keeps it from being
            // reported as unhandled while the chunk is compared.
            pending?.catch(() => { });
            compare(chunks[index], index % SIMD_SLOTS);
        }
    }
    finally {
        await pending?.catch(() => { });
    }
    return results;
}

;// CONCATENATED MODULE: ./src/diff/unit-runner.ts
/**
 * Execution of one work unit: the buffered reads of its ranges and the comparison of its
 * segments, in a worker thread or in the main thread.
 */





/** Typed arrays over a read need an offset that is a multiple of the element size (8 at most). */
const BUFFER_ALIGNMENT = 8;
/**
 * Ranges of one side closer than this are read as one request, the bytes between them read and
 * dropped. A unit contains at most MAX_SEGMENTS_PER_UNIT ranges, so the waste stays under 1 MiB.
 */
const MAX_MERGE_GAP_BYTES = 4096;
/**
 * Bytes per side compared at a time while a larger read is still arriving. Remote units are
 * several MiB, so the comparison of the first MiB overlaps the download of the rest.
 */
const PIECE_BYTES = 1024 * 1024;
/**
 * Lays out the ranges of one side. They are sorted by file and offset, and ranges closer than
 * MAX_MERGE_GAP_BYTES are merged into one span. Each span starts at a buffer position congruent
 * to its file offset modulo BUFFER_ALIGNMENT, so tensors keep the alignment they have in the file.
 */
function layoutSide(ranges) {
    const order = ranges
        .map((range, index) => ({ range, index, key: specKey(range.source) }))
        .sort((a, b) => {
        if (a.key !== b.key)
            return a.key < b.key ? -1 : 1;
        return a.range.offset - b.range.offset;
    });
    const spans = [];
    const positions = new Array(ranges.length).fill(0);
    let current;
    let bytes = 0;
    for (const { range, index, key } of order) {
        const end = range.offset + range.length;
        if (current !== undefined &&
            current.key === key &&
            range.offset <= current.offset + current.length + MAX_MERGE_GAP_BYTES) {
            current.length = Math.max(current.length, end - current.offset);
        }
        else {
            if (current !== undefined)
                bytes = current.at + current.length;
            const misalignment = range.offset % BUFFER_ALIGNMENT;
            const at = Math.ceil((bytes - misalignment) / BUFFER_ALIGNMENT) * BUFFER_ALIGNMENT + misalignment;
            current = { source: range.source, offset: range.offset, length: range.length, at, key };
            spans.push(current);
        }
        positions[index] = current.at + (range.offset - current.offset);
    }
    if (current !== undefined)
        bytes = current.at + current.length;
    return {
        spans: spans.map(({ source, offset, length, at }) => ({ source, offset, length, at })),
        positions,
        bytes,
    };
}
/** The filled prefix of a side's buffer, with waiters for a given fill. */
class FillMark {
    filled = 0;
    failure;
    failed = false;
    waiters = [];
    advance(filled) {
        if (filled <= this.filled)
            return;
        this.filled = filled;
        const ready = this.waiters.filter((waiter) => waiter.bytes <= filled);
        this.waiters = this.waiters.filter((waiter) => waiter.bytes > filled);
        for (const waiter of ready)
            waiter.resolve();
    }
    fail(error) {
        this.failed = true;
        this.failure = error;
        for (const waiter of this.waiters.splice(0))
            waiter.reject(error);
    }
    /** Resolves once the first `bytes` bytes are in. */
    waitFor(bytes) {
        if (this.failed)
            return Promise.reject(this.failure);
        if (bytes <= this.filled)
            return Promise.resolve();
        return new Promise((resolve, reject) => this.waiters.push({ bytes, resolve, reject }));
    }
}
/** Buffers of a unit's buffered reads, one per side. They grow to the largest unit read into them. */
class UnitBuffers {
    base = new Uint8Array(0);
    head = new Uint8Array(0);
}
/**
 * Resolves once `fraction` of the buffered bytes of each side of a started unit are in, or once
 * a read of the unit failed.
 */
function whenReceived(started, fraction) {
    const sides = [
        started.baseMark.waitFor(Math.ceil(started.baseLayout.bytes * fraction)),
        started.headMark.waitFor(Math.ceil(started.headLayout.bytes * fraction)),
    ];
    return Promise.all(sides).then(() => { }, () => { });
}
/**
 * Runs units: reads their bytes and compares them. Segments of local files that a SIMD kernel
 * handles are read straight into its memory, after the others. The rest are read into
 * UnitBuffers. A unit is started (its buffered reads begin) and then finished (its segments are
 * compared). Several units may have started, each into its own UnitBuffers, but only one is
 * finished at a time, because the SIMD kernels and their memory are shared.
 */
class UnitRunner {
    openSource;
    buffers = new UnitBuffers();
    kernels = new Map();
    /** Undefined when the runtime lacks WebAssembly SIMD. */
    simd = SimdKernels.create();
    constructor(openSource) {
        this.openSource = openSource;
    }
    /** Runs a unit, reading into the runner's own buffers. */
    run(unit) {
        return this.finish(this.start(unit, this.buffers));
    }
    /**
     * Starts the buffered reads of a unit into `buffers`: both sides at once, span after span.
     * `buffers` must not be used by another unit until `finish` of this one has settled.
     */
    start(unit, buffers) {
        const simdJobs = [];
        const buffered = [];
        for (const segment of unit.segments) {
            // Remote sources stay on the buffered path, whose spans keep the request count low.
            const local = segment.base.source.kind === "file" && segment.head.source.kind === "file";
            const simdKernel = local
                ? this.simd?.kernelFor(segment.baseDtype, segment.headDtype, unit.threshold)
                : undefined;
            if (simdKernel)
                simdJobs.push({ segment, kernel: simdKernel });
            else
                buffered.push(segment);
        }
        const baseLayout = layoutSide(buffered.map((segment) => segment.base));
        const headLayout = layoutSide(buffered.map((segment) => segment.head));
        buffers.base = grow(buffers.base, baseLayout.bytes);
        buffers.head = grow(buffers.head, headLayout.bytes);
        const baseMark = new FillMark();
        const headMark = new FillMark();
        const sides = [
            this.readSide(baseLayout, buffers.base, baseMark),
            this.readSide(headLayout, buffers.head, headMark),
        ];
        // Both sides settle before `reads` does, even when one fails, so no read writes into the
        // buffers after finish has returned them.
        const reads = Promise.allSettled(sides).then((outcomes) => {
            for (const outcome of outcomes)
                if (outcome.status === "rejected")
                    throw outcome.reason;
        });
        // A read failure is awaited in finish. This handler keeps it from being reported as unhandled
        // while an earlier unit is compared.
        reads.catch(() => { });
        return {
            unit,
            buffers,
            simdJobs,
            buffered,
            baseLayout,
            headLayout,
            baseMark,
            headMark,
            reads,
        };
    }
    /**
     * Compares a started unit: each buffered segment in pieces of about PIECE_BYTES as soon as its
     * bytes are in on both sides, then the segments in SIMD memory. Settles only after every read
     * of the unit has settled, so its buffers are free for another unit from then on.
     */
    async finish(started) {
        const { unit, buffers, baseLayout, headLayout } = started;
        let segments;
        try {
            segments = await this.compareBuffered(started);
            await started.reads;
        }
        catch (error) {
            // A failed side rejects the waits at once, and the other side may still be reading.
            await started.reads.catch(() => { });
            throw error;
        }
        const captured = unit.captures?.map((range) => copyRange(range, [
            { layout: baseLayout, buffer: buffers.base },
            { layout: headLayout, buffer: buffers.head },
        ]));
        if (this.simd && started.simdJobs.length > 0) {
            const stats = await compareInSimdMemory(this.simd, started.simdJobs, this.openSource);
            for (const [i, { segment }] of started.simdJobs.entries()) {
                segments.push({
                    pairIndex: segment.pairIndex,
                    firstElement: segment.firstElement,
                    stats: stats[i],
                });
            }
        }
        return captured === undefined ? { id: unit.id, segments } : { id: unit.id, segments, captured };
    }
    /** Compares the buffered segments of a started unit in buffer order, piece by piece. */
    async compareBuffered(started) {
        const { unit, buffers, buffered, baseLayout, headLayout, baseMark, headMark } = started;
        const segments = [];
        const order = buffered
            .map((segment, index) => ({ segment, index }))
            .sort((a, b) => (baseLayout.positions[a.index] ?? 0) - (baseLayout.positions[b.index] ?? 0));
        for (const { segment, index } of order) {
            const basePosition = baseLayout.positions[index] ?? 0;
            const headPosition = headLayout.positions[index] ?? 0;
            const simdKernel = this.simd?.kernelFor(segment.baseDtype, segment.headDtype, unit.threshold);
            const kernel = simdKernel ?? this.kernel(segment.baseDtype, segment.headDtype, unit.threshold);
            const bits = Math.max(dtypeInfo(segment.baseDtype).bits, dtypeInfo(segment.headDtype).bits);
            const piece = Math.max(1, Math.floor((PIECE_BYTES * 8) / (BLOCK_ELEMENTS * bits))) * BLOCK_ELEMENTS;
            for (let start = 0; start < segment.elementCount; start += piece) {
                const count = Math.min(piece, segment.elementCount - start);
                const baseStart = basePosition + byteEndOf(segment.baseDtype, start);
                const baseEnd = basePosition + byteEndOf(segment.baseDtype, start + count);
                const headStart = headPosition + byteEndOf(segment.headDtype, start);
                const headEnd = headPosition + byteEndOf(segment.headDtype, start + count);
                await Promise.all([baseMark.waitFor(baseEnd), headMark.waitFor(headEnd)]);
                const firstElement = segment.firstElement + start;
                const baseBytes = buffers.base.subarray(baseStart, baseEnd);
                const headBytes = buffers.head.subarray(headStart, headEnd);
                const stats = simdKernel === undefined
                    ? kernel.compare(baseBytes, headBytes, firstElement, count)
                    : simdKernel.compare(baseBytes, headBytes, firstElement, count, segment.pairIndex);
                segments.push({ pairIndex: segment.pairIndex, firstElement, stats });
            }
        }
        return segments;
    }
    kernel(baseDtype, headDtype, threshold) {
        const key = `${baseDtype}|${headDtype}|${threshold}`;
        let kernel = this.kernels.get(key);
        if (!kernel) {
            kernel = createReferenceKernel(baseDtype, headDtype, threshold);
            this.kernels.set(key, kernel);
        }
        return kernel;
    }
    /** Reads the spans of one side in order, one at a time, moving `mark` as bytes arrive. */
    async readSide(layout, buffer, mark) {
        try {
            for (const span of layout.spans) {
                const source = await this.openSource(span.source);
                await source.read(span.offset, span.length, buffer, span.at, (filled) => mark.advance(span.at + filled));
                mark.advance(span.at + span.length);
            }
        }
        catch (error) {
            mark.fail(error);
            throw error;
        }
    }
}
/**
 * Returns a copy of `range` from the buffered reads of a unit, or null when no span contains it
 * whole. Segments compared in SIMD memory are not buffered, so their ranges give null.
 */
function copyRange(range, sides) {
    const key = specKey(range.source);
    for (const { layout, buffer } of sides) {
        for (const span of layout.spans) {
            const inside = range.offset >= span.offset && range.offset + range.length <= span.offset + span.length;
            if (!inside || specKey(span.source) !== key)
                continue;
            const start = span.at + (range.offset - span.offset);
            return buffer.slice(start, start + range.length);
        }
    }
    return null;
}
function grow(buffer, bytes) {
    if (buffer.byteLength >= bytes)
        return buffer;
    return new Uint8Array(Math.ceil(bytes / BUFFER_ALIGNMENT) * BUFFER_ALIGNMENT);
}

;// CONCATENATED MODULE: ./src/diff/unit-pipeline.ts
/**
 * Runs work units in order on one UnitRunner, with the reads of the next remote unit started
 * while the current unit is still arriving.
 *
 * A remote range request returns its first byte one round trip after it is sent. A runner that
 * starts a unit's reads only after the previous unit is compared leaves its share of the link
 * idle for one round trip per unit, and during the comparison of the unit's last piece. With
 * the next unit's reads started before the current unit's last bytes arrive, the link carries
 * the next unit's bytes in those gaps.
 *
 * The next unit's reads start once half of the current unit's bytes are in, not at once. Bodies
 * on one link share its bandwidth, so two units requested together also finish together, and
 * the requests after them would again wait a round trip on an idle link. Started halfway, the
 * next unit's request has half of the current unit's download time to return its first byte.
 * With 16 MiB per side and 2 workers sharing 200 MB/s, that is 32 MiB at 100 MB/s halved, about
 * 170 ms.
 */

/**
 * Units whose reads run at once: the one compared and the one read ahead. Each has its own
 * UnitBuffers, so reading ahead adds one unit's bytes per side (32 MiB with 16 MiB remote units).
 */
const UNITS_READ_AT_ONCE = 2;
/** Fraction of the current unit's buffered bytes of each side that are in when the next unit's reads start. */
const READ_AHEAD_AFTER = 0.5;
/**
 * Returns whether any range of the unit is on a source other than a local file. A local read
 * waits for no network round trip, so local units are never read ahead. Each starts once the one
 * before it is delivered.
 */
function readsRemote(unit) {
    return unit.segments.some((segment) => segment.base.source.kind !== "file" || segment.head.source.kind !== "file");
}
/**
 * Runs units on a UnitRunner one after another, in the order they are queued. When the next unit
 * reads a remote source, its reads start once READ_AHEAD_AFTER of the current unit's bytes are
 * in. A unit's outcome is delivered only after every read of the unit has settled, also when it
 * failed, so no read writes into buffers that the pipeline hands to a later unit. A failed unit
 * does not stop the units after it.
 */
class UnitPipeline {
    runner;
    waiting = [];
    current;
    readAhead;
    freeBuffers = [];
    idleWaiters = [];
    constructor(runner) {
        this.runner = runner;
        for (let count = 0; count < UNITS_READ_AT_ONCE; count++) {
            this.freeBuffers.push(new UnitBuffers());
        }
    }
    /** Queues a unit. `deliver` receives its outcome once it is compared. */
    run(unit, deliver) {
        this.waiting.push({
            unit,
            failure: undefined,
            started: undefined,
            deliver,
            halfReceived: false,
        });
        this.advance();
    }
    /** Queues a failure in place of a unit, delivered to `deliver` in turn after the units before it. */
    reject(error, deliver) {
        this.waiting.push({
            unit: undefined,
            failure: error,
            started: undefined,
            deliver,
            halfReceived: false,
        });
        this.advance();
    }
    /** Resolves once every queued unit has been delivered, with none of its reads in flight. */
    idle() {
        if (this.isIdle())
            return Promise.resolve();
        return new Promise((resolve) => this.idleWaiters.push(resolve));
    }
    isIdle() {
        return this.current === undefined && this.readAhead === undefined && this.waiting.length === 0;
    }
    /** Finishes the next unit when none is being finished, and starts a unit's reads ahead. */
    advance() {
        if (this.current === undefined) {
            const next = this.readAhead ?? this.waiting.shift();
            this.readAhead = undefined;
            if (next === undefined) {
                for (const resolve of this.idleWaiters.splice(0))
                    resolve();
                return;
            }
            this.current = next;
            void this.finish(next);
        }
        const following = this.waiting[0];
        if (this.readAhead !== undefined || following?.unit === undefined)
            return;
        if (!this.current.halfReceived || !readsRemote(following.unit))
            return;
        if (this.freeBuffers.length === 0)
            return;
        try {
            following.started = this.start(following.unit);
        }
        catch {
            // The unit stays waiting, and finish starts it again and delivers the error.
            return;
        }
        this.waiting.shift();
        this.readAhead = following;
    }
    /** Starts the reads of a unit into free buffers, which go back to the free list if it throws. */
    start(unit) {
        // The buffers released last are taken first, so units that are never read ahead (local
        // ones) all use the same UnitBuffers.
        const buffers = this.freeBuffers.pop();
        try {
            return this.runner.start(unit, buffers);
        }
        catch (error) {
            this.freeBuffers.push(buffers);
            throw error;
        }
    }
    async finish(entry) {
        let started = entry.started;
        let outcome;
        try {
            if (entry.unit === undefined)
                throw entry.failure;
            started ??= this.start(entry.unit);
            const current = started;
            void whenReceived(current, READ_AHEAD_AFTER).then(() => {
                entry.halfReceived = true;
                if (this.current === entry)
                    this.advance();
            });
            outcome = { ok: true, result: await this.runner.finish(current) };
        }
        catch (error) {
            outcome = { ok: false, error };
        }
        // UnitRunner.finish settles after the unit's reads, so its buffers are free.
        if (started !== undefined)
            this.freeBuffers.push(started.buffers);
        this.current = undefined;
        try {
            entry.deliver(outcome);
        }
        finally {
            this.advance();
        }
    }
}
/** Queues a unit on `pipeline` and returns a promise of its result. */
function runInPipeline(pipeline, unit) {
    return new Promise((resolve, reject) => {
        pipeline.run(unit, (outcome) => {
            if (outcome.ok)
                resolve(outcome.result);
            else
                reject(outcome.error);
        });
    });
}

;// CONCATENATED MODULE: ./src/diff/worker.ts
/**
 * The diff worker thread, and the packing of unit results that cross the thread boundary.
 *
 * Run as a worker script (`dist/worker/index.js`, built from this file), it opens its own readers
 * (file handles, HTTP range readers) from the ByteSourceSpec of each range and keeps one per file
 * until the pool closes it. Its units run through a UnitPipeline (unit-pipeline.ts) on one
 * UnitRunner (unit-runner.ts), into buffers reused from unit to unit.
 */









/**
 * Opens sources from their specs, once per file: local files by path, checking that each still
 * has the size it had when the checkpoint was read, and remote files by URL, expecting the size
 * and entity tag of the spec. Retries of remote reads are collected for the main thread to log.
 */
class SpecSourceCache {
    sources = new Map();
    retries = [];
    open = (spec) => {
        const key = specKey(spec);
        let source = this.sources.get(key);
        if (!source) {
            source = openChecked(spec, (event) => this.retries.push(event));
            this.sources.set(key, source);
        }
        return source;
    };
    /** Returns the retries since the last call. */
    takeRetries() {
        const taken = this.retries;
        this.retries = [];
        return taken;
    }
    async close() {
        const opened = await Promise.allSettled(this.sources.values());
        this.sources.clear();
        for (const outcome of opened) {
            if (outcome.status === "fulfilled")
                await outcome.value.close();
        }
    }
}
async function openChecked(spec, onRetry) {
    if (spec.kind === "http")
        return HttpRangeSource.fromSpec(spec, onRetry);
    const source = await LocalFileSource.open(spec.path, spec.name);
    if (source.size !== spec.size) {
        await source.close();
        throw new src_errors/* FormatError */.IF(spec.name, `${spec.name}: the file has ${source.size} bytes now but had ${spec.size} bytes when it was opened; it changed during the diff. Run the diff again once the file is complete.`);
    }
    return source;
}
/** Copies an error's fields that the main thread needs to rebuild it. */
function serializeError(error) {
    if (error instanceof src_errors/* FormatError */.IF) {
        return { kind: "FormatError", message: error.message, file: error.file };
    }
    if (error instanceof src_errors/* LimitError */.oC) {
        return { kind: "LimitError", message: error.message, file: error.file, limit: error.limit };
    }
    if (error instanceof src_errors/* ModelDiffError */.fV)
        return { kind: error.name, message: error.message };
    if (error instanceof Error) {
        return {
            kind: "Error",
            message: error.message,
            ...(error.stack ? { stack: error.stack } : {}),
        };
    }
    return { kind: "Error", message: String(error) };
}
/** Values stored per segment ahead of its block sums in a PackedUnitResult. */
const PACKED_SEGMENT_HEADER = 13;
/** Packs a result for postMessage. */
function packUnitResult(result) {
    let length = 0;
    for (const segment of result.segments) {
        length +=
            PACKED_SEGMENT_HEADER + segment.stats.blockSums.length + (segment.stats.profile?.length ?? 0);
    }
    const values = new Float64Array(length);
    let at = 0;
    for (const { pairIndex, firstElement, stats } of result.segments) {
        values.set([
            pairIndex,
            firstElement,
            stats.changed,
            stats.bitsDiffering,
            stats.finiteCount,
            stats.nanA,
            stats.nanB,
            stats.infA,
            stats.infB,
            stats.maxAbsDelta,
            stats.maxAbsDeltaIndex,
            stats.blockSums.length,
            // -1 marks a segment without a change profile.
            stats.profile === null ? -1 : stats.profile.length,
        ], at);
        values.set(stats.blockSums, at + PACKED_SEGMENT_HEADER);
        at += PACKED_SEGMENT_HEADER + stats.blockSums.length;
        if (stats.profile !== null) {
            values.set(stats.profile, at);
            at += stats.profile.length;
        }
    }
    const packed = { id: result.id, values };
    if (result.retries)
        packed.retries = result.retries;
    if (result.captured)
        packed.captured = result.captured;
    return packed;
}
/** Rebuilds a UnitResult; its block sums are views of `packed.values`. */
function unpackUnitResult(packed) {
    const values = packed.values;
    const segments = [];
    let at = 0;
    while (at < values.length) {
        const read = (offset) => values[at + offset];
        const sumsStart = at + PACKED_SEGMENT_HEADER;
        const sumsEnd = sumsStart + read(11);
        const profileLength = read(12);
        const profileEnd = sumsEnd + Math.max(0, profileLength);
        segments.push({
            pairIndex: read(0),
            firstElement: read(1),
            stats: {
                changed: read(2),
                bitsDiffering: read(3),
                finiteCount: read(4),
                nanA: read(5),
                nanB: read(6),
                infA: read(7),
                infB: read(8),
                maxAbsDelta: read(9),
                maxAbsDeltaIndex: read(10),
                blockSums: values.subarray(sumsStart, sumsEnd),
                profile: profileLength < 0 ? null : values.subarray(sumsEnd, profileEnd),
            },
        });
        at = profileEnd;
    }
    const result = { id: packed.id, segments };
    if (packed.retries)
        result.retries = packed.retries;
    if (packed.captured)
        result.captured = packed.captured;
    return result;
}
function startWorker(port) {
    const cache = new SpecSourceCache();
    // The pool sends several tasks at a time. The pipeline compares one at a time, in order, reads
    // the next remote one ahead, and replies to each before it compares the next.
    const pipeline = new UnitPipeline(new UnitRunner(cache.open));
    port.on("message", (request) => {
        if (request.type === "close") {
            void pipeline
                .idle()
                .finally(() => cache.close())
                .finally(() => {
                const reply = { type: "closed" };
                port.postMessage(reply);
            });
            return;
        }
        const deliver = (outcome) => replyTo(port, request.id, outcome, cache);
        let unit;
        try {
            unit = unpackWorkUnit(request.task);
        }
        catch (error) {
            pipeline.reject(error, deliver);
            return;
        }
        pipeline.run(unit, deliver);
    });
    const ready = { type: "ready" };
    port.postMessage(ready);
}
/** Sends the outcome of task `id` to the pool, with the retries made since the last reply. */
function replyTo(port, id, outcome, cache) {
    const retries = cache.takeRetries();
    if (!outcome.ok) {
        const reply = {
            type: "failed",
            id,
            error: serializeError(outcome.error),
        };
        port.postMessage(reply);
        return;
    }
    const result = outcome.result;
    if (retries.length > 0)
        result.retries = retries;
    const packed = packUnitResult(result);
    const reply = { type: "result", id, result: packed };
    const transfers = [packed.values.buffer];
    for (const bytes of packed.captured ?? []) {
        if (bytes !== null)
            transfers.push(bytes.buffer);
    }
    port.postMessage(reply, transfers);
}
if (!external_node_worker_threads_namespaceObject.isMainThread &&
    external_node_worker_threads_namespaceObject.parentPort &&
    external_node_worker_threads_namespaceObject.workerData?.role === WORKER_ROLE) {
    startWorker(external_node_worker_threads_namespaceObject.parentPort);
}

;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: ./src/diff/worker-path.ts
/**
 * Location of the diff worker script in the built bundles.
 *
 * The action runs from dist/index.js, the CLI from dist/cli/index.js and the demo from
 * dist/demo/index.js; the worker is bundled separately to dist/worker/index.js. The path is derived with plain path operations, because
 * ncc rewrites `new URL("...", import.meta.url)` expressions.
 */


/** Returns the worker bundle path for the bundle whose module URL is `moduleUrl`. */
function defaultWorkerScript(moduleUrl) {
    const directory = (0,external_node_path_.dirname)((0,external_node_url_namespaceObject.fileURLToPath)(moduleUrl));
    const inSubfolder = ["cli", "demo"].includes((0,external_node_path_.basename)(directory));
    const distDirectory = inSubfolder ? (0,external_node_path_.dirname)(directory) : directory;
    return (0,external_node_path_.join)(distDirectory, "worker", "index.js");
}

;// CONCATENATED MODULE: ./src/diff/engine.ts
/**
 * The diff engine: pairs the tensors of two checkpoints, plans work units, runs them on a worker
 * pool (or inline), and folds the results into a DiffResult that does not depend on the worker
 * count or the chunk size.
 */












/** Units in flight per worker: one running and one queued, so a worker rarely idles between units. */
const UNITS_IN_FLIGHT_PER_WORKER = 2;
/**
 * Bytes of both sides from which the main thread runs units while the workers start, when every
 * side is a local file. A smaller diff keeps every unit on the workers, so which thread reads a
 * unit does not depend on how fast the workers start. The most a diff can gain is the start
 * time, about 45 ms for 2 workers.
 */
const STARTUP_OVERLAP_MIN_BYTES = 256 * 1024 * 1024;
/**
 * A worker pool for the diff whose start has begun. Starting 2 workers took about 45 ms of wall
 * time on an idle 2-vCPU VM (Node 20) and 150 to 250 ms on a loaded one. So a caller can start
 * them before it opens the checkpoints, and pass them to runDiff.
 */
class DiffWorkers {
    count;
    /** Resolves when every worker reported ready; rejects when one failed to start. */
    pool;
    settled = false;
    constructor(count, script) {
        this.count = count;
        const start = typeof script === "string" && !(0,external_node_fs_namespaceObject.existsSync)(script)
            ? Promise.reject(new Error(`The diff worker script ${script} does not exist. Build it with \`npm run build\`, or pass workerScript.`))
            : WorkerPool.start(script, count);
        this.pool = start.finally(() => {
            this.settled = true;
        });
        // A start failure is thrown where the pool is awaited. This handler keeps it from being
        // reported as unhandled before then, or when the caller fails before the diff.
        this.pool.catch(() => { });
    }
    /** Whether the start has ended, ready or failed, so awaiting `pool` no longer waits. */
    get started() {
        return this.settled;
    }
    /** Closes the workers once they started; a failed start needs no closing. */
    async close() {
        const pool = await this.pool.catch(() => undefined);
        await pool?.close();
    }
}
/**
 * Starts `count` diff workers (at least 2; with fewer, runDiff runs every unit in the main
 * thread) of `script`, the worker bundle next to the running bundle by default.
 */
function startDiffWorkers(count, script) {
    return new DiffWorkers(count, script ?? defaultWorkerScript(import.meta.url));
}
/**
 * Returns whether a pair's bytes are known equal without reading them: both tensors sit at the
 * same place in remote files with the same SHA-256, so the files, and with them the headers and
 * the tensors, are identical.
 */
function knownEqual(pair) {
    const base = pair.base.source.spec;
    const head = pair.head.source.spec;
    return (base.kind === "http" &&
        head.kind === "http" &&
        base.sha256 !== null &&
        base.sha256 === head.sha256 &&
        pair.base.byteOffset === pair.head.byteOffset &&
        pair.base.byteLength === pair.head.byteLength &&
        pair.base.dtype === pair.head.dtype);
}
/** Groups the known-equal pairs by their pair of files. */
function skippedFiles(pairs, equal) {
    const byFiles = new Map();
    pairs.forEach((pair, index) => {
        if (!equal[index])
            return;
        const base = pair.base.source.spec;
        const head = pair.head.source.spec;
        const key = `${specKey(base)}\n${specKey(head)}`;
        let entry = byFiles.get(key);
        if (!entry) {
            const sha256 = base.kind === "http" ? (base.sha256 ?? "") : "";
            entry = { base: base.name, head: head.name, sha256, tensors: 0, bytes: 0 };
            byFiles.set(key, entry);
        }
        entry.tensors += 1;
        entry.bytes += pair.base.byteLength;
    });
    return [...byFiles.values()].sort((a, b) => compareText(a.base, b.base));
}
function compareText(a, b) {
    if (a === b)
        return 0;
    return a < b ? -1 : 1;
}
function validate(options) {
    if (!Number.isFinite(options.threshold) || options.threshold < 0) {
        throw new src_errors/* UsageError */.eb(`The change threshold must be a finite number >= 0; got ${options.threshold}.`);
    }
    if (!Number.isSafeInteger(options.workers) || options.workers < 0) {
        throw new src_errors/* UsageError */.eb(`The worker count must be an integer >= 0; got ${options.workers}.`);
    }
    const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1) {
        throw new src_errors/* UsageError */.eb(`The chunk size must be a positive number of bytes; got ${chunkBytes}.`);
    }
    return chunkBytes;
}
/** Compares every tensor of `base` with its counterpart in `head`. */
async function runDiff(base, head, options) {
    const chunkBytes = validate(options);
    const structureOnly = options.mode === "structure";
    const pairing = structureOnly
        ? { ...pairByName(base, head), renamed: [] }
        : await pairTensors(base, head);
    const pairs = pairing.compared;
    const equal = pairs.map(knownEqual);
    const valuesOf = (index) => {
        if (equal[index])
            return "equal_sha256";
        return structureOnly ? "not_read" : "read";
    };
    const toRead = [];
    const readIndexes = [];
    for (const [index, pair] of pairs.entries()) {
        if (valuesOf(index) !== "read")
            continue;
        toRead.push(pair);
        readIndexes.push(index);
    }
    /** The result of each pair whose blocks were all folded, by index in `pairs`. */
    const compared = new Array(pairs.length);
    /**
     * Accumulators of the pairs with some blocks still to fold. An accumulator is made when a
     * pair's first segment arrives, so at most the pairs of the units in flight have one.
     */
    const folding = new Map();
    let totalBytes = 0;
    for (const pair of toRead) {
        if (pair.comparison !== "incomparable") {
            totalBytes += pair.base.byteLength + pair.head.byteLength;
        }
    }
    let doneBytes = 0;
    options.onProgress?.(0, totalBytes);
    const fold = (result, unit) => {
        for (const event of result.retries ?? [])
            options.onRetry?.(event);
        unit.captures?.forEach((range, index) => {
            const bytes = result.captured?.[index];
            if (bytes)
                options.capture?.deliver(range, bytes);
        });
        for (const segment of result.segments) {
            const pairIndex = readIndexes[segment.pairIndex];
            const pair = pairs[pairIndex];
            const accumulator = folding.get(pairIndex) ?? new TensorAccumulator(pair.base.numel);
            accumulator.add(segment.firstElement, segment.stats);
            if (!accumulator.complete) {
                folding.set(pairIndex, accumulator);
                continue;
            }
            folding.delete(pairIndex);
            const tensor = comparedTensorOf(pair, accumulator.result());
            compared[pairIndex] = tensor;
            options.onTensorCompared?.(tensor);
        }
        doneBytes += unit.bytes;
        options.onProgress?.(doneBytes, totalBytes);
    };
    // Units index the pairs to read; fold maps each index back to the full list.
    const planned = planUnits(toRead, options.threshold, chunkBytes);
    const units = options.capture ? withCaptures(planned, options.capture) : planned;
    const started = options.startedWorkers;
    if (started === undefined && options.workers <= 1) {
        await runInline(base, head, units, fold, options.signal);
    }
    else {
        // Remote sides are bound by the network, and a unit run in the main thread would add its
        // unit buffers to the workers' (a 16 MiB remote unit per side).
        const local = toRead.every((pair) => pair.base.source.spec.kind === "file" && pair.head.source.spec.kind === "file");
        const overlapFrom = options.startupOverlapMinBytes ?? STARTUP_OVERLAP_MIN_BYTES;
        const runner = local && totalBytes >= overlapFrom ? mainThreadRunner(base, head) : undefined;
        options.signal?.throwIfAborted();
        const workers = started ?? startDiffWorkers(options.workers, options.workerScript);
        await runOnPool(workers, units, fold, options.signal, runner);
    }
    const results = pairs.map((pair, index) => {
        const values = valuesOf(index);
        if (values !== "read") {
            return comparedTensorOf(pair, emptyTensorStats(pair.base.numel), values);
        }
        const folded = compared[index];
        if (folded)
            return folded;
        // Pairs that need no bytes got no segments: no elements, or a dtype change without element
        // pairs.
        const accumulator = new TensorAccumulator(pair.base.numel);
        if (pair.comparison === "incomparable") {
            accumulator.add(0, incomparableStats(pair.base.numel));
        }
        return comparedTensorOf(pair, accumulator.result());
    });
    const skipped = skippedFiles(pairs, equal);
    return {
        ...resultOf(options.threshold, pairing, results),
        ...(structureOnly ? { mode: "structure" } : {}),
        ...(skipped.length > 0 ? { skipped } : {}),
    };
}
/**
 * Yields each unit with the pieces of the requested ranges that its segments read. The pieces are
 * looked up as the unit is taken, just before it is dispatched, so a range requested during the
 * diff is captured from the units not yet dispatched.
 */
function* withCaptures(units, capture) {
    for (const unit of units) {
        const captures = [];
        for (const segment of unit.segments) {
            captures.push(...capture.piecesWithin(segment.base), ...capture.piecesWithin(segment.head));
        }
        yield captures.length > 0 ? { ...unit, captures } : unit;
    }
}
/**
 * Returns the ComparedTensor of a pair with its final statistics. `values` is set only for pairs
 * that were not read. Each object is built by one literal: adding a property to a spread copy
 * gives every object a hidden class of its own (Node 20), which costs memory per tensor.
 */
function comparedTensorOf(pair, stats, values) {
    const name = pair.name;
    const shape = pair.base.shape;
    const baseDtype = pair.base.dtype;
    const headDtype = pair.head.dtype;
    // NOTE: a dtype change to or from F4, F6 or C64 has no element pairs. It is reported as a
    // byte comparison with every element changed.
    const comparison = pair.comparison === "incomparable" ? "bytes" : pair.comparison;
    if (values === undefined)
        return { name, shape, baseDtype, headDtype, comparison, stats };
    return { name, shape, baseDtype, headDtype, comparison, stats, values };
}
function resultOf(threshold, pairing, compared) {
    return {
        threshold,
        compared,
        added: pairing.added,
        removed: pairing.removed,
        reshaped: pairing.reshaped,
        renamed: pairing.renamed,
    };
}
/** Returns a unit runner for the main thread that reads through the checkpoints' own byte sources. */
function mainThreadRunner(base, head) {
    const sources = new Map();
    for (const checkpoint of [base, head]) {
        for (const entry of checkpoint.tensors.values()) {
            sources.set(specKey(entry.source.spec), entry.source);
        }
    }
    return new UnitRunner(async (spec) => {
        const source = sources.get(specKey(spec));
        if (!source)
            throw new Error(`Internal error: no open source for ${spec.name}.`);
        return source;
    });
}
/**
 * Runs every unit in the main thread through the checkpoints' own byte sources. A remote unit is
 * queued before the one ahead of it is folded, so the pipeline can read it ahead. A local unit is
 * queued once the one before it is folded. On a failure, the queued units settle before this
 * rejects, so no read outlives the diff.
 */
async function runInline(base, head, units, fold, signal) {
    const pipeline = new UnitPipeline(mainThreadRunner(base, head));
    const queued = [];
    const foldFirst = async () => {
        const first = queued.shift();
        if (first)
            fold(await first.result, first.unit);
    };
    try {
        for (const unit of units) {
            signal?.throwIfAborted();
            const result = runInPipeline(pipeline, unit);
            // The rejection is awaited in turn, or settled in the catch below.
            result.catch(() => { });
            queued.push({ unit, result });
            const depth = readsRemote(unit) ? UNITS_READ_AT_ONCE : 1;
            while (queued.length >= depth)
                await foldFirst();
        }
        while (queued.length > 0) {
            signal?.throwIfAborted();
            await foldFirst();
        }
    }
    catch (error) {
        await pipeline.idle();
        throw error;
    }
}
/**
 * Runs units on the workers, keeping at most UNITS_IN_FLIGHT_PER_WORKER per worker queued.
 * With a `runner`, the main thread runs units itself until every worker is ready. A 4 GB diff
 * takes about 0.8 s on the 2-core VM, so the start time of the workers is worth filling. The
 * first failure stops dispatching, and the workers are closed whatever happens.
 */
async function runOnPool(workers, units, fold, signal, runner) {
    const remaining = units[Symbol.iterator]();
    try {
        signal?.throwIfAborted();
        while (runner && !workers.started) {
            signal?.throwIfAborted();
            const next = remaining.next();
            if (next.done)
                break;
            fold(await runner.run(next.value), next.value);
            // The workers' ready messages arrive as events, which a resolved read never yields to.
            await new Promise((resolve) => setImmediate(resolve));
        }
    }
    catch (error) {
        await workers.close();
        throw error;
    }
    const pool = await workers.pool;
    const cancel = () => pool.cancel(signal?.reason);
    signal?.addEventListener("abort", cancel, { once: true });
    const limit = workers.count * UNITS_IN_FLIGHT_PER_WORKER;
    const running = new Map();
    try {
        signal?.throwIfAborted();
        for (let next = remaining.next(); !next.done; next = remaining.next()) {
            const unit = next.value;
            const done = pool
                .run(packWorkUnit(unit))
                .then((packed) => fold(unpackUnitResult(packed), unit))
                .finally(() => running.delete(unit.id));
            // The rejection is handled by the race or Promise.all below; this keeps a second failing
            // unit from being reported as an unhandled rejection.
            done.catch(() => { });
            running.set(unit.id, done);
            if (running.size >= limit)
                await Promise.race(running.values());
        }
        await Promise.all(running.values());
    }
    finally {
        signal?.removeEventListener("abort", cancel);
        await pool.close();
    }
}

;// CONCATENATED MODULE: ./src/analysis/delta-size.ts

/**
 * Estimates of how many bytes it takes to store the delta from base to head, under three
 * encodings. They are estimates of the payload only: names, shapes and container framing are
 * not counted.
 */
/** Element counts from this size up need 8-byte indices, because a 4-byte index stops at 2^32 - 1. */
const WIDE_INDEX_THRESHOLD = 2 ** 32;
const BITS_PER_BYTE = 8;
/** Encodings in the order they are reported, which is also the order that breaks ties. */
const DELTA_ENCODING_NAMES = ["dense", "sparse", "bitmap"];
const DELTA_ENCODING_DESCRIPTIONS = {
    dense: "Every element of each compared head tensor in the head dtype's storage size, changed or not.",
    sparse: "For each changed element, a 4-byte index (8 bytes in tensors of 2^32 elements or more) plus the value in the head dtype.",
    bitmap: "One bit per element of each compared tensor marking the changed ones, plus each changed value in the head dtype.",
};
function bytesForBits(bits) {
    return Math.ceil(bits / BITS_PER_BYTE);
}
/**
 * Returns the delta bytes of one compared tensor of `numel` elements, of which `changed`
 * changed, stored in `headDtype`. Sub-byte values are counted in bits and rounded up to whole
 * bytes once per tensor, so 3 changed F4 values take 2 bytes, not 3.
 */
function tensorDeltaBytes(numel, changed, headDtype) {
    const valueBits = dtypeInfo(headDtype).bits;
    const indexBytes = numel < WIDE_INDEX_THRESHOLD ? 4 : 8;
    const changedValueBytes = bytesForBits(changed * valueBits);
    return {
        dense: bytesForBits(numel * valueBits),
        sparse: changed * indexBytes + changedValueBytes,
        bitmap: bytesForBits(numel) + changedValueBytes,
    };
}
/**
 * Returns the delta bytes of a tensor compared byte by byte (sub-byte dtypes whose packing order
 * is unknown): the unit is a stored byte, `differingBytes` of `byteLength` bytes changed, and a
 * changed value takes one byte.
 */
function bytewiseDeltaBytes(byteLength, differingBytes) {
    return tensorDeltaBytes(byteLength, differingBytes, "U8");
}
/**
 * Returns delta bytes that every encoding must carry in full: a head tensor with no base
 * counterpart (added, or reshaped) is stored whole whatever the encoding.
 */
function wholeTensorDeltaBytes(numel, headDtype) {
    const bytes = bytesForBits(numel * dtypeInfo(headDtype).bits);
    return { dense: bytes, sparse: bytes, bitmap: bytes };
}
function addDeltaBytes(a, b) {
    return { dense: a.dense + b.dense, sparse: a.sparse + b.sparse, bitmap: a.bitmap + b.bitmap };
}
const NO_DELTA_BYTES = { dense: 0, sparse: 0, bitmap: 0 };
/**
 * Returns the encoding with the fewest bytes; on a tie, the first in DELTA_ENCODING_NAMES. Returns
 * null when every encoding is empty (no tensor compared, only renamed ones), since none is cheaper.
 */
function cheapestEncoding(bytes) {
    let best = "dense";
    for (const name of DELTA_ENCODING_NAMES) {
        if (bytes[name] < bytes[best])
            best = name;
    }
    return DELTA_ENCODING_NAMES.every((name) => bytes[name] === 0) ? null : best;
}
/** Returns the three encodings as the report lists them, each with its size and method. */
function deltaEncodings(bytes) {
    return DELTA_ENCODING_NAMES.map((name) => ({
        name,
        bytes: bytes[name],
        description: DELTA_ENCODING_DESCRIPTIONS[name],
    }));
}
/**
 * Returns model bytes / cheapest delta bytes, or null when the cheapest delta is empty (no
 * change at all, so no ratio is defined).
 */
function compressionRatio(modelBytes, bytes) {
    const cheapest = cheapestEncoding(bytes);
    return cheapest === null || bytes[cheapest] === 0 ? null : modelBytes / bytes[cheapest];
}

;// CONCATENATED MODULE: ./src/report/model.ts
/**
 * The report: one object that contains everything any renderer shows. Its JSON form is the
 * documented schema (docs/report-schema.md); bump REPORT_SCHEMA_VERSION on any breaking change.
 */
const REPORT_SCHEMA_VERSION = 2;
/** Layer group key of the tensors outside the repeated blocks. */
const OUTSIDE_LAYERS_KEY = "(none)";

;// CONCATENATED MODULE: ./src/report/build.ts








/** Order of the module kinds table: input side to output side, then the rest. */
const MODULE_KIND_ORDER = [
    "embedding",
    "attention",
    "mlp",
    "norm",
    "output_head",
    "other",
];
/** Tensor names listed in one note before the rest are counted, so a note stays readable. */
const MAX_NAMES_IN_NOTE = 20;
const EMPTY_STATS = {
    numel: 0,
    changed: 0,
    bitsDiffering: 0,
    maxAbsDelta: 0,
    maxAbsDeltaIndex: -1,
    sumA: 0,
    sumB: 0,
    sumSquaredDelta: 0,
    sumSquaredA: 0,
    sumSquaredB: 0,
    sumProduct: 0,
    finiteCount: 0,
    nanA: 0,
    nanB: 0,
    infA: 0,
    infB: 0,
};
/** Adds the sums of `b` to `a`. maxAbsDeltaIndex is meaningless for a sum and stays -1. */
function addStatsTo(a, b) {
    a.numel += b.numel;
    a.changed += b.changed;
    a.bitsDiffering += b.bitsDiffering;
    a.maxAbsDelta = Math.max(a.maxAbsDelta, b.maxAbsDelta);
    a.sumA += b.sumA;
    a.sumB += b.sumB;
    a.sumSquaredDelta += b.sumSquaredDelta;
    a.sumSquaredA += b.sumSquaredA;
    a.sumSquaredB += b.sumSquaredB;
    a.sumProduct += b.sumProduct;
    a.finiteCount += b.finiteCount;
    a.nanA += b.nanA;
    a.nanB += b.nanB;
    a.infA += b.infA;
    a.infB += b.infB;
}
function numelOf(shape) {
    return shape.reduce((product, size) => product * size, 1);
}
function byteLengthOfTensor(tensor) {
    const bytes = byteLengthOf(tensor.headDtype, BigInt(numelOf(tensor.shape)));
    return bytes === undefined ? 0 : Number(bytes);
}
/**
 * Returns whether a tensor's sums enter the overall and group relative change and cosine. Only
 * floating-point tensors do, because integer tensors (position ids, quantized codes, masks) are
 * not weights on one scale and would swamp the sums.
 */
function entersFigures(tensor) {
    return tensor.comparison === "float";
}
function valuesOf(tensor) {
    return tensor.values ?? "read";
}
function summarizeCheckpoint(checkpoint) {
    let params = 0;
    const dtypes = {};
    for (const tensor of checkpoint.tensors.values()) {
        params += tensor.numel;
        dtypes[tensor.dtype] = (dtypes[tensor.dtype] ?? 0) + 1;
    }
    const sortedDtypes = {};
    for (const dtype of Object.keys(dtypes).sort())
        sortedDtypes[dtype] = dtypes[dtype] ?? 0;
    return {
        reference: checkpoint.reference,
        resolved: checkpoint.resolved,
        hub: checkpoint.hub ? { ...checkpoint.hub } : null,
        files: checkpoint.files.length,
        tensors: checkpoint.tensors.size,
        params,
        tensorBytes: checkpoint.tensorBytes,
        dtypes: sortedDtypes,
    };
}
/**
 * Returns whether a tensor's bitsDiffering is in bytes and its changed count an upper bound.
 * That holds for F6 tensors, compared byte by byte because the bit order of their 4 elements in
 * 3 bytes is not fixed, so changed counts every element that shares a byte with a change. F4
 * tensors are compared code by code, so their counts are exact element counts. A dtype change
 * to or from a sub-byte dtype or C64 is reported as a byte comparison with every element changed.
 */
function countsBytes(tensor) {
    return (tensor.comparison === "bytes" &&
        tensor.baseDtype === tensor.headDtype &&
        tensor.baseDtype !== "F4");
}
/** Returns whether a dtype change gave no element pairs, so every element counts as changed. */
function isIncomparable(tensor) {
    return tensor.comparison === "bytes" && tensor.baseDtype !== tensor.headDtype;
}
function deltaBytesOf(tensor) {
    if (valuesOf(tensor) === "not_read")
        return null;
    if (countsBytes(tensor)) {
        return bytewiseDeltaBytes(byteLengthOfTensor(tensor), tensor.stats.bitsDiffering);
    }
    return tensorDeltaBytes(numelOf(tensor.shape), tensor.stats.changed, tensor.headDtype);
}
function reportTensor(tensor, facts) {
    const stats = tensor.stats;
    const numeric = tensor.comparison !== "bytes";
    const values = valuesOf(tensor);
    const read = values === "read";
    const counted = values !== "not_read";
    return {
        name: tensor.name,
        shape: [...tensor.shape],
        baseDtype: tensor.baseDtype,
        headDtype: tensor.headDtype,
        comparedAs: numeric ? "values" : "bytes",
        layer: facts.location?.index ?? null,
        stack: facts.location?.stack ?? null,
        module: facts.moduleKind,
        numel: numelOf(tensor.shape),
        values,
        changed: counted ? stats.changed : null,
        bitsDiffering: counted ? stats.bitsDiffering : null,
        maxAbsDelta: read && numeric && stats.finiteCount > 0 ? stats.maxAbsDelta : null,
        relativeChange: read && numeric ? relativeChange(stats) : null,
        cosine: read && numeric ? cosine(stats) : null,
        correlation: read && numeric ? correlation(stats) : null,
        nanBase: read ? stats.nanA : null,
        nanHead: read ? stats.nanB : null,
        infBase: read ? stats.infA : null,
        infHead: read ? stats.infB : null,
        deltaBytes: deltaBytesOf(tensor),
    };
}
function newTotals() {
    return {
        tensors: 0,
        params: 0,
        changed: 0,
        matrixFigures: { ...EMPTY_STATS },
        vectorFigures: { ...EMPTY_STATS },
        unreadMatrices: 0,
        unreadVectors: 0,
    };
}
function addToTotals(totals, tensor, report) {
    totals.tensors += 1;
    totals.params += report.numel;
    totals.changed =
        totals.changed === null || report.changed === null ? null : totals.changed + report.changed;
    if (!entersFigures(tensor))
        return;
    const read = valuesOf(tensor) === "read";
    if (tensor.shape.length >= 2) {
        addStatsTo(totals.matrixFigures, tensor.stats);
        if (!read)
            totals.unreadMatrices += 1;
    }
    else {
        addStatsTo(totals.vectorFigures, tensor.stats);
        if (!read)
            totals.unreadVectors += 1;
    }
}
/**
 * Returns the sums behind a group's relative change and cosine: its matrices, or its 1-D tensors
 * when it has no matrix. Norm weights sit near 1, so pooled with matrices whose weights sit near
 * 0.02 they would dominate ||base|| and hide the matrices' change. Returns null when a tensor of
 * that set was not read, because its norms are unknown and the figures cannot be formed.
 */
function figuresOf(totals) {
    const matrices = totals.matrixFigures.numel > 0;
    const unread = matrices ? totals.unreadMatrices : totals.unreadVectors;
    if (unread > 0)
        return null;
    return matrices ? totals.matrixFigures : totals.vectorFigures;
}
function relativeChangeOf(totals) {
    const figures = figuresOf(totals);
    return figures === null ? null : relativeChange(figures);
}
function cosineOf(totals) {
    const figures = figuresOf(totals);
    return figures === null ? null : cosine(figures);
}
function groupReport(key, totals) {
    return {
        key,
        tensors: totals.tensors,
        params: totals.params,
        changed: totals.changed,
        changedFraction: totals.params === 0 || totals.changed === null ? null : totals.changed / totals.params,
        relativeChange: relativeChangeOf(totals),
        cosine: cosineOf(totals),
    };
}
function compareNames(a, b) {
    if (a === b)
        return 0;
    return a < b ? -1 : 1;
}
function metadataText(value) {
    if (value === undefined)
        return null;
    return typeof value === "string" ? value : JSON.stringify(value);
}
/** Returns JSON with object keys sorted, so that key order alone never counts as a change. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const record = value;
        const members = Object.keys(record)
            .sort()
            .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
        return `{${members.join(",")}}`;
    }
    return JSON.stringify(value) ?? "undefined";
}
/**
 * Returns the metadata keys whose values differ, in key order, with both values as text. Values
 * are compared as JSON, so the string "3" and the number 3 differ even though both show as 3.
 */
function metadataChanges(base, head) {
    const keys = new Set([...Object.keys(base), ...Object.keys(head)]);
    const changes = [];
    for (const key of [...keys].sort(compareNames)) {
        const baseValue = Object.hasOwn(base, key) ? base[key] : undefined;
        const headValue = Object.hasOwn(head, key) ? head[key] : undefined;
        if (canonicalJson(baseValue) !== canonicalJson(headValue)) {
            changes.push({ key, base: metadataText(baseValue), head: metadataText(headValue) });
        }
    }
    return changes;
}
/** Lists names for a note, each quoted, escaped and cut as in messages, so a note stays short. */
function build_listNames(names) {
    const shown = names
        .slice(0, MAX_NAMES_IN_NOTE)
        .map((name) => (0,visible_text/* quoteForMessage */.Hx)(name))
        .join(", ");
    const rest = names.length - MAX_NAMES_IN_NOTE;
    return rest > 0 ? `${shown} and ${rest} more` : shown;
}
function wereOrWas(count) {
    return count === 1 ? "was" : "were";
}
/** The note that opens a structure-only report. */
const STRUCTURE_ONLY_NOTE = "Structure-only diff: tensor names, shapes, dtypes, parameter counts and metadata were compared from the headers, and no tensor values were read. " +
    "Changed counts, delta sizes, relative change, cosine and non-finite counts are therefore not given, and renamed tensors are not detected: they show as removed and added.";
function buildNotes(input, compared, skipped) {
    const notes = [];
    if (input.diff.mode === "structure")
        notes.push(STRUCTURE_ONLY_NOTE);
    if (skipped !== null)
        notes.push(skippedNote(skipped));
    const nibbles = compared.filter((tensor) => tensor.comparison === "bytes" && !countsBytes(tensor) && !isIncomparable(tensor));
    if (nibbles.length > 0) {
        notes.push(`${formatCountOf(nibbles.length, "F4 tensor")} ${wereOrWas(nibbles.length)} compared code by code, two 4-bit elements to a byte: ` +
            "their changed and bits-differing counts are exact element counts, but they have no " +
            "max |delta|, relative change or cosine, because the order of the two elements in a " +
            "byte is not fixed: " +
            build_listNames(nibbles.map((tensor) => tensor.name)));
    }
    const bytewise = compared.filter(countsBytes);
    if (bytewise.length > 0) {
        notes.push(`${formatCountOf(bytewise.length, "F6 tensor")} ${wereOrWas(bytewise.length)} compared byte by byte, because the bit order of ` +
            "their 4 elements in 3 bytes is not fixed: their changed count is an upper bound (every " +
            "element that shares a byte with a differing byte), their bits-differing count is in " +
            "bytes, and they have no max |delta|, relative change or cosine: " +
            build_listNames(bytewise.map((tensor) => tensor.name)));
    }
    const incomparable = compared.filter(isIncomparable);
    if (incomparable.length > 0) {
        notes.push(`${formatCountOf(incomparable.length, "tensor")} changed between dtypes that give no element pairs ` +
            "(to or from F4, F6 or C64): every element counts as changed and as differing: " +
            build_listNames(incomparable.map((tensor) => tensor.name)));
    }
    const nonFloat = compared.filter((tensor) => tensor.comparison !== "bytes" && !entersFigures(tensor));
    if (nonFloat.length > 0) {
        notes.push(`${formatCountOf(nonFloat.length, "integer or complex tensor")} ${nonFloat.length === 1 ? "has its" : "have their"} own figures but ${wereOrWas(nonFloat.length) === "was" ? "is" : "are"} left out ` +
            "of the overall, layer and module relative change and cosine: " +
            build_listNames(nonFloat.map((tensor) => tensor.name)));
    }
    if (input.diff.added.length > 0 || input.diff.reshaped.length > 0) {
        notes.push("Added and reshaped head tensors are counted whole in every delta size estimate, " +
            "because the base has nothing to encode them against.");
    }
    for (const warning of input.base.warnings)
        notes.push(`Base checkpoint: ${warning}`);
    for (const warning of input.head.warnings)
        notes.push(`Head checkpoint: ${warning}`);
    return notes;
}
function skippedNote(skipped) {
    const files = skipped.files.map((pair) => pair.base === pair.head ? pair.base : `${pair.base} and ${pair.head}`);
    return (`${formatCountOf(skipped.tensors, "tensor")} (${formatCountOf(skipped.params, "parameter")}, ${formatBytes(skipped.bytes)} on each side) ` +
        `${skipped.tensors === 1 ? "is" : "are"} reported unchanged without reading ${skipped.tensors === 1 ? "its" : "their"} values, because ` +
        `${formatCountOf(skipped.files.length, "pair")} of files ${skipped.files.length === 1 ? "has" : "have"} the same SHA-256 on both sides: ` +
        `${build_listNames(files)}. ${skipped.unknownFigures.join(" ")}`);
}
/** Returns the report's section on files skipped as known equal, or null when none was. */
function skippedReport(diff, compared, summary, overallUnknown) {
    const files = diff.skipped ?? [];
    if (files.length === 0)
        return null;
    const equal = compared.filter((tensor) => valuesOf(tensor) === "equal_sha256");
    const unknownFigures = [
        "The value statistics of these tensors (norms, cosine, correlation, max |delta|, NaN and infinity counts) are unknown, since their values were not read; their changed and bits-differing counts are exact (0).",
    ];
    if (equal.some(entersFigures)) {
        const overall = overallUnknown
            ? "So the overall relative change and cosine, and those of every layer and module kind that contains such a tensor, are not given."
            : "So the relative change and cosine of every layer and module kind that contains such a tensor are not given.";
        unknownFigures.push(overall);
    }
    if (summary.nonFinite !== null) {
        unknownFigures.push("The non-finite counts of the summary cover only the tensors whose values were read; the skipped tensors hold the same values on both sides.");
    }
    return {
        reason: "equal_sha256",
        files: files.map((file) => ({ ...file })),
        tensors: equal.length,
        params: equal.reduce((sum, tensor) => sum + numelOf(tensor.shape), 0),
        bytes: files.reduce((sum, file) => sum + file.bytes, 0),
        unknownFigures,
    };
}
/**
 * Builds the report model from the diff of two checkpoints and the classification of that diff.
 * Pure: reads only the in-memory checkpoint summaries, never tensor data.
 */
function buildReport(input) {
    const { base, head, diff } = input;
    const names = input.names ?? new NameFactsCache();
    const compared = [...diff.compared].sort((a, b) => compareNames(a.name, b.name));
    const tensors = [];
    const layerTotals = new Map();
    const moduleTotals = new Map();
    const overall = newTotals();
    let deltaBytes = NO_DELTA_BYTES;
    let bitsDiffering = 0;
    for (const tensor of compared) {
        const facts = names.of(tensor.name);
        const location = facts.location;
        const report = reportTensor(tensor, facts);
        tensors.push(report);
        const layerKey = location === null ? OUTSIDE_LAYERS_KEY : layerKeyOf(location);
        const layer = layerTotals.get(layerKey) ?? { location, totals: newTotals() };
        addToTotals(layer.totals, tensor, report);
        layerTotals.set(layerKey, layer);
        const module = moduleTotals.get(report.module) ?? newTotals();
        addToTotals(module, tensor, report);
        moduleTotals.set(report.module, module);
        addToTotals(overall, tensor, report);
        deltaBytes =
            deltaBytes === null || report.deltaBytes === null
                ? null
                : addDeltaBytes(deltaBytes, report.deltaBytes);
        bitsDiffering =
            bitsDiffering === null || report.bitsDiffering === null
                ? null
                : bitsDiffering + report.bitsDiffering;
    }
    if (deltaBytes !== null) {
        for (const tensor of diff.added) {
            deltaBytes = addDeltaBytes(deltaBytes, wholeTensorDeltaBytes(tensor.numel, tensor.dtype));
        }
        for (const tensor of diff.reshaped) {
            deltaBytes = addDeltaBytes(deltaBytes, wholeTensorDeltaBytes(tensor.headNumel, tensor.headDtype));
        }
    }
    const structureOnly = diff.mode === "structure";
    const nonFinite = structureOnly ? null : { nanBase: 0, nanHead: 0, infBase: 0, infHead: 0 };
    for (const tensor of tensors) {
        if (nonFinite === null)
            break;
        nonFinite.nanBase += tensor.nanBase ?? 0;
        nonFinite.nanHead += tensor.nanHead ?? 0;
        nonFinite.infBase += tensor.infBase ?? 0;
        nonFinite.infHead += tensor.infHead ?? 0;
    }
    const dtypeChanged = compared
        .filter((tensor) => tensor.baseDtype !== tensor.headDtype)
        .map((tensor) => ({
        name: tensor.name,
        baseDtype: tensor.baseDtype,
        headDtype: tensor.headDtype,
    }));
    const summary = {
        threshold: diff.threshold,
        tensorsCompared: compared.length,
        comparedParams: overall.params,
        changedParams: overall.changed,
        unchangedParams: overall.changed === null ? null : overall.params - overall.changed,
        changedFraction: overall.params === 0 || overall.changed === null ? null : overall.changed / overall.params,
        bitsDifferingParams: bitsDiffering,
        modelBytes: head.tensorBytes,
        deltaEncodings: deltaBytes === null ? [] : deltaEncodings(deltaBytes),
        cheapestEncoding: deltaBytes === null ? null : cheapestEncoding(deltaBytes),
        compressionRatio: deltaBytes === null ? null : compressionRatio(head.tensorBytes, deltaBytes),
        relativeChange: relativeChangeOf(overall),
        cosine: cosineOf(overall),
        nonFinite,
        added: diff.added.length,
        removed: diff.removed.length,
        reshaped: diff.reshaped.length,
        renamed: diff.renamed.length,
        dtypeChanged: dtypeChanged.length,
    };
    const inLayers = [];
    for (const [key, entry] of layerTotals) {
        if (entry.location !== null)
            inLayers.push({ key, location: entry.location, totals: entry.totals });
    }
    inLayers.sort((a, b) => compareLayerLocations(a.location, b.location));
    const layers = inLayers.map((entry) => groupReport(entry.key, entry.totals));
    const outside = layerTotals.get(OUTSIDE_LAYERS_KEY);
    if (outside !== undefined)
        layers.push(groupReport(OUTSIDE_LAYERS_KEY, outside.totals));
    const modules = MODULE_KIND_ORDER.filter((kind) => moduleTotals.has(kind)).map((kind) => groupReport(kind, moduleTotals.get(kind) ?? newTotals()));
    const skipped = skippedReport(diff, compared, summary, figuresOf(overall) === null);
    return {
        schemaVersion: REPORT_SCHEMA_VERSION,
        tool: { name: "model-diff", version: input.version },
        mode: structureOnly ? "structure" : "full",
        base: summarizeCheckpoint(base),
        head: summarizeCheckpoint(head),
        summary,
        classification: input.classification,
        layers,
        modules,
        tensors,
        added: diff.added.map((tensor) => tensor.name).sort(compareNames),
        removed: diff.removed.map((tensor) => tensor.name).sort(compareNames),
        reshaped: [...diff.reshaped]
            .sort((a, b) => compareNames(a.name, b.name))
            .map((tensor) => ({
            name: tensor.name,
            baseShape: [...tensor.baseShape],
            headShape: [...tensor.headShape],
        })),
        renamed: [...diff.renamed]
            .sort((a, b) => compareNames(a.baseName, b.baseName))
            .map((tensor) => ({ baseName: tensor.baseName, headName: tensor.headName })),
        dtypeChanged,
        metadataChanges: metadataChanges(base.metadata, head.metadata),
        skipped,
        configChanges: (input.configChanges ?? []).map((change) => ({ ...change })),
        notes: buildNotes(input, compared, skipped),
    };
}

;// CONCATENATED MODULE: ./src/version.ts
/** The model-diff version, shown in reports; a test keeps it equal to package.json's. */
const VERSION = "0.1.0";

;// CONCATENATED MODULE: ./src/compare.ts















/**
 * Returns true when MODEL_DIFF_SKIP_SAMPLED_ANALYSES=1 is set, which skips the second pass (the
 * sampled analyses of changed matrices). Benchmarks set it to time the diff path alone. The
 * report then classifies without the low-rank, grid and lineage evidence.
 */
function skipSampledAnalyses(env) {
    return env.MODEL_DIFF_SKIP_SAMPLED_ANALYSES === "1";
}
/**
 * Environment variable that overrides the bytes per side of a work unit. It exists for the tests
 * that show the report does not depend on the unit size; users have no reason to set it.
 */
const CHUNK_BYTES_ENV = "MODEL_DIFF_CHUNK_BYTES";
/** Returns the unit size from CHUNK_BYTES_ENV, or the default for a local or remote diff. */
function chunkBytesFromEnv(env, remote) {
    const text = env[CHUNK_BYTES_ENV];
    if (text === undefined || text === "")
        return remote ? REMOTE_CHUNK_BYTES : DEFAULT_CHUNK_BYTES;
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < 1) {
        throw new src_errors/* UsageError */.eb(`${CHUNK_BYTES_ENV}: "${text}" is not valid. Give a whole number of bytes, at least 1, or unset it.`);
    }
    return Number(text);
}
/** Returns the local paths of the files a checkpoint was read from: its shards, and its index. */
function inputPaths(checkpoint) {
    const paths = checkpoint.files.flatMap((file) => file.source.spec.kind === "file" ? [file.source.spec.path] : []);
    if (paths.length === 0 || paths.includes(checkpoint.resolved))
        return paths;
    return [checkpoint.resolved, ...paths];
}
/** Returns a log line for a retry, such as `org/name@abc:x bytes 0-9: HTTP 429; retrying in 1 s (attempt 2 of 6)`. */
function retryMessage(event) {
    const seconds = event.delayMs / 1000;
    return `${event.target}: ${event.reason}; retrying in ${seconds} s (attempt ${event.attempt + 1} of ${event.attempts})`;
}
function describeResolved(side, checkpoint) {
    const files = `${checkpoint.files.length} file${checkpoint.files.length === 1 ? "" : "s"}`;
    const tensors = `${checkpoint.tensors.size} tensor${checkpoint.tensors.size === 1 ? "" : "s"}`;
    const at = checkpoint.hub
        ? ` (revision ${checkpoint.hub.revision} is commit ${checkpoint.hub.commit})`
        : "";
    return `${side} ${checkpoint.reference} resolved to ${checkpoint.resolved}${at}: ${files}, ${tensors}, ${checkpoint.tensorBytes} data bytes`;
}
/**
 * Opens the base and the head at the same time, so that a remote pair waits for its round trips
 * (revision, listing, index, headers) once, not once per side. Both openings settle before this
 * returns or throws, so no request outlives it. Each checkpoint that opened is pushed to `opened`
 * for the caller to close. When both fail, the base's error is thrown.
 */
async function openBoth(requests, references, connection, limits, opened) {
    const outcomes = await Promise.allSettled(requests.map((request, index) => openCheckpoint(request, references[index], connection, limits)));
    const checkpoints = [];
    for (const outcome of outcomes) {
        if (outcome.status === "fulfilled")
            opened.push(outcome.value);
    }
    for (const outcome of outcomes) {
        if (outcome.status === "rejected")
            throw outcome.reason;
        checkpoints.push(outcome.value);
    }
    return checkpoints;
}
/**
 * Resolves both references, diffs them, classifies the change and builds the report. Throws the
 * typed errors of src/errors.ts for bad input; never returns a partial report.
 */
async function compareCheckpoints(options, log, hooks = {}) {
    const limits = limitsFromEnv(process.env);
    const requests = [
        { reference: options.base, revision: options.baseRevision, revisionOption: "--base-revision" },
        { reference: options.head, revision: options.headRevision, revisionOption: "--head-revision" },
    ];
    // Parsing both first reports a malformed reference before any network request.
    const references = requests.map(referenceOf);
    const remote = references.some(isRemote);
    const chunkBytes = chunkBytesFromEnv(process.env, remote);
    const connection = {
        endpoint: options.hub.endpoint,
        token: options.hub.token,
        retry: retrySettingsFromEnv(process.env),
        onRetry: (event) => log.warning(retryMessage(event)),
    };
    const workerCount = remote ? Math.min(options.workers, MAX_REMOTE_WORKERS) : options.workers;
    const opened = [];
    const signal = hooks.signal;
    throwIfCancelled(signal);
    // The workers load while the main thread opens the checkpoints; on a checkpoint of 10,000
    // tensors the opening takes longer than their start. With fewer than 2, the diff runs inline.
    const workers = workerCount > 1 ? startDiffWorkers(workerCount) : undefined;
    const closeOpened = () => {
        for (const checkpoint of opened)
            checkpoint.close().catch(() => { });
    };
    signal?.addEventListener("abort", closeOpened, { once: true });
    let early;
    try {
        const { base, head } = await log.phase("Resolve checkpoints", async () => {
            const [base, head] = await openBoth(requests, references, connection, limits, opened);
            throwIfCancelled(signal);
            for (const [side, checkpoint] of [
                ["base", base],
                ["head", head],
            ]) {
                log.debug(describeResolved(side, checkpoint));
                for (const warning of checkpoint.warnings)
                    log.warning(`${side}: ${warning}`);
            }
            await hooks.inputsResolved?.([...inputPaths(base), ...inputPaths(head)]);
            return { base, head };
        });
        const sampled = !skipSampledAnalyses(process.env);
        // Each stage below groups the tensors by name; one cache reads each name once.
        const names = new NameFactsCache();
        // The sampled analyses of likely chosen matrices start in the main thread during the diff.
        early =
            sampled && options.mode !== "structure"
                ? new EarlyAnalyses(base, head, signal, names)
                : undefined;
        const diff = await log.phase("Diff tensors", () => {
            log.debug(`BF16, F16 and F32 kernels: ${describeSimdKernels()}`);
            return runDiff(base, head, {
                threshold: options.threshold,
                workers: workerCount,
                ...(workers === undefined ? {} : { startedWorkers: workers }),
                chunkBytes,
                mode: options.mode,
                onRetry: connection.onRetry,
                onProgress: (done, total) => log.progress(done, total),
                onTensorCompared: early?.tensorCompared,
                capture: early?.capture,
                signal,
            });
        });
        throwIfCancelled(signal);
        return await log.phase("Classify the change", async () => {
            const samples = sampled ? await analyzeSamples(base, head, diff, early, names) : undefined;
            const configChanges = diffCompanions(base.companions, head.companions, new Set([...(base.companionsLeftOut ?? []), ...(head.companionsLeftOut ?? [])]));
            const classification = classify(diff, { samples, configChanges, names });
            return buildReport({
                base,
                head,
                diff,
                classification,
                configChanges,
                version: VERSION,
                names,
            });
        });
    }
    catch (error) {
        // A read cut short by the cancellation fails with its own error; the cancellation is the cause.
        throwIfCancelled(signal);
        throw error;
    }
    finally {
        signal?.removeEventListener("abort", closeOpened);
        // After a failed diff, an early analysis may still run; it must not read closed files.
        await early?.stop();
        await workers?.close();
        await Promise.all(opened.map((checkpoint) => checkpoint.close()));
    }
}

;// CONCATENATED MODULE: ./src/report/json.ts
/** Spaces per nesting level of the JSON report. */
const INDENT = "  ";
/**
 * Returns the keys of `record` in the order the JSON report writes them: array-index keys ("0",
 * "1", ...) first in numeric order, then the rest in ascending code-unit order. That is the order
 * of JSON.stringify on a copy whose keys were inserted sorted, because every object orders
 * array-index keys so. Sorted keys make the same report serialize to the same bytes whatever
 * order its producer built it in.
 */
function memberOrder(record) {
    const order = Object.create(null);
    for (const key of Object.keys(record).sort())
        order[key] = true;
    return Object.keys(order);
}
/** Returns whether two key lists are equal, element by element. */
function sameKeys(a, b) {
    if (a.length !== b.length)
        return false;
    for (let i = 0; i < a.length; i++)
        if (a[i] !== b[i])
            return false;
    return true;
}
/**
 * Serializes values as JSON.stringify does with a 2-space indent, on a copy of the value whose
 * objects have their keys in memberOrder, but without making the copy. The entries of a report's
 * arrays share their keys, so the writer keeps the last key order seen at each nesting depth and
 * reuses it while the keys stay the same. A key order is then sorted once per array, not per entry.
 * NOTE: an own toJSON method is left out as a function member, where JSON.stringify would call
 * it. Reports are plain data and have none.
 */
class SortedJsonWriter {
    /** The last key order seen at each depth, with the text written before each member's value. */
    orders = [];
    /**
     * Returns the JSON of `value` for a value nested `depth` levels deep, so every line after the
     * first is indented by `depth` more levels, or undefined for the values JSON.stringify leaves
     * out (undefined, functions, symbols).
     */
    stringify(value, depth) {
        switch (typeof value) {
            case "string":
                return JSON.stringify(value);
            case "number":
                return Number.isFinite(value) ? String(value) : "null";
            case "boolean":
                return value ? "true" : "false";
            case "undefined":
            case "function":
            case "symbol":
                return undefined;
            case "object":
                if (value === null)
                    return "null";
                return Array.isArray(value) ? this.array(value, depth) : this.object(value, depth);
            default:
                // A bigint: JSON.stringify throws its TypeError.
                return JSON.stringify(value);
        }
    }
    array(values, depth) {
        if (values.length === 0)
            return "[]";
        const separator = `,\n${indentOf(depth + 1)}`;
        let text = `[\n${indentOf(depth + 1)}${this.stringify(values[0], depth + 1) ?? "null"}`;
        for (let i = 1; i < values.length; i++) {
            text += `${separator}${this.stringify(values[i], depth + 1) ?? "null"}`;
        }
        return `${text}\n${indentOf(depth)}]`;
    }
    object(record, depth) {
        const order = this.keyOrder(record, depth);
        const values = record;
        let text = "";
        for (let i = 0; i < order.sorted.length; i++) {
            const member = this.stringify(values[order.sorted[i]], depth + 1);
            if (member === undefined)
                continue;
            // Each prefix starts with the comma that separates it from the member before.
            text +=
                text === ""
                    ? `{${order.prefixes[i].slice(1)}${member}`
                    : `${order.prefixes[i]}${member}`;
        }
        return text === "" ? "{}" : `${text}\n${indentOf(depth)}}`;
    }
    keyOrder(record, depth) {
        const keys = Object.keys(record);
        const last = this.orders[depth];
        if (last !== undefined && sameKeys(keys, last.keys))
            return last;
        const sorted = memberOrder(record);
        const indent = indentOf(depth + 1);
        const prefixes = sorted.map((key) => `,\n${indent}${JSON.stringify(key)}: `);
        const order = { keys, sorted, prefixes };
        this.orders[depth] = order;
        return order;
    }
}
/** Indents of the first nesting levels, so the common ones are not built again for each value. */
const INDENTS = Array.from({ length: 8 }, (_, depth) => INDENT.repeat(depth));
function indentOf(depth) {
    return INDENTS[depth] ?? INDENT.repeat(depth);
}
/**
 * Yields the JSON report in pieces whose concatenation is exactly renderJson's output: the
 * opening brace, then each top-level member, except that a non-empty top-level array (tensors,
 * names, notes) is yielded one entry at a time. So no piece is larger than one top-level member
 * other than those arrays, or one entry of them, and a report of a million tensors never becomes
 * one string, which V8 caps near 512 MiB.
 */
function* renderJsonChunks(report) {
    const record = report;
    const writer = new SortedJsonWriter();
    const stringifyAt = (value, depth) => writer.stringify(value, depth);
    const members = [];
    for (const key of memberOrder(record)) {
        const value = record[key];
        // JSON.stringify leaves out members it cannot represent; stringifyAt finds which.
        if (Array.isArray(value) || stringifyAt(value, 1) !== undefined)
            members.push([key, value]);
    }
    if (members.length === 0) {
        yield "{}\n";
        return;
    }
    yield "{\n";
    for (const [index, [key, value]] of members.entries()) {
        const head = `${INDENT}${JSON.stringify(key)}: `;
        const separator = index < members.length - 1 ? ",\n" : "\n";
        if (!Array.isArray(value) || value.length === 0) {
            yield `${head}${stringifyAt(value, 1)}${separator}`;
            continue;
        }
        yield `${head}[\n`;
        for (let entry = 0; entry < value.length; entry++) {
            // JSON.stringify writes an entry it cannot represent as null.
            const text = stringifyAt(value[entry], 2) ?? "null";
            const comma = entry < value.length - 1 ? "," : "";
            yield `${INDENT}${INDENT}${text}${comma}\n`;
        }
        yield `${INDENT}]${separator}`;
    }
    yield "}\n";
}
/**
 * Renders the report as JSON: keys sorted at every level, 2-space indent, a final newline.
 * Strings are exact: JSON.stringify escapes only quotes, backslashes, control characters and
 * unpaired surrogates, so every tensor name parses back to the same string. The result is one
 * string, so a large report should be written from renderJsonChunks instead.
 */
function renderJson(report) {
    return [...renderJsonChunks(report)].join("");
}

;// CONCATENATED MODULE: ./src/report/escape.ts
/**
 * Escaping of untrusted strings (tensor names, metadata keys and values, checkpoint references,
 * classifier sentences) for the text and Markdown reports.
 *
 * A checkpoint is input from anyone, and the Markdown report lands in a pull-request comment. So a
 * name must not end a table cell, open an HTML element, make a link or an image, or mention a user
 * or an issue. Names and values are shown as code spans, where GitHub renders
 * text literally; prose is shown with Markdown punctuation escaped and with `@`, `#` and URL
 * prefixes put in code spans, because GitHub links mentions, issue numbers and bare URLs found in
 * plain text even after a backslash escape.
 */


/**
 * Returns the plain-text form of a name or value, cut to `maxChars` code points, with a note
 * when it was cut.
 */
function plainText(value, maxChars = visible_text/* MAX_SHOWN_CHARS */.jV) {
    const visible = (0,visible_text/* visibleText */.Q6)(value, maxChars);
    return visible.truncatedFrom === null
        ? visible.text
        : `${visible.text} (cut from ${visible.truncatedFrom} characters)`;
}
function longestBacktickRun(text) {
    let longest = 0;
    for (const run of text.match(/`+/g) ?? [])
        longest = Math.max(longest, run.length);
    return longest;
}
/**
 * Wraps already visible text in a code span whose fence is longer than any backtick run inside
 * it. A space pads each side when the text starts or ends with a backtick, because CommonMark
 * strips one such space from each side.
 */
function wrapCodeSpan(text) {
    if (text === "")
        return "(empty)";
    const fence = "`".repeat(longestBacktickRun(text) + 1);
    const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
    return `${fence}${pad}${text}${pad}${fence}`;
}
/**
 * Makes a cell safe for a GFM table: `|` becomes `\|`, which GFM turns back into `|` even inside a
 * code span. Visible text never has a backslash of its own before a pipe (a literal backslash is
 * shown as `\u005c`), so no pipe can be left unescaped.
 */
function escapeTablePipes(text) {
    return text.replace(/\|/g, "\\|");
}
/** Returns a name or value as a Markdown code span, with a plain note when it was cut. */
function markdownCode(value) {
    const visible = (0,visible_text/* visibleText */.Q6)(value);
    const span = wrapCodeSpan(visible.text);
    return visible.truncatedFrom === null
        ? span
        : `${span} (cut from ${visible.truncatedFrom} characters)`;
}
/** Returns a name or value as a code span that is safe inside a GFM table cell. */
function markdownCodeCell(value) {
    const visible = (0,visible_text/* visibleText */.Q6)(value);
    const span = wrapCodeSpan(escapeTablePipes(visible.text));
    return visible.truncatedFrom === null
        ? span
        : `${span} (cut from ${visible.truncatedFrom} characters)`;
}
/**
 * ASCII punctuation that starts or ends Markdown or HTML constructs inline. Parentheses and `!`
 * need no escape once `[` and `]` are escaped, because links and images start with a bracket.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]<>|~&]/g;
/** Text that GitHub links even when escaped: mentions, issue numbers, and bare URLs. */
const AUTOLINK_TRIGGERS = /[@#]|:\/\/|\bwww\./gi;
/**
 * Returns prose (a classifier sentence, a note, a warning) as Markdown that renders as the same
 * text: punctuation is backslash-escaped, `@`, `#`, `://` and `www.` go into code spans so that
 * GitHub links nothing, and a leading `- `, `+ `, `=` or `1. ` cannot start a list or heading.
 * The text is not cut, because model-diff writes it. The result is also safe in a table cell.
 */
function markdownInline(value) {
    const visible = (0,visible_text/* escapeInvisible */.ts)(value);
    const pieces = [];
    let last = 0;
    for (const match of visible.matchAll(AUTOLINK_TRIGGERS)) {
        const start = match.index ?? 0;
        pieces.push(escapePunctuation(visible.slice(last, start)), `\`${match[0]}\``);
        last = start + match[0].length;
    }
    pieces.push(escapePunctuation(visible.slice(last)));
    return protectLineStart(pieces.join(""));
}
function escapePunctuation(text) {
    return text.replace(MARKDOWN_PUNCTUATION, (character) => `\\${character}`);
}
/** Escapes a list marker (`- `, `+ `, `1. `) or setext underline (`=`) at the start of the text. */
function protectLineStart(text) {
    if (/^([-+](\s|$)|=)/.test(text))
        return `\\${text}`;
    return text.replace(/^(\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
}
/**
 * Returns a fenced code block of `lines`, whose fence is longer than any backtick run in them, so
 * no line can close it early. Invisible characters, carriage returns and line breaks inside a
 * line are shown as escapes, so each entry stays one line of the block.
 */
function markdownCodeBlock(lines, info = "text") {
    const shown = lines.map(visible_text/* escapeInvisible */.ts);
    const fence = "`".repeat(Math.max(3, longestBacktickRun(shown.join("\n")) + 1));
    return [`${fence}${info}`, ...shown, fence].join("\n");
}
/** Returns prose written by model-diff with invisible characters escaped, never cut. */
function plainProse(value) {
    return (0,visible_text/* escapeInvisible */.ts)(value);
}

;// CONCATENATED MODULE: ./src/report/heatmap.ts
/**
 * A layer-by-module heatmap of relative change, drawn with Unicode block characters so it reads
 * in a pull-request comment, a terminal and a job summary alike.
 */

/** Module kinds shown as columns, input side to output side. */
const COLUMNS = [
    { kind: "embedding", header: "embed" },
    { kind: "attention", header: "attn" },
    { kind: "mlp", header: "mlp" },
    { kind: "norm", header: "norm" },
    { kind: "output_head", header: "head" },
    { kind: "other", header: "other" },
];
/** Shades from the smallest to the largest relative change; each step is half a decade. */
const HEATMAP_SHADES = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
/** Relative change of the lowest shade; smaller nonzero changes use it too. */
const HEATMAP_FLOOR = 1e-4;
const UNCHANGED = "·";
/** Code points of a row label shown, because a stack name comes from tensor names and can be long. */
const HEATMAP_LABEL_CHARS = 40;
const ABSENT = " ";
/** Returns the shade of a relative change: half-decade steps from HEATMAP_FLOOR. */
function shadeOf(relativeChange) {
    if (relativeChange === null)
        return ABSENT;
    if (relativeChange === 0)
        return UNCHANGED;
    const step = Math.floor((Math.log10(relativeChange) - Math.log10(HEATMAP_FLOOR)) * 2);
    return HEATMAP_SHADES[Math.min(HEATMAP_SHADES.length - 1, Math.max(0, step))];
}
/**
 * Returns the heatmap's lines (without a code fence), or an empty list when no tensor sits in a
 * numbered layer or the values were not compared. A cell is the parameter-weighted mean relative
 * change of its matrices. When its matrices did not change, or it has none, the cell shows its
 * 1-D tensors instead. "·" marks a cell whose tensors did not change.
 */
function heatmapLines(report) {
    if (report.mode === "structure")
        return [];
    const cells = new Map();
    // Rows in order of first appearance. The set makes each membership test O(1).
    const rows = [];
    const seenRows = new Set();
    for (const tensor of report.tensors) {
        const row = tensor.layer === null
            ? "(none)"
            : tensor.stack === null
                ? String(tensor.layer)
                : `${tensor.stack}.${tensor.layer}`;
        if (!seenRows.has(row)) {
            seenRows.add(row);
            rows.push(row);
        }
        const key = `${row}|${tensor.module}`;
        const cell = cells.get(key) ?? { weighted: 0, params: 0, vectorWeighted: 0, vectorParams: 0 };
        const rho = tensor.changed === 0 && tensor.bitsDiffering === 0 ? 0 : tensor.relativeChange;
        if (rho !== null) {
            if (tensor.shape.length >= 2) {
                cell.weighted += rho * tensor.numel;
                cell.params += tensor.numel;
            }
            else {
                cell.vectorWeighted += rho * tensor.numel;
                cell.vectorParams += tensor.numel;
            }
        }
        cells.set(key, cell);
    }
    if (!report.tensors.some((tensor) => tensor.layer !== null))
        return [];
    // Rows follow the layer groups' order, and rows with no group go last in first-appearance
    // order (the sort is stable). A key listed twice keeps its first position.
    const layerOrder = new Map();
    for (const [position, group] of report.layers.entries()) {
        if (!layerOrder.has(group.key))
            layerOrder.set(group.key, position);
    }
    const rank = (row) => layerOrder.get(row) ?? Number.MAX_SAFE_INTEGER;
    rows.sort((x, y) => rank(x) - rank(y));
    const columns = COLUMNS.filter((column) => report.tensors.some((tensor) => tensor.module === column.kind));
    // A label is escaped and cut like any name, so it cannot break the block or widen it unbounded.
    const labels = new Map(rows.map((row) => [row, (0,visible_text/* visibleText */.Q6)(row, HEATMAP_LABEL_CHARS).text]));
    // A loop, not Math.max(...labels): one argument per row can exceed the engine's argument limit.
    let labelWidth = 5;
    for (const label of labels.values())
        labelWidth = Math.max(labelWidth, Array.from(label).length);
    const lines = [
        `${"layer".padStart(labelWidth)}  ${columns.map((column) => column.header.padEnd(5)).join(" ")}`.trimEnd(),
    ];
    for (const row of rows) {
        const shades = columns.map((column) => {
            const cell = cells.get(`${row}|${column.kind}`);
            let value = null;
            if (cell && cell.weighted > 0)
                value = cell.weighted / cell.params;
            else if (cell && cell.vectorWeighted > 0)
                value = cell.vectorWeighted / cell.vectorParams;
            else if (cell && cell.params + cell.vectorParams > 0)
                value = 0;
            return shadeOf(value).padEnd(5);
        });
        const label = labels.get(row) ?? row;
        const padding = " ".repeat(labelWidth - Array.from(label).length);
        lines.push(`${padding}${label}  ${shades.join(" ")}`.trimEnd());
    }
    return lines;
}
/** Returns the legend, with the range of relative change each shade stands for. */
function heatmapLegend() {
    const parts = HEATMAP_SHADES.map((shade, i) => {
        const low = HEATMAP_FLOOR * 10 ** (i / 2);
        return `${shade} ${i === 0 ? "<" : "≥"}${(i === 0 ? HEATMAP_FLOOR * 10 ** 0.5 : low).toPrecision(2)}`;
    });
    return `Relative change ||head - base|| / ||base||, half a decade per shade: ${parts.join(", ")}; · unchanged; blank: no such tensor.`;
}

;// CONCATENATED MODULE: ./src/report/sections.ts



function own(text) {
    return { text, literal: false };
}
function literal(text) {
    return { text, literal: true };
}
const left = (header) => ({ header, align: "left" });
const right = (header) => ({ header, align: "right" });
/** Returns the threshold in the form `abs(a - b) > 1e-06`. */
function thresholdExpression(report) {
    return `abs(a - b) > ${formatThreshold(report.summary.threshold)}`;
}
/** The rule for special values, in one sentence. */
const SPECIAL_VALUES_RULE = "Differences are computed in float64; -0 equals +0, equal infinities are equal, NaN against NaN counts as unchanged, and NaN against a number as changed.";
/** Shown for a figure that a structure-only diff does not measure. */
const NOT_COMPARED = "not compared (structure only)";
/** Returns the cheapest delta encoding as the summary shows it. */
function cheapestText(summary) {
    if (summary.deltaEncodings.length === 0)
        return NOT_COMPARED;
    return summary.cheapestEncoding ?? "none (every encoding is 0 bytes)";
}
function countWithPercent(count, total) {
    if (count === null)
        return NOT_COMPARED;
    return `${formatCount(count)} (${formatPercent(total === 0 ? null : count / total)})`;
}
function nonFiniteText(nonFinite) {
    if (nonFinite === null)
        return NOT_COMPARED;
    return (`NaN ${formatCount(nonFinite.nanBase)} in base, ${formatCount(nonFinite.nanHead)} in head; ` +
        `infinite ${formatCount(nonFinite.infBase)} in base, ${formatCount(nonFinite.infHead)} in head`);
}
/** Returns the summary figures, each with its label, in the order the reports show them. */
function summaryItems(report) {
    const summary = report.summary;
    const compared = summary.comparedParams;
    const encodings = summary.deltaEncodings.length === 0
        ? NOT_COMPARED
        : summary.deltaEncodings
            .map((encoding) => `${encoding.name} ${formatBytes(encoding.bytes)}`)
            .join("; ");
    const items = [
        {
            label: "Parameters compared",
            value: `${formatCount(compared)} in ${formatCountOf(summary.tensorsCompared, "tensor")}`,
        },
        { label: "Changed", value: countWithPercent(summary.changedParams, compared) },
        { label: "Unchanged", value: countWithPercent(summary.unchangedParams, compared) },
        {
            label: "Elements whose stored bits differ",
            value: countWithPercent(summary.bitsDifferingParams, compared),
        },
        {
            label: "Tensors",
            value: `${formatCount(summary.tensorsCompared)} compared, ${formatCount(summary.added)} added, ` +
                `${formatCount(summary.removed)} removed, ${formatCount(summary.reshaped)} reshaped, ` +
                `${formatCount(summary.renamed)} renamed, ${formatCount(summary.dtypeChanged)} recast`,
        },
        { label: "Model size (head tensor data)", value: formatBytes(summary.modelBytes) },
        { label: "Delta size, estimated", value: encodings },
        { label: "Cheapest delta encoding", value: cheapestText(summary) },
        {
            label: "Compression ratio (model size / cheapest delta)",
            value: formatRatio(summary.compressionRatio),
        },
        {
            label: "Relative change ||head - base|| / ||base|| of the weight matrices",
            value: formatFigure(summary.relativeChange),
        },
        {
            label: "Cosine similarity of base and head weight matrices",
            value: formatCosine(summary.cosine),
        },
        { label: "Non-finite values", value: nonFiniteText(summary.nonFinite) },
        { label: "Metadata keys changed", value: formatCount(report.metadataChanges.length) },
    ];
    if (report.mode === "structure") {
        items.unshift({ label: "Values", value: "not compared: structure-only diff of the headers" });
    }
    if (report.skipped !== null) {
        const skipped = report.skipped;
        items.push({
            label: "Not read, same SHA-256 on both sides",
            value: `${formatCountOf(skipped.files.length, "pair")} of files, ${formatCountOf(skipped.tensors, "tensor")}, ` +
                `${formatBytes(skipped.bytes)} on each side`,
        });
    }
    return items;
}
/** Returns the first 7 characters of a commit sha, followed by an ellipsis. */
function shortCommit(commit) {
    return `${commit.slice(0, 7)}…`;
}
/**
 * Returns one line per checkpoint: its reference, what that resolved to if different, its size.
 * A Hub checkpoint shows the revision with its commit, as `org/name@main (060db64…)`, and the
 * file read in the repository.
 */
function checkpointLines(report) {
    return ["base", "head"].map((side) => {
        const checkpoint = report[side];
        let resolved = [];
        if (checkpoint.hub !== null) {
            const hub = checkpoint.hub;
            resolved = [
                own(" at "),
                literal(`${hub.repo}@${hub.revision}`),
                own(` (${shortCommit(hub.commit)}), file `),
                literal(hub.file),
            ];
        }
        else if (checkpoint.resolved !== checkpoint.reference) {
            resolved = [own(" resolved to "), literal(checkpoint.resolved)];
        }
        return {
            label: side === "base" ? "Base" : "Head",
            cells: [
                literal(checkpoint.reference),
                ...resolved,
                own(`: ${formatCountOf(checkpoint.files, "file")}, ${formatCountOf(checkpoint.tensors, "tensor")}, ` +
                    `${formatCountOf(checkpoint.params, "parameter")}, ${formatBytes(checkpoint.tensorBytes)}`),
            ],
        };
    });
}
function groupTable(groups, keyHeader) {
    return {
        columns: [
            left(keyHeader),
            right("Tensors"),
            right("Params"),
            right("Changed"),
            right("% changed"),
            right("Relative change"),
            right("Cosine"),
        ],
        rows: groups.map((group) => [
            // Layer keys contain stack names taken from tensor names, so they are shown escaped and cut.
            own(plainText(group.key)),
            own(formatCount(group.tensors)),
            own(formatCount(group.params)),
            own(group.changed === null ? NOT_AVAILABLE : formatCount(group.changed)),
            own(formatPercent(group.changedFraction)),
            own(formatFigure(group.relativeChange)),
            own(formatCosine(group.cosine)),
        ]),
    };
}
/** Returns the per-layer table, in depth order, with the layer where the change is largest. */
function layerSection(report) {
    if (report.layers.length === 0) {
        return { title: "Layers", intro: NO_COMPARED_TENSORS, table: groupTable([], "Layer") };
    }
    const outside = report.layers.some((group) => group.key === OUTSIDE_LAYERS_KEY)
        ? `; "${OUTSIDE_LAYERS_KEY}" holds the tensors outside the repeated blocks`
        : "";
    let intro = `Layers in depth order${outside}. Relative change and cosine cover each layer's weight matrices, or its 1-D tensors when it has no matrix.`;
    let largest = null;
    for (const group of report.layers) {
        if (group.key === OUTSIDE_LAYERS_KEY || group.relativeChange === null)
            continue;
        if (largest === null || group.relativeChange > (largest.relativeChange ?? 0))
            largest = group;
    }
    if (largest !== null && (largest.relativeChange ?? 0) > 0) {
        intro += ` The relative change is largest in layer ${plainText(largest.key)} (${formatFigure(largest.relativeChange)}).`;
    }
    return { title: "Layers", intro, table: groupTable(report.layers, "Layer") };
}
function moduleSection(report) {
    const intro = report.modules.length === 0 ? NO_COMPARED_TENSORS : null;
    return { title: "Module kinds", intro, table: groupTable(report.modules, "Module kind") };
}
const NO_COMPARED_TENSORS = "No tensor is present on both sides with the same name and shape.";
function compareByFigureThenName(figure) {
    return (a, b) => {
        const difference = figure(b) - figure(a);
        if (difference !== 0)
            return difference;
        if (a.name === b.name)
            return 0;
        return a.name < b.name ? -1 : 1;
    };
}
/**
 * Returns the first `count` items of a stable sort of `items` by `compare`, the result of
 * [...items].sort(compare).slice(0, count), without sorting them all. Most items need one
 * comparison with the last item selected so far. `compare` must be a consistent order.
 */
function firstSorted(items, count, compare) {
    const selected = [];
    // As slice does: the count is truncated, and NaN counts as 0.
    const limit = Math.max(0, Math.trunc(count) || 0);
    if (limit === 0)
        return selected;
    for (const item of items) {
        if (selected.length === limit && !(compare(item, selected[limit - 1]) < 0))
            continue;
        // Insert after every selected item that does not sort after `item`, so ties keep their order.
        let low = 0;
        let high = selected.length;
        while (low < high) {
            const middle = (low + high) >>> 1;
            if (compare(item, selected[middle]) < 0)
                high = middle;
            else
                low = middle + 1;
        }
        selected.splice(low, 0, item);
        if (selected.length > limit)
            selected.pop();
    }
    return selected;
}
function tensorTable(tensors) {
    return {
        columns: [
            left("Tensor"),
            left("Shape"),
            right("Params"),
            right("Changed"),
            right("% changed"),
            right("Max |delta|"),
            right("Relative change"),
            right("Cosine"),
        ],
        rows: tensors.map((tensor) => [
            literal(tensor.name),
            own(formatShape(tensor.shape)),
            own(formatCount(tensor.numel)),
            own(tensor.changed === null ? NOT_AVAILABLE : formatCount(tensor.changed)),
            own(formatPercent(tensor.numel === 0 || tensor.changed === null ? null : tensor.changed / tensor.numel)),
            own(formatFigure(tensor.maxAbsDelta)),
            own(formatFigure(tensor.relativeChange)),
            own(formatCosine(tensor.cosine)),
        ]),
    };
}
/**
 * Returns the `top` tensors with the largest relative change, largest first, ties by name.
 * Tensors whose relative change is undefined or 0 are left out: they have nothing to rank.
 */
function topByRelativeChange(report, top) {
    const eligible = report.tensors.filter((tensor) => (tensor.relativeChange ?? 0) > 0);
    const compare = compareByFigureThenName((tensor) => tensor.relativeChange ?? 0);
    return {
        title: "Top tensors by relative change",
        intro: rankingIntro(report, eligible.length, top, "a relative change above 0"),
        table: tensorTable(firstSorted(eligible, top, compare)),
    };
}
/** Returns the `top` tensors with the largest max |delta|, largest first, ties by name. */
function topByMaxAbsDelta(report, top) {
    const eligible = report.tensors.filter((tensor) => (tensor.maxAbsDelta ?? 0) > 0);
    const compare = compareByFigureThenName((tensor) => tensor.maxAbsDelta ?? 0);
    return {
        title: "Top tensors by max |delta|",
        intro: rankingIntro(report, eligible.length, top, "a max |delta| above 0"),
        table: tensorTable(firstSorted(eligible, top, compare)),
    };
}
function rankingIntro(report, eligible, top, criterion) {
    // A structure-only diff reads no values, so "no tensor has a change" would read as a finding.
    if (report.mode === "structure")
        return "Values were not compared (structure only), so no tensor is ranked.";
    if (eligible === 0)
        return `No tensor has ${criterion}.`;
    const shown = Math.min(eligible, Math.max(0, top));
    return `${formatCount(shown)} of ${formatCount(eligible)} tensors with ${criterion}.`;
}
/** Returns the sections of tensors that are not compared value by value; empty ones are left out. */
function structureSections(report) {
    const sections = [
        {
            title: "Added tensors",
            intro: "In the head only.",
            table: { columns: [left("Tensor")], rows: report.added.map((name) => [literal(name)]) },
        },
        {
            title: "Removed tensors",
            intro: "In the base only.",
            table: { columns: [left("Tensor")], rows: report.removed.map((name) => [literal(name)]) },
        },
        {
            title: "Reshaped tensors",
            intro: "Same name, different shape: not compared value by value.",
            table: {
                columns: [left("Tensor"), left("Base shape"), left("Head shape")],
                rows: report.reshaped.map((tensor) => [
                    literal(tensor.name),
                    own(formatShape(tensor.baseShape)),
                    own(formatShape(tensor.headShape)),
                ]),
            },
        },
        {
            title: "Renamed tensors",
            intro: "Same bytes under a new name.",
            table: {
                columns: [left("Base name"), left("Head name")],
                rows: report.renamed.map((tensor) => [literal(tensor.baseName), literal(tensor.headName)]),
            },
        },
        {
            title: "Recast tensors",
            intro: "Same name and shape, different dtype: compared by decoded value.",
            table: {
                columns: [left("Tensor"), left("Base dtype"), left("Head dtype")],
                rows: report.dtypeChanged.map((tensor) => [
                    literal(tensor.name),
                    own(tensor.baseDtype),
                    own(tensor.headDtype),
                ]),
            },
        },
    ];
    return sections.filter((section) => section.table.rows.length > 0);
}
/** Text shown for a metadata value that one side does not have. */
const sections_ABSENT = "(absent)";
function metadataSection(report) {
    if (report.metadataChanges.length === 0)
        return null;
    return {
        title: "Metadata changes",
        intro: "Keys of the safetensors header metadata whose values differ.",
        table: {
            columns: [left("Key"), left("Base"), left("Head")],
            rows: report.metadataChanges.map((change) => [
                literal(change.key),
                change.base === null ? own(sections_ABSENT) : literal(change.base),
                change.head === null ? own(sections_ABSENT) : literal(change.head),
            ]),
        },
    };
}
/** Title of the structural notes, a part of the interpretation. */
const STRUCTURAL_NOTES_TITLE = "Structural notes";
/** Title of the layer-by-module heatmap (see heatmap.ts). */
const HEATMAP_TITLE = "Where the change sits";
/** Rows of the config changes table shown before the rest are counted. */
const MAX_CONFIG_ROWS = 40;
/** Appended to a config key that describes the architecture. */
const ARCHITECTURE_MARK = " (architecture)";
/** Shown for a config value that one side does not have. */
const CONFIG_VALUE_ABSENT = "absent";
/** Returns the config and tokenizer changes to show, or null when there are none. */
function configChangesSection(report) {
    const changes = report.configChanges;
    if (changes.length === 0)
        return null;
    return {
        title: "Config and tokenizer changes",
        rows: changes.slice(0, MAX_CONFIG_ROWS),
        omittedText: changes.length > MAX_CONFIG_ROWS
            ? `${changes.length - MAX_CONFIG_ROWS} more changes are in the JSON report.`
            : null,
    };
}
/** Returns the confidence level and score, as in "confidence medium (score 0.6200)". */
function confidenceText(report) {
    const classification = report.classification;
    const score = `score ${formatFigure(classification.score)}`;
    if (classification.cappedBy === null)
        return `confidence ${classification.confidence} (${score})`;
    return `confidence ${classification.confidence} (${score}, capped at ${classification.confidence} because ${classification.cappedBy})`;
}

;// CONCATENATED MODULE: ./src/report/classification-sections.ts
/**
 * Markdown sections that explain the classification beyond its evidence lines: structural notes,
 * the layer-by-module heatmap of relative change, and the changes in config and tokenizer files.
 */



function configValueCell(value) {
    return value === null ? CONFIG_VALUE_ABSENT : markdownCodeCell(value);
}
/** Renders the structural notes, the heatmap and the config changes as Markdown lines. */
function renderClassificationSections(report) {
    const lines = [];
    const notes = report.classification.structuralNotes;
    if (notes.length > 0) {
        lines.push(`### ${STRUCTURAL_NOTES_TITLE}`, "");
        for (const note of notes)
            lines.push(`- \`${note.kind}\`: ${markdownInline(note.text)}`);
        lines.push("");
    }
    const heatmap = heatmapLines(report);
    if (heatmap.length > 0) {
        lines.push(`## ${HEATMAP_TITLE}`, "", markdownInline(heatmapLegend()), "", markdownCodeBlock(heatmap), "");
    }
    const config = configChangesSection(report);
    if (config !== null) {
        lines.push(`## ${config.title}`, "", "| File | Key | Base | Head |", "|---|---|---|---|");
        for (const change of config.rows) {
            const mark = change.architectural ? ARCHITECTURE_MARK : "";
            lines.push(`| ${markdownCodeCell(change.file)} | ${markdownCodeCell(change.key)}${mark} | ${configValueCell(change.base)} | ${configValueCell(change.head)} |`);
        }
        if (config.omittedText !== null)
            lines.push("", config.omittedText);
        lines.push("");
    }
    return lines;
}

;// CONCATENATED MODULE: ./src/report/markdown.ts




/** Tables longer than this fold into a `<details>` block, so the comment stays short to scroll. */
const FOLD_ROWS = 15;
const FULL_LAYOUT = { maxTableRows: null, omit: new Set(), notice: null };
/** Title of the notes section, which a shortened report may leave out like a table. */
const NOTES_TITLE = "Notes";
/** Escapes text for raw HTML, where Markdown escapes would show as backslashes. */
function htmlText(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function renderCell(cell) {
    return cell.literal ? markdownCodeCell(cell.text) : markdownInline(cell.text);
}
function renderTable(table) {
    const header = `| ${table.columns.map((column) => markdownInline(column.header)).join(" | ")} |`;
    const rule = `|${table.columns.map((column) => (column.align === "right" ? "---:" : "---")).join("|")}|`;
    const rows = table.rows.map((row) => `| ${row.map(renderCell).join(" | ")} |`);
    return [header, rule, ...rows];
}
function renderSection(section, layout) {
    if (layout.omit.has(section.title))
        return [];
    const lines = [`## ${markdownInline(section.title)}`, ""];
    if (section.intro !== null)
        lines.push(markdownInline(section.intro), "");
    const rowCount = section.table.rows.length;
    if (rowCount === 0)
        return lines;
    const shownRows = layout.maxTableRows === null ? rowCount : Math.min(rowCount, Math.max(0, layout.maxTableRows));
    const table = renderTable({ ...section.table, rows: section.table.rows.slice(0, shownRows) });
    if (shownRows > FOLD_ROWS) {
        const summary = htmlText(`${section.title} (${shownRows} rows)`);
        lines.push("<details>", `<summary>${summary}</summary>`, "", ...table, "", "</details>", "");
    }
    else {
        lines.push(...table, "");
    }
    if (shownRows < rowCount) {
        lines.push(markdownInline(`${formatCount(shownRows)} of ${formatCount(rowCount)} rows shown; the full report has them all.`), "");
    }
    return lines;
}
function renderGates(gates) {
    if (gates.length === 0)
        return [];
    const lines = ["## Merge gates", ""];
    for (const gate of gates) {
        const outcome = gate.tripped ? "**Failed**" : "Passed";
        lines.push(`- ${outcome}: \`${gate.gate}\`. ${markdownInline(gate.reason)}`);
    }
    lines.push("");
    return lines;
}
/** Returns the table sections of the report in the order they are rendered. */
function tableSections(report, top) {
    const sections = [
        layerSection(report),
        moduleSection(report),
        topByRelativeChange(report, top),
        topByMaxAbsDelta(report, top),
        ...structureSections(report),
    ];
    const metadata = metadataSection(report);
    if (metadata !== null)
        sections.push(metadata);
    return sections;
}
/**
 * Returns the titles of the sections a shortened report may leave out, in report order: every
 * table section, and the notes when there are any. The title, checkpoint lines, merge gates,
 * summary and interpretation are always kept.
 */
function optionalSectionTitles(report, top) {
    const titles = tableSections(report, top).map((section) => section.title);
    if (report.notes.length > 0)
        titles.push(NOTES_TITLE);
    return titles;
}
function renderInterpretation(report) {
    const classification = report.classification;
    const lines = [
        "## Interpretation",
        "",
        `> **${markdownInline(classification.headline)}**`,
        ">",
        `> Label: ${markdownCode(classification.label)}, ${markdownInline(confidenceText(report))}`,
        "",
    ];
    if (classification.facts.length > 0) {
        lines.push("### Facts", "", ...classification.facts.map((fact) => `- ${markdownInline(fact)}`), "");
    }
    if (classification.evidence.length > 0) {
        lines.push("### Why we think this", "", ...classification.evidence.map((item) => `- ${markdownInline(item)}`), "");
    }
    return lines;
}
/**
 * Renders the report as GitHub-flavoured Markdown for a pull-request comment or a job summary.
 * Every string read from a checkpoint is shown as a code span, so it cannot change the layout.
 */
function renderMarkdown(report, options) {
    const layout = options.layout ?? FULL_LAYOUT;
    const lines = [
        `# Model diff: ${markdownCode(report.base.reference)} vs ${markdownCode(report.head.reference)}`,
        "",
    ];
    if (layout.notice !== null)
        lines.push(layout.notice, "");
    // A structure-only run compares no values, so the rule for comparing them does not apply.
    if (report.mode !== "structure") {
        lines.push(`Threshold: \`${thresholdExpression(report)}\`. ${markdownInline(SPECIAL_VALUES_RULE)}`, "");
    }
    for (const checkpoint of checkpointLines(report)) {
        const text = checkpoint.cells
            .map((cell) => (cell.literal ? markdownCode(cell.text) : markdownInline(cell.text)))
            .join("");
        lines.push(`- ${checkpoint.label}: ${text}`);
    }
    lines.push("");
    lines.push(...renderGates(options.gates ?? []));
    lines.push("## Summary", "");
    for (const item of summaryItems(report)) {
        lines.push(`- ${markdownInline(item.label)}: **${markdownInline(item.value)}**`);
    }
    lines.push("");
    lines.push(...renderInterpretation(report));
    lines.push(...renderClassificationSections(report));
    for (const section of tableSections(report, options.top)) {
        lines.push(...renderSection(section, layout));
    }
    if (report.notes.length > 0 && !layout.omit.has(NOTES_TITLE)) {
        lines.push(`## ${NOTES_TITLE}`, "", ...report.notes.map((note) => `- ${markdownInline(note)}`), "");
    }
    lines.push(`<sub>${markdownInline(`model-diff ${report.tool.version}, report schema ${report.schemaVersion}`)}</sub>`);
    return `${lines.join("\n")}\n`;
}

;// CONCATENATED MODULE: ./src/report/text.ts




/** Spaces between table columns. */
const COLUMN_GAP = "  ";
function cellText(cell) {
    return cell.literal ? plainText(cell.text) : cell.text;
}
/** Width in code points; wide CJK characters still count as one, so such rows may not align. */
function widthOf(text) {
    return Array.from(text).length;
}
function pad(text, width, align) {
    const fill = " ".repeat(Math.max(0, width - widthOf(text)));
    return align === "right" ? fill + text : text + fill;
}
function text_renderTable(table) {
    const cells = table.rows.map((row) => row.map(cellText));
    const widths = table.columns.map((column, i) => Math.max(widthOf(column.header), ...cells.map((row) => widthOf(row[i] ?? ""))));
    const line = (values) => table.columns
        .map((column, i) => pad(values[i] ?? "", widths[i] ?? 0, column.align))
        .join(COLUMN_GAP)
        .trimEnd();
    const header = line(table.columns.map((column) => column.header));
    const rule = widths.map((width) => "-".repeat(width)).join(COLUMN_GAP);
    return [header, rule, ...cells.map(line)];
}
function heading(title, underline) {
    return [title, underline.repeat(widthOf(title))];
}
function text_renderSection(section) {
    const lines = [...heading(section.title, "-"), ""];
    if (section.intro !== null)
        lines.push(section.intro, "");
    if (section.table.rows.length > 0)
        lines.push(...text_renderTable(section.table), "");
    return lines;
}
function text_renderInterpretation(report) {
    const classification = report.classification;
    const lines = [
        ...heading("Interpretation", "-"),
        "",
        plainProse(classification.headline),
        `Label: ${plainText(classification.label)}, ${confidenceText(report)}`,
        "",
    ];
    if (classification.facts.length > 0) {
        lines.push("Facts:", ...classification.facts.map((fact) => `  * ${plainProse(fact)}`), "");
    }
    if (classification.evidence.length > 0) {
        lines.push("Why we think this:", ...classification.evidence.map((item) => `  * ${plainProse(item)}`), "");
    }
    return lines;
}
/**
 * Renders the structural notes, the heatmap and the config changes, each only when the report has
 * it, in the order of the Markdown report.
 */
function text_renderClassificationSections(report) {
    const lines = [];
    const notes = report.classification.structuralNotes;
    if (notes.length > 0) {
        lines.push(`${STRUCTURAL_NOTES_TITLE}:`, ...notes.map((note) => `  * ${note.kind}: ${plainProse(note.text)}`), "");
    }
    const heatmap = heatmapLines(report);
    if (heatmap.length > 0) {
        lines.push(...heading(HEATMAP_TITLE, "-"), "", plainProse(heatmapLegend()), "");
        lines.push(...heatmap, "");
    }
    const config = configChangesSection(report);
    if (config !== null) {
        const value = (text) => text === null ? { text: CONFIG_VALUE_ABSENT, literal: false } : { text, literal: true };
        const table = {
            columns: ["File", "Key", "Base", "Head"].map((header) => ({ header, align: "left" })),
            rows: config.rows.map((change) => [
                { text: change.file, literal: true },
                // The key is escaped here, because its cell also carries the mark that model-diff writes.
                {
                    text: plainText(change.key) + (change.architectural ? ARCHITECTURE_MARK : ""),
                    literal: false,
                },
                value(change.base),
                value(change.head),
            ]),
        };
        lines.push(...heading(config.title, "-"), "", ...text_renderTable(table), "");
        if (config.omittedText !== null)
            lines.push(config.omittedText, "");
    }
    return lines;
}
/** Renders the report for a terminal: the Markdown report's content with aligned columns. */
function renderText(report, options) {
    const lines = [
        ...heading(`Model diff: ${plainText(report.base.reference)} vs ${plainText(report.head.reference)}`, "="),
        "",
    ];
    // A structure-only run compares no values, so the rule for comparing them does not apply.
    if (report.mode !== "structure") {
        lines.push(`Threshold: ${thresholdExpression(report)}. ${SPECIAL_VALUES_RULE}`, "");
    }
    for (const checkpoint of checkpointLines(report)) {
        lines.push(`${checkpoint.label}: ${checkpoint.cells.map(cellText).join("")}`);
    }
    lines.push("", ...heading("Summary", "-"), "");
    const items = summaryItems(report);
    const labelWidth = Math.max(...items.map((item) => widthOf(item.label)));
    for (const item of items)
        lines.push(`${pad(`${item.label}:`, labelWidth + 1, "left")} ${item.value}`);
    lines.push("");
    lines.push(...text_renderInterpretation(report));
    lines.push(...text_renderClassificationSections(report));
    lines.push(...text_renderSection(layerSection(report)));
    lines.push(...text_renderSection(moduleSection(report)));
    lines.push(...text_renderSection(topByRelativeChange(report, options.top)));
    lines.push(...text_renderSection(topByMaxAbsDelta(report, options.top)));
    for (const section of structureSections(report))
        lines.push(...text_renderSection(section));
    const metadata = metadataSection(report);
    if (metadata !== null)
        lines.push(...text_renderSection(metadata));
    if (report.notes.length > 0) {
        lines.push(...heading("Notes", "-"), "", ...report.notes.map((note) => `  * ${plainProse(note)}`), "");
    }
    lines.push(`model-diff ${report.tool.version}, report schema ${report.schemaVersion}`);
    // A last pass over every line, so no text from a checkpoint reaches a terminal as a control
    // sequence, whichever part of the report it went through.
    return `${lines.map(visible_text/* escapeInvisible */.ts).join("\n")}\n`;
}

// EXTERNAL MODULE: ./src/cli/args.ts + 1 modules
var args = __nccwpck_require__(890);
;// CONCATENATED MODULE: ./src/io/atomic-file.ts




/**
 * Characters from which the chunks joined so far are written as one. A JSON report of 10,000
 * tensors comes as 10,000 chunks of about 700 characters, and each write of a stream has a cost
 * of its own. Writing them one by one took about 45 ms of the main thread in a CPU profile of the
 * CLI (2-vCPU VM, Node 20).
 */
const WRITE_BATCH_CHARS = 64 * 1024;
/** Yields the chunks joined into pieces of at least WRITE_BATCH_CHARS, except the last. */
function* batchChunks(chunks) {
    let pending = "";
    for (const chunk of chunks) {
        pending += chunk;
        if (pending.length >= WRITE_BATCH_CHARS) {
            yield pending;
            pending = "";
        }
    }
    if (pending !== "")
        yield pending;
}
/**
 * Writes chunks to a stream, joined into batches of WRITE_BATCH_CHARS, waiting for it to drain
 * when its buffer is full. Resolves "closed" when the stream failed with EPIPE, which is how
 * standard output reports that its reader left.
 */
async function writeChunks(stream, chunks) {
    let failure;
    const onError = (error) => {
        failure = error;
    };
    stream.on("error", onError);
    try {
        for (const chunk of batchChunks(chunks)) {
            if (failure)
                break;
            if (!stream.write(chunk)) {
                await new Promise((resolve) => {
                    const done = () => {
                        stream.off("drain", done);
                        stream.off("error", done);
                        resolve();
                    };
                    stream.on("drain", done);
                    stream.on("error", done);
                });
            }
        }
    }
    finally {
        stream.off("error", onError);
    }
    if (failure && failure.code === "EPIPE")
        return "closed";
    if (failure)
        throw failure;
    return "written";
}
/**
 * Bytes a report file stream buffers before write() returns false and writeChunks waits for
 * "drain". With the default of 16 KiB, every batch of WRITE_BATCH_CHARS waited for its own write
 * to the file to end. Writing the 7 MB JSON report of 10,000 tensors, the main thread then idled
 * about 60 ms in a CPU profile (2-vCPU VM, Node 20). With room for several batches, the next
 * batches are rendered while one is written.
 */
const FILE_WRITE_BUFFER_BYTES = 1024 * 1024;
/**
 * Writes `file` through a temporary file beside it (`.NAME.PID.partial`), renamed at the end, so
 * the file is either absent, as it was, or whole. The temporary file is deleted when the write
 * fails, and by the signal handler when the run is cancelled. Errors are the file system's.
 */
async function writeFileAtomically(file, chunks) {
    const temporary = external_node_path_default().join(external_node_path_default().dirname(external_node_path_default().resolve(file)), `.${external_node_path_default().basename(file)}.${process.pid}.partial`);
    const stream = (0,external_node_fs_namespaceObject.createWriteStream)(temporary, {
        flags: "wx",
        highWaterMark: FILE_WRITE_BUFFER_BYTES,
    });
    const forget = trackTemporaryFile(temporary);
    try {
        await new Promise((resolve, reject) => {
            stream.once("open", () => resolve());
            stream.once("error", reject);
        });
        await writeChunks(stream, chunks);
        await new Promise((resolve, reject) => {
            stream.once("error", reject);
            stream.end(() => resolve());
        });
        await (0,promises_.rename)(temporary, file);
    }
    catch (error) {
        stream.destroy();
        await (0,promises_.rm)(temporary, { force: true });
        throw error;
    }
    finally {
        forget();
    }
}

;// CONCATENATED MODULE: ./src/cli/output.ts






const WRITE_ERROR_WORDS = {
    ENOENT: "its folder does not exist",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EISDIR: "it is a folder",
    ENOTDIR: "a part of the path is not a folder",
    ENOSPC: "no space left on the device",
    EROFS: "the file system is read-only",
    EEXIST: "a temporary file of the same name exists",
};
/** Returns plain words for a write error, with its code. */
function describeWriteError(error) {
    const code = error.code;
    if (code === undefined)
        return String(error);
    const words = WRITE_ERROR_WORDS[code];
    return words === undefined ? code : `${words} (${code})`;
}
/** Returns the path with symbolic links resolved; a missing file resolves through its folder. */
async function canonicalPath(file) {
    const absolute = external_node_path_default().resolve(file);
    try {
        return await (0,promises_.realpath)(absolute);
    }
    catch {
        try {
            return external_node_path_default().join(await (0,promises_.realpath)(external_node_path_default().dirname(absolute)), external_node_path_default().basename(absolute));
        }
        catch {
            return absolute;
        }
    }
}
/** Throws a UsageError when `output` is one of the input files, so a report never replaces weights. */
async function assertOutputIsNotInput(output, inputs) {
    const target = await canonicalPath(output);
    for (const input of inputs) {
        if ((await canonicalPath(input)) === target) {
            throw new src_errors/* UsageError */.eb(`--output: ${(0,visible_text/* quoteForMessage */.Hx)(output)} is the input file ${(0,visible_text/* quoteForMessage */.Hx)(input)}; writing the report there would replace it. Choose another output path.`);
        }
    }
}
function isBrokenPipe(error) {
    return error?.code === "EPIPE";
}
/** Writes the report to standard output. */
async function writeToStdout(chunks) {
    // Later EPIPE errors, after this function returns, are ignored too.
    process.stdout.on("error", (error) => {
        if (!isBrokenPipe(error))
            throw error;
    });
    return writeChunks(process.stdout, chunks);
}
function cannotWrite(file, error) {
    return new src_errors/* UsageError */.eb(`--output: cannot write ${(0,visible_text/* quoteForMessage */.Hx)(file)}: ${describeWriteError(error)}. Check that its folder exists and is writable, and that the path is not a folder.`);
}
/** Returns an error with a Node.js error code, as a failed file system call would throw it. */
function codedError(code) {
    return Object.assign(new Error(code), { code });
}
/**
 * Throws the UsageError of writeToFile when `file` clearly cannot be written: its folder is
 * missing, is not a folder or is not writable, or `file` is a folder. The CLI checks this before
 * the diff, so a mistyped path fails before a long download. It creates nothing, so the write at
 * the end can still fail, for example when the disk is full.
 */
async function assertOutputWritable(file) {
    try {
        const existing = await (0,promises_.stat)(file).catch((error) => {
            if (error.code === "ENOENT")
                return undefined;
            throw error;
        });
        if (existing?.isDirectory())
            throw codedError("EISDIR");
        const folder = external_node_path_default().dirname(external_node_path_default().resolve(file));
        if (!(await (0,promises_.stat)(folder)).isDirectory())
            throw codedError("ENOTDIR");
        await (0,promises_.access)(folder, external_node_fs_namespaceObject.constants.W_OK);
    }
    catch (error) {
        throw cannotWrite(file, error);
    }
}
/**
 * Writes the report to `file` through a temporary file in the same folder, renamed at the end,
 * so a failed or cancelled run never leaves a partial report under the requested name.
 */
async function writeToFile(file, chunks) {
    try {
        await writeFileAtomically(file, chunks);
    }
    catch (error) {
        throw cannotWrite(file, error);
    }
}

;// CONCATENATED MODULE: ./src/cli/progress.ts
/** Minimum time between two redraws of the progress line. */
const REDRAW_INTERVAL_MS = 200;
/** Runs shorter than this show no progress line at all. */
const SHOW_AFTER_MS = 1000;
/**
 * A single progress line on a terminal: bytes done, total, throughput and time left. Draws
 * nothing when the stream is not a terminal, so piped output stays clean.
 */
class ProgressLine {
    stream;
    started = Date.now();
    lastDraw = 0;
    drawn = false;
    constructor(stream) {
        this.stream = stream;
    }
    update(doneBytes, totalBytes) {
        if (!this.stream.isTTY)
            return;
        const now = Date.now();
        const elapsed = now - this.started;
        if (elapsed < SHOW_AFTER_MS || now - this.lastDraw < REDRAW_INTERVAL_MS)
            return;
        this.lastDraw = now;
        const rate = doneBytes / (elapsed / 1000);
        const left = rate > 0 ? (totalBytes - doneBytes) / rate : Number.NaN;
        const percent = totalBytes > 0 ? (100 * doneBytes) / totalBytes : 100;
        const line = `diff ${percent.toFixed(1)}%  ${progress_formatBytes(doneBytes)} of ${progress_formatBytes(totalBytes)}  ${progress_formatBytes(rate)}/s  ${Number.isFinite(left) ? `${Math.ceil(left)} s left` : ""}`;
        this.stream.write(`\r${line.padEnd(78)}`);
        this.drawn = true;
    }
    /** Clears the line so the next output starts on a clean row. */
    finish() {
        if (this.drawn)
            this.stream.write(`\r${" ".repeat(78)}\r`);
        this.drawn = false;
    }
}
function progress_formatBytes(bytes) {
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

;// CONCATENATED MODULE: ./src/cli/main.ts











/** Characters of an error message printed before it is cut. */
const MAX_MESSAGE_CHARS = 4000;
/** Returns the report as chunks: JSON in pieces, so no single string grows with the tensor count. */
function render(report, options) {
    switch (options.format) {
        case "json":
            return renderJsonChunks(report);
        case "text":
            return [withFinalNewline(renderText(report, { top: options.top }))];
        case "markdown":
            return [withFinalNewline(renderMarkdown(report, { top: options.top }))];
    }
}
function withFinalNewline(text) {
    return text.endsWith("\n") ? text : `${text}\n`;
}
/**
 * Makes a message safe for a terminal: control characters other than newline and tab are shown
 * as escapes, and a very long message is cut. Messages quote file content through
 * quoteForMessage already; this is the last guard for anything that slipped through.
 */
function terminalSafe(message) {
    const escaped = message.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the purpose.
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
    const cut = (0,visible_text/* cutToCodePoints */.eE)(escaped, MAX_MESSAGE_CHARS);
    if (cut.truncatedFrom === null)
        return escaped;
    return `${cut.text}… (cut from ${cut.truncatedFrom} characters)`;
}
function stderrLog(progress, verbose) {
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
            if (verbose)
                process.stderr.write(`debug: ${terminalSafe(message)}\n`);
        },
        progress: (done, total) => progress.update(done, total),
        phase: (_name, work) => work(),
    };
}
/**
 * Runs the CLI with `argv` (no node or script path) and returns the exit code. An aborted
 * `signal` stops the run, which then writes no report.
 */
async function main(argv, signal) {
    const progress = new ProgressLine(process.stderr);
    try {
        const command = (0,args/* parseCliArgs */.h)(argv, process.stdout.isTTY === true);
        if (command.kind === "help") {
            process.stdout.write(`${args/* USAGE */.u}\n`);
            return 0;
        }
        if (command.kind === "version") {
            process.stdout.write(`model-diff ${VERSION}\n`);
            return 0;
        }
        const options = command.options;
        const log = stderrLog(progress, process.env.MODEL_DIFF_DEBUG === "1");
        const output = options.output;
        if (output !== null)
            await assertOutputWritable(output);
        const report = await compareCheckpoints(options, log, {
            inputsResolved: (paths) => output === null ? undefined : assertOutputIsNotInput(output, paths),
            signal,
        });
        progress.finish();
        throwIfCancelled(signal);
        const chunks = render(report, options);
        if (output === null) {
            await writeToStdout(chunks);
        }
        else {
            await writeToFile(output, chunks);
            process.stderr.write(`Report written to ${terminalSafe(output)}\n`);
        }
        return 0;
    }
    catch (error) {
        progress.finish();
        if (error instanceof CancelledError) {
            process.stderr.write(`model-diff: ${error.message}\n`);
            return CANCEL_EXIT_CODES[error.signal];
        }
        if (error instanceof src_errors/* ModelDiffError */.fV) {
            process.stderr.write(`model-diff: ${terminalSafe(error.message)}\n`);
            return src_errors/* EXIT_USAGE_OR_INPUT */.mi;
        }
        const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
        process.stderr.write(`model-diff: internal error, please report it with the command you ran.\n${terminalSafe(detail)}\n`);
        return src_errors/* EXIT_INTERNAL */.vE;
    }
}


/***/ }),

/***/ 42:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Dk: () => (/* binding */ writeDemoPair)
});

// UNUSED EXPORTS: DEMO_RELATIVE_CHANGE, DEMO_SHAPE, demoTensorSpecs, generateDemoPair

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(916);
;// CONCATENATED MODULE: ./src/format/writer.ts
/**
 * Serializes tensors to the safetensors layout: an 8-byte little-endian header length, the JSON
 * header padded with spaces to a multiple of 8, then the tensors' bytes in the given order.
 */
function encodeSafetensors(tensors, metadata) {
    // A null-prototype object keeps a tensor named "__proto__" as an ordinary key.
    const header = Object.create(null);
    if (metadata)
        header.__metadata__ = metadata;
    let offset = 0;
    for (const tensor of tensors) {
        header[tensor.name] = {
            dtype: tensor.dtype,
            shape: tensor.shape,
            data_offsets: [offset, offset + tensor.data.byteLength],
        };
        offset += tensor.data.byteLength;
    }
    let json = Buffer.from(JSON.stringify(header), "utf8");
    const padding = (8 - (json.byteLength % 8)) % 8;
    if (padding > 0)
        json = Buffer.concat([json, Buffer.alloc(padding, 0x20)]);
    const out = new Uint8Array(8 + json.byteLength + offset);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
    out.set(json, 8);
    let position = 8 + json.byteLength;
    for (const tensor of tensors) {
        out.set(tensor.data, position);
        position += tensor.data.byteLength;
    }
    return out;
}

// EXTERNAL MODULE: ./src/visible-text.ts
var visible_text = __nccwpck_require__(325);
;// CONCATENATED MODULE: ./src/demo/bfloat16.ts
const scratch = new DataView(new ArrayBuffer(4));
/** Rounds a number to bfloat16 bits with round-to-nearest-even, as PyTorch's conversion does. */
function toBfloat16Bits(value) {
    scratch.setFloat32(0, value, true);
    const bits = scratch.getUint32(0, true);
    if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x007fffff) !== 0)
        return 0x7fc0;
    const roundingBias = 0x7fff + ((bits >>> 16) & 1);
    return ((bits + roundingBias) >>> 16) & 0xffff;
}
/** Returns the number a bfloat16 bit pattern stands for. */
function fromBfloat16Bits(bits) {
    scratch.setUint32(0, (bits & 0xffff) << 16, true);
    return scratch.getFloat32(0, true);
}

;// CONCATENATED MODULE: ./src/demo/random.ts
/**
 * A seeded pseudo-random generator (mulberry32, enough for test data) with Gaussian samples by
 * the Box-Muller transform. The same seed gives the same sequence on every platform, so generated
 * checkpoints are reproducible.
 */
class SeededRandom {
    state;
    spare = null;
    constructor(seed) {
        this.state = seed >>> 0;
    }
    /** Uniform in [0, 1). */
    next() {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    /** Standard normal sample. */
    gaussian() {
        if (this.spare !== null) {
            const value = this.spare;
            this.spare = null;
            return value;
        }
        let u = 0;
        while (u === 0)
            u = this.next();
        const v = this.next();
        const radius = Math.sqrt(-2 * Math.log(u));
        this.spare = radius * Math.sin(2 * Math.PI * v);
        return radius * Math.cos(2 * Math.PI * v);
    }
}

;// CONCATENATED MODULE: ./src/demo/generate.ts







const DEMO_SHAPE = {
    vocab: 8192,
    hidden: 256,
    intermediate: 704,
    layers: 6,
    heads: 4,
    kvHeads: 2,
};
/** Relative size of the head's dense update, ||head - base|| / ||base||, as in a typical SFT. */
const DEMO_RELATIVE_CHANGE = 0.07;
/** Standard deviation of the base's weight matrices, typical of trained transformer weights. */
const WEIGHT_STD = 0.02;
/** Lists the tensors of a Qwen2-style model with tied embeddings (no lm_head, as Qwen2.5-0.5B). */
function demoTensorSpecs(shape) {
    const headDim = shape.hidden / shape.heads;
    const kvWidth = headDim * shape.kvHeads;
    const specs = [
        { name: "model.embed_tokens.weight", shape: [shape.vocab, shape.hidden], init: "matrix" },
    ];
    for (let layer = 0; layer < shape.layers; layer++) {
        const prefix = `model.layers.${layer}`;
        specs.push({ name: `${prefix}.input_layernorm.weight`, shape: [shape.hidden], init: "norm" }, {
            name: `${prefix}.mlp.down_proj.weight`,
            shape: [shape.hidden, shape.intermediate],
            init: "matrix",
        }, {
            name: `${prefix}.mlp.gate_proj.weight`,
            shape: [shape.intermediate, shape.hidden],
            init: "matrix",
        }, {
            name: `${prefix}.mlp.up_proj.weight`,
            shape: [shape.intermediate, shape.hidden],
            init: "matrix",
        }, { name: `${prefix}.post_attention_layernorm.weight`, shape: [shape.hidden], init: "norm" }, { name: `${prefix}.self_attn.k_proj.bias`, shape: [kvWidth], init: "bias" }, { name: `${prefix}.self_attn.k_proj.weight`, shape: [kvWidth, shape.hidden], init: "matrix" }, {
            name: `${prefix}.self_attn.o_proj.weight`,
            shape: [shape.hidden, shape.hidden],
            init: "matrix",
        }, { name: `${prefix}.self_attn.q_proj.bias`, shape: [shape.hidden], init: "bias" }, {
            name: `${prefix}.self_attn.q_proj.weight`,
            shape: [shape.hidden, shape.hidden],
            init: "matrix",
        }, { name: `${prefix}.self_attn.v_proj.bias`, shape: [kvWidth], init: "bias" }, { name: `${prefix}.self_attn.v_proj.weight`, shape: [kvWidth, shape.hidden], init: "matrix" });
    }
    specs.push({ name: "model.norm.weight", shape: [shape.hidden], init: "norm" });
    return specs;
}
function baseValue(init, random) {
    switch (init) {
        case "matrix":
            return WEIGHT_STD * random.gaussian();
        case "norm":
            return 1 + 0.05 * random.gaussian();
        case "bias":
            return 0.01 * random.gaussian();
    }
}
function toBfloat16Bytes(values) {
    const bytes = new Uint8Array(values.length * 2);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++)
        view.setUint16(2 * i, toBfloat16Bits(values[i]), true);
    return bytes;
}
/**
 * Builds a base and a head made from it by a dense fine-tune: every element moves by Gaussian
 * noise scaled so that each tensor's relative change is about `relativeChange`, then both are
 * rounded to bfloat16. The same seed gives byte-identical files.
 */
function generateDemoPair(shape = DEMO_SHAPE, seed = 20241204, relativeChange = DEMO_RELATIVE_CHANGE) {
    const random = new SeededRandom(seed);
    const base = [];
    const head = [];
    for (const spec of demoTensorSpecs(shape)) {
        const count = spec.shape.reduce((product, size) => product * size, 1);
        const a = new Float64Array(count);
        for (let i = 0; i < count; i++)
            a[i] = baseValue(spec.init, random);
        const rms = Math.sqrt(a.reduce((sum, value) => sum + value * value, 0) / count);
        // Norm weights move far less than matrices in post-training.
        const scale = (spec.init === "norm" ? relativeChange / 10 : relativeChange) * rms;
        const b = new Float64Array(count);
        for (let i = 0; i < count; i++)
            b[i] = a[i] + scale * random.gaussian();
        base.push({ name: spec.name, dtype: "BF16", shape: spec.shape, data: toBfloat16Bytes(a) });
        head.push({ name: spec.name, dtype: "BF16", shape: spec.shape, data: toBfloat16Bytes(b) });
    }
    return { base, head };
}
/** Creates `folder` if it is missing; its parent must exist. */
async function ensureFolder(folder) {
    try {
        await (0,promises_.mkdir)(folder);
    }
    catch (error) {
        const code = error.code;
        if (code === "EEXIST" && (await (0,promises_.stat)(folder)).isDirectory())
            return;
        const reason = code === "EEXIST" ? "a file of that name exists" : (code ?? String(error));
        throw new errors/* InputError */.dz(`cannot create the demo folder ${(0,visible_text/* quoteForMessage */.Hx)(folder)} (${reason}). Pass a folder path whose parent folder exists.`);
    }
}
/** Writes the demo pair as `<dir>/base/model.safetensors` and `<dir>/head/model.safetensors`. */
async function writeDemoPair(dir) {
    const pair = generateDemoPair();
    const paths = { base: (0,external_node_path_.join)(dir, "base"), head: (0,external_node_path_.join)(dir, "head") };
    await ensureFolder(dir);
    for (const side of ["base", "head"]) {
        await ensureFolder(paths[side]);
        const bytes = encodeSafetensors(pair[side], { format: "pt" });
        const file = (0,external_node_path_.join)(paths[side], "model.safetensors");
        try {
            await (0,promises_.writeFile)(file, bytes);
        }
        catch (error) {
            const code = error.code ?? String(error);
            throw new errors/* InputError */.dz(`cannot write ${(0,visible_text/* quoteForMessage */.Hx)(file)} (${code}).`);
        }
    }
    return paths;
}


/***/ }),

/***/ 502:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _cli_args_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(890);
/* harmony import */ var _cli_main_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(254);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(916);
/* harmony import */ var _generate_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(42);





const DEMO_USAGE = `Usage: npm run demo -- [FOLDER] [model-diff options]

Writes a small bf16 base checkpoint and a densely fine-tuned head into FOLDER/base and
FOLDER/head (default folder: demo-checkpoints), then prints the model-diff report on them.
The options go to model-diff, for example --format json. Run model-diff --help for them.
`;
/** Prints one line for a failed demo and returns the exit status the CLI uses for it. */
function reportFailure(error) {
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ModelDiffError */ .fV) {
        process.stderr.write(`model-diff demo: ${(0,_cli_main_js__WEBPACK_IMPORTED_MODULE_2__/* .terminalSafe */ .k)(error.message)}\n`);
        return _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .EXIT_USAGE_OR_INPUT */ .mi;
    }
    process.stderr.write(`model-diff demo: internal error: ${(0,_cli_main_js__WEBPACK_IMPORTED_MODULE_2__/* .terminalSafe */ .k)(String(error))}\n`);
    return _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .EXIT_INTERNAL */ .vE;
}
/**
 * Generates the demo checkpoints (a small Qwen2-style bf16 base and a densely fine-tuned head)
 * into the folder given as the first argument (default `demo-checkpoints`), then prints the
 * report on them. Further arguments go to the CLI, for example `--format json`. A first
 * argument that starts with `-` is an option, so the default folder is used.
 */
async function runDemo(argv) {
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
        const command = (0,_cli_args_js__WEBPACK_IMPORTED_MODULE_1__/* .parseCliArgs */ .h)(["base", "head", ...cliArgs], process.stdout.isTTY === true);
        if (command.kind !== "diff")
            return (0,_cli_main_js__WEBPACK_IMPORTED_MODULE_2__/* .main */ .i)(cliArgs);
    }
    catch (error) {
        return reportFailure(error);
    }
    let paths;
    try {
        paths = await (0,_generate_js__WEBPACK_IMPORTED_MODULE_4__/* .writeDemoPair */ .Dk)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(folder));
    }
    catch (error) {
        return reportFailure(error);
    }
    // Relative paths keep the report free of the machine's folder layout, unless the user gave an
    // absolute folder, which is then shown as given.
    const pathToShow = (target) => (0,node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute)(folder) ? target : (0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(process.cwd(), target) || ".";
    const base = pathToShow(paths.base);
    const head = pathToShow(paths.head);
    process.stderr.write(`Demo checkpoints written to ${base} and ${head}\n`);
    return (0,_cli_main_js__WEBPACK_IMPORTED_MODULE_2__/* .main */ .i)([base, head, ...cliArgs]);
}
process.exitCode = await runDemo(process.argv.slice(2));

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 916:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   IF: () => (/* binding */ FormatError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   eb: () => (/* binding */ UsageError),
/* harmony export */   fV: () => (/* binding */ ModelDiffError),
/* harmony export */   mi: () => (/* binding */ EXIT_USAGE_OR_INPUT),
/* harmony export */   oC: () => (/* binding */ LimitError),
/* harmony export */   vE: () => (/* binding */ EXIT_INTERNAL)
/* harmony export */ });
/**
 * Error classes for every failure a user can act on. Entry points map each class to an exit code
 * and print its message alone; any other exception is a bug in model-diff and is reported as one.
 *
 * A message names the file or reference, says what is wrong with the numbers involved, and says
 * what to do next.
 */
/** Base class of the errors that carry a message meant for the user. */
class ModelDiffError extends Error {
    name = "ModelDiffError";
}
/** Invalid command-line options or action inputs: which option, what was given, what is accepted. */
class UsageError extends ModelDiffError {
    name = "UsageError";
}
/** A reference that cannot be resolved to a checkpoint: missing path, ambiguous folder, wrong kind of file. */
class InputError extends ModelDiffError {
    name = "InputError";
}
/** Malformed checkpoint content: which file, which tensor or byte range, what rule it breaks. */
class FormatError extends ModelDiffError {
    file;
    name = "FormatError";
    constructor(
    /** File the bytes came from, as the user named it (path, or `repo@revision:filename`). */
    file, message) {
        super(message);
        this.file = file;
    }
}
/** A configured limit that the input exceeds: which limit, its value, and how to raise it. */
class LimitError extends ModelDiffError {
    file;
    limit;
    name = "LimitError";
    constructor(file, 
    /** Name of the limit constant, as documented in the README. */
    limit, message) {
        super(message);
        this.file = file;
        this.limit = limit;
    }
}
/** Exit code for bad usage or bad input, as for most Unix tools. */
const EXIT_USAGE_OR_INPUT = 2;
/** Exit code for a defect in model-diff itself. */
const EXIT_INTERNAL = 70;


/***/ }),

/***/ 381:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   AJ: () => (/* binding */ resolveHubOptions),
/* harmony export */   B7: () => (/* binding */ parseThreshold),
/* harmony export */   C7: () => (/* binding */ DEFAULT_TOP),
/* harmony export */   Kl: () => (/* binding */ DEFAULT_HUB_ENDPOINT),
/* harmony export */   Rj: () => (/* binding */ checkHubToken),
/* harmony export */   Zx: () => (/* binding */ defaultWorkerCount),
/* harmony export */   aV: () => (/* binding */ DEFAULT_THRESHOLD),
/* harmony export */   bP: () => (/* binding */ MAX_WORKERS),
/* harmony export */   lv: () => (/* binding */ checkHubEndpoint),
/* harmony export */   zq: () => (/* binding */ parseCount)
/* harmony export */ });
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(916);
/* harmony import */ var _visible_text_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(325);



/** The public Hub, used when neither `HF_ENDPOINT` nor the `hf-endpoint` input is set. */
const DEFAULT_HUB_ENDPOINT = "https://huggingface.co";
const DEFAULT_THRESHOLD = 1e-6;
const DEFAULT_TOP = 15;
/** More workers than this only add memory: the diff is bound by memory bandwidth well before. */
const MAX_WORKERS = 64;
/** Returns one worker per core, at least one and at most MAX_WORKERS. */
function defaultWorkerCount() {
    return Math.max(1, Math.min((0,node_os__WEBPACK_IMPORTED_MODULE_0__.availableParallelism)(), MAX_WORKERS));
}
/** A plain decimal number such as 1e-6, 0.5 or 3; hexadecimal and binary forms are not thresholds. */
const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Parses a threshold option: a finite, non-negative decimal number. */
function parseThreshold(text, option) {
    const value = Number(text);
    if (!DECIMAL_NUMBER.test(text) || !Number.isFinite(value) || value < 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${option}: "${text}" is not a valid threshold. Give a non-negative number such as 1e-6.`);
    }
    return value;
}
/** Parses a whole number option within [min, max]. */
function parseCount(text, option, min, max) {
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${option}: "${text}" is not valid. Give a whole number from ${min} to ${max}.`);
    }
    return value;
}
/**
 * Picks the Hub endpoint and token: an explicit value (a CLI option or action input) wins, then
 * `HF_ENDPOINT` and `HF_TOKEN` from the environment, then the public Hub without a token. Only
 * the explicit values are checked here; see HubOptions.
 */
function resolveHubOptions(explicit, env, names) {
    const explicitEndpoint = pickSetting(explicit.endpoint);
    const explicitToken = pickSetting(explicit.token);
    return {
        endpoint: explicitEndpoint === null
            ? (pickSetting(env.HF_ENDPOINT) ?? DEFAULT_HUB_ENDPOINT)
            : checkHubEndpoint(explicitEndpoint, names.endpoint),
        token: explicitToken === null
            ? pickSetting(env.HF_TOKEN)
            : checkHubToken(explicitToken, names.token),
    };
}
function pickSetting(...values) {
    for (const value of values) {
        const trimmed = value?.trim();
        if (trimmed)
            return trimmed;
    }
    return null;
}
/**
 * Checks a Hub endpoint and returns it without a trailing slash. It must be an http or https URL
 * without credentials, query or fragment. `source` names where it came from; `reference`, when
 * given, is the checkpoint reference that needs it.
 */
function checkHubEndpoint(text, source, reference) {
    let url = null;
    try {
        url = new URL(text);
    }
    catch {
        url = null;
    }
    if (url === null ||
        (url.protocol !== "https:" && url.protocol !== "http:") ||
        url.username !== "" ||
        url.password !== "" ||
        url.search !== "" ||
        url.hash !== "") {
        // The value is shown without its credentials, query and fragment, which may hold secrets.
        let shown = text;
        if (url !== null && (url.username || url.password || url.search || url.hash)) {
            shown = `${url.protocol}//${url.host}${url.pathname}`;
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${source}: ${(0,_visible_text_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteForMessage */ .Hx)(shown)} is not a valid Hub endpoint${neededBy(reference)}. Give an http or https URL such as ${DEFAULT_HUB_ENDPOINT}, without credentials, query or fragment${unsetHint(source)}.`);
    }
    return url.href.replace(/\/+$/, "");
}
/**
 * Checks that a token looks like a Hugging Face token (`hf_...` without spaces), because the Hub
 * client rejects any other form. The token itself is never quoted: it may be a real secret in the
 * wrong place.
 */
function checkHubToken(token, source, reference) {
    if (!token.startsWith("hf_") || /\s/.test(token)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${source}: the value is not a Hugging Face token${neededBy(reference)}: a token starts with hf_ and contains no spaces. Give a token from the Hub's access token settings${unsetHint(source)}.`);
    }
    return token;
}
function neededBy(reference) {
    return reference === undefined ? "" : `, and ${(0,_visible_text_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteForMessage */ .Hx)(reference)} needs it`;
}
function unsetHint(source) {
    return /^[A-Z_]+$/.test(source) ? `, or unset ${source}` : "";
}


/***/ }),

/***/ 325:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Hx: () => (/* binding */ quoteForMessage),
/* harmony export */   JJ: () => (/* binding */ shownValue),
/* harmony export */   Q6: () => (/* binding */ visibleText),
/* harmony export */   eE: () => (/* binding */ cutToCodePoints),
/* harmony export */   jV: () => (/* binding */ MAX_SHOWN_CHARS),
/* harmony export */   ts: () => (/* binding */ escapeInvisible)
/* harmony export */ });
/**
 * Untrusted text (tensor names, metadata, paths, header excerpts) made safe to show in a report or
 * an error message. Invisible and look-alike characters are escaped and long values are cut, so a
 * checkpoint cannot forge output lines, reorder text or flood a terminal.
 */
/** Characters of a name or value shown before it is cut, so one long value cannot flood a report. */
const MAX_SHOWN_CHARS = 200;
const ELLIPSIS = "…";
/**
 * Characters shown as `\uXXXX`: C0 and C1 controls, DEL, the bidirectional marks, embeddings,
 * overrides and isolates (which can make text read in another order than it is stored),
 * zero-width characters, spaces other than U+0020 (which look like it), line and paragraph
 * separators, and unpaired surrogates.
 */
const INVISIBLE = 
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the purpose.
/[\u0000-\u001f\u007f-\u00a0\u061c\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2069\u3000\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SHORT_ESCAPES = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
function escapeCharacter(character) {
    return SHORT_ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}
/** Returns `value` with control, bidi and zero-width characters replaced by `\n`, `\u202e` and so on. */
function escapeInvisible(value) {
    return value.replace(INVISIBLE, escapeCharacter);
}
/**
 * Returns a literal (a name, key or value read from a checkpoint) made visible: backslashes and
 * invisible characters escaped, leading and trailing spaces shown as `\u0020`, and cut to `maxChars` code
 * points with an ellipsis. The JSON report has the exact bytes.
 */
function visibleText(value, maxChars = MAX_SHOWN_CHARS) {
    const cut = cutToCodePoints(value, maxChars);
    // A literal backslash is escaped first, so every backslash shown starts an escape.
    let text = escapeInvisible(cut.text.replace(/\\/g, "\\u005c"));
    text = text.replace(/^ +| +$/g, (spaces) => "\\u0020".repeat(spaces.length));
    return {
        text: cut.truncatedFrom === null ? text : text + ELLIPSIS,
        truncatedFrom: cut.truncatedFrom,
    };
}
/**
 * Returns the first `maxChars` code points of `value`, so that a cut never splits a surrogate
 * pair, with the length of `value` in code points when it was cut. No ellipsis is added.
 */
function cutToCodePoints(value, maxChars) {
    // A string has at least as many UTF-16 units as code points, so a short one is never cut.
    if (value.length <= maxChars)
        return { text: value, truncatedFrom: null };
    const codePoints = Array.from(value);
    if (codePoints.length <= maxChars)
        return { text: value, truncatedFrom: null };
    return { text: codePoints.slice(0, maxChars).join(""), truncatedFrom: codePoints.length };
}
/**
 * Returns `value` as a double-quoted literal for an error message, escaped and cut like a name,
 * with each `"` inside shown as `\"`. A backslash in the value is shown as `\u005c`, so `\"`
 * always stands for a quote.
 */
function quoteForMessage(value, maxChars = MAX_SHOWN_CHARS) {
    const visible = visibleText(value, maxChars);
    const text = visible.text.replace(/"/g, '\\"');
    const cut = visible.truncatedFrom === null ? "" : ` (cut from ${visible.truncatedFrom} characters)`;
    return `"${text}"${cut}`;
}
/**
 * Shows a value read from a file in a message. A string is quoted by quoteForMessage. Anything else
 * is shown as its JSON text, cut to MAX_SHOWN_CHARS code points, with invisible characters escaped.
 */
function shownValue(value) {
    if (typeof value === "string")
        return quoteForMessage(value);
    const cut = cutToCodePoints(JSON.stringify(value) ?? String(value), MAX_SHOWN_CHARS);
    return escapeInvisible(cut.truncatedFrom === null ? cut.text : cut.text + ELLIPSIS);
}


/***/ }),

/***/ 982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 943:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs/promises");

/***/ }),

/***/ 455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 786:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream/promises");

/***/ }),

/***/ 16:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(502);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
