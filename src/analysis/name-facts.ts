import type { ModuleKind } from "../report/model.js";
import { type LayerLocation, layerLocationOf, moduleKindOf, moduleNameOf } from "./grouping.js";

/** The layer, module kind and module name that the grouping rules read from a tensor name. */
export interface NameFacts {
  /** layerLocationOf(name). */
  location: LayerLocation | null;
  /** moduleKindOf(name). */
  moduleKind: ModuleKind;
  /** moduleNameOf(name). */
  moduleName: string;
}

/**
 * The NameFacts of the tensors of one comparison, each name read on its first request. The
 * sample choice, the content matching, the classifier and the report each group every tensor, so
 * on a checkpoint of many small tensors, reading each name once instead of up to seven times
 * saves much of their per-tensor cost.
 *
 * An instance keeps every name it was asked about, so it belongs to one comparison and is
 * dropped with it: a module-wide cache would grow with every comparison a process runs (the
 * Action and the tests run several).
 */
export class NameFactsCache {
  private readonly byName = new Map<string, NameFacts>();

  /** Returns the facts of `name`, reading the name on the first request. */
  of(name: string): NameFacts {
    let facts = this.byName.get(name);
    if (facts === undefined) {
      facts = {
        location: layerLocationOf(name),
        moduleKind: moduleKindOf(name),
        moduleName: moduleNameOf(name),
      };
      this.byName.set(name, facts);
    }
    return facts;
  }
}
