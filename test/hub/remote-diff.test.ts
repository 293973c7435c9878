import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLocalCheckpoint } from "../../src/checkpoint/local.js";
import { openHubCheckpoint } from "../../src/checkpoint/remote.js";
import { compareCheckpoints, type RunLog } from "../../src/compare.js";
import { runDiff } from "../../src/diff/engine.js";
import { InputError } from "../../src/errors.js";
import { DEFAULT_LIMITS } from "../../src/format/limits.js";
import { encodeSafetensors } from "../../src/format/writer.js";
import type { DiffOptions } from "../../src/options.js";
import type { DiffReport } from "../../src/report/model.js";
import { TEST_WORKER_SCRIPT } from "../diff/helpers.js";
import { FakeHub, fakeCommit } from "../helpers/fake-hub.js";
import { checkpointPair, hubFiles, writeCheckpoint } from "./fixtures.js";

const pair = checkpointPair();
const diffusers = checkpointPair("transformer");
const commits = {
  base: fakeCommit("base"),
  partial: fakeCommit("partial"),
  full: fakeCommit("full"),
};
const hub = new FakeHub();
const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-hub-"));
const local = {
  base: writeCheckpoint(path.join(scratch, "base"), pair.base),
  partial: writeCheckpoint(path.join(scratch, "partial"), pair.partial),
  full: writeCheckpoint(path.join(scratch, "full"), pair.full),
};

beforeAll(async () => {
  hub.addRepo({
    id: "org/model",
    commits: {
      [commits.base]: hubFiles(pair.base),
      [commits.partial]: hubFiles(pair.partial),
      [commits.full]: hubFiles(pair.full),
    },
    refs: { main: commits.partial, v1: commits.base, "refs/pr/1": commits.full },
  });
  hub.addRepo({
    id: "org/pipeline",
    commits: {
      [commits.base]: hubFiles(diffusers.base, [
        {
          path: "model_index.json",
          content: {
            size: 2,
            *chunks() {
              yield new TextEncoder().encode("{}");
            },
          },
          lfs: false,
        },
      ]),
      [commits.full]: hubFiles(diffusers.full),
    },
    refs: { main: commits.full, v1: commits.base },
  });
  hub.addRepo({
    id: "org/single",
    commits: {
      [commits.base]: hubFiles({ "model.safetensors": singleFile(1) }),
      [commits.full]: hubFiles({ "model.safetensors": singleFile(2) }),
    },
    refs: { main: commits.full, v1: commits.base },
  });
  hub.addRepo({
    id: "org/private",
    private: true,
    commits: { [commits.base]: hubFiles(pair.base), [commits.partial]: hubFiles(pair.partial) },
    refs: { main: commits.partial, v1: commits.base },
  });
  hub.addRepo({
    id: "org/gated",
    gated: true,
    commits: { [commits.base]: hubFiles(pair.base) },
    refs: { main: commits.base },
  });
  await hub.start();
});

afterAll(async () => {
  await hub.stop();
  rmSync(scratch, { recursive: true, force: true });
});

interface CapturedLog extends RunLog {
  lines: string[];
}

function captureLog(): CapturedLog {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info: ${message}`),
    warning: (message) => lines.push(`warning: ${message}`),
    debug: (message) => lines.push(`debug: ${message}`),
    progress: () => {},
    phase: (_name, work) => work(),
  };
}

function options(base: string, head: string, extra: Partial<DiffOptions> = {}): DiffOptions {
  return {
    base,
    head,
    baseRevision: null,
    headRevision: null,
    threshold: 1e-6,
    workers: 1,
    top: 15,
    mode: "full",
    hub: { endpoint: hub.endpoint, token: null },
    ...extra,
  };
}

/** Returns the report without the input names, which differ between a local and a remote run. */
function withoutReferences(report: DiffReport): unknown {
  const copy = structuredClone(report) as unknown as Record<string, Record<string, unknown>>;
  for (const side of ["base", "head"]) {
    delete copy[side]?.reference;
    delete copy[side]?.resolved;
    delete copy[side]?.hub;
  }
  return copy;
}

/** Encodes a safetensors file of one 4 x 4 F32 matrix whose values are all `value`. */
function singleFile(value: number): Uint8Array {
  const values = new Float32Array(16).fill(value);
  return encodeSafetensors([
    { name: "w", dtype: "F32", shape: [4, 4], data: new Uint8Array(values.buffer) },
  ]);
}

/** Data start (8 + header length) of a safetensors file. */
function dataStart(bytes: Uint8Array): number {
  return 8 + Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
}

describe("remote diff through the fake Hub", () => {
  it("matches the local diff when every shard differs", async () => {
    const remote = await compareCheckpoints(
      options("hf://org/model@v1", "hf://org/model@refs%2Fpr%2F1"),
      captureLog(),
    );
    const localReport = await compareCheckpoints(options(local.base, local.full), captureLog());

    expect(withoutReferences(remote)).toEqual(withoutReferences(localReport));
    expect(remote.skipped).toBeNull();
    // config.json is read from the repository as from the local folder.
    expect(remote.configChanges).toEqual([
      {
        file: "config.json",
        key: "use_cache",
        base: "true",
        head: "false",
        architectural: false,
      },
    ]);
    expect(remote.base.hub).toEqual({
      repo: "org/model",
      revision: "v1",
      commit: commits.base,
      file: "model.safetensors.index.json",
    });
    expect(remote.head.hub?.revision).toBe("refs/pr/1");
    expect(remote.head.hub?.commit).toBe(commits.full);
    expect(remote.head.resolved).toBe(
      `hf://org/model@${commits.full}/model.safetensors.index.json`,
    );
  });

  it("skips shards with equal SHA-256", async () => {
    hub.resetLog();
    const remote = await compareCheckpoints(
      options("hf://org/model@v1", "hf://org/model"),
      captureLog(),
    );
    const localReport = await compareCheckpoints(options(local.base, local.partial), captureLog());

    const shard1 = "model-00001-of-00002.safetensors";
    const shard1Bytes = pair.base[shard1] as Uint8Array;
    const shard1Sha = hub.sha256("org/model", commits.base, shard1);
    const blobReads = hub.requests.filter(
      (entry) => entry.server === "cdn" && entry.url.includes(shard1Sha),
    );
    expect(blobReads.length).toBeGreaterThan(0);
    for (const read of blobReads) {
      const start = Number(/^bytes=(\d+)-/.exec(read.range ?? "")?.[1]);
      expect(start).toBeLessThan(dataStart(shard1Bytes));
    }

    const skippedNames = [
      "model.embed_tokens.weight",
      "model.layers.0.input_layernorm.weight",
      "model.layers.0.self_attn.q_proj.weight",
    ];
    expect(remote.skipped?.tensors).toBe(3);
    expect(remote.skipped?.bytes).toBe(shard1Bytes.byteLength - dataStart(shard1Bytes));
    expect(remote.skipped?.files).toEqual([
      {
        base: `org/model@${commits.base.slice(0, 7)}:${shard1}`,
        head: `org/model@${commits.partial.slice(0, 7)}:${shard1}`,
        sha256: shard1Sha,
        tensors: 3,
        bytes: shard1Bytes.byteLength - dataStart(shard1Bytes),
      },
    ]);

    for (const tensor of remote.tensors) {
      const expected = localReport.tensors.find((entry) => entry.name === tensor.name);
      if (!skippedNames.includes(tensor.name)) {
        expect(tensor).toEqual(expected);
        continue;
      }
      expect(tensor.values).toBe("equal_sha256");
      expect(tensor.changed).toBe(expected?.changed);
      expect(tensor.bitsDiffering).toBe(expected?.bitsDiffering);
      expect(tensor.deltaBytes).toEqual(expected?.deltaBytes);
      expect(tensor.relativeChange).toBeNull();
      expect(tensor.nanBase).toBeNull();
    }
    expect(remote.classification).toEqual(localReport.classification);
    const { relativeChange, cosine, ...summary } = remote.summary;
    const {
      relativeChange: localRelative,
      cosine: localCosine,
      ...localSummary
    } = localReport.summary;
    expect(summary).toEqual(localSummary);
    expect(relativeChange).toBeNull();
    expect(cosine).toBeNull();
    expect(localRelative).not.toBeNull();
    expect(localCosine).not.toBeNull();
    expect(remote.notes.join("\n")).toMatch(/same SHA-256 on both sides/);
    expect(remote.skipped?.unknownFigures.join(" ")).toMatch(/overall relative change and cosine/);
  });

  it("compares in worker threads like the local diff", async () => {
    const connection = { endpoint: hub.endpoint, token: null };
    const base = await openHubCheckpoint(
      { repo: "org/model", revision: "v1", path: null },
      "hf://org/model@v1",
      connection,
      DEFAULT_LIMITS,
    );
    const head = await openHubCheckpoint(
      { repo: "org/model", revision: "refs/pr/1", path: null },
      "hf://org/model@refs%2Fpr%2F1",
      connection,
      DEFAULT_LIMITS,
    );
    const localBase = await openLocalCheckpoint(local.base);
    const localHead = await openLocalCheckpoint(local.full);
    try {
      const engine = { threshold: 1e-6, workers: 2, workerScript: TEST_WORKER_SCRIPT };
      const remote = await runDiff(base, head, { ...engine, chunkBytes: 40_000 });
      const expected = await runDiff(localBase, localHead, engine);
      expect(remote.compared).toEqual(expected.compared);
    } finally {
      await Promise.all([base, head, localBase, localHead].map((checkpoint) => checkpoint.close()));
    }
  });

  it("reads a subfolder of a repository", async () => {
    const report = await compareCheckpoints(
      options("hf://org/pipeline@v1/transformer", "hf://org/pipeline/transformer"),
      captureLog(),
    );
    const localReport = await compareCheckpoints(options(local.base, local.full), captureLog());
    expect(report.base.hub?.file).toBe("transformer/model.safetensors.index.json");
    expect(withoutReferences(report)).toEqual(withoutReferences(localReport));
  });

  it("reads a bare repository id with a revision option", async () => {
    const report = await compareCheckpoints(
      options("org/model", "org/model", { baseRevision: "v1", headRevision: "refs/pr/1" }),
      captureLog(),
    );
    expect(report.base.hub?.commit).toBe(commits.base);
    expect(report.head.hub?.commit).toBe(commits.full);
  });

  it("reads a shard index by URL", async () => {
    const indexUrl = `${hub.endpoint}/org/model/resolve/${commits.base}/model.safetensors.index.json`;
    const shardUrl = `${hub.endpoint}/org/model/resolve/${commits.full}/model-00002-of-00002.safetensors?download=true`;
    const report = await compareCheckpoints(
      options(indexUrl, "hf://org/model@refs%2Fpr%2F1"),
      captureLog(),
    );
    const expected = await compareCheckpoints(options(local.base, local.full), captureLog());
    expect(report.summary).toEqual(expected.summary);
    expect(report.base.reference).toBe(indexUrl);
    expect(report.base.hub).toBeNull();

    const single = await compareCheckpoints(options(shardUrl, shardUrl), captureLog());
    expect(single.base.reference).toBe(`${shardUrl.replace(/\?.*$/, "")}?…`);
    expect(single.classification.label).toBe("identical");
  });

  it("compares structure alone without data reads", async () => {
    hub.resetLog();
    const report = await compareCheckpoints(
      options("hf://org/model@v1", "hf://org/model@refs%2Fpr%2F1", { mode: "structure" }),
      captureLog(),
    );
    expect(report.mode).toBe("structure");
    expect(report.classification.label).toBe("same_architecture");
    expect(report.summary.changedParams).toBeNull();
    expect(report.summary.comparedParams).toBe(128 * 64 * 3 + 64 * 64 + 64 * 2);
    expect(report.notes[0]).toMatch(/^Structure-only diff/);
    for (const read of hub.requests.filter((entry) => entry.server === "cdn")) {
      const start = Number(/^bytes=(\d+)-/.exec(read.range ?? "")?.[1]);
      expect(start).toBeLessThanOrEqual(8);
    }
  });

  it("opens both revisions at the same time", async () => {
    // Each file read waits 100 ms, as a round trip to a distant server would, so the header
    // reads of the two sides overlap when both sides are opened at once.
    hub.latencyMs = 100;
    hub.maxFileReadsInFlight = 0;
    try {
      const report = await compareCheckpoints(
        options("hf://org/single@v1", "hf://org/single", { mode: "structure" }),
        captureLog(),
      );
      expect(report.summary.comparedParams).toBe(16);
    } finally {
      hub.latencyMs = 0;
    }
    expect(hub.maxFileReadsInFlight).toBe(2);
  });

  it("calls equal revisions identical in structure mode", async () => {
    const report = await compareCheckpoints(
      options("hf://org/model@v1", "hf://org/model@v1", { mode: "structure" }),
      captureLog(),
    );
    expect(report.classification.label).toBe("identical");
    expect(report.skipped?.tensors).toBe(6);
  });
});

describe("Hub access and errors", () => {
  it("keeps the token off the CDN", async () => {
    hub.resetLog();
    const report = await compareCheckpoints(
      options("hf://org/private@v1", "hf://org/private", {
        hub: { endpoint: hub.endpoint, token: hub.token },
      }),
      captureLog(),
    );
    expect(report.classification.label).toBe(
      (await compareCheckpoints(options(local.base, local.partial), captureLog())).classification
        .label,
    );
    const hubRequests = hub.requests.filter((entry) => entry.server === "hub");
    const cdnRequests = hub.requests.filter((entry) => entry.server === "cdn");
    expect(cdnRequests.length).toBeGreaterThan(0);
    for (const entry of cdnRequests) expect(entry.authorization).toBeNull();
    for (const entry of hubRequests) expect(entry.authorization).toBe(`Bearer ${hub.token}`);
  });

  const cases: { name: string; base: string; token?: string; message: RegExp }[] = [
    { name: "private without token", base: "hf://org/private", message: /org\/private.*HF_TOKEN/ },
    {
      name: "gated without access",
      base: "hf://org/gated",
      token: "hf_someOtherToken",
      message: /org\/gated.*gated.*HTTP 403, GatedRepo.*no access/,
    },
    {
      name: "missing repository",
      base: "hf://org/absent",
      message: /org\/absent.*HTTP 404, RepoNotFound/,
    },
    {
      name: "missing revision",
      base: "hf://org/model@v9",
      message: /no revision "v9".*RevisionNotFound/,
    },
    {
      name: "missing folder",
      base: "hf://org/model/absent",
      message: /path was not found.*EntryNotFound/,
    },
    {
      name: "missing file",
      base: "hf://org/model/absent.safetensors",
      message: /"absent.safetensors" was not found in org\/model at main/,
    },
  ];
  for (const testCase of cases) {
    it(`explains a ${testCase.name}`, async () => {
      const run = compareCheckpoints(
        options(testCase.base, "hf://org/model", {
          hub: { endpoint: hub.endpoint, token: testCase.token ?? null },
        }),
        captureLog(),
      );
      await expect(run).rejects.toThrow(InputError);
      await expect(run).rejects.toThrow(testCase.message);
      const error = await run.catch((caught: Error) => caught);
      expect((error as Error).message).not.toContain(hub.token);
      expect((error as Error).message).not.toContain(testCase.token ?? hub.token);
    });
  }

  it("reports the base error when both sides fail", async () => {
    const run = compareCheckpoints(
      options("hf://org/model/absent.safetensors", "hf://org/absent"),
      captureLog(),
    );
    await expect(run).rejects.toThrow(/"absent.safetensors" was not found in org\/model/);
  });

  it("retries after 429 and logs each retry", async () => {
    hub.faults.rateLimited = 2;
    hub.faults.retryAfterSeconds = 0;
    const log = captureLog();
    try {
      const report = await compareCheckpoints(options("hf://org/model@v1", "hf://org/model"), log);
      expect(report.classification.label).toBeDefined();
    } finally {
      hub.faults.rateLimited = 0;
    }
    const retries = log.lines.filter((line) => /HTTP 429; retrying in 0 s/.test(line));
    expect(retries).toHaveLength(2);
  });

  it("stops with a clear error when rate limiting persists", async () => {
    hub.faults.rateLimited = 1000;
    hub.faults.retryAfterSeconds = 0;
    try {
      const run = compareCheckpoints(options("hf://org/model@v1", "hf://org/model"), captureLog());
      await expect(run).rejects.toThrow(/failed after 6 attempts \(HTTP 429\).*rate limiting/);
    } finally {
      hub.faults.rateLimited = 0;
    }
  });
});
