import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLocalCheckpoint } from "../../src/checkpoint/local.js";
import { openHubCheckpoint } from "../../src/checkpoint/remote.js";
import { runDiff } from "../../src/diff/engine.js";
import { DEFAULT_LIMITS } from "../../src/format/limits.js";
import { TEST_WORKER_SCRIPT } from "../diff/helpers.js";
import { FakeHub, fakeCommit } from "../helpers/fake-hub.js";
import { syntheticCheckpoint, writeFiles } from "./synthetic.js";

// Two BF16 matrices of 128 x 4096 (1 MiB each) per revision, cut into units of 256 KiB per side.
const base = syntheticCheckpoint(1, 2, 128, 0);
const head = syntheticCheckpoint(1, 2, 128, 0.05);
const CHUNK_BYTES = 256 * 1024;
const commits = { base: fakeCommit("read-ahead-base"), head: fakeCommit("read-ahead-head") };
const hub = new FakeHub();
const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-read-ahead-"));

beforeAll(async () => {
  hub.addRepo({
    id: "org/read-ahead",
    commits: { [commits.base]: base, [commits.head]: head },
    refs: { main: commits.head, v1: commits.base },
  });
  await hub.start();
});

afterAll(async () => {
  await hub.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function openBoth() {
  const connection = { endpoint: hub.endpoint, token: null };
  const open = (revision: string) =>
    openHubCheckpoint(
      { repo: "org/read-ahead", revision, path: null },
      `hf://org/read-ahead@${revision}`,
      connection,
      DEFAULT_LIMITS,
    );
  return { base: await open("v1"), head: await open("main") };
}

describe("remote units over a link with latency", () => {
  for (const workers of [1, 2]) {
    it(`requests the next unit early, ${workers} worker(s)`, async () => {
      const remote = await openBoth();
      const local = {
        base: await openLocalCheckpoint(writeFiles(path.join(scratch, `base-${workers}`), base)),
        head: await openLocalCheckpoint(writeFiles(path.join(scratch, `head-${workers}`), head)),
      };
      // Each reply waits 20 ms, and 4 MiB over 8 MB/s keep each body open for a while, so a
      // request sent once half of a unit is in arrives while that unit's bodies are still open.
      hub.latencyMs = 20;
      hub.bytesPerSecond = 8e6;
      hub.maxFileReadsInFlight = 0;
      try {
        const engine = { threshold: 1e-6, workers, workerScript: TEST_WORKER_SCRIPT };
        const result = await runDiff(remote.base, remote.head, {
          ...engine,
          chunkBytes: CHUNK_BYTES,
        });
        // One unit per worker at a time keeps one request per side open: 2 per worker. The next
        // unit's requests, sent while the current unit's bodies arrive, make it more.
        expect(hub.maxFileReadsInFlight).toBeGreaterThan(2 * workers);
        const expected = await runDiff(local.base, local.head, {
          ...engine,
          chunkBytes: CHUNK_BYTES,
        });
        expect(result.compared).toEqual(expected.compared);
      } finally {
        hub.latencyMs = 0;
        hub.bytesPerSecond = null;
        await Promise.all(
          [remote.base, remote.head, local.base, local.head].map((checkpoint) =>
            checkpoint.close(),
          ),
        );
      }
    });
  }
});
