import * as core from "@actions/core";
import { compareCheckpoints, type RunLog } from "../compare.js";
import { ModelDiffError } from "../errors.js";
import { renderMarkdown } from "../report/markdown.js";
import { readActionInputs } from "./inputs.js";

/** Milliseconds between two progress lines in the job log. */
const PROGRESS_INTERVAL_MS = 5000;

function actionLog(): RunLog {
  let lastProgress = 0;
  const started = Date.now();
  return {
    info: (message) => core.info(message),
    warning: (message) => core.warning(message),
    debug: (message) => core.debug(message),
    progress: (done, total) => {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_INTERVAL_MS && done < total) return;
      lastProgress = now;
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const left = rate > 0 ? Math.ceil((total - done) / rate) : 0;
      core.info(
        `diff: ${(done / 2 ** 20).toFixed(1)} of ${(total / 2 ** 20).toFixed(1)} MiB, ${(rate / 2 ** 20).toFixed(1)} MiB/s, ${left} s left`,
      );
    },
    phase: (name, work) => core.group(name, work),
  };
}

/** Runs the action: parse inputs, diff, then publish the summary and outputs. */
export async function runAction(): Promise<void> {
  try {
    const options = readActionInputs();
    const report = await compareCheckpoints(options, actionLog());
    const markdown = renderMarkdown(report, { top: options.top });

    core.setOutput("classification", report.classification.label);
    core.setOutput("confidence", report.classification.confidence);
    core.setOutput("changed-fraction", String(report.summary.changedFraction ?? 0));
    core.setOutput("changed-params", String(report.summary.changedParams));
    core.setOutput("compared-params", String(report.summary.comparedParams));
    if (options.summary) await core.summary.addRaw(markdown).write();
  } catch (error) {
    if (error instanceof ModelDiffError) {
      core.setFailed(error.message);
    } else {
      core.setFailed(
        `internal error in model-diff, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }
}
