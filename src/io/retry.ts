/**
 * Retry policy for remote reads: which failures are transient, how long to wait between
 * attempts, and how many attempts to make. Library code never logs, so every retry is reported
 * to a callback that the caller connects to its RunLog.
 */

import { UsageError } from "../errors.js";

/** Settings of the retry policy. Plain numbers, so they cross to worker threads inside a spec. */
export interface RetrySettings {
  /** Attempts per request, the first included. */
  readonly attempts: number;
  /**
   * Attempts for a failure that rarely goes away within seconds, such as a refused connection
   * (no server listening, or no network); at most `attempts`.
   */
  readonly shortAttempts: number;
  /** Wait before the second attempt, in ms; it doubles for each later attempt. */
  readonly baseDelayMs: number;
  /** Maximum wait between two attempts, in ms, including a server's Retry-After. */
  readonly maxDelayMs: number;
  /** A request fails when no byte arrives for this long, in ms (headers or body). */
  readonly idleTimeoutMs: number;
}

/**
 * Defaults: 6 attempts waiting 0.5, 1, 2, 4 and 8 s (about 15 s in all) ride out a connection
 * reset or a short outage, and a Retry-After up to 60 s is honoured. The Hub's resolver limit is
 * counted per 5-minute window, so a longer wait is better reported than slept through. A refused
 * connection gets 3 attempts (1.5 s of waits), so an offline run stops quickly.
 */
export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
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
export function retrySettingsFromEnv(env: NodeJS.ProcessEnv): RetrySettings {
  return {
    ...DEFAULT_RETRY_SETTINGS,
    baseDelayMs: millisecondsFromEnv(
      env,
      "MODEL_DIFF_HUB_RETRY_DELAY_MS",
      DEFAULT_RETRY_SETTINGS.baseDelayMs,
    ),
    idleTimeoutMs: millisecondsFromEnv(
      env,
      "MODEL_DIFF_HUB_TIMEOUT_MS",
      DEFAULT_RETRY_SETTINGS.idleTimeoutMs,
    ),
  };
}

/** Reads a whole number of milliseconds, at least 1, from an environment variable. */
export function millisecondsFromEnv(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < 1) {
    throw new UsageError(
      `${name}: "${text}" is not valid. Give a whole number of milliseconds, at least 1.`,
    );
  }
  return Number(text);
}

/** One retry, as reported to the caller. Contains no credentials. */
export interface RetryEvent {
  /** The request, for example `org/name@abc1234:model.safetensors bytes 0-1023`. */
  readonly target: string;
  /** Reason the attempt failed, for example `HTTP 429` or `connection reset`. */
  readonly reason: string;
  /** Number of the attempt that failed, from 1. */
  readonly attempt: number;
  /** Attempts allowed for this kind of failure. */
  readonly attempts: number;
  /** Wait before the next attempt, in ms. */
  readonly delayMs: number;
}

export type RetryListener = (event: RetryEvent) => void;

/** A failure that another attempt may fix: a timeout, a reset, a refused connection, a 429 or a 5xx. */
export class TransientError extends Error {
  override name = "TransientError";
  constructor(
    message: string,
    /** Wait the server asked for (Retry-After), in ms, or null. */
    readonly retryAfterMs: number | null = null,
    /** "short" limits the attempts to RetrySettings.shortAttempts. */
    readonly budget: "short" | "full" = "full",
    /** Advice for the message if every attempt fails, or null for the caller's default. */
    readonly advice: string | null = null,
  ) {
    super(message);
  }
}

/** Returns the attempts allowed for a failure. */
export function attemptsFor(settings: RetrySettings, error: TransientError): number {
  if (error.budget === "full") return settings.attempts;
  return Math.max(1, Math.min(settings.attempts, settings.shortAttempts));
}

/** HTTP statuses worth another attempt: rate limited, or a server or gateway failure. */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * Reads a Retry-After header: delay-seconds or an HTTP date. Returns ms, or null when the header
 * is absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Wait before attempt `attempt + 1`: the server's Retry-After if given, else exponential backoff. */
export function retryDelay(
  settings: RetrySettings,
  attempt: number,
  retryAfterMs: number | null,
): number {
  const backoff = settings.baseDelayMs * 2 ** (attempt - 1);
  return Math.min(settings.maxDelayMs, retryAfterMs ?? backoff);
}

/**
 * Runs `attempt` until it succeeds, throws a non-transient error, or uses up the attempts. Each
 * TransientError before the last attempt is reported to `onRetry` and followed by a wait. After
 * the last attempt, `exhausted` turns the final TransientError into the error to throw.
 */
export async function withRetries<T>(
  settings: RetrySettings,
  target: string,
  attempt: (attemptNumber: number) => Promise<T>,
  onRetry: RetryListener | undefined,
  exhausted: (last: TransientError, attempts: number) => Error,
): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
      const attempts = attemptsFor(settings, error);
      if (attemptNumber >= attempts) throw exhausted(error, attemptNumber);
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
