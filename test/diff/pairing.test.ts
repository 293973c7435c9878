import { afterAll, describe, expect, it } from "vitest";
import type { Checkpoint, TensorEntry } from "../../src/checkpoint/types.js";
import { runDiff } from "../../src/diff/engine.js";
import { matchRenamed, pairByName } from "../../src/diff/pairing.js";
import type { TensorToWrite } from "../../src/format/writer.js";
import type { ByteSource } from "../../src/io/byte-source.js";
import { makeTempDirectory, Random, writeTestCheckpoint } from "./helpers.js";

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

/** Returns the checkpoint with its tensors read through sources that record each read's offset. */
function recordReads(checkpoint: Checkpoint, reads: Set<number>): Checkpoint {
  const wrap = (source: ByteSource): ByteSource => ({
    name: source.name,
    size: source.size,
    spec: source.spec,
    close: () => source.close(),
    read: async (offset, length, target, targetOffset) => {
      reads.add(offset);
      await source.read(offset, length, target, targetOffset);
    },
  });
  const sources = new Map<ByteSource, ByteSource>();
  const tensors = new Map<string, TensorEntry>();
  for (const [name, entry] of checkpoint.tensors) {
    let source = sources.get(entry.source);
    if (!source) {
      source = wrap(entry.source);
      sources.set(entry.source, source);
    }
    tensors.set(name, { ...entry, source });
  }
  return { ...checkpoint, tensors };
}

describe("rename matching with repeated contents", async () => {
  // 60 removed and 300 added tensors of one shape. The first 240 added names hold 30 values 8
  // times each, and the removed tensors draw from those values, so contents repeat on both
  // sides. The last 60 added names hold values no removed tensor has. 10 more removed tensors
  // have another shape and match nothing.
  const random = new Random(11);
  const content = (value: number) => f32([value, value + 0.5, -value]);
  const baseValues = new Map<string, number>();
  const headValues = new Map<string, number>();
  const baseList: TensorToWrite[] = [];
  const headList: TensorToWrite[] = [];
  for (let i = 0; i < 60; i++) {
    const name = `old.${String(i).padStart(3, "0")}`;
    const value = Math.floor(random.next() * 30);
    baseValues.set(name, value);
    baseList.push({ name, dtype: "F32", shape: [3], data: content(value) });
  }
  for (let i = 0; i < 10; i++) {
    baseList.push({ name: `other.${i}`, dtype: "F32", shape: [1], data: f32([i]) });
  }
  for (let i = 0; i < 300; i++) {
    const name = `new.${String(i).padStart(3, "0")}`;
    const value = i < 240 ? (i * 7) % 30 : 100 + i;
    headValues.set(name, value);
    // Written in another order than their names, so file order differs from name order.
    headList.unshift({ name, dtype: "F32", shape: [3], data: content(value) });
  }
  const base = await writeTestCheckpoint(`${temp.path}/repeated-base.safetensors`, baseList);
  const head = await writeTestCheckpoint(`${temp.path}/repeated-head.safetensors`, headList);
  const headReads = new Set<number>();
  const pairing = pairByName(base, head);
  const result = await matchRenamed(base, recordReads(head, headReads), pairing);
  await base.close();
  await head.close();

  // Each removed tensor in name order takes the first unmatched added tensor in name order that
  // contains the same values.
  const removedNames = [...baseValues.keys(), ...baseList.slice(60).map((t) => t.name)].sort();
  const addedNames = [...headValues.keys()].sort();
  const matchedHeads = new Set<string>();
  const expected: [string, string][] = [];
  let furthest = -1;
  for (const baseName of removedNames) {
    // A removed tensor of another shape has no candidates, so nothing is scanned for it.
    if (!baseValues.has(baseName)) continue;
    for (const [position, headName] of addedNames.entries()) {
      if (matchedHeads.has(headName)) continue;
      furthest = Math.max(furthest, position);
      if (headValues.get(headName) !== baseValues.get(baseName)) continue;
      matchedHeads.add(headName);
      expected.push([baseName, headName]);
      break;
    }
  }

  it("matches as a scan in name order does", () => {
    expect(result.renamed.map((tensor) => [tensor.baseName, tensor.headName])).toEqual(expected);
    expect(expected.length).toBe(60);
  });

  it("leaves the unmatched tensors added and removed", () => {
    const renamedBase = new Set(expected.map(([baseName]) => baseName));
    expect(result.removed.map((tensor) => tensor.name)).toEqual(
      removedNames.filter((name) => !renamedBase.has(name)),
    );
    expect(result.added.map((tensor) => tensor.name)).toEqual(
      addedNames.filter((name) => !matchedHeads.has(name)),
    );
  });

  it("reads added tensors only up to the furthest one scanned", () => {
    const offsets = addedNames.map((name) => head.tensors.get(name)?.byteOffset as number);
    expect(furthest).toBeLessThan(addedNames.length - 1);
    expect(headReads).toEqual(new Set(offsets.slice(0, furthest + 1)));
  });
});
