import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { type HubConnection, resolveCommit } from "../../src/hub/client.js";
import { HttpRangeSource } from "../../src/io/http-range.js";
import { describeFetchFailure } from "../../src/io/network-error.js";
import type { RetryEvent, RetrySettings } from "../../src/io/retry.js";
import { bufferContent, FakeHub, fakeCommit } from "../helpers/fake-hub.js";

/** Short waits, so retries cost milliseconds; a refused connection gets 2 attempts. */
const FAST_RETRY: RetrySettings = {
  attempts: 4,
  shortAttempts: 2,
  baseDelayMs: 1,
  maxDelayMs: 20,
  idleTimeoutMs: 300,
};

/** Builds an error shaped like the one Node's fetch throws, with the cause that undici sets. */
function fetchError(cause: { code?: string; message: string }): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(cause.message), cause) });
}

describe("describeFetchFailure", () => {
  const url = "https://hub.test/api/models/org/name";
  const cases: [string, unknown, string, string][] = [
    [
      "refused",
      fetchError({ code: "ECONNREFUSED", message: "connect ECONNREFUSED" }),
      "connection refused by hub.test:443",
      "short",
    ],
    [
      "DNS not found",
      fetchError({ code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND hub.test" }),
      "host hub.test not found (DNS)",
      "none",
    ],
    [
      "DNS temporary",
      fetchError({ code: "EAI_AGAIN", message: "getaddrinfo EAI_AGAIN hub.test" }),
      "host hub.test not found (DNS, temporary failure)",
      "short",
    ],
    [
      "self-signed certificate",
      fetchError({ code: "DEPTH_ZERO_SELF_SIGNED_CERT", message: "self-signed certificate" }),
      "TLS failure with hub.test:443 (self-signed certificate)",
      "none",
    ],
    [
      "expired certificate",
      fetchError({ code: "CERT_HAS_EXPIRED", message: "certificate has expired" }),
      "TLS failure with hub.test:443 (certificate has expired)",
      "none",
    ],
    [
      "reset",
      fetchError({ code: "ECONNRESET", message: "read ECONNRESET" }),
      "connection reset by hub.test:443",
      "full",
    ],
    [
      "socket closed",
      new TypeError("terminated", {
        cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
      }),
      "connection reset by hub.test:443",
      "full",
    ],
    [
      "connect timeout",
      fetchError({ code: "UND_ERR_CONNECT_TIMEOUT", message: "Connect Timeout Error" }),
      "timed out waiting for hub.test:443",
      "full",
    ],
    [
      "abort by timeout",
      new DOMException("The operation was aborted due to timeout", "TimeoutError"),
      "timed out waiting for hub.test:443",
      "full",
    ],
    [
      "AggregateError of two addresses",
      new TypeError("fetch failed", {
        cause: Object.assign(new AggregateError([], ""), {
          errors: [{ code: "ECONNREFUSED" }, { code: "ECONNREFUSED" }],
        }),
      }),
      "connection refused by hub.test:443",
      "short",
    ],
  ];
  for (const [name, error, reason, retry] of cases) {
    it(`describes ${name}`, () => {
      const failure = describeFetchFailure(error, url);
      expect(failure?.reason).toBe(reason);
      expect(failure?.retry).toBe(retry);
    });
  }

  it("passes on errors that are not network failures", () => {
    expect(describeFetchFailure(new InputError("x"), url)).toBeNull();
    expect(describeFetchFailure(new TypeError("x is not a function"), url)).toBeNull();
    expect(describeFetchFailure(new Error("plain"), url)).toBeNull();
  });
});

/** Starts a server on 127.0.0.1 and returns its port. */
async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: net.Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Returns a port that nothing listens on, by releasing one a server had. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await close(server);
  return port;
}

function connection(endpoint: string, events: RetryEvent[]): HubConnection {
  return {
    endpoint,
    token: null,
    retry: FAST_RETRY,
    onRetry: (event) => events.push(event),
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (caught: Error) => caught,
  );
  if (error === null) throw new Error("expected the call to fail");
  return error;
}

describe("Hub API calls without a server", () => {
  const resetting = net.createServer((socket) => socket.resetAndDestroy());
  const plainHttp = http.createServer((_request, response) => response.end("{}"));
  const silent = net.createServer(() => {});
  const ports = { resetting: 0, plainHttp: 0, silent: 0 };

  beforeAll(async () => {
    ports.resetting = await listen(resetting);
    ports.plainHttp = await listen(plainHttp);
    ports.silent = await listen(silent);
  });
  afterAll(async () => {
    silent.close();
    await Promise.all([close(resetting), close(plainHttp)]);
  });

  it("gives up early on a refused connection", async () => {
    const port = await closedPort();
    const events: RetryEvent[] = [];
    const error = await failure(
      resolveCommit(connection(`http://127.0.0.1:${port}`, events), "org/name", "main"),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `Hub repository "org/name": the request to http://127.0.0.1:${port} failed after 2 attempts (connection refused by 127.0.0.1:${port}). Check the network connection, any proxy (see the README) and the Hub endpoint (HF_ENDPOINT, --hf-endpoint or the hf-endpoint input), then run the diff again.`,
    );
    expect(events.map((event) => [event.reason, event.attempt, event.attempts])).toEqual([
      [`connection refused by 127.0.0.1:${port}`, 1, 2],
    ]);
  });

  it("retries a reset connection fully", async () => {
    const events: RetryEvent[] = [];
    const endpoint = `http://127.0.0.1:${ports.resetting}`;
    const error = await failure(resolveCommit(connection(endpoint, events), "org/name", "main"));
    expect(error.message).toContain(
      `failed after 4 attempts (connection reset by 127.0.0.1:${ports.resetting})`,
    );
    expect(events).toHaveLength(3);
  });

  it("retries a server that never answers", async () => {
    const events: RetryEvent[] = [];
    const endpoint = `http://127.0.0.1:${ports.silent}`;
    const error = await failure(resolveCommit(connection(endpoint, events), "org/name", "main"));
    expect(error.message).toContain(
      `failed after 4 attempts (timed out waiting for 127.0.0.1:${ports.silent})`,
    );
    expect(events).toHaveLength(3);
  });

  it("does not retry https against an http server", async () => {
    const events: RetryEvent[] = [];
    const endpoint = `https://127.0.0.1:${ports.plainHttp}`;
    const error = await failure(resolveCommit(connection(endpoint, events), "org/name", "main"));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `Hub repository "org/name": TLS failure with 127.0.0.1:${ports.plainHttp} (ERR_SSL_WRONG_VERSION_NUMBER; the server may speak http, not https). Check the scheme and host in the Hub endpoint (HF_ENDPOINT, --hf-endpoint or the hf-endpoint input). For a certificate from a private certificate authority, add the authority with NODE_EXTRA_CA_CERTS.`,
    );
    expect(events).toEqual([]);
  });

  it("does not retry a port that fetch blocks", async () => {
    const events: RetryEvent[] = [];
    // Port 9 (discard) is on the Fetch standard's list of bad ports, so no connection is made.
    const error = await failure(
      resolveCommit(connection("http://127.0.0.1:9", events), "org/name", "main"),
    );
    expect(error.message).toBe(
      `Hub repository "org/name": port 9 is on the Fetch standard's list of blocked ports, so fetch does not connect to 127.0.0.1:9. Use another port in the Hub endpoint (HF_ENDPOINT, --hf-endpoint or the hf-endpoint input).`,
    );
    expect(events).toEqual([]);
  });

  it("does not retry a host that DNS does not know", async () => {
    const events: RetryEvent[] = [];
    let calls = 0;
    // No lookup leaves the machine: the transport fails as fetch does for an unknown host.
    const notFound: typeof fetch = async () => {
      calls++;
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("getaddrinfo ENOTFOUND hub.test"), { code: "ENOTFOUND" }),
      });
    };
    const error = await failure(
      resolveCommit(
        { ...connection("https://hub.test", events), fetch: notFound },
        "org/name",
        "main",
      ),
    );
    expect(error.message).toBe(
      `Hub repository "org/name": host hub.test not found (DNS). Check the network connection, any proxy (see the README) and the Hub endpoint (HF_ENDPOINT, --hf-endpoint or the hf-endpoint input), then run the diff again.`,
    );
    expect(calls).toBe(1);
    expect(events).toEqual([]);
  });
});

describe("range reads without a server", () => {
  const hub = new FakeHub();
  const commit = fakeCommit("network");
  const bytes = new Uint8Array(64).map((_, i) => i);

  beforeAll(async () => {
    hub.addRepo({
      id: "org/blob",
      commits: {
        [commit]: [{ path: "w.safetensors", content: bufferContent(bytes), lfs: true }],
      },
      refs: { main: commit },
    });
    await hub.start();
  });
  afterAll(() => hub.stop());

  it("names the host of a refused connection", async () => {
    const port = await closedPort();
    const events: RetryEvent[] = [];
    const url = `http://127.0.0.1:${port}/files/model.safetensors`;
    const error = await failure(
      HttpRangeSource.open({
        url,
        name: url,
        size: null,
        token: null,
        commit: null,
        sha256: null,
        retry: FAST_RETRY,
        onRetry: (event) => events.push(event),
      }),
    );
    expect(error.message).toBe(
      `"${url}": reading ${url} failed after 2 attempts (connection refused by 127.0.0.1:${port}). Check the network connection, any proxy (see the README) and the URL, then run the diff again.`,
    );
    expect(events).toHaveLength(1);
  });

  it("words a 404 on a URL without a revision", async () => {
    const url = `${hub.endpoint}/org/blob/resolve/${commit}/absent.safetensors`;
    const error = await failure(
      HttpRangeSource.open({
        url,
        name: url,
        size: null,
        token: null,
        commit: null,
        sha256: null,
        retry: FAST_RETRY,
      }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/not found \(HTTP 404, EntryNotFound\)/);
    expect(error.message).toMatch(
      /Check the URL: it must name a \.safetensors file or a \.safetensors\.index\.json shard index on that server\.$/,
    );
    expect(error.message).not.toContain("revision");
  });

  it("keeps the revision advice for a Hub file", async () => {
    const url = `${hub.endpoint}/org/blob/resolve/${commit}/absent.safetensors`;
    const error = await failure(
      HttpRangeSource.open({
        url,
        name: "org/blob:absent.safetensors",
        size: null,
        token: null,
        commit,
        sha256: null,
        retry: FAST_RETRY,
      }),
    );
    expect(error.message).toMatch(/Check the reference and the revision\.$/);
  });
});
