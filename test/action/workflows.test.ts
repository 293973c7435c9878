import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { parseAction } from "@actions/workflow-parser/actions/action-parser";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../helpers/shared.js";

/** Returns the schema errors GitHub's own parser reports for a workflow file's text. */
function workflowErrors(name: string, content: string): string[] {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((error) => error.message);
}

function actionErrors(content: string): string[] {
  const result = parseAction({ name: "action.yml", content }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((error) => error.message);
}

const workflowDir = path.join(PROJECT_ROOT, ".github", "workflows");
const workflows = readdirSync(workflowDir).filter((file) => /\.ya?ml$/.test(file));
const actionYaml = readFileSync(path.join(PROJECT_ROOT, "action.yml"), "utf8");

describe("action.yml", () => {
  it("passes the action schema", () => {
    expect(actionErrors(actionYaml)).toEqual([]);
  });

  it("fails the schema with a bad runtime", () => {
    const errors = actionErrors(actionYaml.replace("using: node24", "using: node99"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("Unexpected value 'node99'");
  });

  it("states a default in every input description", () => {
    const manifest = parse(actionYaml) as {
      inputs: Record<string, { description: string; required?: boolean }>;
    };
    for (const [name, input] of Object.entries(manifest.inputs)) {
      const stated = input.required ? /Required\.$/ : /Default: .+\.$/;
      expect(input.description, name).toMatch(stated);
    }
  });
});

describe("workflows", () => {
  it("includes the demo workflow", () => {
    expect(workflows).toContain("model-diff.yml");
  });

  it.each(workflows)("%s passes the workflow schema", (file) => {
    expect(workflowErrors(file, readFileSync(path.join(workflowDir, file), "utf8"))).toEqual([]);
  });

  it("fails the schema without runs-on", () => {
    const content = readFileSync(path.join(workflowDir, "model-diff.yml"), "utf8");
    const errors = workflowErrors("broken.yml", content.replace("runs-on:", "run-on:"));
    expect(errors).toContain(
      "broken.yml (Line: 15, Col: 5): Required property is missing: runs-on",
    );
  });

  it("runs this checkout's action on the demo pair", () => {
    const content = readFileSync(path.join(workflowDir, "model-diff.yml"), "utf8");
    const workflow = parse(content) as {
      jobs: Record<
        string,
        { steps: { uses?: string; run?: string; with?: Record<string, string> }[] }
      >;
    };
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const action = steps.find((step) => step.uses === "./");
    expect(action?.with).toMatchObject({
      base: "demo-checkpoints/base",
      head: "demo-checkpoints/head",
    });
    expect(
      steps.some((step) => step.run?.startsWith("node dist/demo/index.js demo-checkpoints")),
    ).toBe(true);
    expect(steps.some((step) => step.run?.includes("npm"))).toBe(false);
  });
});

describe("README workflows", () => {
  const readme = readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((match) => match[1] as string)
    .filter((block) => /^on:/m.test(block));

  it("has the example workflows", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it.each(blocks.map((block, index) => [index + 1, block] as const))(
    "example %i passes the workflow schema",
    (index, block) => {
      expect(workflowErrors(`readme-${index}.yml`, block)).toEqual([]);
    },
  );
});
