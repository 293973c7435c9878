import { describe, expect, it } from "vitest";
import { cutToCodePoints, quoteForMessage, shownValue } from "../src/visible-text.js";

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

describe("cutToCodePoints", () => {
  it("keeps a surrogate pair whole", () => {
    // "a", U+1F600 (two UTF-16 units), "b": three code points.
    expect(cutToCodePoints("a\u{1F600}b", 2)).toEqual({ text: "a\u{1F600}", truncatedFrom: 3 });
    expect(cutToCodePoints("a\u{1F600}b", 1)).toEqual({ text: "a", truncatedFrom: 3 });
  });

  it("leaves a value of at most maxChars code points alone", () => {
    // Four UTF-16 units, but three code points.
    expect(cutToCodePoints("a\u{1F600}b", 3)).toEqual({ text: "a\u{1F600}b", truncatedFrom: null });
    expect(cutToCodePoints("", 0)).toEqual({ text: "", truncatedFrom: null });
  });
});

describe("shownValue", () => {
  it("cuts JSON text between code points", () => {
    // JSON of 100 emoji strings: 1 + 100 * 3 + 99 commas + 1 = 401 code points.
    const cutJson = shownValue(Array.from({ length: 100 }, () => "\u{1F600}"));
    expect(cutJson.endsWith("…")).toBe(true);
    expect(Array.from(cutJson)).toHaveLength(201);
    expect(cutJson).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(cutJson.startsWith('["\u{1F600}","\u{1F600}"')).toBe(true);
  });

  it("quotes a string", () => {
    expect(shownValue("F99")).toBe('"F99"');
  });
});
