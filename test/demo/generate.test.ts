import { describe, expect, it } from "vitest";
import { fromBfloat16Bits, toBfloat16Bits } from "../../src/demo/bfloat16.js";
import { DEMO_SHAPE, demoTensorSpecs, generateDemoPair } from "../../src/demo/generate.js";

const small = { vocab: 64, hidden: 32, intermediate: 48, layers: 2, heads: 4, kvHeads: 2 };

describe("bfloat16 rounding", () => {
  it.each([
    [1, 0x3f80],
    [-2, 0xc000],
    [0.5, 0x3f00],
    [0, 0x0000],
    [-0, 0x8000],
    // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties go to the even mantissa, 1.
    [1 + 2 ** -8, 0x3f80],
    // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 and 1 + 2^-6: ties go to 1 + 2^-6.
    [1 + 3 * 2 ** -8, 0x3f82],
    [Number.POSITIVE_INFINITY, 0x7f80],
  ])("rounds %d to 0x%s", (value, bits) => {
    expect(toBfloat16Bits(value)).toBe(bits);
  });

  it("keeps NaN a NaN", () => {
    expect(Number.isNaN(fromBfloat16Bits(toBfloat16Bits(Number.NaN)))).toBe(true);
  });
});

describe("demo pair", () => {
  it("has the Qwen2 layout with tied embeddings", () => {
    const names = demoTensorSpecs(DEMO_SHAPE).map((spec) => spec.name);
    expect(names).toContain("model.embed_tokens.weight");
    expect(names).toContain(`model.layers.${DEMO_SHAPE.layers - 1}.self_attn.k_proj.bias`);
    expect(names).not.toContain("lm_head.weight");
    expect(names.length).toBe(2 + 12 * DEMO_SHAPE.layers);
  });

  it("moves each matrix by about the requested relative change", () => {
    const pair = generateDemoPair(small, 1, 0.07);
    for (const [index, tensor] of pair.base.entries()) {
      if (tensor.shape.length !== 2) continue;
      const head = pair.head[index];
      if (!head) throw new Error("head is missing a tensor");
      const a = new DataView(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
      const b = new DataView(head.data.buffer, head.data.byteOffset, head.data.byteLength);
      let delta = 0;
      let norm = 0;
      for (let i = 0; i < tensor.data.byteLength; i += 2) {
        const x = fromBfloat16Bits(a.getUint16(i, true));
        const y = fromBfloat16Bits(b.getUint16(i, true));
        delta += (x - y) ** 2;
        norm += x * x;
      }
      const rho = Math.sqrt(delta / norm);
      expect(rho).toBeGreaterThan(0.05);
      expect(rho).toBeLessThan(0.09);
    }
  });

  it("is the same for the same seed", () => {
    const first = generateDemoPair(small, 3);
    const second = generateDemoPair(small, 3);
    expect(first.head.map((t) => Buffer.from(t.data).toString("hex"))).toEqual(
      second.head.map((t) => Buffer.from(t.data).toString("hex")),
    );
  });
});
