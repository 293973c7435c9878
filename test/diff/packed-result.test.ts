import { describe, expect, it } from "vitest";
import type { UnitResult } from "../../src/diff/unit-runner.js";
import { packUnitResult, unpackUnitResult } from "../../src/diff/worker.js";

function segment(
  pairIndex: number,
  firstElement: number,
  sums: number[],
  maxIndex: number,
  profile: number[] | null = null,
) {
  return {
    pairIndex,
    firstElement,
    stats: {
      changed: 2 ** 40 + 3,
      bitsDiffering: 5,
      finiteCount: 7,
      nanA: 1,
      nanB: 2,
      infA: 3,
      infB: 4,
      maxAbsDelta: maxIndex === -1 ? 0 : 0.1,
      maxAbsDeltaIndex: maxIndex,
      blockSums: Float64Array.from(sums),
      profile: profile === null ? null : Float64Array.from(profile),
    },
  };
}

describe("packed unit results", () => {
  it("round-trip every field", () => {
    const result: UnitResult = {
      id: 9,
      segments: [
        segment(0, 0, [1, 2, 3, 4, 5, 6], 12),
        segment(4, 16_384, [], -1, [0, 3, 2 ** 50, 1]),
        segment(5, 2 ** 40, [-0.5, 1e300, 0, 2 ** -1074, 7, 8, 9, 10, 11, 12, 13, 14], 2 ** 40 + 1),
      ],
    };
    const unpacked = unpackUnitResult(packUnitResult(result));
    expect(unpacked.id).toBe(9);
    expect(unpacked.segments.length).toBe(3);
    unpacked.segments.forEach((got, i) => {
      const want = result.segments[i];
      const { blockSums: gotSums, profile: gotProfile, ...gotCounts } = got.stats;
      const { blockSums: wantSums, profile: wantProfile, ...wantCounts } = want?.stats ?? got.stats;
      expect(got.pairIndex).toBe(want?.pairIndex);
      expect(got.firstElement).toBe(want?.firstElement);
      expect(gotCounts).toEqual(wantCounts);
      expect(Array.from(gotSums)).toEqual(Array.from(wantSums));
      expect(gotProfile === null ? null : Array.from(gotProfile)).toEqual(
        wantProfile === null ? null : Array.from(wantProfile),
      );
    });
  });

  it("packs an empty unit", () => {
    expect(unpackUnitResult(packUnitResult({ id: 1, segments: [] }))).toEqual({
      id: 1,
      segments: [],
    });
  });
});
