import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openLocalCheckpoint } from "../../src/checkpoint/local.js";
import { encodeSafetensors } from "../../src/format/writer.js";
import { makeTempDirectory } from "../diff/helpers.js";

const temp = makeTempDirectory();
afterAll(() => temp.remove());

/** Writes a one-shard checkpoint whose shard has `__metadata__` written as `metadataText`. */
function shardedFolder(name: string, metadataText: string): string {
  const folder = path.join(temp.path, name);
  mkdirSync(folder);
  const plain = encodeSafetensors([
    { name: "w", dtype: "F32", shape: [1], data: new Uint8Array(4) },
  ]);
  const length = Number(new DataView(plain.buffer).getBigUint64(0, true));
  const header = new TextDecoder().decode(plain.subarray(8, 8 + length)).trimEnd();
  const text = Buffer.from(`{"__metadata__":${metadataText},${header.slice(1)}`);
  const file = Buffer.alloc(8 + text.byteLength + 4);
  file.writeBigUInt64LE(BigInt(text.byteLength));
  text.copy(file, 8);
  writeFileSync(path.join(folder, "model-00001-of-00001.safetensors"), file);
  writeFileSync(
    path.join(folder, "model.safetensors.index.json"),
    JSON.stringify({ weight_map: { w: "model-00001-of-00001.safetensors" } }),
  );
  return folder;
}

describe("sharded metadata merge", () => {
  it("keeps a shard metadata key named __proto__", async () => {
    const checkpoint = await openLocalCheckpoint(shardedFolder("string", '{"__proto__":""}'));
    await checkpoint.close();
    expect(Object.entries(checkpoint.metadata)).toEqual([["__proto__", ""]]);
  });

  it("never takes a prototype from a shard", async () => {
    const checkpoint = await openLocalCheckpoint(
      shardedFolder("object", '{"__proto__":{"format":"evil"}}'),
    );
    await checkpoint.close();
    expect(Object.getPrototypeOf(checkpoint.metadata)).toBe(Object.prototype);
    expect("format" in checkpoint.metadata).toBe(false);
    expect(Object.entries(checkpoint.metadata)).toEqual([["__proto__", { format: "evil" }]]);
  });
});
