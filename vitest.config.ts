import { readFile } from "node:fs/promises";
import { defineConfig } from "vitest/config";

/**
 * @actions/workflow-parser is inlined (transformed by Vite) because Node 20 refuses its JSON
 * imports, which lack `with { type: "json" }`. Its source maps name .ts files that the package
 * does not ship, so Vite warns once per file. Loading the files without the sourceMappingURL
 * comment avoids those warnings.
 */
const workflowParserWithoutSourceMaps = {
  name: "workflow-parser-without-source-maps",
  async load(id: string) {
    if (!/[\\/]@actions[\\/]workflow-parser[\\/]dist[\\/].*\.js$/.test(id)) return null;
    const code = await readFile(id, "utf8");
    return code.replace(/^\/\/# sourceMappingURL=.*$/m, "");
  },
};

export default defineConfig({
  plugins: [workflowParserWithoutSourceMaps],
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
