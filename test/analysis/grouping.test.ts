import { describe, expect, it } from "vitest";
import {
  compareLayerLocations,
  layerIndexOf,
  layerKeyOf,
  layerLocationOf,
  moduleKindOf,
} from "../../src/analysis/grouping.js";
import type { ModuleKind } from "../../src/report/model.js";

/** name, expected layer index, expected stack, expected module kind */
type Case = [string, number | null, string | null, ModuleKind];

const cases: Record<string, Case[]> = {
  llama: [
    ["model.layers.0.self_attn.q_proj.weight", 0, null, "attention"],
    ["model.layers.12.self_attn.o_proj.weight", 12, null, "attention"],
    ["model.layers.3.mlp.gate_proj.weight", 3, null, "mlp"],
    ["model.layers.3.mlp.up_proj.weight", 3, null, "mlp"],
    ["model.layers.3.mlp.down_proj.weight", 3, null, "mlp"],
    ["model.layers.3.input_layernorm.weight", 3, null, "norm"],
    ["model.layers.3.post_attention_layernorm.weight", 3, null, "norm"],
    ["model.layers.3.self_attn.q_norm.weight", 3, null, "norm"],
    ["model.norm.weight", null, null, "norm"],
    ["model.embed_tokens.weight", null, null, "embedding"],
    ["lm_head.weight", null, null, "output_head"],
    ["score.weight", null, null, "output_head"],
  ],
  gemma: [["model.layers.5.pre_feedforward_layernorm.weight", 5, null, "norm"]],
  phi3: [
    ["model.layers.1.self_attn.qkv_proj.weight", 1, null, "attention"],
    ["model.layers.1.mlp.gate_up_proj.weight", 1, null, "mlp"],
  ],
  mixtral: [["model.layers.2.block_sparse_moe.experts.7.w1.weight", 2, null, "mlp"]],
  gpt2: [
    ["transformer.h.4.attn.c_attn.weight", 4, null, "attention"],
    ["transformer.h.4.attn.c_proj.weight", 4, null, "attention"],
    ["transformer.h.4.mlp.c_fc.weight", 4, null, "mlp"],
    ["transformer.h.4.mlp.c_proj.bias", 4, null, "mlp"],
    ["transformer.h.4.ln_1.weight", 4, null, "norm"],
    ["transformer.h.4.ln_2.bias", 4, null, "norm"],
    ["transformer.ln_f.weight", null, null, "norm"],
    ["transformer.wte.weight", null, null, "embedding"],
    ["transformer.wpe.weight", null, null, "embedding"],
  ],
  gptNeoX: [
    ["gpt_neox.layers.7.attention.query_key_value.weight", 7, null, "attention"],
    ["gpt_neox.layers.7.attention.dense.weight", 7, null, "attention"],
    ["gpt_neox.layers.7.mlp.dense_h_to_4h.weight", 7, null, "mlp"],
    ["gpt_neox.layers.7.mlp.dense_4h_to_h.weight", 7, null, "mlp"],
    ["gpt_neox.embed_in.weight", null, null, "embedding"],
    ["gpt_neox.final_layer_norm.weight", null, null, "norm"],
    ["embed_out.weight", null, null, "output_head"],
  ],
  falcon: [
    ["transformer.h.2.self_attention.query_key_value.weight", 2, null, "attention"],
    ["transformer.h.2.self_attention.dense.weight", 2, null, "attention"],
    ["transformer.h.2.mlp.dense_h_to_4h.weight", 2, null, "mlp"],
    ["transformer.h.2.ln_attn.weight", 2, null, "norm"],
    ["transformer.h.2.ln_mlp.bias", 2, null, "norm"],
    ["transformer.word_embeddings.weight", null, null, "embedding"],
  ],
  bert: [
    ["bert.encoder.layer.3.attention.self.query.weight", 3, "encoder", "attention"],
    ["bert.encoder.layer.3.attention.self.key.bias", 3, "encoder", "attention"],
    ["bert.encoder.layer.3.attention.output.dense.weight", 3, "encoder", "attention"],
    ["bert.encoder.layer.3.attention.output.LayerNorm.weight", 3, "encoder", "norm"],
    ["bert.encoder.layer.3.intermediate.dense.weight", 3, "encoder", "mlp"],
    ["bert.encoder.layer.3.output.dense.weight", 3, "encoder", "mlp"],
    ["bert.encoder.layer.3.output.LayerNorm.bias", 3, "encoder", "norm"],
    ["bert.embeddings.word_embeddings.weight", null, null, "embedding"],
    ["bert.embeddings.position_embeddings.weight", null, null, "embedding"],
    ["bert.embeddings.token_type_embeddings.weight", null, null, "embedding"],
    ["bert.embeddings.LayerNorm.weight", null, null, "norm"],
    ["bert.pooler.dense.weight", null, null, "other"],
    ["cls.predictions.decoder.weight", null, null, "output_head"],
    ["cls.predictions.bias", null, null, "output_head"],
    ["cls.predictions.transform.dense.weight", null, null, "output_head"],
    ["classifier.weight", null, null, "output_head"],
  ],
  t5: [
    ["encoder.block.3.layer.0.SelfAttention.q.weight", 3, "encoder", "attention"],
    [
      "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
      0,
      "encoder",
      "attention",
    ],
    ["encoder.block.3.layer.1.DenseReluDense.wi.weight", 3, "encoder", "mlp"],
    ["encoder.block.3.layer.1.DenseReluDense.wo.weight", 3, "encoder", "mlp"],
    ["encoder.block.3.layer.0.layer_norm.weight", 3, "encoder", "norm"],
    ["decoder.block.3.layer.1.EncDecAttention.k.weight", 3, "decoder", "attention"],
    ["decoder.block.3.layer.2.DenseReluDense.wi_0.weight", 3, "decoder", "mlp"],
    ["encoder.final_layer_norm.weight", null, null, "norm"],
    ["shared.weight", null, null, "embedding"],
    ["encoder.embed_tokens.weight", null, null, "embedding"],
  ],
  vit: [
    ["vit.encoder.layer.11.attention.attention.query.weight", 11, "encoder", "attention"],
    ["vit.encoder.layer.11.attention.output.dense.weight", 11, "encoder", "attention"],
    ["vit.encoder.layer.11.intermediate.dense.weight", 11, "encoder", "mlp"],
    ["vit.encoder.layer.11.output.dense.weight", 11, "encoder", "mlp"],
    ["vit.encoder.layer.11.layernorm_before.weight", 11, "encoder", "norm"],
    ["vit.encoder.layer.11.layernorm_after.bias", 11, "encoder", "norm"],
    ["vit.embeddings.patch_embeddings.projection.weight", null, null, "embedding"],
    ["vit.embeddings.cls_token", null, null, "embedding"],
    ["vit.embeddings.position_embeddings", null, null, "embedding"],
    ["vit.layernorm.weight", null, null, "norm"],
  ],
  peft: [
    ["base_model.model.transformer.h.9.attn.c_attn.lora_A.weight", 9, null, "attention"],
    ["base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight", 1, null, "attention"],
    ["base_model.model.lm_head.lora_A.weight", null, null, "output_head"],
  ],
  diffusers: [
    [
      "down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.weight",
      1,
      "down_blocks",
      "attention",
    ],
    [
      "down_blocks.1.attentions.0.transformer_blocks.0.ff.net.0.proj.weight",
      1,
      "down_blocks",
      "mlp",
    ],
    ["down_blocks.1.resnets.0.conv1.weight", 1, "down_blocks", "other"],
    ["up_blocks.1.attentions.2.norm.weight", 1, "up_blocks", "norm"],
  ],
  kohya: [
    [
      "lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight",
      0,
      "down_blocks",
      "attention",
    ],
    [
      "lora_unet_up_blocks_2_attentions_1_transformer_blocks_0_attn2_to_k.lora_up.weight",
      2,
      "up_blocks",
      "attention",
    ],
    [
      "lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_ff_net_0_proj.alpha",
      1,
      "down_blocks",
      "mlp",
    ],
    [
      "lora_te_text_model_encoder_layers_4_self_attn_q_proj.lora_down.weight",
      4,
      "text_encoder",
      "attention",
    ],
    ["lora_te2_text_model_encoder_layers_4_mlp_fc1.alpha", 4, "text_encoder_2", "mlp"],
    ["lora_unet_mid_block_attentions_0_proj_out.lora_up.weight", null, null, "attention"],
  ],
  mlxAndCandle: [
    ["layers.6.attention.wq.weight", 6, null, "attention"],
    ["layers.6.feed_forward.w2.weight", 6, null, "mlp"],
    ["layers.6.attention_norm.weight", 6, null, "norm"],
    ["tok_embeddings.weight", null, null, "embedding"],
    ["output.weight", null, null, "output_head"],
    ["blocks.2.attn.qkv.weight", 2, null, "attention"],
    ["blocks.2.mlp.fc2.bias", 2, null, "mlp"],
    ["block-1.attention.head-0.key.weight", 1, null, "attention"],
    ["block-0.ln1.bias", 0, null, "norm"],
    ["patch_embedding.weight", null, null, "embedding"],
    ["pos_embedding.weight", null, null, "embedding"],
    ["encoder.stage-2.conv.weight", 2, "encoder.stage", "other"],
  ],
  fallback: [
    ["encoder.stages.1.conv.weight", 1, "encoder.stages", "other"],
    ["fc.weight", null, null, "other"],
    ["model.layers.3.self_attn.rotary_emb.inv_freq", 3, null, "attention"],
    [
      "unet.down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_k.lora.down.weight",
      0,
      "unet.down_blocks",
      "attention",
    ],
    ["", null, null, "other"],
    ["0.weight", null, null, "other"],
  ],
};

describe("grouping by tensor name", () => {
  for (const [family, rows] of Object.entries(cases)) {
    describe(family, () => {
      it.each(rows)("%s", (name, layer, stack, kind) => {
        expect(layerIndexOf(name)).toBe(layer);
        expect(layerLocationOf(name)?.stack ?? null).toBe(stack);
        expect(moduleKindOf(name)).toBe(kind);
      });
    });
  }
});

function keyOf(name: string): string {
  const location = layerLocationOf(name);
  if (location === null) throw new Error(`no layer in ${name}`);
  return layerKeyOf(location);
}

describe("layer keys", () => {
  it("keeps T5 encoder and decoder layers apart", () => {
    expect(keyOf("encoder.block.3.layer.0.SelfAttention.q.weight")).toBe("encoder.3");
    expect(keyOf("decoder.block.3.layer.0.SelfAttention.q.weight")).toBe("decoder.3");
  });

  it("uses the bare index without a stack", () => {
    expect(keyOf("model.layers.10.mlp.up_proj.weight")).toBe("10");
  });

  it("orders by depth then index", () => {
    const names = [
      "decoder.block.0.x",
      "encoder.block.10.x",
      "up_blocks.0.x",
      "encoder.block.2.x",
      "down_blocks.1.x",
      "mid_block.attentions.0.x",
      "model.layers.1.x",
    ];
    const sorted = names
      .map((name) => layerLocationOf(name))
      .filter((location) => location !== null)
      .sort(compareLayerLocations)
      .map(layerKeyOf);
    expect(sorted).toEqual([
      "1",
      "down_blocks.1",
      "encoder.2",
      "encoder.10",
      "mid_block.attentions.0",
      "decoder.0",
      "up_blocks.0",
    ]);
  });

  it("ignores an index beyond the safe integers", () => {
    expect(layerIndexOf("model.layers.99999999999999999999.weight")).toBeNull();
  });
});
