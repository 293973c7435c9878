/**
 * Network faults during a whole remote diff: each one ends in retries whose report is
 * byte-identical to the fault-free report, or in a typed error that names the file or URL.
 */

import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { compareCheckpoints, type RunLog } from "../../src/compare.js";
import { FormatError, InputError } from "../../src/errors.js";
import { resolveCommit } from "../../src/hub/client.js";
import { HttpRangeSource } from "../../src/io/http-range.js";
import type { DiffOptions } from "../../src/options.js";
import { renderJson } from "../../src/report/json.js";
import { FakeHub, fakeCommit, noFaults } from "../helpers/fake-hub.js";
import { checkpointPair, hubFiles } from "./fixtures.js";

const pair = checkpointPair();
const commits = { base: fakeCommit("faults-base"), head: fakeCommit("faults-head") };
const hub = new FakeHub();
const TOKEN = "hf_FAKEfaultsToken000000000000000000";

/** A server on another port of 127.0.0.1 that records each request and returns 404. */
const otherRequests: { url: string; authorization: string | null }[] = [];
const other = http.createServer((request, response) => {
  otherRequests.push({
    url: request.url ?? "",
    authorization: request.headers.authorization ?? null,
  });
  response.writeHead(404, { "Content-Type": "application/json" });
  response.end("{}");
});
let otherOrigin = "";

/** Idle timeout of each request in these runs, in ms. */
const TIMEOUT_MS = 300;

beforeAll(async () => {
  hub.token = TOKEN;
  hub.addRepo({
    id: "org/model",
    private: true,
    commits: { [commits.base]: hubFiles(pair.base), [commits.head]: hubFiles(pair.full) },
    refs: { main: commits.head, v1: commits.base },
  });
  await hub.start();
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  // compareCheckpoints reads these; each test file runs in its own process.
  process.env.MODEL_DIFF_HUB_RETRY_DELAY_MS = "1";
  process.env.MODEL_DIFF_HUB_TIMEOUT_MS = String(TIMEOUT_MS);
  expected.hub = await reportJson(hubOptions());
  expected.url = await reportJson(urlOptions());
});

afterAll(async () => {
  await hub.stop();
  other.closeAllConnections();
  await new Promise<void>((resolve) => other.close(() => resolve()));
});

afterEach(() => {
  hub.faults = noFaults();
  hub.resetLog();
  otherRequests.length = 0;
});

/** Fault-free JSON reports, the reference for every retried run. */
const expected = { hub: "", url: "" };

function options(base: string, head: string): DiffOptions {
  return {
    base,
    head,
    baseRevision: null,
    headRevision: null,
    threshold: 1e-6,
    workers: 1,
    top: 15,
    mode: "full",
    hub: { endpoint: hub.endpoint, token: TOKEN },
  };
}

function hubOptions(): DiffOptions {
  return options("hf://org/model@v1", "hf://org/model");
}

/** Returns options that read the same pair by URL: shard indexes at pinned /resolve/ URLs. */
function urlOptions(): DiffOptions {
  const index = (commit: string) =>
    `${hub.endpoint}/org/model/resolve/${commit}/model.safetensors.index.json`;
  return options(index(commits.base), index(commits.head));
}

interface Captured extends RunLog {
  warnings: string[];
}

function captureLog(): Captured {
  const warnings: string[] = [];
  return {
    warnings,
    info: () => {},
    warning: (message) => warnings.push(message),
    debug: () => {},
    progress: () => {},
    phase: (_name, work) => work(),
  };
}

async function reportJson(
  diffOptions: DiffOptions,
  log: RunLog = captureLog(),
  onResolved?: () => void,
): Promise<string> {
  const report = await compareCheckpoints(diffOptions, log, {
    inputsResolved: () => onResolved?.(),
  });
  return renderJson(report);
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (caught: Error) => caught,
  );
  if (error === null) throw new Error("expected the run to fail");
  return error;
}

/** Bytes cut from a body before a fault; data reads are longer, header reads shorter. */
const CUT_AFTER = 1000;

describe("faults that a retry fixes", () => {
  const cases: { name: string; set: () => void; reason: RegExp }[] = [
    {
      name: "connection reset mid-body",
      set: () => {
        hub.faults.resetBodies = 2;
      },
      reason: /connection reset by 127\.0\.0\.1:\d+/,
    },
    {
      name: "body shorter than Content-Length",
      set: () => {
        hub.faults.dropBodies = 2;
      },
      reason: /connection reset by 127\.0\.0\.1:\d+/,
    },
    {
      name: "complete response with a short body",
      set: () => {
        hub.faults.shortBodies = 2;
      },
      reason: /the connection closed after 1000 of \d+ bytes/,
    },
    {
      name: "body stalled past the timeout",
      set: () => {
        hub.faults.stalledBodies = 1;
        hub.faults.stallMs = TIMEOUT_MS * 4;
      },
      reason: /timed out after 0\.3 s without data/,
    },
    {
      name: "API call stalled past the timeout",
      set: () => {
        hub.faults.stalledApiCalls = 1;
        hub.faults.stallMs = TIMEOUT_MS * 4;
      },
      reason: /timed out waiting for 127\.0\.0\.1:\d+/,
    },
    {
      name: "server errors",
      set: () => {
        hub.faults.serverErrors = 3;
      },
      reason: /HTTP 503/,
    },
  ];
  for (const testCase of cases) {
    it(`gives the fault-free report after a ${testCase.name}`, async () => {
      hub.faults.dropAfterBytes = CUT_AFTER;
      testCase.set();
      const log = captureLog();
      const json = await reportJson(hubOptions(), log);
      expect(json).toBe(expected.hub);
      expect(log.warnings.length).toBeGreaterThan(0);
      for (const warning of log.warnings) expect(warning).toMatch(testCase.reason);
      expect(log.warnings.join("\n")).not.toContain(TOKEN);
    });
  }

  it("follows API redirects within the endpoint's origin", async () => {
    hub.faults.apiRedirects = 3;
    expect(await reportJson(hubOptions())).toBe(expected.hub);
    const redirects = hub.requests.filter((entry) => entry.status === 307);
    expect(redirects.filter((entry) => entry.url.startsWith("/api/"))).toHaveLength(3);
    for (const entry of hub.requests.filter((request) => request.server === "hub")) {
      expect(entry.authorization).toBe(`Bearer ${TOKEN}`);
    }
  });

  it("gives the fault-free report of a URL after a reset", async () => {
    hub.faults.dropAfterBytes = CUT_AFTER;
    hub.faults.resetBodies = 2;
    const log = captureLog();
    expect(await reportJson(urlOptions(), log)).toBe(expected.url);
    expect(log.warnings).toHaveLength(2);
  });

  it("sends the token to the Hub origin only", async () => {
    hub.faults.dropAfterBytes = CUT_AFTER;
    hub.faults.resetBodies = 2;
    await reportJson(hubOptions());
    const cdn = hub.requests.filter((entry) => entry.server === "cdn");
    expect(cdn.length).toBeGreaterThan(0);
    for (const entry of cdn) expect(entry.authorization).toBeNull();
  });
});

describe("faults that end the run", () => {
  async function expectError(
    diffOptions: DiffOptions,
    type: typeof InputError | typeof FormatError,
    message: RegExp,
    onResolved?: () => void,
  ): Promise<Error> {
    const error = await failure(reportJson(diffOptions, captureLog(), onResolved));
    expect(error, error.message).toBeInstanceOf(type);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(TOKEN);
    return error;
  }

  it("rejects a 416 for a range inside the listed size", async () => {
    hub.faults.rangeNotSatisfiable = 1;
    await expectError(
      hubOptions(),
      FormatError,
      /^"org\/model@[0-9a-f]{7}:model\.safetensors\.index\.json": the server rejected a byte range inside the file's size \(HTTP 416\)/,
    );
  });

  it("rejects a 416 on a URL", async () => {
    hub.faults.rangeNotSatisfiable = 1;
    await expectError(
      urlOptions(),
      FormatError,
      new RegExp(
        `^"${hub.endpoint}/org/model/resolve/${commits.base}/model\\.safetensors\\.index\\.json": .*HTTP 416`,
      ),
    );
  });

  it("rejects a 200 to a range request", async () => {
    hub.faults.ignoreRange = true;
    await expectError(
      hubOptions(),
      FormatError,
      /^"org\/model@[0-9a-f]{7}:model-0000[12]-of-00002\.safetensors": the server answered a request for bytes 0-\d+ with status 200 and the whole file/,
    );
  });

  it("stops when the ETag changes between two ranges", async () => {
    hub.faults.dropAfterBytes = CUT_AFTER;
    await expectError(
      hubOptions(),
      FormatError,
      /the file changed on the server during the diff \(its ETag is .*-changed" now/,
      () => {
        // The first data read gets the old entity tag and the second the new one.
        hub.faults.changeEtagAfterReads = hub.fileReadCount + 1;
      },
    );
  });

  it("stops when every attempt times out", async () => {
    hub.faults.dropAfterBytes = CUT_AFTER;
    hub.faults.stalledBodies = 100;
    hub.faults.stallMs = TIMEOUT_MS * 4;
    await expectError(
      hubOptions(),
      InputError,
      /^"org\/model@[0-9a-f]{7}:model-0000[12]-of-00002\.safetensors": reading .* failed after 6 attempts \(timed out after 0\.3 s without data\)/,
    );
  });

  it("bounds a redirect loop on /resolve/", async () => {
    hub.faults.resolveLoop = true;
    await expectError(
      hubOptions(),
      InputError,
      /^"org\/model@[0-9a-f]{7}:model\.safetensors\.index\.json": more than 5 redirects from http:\/\/127\.0\.0\.1:\d+\/org\/model\/resolve\//,
    );
  });

  it("bounds a redirect loop of the API", async () => {
    hub.faults.apiRedirects = 1000;
    await expectError(
      hubOptions(),
      InputError,
      /^Hub repository "org\/model": more than 5 redirects from http:\/\/127\.0\.0\.1:\d+\/api\/models\/org\/model\/revision\/v1\./,
    );
    // Both revisions are opened at once, and each stops after the first request and 5 redirects.
    const revisionRequests = (revision: string) =>
      hub.requests.filter((request) => request.url.includes(`/revision/${revision}`));
    expect(revisionRequests("v1")).toHaveLength(6);
    expect(revisionRequests("main")).toHaveLength(6);
    expect(hub.requests).toHaveLength(12);
  });

  it("rejects an API redirect to another origin", async () => {
    hub.faults.apiRedirectOrigin = otherOrigin;
    await expectError(
      hubOptions(),
      InputError,
      new RegExp(
        `^Hub repository "org/model": the Hub API at ${hub.endpoint}/api/models/org/model/revision/v1 redirected to ${otherOrigin}/api/models/org/model/revision/v1, which is not on the endpoint's origin`,
      ),
    );
    expect(otherRequests).toEqual([]);
  });

  it("rejects a listing page on another origin", async () => {
    hub.faults.treeNextOrigin = otherOrigin;
    await expectError(
      hubOptions(),
      InputError,
      new RegExp(
        `^Hub repository "org/model": the Hub API pointed the next request at ${otherOrigin}/api/models/org/model/tree/`,
      ),
    );
    expect(otherRequests).toEqual([]);
  });
});

describe("redirects of an API call", () => {
  it("rejects a redirect from https to http on the same host", async () => {
    const seen: string[] = [];
    // The transport runs in process, so nothing connects to these URLs.
    const transport: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response(null, {
        status: 307,
        headers: { location: "http://127.0.0.1:1/api/models/org/model/revision/main" },
      });
    };
    const error = await failure(
      resolveCommit(
        { endpoint: "https://127.0.0.1:1", token: TOKEN, fetch: transport },
        "org/model",
        "main",
      ),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^Hub repository "org\/model": the Hub API at https:\/\/127\.0\.0\.1:1\/api\/models\/org\/model\/revision\/main redirected to http:\/\/127\.0\.0\.1:1\/api\/models\/org\/model\/revision\/main, which is not on the endpoint's origin https:\/\/127\.0\.0\.1:1\./,
    );
    expect(seen).toHaveLength(1);
  });
});

describe("redirects of a file", () => {
  /** Returns a transport that redirects the first request and returns a 1-byte file to the rest. */
  function redirecting(location: string, seen: { url: string; authorization: string | null }[]) {
    const transport: typeof fetch = async (input, init) => {
      const url = String(input);
      const headers = new Headers(init?.headers);
      seen.push({ url, authorization: headers.get("authorization") });
      if (seen.length === 1) return new Response(null, { status: 302, headers: { location } });
      return new Response(new Uint8Array([7]), {
        status: 206,
        headers: { "content-range": "bytes 0-0/1", etag: '"a"' },
      });
    };
    return transport;
  }

  function open(url: string, transport: typeof fetch) {
    return HttpRangeSource.open({
      url,
      name: "weights.safetensors",
      size: null,
      token: TOKEN,
      commit: null,
      sha256: null,
      fetch: transport,
    });
  }

  it("rejects a redirect from https to http", async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    // The transport runs in process, so nothing connects to these URLs.
    const error = await failure(
      open(
        "https://127.0.0.1:1/w.safetensors",
        redirecting("http://127.0.0.1:1/cdn/w.safetensors?sig=1", seen),
      ),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      '"weights.safetensors": https://127.0.0.1:1/w.safetensors redirects to http://127.0.0.1:1/cdn/w.safetensors, which is plain http. model-diff does not leave https for a file, so it stopped. Check the URL or the Hub endpoint.',
    );
    expect(seen.map((entry) => entry.url)).toEqual(["https://127.0.0.1:1/w.safetensors"]);
  });

  it("follows a redirect to another https origin without the token", async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    const source = await open(
      "https://127.0.0.1:1/w.safetensors",
      redirecting("https://127.0.0.1:2/cdn/w.safetensors", seen),
    );
    expect(source.size).toBe(1);
    expect(seen).toEqual([
      { url: "https://127.0.0.1:1/w.safetensors", authorization: `Bearer ${TOKEN}` },
      { url: "https://127.0.0.1:2/cdn/w.safetensors", authorization: null },
    ]);
  });
});
