import { describe, expect, it } from "vitest";
import { layerLocationOf, moduleKindOf, moduleNameOf } from "../../src/analysis/grouping.js";
import { type NameFacts, NameFactsCache } from "../../src/analysis/name-facts.js";

/** Names with their facts worked out by hand from the grouping rules. */
const HAND_CHECKED: [string, NameFacts][] = [
  [
    "model.layers.12.self_attn.q_proj.weight",
    { location: { stack: null, index: 12 }, moduleKind: "attention", moduleName: "q_proj" },
  ],
  [
    "model.layers.2.block_sparse_moe.experts.7.w1.weight",
    { location: { stack: null, index: 2 }, moduleKind: "mlp", moduleName: "w1" },
  ],
  [
    "encoder.block.3.layer.0.SelfAttention.q.weight",
    { location: { stack: "encoder", index: 3 }, moduleKind: "attention", moduleName: "q" },
  ],
  [
    "model.layers.3.input_layernorm.weight",
    { location: { stack: null, index: 3 }, moduleKind: "norm", moduleName: "input_layernorm" },
  ],
  [
    "model.embed_tokens.weight",
    { location: null, moduleKind: "embedding", moduleName: "embed_tokens" },
  ],
  ["lm_head.weight", { location: null, moduleKind: "output_head", moduleName: "lm_head" }],
  [
    "lora_unet_down_blocks_0_attentions_1_proj_in.lora_down.weight",
    {
      location: { stack: "down_blocks", index: 0 },
      moduleKind: "attention",
      moduleName: "lora_down",
    },
  ],
  ["weight", { location: null, moduleKind: "other", moduleName: "weight" }],
];

describe("NameFactsCache", () => {
  for (const [name, expected] of HAND_CHECKED) {
    it(`reads ${name}`, () => {
      expect(new NameFactsCache().of(name)).toEqual(expected);
    });

    it(`agrees with the grouping functions on ${name}`, () => {
      expect(new NameFactsCache().of(name)).toEqual({
        location: layerLocationOf(name),
        moduleKind: moduleKindOf(name),
        moduleName: moduleNameOf(name),
      });
    });
  }

  it("returns the stored facts on a second request", () => {
    const names = new NameFactsCache();
    const first = names.of("model.layers.0.mlp.up_proj.weight");
    expect(names.of("model.layers.0.mlp.up_proj.weight")).toBe(first);
  });

  it("keeps each comparison's facts apart", () => {
    const name = "model.layers.0.mlp.up_proj.weight";
    expect(new NameFactsCache().of(name)).not.toBe(new NameFactsCache().of(name));
  });
});
