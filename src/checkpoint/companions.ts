/**
 * The companion files read beside the weights (config.json, tokenizer.json and the others in
 * COMPANION_FILES), and the ones left out. A file left out is named in a warning and kept out of
 * the config comparison, so that it is never reported as absent.
 */

import { formatBytes } from "../report/format.js";

/** Largest companion file read (tokenizer.json files of large vocabularies reach about 10 MiB). */
export const COMPANION_MAX_BYTES = 32 * 1024 * 1024;

/** Companion files of one checkpoint. */
export interface CompanionFiles {
  /** File name to text, for the files read. */
  texts: Map<string, string>;
  /** Files present beside the weights but not read. */
  leftOut: Set<string>;
  /** One warning per file left out, saying why. */
  warnings: string[];
}

/** Returns companion files with nothing read and nothing left out yet. */
export function emptyCompanions(): CompanionFiles {
  return { texts: new Map(), leftOut: new Set(), warnings: [] };
}

/** Records that `name`, of `bytes` bytes, is over COMPANION_MAX_BYTES and is not read. */
export function leaveOutLarge(companions: CompanionFiles, name: string, bytes: number): void {
  companions.leftOut.add(name);
  companions.warnings.push(
    `${name} is ${formatBytes(bytes)}, over the ${formatBytes(COMPANION_MAX_BYTES)} read of a companion file, so it is left out of the config comparison.`,
  );
}

/** Records that reading `name` failed with `error`. */
export function leaveOutUnreadable(companions: CompanionFiles, name: string, error: unknown): void {
  companions.leftOut.add(name);
  const reason = error instanceof Error ? error.message : String(error);
  companions.warnings.push(
    `${name} could not be read (${reason}), so it is left out of the config comparison.`,
  );
}
