/**
 * Published relative change (rho = ||head - base|| / ||base||, mean over 2-D tensors) and cosine of
 * known checkpoint pairs, quoted in the evidence so a reviewer can place a figure. Figures as
 * reported by the modeldelta project (N. Yudin), per-tensor means that skip 1-D tensors.
 */
export interface Anchor {
  pair: string;
  kind: "post-training" | "continued pre-training";
  relativeChange: number;
  cosine: number | null;
}

export const ANCHORS: readonly Anchor[] = [
  {
    pair: "Qwen2.5-0.5B → Instruct",
    kind: "post-training",
    relativeChange: 0.0715,
    cosine: 0.99746,
  },
  { pair: "Qwen2.5-7B → Instruct", kind: "post-training", relativeChange: 0.012, cosine: 0.99995 },
  {
    pair: "Llama-3.1-8B → Instruct",
    kind: "post-training",
    relativeChange: 0.035,
    cosine: 0.99978,
  },
  {
    pair: "Mistral-7B-v0.1 → Instruct-v0.1",
    kind: "post-training",
    relativeChange: 0.139,
    cosine: 0.9922,
  },
  { pair: "Gemma-2-9b → it", kind: "post-training", relativeChange: 0.148, cosine: 0.985 },
  { pair: "Llama-3.2-3B → Instruct", kind: "post-training", relativeChange: 0.115, cosine: 0.993 },
  { pair: "Yi-1.5-6B → Chat", kind: "post-training", relativeChange: 0.194, cosine: 0.9795 },
  { pair: "OLMo-2-7B SFT → DPO", kind: "post-training", relativeChange: 0.00115, cosine: null },
  { pair: "OLMo-2-7B base → SFT", kind: "post-training", relativeChange: 0.049, cosine: null },
  {
    pair: "Mistral-7B-v0.1 → v0.3",
    kind: "continued pre-training",
    relativeChange: 0.13,
    cosine: 0.993,
  },
  {
    pair: "Qwen2-7B → Qwen2.5-7B",
    kind: "continued pre-training",
    relativeChange: 0.59,
    cosine: 0.8,
  },
  {
    pair: "Qwen2.5-7B → Coder-7B",
    kind: "continued pre-training",
    relativeChange: 0.86,
    cosine: 0.6,
  },
  {
    pair: "Qwen2-1.5B → Qwen2.5-1.5B",
    kind: "continued pre-training",
    relativeChange: 1.39,
    cosine: 0.19,
  },
];

/** Returns the anchor nearest to a relative change and cosine, measured on log10 of rho. */
export function nearestAnchor(relativeChange: number, cosine: number | null): Anchor | undefined {
  let best: Anchor | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const anchor of ANCHORS) {
    let distance = Math.abs(Math.log10(anchor.relativeChange) - Math.log10(relativeChange));
    if (cosine !== null && anchor.cosine !== null) {
      distance +=
        Math.abs(Math.log10(1 - anchor.cosine + 1e-9) - Math.log10(1 - cosine + 1e-9)) / 2;
    }
    if (distance < bestDistance) {
      bestDistance = distance;
      best = anchor;
    }
  }
  return best;
}
