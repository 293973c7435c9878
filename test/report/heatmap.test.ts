import { describe, expect, it } from "vitest";
import type { DType } from "../../src/format/dtypes.js";
import { buildReport } from "../../src/report/build.js";
import { HEATMAP_SHADES, heatmapLegend, heatmapLines, shadeOf } from "../../src/report/heatmap.js";
import { checkpoint, compared, fixtureReport, naiveStats, THRESHOLD } from "./fixture.js";

describe("heatmap shades", () => {
  it("maps half decades to shades", () => {
    expect(shadeOf(null)).toBe(" ");
    expect(shadeOf(0)).toBe("·");
    expect(shadeOf(1e-6)).toBe(HEATMAP_SHADES[0]);
    expect(shadeOf(1e-4)).toBe(HEATMAP_SHADES[0]);
    expect(shadeOf(4e-4)).toBe(HEATMAP_SHADES[1]);
    expect(shadeOf(0.07)).toBe(HEATMAP_SHADES[5]);
    expect(shadeOf(1.4)).toBe(HEATMAP_SHADES[7]);
  });

  it("explains every shade in the legend", () => {
    const legend = heatmapLegend();
    for (const shade of HEATMAP_SHADES) expect(legend).toContain(shade);
  });
});

/** Builds a report of one layer: an unchanged q_proj matrix and its bias, moved or not. */
function layerReport(biasHead: number[], mode: "full" | "structure" = "full") {
  const matrix = [0.1, -0.2, 0.3, 0.4];
  const bias = [1, 2];
  const diff = {
    threshold: THRESHOLD,
    mode,
    compared: [
      compared(
        "model.layers.0.self_attn.q_proj.weight",
        [2, 2],
        ["F32", "F32"],
        naiveStats(matrix, matrix),
      ),
      compared(
        "model.layers.0.self_attn.q_proj.bias",
        [2],
        ["F32", "F32"],
        naiveStats(bias, biasHead),
      ),
    ],
    added: [],
    removed: [],
    reshaped: [],
    renamed: [],
  };
  const tensors: [string, DType, number[]][] = [
    ["model.layers.0.self_attn.q_proj.weight", "F32", [2, 2]],
    ["model.layers.0.self_attn.q_proj.bias", "F32", [2]],
  ];
  return buildReport({
    base: checkpoint("base", tensors, {}),
    head: checkpoint("head", tensors, {}),
    diff,
    classification: fixtureReport().classification,
    version: "0.1.0",
  });
}

describe("heatmap cells", () => {
  it("shades a cell where only a bias moved", () => {
    // ||(0, 1)|| / ||(1, 2)|| = 1 / sqrt(5), between 0.32 and 1: the darkest shade.
    const lines = heatmapLines(layerReport([1, 3]));
    expect(lines[1]).toBe(`    0  ${HEATMAP_SHADES[7]}`);
  });

  it("marks an untouched cell as unchanged", () => {
    const lines = heatmapLines(layerReport([1, 2]));
    expect(lines[1]).toBe("    0  ·");
  });

  it("draws nothing in a structure-only run", () => {
    expect(heatmapLines(layerReport([1, 3], "structure"))).toEqual([]);
  });
});
