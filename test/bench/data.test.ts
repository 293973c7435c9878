import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expertsLayout, generatePair } from "../../scripts/bench/data.js";

const scratch = mkdtempSync(join(tmpdir(), "model-diff-bench-data-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("mixture-of-experts layout of the benchmark", () => {
  it("sizes expert matrices from the budget", () => {
    const tensors = expertsLayout(512 * 2 ** 20, "BF16");
    // Embedding and lm_head, the final norm, and per layer 2 norms, 4 attention matrices,
    // the router and 128 experts of 3 matrices.
    expect(tensors).toHaveLength(3 + 26 * (2 + 4 + 1 + 128 * 3));
    const gate = tensors.find(
      (tensor) => tensor.name === "model.layers.25.mlp.experts.127.gate_proj.weight",
    );
    const down = tensors.find(
      (tensor) => tensor.name === "model.layers.0.mlp.experts.0.down_proj.weight",
    );
    // The budget is 256 Mi elements. Fixed tensors: embedding and lm_head (2 × 8192 × 256), the
    // final norm (256), and per layer 4 × 256² + 128 × 256 + 2 × 256. The rest goes to
    // 26 × 384 expert matrices with one side of 256.
    const fixed = 2 * 8192 * 256 + 256 + 26 * (4 * 256 * 256 + 128 * 256 + 2 * 256);
    const width = Math.floor((256 * 2 ** 20 - fixed) / (26 * 384 * 256));
    expect(width).toBe(100);
    expect(gate?.shape).toEqual([width, 256]);
    expect(down?.shape).toEqual([256, width]);
    expect(new Set(tensors.map((tensor) => tensor.name)).size).toBe(tensors.length);
  });

  it("writes every tensor back to back", () => {
    const pair = generatePair(scratch, 4 * 2 ** 20, "BF16", 7, "experts");
    expect(pair.base).toContain("bf16-experts-");
    const bytes = readFileSync(pair.base);
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString("utf8")) as Record<
      string,
      { shape?: number[]; data_offsets?: [number, number] }
    >;
    const entries = Object.entries(header).filter(([name]) => name !== "__metadata__");
    expect(entries).toHaveLength(pair.tensors);
    let end = 0;
    for (const [, entry] of entries) {
      expect(entry.data_offsets?.[0]).toBe(end);
      end = entry.data_offsets?.[1] as number;
    }
    expect(statSync(pair.base).size).toBe(8 + headerLength + end);
    expect(statSync(pair.head).size).toBe(pair.fileBytes);
  });
});
