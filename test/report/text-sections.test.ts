import { describe, expect, it } from "vitest";
import type { ConfigChange } from "../../src/analysis/configs.js";
import { buildReport } from "../../src/report/build.js";
import type { DiffReport, StructuralNote } from "../../src/report/model.js";
import { renderText } from "../../src/report/text.js";
import { checkpoint, classification, compared, fixtureDiff, naiveStats } from "./fixture.js";

/**
 * Builds a report of three layered 2x2 matrices. By hand: layer 0 attention moves from [3, 4, 0, 0] to
 * [3, 4, 1, 0], a relative change of 1/5 = 0.2, which is 6.6 half-decades above 1e-4, so shade 6
 * ("▇"). Layer 0 MLP doubles, a relative change of 1 and the top shade ("█"). Layer 1 attention
 * does not change ("·") and layer 1 has no MLP tensor (blank).
 */
function layeredReport(options: {
  names?: readonly string[];
  notes?: StructuralNote[];
  configChanges?: ConfigChange[];
}): DiffReport {
  const [attention0, mlp0, attention1] = options.names ?? [
    "model.layers.0.self_attn.q_proj.weight",
    "model.layers.0.mlp.up_proj.weight",
    "model.layers.1.self_attn.q_proj.weight",
  ];
  const diff = fixtureDiff();
  diff.compared = [
    compared(attention0 ?? "", [2, 2], ["F32", "F32"], naiveStats([3, 4, 0, 0], [3, 4, 1, 0])),
    compared(mlp0 ?? "", [2, 2], ["F32", "F32"], naiveStats([1, 1, 1, 1], [2, 2, 2, 2])),
    compared(attention1 ?? "", [2, 2], ["F32", "F32"], naiveStats([1, 2, 3, 4], [1, 2, 3, 4])),
  ];
  diff.added = [];
  diff.removed = [];
  diff.reshaped = [];
  diff.renamed = [];
  return buildReport({
    base: checkpoint("base", [], {}),
    head: checkpoint("head", [], {}),
    diff,
    classification: { ...classification, structuralNotes: options.notes ?? [] },
    configChanges: options.configChanges,
    version: "0.1.0",
  });
}

/** Builds a report whose tensors sit in no numbered layer, so it has no heatmap. */
function flatReport(): DiffReport {
  return layeredReport({ names: ["embed.weight", "proj.weight", "head.weight"] });
}

const NOTE: StructuralNote = {
  kind: "tensors_added",
  text: 'Two tensors added: "layers.2.w" and "layers.3.w".',
};

const CONFIG_CHANGES: ConfigChange[] = [
  { file: "config.json", key: "num_hidden_layers", base: "2", head: "4", architectural: true },
  {
    file: "tokenizer_config.json",
    key: "model_max_length",
    base: null,
    head: "512",
    architectural: false,
  },
];

function linesOf(text: string): string[] {
  return text.split("\n");
}

describe("text report classification sections", () => {
  const text = renderText(layeredReport({ notes: [NOTE], configChanges: CONFIG_CHANGES }), {
    top: 5,
  });
  const lines = linesOf(text);

  it("lists the structural notes", () => {
    const start = lines.indexOf("Structural notes:");
    expect(start).toBeGreaterThan(-1);
    expect(lines[start + 1]).toBe(
      '  * tensors_added: Two tensors added: "layers.2.w" and "layers.3.w".',
    );
  });

  it("draws the heatmap", () => {
    const start = lines.indexOf("Where the change sits");
    expect(start).toBeGreaterThan(-1);
    expect(lines[start + 1]).toBe("---------------------");
    expect(lines[start + 3]).toMatch(
      /^Relative change \|\|head - base\|\| \/ \|\|base\|\|, half a decade per shade: ▁ <0\.00032, ▂ ≥0\.00032, /,
    );
    expect(lines.slice(start + 5, start + 9)).toEqual([
      "layer  attn  mlp",
      "    0  ▇     █",
      "    1  ·",
      "",
    ]);
  });

  it("tables the config changes", () => {
    const start = lines.indexOf("Config and tokenizer changes");
    expect(start).toBeGreaterThan(-1);
    expect(lines.slice(start + 3, start + 8)).toEqual([
      "File                   Key                               Base    Head",
      "---------------------  --------------------------------  ------  ----",
      "config.json            num_hidden_layers (architecture)  2       4",
      "tokenizer_config.json  model_max_length                  absent  512",
      "",
    ]);
  });

  it("keeps the Markdown order", () => {
    const order = [
      "Why we think this:",
      "Structural notes:",
      "Where the change sits",
      "Config and tokenizer changes",
      "Layers",
    ].map((line) => lines.indexOf(line));
    expect(order.every((position) => position > -1)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("has no Markdown syntax", () => {
    expect(text).not.toContain("`");
    expect(text).not.toContain("**");
    expect(text).not.toMatch(/^\s*[#|]/m);
  });
});

describe("text report config overflow", () => {
  it("shows 40 rows and counts the rest", () => {
    const changes: ConfigChange[] = Array.from({ length: 45 }, (_, i) => ({
      file: "config.json",
      key: `key_${i}`,
      base: "0",
      head: "1",
      architectural: false,
    }));
    const lines = linesOf(renderText(layeredReport({ configChanges: changes }), { top: 5 }));
    expect(lines.filter((line) => line.startsWith("config.json  ")).length).toBe(40);
    expect(lines).toContain("config.json  key_39  0     1");
    expect(lines.some((line) => line.includes("key_40"))).toBe(false);
    expect(lines).toContain("5 more changes are in the JSON report.");
  });
});

describe("text report without classification sections", () => {
  const absentTitles = [
    "Structural notes",
    "Where the change sits",
    "Config and tokenizer changes",
  ];

  it("prints none of their titles", () => {
    const text = renderText(flatReport(), { top: 5 });
    for (const title of absentTitles) expect(text).not.toContain(title);
  });

  it("leaves out the heatmap in structure-only mode", () => {
    const report: DiffReport = { ...layeredReport({}), mode: "structure" };
    expect(renderText(report, { top: 5 })).not.toContain("Where the change sits");
  });

  it("ranks no tensor in structure-only mode", () => {
    const report: DiffReport = { ...layeredReport({}), mode: "structure" };
    const text = renderText(report, { top: 5 });
    expect(text).toContain("Values were not compared (structure only), so no tensor is ranked.");
    expect(text).not.toContain("No tensor has");
  });

  it("prints no empty heading", () => {
    for (const report of [flatReport(), layeredReport({ notes: [NOTE] })]) {
      const lines = linesOf(renderText(report, { top: 5 }));
      for (const [i, line] of lines.entries()) {
        if (!/^[-=]+$/.test(line) || i === 0) continue;
        // A heading is its title, an underline, a blank line, then its first line of content.
        expect(lines[i + 1], `after "${lines[i - 1]}"`).toBe("");
        expect(lines[i + 2], `after "${lines[i - 1]}"`).not.toBe("");
        expect(lines[i + 3], `after "${lines[i - 1]}"`).not.toMatch(/^[-=]+$/);
      }
    }
  });
});

describe("text report classification sections with hostile text", () => {
  const hostile = "line\nbreak\r\ttab \u001b[31mred\u202eevil";
  const report = layeredReport({
    names: [
      `${hostile}.0.self_attn.q_proj.weight`,
      "model.layers.0.mlp.up_proj.weight",
      "model.layers.1.self_attn.q_proj.weight",
    ],
    notes: [{ kind: "renamed", text: `Renamed ${hostile}.` }],
    configChanges: [
      { file: `cfg ${hostile}.json`, key: hostile, base: hostile, head: null, architectural: true },
    ],
  });
  const text = renderText(report, { top: 5 });
  const lines = linesOf(text);

  it("contains no raw control or bidi characters", () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters.
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
  });

  it("keeps the config row on one line", () => {
    const start = lines.indexOf("Config and tokenizer changes");
    const row = lines[start + 5] ?? "";
    expect(row.startsWith("cfg line\\nbreak\\r\\ttab ")).toBe(true);
    expect(row).toContain("(architecture)");
    expect(row.endsWith("absent")).toBe(true);
    expect(lines[start + 6]).toBe("");
  });

  it("keeps the note on one line", () => {
    const start = lines.indexOf("Structural notes:");
    expect(lines[start + 1]?.startsWith("  * renamed: Renamed line\\nbreak\\r\\ttab ")).toBe(true);
    expect(lines[start + 2]).toBe("");
  });

  it("keeps each heatmap row on one line", () => {
    const start = lines.indexOf("Where the change sits");
    const rows = lines.slice(start + 6).slice(0, 3);
    expect(rows.some((row) => row.includes("line\\nbreak\\r\\ttab"))).toBe(true);
    expect(rows.filter((row) => row.trim() !== "").length).toBe(3);
  });
});
