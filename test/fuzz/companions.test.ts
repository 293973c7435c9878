import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffCompanions } from "../../src/analysis/configs.js";
import { checkProperty, testTimeout } from "./settings.js";

/** Keys that every plain object inherits a member for, beside ordinary config keys. */
const configKey = fc.constantFrom(
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "__proto__",
  "model_type",
  "hidden_size",
);

/** Config text with unique keys, written by hand so `__proto__` stays an ordinary key. */
const configText = fc
  .uniqueArray(fc.tuple(configKey, fc.jsonValue({ maxDepth: 2 })), {
    selector: ([key]) => key,
    maxLength: 4,
  })
  .map((entries) => ({
    entries,
    text: `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(",")}}`,
  }));

describe("companion file fuzzing", () => {
  it("lists exactly the keys whose values differ", { timeout: testTimeout(500, 1) }, async () => {
    await checkProperty(
      "config.json pairs",
      fc.property(configText, configText, (base, head) => {
        const changes = diffCompanions(
          new Map([["config.json", base.text]]),
          new Map([["config.json", head.text]]),
        );
        const valueIn = (entries: typeof base.entries, key: string) =>
          JSON.stringify(entries.find(([name]) => name === key)?.[1]);
        const keys = new Set([...base.entries, ...head.entries].map(([key]) => key));
        const expected =
          base.text === head.text
            ? []
            : [...keys].filter((key) => valueIn(base.entries, key) !== valueIn(head.entries, key));
        expect(changes.map((change) => change.key).sort()).toEqual(expected.sort());
      }),
      500,
    );
  });
});
