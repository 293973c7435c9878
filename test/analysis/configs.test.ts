import { describe, expect, it } from "vitest";
import { diffCompanions, MAX_VALUE_CHARS } from "../../src/analysis/configs.js";
import { markdownCodeCell } from "../../src/report/escape.js";

describe("diffCompanions", () => {
  it("compares a key named like an inherited member", () => {
    // A key only in the head used to read Object.prototype.constructor from the base and throw.
    const changes = diffCompanions(
      new Map([["config.json", "{}"]]),
      new Map([["config.json", '{"constructor":{},"toString":1}']]),
    );
    expect(changes).toEqual([
      { file: "config.json", key: "constructor", base: null, head: "{}", architectural: false },
      { file: "config.json", key: "toString", base: null, head: "1", architectural: false },
    ]);
  });

  it("lists changed config fields and flags architecture fields", () => {
    const base = new Map([
      [
        "config.json",
        JSON.stringify({ vocab_size: 100, rope_theta: 10000, torch_dtype: "bfloat16" }),
      ],
    ]);
    const head = new Map([
      [
        "config.json",
        JSON.stringify({ vocab_size: 164, rope_theta: 10000, torch_dtype: "float16" }),
      ],
    ]);
    expect(diffCompanions(base, head)).toEqual([
      {
        file: "config.json",
        key: "torch_dtype",
        base: "bfloat16",
        head: "float16",
        architectural: false,
      },
      { file: "config.json", key: "vocab_size", base: "100", head: "164", architectural: true },
    ]);
  });

  it("summarizes tokenizer.json by vocabulary and added tokens", () => {
    const tokenizer = (tokens: string[]) =>
      JSON.stringify({
        model: { vocab: { a: 0, b: 1 } },
        added_tokens: tokens.map((content) => ({ content })),
      });
    const changes = diffCompanions(
      new Map([["tokenizer.json", tokenizer([])]]),
      new Map([["tokenizer.json", tokenizer(["<tool>"])]]),
    );
    expect(changes.map((change) => change.key)).toEqual(["added_token_contents", "added_tokens"]);
  });

  it("reports a file present on one side", () => {
    const changes = diffCompanions(new Map(), new Map([["generation_config.json", "{}"]]));
    expect(changes).toEqual([
      {
        file: "generation_config.json",
        key: "(file)",
        base: null,
        head: "present",
        architectural: false,
      },
    ]);
  });

  it("cuts a long value between code points and shows its length in full", () => {
    // 299 code points: an emoji (two UTF-16 units) sits across the cut.
    const template = `${"x".repeat(MAX_VALUE_CHARS - 1)}\u{1F600}${"y".repeat(139)}`;
    const [change] = diffCompanions(
      new Map([["tokenizer_config.json", JSON.stringify({ chat_template: template })]]),
      new Map([["tokenizer_config.json", JSON.stringify({ chat_template: "short" })]]),
    );
    const keptPrefix = `${"x".repeat(MAX_VALUE_CHARS - 1)}\u{1F600}`;
    expect(change?.base).toBe(`${keptPrefix}… (299 characters)`);
    expect(change?.head).toBe("short");
    // The report shows the cut value whole, with its length, and cuts nothing more.
    const cell = markdownCodeCell(change?.base as string);
    expect(cell).toContain(`${keptPrefix}… (299 characters)`);
    expect(cell).not.toContain("cut from");
  });
});
