import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { hasResponse } from "./errors.js";

/** A REST client for the GitHub API named by GITHUB_API_URL. */
export type GitHubClient = ReturnType<typeof getOctokit>;

/** Destination of the client's retry warnings and debug lines. */
export interface ClientLog {
  warning(message: string): void;
  debug(message: string): void;
}

export interface ClientSettings {
  token: string;
  /**
   * Unit of the waits between attempts, in milliseconds: a server error is retried after 1, 4
   * and 9 units, and a rate limit after its Retry-After seconds times this unit over 1000.
   */
  retryUnitMs: number;
  /** Time allowed for one attempt of one request, in milliseconds. */
  requestTimeoutMs: number;
  log: ClientLog;
}

/** Retries of a request that failed with a server error (5xx) or timed out. */
export const MAX_RETRIES = 3;

/** Retries of a request that hit a secondary rate limit. */
export const MAX_RATE_LIMIT_RETRIES = 2;

/** Longest Retry-After, in seconds, that the client waits out; a longer limit fails the request. */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 60;

export const DEFAULT_RETRY_UNIT_MS = 1000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Gives each attempt its own deadline and logs each server error. Registered before the retry
 * plugin, so it wraps a single attempt, and a timed-out attempt is retried like a server error:
 * @octokit/request 10 turns the aborted fetch into a RequestError with status 500.
 */
function eachAttempt(timeoutMs: number, log: ClientLog) {
  return (octokit: { hook: { wrap: GitHubClient["hook"]["wrap"] } }) => {
    octokit.hook.wrap("request", async (request, options) => {
      const signal = AbortSignal.timeout(timeoutMs);
      // The hooks inside this one read the options object they were bound to, not the argument
      // passed to request(), so the signal goes into that object.
      options.request = { ...options.request, signal };
      try {
        return await request(options);
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        if (typeof status === "number" && status >= 500) {
          const answered = hasResponse(error);
          if (error instanceof Error) {
            if (signal.aborted) error.message = `no response within ${timeoutMs} ms`;
            else if (!answered) {
              error.message = `could not connect to the GitHub API (${error.message}); check GITHUB_API_URL and the network`;
            }
          }
          let reason = `HTTP ${status}`;
          if (signal.aborted || !answered) reason = (error as Error).message;
          log.warning(`GitHub API ${options.method} ${options.url} failed: ${reason}.`);
        }
        throw error;
      }
    });
  };
}

/**
 * Creates a client that retries server errors and secondary rate limits a bounded number of
 * times, logging each retry, and gives up on anything else at once.
 */
export function createGitHubClient(settings: ClientSettings): GitHubClient {
  const { log } = settings;
  const rateLimitHandler =
    (kind: string) =>
    (
      retryAfter: number,
      options: { method?: string; url?: string },
      _octokit: unknown,
      retryCount: number,
    ) => {
      const request = `${options.method ?? "GET"} ${options.url ?? ""}`;
      if (retryCount >= MAX_RATE_LIMIT_RETRIES || retryAfter > MAX_RATE_LIMIT_WAIT_SECONDS) {
        log.warning(
          `GitHub ${kind} hit on ${request}; Retry-After is ${retryAfter} s, giving up after ${retryCount} retries.`,
        );
        return false;
      }
      log.warning(
        `GitHub ${kind} hit on ${request}; retrying after ${retryAfter} s (retry ${retryCount + 1} of ${MAX_RATE_LIMIT_RETRIES}).`,
      );
      return true;
    };
  return getOctokit(
    settings.token,
    {
      log: {
        debug: () => {},
        info: () => {},
        warn: (message: string) => log.debug(`octokit: ${message}`),
        error: (message: string) => log.debug(`octokit: ${message}`),
      },
      retry: {
        retries: MAX_RETRIES,
        retryAfterBaseValue: settings.retryUnitMs,
        // 429 is left to the throttling plugin, which honours Retry-After.
        doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
      },
      throttle: {
        retryAfterBaseValue: settings.retryUnitMs,
        fallbackSecondaryRateRetryAfter: MAX_RATE_LIMIT_WAIT_SECONDS,
        onSecondaryRateLimit: rateLimitHandler("secondary rate limit"),
        onRateLimit: rateLimitHandler("rate limit"),
      },
    },
    eachAttempt(settings.requestTimeoutMs, log),
    retry,
    throttling,
  );
}
