/**
 * The benchmark's cases: how each head is made from the base, and the ground truth (the label a
 * careful reviewer would give, and the alternates they would accept). Hard cases are the ones a
 * classifier that reads magnitude alone gets wrong.
 */

import type { Label } from "../report/model.js";
import {
  cloneModel,
  generateBase,
  layerPrefix,
  type ModelConfig,
  normOf,
  rngFor,
  roundBf16,
  roundModelBf16,
  type SyntheticModel,
} from "./model.js";
import {
  denseDelta,
  denseUpdate,
  loraMerge,
  permutation,
  permuteColumns,
  permuteRows,
  prune24,
  pruneTensor,
  type QuantScheme,
  quantizeTensor,
  randomRotation,
  rotateColumns,
  rotateRows,
} from "./transforms.js";

export type StoredDtype = "BF16" | "F32" | "F16" | "BF16-truncated";

/** One side of a case as it is written to disk. */
export interface StoredModel {
  model: SyntheticModel;
  dtype: StoredDtype;
  /** New names for some tensors (old name to new name). */
  renames?: Map<string, string>;
  /** Shards to split the file into (1 by default), with tensors in reverse name order. */
  shards?: number;
}

export interface CaseSides {
  base: StoredModel;
  head: StoredModel;
}

export interface BenchmarkCase {
  id: string;
  family: string;
  hard: boolean;
  truth: Label;
  /** Labels a careful reviewer would accept, the truth first. */
  acceptable: Label[];
  /** The figures the head was made with (rho, rank, bits, group size, layers, density). */
  parameters: Record<string, unknown>;
  /** Whether the case is derived from the base (so it must never read as independent). */
  derived: boolean;
  /** Builds both sides from the shared base models. */
  build(bases: Bases): CaseSides;
}

/** The base models a configuration shares across its cases. */
export interface Bases {
  config: ModelConfig;
  /** Float32 values of the base. */
  fp32: SyntheticModel;
  /** The same values rounded to bfloat16: the usual base. */
  bf16: SyntheticModel;
}

export function makeBases(config: ModelConfig): Bases {
  const fp32 = generateBase(config, `${config.name}-base`);
  return { config, fp32, bf16: roundModelBf16(cloneModel(fp32)) };
}

/**
 * A deep, narrow decoder for the scale cases: 64 layers of 448 matrices in all, whatever the
 * configuration, so the second pass analyses a capped sample of the changed ones.
 */
const DEEP: ModelConfig = {
  name: "tiny",
  hidden: 128,
  layers: 64,
  heads: 2,
  kvHeads: 1,
  headDim: 64,
  intermediate: 352,
  vocab: 512,
  paddingRows: 0,
  tied: true,
};

let deepModel: SyntheticModel | undefined;

/** The bfloat16 base of the scale cases, generated once. */
function deepBase(): SyntheticModel {
  deepModel ??= roundModelBf16(generateBase(DEEP, "deep-base"));
  return deepModel;
}

const isLinear = (name: string) => /(proj)\.weight$/.test(name);
const bf16 = (model: SyntheticModel): StoredModel => ({ model, dtype: "BF16" });
const pair = (base: SyntheticModel, head: SyntheticModel): CaseSides => ({
  base: bf16(base),
  head: bf16(head),
});

function quantized(
  base: SyntheticModel,
  bits: number,
  groupSize: number | "row",
  scheme: QuantScheme,
  actOrder = false,
): SyntheticModel {
  const head = cloneModel(base);
  for (const [name, tensor] of head) {
    if (!isLinear(name)) continue;
    const order = actOrder
      ? permutation(tensor.shape[1] as number, rngFor("act-order", name, "order"))
      : undefined;
    quantizeTensor(tensor, bits, groupSize, scheme, order);
  }
  return head;
}

function withLayers(name: string, layers: readonly number[]): boolean {
  return layers.some((layer) => name.startsWith(`${layerPrefix(layer)}.`));
}

/** Grows the embedding (and an untied output head) by `rows` rows initialized by `init`. */
function growVocabulary(
  model: SyntheticModel,
  rows: number,
  init: "mean" | "mean-noise" | "zero",
  seed: string,
): void {
  for (const name of ["model.embed_tokens.weight", "lm_head.weight"]) {
    const tensor = model.get(name);
    if (!tensor) continue;
    const [m, n] = tensor.shape as [number, number];
    const mean = new Float64Array(n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++)
        mean[j] = (mean[j] as number) + (tensor.values[i * n + j] as number) / m;
    const grown = new Float32Array((m + rows) * n);
    grown.set(tensor.values);
    const rng = rngFor(seed, name, "vocab");
    for (let i = m; i < m + rows; i++) {
      for (let j = 0; j < n; j++) {
        let value = 0;
        if (init !== "zero") value = mean[j] as number;
        if (init === "mean-noise") value += rng.normal() / Math.sqrt(n) / 50;
        grown[i * n + j] = value;
      }
    }
    model.set(name, { shape: [m + rows, n], values: grown });
  }
}

function rounded(model: SyntheticModel): SyntheticModel {
  return roundModelBf16(model);
}

const layersOf = (config: ModelConfig) => Array.from({ length: config.layers }, (_, i) => i);

/** Every case of the benchmark, in family order. */
export const CASES: readonly BenchmarkCase[] = [
  // 1. identical
  {
    id: "identical",
    family: "identical",
    hard: false,
    truth: "identical",
    acceptable: ["identical"],
    parameters: {},
    derived: true,
    build: (b) => pair(b.bf16, b.bf16),
  },
  {
    id: "identical-renamed-resharded",
    family: "identical",
    hard: false,
    truth: "identical",
    acceptable: ["identical"],
    parameters: { renamed: 2, shards: 2 },
    derived: true,
    build: (b) => ({
      base: bf16(b.bf16),
      head: {
        model: b.bf16,
        dtype: "BF16",
        shards: 2,
        renames: new Map([
          ["model.norm.weight", "model.final_norm.weight"],
          [`${layerPrefix(0)}.mlp.up_proj.weight`, `${layerPrefix(0)}.mlp.w3.weight`],
        ]),
      },
    }),
  },
  // 2. casts
  ...(
    [
      ["cast-fp32-bf16-nearest", "F32", "BF16"],
      ["cast-fp32-bf16-truncated", "F32", "BF16-truncated"],
      ["cast-bf16-fp16", "BF16", "F16"],
      ["cast-bf16-fp32", "BF16", "F32"],
    ] as const
  ).map(
    ([id, from, to]): BenchmarkCase => ({
      id,
      family: "cast",
      hard: false,
      truth: "cast",
      acceptable: ["cast"],
      parameters: { from, to },
      derived: true,
      build: (b) => {
        const model = from === "F32" ? b.fp32 : b.bf16;
        return { base: { model, dtype: from }, head: { model, dtype: to } };
      },
    }),
  ),
  // 3. quantization
  ...(
    [
      ["int8-per-channel", 8, "row", "symmetric", false, false],
      ["int4-g128-symmetric", 4, 128, "symmetric", false, false],
      ["int4-g128-asymmetric", 4, 128, "asymmetric", false, false],
      ["int4-g32", 4, 32, "symmetric", false, false],
      ["int3-g128", 3, 128, "symmetric", false, false],
      ["nf4-b64", 4, 64, "nf4", false, false],
      ["int4-g128-act-order", 4, 128, "symmetric", true, true],
    ] as const
  ).map(
    ([id, bits, groupSize, scheme, actOrder, hard]): BenchmarkCase => ({
      id,
      family: "quantized",
      hard,
      truth: "quantized",
      acceptable: ["quantized"],
      parameters: { bits, groupSize, scheme, actOrder },
      derived: true,
      build: (b) => pair(b.bf16, rounded(quantized(b.bf16, bits, groupSize, scheme, actOrder))),
    }),
  ),
  // 4. LoRA
  {
    id: "lora-r8-qv",
    family: "lora",
    hard: false,
    truth: "lora_merge",
    acceptable: ["lora_merge"],
    parameters: { rank: 8, targets: ["q_proj", "v_proj"], gamma: 1e-2 },
    derived: true,
    build: (b) =>
      pair(
        b.bf16,
        rounded(loraMerge(b.bf16, 8, 1e-2, (n) => /(q_proj|v_proj)\.weight$/.test(n), "lora-r8")),
      ),
  },
  {
    id: "lora-r64-all-linear",
    family: "lora",
    hard: false,
    truth: "lora_merge",
    acceptable: ["lora_merge"],
    parameters: { rank: 64, targets: "all linear", gamma: 3e-3 },
    derived: true,
    build: (b) => pair(b.bf16, rounded(loraMerge(b.bf16, 64, 3e-3, isLinear, "lora-r64"))),
  },
  {
    id: "lora-r16-faint",
    family: "lora",
    hard: true,
    truth: "lora_merge",
    acceptable: ["lora_merge", "partial_finetune", "finetune"],
    parameters: { rank: 16, targets: ["q_proj", "v_proj"], gamma: 1e-3 },
    derived: true,
    build: (b) =>
      pair(
        b.bf16,
        rounded(loraMerge(b.bf16, 16, 1e-3, (n) => /(q_proj|v_proj)\.weight$/.test(n), "lora-r16")),
      ),
  },
  {
    id: "lora-r8-below-bf16",
    family: "lora",
    hard: true,
    truth: "partial_finetune",
    acceptable: ["partial_finetune", "lora_merge", "finetune"],
    parameters: { rank: 8, targets: ["q_proj", "v_proj"], gamma: 3e-4 },
    derived: true,
    build: (b) =>
      pair(
        b.bf16,
        rounded(loraMerge(b.bf16, 8, 3e-4, (n) => /(q_proj|v_proj)\.weight$/.test(n), "lora-tiny")),
      ),
  },
  {
    id: "lora-modules-to-save",
    family: "lora",
    hard: true,
    truth: "lora_merge",
    acceptable: ["lora_merge"],
    parameters: {
      rank: 16,
      targets: "all linear",
      gamma: 1e-2,
      modulesToSave: ["embed_tokens", "lm_head"],
    },
    derived: true,
    build: (b) => {
      const lora = loraMerge(b.bf16, 16, 1e-2, isLinear, "lora-save");
      const head = denseUpdate(lora, 0.02, "lora-save-dense", {
        only: (n) => n.includes("embed_tokens") || n.startsWith("lm_head"),
        embeddingRowShare: 1,
      });
      return pair(b.bf16, rounded(head));
    },
  },
  {
    id: "qlora-nf4-base",
    family: "lora",
    hard: true,
    truth: "lora_merge",
    acceptable: ["lora_merge", "quantized"],
    parameters: { rank: 16, gamma: 1e-2, base: "NF4 blocks of 64, dequantized" },
    derived: true,
    build: (b) => {
      const dequantized = quantized(b.bf16, 4, 64, "nf4");
      const head = loraMerge(dequantized, 16, 1e-2, isLinear, "qlora");
      return pair(b.bf16, rounded(head));
    },
  },
  {
    id: "dora-column-rescale",
    family: "lora",
    hard: true,
    truth: "lora_merge",
    acceptable: ["lora_merge", "finetune", "partial_finetune"],
    parameters: { rank: 8, gamma: 1e-2, columnScaleStd: 1e-3 },
    derived: true,
    build: (b) => {
      const head = loraMerge(b.bf16, 8, 1e-2, (n) => /(q_proj|v_proj)\.weight$/.test(n), "dora");
      for (const [name, tensor] of head) {
        if (!/(q_proj|v_proj)\.weight$/.test(name)) continue;
        const [m, n] = tensor.shape as [number, number];
        const rng = rngFor("dora", name, "scale");
        const scales = Array.from({ length: n }, () => 1 + 1e-3 * rng.normal());
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++)
            tensor.values[i * n + j] = (tensor.values[i * n + j] as number) * (scales[j] as number);
      }
      return pair(b.bf16, rounded(head));
    },
  },
  // 5. partial fine-tunes
  {
    id: "partial-top-2-layers",
    family: "partial",
    hard: true,
    truth: "partial_finetune",
    acceptable: ["partial_finetune"],
    parameters: { rho: 0.02, layers: "last 2" },
    derived: true,
    build: (b) => {
      const layers = layersOf(b.config).slice(-2);
      return pair(
        b.bf16,
        rounded(denseUpdate(b.bf16, 0.02, "top2", { only: (n) => withLayers(n, layers) })),
      );
    },
  },
  {
    id: "partial-attention-only",
    family: "partial",
    hard: false,
    truth: "partial_finetune",
    acceptable: ["partial_finetune"],
    parameters: { rho: 0.02, modules: "attention" },
    derived: true,
    build: (b) =>
      pair(
        b.bf16,
        rounded(denseUpdate(b.bf16, 0.02, "attn", { only: (n) => n.includes("self_attn") })),
      ),
  },
  {
    id: "partial-bitfit",
    family: "partial",
    hard: false,
    truth: "partial_finetune",
    acceptable: ["partial_finetune"],
    parameters: { rho: 0.05, modules: "norms and biases" },
    derived: true,
    build: (b) => {
      const head = cloneModel(b.bf16);
      for (const [name, tensor] of head) {
        if (tensor.shape.length !== 1) continue;
        const delta = denseDelta(tensor, 0.05, rngFor("bitfit", name, "delta"));
        for (let i = 0; i < delta.length; i++)
          tensor.values[i] = (tensor.values[i] as number) + (delta[i] as number);
      }
      return pair(b.bf16, rounded(head));
    },
  },
  {
    id: "partial-embeddings-only",
    family: "partial",
    hard: false,
    truth: "partial_finetune",
    acceptable: ["partial_finetune"],
    parameters: { rho: 0.02, modules: "embed_tokens and lm_head" },
    derived: true,
    build: (b) =>
      pair(
        b.bf16,
        rounded(
          denseUpdate(b.bf16, 0.02, "embed", {
            only: (n) => n.includes("embed_tokens") || n.startsWith("lm_head"),
            embeddingRowShare: 1,
          }),
        ),
      ),
  },
  {
    id: "partial-fp32-base-bf16-head",
    family: "partial",
    hard: true,
    truth: "partial_finetune",
    acceptable: ["partial_finetune"],
    parameters: { rho: 0.02, layers: "last 2", base: "F32", head: "BF16" },
    derived: true,
    build: (b) => {
      const layers = layersOf(b.config).slice(-2);
      const head = denseUpdate(b.fp32, 0.02, "fp32-top2", { only: (n) => withLayers(n, layers) });
      return { base: { model: b.fp32, dtype: "F32" }, head: { model: head, dtype: "BF16" } };
    },
  },
  // 6. dense post-training
  ...([1e-3, 3e-3, 0.01, 0.035, 0.07, 0.15] as const).map(
    (rho): BenchmarkCase => ({
      id: rho === 0.07 ? "sft-0.07-qwen-replica" : `sft-${rho}`,
      family: "finetune",
      hard: rho === 1e-3,
      truth: "finetune",
      acceptable: ["finetune"],
      parameters: { rho },
      derived: true,
      build: (b) =>
        pair(b.bf16, rounded(denseUpdate(b.bf16, rho, `sft-${rho}`, { embeddingRowShare: 1 }))),
    }),
  ),
  {
    id: "dpo-on-sft",
    family: "finetune",
    hard: true,
    truth: "finetune",
    acceptable: ["finetune"],
    parameters: { rho: 5e-4, comparedWith: "SFT head at rho 0.03" },
    derived: true,
    build: (b) => {
      const sft = rounded(denseUpdate(b.bf16, 0.03, "dpo-sft", { embeddingRowShare: 1 }));
      return pair(sft, rounded(denseUpdate(sft, 5e-4, "dpo", { embeddingRowShare: 1 })));
    },
  },
  {
    id: "weight-decay-shrink",
    family: "finetune",
    hard: true,
    truth: "finetune",
    acceptable: ["finetune"],
    parameters: { kappa: 0.998 },
    derived: true,
    build: (b) => {
      const head = cloneModel(b.bf16);
      for (const tensor of head.values()) {
        for (let i = 0; i < tensor.values.length; i++)
          tensor.values[i] = 0.998 * (tensor.values[i] as number);
      }
      return pair(b.bf16, rounded(head));
    },
  },
  // 7. continued pre-training
  {
    id: "cpt-0.3",
    family: "continued",
    hard: false,
    truth: "continued_pretraining",
    acceptable: ["continued_pretraining"],
    parameters: { rho: 0.3 },
    derived: true,
    build: (b) =>
      pair(b.bf16, rounded(denseUpdate(b.bf16, 0.3, "cpt-0.3", { embeddingRowShare: 1 }))),
  },
  {
    id: "cpt-0.9-shrink",
    family: "continued",
    hard: false,
    truth: "continued_pretraining",
    acceptable: ["continued_pretraining"],
    parameters: { rho: 0.9, shrink: 0.3, embeddings: "x2" },
    derived: true,
    build: (b) => {
      const head = denseUpdate(b.bf16, 0.75, "cpt-0.9", { embeddingRowShare: 1 });
      for (const [name, tensor] of head) {
        const base = b.bf16.get(name);
        if (!base || tensor.shape.length !== 2) continue;
        const factor = name.includes("embed_tokens") || name.startsWith("lm_head") ? 2 : 0.7;
        for (let i = 0; i < tensor.values.length; i++) {
          const a = base.values[i] as number;
          tensor.values[i] = factor * a + ((tensor.values[i] as number) - a);
        }
      }
      return pair(b.bf16, rounded(head));
    },
  },
  // 8. lineage
  {
    id: "independent-seed",
    family: "independent",
    hard: false,
    truth: "independent",
    acceptable: ["independent"],
    parameters: {},
    derived: false,
    build: (b) => pair(b.bf16, rounded(generateBase(b.config, `${b.config.name}-other`))),
  },
  {
    id: "distant-relative",
    family: "continued",
    hard: true,
    truth: "continued_pretraining",
    acceptable: ["continued_pretraining"],
    parameters: { baseWeight: 0.2, independentWeight: 0.98 },
    derived: true,
    build: (b) => {
      const other = generateBase(b.config, `${b.config.name}-distant`);
      const head = cloneModel(b.bf16);
      for (const [name, tensor] of head) {
        const fresh = other.get(name)?.values;
        if (!fresh) continue;
        for (let i = 0; i < tensor.values.length; i++) {
          tensor.values[i] = 0.2 * (tensor.values[i] as number) + 0.98 * (fresh[i] as number);
        }
      }
      return pair(b.bf16, rounded(head));
    },
  },
  {
    id: "permuted-mlp",
    family: "obfuscated",
    hard: true,
    truth: "derived_obfuscated",
    acceptable: ["derived_obfuscated"],
    parameters: { permuted: "MLP neurons", rho: 0.01 },
    derived: true,
    build: (b) => {
      const head = denseUpdate(b.bf16, 0.01, "perm-sft", { embeddingRowShare: 1 });
      for (const layer of layersOf(b.config)) {
        const p = layerPrefix(layer);
        const order = permutation(b.config.intermediate, rngFor("perm", p, "order"));
        permuteRows(head.get(`${p}.mlp.gate_proj.weight`) as never, order);
        permuteRows(head.get(`${p}.mlp.up_proj.weight`) as never, order);
        permuteColumns(head.get(`${p}.mlp.down_proj.weight`) as never, order);
      }
      return pair(b.bf16, rounded(head));
    },
  },
  {
    id: "rotated-residual",
    family: "obfuscated",
    hard: true,
    truth: "derived_obfuscated",
    acceptable: ["derived_obfuscated"],
    parameters: { rotation: "4 rounds of permuted pair rotations of the residual stream" },
    derived: true,
    build: (b) => {
      const head = cloneModel(b.bf16);
      const rotation = randomRotation(b.config.hidden, 4, rngFor("rotation", "residual", "q"));
      for (const [name, tensor] of head) {
        if (tensor.shape.length !== 2) continue;
        if (/(o_proj|down_proj)\.weight$/.test(name)) rotateColumns(tensor, rotation);
        else rotateRows(tensor, rotation);
      }
      return pair(b.bf16, rounded(head));
    },
  },
  {
    id: "independent-equal-norms",
    family: "independent",
    hard: true,
    truth: "independent",
    acceptable: ["independent"],
    parameters: { norms: "all ones on both sides" },
    derived: false,
    build: (b) => {
      const base = cloneModel(b.bf16);
      const head = rounded(generateBase(b.config, `${b.config.name}-norms`));
      for (const model of [base, head]) {
        for (const [name, tensor] of model) if (name.includes("norm")) tensor.values.fill(1);
      }
      return pair(base, head);
    },
  },
  // 9. pruning
  {
    id: "prune-magnitude-50",
    family: "pruned",
    hard: false,
    truth: "pruned",
    acceptable: ["pruned"],
    parameters: { sparsity: 0.5, criterion: "|w|" },
    derived: true,
    build: (b) => {
      const head = cloneModel(b.bf16);
      for (const [name, tensor] of head) {
        if (isLinear(name)) pruneTensor(tensor, 0.5, (i) => Math.abs(tensor.values[i] as number));
      }
      return pair(b.bf16, head);
    },
  },
  {
    id: "prune-wanda",
    family: "pruned",
    hard: true,
    truth: "pruned",
    acceptable: ["pruned"],
    parameters: { sparsity: 0.5, criterion: "|w| x input norm" },
    derived: true,
    build: (b) => {
      const head = cloneModel(b.bf16);
      for (const [name, tensor] of head) {
        if (!isLinear(name)) continue;
        const n = tensor.shape[1] as number;
        const rng = rngFor("wanda", name, "activations");
        const inputNorms = Array.from({ length: n }, () => Math.abs(1 + 0.5 * rng.normal()));
        const values = tensor.values.slice();
        pruneTensor(
          tensor,
          0.5,
          (i) => Math.abs(values[i] as number) * (inputNorms[i % n] as number),
        );
      }
      return pair(b.bf16, head);
    },
  },
  {
    id: "prune-2-4",
    family: "pruned",
    hard: false,
    truth: "pruned",
    acceptable: ["pruned"],
    parameters: { pattern: "2:4" },
    derived: true,
    build: (b) => {
      const head = cloneModel(b.bf16);
      for (const [name, tensor] of head) if (isLinear(name)) prune24(tensor);
      return pair(b.bf16, head);
    },
  },
  {
    id: "prune-sparsegpt",
    family: "pruned",
    hard: false,
    truth: "pruned",
    acceptable: ["pruned"],
    parameters: { sparsity: 0.5, survivorsRho: 0.01 },
    derived: true,
    build: (b) => {
      const head = denseUpdate(b.bf16, 0.01, "sparsegpt", { only: isLinear });
      for (const [name, tensor] of head) {
        if (!isLinear(name)) continue;
        const base = b.bf16.get(name)?.values as Float32Array;
        pruneTensor(tensor, 0.5, (i) => Math.abs(base[i] as number));
      }
      return pair(b.bf16, rounded(head));
    },
  },
  {
    id: "prune-ffn-structured",
    family: "pruned",
    hard: false,
    truth: "architecture_change",
    acceptable: ["architecture_change", "pruned"],
    parameters: { removedNeurons: 0.25 },
    derived: true,
    build: (b) => {
      const head = cloneModel(b.bf16);
      const keep = Math.floor(b.config.intermediate * 0.75);
      for (const layer of layersOf(b.config)) {
        const p = layerPrefix(layer);
        for (const part of ["gate_proj", "up_proj"]) {
          const tensor = head.get(`${p}.mlp.${part}.weight`) as {
            shape: number[];
            values: Float32Array;
          };
          const n = tensor.shape[1] as number;
          head.set(`${p}.mlp.${part}.weight`, {
            shape: [keep, n],
            values: tensor.values.slice(0, keep * n),
          });
        }
        const down = head.get(`${p}.mlp.down_proj.weight`) as {
          shape: number[];
          values: Float32Array;
        };
        const [m, n] = down.shape as [number, number];
        const values = new Float32Array(m * keep);
        for (let i = 0; i < m; i++) values.set(down.values.subarray(i * n, i * n + keep), i * keep);
        head.set(`${p}.mlp.down_proj.weight`, { shape: [m, keep], values });
      }
      return pair(b.bf16, head);
    },
  },
  // 10. vocabulary
  ...(["mean", "mean-noise", "zero"] as const).map(
    (init): BenchmarkCase => ({
      id: `vocab-grow-${init}`,
      family: "vocab",
      hard: false,
      truth: "finetune",
      acceptable: ["finetune"],
      parameters: { addedRows: 64, init, rho: 0.01 },
      derived: true,
      build: (b) => {
        const head = denseUpdate(b.bf16, 0.01, `vocab-${init}`, { embeddingRowShare: 1 });
        growVocabulary(head, 64, init, init);
        return pair(b.bf16, rounded(head));
      },
    }),
  ),
  {
    id: "padding-rows-only",
    family: "vocab",
    hard: true,
    truth: "partial_finetune",
    acceptable: ["partial_finetune"],
    parameters: { changedRows: "padding rows of the embedding" },
    derived: true,
    build: (b) => {
      const head = cloneModel(b.bf16);
      const tensor = head.get("model.embed_tokens.weight") as {
        shape: number[];
        values: Float32Array;
      };
      const [m, n] = tensor.shape as [number, number];
      const rng = rngFor("padding", "embed", "rows");
      const first = b.config.paddingRows > 0 ? b.config.vocab : m - 64;
      for (let i = first; i < m; i++)
        for (let j = 0; j < n; j++) tensor.values[i * n + j] = 0.02 * rng.normal();
      return pair(b.bf16, rounded(head));
    },
  },
  // 11. architecture and relayout
  {
    id: "score-head",
    family: "architecture",
    hard: false,
    truth: "architecture_change",
    acceptable: ["architecture_change"],
    parameters: { head: "score [1, d]" },
    derived: true,
    build: (b) => {
      const head = denseUpdate(b.bf16, 0.01, "score", { embeddingRowShare: 1 });
      head.delete("lm_head.weight");
      const rng = rngFor("score", "score", "init");
      head.set("score.weight", {
        shape: [1, b.config.hidden],
        values: Float32Array.from({ length: b.config.hidden }, () => 0.02 * rng.normal()),
      });
      return pair(b.bf16, rounded(head));
    },
  },
  {
    id: "conv1d-transpose",
    family: "architecture",
    hard: false,
    truth: "architecture_change",
    acceptable: ["architecture_change"],
    parameters: { layout: "[in, out]" },
    derived: true,
    build: (b) => {
      const head = cloneModel(b.bf16);
      for (const [name, tensor] of head) {
        if (!isLinear(name)) continue;
        const [m, n] = tensor.shape as [number, number];
        const values = new Float32Array(m * n);
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) values[j * m + i] = tensor.values[i * n + j] as number;
        head.set(name, { shape: [n, m], values });
      }
      return pair(b.bf16, head);
    },
  },
  {
    id: "fused-qkv",
    family: "architecture",
    hard: false,
    truth: "architecture_change",
    acceptable: ["architecture_change"],
    parameters: { fused: "q, k, v" },
    derived: true,
    build: (b) => {
      const head = cloneModel(b.bf16);
      for (const layer of layersOf(b.config)) {
        const p = `${layerPrefix(layer)}.self_attn`;
        const parts = ["q_proj", "k_proj", "v_proj"].map(
          (part) => head.get(`${p}.${part}.weight`) as { shape: number[]; values: Float32Array },
        );
        const rows = parts.reduce((sum, part) => sum + (part.shape[0] as number), 0);
        const values = new Float32Array(rows * b.config.hidden);
        let offset = 0;
        for (const part of parts) {
          values.set(part.values, offset);
          offset += part.values.length;
        }
        for (const part of ["q_proj", "k_proj", "v_proj"]) head.delete(`${p}.${part}.weight`);
        head.set(`${p}.qkv_proj.weight`, { shape: [rows, b.config.hidden], values });
      }
      return pair(b.bf16, head);
    },
  },
  {
    id: "rotary-row-permutation",
    family: "architecture",
    hard: true,
    truth: "derived_obfuscated",
    acceptable: ["derived_obfuscated", "architecture_change"],
    parameters: { permuted: "q and k rows within each head (HF rotary layout)" },
    derived: true,
    build: (b) => {
      const head = cloneModel(b.bf16);
      const dim = b.config.headDim;
      for (const layer of layersOf(b.config)) {
        for (const part of ["q_proj", "k_proj"]) {
          const tensor = head.get(`${layerPrefix(layer)}.self_attn.${part}.weight`) as {
            shape: number[];
            values: Float32Array;
          };
          const rows = tensor.shape[0] as number;
          const order = new Int32Array(rows);
          for (let i = 0; i < rows; i++) {
            const headIndex = Math.floor(i / dim);
            const within = i % dim;
            // Interleaved pairs (0, 1), (2, 3) ... become halves (0, dim/2), (1, dim/2 + 1) ...
            const source = within < dim / 2 ? 2 * within : 2 * (within - dim / 2) + 1;
            order[i] = headIndex * dim + source;
          }
          permuteRows(tensor, order);
        }
      }
      return pair(b.bf16, head);
    },
  },
  {
    id: "depth-upscaling",
    family: "architecture",
    hard: true,
    truth: "architecture_change",
    acceptable: ["architecture_change"],
    parameters: { layers: "0..n-2 then 1..n-1 (0, 0, 1 for two layers)" },
    derived: true,
    build: (b) => {
      const head: SyntheticModel = new Map();
      const count = b.config.layers;
      // Layers 0..n-2 then 1..n-1 (n = 4 gives 0, 1, 2, 1, 2, 3); two layers give 0, 0, 1.
      const plan =
        count > 2
          ? [
              ...Array.from({ length: count - 1 }, (_, i) => i),
              ...Array.from({ length: count - 1 }, (_, i) => i + 1),
            ]
          : [0, ...Array.from({ length: count }, (_, i) => i)];
      for (const [name, tensor] of b.bf16) {
        if (!name.startsWith("model.layers.")) head.set(name, tensor);
      }
      plan.forEach((source, target) => {
        for (const [name, tensor] of b.bf16) {
          const prefix = `${layerPrefix(source)}.`;
          if (name.startsWith(prefix))
            head.set(`${layerPrefix(target)}.${name.slice(prefix.length)}`, tensor);
        }
      });
      return pair(b.bf16, head);
    },
  },
  {
    id: "moe-upcycle",
    family: "architecture",
    hard: false,
    truth: "architecture_change",
    acceptable: ["architecture_change"],
    parameters: { experts: 4 },
    derived: true,
    build: (b) => {
      const head = cloneModel(b.bf16);
      for (const layer of layersOf(b.config)) {
        const p = `${layerPrefix(layer)}.mlp`;
        for (const part of ["gate_proj", "up_proj", "down_proj"]) {
          const tensor = head.get(`${p}.${part}.weight`) as {
            shape: number[];
            values: Float32Array;
          };
          head.delete(`${p}.${part}.weight`);
          for (let expert = 0; expert < 4; expert++) {
            const rng = rngFor("moe", `${p}.${expert}.${part}`, "noise");
            const values = tensor.values.map((v) => roundBf16(v + 1e-4 * rng.normal()));
            head.set(`${p}.experts.${expert}.${part}.weight`, { shape: [...tensor.shape], values });
          }
        }
      }
      return pair(b.bf16, head);
    },
  },
  // 12. merges
  {
    id: "dare-p0.9",
    family: "merge",
    hard: false,
    truth: "merge",
    acceptable: ["merge"],
    parameters: { dropRate: 0.9, rescale: 10, rho: 0.03 },
    derived: true,
    build: (b) => {
      const sft = denseUpdate(b.bf16, 0.03, "dare-sft", { embeddingRowShare: 1 });
      const head = cloneModel(b.bf16);
      for (const [name, tensor] of head) {
        const tuned = sft.get(name)?.values as Float32Array;
        const rng = rngFor("dare", name, "mask");
        for (let i = 0; i < tensor.values.length; i++) {
          if (rng.uniform() < 0.1)
            tensor.values[i] =
              (tensor.values[i] as number) +
              10 * ((tuned[i] as number) - (tensor.values[i] as number));
        }
      }
      return pair(b.bf16, rounded(head));
    },
  },
  {
    id: "ties-top-20",
    family: "merge",
    hard: false,
    truth: "merge",
    acceptable: ["merge"],
    parameters: { keep: 0.2, rho: 0.03 },
    derived: true,
    build: (b) => {
      const sft = denseUpdate(b.bf16, 0.03, "ties-sft", { embeddingRowShare: 1 });
      const head = cloneModel(b.bf16);
      for (const [name, tensor] of head) {
        const tuned = sft.get(name)?.values as Float32Array;
        const deltas = Array.from(tensor.values, (v, i) => Math.abs((tuned[i] as number) - v));
        const cut = [...deltas].sort((x, y) => y - x)[Math.floor(0.2 * deltas.length)] ?? 0;
        for (let i = 0; i < tensor.values.length; i++) {
          if ((deltas[i] as number) > cut) tensor.values[i] = tuned[i] as number;
        }
      }
      return pair(b.bf16, rounded(head));
    },
  },
  {
    id: "linear-average-siblings",
    family: "merge",
    hard: true,
    truth: "finetune",
    acceptable: ["finetune", "merge"],
    parameters: { rho: [0.03, 0.03], weights: [0.5, 0.5] },
    derived: true,
    build: (b) => {
      const one = denseUpdate(b.bf16, 0.03, "sibling-1", { embeddingRowShare: 1 });
      const two = denseUpdate(b.bf16, 0.03, "sibling-2", { embeddingRowShare: 1 });
      for (const [name, tensor] of one) {
        const other = two.get(name)?.values as Float32Array;
        for (let i = 0; i < tensor.values.length; i++)
          tensor.values[i] = 0.5 * ((tensor.values[i] as number) + (other[i] as number));
      }
      return pair(b.bf16, rounded(one));
    },
  },
  // 13. mixtures
  {
    id: "cast-plus-sft",
    family: "mixture",
    hard: true,
    truth: "finetune",
    acceptable: ["finetune"],
    parameters: { base: "F32", head: "BF16", rho: 0.01 },
    derived: true,
    build: (b) => ({
      base: { model: b.fp32, dtype: "F32" },
      head: {
        model: denseUpdate(b.fp32, 0.01, "cast-sft", { embeddingRowShare: 1 }),
        dtype: "BF16",
      },
    }),
  },
  {
    id: "quantized-sft-head",
    family: "mixture",
    hard: true,
    truth: "quantized",
    acceptable: ["quantized", "finetune"],
    parameters: { rho: 0.02, bits: 4, groupSize: 128 },
    derived: true,
    build: (b) =>
      pair(
        b.bf16,
        rounded(
          quantized(
            denseUpdate(b.bf16, 0.02, "q-sft", { embeddingRowShare: 1 }),
            4,
            128,
            "symmetric",
          ),
        ),
      ),
  },
  {
    id: "vocab-plus-lora",
    family: "mixture",
    hard: true,
    truth: "lora_merge",
    acceptable: ["lora_merge"],
    parameters: { addedRows: 64, rank: 8, gamma: 1e-2 },
    derived: true,
    build: (b) => {
      const head = loraMerge(
        b.bf16,
        8,
        1e-2,
        (n) => /(q_proj|v_proj)\.weight$/.test(n),
        "vocab-lora",
      );
      growVocabulary(head, 64, "mean", "vocab-lora");
      return pair(b.bf16, rounded(head));
    },
  },
  // 14. scale: many small matrices, so the second pass analyses a sample of them
  {
    id: "many-matrices-lora-qv",
    family: "scale",
    hard: false,
    truth: "lora_merge",
    acceptable: ["lora_merge"],
    parameters: { rank: 8, targets: ["q_proj", "v_proj"], gamma: 1e-2, layers: DEEP.layers },
    derived: true,
    build: () => {
      const base = deepBase();
      return pair(
        base,
        rounded(loraMerge(base, 8, 1e-2, (n) => /(q_proj|v_proj)\.weight$/.test(n), "deep-r8")),
      );
    },
  },
  {
    id: "many-matrices-partial-top-layers",
    family: "scale",
    hard: false,
    truth: "partial_finetune",
    acceptable: ["partial_finetune"],
    parameters: { rho: 0.02, layers: [DEEP.layers - 2, DEEP.layers - 1] },
    derived: true,
    build: () => {
      const base = deepBase();
      const top = [DEEP.layers - 2, DEEP.layers - 1].map((layer) => `${layerPrefix(layer)}.`);
      return pair(
        base,
        rounded(
          denseUpdate(base, 0.02, "deep-top", {
            only: (name) => top.some((prefix) => name.startsWith(prefix)),
          }),
        ),
      );
    },
  },
];

/** Relative change of a model pair over matrices, as the ground truth's figure. */
export function trueRelativeChange(base: SyntheticModel, head: SyntheticModel): number | null {
  let delta = 0;
  let norm = 0;
  for (const [name, tensor] of base) {
    const other = head.get(name);
    if (!other || tensor.shape.length !== 2 || other.values.length !== tensor.values.length)
      continue;
    for (let i = 0; i < tensor.values.length; i++)
      delta += ((other.values[i] as number) - (tensor.values[i] as number)) ** 2;
    norm += normOf(tensor.values) ** 2;
  }
  return norm === 0 ? null : Math.sqrt(delta / norm);
}
