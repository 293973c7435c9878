/**
 * Locates the team's shared checkpoints, which live in `../shared` next to the project root and
 * are never copied into the repository. When the folder is missing, suites declared with
 * `describeShared` fail in CI (where a missing folder is a set-up mistake) and are skipped with a
 * printed reason elsewhere.
 */

import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SHARED_DIR = path.resolve(PROJECT_ROOT, "..", "shared");
export const sharedAvailable = existsSync(SHARED_DIR);

/** Returns the absolute path of a file under the shared folder. */
export function sharedPath(...segments: string[]): string {
  return path.join(SHARED_DIR, ...segments);
}

/** Declares a suite that reads files from the shared folder. */
export function describeShared(name: string, body: () => void): void {
  if (sharedAvailable) {
    describe(name, body);
    return;
  }
  const reason = `${SHARED_DIR} is missing; these tests read checkpoints from ../shared next to the project root`;
  if (process.env.CI) {
    describe(name, () => {
      it("finds the shared checkpoints", () => {
        throw new Error(`${reason}. In CI, check the shared folder out at that path.`);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${reason}.`);
  describe.skip(name, () => {
    it("finds the shared checkpoints", () => {});
  });
}
