import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bases, CASES, makeBases } from "../../src/benchmark/cases.js";
import { TINY } from "../../src/benchmark/model.js";
import { type CaseResult, runCase, scoreResults } from "../../src/benchmark/run.js";

/**
 * A deterministic subset of the tiny configuration: one or more cases per family, and every case a
 * hard gate names. `npm run benchmark:classify` runs all cases of both configurations.
 */
const SUBSET = [
  "identical-renamed-resharded",
  "cast-fp32-bf16-nearest",
  "int4-g128-symmetric",
  "lora-r8-qv",
  "partial-top-2-layers",
  "sft-0.001",
  "sft-0.07-qwen-replica",
  "sft-0.15",
  "cpt-0.3",
  "independent-seed",
  "distant-relative",
  "permuted-mlp",
  "rotated-residual",
  "prune-2-4",
  "vocab-grow-mean",
  "dare-p0.9",
  "fused-qkv",
];

describe("classification benchmark (tiny subset)", () => {
  let scratch = "";
  let bases: Bases;
  const results: CaseResult[] = [];

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "model-diff-benchmark-test-"));
    bases = makeBases(TINY);
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  for (const id of SUBSET) {
    it(id, async () => {
      const benchmarkCase = CASES.find((item) => item.id === id);
      if (!benchmarkCase) throw new Error(`no case ${id}`);
      const result = await runCase(benchmarkCase, bases, scratch);
      results.push(result);
      expect(benchmarkCase.acceptable).toContain(result.label);
      expect(result.seconds).toBeLessThan(5);
    });
  }

  it("passes the hard gates", () => {
    expect(results.length).toBe(SUBSET.length);
    const rhoOf = (id: string) => {
      const rho = CASES.find((item) => item.id === id)?.parameters.rho;
      return typeof rho === "number" ? rho : null;
    };
    const scores = scoreResults(results, rhoOf);
    expect(scores.gateFailures).toEqual([]);
    const replica = results.find((result) => result.id === "sft-0.07-qwen-replica");
    expect(replica?.label).toBe("finetune");
    expect(replica?.confidence).toBe("high");
  });
});
