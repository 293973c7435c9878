/**
 * Deterministic checkpoint pairs for the benchmark: a Qwen2-like layout scaled to a target size,
 * written tensor by tensor so that generating a 2 GiB pair needs only a few MiB of memory.
 *
 * Base values follow N(0, 0.02). The head adds N(0, 0.001) noise to 98% of the base values, which
 * after rounding changes about 94% of bf16 and 98% of f16 elements: the dense case that bounds the
 * kernel. Every
 * 4 Mi elements the pair also contains the special values whose rules the kernel must keep (equal
 * NaN, 1 against infinity, +0 against -0, infinity against itself, 1 against NaN, and 1 against
 * the next bf16 value), so the benchmark also runs the kernel's slow paths.
 */

import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { toBfloat16Bits } from "../../src/demo/bfloat16.js";

export type BenchDType = "BF16" | "F16" | "F32";

export const BYTES_PER_ELEMENT: Record<BenchDType, number> = { BF16: 2, F16: 2, F32: 4 };

export interface TensorShape {
  name: string;
  shape: number[];
}

export interface GeneratedPair {
  dtype: BenchDType;
  base: string;
  head: string;
  /** Bytes of one file, header included. */
  fileBytes: number;
  tensors: number;
  elements: number;
}

/** Hidden size, MLP width, key/value width and vocabulary of the Qwen2 family, smallest first. */
const LAYOUTS = [
  { hidden: 256, intermediate: 1024, keyValue: 64, vocab: 8192 },
  { hidden: 896, intermediate: 4864, keyValue: 128, vocab: 151_936 },
  { hidden: 1536, intermediate: 8960, keyValue: 256, vocab: 151_936 },
  { hidden: 2048, intermediate: 11_008, keyValue: 256, vocab: 151_936 },
];

/**
 * Returns the tensors of a Qwen2-like model whose weights take about `targetBytes` in `dtype`:
 * the largest layout whose embedding uses at most half the budget, with as many layers as fit.
 */
export function qwenLikeLayout(targetBytes: number, dtype: BenchDType): TensorShape[] {
  const targetElements = Math.floor(targetBytes / BYTES_PER_ELEMENT[dtype]);
  const fitting = LAYOUTS.filter((layout) => layout.vocab * layout.hidden * 2 <= targetElements);
  const layout = fitting.at(-1) ?? (LAYOUTS[0] as (typeof LAYOUTS)[number]);
  const { hidden, intermediate, keyValue, vocab } = layout;
  const perLayer =
    2 * hidden * hidden +
    2 * keyValue * hidden +
    3 * hidden * intermediate +
    3 * hidden +
    2 * keyValue;
  const layers = Math.max(1, Math.floor((targetElements - 2 * vocab * hidden) / perLayer));

  const tensors: TensorShape[] = [{ name: "model.embed_tokens.weight", shape: [vocab, hidden] }];
  for (let layer = 0; layer < layers; layer++) {
    const prefix = `model.layers.${layer}`;
    tensors.push(
      { name: `${prefix}.input_layernorm.weight`, shape: [hidden] },
      { name: `${prefix}.self_attn.q_proj.weight`, shape: [hidden, hidden] },
      { name: `${prefix}.self_attn.q_proj.bias`, shape: [hidden] },
      { name: `${prefix}.self_attn.k_proj.weight`, shape: [keyValue, hidden] },
      { name: `${prefix}.self_attn.k_proj.bias`, shape: [keyValue] },
      { name: `${prefix}.self_attn.v_proj.weight`, shape: [keyValue, hidden] },
      { name: `${prefix}.self_attn.v_proj.bias`, shape: [keyValue] },
      { name: `${prefix}.self_attn.o_proj.weight`, shape: [hidden, hidden] },
      { name: `${prefix}.post_attention_layernorm.weight`, shape: [hidden] },
      { name: `${prefix}.mlp.gate_proj.weight`, shape: [intermediate, hidden] },
      { name: `${prefix}.mlp.up_proj.weight`, shape: [intermediate, hidden] },
      { name: `${prefix}.mlp.down_proj.weight`, shape: [hidden, intermediate] },
    );
  }
  tensors.push(
    { name: "model.norm.weight", shape: [hidden] },
    { name: "lm_head.weight", shape: [vocab, hidden] },
  );
  return tensors;
}

/** Returns one matrix of 8192 columns that takes about `targetBytes` in `dtype`. */
export function singleTensorLayout(targetBytes: number, dtype: BenchDType): TensorShape[] {
  const columns = 8192;
  const rows = Math.max(1, Math.floor(targetBytes / BYTES_PER_ELEMENT[dtype] / columns));
  return [{ name: "model.embed_tokens.weight", shape: [rows, columns] }];
}

/** Shape of the mixture-of-experts layout: layers, experts per layer and hidden size. */
export const EXPERTS_LAYOUT = { layers: 26, experts: 128, hidden: 256, vocab: 8192 };

/**
 * Returns the tensors of a mixture-of-experts model of about 10,000 tensors that take about
 * `targetBytes` in `dtype`: per layer, attention, a router and 128 experts of three matrices, as
 * in Qwen3-MoE, with the experts' width set by the budget. At 512 MiB an expert matrix has
 * 50 KiB, so the per-tensor costs of a diff weigh as they do on real checkpoints of this
 * kind.
 */
export function expertsLayout(targetBytes: number, dtype: BenchDType): TensorShape[] {
  const { layers, experts, hidden, vocab } = EXPERTS_LAYOUT;
  const targetElements = Math.floor(targetBytes / BYTES_PER_ELEMENT[dtype]);
  const fixedPerLayer = 4 * hidden * hidden + experts * hidden + 2 * hidden;
  const fixed = layers * fixedPerLayer + 2 * vocab * hidden + hidden;
  const width = Math.max(1, Math.floor((targetElements - fixed) / (layers * experts * 3 * hidden)));

  const tensors: TensorShape[] = [{ name: "model.embed_tokens.weight", shape: [vocab, hidden] }];
  for (let layer = 0; layer < layers; layer++) {
    const prefix = `model.layers.${layer}`;
    tensors.push(
      { name: `${prefix}.input_layernorm.weight`, shape: [hidden] },
      { name: `${prefix}.self_attn.q_proj.weight`, shape: [hidden, hidden] },
      { name: `${prefix}.self_attn.k_proj.weight`, shape: [hidden, hidden] },
      { name: `${prefix}.self_attn.v_proj.weight`, shape: [hidden, hidden] },
      { name: `${prefix}.self_attn.o_proj.weight`, shape: [hidden, hidden] },
      { name: `${prefix}.post_attention_layernorm.weight`, shape: [hidden] },
      { name: `${prefix}.mlp.gate.weight`, shape: [experts, hidden] },
    );
    for (let expert = 0; expert < experts; expert++) {
      const expertPrefix = `${prefix}.mlp.experts.${expert}`;
      tensors.push(
        { name: `${expertPrefix}.gate_proj.weight`, shape: [width, hidden] },
        { name: `${expertPrefix}.up_proj.weight`, shape: [width, hidden] },
        { name: `${expertPrefix}.down_proj.weight`, shape: [hidden, width] },
      );
    }
  }
  tensors.push(
    { name: "model.norm.weight", shape: [hidden] },
    { name: "lm_head.weight", shape: [vocab, hidden] },
  );
  return tensors;
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** Builds the safetensors header, padded with spaces to a multiple of 8 bytes. */
function encodeHeader(tensors: readonly TensorShape[], dtype: BenchDType): Buffer {
  const header: Record<string, unknown> = { __metadata__: { format: "pt", generator: "bench" } };
  let offset = 0;
  for (const tensor of tensors) {
    const bytes = elementCount(tensor.shape) * BYTES_PER_ELEMENT[dtype];
    header[tensor.name] = { dtype, shape: tensor.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const padded = Buffer.alloc(Math.ceil(json.length / 8) * 8, 0x20);
  json.copy(padded);
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(padded.length));
  return Buffer.concat([prefix, padded]);
}

/**
 * Quantiles of the standard normal distribution at (k + 0.5) / 65536, so a 16-bit random index
 * gives a normal sample without a logarithm per element.
 */
function normalQuantiles(): Float64Array {
  const table = new Float64Array(65_536);
  for (let k = 0; k < table.length; k++) table[k] = inverseNormal((k + 0.5) / table.length);
  return table;
}

/** Acklam's rational approximation of the inverse normal CDF (relative error below 1.2e-9). */
export function inverseNormal(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155222095,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    );
  }
  if (p > 1 - low) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

const scratch = new DataView(new ArrayBuffer(4));

function float32Bits(value: number): number {
  scratch.setFloat32(0, value, true);
  return scratch.getUint32(0, true);
}

/** Rounds to IEEE half-precision bits, nearest even, with subnormals and overflow to infinity. */
function float16Bits(value: number): number {
  const bits = float32Bits(value);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Subnormal: a multiple of 2^-24, rounded to the nearest one with ties to even.
    const scaled = Math.abs(value) * 2 ** 24;
    const floor = Math.floor(scaled);
    const fraction = scaled - floor;
    const roundUp = fraction > 0.5 || (fraction === 0.5 && floor % 2 === 1);
    return sign | (floor + (roundUp ? 1 : 0));
  }
  const rounded = (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  const roundUp = remainder > 0x1000 || (remainder === 0x1000 && (rounded & 1) === 1);
  return sign | (rounded + (roundUp ? 1 : 0));
}

/** Special-value pairs written at the start of every 4 Mi-element stretch (base, head). */
const SPECIAL_PAIRS: readonly [number, number][] = [
  [Number.NaN, Number.NaN],
  [1, Number.POSITIVE_INFINITY],
  [0, -0],
  [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
  [1, Number.NaN],
  [1, 1.0078125],
];
export const SPECIAL_STRIDE = 4 * 2 ** 20;

function sizeOf(path: string): number | null {
  return existsSync(path) ? statSync(path).size : null;
}

/** Elements generated and written per step. */
const STEP_ELEMENTS = 2 ** 20;

/** xorshift32 with a fixed nonzero seed: fast, and the same sequence on every machine. */
class Xorshift32 {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
}

/** Layouts of a generated pair: the Qwen2-like model, one matrix, or the mixture of experts. */
export type PairLayout = "qwen" | "single" | "experts";

const LAYOUT_BUILDERS: Record<
  PairLayout,
  (targetBytes: number, dtype: BenchDType) => TensorShape[]
> = { qwen: qwenLikeLayout, single: singleTensorLayout, experts: expertsLayout };

/**
 * Writes the pair for `dtype` and `layout` under
 * `directory` unless files of the expected size exist already. A finished pair is renamed into
 * place, so a stopped run leaves no half file behind.
 */
export function generatePair(
  directory: string,
  targetBytes: number,
  dtype: BenchDType,
  seed: number,
  layout: PairLayout = "qwen",
): GeneratedPair {
  const tensors = LAYOUT_BUILDERS[layout](targetBytes, dtype);
  const header = encodeHeader(tensors, dtype);
  const elements = tensors.reduce((sum, tensor) => sum + elementCount(tensor.shape), 0);
  const fileBytes = header.length + elements * BYTES_PER_ELEMENT[dtype];
  const stem = `${dtype.toLowerCase()}-${layout === "qwen" ? "" : `${layout}-`}${targetBytes}-${seed}`;
  const base = join(directory, `${stem}-base.safetensors`);
  const head = join(directory, `${stem}-head.safetensors`);
  const pair = { dtype, base, head, fileBytes, tensors: tensors.length, elements };
  if (sizeOf(base) === fileBytes && sizeOf(head) === fileBytes) return pair;

  mkdirSync(directory, { recursive: true });
  const baseFd = openSync(`${base}.partial`, "w");
  const headFd = openSync(`${head}.partial`, "w");
  try {
    writeSync(baseFd, header);
    writeSync(headFd, header);
    const quantiles = normalQuantiles();
    const random = new Xorshift32(seed);
    const width = BYTES_PER_ELEMENT[dtype];
    const baseChunk = Buffer.alloc(STEP_ELEMENTS * width);
    const headChunk = Buffer.alloc(STEP_ELEMENTS * width);
    const encode =
      dtype === "F32"
        ? (target: Buffer, index: number, value: number) => target.writeFloatLE(value, index * 4)
        : (target: Buffer, index: number, value: number) =>
            target.writeUInt16LE(
              dtype === "BF16" ? toBfloat16Bits(value) : float16Bits(value),
              index * 2,
            );
    let position = 0;
    for (let remaining = elements; remaining > 0; ) {
      const count = Math.min(STEP_ELEMENTS, remaining);
      for (let i = 0; i < count; i++) {
        const bits = random.next();
        const special = SPECIAL_PAIRS[(position + i) % SPECIAL_STRIDE];
        let a: number;
        let b: number;
        if (special !== undefined) {
          [a, b] = special;
        } else {
          a = 0.02 * (quantiles[bits & 0xffff] as number);
          const noisy = (bits >>> 16) % 100 < 98;
          b = noisy ? a + 0.001 * (quantiles[random.next() & 0xffff] as number) : a;
        }
        encode(baseChunk, i, a);
        encode(headChunk, i, b);
      }
      writeSync(baseFd, baseChunk, 0, count * width);
      writeSync(headFd, headChunk, 0, count * width);
      position += count;
      remaining -= count;
    }
  } finally {
    closeSync(baseFd);
    closeSync(headFd);
  }
  renameSync(`${base}.partial`, base);
  renameSync(`${head}.partial`, head);
  return pair;
}
