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

  it("keeps a bad HF_ENDPOINT and HF_TOKEN for later", () => {
    // A local diff must not fail on them: they are checked when a remote reference is read.
    const options = diffOptions(["a", "b"], { HF_ENDPOINT: "garbage", HF_TOKEN: "not a token" });
    expect(options.hub).toEqual({ endpoint: "garbage", token: "not a token" });
  });

  it("names --hf-endpoint in its error", () => {
    const run = () => diffOptions(["a", "b", "--hf-endpoint", "garbage"]);
    expect(run).toThrow(UsageError);
    expect(run).toThrow(
      '--hf-endpoint: "garbage" is not a valid Hub endpoint. Give an http or https URL such as https://huggingface.co, without credentials, query or fragment.',
    );
  });

  it("hides credentials of a bad --hf-endpoint", () => {
    const run = () =>
      diffOptions(["a", "b", "--hf-endpoint", "https://user:secret@hub.example/?key=k1"]);
    expect(run).toThrow('--hf-endpoint: "https://hub.example/" is not a valid Hub endpoint.');
    expect(run).not.toThrow(/secret|k1/);
  });

  it("rejects --threshold with --structure-only", () => {
    const run = () => diffOptions(["a", "b", "--structure-only", "--threshold", "0.1"]);
    expect(run).toThrow(UsageError);
    expect(run).toThrow(
      "--threshold applies only when tensor values are compared, and --structure-only reads no values. Leave out one of the two.",
    );
  });
});
