/**
 * Synthetic "trained-like" transformer weights for the classification benchmark: a seeded,
 * deterministic generator that uses only 32-bit integer operations, +, *, / and sqrt (all exactly
 * rounded), so every engine gives the same bits.
 */

/** Shape of a synthetic decoder (Qwen2-style tensor names). */
export interface ModelConfig {
  name: "tiny" | "qwen-ish";
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  intermediate: number;
  /** Rows of the embedding: vocabulary plus padding rows. */
  vocab: number;
  paddingRows: number;
  tied: boolean;
}

export const TINY: ModelConfig = {
  name: "tiny",
  hidden: 256,
  layers: 4,
  heads: 4,
  kvHeads: 2,
  headDim: 64,
  intermediate: 704,
  vocab: 2048,
  paddingRows: 64,
  tied: false,
};

export const QWEN_ISH: ModelConfig = {
  name: "qwen-ish",
  hidden: 896,
  layers: 2,
  heads: 14,
  kvHeads: 2,
  headDim: 64,
  intermediate: 4864,
  vocab: 8192,
  paddingRows: 0,
  tied: true,
};

/** One tensor's values (float32 precision) and shape. */
export interface SyntheticTensor {
  shape: number[];
  values: Float32Array;
}

/** Tensors by name, in insertion order. */
export type SyntheticModel = Map<string, SyntheticTensor>;

/** sfc32: a small counter-based generator with 32-bit state words. */
export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private counter = 1;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = seed >>> 0;
    this.c = (seed ^ 0x85ebca6b) >>> 0;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.counter) | 0;
    this.counter = (this.counter + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) + t;
    this.c |= 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Approximately standard normal: the Irwin-Hall sum of 12 uniforms (16 bits each) minus 6. */
  normal(): number {
    let sum = 0;
    for (let i = 0; i < 6; i++) {
      const word = this.nextUint32();
      sum += (word & 0xffff) / 65536 + (word >>> 16) / 65536;
    }
    return sum - 6;
  }

  /** Student t with 5 degrees of freedom: Z / sqrt(chi-squared(5) / 5). */
  studentT5(): number {
    let chi = 0;
    for (let i = 0; i < 5; i++) chi += this.normal() ** 2;
    return this.normal() / Math.sqrt(chi / 5);
  }
}

/** Returns a 32-bit seed from strings (FNV-1a). */
export function seedOf(...parts: string[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      hash ^= part.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    hash ^= 0xff;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Generator for one tensor and role, independent of the order in which tensors are made. */
export function rngFor(seed: string, tensor: string, role: string): Sfc32 {
  return new Sfc32(seedOf(seed, tensor, role));
}

export function layerPrefix(layer: number): string {
  return `model.layers.${layer}`;
}

/** Lists tensor names and shapes of a config, in a fixed order. */
export function tensorShapes(config: ModelConfig): [string, number[]][] {
  const d = config.hidden;
  const kv = config.kvHeads * config.headDim;
  const rows = config.vocab + config.paddingRows;
  const shapes: [string, number[]][] = [["model.embed_tokens.weight", [rows, d]]];
  for (let layer = 0; layer < config.layers; layer++) {
    const p = layerPrefix(layer);
    shapes.push(
      [`${p}.input_layernorm.weight`, [d]],
      [`${p}.self_attn.q_proj.weight`, [config.heads * config.headDim, d]],
      [`${p}.self_attn.q_proj.bias`, [config.heads * config.headDim]],
      [`${p}.self_attn.k_proj.weight`, [kv, d]],
      [`${p}.self_attn.k_proj.bias`, [kv]],
      [`${p}.self_attn.v_proj.weight`, [kv, d]],
      [`${p}.self_attn.v_proj.bias`, [kv]],
      [`${p}.self_attn.o_proj.weight`, [d, config.heads * config.headDim]],
      [`${p}.post_attention_layernorm.weight`, [d]],
      [`${p}.mlp.gate_proj.weight`, [config.intermediate, d]],
      [`${p}.mlp.up_proj.weight`, [config.intermediate, d]],
      [`${p}.mlp.down_proj.weight`, [d, config.intermediate]],
    );
  }
  shapes.push(["model.norm.weight", [d]]);
  if (!config.tied) shapes.push(["lm_head.weight", [rows, d]]);
  return shapes;
}

const WEIGHT_STD = 0.02;

/** Adds rank-1 terms u v^T carrying about `energyShare` of the matrix's energy. */
function addSpikes(
  values: Float32Array,
  rows: number,
  columns: number,
  rng: Sfc32,
  count: number,
  energyShare: number,
  decay: number,
): void {
  let energy = 0;
  for (let i = 0; i < values.length; i++) energy += (values[i] as number) ** 2;
  const spike = new Float64Array(values.length);
  let spikeEnergy = 0;
  const u = new Float64Array(rows);
  const v = new Float64Array(columns);
  for (let k = 1; k <= count; k++) {
    const scale = (k as number) ** -decay;
    for (let i = 0; i < rows; i++) u[i] = rng.normal();
    for (let j = 0; j < columns; j++) v[j] = rng.normal();
    for (let i = 0; i < rows; i++) {
      const ui = (u[i] as number) * scale;
      for (let j = 0; j < columns; j++)
        spike[i * columns + j] = (spike[i * columns + j] as number) + ui * (v[j] as number);
    }
  }
  for (let i = 0; i < spike.length; i++) spikeEnergy += (spike[i] as number) ** 2;
  const factor = Math.sqrt((energyShare * energy) / ((1 - energyShare) * spikeEnergy));
  for (let i = 0; i < values.length; i++)
    values[i] = (values[i] as number) + factor * (spike[i] as number);
}

/** Generates a trained-like base model from a seed. */
export function generateBase(config: ModelConfig, seed: string): SyntheticModel {
  const model: SyntheticModel = new Map();
  const layout = rngFor(seed, "layout", "outliers");
  const outlierColumns = [0, 1, 2].map(() => Math.floor(layout.uniform() * config.hidden));
  const rows = config.vocab + config.paddingRows;
  for (const [name, shape] of tensorShapes(config)) {
    const rng = rngFor(seed, name, "base");
    const numel = shape.reduce((product, size) => product * size, 1);
    const values = new Float32Array(numel);
    if (shape.length === 1) {
      const isNorm = name.includes("norm");
      for (let i = 0; i < numel; i++)
        values[i] = isNorm ? 1 + 0.1 * rng.normal() : 0.01 * rng.normal();
      if (isNorm)
        for (const column of outlierColumns) values[column] = 4 * (values[column] as number);
    } else {
      const [m, n] = shape as [number, number];
      let std = WEIGHT_STD;
      if (name.includes("o_proj") || name.includes("down_proj"))
        std /= Math.sqrt(2 * config.layers);
      for (let i = 0; i < numel; i++) {
        const sample = rng.uniform() < 0.1 ? rng.studentT5() : rng.normal();
        values[i] = std * sample;
      }
      if (name.includes("embed_tokens") || name.startsWith("lm_head")) {
        for (let row = 0; row < m; row++) {
          // Token frequency follows Zipf's law, and frequent tokens get larger embedding rows.
          const scale = row >= config.vocab ? 0.5 : 0.6 + 0.8 / Math.sqrt(1 + row / 50);
          for (let j = 0; j < n; j++) values[row * n + j] = scale * (values[row * n + j] as number);
        }
      } else {
        addSpikes(
          values,
          m,
          n,
          rng,
          8 + Math.floor(rng.uniform() * 8),
          0.1 + 0.1 * rng.uniform(),
          0.5,
        );
      }
      if (/(q_proj|k_proj|v_proj|gate_proj|up_proj)\.weight$/.test(name)) {
        for (let row = 0; row < m; row++) {
          for (const column of outlierColumns)
            values[row * n + column] = 8 * (values[row * n + column] as number);
        }
      }
    }
    model.set(name, { shape: [...shape], values });
  }
  if (rows === 0) throw new Error("Internal error: empty vocabulary.");
  return model;
}

/** Returns a deep copy of a model. */
export function cloneModel(model: SyntheticModel): SyntheticModel {
  const copy: SyntheticModel = new Map();
  for (const [name, tensor] of model)
    copy.set(name, { shape: [...tensor.shape], values: tensor.values.slice() });
  return copy;
}

const bf16Scratch = new Float32Array(1);
const bf16Words = new Uint32Array(bf16Scratch.buffer);

/** Rounds a float32 value to bfloat16 (nearest, ties to even). */
export function roundBf16(value: number): number {
  bf16Scratch[0] = value;
  const bits = bf16Words[0] as number;
  bf16Words[0] = (((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) << 16) >>> 0;
  return bf16Scratch[0] as number;
}

/** Rounds every value of a model to bfloat16 in place and returns it. */
export function roundModelBf16(model: SyntheticModel): SyntheticModel {
  for (const tensor of model.values()) {
    const values = tensor.values;
    for (let i = 0; i < values.length; i++) values[i] = roundBf16(values[i] as number);
  }
  return model;
}

export function normOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] as number) ** 2;
  return Math.sqrt(sum);
}
