import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BEGIN_MARKER, renderActionDocs, updateReadme } from "../../scripts/action-docs.js";
import { PROJECT_ROOT } from "../helpers/shared.js";

const readme = readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
const actionYaml = readFileSync(path.join(PROJECT_ROOT, "action.yml"), "utf8");

describe("README action table", () => {
  it("matches action.yml (run npm run docs to update it)", () => {
    expect(updateReadme(readme, actionYaml)).toBe(readme);
  });

  it("lists every input and output once", () => {
    const manifest = parse(actionYaml) as { inputs: object; outputs: object };
    const table = renderActionDocs(actionYaml);
    for (const name of [...Object.keys(manifest.inputs), ...Object.keys(manifest.outputs)]) {
      const rows = table.split("\n").filter((line) => line.startsWith(`| \`${name}\` `));
      expect(rows).toHaveLength(1);
    }
  });

  it("renders a row from a hand-written action", () => {
    const yaml = [
      "inputs:",
      "  level:",
      "    description: Pick a | b.",
      "    default: '3'",
      "outputs:",
      "  verdict:",
      "    description: The verdict.",
    ].join("\n");
    expect(renderActionDocs(yaml)).toBe(
      [
        "| input   | required | default | description  |",
        "| ------- | -------- | ------- | ------------ |",
        "| `level` | no       | `3`     | Pick a \\| b. |",
        "",
        "| output    | description  |",
        "| --------- | ------------ |",
        "| `verdict` | The verdict. |",
      ].join("\n"),
    );
  });

  it("notices a drifted table", () => {
    const drifted = actionYaml.replace("Default: 15.", "Default: 16.");
    expect(updateReadme(readme, drifted)).not.toBe(readme);
  });

  it("requires the markers", () => {
    expect(() => updateReadme("# no markers\n", actionYaml)).toThrow(BEGIN_MARKER);
  });
});
