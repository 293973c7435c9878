import { describe, expect, it } from "vitest";
import { HEATMAP_SHADES, heatmapLegend, shadeOf } from "../../src/report/heatmap.js";

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
