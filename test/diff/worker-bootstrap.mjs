// Loads the TypeScript worker in a worker thread under tests. Node 20 does not apply
// `--import tsx` from a Worker's execArgv to the worker's own entry file, so this script
// registers the tsx loader first and then imports the worker source.
import { register } from "tsx/esm/api";

register();
await import("../../src/diff/worker.ts");
