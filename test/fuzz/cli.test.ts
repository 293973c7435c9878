import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../src/format/limits.js";
import { makeTempDirectory } from "../diff/helpers.js";
import { runCliBundle } from "../helpers/run-cli.js";
import { applyMutations, encodeGenerated, mutations, validCheckpoint } from "./checkpoints.js";
import { naiveVerdict } from "./naive-header.js";
import { checkProperty, testTimeout } from "./settings.js";

const temp = makeTempDirectory();
afterAll(() => temp.remove());

/** A line of a JavaScript stack trace, as Node prints it. */
const STACK_LINE = /^\s+at .+[:(]/m;

describe("CLI bundle fuzzing", () => {
  let caseNumber = 0;

  it("exits 0 with a report or 2 with one message", { timeout: testTimeout(6, 1500) }, async () => {
    await checkProperty(
      "mutated pair through the CLI bundle",
      fc.property(validCheckpoint, mutations, (checkpoint, list) => {
        const base = encodeGenerated(checkpoint);
        const head = applyMutations(base, list);
        const basePath = path.join(temp.path, `cli-${caseNumber}-base.safetensors`);
        const headPath = path.join(temp.path, `cli-${caseNumber++}-head.safetensors`);
        writeFileSync(basePath, base);
        writeFileSync(headPath, head);

        const run = runCliBundle([basePath, headPath, "--format", "json", "--workers", "2"]);
        rmSync(basePath);
        rmSync(headPath);
        expect(run.stderr).not.toMatch(STACK_LINE);
        expect(run.stderr).not.toContain("internal error");
        if (naiveVerdict(head, DEFAULT_LIMITS).valid) {
          expect(run.status, run.stderr).toBe(0);
          expect(JSON.parse(run.stdout).base.tensors).toBe(checkpoint.tensors.length);
          return;
        }
        expect(run.status).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toMatch(/^model-diff: /);
        expect(run.stderr).toContain(headPath);
      }),
      6,
    );
  });
});
