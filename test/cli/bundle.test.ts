import { spawn } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeSafetensors } from "../../src/format/writer.js";
import type { DiffReport } from "../../src/report/model.js";
import { CLI_BUNDLE, DEMO_BUNDLE, runBundle, runCliBundle } from "../helpers/run-cli.js";
import { describeShared, sharedPath } from "../helpers/shared.js";

const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Asserts a message meant for the user, with no stack trace. */
function expectCleanError(stderr: string): void {
  expect(stderr).toMatch(/^model-diff: /);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toMatch(/internal error/);
}

describe("CLI bundle", () => {
  it("prints help with exit 0", () => {
    const run = runCliBundle(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: model-diff BASE HEAD/);
  });

  it("rejects bad usage with exit 2", () => {
    const run = runCliBundle(["only-one"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expectCleanError(run.stderr);
  });

  it("rejects a missing file with exit 2", () => {
    const run = runCliBundle([path.join(scratch, "absent.safetensors"), path.join(scratch, "b")]);
    expect(run.status).toBe(2);
    expectCleanError(run.stderr);
    expect(run.stderr).toContain("absent.safetensors");
  });

  it("exits after an input error with workers started", () => {
    // The workers start before the files open; a run that failed must still close them, or the
    // idle threads keep the process alive.
    const file = writeOneTensorFile();
    const absent = path.join(scratch, "absent-head.safetensors");
    const run = runCliBundle([file, absent, "--workers", "2"]);
    expect(run.status).toBe(2);
    expectCleanError(run.stderr);
    expect(run.stderr).toContain("absent-head.safetensors");
  });

  it("rejects an unwritable --output with exit 2", () => {
    const file = writeOneTensorFile();
    const run = runCliBundle([file, file, "--output", path.join(scratch, "no-such-dir", "r.md")]);
    expect(run.status).toBe(2);
    expectCleanError(run.stderr);
    expect(run.stderr).toContain("--output: cannot write");
  });

  it("checks --output before reading inputs", () => {
    // The base is missing too, so the output error shows that the output was checked first.
    const absent = path.join(scratch, "absent-base.safetensors");
    const output = path.join(scratch, "no-such-dir", "r.md");
    const run = runCliBundle([absent, writeOneTensorFile(), "--output", output]);
    expect(run.status).toBe(2);
    expectCleanError(run.stderr);
    expect(run.stderr).toContain("--output: cannot write");
    expect(run.stderr).not.toContain("absent-base.safetensors");
  });

  it("refuses to write the report over an input", () => {
    const file = writeOneTensorFile();
    const before = readFileSync(file);
    const run = runCliBundle([file, file, "--output", file]);
    expect(run.status).toBe(2);
    expectCleanError(run.stderr);
    expect(run.stderr).toContain("would replace it");
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("exits quietly when the reader closes the pipe", async () => {
    const file = path.join(scratch, "many.safetensors");
    const tensors = Array.from({ length: 3000 }, (_, index) => ({
      name: `layers.${index}.weight`,
      dtype: "F32" as const,
      shape: [2],
      data: new Uint8Array(new Float32Array([index, -index]).buffer),
    }));
    writeFileSync(file, encodeSafetensors(tensors));
    const child = spawn(process.execPath, [CLI_BUNDLE, file, file, "--format", "json"]);
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|internal error/);
    expect(status).toBe(0);
  });

  it("escapes control characters from a header in its message", () => {
    const file = path.join(scratch, "hostile.safetensors");
    const header = Buffer.from(
      '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}\u001b[2J\nmodel-diff: ok',
    );
    const bytes = Buffer.alloc(8 + header.length + 4);
    bytes.writeBigUInt64LE(BigInt(header.length), 0);
    header.copy(bytes, 8);
    writeFileSync(file, bytes);
    const run = runCliBundle([file, file]);
    expect(run.status).toBe(2);
    expectCleanError(run.stderr);
    expect(run.stderr).not.toContain("\u001b");
    expect(run.stderr).not.toMatch(/^model-diff: ok/m);
  });

  it("matches a sharded copy of a single file", () => {
    const tensors = [0, 1, 2].map((layer) => ({
      name: `model.layers.${layer}.mlp.up_proj.weight`,
      dtype: "F32" as const,
      shape: [2, 3],
      data: new Uint8Array(new Float32Array([layer, 1, 2, 3, 4, -0]).buffer),
    }));
    const single = path.join(scratch, "single.safetensors");
    writeFileSync(single, encodeSafetensors(tensors));
    const sharded = path.join(scratch, "sharded");
    mkdirSync(sharded);
    const shardNames = ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"];
    writeFileSync(
      path.join(sharded, shardNames[0] as string),
      encodeSafetensors(tensors.slice(0, 2)),
    );
    writeFileSync(path.join(sharded, shardNames[1] as string), encodeSafetensors(tensors.slice(2)));
    const weightMap = Object.fromEntries(
      tensors.map((tensor, index) => [tensor.name, shardNames[index < 2 ? 0 : 1]]),
    );
    writeFileSync(
      path.join(sharded, "model.safetensors.index.json"),
      JSON.stringify({ metadata: { total_size: 72 }, weight_map: weightMap }),
    );

    const run = runCliBundle([single, sharded, "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as DiffReport;
    expect(report.head.files).toBe(2);
    expect(report.summary.comparedParams).toBe(18);
    expect(report.summary.changedParams).toBe(0);
    expect(report.classification.label).toBe("identical");
  });

  it("diffs the demo pair as a finetune", () => {
    const demoDir = path.join(scratch, "demo");
    const demo = runDemo([demoDir, "--format", "json"]);
    expect(demo.status).toBe(0);
    const report = JSON.parse(demo.stdout) as DiffReport;
    // The shape of the sample report's case: nearly every bf16 element moved, yet the weights
    // keep their direction, so the verdict is a fine-tune with high confidence.
    expect(report.classification.label).toBe("finetune");
    expect(report.classification.confidence).toBe("high");
    expect(report.summary.changedFraction).toBeGreaterThan(0.9);
    expect(report.summary.relativeChange).toBeGreaterThan(0.05);
    expect(report.summary.relativeChange).toBeLessThan(0.09);

    const markdown = runCliBundle([
      path.join(demoDir, "base"),
      path.join(demoDir, "head"),
      "--format",
      "markdown",
      "--output",
      path.join(scratch, "report.md"),
    ]);
    expect(markdown.status).toBe(0);
    expect(markdown.stdout).toBe("");
    expect(readFileSync(path.join(scratch, "report.md"), "utf8")).toMatch(/^# Model diff/);
  });

  it("reports a demo folder that cannot be made", () => {
    const file = writeOneTensorFile();
    const run = runDemo([path.join(file, "demo")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^model-diff demo: cannot create the demo folder/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("writes the demo files byte-identically on every run", () => {
    const first = path.join(scratch, "demo-a");
    const second = path.join(scratch, "demo-b");
    expect(runDemo([first, "--format", "json"]).status).toBe(0);
    expect(runDemo([second, "--format", "json"]).status).toBe(0);
    for (const side of ["base", "head"]) {
      const a = readFileSync(path.join(first, side, "model.safetensors"));
      const b = readFileSync(path.join(second, side, "model.safetensors"));
      expect(a.equals(b)).toBe(true);
    }
  });
});

/** Writes a one-tensor checkpoint into the scratch folder and returns its path. */
function writeOneTensorFile(): string {
  const file = path.join(scratch, "one.safetensors");
  const data = new Uint8Array(new Float32Array([1, 2, 3]).buffer);
  writeFileSync(file, encodeSafetensors([{ name: "w", dtype: "F32", shape: [3], data }]));
  return file;
}

/** Runs the demo bundle: the folder first, then CLI options. */
function runDemo(args: string[]) {
  return runBundle(DEMO_BUNDLE, args);
}

describeShared("malformed cases through the CLI bundle", () => {
  const casesDir = sharedPath("cases");
  const valid = new Set([
    "metadata_only_valid.safetensors",
    "positive_edge.safetensors",
    // Non-string metadata values load with a warning and are shown JSON-encoded.
    "meta_nonstring.safetensors",
  ]);
  const entries = readdirSync(casesDir).filter((name) => name !== "README.md");

  for (const name of entries) {
    const file = path.join(casesDir, name);
    it(name, () => {
      const run = runCliBundle([file, file, "--format", "json"]);
      if (valid.has(name)) {
        expect(run.status).toBe(0);
        const report = JSON.parse(run.stdout) as DiffReport;
        expect(report.classification.label).toBe("identical");
        if (name === "meta_nonstring.safetensors") {
          expect(run.stderr).toMatch(/warning: .*epoch/);
          expect(run.stderr).not.toMatch(/\[object Object\]/);
        }
        return;
      }
      expect(statSync(file).isFile() || statSync(file).isDirectory()).toBe(true);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe("");
      expectCleanError(run.stderr);
      expect(run.stderr).toContain(name);
    });
  }
});
