import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { parseReference, type Reference } from "../../src/hub/reference.js";

const nothingLocal = (_path: string) => false;

function parse(text: string, revision: string | null = null, exists = nothingLocal): Reference {
  return parseReference(text, revision, "--base-revision", exists);
}

describe("reference parsing", () => {
  const hubCases: [string, Omit<Extract<Reference, { kind: "hub" }>, "kind">][] = [
    ["hf://org/name", { repo: "org/name", revision: null, path: null, bare: false }],
    ["hf://org/name@main", { repo: "org/name", revision: "main", path: null, bare: false }],
    [
      "hf://org/name@refs%2Fpr%2F1",
      { repo: "org/name", revision: "refs/pr/1", path: null, bare: false },
    ],
    [
      "hf://org/name@v1/transformer",
      { repo: "org/name", revision: "v1", path: "transformer", bare: false },
    ],
    [
      "hf://org/name/unet/diffusion_pytorch_model.safetensors",
      {
        repo: "org/name",
        revision: null,
        path: "unet/diffusion_pytorch_model.safetensors",
        bare: false,
      },
    ],
    ["hf://Org.x/Name-1_b/", { repo: "Org.x/Name-1_b", revision: null, path: null, bare: false }],
    ["org/name", { repo: "org/name", revision: null, path: null, bare: true }],
    ["org/name@v2", { repo: "org/name", revision: "v2", path: null, bare: true }],
  ];
  for (const [text, expected] of hubCases) {
    it(`reads ${text}`, () => {
      expect(parse(text)).toEqual({ kind: "hub", ...expected });
    });
  }

  it("prefers an existing local path", () => {
    expect(parse("org/name", null, (path) => path === "org/name")).toEqual({
      kind: "local",
      path: "org/name",
      hubAlternative: "hf://org/name",
    });
  });

  it("reads ORG/NAME as local when ORG exists", () => {
    const checked: string[] = [];
    const exists = (path: string) => {
      checked.push(path);
      return path === "demo-checkpoints";
    };
    expect(parse("demo-checkpoints/bse", null, exists)).toEqual({
      kind: "local",
      path: "demo-checkpoints/bse",
      hubAlternative: "hf://demo-checkpoints/bse",
    });
    expect(checked).toEqual(["demo-checkpoints/bse", "demo-checkpoints"]);
    expect(parse("demo-checkpoints/bse@v1", null, exists)).toMatchObject({
      kind: "local",
      hubAlternative: "hf://demo-checkpoints/bse@v1",
    });
  });

  it("reads ORG/NAME from the Hub when only another folder exists", () => {
    const exists = (path: string) => path === "demo-checkpoints";
    expect(parse("org/name", null, exists)).toMatchObject({ kind: "hub", bare: true });
  });

  it("keeps other text local", () => {
    expect(parse("./org/name")).toEqual({
      kind: "local",
      path: "./org/name",
      hubAlternative: null,
    });
    expect(parse("a/b/c")).toEqual({ kind: "local", path: "a/b/c", hubAlternative: null });
    expect(parse("model.safetensors")).toEqual({
      kind: "local",
      path: "model.safetensors",
      hubAlternative: null,
    });
  });

  it("reads a local path that looks like a URL of another scheme", () => {
    expect(parse("ftp://x/model.safetensors", null, () => true)).toMatchObject({ kind: "local" });
  });

  it("reads URLs of weight files", () => {
    expect(parse("https://example.test/a/model.safetensors")).toEqual({
      kind: "url",
      url: "https://example.test/a/model.safetensors",
    });
    expect(parse("http://127.0.0.1:8/x/model.safetensors.index.json#frag")).toEqual({
      kind: "url",
      url: "http://127.0.0.1:8/x/model.safetensors.index.json",
    });
  });

  it("takes the revision option", () => {
    expect(parse("hf://org/name", "refs/pr/3")).toMatchObject({ revision: "refs/pr/3" });
    expect(parse("hf://org/name@main", "main")).toMatchObject({ revision: "main" });
  });

  const rejected: [string, string | null, RegExp][] = [
    ["hf://org", null, /not a Hub reference/],
    ["hf://org/na me", null, /not a valid repository id/],
    ["hf://org/a--b", null, /not a valid repository id/],
    ["hf://org/name@%E0", null, /invalid percent-encoding/],
    ["hf://org/name/../x", null, /empty, "\." or "\.\." segment/],
    ["hf://org/name@v1", "v2", /names revision "v1", but --base-revision gives "v2"/],
    ["local/path.safetensors", "v1", /applies to Hub references only/],
    ["hf://org/name", "a b", /not a valid revision/],
    ["https://example.test/model.bin", null, /must point at a .safetensors file/],
    [
      "ftp://example.test/x.safetensors",
      null,
      /^"ftp:\/\/example\.test\/x\.safetensors": ftp:\/\/ references cannot be read\. Give a local path, an http or https URL, or a Hub reference \(hf:\/\/ORG\/NAME\)\.$/,
    ],
    ["https://user:secret@example.test/model.safetensors", null, /contains credentials/],
  ];
  for (const [text, revision, message] of rejected) {
    it(`rejects ${text}${revision ? ` with ${revision}` : ""}`, () => {
      expect(() =>
        parse(text, revision, (path: string) => path === "local/path.safetensors"),
      ).toThrow(UsageError);
      expect(() =>
        parse(text, revision, (path: string) => path === "local/path.safetensors"),
      ).toThrow(message);
    });
  }

  it("never shows URL credentials", () => {
    let message = "";
    try {
      parse("https://user:secret@example.test/model.safetensors");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/contains credentials/);
    expect(message).not.toContain("secret");
  });
});
