import type { ModuleKind } from "../report/model.js";

/**
 * Grouping of tensors by transformer layer and by module kind, read from the tensor names that
 * common Hugging Face, PEFT, diffusers, kohya, MLX and candle checkpoints use.
 *
 * Names are only a convention: a tensor whose name matches no rule goes to layer null and module
 * kind "other" rather than to a guessed group.
 */

/** Position of a tensor in the repeated blocks of a network. */
export interface LayerLocation {
  /**
   * Block stack of the layer, such as "encoder" or "decoder" in T5, or "down_blocks" in a
   * diffusers UNet. Null for models with one unnamed stack (Llama's `model.layers`).
   */
  stack: string | null;
  index: number;
}

/** Prefix that PEFT adds to every name of the model it wraps. */
const PEFT_PREFIX = "base_model.model.";

/** Leading components that wrap a whole model and carry no position of a tensor. */
const WRAPPER_COMPONENTS = new Set([
  "model",
  "transformer",
  "gpt_neox",
  "bert",
  "roberta",
  "vit",
  "language_model",
  "module",
  "_orig_mod",
]);

/** Names of the list that holds the repeated blocks; they do not tell stacks apart. */
const GENERIC_CONTAINERS = new Set(["layers", "layer", "h", "block", "blocks"]);

/** kohya names join components with underscores: `lora_unet_down_blocks_0_attentions_0_proj_in`. */
const KOHYA_NAME = /^lora_(unet|te\d*)_([^.]*)/;
const KOHYA_UNET_BLOCK =
  /(?:^|_)(down_blocks|up_blocks|input_blocks|output_blocks|middle_block)_(\d+)(?:_|$)/;
const KOHYA_TEXT_LAYER = /(?:^|_)layers_(\d+)(?:_|$)/;

const DECIMAL = /^\d+$/;

/** A component that carries its own index after a hyphen, as candle names do: `block-0`. */
const HYPHEN_INDEXED = /^([A-Za-z]\w*)-(\d+)$/;

function stripPeftPrefix(name: string): string {
  return name.startsWith(PEFT_PREFIX) ? name.slice(PEFT_PREFIX.length) : name;
}

function parseIndex(text: string): number | null {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

function kohyaTextEncoderStack(part: string): string {
  const digits = part.slice("te".length);
  return digits === "" ? "text_encoder" : `text_encoder_${digits}`;
}

function kohyaLayerLocation(name: string): LayerLocation | null | undefined {
  const match = KOHYA_NAME.exec(name);
  if (match === null) return undefined;
  const [, part = "", body = ""] = match;
  if (part === "unet") {
    const block = KOHYA_UNET_BLOCK.exec(body);
    if (block === null) return null;
    const index = parseIndex(block[2] ?? "");
    return index === null ? null : { stack: block[1] ?? null, index };
  }
  const layer = KOHYA_TEXT_LAYER.exec(body);
  if (layer === null) return null;
  const index = parseIndex(layer[1] ?? "");
  return index === null ? null : { stack: kohyaTextEncoderStack(part), index };
}

/**
 * Returns the layer a tensor belongs to: the first dotted component that is a decimal number and
 * follows another component, or else the first component with a hyphenated index (`block-0`).
 * The components before it, less model wrappers (`model`,
 * `transformer`, ...) and generic list names (`layers`, `h`, `block`, ...), name the stack, so
 * `encoder.block.3` and `decoder.block.3` stay apart. Returns null for tensors outside layers.
 */
export function layerLocationOf(name: string): LayerLocation | null {
  const kohya = kohyaLayerLocation(name);
  if (kohya !== undefined) return kohya;

  const components = stripPeftPrefix(name).split(".");
  let prefix: string[];
  let index: number | null;
  const position = components.findIndex((part, i) => i > 0 && DECIMAL.test(part));
  if (position >= 0) {
    prefix = components.slice(0, position);
    index = parseIndex(components[position] ?? "");
  } else {
    const hyphenPosition = components.findIndex((part) => HYPHEN_INDEXED.test(part));
    const match = HYPHEN_INDEXED.exec(components[hyphenPosition] ?? "");
    if (match === null) return null;
    prefix = [...components.slice(0, hyphenPosition), match[1] ?? ""];
    index = parseIndex(match[2] ?? "");
  }
  if (index === null) return null;

  while (prefix.length > 0 && WRAPPER_COMPONENTS.has(prefix[0] ?? "")) prefix.shift();
  if (prefix.length > 0 && GENERIC_CONTAINERS.has(prefix[prefix.length - 1] ?? "")) prefix.pop();
  return { stack: prefix.length > 0 ? prefix.join(".") : null, index };
}

/** Returns the layer index of a tensor, or null for tensors outside the repeated blocks. */
export function layerIndexOf(name: string): number | null {
  return layerLocationOf(name)?.index ?? null;
}

/** Returns the group key of a layer: `"3"`, or `"encoder.3"` when the layer has a stack. */
export function layerKeyOf(location: LayerLocation): string {
  return location.stack === null ? String(location.index) : `${location.stack}.${location.index}`;
}

/** Position of a stack in the depth of a network: input side first, output side last. */
function stackRank(stack: string | null): number {
  if (stack === null) return 0;
  if (/(^|[._])(encoder|down|input)/.test(stack)) return 1;
  if (/(^|[._])(mid|middle)/.test(stack)) return 2;
  if (/(^|[._])(decoder|up|output)/.test(stack)) return 3;
  return 4;
}

/**
 * Compares layers by depth. The unnamed stack comes first, then encoder-side stacks (encoder, down
 * and input blocks), middle blocks, decoder-side stacks (decoder, up and output blocks), and any
 * other stack by name. Within a stack, layers go by index.
 */
export function compareLayerLocations(a: LayerLocation, b: LayerLocation): number {
  const rank = stackRank(a.stack) - stackRank(b.stack);
  if (rank !== 0) return rank;
  const stackA = a.stack ?? "";
  const stackB = b.stack ?? "";
  if (stackA !== stackB) return stackA < stackB ? -1 : 1;
  return a.index - b.index;
}

/* Module kinds. A dotted name is read from its last component backwards, and the first
 * component with a known meaning decides, so `attention.output.dense` is attention while
 * `mlp.c_proj` is MLP. Norms are checked first on every component: a norm inside an attention
 * block (Qwen3's `self_attn.q_norm`) is a norm. */

const NORM_COMPONENT = /norm|^ln(_|\d|$)/i;

const ATTENTION_COMPONENTS = new Set([
  "self_attn",
  "attn",
  "attention",
  "self_attention",
  "SelfAttention",
  "EncDecAttention",
  "crossattention",
  "cross_attn",
  "encoder_attn",
  "attentions",
  "attn1",
  "attn2",
  "q_proj",
  "k_proj",
  "v_proj",
  "o_proj",
  "qkv_proj",
  "c_attn",
  "query_key_value",
  "query",
  "key",
  "value",
  "wq",
  "wk",
  "wv",
]);

const MLP_COMPONENTS = new Set([
  "mlp",
  "DenseReluDense",
  "intermediate",
  "feed_forward",
  "ffn",
  "ff",
  "block_sparse_moe",
  "experts",
  "gate_proj",
  "up_proj",
  "down_proj",
  "gate_up_proj",
  "c_fc",
  "dense_h_to_4h",
  "dense_4h_to_h",
  "fc1",
  "fc2",
  "w1",
  "w2",
  "w3",
  "wi",
  "wi_0",
  "wi_1",
]);

const EMBEDDING_COMPONENTS = new Set([
  "embed_tokens",
  "tok_embeddings",
  "wte",
  "wpe",
  "embed_in",
  "embeddings",
  "word_embeddings",
  "position_embeddings",
  "token_type_embeddings",
  "patch_embeddings",
  "patch_embed",
  "pos_embed",
  "cls_token",
  "time_embedding",
]);

/** Other embedding names: `patch_embedding`, `pos_embedding`, `embed_positions`, `token_embedding`. */
const EMBEDDING_PATTERN = /embed/i;

const OUTPUT_HEAD_COMPONENTS = new Set(["lm_head", "embed_out"]);

/**
 * First components that mean something only at the top of a name: T5's `shared` embedding,
 * classification heads, BERT's `cls` pretraining heads, and Meta's Llama `output` projection.
 */
const TOP_LEVEL_KINDS: ReadonlyMap<string, ModuleKind> = new Map<string, ModuleKind>([
  ["shared", "embedding"],
  ["score", "output_head"],
  ["classifier", "output_head"],
  ["cls", "output_head"],
  ["output", "output_head"],
]);

function kindOfComponent(components: readonly string[], position: number): ModuleKind | null {
  const part = components[position] ?? "";
  if (OUTPUT_HEAD_COMPONENTS.has(part)) return "output_head";
  if (EMBEDDING_COMPONENTS.has(part) || EMBEDDING_PATTERN.test(part)) return "embedding";
  if (ATTENTION_COMPONENTS.has(part)) return "attention";
  if (MLP_COMPONENTS.has(part)) return "mlp";
  // BERT and ViT: `layer.N.output.dense` is the MLP's second projection, while
  // `attention.output.dense` belongs to attention and is decided by the component before it.
  if (part === "output" && position > 0 && DECIMAL.test(components[position - 1] ?? "")) {
    return "mlp";
  }
  return null;
}

function kohyaModuleKind(body: string): ModuleKind {
  const tokens = body.split("_");
  if (tokens.some((token) => NORM_COMPONENT.test(token))) return "norm";
  // The feed-forward sits inside a diffusers `attentions_N` block, so it is checked first.
  if (tokens.includes("ff") || tokens.includes("mlp")) return "mlp";
  if (tokens.some((token) => /^(attn\d*|attentions|proj)$/.test(token))) return "attention";
  return "other";
}

/** Module name of a tensor: the last name part before "weight" or "bias" (q_proj, up_proj). */
export function moduleNameOf(name: string): string {
  const parts = name.split(/[./]/).filter((part) => part !== "weight" && part !== "bias");
  return parts[parts.length - 1] ?? name;
}

/** Returns the module kind of a tensor from its name; "other" when no rule matches. */
export function moduleKindOf(name: string): ModuleKind {
  const kohya = KOHYA_NAME.exec(name);
  if (kohya !== null) return kohyaModuleKind(kohya[2] ?? "");

  const components = stripPeftPrefix(name).split(".");
  if (components.some((part) => NORM_COMPONENT.test(part))) return "norm";

  for (let position = components.length - 1; position >= 0; position--) {
    const kind = kindOfComponent(components, position);
    if (kind !== null) return kind;
  }

  let first = 0;
  while (first < components.length - 1 && WRAPPER_COMPONENTS.has(components[first] ?? "")) {
    first++;
  }
  return TOP_LEVEL_KINDS.get(components[first] ?? "") ?? "other";
}
