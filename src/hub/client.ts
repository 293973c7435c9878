/**
 * Calls to the Hugging Face Hub API through @huggingface/hub: a revision resolved to its commit
 * sha, and the file listing of a commit with sizes and LFS SHA-256. The transport handed to the
 * library retries transient failures, drops the token on any request to another origin than the
 * endpoint's, and keeps the X-Error-Code of failed responses for the error messages.
 */

import { InputError } from "../errors.js";
import { shownUrl } from "../io/http-range.js";
import { describeFetchFailure, fetchFailureError, networkAdvice } from "../io/network-error.js";
import {
  DEFAULT_RETRY_SETTINGS,
  isTransientStatus,
  parseRetryAfter,
  type RetryListener,
  type RetrySettings,
  TransientError,
  withRetries,
} from "../io/retry.js";
import { quoteForMessage } from "../visible-text.js";

/** How to reach a Hub. */
export interface HubConnection {
  /** Base URL without a trailing slash, such as https://huggingface.co. */
  endpoint: string;
  token: string | null;
  retry?: RetrySettings;
  onRetry?: RetryListener;
  /** Transport; the global fetch by default. */
  fetch?: typeof fetch;
}

/** A file of a repository at one commit. */
export interface RepoFile {
  /** Path from the repository root. */
  path: string;
  size: number;
  /** SHA-256 of the content for LFS files (the listing's `lfs.oid`), else null. */
  sha256: string | null;
}

const COMMIT_SHA = /^[0-9a-f]{40}$/;

type HubLibrary = typeof import("@huggingface/hub");
let hubLibrary: Promise<HubLibrary> | undefined;

/**
 * Loads @huggingface/hub on its first use. The bundles keep it in a chunk of its own, so a diff
 * of local files starts without it: `model-diff --version` took 30 ms less on the development VM.
 */
function loadHubLibrary(): Promise<HubLibrary> {
  hubLibrary ??= import("@huggingface/hub");
  return hubLibrary;
}

/** Redirects followed per API request; the Hub redirects a renamed repository once. */
export const MAX_API_REDIRECTS = 5;

/**
 * A fetch for the library: retries, error codes recorded, and every request kept on the
 * endpoint's origin. Redirects are followed by hand and only within that origin. A request the
 * library builds for another origin (a pagination link) is rejected. So neither the token nor
 * the repository names go to another host, or over plain http from an https endpoint.
 */
class HubTransport {
  /** X-Error-Code of failed responses, by URL. */
  readonly errorCodes = new Map<string, string>();
  private readonly origin: string;

  constructor(
    private readonly connection: HubConnection,
    /** Repository the calls are about, for messages. */
    private readonly repo: string,
  ) {
    this.origin = new URL(connection.endpoint).origin;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    this.checkOrigin(url, null);
    const headers = new Headers(init?.headers);
    const settings = this.connection.retry ?? DEFAULT_RETRY_SETTINGS;
    let last: Response | undefined;
    return withRetries(
      settings,
      shownUrl(url),
      async () => {
        // The timeout covers the body too, which the library reads after this returns.
        const timeout = AbortSignal.timeout(settings.idleTimeoutMs);
        const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        const response = await this.followRedirects(url, { ...init, headers, signal });
        if (isTransientStatus(response.status)) {
          last = response;
          await response.body?.cancel();
          throw new TransientError(
            `HTTP ${response.status}`,
            parseRetryAfter(response.headers.get("retry-after")),
          );
        }
        const code = response.headers.get("x-error-code");
        if (!response.ok && code !== null) this.errorCodes.set(response.url || url, code);
        return response;
      },
      this.connection.onRetry,
      (error, attempts) =>
        new HubUnreachable(error.message, attempts, last?.status ?? null, error.advice),
    );
  };

  private async followRedirects(url: string, init: RequestInit): Promise<Response> {
    const transport = this.connection.fetch ?? fetch;
    let current = url;
    for (let hop = 0; ; hop++) {
      let response: Response;
      try {
        response = await transport(current, { ...init, redirect: "manual" });
      } catch (error) {
        throw fetchFailureError(
          error,
          current,
          true,
          `Hub repository ${quoteForMessage(this.repo)}`,
        );
      }
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || location === null) return response;
      await response.body?.cancel();
      if (hop >= MAX_API_REDIRECTS) {
        throw new InputError(
          `Hub repository ${quoteForMessage(this.repo)}: more than ${MAX_API_REDIRECTS} redirects from ${shownUrl(url)}. Check the Hub endpoint (HF_ENDPOINT, --hf-endpoint or the hf-endpoint input).`,
        );
      }
      let target: string;
      try {
        target = new URL(location, current).href;
      } catch {
        target = "invalid:";
      }
      this.checkOrigin(target, current);
      current = target;
    }
  }

  /** Rejects a request to another origin than the endpoint's. `from` is the redirecting URL. */
  private checkOrigin(url: string, from: string | null): void {
    let origin: string | null = null;
    try {
      origin = new URL(url).origin;
    } catch {
      origin = null;
    }
    if (origin === this.origin) return;
    const shown = origin === null || origin === "null" ? quoteForMessage(url) : shownUrl(url);
    const cause =
      from === null
        ? `the Hub API pointed the next request at ${shown}`
        : `the Hub API at ${shownUrl(from)} redirected to ${shown}`;
    throw new InputError(
      `Hub repository ${quoteForMessage(this.repo)}: ${cause}, which is not on the endpoint's origin ${this.origin}. model-diff sends Hub API requests to that origin only, so it stopped. Check the Hub endpoint (HF_ENDPOINT, --hf-endpoint or the hf-endpoint input); use the origin the API redirects to if it is the right one.`,
    );
  }
}

/** A Hub API call that returned an error status, with the Hub's X-Error-Code when it sent one. */
export class HubError extends InputError {
  override name = "HubError";
  constructor(
    message: string,
    readonly status: number,
    /** X-Error-Code, such as RepoNotFound, RevisionNotFound or GatedRepo; null when absent. */
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** A Hub call whose attempts all failed transiently. */
class HubUnreachable extends Error {
  constructor(
    readonly reason: string,
    readonly attempts: number,
    readonly status: number | null,
    /** Advice for a network failure, or null for an HTTP status. */
    readonly advice: string | null,
  ) {
    super(reason);
  }
}

/**
 * Turns a failed Hub call into an InputError that names the repository, the revision and what
 * to do. Never includes the token, which no message or URL contains.
 */
function hubError(
  error: unknown,
  library: HubLibrary,
  transport: HubTransport,
  repo: string,
  revision: string,
  connection: HubConnection,
): unknown {
  const shown = quoteForMessage(repo);
  if (error instanceof HubUnreachable) {
    let advice = error.advice ?? "Check the Hub endpoint (HF_ENDPOINT), then try again.";
    if (error.status === 429) {
      advice =
        "The Hub is rate limiting requests: wait a few minutes and try again, or set HF_TOKEN, which raises the limits.";
    }
    return new InputError(
      `Hub repository ${shown}: the request to ${connection.endpoint} failed after ${error.attempts} attempts (${error.reason}). ${advice}`,
    );
  }
  if (!(error instanceof library.HubApiError)) {
    // A timeout while the library reads a response body ends up here, outside the retries.
    const name = (error as Error | undefined)?.name;
    if (name !== "TimeoutError" && name !== "AbortError") return error;
    const failure = describeFetchFailure(error, connection.endpoint);
    if (failure === null) return error;
    return new InputError(
      `Hub repository ${shown}: the request to ${connection.endpoint} failed (${failure.reason}). ${networkAdvice(failure, true)}`,
    );
  }
  const code = transport.errorCodes.get(error.url) ?? null;
  const status = error.statusCode;
  const tokenAdvice =
    connection.token === null
      ? "If it is private or gated, set HF_TOKEN (or the hf-token input) to a token with access to it."
      : "The token in HF_TOKEN (or the hf-token input) has no access to it: request access on the Hub, or use a token that has it.";
  if (code === "RevisionNotFound") {
    return new HubError(
      `Hub repository ${shown} has no revision ${quoteForMessage(revision)} (HTTP ${status}, RevisionNotFound). Check the branch, tag or commit sha.`,
      status,
      code,
    );
  }
  if (code === "EntryNotFound") {
    return new HubError(
      `Hub repository ${shown} at ${quoteForMessage(revision)}: the path was not found (HTTP ${status}, EntryNotFound). Check the folder or file in the reference.`,
      status,
      code,
    );
  }
  if (code === "GatedRepo" || status === 401 || status === 403) {
    const what = code === "GatedRepo" ? "is gated" : "was not found or is private";
    return new HubError(
      `Hub repository ${shown} ${what} (HTTP ${status}${code ? `, ${code}` : ""}). ${tokenAdvice}`,
      status,
      code,
    );
  }
  if (status === 404) {
    return new HubError(
      `Hub repository ${shown} was not found (HTTP 404${code ? `, ${code}` : ""}) at ${connection.endpoint}. Check the name; ${tokenAdvice.charAt(0).toLowerCase()}${tokenAdvice.slice(1)}`,
      status,
      code,
    );
  }
  return new HubError(
    `Hub repository ${shown}: the Hub returned HTTP ${status} at ${shownUrl(error.url)}. Try again later.`,
    status,
    code,
  );
}

function credentials(connection: HubConnection): { accessToken?: string } {
  return connection.token === null ? {} : { accessToken: connection.token };
}

/** Resolves a branch, tag, sha or `refs/pr/N` to the 40-hex commit sha it points at now. */
export async function resolveCommit(
  connection: HubConnection,
  repo: string,
  revision: string,
): Promise<string> {
  const library = await loadHubLibrary();
  const transport = new HubTransport(connection, repo);
  let sha: unknown;
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
  } catch (error) {
    throw hubError(error, library, transport, repo, revision, connection);
  }
  if (typeof sha !== "string" || !COMMIT_SHA.test(sha)) {
    throw new InputError(
      `Hub repository ${quoteForMessage(repo)}: the Hub returned no commit sha for revision ${quoteForMessage(revision)}. Check the Hub endpoint (HF_ENDPOINT).`,
    );
  }
  return sha;
}

/** Encodes a repository path for a URL, segment by segment. */
export function encodeRepoPath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** Lists every file under `folder` (the root when null) at `commit`, recursively. */
export async function listRepoFiles(
  connection: HubConnection,
  repo: string,
  commit: string,
  folder: string | null,
): Promise<RepoFile[]> {
  const library = await loadHubLibrary();
  const transport = new HubTransport(connection, repo);
  const files: RepoFile[] = [];
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
      if (entry.type !== "file") continue;
      files.push({
        path: entry.path,
        size: entry.lfs?.size ?? entry.size,
        sha256: entry.lfs?.oid ?? null,
      });
    }
  } catch (error) {
    throw hubError(error, library, transport, repo, commit, connection);
  }
  return files;
}

/** Returns the URL of a file's bytes at a commit: the /resolve/ path, which serves range requests. */
export function resolveUrl(endpoint: string, repo: string, commit: string, path: string): string {
  return `${endpoint}/${repo}/resolve/${commit}/${encodeRepoPath(path)}`;
}
