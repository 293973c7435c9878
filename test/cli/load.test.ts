import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeSafetensors, type TensorToWrite } from "../../src/format/writer.js";
import { makeTempDirectory } from "../diff/helpers.js";
import { runCliMeasured } from "../helpers/measured-cli.js";

const TENSORS = 10_000;
const ELEMENTS = 64;
/** Peak RSS allowed for the whole CLI process, worker threads included. */
const MEMORY_BOUND_BYTES = 256 * 1024 * 1024;

const temp = makeTempDirectory();
afterAll(() => temp.remove());

/** Tensors `layers.<i>.w` of 64 F32 values; in the head, every 7th has 3 values moved by 1. */
function smallTensors(head: boolean): { tensors: TensorToWrite[]; changed: number } {
  const tensors: TensorToWrite[] = [];
  let changed = 0;
  for (let i = 0; i < TENSORS; i++) {
    const values = new Float32Array(ELEMENTS);
    for (let k = 0; k < ELEMENTS; k++) values[k] = ((i * 31 + k) % 97) / 97;
    if (head && i % 7 === 0) {
      for (const k of [0, 17, 63]) values[k] = (values[k] as number) + 1;
      changed += 3;
    }
    tensors.push({
      name: `model.layers.${i}.mlp.weight`,
      dtype: "F32",
      shape: [8, 8],
      data: new Uint8Array(values.buffer),
    });
  }
  return { tensors, changed };
}

describe("load", () => {
  it("diffs 10,000 small tensors within 256 MiB", { timeout: 120_000 }, () => {
    const base = path.join(temp.path, "base.safetensors");
    const head = path.join(temp.path, "head.safetensors");
    writeFileSync(base, encodeSafetensors(smallTensors(false).tensors));
    const { tensors, changed } = smallTensors(true);
    writeFileSync(head, encodeSafetensors(tensors));

    const run = runCliMeasured([base, head, "--format", "json", "--workers", "2"]);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.base.tensors).toBe(TENSORS);
    expect(report.summary.tensorsCompared).toBe(TENSORS);
    expect(report.summary.changedParams).toBe(changed);
    expect(report.tensors).toHaveLength(TENSORS);
    expect(run.maxRssBytes).toBeGreaterThan(0);
    expect(run.maxRssBytes).toBeLessThanOrEqual(MEMORY_BOUND_BYTES);
  });
});
