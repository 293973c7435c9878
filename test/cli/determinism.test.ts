import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHUNK_BYTES_ENV } from "../../src/compare.js";
import { BLOCK_ELEMENTS } from "../../src/diff/kernels.js";
import { type DType, dtypeInfo } from "../../src/format/dtypes.js";
import { encodeSafetensors, type TensorToWrite } from "../../src/format/writer.js";
import { makeTempDirectory, Random } from "../diff/helpers.js";
import { runCliBundle } from "../helpers/run-cli.js";

/**
 * Bit patterns (little-endian unsigned integers) that a float kernel could treat differently
 * depending on where a unit boundary falls: NaNs with several payloads and signs, +0 and -0,
 * +inf and -inf, subnormals.
 */
const SPECIALS: Partial<Record<DType, bigint[]>> = {
  F64: [0x7ff8000000000000n, 0x7ff0000000000001n, 0xfff8000000000000n, 0n, 0x8000000000000000n],
  F32: [0x7fc00000n, 0x7fc00001n, 0xffc00000n, 0x7f800001n, 0n, 0x80000000n, 0x7f800000n],
  F16: [0x7e00n, 0x7e01n, 0xfe00n, 0x7c01n, 0n, 0x8000n, 0x7c00n, 0xfc00n, 1n],
  BF16: [0x7fc0n, 0x7fc1n, 0xffc0n, 0x7f81n, 0n, 0x8000n, 0x7f80n, 0xff80n, 1n],
  C64: [0x7fc00000n, 0n, 0x80000000n, 0x7f800000n, 0xff800000n],
};

/** Elements of the largest tensor: several F32 blocks, so it spans several units at any size. */
const LARGE = 5 * BLOCK_ELEMENTS + 333;

function fill(dtype: DType, numel: number, random: Random): Uint8Array {
  const bytes = random.bytes(Math.ceil((numel * dtypeInfo(dtype).bits) / 8));
  const view = new DataView(bytes.buffer);
  if (dtype === "F32" || dtype === "C64") {
    for (let at = 0; at < bytes.byteLength; at += 4) view.setFloat32(at, random.normal(), true);
  }
  if (dtype === "F64") {
    for (let at = 0; at < bytes.byteLength; at += 8) view.setFloat64(at, random.normal(), true);
  }
  if (dtype === "BOOL")
    for (let i = 0; i < bytes.byteLength; i++) bytes[i] = random.next() < 0.5 ? 1 : 0;
  const patterns = SPECIALS[dtype];
  const width = dtypeInfo(dtype).bits / 8;
  if (patterns) {
    for (let at = 0; at + width <= bytes.byteLength; at += width) {
      if (random.next() > 0.03) continue;
      const pattern = patterns[Math.floor(random.next() * patterns.length)] as bigint;
      for (let k = 0; k < width; k++) bytes[at + k] = Number((pattern >> BigInt(8 * k)) & 0xffn);
    }
  }
  return bytes;
}

/** Changes about `rate` of the bytes, so some elements change, some only in low bits. */
function perturb(bytes: Uint8Array, random: Random, rate: number): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i < out.byteLength; i++) {
    if (random.next() < rate) out[i] = random.uint32() & 0xff;
  }
  return out;
}

function tensor(name: string, dtype: DType, shape: number[], data: Uint8Array): TensorToWrite {
  return { name, dtype, shape, data };
}

const temp = makeTempDirectory();
const basePath = path.join(temp.path, "base.safetensors");
const headPath = path.join(temp.path, "head.safetensors");

beforeAll(() => {
  const random = new Random(97);
  const shapes: [string, DType, number[]][] = [
    ["model.layers.0.mlp.up_proj.weight", "F32", [LARGE]],
    ["model.layers.0.self_attn.q_proj.weight", "BF16", [256, 300]],
    ["model.layers.1.self_attn.k_proj.weight", "F16", [128, 300]],
    ["model.layers.1.mlp.down_proj.weight", "F64", [20_000]],
    ["model.embed_tokens.weight", "F8_E4M3", [30_000]],
    ["model.norm.weight", "F32", [300]],
    ["counts", "I64", [5000]],
    ["mask", "BOOL", [7000]],
    ["bytes", "U8", [9000]],
    ["complex", "C64", [3000]],
    ["packed", "F4", [4000]],
  ];
  const base: TensorToWrite[] = [];
  const head: TensorToWrite[] = [];
  for (const [name, dtype, shape] of shapes) {
    const numel = shape.reduce((product, dim) => product * dim, 1);
    const data = fill(dtype, numel, random);
    base.push(tensor(name, dtype, shape, data));
    head.push(tensor(name, dtype, shape, perturb(data, random, 0.2)));
  }
  // A dtype change, a renamed tensor (same bytes), and tensors only on one side.
  const cast = fill("F32", 3000, random);
  base.push(tensor("lm_head.weight", "F32", [3000], cast));
  head.push(tensor("lm_head.weight", "BF16", [3000], fill("BF16", 3000, random)));
  const moved = fill("F32", 2000, random);
  base.push(tensor("model.layers.2.old.weight", "F32", [2000], moved));
  head.push(tensor("model.layers.2.new.weight", "F32", [2000], moved));
  base.push(tensor("only.base", "F16", [64], fill("F16", 64, random)));
  head.push(tensor("only.head", "F16", [64], fill("F16", 64, random)));
  writeFileSync(basePath, encodeSafetensors(base, { format: "pt" }));
  writeFileSync(headPath, encodeSafetensors(head.reverse(), { format: "pt" }));
});

afterAll(() => temp.remove());

/** Unit sizes in bytes per side: one block per unit, a few blocks, and the default. */
const CHUNK_SIZES = ["1", String(3 * BLOCK_ELEMENTS * 4 + 17), ""];
const WORKER_COUNTS = [1, 2, 8];

describe("report determinism", () => {
  it("writes byte-identical JSON for any worker count and unit size", { timeout: 300_000 }, () => {
    const outputs = new Map<string, string>();
    for (const workers of WORKER_COUNTS) {
      for (const chunk of CHUNK_SIZES) {
        const run = runCliBundle(
          [basePath, headPath, "--format", "json", "--workers", String(workers)],
          { [CHUNK_BYTES_ENV]: chunk },
        );
        expect(run.status, run.stderr).toBe(0);
        outputs.set(`${workers} workers, chunk ${chunk || "default"}`, run.stdout);
      }
    }
    const [first, ...rest] = [...outputs];
    const report = JSON.parse(first?.[1] as string);
    // The data exercises what it is meant to: changes, non-finite values, every kind of pair.
    expect(report.summary.changedParams).toBeGreaterThan(0);
    expect(report.summary.nonFinite.nanBase).toBeGreaterThan(0);
    expect(report.summary.nonFinite.infHead).toBeGreaterThan(0);
    expect(report.summary.added).toBe(1);
    expect(report.summary.removed).toBe(1);
    expect(report.summary.renamed).toBe(1);
    expect(report.summary.dtypeChanged).toBe(1);
    for (const [label, output] of rest) {
      expect(output === first?.[1], `${label} differs from ${first?.[0]}`).toBe(true);
    }
  });

  it("rejects an invalid unit size", () => {
    const run = runCliBundle([basePath, headPath], { [CHUNK_BYTES_ENV]: "0" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${CHUNK_BYTES_ENV}: "0" is not valid`);
  });
});
