import { availableParallelism } from "node:os";
import { UsageError } from "./errors.js";

/** What a run compares: tensor values and structure, or the headers alone. */
export type DiffMode = "full" | "structure";

/** How remote checkpoints on a Hugging Face Hub are reached. */
export interface HubOptions {
  /** Base URL of the Hub, from `HF_ENDPOINT` or the `hf-endpoint` input. */
  endpoint: string;
  /** Access token (`hf_...`), from `HF_TOKEN` or the `hf-token` input; never logged. */
  token: string | null;
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
 * `HF_ENDPOINT` and `HF_TOKEN` from the environment, then the public Hub without a token. The
 * endpoint must be an http or https URL without credentials, query or fragment; the token must
 * look like a Hugging Face token (`hf_...`), because the Hub client refuses any other form.
 */
export function resolveHubOptions(
  explicit: { endpoint?: string | null; token?: string | null },
  env: NodeJS.ProcessEnv,
): HubOptions {
  const endpointText = pickSetting(explicit.endpoint, env.HF_ENDPOINT) ?? DEFAULT_HUB_ENDPOINT;
  const token = pickSetting(explicit.token, env.HF_TOKEN);
  return {
    endpoint: parseHubEndpoint(endpointText),
    token: token === null ? null : checkToken(token),
  };
}

function pickSetting(...values: (string | null | undefined)[]): string | null {
  for (const value of values) {
    const trimmed = value?.trim();
    if (trimmed) return trimmed;
  }
  return null;
}

function parseHubEndpoint(text: string): string {
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
    throw new UsageError(
      `Hub endpoint "${text}" is not usable. Give an http or https URL such as ${DEFAULT_HUB_ENDPOINT}, without credentials, query or fragment (set HF_ENDPOINT or the hf-endpoint input).`,
    );
  }
  return url.href.replace(/\/+$/, "");
}

function checkToken(token: string): string {
  if (!token.startsWith("hf_") || /\s/.test(token)) {
    // The token itself is never quoted: it may be a real secret in the wrong place.
    throw new UsageError(
      "the Hugging Face token does not look like one: it must start with hf_ and contain no spaces. Check HF_TOKEN or the hf-token input.",
    );
  }
  return token;
}
