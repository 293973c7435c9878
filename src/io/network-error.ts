/**
 * Requests that got no HTTP response, described in plain words from the errors of Node's fetch
 * (undici), with how many attempts each kind deserves.
 */

import { InputError, ModelDiffError } from "../errors.js";
import { TransientError } from "./retry.js";

/** How often a failure is retried: not at all, a few times, or with the full retry budget. */
export type RetryBudget = "none" | "short" | "full";

export type NetworkFailureKind =
  | "connection-refused"
  | "host-not-found"
  | "unreachable"
  | "tls"
  | "timed-out"
  | "connection-reset"
  | "blocked-port"
  | "invalid-url"
  | "other";

/** A request that failed before an HTTP status arrived. */
export interface NetworkFailure {
  kind: NetworkFailureKind;
  /** The failure with the server's host:port, such as `connection refused by 127.0.0.1:8080`. */
  reason: string;
  retry: RetryBudget;
}

/** Error codes of TLS failures that another attempt cannot fix (certificate or protocol). */
const TLS_CODE = /CERT|^ERR_SSL_|^ERR_TLS_|^UNABLE_TO_|^EPROTO$/;

/** Returns `host:port` of a URL, with the scheme's default port filled in. */
export function hostAndPort(url: string): string {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === "https:" ? "443" : "80");
    return `${parsed.hostname}:${port}`;
  } catch {
    return "(invalid URL)";
  }
}

interface CauseLike {
  name?: string;
  code?: string;
  message?: string;
  errors?: { code?: string }[];
}

/** Returns the error code and message of fetch's underlying cause, or of the error itself. */
function causeOf(error: unknown): {
  code: string | undefined;
  message: string;
  name: string;
  outerMessage: string;
} {
  const outer = error as (CauseLike & { cause?: CauseLike }) | null | undefined;
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

function failure(kind: NetworkFailureKind, reason: string, retry: RetryBudget): NetworkFailure {
  return { kind, reason, retry };
}

/**
 * Describes a failed fetch of `url`. Returns null for errors that are not network failures
 * (for example a typed error of model-diff), which the caller passes on unchanged.
 */
export function describeFetchFailure(error: unknown, url: string): NetworkFailure | null {
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
    const plainHttp =
      code === "ERR_SSL_WRONG_VERSION_NUMBER" ? "; the server may speak http, not https" : "";
    return failure("tls", `TLS failure with ${address} (${detail}${plainHttp})`, "none");
  }
  if (message === "bad port") {
    const port = address.replace(/^.*:/, "");
    return failure(
      "blocked-port",
      `port ${port} is on the Fetch standard's list of blocked ports, so fetch does not connect to ${address}`,
      "none",
    );
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
export function networkAdvice(failure: NetworkFailure, hub: boolean): string {
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
export function fetchFailureError(
  error: unknown,
  url: string,
  hub: boolean,
  subject: string,
): unknown {
  if (error instanceof TransientError || error instanceof ModelDiffError) return error;
  const failure = describeFetchFailure(error, url);
  if (failure === null) return error;
  const advice = networkAdvice(failure, hub);
  if (failure.retry === "none") return new InputError(`${subject}: ${failure.reason}. ${advice}`);
  return new TransientError(failure.reason, null, failure.retry, advice);
}
