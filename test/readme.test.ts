import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { DEFAULT_LIMITS, LIMIT_INFO, type LimitName } from "../src/format/limits.js";
import { PROJECT_ROOT } from "./helpers/shared.js";

const readme = readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");

it.each(Object.keys(LIMIT_INFO) as LimitName[])("README documents the %s limit", (name) => {
  const info = LIMIT_INFO[name];
  const row = readme.split("\n").find((line) => line.startsWith(`| \`${info.constant}\` |`));
  expect(row).toBeDefined();
  expect(row).toContain(`\`${info.envVar}\``);
  expect(row).toContain(DEFAULT_LIMITS[name].toLocaleString("en-US"));
});

it("README names the test command that CI runs", () => {
  const ci = readFileSync(path.join(PROJECT_ROOT, ".ci", "run"), "utf8");
  expect(readme).toContain("npm ci && npm test");
  expect(ci).toMatch(/^npm test$/m);
});
