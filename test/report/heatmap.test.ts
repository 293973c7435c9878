import { describe, expect, it } from "vitest";
import type { DType } from "../../src/format/dtypes.js";
import { buildReport } from "../../src/report/build.js";
import { HEATMAP_SHADES, heatmapLegend, heatmapLines, shadeOf } from "../../src/report/heatmap.js";
import type { DiffReport, TensorReport } from "../../src/report/model.js";
import { Random } from "../diff/helpers.js";
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

/** Returns a tensor row of a report, with only the fields the heatmap reads filled in. */
function heatmapTensor(stack: string | null, layer: number | null, index: number): TensorReport {
  return {
    name: `t${index}`,
    shape: [2, 2],
    module: index % 2 === 0 ? "attention" : "mlp",
    numel: 4,
    layer,
    stack,
    changed: index % 3,
    bitsDiffering: index % 3,
    relativeChange: index % 3 === 0 ? 0 : 0.01 * (index % 7),
  } as TensorReport;
}

/** Row labels of a heatmap, top to bottom, without the header line. */
function rowLabels(lines: readonly string[]): string[] {
  return lines.slice(1).map((line) => line.trimStart().split("  ")[0] as string);
}

/**
 * Orders rows as the heatmap promises, by scanning lists: first appearance among the tensors,
 * then stably by the first position of the row in the layer groups, with rows of no group last.
 */
function naiveRowOrder(tensors: readonly TensorReport[], groupKeys: readonly string[]): string[] {
  const rows: string[] = [];
  for (const tensor of tensors) {
    const row =
      tensor.layer === null
        ? "(none)"
        : tensor.stack === null
          ? String(tensor.layer)
          : `${tensor.stack}.${tensor.layer}`;
    if (!rows.includes(row)) rows.push(row);
  }
  const position = (row: string) => {
    const index = groupKeys.indexOf(row);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  const decorated = rows.map((row, appearance) => ({ row, appearance }));
  decorated.sort((x, y) => position(x.row) - position(y.row) || x.appearance - y.appearance);
  return decorated.map((item) => item.row);
}

describe("heatmap row order", () => {
  it("follows the layer groups across many layers and stacks", () => {
    const random = new Random(7);
    const stacks = [null, "encoder", "decoder", "unlisted"];
    const tensors: TensorReport[] = [];
    for (let index = 0; index < 6000; index++) {
      const stack = stacks[Math.floor(random.next() * stacks.length)] as string | null;
      const layer = index % 97 === 0 ? null : Math.floor(random.next() * 400);
      tensors.push(heatmapTensor(layer === null ? null : stack, layer, index));
    }
    // Groups in an order unrelated to the tensors': decoder first, layers descending. The
    // "unlisted" stack has no group, and one key is listed twice.
    const groupKeys: string[] = ["(none)"];
    for (const stack of ["decoder", null, "encoder"]) {
      for (let layer = 399; layer >= 0; layer--) {
        groupKeys.push(stack === null ? String(layer) : `${stack}.${layer}`);
      }
    }
    groupKeys.push("decoder.5");
    const report = {
      mode: "full",
      tensors,
      layers: groupKeys.map((key) => ({ key })),
    } as unknown as DiffReport;

    const labels = rowLabels(heatmapLines(report));

    expect(labels).toEqual(naiveRowOrder(tensors, groupKeys));
    expect(labels[0]).toBe("(none)");
    expect(labels.at(-1)?.startsWith("unlisted.")).toBe(true);
  });

  it("keeps first appearance for rows without a group", () => {
    const tensors = [
      heatmapTensor("b", 2, 1),
      heatmapTensor("a", 9, 2),
      heatmapTensor(null, 1, 3),
      heatmapTensor("b", 2, 4),
      heatmapTensor("a", 1, 5),
    ];
    const report = {
      mode: "full",
      tensors,
      layers: [{ key: "1" }],
    } as unknown as DiffReport;

    expect(rowLabels(heatmapLines(report))).toEqual(["1", "b.2", "a.9", "a.1"]);
  });
});
