import { describe, expect, it } from "vitest";
import { medianRound } from "../../scripts/bench/remote.js";

/** Returns a round with the given diff and transfer seconds; the other fields do not enter the choice. */
function round(diffSeconds: number, transferSeconds: number) {
  return { bytes: 1, diffBytes: 1, diffSeconds, transferSeconds };
}

describe("medianRound", () => {
  it("chooses by ratio, not by diff time", () => {
    // Ratios 1.2, 1.1 and 1.0: the middle one is the round of ratio 1.1.
    const rounds = [round(6, 5), round(4.4, 4), round(3, 3)];
    expect(medianRound(rounds)).toBe(rounds[1]);
  });

  it("takes the lower middle of an even count", () => {
    // Ratios 1.3, 1.0, 1.2 and 1.1: sorted 1.0, 1.1, 1.2, 1.3, so the second is 1.1.
    const rounds = [round(1.3, 1), round(1, 1), round(1.2, 1), round(1.1, 1)];
    expect(medianRound(rounds)).toBe(rounds[3]);
  });

  it("returns a single round", () => {
    const only = round(2, 1);
    expect(medianRound([only])).toBe(only);
  });

  it("rejects an empty list", () => {
    expect(() => medianRound([])).toThrow(/no remote round/);
  });
});
