/**
 * Limits on what a checkpoint may declare, checked before anything is allocated in proportion to
 * a declared length. Each limit has a default and an environment variable that overrides it.
 */

import { LimitError, UsageError } from "../errors.js";
import { quoteForMessage } from "../visible-text.js";

/** Max bytes of a safetensors JSON header, the same 100,000,000 as the huggingface/safetensors crate. */
export const MAX_HEADER_BYTES = 100_000_000;

/**
 * Max tensors in one safetensors file or one shard index. Each tensor costs a parsed entry in
 * memory, and public checkpoints hold far fewer (an estimate: under 100,000 per file).
 */
export const MAX_TENSOR_COUNT = 1_000_000;

/** Max dimensions of one tensor: NumPy 2 arrays have at most 64 (NPY_MAXDIMS). */
export const MAX_DIMS = 64;

/**
 * Max shard files named by one index. Every shard stays open as a file handle for the whole diff,
 * and large public checkpoints use a few hundred shards (an estimate).
 */
export const MAX_SHARD_COUNT = 10_000;

/**
 * Max bytes of a `*.safetensors.index.json` file. A weight_map entry takes about 100 bytes, so
 * this fits MAX_TENSOR_COUNT entries.
 */
export const MAX_INDEX_BYTES = 100_000_000;

/**
 * Max nesting depth of the JSON in a safetensors header or a shard index, counting the top-level
 * object as 1. A header needs 3 (object, tensor entry, shape array) and an index 3 (object,
 * weight_map or metadata, a value), plus whatever a non-string metadata value nests. Deeper JSON
 * would overflow the stack of recursive code such as JSON.stringify when the report is written.
 * NOTE: raising it to some thousands brings that overflow back.
 */
export const MAX_JSON_DEPTH = 64;

/** The limits one run applies, passed to every parser. */
export interface Limits {
  readonly maxHeaderBytes: number;
  readonly maxTensorCount: number;
  readonly maxDims: number;
  readonly maxShardCount: number;
  readonly maxIndexBytes: number;
  readonly maxJsonDepth: number;
}

export type LimitName = keyof Limits;

/** Constant name, environment variable and unit of each limit, for messages. */
export const LIMIT_INFO: Readonly<
  Record<LimitName, { constant: string; envVar: string; unit: string }>
> = {
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

export const DEFAULT_LIMITS: Limits = Object.freeze({
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
export function limitsFromEnv(env: Readonly<Record<string, string | undefined>>): Limits {
  const limits: Record<LimitName, number> = { ...DEFAULT_LIMITS };
  for (const name of Object.keys(LIMIT_INFO) as LimitName[]) {
    const { envVar } = LIMIT_INFO[name];
    const raw = env[envVar];
    if (raw === undefined || raw.trim() === "") continue;

    const text = raw.trim();
    const value = Number(text);
    if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
      throw new UsageError(
        `${envVar}=${JSON.stringify(raw)} is not a valid limit: expected a positive whole number ` +
          `of ${LIMIT_INFO[name].unit} (default ${DEFAULT_LIMITS[name]}). Fix or unset the variable.`,
      );
    }
    limits[name] = value;
  }
  return Object.freeze(limits);
}

/**
 * Builds the LimitError for input that exceeds `name`. `what` describes the input and its size,
 * for example "the header length is 120000000 bytes".
 */
export function limitError(
  file: string,
  name: LimitName,
  limits: Limits,
  what: string,
): LimitError {
  const { constant, envVar, unit } = LIMIT_INFO[name];
  // Every unit is a regular plural, so the singular drops the final "s".
  const shownUnit = limits[name] === 1 ? unit.slice(0, -1) : unit;
  return new LimitError(
    file,
    constant,
    `${quoteForMessage(file)}: ${what}, more than the limit ${constant} of ${limits[name]} ${shownUnit}. ` +
      `If the file is genuine, raise the limit with the environment variable ${envVar}.`,
  );
}
