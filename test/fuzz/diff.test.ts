import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { compareCheckpoints, type RunLog } from "../../src/compare.js";
import type { DType } from "../../src/format/dtypes.js";
import {
  DEFAULT_LIMITS,
  LIMIT_INFO,
  type LimitName,
  type Limits,
} from "../../src/format/limits.js";
import type { DiffOptions } from "../../src/options.js";
import { renderJson } from "../../src/report/json.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import type { DiffReport } from "../../src/report/model.js";
import { renderText } from "../../src/report/text.js";
import { makeTempDirectory } from "../diff/helpers.js";
import { naiveStats } from "../diff/reference.js";
import {
  applyMutations,
  encodeGenerated,
  type GeneratedCheckpoint,
  mutations,
  validCheckpoint,
} from "./checkpoints.js";
import { type NaiveTensor, naiveVerdict } from "./naive-header.js";
import { assertDocumentedError, LIMIT_CHOICES } from "./outcome.js";
import { checkProperty, testTimeout } from "./settings.js";

const temp = makeTempDirectory();
afterAll(() => temp.remove());

const quietLog: RunLog = {
  info: () => {},
  warning: () => {},
  debug: () => {},
  progress: () => {},
  phase: (_name, work) => work(),
};

function diffOptions(base: string, head: string, threshold: number): DiffOptions {
  return {
    base,
    head,
    baseRevision: null,
    headRevision: null,
    threshold,
    workers: 1,
    top: 5,
    mode: "full",
    // Never contacted: both references are local files.
    hub: { endpoint: "http://127.0.0.1:9", token: null },
  };
}

/** Runs compareCheckpoints with `limits` set through their environment variables. */
async function compareWithLimits(options: DiffOptions, limits: Limits): Promise<DiffReport> {
  const names = Object.keys(LIMIT_INFO) as LimitName[];
  for (const name of names) {
    if (limits[name] !== DEFAULT_LIMITS[name]) {
      process.env[LIMIT_INFO[name].envVar] = String(limits[name]);
    }
  }
  try {
    return await compareCheckpoints(options, quietLog);
  } finally {
    for (const name of names) delete process.env[LIMIT_INFO[name].envVar];
  }
}

/** Mutations of one side: none in two cases of three, so most pairs stay valid and get diffed. */
const sideMutations = fc.oneof(
  { weight: 2, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: mutations },
);

/** Value changes that keep a file valid: bytes of the data section set to new values. */
const dataEdits = fc.array(fc.record({ at: fc.nat(), value: fc.nat({ max: 255 }) }), {
  maxLength: 8,
});

function withDataEdits(
  checkpoint: GeneratedCheckpoint,
  edits: readonly { at: number; value: number }[],
): GeneratedCheckpoint {
  const tensors = checkpoint.tensors.map((tensor) => ({ ...tensor, data: tensor.data.slice() }));
  const total = tensors.reduce((sum, tensor) => sum + tensor.data.byteLength, 0);
  for (const edit of edits) {
    if (total === 0) break;
    let at = edit.at % total;
    for (const tensor of tensors) {
      if (at < tensor.data.byteLength) {
        tensor.data[at] = edit.value;
        break;
      }
      at -= tensor.data.byteLength;
    }
  }
  return { ...checkpoint, tensors };
}

/** Checks the report's counts against the naive reading of both files. */
function checkReport(
  report: DiffReport,
  files: { base: Uint8Array; head: Uint8Array },
  tensors: { base: NaiveTensor[]; head: NaiveTensor[] },
  threshold: number,
): void {
  const numel = (list: NaiveTensor[]) => list.reduce((sum, tensor) => sum + tensor.numel, 0);
  expect(report.base.tensors).toBe(tensors.base.length);
  expect(report.head.tensors).toBe(tensors.head.length);
  expect(report.base.params).toBe(numel(tensors.base));
  expect(report.head.params).toBe(numel(tensors.head));

  const headByName = new Map(tensors.head.map((tensor) => [tensor.name, tensor]));
  const sameShape = tensors.base.filter((tensor) => {
    const other = headByName.get(tensor.name);
    return other !== undefined && JSON.stringify(other.shape) === JSON.stringify(tensor.shape);
  });
  expect(report.summary.tensorsCompared).toBe(sameShape.length);
  for (const base of sameShape) {
    const head = headByName.get(base.name) as NaiveTensor;
    const row = report.tensors.find((tensor) => tensor.name === base.name);
    expect(row, base.name).toBeDefined();
    const expected = naiveStats(
      base.dtype as DType,
      head.dtype as DType,
      files.base.subarray(base.begin, base.end),
      files.head.subarray(head.begin, head.end),
      base.numel,
      threshold,
    );
    expect(row?.changed, base.name).toBe(expected.changed);
    expect(row?.bitsDiffering, base.name).toBe(expected.bitsDiffering);
  }
}

/** Renders every output format, which must not fail or show an object as `[object Object]`. */
function renderAll(report: DiffReport): void {
  for (const text of [
    renderJson(report),
    renderMarkdown(report, { top: 5 }),
    renderText(report, { top: 5 }),
  ]) {
    expect(text).not.toContain("[object Object]");
  }
}

describe("whole diff fuzzing", () => {
  let caseNumber = 0;

  it("reports or rejects every mutated pair", { timeout: testTimeout(120, 40) }, async () => {
    await checkProperty(
      "mutated pair through compareCheckpoints",
      fc.asyncProperty(
        validCheckpoint,
        dataEdits,
        fc.record({ base: sideMutations, head: sideMutations }),
        fc.constantFrom(0, 1e-3),
        fc.constantFrom(...LIMIT_CHOICES),
        async (checkpoint, edits, sides, threshold, limits) => {
          const folder = path.join(temp.path, `case-${caseNumber++}`);
          const basePath = `${folder}-base.safetensors`;
          const headPath = `${folder}-head.safetensors`;
          const base = applyMutations(encodeGenerated(checkpoint), sides.base);
          const head = applyMutations(
            encodeGenerated(withDataEdits(checkpoint, edits)),
            sides.head,
          );
          writeFileSync(basePath, base);
          writeFileSync(headPath, head);
          try {
            const baseVerdict = naiveVerdict(base, limits);
            const headVerdict = naiveVerdict(head, limits);
            let report: DiffReport | undefined;
            try {
              report = await compareWithLimits(diffOptions(basePath, headPath, threshold), limits);
            } catch (error) {
              // The base is opened first, so its problem is the one reported.
              const offending = baseVerdict.valid ? headPath : basePath;
              assertDocumentedError(error, offending);
              if (baseVerdict.valid && headVerdict.valid) {
                throw new Error(`a valid pair was rejected: ${(error as Error).message}`);
              }
              return;
            }
            if (!baseVerdict.valid || !headVerdict.valid) {
              throw new Error("an invalid file was diffed");
            }
            checkReport(
              report,
              { base, head },
              { base: baseVerdict.tensors, head: headVerdict.tensors },
              threshold,
            );
            renderAll(report);
          } finally {
            rmSync(basePath, { force: true });
            rmSync(headPath, { force: true });
          }
        },
      ),
      120,
    );
  });
});
