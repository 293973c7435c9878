import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import {
  evaluateGates,
  GATE_LABELS,
  parseFailOn,
  parseMaxChangedFraction,
} from "../../src/report/gates.js";
import { fixtureReport } from "../report/fixture.js";

// The fixture: label finetune, 9 of 24 compared parameters changed (37.50%).

describe("parseFailOn", () => {
  it("splits, trims and removes repeats", () => {
    expect(parseFailOn(" finetune,architecture_change , ,finetune", "fail-on")).toEqual([
      "finetune",
      "architecture_change",
    ]);
  });

  it("accepts an empty list", () => {
    expect(parseFailOn("", "fail-on")).toEqual([]);
  });

  it("accepts labels the classifier will emit", () => {
    expect(
      parseFailOn("quantized,lora_merge,merge,pruned,derived_obfuscated", "fail-on"),
    ).toHaveLength(5);
  });

  it("rejects an unknown label with the list", () => {
    expect(() => parseFailOn("finetune,Finetune", "fail-on")).toThrow(UsageError);
    expect(() => parseFailOn("fine-tune", "fail-on")).toThrow(
      `fail-on: "fine-tune" is not a classification label. Give a comma-separated list of: ${GATE_LABELS.join(", ")}.`,
    );
  });
});

describe("parseMaxChangedFraction", () => {
  it.each([
    ["0", 0],
    ["1", 1],
    ["0.05", 0.05],
    ["5e-2", 0.05],
    [".5", 0.5],
  ])("accepts %s", (text, value) => {
    expect(parseMaxChangedFraction(text, "max-changed-fraction")).toBe(value);
  });

  it.each(["-0.1", "1.0000001", "5%", "0x1", "NaN", "Infinity", "half"])("rejects %s", (text) => {
    expect(() => parseMaxChangedFraction(text, "max-changed-fraction")).toThrow(
      `max-changed-fraction: "${text}" is not valid`,
    );
  });
});

describe("evaluateGates", () => {
  it("returns nothing without gates", () => {
    expect(evaluateGates(fixtureReport(), { failOn: [], maxChangedFraction: null })).toEqual([]);
  });

  it("trips on a listed label", () => {
    const [result] = evaluateGates(fixtureReport(), {
      failOn: ["architecture_change", "finetune"],
      maxChangedFraction: null,
    });
    expect(result).toEqual({
      gate: "fail-on",
      tripped: true,
      reason: "The label finetune is in fail-on (architecture_change, finetune).",
    });
  });

  it("passes on an unlisted label", () => {
    const [result] = evaluateGates(fixtureReport(), {
      failOn: ["independent"],
      maxChangedFraction: null,
    });
    expect(result?.tripped).toBe(false);
    expect(result?.reason).toBe("The label finetune is not in fail-on (independent).");
  });

  it("compares the changed fraction strictly", () => {
    // 9 / 24 = 0.375 exactly.
    const at = evaluateGates(fixtureReport(), { failOn: [], maxChangedFraction: 0.375 });
    expect(at).toEqual([
      {
        gate: "max-changed-fraction",
        tripped: false,
        reason:
          "9 of 24 compared parameters changed (37.50%), within max-changed-fraction 0.375 (37.50%).",
      },
    ]);
    const below = evaluateGates(fixtureReport(), { failOn: [], maxChangedFraction: 0.37 });
    expect(below[0]?.tripped).toBe(true);
    expect(below[0]?.reason).toBe(
      "9 of 24 compared parameters changed (37.50%), above max-changed-fraction 0.37 (37.00%).",
    );
  });

  it("passes when nothing was compared", () => {
    const report = fixtureReport();
    report.summary.changedFraction = null;
    const [result] = evaluateGates(report, { failOn: [], maxChangedFraction: 0 });
    expect(result?.tripped).toBe(false);
    expect(result?.reason).toContain("No parameter was compared");
  });
});
