import { mkdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { encodeSafetensors, type TensorToWrite } from "../format/writer.js";
import { quoteForMessage } from "../visible-text.js";
import { toBfloat16Bits } from "./bfloat16.js";
import { SeededRandom } from "./random.js";

/** Shape of the demo model: a Qwen2-style decoder, scaled down so the demo runs in seconds. */
export interface DemoShape {
  vocab: number;
  hidden: number;
  intermediate: number;
  layers: number;
  heads: number;
  kvHeads: number;
}

export const DEMO_SHAPE: DemoShape = {
  vocab: 8192,
  hidden: 256,
  intermediate: 704,
  layers: 6,
  heads: 4,
  kvHeads: 2,
};

/** Relative size of the head's dense update, ||head - base|| / ||base||, as in a typical SFT. */
export const DEMO_RELATIVE_CHANGE = 0.07;
/** Standard deviation of the base's weight matrices, typical of trained transformer weights. */
const WEIGHT_STD = 0.02;

interface TensorSpec {
  name: string;
  shape: number[];
  /** "matrix": N(0, std); "norm": near 1; "bias": small around 0. */
  init: "matrix" | "norm" | "bias";
}

/** Lists the tensors of a Qwen2-style model with tied embeddings (no lm_head, as Qwen2.5-0.5B). */
export function demoTensorSpecs(shape: DemoShape): TensorSpec[] {
  const headDim = shape.hidden / shape.heads;
  const kvWidth = headDim * shape.kvHeads;
  const specs: TensorSpec[] = [
    { name: "model.embed_tokens.weight", shape: [shape.vocab, shape.hidden], init: "matrix" },
  ];
  for (let layer = 0; layer < shape.layers; layer++) {
    const prefix = `model.layers.${layer}`;
    specs.push(
      { name: `${prefix}.input_layernorm.weight`, shape: [shape.hidden], init: "norm" },
      {
        name: `${prefix}.mlp.down_proj.weight`,
        shape: [shape.hidden, shape.intermediate],
        init: "matrix",
      },
      {
        name: `${prefix}.mlp.gate_proj.weight`,
        shape: [shape.intermediate, shape.hidden],
        init: "matrix",
      },
      {
        name: `${prefix}.mlp.up_proj.weight`,
        shape: [shape.intermediate, shape.hidden],
        init: "matrix",
      },
      { name: `${prefix}.post_attention_layernorm.weight`, shape: [shape.hidden], init: "norm" },
      { name: `${prefix}.self_attn.k_proj.bias`, shape: [kvWidth], init: "bias" },
      { name: `${prefix}.self_attn.k_proj.weight`, shape: [kvWidth, shape.hidden], init: "matrix" },
      {
        name: `${prefix}.self_attn.o_proj.weight`,
        shape: [shape.hidden, shape.hidden],
        init: "matrix",
      },
      { name: `${prefix}.self_attn.q_proj.bias`, shape: [shape.hidden], init: "bias" },
      {
        name: `${prefix}.self_attn.q_proj.weight`,
        shape: [shape.hidden, shape.hidden],
        init: "matrix",
      },
      { name: `${prefix}.self_attn.v_proj.bias`, shape: [kvWidth], init: "bias" },
      { name: `${prefix}.self_attn.v_proj.weight`, shape: [kvWidth, shape.hidden], init: "matrix" },
    );
  }
  specs.push({ name: "model.norm.weight", shape: [shape.hidden], init: "norm" });
  return specs;
}

function baseValue(init: TensorSpec["init"], random: SeededRandom): number {
  switch (init) {
    case "matrix":
      return WEIGHT_STD * random.gaussian();
    case "norm":
      return 1 + 0.05 * random.gaussian();
    case "bias":
      return 0.01 * random.gaussian();
  }
}

function toBfloat16Bytes(values: Float64Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++)
    view.setUint16(2 * i, toBfloat16Bits(values[i] as number), true);
  return bytes;
}

/**
 * Builds a base and a head made from it by a dense fine-tune: every element moves by Gaussian
 * noise scaled so that each tensor's relative change is about `relativeChange`, then both are
 * rounded to bfloat16. The same seed gives byte-identical files.
 */
export function generateDemoPair(
  shape: DemoShape = DEMO_SHAPE,
  seed = 20241204,
  relativeChange = DEMO_RELATIVE_CHANGE,
): { base: TensorToWrite[]; head: TensorToWrite[] } {
  const random = new SeededRandom(seed);
  const base: TensorToWrite[] = [];
  const head: TensorToWrite[] = [];
  for (const spec of demoTensorSpecs(shape)) {
    const count = spec.shape.reduce((product, size) => product * size, 1);
    const a = new Float64Array(count);
    for (let i = 0; i < count; i++) a[i] = baseValue(spec.init, random);
    const rms = Math.sqrt(a.reduce((sum, value) => sum + value * value, 0) / count);
    // Norm weights move far less than matrices in post-training.
    const scale = (spec.init === "norm" ? relativeChange / 10 : relativeChange) * rms;
    const b = new Float64Array(count);
    for (let i = 0; i < count; i++) b[i] = (a[i] as number) + scale * random.gaussian();
    base.push({ name: spec.name, dtype: "BF16", shape: spec.shape, data: toBfloat16Bytes(a) });
    head.push({ name: spec.name, dtype: "BF16", shape: spec.shape, data: toBfloat16Bytes(b) });
  }
  return { base, head };
}

/** Creates `folder` if it is missing; its parent must exist. */
async function ensureFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" && (await stat(folder)).isDirectory()) return;
    const reason = code === "EEXIST" ? "a file of that name exists" : (code ?? String(error));
    throw new InputError(
      `cannot create the demo folder ${quoteForMessage(folder)} (${reason}). Pass a folder path whose parent folder exists.`,
    );
  }
}

/** Writes the demo pair as `<dir>/base/model.safetensors` and `<dir>/head/model.safetensors`. */
export async function writeDemoPair(dir: string): Promise<{ base: string; head: string }> {
  const pair = generateDemoPair();
  const paths = { base: join(dir, "base"), head: join(dir, "head") };
  await ensureFolder(dir);
  for (const side of ["base", "head"] as const) {
    await ensureFolder(paths[side]);
    const bytes = encodeSafetensors(pair[side], { format: "pt" });
    const file = join(paths[side], "model.safetensors");
    try {
      await writeFile(file, bytes);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new InputError(`cannot write ${quoteForMessage(file)} (${code}).`);
    }
  }
  return paths;
}
