/**
 * Structural notes beside the label (vocabulary resize, tied or untied head, renames, dtype
 * changes, added, removed and reshaped tensors), and whether what changed in names and shapes
 * amounts to another architecture. A vocabulary resize and tying or untying the output head
 * change names or shapes without changing the architecture, so they are notes only.
 */

import type { DiffResult } from "../diff/types.js";
import { formatCount } from "../report/format.js";
import type { StructuralNote } from "../report/model.js";
import { quoteForMessage } from "../visible-text.js";
import type { ConfigChange } from "./configs.js";
import type { ContentMatches } from "./content-matches.js";
import { NameFactsCache } from "./name-facts.js";
import { formatFigure } from "./phrasing.js";
import type { VocabularyRows } from "./vocabulary-rows.js";

export interface Structure {
  /** Whether tensors were added, removed or reshaped beyond a vocabulary resize or tying. */
  architectureChanged: boolean;
  /** Evidence lines for an architecture change (config fields that changed). */
  reasons: string[];
  notes: StructuralNote[];
  /** Evidence lines to show whatever the label (a config change that explains a note). */
  evidence: string[];
}

const VOCABULARY_KINDS = new Set(["embedding", "output_head"]);

function namesOf(names: readonly string[], limit = 5): string {
  const shown = names.slice(0, limit).map((name) => quoteForMessage(name));
  return names.length > limit
    ? `${shown.join(", ")} and ${names.length - limit} more`
    : shown.join(", ");
}

/**
 * Returns the structural notes of a diff and whether the architecture changed. `names` is the
 * comparison's NameFactsCache.
 */
export function structureOf(
  diff: DiffResult,
  configChanges: readonly ConfigChange[],
  vocabularyRows: readonly VocabularyRows[] = [],
  content?: ContentMatches,
  names = new NameFactsCache(),
): Structure {
  // The grouping rule's moduleKindOf, read through the comparison's cache.
  const moduleKindOf = (name: string) => names.of(name).moduleKind;
  const notes: StructuralNote[] = [];
  const evidence: string[] = [];
  const reasons: string[] = [];

  const vocabulary = diff.reshaped.filter(
    (tensor) =>
      VOCABULARY_KINDS.has(moduleKindOf(tensor.name)) &&
      tensor.baseShape.length === tensor.headShape.length &&
      tensor.baseShape.slice(1).every((size, i) => size === tensor.headShape[i + 1]),
  );
  const otherReshaped = diff.reshaped.filter((tensor) => !vocabulary.includes(tensor));
  if (vocabulary.length > 0) {
    const sizes = vocabulary.map(
      (tensor) => `${tensor.name}: ${tensor.baseShape[0]} → ${tensor.headShape[0]} rows`,
    );
    const read = vocabulary.flatMap((tensor) => {
      const rows = vocabularyRows.find((item) => item.name === tensor.name);
      return rows === undefined ? [] : [rows];
    });
    notes.push({
      kind: "vocab_resize",
      text: `The vocabulary was resized: ${sizes.join("; ")}.`,
      ...(read.length > 0 ? { detail: { tensors: read } } : {}),
    });
    evidence.push(...read.map(vocabularyLine));
    const vocabConfig = configChanges.find(
      (change) => change.file === "config.json" && change.key === "vocab_size",
    );
    if (vocabConfig) {
      evidence.push(
        `config.json changed vocab_size from ${vocabConfig.base ?? "absent"} to ${vocabConfig.head ?? "absent"}, which explains the resized embedding rows.`,
      );
    }
  }

  const hasEmbedding = (names: Iterable<string>) =>
    [...names].some((name) => moduleKindOf(name) === "embedding");
  const comparedNames = diff.compared.map((tensor) => tensor.name);
  const embeddingKept =
    hasEmbedding(comparedNames) ||
    vocabulary.some((tensor) => moduleKindOf(tensor.name) === "embedding");
  // A tied head shares the embedding's shape: [vocabulary, hidden].
  const embeddingShapes = [
    ...diff.compared
      .filter((tensor) => moduleKindOf(tensor.name) === "embedding")
      .map((tensor) => tensor.shape),
    ...vocabulary
      .filter((tensor) => moduleKindOf(tensor.name) === "embedding")
      .flatMap((tensor) => [tensor.baseShape, tensor.headShape]),
  ];
  const headOnly = (tensors: readonly { name: string; shape: number[] }[]) =>
    tensors.length > 0 &&
    tensors.every(
      (tensor) =>
        moduleKindOf(tensor.name) === "output_head" &&
        embeddingShapes.some(
          (shape) =>
            shape.length === tensor.shape.length &&
            shape[1] === tensor.shape[1] &&
            (shape[0] ?? 0) >= 2 &&
            (tensor.shape[0] ?? 0) >= 2,
        ),
    );
  const removedNames = diff.removed.map((tensor) => tensor.name);
  const addedNames = diff.added.map((tensor) => tensor.name);
  const tiedChange =
    embeddingKept &&
    ((headOnly(diff.removed) && addedNames.length === 0) ||
      (headOnly(diff.added) && removedNames.length === 0));
  const baseTied = content?.baseTied ?? null;
  const headTied = content?.headTied ?? null;
  if (tiedChange) {
    notes.push({
      kind: "tied_untied",
      text: tiedNoteByName(removedNames, addedNames, baseTied, headTied),
      ...(content !== undefined ? { detail: { baseTied, headTied } } : {}),
    });
  } else if (baseTied !== null && headTied !== null && baseTied !== headTied) {
    const output = diff.compared.find((tensor) => moduleKindOf(tensor.name) === "output_head");
    const name = output === undefined ? "the output head" : quoteForMessage(output.name);
    notes.push({
      kind: "tied_untied",
      text: baseTied
        ? `The head unties the output head from the embedding: ${name} holds the embedding's bytes in the base but not in the head.`
        : `The head ties the output head to the embedding: ${name} holds the embedding's bytes in the head but not in the base.`,
      detail: { baseTied, headTied },
    });
  }
  if (!tiedChange) {
    if (diff.added.length > 0) {
      notes.push({
        kind: "tensors_added",
        text: `${diff.added.length} tensors added: ${namesOf(addedNames)}.`,
      });
    }
    if (diff.removed.length > 0) {
      notes.push({
        kind: "tensors_removed",
        text: `${diff.removed.length} tensors removed: ${namesOf(removedNames)}.`,
      });
    }
  }
  if (otherReshaped.length > 0) {
    notes.push({
      kind: "reshaped",
      text: `${otherReshaped.length} tensors reshaped: ${namesOf(otherReshaped.map((tensor) => `${tensor.name} ${JSON.stringify(tensor.baseShape)} → ${JSON.stringify(tensor.headShape)}`))}.`,
    });
  }
  if (diff.renamed.length > 0) {
    notes.push({
      kind: "renamed",
      text: `${diff.renamed.length} tensors have new names with the same bytes: ${namesOf(diff.renamed.map((tensor) => `${tensor.baseName} → ${tensor.headName}`))}.`,
    });
  }
  const recast = diff.compared.filter((tensor) => tensor.baseDtype !== tensor.headDtype);
  if (recast.length > 0) {
    const pairs = [...new Set(recast.map((tensor) => `${tensor.baseDtype} → ${tensor.headDtype}`))];
    notes.push({
      kind: "dtype_changed",
      text: `${recast.length} tensors changed dtype (${pairs.join(", ")}).`,
    });
  }

  const architectureChanged =
    otherReshaped.length > 0 || (!tiedChange && (diff.added.length > 0 || diff.removed.length > 0));
  if (architectureChanged) {
    const fields = configChanges.filter(
      (change) => change.file === "config.json" && change.architectural,
    );
    if (fields.length > 0) {
      reasons.push(
        `config.json agrees: ${fields.map((change) => `${change.key} ${change.base ?? "absent"} → ${change.head ?? "absent"}`).join(", ")}.`,
      );
    }
  }
  return { architectureChanged, reasons, notes, evidence };
}

/**
 * Text of a tie note found by names (the output head is present on one side only). When the side
 * that stores the output head holds the embedding's bytes in it, the weights stay tied and only
 * the storage changed.
 */
function tiedNoteByName(
  removedNames: readonly string[],
  addedNames: readonly string[],
  baseTied: boolean | null,
  headTied: boolean | null,
): string {
  if (removedNames.length > 0) {
    return baseTied === true
      ? `The head drops the base's stored copy of the tied output head: ${namesOf(removedNames)} held the embedding's bytes and is gone.`
      : `The head ties the output head to the embedding: ${namesOf(removedNames)} is gone.`;
  }
  return headTied === true
    ? `The head stores the tied output head as its own tensor: ${namesOf(addedNames)} is new and holds the embedding's bytes, so the weights are still tied.`
    : `The head unties the output head from the embedding: ${namesOf(addedNames)} is new.`;
}

const INIT_WORDS: Record<string, string> = {
  zero: "all zeros",
  mean: "copies of one row, as mean initialization gives",
  distinct: "distinct rows (random, or the mean row plus noise)",
};

/** One evidence line for the rows of a resized embedding or output head. */
function vocabularyLine(rows: VocabularyRows): string {
  const common = `${rows.commonUnchanged} of ${rows.commonSampled} sampled rows of the ${formatCount(Math.min(rows.baseRows, rows.headRows))} token ids both sides hold are unchanged (median relative change of a row ${formatFigure(rows.commonMedianRelativeChange)})`;
  if (rows.newRows === 0) {
    return `${quoteForMessage(rows.name)} lost ${rows.baseRows - rows.headRows} rows; ${common}.`;
  }
  const added = `${quoteForMessage(rows.name)} gained ${rows.newRows} rows; ${common}.`;
  if (rows.init === null) return added;
  if (rows.init === "zero")
    return `${added} The new rows (${rows.newRowsRead} read) are all zeros.`;
  return `${added} The new rows (${rows.newRowsRead} read, ${rows.newZeroRows} of them zero) are ${INIT_WORDS[rows.init]}: their mean norm is ${formatFigure(rows.newNormRatio)} times the old rows', and they sit ${formatFigure(rows.newSpread)} old-row norms from their own mean row on average.`;
}
