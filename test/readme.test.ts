import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { DEFAULT_LIMITS, LIMIT_INFO, type LimitName } from "../src/format/limits.js";
import { PROJECT_ROOT } from "./helpers/shared.js";

const readme = readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");

it.each(Object.keys(LIMIT_INFO) as LimitName[])("README documents the %s limit", (name) => {
  const info = LIMIT_INFO[name];
  const rows = readme.split("\n").map((line) => line.split("|").map((cell) => cell.trim()));
  const row = rows.find((cells) => cells[1] === `\`${info.constant}\``);
  expect(row).toBeDefined();
  expect(row?.[2]).toBe(DEFAULT_LIMITS[name].toLocaleString("en-US"));
  expect(row?.[3]).toBe(`\`${info.envVar}\``);
});

it("README names the test command that CI runs", () => {
  const ci = readFileSync(path.join(PROJECT_ROOT, ".ci", "run"), "utf8");
  expect(readme).toContain("npm ci && npm test");
  expect(ci).toMatch(/^npm test$/m);
});
