import { describe, expect, it } from "vitest";
import {
  CUT_TABLE_ROWS,
  type Cut,
  dropOrder,
  fitMarkdown,
  utf8Bytes,
} from "../../src/report/budget.js";
import type { GateResult } from "../../src/report/gates.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import type { DiffReport } from "../../src/report/model.js";
import { fixtureReport } from "../report/fixture.js";

const GATES: GateResult[] = [
  { gate: "fail-on", tripped: true, reason: "The label finetune is in fail-on (finetune)." },
];

/** The fixture report with `count` added tensors, each name about 60 characters long. */
function reportWithAdded(count: number): DiffReport {
  const report = fixtureReport();
  report.added = Array.from(
    { length: count },
    (_, index) => `model.layers.${index}.self_attn.extra_projection.weight`,
  );
  report.summary.added = count;
  return report;
}

function notice(cut: Cut): string {
  return `NOTICE rows=${cut.maxTableRows} omitted=${cut.omitted.join("+")} truncated=${cut.truncated}`;
}

const chars = (text: string) => text.length;

describe("fitMarkdown", () => {
  it("keeps a report that fits exactly", () => {
    const report = reportWithAdded(100);
    const full = renderMarkdown(report, { top: 15, gates: GATES });
    const fitted = fitMarkdown(report, {
      top: 15,
      gates: GATES,
      limit: full.length,
      measure: chars,
      notice,
    });
    expect(fitted.cut).toBeNull();
    expect(fitted.markdown).toBe(full);
  });

  it("cuts tables one character over", () => {
    const report = reportWithAdded(100);
    const full = renderMarkdown(report, { top: 15, gates: GATES });
    const fitted = fitMarkdown(report, {
      top: 15,
      gates: GATES,
      limit: full.length - 1,
      measure: chars,
      notice,
    });
    expect(fitted.cut).toEqual({ maxTableRows: CUT_TABLE_ROWS, omitted: [], truncated: false });
    expect(fitted.markdown.length).toBeLessThan(full.length);
    expect(fitted.markdown).toContain("NOTICE rows=25 omitted= truncated=false");
    expect(fitted.markdown).toContain("25 of 100 rows shown; the full report has them all.");
    // The 25th added tensor is kept and the 26th is not.
    expect(fitted.markdown).toContain("`model.layers.24.self_attn.extra_projection.weight`");
    expect(fitted.markdown).not.toContain("`model.layers.25.self_attn.extra_projection.weight`");
  });

  it("drops the least important sections first", () => {
    const report = reportWithAdded(100);
    const fitted = fitMarkdown(report, {
      top: 15,
      gates: GATES,
      limit: 3000,
      measure: chars,
      notice,
    });
    expect(fitted.markdown.length).toBeLessThanOrEqual(3000);
    const omitted = fitted.cut?.omitted ?? [];
    expect(omitted.length).toBeGreaterThan(0);
    expect(omitted[0]).toBe("Top tensors by max |delta|");
    for (const title of omitted) expect(fitted.markdown).not.toContain(`## ${title}`);
    for (const heading of ["## Merge gates", "## Summary", "## Interpretation"]) {
      expect(fitted.markdown).toContain(heading);
    }
  });

  it("never exceeds the limit", () => {
    const report = reportWithAdded(300);
    const full = renderMarkdown(report, { top: 15, gates: GATES });
    for (let limit = 400; limit < full.length + 10; limit += 997) {
      const fitted = fitMarkdown(report, { top: 15, gates: GATES, limit, measure: chars, notice });
      expect(fitted.markdown.length).toBeLessThanOrEqual(limit);
      expect(fitted.cut === null).toBe(limit >= full.length);
    }
  });

  it("cuts the text when the kept parts are too long", () => {
    const report = reportWithAdded(10);
    const fitted = fitMarkdown(report, {
      top: 15,
      gates: GATES,
      limit: 600,
      measure: chars,
      notice,
    });
    expect(fitted.cut?.truncated).toBe(true);
    expect(fitted.markdown.length).toBeLessThanOrEqual(600);
    expect(fitted.markdown.startsWith("# Model diff:")).toBe(true);
    expect(fitted.markdown).toContain("truncated=true");
  });

  it("measures UTF-8 bytes", () => {
    const report = fixtureReport();
    report.added = Array.from({ length: 200 }, (_, index) => `층.${index}.가중치`);
    const full = renderMarkdown(report, { top: 15, gates: [] });
    expect(utf8Bytes(full)).toBeGreaterThan(full.length);
    const limit = full.length;
    const fitted = fitMarkdown(report, { top: 15, gates: [], limit, measure: utf8Bytes, notice });
    expect(fitted.cut).not.toBeNull();
    expect(Buffer.byteLength(fitted.markdown, "utf8")).toBeLessThanOrEqual(limit);
  });
});

describe("dropOrder", () => {
  it("drops unknown sections before known ones", () => {
    expect(
      dropOrder(["Layers", "Notes", "Brand new section", "Top tensors by max |delta|"]),
    ).toEqual(["Brand new section", "Top tensors by max |delta|", "Layers", "Notes"]);
  });
});
