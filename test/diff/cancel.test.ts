import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CancelledError } from "../../src/cancel.js";
import { runDiff } from "../../src/diff/engine.js";
import { makeTempDirectory, TEST_WORKER_SCRIPT, writeTestCheckpoint } from "./helpers.js";

const folder = makeTempDirectory();
afterAll(() => folder.remove());

async function pair() {
  const data = new Uint8Array(64 * 1024).map((_, i) => i % 251);
  const tensors = (shift: number) =>
    Array.from({ length: 8 }, (_, i) => ({
      name: `model.layers.${i}.mlp.weight`,
      dtype: "F32" as const,
      shape: [128, 128],
      data: data.map((value) => (value + shift) % 251),
    }));
  const base = await writeTestCheckpoint(path.join(folder.path, "base.safetensors"), tensors(0));
  const head = await writeTestCheckpoint(path.join(folder.path, "head.safetensors"), tensors(1));
  return { base, head };
}

describe("runDiff with an abort signal", () => {
  for (const workers of [1, 2]) {
    it(`stops with ${workers} worker(s)`, async () => {
      const { base, head } = await pair();
      const controller = new AbortController();
      const reason = new CancelledError("SIGINT");
      let progressAfterAbort = 0;
      const run = runDiff(base, head, {
        threshold: 0,
        workers,
        chunkBytes: 4096,
        workerScript: TEST_WORKER_SCRIPT,
        onProgress: (done) => {
          if (controller.signal.aborted) progressAfterAbort++;
          else if (done > 0) controller.abort(reason);
        },
        signal: controller.signal,
      });
      await expect(run).rejects.toBe(reason);
      // Units already sent to a worker may still report; no more are dispatched.
      expect(progressAfterAbort).toBeLessThanOrEqual(2 * workers);
      await base.close();
      await head.close();
    });
  }
});
