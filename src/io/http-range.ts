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

import { FormatError, InputError } from "../errors.js";
import { quoteForMessage } from "../visible-text.js";
import type { ByteSource, ReadProgress } from "./byte-source.js";
import { fetchFailureError } from "./network-error.js";
import {
  DEFAULT_RETRY_SETTINGS,
  isTransientStatus,
  parseRetryAfter,
  type RetryListener,
  type RetrySettings,
  TransientError,
  withRetries,
} from "./retry.js";

/** Redirects followed per request; the Hub uses one (to the CDN or to its resolve cache). */
export const MAX_REDIRECTS = 5;

/** Serializable description of a remote file, from which a worker opens its own reader. */
export interface HttpSourceSpec {
  kind: "http";
  /** The file's URL, at a commit sha for Hub files. Never contains credentials. */
  url: string;
  /** Name for messages, such as `org/name@0123abc:model.safetensors`. */
  name: string;
  size: number;
  /** Entity tag every response must carry, or null when the server sent none. */
  etag: string | null;
  /**
   * Bearer token, sent only to the origin of `url` and dropped on a redirect to another origin.
   * Specs cross to worker threads in process memory only; they are never logged or written.
   */
  token: string | null;
  /** Commit sha that an X-Repo-Commit header must match, or null for files outside a Hub repo. */
  commit: string | null;
  /** SHA-256 of the content as the Hub lists it (the LFS oid), or null when unknown. */
  sha256: string | null;
  retry: RetrySettings;
}

/** Settings to open an HttpRangeSource. */
export interface HttpSourceInit {
  url: string;
  name: string;
  /** Size from a listing; when null, a 1-byte probe learns it. */
  size: number | null;
  token: string | null;
  commit: string | null;
  sha256: string | null;
  /** Entity tag already known (from a worker's spec), or null to learn it from the first response. */
  etag?: string | null;
  retry?: RetrySettings;
  /** Receives each retry, to be logged by the caller. */
  onRetry?: RetryListener;
  /** Transport; the global fetch by default. */
  fetch?: typeof fetch;
}

/** Status line and headers of the final response, plus what the redirects before it carried. */
interface RangeResponse {
  response: Response;
  /** X-Linked-ETag from any hop, else the final ETag, without a weak prefix; null if none. */
  etag: string | null;
  /** X-Linked-Size from any hop, or null. */
  linkedSize: number | null;
  /** X-Repo-Commit from any hop, or null. */
  commit: string | null;
}

/** Returns the URL without its query and fragment: signed CDN URLs carry long signatures. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}

function normalizeEtag(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed.startsWith("W/") ? trimmed.slice(2) : trimmed;
}

/** Parses `bytes START-END/TOTAL`; TOTAL may be `*`. */
function parseContentRange(
  value: string | null,
): { start: number; end: number; total: number | null } | null {
  const match = value === null ? null : /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value);
  if (!match) return null;
  return {
    start: Number(match[1]),
    end: Number(match[2]),
    total: match[3] === "*" ? null : Number(match[3]),
  };
}

export class HttpRangeSource implements ByteSource {
  readonly name: string;
  private readonly url: string;
  private readonly authOrigin: string;
  private readonly token: string | null;
  private readonly commit: string | null;
  private readonly sha256: string | null;
  private readonly retry: RetrySettings;
  private readonly onRetry: RetryListener | undefined;
  private readonly fetch: typeof fetch;
  private knownSize: number | null;
  private etag: string | null;
  private etagKnown: boolean;
  private readonly controllers = new Set<AbortController>();
  private closed = false;

  private constructor(init: HttpSourceInit) {
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
  static async open(init: HttpSourceInit): Promise<HttpRangeSource> {
    const source = new HttpRangeSource(init);
    if (source.knownSize === null) await source.probe();
    return source;
  }

  /** Opens the file a spec describes, expecting the size and entity tag it records. */
  static fromSpec(
    spec: HttpSourceSpec,
    onRetry?: RetryListener,
    fetchFunction?: typeof fetch,
  ): HttpRangeSource {
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

  get size(): number {
    if (this.knownSize === null) throw new Error("Internal error: the size was not probed.");
    return this.knownSize;
  }

  get spec(): HttpSourceSpec {
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

  async read(
    offset: number,
    length: number,
    target: Uint8Array,
    targetOffset = 0,
    onProgress?: ReadProgress,
  ): Promise<void> {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new FormatError(
        this.name,
        `${quoteForMessage(this.name)}: cannot read bytes [${offset}, ${offset + length}): the file has ${this.size} ${this.size === 1 ? "byte" : "bytes"}.`,
      );
    }
    if (length === 0) return;
    let done = 0;
    await withRetries(
      this.retry,
      `${this.name} bytes ${offset}-${offset + length - 1}`,
      async () => {
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
      },
      this.onRetry,
      (last, attempts) => this.exhaustedError(last, attempts),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const controller of this.controllers) controller.abort();
    this.controllers.clear();
  }

  private async probe(): Promise<void> {
    await withRetries(
      this.retry,
      `${this.name} size`,
      () =>
        this.fetchRange(0, 0, async (response, range) => {
          this.knownSize = range.total;
          await response.body?.cancel();
        }),
      this.onRetry,
      (last, attempts) => this.exhaustedError(last, attempts),
    );
  }

  /** Returns true for a file in a Hub repository (a pinned commit), false for a plain URL. */
  private get onHub(): boolean {
    return this.commit !== null;
  }

  private exhaustedError(last: TransientError, attempts: number): InputError {
    const rateLimited = last.message.startsWith("HTTP 429");
    const advice = rateLimited
      ? "The server is rate limiting requests: wait a few minutes and run the diff again, or pass a token (HF_TOKEN), which raises the Hub's limits."
      : (last.advice ?? "Check the network connection and the server, then run the diff again.");
    return new InputError(
      `${quoteForMessage(this.name)}: reading ${shownUrl(this.url)} failed after ${attempts} attempts (${last.message}). ${advice}`,
    );
  }

  /**
   * Requests bytes [start, end], follows redirects, checks the status and headers, and passes the
   * final response to `use` while its idle timer runs. Throws TransientError for failures that
   * another attempt may fix.
   */
  private async fetchRange(
    start: number,
    end: number,
    use: (response: Response, range: { total: number }, touch: () => void) => Promise<void>,
  ): Promise<void> {
    if (this.closed) throw new Error(`Internal error: ${this.name} was read after close.`);
    const controller = new AbortController();
    this.controllers.add(controller);
    const idle = new IdleTimer(controller, this.retry.idleTimeoutMs);
    try {
      const chain = await this.followRedirects(start, end, controller.signal);
      idle.touch();
      const range = this.checkResponse(chain, start, end);
      await use(chain.response, range, () => idle.touch());
    } catch (error) {
      if (this.closed) throw new Error(`Internal error: ${this.name} was closed during a read.`);
      if (idle.fired) throw new TransientError(idle.message());
      throw fetchFailureError(error, this.url, this.onHub, quoteForMessage(this.name));
    } finally {
      idle.stop();
      this.controllers.delete(controller);
    }
  }

  private async followRedirects(
    start: number,
    end: number,
    signal: AbortSignal,
  ): Promise<RangeResponse> {
    // Every range starts again from the file's own URL, because Xet-bridge CDN URLs are reported
    // to be signed for the range that minted them. NOTE: checked against a fake Hub only.
    let url = this.url;
    let linkedEtag: string | null = null;
    let linkedSize: number | null = null;
    let commit: string | null = null;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = {
        Range: `bytes=${start}-${end}`,
        "Accept-Encoding": "identity",
      };
      // The token goes to the file's own origin only, never to a CDN a redirect points at.
      if (this.token !== null && new URL(url).origin === this.authOrigin) {
        headers.Authorization = `Bearer ${this.token}`;
      }
      let response: Response;
      try {
        response = await this.fetch(url, { headers, redirect: "manual", signal });
      } catch (error) {
        // The URL of this hop, which may be a CDN, names the server that failed.
        throw fetchFailureError(error, url, this.onHub, quoteForMessage(this.name));
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
        throw new InputError(
          `${quoteForMessage(this.name)}: more than ${MAX_REDIRECTS} redirects from ${shownUrl(this.url)}. Check the URL or the Hub endpoint.`,
        );
      }
      url = this.redirectTarget(location, url);
    }
  }

  private redirectTarget(location: string, from: string): string {
    let target: URL;
    try {
      target = new URL(location, from);
    } catch {
      target = new URL("invalid:");
    }
    if (target.protocol !== "https:" && target.protocol !== "http:") {
      throw new InputError(
        `${quoteForMessage(this.name)}: ${shownUrl(from)} redirects to ${quoteForMessage(location)}, which is not an http or https URL. Check the URL or the Hub endpoint.`,
      );
    }
    // A redirect from https to http would let anyone on the path change the bytes read.
    if (new URL(from).protocol === "https:" && target.protocol === "http:") {
      throw new InputError(
        `${quoteForMessage(this.name)}: ${shownUrl(from)} redirects to ${shownUrl(target.href)}, which is plain http. model-diff does not leave https for a file, so it stopped. Check the URL or the Hub endpoint.`,
      );
    }
    return target.href;
  }

  /** Checks status, Content-Range, size, entity tag and commit; returns the file's total size. */
  private checkResponse(chain: RangeResponse, start: number, end: number): { total: number } {
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
        throw new FormatError(
          this.name,
          `${quoteForMessage(this.name)}: the server answered a request for bytes ${start}-${end} with status 200 and the whole file instead of 206 Partial Content. model-diff reads remote files by byte ranges only, so it stopped rather than download the file. Use a server that supports HTTP range requests.`,
        );
      }
    }
    const range = status === 206 ? parseContentRange(response.headers.get("content-range")) : null;
    if (status === 206) {
      const total = range?.total ?? null;
      if (range === null || range.start !== start || range.end !== end || total === null) {
        void response.body?.cancel();
        throw new FormatError(
          this.name,
          `${quoteForMessage(this.name)}: the server answered a request for bytes ${start}-${end} with Content-Range ${JSON.stringify(response.headers.get("content-range"))}, which does not match. Check that the server supports HTTP range requests.`,
        );
      }
    }
    const total = range?.total ?? (expectedSize as number);
    this.checkSameFile(chain, total);
    return { total };
  }

  private checkSameFile(chain: RangeResponse, total: number): void {
    const changed = (what: string) => {
      void chain.response.body?.cancel();
      return new FormatError(
        this.name,
        `${quoteForMessage(this.name)}: the file changed on the server during the diff (${what}). Run the diff again; a Hub revision pinned to a commit sha cannot change.`,
      );
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

  private statusError(response: Response): Error {
    const status = response.status;
    const shown = quoteForMessage(this.name);
    const url = shownUrl(this.url);
    if (isTransientStatus(status)) {
      return new TransientError(
        `HTTP ${status}`,
        parseRetryAfter(response.headers.get("retry-after")),
      );
    }
    if (status === 401 || status === 403) {
      return new InputError(
        `${shown}: access denied (HTTP ${status}) at ${url}. The repository may be private or gated: set HF_TOKEN (or the hf-token input) to a token with access to it.`,
      );
    }
    if (status === 404) {
      const code = response.headers.get("x-error-code");
      const advice = this.onHub
        ? "Check the reference and the revision."
        : "Check the URL: it must name a .safetensors file or a .safetensors.index.json shard index on that server.";
      return new InputError(
        `${shown}: not found (HTTP 404${code ? `, ${code}` : ""}) at ${url}. ${advice}`,
      );
    }
    if (status === 416) {
      return new FormatError(
        this.name,
        `${shown}: the server rejected a byte range inside the file's size (HTTP 416), so the file is shorter than listed. It may have changed during the diff; run the diff again.`,
      );
    }
    return new InputError(
      `${shown}: the server returned HTTP ${status} at ${url}. Check the URL and the server.`,
    );
  }

  /** Copies the body of a response for bytes [start, end] to `sink`, chunk by chunk. */
  private async streamBody(
    response: Response,
    start: number,
    end: number,
    sink: (chunk: Uint8Array) => void,
  ): Promise<void> {
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
        if (done) break;
        if (received + value.byteLength > expected) {
          throw new FormatError(
            this.name,
            `${quoteForMessage(this.name)}: the server sent more than the ${expected} bytes requested for bytes ${start}-${end}. Check that the server supports HTTP range requests.`,
          );
        }
        sink(value);
        received += value.byteLength;
      }
    } finally {
      reader.releaseLock();
    }
    if (received < expected) {
      throw new TransientError(
        `the connection closed after ${received} of ${expected} bytes of bytes ${start}-${end}`,
      );
    }
  }
}

/** Aborts a request when no byte arrives for a while; each call to touch restarts the wait. */
class IdleTimer {
  fired = false;
  private timer: NodeJS.Timeout;

  constructor(
    private readonly controller: AbortController,
    private readonly timeoutMs: number,
  ) {
    this.timer = this.start();
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = this.start();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  message(): string {
    return `timed out after ${this.timeoutMs / 1000} s without data`;
  }

  private start(): NodeJS.Timeout {
    return setTimeout(() => {
      this.fired = true;
      this.controller.abort();
    }, this.timeoutMs);
  }
}
