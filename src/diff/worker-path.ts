/**
 * Location of the diff worker script in the built bundles.
 *
 * The action runs from dist/index.js, the CLI from dist/cli/index.js and the demo from
 * dist/demo/index.js; the worker is bundled separately to dist/worker/index.js. The path is derived with plain path operations, because
 * ncc rewrites `new URL("...", import.meta.url)` expressions.
 */

import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Returns the worker bundle path for the bundle whose module URL is `moduleUrl`. */
export function defaultWorkerScript(moduleUrl: string): string {
  const directory = dirname(fileURLToPath(moduleUrl));
  const inSubfolder = ["cli", "demo"].includes(basename(directory));
  const distDirectory = inSubfolder ? dirname(directory) : directory;
  return join(distDirectory, "worker", "index.js");
}
