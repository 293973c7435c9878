/**
 * The companion files read beside the weights (config.json, tokenizer.json and the others in
 * COMPANION_FILES), and the ones left out. A file left out is named in a warning and kept out of
 * the config comparison, so that it is never reported as absent.
 */

import { COMPANION_FILES } from "../analysis/configs.js";
import { formatBytes } from "../report/format.js";
import type { Checkpoint } from "./types.js";

/** Largest companion file read (tokenizer.json files of large vocabularies reach about 10 MiB). */
export const COMPANION_MAX_BYTES = 32 * 1024 * 1024;

/** A companion file found beside the weights: its size, and a read of its text. */
export interface CompanionSource {
  size: number;
  read(): Promise<string>;
}

/** Companion files of one checkpoint. */
export interface CompanionFiles {
  /** File name to text, for the files read. */
  texts: Map<string, string>;
  /** Files present beside the weights but not read. */
  leftOut: Set<string>;
  /** One warning per file left out, saying why. */
  warnings: string[];
}

/**
 * Reads each file of COMPANION_FILES that `find` locates. A file larger than COMPANION_MAX_BYTES,
 * or whose read fails, is left out with a warning: these files only add evidence, so they never
 * stop a diff.
 */
export async function readCompanionFiles(
  find: (name: string) => Promise<CompanionSource | undefined>,
): Promise<CompanionFiles> {
  const companions: CompanionFiles = { texts: new Map(), leftOut: new Set(), warnings: [] };
  for (const name of COMPANION_FILES) {
    const file = await find(name);
    if (file === undefined) continue;
    if (file.size > COMPANION_MAX_BYTES) {
      companions.leftOut.add(name);
      companions.warnings.push(
        `${name} is ${formatBytes(file.size)}, over the ${formatBytes(COMPANION_MAX_BYTES)} read of a companion file, so it is left out of the config comparison.`,
      );
      continue;
    }
    try {
      companions.texts.set(name, await file.read());
    } catch (error) {
      companions.leftOut.add(name);
      const reason = error instanceof Error ? error.message : String(error);
      companions.warnings.push(
        `${name} could not be read (${reason}), so it is left out of the config comparison.`,
      );
    }
  }
  return companions;
}

/** Returns `checkpoint` with the companion files read, those left out, and their warnings. */
export function withCompanionFiles(checkpoint: Checkpoint, companions: CompanionFiles): Checkpoint {
  return {
    ...checkpoint,
    warnings: [...checkpoint.warnings, ...companions.warnings],
    close: () => checkpoint.close(),
    companions: companions.texts,
    companionsLeftOut: companions.leftOut,
  };
}
