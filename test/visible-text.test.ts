import { describe, expect, it } from "vitest";
import { quoteForMessage } from "../src/visible-text.js";

describe("quoteForMessage", () => {
  it("escapes an embedded quote", () => {
    // A header excerpt as a malformed-header message quotes it.
    expect(quoteForMessage('","__metadata__":{"k"')).toBe('"\\",\\"__metadata__\\":{\\"k\\""');
  });

  it("keeps a backslash apart from a quote", () => {
    // A backslash followed by a quote: the backslash as \u005c, then the quote as \".
    expect(quoteForMessage('a\\"b')).toBe('"a\\u005c\\"b"');
  });

  it("keeps the other escapes", () => {
    expect(quoteForMessage("line\nbreak\ttab")).toBe('"line\\nbreak\\ttab"');
    expect(quoteForMessage("\u202eevil")).toBe('"\\u202eevil"');
    expect(quoteForMessage(" padded ")).toBe('"\\u0020padded\\u0020"');
  });

  it("cuts a long value and says so", () => {
    expect(quoteForMessage("abcdef", 3)).toBe('"abc…" (cut from 6 characters)');
  });
});
