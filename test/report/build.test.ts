import { describe, expect, it } from "vitest";
import type { ComparedTensor, DiffResult, TensorStats } from "../../src/diff/types.js";
import type { DType } from "../../src/format/dtypes.js";
import { buildReport, metadataChanges } from "../../src/report/build.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import type { GroupReport } from "../../src/report/model.js";
import {
  checkpoint,
  classification,
  fixtureBase,
  fixtureDiff,
  fixtureHead,
  fixtureReport,
  naiveStats,
} from "./fixture.js";

function group(groups: GroupReport[], key: string): GroupReport {
  const found = groups.find((candidate) => candidate.key === key);
  if (found === undefined) throw new Error(`group ${key} missing`);
  return found;
}

describe("buildReport summary", () => {
  const summary = fixtureReport().summary;

  it("counts parameters", () => {
    // 4 + 4 + 2 + 2 + 3 + 4 + 2 + 3 elements; 1 + 4 + 0 + 1 + 1 + 2 + 0 + 0 changed.
    expect(summary.tensorsCompared).toBe(8);
    expect(summary.comparedParams).toBe(24);
    expect(summary.changedParams).toBe(9);
    expect(summary.unchangedParams).toBe(15);
    expect(summary.changedFraction).toBe(9 / 24);
    expect(summary.bitsDifferingParams).toBe(1 + 4 + 0 + 1 + 1 + 2 + 0 + 0);
  });

  it("sums float matrices for overall figures", () => {
    // Float matrices T1 and T2 only, since 1-D tensors would swamp ||a||:
    // ||d||^2 = 1 + 4 = 5, ||a||^2 = 25 + 4 = 29, a.b = 25 + 8 = 33, ||b||^2 = 26 + 16 = 42.
    expect(summary.relativeChange).toBeCloseTo(Math.sqrt(5 / 29), 12);
    expect(summary.cosine).toBeCloseTo(33 / Math.sqrt(29 * 42), 12);
  });

  it("prices the delta", () => {
    // Per tensor dense/sparse/bitmap: T1 16/8/5, T2 16/32/17, T3 4/0/1, T4 8/8/5, T5 12/8/5,
    // F4 2/9/2, lm_head 4/0/1, position_ids 24/0/1; added 16 and reshaped 12 in each.
    // F4 has 2 changed elements: sparse is 2 x 4-byte index + 1 byte of two 4-bit values.
    expect(summary.deltaEncodings.map((encoding) => [encoding.name, encoding.bytes])).toEqual([
      ["dense", 114],
      ["sparse", 93],
      ["bitmap", 65],
    ]);
    expect(summary.cheapestEncoding).toBe("bitmap");
    expect(summary.modelBytes).toBe(122);
    expect(summary.compressionRatio).toBeCloseTo(122 / 65, 12);
  });

  it("names no cheapest encoding when only names changed", () => {
    const renamedOnly = buildReport({
      base: checkpoint("base.safetensors", [["a.weight", "F32", [2]]], {}),
      head: checkpoint("head.safetensors", [["b.weight", "F32", [2]]], {}),
      diff: { ...fixtureDiff(), compared: [], added: [], removed: [], reshaped: [] },
      classification,
      version: "0.1.0",
    });
    const renamedSummary = renamedOnly.summary;
    expect(renamedSummary.deltaEncodings.map((encoding) => encoding.bytes)).toEqual([0, 0, 0]);
    expect(renamedSummary.cheapestEncoding).toBeNull();
    expect(renamedSummary.compressionRatio).toBeNull();
    expect(renderMarkdown(renamedOnly, { top: 5 })).toContain(
      "- Cheapest delta encoding: **none (every encoding is 0 bytes)**",
    );
  });

  it("counts structure changes", () => {
    expect(summary.added).toBe(1);
    expect(summary.removed).toBe(1);
    expect(summary.reshaped).toBe(1);
    expect(summary.renamed).toBe(1);
    expect(summary.dtypeChanged).toBe(1);
    expect(summary.nonFinite).toEqual({ nanBase: 0, nanHead: 0, infBase: 0, infHead: 0 });
  });
});

describe("buildReport tensors", () => {
  const report = fixtureReport();
  const byName = new Map(report.tensors.map((tensor) => [tensor.name, tensor]));

  it("lists tensors in name order", () => {
    const names = report.tensors.map((tensor) => tensor.name);
    expect(names).toEqual([...names].sort());
    expect(names).toHaveLength(8);
  });

  it("derives per-tensor figures", () => {
    const q = byName.get("model.layers.0.self_attn.q_proj.weight");
    expect(q?.layer).toBe(0);
    expect(q?.stack).toBeNull();
    expect(q?.module).toBe("attention");
    expect(q?.changed).toBe(1);
    expect(q?.maxAbsDelta).toBe(1);
    expect(q?.relativeChange).toBeCloseTo(0.2, 12);
    expect(q?.cosine).toBeCloseTo(25 / (5 * Math.sqrt(26)), 12);
    expect(q?.deltaBytes).toEqual({ dense: 16, sparse: 8, bitmap: 5 });
  });

  it("uses null where undefined", () => {
    const embed = byName.get("model.embed_tokens.weight");
    expect(embed?.relativeChange).toBeNull();
    expect(embed?.cosine).toBeNull();
    expect(embed?.maxAbsDelta).toBe(0.5);
    const packed = byName.get("model.layers.0.packed");
    expect(packed?.comparedAs).toBe("bytes");
    expect(packed?.maxAbsDelta).toBeNull();
    expect(packed?.relativeChange).toBeNull();
    expect(packed?.correlation).toBeNull();
    expect(JSON.stringify(report)).not.toContain("NaN");
  });
});

describe("buildReport groups", () => {
  const report = fixtureReport();

  it("orders layers by depth, outside last", () => {
    expect(report.layers.map((layer) => layer.key)).toEqual(["0", "1", "(none)"]);
  });

  it("sums layer 0", () => {
    // q_proj, up_proj and the F4 tensor; figures from the two float matrices only.
    const layer = group(report.layers, "0");
    expect(layer.tensors).toBe(3);
    expect(layer.params).toBe(12);
    expect(layer.changed).toBe(7);
    expect(layer.changedFraction).toBeCloseTo(7 / 12, 12);
    expect(layer.relativeChange).toBeCloseTo(Math.sqrt(5 / 29), 12);
    expect(layer.cosine).toBeCloseTo(33 / Math.sqrt(29 * 42), 12);
  });

  it("sums tensors outside layers", () => {
    // norm, embed_tokens, lm_head, position_ids (integer, so left out of the figures). With no
    // matrix in the group, its 1-D float tensors give the figures.
    const outside = group(report.layers, "(none)");
    expect(outside.tensors).toBe(4);
    expect(outside.params).toBe(10);
    expect(outside.changed).toBe(2);
    expect(outside.relativeChange).toBeCloseTo(Math.sqrt(1.25 / 7), 12);
  });

  it("groups by module kind", () => {
    expect(report.modules.map((module) => module.key)).toEqual([
      "embedding",
      "attention",
      "mlp",
      "norm",
      "output_head",
      "other",
    ]);
    const attention = group(report.modules, "attention");
    expect(attention.tensors).toBe(2);
    expect(attention.params).toBe(6);
    expect(attention.changed).toBe(1);
    // The T1 matrix only: the 1-D T3 does not enter a group that has a matrix.
    expect(attention.relativeChange).toBeCloseTo(1 / 5, 12);
    expect(attention.cosine).toBeCloseTo(25 / (5 * Math.sqrt(26)), 12);
    const other = group(report.modules, "other");
    expect(other.params).toBe(7);
    expect(other.relativeChange).toBeNull();
  });

  it("keeps encoder and decoder layers apart", () => {
    const diff = fixtureDiff();
    const first = diff.compared[0];
    if (first === undefined) throw new Error("fixture is empty");
    diff.compared = [
      { ...first, name: "encoder.block.3.layer.0.SelfAttention.q.weight" },
      { ...first, name: "decoder.block.3.layer.0.SelfAttention.q.weight" },
    ];
    const report = buildReport({
      base: fixtureBase(),
      head: fixtureHead(),
      diff,
      classification,
      version: "0.1.0",
    });
    expect(report.layers.map((layer) => layer.key)).toEqual(["encoder.3", "decoder.3"]);
    expect(report.tensors.map((tensor) => tensor.stack)).toEqual(["decoder", "encoder"]);
  });
});

describe("buildReport lists", () => {
  const report = fixtureReport();

  it("lists structure changes", () => {
    expect(report.added).toEqual(["model.layers.2.self_attn.k_proj.weight"]);
    expect(report.removed).toEqual(["old.weight"]);
    expect(report.reshaped).toEqual([
      { name: "model.embed_positions", baseShape: [2], headShape: [3] },
    ]);
    expect(report.renamed).toEqual([{ baseName: "a.weight", headName: "b.weight" }]);
    expect(report.dtypeChanged).toEqual([
      { name: "lm_head.weight", baseDtype: "F32", headDtype: "F16" },
    ]);
  });

  it("summarizes both checkpoints", () => {
    expect(report.base.params).toBe(30);
    expect(report.head.params).toBe(33);
    expect(report.head.tensorBytes).toBe(122);
    expect(report.head.dtypes).toEqual({ BF16: 1, F16: 1, F32: 7, F4: 1, I64: 1 });
    expect(report.tool).toEqual({ name: "model-diff", version: "0.1.0" });
    expect(report.schemaVersion).toBe(2);
  });

  it("lists metadata changes", () => {
    expect(report.metadataChanges).toEqual([
      { key: "cfg", base: '{"a":1}', head: null },
      { key: "epoch", base: "3", head: "4" },
      { key: "note", base: null, head: "hi" },
    ]);
  });

  it("notes bytewise and integer tensors and warnings", () => {
    expect(report.notes.some((note) => note.includes("model.layers.0.packed"))).toBe(true);
    expect(report.notes.some((note) => note.includes("model.position_ids"))).toBe(true);
    expect(report.notes).toContain(
      'Head checkpoint: Metadata value of "epoch" is not a string; it is shown JSON-encoded.',
    );
  });
});

describe("metadataChanges", () => {
  it("tells a string from a number", () => {
    expect(metadataChanges({ a: "3" }, { a: 3 })).toEqual([{ key: "a", base: "3", head: "3" }]);
    expect(metadataChanges({ a: "x" }, { a: ["x"] })).toEqual([
      { key: "a", base: "x", head: '["x"]' },
    ]);
  });

  it("ignores object key order", () => {
    expect(metadataChanges({ a: "1", b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: "1" })).toEqual(
      [],
    );
  });
});

describe("buildReport sub-byte tensors", () => {
  function packed(
    name: string,
    dtypes: [DType, DType],
    numel: number,
    counts: Pick<TensorStats, "changed" | "bitsDiffering">,
  ): ComparedTensor {
    return {
      name,
      shape: [numel],
      baseDtype: dtypes[0],
      headDtype: dtypes[1],
      comparison: "bytes",
      stats: { ...naiveStats([], []), numel, ...counts },
    };
  }

  // F4: 16 elements in 8 bytes, 3 codes differ and 2 of them changed value.
  // F6: 16 elements in 12 bytes, 1 byte differs and touches 2 elements.
  // F32 to F4: no element pairs, so all 8 elements changed.
  const diff: DiffResult = {
    threshold: 0,
    compared: [
      packed("q4", ["F4", "F4"], 16, { changed: 2, bitsDiffering: 3 }),
      packed("q6", ["F6_E2M3", "F6_E2M3"], 16, { changed: 2, bitsDiffering: 1 }),
      packed("recast", ["F32", "F4"], 8, { changed: 8, bitsDiffering: 8 }),
    ],
    added: [],
    removed: [],
    reshaped: [],
    renamed: [],
  };
  const base = checkpoint(
    "base",
    [
      ["q4", "F4", [16]],
      ["q6", "F6_E2M3", [16]],
      ["recast", "F32", [8]],
    ],
    {},
  );
  const head = checkpoint(
    "head",
    [
      ["q4", "F4", [16]],
      ["q6", "F6_E2M3", [16]],
      ["recast", "F4", [8]],
    ],
    {},
  );
  const report = buildReport({ base, head, diff, classification, version: "0.1.0" });
  const byName = new Map(report.tensors.map((tensor) => [tensor.name, tensor]));

  it("prices F4 by element", () => {
    // 16 elements of 4 bits = 8 bytes; 2 changed: 2 x 4-byte index + 1 byte of values;
    // bitmap 2 bytes + 1 byte.
    expect(byName.get("q4")?.deltaBytes).toEqual({ dense: 8, sparse: 9, bitmap: 3 });
  });

  it("prices F6 by byte", () => {
    // 12 bytes, 1 differing byte: 4-byte index + 1 byte; bitmap 2 bytes + 1 byte.
    expect(byName.get("q6")?.deltaBytes).toEqual({ dense: 12, sparse: 5, bitmap: 3 });
  });

  it("prices a recast tensor by element", () => {
    // 8 F4 elements = 4 bytes; all 8 changed: 8 x 4-byte index + 4 bytes; bitmap 1 + 4 bytes.
    expect(byName.get("recast")?.deltaBytes).toEqual({ dense: 4, sparse: 36, bitmap: 5 });
  });

  it("notes F4 counts as exact", () => {
    const note = report.notes.find((text) => text.includes("q4"));
    expect(note).toContain("1 F4 tensor was compared");
    expect(note).toContain("exact element counts");
    expect(note).not.toContain("q6");
  });

  it("notes F6 changed as an upper bound", () => {
    const note = report.notes.find((text) => text.includes("q6"));
    expect(note).toContain("1 F6 tensor was compared");
    expect(note).toContain("upper bound");
    expect(note).toContain("in bytes");
    expect(note).not.toContain("recast");
  });

  it("notes a recast without element pairs", () => {
    const note = report.notes.find((text) => text.includes("recast"));
    expect(note).toContain("every element counts as changed");
    expect(note).not.toContain("q4");
  });

  it("sums the counts as reported", () => {
    expect(report.summary.changedParams).toBe(2 + 2 + 8);
    expect(report.summary.bitsDifferingParams).toBe(3 + 1 + 8);
  });
});
