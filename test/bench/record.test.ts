import { describe, expect, it } from "vitest";
import { KEPT_RUNS, pageWithRun, RUN_HEADING, runSections } from "../../scripts/bench/record.js";
import { type Target, targetCounts, targetTable, verdictOf } from "../../scripts/bench/targets.js";

const intro = "# Benchmarks\n\nWritten by the benchmark.";

function run(name: string): string {
  return `${RUN_HEADING}${name}\n\n| case | GB/s |\n|---|---:|\n| bf16 | 1.00 |`;
}

describe("benchmark record", () => {
  it("starts a page with the introduction and the run", () => {
    expect(pageWithRun(null, intro, run("first"))).toBe(`${intro}\n\n${run("first")}\n`);
  });

  it("adds a new run on top", () => {
    const page = pageWithRun(pageWithRun(null, intro, run("first")), intro, run("second"));
    expect(page).toBe(`${intro}\n\n${run("second")}\n\n${run("first")}\n`);
    expect(runSections(page)).toEqual([run("second"), run("first")]);
  });

  it("drops the oldest runs beyond the kept count", () => {
    let page: string | null = null;
    for (let i = 1; i <= KEPT_RUNS + 2; i++) page = pageWithRun(page, intro, run(`run ${i}`));
    const sections = runSections(page as string);
    expect(sections).toHaveLength(KEPT_RUNS);
    expect(sections[0]).toBe(run(`run ${KEPT_RUNS + 2}`));
    expect(sections.at(-1)).toBe(run("run 3"));
  });

  it("finds no run in a page without run headings", () => {
    expect(runSections("# Benchmarks\n\nSome text\n## Other heading\n")).toEqual([]);
  });
});

describe("benchmark targets", () => {
  const target = (bound: "min" | "max", goal: number, measured: number | null): Target => ({
    name: "figure",
    unit: "×",
    bound,
    goal,
    measured,
  });

  it("meets a lower bound at the goal and misses it below", () => {
    expect(verdictOf(target("min", 1.7, 1.7))).toBe("met");
    expect(verdictOf(target("min", 1.7, 1.69))).toBe("missed");
  });

  it("meets an upper bound at the goal and misses it above", () => {
    expect(verdictOf(target("max", 1.15, 1.15))).toBe("met");
    expect(verdictOf(target("max", 1.15, 1.16))).toBe("missed");
  });

  it("says a figure the run did not measure is not measured", () => {
    expect(verdictOf(target("min", 12, null))).toBe("not measured");
  });

  it("counts the targets by verdict", () => {
    const targets = [
      target("min", 1, 2),
      target("min", 1, 0),
      target("max", 1, 0.5),
      target("max", 1, null),
    ];
    expect(targetCounts(targets)).toBe("2 met, 1 missed, 1 not measured");
  });

  it("prints the goal, the value and the verdict in one row per target", () => {
    const rows = targetTable([
      { name: "bf16, 2 workers", unit: "GB/s", bound: "min", goal: 8.5, measured: 3.021 },
      { name: "peak RSS", unit: "MiB", bound: "max", goal: 256, measured: 112.4 },
    ]);
    expect(rows.slice(2)).toEqual([
      "| bf16, 2 workers | ≥ 8.50 GB/s | 3.02 GB/s | missed |",
      "| peak RSS | ≤ 256 MiB | 112 MiB | met |",
    ]);
  });
});
