import { describe, expect, it } from "vitest";
import type { TensorEntry } from "../../src/checkpoint/types.js";
import { BLOCK_ELEMENTS } from "../../src/diff/kernels.js";
import type { TensorPair } from "../../src/diff/pairing.js";
import {
  MAX_SEGMENTS_PER_UNIT,
  packWorkUnit,
  planUnits,
  unpackWorkUnit,
  type WorkUnit,
} from "../../src/diff/plan.js";
import { defaultWorkerScript } from "../../src/diff/worker-path.js";
import type { DType } from "../../src/format/dtypes.js";
import type { ByteSource, ByteSourceSpec } from "../../src/io/byte-source.js";
import { DEFAULT_RETRY_SETTINGS } from "../../src/io/retry.js";

const source: ByteSource = {
  name: "test.safetensors",
  size: 2 ** 40,
  spec: { kind: "file", path: "/data/test.safetensors", name: "test.safetensors", size: 2 ** 40 },
  read: () => Promise.reject(new Error("not read in planning tests")),
  close: () => Promise.resolve(),
};

function entry(
  name: string,
  dtype: DType,
  numel: number,
  byteOffset: number,
  bytes: number,
): TensorEntry {
  return { name, dtype, shape: [numel], numel, source, byteOffset, byteLength: numel * bytes };
}

function pair(name: string, dtype: DType, numel: number, bytes: number, offset = 101): TensorPair {
  return {
    name,
    base: entry(name, dtype, numel, offset, bytes),
    head: entry(name, dtype, numel, offset + 7, bytes),
    comparison: "float",
  };
}

describe("planUnits", () => {
  it("batches tiny tensors", () => {
    const pairs = Array.from({ length: 10_000 }, (_, i) => pair(`t${i}`, "F32", 4, 4, i * 16));
    const units = [...planUnits(pairs, 0)];
    expect(units.length).toBe(Math.ceil(10_000 / MAX_SEGMENTS_PER_UNIT));
    expect(units.flatMap((unit) => unit.segments).length).toBe(10_000);
  });

  it("splits a large tensor on block boundaries", () => {
    const numel = 10 * BLOCK_ELEMENTS + 5;
    // 3 blocks of F32 per unit, plus a byte that does not make a fourth block.
    const units = [...planUnits([pair("w", "F32", numel, 4)], 0, 3 * BLOCK_ELEMENTS * 4 + 1)];
    expect(units.map((unit) => unit.segments[0]?.firstElement)).toEqual([
      0,
      3 * BLOCK_ELEMENTS,
      6 * BLOCK_ELEMENTS,
      9 * BLOCK_ELEMENTS,
    ]);
    const last = units[3]?.segments[0];
    expect(last?.elementCount).toBe(BLOCK_ELEMENTS + 5);
    expect(last?.base.offset).toBe(101 + 9 * BLOCK_ELEMENTS * 4);
    expect(last?.base.length).toBe((BLOCK_ELEMENTS + 5) * 4);
    expect(last?.head.offset).toBe(108 + 9 * BLOCK_ELEMENTS * 4);
  });

  it("gives a chunk below one block one block", () => {
    const units = [...planUnits([pair("w", "F64", 2 * BLOCK_ELEMENTS, 8)], 0, 1)];
    expect(units.map((unit) => unit.segments[0]?.elementCount)).toEqual([
      BLOCK_ELEMENTS,
      BLOCK_ELEMENTS,
    ]);
  });

  it("maps sub-byte elements to whole bytes", () => {
    const numel = BLOCK_ELEMENTS + 4;
    const units = [...planUnits([pair("q", "F6_E2M3", numel, 0.75)], 0, 1)];
    expect(units[1]?.segments[0]?.base.offset).toBe(101 + (BLOCK_ELEMENTS * 6) / 8);
    expect(units[1]?.segments[0]?.base.length).toBe(3);
  });

  it("skips empty tensors", () => {
    expect([...planUnits([pair("empty", "F32", 0, 4)], 0)]).toEqual([]);
  });
});

describe("defaultWorkerScript", () => {
  it("finds the worker next to the action bundle", () => {
    expect(defaultWorkerScript("file:///action/dist/index.js")).toBe(
      "/action/dist/worker/index.js",
    );
  });

  it("finds the worker next to the CLI bundle", () => {
    expect(defaultWorkerScript("file:///app/dist/cli/index.js")).toBe("/app/dist/worker/index.js");
  });
});

describe("packWorkUnit", () => {
  const other: ByteSourceSpec = {
    kind: "http",
    url: "http://127.0.0.1:1/other.safetensors",
    name: "org/model@main:other.safetensors",
    size: 2 ** 41,
    etag: '"abc"',
    token: null,
    commit: null,
    sha256: null,
    retry: DEFAULT_RETRY_SETTINGS,
  };

  /** A unit written out by hand: two sources, two dtypes, offsets up to 2^41. */
  const unit: WorkUnit = {
    id: 7,
    threshold: 0.5,
    bytes: 40,
    segments: [
      {
        pairIndex: 3,
        baseDtype: "BF16",
        headDtype: "F32",
        firstElement: 0,
        elementCount: 4,
        base: { source: source.spec, offset: 101, length: 8 },
        head: { source: other, offset: 2 ** 41 - 16, length: 16 },
      },
      {
        pairIndex: 90_000,
        baseDtype: "F4",
        headDtype: "F4",
        firstElement: 2 * BLOCK_ELEMENTS,
        elementCount: 16,
        base: { source: other, offset: 5, length: 8 },
        head: { source: source.spec, offset: 2 ** 40 - 8, length: 8 },
      },
    ],
  };

  it("rebuilds the unit it packed", () => {
    const packed = packWorkUnit(unit);
    expect(packed.sources).toEqual([source.spec, other]);
    expect(packed.segments.length).toBe(22);
    // What a worker receives: a structured clone of the packed unit.
    expect(unpackWorkUnit(structuredClone(packed))).toEqual(unit);
  });

  it("rebuilds the capture ranges", () => {
    const third: ByteSourceSpec = { kind: "file", path: "/tmp/third", name: "third", size: 64 };
    const captured: WorkUnit = {
      ...unit,
      captures: [
        { source: other, offset: 2 ** 41 - 12, length: 4 },
        { source: third, offset: 3, length: 2 },
      ],
    };
    const packed = packWorkUnit(captured);
    expect(packed.sources).toEqual([source.spec, other, third]);
    expect(packed.captures?.length).toBe(6);
    expect(unpackWorkUnit(structuredClone(packed))).toEqual(captured);
  });

  it("packs each source once", () => {
    const pairs = Array.from({ length: 300 }, (_, i) => pair(`t${i}`, "F16", 4, 2, i * 8));
    const [first] = planUnits(pairs, 0);
    const packed = packWorkUnit(first as WorkUnit);
    expect(packed.sources).toEqual([source.spec]);
    expect(unpackWorkUnit(packed)).toEqual(first);
  });

  it("rejects a source index past the list", () => {
    const packed = packWorkUnit(unit);
    packed.sources.pop();
    expect(() => unpackWorkUnit(packed)).toThrow(/names no source/);
  });
});
