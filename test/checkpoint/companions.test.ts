import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffCompanions } from "../../src/analysis/configs.js";
import { COMPANION_MAX_BYTES } from "../../src/checkpoint/companions.js";
import { openLocalCheckpoint } from "../../src/checkpoint/local.js";
import { openHubCheckpoint } from "../../src/checkpoint/remote.js";
import type { Checkpoint } from "../../src/checkpoint/types.js";
import { DEFAULT_LIMITS } from "../../src/format/limits.js";
import { encodeSafetensors } from "../../src/format/writer.js";
import { FakeHub, fakeCommit, tiledContent } from "../helpers/fake-hub.js";
import { hubFiles } from "../hub/fixtures.js";

const weights = encodeSafetensors([
  { name: "w", dtype: "F32", shape: [2], data: new Uint8Array(new Float32Array([1, 2]).buffer) },
]);
/** One byte over the limit, so the file is left out. */
const LARGE_BYTES = COMPANION_MAX_BYTES + 1;
const SMALL_CONFIG = '{"model_type":"gpt2","vocab_size":10}';

/** Returns the config changes of two opened checkpoints, computed as the comparison does. */
function configChanges(base: Checkpoint, head: Checkpoint) {
  return diffCompanions(
    base.companions,
    head.companions,
    new Set([...(base.companionsLeftOut ?? []), ...(head.companionsLeftOut ?? [])]),
  );
}

describe("companion files over the size limit", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-companions-"));
  const hub = new FakeHub();
  const commits = { base: fakeCommit("companion-base"), head: fakeCommit("companion-head") };

  beforeAll(async () => {
    for (const side of ["base", "head"]) {
      mkdirSync(path.join(scratch, side));
      writeFileSync(path.join(scratch, side, "model.safetensors"), weights);
      writeFileSync(path.join(scratch, side, "tokenizer_config.json"), `{"side":"${side}"}`);
    }
    writeFileSync(path.join(scratch, "base", "config.json"), SMALL_CONFIG);
    writeFileSync(path.join(scratch, "head", "config.json"), Buffer.alloc(LARGE_BYTES, 0x20));
    const large = tiledContent([{ block: new Uint8Array(1024).fill(0x20), length: LARGE_BYTES }]);
    hub.addRepo({
      id: "org/configs",
      commits: {
        [commits.base]: hubFiles({
          "model.safetensors": weights,
          "config.json": new TextEncoder().encode(SMALL_CONFIG),
        }),
        [commits.head]: hubFiles({ "model.safetensors": weights }, [
          { path: "config.json", content: large, lfs: false },
        ]),
      },
      refs: { main: commits.head, v1: commits.base },
    });
    await hub.start();
  });

  afterAll(async () => {
    await hub.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("are left out with a warning in a folder", async () => {
    const base = await openLocalCheckpoint(path.join(scratch, "base"));
    const head = await openLocalCheckpoint(path.join(scratch, "head"));
    try {
      expect(head.companionsLeftOut).toEqual(new Set(["config.json"]));
      expect(head.companions?.has("config.json")).toBe(false);
      expect(head.warnings).toHaveLength(1);
      expect(head.warnings[0]).toContain("config.json is 32.0 MiB (33,554,433 bytes)");
      expect(head.warnings[0]).toContain("left out of the config comparison");
      expect(base.warnings).toEqual([]);
      // The large file is not reported as absent; the other file is still compared.
      expect(configChanges(base, head)).toEqual([
        {
          file: "tokenizer_config.json",
          key: "side",
          base: "base",
          head: "head",
          architectural: false,
        },
      ]);
    } finally {
      await base.close();
      await head.close();
    }
  });

  it("are left out with a warning from the Hub", async () => {
    const connection = { endpoint: hub.endpoint, token: null };
    const open = (revision: string) =>
      openHubCheckpoint(
        { repo: "org/configs", revision, path: null },
        `hf://org/configs@${revision}`,
        connection,
        DEFAULT_LIMITS,
      );
    const base = await open("v1");
    const head = await open("main");
    try {
      expect(head.companionsLeftOut).toEqual(new Set(["config.json"]));
      expect(head.warnings.join("\n")).toContain("config.json is 32.0 MiB (33,554,433 bytes)");
      expect(base.companions?.get("config.json")).toBe(SMALL_CONFIG);
      expect(configChanges(base, head)).toEqual([]);
      // The base's config was read by a URL naming its commit; the head's large one never was.
      const configReads = (commit: string) =>
        hub.requests.filter(
          (request) => request.url.includes(commit) && request.url.endsWith("/config.json"),
        );
      expect(configReads(commits.base).length).toBeGreaterThan(0);
      expect(configReads(commits.head)).toEqual([]);
    } finally {
      await base.close();
      await head.close();
    }
  });
});
