import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { VERSION } from "../src/version.js";
import { PROJECT_ROOT } from "./helpers/shared.js";

it("VERSION matches package.json", () => {
  const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
    version: string;
  };
  expect(VERSION).toBe(pkg.version);
});
