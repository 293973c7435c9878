import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderJson, renderJsonChunks } from "../../src/report/json.js";
import type { DiffReport, TensorReport } from "../../src/report/model.js";
import { checkProperty } from "../fuzz/settings.js";
import { fixtureReport } from "./fixture.js";

/** Largest chunk allowed for reports whose names are of normal length. */
const MAX_CHUNK_CHARS = 64 * 1024;

/** Tensors in the synthetic large report: enough that one JSON string would be ~200 MB. */
const LARGE_TENSOR_COUNT = 300_000;

/** Renders the report as one string, independently: sorts keys at every level, then stringifies. */
function wholeJson(value: unknown): string {
  const sort = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sort);
    if (item === null || typeof item !== "object") return item;
    const sorted: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(item).sort()) {
      sorted[key] = sort((item as Record<string, unknown>)[key]);
    }
    return sorted;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

function largestChunk(report: DiffReport): { count: number; largest: number; total: number } {
  let count = 0;
  let largest = 0;
  let total = 0;
  for (const chunk of renderJsonChunks(report)) {
    count++;
    largest = Math.max(largest, chunk.length);
    total += chunk.length;
  }
  return { count, largest, total };
}

function syntheticTensor(template: TensorReport, index: number): TensorReport {
  return { ...template, name: `model.layers.${index % 80}.mlp.experts.${index}.weight` };
}

describe("renderJsonChunks", () => {
  const report = fixtureReport();

  it("joins to the one-string JSON", () => {
    expect([...renderJsonChunks(report)].join("")).toBe(wholeJson(report));
    expect(renderJson(report)).toBe(wholeJson(report));
  });

  it("yields one chunk per tensor", () => {
    const chunks = [...renderJsonChunks(report)];
    const tensorChunks = chunks.filter((chunk) => chunk.includes('"comparedAs"'));
    expect(tensorChunks).toHaveLength(report.tensors.length);
  });

  it("matches with empty lists", () => {
    const empty: DiffReport = {
      ...report,
      tensors: [],
      added: [],
      removed: [],
      reshaped: [],
      renamed: [],
      dtypeChanged: [],
      metadataChanges: [],
      notes: [],
      layers: [],
      modules: [],
    };
    expect([...renderJsonChunks(empty)].join("")).toBe(wholeJson(empty));
  });

  it("matches with odd member values", () => {
    const odd = {
      ...report,
      added: ["a", undefined, "b"],
      notes: ["line\nbreak", 'quote " and \\ backslash', "\u2028 and \ud800"],
      removed: undefined,
      classification: { ...report.classification, detail: { "10": 1, "2": 2, b: [], a: {} } },
    } as unknown as DiffReport;
    expect([...renderJsonChunks(odd)].join("")).toBe(wholeJson(odd));
    expect(wholeJson(odd)).not.toMatch(/^ {2}"removed"/m);
  });

  it("matches when entries change their keys", () => {
    // Entries of one array with the same keys in another insertion order, other keys, and
    // nested objects at the same depth with keys of their own.
    const entries = [
      { b: 1, a: { y: 1, x: 2 } },
      { b: 2, a: { y: 3, x: 4 } },
      { a: { x: 5, y: 6 }, b: 3 },
      { c: 4, "1": 0, a: { z: undefined, x: 7 } },
      { b: 5, a: { y: 8, x: 9 } },
      { b: undefined, a: {} },
    ];
    const changing = { ...report, tensors: entries } as unknown as DiffReport;
    expect([...renderJsonChunks(changing)].join("")).toBe(wholeJson(changing));
  });

  it("matches for arbitrary JSON values", async () => {
    // Keys include array-index keys, "__proto__" and the empty key; values include undefined,
    // non-finite numbers and -0, which JSON.stringify writes as null or 0.
    const key = fc.oneof(
      fc.constantFrom("__proto__", "", "0", "10", "2", "a", "b", "\u00e9", "\ud800"),
      fc.string(),
    );
    const leaf = fc.oneof(
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.constant(-0),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, leaf, tie("array"), tie("object")),
      array: fc.array(tie("value"), { maxLength: 5 }),
      object: fc.array(fc.tuple(key, tie("value")), { maxLength: 5 }).map((members) => {
        const record: Record<string, unknown> = {};
        for (const [name, member] of members) {
          // defineProperty makes "__proto__" an own key, as JSON.parse does.
          Object.defineProperty(record, name, {
            value: member,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return record;
      }),
    }));
    const reportLike = fc.dictionary(key, fc.oneof(value, fc.array(value, { maxLength: 4 })));
    await checkProperty(
      "renderJsonChunks against JSON.stringify of a sorted copy",
      fc.property(reportLike, (record) => {
        const joined = [...renderJsonChunks(record as unknown as DiffReport)].join("");
        expect(joined).toBe(wholeJson(record));
      }),
      300,
    );
  });

  it("matches a report of 2,000 tensors", () => {
    const template = report.tensors[0] as TensorReport;
    const tensors = Array.from({ length: 2_000 }, (_, i) => syntheticTensor(template, i));
    const large = { ...report, tensors, added: tensors.map((tensor) => tensor.name) };
    expect([...renderJsonChunks(large)].join("")).toBe(wholeJson(large));
  });

  it("bounds chunks of 300,000 tensors", () => {
    const template = report.tensors[0] as TensorReport;
    const tensors = Array.from({ length: LARGE_TENSOR_COUNT }, (_, i) =>
      syntheticTensor(template, i),
    );
    const large = { ...report, tensors, added: tensors.map((tensor) => tensor.name) };
    const { count, largest, total } = largestChunk(large);
    // One chunk per tensor and per added name, besides the members around them.
    expect(count).toBeGreaterThan(2 * LARGE_TENSOR_COUNT);
    expect(largest).toBeLessThan(MAX_CHUNK_CHARS);
    // The whole document is far larger than any chunk: about 200 MB.
    expect(total).toBeGreaterThan(LARGE_TENSOR_COUNT * 500);
  }, 60_000);
});
