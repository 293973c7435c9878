import * as core from "@actions/core";
import type { RunLog } from "../compare.js";
import { escapeInvisible } from "../visible-text.js";

/** Milliseconds between two progress lines in the job log. */
const PROGRESS_INTERVAL_MS = 5000;

const MIB = 2 ** 20;

/** Returns the RunLog of the action: job log lines, one log group per phase. */
export function actionLog(): RunLog {
  let lastProgress = 0;
  const started = Date.now();
  return {
    // core.info writes the line as it is, and a line of the job log that starts with "::" is a
    // workflow command, so a line break inside the message is shown as an escape.
    info: (message) => core.info(escapeInvisible(message)),
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
        `diff: ${(done / MIB).toFixed(1)} of ${(total / MIB).toFixed(1)} MiB, ${(rate / MIB).toFixed(1)} MiB/s, ${left} s left`,
      );
    },
    phase: (name, work) => core.group(name, work),
  };
}
