import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import type { DiffReport } from "../../src/report/model.js";
import { runCliBundle } from "../helpers/run-cli.js";
import { describeShared, sharedPath } from "../helpers/shared.js";

interface RealCase {
  name: string;
  base: string;
  head: string;
  acceptableLabels: string[];
  reference?: {
    threshold: number;
    comparedParams: number;
    changedParams: number;
    tensorsCompared: number;
    added: number;
    removed: number;
    reshaped: number;
  };
}

describeShared("real checkpoint pairs through the CLI bundle", () => {
  const cases = JSON.parse(readFileSync(sharedPath("real", "cases.json"), "utf8")) as RealCase[];

  it("lists the pairs", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const realCase of cases) {
    it(realCase.name, () => {
      const run = runCliBundle([
        sharedPath("real", realCase.base),
        sharedPath("real", realCase.head),
        "--format",
        "json",
        "--workers",
        "2",
      ]);

      if (realCase.acceptableLabels.includes("error")) {
        expect(run.status).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toMatch(/Git LFS pointer/);
        expect(run.stderr).not.toMatch(/\n\s+at /);
        return;
      }

      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout) as DiffReport;
      const reference = realCase.reference;
      if (!reference) throw new Error(`${realCase.name} has no reference figures`);
      expect(report.summary.threshold).toBe(reference.threshold);
      expect(report.summary.comparedParams).toBe(reference.comparedParams);
      expect(report.summary.changedParams).toBe(reference.changedParams);
      expect(report.summary.tensorsCompared).toBe(reference.tensorsCompared);
      expect(report.summary.reshaped).toBe(reference.reshaped);
      // The reference counts by name only; tensors found again by content are reported as renamed.
      expect(report.summary.added + report.summary.renamed).toBe(reference.added);
      expect(report.summary.removed + report.summary.renamed).toBe(reference.removed);
      expect(realCase.acceptableLabels).toContain(report.classification.label);
    });
  }
});
