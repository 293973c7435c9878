import { afterAll, describe, expect, it } from "vitest";
import { runDiff } from "../../src/diff/engine.js";
import type { TensorToWrite } from "../../src/format/writer.js";
import { makeTempDirectory, writeTestCheckpoint } from "./helpers.js";

const temp = makeTempDirectory();
afterAll(() => temp.remove());

function f32(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

function u16(values: number[]): Uint8Array {
  return new Uint8Array(new Uint16Array(values).buffer);
}

const baseTensors: TensorToWrite[] = [
  { name: "kept", dtype: "F32", shape: [2], data: f32([1, 2]) },
  { name: "dropped", dtype: "F32", shape: [3], data: f32([7, 8, 9]) },
  { name: "grown", dtype: "F32", shape: [2], data: f32([1, 2]) },
  { name: "cast", dtype: "F32", shape: [2], data: f32([1, 0.5]) },
  { name: "old.name", dtype: "F32", shape: [2, 2], data: f32([1, 2, 3, 4]) },
  { name: "flat", dtype: "F32", shape: [4], data: f32([5, 6, 7, 8]) },
];

const headTensors: TensorToWrite[] = [
  { name: "kept", dtype: "F32", shape: [2], data: f32([1, 3]) },
  { name: "grown", dtype: "F32", shape: [3], data: f32([1, 2, 3]) },
  // 0x3c00 is 1.0 and 0x3800 is 0.5 in F16.
  { name: "cast", dtype: "F16", shape: [2], data: u16([0x3c00, 0x3800]) },
  { name: "new.name", dtype: "F32", shape: [2, 2], data: f32([1, 2, 3, 4]) },
  // Same bytes as base "flat" under another shape: not a rename.
  { name: "square", dtype: "F32", shape: [2, 2], data: f32([5, 6, 7, 8]) },
  { name: "fresh", dtype: "U16", shape: [1], data: u16([9]) },
];

describe("tensor pairing", async () => {
  const base = await writeTestCheckpoint(`${temp.path}/base.safetensors`, baseTensors);
  const head = await writeTestCheckpoint(`${temp.path}/head.safetensors`, headTensors);
  const result = await runDiff(base, head, { threshold: 0, workers: 0 });
  await base.close();
  await head.close();

  it("compares tensors present on both sides with one shape", () => {
    expect(result.compared.map((tensor) => tensor.name)).toEqual(["cast", "kept"]);
    expect(result.compared[1]?.stats.changed).toBe(1);
  });

  it("compares a dtype change on decoded values", () => {
    const cast = result.compared[0];
    expect(cast?.baseDtype).toBe("F32");
    expect(cast?.headDtype).toBe("F16");
    expect(cast?.stats.changed).toBe(0);
    expect(cast?.stats.bitsDiffering).toBe(0);
  });

  it("reports a shape change as reshaped", () => {
    expect(result.reshaped).toEqual([
      {
        name: "grown",
        baseShape: [2],
        headShape: [3],
        baseDtype: "F32",
        headDtype: "F32",
        baseNumel: 2,
        headNumel: 3,
      },
    ]);
  });

  it("matches renamed tensors by content", () => {
    expect(result.renamed).toEqual([
      { baseName: "old.name", headName: "new.name", shape: [2, 2], dtype: "F32", numel: 4 },
    ]);
  });

  it("keeps equal bytes of another shape apart", () => {
    expect(result.removed.map((tensor) => tensor.name)).toEqual(["dropped", "flat"]);
    expect(result.added.map((tensor) => tensor.name)).toEqual(["fresh", "square"]);
  });

  it("describes one-sided tensors", () => {
    expect(result.added[0]).toEqual({ name: "fresh", shape: [1], dtype: "U16", numel: 1 });
  });
});
