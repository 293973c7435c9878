import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FormatError, InputError } from "../../src/errors.js";
import { resolveUrl } from "../../src/hub/client.js";
import { HttpRangeSource } from "../../src/io/http-range.js";
import type { RetryEvent, RetrySettings } from "../../src/io/retry.js";
import { Random } from "../diff/helpers.js";
import { bufferContent, FakeHub, fakeCommit, noFaults } from "../helpers/fake-hub.js";

const commit = fakeCommit("one");
const bytes = new Random(3).bytes(300_000);
const small = new TextEncoder().encode('{"weight_map": {}}');
const hub = new FakeHub();

/** Short waits, so retries cost milliseconds. */
const FAST_RETRY: RetrySettings = {
  attempts: 3,
  shortAttempts: 2,
  baseDelayMs: 1,
  maxDelayMs: 50,
  idleTimeoutMs: 2000,
};

beforeAll(async () => {
  hub.addRepo({
    id: "org/blob",
    commits: {
      [commit]: [
        { path: "weights.safetensors", content: bufferContent(bytes), lfs: true },
        { path: "index.json", content: bufferContent(small), lfs: false },
      ],
    },
    refs: { main: commit },
  });
  await hub.start();
});

afterAll(() => hub.stop());

afterEach(() => {
  hub.faults = noFaults();

  hub.resetLog();
});

async function open(
  path: string,
  events: RetryEvent[] = [],
  token: string | null = null,
  retry: RetrySettings = FAST_RETRY,
): Promise<HttpRangeSource> {
  return HttpRangeSource.open({
    url: resolveUrl(hub.endpoint, "org/blob", commit, path),
    name: `org/blob:${path}`,
    size: null,
    token,
    commit,
    sha256: null,
    retry,
    onRetry: (event) => events.push(event),
  });
}

async function readAll(
  source: HttpRangeSource,
  offset: number,
  length: number,
): Promise<Uint8Array> {
  const target = new Uint8Array(length);
  await source.read(offset, length, target);
  return target;
}

describe("HTTP range source", () => {
  it("reads ranges through the CDN redirect", async () => {
    const source = await open("weights.safetensors");
    expect(source.size).toBe(bytes.byteLength);
    expect(await readAll(source, 1000, 70_000)).toEqual(bytes.subarray(1000, 71_000));
    const cdn = hub.requests.filter((entry) => entry.server === "cdn");
    expect(cdn.map((entry) => entry.range)).toEqual(["bytes=0-0", "bytes=1000-70999"]);
  });

  it("reads a git file through the resolve cache", async () => {
    const source = await open("index.json", [], hub.token);
    expect(await readAll(source, 0, small.byteLength)).toEqual(small);
    expect(hub.requests.every((entry) => entry.server === "hub")).toBe(true);
    expect(hub.requests.map((entry) => entry.status)).toEqual([307, 206, 307, 206]);
    // The cache is on the Hub's own origin, so the token still goes with the request.
    for (const entry of hub.requests) expect(entry.authorization).toBe(`Bearer ${hub.token}`);
  });

  it("reports progress in order", async () => {
    const source = await open("weights.safetensors");
    const progress: number[] = [];
    const target = new Uint8Array(bytes.byteLength);
    await source.read(0, bytes.byteLength, target, 0, (filled) => progress.push(filled));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toBe(bytes.byteLength);
  });

  it("sends the token to the Hub and never to the CDN", async () => {
    const source = await open("weights.safetensors", [], hub.token);
    await readAll(source, 0, 100);
    const hubEntries = hub.requests.filter((entry) => entry.server === "hub");
    const cdnEntries = hub.requests.filter((entry) => entry.server === "cdn");
    expect(hubEntries.length).toBe(2);
    for (const entry of hubEntries) expect(entry.authorization).toBe(`Bearer ${hub.token}`);
    expect(cdnEntries.length).toBe(2);
    for (const entry of cdnEntries) expect(entry.authorization).toBeNull();
  });

  it("resumes a body dropped midway", async () => {
    const events: RetryEvent[] = [];
    const source = await open("weights.safetensors", events);
    hub.faults.dropBodies = 1;
    hub.faults.dropAfterBytes = 100_000;
    expect(await readAll(source, 0, 250_000)).toEqual(bytes.subarray(0, 250_000));
    expect(events).toHaveLength(1);
    expect(events[0]?.reason).toMatch(/connection/);
    const ranges = hub.requests
      .filter((entry) => entry.server === "cdn")
      .map((entry) => entry.range);
    expect(ranges[1]).toBe("bytes=0-249999");
    // The second request starts where the bytes received before the drop end.
    const resumedAt = Number(/^bytes=(\d+)-249999$/.exec(ranges[2] ?? "")?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(100_000);
    expect(ranges).toHaveLength(3);
  });

  it("retries a 503 and then succeeds", async () => {
    const events: RetryEvent[] = [];
    const source = await open("weights.safetensors", events);
    hub.faults.serverErrors = 2;
    expect(await readAll(source, 5, 10)).toEqual(bytes.subarray(5, 15));
    expect(events.map((event) => event.reason)).toEqual(["HTTP 503", "HTTP 503"]);
  });

  it("honours Retry-After", async () => {
    const events: RetryEvent[] = [];
    const source = await open("weights.safetensors", events, null, {
      ...FAST_RETRY,
      maxDelayMs: 5000,
    });
    hub.faults.rateLimited = 1;
    hub.faults.retryAfterSeconds = 1;
    const started = Date.now();
    await readAll(source, 0, 10);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(events[0]?.delayMs).toBe(1000);
  });

  it("stops after the last attempt", async () => {
    const source = await open("weights.safetensors");
    hub.faults.serverErrors = 10;
    await expect(readAll(source, 0, 10)).rejects.toThrow(InputError);
    hub.faults.serverErrors = 10;
    await expect(readAll(source, 0, 10)).rejects.toThrow(/failed after 3 attempts \(HTTP 503\)/);
  });

  it("rejects a 200 to a range request", async () => {
    const source = await open("weights.safetensors");
    hub.faults.ignoreRange = true;
    const read = readAll(source, 10, 10);
    await expect(read).rejects.toThrow(FormatError);
    await expect(readAll(source, 10, 10)).rejects.toThrow(/status 200 and the whole file/);
  });

  it("accepts a 200 with the whole file to a whole-file range", async () => {
    const source = await open("index.json");
    hub.faults.ignoreRange = true;
    expect(await readAll(source, 0, small.byteLength)).toEqual(small);
    expect(hub.requests.at(-1)?.status).toBe(200);
  });

  it("rejects a Content-Range that does not match", async () => {
    const source = await open("weights.safetensors");
    hub.faults.wrongContentRange = true;
    await expect(readAll(source, 10, 10)).rejects.toThrow(FormatError);
    await expect(readAll(source, 10, 10)).rejects.toThrow(/Content-Range "bytes 11-19\/300000"/);
  });

  it("stops when the ETag changes", async () => {
    const source = await open("weights.safetensors");
    await readAll(source, 0, 10);
    hub.faults.changeEtagAfterReads = 0;
    await expect(readAll(source, 0, 10)).rejects.toThrow(/the file changed on the server/);
  });

  it("names a missing file", async () => {
    await expect(open("absent.safetensors")).rejects.toThrow(
      /not found \(HTTP 404, EntryNotFound\)/,
    );
  });

  it("keeps the token out of messages", async () => {
    const source = await open("weights.safetensors", [], hub.token);
    hub.faults.serverErrors = 10;
    const error = await readAll(source, 0, 10).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).not.toContain(hub.token);
  });
});
