import { availableParallelism } from "node:os";
import { UsageError } from "./errors.js";
import { quoteForMessage } from "./visible-text.js";

/** What a run compares: tensor values and structure, or the headers alone. */
export type DiffMode = "full" | "structure";

/**
 * Endpoint and token for remote checkpoints on a Hugging Face Hub. Explicit values (a CLI option
 * or an action input) are checked when the options are read. Values from `HF_ENDPOINT` and `HF_TOKEN`
 * are kept as given and checked by checkHubEndpoint and checkHubToken only when a Hub reference
 * or URL is read, so a bad environment does not break a diff of local files.
 */
export interface HubOptions {
  /** Base URL of the Hub, from the `--hf-endpoint` option, the `hf-endpoint` input or `HF_ENDPOINT`. */
  endpoint: string;
  /** Access token (`hf_...`), from the `hf-token` input or `HF_TOKEN`; never logged. */
  token: string | null;
}

/** Names of the explicit settings, for messages: `--hf-endpoint` in the CLI, `hf-endpoint` in the action. */
export interface HubSettingNames {
  endpoint: string;
  token: string;
}

/** Everything a diff run needs, validated once by the CLI or the action. */
export interface DiffOptions {
  /** Base checkpoint reference: a local path, a Hub repo (`hf://org/name@rev/sub`) or an HTTPS URL. */
  base: string;
  head: string;
  /** Revision for a Hub base given apart from the reference (`--base-revision`), plain. */
  baseRevision: string | null;
  headRevision: string | null;
  /** Absolute difference at or below which a value counts as unchanged. */
  threshold: number;
  /** Worker threads for the diff. */
  workers: number;
  /** Rows in each "top tensors" table. */
  top: number;
  mode: DiffMode;
  hub: HubOptions;
}

/** The public Hub, used when neither `HF_ENDPOINT` nor the `hf-endpoint` input is set. */
export const DEFAULT_HUB_ENDPOINT = "https://huggingface.co";

export const DEFAULT_THRESHOLD = 1e-6;
export const DEFAULT_TOP = 15;
/** More workers than this only add memory: the diff is bound by memory bandwidth well before. */
export const MAX_WORKERS = 64;

/** Returns one worker per core, at least one and at most MAX_WORKERS. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_WORKERS));
}

/** A plain decimal number such as 1e-6, 0.5 or 3; hexadecimal and binary forms are not thresholds. */
const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a threshold option: a finite, non-negative decimal number. */
export function parseThreshold(text: string, option: string): number {
  const value = Number(text);
  if (!DECIMAL_NUMBER.test(text) || !Number.isFinite(value) || value < 0) {
    throw new UsageError(
      `${option}: "${text}" is not a valid threshold. Give a non-negative number such as 1e-6.`,
    );
  }
  return value;
}

/** Parses a whole number option within [min, max]. */
export function parseCount(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `${option}: "${text}" is not valid. Give a whole number from ${min} to ${max}.`,
    );
  }
  return value;
}

/**
 * Picks the Hub endpoint and token: an explicit value (a CLI option or action input) wins, then
 * `HF_ENDPOINT` and `HF_TOKEN` from the environment, then the public Hub without a token. Only
 * the explicit values are checked here; see HubOptions.
 */
export function resolveHubOptions(
  explicit: { endpoint?: string | null; token?: string | null },
  env: NodeJS.ProcessEnv,
  names: HubSettingNames,
): HubOptions {
  const explicitEndpoint = pickSetting(explicit.endpoint);
  const explicitToken = pickSetting(explicit.token);
  return {
    endpoint:
      explicitEndpoint === null
        ? (pickSetting(env.HF_ENDPOINT) ?? DEFAULT_HUB_ENDPOINT)
        : checkHubEndpoint(explicitEndpoint, names.endpoint),
    token:
      explicitToken === null
        ? pickSetting(env.HF_TOKEN)
        : checkHubToken(explicitToken, names.token),
  };
}

function pickSetting(...values: (string | null | undefined)[]): string | null {
  for (const value of values) {
    const trimmed = value?.trim();
    if (trimmed) return trimmed;
  }
  return null;
}

/**
 * Checks a Hub endpoint and returns it without a trailing slash. It must be an http or https URL
 * without credentials, query or fragment. `source` names where it came from; `reference`, when
 * given, is the checkpoint reference that needs it.
 */
export function checkHubEndpoint(text: string, source: string, reference?: string): string {
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (
    url === null ||
    (url.protocol !== "https:" && url.protocol !== "http:") ||
    url.username !== "" ||
    url.password !== "" ||
    url.search !== "" ||
    url.hash !== ""
  ) {
    // The value is shown without its credentials, query and fragment, which may hold secrets.
    let shown = text;
    if (url !== null && (url.username || url.password || url.search || url.hash)) {
      shown = `${url.protocol}//${url.host}${url.pathname}`;
    }
    throw new UsageError(
      `${source}: ${quoteForMessage(shown)} is not a valid Hub endpoint${neededBy(reference)}. Give an http or https URL such as ${DEFAULT_HUB_ENDPOINT}, without credentials, query or fragment${unsetHint(source)}.`,
    );
  }
  return url.href.replace(/\/+$/, "");
}

/**
 * Checks that a token looks like a Hugging Face token (`hf_...` without spaces), because the Hub
 * client rejects any other form. The token itself is never quoted: it may be a real secret in the
 * wrong place.
 */
export function checkHubToken(token: string, source: string, reference?: string): string {
  if (!token.startsWith("hf_") || /\s/.test(token)) {
    throw new UsageError(
      `${source}: the value is not a Hugging Face token${neededBy(reference)}: a token starts with hf_ and contains no spaces. Give a token from the Hub's access token settings${unsetHint(source)}.`,
    );
  }
  return token;
}

function neededBy(reference: string | undefined): string {
  return reference === undefined ? "" : `, and ${quoteForMessage(reference)} needs it`;
}

function unsetHint(source: string): string {
  return /^[A-Z_]+$/.test(source) ? `, or unset ${source}` : "";
}
