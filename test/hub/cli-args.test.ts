import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../../src/cli/args.js";
import { UsageError } from "../../src/errors.js";

function diffOptions(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const command = parseCliArgs(argv, false, env);
  if (command.kind !== "diff") throw new Error(`expected a diff command, got ${command.kind}`);
  return command.options;
}

describe("CLI Hub options", () => {
  it("defaults to the public Hub and full mode", () => {
    const options = diffOptions(["a", "b"]);
    expect(options.hub).toEqual({ endpoint: "https://huggingface.co", token: null });
    expect(options.mode).toBe("full");
    expect(options.baseRevision).toBeNull();
  });

  it("reads revisions, mode and endpoint", () => {
    const options = diffOptions([
      "a",
      "b",
      "--base-revision",
      "refs/pr/2",
      "--head-revision",
      "v1",
      "--structure-only",
      "--hf-endpoint",
      "http://127.0.0.1:9/",
    ]);
    expect(options.baseRevision).toBe("refs/pr/2");
    expect(options.headRevision).toBe("v1");
    expect(options.mode).toBe("structure");
    expect(options.hub.endpoint).toBe("http://127.0.0.1:9");
  });

  it("takes the token and endpoint from the environment", () => {
    const options = diffOptions(["a", "b"], {
      HF_TOKEN: "hf_abc",
      HF_ENDPOINT: "https://mirror.example",
    });
    expect(options.hub).toEqual({ endpoint: "https://mirror.example", token: "hf_abc" });
  });

  it("prefers --hf-endpoint to HF_ENDPOINT", () => {
    const options = diffOptions(["a", "b", "--hf-endpoint", "https://one.example"], {
      HF_ENDPOINT: "https://two.example",
    });
    expect(options.hub.endpoint).toBe("https://one.example");
  });

  it("has no token option", () => {
    expect(() => diffOptions(["a", "b", "--hf-token", "hf_abc"])).toThrow(UsageError);
    expect(() => diffOptions(["a", "b", "--hf-token", "hf_abc"])).toThrow(/unknown option/);
  });

  it("rejects an empty revision", () => {
    expect(() => diffOptions(["a", "b", "--base-revision", " "])).toThrow(/needs a revision/);
  });
});
