import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/report/build.js";
import { renderJson } from "../../src/report/json.js";
import { FOLD_ROWS, renderMarkdown } from "../../src/report/markdown.js";
import type { DiffReport } from "../../src/report/model.js";
import { renderText } from "../../src/report/text.js";
import {
  classification,
  compared,
  fixtureBase,
  fixtureDiff,
  fixtureHead,
  fixtureReport,
  naiveStats,
} from "./fixture.js";

function linesOf(text: string): string[] {
  return text.split("\n");
}

/** Returns the lines after a heading, up to the next heading of level 2. */
function sectionOf(markdown: string, heading: string): string[] {
  const lines = linesOf(markdown);
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`heading ${heading} missing`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

describe("renderMarkdown figures", () => {
  const markdown = renderMarkdown(fixtureReport(), { top: 2 });
  const lines = linesOf(markdown);

  it("has title and threshold", () => {
    expect(lines[0]).toBe("# Model diff: `base.safetensors` vs `head.safetensors`");
    expect(lines).toContainEqual(expect.stringMatching(/^Threshold: `abs\(a - b\) > 1e-06`\. /));
    expect(markdown).toContain("NaN against NaN counts as unchanged");
  });

  it("shows the summary figures", () => {
    expect(lines).toContain("- Parameters compared: **24 in 8 tensors**");
    expect(lines).toContain("- Changed: **9 (37.50%)**");
    expect(lines).toContain("- Unchanged: **15 (62.50%)**");
    expect(lines).toContain("- Elements whose stored bits differ: **9 (37.50%)**");
    expect(lines).toContain(
      "- Tensors: **8 compared, 1 added, 1 removed, 1 reshaped, 1 renamed, 1 recast**",
    );
    expect(lines).toContain("- Model size (head tensor data): **122 bytes**");
    expect(lines).toContain(
      "- Delta size, estimated: **dense 114 bytes; sparse 93 bytes; bitmap 65 bytes**",
    );
    expect(lines).toContain("- Cheapest delta encoding: **bitmap**");
    // 122 / 65 = 1.8769...
    expect(lines).toContain("- Compression ratio (model size / cheapest delta): **1.88x**");
    // Over the matrices T1 and T2: sqrt(5 / 29) = 0.41523, 33 / sqrt(29 * 42) = 0.94556
    expect(lines).toContain(
      "- Relative change \\|\\|head - base\\|\\| / \\|\\|base\\|\\| of the weight matrices: **0.4152**",
    );
    expect(lines).toContain("- Cosine similarity of base and head weight matrices: **0.9456**");
  });

  it("shows the interpretation", () => {
    expect(lines).toContain(
      "> **Looks like a fine-tune of the base: every tensor keeps its direction.**",
    );
    expect(lines).toContain("> Label: `finetune`, confidence medium (score 0.6200)");
    expect(sectionOf(markdown, "## Interpretation")).toContain(
      "- Overall cosine 0.9396 is in the fine-tune band (above 0.9).",
    );
  });

  it("shows layers in depth order", () => {
    const layers = sectionOf(markdown, "## Layers").filter((line) => line.startsWith("| "));
    expect(layers).toEqual([
      "| Layer | Tensors | Params | Changed | % changed | Relative change | Cosine |",
      // sqrt(5 / 29) = 0.41523, 33 / sqrt(29 * 42) = 0.94556
      "| 0 | 3 | 12 | 7 | 58.33% | 0.4152 | 0.9456 |",
      "| 1 | 1 | 2 | 0 | 0.00% | 0 | 1 |",
      // sqrt(1.25 / 7) = 0.42258, 8 / sqrt(7 * 10.25) = 0.94445
      "| (none) | 4 | 10 | 2 | 20.00% | 0.4226 | 0.9445 |",
    ]);
    expect(markdown).toContain("The relative change is largest in layer 0 (0.4152).");
    expect(markdown).toContain('Layers in depth order; "(none)" holds the tensors outside');
  });

  it("explains (none) only when it has a row", () => {
    const diff = fixtureDiff();
    diff.compared = [
      compared(
        "model.layers.0.mlp.up_proj.weight",
        [2],
        ["F32", "F32"],
        naiveStats([1, 2], [1, 3]),
      ),
    ];
    const report = buildReport({
      base: fixtureBase(),
      head: fixtureHead(),
      diff,
      classification,
      version: "0.1.0",
    });
    expect(report.layers.map((layer) => layer.key)).toEqual(["0"]);
    const layers = sectionOf(renderMarkdown(report, { top: 5 }), "## Layers").join("\n");
    expect(layers).toContain("Layers in depth order. Relative change and cosine cover");
    expect(layers).not.toContain("(none)");
  });

  it("shows module kinds", () => {
    const modules = sectionOf(markdown, "## Module kinds");
    // The T1 matrix alone: 1 / 5 = 0.2, 25 / (5 * sqrt(26)) = 0.98058
    expect(modules).toContain("| attention | 2 | 6 | 1 | 16.67% | 0.2000 | 0.9806 |");
    expect(modules).toContain("| other | 2 | 7 | 2 | 28.57% | n/a | n/a |");
  });

  it("ranks by relative change", () => {
    const rows = sectionOf(markdown, "## Top tensors by relative change").filter((line) =>
      line.startsWith("| `"),
    );
    expect(rows).toEqual([
      "| `model.layers.0.mlp.up_proj.weight` | 2x2 | 4 | 4 | 100.00% | 1.000 | 1.000 | 1 |",
      // 3 / sqrt(2 * 5) = 0.94868
      "| `model.norm.weight` | 2 | 2 | 1 | 50.00% | 1.000 | 0.7071 | 0.9487 |",
    ]);
  });

  it("ranks by max delta, ties by name", () => {
    const section = sectionOf(markdown, "## Top tensors by max \\|delta\\|");
    const rows = section.filter((line) => line.startsWith("| `"));
    expect(rows).toEqual([
      "| `model.layers.0.mlp.up_proj.weight` | 2x2 | 4 | 4 | 100.00% | 1.000 | 1.000 | 1 |",
      // 25 / (5 * sqrt(26)) = 0.98058
      "| `model.layers.0.self_attn.q_proj.weight` | 2x2 | 4 | 1 | 25.00% | 1.000 | 0.2000 | 0.9806 |",
    ]);
    expect(section).toContain("2 of 4 tensors with a max \\|delta\\| above 0.");
  });

  it("lists structure and metadata changes", () => {
    expect(sectionOf(markdown, "## Added tensors")).toContain(
      "| `model.layers.2.self_attn.k_proj.weight` |",
    );
    expect(sectionOf(markdown, "## Reshaped tensors")).toContain(
      "| `model.embed_positions` | 2 | 3 |",
    );
    expect(sectionOf(markdown, "## Renamed tensors")).toContain("| `a.weight` | `b.weight` |");
    expect(sectionOf(markdown, "## Recast tensors")).toContain("| `lm_head.weight` | F32 | F16 |");
    const metadata = sectionOf(markdown, "## Metadata changes");
    expect(metadata).toContain('| `cfg` | `{"a":1}` | (absent) |');
    expect(metadata).toContain("| `epoch` | `3` | `4` |");
  });

  it("ends with one newline", () => {
    expect(markdown.endsWith("</sub>\n")).toBe(true);
    const figures = lines.filter(
      (line) => !line.startsWith("Threshold:") && !line.startsWith("- Non-finite values:"),
    );
    expect(figures.join("\n")).not.toMatch(/\bNaN\b/);
  });
});

describe("summary counts of one", () => {
  it("uses the singular noun", () => {
    const report = fixtureReport();
    const single: DiffReport = { ...report, summary: { ...report.summary, tensorsCompared: 1 } };
    const lines = linesOf(renderMarkdown(single, { top: 2 }));
    expect(lines).toContain("- Parameters compared: **24 in 1 tensor**");
  });
});

describe("threshold line in structure mode", () => {
  const report: DiffReport = { ...fixtureReport(), mode: "structure" };

  it("is left out of Markdown", () => {
    const markdown = renderMarkdown(report, { top: 2 });
    expect(markdown).not.toContain("Threshold:");
    expect(markdown).not.toContain("Differences are computed in float64");
  });

  it("is left out of text", () => {
    const text = renderText(report, { top: 2 });
    expect(text).not.toContain("Threshold:");
    expect(text).not.toContain("Differences are computed in float64");
  });
});

describe("renderMarkdown layout", () => {
  it("folds long tables", () => {
    const diff = fixtureDiff();
    const template = diff.compared[0];
    if (template === undefined) throw new Error("fixture is empty");
    diff.compared = Array.from({ length: FOLD_ROWS + 1 }, (_, i) => ({
      ...template,
      name: `model.layers.${i}.self_attn.q_proj.weight`,
    }));
    const report = buildReport({
      base: fixtureBase(),
      head: fixtureHead(),
      diff,
      classification,
      version: "0.1.0",
    });
    const layers = sectionOf(renderMarkdown(report, { top: 3 }), "## Layers");
    expect(layers).toContain("<details>");
    expect(layers).toContain(`<summary>Layers (${FOLD_ROWS + 1} rows)</summary>`);
    expect(layers).toContain("</details>");
  });

  it("says when nothing changed", () => {
    const diff = fixtureDiff();
    diff.compared = [compared("w", [2], ["F32", "F32"], naiveStats([1, 2], [1, 2]))];
    const report = buildReport({
      base: fixtureBase(),
      head: fixtureHead(),
      diff,
      classification,
      version: "0.1.0",
    });
    const markdown = renderMarkdown(report, { top: 5 });
    expect(markdown).toContain("No tensor has a relative change above 0.");
    expect(markdown).toContain("- Changed: **0 (0.00%)**");
  });
});

describe("confidence cap", () => {
  it("names the cap beside the score", () => {
    const report = fixtureReport();
    report.classification = {
      ...report.classification,
      confidence: "low",
      score: 0.95,
      cappedBy: "most changed parameters sit in small matrices",
    };
    const expected =
      "confidence low (score 0.9500, capped at low because most changed parameters sit in small matrices)";
    expect(renderText(report, { top: 2 })).toContain(`Label: finetune, ${expected}`);
    expect(renderMarkdown(report, { top: 2 })).toContain(`> Label: \`finetune\`, ${expected}`);
  });
});

describe("renderText", () => {
  const text = renderText(fixtureReport(), { top: 2 });
  const lines = linesOf(text);

  it("shows the same figures", () => {
    expect(lines[0]).toBe("Model diff: base.safetensors vs head.safetensors");
    expect(text).toMatch(/^Changed: +9 \(37\.50%\)$/m);
    expect(text).toMatch(/^Compression ratio \(model size \/ cheapest delta\): +1\.88x$/m);
    expect(text).toMatch(
      /^Relative change \|\|head - base\|\| \/ \|\|base\|\| of the weight matrices: +0\.4152$/m,
    );
    expect(text).toMatch(/^0 +3 +12 +7 +58\.33% +0\.4152 +0\.9456$/m);
    expect(text).toMatch(/^attention +2 +6 +1 +16\.67% +0\.2000 +0\.9806$/m);
    expect(text).toMatch(/^model\.norm\.weight +2 +2 +1 +50\.00% +1\.000 +0\.7071 +0\.9487$/m);
    expect(text).toContain("Label: finetune, confidence medium (score 0.6200)");
  });

  it("aligns columns", () => {
    const start = lines.indexOf("Layers");
    const table = lines.slice(start + 5, start + 10);
    expect(table[0]?.startsWith("Layer")).toBe(true);
    const widths = new Set(table.map((line) => line.length));
    expect(widths.size).toBe(1);
  });

  it("has no Markdown syntax", () => {
    expect(text).not.toContain("**");
    expect(text).not.toContain("`");
    expect(text).not.toContain("<details>");
    expect(text).not.toMatch(/^#/m);
    expect(text).not.toMatch(/^\|/m);
  });
});

describe("renderJson", () => {
  const report = fixtureReport();
  const json = renderJson(report);

  it("round-trips the report", () => {
    expect(JSON.parse(json)).toEqual(report);
  });

  it("sorts keys and indents by two", () => {
    expect(json.endsWith("}\n")).toBe(true);
    expect(linesOf(json)[1]).toBe('  "added": [');
    const parsed = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(Object.keys(parsed).sort());
    const summary = parsed.summary as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(Object.keys(summary).sort());
  });

  it("is the same for any build order", () => {
    const reordered = Object.fromEntries(Object.entries(report).reverse()) as DiffReport;
    expect(renderJson(reordered)).toBe(json);
  });

  it("keeps names byte-exact", () => {
    const name = "evil\u202e|`x`\n<script>@a \u0000";
    const withName = { ...report, added: [name] };
    const parsed = JSON.parse(renderJson(withName)) as DiffReport;
    expect(parsed.added[0]).toBe(name);
  });

  it("keeps a __proto__ key", () => {
    const withDetail = {
      ...report,
      classification: { ...report.classification, detail: JSON.parse('{"__proto__": 1}') },
    };
    expect(renderJson(withDetail)).toContain('"__proto__": 1');
  });
});
