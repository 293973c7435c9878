import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const DEMO = resolve("dist/demo/index.js");
const folders: string[] = [];

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function runDemo(args: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), "model-diff-demo-"));
  folders.push(cwd);
  const result = spawnSync(process.execPath, [DEMO, ...args], { cwd, encoding: "utf8" });
  return { cwd, ...result };
}

describe("demo entry point", () => {
  it("prints its usage for --help", () => {
    const run = runDemo(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: npm run demo -- [FOLDER] [model-diff options]");
    expect(readdirSync(run.cwd)).toEqual([]);
  });

  it("takes a leading option as a CLI option", () => {
    const run = runDemo(["--format", "json"]);
    expect(run.status).toBe(0);
    expect(readdirSync(run.cwd)).toEqual(["demo-checkpoints"]);
    expect(JSON.parse(run.stdout).classification.label).toBe("finetune");
  });

  it("writes nothing for --version", () => {
    const run = runDemo(["--version"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^model-diff \d+\.\d+\.\d+/);
    expect(readdirSync(run.cwd)).toEqual([]);
  });

  it("rejects an unknown option before writing", () => {
    const run = runDemo(["--bogus"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--bogus");
    expect(readdirSync(run.cwd)).toEqual([]);
  });

  it("writes into a folder given first", () => {
    const run = runDemo(["pair", "--format", "json"]);
    expect(run.status).toBe(0);
    expect(existsSync(join(run.cwd, "pair", "base", "model.safetensors"))).toBe(true);
    expect(existsSync(join(run.cwd, "pair", "head", "model.safetensors"))).toBe(true);
    expect(run.stderr).toContain(`written to ${join("pair", "base")} and ${join("pair", "head")}`);
  });

  it("shows an absolute folder as given", () => {
    const folder = mkdtempSync(join(tmpdir(), "model-diff-demo-absolute-"));
    folders.push(folder);
    const run = runDemo([folder, "--format", "json"]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`written to ${join(folder, "base")} and ${join(folder, "head")}`);
    expect(JSON.parse(run.stdout).base.reference).toBe(join(folder, "base"));
  });
});
