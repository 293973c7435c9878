import { truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { runDiff } from "../../src/diff/engine.js";
import { FormatError, InputError, UsageError } from "../../src/errors.js";
import type { TensorToWrite } from "../../src/format/writer.js";
import { makeTempDirectory, TEST_WORKER_SCRIPT, writeTestCheckpoint } from "./helpers.js";

const temp = makeTempDirectory();
afterAll(() => temp.remove());

function tensors(seed: number): TensorToWrite[] {
  const data = new Float32Array(40_000).map((_, i) => Math.sin(i + seed));
  return [{ name: "w", dtype: "F32", shape: [40_000], data: new Uint8Array(data.buffer) }];
}

async function pair(name: string) {
  const basePath = `${temp.path}/${name}-base.safetensors`;
  const headPath = `${temp.path}/${name}-head.safetensors`;
  const base = await writeTestCheckpoint(basePath, tensors(0));
  const head = await writeTestCheckpoint(headPath, tensors(1));
  return { base, head, basePath, headPath };
}

describe("engine failures", () => {
  it("rejects a file that shrank, in workers", async () => {
    const { base, head, headPath } = await pair("shrunk");
    truncateSync(headPath, 1000);
    const run = runDiff(base, head, { threshold: 0, workers: 2, workerScript: TEST_WORKER_SCRIPT });
    await expect(run).rejects.toThrow(FormatError);
    await expect(run).rejects.toThrow(/changed during the diff/);
    await base.close();
    await head.close();
  });

  it("rejects a file that shrank, main thread at start", async () => {
    const { base, head, headPath } = await pair("shrunk-overlap");
    truncateSync(headPath, 1000);
    const run = runDiff(base, head, {
      threshold: 0,
      workers: 2,
      workerScript: TEST_WORKER_SCRIPT,
      startupOverlapMinBytes: 0,
    });
    await expect(run).rejects.toThrow(FormatError);
    await base.close();
    await head.close();
  });

  it("rejects a file that shrank, inline", async () => {
    const { base, head, headPath } = await pair("shrunk-inline");
    truncateSync(headPath, 1000);
    const run = runDiff(base, head, { threshold: 0, workers: 0 });
    await expect(run).rejects.toThrow(FormatError);
    await base.close();
    await head.close();
  });

  it("rejects a file that vanished", async () => {
    const { base, head, basePath } = await pair("vanished");
    unlinkSync(basePath);
    const run = runDiff(base, head, { threshold: 0, workers: 2, workerScript: TEST_WORKER_SCRIPT });
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(/no such file or folder/);
    await base.close();
    await head.close();
  });

  it("rejects a worker that crashes", async () => {
    const { base, head } = await pair("crash");
    const script = `${temp.path}/crashing-worker.mjs`;
    writeFileSync(
      script,
      `import { parentPort } from "node:worker_threads";
parentPort.postMessage({ type: "ready" });
parentPort.on("message", () => { throw new Error("simulated crash"); });
`,
    );
    const run = runDiff(base, head, { threshold: 0, workers: 2, workerScript: script });
    await expect(run).rejects.toThrow(/crashed: simulated crash/);
    await base.close();
    await head.close();
  });

  it("rejects a worker script that does not start", async () => {
    const { base, head } = await pair("no-start");
    const script = `${temp.path}/broken-worker.mjs`;
    writeFileSync(script, `throw new Error("broken at load");\n`);
    const run = runDiff(base, head, { threshold: 0, workers: 2, workerScript: script });
    await expect(run).rejects.toThrow(/failed to start: broken at load/);
    await base.close();
    await head.close();
  });

  it("rejects a missing worker script", async () => {
    const { base, head } = await pair("missing-script");
    const run = runDiff(base, head, {
      threshold: 0,
      workers: 2,
      workerScript: `${temp.path}/no-such-worker.js`,
    });
    await expect(run).rejects.toThrow(/does not exist/);
    await base.close();
    await head.close();
  });

  it("rejects invalid options", async () => {
    const { base, head } = await pair("options");
    await expect(runDiff(base, head, { threshold: Number.NaN, workers: 0 })).rejects.toThrow(
      UsageError,
    );
    await expect(runDiff(base, head, { threshold: -1, workers: 0 })).rejects.toThrow(UsageError);
    await expect(runDiff(base, head, { threshold: 0, workers: 1.5 })).rejects.toThrow(UsageError);
    await expect(runDiff(base, head, { threshold: 0, workers: 0, chunkBytes: 0 })).rejects.toThrow(
      UsageError,
    );
    await base.close();
    await head.close();
  });
});
