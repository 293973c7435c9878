import type { DiffResult } from "../diff/types.js";
import type { Classification } from "../report/model.js";
import type { ConfigChange } from "./configs.js";
import type { NameFactsCache } from "./name-facts.js";
import { count } from "./phrasing.js";
import { structureOf } from "./structure.js";

/** Names shown in one evidence line before the rest are counted. */
const PREVIEW_NAMES = 5;

function preview(names: readonly string[]): string {
  const shown = names.slice(0, PREVIEW_NAMES).join(", ");
  return names.length > PREVIEW_NAMES ? `${shown} and ${names.length - PREVIEW_NAMES} more` : shown;
}

/**
 * Classifies a structure-only diff, which read no tensor values. It gives only the labels the
 * headers prove: architecture_change when names or shapes differ beyond a vocabulary resize,
 * identical when every tensor pair sits in files known equal by SHA-256, and otherwise
 * same_architecture, which claims nothing about the values. Each is certain, so confidence is high.
 */
export function classifyStructure(
  diff: DiffResult,
  configChanges: readonly ConfigChange[] = [],
  names?: NameFactsCache,
): Classification {
  const structure = structureOf(diff, configChanges, [], undefined, names);
  const params = diff.compared.reduce((sum, tensor) => sum + tensor.stats.numel, 0);
  const recast = diff.compared.filter((tensor) => tensor.baseDtype !== tensor.headDtype);
  const facts = [
    `${count(params, "parameter")} in ${count(diff.compared.length, "tensor")} with the same name and shape; values were not compared (structure-only diff).`,
  ];
  const structural = diff.added.length + diff.removed.length + diff.reshaped.length;
  if (structural > 0) {
    facts.push(
      `${count(diff.added.length, "tensor")} added, ${diff.removed.length} removed, ${diff.reshaped.length} reshaped.`,
    );
  }
  if (recast.length > 0) facts.push(`${count(recast.length, "tensor")} changed dtype.`);

  const common = {
    confidence: "high" as const,
    score: 1,
    cappedBy: null,
    facts,
    structuralNotes: structure.notes,
    sampling: null,
  };
  if (structure.architectureChanged) {
    const parts = [
      { verb: "added", names: diff.added.map((tensor) => tensor.name) },
      { verb: "removed", names: diff.removed.map((tensor) => tensor.name) },
      { verb: "reshaped", names: diff.reshaped.map((tensor) => tensor.name) },
    ]
      .filter((part) => part.names.length > 0)
      .map((part) => `${part.names.length} ${part.verb} (${preview(part.names)})`);
    return {
      ...common,
      label: "architecture_change",
      headline: "The architecture changed: tensors were added, removed or reshaped.",
      evidence: [
        `Tensor names or shapes differ, so the head has another architecture: ${parts.join(", ")}.`,
        ...structure.reasons,
        ...structure.evidence,
      ],
      detail: {
        added: diff.added.length,
        removed: diff.removed.length,
        reshaped: diff.reshaped.length,
      },
    };
  }
  const allKnownEqual =
    diff.compared.length > 0 &&
    diff.compared.every((tensor) => tensor.values === "equal_sha256") &&
    recast.length === 0;
  if (allKnownEqual) {
    return {
      ...common,
      label: "identical",
      headline: "The weights are identical: every file has the same SHA-256 on both sides.",
      evidence: [
        `All ${count(diff.compared.length, "tensor")} sit in files whose SHA-256 is the same on both sides, so their bytes are equal without reading them.`,
        ...structure.evidence,
      ],
      detail: { bitsDiffering: 0, renamed: diff.renamed.length },
    };
  }
  return {
    ...common,
    label: "same_architecture",
    headline:
      "The architecture is the same: every tensor has the same name and shape on both sides. Values were not compared.",
    evidence: [
      `The headers list the same ${count(diff.compared.length, "tensor")} with the same shapes${recast.length > 0 ? `, ${recast.length} of them in another dtype` : ""}. A structure-only diff reads no tensor values, so it cannot tell an identical copy from a fine-tune or a retrain; run a full diff for that.`,
      ...structure.evidence,
    ],
    detail: { tensors: diff.compared.length, params, recast: recast.length },
  };
}
