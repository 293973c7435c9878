import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A run that finds no test file fails instead of passing silently.
    passWithNoTests: false,
    server: { deps: { inline: ["@actions/workflow-parser"] } },
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
