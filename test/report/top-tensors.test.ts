import { describe, expect, it } from "vitest";
import type { DiffReport, TensorReport } from "../../src/report/model.js";
import { topByMaxAbsDelta, topByRelativeChange } from "../../src/report/sections.js";
import { fixtureReport } from "./fixture.js";

/**
 * Returns a report of `count` tensors whose figures take few distinct values, so most rankings are
 * decided by name. The tensors are not in name order, and some have no figure.
 */
function manyTensors(count: number): DiffReport {
  const report = fixtureReport();
  const template = report.tensors[0] as TensorReport;
  const tensors = Array.from({ length: count }, (_, i): TensorReport => {
    const mixed = (i * 7919) % count;
    return {
      ...template,
      name: `model.layers.${mixed % 97}.mlp.experts.${mixed}.weight`,
      relativeChange: mixed % 11 === 0 ? null : ((mixed * 31) % 5) / 8,
      maxAbsDelta: mixed % 13 === 0 ? 0 : ((mixed * 17) % 3) + 0.5,
    };
  });
  return { ...report, tensors };
}

function compareNames(a: TensorReport, b: TensorReport): number {
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

/** Returns the names ranked by a full sort: largest figure first, then by name. */
function sortedNames(
  report: DiffReport,
  figure: (tensor: TensorReport) => number,
  top: number,
): string[] {
  return report.tensors
    .filter((tensor) => figure(tensor) > 0)
    .sort((a, b) => figure(b) - figure(a) || compareNames(a, b))
    .slice(0, top)
    .map((tensor) => tensor.name);
}

const report = manyTensors(5000);

describe("top tensor tables", () => {
  for (const top of [1, 15, 1000, 6000]) {
    it(`rank by relative change with top ${top}`, () => {
      const section = topByRelativeChange(report, top);
      const names = section.table.rows.map((row) => row[0]?.text);
      expect(names).toEqual(sortedNames(report, (tensor) => tensor.relativeChange ?? 0, top));
    });

    it(`rank by max |delta| with top ${top}`, () => {
      const section = topByMaxAbsDelta(report, top);
      const names = section.table.rows.map((row) => row[0]?.text);
      expect(names).toEqual(sortedNames(report, (tensor) => tensor.maxAbsDelta ?? 0, top));
    });
  }

  it("count every ranked tensor in the intro", () => {
    const ranked = report.tensors.filter((tensor) => (tensor.maxAbsDelta ?? 0) > 0).length;
    expect(topByMaxAbsDelta(report, 15).intro).toBe(
      `15 of ${ranked.toLocaleString("en-US")} tensors with a max |delta| above 0.`,
    );
  });
});
