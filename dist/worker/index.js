import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ // The require scope
/******/ var __nccwpck_require__ = {};
/******/ 
/************************************************************************/
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
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Vj: () => (/* binding */ SpecSourceCache),
  FH: () => (/* binding */ packUnitResult),
  P5: () => (/* binding */ serializeError),
  Qn: () => (/* binding */ unpackUnitResult)
});

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./src/errors.ts
/**
 * Error classes for every failure a user can act on. Entry points map each class to an exit code
 * and print its message alone; any other exception is a bug in model-diff and is reported as one.
 *
 * A message names the file or reference, says what is wrong with the numbers involved, and says
 * what to do next.
 */
/** Base class of the errors that carry a message meant for the user. */
class errors_ModelDiffError extends Error {
    name = "ModelDiffError";
}
/** Invalid command-line options or action inputs: which option, what was given, what is accepted. */
class errors_UsageError extends (/* unused pure expression or super */ null && (errors_ModelDiffError)) {
    name = "UsageError";
}
/** A reference that cannot be resolved to a checkpoint: missing path, ambiguous folder, wrong kind of file. */
class errors_InputError extends errors_ModelDiffError {
    name = "InputError";
}
/** Malformed checkpoint content: which file, which tensor or byte range, what rule it breaks. */
class errors_FormatError extends errors_ModelDiffError {
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
class errors_LimitError extends errors_ModelDiffError {
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

;// CONCATENATED MODULE: ./src/io/byte-source.ts
/**
 * Reads up to this size go through a source's blocking read where it has one. Checkpoints of many
 * small tensors take one such read per tensor. A 256-byte read from the page cache took about
 * 25 µs of CPU through fs/promises and 1 µs through readSync (Node 20, a 2-core Linux VM).
 * Larger reads stay asynchronous, so a slow disk blocks the thread for one small read at a time.
 */
const SYNC_READ_BYTES = (/* unused pure expression or super */ null && (64 * 1024));
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

;// CONCATENATED MODULE: ./src/visible-text.ts
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
        throw new UsageError(`${name}: "${text}" is not valid. Give a whole number of milliseconds, at least 1.`);
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
    if (error instanceof TransientError || error instanceof errors_ModelDiffError)
        return error;
    const failure = describeFetchFailure(error, url);
    if (failure === null)
        return error;
    const advice = networkAdvice(failure, hub);
    if (failure.retry === "none")
        return new errors_InputError(`${subject}: ${failure.reason}. ${advice}`);
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
            throw new errors_FormatError(this.name, `${quoteForMessage(this.name)}: cannot read bytes [${offset}, ${offset + length}): the file has ${this.size} ${this.size === 1 ? "byte" : "bytes"}.`);
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
        return new errors_InputError(`${quoteForMessage(this.name)}: reading ${shownUrl(this.url)} failed after ${attempts} attempts (${last.message}). ${advice}`);
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
            throw fetchFailureError(error, this.url, this.onHub, quoteForMessage(this.name));
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
                throw new errors_InputError(`${quoteForMessage(this.name)}: more than ${MAX_REDIRECTS} redirects from ${shownUrl(this.url)}. Check the URL or the Hub endpoint.`);
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
            throw new errors_InputError(`${quoteForMessage(this.name)}: ${shownUrl(from)} redirects to ${quoteForMessage(location)}, which is not an http or https URL. Check the URL or the Hub endpoint.`);
        }
        // A redirect from https to http would let anyone on the path change the bytes read.
        if (new URL(from).protocol === "https:" && target.protocol === "http:") {
            throw new errors_InputError(`${quoteForMessage(this.name)}: ${shownUrl(from)} redirects to ${shownUrl(target.href)}, which is plain http. model-diff does not leave https for a file, so it stopped. Check the URL or the Hub endpoint.`);
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
                throw new errors_FormatError(this.name, `${quoteForMessage(this.name)}: the server answered a request for bytes ${start}-${end} with status 200 and the whole file instead of 206 Partial Content. model-diff reads remote files by byte ranges only, so it stopped rather than download the file. Use a server that supports HTTP range requests.`);
            }
        }
        const range = status === 206 ? parseContentRange(response.headers.get("content-range")) : null;
        if (status === 206) {
            const total = range?.total ?? null;
            if (range === null || range.start !== start || range.end !== end || total === null) {
                void response.body?.cancel();
                throw new errors_FormatError(this.name, `${quoteForMessage(this.name)}: the server answered a request for bytes ${start}-${end} with Content-Range ${JSON.stringify(response.headers.get("content-range"))}, which does not match. Check that the server supports HTTP range requests.`);
            }
        }
        const total = range?.total ?? expectedSize;
        this.checkSameFile(chain, total);
        return { total };
    }
    checkSameFile(chain, total) {
        const changed = (what) => {
            void chain.response.body?.cancel();
            return new errors_FormatError(this.name, `${quoteForMessage(this.name)}: the file changed on the server during the diff (${what}). Run the diff again; a Hub revision pinned to a commit sha cannot change.`);
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
        const shown = quoteForMessage(this.name);
        const url = shownUrl(this.url);
        if (isTransientStatus(status)) {
            return new TransientError(`HTTP ${status}`, parseRetryAfter(response.headers.get("retry-after")));
        }
        if (status === 401 || status === 403) {
            return new errors_InputError(`${shown}: access denied (HTTP ${status}) at ${url}. The repository may be private or gated: set HF_TOKEN (or the hf-token input) to a token with access to it.`);
        }
        if (status === 404) {
            const code = response.headers.get("x-error-code");
            const advice = this.onHub
                ? "Check the reference and the revision."
                : "Check the URL: it must name a .safetensors file or a .safetensors.index.json shard index on that server.";
            return new errors_InputError(`${shown}: not found (HTTP 404${code ? `, ${code}` : ""}) at ${url}. ${advice}`);
        }
        if (status === 416) {
            return new errors_FormatError(this.name, `${shown}: the server rejected a byte range inside the file's size (HTTP 416), so the file is shorter than listed. It may have changed during the diff; run the diff again.`);
        }
        return new errors_InputError(`${shown}: the server returned HTTP ${status} at ${url}. Check the URL and the server.`);
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
                    throw new errors_FormatError(this.name, `${quoteForMessage(this.name)}: the server sent more than the ${expected} bytes requested for bytes ${start}-${end}. Check that the server supports HTTP range requests.`);
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

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
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
    const shown = quoteForMessage(target);
    const reason = fsErrorReason(code, context);
    return `cannot ${action} ${shown}: ${reason}`;
}
/** Returns an InputError with the message of describeFsError. */
function fsInputError(action, target, error, context = {}) {
    return new errors_InputError(describeFsError(action, target, error, context));
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
            handle = await (0,promises_namespaceObject.open)(path, READ_FLAGS);
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
            throw new errors_InputError(`${quoteForMessage(name)}: not a regular file (it is ${describeFileType(info)}). Pass a safetensors file.`);
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
            throw new errors_FormatError(this.name, `${quoteForMessage(this.name)}: cannot read bytes [${offset}, ${offset + length}): the file has ${this.size} ${this.size === 1 ? "byte" : "bytes"}.`);
        }
    }
    endedEarly(offset, length, done) {
        return new errors_FormatError(this.name, `${quoteForMessage(this.name)}: the file ended at byte ${offset + done} while reading [${offset}, ${offset + length}); it may have changed during the diff.`);
    }
    async close() {
        await this.handle.close();
    }
}

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
function dtypes_dtypeInfo(dtype) {
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

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
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
const kernels_BLOCK_ELEMENTS = 16_384;
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
    const base = dtypes_dtypeInfo(baseDtype).comparison;
    const head = dtypes_dtypeInfo(headDtype).comparison;
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
function kernels_byteEndOf(dtype, count) {
    return Math.ceil((count * dtypes_dtypeInfo(dtype).bits) / 8);
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
        blockSums: new Float64Array(Math.ceil(count / kernels_BLOCK_ELEMENTS) * SUMS_PER_BLOCK),
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
    const baseWidth = dtypes_dtypeInfo(baseDtype).bits / 8;
    const headWidth = dtypes_dtypeInfo(headDtype).bits / 8;
    const sameDtype = baseDtype === headDtype;
    const valuesA = new Float64Array(kernels_BLOCK_ELEMENTS);
    const valuesB = new Float64Array(kernels_BLOCK_ELEMENTS);
    const baseFormat = floatFormatOf(baseDtype);
    // The |delta| histogram and the magnitude buckets need a float base with a rounding step.
    const magnitudes = baseFormat !== undefined && dtypes_dtypeInfo(headDtype).comparison === "float";
    const keyTables = magnitudes ? magnitudeTables(baseDtype) : undefined;
    const tables = keyTables ?? {
        rowOfKey: new Int32Array(0),
        inverseUlpOfKey: new Float64Array(0),
        inverseUlpTailOfKey: new Float64Array(0),
    };
    const keys = new Int32Array(kernels_BLOCK_ELEMENTS);
    const joint = new Int32Array(PROFILE_BUCKETS * PROFILE_ULP_BINS);
    // Heads stored in bfloat16 or narrower hold only bfloat16-representable values.
    const headAlwaysBf16 = headDtype === "BF16" || dtypes_dtypeInfo(headDtype).bits <= 8;
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
            for (let start = 0, block = 0; start < count; start += kernels_BLOCK_ELEMENTS, block++) {
                const n = Math.min(kernels_BLOCK_ELEMENTS, count - start);
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
    else if (dtypes_dtypeInfo(dtype).bits === 16) {
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
            for (let start = 0, block = 0; start < count; start += kernels_BLOCK_ELEMENTS, block++) {
                const end = Math.min(count, start + kernels_BLOCK_ELEMENTS);
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
            for (let start = 0, block = 0; start < count; start += kernels_BLOCK_ELEMENTS, block++) {
                const end = Math.min(count, start + kernels_BLOCK_ELEMENTS);
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
    const bits = dtypes_dtypeInfo(dtype).bits;
    return {
        compare(base, head, firstElement, count) {
            const result = emptySegment(count);
            // firstElement is a multiple of BLOCK_ELEMENTS, so the run starts on a byte boundary.
            const firstBit = firstElement * bits;
            const byteStart = firstBit / 8;
            const byteCount = kernels_byteEndOf(dtype, firstElement + count) - byteStart;
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
    if ((0,external_node_os_namespaceObject.endianness)() !== "LE") {
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
const DEFAULT_CHUNK_BYTES = (/* unused pure expression or super */ null && (4 * 1024 * 1024));
/**
 * Bytes per side per unit when a side is remote. The contiguous ranges of a unit become one
 * range request per side, so a side costs 64 requests per GiB plus one per tensor end. The Hub
 * allows 3,000 /resolve/ requests per 5 minutes, which a 15 GB pair stays under unless it
 * downloads faster than about 100 MB/s (an estimate; docs/hub.md has the count).
 */
const REMOTE_CHUNK_BYTES = (/* unused pure expression or super */ null && (16 * 1024 * 1024));
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
function bytesPerElement(pair) {
    return Math.max(dtypeInfo(pair.base.dtype).bits, dtypeInfo(pair.head.dtype).bits) / 8;
}
/** Blocks per unit for a pair: as many as fit in `chunkBytes` per side, at least one. */
function blocksPerUnit(pair, chunkBytes) {
    return Math.max(1, Math.floor(chunkBytes / (BLOCK_ELEMENTS * bytesPerElement(pair))));
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
            return new FormatError(error.file ?? "", error.message);
        case "LimitError":
            return new LimitError(error.file ?? "", error.limit ?? "", error.message);
        case "InputError":
            return new InputError(error.message);
        case "UsageError":
            return new UsageError(error.message);
        case "ModelDiffError":
            return new ModelDiffError(error.message);
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
        const workers = Array.from({ length: size }, () => new Worker(script, { workerData, execArgv: [] }));
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
        this.chunkElements = Math.floor(SIMD_CHUNK_BYTES / (kernels_BLOCK_ELEMENTS * width)) * kernels_BLOCK_ELEMENTS;
        this.records = new Float64Array(exports.memory.buffer, RECORDS_OFFSET, (this.chunkElements / kernels_BLOCK_ELEMENTS) * RECORD_SLOTS);
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
            this.compareInput(0, firstElement + done, n, result, done / kernels_BLOCK_ELEMENTS, pairIndex);
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
        if (!input || count > this.chunkElements || firstElement % kernels_BLOCK_ELEMENTS !== 0) {
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
        const blocks = Math.ceil(count / kernels_BLOCK_ELEMENTS);
        for (let block = 0; block < blocks; block++) {
            const start = block * kernels_BLOCK_ELEMENTS;
            const n = Math.min(kernels_BLOCK_ELEMENTS, count - start);
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
        for (let start = 0, block = 0; start < count; start += kernels_BLOCK_ELEMENTS, block++) {
            if (!isProfiledBlock(pairIndex, (firstElement + start) / kernels_BLOCK_ELEMENTS))
                continue;
            if (!sampled)
                counters.fill(0);
            sampled = true;
            const n = Math.min(kernels_BLOCK_ELEMENTS, count - start);
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
        const start = block * kernels_BLOCK_ELEMENTS;
        const offset = this.locate(slot, start, Math.min(kernels_BLOCK_ELEMENTS, count - start), delta);
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
        kernel.compareInput(slot, segment.firstElement + chunk.done, chunk.count, results[chunk.job], chunk.done / kernels_BLOCK_ELEMENTS, segment.pairIndex);
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
            const bits = Math.max(dtypes_dtypeInfo(segment.baseDtype).bits, dtypes_dtypeInfo(segment.headDtype).bits);
            const piece = Math.max(1, Math.floor((PIECE_BYTES * 8) / (kernels_BLOCK_ELEMENTS * bits))) * kernels_BLOCK_ELEMENTS;
            for (let start = 0; start < segment.elementCount; start += piece) {
                const count = Math.min(piece, segment.elementCount - start);
                const baseStart = basePosition + kernels_byteEndOf(segment.baseDtype, start);
                const baseEnd = basePosition + kernels_byteEndOf(segment.baseDtype, start + count);
                const headStart = headPosition + kernels_byteEndOf(segment.headDtype, start);
                const headEnd = headPosition + kernels_byteEndOf(segment.headDtype, start + count);
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
        throw new errors_FormatError(spec.name, `${spec.name}: the file has ${source.size} bytes now but had ${spec.size} bytes when it was opened; it changed during the diff. Run the diff again once the file is complete.`);
    }
    return source;
}
/** Copies an error's fields that the main thread needs to rebuild it. */
function serializeError(error) {
    if (error instanceof errors_FormatError) {
        return { kind: "FormatError", message: error.message, file: error.file };
    }
    if (error instanceof errors_LimitError) {
        return { kind: "LimitError", message: error.message, file: error.file, limit: error.limit };
    }
    if (error instanceof errors_ModelDiffError)
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

var __webpack_exports__SpecSourceCache = __webpack_exports__.Vj;
var __webpack_exports__packUnitResult = __webpack_exports__.FH;
var __webpack_exports__serializeError = __webpack_exports__.P5;
var __webpack_exports__unpackUnitResult = __webpack_exports__.Qn;
export { __webpack_exports__SpecSourceCache as SpecSourceCache, __webpack_exports__packUnitResult as packUnitResult, __webpack_exports__serializeError as serializeError, __webpack_exports__unpackUnitResult as unpackUnitResult };
