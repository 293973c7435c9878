import * as core from "@actions/core";
import {
  DEFAULT_HUB_ENDPOINT,
  DEFAULT_THRESHOLD,
  DEFAULT_TOP,
  type DiffOptions,
  defaultWorkerCount,
  MAX_WORKERS,
  parseCount,
  parseThreshold,
} from "../options.js";

/** The action's inputs, parsed and validated once. */
export interface ActionOptions extends DiffOptions {
  /** Write the Markdown report to the job summary. */
  summary: boolean;
}

/** Reads and validates every input; throws UsageError naming the input that is wrong. */
export function readActionInputs(): ActionOptions {
  const threshold = core.getInput("threshold");
  const workers = core.getInput("workers");
  const top = core.getInput("top");
  const summary = core.getInput("summary");
  return {
    base: core.getInput("base", { required: true }),
    head: core.getInput("head", { required: true }),
    threshold: threshold === "" ? DEFAULT_THRESHOLD : parseThreshold(threshold, "threshold"),
    workers: workers === "" ? defaultWorkerCount() : parseCount(workers, "workers", 1, MAX_WORKERS),
    top: top === "" ? DEFAULT_TOP : parseCount(top, "top", 1, 1000),
    summary: summary === "" ? true : core.getBooleanInput("summary"),
    baseRevision: null,
    headRevision: null,
    mode: "full",
    hub: { endpoint: DEFAULT_HUB_ENDPOINT, token: null },
  };
}
