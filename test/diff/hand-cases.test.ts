import { mkdirSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { runDiff } from "../../src/diff/engine.js";
import type { DType } from "../../src/format/dtypes.js";
import { makeTempDirectory, TEST_WORKER_SCRIPT, writeTestCheckpoint } from "./helpers.js";

const temp = makeTempDirectory();
afterAll(() => temp.remove());

function f32Bytes(bitPatterns: readonly number[]): Uint8Array {
  const out = new Uint8Array(bitPatterns.length * 4);
  const view = new DataView(out.buffer);
  bitPatterns.forEach((bits, i) => {
    view.setUint32(i * 4, bits, true);
  });
  return out;
}

function f32Bits(value: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value, true);
  return view.getUint32(0, true);
}

const NAN = 0x7fc00000;
const NAN_OTHER_PAYLOAD = 0x7fc00001;
const MIN_SUBNORMAL = 0x00000001;
const MINUS_MIN_SUBNORMAL = 0x80000001;
const ONE_PLUS_ULP = 0x3f800001;

/** 21 float32 pairs (a, b), one edge case each; expectations are counted by hand below. */
const pairs: [number, number][] = [
  [NAN, NAN], // 0: the same NaN, unchanged
  [NAN, NAN_OTHER_PAYLOAD], // 1: NaN payloads differ, bits differ, unchanged
  [f32Bits(0), f32Bits(-0)], // 2: +0 vs -0, bits differ, unchanged
  [f32Bits(Infinity), f32Bits(Infinity)], // 3: inf == inf
  [f32Bits(1), f32Bits(Infinity)], // 4: changed, infinite difference
  [f32Bits(1), NAN], // 5: changed
  [MIN_SUBNORMAL, MINUS_MIN_SUBNORMAL], // 6: +-2^-149, difference 2^-148 within threshold
  [f32Bits(1), f32Bits(1)], // 7
  [f32Bits(2), f32Bits(2.5)], // 8: changed by 0.5
  [f32Bits(-3), f32Bits(-3)], // 9
  [f32Bits(0.5), f32Bits(0.5)], // 10
  [f32Bits(1), ONE_PLUS_ULP], // 11: difference 2^-23 within threshold
  [f32Bits(4), f32Bits(1)], // 12: changed by 3, the first maximum
  [f32Bits(-Infinity), f32Bits(Infinity)], // 13: changed, infinite difference
  [f32Bits(10), f32Bits(7)], // 14: changed by 3, ties the maximum later
  [f32Bits(0), f32Bits(0)], // 15
  [f32Bits(1), f32Bits(1)], // 16
  [NAN, f32Bits(1)], // 17: changed
  [f32Bits(2), f32Bits(0)], // 18: changed by 2
  [f32Bits(0.25), f32Bits(0.25)], // 19
  [f32Bits(-1), f32Bits(-1.5)], // 20: changed by 0.5
];

async function diffHandCase(workers: number) {
  const directory = `${temp.path}/w${workers}`;
  mkdirSync(directory, { recursive: true });
  const tensor = (data: Uint8Array) => [
    { name: "pad", dtype: "U8" as DType, shape: [3], data: new Uint8Array([1, 2, 3]) },
    { name: "w", dtype: "F32" as DType, shape: [21], data },
  ];
  const base = await writeTestCheckpoint(
    `${directory}/base.safetensors`,
    tensor(f32Bytes(pairs.map(([a]) => a))),
  );
  const head = await writeTestCheckpoint(
    `${directory}/head.safetensors`,
    tensor(f32Bytes(pairs.map(([, b]) => b))),
  );
  try {
    const result = await runDiff(base, head, {
      threshold: 1e-6,
      workers,
      workerScript: TEST_WORKER_SCRIPT,
    });
    return result.compared.find((tensor) => tensor.name === "w");
  } finally {
    await base.close();
    await head.close();
  }
}

describe("21-element float32 hand case", () => {
  for (const workers of [0, 2]) {
    it(`matches hand counts with ${workers} workers`, async () => {
      const compared = await diffHandCase(workers);
      const stats = compared?.stats;
      expect(compared?.comparison).toBe("float");
      expect(stats?.numel).toBe(21);
      // Differing bits: elements 1, 2, 4, 5, 6, 8, 11, 12, 13, 14, 17, 18, 20.
      expect(stats?.bitsDiffering).toBe(13);
      // Changed: elements 4, 5, 8, 12, 13, 14, 17, 18, 20.
      expect(stats?.changed).toBe(9);
      expect(stats?.maxAbsDelta).toBe(3);
      expect(stats?.maxAbsDeltaIndex).toBe(12);
      expect(stats?.nanA).toBe(3);
      expect(stats?.nanB).toBe(3);
      expect(stats?.infA).toBe(2);
      expect(stats?.infB).toBe(3);
      expect(stats?.finiteCount).toBe(14);
      // The subnormal terms vanish when 1 is added in element order.
      expect(stats?.sumA).toBe(17.75);
      expect(stats?.sumB).toBe(9.75 + 2 ** -23);
      expect(stats?.sumSquaredA).toBe(137.3125);
      expect(stats?.sumSquaredB).toBe(70.8125 + 2 ** -22 + 2 ** -46);
      expect(stats?.sumSquaredDelta).toBe(22.5 + 2 ** -46);
      expect(stats?.sumProduct).toBe(92.8125 + 2 ** -23);
    });
  }
});
