import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeSafetensors, type TensorToWrite } from "../../src/format/writer.js";
import { FakeGitHub } from "../helpers/fake-github.js";
import { annotations, pullRequestPayload, runActionBundle } from "./harness.js";

const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-action-"));
const workspace = path.join(scratch, "workspace");
const github = new FakeGitHub();
const PR = 40;
const RUN_URL = "https://github.com/octo-org/model-repo/actions/runs/987654321";
const COMMENT_MAX_CHARS = 65_536;
const SUMMARY_MAX_BYTES = 1_048_576;

/** Changed tensors in each pair: every one gets a row in the layer table and both top tables. */
const LAYERS = 1200;
/** Tensors only in the big head; each gets a row of about 160 characters. */
const ADDED = 9000;

function f32(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

function layerTensors(shift: number): TensorToWrite[] {
  return Array.from({ length: LAYERS }, (_, index) => ({
    name: `model.layers.${index}.mlp.down_proj.weight`,
    dtype: "F32" as const,
    shape: [2, 2],
    data: f32([index + 1, -index, 0.5 + shift * (index + 1), 2]),
  }));
}

function addedTensors(): TensorToWrite[] {
  return Array.from({ length: ADDED }, (_, index) => ({
    name: `model.extra_adapters.${index}.${"x".repeat(120)}.weight`,
    dtype: "F32" as const,
    shape: [1],
    data: f32([index]),
  }));
}

beforeAll(async () => {
  mkdirSync(path.join(workspace, "pairs"), { recursive: true });
  writeFileSync(
    path.join(workspace, "pairs", "base.safetensors"),
    encodeSafetensors(layerTensors(0)),
  );
  writeFileSync(
    path.join(workspace, "pairs", "head.safetensors"),
    encodeSafetensors(layerTensors(1)),
  );
  writeFileSync(
    path.join(workspace, "pairs", "head-big.safetensors"),
    encodeSafetensors([...layerTensors(1), ...addedTensors()]),
  );
  await github.start();
});
afterAll(async () => {
  await github.stop();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => github.reset());

function run(head: string) {
  return runActionBundle(scratch, {
    workspace,
    inputs: { base: "pairs/base.safetensors", head, top: "1000" },
    eventName: "pull_request",
    payload: pullRequestPayload(PR),
    apiUrl: github.url,
  });
}

describe("size limits", () => {
  it("shortens the comment and keeps the full summary", async () => {
    const result = await run("pairs/head.safetensors");
    expect(result.status).toBe(0);
    expect(annotations(result.stdout, "error")).toEqual([]);

    const full = readFileSync(result.outputs["report-markdown"] as string, "utf8");
    expect(full.length).toBeGreaterThan(COMMENT_MAX_CHARS);
    expect(result.summary).toBe(full);
    expect(Buffer.byteLength(result.summary)).toBeLessThan(SUMMARY_MAX_BYTES);

    const posts = github.requests.filter((request) => request.method === "POST");
    expect(posts).toHaveLength(1);
    const body = (posts[0]?.body as { body: string } | undefined)?.body ?? "";
    expect(body.length).toBeLessThan(COMMENT_MAX_CHARS);
    expect(body.split("\n")[0]).toBe("<!-- model-diff -->");
    expect(body).toContain(
      `**This comment is shortened** to stay under GitHub's limit of 65,536 characters: tables show their first 25 rows`,
    );
    expect(body).toContain(`The [job summary of this run](${RUN_URL}) has the full report.`);
    expect(body).toContain("25 of 1,000 rows shown; the full report has them all.");
    expect(body).toContain("## Summary");
    expect(body).toContain("## Interpretation");
  });

  it("shortens the summary above 1 MiB", async () => {
    const result = await run("pairs/head-big.safetensors");
    expect(result.status).toBe(0);
    expect(annotations(result.stdout, "error")).toEqual([]);

    const markdownFile = result.outputs["report-markdown"] as string;
    expect(readFileSync(markdownFile).byteLength).toBeGreaterThan(SUMMARY_MAX_BYTES);
    const jsonFile = result.outputs["report-json"] as string;
    expect(JSON.parse(readFileSync(jsonFile, "utf8")).added).toHaveLength(ADDED);

    expect(Buffer.byteLength(result.summary)).toBeLessThan(SUMMARY_MAX_BYTES);
    expect(result.summary).toContain(
      "**This summary is shortened** to stay under GitHub's limit of 1 MiB per step",
    );
    expect(result.summary).toContain("## Added tensors");
    expect(result.summary).toContain(`\`${markdownFile}\``);
    expect(annotations(result.stdout, "warning")).toEqual([
      `The job summary is shortened to fit 1 MiB. The full report is in \`${markdownFile}\` and \`${jsonFile}\` on the runner; upload them with actions/upload-artifact to keep them.`,
    ]);

    const body = github.commentsOn(PR)[0]?.body ?? "";
    expect(body.length).toBeLessThan(COMMENT_MAX_CHARS);
    expect(body).toContain("**This comment is shortened**");
    expect(body).toContain(`The full report is in \`${markdownFile}\``);
    expect(body).not.toContain("job summary of this run");
  });
});
