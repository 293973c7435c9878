import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 902:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  i: () => (/* binding */ main),
  k: () => (/* binding */ terminalSafe)
});

// EXTERNAL MODULE: ./src/visible-text.ts
var visible_text = __nccwpck_require__(325);
;// CONCATENATED MODULE: ./src/analysis/anchors.ts
const ANCHORS = [
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
function nearestAnchor(relativeChange, cosine) {
    let best;
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

;// CONCATENATED MODULE: ./src/analysis/metrics.ts
/**
 * Figures derived from the sums of TensorStats. Each returns null where it is undefined (a zero
 * norm, no finite values), never NaN.
 */
/** ||b - a|| / ||a||. */
function relativeChange(stats) {
    if (stats.finiteCount === 0 || stats.sumSquaredA === 0)
        return null;
    return Math.sqrt(stats.sumSquaredDelta) / Math.sqrt(stats.sumSquaredA);
}
/**
 * Cosine of a and b, computed as 1 - (||d||^2 - (||a|| - ||b||)^2) / (2 ||a|| ||b||), which keeps
 * its precision when the cosine is close to 1, unlike a.b / (||a|| ||b||).
 */
function cosine(stats) {
    if (stats.finiteCount === 0 || stats.sumSquaredA === 0 || stats.sumSquaredB === 0)
        return null;
    const normA = Math.sqrt(stats.sumSquaredA);
    const normB = Math.sqrt(stats.sumSquaredB);
    const oneMinus = (stats.sumSquaredDelta - (normA - normB) ** 2) / (2 * normA * normB);
    return Math.min(1, Math.max(-1, 1 - oneMinus));
}
/** Pearson correlation of a and b over the finite pairs. */
function correlation(stats) {
    const n = stats.finiteCount;
    if (n < 2)
        return null;
    const meanA = stats.sumA / n;
    const meanB = stats.sumB / n;
    const varianceA = stats.sumSquaredA - n * meanA * meanA;
    const varianceB = stats.sumSquaredB - n * meanB * meanB;
    if (!(varianceA > 0) || !(varianceB > 0))
        return null;
    const covariance = stats.sumProduct - n * meanA * meanB;
    return Math.min(1, Math.max(-1, covariance / Math.sqrt(varianceA * varianceB)));
}

;// CONCATENATED MODULE: ./src/analysis/classify.ts



/**
 * The first classifier: names the kind of change from direction and size of the delta, never from
 * the count of changed elements. A dense bf16 fine-tune changes nearly every element (one unit in
 * the last place of a weight near 0.02 is already about 1e-4), so that count shows nothing about
 * lineage; the Pearson correlation r of base and head, and the relative change
 * rho = ||head - base|| / ||base||, do.
 *
 * Decisions weigh tensors by parameter count. 1-D tensors (norms, biases) do not vote on lineage:
 * norm weights sit near 1 in any model, so two independent runs still give a cosine near 1.
 */
/** Correlation at or above which a tensor keeps the base's direction (a post-trained descendant). */
const FINETUNE_MIN_CORRELATION = 0.9;
/** Relative change at or above which training went beyond post-training. */
const CONTINUED_MIN_RELATIVE_CHANGE = 0.3;
/** Correlation below which a tensor shows no aligned lineage. */
const LINEAGE_MIN_CORRELATION = 0.15;
/** |z| = |r| * sqrt(min(rows, cols)) below this is consistent with independent tensors. */
const INDEPENDENT_MAX_Z = 3;
/** Share of 2-D parameters that must look independent before the label is "independent". */
const INDEPENDENT_MIN_SHARE = 0.9;
/** A dtype change whose relative change stays under this is rounding, not training. */
const CAST_MAX_RELATIVE_CHANGE = 4e-3;
/** Changed 2-D parameter share at or below which a change counts as partial. */
const PARTIAL_MAX_SHARE = 0.9;
/** Matrices with a smaller side than this give weak direction statistics. */
const SMALL_MATRIX_SIDE = 256;
/** Names listed in a partial fine-tune's detail; the report's tables have the rest. */
const MAX_DETAIL_NAMES = 50;
/** Width of the logistic in the confidence score, in decades of margin. */
const MARGIN_SCALE = 0.15;
function figuresOf(tensor) {
    const shape = tensor.shape;
    const columns = shape[shape.length - 1] ?? 1;
    const rows = shape.length > 0 ? tensor.stats.numel / Math.max(columns, 1) : 1;
    const minSide = Math.min(rows, columns);
    const r = correlation(tensor.stats);
    return {
        tensor,
        numel: tensor.stats.numel,
        changed: tensor.stats.changed > 0,
        rho: relativeChange(tensor.stats),
        r,
        cos: cosine(tensor.stats),
        z: r === null ? null : r * Math.sqrt(minSide),
        minSide,
    };
}
/** Parameter-weighted median of `value` over `items`, skipping nulls. */
function weightedMedian(items, value) {
    const pairs = items
        .map((item) => ({ v: value(item), w: item.numel }))
        .filter((pair) => pair.v !== null && pair.w > 0)
        .sort((x, y) => x.v - y.v);
    const total = pairs.reduce((sum, pair) => sum + pair.w, 0);
    if (total === 0)
        return null;
    let running = 0;
    for (const pair of pairs) {
        running += pair.w;
        if (running >= total / 2)
            return pair.v;
    }
    return pairs[pairs.length - 1]?.v ?? null;
}
function sumNumel(items) {
    return items.reduce((sum, item) => sum + item.numel, 0);
}
function logistic(x) {
    return 1 / (1 + Math.exp(-x));
}
/**
 * Confidence from the share of parameters that agree and the log-space margins of the deciding
 * figures. `capped` is true when the cap, not the score, set the level.
 */
function confidenceOf(agreeShare, marginsInDecades, cap) {
    let score = agreeShare;
    for (const margin of marginsInDecades)
        score *= logistic(margin / MARGIN_SCALE);
    let confidence = "low";
    if (score >= 0.9)
        confidence = "high";
    else if (score >= 0.7)
        confidence = "medium";
    const order = ["low", "medium", "high"];
    const capped = order.indexOf(confidence) > order.indexOf(cap);
    if (capped)
        confidence = cap;
    return { score, confidence, capped };
}
function formatFigure(value) {
    if (value === null)
        return "n/a";
    if (value !== 0 && Math.abs(value) < 1e-3)
        return value.toExponential(2).replace(/\.?0+e/, "e");
    return value.toPrecision(4).replace(/\.?0+$/, "");
}
/** Returns "1 tensor" or "2 tensors". */
function count(value, noun) {
    return `${value.toLocaleString("en-US")} ${noun}${value === 1 ? "" : "s"}`;
}
function percent(part, whole) {
    return whole === 0 ? "n/a" : `${((100 * part) / whole).toFixed(2)}%`;
}
function namesPreview(names, limit = 5) {
    const shown = names.slice(0, limit).map((name) => (0,visible_text/* quoteForMessage */.Hx)(name));
    return names.length > limit
        ? `${shown.join(", ")} and ${names.length - limit} more`
        : shown.join(", ");
}
/** Classifies the change from base to head described by `diff`. */
function classify(diff) {
    const figures = diff.compared.map(figuresOf);
    const numeric = figures.filter((item) => item.tensor.comparison !== "bytes");
    const matrices = numeric.filter((item) => item.tensor.shape.length >= 2);
    const comparedParams = sumNumel(figures);
    const changedParams = figures.reduce((sum, item) => sum + item.tensor.stats.changed, 0);
    const facts = [
        `${count(comparedParams, "parameter")} compared across ${count(figures.length, "tensor")} with the same name and shape; ${changedParams.toLocaleString("en-US")} (${percent(changedParams, comparedParams)}) differ beyond the threshold of ${formatFigure(diff.threshold)}.`,
    ];
    const structural = diff.added.length + diff.removed.length + diff.reshaped.length;
    if (structural > 0) {
        facts.push(`${count(diff.added.length, "tensor")} added, ${diff.removed.length} removed, ${diff.reshaped.length} reshaped.`);
    }
    if (diff.renamed.length > 0) {
        facts.push(`${count(diff.renamed.length, "tensor")} carry the same bytes under a new name.`);
    }
    const recast = figures.filter((item) => item.tensor.baseDtype !== item.tensor.headDtype);
    if (recast.length > 0)
        facts.push(`${count(recast.length, "tensor")} changed dtype.`);
    const verdict = structuralVerdict(diff, matrices) ??
        unchangedVerdict(diff, figures, recast) ??
        castVerdict(figures, recast) ??
        lineageVerdict(figures, matrices, numeric);
    const { score, confidence, capped } = confidenceOf(verdict.agreeShare, verdict.margins, verdict.cap);
    return {
        label: verdict.label,
        confidence,
        score: Math.round(score * 1000) / 1000,
        cappedBy: capped ? (verdict.capReason ?? null) : null,
        headline: verdict.headline,
        facts,
        evidence: verdict.evidence,
        detail: verdict.detail,
    };
}
function structuralVerdict(diff, matrices) {
    const structural = diff.added.length + diff.removed.length + diff.reshaped.length;
    if (structural === 0)
        return null;
    const parts = [
        { verb: "added", names: diff.added.map((tensor) => tensor.name) },
        { verb: "removed", names: diff.removed.map((tensor) => tensor.name) },
        { verb: "reshaped", names: diff.reshaped.map((tensor) => tensor.name) },
    ]
        .filter((part) => part.names.length > 0)
        .map((part) => `${part.names.length} ${part.verb} (${namesPreview(part.names)})`);
    const evidence = [
        `Tensor names or shapes differ, so the head has another architecture: ${parts.join(", ")}.`,
    ];
    const rho = weightedMedian(matrices, (item) => item.rho);
    const r = weightedMedian(matrices, (item) => item.r);
    if (matrices.length > 0) {
        evidence.push(`The ${matrices.length === 1 ? "matrix" : `${matrices.length} matrices`} shared by name and shape have a median relative change of ${formatFigure(rho)} and a median correlation of ${formatFigure(r)}.`);
    }
    return {
        label: "architecture_change",
        headline: "The architecture changed: tensors were added, removed or reshaped.",
        evidence,
        detail: {
            added: diff.added.length,
            removed: diff.removed.length,
            reshaped: diff.reshaped.length,
            sharedMatrixMedianRelativeChange: rho,
            sharedMatrixMedianCorrelation: r,
        },
        // Names and shapes are read, not estimated: the structural fact is certain.
        agreeShare: 1,
        margins: [],
        cap: "high",
    };
}
function unchangedVerdict(diff, figures, recast) {
    if (figures.some((item) => item.changed))
        return null;
    const renamedNote = diff.renamed.length > 0
        ? ` ${count(diff.renamed.length, "tensor")} renamed with their bytes unchanged.`
        : "";
    if (recast.length > 0) {
        return {
            label: "cast",
            headline: "The values are the same, stored in another dtype.",
            evidence: [
                `${count(recast.length, "tensor")} changed dtype (${namesPreview(recast.map((item) => `${item.tensor.name}: ${item.tensor.baseDtype} → ${item.tensor.headDtype}`))}) and no value moved beyond the threshold.${renamedNote}`,
            ],
            detail: { recast: recast.length, renamed: diff.renamed.length, lossless: true },
            agreeShare: 1,
            margins: [],
            cap: "high",
        };
    }
    const bitsDiffering = figures.reduce((sum, item) => sum + item.tensor.stats.bitsDiffering, 0);
    let identicalLine = `Every compared tensor is bit-identical.${renamedNote}`;
    if (figures.length === 0 && diff.renamed.length > 0) {
        identicalLine = `No tensor kept its name, but all ${diff.renamed.length} reappear in the head with identical bytes under new names.`;
    }
    else if (figures.length === 0) {
        identicalLine = "Both checkpoints hold no tensor.";
    }
    const evidence = [
        bitsDiffering === 0
            ? identicalLine
            : `No value moved beyond the threshold; ${bitsDiffering.toLocaleString("en-US")} elements differ only in their bits (signed zeros or NaN payloads, or changes within the threshold).${renamedNote}`,
    ];
    return {
        label: "identical",
        headline: diff.renamed.length > 0
            ? "The weights are identical; some tensors have new names."
            : "The weights are identical.",
        evidence,
        detail: { bitsDiffering, renamed: diff.renamed.length },
        agreeShare: 1,
        margins: [],
        cap: "high",
    };
}
function castVerdict(figures, recast) {
    if (recast.length === 0)
        return null;
    const changedSame = figures.filter((item) => item.changed && item.tensor.baseDtype === item.tensor.headDtype);
    if (changedSame.length > 0)
        return null;
    const worst = Math.max(...recast.map((item) => item.rho ?? 0));
    if (!(worst <= CAST_MAX_RELATIVE_CHANGE))
        return null;
    const minCos = Math.min(...recast.map((item) => item.cos ?? 1));
    return {
        label: "cast",
        headline: "The weights were converted to another dtype; the values moved only by rounding.",
        evidence: [
            `${count(recast.length, "tensor")} changed dtype and their largest relative change is ${formatFigure(worst)}, within the ${formatFigure(CAST_MAX_RELATIVE_CHANGE)} that rounding to a coarser dtype gives (float32 to bfloat16 with round-to-nearest gives about 1.7e-3); the lowest cosine is ${formatFigure(minCos)}.`,
            "Tensors that kept their dtype are unchanged.",
        ],
        detail: { recast: recast.length, maxRelativeChange: worst, minCosine: minCos },
        agreeShare: 1,
        margins: [Math.log10(CAST_MAX_RELATIVE_CHANGE / Math.max(worst, 1e-12))],
        cap: "high",
    };
}
function lineageVerdict(figures, matrices, numeric) {
    // Without matrices, only 1-D tensors can vote, and the low cap makes that visible.
    const voters = matrices.length > 0 ? matrices : numeric;
    const onlyVectors = matrices.length === 0;
    const changedVoters = voters.filter((item) => item.changed);
    const voterParams = sumNumel(voters);
    const changedShare = voterParams === 0 ? 0 : sumNumel(changedVoters) / voterParams;
    const unchangedTensors = figures.filter((item) => !item.changed);
    const r = weightedMedian(changedVoters, (item) => item.r);
    const rho = weightedMedian(changedVoters, (item) => item.rho);
    const cos = weightedMedian(changedVoters, (item) => item.cos);
    const smallShare = sumNumel(changedVoters.filter((item) => item.minSide < SMALL_MATRIX_SIDE)) /
        Math.max(1, sumNumel(changedVoters));
    const cap = onlyVectors || smallShare > 0.5 ? "low" : "high";
    let capReason;
    if (onlyVectors)
        capReason = "only 1-D tensors changed, and they show little about lineage";
    else if (smallShare > 0.5) {
        capReason = `most changed parameters sit in matrices with a side shorter than ${SMALL_MATRIX_SIDE}, whose correlations are noisy`;
    }
    const smallNote = smallShare > 0.5
        ? [
            `Most changed matrices have a side shorter than ${SMALL_MATRIX_SIDE}, which makes correlations noisy, so the confidence is capped at low.`,
        ]
        : [];
    const figuresLine = `Changed ${onlyVectors ? "tensors" : "matrices"} (${percent(sumNumel(changedVoters), voterParams)} of their parameters): median relative change ${formatFigure(rho)}, median correlation ${formatFigure(r)}, median cosine ${formatFigure(cos)}.`;
    if (r === null) {
        // Only constant base tensors changed (all zeros, as a new LoRA B matrix is): no correlation
        // exists to measure, so nothing links the head to the base.
        return {
            label: "independent",
            headline: "No detectable lineage: the base tensors that changed are constant, so the head cannot be related to them.",
            evidence: [
                figuresLine,
                "Every changed tensor of the base holds one value throughout (for example all zeros, as a freshly initialized LoRA B matrix does), so its correlation with the head is undefined and these weights cannot show lineage.",
            ],
            detail: { relativeChange: rho, correlation: null, independentShare: 0 },
            agreeShare: 0,
            margins: [],
            cap: "low",
        };
    }
    const agreeing = (test) => sumNumel(changedVoters.filter(test)) / Math.max(1, sumNumel(changedVoters));
    const anchorLine = () => {
        if (rho === null)
            return [];
        const anchor = nearestAnchor(rho, cos);
        if (!anchor)
            return [];
        const anchorCos = anchor.cosine === null ? "" : ` with cosine ${anchor.cosine}`;
        return [
            `Nearest published pair: ${anchor.pair} (${anchor.kind}), relative change ${anchor.relativeChange}${anchorCos}.`,
        ];
    };
    if (r !== null &&
        rho !== null &&
        r >= FINETUNE_MIN_CORRELATION &&
        rho < CONTINUED_MIN_RELATIVE_CHANGE) {
        let band = "heavy";
        if (rho < 3e-3)
            band = "light";
        else if (rho < 0.06)
            band = "standard";
        const agreeShare = agreeing((item) => item.r !== null &&
            item.rho !== null &&
            item.r >= FINETUNE_MIN_CORRELATION &&
            item.rho < CONTINUED_MIN_RELATIVE_CHANGE);
        const margins = [
            Math.log10((1 - FINETUNE_MIN_CORRELATION) / Math.max(1 - r, 1e-9)),
            Math.log10(CONTINUED_MIN_RELATIVE_CHANGE / Math.max(rho, 1e-12)),
        ];
        const evidence = [
            figuresLine,
            `A correlation of ${formatFigure(r)} (at least ${FINETUNE_MIN_CORRELATION}) means the head keeps the base's weights pointing the same way; two independent trainings would give a correlation near 0 and a relative change near 1.41.`,
            `A relative change of ${formatFigure(rho)} is in the ${band} post-training band (under 0.003 light, 0.003 to 0.06 standard, 0.06 to 0.3 heavy).`,
            ...anchorLine(),
            "The share of changed elements is not evidence of lineage: in bfloat16 almost any dense update changes almost every element.",
            ...smallNote,
        ];
        if (changedShare <= PARTIAL_MAX_SHARE && unchangedTensors.length > 0) {
            const touched = [...new Set(changedVoters.map((item) => item.tensor.name))];
            return {
                label: "partial_finetune",
                headline: `A partial fine-tune: ${percent(sumNumel(changedVoters), voterParams)} of the matrix parameters changed, the rest are untouched.`,
                evidence: [
                    `${count(unchangedTensors.length, "tensor")} unchanged while ${changedVoters.length} changed.`,
                    ...evidence,
                ],
                detail: {
                    band,
                    relativeChange: rho,
                    correlation: r,
                    cosine: cos,
                    changedShare,
                    changedTensors: touched.slice(0, MAX_DETAIL_NAMES),
                },
                agreeShare,
                margins: [...margins, Math.log10(1 / Math.max(changedShare, 1e-9)) * 2],
                cap,
                capReason,
            };
        }
        return {
            label: "finetune",
            headline: "A fine-tune of the base: the weights moved densely but keep their direction (a post-trained descendant).",
            evidence,
            detail: { band, relativeChange: rho, correlation: r, cosine: cos, changedShare },
            agreeShare,
            margins,
            cap,
            capReason,
        };
    }
    const independentShare = sumNumel(voters.filter((item) => item.z !== null && Math.abs(item.z) < INDEPENDENT_MAX_Z)) /
        Math.max(1, voterParams);
    if (r !== null &&
        Math.abs(r) < LINEAGE_MIN_CORRELATION &&
        independentShare >= INDEPENDENT_MIN_SHARE) {
        return {
            label: "independent",
            headline: "No detectable lineage: the head's weights are uncorrelated with the base's, as for an independent training run.",
            evidence: [
                figuresLine,
                `${percent(independentShare * voterParams, voterParams)} of the matrix parameters sit in tensors whose correlation is within ${INDEPENDENT_MAX_Z} standard errors of 0 (|r| × sqrt(smaller side) < ${INDEPENDENT_MAX_Z}).`,
                `Independent runs give a correlation near 0 and a relative change near 1.41 (sqrt 2, for equal norms); this pair has ${formatFigure(r)} and ${formatFigure(rho)}.`,
                "This is an absence of evidence, not a proof: permuted or rotated copies of a model also show no aligned correlation.",
                ...smallNote,
            ],
            detail: { relativeChange: rho, correlation: r, independentShare },
            agreeShare: independentShare,
            margins: [Math.log10(LINEAGE_MIN_CORRELATION / Math.max(Math.abs(r), 1e-6))],
            cap: cap === "high" ? "medium" : cap,
            capReason: capReason ??
                "no aligned correlation is not proof of independence, since permuted or rotated copies show none either",
        };
    }
    const distant = r === null || r < LINEAGE_MIN_CORRELATION;
    const agreeShare = agreeing((item) => item.r !== null &&
        (item.r < FINETUNE_MIN_CORRELATION || (item.rho ?? 0) >= CONTINUED_MIN_RELATIVE_CHANGE));
    return {
        label: "continued_pretraining",
        headline: distant
            ? "Extensive retraining: the head keeps a weak but significant link to the base."
            : "Continued training: the head descends from the base but moved far beyond a fine-tune.",
        evidence: [
            figuresLine,
            distant
                ? `The correlation of ${formatFigure(r)} is low, yet more than ${percent((1 - independentShare) * voterParams, voterParams)} of the matrix parameters sit in tensors whose correlation is significant, so the pair is related, not independent.`
                : `A correlation of ${formatFigure(r)} (between ${LINEAGE_MIN_CORRELATION} and ${FINETUNE_MIN_CORRELATION}) or a relative change of ${formatFigure(rho)} (${CONTINUED_MIN_RELATIVE_CHANGE} or more) is the band of continued pre-training; a fine-tune keeps the correlation above ${FINETUNE_MIN_CORRELATION}.`,
            ...anchorLine(),
            ...smallNote,
        ],
        detail: { relativeChange: rho, correlation: r, cosine: cos },
        agreeShare,
        margins: r === null
            ? []
            : [
                Math.min(Math.log10((1 - LINEAGE_MIN_CORRELATION) / Math.max(1 - r, 1e-9)), Math.log10((1 - r) / (1 - FINETUNE_MIN_CORRELATION)) +
                    (rho !== null && rho >= CONTINUED_MIN_RELATIVE_CHANGE ? 1 : 0)),
            ],
        cap: distant ? "low" : cap,
        capReason: distant ? "the correlation with the base is weak" : capReason,
    };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __nccwpck_require__(916);
;// CONCATENATED MODULE: ./src/format/limits.ts
/**
 * Limits on what a checkpoint may declare, checked before anything is allocated in proportion to
 * a declared length. Each limit has a default and an environment variable that overrides it.
 */


/** Max bytes of a safetensors JSON header, the same 100,000,000 as the huggingface/safetensors crate. */
const MAX_HEADER_BYTES = 100_000_000;
/**
 * Max tensors in one safetensors file or one shard index. Each tensor costs a parsed entry in
 * memory, and public checkpoints hold far fewer (an estimate: under 100,000 per file).
 */
const MAX_TENSOR_COUNT = 1_000_000;
/** Max dimensions of one tensor: NumPy 2 arrays have at most 64 (NPY_MAXDIMS). */
const MAX_DIMS = 64;
/**
 * Max shard files named by one index. Every shard stays open as a file handle for the whole diff,
 * and large public checkpoints use a few hundred shards (an estimate).
 */
const MAX_SHARD_COUNT = 10_000;
/**
 * Max bytes of a `*.safetensors.index.json` file. A weight_map entry takes about 100 bytes, so
 * this fits MAX_TENSOR_COUNT entries.
 */
const MAX_INDEX_BYTES = 100_000_000;
/**
 * Max nesting depth of the JSON in a safetensors header or a shard index, counting the top-level
 * object as 1. A header needs 3 (object, tensor entry, shape array) and an index 3 (object,
 * weight_map or metadata, a value), plus whatever a non-string metadata value nests. Deeper JSON
 * would overflow the stack of recursive code such as JSON.stringify when the report is written.
 * NOTE: raising it to some thousands brings that overflow back.
 */
const MAX_JSON_DEPTH = 64;
/** Constant name, environment variable and unit of each limit, for messages. */
const LIMIT_INFO = {
    maxHeaderBytes: {
        constant: "MAX_HEADER_BYTES",
        envVar: "MODEL_DIFF_MAX_HEADER_BYTES",
        unit: "bytes",
    },
    maxTensorCount: {
        constant: "MAX_TENSOR_COUNT",
        envVar: "MODEL_DIFF_MAX_TENSOR_COUNT",
        unit: "tensors",
    },
    maxDims: { constant: "MAX_DIMS", envVar: "MODEL_DIFF_MAX_DIMS", unit: "dimensions" },
    maxShardCount: {
        constant: "MAX_SHARD_COUNT",
        envVar: "MODEL_DIFF_MAX_SHARD_COUNT",
        unit: "shards",
    },
    maxIndexBytes: {
        constant: "MAX_INDEX_BYTES",
        envVar: "MODEL_DIFF_MAX_INDEX_BYTES",
        unit: "bytes",
    },
    maxJsonDepth: {
        constant: "MAX_JSON_DEPTH",
        envVar: "MODEL_DIFF_MAX_JSON_DEPTH",
        unit: "levels",
    },
};
const DEFAULT_LIMITS = Object.freeze({
    maxHeaderBytes: MAX_HEADER_BYTES,
    maxTensorCount: MAX_TENSOR_COUNT,
    maxDims: MAX_DIMS,
    maxShardCount: MAX_SHARD_COUNT,
    maxIndexBytes: MAX_INDEX_BYTES,
    maxJsonDepth: MAX_JSON_DEPTH,
});
/**
 * Builds the limits from environment variables such as `MODEL_DIFF_MAX_HEADER_BYTES`, falling
 * back to the defaults. Throws a UsageError naming the variable when a value is not a positive
 * decimal integer of at most 2^53 - 1.
 */
function limitsFromEnv(env) {
    const limits = { ...DEFAULT_LIMITS };
    for (const name of Object.keys(LIMIT_INFO)) {
        const { envVar } = LIMIT_INFO[name];
        const raw = env[envVar];
        if (raw === undefined || raw.trim() === "")
            continue;
        const text = raw.trim();
        const value = Number(text);
        if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
            throw new src_errors/* UsageError */.eb(`${envVar}=${JSON.stringify(raw)} is not a valid limit: expected a positive whole number ` +
                `of ${LIMIT_INFO[name].unit} (default ${DEFAULT_LIMITS[name]}). Fix or unset the variable.`);
        }
        limits[name] = value;
    }
    return Object.freeze(limits);
}
/**
 * Builds the LimitError for input that exceeds `name`. `what` describes the input and its size,
 * for example "the header length is 120000000 bytes".
 */
function limitError(file, name, limits, what) {
    const { constant, envVar, unit } = LIMIT_INFO[name];
    // Every unit is a regular plural, so the singular drops the final "s".
    const shownUnit = limits[name] === 1 ? unit.slice(0, -1) : unit;
    return new src_errors/* LimitError */.oC(file, constant, `${(0,visible_text/* quoteForMessage */.Hx)(file)}: ${what}, more than the limit ${constant} of ${limits[name]} ${shownUnit}. ` +
        `If the file is genuine, raise the limit with the environment variable ${envVar}.`);
}

;// CONCATENATED MODULE: ./src/format/dtypes.ts
/**
 * The dtypes of the safetensors format, with their storage size and how model-diff compares them.
 *
 * Sub-byte dtypes (F4, F6) are packed several elements to a byte, and the packing order is not
 * fixed by the format, so they are compared byte by byte and their numeric statistics are not
 * computed.
 */
const table = {
    F64: { name: "F64", bits: 64, comparison: "float" },
    F32: { name: "F32", bits: 32, comparison: "float" },
    F16: { name: "F16", bits: 16, comparison: "float" },
    BF16: { name: "BF16", bits: 16, comparison: "float" },
    F8_E4M3: { name: "F8_E4M3", bits: 8, comparison: "float" },
    F8_E5M2: { name: "F8_E5M2", bits: 8, comparison: "float" },
    F8_E8M0: { name: "F8_E8M0", bits: 8, comparison: "float" },
    F8_E4M3FNUZ: { name: "F8_E4M3FNUZ", bits: 8, comparison: "float" },
    F8_E5M2FNUZ: { name: "F8_E5M2FNUZ", bits: 8, comparison: "float" },
    F6_E2M3: { name: "F6_E2M3", bits: 6, comparison: "bytes" },
    F6_E3M2: { name: "F6_E3M2", bits: 6, comparison: "bytes" },
    F4: { name: "F4", bits: 4, comparison: "bytes" },
    I64: { name: "I64", bits: 64, comparison: "integer64" },
    I32: { name: "I32", bits: 32, comparison: "integer" },
    I16: { name: "I16", bits: 16, comparison: "integer" },
    I8: { name: "I8", bits: 8, comparison: "integer" },
    U64: { name: "U64", bits: 64, comparison: "integer64" },
    U32: { name: "U32", bits: 32, comparison: "integer" },
    U16: { name: "U16", bits: 16, comparison: "integer" },
    U8: { name: "U8", bits: 8, comparison: "integer" },
    BOOL: { name: "BOOL", bits: 8, comparison: "integer" },
    C64: { name: "C64", bits: 64, comparison: "complex" },
};
const SUPPORTED_DTYPES = Object.keys(table);
function isDType(value) {
    return Object.hasOwn(table, value);
}
function dtypeInfo(dtype) {
    return table[dtype];
}
/**
 * Returns the number of bytes that `elementCount` elements of `dtype` occupy, or undefined when
 * sub-byte packing leaves a partial byte (the format requires whole bytes).
 */
function byteLengthOf(dtype, elementCount) {
    const bits = BigInt(table[dtype].bits) * elementCount;
    return bits % 8n === 0n ? bits / 8n : undefined;
}

;// CONCATENATED MODULE: ./src/format/file-kind.ts
/**
 * Recognizes files that are often saved under a weights name but are not safetensors, so the
 * error names the real format and how to get the weights, not a header-length problem.
 */


/** Bytes to read for sniffing. The Git LFS specification keeps pointer files below 1024 bytes. */
const SNIFF_BYTES = 1024;
const LFS_PREFIX = "version https://git-lfs";
/**
 * Returns what the first bytes of a file show it to be; "unknown" covers safetensors too.
 * A valid safetensors file may start with 0x80 0x02 (a header of 640 bytes), so call this only
 * when the 8-byte header length or the header text is not plausible.
 */
function sniffFileKind(firstBytes) {
    if (startsWithAscii(firstBytes, LFS_PREFIX))
        return "git-lfs-pointer";
    // Local file header of a zip archive, which torch.save writes since PyTorch 1.6.
    if (startsWithBytes(firstBytes, [0x50, 0x4b, 0x03, 0x04]))
        return "zip";
    if (startsWithAscii(firstBytes, "GGUF"))
        return "gguf";
    // PROTO opcode followed by protocol 2 to 5, as older torch.save output begins.
    const protocol = firstBytes[1];
    if (firstBytes[0] === 0x80 && protocol !== undefined && protocol >= 2 && protocol <= 5) {
        return "pickle";
    }
    return "unknown";
}
/** Returns the InputError for a recognized non-safetensors file, or undefined for "unknown". */
function fileKindError(file, kind, firstBytes) {
    const shownFile = (0,visible_text/* quoteForMessage */.Hx)(file);
    switch (kind) {
        case "git-lfs-pointer": {
            // A 64-bit size has at most 20 digits, so a longer run is not a size worth showing.
            const size = /\nsize (\d{1,20})\b/.exec(new TextDecoder().decode(firstBytes))?.[1];
            const object = size === undefined ? "" : ` (the object is ${size} ${size === "1" ? "byte" : "bytes"})`;
            return new src_errors/* InputError */.dz(`${shownFile}: this is a Git LFS pointer file, not the weights${object}. ` +
                "Fetch the LFS objects with `git lfs pull`, or in GitHub Actions check out with " +
                "`actions/checkout` and `lfs: true`.");
        }
        case "zip":
            return new src_errors/* InputError */.dz(`${shownFile}: this is a zip archive (it starts with "PK\\x03\\x04"), the format torch.save ` +
                "writes for PyTorch .bin and .pt checkpoints, not safetensors. Convert it to safetensors " +
                "(for example torch.load, then safetensors.torch.save_file) and compare the converted files.");
        case "pickle":
            return new src_errors/* InputError */.dz(`${shownFile}: this is a Python pickle (protocol ${firstBytes[1]}), the format of older PyTorch ` +
                ".bin checkpoints, not safetensors. Convert it to safetensors (for example torch.load, " +
                "then safetensors.torch.save_file) and compare the converted files.");
        case "gguf":
            return new src_errors/* InputError */.dz(`${shownFile}: this is a GGUF file (the llama.cpp format), which model-diff does not read. ` +
                "Compare the safetensors files it was converted from.");
        case "unknown":
            return undefined;
    }
}
function startsWithAscii(bytes, prefix) {
    if (bytes.byteLength < prefix.length)
        return false;
    for (let i = 0; i < prefix.length; i++) {
        if (bytes[i] !== prefix.charCodeAt(i))
            return false;
    }
    return true;
}
function startsWithBytes(bytes, prefix) {
    return prefix.every((value, i) => bytes[i] === value);
}

;// CONCATENATED MODULE: ./src/format/json-scan.ts
/**
 * A small scanner over a JSON object's text that finds duplicate keys, which JSON.parse drops, and
 * nesting deeper than a limit, which would overflow the stack of recursive code such as
 * JSON.stringify.
 */
const LITERAL = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
/**
 * Scans the JSON object that starts `text` (after whitespace) and records its keys. JSON.parse
 * keeps the last of two equal keys without a word, so this scan is how duplicates are found.
 * Returns undefined when the text is not well-formed, leaving the diagnosis to JSON.parse, and
 * `{tooDeep}` as soon as an object or array opens at a depth above `maxDepth` (the top-level
 * object is depth 1). Iterative, so deep nesting cannot overflow the call stack.
 */
function scanJsonObject(text, maxDepth = Number.POSITIVE_INFINITY) {
    const stack = [];
    const keys = [];
    const duplicates = [];
    let expect = "value";
    let lastKey;
    let pos = skipJsonWhitespace(text, 0);
    if (text[pos] !== "{")
        return undefined;
    while (true) {
        pos = skipJsonWhitespace(text, pos);
        if (pos >= text.length)
            return undefined;
        const char = text[pos];
        const top = stack[stack.length - 1];
        let valueEnded = false;
        if (expect === "key-or-close" || expect === "value-or-close") {
            if (char === (expect === "key-or-close" ? "}" : "]")) {
                stack.pop();
                pos++;
                valueEnded = true;
            }
            else {
                expect = expect === "key-or-close" ? "key" : "value";
                continue;
            }
        }
        else if (expect === "key") {
            if (char !== '"' || !top)
                return undefined;
            const end = endOfJsonString(text, pos);
            if (end < 0)
                return undefined;
            let key;
            try {
                key = JSON.parse(text.slice(pos, end));
            }
            catch {
                return undefined;
            }
            if (top.keys.has(key))
                duplicates.push({ key, parent: top.topKey });
            top.keys.add(key);
            if (stack.length === 1)
                keys.push(key);
            lastKey = key;
            pos = end;
            expect = "colon";
        }
        else if (expect === "colon") {
            if (char !== ":")
                return undefined;
            pos++;
            expect = "value";
        }
        else if (expect === "comma-or-close") {
            if (!top)
                return undefined;
            if (char === ",") {
                pos++;
                expect = top.isObject ? "key" : "value";
            }
            else if (char === (top.isObject ? "}" : "]")) {
                stack.pop();
                pos++;
                valueEnded = true;
            }
            else {
                return undefined;
            }
        }
        else if (char === "{" || char === "[") {
            const topKey = stack.length === 1 ? lastKey : top?.topKey;
            if (stack.length + 1 > maxDepth) {
                return { tooDeep: { key: topKey, depth: stack.length + 1, position: pos } };
            }
            stack.push({ isObject: char === "{", keys: new Set(), topKey });
            pos++;
            expect = char === "{" ? "key-or-close" : "value-or-close";
        }
        else if (char === '"') {
            pos = endOfJsonString(text, pos);
            if (pos < 0)
                return undefined;
            valueEnded = true;
        }
        else {
            LITERAL.lastIndex = pos;
            const match = LITERAL.exec(text);
            if (!match)
                return undefined;
            pos += match[0].length;
            valueEnded = true;
        }
        if (valueEnded) {
            if (stack.length === 0)
                return { end: pos, keys, duplicates };
            expect = "comma-or-close";
        }
    }
}
/** Narrows a scan result to a complete scan of a well-formed object. */
function isCompleteScan(scan) {
    return scan !== undefined && !("tooDeep" in scan);
}
/** Returns the index after the closing quote of the string starting at `start`, or -1. */
function endOfJsonString(text, start) {
    for (let i = start + 1; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === 0x22)
            return i + 1;
        if (code === 0x5c)
            i++;
        else if (code < 0x20)
            return -1;
    }
    return -1;
}
function skipJsonWhitespace(text, start) {
    let i = start;
    while (i < text.length) {
        const code = text.charCodeAt(i);
        if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d)
            break;
        i++;
    }
    return i;
}

;// CONCATENATED MODULE: ./src/format/safetensors.ts
/**
 * Strict reader for the safetensors header.
 *
 * Layout: an unsigned 64-bit little-endian header length N, N bytes of UTF-8 JSON (one object
 * mapping tensor names to `{dtype, shape, data_offsets}`, plus an optional `__metadata__` object of
 * strings), then the data section. Offsets are relative to the data section. The tensors with
 * data must tile the data section exactly: no gaps, no overlaps, no trailing bytes.
 */






/** Problems listed in one error before the rest are only counted. */
const MAX_LISTED_PROBLEMS = 20;
/**
 * Characters of listed problems in one error before the rest are only counted, so a header full
 * of long hostile names still gives a message of a few KB.
 */
const MAX_LISTED_CHARS = 3000;
/** Names listed in one problem (unknown keys, non-string metadata) before the rest are counted. */
const MAX_LISTED_NAMES = 5;
/** Characters of header text shown around a syntax problem. */
const EXCERPT_CHARS = 20;
/** Names of the invisible characters most often found at the start of a broken header. */
const CHARACTER_NAMES = {
    0: "a NUL character",
    27: "an escape character",
    65279: "a byte order mark",
};
const METADATA_KEY = "__metadata__";
const ENTRY_KEYS = ["dtype", "shape", "data_offsets"];
const REWRITE = "Re-save the checkpoint with a safetensors writer (for example safetensors.torch.save_file).";
const REDOWNLOAD = "Re-download the file; a download that stopped early leaves it truncated.";
const TIED = "Re-save it with safetensors.torch.save_model, which stores shared tensors under one name.";
/**
 * Reads and validates the header of a safetensors file. Checks the declared header length against
 * the file size and `limits.maxHeaderBytes` before allocating the header buffer, and names the
 * real format of Git LFS pointers, zip, pickle and GGUF files.
 */
async function readSafetensorsFile(source, limits = DEFAULT_LIMITS) {
    const file = source.name;
    const prefix = new Uint8Array(Math.min(source.size, SNIFF_BYTES));
    await source.read(0, prefix.byteLength, prefix);
    if (source.size < 8) {
        throwIfKnownKind(file, prefix);
        throw new src_errors/* FormatError */.IF(file, `${(0,visible_text/* quoteForMessage */.Hx)(file)}: the file has ${plural(source.size, "byte")}, fewer than the 8-byte header length that ` +
            "starts a safetensors file. Check that this is a safetensors file, or re-download it.");
    }
    // The length is an unsigned 64-bit integer: compare it as a BigInt before converting it.
    const declared = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
    const largerThanFile = declared > BigInt(source.size - 8);
    const overLimit = declared > BigInt(limits.maxHeaderBytes);
    if (largerThanFile || overLimit)
        throwIfKnownKind(file, prefix);
    if (largerThanFile) {
        const limitText = overLimit
            ? ` and than the header limit (MAX_HEADER_BYTES, ${limits.maxHeaderBytes} bytes)`
            : "";
        throw new src_errors/* FormatError */.IF(file, `${(0,visible_text/* quoteForMessage */.Hx)(file)}: declared header length ${declared} is larger than the file (${plural(source.size, "byte")})` +
            `${limitText}. The file is truncated or not a safetensors file; check it, or re-download it.`);
    }
    if (overLimit) {
        throw limitError(file, "maxHeaderBytes", limits, `the header length is ${plural(declared, "byte")}`);
    }
    const headerLength = Number(declared);
    let header;
    if (8 + headerLength <= prefix.byteLength) {
        header = prefix.subarray(8, 8 + headerLength);
    }
    else {
        header = new Uint8Array(headerLength);
        await source.read(8, headerLength, header);
    }
    if (header[firstNonWhitespace(header)] !== 0x7b)
        throwIfKnownKind(file, prefix);
    const parsed = parseSafetensorsHeader(header, source.size, file, limits);
    const tensors = parsed.tensors.map((tensor) => ({ ...tensor, source }));
    return {
        source,
        dataStart: parsed.dataStart,
        tensors,
        metadata: parsed.metadata,
        warnings: parsed.warnings,
    };
}
/**
 * Validates a safetensors header. `headerBytes` are the N bytes after the 8-byte length, and
 * `fileSize` is the size of the whole file. Throws a FormatError listing every problem found, or a
 * LimitError when the header exceeds `limits`.
 */
function parseSafetensorsHeader(headerBytes, fileSize, fileName, limits = DEFAULT_LIMITS) {
    const file = fileName;
    const dataStart = 8 + headerBytes.byteLength;
    if (dataStart > fileSize) {
        fail(file, [
            {
                text: `the header ends at byte ${dataStart}, past the end of the file (${plural(fileSize, "byte")})`,
                remedy: REDOWNLOAD,
            },
        ]);
    }
    const root = decodeHeaderObject(headerBytes, file, limits);
    const warnings = [];
    const problems = [];
    const metadata = readMetadata(root[METADATA_KEY], file, warnings, problems);
    const dataLength = fileSize - dataStart;
    const tensors = [];
    const ranges = [];
    let entryCount = 0;
    for (const [name, value] of Object.entries(root)) {
        if (name === METADATA_KEY)
            continue;
        entryCount++;
        const entry = checkEntry(name, value, file, limits, problems);
        if (entry.offsets)
            ranges.push({ name, begin: entry.offsets[0], end: entry.offsets[1] });
        if (entry.tensor) {
            tensors.push({ ...entry.tensor, byteOffset: dataStart + entry.tensor.byteOffset });
        }
    }
    // An entry with unusable offsets leaves its bytes unaccounted for, so gaps and trailing bytes
    // would only repeat that problem.
    const allOffsetsKnown = ranges.length === entryCount;
    checkCoverage(ranges, dataLength, dataStart, fileSize, allOffsetsKnown, problems);
    if (problems.length > 0)
        fail(file, problems);
    // Stable sort, so zero-size tensors that share an offset keep their header order.
    tensors.sort((a, b) => a.byteOffset - b.byteOffset || a.byteLength - b.byteLength);
    return { tensors, metadata, dataStart, warnings };
}
/** Decodes the header as strict UTF-8 and parses it as exactly one JSON object with unique keys. */
function decodeHeaderObject(headerBytes, file, limits) {
    if (headerBytes.byteLength === 0) {
        fail(file, [{ text: "the header is empty (header length 0)", remedy: REWRITE }]);
    }
    let text;
    try {
        text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(headerBytes);
    }
    catch {
        const at = firstInvalidUtf8Offset(headerBytes);
        fail(file, [
            {
                text: `the header is not valid UTF-8 (invalid byte 0x${hex(headerBytes[at])} at header byte ${at})`,
                remedy: REWRITE,
            },
        ]);
    }
    const start = skipJsonWhitespace(text, 0);
    if (text[start] !== "{") {
        const found = start < text.length ? describeTextAt(text, start) : "only whitespace";
        fail(file, [
            {
                text: `the header must be a JSON object, but it starts with ${found} at header byte ${utf8Length(text.slice(0, start))}`,
                remedy: REWRITE,
            },
        ]);
    }
    // The scan runs first, so JSON nested deeper than the limit is rejected before it is parsed.
    const scan = scanJsonObject(text, limits.maxJsonDepth);
    if (scan && "tooDeep" in scan) {
        const { key, depth, position } = scan.tooDeep;
        const where = key === undefined ? "the header" : `the value of ${(0,visible_text/* quoteForMessage */.Hx)(key)}`;
        throw limitError(file, "maxJsonDepth", limits, `${where} reaches JSON nesting depth ${depth} at header byte ${utf8Length(text.slice(0, position))}`);
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        if (scan && skipJsonWhitespace(text, scan.end) < text.length)
            throwExtraText(file, text, scan);
        fail(file, [
            {
                text: `the header is not valid JSON (${(0,visible_text/* visibleText */.Q6)(error.message).text})`,
                remedy: REWRITE,
            },
        ]);
    }
    if (!isCompleteScan(scan)) {
        throw new Error("BUG: JSON.parse accepted a header that scanJsonObject rejected");
    }
    if (scan.duplicates.length > 0) {
        fail(file, scan.duplicates.map((duplicate) => ({
            text: duplicateKeyText(duplicate.key, duplicate.parent),
            remedy: REWRITE,
        })));
    }
    const tensorCount = scan.keys.filter((key) => key !== METADATA_KEY).length;
    if (tensorCount > limits.maxTensorCount) {
        throw limitError(file, "maxTensorCount", limits, `the header lists ${plural(tensorCount, "tensor")}`);
    }
    return parsed;
}
function throwExtraText(file, text, scan) {
    const at = skipJsonWhitespace(text, scan.end);
    fail(file, [
        {
            text: "the header is not a single JSON object: unexpected text after it, " +
                `${describeTextAt(text, at)} at header byte ${utf8Length(text.slice(0, at))}`,
            remedy: REWRITE,
        },
    ]);
}
function readMetadata(value, file, warnings, problems) {
    if (value === undefined || value === null)
        return {};
    if (typeof value !== "object" || Array.isArray(value)) {
        problems.push({
            text: `\`${METADATA_KEY}\` must be an object of strings, but it is ${jsonKind(value)}`,
            remedy: REWRITE,
        });
        return {};
    }
    const metadata = { ...value };
    const nonString = Object.keys(metadata).filter((key) => typeof metadata[key] !== "string");
    if (nonString.length > 0) {
        warnings.push(`${(0,visible_text/* quoteForMessage */.Hx)(file)}: \`${METADATA_KEY}\` values of ${listNames(nonString)} are not strings, ` +
            "as the format requires; they are kept as found and shown JSON-encoded.");
    }
    return metadata;
}
function checkEntry(name, value, file, limits, problems) {
    const tensor = (0,visible_text/* quoteForMessage */.Hx)(name);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        problems.push({
            text: `tensor ${tensor} must be an object with dtype, shape and data_offsets, but it is ${jsonKind(value)}`,
            remedy: REWRITE,
        });
        return {};
    }
    const entry = value;
    const unknownKeys = Object.keys(entry).filter((key) => !ENTRY_KEYS.includes(key));
    if (unknownKeys.length > 0) {
        problems.push({
            text: `tensor ${tensor} has unknown ${unknownKeys.length === 1 ? "key" : "keys"} ${listNames(unknownKeys)} (expected only dtype, shape and data_offsets)`,
            remedy: REWRITE,
        });
    }
    const missingKeys = ENTRY_KEYS.filter((key) => !Object.hasOwn(entry, key));
    if (missingKeys.length > 0) {
        problems.push({
            text: `tensor ${tensor} lacks ${missingKeys.map((key) => `\`${key}\``).join(", ")}`,
            remedy: REWRITE,
        });
    }
    const dtype = entry.dtype;
    const dtypeValid = typeof dtype === "string" && isDType(dtype);
    if (!dtypeValid && Object.hasOwn(entry, "dtype")) {
        problems.push({
            text: `tensor ${tensor} has dtype ${shownValue(dtype)}, which is not a supported safetensors dtype (supported: ${SUPPORTED_DTYPES.join(", ")})`,
            remedy: REWRITE,
        });
    }
    const shape = checkShape(name, entry.shape, file, limits, problems);
    const offsets = checkOffsets(name, entry.data_offsets, problems);
    if (!dtypeValid || !shape || !offsets || unknownKeys.length > 0)
        return { offsets };
    let numel = 1n;
    for (const dim of shape)
        numel *= BigInt(dim);
    const shapeText = `(${dtype}, shape [${shape.join(", ")}])`;
    const bits = dtypeInfo(dtype).bits;
    const expectedBytes = byteLengthOf(dtype, numel);
    const actualBytes = offsets[1] - offsets[0];
    if (expectedBytes === undefined) {
        problems.push({
            text: `tensor ${tensor} ${shapeText} has ${plural(numel, "element")} of ${bits} bits = ${plural(numel * BigInt(bits), "bit")}, not a whole number of bytes`,
            remedy: REWRITE,
        });
        return { offsets };
    }
    if (expectedBytes !== BigInt(actualBytes)) {
        const unit = bits % 8 === 0 ? plural(bits / 8, "byte") : `${bits} bits`;
        problems.push({
            text: `tensor ${tensor} ${shapeText} needs ${plural(expectedBytes, "byte")} (${plural(numel, "element")} x ${unit}), but its data_offsets [${offsets[0]}, ${offsets[1]}] give ${plural(actualBytes, "byte")}`,
            remedy: REWRITE,
        });
        return { offsets };
    }
    if (numel > BigInt(Number.MAX_SAFE_INTEGER)) {
        problems.push({
            text: `tensor ${tensor} ${shapeText} has ${plural(numel, "element")}, more than 2^53 - 1`,
            remedy: REWRITE,
        });
        return { offsets };
    }
    return {
        offsets,
        tensor: {
            name,
            dtype,
            shape,
            numel: Number(numel),
            byteOffset: offsets[0],
            byteLength: actualBytes,
        },
    };
}
function checkShape(name, value, file, limits, problems) {
    if (value === undefined)
        return undefined;
    if (!Array.isArray(value)) {
        problems.push({
            text: `tensor ${(0,visible_text/* quoteForMessage */.Hx)(name)} has shape ${shownValue(value)}, which is not an array`,
            remedy: REWRITE,
        });
        return undefined;
    }
    if (value.length > limits.maxDims) {
        throw limitError(file, "maxDims", limits, `tensor ${(0,visible_text/* quoteForMessage */.Hx)(name)} has ${plural(value.length, "dimension")}`);
    }
    if (!value.every(isNonNegativeSafeInteger)) {
        problems.push({
            text: `tensor ${(0,visible_text/* quoteForMessage */.Hx)(name)} has shape ${shownValue(value)}; each dimension must be a whole number from 0 to 2^53 - 1`,
            remedy: REWRITE,
        });
        return undefined;
    }
    return value;
}
function checkOffsets(name, value, problems) {
    if (value === undefined)
        return undefined;
    const tensor = (0,visible_text/* quoteForMessage */.Hx)(name);
    if (!Array.isArray(value) || value.length !== 2) {
        problems.push({
            text: `tensor ${tensor} has data_offsets ${shownValue(value)}; expected [begin, end]`,
            remedy: REWRITE,
        });
        return undefined;
    }
    const [begin, end] = value;
    if ([begin, end].some((offset) => typeof offset === "number" && offset > Number.MAX_SAFE_INTEGER)) {
        problems.push({
            text: `tensor ${tensor} has data_offsets beyond 2^53 - 1 (${Number.MAX_SAFE_INTEGER}), the largest offset model-diff can address; no real file is that large, so the header is corrupt`,
            remedy: REWRITE,
        });
        return undefined;
    }
    if (!isNonNegativeSafeInteger(begin) || !isNonNegativeSafeInteger(end)) {
        problems.push({
            text: `tensor ${tensor} has data_offsets ${shownValue(value)}; offsets must be whole numbers from 0 to 2^53 - 1`,
            remedy: REWRITE,
        });
        return undefined;
    }
    if (begin > end) {
        problems.push({
            text: `tensor ${tensor} has reversed data_offsets [${begin}, ${end}] (begin is after end)`,
            remedy: REWRITE,
        });
        return undefined;
    }
    return [begin, end];
}
/**
 * Checks that the non-empty ranges tile [0, dataLength) exactly. Zero-size tensors own no bytes,
 * so they may share an offset with anything, but must not point past the data. Gaps and trailing
 * bytes are reported only when `allOffsetsKnown`.
 */
function checkCoverage(ranges, dataLength, dataStart, fileSize, allOffsetsKnown, problems) {
    const filled = ranges
        .filter((range) => range.end > range.begin)
        .sort((a, b) => a.begin - b.begin || a.end - b.end);
    const declaredEnd = filled.reduce((max, range) => Math.max(max, range.end), 0);
    let cursor = 0;
    let owner;
    for (const range of filled) {
        if (range.begin > cursor && allOffsetsKnown) {
            problems.push({
                text: `data bytes [${cursor}, ${range.begin}) are not covered by any tensor (the format forbids gaps between tensors)`,
                remedy: REWRITE,
            });
        }
        else if (owner && range.begin < cursor) {
            problems.push(overlapProblem(owner, range));
        }
        if (!owner || range.end > owner.end)
            owner = range;
        cursor = Math.max(cursor, range.end);
    }
    for (const range of ranges) {
        if (range.begin === range.end && range.begin > Math.max(declaredEnd, dataLength)) {
            problems.push({
                text: `zero-size tensor ${(0,visible_text/* quoteForMessage */.Hx)(range.name)} has data_offsets [${range.begin}, ${range.end}], past the end of the data section (${plural(Math.max(declaredEnd, dataLength), "byte")})`,
                remedy: REWRITE,
            });
        }
    }
    if (declaredEnd > dataLength) {
        const pastEnd = filled.filter((range) => range.end > dataLength);
        const first = pastEnd[0];
        const more = pastEnd.length === 2
            ? " (1 more tensor also ends past it)"
            : pastEnd.length > 2
                ? ` (${pastEnd.length - 1} more tensors also end past it)`
                : "";
        problems.push({
            text: `the file is truncated: tensor ${(0,visible_text/* quoteForMessage */.Hx)(first.name)} needs data bytes [${first.begin}, ${first.end}), but the data section has ${plural(dataLength, "byte")}${more} (expected file size ${dataStart + declaredEnd}, actual ${fileSize})`,
            remedy: REDOWNLOAD,
        });
    }
    else if (cursor < dataLength && allOffsetsKnown) {
        const extra = dataLength - cursor;
        problems.push({
            text: filled.length === 0
                ? `the data section has ${plural(extra, "byte")}, but no tensor has data`
                : `${plural(extra, "byte")} after the last tensor (data bytes [${cursor}, ${dataLength})) ${extra === 1 ? "is" : "are"} not covered by any tensor`,
            remedy: REWRITE,
        });
    }
}
function overlapProblem(owner, range) {
    if (owner.begin === range.begin && owner.end === range.end) {
        return {
            text: `tensors ${(0,visible_text/* quoteForMessage */.Hx)(owner.name)} and ${(0,visible_text/* quoteForMessage */.Hx)(range.name)} both point to data bytes [${range.begin}, ${range.end}): tied weights stored as one range, but the format gives each byte range one owner`,
            remedy: TIED,
        };
    }
    return {
        text: `tensors ${(0,visible_text/* quoteForMessage */.Hx)(owner.name)} [${owner.begin}, ${owner.end}) and ${(0,visible_text/* quoteForMessage */.Hx)(range.name)} [${range.begin}, ${range.end}) overlap on data bytes [${range.begin}, ${Math.min(owner.end, range.end)})`,
        remedy: REWRITE,
    };
}
/**
 * Throws one FormatError listing the problems, then the distinct remedies. At most
 * MAX_LISTED_PROBLEMS problems and about MAX_LISTED_CHARS characters are listed.
 */
function fail(file, problems) {
    const shownFile = (0,visible_text/* quoteForMessage */.Hx)(file);
    const remedies = [...new Set(problems.map((problem) => problem.remedy))].join(" ");
    const first = problems[0];
    if (problems.length === 1 && first) {
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: ${first.text}. ${remedies}`);
    }
    const listed = [];
    let listedChars = 0;
    for (const problem of problems) {
        if (listed.length === MAX_LISTED_PROBLEMS)
            break;
        if (listed.length > 0 && listedChars + problem.text.length > MAX_LISTED_CHARS)
            break;
        listed.push(`  - ${problem.text}`);
        listedChars += problem.text.length;
    }
    const rest = problems.length - listed.length;
    if (rest > 0)
        listed.push(`  - and ${plural(rest, "more problem")}`);
    throw new src_errors/* FormatError */.IF(file, `${shownFile}: the safetensors header has ${problems.length} problems:\n${listed.join("\n")}\n${remedies}`);
}
function duplicateKeyText(key, parent) {
    if (parent !== undefined) {
        return `key ${(0,visible_text/* quoteForMessage */.Hx)(key)} appears more than once in ${(0,visible_text/* quoteForMessage */.Hx)(parent)}`;
    }
    if (key === METADATA_KEY)
        return `the \`${METADATA_KEY}\` key appears more than once`;
    return `tensor ${(0,visible_text/* quoteForMessage */.Hx)(key)} is defined more than once in the header`;
}
/**
 * Describes the header text at `at` for a message: the first character by code point when it is
 * invisible (a byte order mark, NUL, control character), then a short quoted excerpt.
 */
function describeTextAt(text, at) {
    const excerpt = (0,visible_text/* quoteForMessage */.Hx)(text.slice(at, at + EXCERPT_CHARS));
    const codePoint = text.codePointAt(at);
    const character = String.fromCodePoint(codePoint);
    const name = CHARACTER_NAMES[codePoint];
    if (name === undefined && (0,visible_text/* escapeInvisible */.ts)(character) === character)
        return excerpt;
    const code = `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
    return `${code} (${name ?? "an invisible character"}), as in ${excerpt}`;
}
/** Lists names quoted and escaped, the first MAX_LISTED_NAMES of them, then a count of the rest. */
function listNames(names) {
    const shown = names.slice(0, MAX_LISTED_NAMES).map((name) => (0,visible_text/* quoteForMessage */.Hx)(name));
    const rest = names.length - shown.length;
    return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}
/**
 * Shows a header value in a message: a string quoted by quoteForMessage, anything else as its JSON
 * text (where JSON.stringify has escaped control characters) cut to MAX_SHOWN_CHARS, with the
 * remaining invisible characters escaped.
 */
function shownValue(value) {
    if (typeof value === "string")
        return (0,visible_text/* quoteForMessage */.Hx)(value);
    const json = JSON.stringify(value) ?? String(value);
    const cut = json.length > visible_text/* MAX_SHOWN_CHARS */.jV ? `${json.slice(0, visible_text/* MAX_SHOWN_CHARS */.jV)}…` : json;
    return (0,visible_text/* escapeInvisible */.ts)(cut);
}
/** Returns "1 byte", "2 bytes" and so on; `noun` is the singular and takes a plain "s". */
function plural(count, noun) {
    return `${count} ${count === 1 || count === 1n ? noun : `${noun}s`}`;
}
function throwIfKnownKind(file, firstBytes) {
    const error = fileKindError(file, sniffFileKind(firstBytes), firstBytes);
    if (error)
        throw error;
}
function firstNonWhitespace(bytes) {
    let i = 0;
    while (i < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i]))
        i++;
    return i;
}
/** Returns the offset of the first byte that breaks UTF-8 (RFC 3629), or the length if none. */
function firstInvalidUtf8Offset(bytes) {
    let i = 0;
    while (i < bytes.length) {
        const lead = bytes[i];
        if (lead < 0x80) {
            i++;
            continue;
        }
        let length;
        let low = 0x80;
        let high = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf)
            length = 2;
        else if (lead >= 0xe0 && lead <= 0xef)
            length = 3;
        else if (lead >= 0xf0 && lead <= 0xf4)
            length = 4;
        else
            return i;
        // Second-byte ranges that exclude overlong forms, surrogates and code points above U+10FFFF.
        if (lead === 0xe0)
            low = 0xa0;
        if (lead === 0xed)
            high = 0x9f;
        if (lead === 0xf0)
            low = 0x90;
        if (lead === 0xf4)
            high = 0x8f;
        for (let k = 1; k < length; k++) {
            const byte = bytes[i + k];
            const min = k === 1 ? low : 0x80;
            const max = k === 1 ? high : 0xbf;
            if (byte === undefined || byte < min || byte > max)
                return i;
        }
        i += length;
    }
    return bytes.length;
}
// NOTE: JSON.parse turns `4.0` and `4e0` into 4, so such spellings pass as integers here, while
// the Rust reader rejects them.
function isNonNegativeSafeInteger(value) {
    return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
function jsonKind(value) {
    if (value === null)
        return "null";
    if (Array.isArray(value))
        return "an array";
    return `a ${typeof value}`;
}
function utf8Length(text) {
    return Buffer.byteLength(text, "utf8");
}
function hex(byte) {
    return (byte ?? 0).toString(16).padStart(2, "0");
}

;// CONCATENATED MODULE: ./src/format/shard-index.ts
/**
 * The shard index of a sharded checkpoint (`model.safetensors.index.json`, or a variant such as
 * `diffusion_pytorch_model.safetensors.index.json`):
 * `{"metadata": {...}, "weight_map": {tensor name: shard file name}}`, and its consistency with
 * the headers of the shards it names.
 */





/** Shard-level problems listed in one error before the rest are only counted. */
const shard_index_MAX_LISTED_PROBLEMS = 20;
/**
 * Characters of listed problems in one error before the rest are only counted, so an index full
 * of long hostile names still gives a message of a few KB.
 */
const shard_index_MAX_LISTED_CHARS = 3000;
/** Names listed in one problem (tensors of a shard, duplicate keys) before the rest are counted. */
const shard_index_MAX_LISTED_NAMES = 5;
const SHARD_SUFFIX = ".safetensors";
const REDOWNLOAD_CHECKPOINT = "Re-download the checkpoint, or re-save it so that the index and the shards agree.";
/** Reads and parses an index, checking its size against `limits.maxIndexBytes` before reading. */
async function readShardIndex(source, limits = DEFAULT_LIMITS) {
    if (source.size > limits.maxIndexBytes) {
        throw limitError(source.name, "maxIndexBytes", limits, `the index has ${shard_index_plural(source.size, "byte")}`);
    }
    const bytes = new Uint8Array(source.size);
    await source.read(0, bytes.byteLength, bytes);
    return parseShardIndex(bytes, source.name, limits);
}
/** Parses index bytes; rejects shard names that could leave the index's folder. */
function parseShardIndex(bytes, fileName, limits = DEFAULT_LIMITS) {
    const file = fileName;
    if (bytes.byteLength > limits.maxIndexBytes) {
        throw limitError(file, "maxIndexBytes", limits, `the index has ${shard_index_plural(bytes.byteLength, "byte")}`);
    }
    const shownFile = (0,visible_text/* quoteForMessage */.Hx)(file);
    const fix = "Re-download the index, or pass one shard file instead.";
    let text;
    try {
        text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    }
    catch {
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: the shard index is not valid UTF-8. ${fix}`);
    }
    // The scan runs first, so JSON nested deeper than the limit is rejected before it is parsed.
    const scan = scanJsonObject(text, limits.maxJsonDepth);
    if (scan && "tooDeep" in scan) {
        const { key, depth } = scan.tooDeep;
        const where = key === undefined ? "the index" : `the value of ${(0,visible_text/* quoteForMessage */.Hx)(key)}`;
        throw limitError(file, "maxJsonDepth", limits, `${where} reaches JSON nesting depth ${depth}`);
    }
    let root;
    try {
        root = JSON.parse(text);
    }
    catch (error) {
        const reason = (0,visible_text/* visibleText */.Q6)(error.message).text;
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: the shard index is not valid JSON (${reason}). ${fix}`);
    }
    if (typeof root !== "object" || root === null || Array.isArray(root)) {
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: the shard index must be a JSON object. ${fix}`);
    }
    const index = root;
    const weightMapValue = index.weight_map;
    if (typeof weightMapValue !== "object" ||
        weightMapValue === null ||
        Array.isArray(weightMapValue)) {
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: the shard index has no \`weight_map\` object mapping tensor names to shard files. ${fix}`);
    }
    const metadataValue = index.metadata ?? {};
    if (typeof metadataValue !== "object" || Array.isArray(metadataValue)) {
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: the index's \`metadata\` must be an object. ${fix}`);
    }
    const duplicates = (isCompleteScan(scan) ? scan.duplicates : []).filter((duplicate) => duplicate.parent === "weight_map");
    if (duplicates.length > 0) {
        const names = shard_index_listNames(duplicates.map((duplicate) => duplicate.key));
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: weight_map maps ${names} more than once, so the owning shard is ambiguous. ${fix}`);
    }
    const entries = Object.entries(weightMapValue);
    if (entries.length === 0) {
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: the index's weight_map is empty. ${fix}`);
    }
    if (entries.length > limits.maxTensorCount) {
        throw limitError(file, "maxTensorCount", limits, `weight_map lists ${shard_index_plural(entries.length, "tensor")}`);
    }
    const indexName = external_node_path_default().basename(file);
    const invalid = [];
    const weightMap = new Map();
    const tensorsByShard = new Map();
    for (const [tensor, shard] of entries) {
        const reason = typeof shard === "string" ? invalidShardNameReason(shard, indexName) : "is not a string";
        if (reason !== undefined) {
            const shown = typeof shard === "string" ? (0,visible_text/* quoteForMessage */.Hx)(shard) : shownJson(shard);
            invalid.push(`${(0,visible_text/* quoteForMessage */.Hx)(tensor)} -> ${shown} ${reason}`);
            continue;
        }
        const shardName = shard;
        weightMap.set(tensor, shardName);
        const list = tensorsByShard.get(shardName);
        if (list)
            list.push(tensor);
        else
            tensorsByShard.set(shardName, [tensor]);
    }
    if (invalid.length > 0) {
        throw new src_errors/* FormatError */.IF(file, `${shownFile}: weight_map has ${shard_index_plural(invalid.length, "invalid shard file name")}:\n` +
            `${listLines(invalid)}\nEach shard must be a \`.safetensors\` file in the index's folder, named by a ` +
            `relative path without \`..\`, backslashes or percent-encoding. ${fix}`);
    }
    if (tensorsByShard.size > limits.maxShardCount) {
        throw limitError(file, "maxShardCount", limits, `weight_map names ${shard_index_plural(tensorsByShard.size, "shard file")}`);
    }
    return {
        metadata: { ...metadataValue },
        weightMap,
        shards: [...tensorsByShard.keys()],
        tensorsByShard,
    };
}
/**
 * Returns why a weight_map value cannot be a shard of the index named `indexName`: a name that
 * could resolve outside the index's folder, the index itself, or a file that is not
 * `.safetensors`. Returns undefined for a valid shard name.
 */
function invalidShardNameReason(name, indexName) {
    const unsafe = unsafeShardNameReason(name);
    if (unsafe !== undefined)
        return unsafe;
    if (name === indexName)
        return "is the index file itself";
    if (!name.endsWith(SHARD_SUFFIX))
        return `does not end in \`${SHARD_SUFFIX}\``;
    return undefined;
}
/** Returns why a shard name could resolve outside the index's folder, or undefined when safe. */
function unsafeShardNameReason(name) {
    if (name === "")
        return "is empty";
    if (name.includes("\0"))
        return "contains a NUL character";
    if (name.includes("\\"))
        return "contains a backslash";
    if (name.startsWith("/"))
        return "is an absolute path";
    if (/^[A-Za-z]:/.test(name))
        return "starts with a drive letter";
    if (/%(2e|2f|5c)/i.test(name))
        return "contains a percent-encoded dot or separator";
    if (name.split("/").some((segment) => segment === "" || segment === "." || segment === ".."))
        return "contains an empty, `.` or `..` path segment";
    return undefined;
}
/**
 * Throws when shards named by the index are not on disk, before any shard is opened.
 * `missing` lists the absent shard names.
 */
function assertShardsPresent(index, indexName, missing) {
    if (missing.length === 0)
        return;
    const lines = missing.map((shard) => {
        const tensors = index.tensorsByShard.get(shard) ?? [];
        const shown = `${shard_index_plural(tensors.length, "tensor")}: ${shard_index_listNames(tensors)}`;
        return `${(0,visible_text/* quoteForMessage */.Hx)(shard)} is named by the index (${shown}) but missing`;
    });
    const body = lines.length === 1 ? lines[0] : `${lines.length} shards:\n${listLines(lines)}\n`;
    throw new src_errors/* FormatError */.IF(indexName, `${(0,visible_text/* quoteForMessage */.Hx)(indexName)}: checkpoint incomplete: ${body}${lines.length === 1 ? ". " : ""}` +
        "Re-download the checkpoint, including every shard the index names.");
}
/**
 * Checks the shard headers against the index and throws one FormatError listing every
 * inconsistency. `shardTensors` maps each shard name to the tensor names in its header.
 * Tensors found in a shard but absent from weight_map alone give warnings, which are returned.
 */
function checkShardConsistency(index, indexName, shardTensors) {
    const errors = [];
    const unlisted = [];
    const shardsByTensor = new Map();
    for (const [shard, names] of shardTensors) {
        for (const name of names) {
            const shards = shardsByTensor.get(name);
            if (shards)
                shards.push(shard);
            else
                shardsByTensor.set(name, [shard]);
        }
    }
    for (const [tensor, shard] of index.weightMap) {
        const holders = shardsByTensor.get(tensor) ?? [];
        if (!holders.includes(shard)) {
            const elsewhere = holders.length > 0 ? `; it is in ${shard_index_listNames(holders)}` : "";
            errors.push(`${(0,visible_text/* quoteForMessage */.Hx)(tensor)} is mapped to ${(0,visible_text/* quoteForMessage */.Hx)(shard)} but missing from that shard's header${elsewhere}`);
        }
    }
    for (const [tensor, shards] of shardsByTensor) {
        if (shards.length > 1) {
            errors.push(`${(0,visible_text/* quoteForMessage */.Hx)(tensor)} is defined in ${shards.length} shards: ${shard_index_listNames(shards)}`);
        }
        if (!index.weightMap.has(tensor)) {
            unlisted.push(`${(0,visible_text/* quoteForMessage */.Hx)(tensor)} is in ${shard_index_listNames(shards)} but absent from the index's weight_map`);
        }
    }
    if (errors.length === 0) {
        const shownIndex = (0,visible_text/* quoteForMessage */.Hx)(indexName);
        return unlisted.map((text) => `${shownIndex}: ${text}; it is compared like the other tensors.`);
    }
    const all = [...errors, ...unlisted];
    throw new src_errors/* FormatError */.IF(indexName, `${(0,visible_text/* quoteForMessage */.Hx)(indexName)}: the index and the shard headers disagree (${shard_index_plural(all.length, "problem")}):\n${listLines(all)}\n${REDOWNLOAD_CHECKPOINT}`);
}
/** Formats lines as a list: at most MAX_LISTED_PROBLEMS lines and about MAX_LISTED_CHARS characters. */
function listLines(lines) {
    const shown = [];
    let shownChars = 0;
    for (const line of lines) {
        if (shown.length === shard_index_MAX_LISTED_PROBLEMS)
            break;
        if (shown.length > 0 && shownChars + line.length > shard_index_MAX_LISTED_CHARS)
            break;
        shown.push(`  - ${line}`);
        shownChars += line.length;
    }
    const rest = lines.length - shown.length;
    if (rest > 0)
        shown.push(`  - and ${rest} more`);
    return shown.join("\n");
}
/** Lists names quoted and escaped, the first MAX_LISTED_NAMES of them, then a count of the rest. */
function shard_index_listNames(names) {
    const shown = names.slice(0, shard_index_MAX_LISTED_NAMES).map((name) => (0,visible_text/* quoteForMessage */.Hx)(name));
    const rest = names.length - shown.length;
    return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}
/**
 * Shows a non-string value as its JSON text (where JSON.stringify has escaped control characters)
 * cut to MAX_SHOWN_CHARS, with the remaining invisible characters escaped.
 */
function shownJson(value) {
    const json = JSON.stringify(value) ?? String(value);
    const cut = json.length > visible_text/* MAX_SHOWN_CHARS */.jV ? `${json.slice(0, visible_text/* MAX_SHOWN_CHARS */.jV)}…` : json;
    return (0,visible_text/* escapeInvisible */.ts)(cut);
}
/** Returns "1 tensor", "2 tensors" and so on; `noun` is the singular and takes a plain "s". */
function shard_index_plural(count, noun) {
    return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: ./src/io/local-file.ts




/**
 * Open flags for reading. O_NONBLOCK makes opening a FIFO return at once instead of waiting for a
 * writer, so the type check after opening can reject it. It has no effect on regular files.
 * Windows has no O_NONBLOCK, so there the constant is undefined and adds nothing.
 */
const READ_FLAGS = external_node_fs_namespaceObject.constants.O_RDONLY | (external_node_fs_namespaceObject.constants.O_NONBLOCK ?? 0);
/**
 * Describes a failed file system call in plain words, for example
 * `cannot list folder "x": permission denied. Check …`. `action` is what was attempted, such as
 * "list folder" or "open", and `target` is the path.
 */
function describeFsError(action, target, error, context = {}) {
    const code = error?.code;
    const shown = (0,visible_text/* quoteForMessage */.Hx)(target);
    const reason = fsErrorReason(code, context);
    return `cannot ${action} ${shown}: ${reason}`;
}
/** Returns an InputError with the message of describeFsError. */
function fsInputError(action, target, error, context = {}) {
    return new src_errors/* InputError */.dz(describeFsError(action, target, error, context));
}
function fsErrorReason(code, context) {
    switch (code) {
        case "ENOENT":
            return "no such file or folder. Check the path.";
        case "EACCES":
        case "EPERM":
            return "permission denied. Check the permissions, or run as a user who can read it.";
        case "ELOOP":
            return "too many symbolic links (a loop?). Check where the links point.";
        case "ENOTDIR":
            return "a part of the path is a file, not a folder. Check the path.";
        case "ENAMETOOLONG":
            return "the path is too long. Pass a shorter path.";
        case "EISDIR":
            return "it is a folder, not a file. Pass a file.";
        case "EMFILE":
        case "ENFILE": {
            const count = context.openFiles;
            const held = count === undefined
                ? "a sharded checkpoint keeps one file open per shard on each side"
                : `a checkpoint with ${count} ${count === 1 ? "shard" : "shards"} keeps ${count} ${count === 1 ? "file" : "files"} open per side`;
            return `too many open files: raise the limit with \`ulimit -n\` (${held}).`;
        }
        case "EIO":
            return "input/output error, so the disk or network file system failed. Check the storage.";
        default:
            return `the system call failed (${code ?? "no error code"}). Check the path.`;
    }
}
/** Names the kind of a file that is not a regular file, for messages. */
function describeFileType(info) {
    if (info.isDirectory())
        return "a folder";
    if (info.isFIFO())
        return "a FIFO";
    if (info.isSocket())
        return "a socket";
    if (info.isCharacterDevice())
        return "a character device";
    if (info.isBlockDevice())
        return "a block device";
    if (info.isSymbolicLink())
        return "a symbolic link";
    return "an unknown kind of file";
}
/** A ByteSource over a local file, read with positional reads. */
class LocalFileSource {
    handle;
    name;
    size;
    spec;
    constructor(handle, name, size, path) {
        this.handle = handle;
        this.name = name;
        this.size = size;
        this.spec = { kind: "file", path, name, size };
    }
    /**
     * Opens `path` for reading; `name` is how messages refer to it (defaults to the path). Throws an
     * InputError when the path cannot be opened or is not a regular file (a FIFO, device or folder).
     */
    static async open(path, name = path, context = {}) {
        let handle;
        try {
            handle = await (0,promises_.open)(path, READ_FLAGS);
        }
        catch (error) {
            throw fsInputError("open", name, error, context);
        }
        let info;
        try {
            info = await handle.stat();
        }
        catch (error) {
            await handle.close();
            throw fsInputError("read the type of", name, error, context);
        }
        if (!info.isFile()) {
            await handle.close();
            throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(name)}: not a regular file (it is ${describeFileType(info)}). Pass a safetensors file.`);
        }
        return new LocalFileSource(handle, name, info.size, path);
    }
    async read(offset, length, target, targetOffset = 0) {
        if (offset < 0 || length < 0 || offset + length > this.size) {
            throw new src_errors/* FormatError */.IF(this.name, `${(0,visible_text/* quoteForMessage */.Hx)(this.name)}: cannot read bytes [${offset}, ${offset + length}): the file has ${this.size} ${this.size === 1 ? "byte" : "bytes"}.`);
        }
        let done = 0;
        while (done < length) {
            const { bytesRead } = await this.handle.read(target, targetOffset + done, length - done, offset + done);
            if (bytesRead === 0) {
                throw new src_errors/* FormatError */.IF(this.name, `${(0,visible_text/* quoteForMessage */.Hx)(this.name)}: the file ended at byte ${offset + done} while reading [${offset}, ${offset + length}); it may have changed during the diff.`);
            }
            done += bytesRead;
        }
    }
    async close() {
        await this.handle.close();
    }
}

;// CONCATENATED MODULE: ./src/checkpoint/local.ts
/**
 * Resolves a local path to a checkpoint: a `.safetensors` file, a shard index, or a folder with
 * a standard weight set or a single one. Every file system failure becomes an InputError.
 */








/** File names that transformers writes, tried first in a folder. */
const STANDARD_INDEX = "model.safetensors.index.json";
const STANDARD_SINGLE = "model.safetensors";
const INDEX_SUFFIX = ".safetensors.index.json";
const SAFETENSORS_SUFFIX = ".safetensors";
/** Extensions of weights in formats model-diff does not read, named when a folder has no safetensors. */
const OTHER_WEIGHT_EXTENSIONS = [
    ".bin",
    ".pt",
    ".pth",
    ".ckpt",
    ".gguf",
    ".h5",
    ".msgpack",
    ".pkl",
];
/** Names listed in one message (unused weight sets, metadata keys) before the rest are counted. */
const local_MAX_LISTED_NAMES = 5;
/**
 * Opens the checkpoint at `reference`: a safetensors file, a `*.safetensors.index.json` file, or a
 * folder. In a folder, `model.safetensors.index.json` wins, then `model.safetensors`, and the
 * checkpoint gets a warning naming the weight sets left out. Without either, the only weight set
 * is used, and several candidates give an InputError that lists them.
 */
async function openLocalCheckpoint(reference, limits = DEFAULT_LIMITS) {
    const shown = (0,visible_text/* quoteForMessage */.Hx)(reference);
    const info = await statPath(reference);
    if (info === undefined) {
        throw new src_errors/* InputError */.dz(`${shown}: no such file or folder. Check the path.`);
    }
    if (info.isFile()) {
        if (reference.endsWith(INDEX_SUFFIX))
            return openSharded(reference, reference, limits, []);
        return openSingle(reference, reference, limits, []);
    }
    if (!info.isDirectory()) {
        throw new src_errors/* InputError */.dz(`${shown}: not a regular file or folder (it is ${describeFileType(info)}). Pass a checkpoint file or folder.`);
    }
    return openFolder(reference, limits);
}
async function openFolder(folder, limits) {
    const shown = (0,visible_text/* quoteForMessage */.Hx)(folder);
    const names = await listFiles(folder);
    const preferred = [STANDARD_INDEX, STANDARD_SINGLE].find((name) => names.includes(name));
    if (preferred !== undefined) {
        // Other indexes are read only to leave their shards out of the warning, so a broken one
        // does not stop the comparison of the preferred weight set.
        const candidates = await weightSetCandidates(folder, names, limits, "skip-unreadable");
        const unused = candidates.filter((name) => name !== preferred);
        const warnings = unused.length > 0 ? [unusedWeightSetsWarning(folder, preferred, unused)] : [];
        const file = external_node_path_default().join(folder, preferred);
        return preferred === STANDARD_INDEX
            ? openSharded(folder, file, limits, warnings)
            : openSingle(folder, file, limits, warnings);
    }
    const candidates = await weightSetCandidates(folder, names, limits, "throw");
    if (candidates.length === 1) {
        const only = external_node_path_default().join(folder, candidates[0]);
        return only.endsWith(INDEX_SUFFIX)
            ? openSharded(folder, only, limits, [])
            : openSingle(folder, only, limits, []);
    }
    if (candidates.length > 1) {
        const listed = candidates
            .map((name) => `  - ${(0,visible_text/* quoteForMessage */.Hx)(external_node_path_default().join(folder, name))}`)
            .join("\n");
        throw new src_errors/* InputError */.dz(`${shown}: the folder contains ${candidates.length} weight sets, and model-diff compares one:\n${listed}\n` +
            "Pass the path of the file or index to compare instead of the folder.");
    }
    const others = names.filter((name) => OTHER_WEIGHT_EXTENSIONS.includes(external_node_path_default().extname(name).toLowerCase()));
    if (others.length > 0) {
        throw new src_errors/* InputError */.dz(`${shown}: the folder has no safetensors files, only weights in other formats ` +
            `(${local_listNames(others)}). Convert them to safetensors ` +
            "(for example torch.load, then safetensors.torch.save_file) and compare the converted files.");
    }
    throw new src_errors/* InputError */.dz(`${shown}: the folder has no \`.safetensors\` file and no \`${INDEX_SUFFIX}\` shard index. ` +
        "Pass the folder or file that holds the weights.");
}
function unusedWeightSetsWarning(folder, used, unused) {
    const sets = unused.length === 1 ? "weight set" : "weight sets";
    return (`${(0,visible_text/* quoteForMessage */.Hx)(folder)}: compared ${(0,visible_text/* quoteForMessage */.Hx)(used)} and left out the other ${sets} ` +
        `in the folder: ${local_listNames(unused)}. In a folder, \`${STANDARD_INDEX}\` comes first, then ` +
        `\`${STANDARD_SINGLE}\`. To compare another weight set, pass the path of its file or index ` +
        "instead of the folder.");
}
/**
 * Lists the weight sets of a folder: each shard index, plus each safetensors file that no index
 * names as a shard. With "skip-unreadable", an index that cannot be read still counts as a
 * weight set, but its shards are not recognized.
 */
async function weightSetCandidates(folder, names, limits, unreadableIndex) {
    const indexes = names.filter((name) => name.endsWith(INDEX_SUFFIX));
    const shardNames = new Set();
    for (const name of indexes) {
        let index;
        try {
            index = await withSource(external_node_path_default().join(folder, name), (source) => readShardIndex(source, limits));
        }
        catch (error) {
            if (unreadableIndex === "skip-unreadable" && error instanceof src_errors/* ModelDiffError */.fV)
                continue;
            throw error;
        }
        for (const shard of index.shards)
            shardNames.add(shard);
    }
    const singles = names.filter((name) => name.endsWith(SAFETENSORS_SUFFIX) && !shardNames.has(name));
    return [...indexes, ...singles].sort();
}
async function openSingle(reference, file, limits, folderWarnings) {
    const source = await LocalFileSource.open(file);
    let parsed;
    try {
        parsed = await readSafetensorsFile(source, limits);
    }
    catch (error) {
        await source.close();
        throw error;
    }
    const warnings = [...folderWarnings, ...parsed.warnings];
    return buildCheckpoint(reference, file, [parsed], parsed.metadata, warnings);
}
async function openSharded(reference, indexPath, limits, folderWarnings) {
    const index = await withSource(indexPath, (source) => readShardIndex(source, limits));
    const folder = external_node_path_default().dirname(indexPath);
    const context = { openFiles: index.shards.length };
    const missing = [];
    const notFiles = [];
    for (const shard of index.shards) {
        const shardPath = external_node_path_default().join(folder, shard);
        const info = await statPath(shardPath, context);
        if (info === undefined)
            missing.push(shard);
        else if (!info.isFile()) {
            notFiles.push(`${(0,visible_text/* quoteForMessage */.Hx)(shardPath)} (${describeFileType(info)})`);
        }
    }
    assertShardsPresent(index, indexPath, missing);
    if (notFiles.length > 0) {
        const shards = notFiles.length === 1 ? "shard is" : "shards are";
        throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(indexPath)}: ${notFiles.length} ${shards} not a regular file: ${notFiles.slice(0, local_MAX_LISTED_NAMES).join(", ")}` +
            `${notFiles.length > local_MAX_LISTED_NAMES ? ` and ${notFiles.length - local_MAX_LISTED_NAMES} more` : ""}. ` +
            "Replace each with the shard file, for example by re-downloading the checkpoint.");
    }
    const files = [];
    const opened = [];
    try {
        for (const shard of index.shards) {
            const source = await LocalFileSource.open(external_node_path_default().join(folder, shard), undefined, context);
            opened.push(source);
            files.push(await readSafetensorsFile(source, limits));
        }
        const shardTensors = new Map(index.shards.map((shard, i) => [shard, files[i]?.tensors.map((tensor) => tensor.name) ?? []]));
        const warnings = checkShardConsistency(index, indexPath, shardTensors);
        const metadataWarnings = [];
        const metadata = mergeMetadata(index.metadata, files, indexPath, metadataWarnings);
        const allWarnings = [
            ...folderWarnings,
            ...files.flatMap((file) => file.warnings),
            ...warnings,
            ...metadataWarnings,
        ];
        return buildCheckpoint(reference, indexPath, files, metadata, allWarnings);
    }
    catch (error) {
        await Promise.allSettled(opened.map((source) => source.close()));
        throw error;
    }
}
/**
 * Merges the index metadata with each shard's `__metadata__`. The first value of a key wins, and
 * a later different value gives a warning.
 */
function mergeMetadata(indexMetadata, files, indexPath, warnings) {
    const merged = { ...indexMetadata };
    const conflicts = new Set();
    for (const file of files) {
        for (const [key, value] of Object.entries(file.metadata)) {
            if (!Object.hasOwn(merged, key))
                merged[key] = value;
            else if (JSON.stringify(merged[key]) !== JSON.stringify(value))
                conflicts.add(key);
        }
    }
    if (conflicts.size > 0) {
        const keys = local_listNames([...conflicts]);
        const noun = conflicts.size === 1 ? "key" : "keys";
        const verb = conflicts.size === 1 ? "has" : "have";
        warnings.push(`${(0,visible_text/* quoteForMessage */.Hx)(indexPath)}: metadata ${noun} ${keys} ${verb} different values in the index and the shards; ` +
            "the first value found (index, then shards in index order) is shown.");
    }
    return merged;
}
function buildCheckpoint(reference, resolved, files, metadata, warnings) {
    const tensors = new Map();
    let tensorBytes = 0;
    for (const file of files) {
        for (const tensor of file.tensors) {
            tensors.set(tensor.name, tensor);
            tensorBytes += tensor.byteLength;
        }
    }
    let closing;
    return {
        reference,
        resolved,
        files,
        tensors,
        metadata,
        warnings,
        tensorBytes,
        close() {
            closing ??= closeAll(files.map((file) => file.source));
            return closing;
        },
    };
}
async function closeAll(sources) {
    const results = await Promise.allSettled(sources.map((source) => source.close()));
    const failure = results.find((result) => result.status === "rejected");
    if (failure)
        throw failure.reason;
}
async function withSource(file, use) {
    const source = await LocalFileSource.open(file);
    try {
        return await use(source);
    }
    finally {
        await source.close();
    }
}
/**
 * Returns the stats of `target`, following symbolic links, or undefined when nothing is there.
 * Any other failure becomes an InputError in plain words.
 */
async function statPath(target, context = {}) {
    try {
        return await (0,promises_.stat)(target);
    }
    catch (error) {
        if (error.code === "ENOENT")
            return undefined;
        throw fsInputError("read", target, error, context);
    }
}
/**
 * Names of the regular files in `folder`, following symbolic links, sorted. A `.safetensors` or
 * index name that is not a regular file (a FIFO, device, folder or broken link) gives an
 * InputError, because leaving it out would call it missing.
 */
async function listFiles(folder) {
    let entries;
    try {
        entries = await (0,promises_.readdir)(folder, { withFileTypes: true });
    }
    catch (error) {
        throw fsInputError("list folder", folder, error);
    }
    const names = [];
    for (const entry of entries) {
        if (entry.isFile()) {
            names.push(entry.name);
            continue;
        }
        const full = external_node_path_default().join(folder, entry.name);
        if (entry.name.endsWith(SAFETENSORS_SUFFIX) || entry.name.endsWith(INDEX_SUFFIX)) {
            const info = await statPath(full);
            if (info === undefined) {
                throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(full)}: a symbolic link to a missing file. Fix the link, or pass the path of the file to compare.`);
            }
            if (!info.isFile()) {
                throw new src_errors/* InputError */.dz(`${(0,visible_text/* quoteForMessage */.Hx)(full)}: not a regular file (it is ${describeFileType(info)}). ` +
                    "Replace it with the weights file, or pass the path of the file to compare.");
            }
            names.push(entry.name);
        }
        else if (entry.isSymbolicLink()) {
            // A link with another name only helps to name weights in other formats, so a broken one is
            // left out.
            const info = await (0,promises_.stat)(full).catch(() => undefined);
            if (info?.isFile())
                names.push(entry.name);
        }
    }
    return names.sort();
}
/** Lists names quoted and escaped, the first MAX_LISTED_NAMES of them, then a count of the rest. */
function local_listNames(names) {
    const shown = names.slice(0, local_MAX_LISTED_NAMES).map((name) => (0,visible_text/* quoteForMessage */.Hx)(name));
    const rest = names.length - shown.length;
    return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./src/diff/kernels.ts
/**
 * Decoders for every dtype and the plain JavaScript comparison kernel.
 *
 * The kernel compares a run of whole blocks of one tensor pair and returns exact counts, the
 * maximum difference with its index, and one set of float64 sums per block. Every block's sums are
 * accumulated in element order from zero, so the result does not depend on how blocks are grouped
 * into work units. A faster kernel (WebAssembly) can replace this one behind `ComparisonKernel`
 * as long as it keeps that contract. This one then serves as the reference in tests.
 */


/** Elements per block, the unit of arithmetic: the two float64 scratch arrays take 128 KiB each. */
const BLOCK_ELEMENTS = 16_384;
/** Float64 sums stored per block, in the order of the `SUM_*` indexes. */
const SUMS_PER_BLOCK = 6;
const SUM_A = 0;
const SUM_B = 1;
const SUM_SQUARED_DELTA = 2;
const SUM_SQUARED_A = 3;
const SUM_SQUARED_B = 4;
const SUM_PRODUCT = 5;
/**
 * Returns how a pair of dtypes is compared, or "incomparable" when neither a cast nor a byte
 * comparison gives element pairs (a dtype change to or from a sub-byte dtype or C64).
 */
function comparisonOf(baseDtype, headDtype) {
    const base = dtypeInfo(baseDtype).comparison;
    const head = dtypeInfo(headDtype).comparison;
    if (baseDtype === headDtype)
        return base;
    if (base === "bytes" || head === "bytes" || base === "complex" || head === "complex") {
        return "incomparable";
    }
    if (base === "integer64" && head === "integer64")
        return "integer64";
    if (base === "integer" && head === "integer")
        return "integer";
    return "float";
}
/** Bytes that elements [0, count) of `dtype` occupy, rounded up to a whole byte. */
function byteEndOf(dtype, count) {
    return Math.ceil((count * dtypeInfo(dtype).bits) / 8);
}
function buildTable(size, decodeCode) {
    const table = new Float64Array(size);
    for (let code = 0; code < size; code++)
        table[code] = decodeCode(code);
    return table;
}
/** IEEE 754 binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits, with subnormals. */
function decodeF16Code(code) {
    const sign = code & 0x8000 ? -1 : 1;
    const exponent = (code >> 10) & 0x1f;
    const mantissa = code & 0x3ff;
    if (exponent === 0x1f)
        return mantissa === 0 ? sign * Infinity : Number.NaN;
    if (exponent === 0)
        return sign * mantissa * 2 ** -24;
    return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}
/** bfloat16: the upper half of an IEEE binary32. */
function decodeBF16Code(code) {
    const scratch = new DataView(new ArrayBuffer(4));
    scratch.setUint32(0, code << 16, true);
    return scratch.getFloat32(0, true);
}
/** OCP float8 E4M3 ("fn"): bias 7, no infinities, S.1111.111 is NaN, maximum 448. */
function decodeE4M3Code(code) {
    const sign = code & 0x80 ? -1 : 1;
    const exponent = (code >> 3) & 0xf;
    const mantissa = code & 0x7;
    if (exponent === 0xf && mantissa === 0x7)
        return Number.NaN;
    if (exponent === 0)
        return sign * mantissa * 2 ** -9;
    return sign * (8 + mantissa) * 2 ** (exponent - 10);
}
/** OCP float8 E5M2: bias 15, IEEE-like infinities and NaNs. */
function decodeE5M2Code(code) {
    const sign = code & 0x80 ? -1 : 1;
    const exponent = (code >> 2) & 0x1f;
    const mantissa = code & 0x3;
    if (exponent === 0x1f)
        return mantissa === 0 ? sign * Infinity : Number.NaN;
    if (exponent === 0)
        return sign * mantissa * 2 ** -16;
    return sign * (4 + mantissa) * 2 ** (exponent - 17);
}
/** OCP E8M0 scale: an unsigned exponent alone, 2^(e - 127); 0xFF is NaN. */
function decodeE8M0Code(code) {
    return code === 0xff ? Number.NaN : 2 ** (code - 127);
}
/** float8 E4M3FNUZ: bias 8, no infinities, no negative zero, 0x80 is the only NaN. */
function decodeE4M3FnuzCode(code) {
    if (code === 0x80)
        return Number.NaN;
    const sign = code & 0x80 ? -1 : 1;
    const exponent = (code >> 3) & 0xf;
    const mantissa = code & 0x7;
    if (exponent === 0)
        return sign * mantissa * 2 ** -10;
    return sign * (8 + mantissa) * 2 ** (exponent - 11);
}
/** float8 E5M2FNUZ: bias 16, no infinities, no negative zero, 0x80 is the only NaN. */
function decodeE5M2FnuzCode(code) {
    if (code === 0x80)
        return Number.NaN;
    const sign = code & 0x80 ? -1 : 1;
    const exponent = (code >> 2) & 0x1f;
    const mantissa = code & 0x3;
    if (exponent === 0)
        return sign * mantissa * 2 ** -17;
    return sign * (4 + mantissa) * 2 ** (exponent - 18);
}
const tableBuilders = {
    F16: () => buildTable(0x10000, decodeF16Code),
    BF16: () => buildTable(0x10000, decodeBF16Code),
    F8_E4M3: () => buildTable(0x100, decodeE4M3Code),
    F8_E5M2: () => buildTable(0x100, decodeE5M2Code),
    F8_E8M0: () => buildTable(0x100, decodeE8M0Code),
    F8_E4M3FNUZ: () => buildTable(0x100, decodeE4M3FnuzCode),
    F8_E5M2FNUZ: () => buildTable(0x100, decodeE5M2FnuzCode),
};
const tables = new Map();
/** Lookup table from bit pattern to value, for the 8- and 16-bit float dtypes. */
function decodeTable(dtype) {
    let table = tables.get(dtype);
    if (!table) {
        const build = tableBuilders[dtype];
        if (!build)
            throw new Error(`Internal error: ${dtype} has no lookup table.`);
        table = build();
        tables.set(dtype, table);
    }
    return table;
}
function tableDecoder(dtype, bytesPerElement) {
    const table = decodeTable(dtype);
    return (bytes, count, out) => {
        const codes = bytesPerElement === 1
            ? bytes.subarray(0, count)
            : new Uint16Array(bytes.buffer, bytes.byteOffset, count);
        for (let i = 0; i < count; i++)
            out[i] = table[codes[i]];
    };
}
/** Decoder to float64 for every dtype that has one value per element (not F4, F6 or C64). */
function decoderFor(dtype) {
    switch (dtype) {
        case "F64":
            return (bytes, count, out) => out.set(new Float64Array(bytes.buffer, bytes.byteOffset, count));
        case "F32":
            return (bytes, count, out) => out.set(new Float32Array(bytes.buffer, bytes.byteOffset, count));
        case "F16":
        case "BF16":
            return tableDecoder(dtype, 2);
        case "F8_E4M3":
        case "F8_E5M2":
        case "F8_E8M0":
        case "F8_E4M3FNUZ":
        case "F8_E5M2FNUZ":
            return tableDecoder(dtype, 1);
        case "I32":
            return (bytes, count, out) => out.set(new Int32Array(bytes.buffer, bytes.byteOffset, count));
        case "U32":
            return (bytes, count, out) => out.set(new Uint32Array(bytes.buffer, bytes.byteOffset, count));
        case "I16":
            return (bytes, count, out) => out.set(new Int16Array(bytes.buffer, bytes.byteOffset, count));
        case "U16":
            return (bytes, count, out) => out.set(new Uint16Array(bytes.buffer, bytes.byteOffset, count));
        case "I8":
            return (bytes, count, out) => out.set(new Int8Array(bytes.buffer, bytes.byteOffset, count));
        case "U8":
        case "BOOL":
            return (bytes, count, out) => out.set(bytes.subarray(0, count));
        case "I64":
            // NOTE: only a cast against a non-64-bit dtype decodes I64 to float64, which rounds
            // values beyond 2^53; I64 against I64 or U64 is compared exactly.
            return (bytes, count, out) => {
                const values = new BigInt64Array(bytes.buffer, bytes.byteOffset, count);
                for (let i = 0; i < count; i++)
                    out[i] = Number(values[i]);
            };
        case "U64":
            return (bytes, count, out) => {
                const values = new BigUint64Array(bytes.buffer, bytes.byteOffset, count);
                for (let i = 0; i < count; i++)
                    out[i] = Number(values[i]);
            };
        default:
            throw new Error(`Internal error: ${dtype} has no element decoder.`);
    }
}
// ---------------------------------------------------------------------------------------------
// The reference kernel
function emptySegment(count) {
    return {
        changed: 0,
        bitsDiffering: 0,
        finiteCount: 0,
        nanA: 0,
        nanB: 0,
        infA: 0,
        infB: 0,
        maxAbsDelta: 0,
        maxAbsDeltaIndex: -1,
        blockSums: new Float64Array(Math.ceil(count / BLOCK_ELEMENTS) * SUMS_PER_BLOCK),
    };
}
/** Typed arrays need an element-aligned byte offset; copy when the caller's view is not. */
function aligned(bytes, alignment) {
    return bytes.byteOffset % alignment === 0 ? bytes : bytes.slice();
}
/** Number of elements whose stored bits differ, comparing `count` elements of `width` bytes. */
function countDifferingElements(base, head, count, width) {
    let differing = 0;
    if (width === 1) {
        for (let i = 0; i < count; i++)
            if (base[i] !== head[i])
                differing++;
    }
    else if (width === 2) {
        const a = new Uint16Array(base.buffer, base.byteOffset, count);
        const b = new Uint16Array(head.buffer, head.byteOffset, count);
        for (let i = 0; i < count; i++)
            if (a[i] !== b[i])
                differing++;
    }
    else {
        // 4 or 8 bytes: compare 32-bit words, and count an element once when any word differs.
        const words = width / 4;
        const a = new Uint32Array(base.buffer, base.byteOffset, count * words);
        const b = new Uint32Array(head.buffer, head.byteOffset, count * words);
        if (words === 1) {
            for (let i = 0; i < count; i++)
                if (a[i] !== b[i])
                    differing++;
        }
        else {
            for (let i = 0; i < count * 2; i += 2) {
                if (a[i] !== b[i] || a[i + 1] !== b[i + 1])
                    differing++;
            }
        }
    }
    return differing;
}
/**
 * Kernel for dtypes decoded to float64: floats, integers up to 32 bits, and casts between
 * different dtypes. For a cast, bitsDiffering counts elements whose decoded values are not
 * identical in the sense of Object.is (NaN is identical to NaN, -0 is not identical to +0).
 */
function floatKernel(baseDtype, headDtype, threshold) {
    const decodeBase = decoderFor(baseDtype);
    const decodeHead = decoderFor(headDtype);
    const baseWidth = dtypeInfo(baseDtype).bits / 8;
    const headWidth = dtypeInfo(headDtype).bits / 8;
    const sameDtype = baseDtype === headDtype;
    const valuesA = new Float64Array(BLOCK_ELEMENTS);
    const valuesB = new Float64Array(BLOCK_ELEMENTS);
    return {
        compare(baseBytes, headBytes, firstElement, count) {
            const result = emptySegment(count);
            const base = aligned(baseBytes, baseWidth);
            const head = aligned(headBytes, headWidth);
            let maxAbsDelta = 0;
            let maxAbsDeltaIndex = -1;
            for (let start = 0, block = 0; start < count; start += BLOCK_ELEMENTS, block++) {
                const n = Math.min(BLOCK_ELEMENTS, count - start);
                const blockBase = base.subarray(start * baseWidth, (start + n) * baseWidth);
                const blockHead = head.subarray(start * headWidth, (start + n) * headWidth);
                decodeBase(blockBase, n, valuesA);
                decodeHead(blockHead, n, valuesB);
                if (sameDtype) {
                    result.bitsDiffering += countDifferingElements(blockBase, blockHead, n, baseWidth);
                }
                let changed = 0;
                let identicalValues = 0;
                let finite = 0;
                let sumA = 0;
                let sumB = 0;
                let sumSquaredDelta = 0;
                let sumSquaredA = 0;
                let sumSquaredB = 0;
                let sumProduct = 0;
                for (let i = 0; i < n; i++) {
                    const a = valuesA[i];
                    const b = valuesB[i];
                    const aFinite = a - a === 0;
                    const bFinite = b - b === 0;
                    if (!aFinite) {
                        if (Number.isNaN(a))
                            result.nanA++;
                        else
                            result.infA++;
                    }
                    if (!bFinite) {
                        if (Number.isNaN(b))
                            result.nanB++;
                        else
                            result.infB++;
                    }
                    if (!sameDtype && Object.is(a, b))
                        identicalValues++;
                    const same = a === b || (Number.isNaN(a) && Number.isNaN(b));
                    if (!same) {
                        const delta = Math.abs(a - b);
                        if (!(delta <= threshold))
                            changed++;
                        if (delta > maxAbsDelta && delta - delta === 0) {
                            maxAbsDelta = delta;
                            maxAbsDeltaIndex = firstElement + start + i;
                        }
                    }
                    if (aFinite && bFinite) {
                        finite++;
                        const delta = a - b;
                        sumA += a;
                        sumB += b;
                        sumSquaredDelta += delta * delta;
                        sumSquaredA += a * a;
                        sumSquaredB += b * b;
                        sumProduct += a * b;
                    }
                }
                result.changed += changed;
                if (!sameDtype)
                    result.bitsDiffering += n - identicalValues;
                result.finiteCount += finite;
                storeBlockSums(result.blockSums, block, [
                    sumA,
                    sumB,
                    sumSquaredDelta,
                    sumSquaredA,
                    sumSquaredB,
                    sumProduct,
                ]);
            }
            result.maxAbsDelta = maxAbsDelta;
            result.maxAbsDeltaIndex = maxAbsDeltaIndex;
            return result;
        },
    };
}
function storeBlockSums(target, block, sums) {
    target.set(sums, block * SUMS_PER_BLOCK);
}
function bigIntView(dtype, bytes, count) {
    return dtype === "I64"
        ? new BigInt64Array(bytes.buffer, bytes.byteOffset, count)
        : new BigUint64Array(bytes.buffer, bytes.byteOffset, count);
}
/**
 * Returns the largest integer that does not exceed `threshold`, so that for any integer d,
 * d > threshold exactly when d > the result. Math.floor of a finite double is an integer double,
 * and BigInt converts it exactly. An infinite threshold returns null: no difference exceeds it.
 */
function integerThresholdOf(threshold) {
    if (threshold === Infinity)
        return null;
    // NaN compares false with everything, so `!(delta <= NaN)` counts every differing pair.
    if (Number.isNaN(threshold) || threshold === -Infinity)
        return -1n;
    return BigInt(Math.floor(threshold));
}
/**
 * Kernel for I64 and U64, exact with BigInt. The threshold test compares the BigInt |a - b| with
 * the threshold exactly (see integerThresholdOf), so a difference of 2^53 + 1 exceeds a threshold
 * of 2^53. The maximum and sumSquaredDelta use |a - b| rounded to float64, and the other sums use
 * Number(a) and Number(b). Every element is finite.
 */
function integer64Kernel(baseDtype, headDtype, threshold) {
    const integerThreshold = integerThresholdOf(threshold);
    return {
        compare(baseBytes, headBytes, firstElement, count) {
            const result = emptySegment(count);
            const baseValues = bigIntView(baseDtype, aligned(baseBytes, 8), count);
            const headValues = bigIntView(headDtype, aligned(headBytes, 8), count);
            let maxAbsDelta = 0;
            let maxAbsDeltaIndex = -1;
            for (let start = 0, block = 0; start < count; start += BLOCK_ELEMENTS, block++) {
                const end = Math.min(count, start + BLOCK_ELEMENTS);
                let sumA = 0;
                let sumB = 0;
                let sumSquaredDelta = 0;
                let sumSquaredA = 0;
                let sumSquaredB = 0;
                let sumProduct = 0;
                for (let i = start; i < end; i++) {
                    const a = baseValues[i];
                    const b = headValues[i];
                    const a64 = Number(a);
                    const b64 = Number(b);
                    let delta = 0;
                    if (a !== b) {
                        result.bitsDiffering++;
                        const exactDelta = a > b ? a - b : b - a;
                        if (integerThreshold !== null && exactDelta > integerThreshold)
                            result.changed++;
                        delta = Number(exactDelta);
                        if (delta > maxAbsDelta) {
                            maxAbsDelta = delta;
                            maxAbsDeltaIndex = firstElement + i;
                        }
                    }
                    sumA += a64;
                    sumB += b64;
                    sumSquaredDelta += delta * delta;
                    sumSquaredA += a64 * a64;
                    sumSquaredB += b64 * b64;
                    sumProduct += a64 * b64;
                }
                result.finiteCount += end - start;
                storeBlockSums(result.blockSums, block, [
                    sumA,
                    sumB,
                    sumSquaredDelta,
                    sumSquaredA,
                    sumSquaredB,
                    sumProduct,
                ]);
            }
            result.maxAbsDelta = maxAbsDelta;
            result.maxAbsDeltaIndex = maxAbsDeltaIndex;
            return result;
        },
    };
}
/**
 * Kernel for C64, an element being two F32 parts (real, imaginary). An element changed, or has
 * differing bits, when either part does. The value statistics treat the parts as separate values.
 * So finiteCount counts finite part pairs (up to 2 per element), and the NaN and infinity counts
 * count parts. The sums run over parts, and the maximum is over parts with the element's index.
 */
function complexKernel(threshold) {
    return {
        compare(baseBytes, headBytes, firstElement, count) {
            const result = emptySegment(count);
            const base = aligned(baseBytes, 4);
            const head = aligned(headBytes, 4);
            const partsA = new Float32Array(base.buffer, base.byteOffset, count * 2);
            const partsB = new Float32Array(head.buffer, head.byteOffset, count * 2);
            const bitsA = new Uint32Array(base.buffer, base.byteOffset, count * 2);
            const bitsB = new Uint32Array(head.buffer, head.byteOffset, count * 2);
            let maxAbsDelta = 0;
            let maxAbsDeltaIndex = -1;
            for (let start = 0, block = 0; start < count; start += BLOCK_ELEMENTS, block++) {
                const end = Math.min(count, start + BLOCK_ELEMENTS);
                let sumA = 0;
                let sumB = 0;
                let sumSquaredDelta = 0;
                let sumSquaredA = 0;
                let sumSquaredB = 0;
                let sumProduct = 0;
                for (let element = start; element < end; element++) {
                    let elementChanged = false;
                    for (let part = element * 2; part < element * 2 + 2; part++) {
                        const a = partsA[part];
                        const b = partsB[part];
                        const aFinite = a - a === 0;
                        const bFinite = b - b === 0;
                        if (!aFinite) {
                            if (Number.isNaN(a))
                                result.nanA++;
                            else
                                result.infA++;
                        }
                        if (!bFinite) {
                            if (Number.isNaN(b))
                                result.nanB++;
                            else
                                result.infB++;
                        }
                        const same = a === b || (Number.isNaN(a) && Number.isNaN(b));
                        if (!same) {
                            const delta = Math.abs(a - b);
                            if (!(delta <= threshold))
                                elementChanged = true;
                            if (delta > maxAbsDelta && delta - delta === 0) {
                                maxAbsDelta = delta;
                                maxAbsDeltaIndex = firstElement + element;
                            }
                        }
                        if (aFinite && bFinite) {
                            result.finiteCount++;
                            const delta = a - b;
                            sumA += a;
                            sumB += b;
                            sumSquaredDelta += delta * delta;
                            sumSquaredA += a * a;
                            sumSquaredB += b * b;
                            sumProduct += a * b;
                        }
                    }
                    if (elementChanged)
                        result.changed++;
                    const part = element * 2;
                    if (bitsA[part] !== bitsB[part] || bitsA[part + 1] !== bitsB[part + 1]) {
                        result.bitsDiffering++;
                    }
                }
                storeBlockSums(result.blockSums, block, [
                    sumA,
                    sumB,
                    sumSquaredDelta,
                    sumSquaredA,
                    sumSquaredB,
                    sumProduct,
                ]);
            }
            result.maxAbsDelta = maxAbsDelta;
            result.maxAbsDeltaIndex = maxAbsDeltaIndex;
            return result;
        },
    };
}
/** OCP FP4 E2M1: 1 sign, 2 exponent (bias 1), 1 mantissa bit; no infinities or NaNs. */
function decodeE2M1Code(code) {
    const sign = code & 0x8 ? -1 : 1;
    const exponent = (code >> 1) & 0x3;
    const mantissa = code & 0x1;
    if (exponent === 0)
        return sign * mantissa * 0.5;
    return sign * (2 + mantissa) * 2 ** (exponent - 2);
}
/**
 * Kernel for F4 (E2M1), two elements to a byte. Whichever nibble a convention stores first, a
 * byte holds two whole elements, so the nibbles of a base byte pair with the nibbles of the head
 * byte at the same position. bitsDiffering counts differing nibbles and changed applies the
 * change rule to the decoded nibbles (0x0 and 0x8 are +0 and -0, so they are equal). Both are
 * exact element counts. The element index of a nibble depends on the convention, so the kernel
 * reports no maximum and no sums.
 */
function f4Kernel(threshold) {
    const values = buildTable(16, decodeE2M1Code);
    const valueChanged = (codeA, codeB) => {
        const a = values[codeA];
        const b = values[codeB];
        return a !== b && !(Math.abs(a - b) <= threshold);
    };
    return {
        compare(base, head, _firstElement, count) {
            const result = emptySegment(count);
            const wholeBytes = Math.floor(count / 2);
            for (let i = 0; i < wholeBytes; i++) {
                const a = base[i];
                const b = head[i];
                if (a === b)
                    continue;
                if ((a & 0xf) !== (b & 0xf)) {
                    result.bitsDiffering++;
                    if (valueChanged(a & 0xf, b & 0xf))
                        result.changed++;
                }
                if (a >> 4 !== b >> 4) {
                    result.bitsDiffering++;
                    if (valueChanged(a >> 4, b >> 4))
                        result.changed++;
                }
            }
            if (count % 2 === 1) {
                // NOTE: the last byte of an odd-length tensor holds one element and one padding nibble,
                // and the format does not fix which is which. It counts as one element that changed
                // when either nibble did, so an edited padding nibble would be counted too.
                const a = base[wholeBytes];
                const b = head[wholeBytes];
                if (a !== b)
                    result.bitsDiffering++;
                if (valueChanged(a & 0xf, b & 0xf) || valueChanged(a >> 4, b >> 4))
                    result.changed++;
            }
            return result;
        },
    };
}
/**
 * Kernel for the F6 dtypes, compared as raw bytes: bitsDiffering counts differing bytes, and
 * changed counts elements with at least one bit in a differing byte. Four elements share three
 * bytes and the format does not fix their bit order, so an element cannot be read alone, and
 * changed is an upper bound on the elements whose bits differ. Elements are packed contiguously,
 * `bits` per element from the start of the first byte. The bit order within a byte does not
 * change which bytes an element touches. No numeric statistics.
 */
function bytesKernel(dtype) {
    const bits = dtypeInfo(dtype).bits;
    return {
        compare(base, head, firstElement, count) {
            const result = emptySegment(count);
            // firstElement is a multiple of BLOCK_ELEMENTS, so the run starts on a byte boundary.
            const firstBit = firstElement * bits;
            const byteStart = firstBit / 8;
            const byteCount = byteEndOf(dtype, firstElement + count) - byteStart;
            for (let i = 0; i < byteCount; i++)
                if (base[i] !== head[i])
                    result.bitsDiffering++;
            if (result.bitsDiffering === 0)
                return result;
            for (let element = 0; element < count; element++) {
                const startBit = element * bits;
                const firstByte = Math.floor(startBit / 8);
                const lastByte = Math.floor((startBit + bits - 1) / 8);
                for (let byte = firstByte; byte <= lastByte; byte++) {
                    if (base[byte] !== head[byte]) {
                        result.changed++;
                        break;
                    }
                }
            }
            return result;
        },
    };
}
/**
 * Statistics of a dtype change that gives no element pairs (see comparisonOf): every element
 * counts as changed and as differing, and no values are read.
 */
function incomparableStats(count) {
    const result = emptySegment(count);
    result.changed = count;
    result.bitsDiffering = count;
    return result;
}
/** Creates the plain JavaScript kernel for a pair of dtypes. */
function createReferenceKernel(baseDtype, headDtype, threshold) {
    if ((0,external_node_os_namespaceObject.endianness)() !== "LE") {
        throw new Error("model-diff reads tensors through typed arrays and needs a little-endian CPU.");
    }
    const comparison = comparisonOf(baseDtype, headDtype);
    switch (comparison) {
        case "float":
        case "integer":
            return floatKernel(baseDtype, headDtype, threshold);
        case "integer64":
            return integer64Kernel(baseDtype, headDtype, threshold);
        case "complex":
            return complexKernel(threshold);
        case "bytes":
            return baseDtype === "F4" ? f4Kernel(threshold) : bytesKernel(baseDtype);
        case "incomparable":
            return { compare: (_base, _head, _first, count) => incomparableStats(count) };
    }
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./src/diff/pairing.ts
/**
 * Pairing of base and head tensors: by name first, then removed against added by content.
 */


/** Bytes read per call while hashing a tensor: large enough for fast reads, small enough to bound memory. */
const HASH_READ_BYTES = 1024 * 1024;
function sameShape(a, b) {
    return a.length === b.length && a.every((dimension, i) => dimension === b[i]);
}
function byName(a, b) {
    if (a.name < b.name)
        return -1;
    if (a.name > b.name)
        return 1;
    return 0;
}
function oneSided(entry) {
    return { name: entry.name, shape: [...entry.shape], dtype: entry.dtype, numel: entry.numel };
}
/** Pairs tensors by name. Tensors on one side only are returned as added or removed. */
function pairByName(base, head) {
    const compared = [];
    const reshaped = [];
    const removed = [];
    const added = [];
    for (const [name, baseEntry] of base.tensors) {
        const headEntry = head.tensors.get(name);
        if (!headEntry) {
            removed.push(oneSided(baseEntry));
        }
        else if (sameShape(baseEntry.shape, headEntry.shape)) {
            compared.push({
                name,
                base: baseEntry,
                head: headEntry,
                comparison: comparisonOf(baseEntry.dtype, headEntry.dtype),
            });
        }
        else {
            reshaped.push({
                name,
                baseShape: [...baseEntry.shape],
                headShape: [...headEntry.shape],
                baseDtype: baseEntry.dtype,
                headDtype: headEntry.dtype,
                baseNumel: baseEntry.numel,
                headNumel: headEntry.numel,
            });
        }
    }
    for (const [name, headEntry] of head.tensors) {
        if (!base.tensors.has(name))
            added.push(oneSided(headEntry));
    }
    compared.sort(byName);
    reshaped.sort(byName);
    removed.sort(byName);
    added.sort(byName);
    return { compared, added, removed, reshaped };
}
/** SHA-256 of a tensor's bytes, hex, read in HASH_READ_BYTES pieces. */
async function hashTensor(entry) {
    const hash = (0,external_node_crypto_namespaceObject.createHash)("sha256");
    const buffer = new Uint8Array(Math.min(HASH_READ_BYTES, Math.max(1, entry.byteLength)));
    for (let done = 0; done < entry.byteLength;) {
        const length = Math.min(buffer.byteLength, entry.byteLength - done);
        await entry.source.read(entry.byteOffset + done, length, buffer, 0);
        hash.update(buffer.subarray(0, length));
        done += length;
    }
    return hash.digest("hex");
}
function contentKey(entry) {
    return `${entry.dtype}|${entry.shape.join(",")}|${entry.byteLength}`;
}
/**
 * Matches removed tensors against added ones with the same dtype, shape, byte length and SHA-256
 * of the bytes, and moves each match to `renamed`. Only tensors whose dtype, shape and length
 * have a counterpart on the other side are hashed. Each added tensor matches at most one removed
 * tensor; removed tensors are matched in name order.
 */
async function matchRenamed(base, head, pairing) {
    const removedEntries = pairing.removed.map((tensor) => base.tensors.get(tensor.name));
    const addedEntries = pairing.added.map((tensor) => head.tensors.get(tensor.name));
    const addedByKey = new Map();
    for (const entry of addedEntries) {
        if (!entry)
            continue;
        const key = contentKey(entry);
        addedByKey.set(key, [...(addedByKey.get(key) ?? []), entry]);
    }
    const renamed = [];
    const renamedBase = new Set();
    const renamedHead = new Set();
    const headHashes = new Map();
    for (const baseEntry of removedEntries) {
        if (!baseEntry)
            continue;
        const candidates = addedByKey.get(contentKey(baseEntry));
        if (!candidates || candidates.length === 0)
            continue;
        const baseHash = await hashTensor(baseEntry);
        for (const headEntry of candidates) {
            if (renamedHead.has(headEntry.name))
                continue;
            let headHash = headHashes.get(headEntry.name);
            if (headHash === undefined) {
                headHash = await hashTensor(headEntry);
                headHashes.set(headEntry.name, headHash);
            }
            if (headHash !== baseHash)
                continue;
            renamed.push({
                baseName: baseEntry.name,
                headName: headEntry.name,
                shape: [...baseEntry.shape],
                dtype: baseEntry.dtype,
                numel: baseEntry.numel,
            });
            renamedBase.add(baseEntry.name);
            renamedHead.add(headEntry.name);
            break;
        }
    }
    return {
        compared: pairing.compared,
        reshaped: pairing.reshaped,
        removed: pairing.removed.filter((tensor) => !renamedBase.has(tensor.name)),
        added: pairing.added.filter((tensor) => !renamedHead.has(tensor.name)),
        renamed,
    };
}
/** Pairs tensors by name, then matches the leftovers by content. */
async function pairTensors(base, head) {
    return matchRenamed(base, head, pairByName(base, head));
}

;// CONCATENATED MODULE: ./src/diff/plan.ts
/**
 * Work units: bounded byte ranges of tensor pairs, cut on block boundaries.
 *
 * A unit contains one or more segments. A segment is a run of whole blocks of one tensor pair (the
 * tensor's last block may be partial). Large tensors are split into several units; small tensors
 * are batched several to a unit, so thousands of tiny tensors cost few messages.
 */


/** Default bytes per side per unit: 1 MiB reads run at full speed and stay in L2 (measured 64 KiB-4 MiB alike). */
const DEFAULT_CHUNK_BYTES = 1024 * 1024;
/** Segments per unit at most, which bounds the size of one message to a worker. */
const MAX_SEGMENTS_PER_UNIT = 256;
/** Largest storage size of one element of the pair, in bytes (fractional for sub-byte dtypes). */
function bytesPerElement(pair) {
    return Math.max(dtypeInfo(pair.base.dtype).bits, dtypeInfo(pair.head.dtype).bits) / 8;
}
/** Blocks per unit for a pair: as many as fit in `chunkBytes` per side, at least one. */
function blocksPerUnit(pair, chunkBytes) {
    return Math.max(1, Math.floor(chunkBytes / (BLOCK_ELEMENTS * bytesPerElement(pair))));
}
function rangeOf(entry, firstElement, count) {
    const start = byteEndOf(entry.dtype, firstElement);
    const end = byteEndOf(entry.dtype, firstElement + count);
    return { source: entry.source.spec, offset: entry.byteOffset + start, length: end - start };
}
/**
 * Yields the work units for `pairs` in pair order and, within a pair, in block order. Pairs with
 * no elements and "incomparable" pairs need no bytes and get no segments.
 */
function* planUnits(pairs, threshold, chunkBytes = DEFAULT_CHUNK_BYTES) {
    let id = 0;
    let segments = [];
    let baseBytes = 0;
    let headBytes = 0;
    const flush = () => {
        const unit = { id: id++, threshold, segments, bytes: baseBytes + headBytes };
        segments = [];
        baseBytes = 0;
        headBytes = 0;
        return unit;
    };
    for (let pairIndex = 0; pairIndex < pairs.length; pairIndex++) {
        const pair = pairs[pairIndex];
        if (pair.comparison === "incomparable" || pair.base.numel === 0)
            continue;
        const elementsPerSegment = blocksPerUnit(pair, chunkBytes) * BLOCK_ELEMENTS;
        for (let first = 0; first < pair.base.numel; first += elementsPerSegment) {
            const count = Math.min(elementsPerSegment, pair.base.numel - first);
            const segment = {
                pairIndex,
                baseDtype: pair.base.dtype,
                headDtype: pair.head.dtype,
                firstElement: first,
                elementCount: count,
                base: rangeOf(pair.base, first, count),
                head: rangeOf(pair.head, first, count),
            };
            const fits = Math.max(baseBytes + segment.base.length, headBytes + segment.head.length) <= chunkBytes;
            if (segments.length > 0 && (!fits || segments.length >= MAX_SEGMENTS_PER_UNIT)) {
                yield flush();
            }
            segments.push(segment);
            baseBytes += segment.base.length;
            headBytes += segment.head.length;
        }
    }
    if (segments.length > 0)
        yield flush();
}

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./src/diff/pool.ts
/**
 * A fixed-size pool of worker threads with a task queue.
 *
 * Written for this project because piscina and tinypool fail inside an ESM ncc bundle. Piscina
 * needs __dirname, and ncc turns tinypool's worker URL into a plain path that fileURLToPath
 * rejects.
 * A task that fails in a worker rejects its own promise with the worker's error rebuilt. A worker
 * that crashes or exits on its own fails the whole pool: every pending task is rejected and the
 * other workers are terminated.
 */


/** Marker in workerData, so the worker script starts its message loop only when the pool runs it. */
const WORKER_ROLE = "model-diff diff worker";
/** Time for every worker to load and report ready; loading a bundle takes well under a second. */
const WORKER_START_TIMEOUT_MS = 30_000;
/** Time for a worker to close its files after a close request before it is terminated. */
const WORKER_CLOSE_TIMEOUT_MS = 5_000;
/** Rebuilds the typed error a worker reported, so callers can map it to an exit code. */
function deserializeError(error) {
    switch (error.kind) {
        case "FormatError":
            return new src_errors/* FormatError */.IF(error.file ?? "", error.message);
        case "LimitError":
            return new src_errors/* LimitError */.oC(error.file ?? "", error.limit ?? "", error.message);
        case "InputError":
            return new src_errors/* InputError */.dz(error.message);
        case "UsageError":
            return new src_errors/* UsageError */.eb(error.message);
        case "ModelDiffError":
            return new src_errors/* ModelDiffError */.fV(error.message);
        default: {
            const rebuilt = new Error(`A diff worker thread failed: ${error.message}`);
            if (error.stack)
                rebuilt.stack = `${rebuilt.message}\nWorker stack: ${error.stack}`;
            return rebuilt;
        }
    }
}
class WorkerPool {
    slots;
    queue = [];
    nextId = 0;
    failure;
    closing = false;
    terminated = Promise.resolve();
    constructor(slots) {
        this.slots = slots;
    }
    /** Starts `size` workers running `script` and waits until each reports ready. */
    static async start(script, size) {
        const workerData = { role: WORKER_ROLE };
        const workers = Array.from({ length: size }, () => new external_node_worker_threads_namespaceObject.Worker(script, { workerData }));
        try {
            await Promise.all(workers.map((worker) => waitForReady(worker, script)));
        }
        catch (error) {
            await Promise.all(workers.map((worker) => worker.terminate()));
            throw error;
        }
        const pool = new WorkerPool(workers.map((worker) => ({ worker, running: undefined })));
        for (const slot of pool.slots)
            pool.listen(slot);
        return pool;
    }
    get size() {
        return this.slots.length;
    }
    /** Queues a task; resolves with its result, or rejects with the worker's error. */
    run(task) {
        if (this.failure)
            return Promise.reject(this.failure);
        if (this.closing)
            return Promise.reject(new Error("Internal error: the worker pool is closed."));
        return new Promise((resolve, reject) => {
            this.queue.push({ id: this.nextId++, task, resolve, reject });
            this.dispatch();
        });
    }
    /** Asks every worker to close its files, then terminates it. Pending tasks are rejected. */
    async close() {
        if (this.closing) {
            await this.terminated;
            return;
        }
        this.closing = true;
        this.rejectAll(new Error("Internal error: the worker pool closed with tasks pending."));
        this.terminated = Promise.all(this.slots.map((slot) => closeWorker(slot.worker)));
        await this.terminated;
    }
    dispatch() {
        for (const slot of this.slots) {
            if (slot.running)
                continue;
            const next = this.queue.shift();
            if (!next)
                return;
            slot.running = next;
            const request = { type: "task", id: next.id, task: next.task };
            slot.worker.postMessage(request);
        }
    }
    listen(slot) {
        slot.worker.on("message", (reply) => {
            const running = slot.running;
            if (reply.type !== "result" && reply.type !== "failed")
                return;
            if (!running || running.id !== reply.id) {
                this.fail(new Error(`Internal error: a worker replied to task ${reply.id}, which it was not running.`));
                return;
            }
            slot.running = undefined;
            if (reply.type === "result")
                running.resolve(reply.result);
            else
                running.reject(deserializeError(reply.error));
            this.dispatch();
        });
        slot.worker.on("error", (error) => {
            this.fail(new Error(`A diff worker thread crashed: ${error.message}`, { cause: error }));
        });
        slot.worker.on("exit", (code) => {
            if (!this.closing) {
                this.fail(new Error(`A diff worker thread exited unexpectedly with code ${code}.`));
            }
        });
    }
    /** Rejects every pending task with `error` and terminates all workers. */
    fail(error) {
        if (this.failure || this.closing)
            return;
        this.failure = error;
        this.closing = true;
        this.rejectAll(error);
        this.terminated = Promise.all(this.slots.map((slot) => slot.worker.terminate()));
    }
    rejectAll(error) {
        for (const slot of this.slots) {
            slot.running?.reject(error);
            slot.running = undefined;
        }
        for (const pending of this.queue.splice(0))
            pending.reject(error);
    }
}
function waitForReady(worker, script) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            cleanup();
            reject(new Error(`The diff worker ${String(script)} did not start within ${WORKER_START_TIMEOUT_MS} ms.`));
        }, WORKER_START_TIMEOUT_MS);
        const onMessage = (reply) => {
            if (reply.type !== "ready")
                return;
            cleanup();
            resolve();
        };
        const onError = (error) => {
            cleanup();
            reject(new Error(`The diff worker ${String(script)} failed to start: ${error.message}`, {
                cause: error,
            }));
        };
        const onExit = (code) => {
            cleanup();
            reject(new Error(`The diff worker ${String(script)} exited with code ${code} before it started.`));
        };
        const cleanup = () => {
            clearTimeout(timer);
            worker.off("message", onMessage);
            worker.off("error", onError);
            worker.off("exit", onExit);
        };
        worker.on("message", onMessage);
        worker.on("error", onError);
        worker.on("exit", onExit);
    });
}
async function closeWorker(worker) {
    await new Promise((resolve) => {
        const timer = setTimeout(done, WORKER_CLOSE_TIMEOUT_MS);
        function done() {
            clearTimeout(timer);
            worker.off("message", onMessage);
            worker.off("exit", done);
            resolve();
        }
        function onMessage(reply) {
            if (reply.type === "closed")
                done();
        }
        worker.on("message", onMessage);
        worker.on("exit", done);
        const request = { type: "close" };
        worker.postMessage(request);
    });
    await worker.terminate();
}

;// CONCATENATED MODULE: ./src/diff/stats.ts
/**
 * Deterministic merge of segment statistics into TensorStats.
 *
 * Counts are integers and the maximum keeps the lowest index on ties, so they merge in any order.
 * The float64 sums do not: they are folded block by block in block order, and a segment that
 * arrives before the blocks preceding it waits in a reorder buffer. The buffer holds at most the
 * segments of the work units in flight, because units are dispatched in block order.
 */

/** Statistics of a tensor pair with no elements, or the start of a fold. */
function emptyTensorStats(numel) {
    return {
        numel,
        changed: 0,
        bitsDiffering: 0,
        maxAbsDelta: 0,
        maxAbsDeltaIndex: -1,
        sumA: 0,
        sumB: 0,
        sumSquaredDelta: 0,
        sumSquaredA: 0,
        sumSquaredB: 0,
        sumProduct: 0,
        finiteCount: 0,
        nanA: 0,
        nanB: 0,
        infA: 0,
        infB: 0,
    };
}
/** Folds the segments of one tensor pair, received in any order, into its TensorStats. */
class TensorAccumulator {
    numel;
    stats;
    blockCount;
    nextBlock = 0;
    /**
     * Segments waiting for earlier blocks, keyed by their first block. Created on the first
     * segment that arrives out of order, because most tensors fit in one segment and an empty Map
     * per tensor costs about 100 bytes (measured on Node 20), much of a tiny tensor's footprint.
     */
    waiting;
    constructor(numel) {
        this.numel = numel;
        this.stats = emptyTensorStats(numel);
        this.blockCount = Math.ceil(numel / BLOCK_ELEMENTS);
    }
    /** Adds the segment that starts at tensor element `firstElement` (a multiple of BLOCK_ELEMENTS). */
    add(firstElement, segment) {
        const stats = this.stats;
        stats.changed += segment.changed;
        stats.bitsDiffering += segment.bitsDiffering;
        stats.finiteCount += segment.finiteCount;
        stats.nanA += segment.nanA;
        stats.nanB += segment.nanB;
        stats.infA += segment.infA;
        stats.infB += segment.infB;
        if (segment.maxAbsDelta > stats.maxAbsDelta ||
            (segment.maxAbsDelta === stats.maxAbsDelta &&
                segment.maxAbsDeltaIndex !== -1 &&
                segment.maxAbsDeltaIndex < stats.maxAbsDeltaIndex)) {
            stats.maxAbsDelta = segment.maxAbsDelta;
            stats.maxAbsDeltaIndex = segment.maxAbsDeltaIndex;
        }
        const firstBlock = firstElement / BLOCK_ELEMENTS;
        if (!Number.isInteger(firstBlock) || firstBlock < this.nextBlock) {
            throw new Error(`Internal error: a segment starts at element ${firstElement}, which is not the start of an unfolded block.`);
        }
        if (firstBlock === this.nextBlock) {
            this.fold(segment);
        }
        else {
            this.waiting ??= new Map();
            this.waiting.set(firstBlock, segment);
        }
        this.foldReadySegments();
    }
    /** Whether every block was folded. */
    get complete() {
        return this.nextBlock === this.blockCount;
    }
    /**
     * Returns the final statistics, the accumulator's own object and not a copy, so a million
     * results do not take twice the memory. Throws when some blocks were not folded yet.
     */
    result() {
        if (!this.complete) {
            throw new Error(`Internal error: ${this.blockCount - this.nextBlock} of ${this.blockCount} blocks were not folded.`);
        }
        return this.stats;
    }
    foldReadySegments() {
        const waiting = this.waiting;
        if (waiting === undefined)
            return;
        let segment = waiting.get(this.nextBlock);
        while (segment) {
            waiting.delete(this.nextBlock);
            this.fold(segment);
            segment = waiting.get(this.nextBlock);
        }
        if (waiting.size === 0)
            this.waiting = undefined;
    }
    /** Adds the sums of the segment that starts at block nextBlock, in block order. */
    fold(segment) {
        const sums = segment.blockSums;
        const blocks = sums.length / SUMS_PER_BLOCK;
        const stats = this.stats;
        for (let block = 0; block < blocks; block++) {
            const at = block * SUMS_PER_BLOCK;
            stats.sumA += sums[at + SUM_A];
            stats.sumB += sums[at + SUM_B];
            stats.sumSquaredDelta += sums[at + SUM_SQUARED_DELTA];
            stats.sumSquaredA += sums[at + SUM_SQUARED_A];
            stats.sumSquaredB += sums[at + SUM_SQUARED_B];
            stats.sumProduct += sums[at + SUM_PRODUCT];
        }
        this.nextBlock += blocks;
    }
}

;// CONCATENATED MODULE: ./src/diff/worker.ts
/**
 * Execution of work units, in a worker thread or inline in the main thread.
 *
 * Run as a worker script (`dist/worker/index.js`, built from this file), it opens its own file
 * handles from the ByteSourceSpec of each range and keeps one per path until the pool closes it.
 * Each segment is read positionally into buffers reused from unit to unit.
 */





/** Typed arrays over a read need an offset that is a multiple of the element size (8 at most). */
const BUFFER_ALIGNMENT = 8;
/** Read buffers and kernels reused across units. Buffers grow to the largest range read. */
class UnitRunner {
    openSource;
    baseBuffer = new Uint8Array(0);
    headBuffer = new Uint8Array(0);
    kernels = new Map();
    constructor(openSource) {
        this.openSource = openSource;
    }
    async run(unit) {
        const segments = [];
        for (const segment of unit.segments) {
            const base = await this.read(segment.base, "base");
            const head = await this.read(segment.head, "head");
            const kernel = this.kernel(segment.baseDtype, segment.headDtype, unit.threshold);
            segments.push({
                pairIndex: segment.pairIndex,
                firstElement: segment.firstElement,
                stats: kernel.compare(base, head, segment.firstElement, segment.elementCount),
            });
        }
        return { id: unit.id, segments };
    }
    kernel(baseDtype, headDtype, threshold) {
        const key = `${baseDtype}|${headDtype}|${threshold}`;
        let kernel = this.kernels.get(key);
        if (!kernel) {
            kernel = createReferenceKernel(baseDtype, headDtype, threshold);
            this.kernels.set(key, kernel);
        }
        return kernel;
    }
    async read(range, side) {
        let buffer = side === "base" ? this.baseBuffer : this.headBuffer;
        if (buffer.byteLength < range.length) {
            const size = Math.ceil(range.length / BUFFER_ALIGNMENT) * BUFFER_ALIGNMENT;
            buffer = new Uint8Array(size);
            if (side === "base")
                this.baseBuffer = buffer;
            else
                this.headBuffer = buffer;
        }
        const source = await this.openSource(range.source);
        await source.read(range.offset, range.length, buffer, 0);
        return buffer.subarray(0, range.length);
    }
}
/**
 * Opens local files from their specs, once per path, and checks that each file still has the
 * size it had when the checkpoint was read.
 */
class SpecSourceCache {
    sources = new Map();
    open = (spec) => {
        let source = this.sources.get(spec.path);
        if (!source) {
            source = openChecked(spec);
            this.sources.set(spec.path, source);
        }
        return source;
    };
    async close() {
        const opened = await Promise.allSettled(this.sources.values());
        this.sources.clear();
        for (const outcome of opened) {
            if (outcome.status === "fulfilled")
                await outcome.value.close();
        }
    }
}
async function openChecked(spec) {
    const source = await LocalFileSource.open(spec.path, spec.name);
    if (source.size !== spec.size) {
        await source.close();
        throw new src_errors/* FormatError */.IF(spec.name, `${spec.name}: the file has ${source.size} bytes now but had ${spec.size} bytes when it was opened; it changed during the diff. Run the diff again once the file is complete.`);
    }
    return source;
}
/** Copies an error's fields that the main thread needs to rebuild it. */
function serializeError(error) {
    if (error instanceof src_errors/* FormatError */.IF) {
        return { kind: "FormatError", message: error.message, file: error.file };
    }
    if (error instanceof src_errors/* LimitError */.oC) {
        return { kind: "LimitError", message: error.message, file: error.file, limit: error.limit };
    }
    if (error instanceof src_errors/* ModelDiffError */.fV)
        return { kind: error.name, message: error.message };
    if (error instanceof Error) {
        return {
            kind: "Error",
            message: error.message,
            ...(error.stack ? { stack: error.stack } : {}),
        };
    }
    return { kind: "Error", message: String(error) };
}
function startWorker(port) {
    const cache = new SpecSourceCache();
    const runner = new UnitRunner(cache.open);
    port.on("message", (request) => {
        if (request.type === "close") {
            void cache.close().finally(() => {
                const reply = { type: "closed" };
                port.postMessage(reply);
            });
            return;
        }
        runner.run(request.task).then((result) => {
            const reply = { type: "result", id: request.id, result };
            const transfer = result.segments.map((segment) => segment.stats.blockSums.buffer);
            port.postMessage(reply, transfer);
        }, (error) => {
            const reply = {
                type: "failed",
                id: request.id,
                error: serializeError(error),
            };
            port.postMessage(reply);
        });
    });
    const ready = { type: "ready" };
    port.postMessage(ready);
}
if (!external_node_worker_threads_namespaceObject.isMainThread &&
    external_node_worker_threads_namespaceObject.parentPort &&
    external_node_worker_threads_namespaceObject.workerData?.role === WORKER_ROLE) {
    startWorker(external_node_worker_threads_namespaceObject.parentPort);
}

;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: ./src/diff/worker-path.ts
/**
 * Location of the diff worker script in the built bundles.
 *
 * The action runs from dist/index.js, the CLI from dist/cli/index.js and the demo from
 * dist/demo/index.js; the worker is bundled separately to dist/worker/index.js. The path is derived with plain path operations, because
 * ncc rewrites `new URL("...", import.meta.url)` expressions.
 */


/** Returns the worker bundle path for the bundle whose module URL is `moduleUrl`. */
function defaultWorkerScript(moduleUrl) {
    const directory = (0,external_node_path_.dirname)((0,external_node_url_namespaceObject.fileURLToPath)(moduleUrl));
    const inSubfolder = ["cli", "demo"].includes((0,external_node_path_.basename)(directory));
    const distDirectory = inSubfolder ? (0,external_node_path_.dirname)(directory) : directory;
    return (0,external_node_path_.join)(distDirectory, "worker", "index.js");
}

;// CONCATENATED MODULE: ./src/diff/engine.ts
/**
 * The diff engine: pairs the tensors of two checkpoints, plans work units, runs them on a worker
 * pool (or inline), and folds the results into a DiffResult that does not depend on the worker
 * count or the chunk size.
 */









/** Units in flight per worker: one running and one queued, so a worker rarely idles between units. */
const UNITS_IN_FLIGHT_PER_WORKER = 2;
function validate(options) {
    if (!Number.isFinite(options.threshold) || options.threshold < 0) {
        throw new src_errors/* UsageError */.eb(`The change threshold must be a finite number >= 0; got ${options.threshold}.`);
    }
    if (!Number.isSafeInteger(options.workers) || options.workers < 0) {
        throw new src_errors/* UsageError */.eb(`The worker count must be an integer >= 0; got ${options.workers}.`);
    }
    const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1) {
        throw new src_errors/* UsageError */.eb(`The chunk size must be a positive number of bytes; got ${chunkBytes}.`);
    }
    return chunkBytes;
}
/** Compares every tensor of `base` with its counterpart in `head`. */
async function runDiff(base, head, options) {
    const chunkBytes = validate(options);
    const pairing = await pairTensors(base, head);
    const pairs = pairing.compared;
    const accumulators = pairs.map((pair) => new TensorAccumulator(pair.base.numel));
    let totalBytes = 0;
    for (const pair of pairs) {
        if (pair.comparison !== "incomparable") {
            totalBytes += pair.base.byteLength + pair.head.byteLength;
        }
    }
    let doneBytes = 0;
    options.onProgress?.(0, totalBytes);
    const fold = (result, unit) => {
        for (const segment of result.segments) {
            accumulators[segment.pairIndex]?.add(segment.firstElement, segment.stats);
        }
        doneBytes += unit.bytes;
        options.onProgress?.(doneBytes, totalBytes);
    };
    const units = planUnits(pairs, options.threshold, chunkBytes);
    if (options.workers <= 1) {
        await runInline(base, head, units, fold);
    }
    else {
        const script = options.workerScript ?? defaultWorkerScript(import.meta.url);
        await runOnPool(script, options.workers, units, fold);
    }
    const compared = pairs.map((pair, index) => {
        const accumulator = accumulators[index];
        if (pair.comparison === "incomparable") {
            accumulator.add(0, incomparableStats(pair.base.numel));
        }
        return {
            name: pair.name,
            shape: [...pair.base.shape],
            baseDtype: pair.base.dtype,
            headDtype: pair.head.dtype,
            // NOTE: a dtype change to or from F4, F6 or C64 has no element pairs. It is reported as a
            // byte comparison with every element changed.
            comparison: pair.comparison === "incomparable" ? "bytes" : pair.comparison,
            stats: accumulator.result(),
        };
    });
    return resultOf(options.threshold, pairing, compared);
}
function resultOf(threshold, pairing, compared) {
    return {
        threshold,
        compared,
        added: pairing.added,
        removed: pairing.removed,
        reshaped: pairing.reshaped,
        renamed: pairing.renamed,
    };
}
/** Runs every unit in the main thread through the checkpoints' own byte sources. */
async function runInline(base, head, units, fold) {
    const sources = new Map();
    for (const checkpoint of [base, head]) {
        for (const entry of checkpoint.tensors.values())
            sources.set(entry.source.spec.path, entry.source);
    }
    const runner = new UnitRunner(async (spec) => {
        const source = sources.get(spec.path);
        if (!source)
            throw new Error(`Internal error: no open source for ${spec.name}.`);
        return source;
    });
    for (const unit of units)
        fold(await runner.run(unit), unit);
}
/**
 * Runs units on a worker pool, keeping at most UNITS_IN_FLIGHT_PER_WORKER per worker queued.
 * The first failure stops dispatching, and the pool is closed whatever happens.
 */
async function runOnPool(script, workers, units, fold) {
    if (typeof script === "string" && !(0,external_node_fs_namespaceObject.existsSync)(script)) {
        throw new Error(`The diff worker script ${script} does not exist. Build it with \`npm run build\`, or pass workerScript.`);
    }
    const pool = await WorkerPool.start(script, workers);
    const limit = workers * UNITS_IN_FLIGHT_PER_WORKER;
    const running = new Map();
    try {
        for (const unit of units) {
            const done = pool
                .run(unit)
                .then((result) => fold(result, unit))
                .finally(() => running.delete(unit.id));
            // The rejection is handled by the race or Promise.all below; this keeps a second failing
            // unit from being reported as an unhandled rejection.
            done.catch(() => { });
            running.set(unit.id, done);
            if (running.size >= limit)
                await Promise.race(running.values());
        }
        await Promise.all(running.values());
    }
    finally {
        await pool.close();
    }
}

;// CONCATENATED MODULE: ./src/analysis/delta-size.ts

/**
 * Estimates of how many bytes it takes to store the delta from base to head, under three
 * encodings. They are estimates of the payload only: names, shapes and container framing are
 * not counted.
 */
/** Element counts from this size up need 8-byte indices, because a 4-byte index stops at 2^32 - 1. */
const WIDE_INDEX_THRESHOLD = 2 ** 32;
const BITS_PER_BYTE = 8;
/** Encodings in the order they are reported, which is also the order that breaks ties. */
const DELTA_ENCODING_NAMES = ["dense", "sparse", "bitmap"];
const DELTA_ENCODING_DESCRIPTIONS = {
    dense: "Every element of each compared head tensor in the head dtype's storage size, changed or not.",
    sparse: "For each changed element, a 4-byte index (8 bytes in tensors of 2^32 elements or more) plus the value in the head dtype.",
    bitmap: "One bit per element of each compared tensor marking the changed ones, plus each changed value in the head dtype.",
};
function bytesForBits(bits) {
    return Math.ceil(bits / BITS_PER_BYTE);
}
/**
 * Returns the delta bytes of one compared tensor of `numel` elements, of which `changed`
 * changed, stored in `headDtype`. Sub-byte values are counted in bits and rounded up to whole
 * bytes once per tensor, so 3 changed F4 values take 2 bytes, not 3.
 */
function tensorDeltaBytes(numel, changed, headDtype) {
    const valueBits = dtypeInfo(headDtype).bits;
    const indexBytes = numel < WIDE_INDEX_THRESHOLD ? 4 : 8;
    const changedValueBytes = bytesForBits(changed * valueBits);
    return {
        dense: bytesForBits(numel * valueBits),
        sparse: changed * indexBytes + changedValueBytes,
        bitmap: bytesForBits(numel) + changedValueBytes,
    };
}
/**
 * Returns the delta bytes of a tensor compared byte by byte (sub-byte dtypes whose packing order
 * is unknown): the unit is a stored byte, `differingBytes` of `byteLength` bytes changed, and a
 * changed value takes one byte.
 */
function bytewiseDeltaBytes(byteLength, differingBytes) {
    return tensorDeltaBytes(byteLength, differingBytes, "U8");
}
/**
 * Returns delta bytes that every encoding must carry in full: a head tensor with no base
 * counterpart (added, or reshaped) is stored whole whatever the encoding.
 */
function wholeTensorDeltaBytes(numel, headDtype) {
    const bytes = bytesForBits(numel * dtypeInfo(headDtype).bits);
    return { dense: bytes, sparse: bytes, bitmap: bytes };
}
function addDeltaBytes(a, b) {
    return { dense: a.dense + b.dense, sparse: a.sparse + b.sparse, bitmap: a.bitmap + b.bitmap };
}
const NO_DELTA_BYTES = { dense: 0, sparse: 0, bitmap: 0 };
/** Returns the encoding with the fewest bytes; on a tie, the first in DELTA_ENCODING_NAMES. */
function cheapestEncoding(bytes) {
    let best = "dense";
    for (const name of DELTA_ENCODING_NAMES) {
        if (bytes[name] < bytes[best])
            best = name;
    }
    return best;
}
/** Returns the three encodings as the report lists them, each with its size and method. */
function deltaEncodings(bytes) {
    return DELTA_ENCODING_NAMES.map((name) => ({
        name,
        bytes: bytes[name],
        description: DELTA_ENCODING_DESCRIPTIONS[name],
    }));
}
/**
 * Returns model bytes / cheapest delta bytes, or null when the cheapest delta is empty (no
 * change at all, so no ratio is defined).
 */
function compressionRatio(modelBytes, bytes) {
    const cheapest = bytes[cheapestEncoding(bytes)];
    return cheapest === 0 ? null : modelBytes / cheapest;
}

;// CONCATENATED MODULE: ./src/analysis/grouping.ts
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
const KOHYA_UNET_BLOCK = /(?:^|_)(down_blocks|up_blocks|input_blocks|output_blocks|middle_block)_(\d+)(?:_|$)/;
const KOHYA_TEXT_LAYER = /(?:^|_)layers_(\d+)(?:_|$)/;
const DECIMAL = /^\d+$/;
/** A component that carries its own index after a hyphen, as candle names do: `block-0`. */
const HYPHEN_INDEXED = /^([A-Za-z]\w*)-(\d+)$/;
function stripPeftPrefix(name) {
    return name.startsWith(PEFT_PREFIX) ? name.slice(PEFT_PREFIX.length) : name;
}
function parseIndex(text) {
    const value = Number(text);
    return Number.isSafeInteger(value) ? value : null;
}
function kohyaTextEncoderStack(part) {
    const digits = part.slice("te".length);
    return digits === "" ? "text_encoder" : `text_encoder_${digits}`;
}
function kohyaLayerLocation(name) {
    const match = KOHYA_NAME.exec(name);
    if (match === null)
        return undefined;
    const [, part = "", body = ""] = match;
    if (part === "unet") {
        const block = KOHYA_UNET_BLOCK.exec(body);
        if (block === null)
            return null;
        const index = parseIndex(block[2] ?? "");
        return index === null ? null : { stack: block[1] ?? null, index };
    }
    const layer = KOHYA_TEXT_LAYER.exec(body);
    if (layer === null)
        return null;
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
function layerLocationOf(name) {
    const kohya = kohyaLayerLocation(name);
    if (kohya !== undefined)
        return kohya;
    const components = stripPeftPrefix(name).split(".");
    let prefix;
    let index;
    const position = components.findIndex((part, i) => i > 0 && DECIMAL.test(part));
    if (position >= 0) {
        prefix = components.slice(0, position);
        index = parseIndex(components[position] ?? "");
    }
    else {
        const hyphenPosition = components.findIndex((part) => HYPHEN_INDEXED.test(part));
        const match = HYPHEN_INDEXED.exec(components[hyphenPosition] ?? "");
        if (match === null)
            return null;
        prefix = [...components.slice(0, hyphenPosition), match[1] ?? ""];
        index = parseIndex(match[2] ?? "");
    }
    if (index === null)
        return null;
    while (prefix.length > 0 && WRAPPER_COMPONENTS.has(prefix[0] ?? ""))
        prefix.shift();
    if (prefix.length > 0 && GENERIC_CONTAINERS.has(prefix[prefix.length - 1] ?? ""))
        prefix.pop();
    return { stack: prefix.length > 0 ? prefix.join(".") : null, index };
}
/** Returns the layer index of a tensor, or null for tensors outside the repeated blocks. */
function layerIndexOf(name) {
    return layerLocationOf(name)?.index ?? null;
}
/** Returns the group key of a layer: `"3"`, or `"encoder.3"` when the layer has a stack. */
function layerKeyOf(location) {
    return location.stack === null ? String(location.index) : `${location.stack}.${location.index}`;
}
/** Position of a stack in the depth of a network: input side first, output side last. */
function stackRank(stack) {
    if (stack === null)
        return 0;
    if (/(^|[._])(encoder|down|input)/.test(stack))
        return 1;
    if (/(^|[._])(mid|middle)/.test(stack))
        return 2;
    if (/(^|[._])(decoder|up|output)/.test(stack))
        return 3;
    return 4;
}
/**
 * Compares layers by depth. The unnamed stack comes first, then encoder-side stacks (encoder, down
 * and input blocks), middle blocks, decoder-side stacks (decoder, up and output blocks), and any
 * other stack by name. Within a stack, layers go by index.
 */
function compareLayerLocations(a, b) {
    const rank = stackRank(a.stack) - stackRank(b.stack);
    if (rank !== 0)
        return rank;
    const stackA = a.stack ?? "";
    const stackB = b.stack ?? "";
    if (stackA !== stackB)
        return stackA < stackB ? -1 : 1;
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
const TOP_LEVEL_KINDS = new Map([
    ["shared", "embedding"],
    ["score", "output_head"],
    ["classifier", "output_head"],
    ["cls", "output_head"],
    ["output", "output_head"],
]);
function kindOfComponent(components, position) {
    const part = components[position] ?? "";
    if (OUTPUT_HEAD_COMPONENTS.has(part))
        return "output_head";
    if (EMBEDDING_COMPONENTS.has(part) || EMBEDDING_PATTERN.test(part))
        return "embedding";
    if (ATTENTION_COMPONENTS.has(part))
        return "attention";
    if (MLP_COMPONENTS.has(part))
        return "mlp";
    // BERT and ViT: `layer.N.output.dense` is the MLP's second projection, while
    // `attention.output.dense` belongs to attention and is decided by the component before it.
    if (part === "output" && position > 0 && DECIMAL.test(components[position - 1] ?? "")) {
        return "mlp";
    }
    return null;
}
function kohyaModuleKind(body) {
    const tokens = body.split("_");
    if (tokens.some((token) => NORM_COMPONENT.test(token)))
        return "norm";
    // The feed-forward sits inside a diffusers `attentions_N` block, so it is checked first.
    if (tokens.includes("ff") || tokens.includes("mlp"))
        return "mlp";
    if (tokens.some((token) => /^(attn\d*|attentions|proj)$/.test(token)))
        return "attention";
    return "other";
}
/** Returns the module kind of a tensor from its name; "other" when no rule matches. */
function moduleKindOf(name) {
    const kohya = KOHYA_NAME.exec(name);
    if (kohya !== null)
        return kohyaModuleKind(kohya[2] ?? "");
    const components = stripPeftPrefix(name).split(".");
    if (components.some((part) => NORM_COMPONENT.test(part)))
        return "norm";
    for (let position = components.length - 1; position >= 0; position--) {
        const kind = kindOfComponent(components, position);
        if (kind !== null)
            return kind;
    }
    let first = 0;
    while (first < components.length - 1 && WRAPPER_COMPONENTS.has(components[first] ?? "")) {
        first++;
    }
    return TOP_LEVEL_KINDS.get(components[first] ?? "") ?? "other";
}

;// CONCATENATED MODULE: ./src/report/format.ts
/**
 * Number formatting shared by the text and Markdown reports. Every function returns "n/a" for
 * null and never prints NaN.
 */
const NOT_AVAILABLE = "n/a";
/** Significant digits of a figure such as a relative change, a cosine or a max |delta|. */
const FIGURE_DIGITS = 4;
/** Figures below this magnitude switch to exponent form, where fixed digits would read as 0. */
const SMALL_FIGURE = 1e-3;
/** Figures from this magnitude up switch to exponent form, as toPrecision does. */
const LARGE_FIGURE = 1e4;
const BINARY_UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB"];
const BYTES_PER_KIB = 1024;
/** Returns an integer with comma thousands separators: 494032768 gives "494,032,768". */
function formatCount(value) {
    if (!Number.isFinite(value))
        return NOT_AVAILABLE;
    const sign = value < 0 ? "-" : "";
    const digits = Math.round(Math.abs(value)).toString();
    return sign + digits.replace(/\B(?=(\d{3})+$)/g, ",");
}
/** Returns a count with its noun, singular or plural: "1 file", "2 files". */
function formatCountOf(value, singular, plural = `${singular}s`) {
    return `${formatCount(value)} ${value === 1 ? singular : plural}`;
}
/**
 * Returns a fraction as a percentage with 2 decimals. A fraction strictly between 0 and 1 never
 * rounds to "0.00%" or "100.00%": it shows as "<0.01%" or ">99.99%", so a reader can tell
 * "none" and "all" from "almost none" and "almost all".
 */
function formatPercent(fraction) {
    if (fraction === null || !Number.isFinite(fraction))
        return NOT_AVAILABLE;
    const percent = fraction * 100;
    if (fraction > 0 && percent < 0.005)
        return "<0.01%";
    if (fraction < 1 && percent >= 99.995)
        return ">99.99%";
    return `${percent.toFixed(2)}%`;
}
/** Writes JavaScript's exponent form with a two-digit exponent: 1.235e-5 becomes 1.235e-05. */
function padExponent(text) {
    return text.replace(/e([+-])(\d)$/, "e$10$2");
}
/**
 * Returns a figure with 4 significant digits, in exponent form below 1e-3 and from 1e4 up:
 * 0.01234 gives "0.01234", 0.00001234 gives "1.234e-05", 0 gives "0".
 */
function format_formatFigure(value) {
    if (value === null || !Number.isFinite(value))
        return NOT_AVAILABLE;
    if (value === 0)
        return "0";
    const magnitude = Math.abs(value);
    if (magnitude < SMALL_FIGURE || magnitude >= LARGE_FIGURE) {
        return padExponent(value.toExponential(FIGURE_DIGITS - 1));
    }
    return value.toPrecision(FIGURE_DIGITS);
}
/**
 * Returns a cosine with 4 significant digits, except that a cosine within rounding of 1 or -1
 * but not equal to it is written as "1 - 1.000e-05", because "1.000" would hide the difference
 * between a fine-tune and an identical tensor.
 */
function formatCosine(value) {
    if (value === null || !Number.isFinite(value))
        return NOT_AVAILABLE;
    if (value === 1 || value === -1)
        return String(value);
    const rounded = value.toPrecision(FIGURE_DIGITS);
    if (rounded === "1.000")
        return `1 - ${format_formatFigure(1 - value)}`;
    if (rounded === "-1.000")
        return `-1 + ${format_formatFigure(value + 1)}`;
    return format_formatFigure(value);
}
/**
 * Returns a byte size in binary units with the exact count in brackets:
 * 988065536 gives "942.3 MiB (988,065,536 bytes)"; below 1 KiB, "512 bytes".
 */
function formatBytes(bytes) {
    if (bytes === null || !Number.isFinite(bytes))
        return NOT_AVAILABLE;
    if (Math.abs(bytes) < BYTES_PER_KIB)
        return `${formatCount(bytes)} bytes`;
    let value = bytes / BYTES_PER_KIB;
    let unit = 0;
    while (Math.abs(value) >= BYTES_PER_KIB && unit < BINARY_UNITS.length - 1) {
        value /= BYTES_PER_KIB;
        unit++;
    }
    return `${value.toFixed(1)} ${BINARY_UNITS[unit]} (${formatCount(bytes)} bytes)`;
}
/** Returns a compression ratio such as "3.25x"; below 0.01 as a 4-digit figure. */
function formatRatio(ratio) {
    if (ratio === null || !Number.isFinite(ratio))
        return NOT_AVAILABLE;
    if (ratio !== 0 && Math.abs(ratio) < 0.01)
        return `${format_formatFigure(ratio)}x`;
    return `${ratio.toFixed(2)}x`;
}
/**
 * Returns a threshold as Python prints it, so `abs(a - b) > 1e-06` reads the same as the
 * reference tools: exponent form below 1e-4, plain decimal above.
 */
function formatThreshold(threshold) {
    if (threshold !== 0 && Math.abs(threshold) < 1e-4) {
        return padExponent(threshold.toExponential());
    }
    return String(threshold);
}
/** Returns a shape as "151936x896"; a scalar is "scalar". */
function formatShape(shape) {
    return shape.length === 0 ? "scalar" : shape.join("x");
}

;// CONCATENATED MODULE: ./src/report/model.ts
/**
 * The report: one object that contains everything any renderer shows. Its JSON form is the
 * documented schema (docs/report-schema.md); bump REPORT_SCHEMA_VERSION on any breaking change.
 */
const REPORT_SCHEMA_VERSION = 1;
/** Layer group key of the tensors outside the repeated blocks. */
const OUTSIDE_LAYERS_KEY = "(none)";

;// CONCATENATED MODULE: ./src/report/build.ts






/** Order of the module kinds table: input side to output side, then the rest. */
const MODULE_KIND_ORDER = [
    "embedding",
    "attention",
    "mlp",
    "norm",
    "output_head",
    "other",
];
/** Tensor names listed in one note before the rest are counted, so a note stays readable. */
const MAX_NAMES_IN_NOTE = 20;
const EMPTY_STATS = {
    numel: 0,
    changed: 0,
    bitsDiffering: 0,
    maxAbsDelta: 0,
    maxAbsDeltaIndex: -1,
    sumA: 0,
    sumB: 0,
    sumSquaredDelta: 0,
    sumSquaredA: 0,
    sumSquaredB: 0,
    sumProduct: 0,
    finiteCount: 0,
    nanA: 0,
    nanB: 0,
    infA: 0,
    infB: 0,
};
/** Returns the sums of two TensorStats; maxAbsDeltaIndex is meaningless for a sum and is -1. */
function addStats(a, b) {
    return {
        numel: a.numel + b.numel,
        changed: a.changed + b.changed,
        bitsDiffering: a.bitsDiffering + b.bitsDiffering,
        maxAbsDelta: Math.max(a.maxAbsDelta, b.maxAbsDelta),
        maxAbsDeltaIndex: -1,
        sumA: a.sumA + b.sumA,
        sumB: a.sumB + b.sumB,
        sumSquaredDelta: a.sumSquaredDelta + b.sumSquaredDelta,
        sumSquaredA: a.sumSquaredA + b.sumSquaredA,
        sumSquaredB: a.sumSquaredB + b.sumSquaredB,
        sumProduct: a.sumProduct + b.sumProduct,
        finiteCount: a.finiteCount + b.finiteCount,
        nanA: a.nanA + b.nanA,
        nanB: a.nanB + b.nanB,
        infA: a.infA + b.infA,
        infB: a.infB + b.infB,
    };
}
function numelOf(shape) {
    return shape.reduce((product, size) => product * size, 1);
}
function byteLengthOfTensor(tensor) {
    const bytes = byteLengthOf(tensor.headDtype, BigInt(numelOf(tensor.shape)));
    return bytes === undefined ? 0 : Number(bytes);
}
/**
 * Returns whether a tensor's sums enter the overall and group relative change and cosine. Only
 * floating-point tensors do, because integer tensors (position ids, quantized codes, masks) are
 * not weights on one scale and would swamp the sums.
 */
function entersFigures(tensor) {
    return tensor.comparison === "float";
}
function summarizeCheckpoint(checkpoint) {
    let params = 0;
    const dtypes = {};
    for (const tensor of checkpoint.tensors.values()) {
        params += tensor.numel;
        dtypes[tensor.dtype] = (dtypes[tensor.dtype] ?? 0) + 1;
    }
    const sortedDtypes = {};
    for (const dtype of Object.keys(dtypes).sort())
        sortedDtypes[dtype] = dtypes[dtype] ?? 0;
    return {
        reference: checkpoint.reference,
        resolved: checkpoint.resolved,
        files: checkpoint.files.length,
        tensors: checkpoint.tensors.size,
        params,
        tensorBytes: checkpoint.tensorBytes,
        dtypes: sortedDtypes,
    };
}
/**
 * Returns whether a tensor's bitsDiffering is in bytes and its changed count an upper bound.
 * That holds for F6 tensors, compared byte by byte because the bit order of their 4 elements in
 * 3 bytes is not fixed, so changed counts every element that shares a byte with a change. F4
 * tensors are compared code by code, so their counts are exact element counts. A dtype change
 * to or from a sub-byte dtype or C64 is reported as a byte comparison with every element changed.
 */
function countsBytes(tensor) {
    return (tensor.comparison === "bytes" &&
        tensor.baseDtype === tensor.headDtype &&
        tensor.baseDtype !== "F4");
}
/** Returns whether a dtype change gave no element pairs, so every element counts as changed. */
function isIncomparable(tensor) {
    return tensor.comparison === "bytes" && tensor.baseDtype !== tensor.headDtype;
}
function deltaBytesOf(tensor) {
    if (countsBytes(tensor)) {
        return bytewiseDeltaBytes(byteLengthOfTensor(tensor), tensor.stats.bitsDiffering);
    }
    return tensorDeltaBytes(numelOf(tensor.shape), tensor.stats.changed, tensor.headDtype);
}
function reportTensor(tensor, location) {
    const stats = tensor.stats;
    const numeric = tensor.comparison !== "bytes";
    return {
        name: tensor.name,
        shape: [...tensor.shape],
        baseDtype: tensor.baseDtype,
        headDtype: tensor.headDtype,
        comparedAs: numeric ? "values" : "bytes",
        layer: location?.index ?? null,
        stack: location?.stack ?? null,
        module: moduleKindOf(tensor.name),
        numel: numelOf(tensor.shape),
        changed: stats.changed,
        bitsDiffering: stats.bitsDiffering,
        maxAbsDelta: numeric && stats.finiteCount > 0 ? stats.maxAbsDelta : null,
        relativeChange: numeric ? relativeChange(stats) : null,
        cosine: numeric ? cosine(stats) : null,
        correlation: numeric ? correlation(stats) : null,
        nanBase: stats.nanA,
        nanHead: stats.nanB,
        infBase: stats.infA,
        infHead: stats.infB,
        deltaBytes: deltaBytesOf(tensor),
    };
}
function newTotals() {
    return {
        tensors: 0,
        params: 0,
        changed: 0,
        matrixFigures: EMPTY_STATS,
        vectorFigures: EMPTY_STATS,
    };
}
function addToTotals(totals, tensor, report) {
    totals.tensors += 1;
    totals.params += report.numel;
    totals.changed += report.changed;
    if (!entersFigures(tensor))
        return;
    if (tensor.shape.length >= 2) {
        totals.matrixFigures = addStats(totals.matrixFigures, tensor.stats);
    }
    else {
        totals.vectorFigures = addStats(totals.vectorFigures, tensor.stats);
    }
}
/**
 * Returns the sums behind a group's relative change and cosine: its matrices, or its 1-D tensors
 * when it has no matrix. Norm weights sit near 1, so pooled with matrices whose weights sit near
 * 0.02 they would dominate ||base|| and hide the matrices' change.
 */
function build_figuresOf(totals) {
    return totals.matrixFigures.numel > 0 ? totals.matrixFigures : totals.vectorFigures;
}
function groupReport(key, totals) {
    return {
        key,
        tensors: totals.tensors,
        params: totals.params,
        changed: totals.changed,
        changedFraction: totals.params === 0 ? null : totals.changed / totals.params,
        relativeChange: relativeChange(build_figuresOf(totals)),
        cosine: cosine(build_figuresOf(totals)),
    };
}
function compareNames(a, b) {
    if (a === b)
        return 0;
    return a < b ? -1 : 1;
}
function metadataText(value) {
    if (value === undefined)
        return null;
    return typeof value === "string" ? value : JSON.stringify(value);
}
/** Returns JSON with object keys sorted, so that key order alone never counts as a change. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const record = value;
        const members = Object.keys(record)
            .sort()
            .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
        return `{${members.join(",")}}`;
    }
    return JSON.stringify(value) ?? "undefined";
}
/**
 * Returns the metadata keys whose values differ, in key order, with both values as text. Values
 * are compared as JSON, so the string "3" and the number 3 differ even though both show as 3.
 */
function metadataChanges(base, head) {
    const keys = new Set([...Object.keys(base), ...Object.keys(head)]);
    const changes = [];
    for (const key of [...keys].sort(compareNames)) {
        const baseValue = Object.hasOwn(base, key) ? base[key] : undefined;
        const headValue = Object.hasOwn(head, key) ? head[key] : undefined;
        if (canonicalJson(baseValue) !== canonicalJson(headValue)) {
            changes.push({ key, base: metadataText(baseValue), head: metadataText(headValue) });
        }
    }
    return changes;
}
function build_listNames(names) {
    const shown = names.slice(0, MAX_NAMES_IN_NOTE).join(", ");
    const rest = names.length - MAX_NAMES_IN_NOTE;
    return rest > 0 ? `${shown} and ${rest} more` : shown;
}
function wereOrWas(count) {
    return count === 1 ? "was" : "were";
}
function buildNotes(input, compared) {
    const notes = [];
    const nibbles = compared.filter((tensor) => tensor.comparison === "bytes" && !countsBytes(tensor) && !isIncomparable(tensor));
    if (nibbles.length > 0) {
        notes.push(`${formatCountOf(nibbles.length, "F4 tensor")} ${wereOrWas(nibbles.length)} compared code by code, two 4-bit elements to a byte: ` +
            "their changed and bits-differing counts are exact element counts, but they have no " +
            "max |delta|, relative change or cosine, because the order of the two elements in a " +
            "byte is not fixed: " +
            build_listNames(nibbles.map((tensor) => tensor.name)));
    }
    const bytewise = compared.filter(countsBytes);
    if (bytewise.length > 0) {
        notes.push(`${formatCountOf(bytewise.length, "F6 tensor")} ${wereOrWas(bytewise.length)} compared byte by byte, because the bit order of ` +
            "their 4 elements in 3 bytes is not fixed: their changed count is an upper bound (every " +
            "element that shares a byte with a differing byte), their bits-differing count is in " +
            "bytes, and they have no max |delta|, relative change or cosine: " +
            build_listNames(bytewise.map((tensor) => tensor.name)));
    }
    const incomparable = compared.filter(isIncomparable);
    if (incomparable.length > 0) {
        notes.push(`${formatCountOf(incomparable.length, "tensor")} changed between dtypes that give no element pairs ` +
            "(to or from F4, F6 or C64): every element counts as changed and as differing: " +
            build_listNames(incomparable.map((tensor) => tensor.name)));
    }
    const nonFloat = compared.filter((tensor) => tensor.comparison !== "bytes" && !entersFigures(tensor));
    if (nonFloat.length > 0) {
        notes.push(`${formatCountOf(nonFloat.length, "integer or complex tensor")} ${nonFloat.length === 1 ? "has its" : "have their"} own figures but ${wereOrWas(nonFloat.length) === "was" ? "is" : "are"} left out ` +
            "of the overall, layer and module relative change and cosine: " +
            build_listNames(nonFloat.map((tensor) => tensor.name)));
    }
    if (input.diff.added.length > 0 || input.diff.reshaped.length > 0) {
        notes.push("Added and reshaped head tensors are counted whole in every delta size estimate, " +
            "because the base has nothing to encode them against.");
    }
    for (const warning of input.base.warnings)
        notes.push(`Base checkpoint: ${warning}`);
    for (const warning of input.head.warnings)
        notes.push(`Head checkpoint: ${warning}`);
    return notes;
}
/**
 * Builds the report model from the diff of two checkpoints and the classification of that diff.
 * Pure: reads only the in-memory checkpoint summaries, never tensor data.
 */
function buildReport(input) {
    const { base, head, diff } = input;
    const compared = [...diff.compared].sort((a, b) => compareNames(a.name, b.name));
    const tensors = [];
    const layerTotals = new Map();
    const moduleTotals = new Map();
    const overall = newTotals();
    let deltaBytes = NO_DELTA_BYTES;
    let bitsDiffering = 0;
    for (const tensor of compared) {
        const location = layerLocationOf(tensor.name);
        const report = reportTensor(tensor, location);
        tensors.push(report);
        const layerKey = location === null ? OUTSIDE_LAYERS_KEY : layerKeyOf(location);
        const layer = layerTotals.get(layerKey) ?? { location, totals: newTotals() };
        addToTotals(layer.totals, tensor, report);
        layerTotals.set(layerKey, layer);
        const module = moduleTotals.get(report.module) ?? newTotals();
        addToTotals(module, tensor, report);
        moduleTotals.set(report.module, module);
        addToTotals(overall, tensor, report);
        deltaBytes = addDeltaBytes(deltaBytes, report.deltaBytes);
        bitsDiffering += report.bitsDiffering;
    }
    for (const tensor of diff.added) {
        deltaBytes = addDeltaBytes(deltaBytes, wholeTensorDeltaBytes(tensor.numel, tensor.dtype));
    }
    for (const tensor of diff.reshaped) {
        deltaBytes = addDeltaBytes(deltaBytes, wholeTensorDeltaBytes(tensor.headNumel, tensor.headDtype));
    }
    const nonFinite = { nanBase: 0, nanHead: 0, infBase: 0, infHead: 0 };
    for (const tensor of tensors) {
        nonFinite.nanBase += tensor.nanBase;
        nonFinite.nanHead += tensor.nanHead;
        nonFinite.infBase += tensor.infBase;
        nonFinite.infHead += tensor.infHead;
    }
    const dtypeChanged = compared
        .filter((tensor) => tensor.baseDtype !== tensor.headDtype)
        .map((tensor) => ({
        name: tensor.name,
        baseDtype: tensor.baseDtype,
        headDtype: tensor.headDtype,
    }));
    const summary = {
        threshold: diff.threshold,
        tensorsCompared: compared.length,
        comparedParams: overall.params,
        changedParams: overall.changed,
        unchangedParams: overall.params - overall.changed,
        changedFraction: overall.params === 0 ? null : overall.changed / overall.params,
        bitsDifferingParams: bitsDiffering,
        modelBytes: head.tensorBytes,
        deltaEncodings: deltaEncodings(deltaBytes),
        cheapestEncoding: cheapestEncoding(deltaBytes),
        compressionRatio: compressionRatio(head.tensorBytes, deltaBytes),
        relativeChange: relativeChange(build_figuresOf(overall)),
        cosine: cosine(build_figuresOf(overall)),
        nonFinite,
        added: diff.added.length,
        removed: diff.removed.length,
        reshaped: diff.reshaped.length,
        renamed: diff.renamed.length,
        dtypeChanged: dtypeChanged.length,
    };
    const inLayers = [];
    for (const [key, entry] of layerTotals) {
        if (entry.location !== null)
            inLayers.push({ key, location: entry.location, totals: entry.totals });
    }
    inLayers.sort((a, b) => compareLayerLocations(a.location, b.location));
    const layers = inLayers.map((entry) => groupReport(entry.key, entry.totals));
    const outside = layerTotals.get(OUTSIDE_LAYERS_KEY);
    if (outside !== undefined)
        layers.push(groupReport(OUTSIDE_LAYERS_KEY, outside.totals));
    const modules = MODULE_KIND_ORDER.filter((kind) => moduleTotals.has(kind)).map((kind) => groupReport(kind, moduleTotals.get(kind) ?? newTotals()));
    return {
        schemaVersion: REPORT_SCHEMA_VERSION,
        tool: { name: "model-diff", version: input.version },
        base: summarizeCheckpoint(base),
        head: summarizeCheckpoint(head),
        summary,
        classification: input.classification,
        layers,
        modules,
        tensors,
        added: diff.added.map((tensor) => tensor.name).sort(compareNames),
        removed: diff.removed.map((tensor) => tensor.name).sort(compareNames),
        reshaped: [...diff.reshaped]
            .sort((a, b) => compareNames(a.name, b.name))
            .map((tensor) => ({
            name: tensor.name,
            baseShape: [...tensor.baseShape],
            headShape: [...tensor.headShape],
        })),
        renamed: [...diff.renamed]
            .sort((a, b) => compareNames(a.baseName, b.baseName))
            .map((tensor) => ({ baseName: tensor.baseName, headName: tensor.headName })),
        dtypeChanged,
        metadataChanges: metadataChanges(base.metadata, head.metadata),
        notes: buildNotes(input, compared),
    };
}

;// CONCATENATED MODULE: ./src/version.ts
/** The model-diff version, shown in reports; a test keeps it equal to package.json's. */
const VERSION = "0.1.0";

;// CONCATENATED MODULE: ./src/compare.ts






/** Returns the paths of the files a checkpoint was read from: its shards, and its index if any. */
function inputPaths(checkpoint) {
    const paths = checkpoint.files.map((file) => file.source.spec.path);
    return paths.includes(checkpoint.resolved) ? paths : [checkpoint.resolved, ...paths];
}
/**
 * Resolves both references, diffs them, classifies the change and builds the report. Throws the
 * typed errors of src/errors.ts for bad input; never returns a partial report.
 */
async function compareCheckpoints(options, log, hooks = {}) {
    const limits = limitsFromEnv(process.env);
    const opened = [];
    try {
        const { base, head } = await log.phase("Resolve checkpoints", async () => {
            const base = await openLocalCheckpoint(options.base, limits);
            opened.push(base);
            const head = await openLocalCheckpoint(options.head, limits);
            opened.push(head);
            const sides = [
                { side: "base", checkpoint: base },
                { side: "head", checkpoint: head },
            ];
            for (const { side, checkpoint } of sides) {
                log.debug(`${side} ${checkpoint.reference} resolved to ${checkpoint.resolved}: ${checkpoint.files.length} file${checkpoint.files.length === 1 ? "" : "s"}, ${checkpoint.tensors.size} tensor${checkpoint.tensors.size === 1 ? "" : "s"}, ${checkpoint.tensorBytes} data bytes`);
                for (const warning of checkpoint.warnings)
                    log.warning(`${side}: ${warning}`);
            }
            await hooks.inputsResolved?.([...inputPaths(base), ...inputPaths(head)]);
            return { base, head };
        });
        const diff = await log.phase("Diff tensors", () => runDiff(base, head, {
            threshold: options.threshold,
            workers: options.workers,
            onProgress: (done, total) => log.progress(done, total),
        }));
        return await log.phase("Classify the change", async () => {
            const classification = classify(diff);
            return buildReport({ base, head, diff, classification, version: VERSION });
        });
    }
    finally {
        await Promise.all(opened.map((checkpoint) => checkpoint.close()));
    }
}

;// CONCATENATED MODULE: ./src/report/json.ts
/** Spaces per nesting level of the JSON report. */
const INDENT = "  ";
/**
 * Returns a copy of `value` with the keys of every object in ascending code-unit order, so the
 * same report always serializes to the same bytes whatever order its producer built it in.
 */
function sortKeys(value) {
    if (Array.isArray(value))
        return value.map(sortKeys);
    if (value === null || typeof value !== "object")
        return value;
    // A null prototype keeps a key named "__proto__" an ordinary key.
    const sorted = Object.create(null);
    for (const key of Object.keys(value).sort()) {
        sorted[key] = sortKeys(value[key]);
    }
    return sorted;
}
/**
 * Returns the keys of `record` in the order JSON.stringify writes them after sortKeys: array-index
 * keys ("0", "1", ...) first in numeric order, because every object orders them so, then the rest
 * in code-unit order.
 */
function memberOrder(record) {
    const order = Object.create(null);
    for (const key of Object.keys(record).sort())
        order[key] = true;
    return Object.keys(order);
}
/**
 * Serializes `value` as JSON.stringify(sortKeys(value), null, 2) does, for a value nested
 * `depth` levels deep: every line after the first is indented by `depth` more levels. JSON text
 * has no raw newline inside a string, so each newline starts a new line of the layout.
 * Returns undefined for the values JSON.stringify leaves out (undefined, functions, symbols).
 */
function stringifyAt(value, depth) {
    const text = JSON.stringify(sortKeys(value), null, INDENT.length);
    if (text === undefined || depth === 0)
        return text;
    return text.replaceAll("\n", `\n${INDENT.repeat(depth)}`);
}
/**
 * Yields the JSON report in pieces whose concatenation is exactly renderJson's output: the
 * opening brace, then each top-level member, except that a non-empty top-level array (tensors,
 * names, notes) is yielded one entry at a time. So no piece is larger than one top-level member
 * other than those arrays, or one entry of them, and a report of a million tensors never becomes
 * one string, which V8 caps near 512 MiB.
 */
function* renderJsonChunks(report) {
    const record = report;
    const members = [];
    for (const key of memberOrder(record)) {
        const value = record[key];
        // JSON.stringify leaves out members it cannot represent; stringifyAt finds which.
        if (Array.isArray(value) || stringifyAt(value, 1) !== undefined)
            members.push([key, value]);
    }
    if (members.length === 0) {
        yield "{}\n";
        return;
    }
    yield "{\n";
    for (const [index, [key, value]] of members.entries()) {
        const head = `${INDENT}${JSON.stringify(key)}: `;
        const separator = index < members.length - 1 ? ",\n" : "\n";
        if (!Array.isArray(value) || value.length === 0) {
            yield `${head}${stringifyAt(value, 1)}${separator}`;
            continue;
        }
        yield `${head}[\n`;
        for (let entry = 0; entry < value.length; entry++) {
            // JSON.stringify writes an entry it cannot represent as null.
            const text = stringifyAt(value[entry], 2) ?? "null";
            const comma = entry < value.length - 1 ? "," : "";
            yield `${INDENT}${INDENT}${text}${comma}\n`;
        }
        yield `${INDENT}]${separator}`;
    }
    yield "}\n";
}
/**
 * Renders the report as JSON: keys sorted at every level, 2-space indent, a final newline.
 * Strings are exact: JSON.stringify escapes only quotes, backslashes, control characters and
 * unpaired surrogates, so every tensor name parses back to the same string. The result is one
 * string, so a large report should be written from renderJsonChunks instead.
 */
function renderJson(report) {
    return [...renderJsonChunks(report)].join("");
}

;// CONCATENATED MODULE: ./src/report/escape.ts
/**
 * Escaping of untrusted strings (tensor names, metadata keys and values, checkpoint references,
 * classifier sentences) for the text and Markdown reports.
 *
 * A checkpoint is input from anyone, and the Markdown report lands in a pull-request comment. So a
 * name must not end a table cell, open an HTML element, make a link or an image, or mention a user
 * or an issue. Names and values are shown as code spans, where GitHub renders
 * text literally; prose is shown with Markdown punctuation escaped and with `@`, `#` and URL
 * prefixes put in code spans, because GitHub links mentions, issue numbers and bare URLs found in
 * plain text even after a backslash escape.
 */


/** Returns the plain-text form of a name or value, with a note when it was cut. */
function plainText(value) {
    const visible = (0,visible_text/* visibleText */.Q6)(value);
    return visible.truncatedFrom === null
        ? visible.text
        : `${visible.text} (cut from ${visible.truncatedFrom} characters)`;
}
function longestBacktickRun(text) {
    let longest = 0;
    for (const run of text.match(/`+/g) ?? [])
        longest = Math.max(longest, run.length);
    return longest;
}
/**
 * Wraps already visible text in a code span whose fence is longer than any backtick run inside
 * it. A space pads each side when the text starts or ends with a backtick, because CommonMark
 * strips one such space from each side.
 */
function wrapCodeSpan(text) {
    if (text === "")
        return "(empty)";
    const fence = "`".repeat(longestBacktickRun(text) + 1);
    const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
    return `${fence}${pad}${text}${pad}${fence}`;
}
/**
 * Makes a cell safe for a GFM table: `|` becomes `\|`, which GFM turns back into `|` even inside a
 * code span. Visible text never has a backslash of its own before a pipe (a literal backslash is
 * shown as `\u005c`), so no pipe can be left unescaped.
 */
function escapeTablePipes(text) {
    return text.replace(/\|/g, "\\|");
}
/** Returns a name or value as a Markdown code span, with a plain note when it was cut. */
function markdownCode(value) {
    const visible = (0,visible_text/* visibleText */.Q6)(value);
    const span = wrapCodeSpan(visible.text);
    return visible.truncatedFrom === null
        ? span
        : `${span} (cut from ${visible.truncatedFrom} characters)`;
}
/** Returns a name or value as a code span that is safe inside a GFM table cell. */
function markdownCodeCell(value) {
    const visible = (0,visible_text/* visibleText */.Q6)(value);
    const span = wrapCodeSpan(escapeTablePipes(visible.text));
    return visible.truncatedFrom === null
        ? span
        : `${span} (cut from ${visible.truncatedFrom} characters)`;
}
/**
 * ASCII punctuation that starts or ends Markdown or HTML constructs inline. Parentheses and `!`
 * need no escape once `[` and `]` are escaped, because links and images start with a bracket.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]<>|~&]/g;
/** Text that GitHub links even when escaped: mentions, issue numbers, and bare URLs. */
const AUTOLINK_TRIGGERS = /[@#]|:\/\/|\bwww\./gi;
/**
 * Returns prose (a classifier sentence, a note, a warning) as Markdown that renders as the same
 * text: punctuation is backslash-escaped, `@`, `#`, `://` and `www.` go into code spans so that
 * GitHub links nothing, and a leading `- `, `+ `, `=` or `1. ` cannot start a list or heading.
 * The text is not cut, because model-diff writes it. The result is also safe in a table cell.
 */
function markdownInline(value) {
    const visible = (0,visible_text/* escapeInvisible */.ts)(value);
    const pieces = [];
    let last = 0;
    for (const match of visible.matchAll(AUTOLINK_TRIGGERS)) {
        const start = match.index ?? 0;
        pieces.push(escapePunctuation(visible.slice(last, start)), `\`${match[0]}\``);
        last = start + match[0].length;
    }
    pieces.push(escapePunctuation(visible.slice(last)));
    return protectLineStart(pieces.join(""));
}
function escapePunctuation(text) {
    return text.replace(MARKDOWN_PUNCTUATION, (character) => `\\${character}`);
}
/** Escapes a list marker (`- `, `+ `, `1. `) or setext underline (`=`) at the start of the text. */
function protectLineStart(text) {
    if (/^([-+](\s|$)|=)/.test(text))
        return `\\${text}`;
    return text.replace(/^(\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
}
/** Returns prose written by model-diff with invisible characters escaped, never cut. */
function plainProse(value) {
    return (0,visible_text/* escapeInvisible */.ts)(value);
}

;// CONCATENATED MODULE: ./src/report/sections.ts


function own(text) {
    return { text, literal: false };
}
function literal(text) {
    return { text, literal: true };
}
const left = (header) => ({ header, align: "left" });
const right = (header) => ({ header, align: "right" });
/** Returns the threshold in the form `abs(a - b) > 1e-06`. */
function thresholdExpression(report) {
    return `abs(a - b) > ${formatThreshold(report.summary.threshold)}`;
}
/** The rule for special values, in one sentence. */
const SPECIAL_VALUES_RULE = "Differences are computed in float64; -0 equals +0, equal infinities are equal, NaN against NaN counts as unchanged, and NaN against a number as changed.";
function countWithPercent(count, total) {
    return `${formatCount(count)} (${formatPercent(total === 0 ? null : count / total)})`;
}
/** Returns the summary figures, each with its label, in the order the reports show them. */
function summaryItems(report) {
    const summary = report.summary;
    const compared = summary.comparedParams;
    const encodings = summary.deltaEncodings
        .map((encoding) => `${encoding.name} ${formatBytes(encoding.bytes)}`)
        .join("; ");
    const nonFinite = summary.nonFinite;
    return [
        {
            label: "Parameters compared",
            value: `${formatCount(compared)} in ${formatCount(summary.tensorsCompared)} tensors`,
        },
        { label: "Changed", value: countWithPercent(summary.changedParams, compared) },
        { label: "Unchanged", value: countWithPercent(summary.unchangedParams, compared) },
        {
            label: "Elements whose stored bits differ",
            value: countWithPercent(summary.bitsDifferingParams, compared),
        },
        {
            label: "Tensors",
            value: `${formatCount(summary.tensorsCompared)} compared, ${formatCount(summary.added)} added, ` +
                `${formatCount(summary.removed)} removed, ${formatCount(summary.reshaped)} reshaped, ` +
                `${formatCount(summary.renamed)} renamed, ${formatCount(summary.dtypeChanged)} recast`,
        },
        { label: "Model size (head tensor data)", value: formatBytes(summary.modelBytes) },
        { label: "Delta size, estimated", value: encodings },
        { label: "Cheapest delta encoding", value: summary.cheapestEncoding },
        {
            label: "Compression ratio (model size / cheapest delta)",
            value: formatRatio(summary.compressionRatio),
        },
        {
            label: "Relative change ||head - base|| / ||base|| of the weight matrices",
            value: format_formatFigure(summary.relativeChange),
        },
        {
            label: "Cosine similarity of base and head weight matrices",
            value: formatCosine(summary.cosine),
        },
        {
            label: "Non-finite values",
            value: `NaN ${formatCount(nonFinite.nanBase)} in base, ${formatCount(nonFinite.nanHead)} in head; ` +
                `infinite ${formatCount(nonFinite.infBase)} in base, ${formatCount(nonFinite.infHead)} in head`,
        },
        { label: "Metadata keys changed", value: formatCount(report.metadataChanges.length) },
    ];
}
/** Returns one line per checkpoint: its reference, what that resolved to if different, its size. */
function checkpointLines(report) {
    return ["base", "head"].map((side) => {
        const checkpoint = report[side];
        const resolved = checkpoint.resolved === checkpoint.reference
            ? []
            : [own(" resolved to "), literal(checkpoint.resolved)];
        return {
            label: side === "base" ? "Base" : "Head",
            cells: [
                literal(checkpoint.reference),
                ...resolved,
                own(`: ${formatCountOf(checkpoint.files, "file")}, ${formatCountOf(checkpoint.tensors, "tensor")}, ` +
                    `${formatCountOf(checkpoint.params, "parameter")}, ${formatBytes(checkpoint.tensorBytes)}`),
            ],
        };
    });
}
function groupTable(groups, keyHeader) {
    return {
        columns: [
            left(keyHeader),
            right("Tensors"),
            right("Params"),
            right("Changed"),
            right("% changed"),
            right("Relative change"),
            right("Cosine"),
        ],
        rows: groups.map((group) => [
            own(group.key),
            own(formatCount(group.tensors)),
            own(formatCount(group.params)),
            own(formatCount(group.changed)),
            own(formatPercent(group.changedFraction)),
            own(format_formatFigure(group.relativeChange)),
            own(formatCosine(group.cosine)),
        ]),
    };
}
/** Returns the per-layer table, in depth order, with the layer where the change is largest. */
function layerSection(report) {
    if (report.layers.length === 0) {
        return { title: "Layers", intro: NO_COMPARED_TENSORS, table: groupTable([], "Layer") };
    }
    let intro = `Layers in depth order; "${OUTSIDE_LAYERS_KEY}" holds the tensors outside the repeated blocks.`;
    let largest = null;
    for (const group of report.layers) {
        if (group.key === OUTSIDE_LAYERS_KEY || group.relativeChange === null)
            continue;
        if (largest === null || group.relativeChange > (largest.relativeChange ?? 0))
            largest = group;
    }
    if (largest !== null) {
        intro += ` The relative change is largest in layer ${largest.key} (${format_formatFigure(largest.relativeChange)}).`;
    }
    return { title: "Layers", intro, table: groupTable(report.layers, "Layer") };
}
function moduleSection(report) {
    const intro = report.modules.length === 0 ? NO_COMPARED_TENSORS : null;
    return { title: "Module kinds", intro, table: groupTable(report.modules, "Module kind") };
}
const NO_COMPARED_TENSORS = "No tensor is present on both sides with the same name and shape.";
function compareByFigureThenName(figure) {
    return (a, b) => {
        const difference = figure(b) - figure(a);
        if (difference !== 0)
            return difference;
        if (a.name === b.name)
            return 0;
        return a.name < b.name ? -1 : 1;
    };
}
function tensorTable(tensors) {
    return {
        columns: [
            left("Tensor"),
            left("Shape"),
            right("Params"),
            right("Changed"),
            right("% changed"),
            right("Max |delta|"),
            right("Relative change"),
            right("Cosine"),
        ],
        rows: tensors.map((tensor) => [
            literal(tensor.name),
            own(formatShape(tensor.shape)),
            own(formatCount(tensor.numel)),
            own(formatCount(tensor.changed)),
            own(formatPercent(tensor.numel === 0 ? null : tensor.changed / tensor.numel)),
            own(format_formatFigure(tensor.maxAbsDelta)),
            own(format_formatFigure(tensor.relativeChange)),
            own(formatCosine(tensor.cosine)),
        ]),
    };
}
/**
 * Returns the `top` tensors with the largest relative change, largest first, ties by name.
 * Tensors whose relative change is undefined or 0 are left out: they have nothing to rank.
 */
function topByRelativeChange(report, top) {
    const ranked = report.tensors
        .filter((tensor) => (tensor.relativeChange ?? 0) > 0)
        .sort(compareByFigureThenName((tensor) => tensor.relativeChange ?? 0));
    return {
        title: "Top tensors by relative change",
        intro: rankingIntro(ranked.length, top, "a relative change above 0"),
        table: tensorTable(ranked.slice(0, Math.max(0, top))),
    };
}
/** Returns the `top` tensors with the largest max |delta|, largest first, ties by name. */
function topByMaxAbsDelta(report, top) {
    const ranked = report.tensors
        .filter((tensor) => (tensor.maxAbsDelta ?? 0) > 0)
        .sort(compareByFigureThenName((tensor) => tensor.maxAbsDelta ?? 0));
    return {
        title: "Top tensors by max |delta|",
        intro: rankingIntro(ranked.length, top, "a max |delta| above 0"),
        table: tensorTable(ranked.slice(0, Math.max(0, top))),
    };
}
function rankingIntro(eligible, top, criterion) {
    if (eligible === 0)
        return `No tensor has ${criterion}.`;
    const shown = Math.min(eligible, Math.max(0, top));
    return `${formatCount(shown)} of ${formatCount(eligible)} tensors with ${criterion}.`;
}
/** Returns the sections of tensors that are not compared value by value; empty ones are left out. */
function structureSections(report) {
    const sections = [
        {
            title: "Added tensors",
            intro: "In the head only.",
            table: { columns: [left("Tensor")], rows: report.added.map((name) => [literal(name)]) },
        },
        {
            title: "Removed tensors",
            intro: "In the base only.",
            table: { columns: [left("Tensor")], rows: report.removed.map((name) => [literal(name)]) },
        },
        {
            title: "Reshaped tensors",
            intro: "Same name, different shape: not compared value by value.",
            table: {
                columns: [left("Tensor"), left("Base shape"), left("Head shape")],
                rows: report.reshaped.map((tensor) => [
                    literal(tensor.name),
                    own(formatShape(tensor.baseShape)),
                    own(formatShape(tensor.headShape)),
                ]),
            },
        },
        {
            title: "Renamed tensors",
            intro: "Same bytes under a new name.",
            table: {
                columns: [left("Base name"), left("Head name")],
                rows: report.renamed.map((tensor) => [literal(tensor.baseName), literal(tensor.headName)]),
            },
        },
        {
            title: "Recast tensors",
            intro: "Same name and shape, different dtype: compared by decoded value.",
            table: {
                columns: [left("Tensor"), left("Base dtype"), left("Head dtype")],
                rows: report.dtypeChanged.map((tensor) => [
                    literal(tensor.name),
                    own(tensor.baseDtype),
                    own(tensor.headDtype),
                ]),
            },
        },
    ];
    return sections.filter((section) => section.table.rows.length > 0);
}
/** Text shown for a metadata value that one side does not have. */
const ABSENT = "(absent)";
function metadataSection(report) {
    if (report.metadataChanges.length === 0)
        return null;
    return {
        title: "Metadata changes",
        intro: "Keys of the safetensors header metadata whose values differ.",
        table: {
            columns: [left("Key"), left("Base"), left("Head")],
            rows: report.metadataChanges.map((change) => [
                literal(change.key),
                change.base === null ? own(ABSENT) : literal(change.base),
                change.head === null ? own(ABSENT) : literal(change.head),
            ]),
        },
    };
}
/** Returns the confidence level and score, as in "confidence medium (score 0.6200)". */
function confidenceText(report) {
    const classification = report.classification;
    const score = `score ${format_formatFigure(classification.score)}`;
    if (classification.cappedBy === null)
        return `confidence ${classification.confidence} (${score})`;
    return `confidence ${classification.confidence} (${score}, capped at ${classification.confidence} because ${classification.cappedBy})`;
}

;// CONCATENATED MODULE: ./src/report/markdown.ts


/** Tables longer than this fold into a `<details>` block, so the comment stays short to scroll. */
const FOLD_ROWS = 15;
/** Escapes text for raw HTML, where Markdown escapes would show as backslashes. */
function htmlText(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function renderCell(cell) {
    return cell.literal ? markdownCodeCell(cell.text) : markdownInline(cell.text);
}
function renderTable(table) {
    const header = `| ${table.columns.map((column) => markdownInline(column.header)).join(" | ")} |`;
    const rule = `|${table.columns.map((column) => (column.align === "right" ? "---:" : "---")).join("|")}|`;
    const rows = table.rows.map((row) => `| ${row.map(renderCell).join(" | ")} |`);
    return [header, rule, ...rows];
}
function renderSection(section, level = "##") {
    const lines = [`${level} ${markdownInline(section.title)}`, ""];
    if (section.intro !== null)
        lines.push(markdownInline(section.intro), "");
    if (section.table.rows.length === 0)
        return lines;
    const table = renderTable(section.table);
    if (section.table.rows.length > FOLD_ROWS) {
        const summary = htmlText(`${section.title} (${section.table.rows.length} rows)`);
        lines.push("<details>", `<summary>${summary}</summary>`, "", ...table, "", "</details>", "");
    }
    else {
        lines.push(...table, "");
    }
    return lines;
}
function renderInterpretation(report) {
    const classification = report.classification;
    const lines = [
        "## Interpretation",
        "",
        `> **${markdownInline(classification.headline)}**`,
        ">",
        `> Label: ${markdownCode(classification.label)}, ${markdownInline(confidenceText(report))}`,
        "",
    ];
    if (classification.facts.length > 0) {
        lines.push("### Facts", "", ...classification.facts.map((fact) => `- ${markdownInline(fact)}`), "");
    }
    if (classification.evidence.length > 0) {
        lines.push("### Why we think this", "", ...classification.evidence.map((item) => `- ${markdownInline(item)}`), "");
    }
    return lines;
}
/**
 * Renders the report as GitHub-flavoured Markdown for a pull-request comment or a job summary.
 * Every string read from a checkpoint is shown as a code span, so it cannot change the layout.
 */
function renderMarkdown(report, options) {
    const lines = [
        `# Model diff: ${markdownCode(report.base.reference)} vs ${markdownCode(report.head.reference)}`,
        "",
        `Threshold: \`${thresholdExpression(report)}\`. ${markdownInline(SPECIAL_VALUES_RULE)}`,
        "",
    ];
    for (const checkpoint of checkpointLines(report)) {
        const text = checkpoint.cells
            .map((cell) => (cell.literal ? markdownCode(cell.text) : markdownInline(cell.text)))
            .join("");
        lines.push(`- ${checkpoint.label}: ${text}`);
    }
    lines.push("", "## Summary", "");
    for (const item of summaryItems(report)) {
        lines.push(`- ${markdownInline(item.label)}: **${markdownInline(item.value)}**`);
    }
    lines.push("");
    lines.push(...renderInterpretation(report));
    lines.push(...renderSection(layerSection(report)));
    lines.push(...renderSection(moduleSection(report)));
    lines.push(...renderSection(topByRelativeChange(report, options.top)));
    lines.push(...renderSection(topByMaxAbsDelta(report, options.top)));
    for (const section of structureSections(report))
        lines.push(...renderSection(section));
    const metadata = metadataSection(report);
    if (metadata !== null)
        lines.push(...renderSection(metadata));
    if (report.notes.length > 0) {
        lines.push("## Notes", "", ...report.notes.map((note) => `- ${markdownInline(note)}`), "");
    }
    lines.push(`<sub>${markdownInline(`model-diff ${report.tool.version}, report schema ${report.schemaVersion}`)}</sub>`);
    return `${lines.join("\n")}\n`;
}

;// CONCATENATED MODULE: ./src/report/text.ts


/** Spaces between table columns. */
const COLUMN_GAP = "  ";
function cellText(cell) {
    return cell.literal ? plainText(cell.text) : cell.text;
}
/** Width in code points; wide CJK characters still count as one, so such rows may not align. */
function widthOf(text) {
    return Array.from(text).length;
}
function pad(text, width, align) {
    const fill = " ".repeat(Math.max(0, width - widthOf(text)));
    return align === "right" ? fill + text : text + fill;
}
function text_renderTable(table) {
    const cells = table.rows.map((row) => row.map(cellText));
    const widths = table.columns.map((column, i) => Math.max(widthOf(column.header), ...cells.map((row) => widthOf(row[i] ?? ""))));
    const line = (values) => table.columns
        .map((column, i) => pad(values[i] ?? "", widths[i] ?? 0, column.align))
        .join(COLUMN_GAP)
        .trimEnd();
    const header = line(table.columns.map((column) => column.header));
    const rule = widths.map((width) => "-".repeat(width)).join(COLUMN_GAP);
    return [header, rule, ...cells.map(line)];
}
function heading(title, underline) {
    return [title, underline.repeat(widthOf(title))];
}
function text_renderSection(section) {
    const lines = [...heading(section.title, "-"), ""];
    if (section.intro !== null)
        lines.push(section.intro, "");
    if (section.table.rows.length > 0)
        lines.push(...text_renderTable(section.table), "");
    return lines;
}
function text_renderInterpretation(report) {
    const classification = report.classification;
    const lines = [
        ...heading("Interpretation", "-"),
        "",
        plainProse(classification.headline),
        `Label: ${plainText(classification.label)}, ${confidenceText(report)}`,
        "",
    ];
    if (classification.facts.length > 0) {
        lines.push("Facts:", ...classification.facts.map((fact) => `  * ${plainProse(fact)}`), "");
    }
    if (classification.evidence.length > 0) {
        lines.push("Why we think this:", ...classification.evidence.map((item) => `  * ${plainProse(item)}`), "");
    }
    return lines;
}
/** Renders the report for a terminal: the Markdown report's content with aligned columns. */
function renderText(report, options) {
    const lines = [
        ...heading(`Model diff: ${plainText(report.base.reference)} vs ${plainText(report.head.reference)}`, "="),
        "",
        `Threshold: ${thresholdExpression(report)}. ${SPECIAL_VALUES_RULE}`,
        "",
    ];
    for (const checkpoint of checkpointLines(report)) {
        lines.push(`${checkpoint.label}: ${checkpoint.cells.map(cellText).join("")}`);
    }
    lines.push("", ...heading("Summary", "-"), "");
    const items = summaryItems(report);
    const labelWidth = Math.max(...items.map((item) => widthOf(item.label)));
    for (const item of items)
        lines.push(`${pad(`${item.label}:`, labelWidth + 1, "left")} ${item.value}`);
    lines.push("");
    lines.push(...text_renderInterpretation(report));
    lines.push(...text_renderSection(layerSection(report)));
    lines.push(...text_renderSection(moduleSection(report)));
    lines.push(...text_renderSection(topByRelativeChange(report, options.top)));
    lines.push(...text_renderSection(topByMaxAbsDelta(report, options.top)));
    for (const section of structureSections(report))
        lines.push(...text_renderSection(section));
    const metadata = metadataSection(report);
    if (metadata !== null)
        lines.push(...text_renderSection(metadata));
    if (report.notes.length > 0) {
        lines.push(...heading("Notes", "-"), "", ...report.notes.map((note) => `  * ${plainProse(note)}`), "");
    }
    lines.push(`model-diff ${report.tool.version}, report schema ${report.schemaVersion}`);
    return `${lines.join("\n")}\n`;
}

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: ./src/options.ts


/** The public Hub, used when neither `HF_ENDPOINT` nor the `hf-endpoint` input is set. */
const DEFAULT_HUB_ENDPOINT = "https://huggingface.co";
const DEFAULT_THRESHOLD = 1e-6;
const DEFAULT_TOP = 15;
/** More workers than this only add memory: the diff is bound by memory bandwidth well before. */
const MAX_WORKERS = 64;
/** Returns one worker per core, at least one and at most MAX_WORKERS. */
function defaultWorkerCount() {
    return Math.max(1, Math.min((0,external_node_os_namespaceObject.availableParallelism)(), MAX_WORKERS));
}
/** A plain decimal number such as 1e-6, 0.5 or 3; hexadecimal and binary forms are not thresholds. */
const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Parses a threshold option: a finite, non-negative decimal number. */
function parseThreshold(text, option) {
    const value = Number(text);
    if (!DECIMAL_NUMBER.test(text) || !Number.isFinite(value) || value < 0) {
        throw new src_errors/* UsageError */.eb(`${option}: "${text}" is not a valid threshold. Give a non-negative number such as 1e-6.`);
    }
    return value;
}
/** Parses a whole number option within [min, max]. */
function parseCount(text, option, min, max) {
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
        throw new src_errors/* UsageError */.eb(`${option}: "${text}" is not valid. Give a whole number from ${min} to ${max}.`);
    }
    return value;
}

;// CONCATENATED MODULE: ./src/cli/args.ts



const USAGE = `Usage: model-diff BASE HEAD [options]

Compare two safetensors checkpoints tensor by tensor and report what kind of change it was.

BASE and HEAD are each a .safetensors file, a *.safetensors.index.json shard index, or a folder.
In a folder, model.safetensors.index.json is read first, then model.safetensors, then the only
weight set; other weight sets beside a standard name are reported as warnings.

Options:
  --threshold T     absolute difference at or below which a value counts as unchanged
                    (default 1e-6)
  --format F        report format: markdown, json or text (default: text on a terminal,
                    markdown otherwise)
  -o, --output FILE write the report to FILE instead of standard output (written whole,
                    never over an input file)
  --workers N       worker threads for the diff, 1 to ${MAX_WORKERS} (default: one per core)
  --top N           rows in each "top tensors" table, 1 to 1000 (default ${DEFAULT_TOP})
  -h, --help        show this help
  -v, --version     show the version

Exit status: 0 with a report, 2 for bad usage or bad input, 70 for a defect in model-diff.
Limits on header size and tensor count can be raised through environment variables; see the
README.`;
/** Options that take a value; a value that starts with "-" (a negative number) still belongs to them. */
const VALUE_OPTIONS = new Set(["--threshold", "--format", "--output", "-o", "--workers", "--top"]);
/**
 * Joins `--option -1` into `--option=-1`, so a negative number reaches the option's own check
 * (and its message) instead of being read as another option.
 */
function attachDashValues(argv) {
    const joined = [];
    for (let i = 0; i < argv.length; i++) {
        const argument = argv[i];
        const next = argv[i + 1];
        if (VALUE_OPTIONS.has(argument) && next !== undefined && /^-[\d.]/.test(next)) {
            joined.push(`${argument}=${next}`);
            i++;
        }
        else {
            joined.push(argument);
        }
    }
    return joined;
}
/** Rewords the errors of node:util parseArgs, which quote options unevenly. */
function parseError(error) {
    const code = error.code;
    const message = error.message;
    const option = /'(-[^']*)'/.exec(message)?.[1];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) {
        return new src_errors/* UsageError */.eb(`unknown option ${option}. Run model-diff --help for the options.`);
    }
    let longOption;
    if (option === "-o")
        longOption = "--output";
    else if (option !== undefined)
        longOption = /--[a-z-]+/.exec(option)?.[0];
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && longOption) {
        return new src_errors/* UsageError */.eb(`${longOption} needs a value. Run model-diff --help for the options.`);
    }
    return new src_errors/* UsageError */.eb(`${message.replace(/\.$/, "")}. Run model-diff --help for the options.`);
}
/** Parses argv (without the node and script paths) into a command. */
function parseCliArgs(argv, stdoutIsTerminal) {
    let parsed;
    try {
        parsed = (0,external_node_util_namespaceObject.parseArgs)({
            args: attachDashValues(argv),
            allowPositionals: true,
            strict: true,
            options: {
                threshold: { type: "string" },
                format: { type: "string" },
                output: { type: "string", short: "o" },
                workers: { type: "string" },
                top: { type: "string" },
                help: { type: "boolean", short: "h" },
                version: { type: "boolean", short: "v" },
            },
        });
    }
    catch (error) {
        throw parseError(error);
    }
    const values = parsed.values;
    if (values.help)
        return { kind: "help" };
    if (values.version)
        return { kind: "version" };
    if (parsed.positionals.length !== 2) {
        throw new src_errors/* UsageError */.eb(`expected two checkpoints, BASE and HEAD, but got ${parsed.positionals.length} argument${parsed.positionals.length === 1 ? "" : "s"}. Run model-diff --help for the usage.`);
    }
    const [base, head] = parsed.positionals;
    const formatText = values.format;
    let format = stdoutIsTerminal ? "text" : "markdown";
    if (formatText !== undefined) {
        if (formatText !== "markdown" && formatText !== "json" && formatText !== "text") {
            throw new src_errors/* UsageError */.eb(`--format: "${formatText}" is not a report format. Use markdown, json or text.`);
        }
        format = formatText;
    }
    const option = (name) => values[name];
    const thresholdText = option("threshold");
    const workersText = option("workers");
    const topText = option("top");
    return {
        kind: "diff",
        options: {
            base,
            head,
            threshold: thresholdText === undefined
                ? DEFAULT_THRESHOLD
                : parseThreshold(thresholdText, "--threshold"),
            workers: workersText === undefined
                ? defaultWorkerCount()
                : parseCount(workersText, "--workers", 1, MAX_WORKERS),
            top: topText === undefined ? DEFAULT_TOP : parseCount(topText, "--top", 1, 1000),
            baseRevision: null,
            headRevision: null,
            mode: "full",
            hub: { endpoint: DEFAULT_HUB_ENDPOINT, token: null },
            format,
            output: option("output") ?? null,
        },
    };
}

;// CONCATENATED MODULE: ./src/cli/output.ts





const WRITE_ERROR_WORDS = {
    ENOENT: "its folder does not exist",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EISDIR: "it is a folder",
    ENOTDIR: "a part of the path is not a folder",
    ENOSPC: "no space left on the device",
    EROFS: "the file system is read-only",
    EEXIST: "a temporary file of the same name exists",
};
/** Returns plain words for a write error, with its code. */
function describeWriteError(error) {
    const code = error.code;
    if (code === undefined)
        return String(error);
    const words = WRITE_ERROR_WORDS[code];
    return words === undefined ? code : `${words} (${code})`;
}
/** Returns the path with symbolic links resolved; a missing file resolves through its folder. */
async function canonicalPath(file) {
    const absolute = external_node_path_default().resolve(file);
    try {
        return await (0,promises_.realpath)(absolute);
    }
    catch {
        try {
            return external_node_path_default().join(await (0,promises_.realpath)(external_node_path_default().dirname(absolute)), external_node_path_default().basename(absolute));
        }
        catch {
            return absolute;
        }
    }
}
/** Throws a UsageError when `output` is one of the input files, so a report never replaces weights. */
async function assertOutputIsNotInput(output, inputs) {
    const target = await canonicalPath(output);
    for (const input of inputs) {
        if ((await canonicalPath(input)) === target) {
            throw new src_errors/* UsageError */.eb(`--output: ${(0,visible_text/* quoteForMessage */.Hx)(output)} is the input file ${(0,visible_text/* quoteForMessage */.Hx)(input)}; writing the report there would replace it. Choose another output path.`);
        }
    }
}
function isBrokenPipe(error) {
    return error?.code === "EPIPE";
}
/**
 * Writes chunks to a stream, waiting for it to drain when its buffer is full. Resolves "closed"
 * when the reader has gone away (EPIPE), as `model-diff … | head` does.
 */
async function writeChunks(stream, chunks) {
    let failure;
    const onError = (error) => {
        failure = error;
    };
    stream.on("error", onError);
    try {
        for (const chunk of chunks) {
            if (failure)
                break;
            if (!stream.write(chunk)) {
                await new Promise((resolve) => {
                    const done = () => {
                        stream.off("drain", done);
                        stream.off("error", done);
                        resolve();
                    };
                    stream.on("drain", done);
                    stream.on("error", done);
                });
            }
        }
    }
    finally {
        stream.off("error", onError);
    }
    if (failure && isBrokenPipe(failure))
        return "closed";
    if (failure)
        throw failure;
    return "written";
}
/** Writes the report to standard output. */
async function writeToStdout(chunks) {
    // Later EPIPE errors, after this function returns, are ignored too.
    process.stdout.on("error", (error) => {
        if (!isBrokenPipe(error))
            throw error;
    });
    return writeChunks(process.stdout, chunks);
}
/**
 * Writes the report to `file` through a temporary file in the same folder, renamed at the end,
 * so a failed run never leaves a partial report under the requested name.
 */
async function writeToFile(file, chunks) {
    const temporary = external_node_path_default().join(external_node_path_default().dirname(external_node_path_default().resolve(file)), `.${external_node_path_default().basename(file)}.${process.pid}.partial`);
    const stream = (0,external_node_fs_namespaceObject.createWriteStream)(temporary, { flags: "wx" });
    try {
        await new Promise((resolve, reject) => {
            stream.once("open", () => resolve());
            stream.once("error", reject);
        });
        await writeChunks(stream, chunks);
        await new Promise((resolve, reject) => {
            stream.once("error", reject);
            stream.end(() => resolve());
        });
        await (0,promises_.rename)(temporary, file);
    }
    catch (error) {
        stream.destroy();
        await (0,promises_.rm)(temporary, { force: true });
        throw new src_errors/* UsageError */.eb(`--output: cannot write ${(0,visible_text/* quoteForMessage */.Hx)(file)}: ${describeWriteError(error)}. Check that its folder exists and is writable, and that the path is not a folder.`);
    }
}

;// CONCATENATED MODULE: ./src/cli/progress.ts
/** Minimum time between two redraws of the progress line. */
const REDRAW_INTERVAL_MS = 200;
/** Runs shorter than this show no progress line at all. */
const SHOW_AFTER_MS = 1000;
/**
 * A single progress line on a terminal: bytes done, total, throughput and time left. Draws
 * nothing when the stream is not a terminal, so piped output stays clean.
 */
class ProgressLine {
    stream;
    started = Date.now();
    lastDraw = 0;
    drawn = false;
    constructor(stream) {
        this.stream = stream;
    }
    update(doneBytes, totalBytes) {
        if (!this.stream.isTTY)
            return;
        const now = Date.now();
        const elapsed = now - this.started;
        if (elapsed < SHOW_AFTER_MS || now - this.lastDraw < REDRAW_INTERVAL_MS)
            return;
        this.lastDraw = now;
        const rate = doneBytes / (elapsed / 1000);
        const left = rate > 0 ? (totalBytes - doneBytes) / rate : Number.NaN;
        const percent = totalBytes > 0 ? (100 * doneBytes) / totalBytes : 100;
        const line = `diff ${percent.toFixed(1)}%  ${progress_formatBytes(doneBytes)} of ${progress_formatBytes(totalBytes)}  ${progress_formatBytes(rate)}/s  ${Number.isFinite(left) ? `${Math.ceil(left)} s left` : ""}`;
        this.stream.write(`\r${line.padEnd(78)}`);
        this.drawn = true;
    }
    /** Clears the line so the next output starts on a clean row. */
    finish() {
        if (this.drawn)
            this.stream.write(`\r${" ".repeat(78)}\r`);
        this.drawn = false;
    }
}
function progress_formatBytes(bytes) {
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

;// CONCATENATED MODULE: ./src/cli/main.ts









/** Characters of an error message printed before it is cut. */
const MAX_MESSAGE_CHARS = 4000;
/** Returns the report as chunks: JSON in pieces, so no single string grows with the tensor count. */
function render(report, options) {
    switch (options.format) {
        case "json":
            return renderJsonChunks(report);
        case "text":
            return [withFinalNewline(renderText(report, { top: options.top }))];
        case "markdown":
            return [withFinalNewline(renderMarkdown(report, { top: options.top }))];
    }
}
function withFinalNewline(text) {
    return text.endsWith("\n") ? text : `${text}\n`;
}
/**
 * Makes a message safe for a terminal: control characters other than newline and tab are shown
 * as escapes, and a very long message is cut. Messages quote file content through
 * quoteForMessage already; this is the last guard for anything that slipped through.
 */
function terminalSafe(message) {
    const escaped = message.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the purpose.
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
    if (escaped.length <= MAX_MESSAGE_CHARS)
        return escaped;
    return `${escaped.slice(0, MAX_MESSAGE_CHARS)}… (cut from ${escaped.length} characters)`;
}
function stderrLog(progress, verbose) {
    return {
        info: (message) => {
            progress.finish();
            process.stderr.write(`${terminalSafe(message)}\n`);
        },
        warning: (message) => {
            progress.finish();
            process.stderr.write(`warning: ${terminalSafe(message)}\n`);
        },
        debug: (message) => {
            if (verbose)
                process.stderr.write(`debug: ${terminalSafe(message)}\n`);
        },
        progress: (done, total) => progress.update(done, total),
        phase: (_name, work) => work(),
    };
}
/** Runs the CLI with `argv` (no node or script path) and returns the exit code. */
async function main(argv) {
    const progress = new ProgressLine(process.stderr);
    try {
        const command = parseCliArgs(argv, process.stdout.isTTY === true);
        if (command.kind === "help") {
            process.stdout.write(`${USAGE}\n`);
            return 0;
        }
        if (command.kind === "version") {
            process.stdout.write(`model-diff ${VERSION}\n`);
            return 0;
        }
        const options = command.options;
        const log = stderrLog(progress, process.env.MODEL_DIFF_DEBUG === "1");
        const output = options.output;
        const report = await compareCheckpoints(options, log, {
            inputsResolved: (paths) => output === null ? undefined : assertOutputIsNotInput(output, paths),
        });
        progress.finish();
        const chunks = render(report, options);
        if (output === null) {
            await writeToStdout(chunks);
        }
        else {
            await writeToFile(output, chunks);
            process.stderr.write(`Report written to ${terminalSafe(output)}\n`);
        }
        return 0;
    }
    catch (error) {
        progress.finish();
        if (error instanceof src_errors/* ModelDiffError */.fV) {
            process.stderr.write(`model-diff: ${terminalSafe(error.message)}\n`);
            return src_errors/* EXIT_USAGE_OR_INPUT */.mi;
        }
        const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
        process.stderr.write(`model-diff: internal error, please report it with the command you ran.\n${terminalSafe(detail)}\n`);
        return src_errors/* EXIT_INTERNAL */.vE;
    }
}


/***/ }),

/***/ 42:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Dk: () => (/* binding */ writeDemoPair)
});

// UNUSED EXPORTS: DEMO_RELATIVE_CHANGE, DEMO_SHAPE, demoTensorSpecs, generateDemoPair

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(916);
;// CONCATENATED MODULE: ./src/format/writer.ts
/**
 * Serializes tensors to the safetensors layout: an 8-byte little-endian header length, the JSON
 * header padded with spaces to a multiple of 8, then the tensors' bytes in the given order.
 */
function encodeSafetensors(tensors, metadata) {
    // A null-prototype object keeps a tensor named "__proto__" as an ordinary key.
    const header = Object.create(null);
    if (metadata)
        header.__metadata__ = metadata;
    let offset = 0;
    for (const tensor of tensors) {
        header[tensor.name] = {
            dtype: tensor.dtype,
            shape: tensor.shape,
            data_offsets: [offset, offset + tensor.data.byteLength],
        };
        offset += tensor.data.byteLength;
    }
    let json = Buffer.from(JSON.stringify(header), "utf8");
    const padding = (8 - (json.byteLength % 8)) % 8;
    if (padding > 0)
        json = Buffer.concat([json, Buffer.alloc(padding, 0x20)]);
    const out = new Uint8Array(8 + json.byteLength + offset);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
    out.set(json, 8);
    let position = 8 + json.byteLength;
    for (const tensor of tensors) {
        out.set(tensor.data, position);
        position += tensor.data.byteLength;
    }
    return out;
}

// EXTERNAL MODULE: ./src/visible-text.ts
var visible_text = __nccwpck_require__(325);
;// CONCATENATED MODULE: ./src/demo/bfloat16.ts
const scratch = new DataView(new ArrayBuffer(4));
/** Rounds a number to bfloat16 bits with round-to-nearest-even, as PyTorch's conversion does. */
function toBfloat16Bits(value) {
    scratch.setFloat32(0, value, true);
    const bits = scratch.getUint32(0, true);
    if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x007fffff) !== 0)
        return 0x7fc0;
    const roundingBias = 0x7fff + ((bits >>> 16) & 1);
    return ((bits + roundingBias) >>> 16) & 0xffff;
}
/** Returns the number a bfloat16 bit pattern stands for. */
function fromBfloat16Bits(bits) {
    scratch.setUint32(0, (bits & 0xffff) << 16, true);
    return scratch.getFloat32(0, true);
}

;// CONCATENATED MODULE: ./src/demo/random.ts
/**
 * A seeded pseudo-random generator (mulberry32, enough for test data) with Gaussian samples by
 * the Box-Muller transform. The same seed gives the same sequence on every platform, so generated
 * checkpoints are reproducible.
 */
class SeededRandom {
    state;
    spare = null;
    constructor(seed) {
        this.state = seed >>> 0;
    }
    /** Uniform in [0, 1). */
    next() {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    /** Standard normal sample. */
    gaussian() {
        if (this.spare !== null) {
            const value = this.spare;
            this.spare = null;
            return value;
        }
        let u = 0;
        while (u === 0)
            u = this.next();
        const v = this.next();
        const radius = Math.sqrt(-2 * Math.log(u));
        this.spare = radius * Math.sin(2 * Math.PI * v);
        return radius * Math.cos(2 * Math.PI * v);
    }
}

;// CONCATENATED MODULE: ./src/demo/generate.ts







const DEMO_SHAPE = {
    vocab: 8192,
    hidden: 256,
    intermediate: 704,
    layers: 6,
    heads: 4,
    kvHeads: 2,
};
/** Relative size of the head's dense update, ||head - base|| / ||base||, as in a typical SFT. */
const DEMO_RELATIVE_CHANGE = 0.07;
/** Standard deviation of the base's weight matrices, typical of trained transformer weights. */
const WEIGHT_STD = 0.02;
/** Lists the tensors of a Qwen2-style model with tied embeddings (no lm_head, as Qwen2.5-0.5B). */
function demoTensorSpecs(shape) {
    const headDim = shape.hidden / shape.heads;
    const kvWidth = headDim * shape.kvHeads;
    const specs = [
        { name: "model.embed_tokens.weight", shape: [shape.vocab, shape.hidden], init: "matrix" },
    ];
    for (let layer = 0; layer < shape.layers; layer++) {
        const prefix = `model.layers.${layer}`;
        specs.push({ name: `${prefix}.input_layernorm.weight`, shape: [shape.hidden], init: "norm" }, {
            name: `${prefix}.mlp.down_proj.weight`,
            shape: [shape.hidden, shape.intermediate],
            init: "matrix",
        }, {
            name: `${prefix}.mlp.gate_proj.weight`,
            shape: [shape.intermediate, shape.hidden],
            init: "matrix",
        }, {
            name: `${prefix}.mlp.up_proj.weight`,
            shape: [shape.intermediate, shape.hidden],
            init: "matrix",
        }, { name: `${prefix}.post_attention_layernorm.weight`, shape: [shape.hidden], init: "norm" }, { name: `${prefix}.self_attn.k_proj.bias`, shape: [kvWidth], init: "bias" }, { name: `${prefix}.self_attn.k_proj.weight`, shape: [kvWidth, shape.hidden], init: "matrix" }, {
            name: `${prefix}.self_attn.o_proj.weight`,
            shape: [shape.hidden, shape.hidden],
            init: "matrix",
        }, { name: `${prefix}.self_attn.q_proj.bias`, shape: [shape.hidden], init: "bias" }, {
            name: `${prefix}.self_attn.q_proj.weight`,
            shape: [shape.hidden, shape.hidden],
            init: "matrix",
        }, { name: `${prefix}.self_attn.v_proj.bias`, shape: [kvWidth], init: "bias" }, { name: `${prefix}.self_attn.v_proj.weight`, shape: [kvWidth, shape.hidden], init: "matrix" });
    }
    specs.push({ name: "model.norm.weight", shape: [shape.hidden], init: "norm" });
    return specs;
}
function baseValue(init, random) {
    switch (init) {
        case "matrix":
            return WEIGHT_STD * random.gaussian();
        case "norm":
            return 1 + 0.05 * random.gaussian();
        case "bias":
            return 0.01 * random.gaussian();
    }
}
function toBfloat16Bytes(values) {
    const bytes = new Uint8Array(values.length * 2);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++)
        view.setUint16(2 * i, toBfloat16Bits(values[i]), true);
    return bytes;
}
/**
 * Builds a base and a head made from it by a dense fine-tune: every element moves by Gaussian
 * noise scaled so that each tensor's relative change is about `relativeChange`, then both are
 * rounded to bfloat16. The same seed gives byte-identical files.
 */
function generateDemoPair(shape = DEMO_SHAPE, seed = 20241204, relativeChange = DEMO_RELATIVE_CHANGE) {
    const random = new SeededRandom(seed);
    const base = [];
    const head = [];
    for (const spec of demoTensorSpecs(shape)) {
        const count = spec.shape.reduce((product, size) => product * size, 1);
        const a = new Float64Array(count);
        for (let i = 0; i < count; i++)
            a[i] = baseValue(spec.init, random);
        const rms = Math.sqrt(a.reduce((sum, value) => sum + value * value, 0) / count);
        // Norm weights move far less than matrices in post-training.
        const scale = (spec.init === "norm" ? relativeChange / 10 : relativeChange) * rms;
        const b = new Float64Array(count);
        for (let i = 0; i < count; i++)
            b[i] = a[i] + scale * random.gaussian();
        base.push({ name: spec.name, dtype: "BF16", shape: spec.shape, data: toBfloat16Bytes(a) });
        head.push({ name: spec.name, dtype: "BF16", shape: spec.shape, data: toBfloat16Bytes(b) });
    }
    return { base, head };
}
/** Creates `folder` if it is missing; its parent must exist. */
async function ensureFolder(folder) {
    try {
        await (0,promises_.mkdir)(folder);
    }
    catch (error) {
        const code = error.code;
        if (code === "EEXIST" && (await (0,promises_.stat)(folder)).isDirectory())
            return;
        const reason = code === "EEXIST" ? "a file of that name exists" : (code ?? String(error));
        throw new errors/* InputError */.dz(`cannot create the demo folder ${(0,visible_text/* quoteForMessage */.Hx)(folder)} (${reason}). Pass a folder path whose parent folder exists.`);
    }
}
/** Writes the demo pair as `<dir>/base/model.safetensors` and `<dir>/head/model.safetensors`. */
async function writeDemoPair(dir) {
    const pair = generateDemoPair();
    const paths = { base: (0,external_node_path_.join)(dir, "base"), head: (0,external_node_path_.join)(dir, "head") };
    await ensureFolder(dir);
    for (const side of ["base", "head"]) {
        await ensureFolder(paths[side]);
        const bytes = encodeSafetensors(pair[side], { format: "pt" });
        const file = (0,external_node_path_.join)(paths[side], "model.safetensors");
        try {
            await (0,promises_.writeFile)(file, bytes);
        }
        catch (error) {
            const code = error.code ?? String(error);
            throw new errors/* InputError */.dz(`cannot write ${(0,visible_text/* quoteForMessage */.Hx)(file)} (${code}).`);
        }
    }
    return paths;
}


/***/ }),

/***/ 502:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _cli_main_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(902);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(916);
/* harmony import */ var _generate_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(42);




/**
 * Generates the demo checkpoints (a small Qwen2-style bf16 base and a densely fine-tuned head)
 * into the folder given as the first argument (default `demo-checkpoints`), then prints the
 * report on them. Further arguments go to the CLI, for example `--format json`.
 */
async function runDemo(argv) {
    const [folder = "demo-checkpoints", ...cliArgs] = argv;
    let paths;
    try {
        paths = await (0,_generate_js__WEBPACK_IMPORTED_MODULE_3__/* .writeDemoPair */ .Dk)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(folder));
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ModelDiffError */ .fV) {
            process.stderr.write(`model-diff demo: ${(0,_cli_main_js__WEBPACK_IMPORTED_MODULE_1__/* .terminalSafe */ .k)(error.message)}\n`);
            return _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .EXIT_USAGE_OR_INPUT */ .mi;
        }
        process.stderr.write(`model-diff demo: internal error: ${(0,_cli_main_js__WEBPACK_IMPORTED_MODULE_1__/* .terminalSafe */ .k)(String(error))}\n`);
        return _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .EXIT_INTERNAL */ .vE;
    }
    // Relative paths keep the report free of the machine's folder layout.
    const base = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(process.cwd(), paths.base) || ".";
    const head = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(process.cwd(), paths.head) || ".";
    process.stderr.write(`Demo checkpoints written to ${base} and ${head}\n`);
    return (0,_cli_main_js__WEBPACK_IMPORTED_MODULE_1__/* .main */ .i)([base, head, ...cliArgs]);
}
process.exitCode = await runDemo(process.argv.slice(2));

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 916:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   IF: () => (/* binding */ FormatError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   eb: () => (/* binding */ UsageError),
/* harmony export */   fV: () => (/* binding */ ModelDiffError),
/* harmony export */   mi: () => (/* binding */ EXIT_USAGE_OR_INPUT),
/* harmony export */   oC: () => (/* binding */ LimitError),
/* harmony export */   vE: () => (/* binding */ EXIT_INTERNAL)
/* harmony export */ });
/**
 * Error classes for every failure a user can act on. Entry points map each class to an exit code
 * and print its message alone; any other exception is a bug in model-diff and is reported as one.
 *
 * A message names the file or reference, says what is wrong with the numbers involved, and says
 * what to do next.
 */
/** Base class of the errors that carry a message meant for the user. */
class ModelDiffError extends Error {
    name = "ModelDiffError";
}
/** Invalid command-line options or action inputs: which option, what was given, what is accepted. */
class UsageError extends ModelDiffError {
    name = "UsageError";
}
/** A reference that cannot be resolved to a checkpoint: missing path, ambiguous folder, wrong kind of file. */
class InputError extends ModelDiffError {
    name = "InputError";
}
/** Malformed checkpoint content: which file, which tensor or byte range, what rule it breaks. */
class FormatError extends ModelDiffError {
    file;
    name = "FormatError";
    constructor(
    /** File the bytes came from, as the user named it (path, or `repo@revision:filename`). */
    file, message) {
        super(message);
        this.file = file;
    }
}
/** A configured limit that the input exceeds: which limit, its value, and how to raise it. */
class LimitError extends ModelDiffError {
    file;
    limit;
    name = "LimitError";
    constructor(file, 
    /** Name of the limit constant, as documented in the README. */
    limit, message) {
        super(message);
        this.file = file;
        this.limit = limit;
    }
}
/** Exit code for bad usage or bad input, as for most Unix tools. */
const EXIT_USAGE_OR_INPUT = 2;
/** Exit code for a defect in model-diff itself. */
const EXIT_INTERNAL = 70;


/***/ }),

/***/ 325:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Hx: () => (/* binding */ quoteForMessage),
/* harmony export */   Q6: () => (/* binding */ visibleText),
/* harmony export */   jV: () => (/* binding */ MAX_SHOWN_CHARS),
/* harmony export */   ts: () => (/* binding */ escapeInvisible)
/* harmony export */ });
/**
 * Untrusted text (tensor names, metadata, paths, header excerpts) made safe to show in a report or
 * an error message. Invisible and look-alike characters are escaped and long values are cut, so a
 * checkpoint cannot forge output lines, reorder text or flood a terminal.
 */
/** Characters of a name or value shown before it is cut, so one long value cannot flood a report. */
const MAX_SHOWN_CHARS = 200;
const ELLIPSIS = "…";
/**
 * Characters shown as `\uXXXX`: C0 and C1 controls, DEL, the bidirectional marks, embeddings,
 * overrides and isolates (which can make text read in another order than it is stored),
 * zero-width characters, spaces other than U+0020 (which look like it), line and paragraph
 * separators, and unpaired surrogates.
 */
const INVISIBLE = 
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the purpose.
/[\u0000-\u001f\u007f-\u00a0\u061c\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2069\u3000\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SHORT_ESCAPES = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
function escapeCharacter(character) {
    return SHORT_ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}
/** Returns `value` with control, bidi and zero-width characters replaced by `\n`, `\u202e` and so on. */
function escapeInvisible(value) {
    return value.replace(INVISIBLE, escapeCharacter);
}
/**
 * Returns a literal (a name, key or value read from a checkpoint) made visible: backslashes and
 * invisible characters escaped, leading and trailing spaces shown as `\u0020`, and cut to `maxChars` code
 * points with an ellipsis. The JSON report has the exact bytes.
 */
function visibleText(value, maxChars = MAX_SHOWN_CHARS) {
    const codePoints = Array.from(value);
    const cut = codePoints.length > maxChars;
    const kept = cut ? codePoints.slice(0, maxChars).join("") : value;
    // A literal backslash is escaped first, so every backslash shown starts an escape.
    let text = escapeInvisible(kept.replace(/\\/g, "\\u005c"));
    text = text.replace(/^ +| +$/g, (spaces) => "\\u0020".repeat(spaces.length));
    return { text: cut ? text + ELLIPSIS : text, truncatedFrom: cut ? codePoints.length : null };
}
/** Returns `value` as a double-quoted literal for an error message, escaped and cut like a name. */
function quoteForMessage(value, maxChars = MAX_SHOWN_CHARS) {
    const visible = visibleText(value, maxChars);
    const text = visible.text.replace(/"/g, "\\u0022");
    const cut = visible.truncatedFrom === null ? "" : ` (cut from ${visible.truncatedFrom} characters)`;
    return `"${text}"${cut}`;
}


/***/ }),

/***/ 455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(502);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
