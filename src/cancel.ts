/**
 * Cancellation by SIGINT (Ctrl-C, and the first signal a GitHub runner sends to a cancelled job)
 * or SIGTERM. Both entry points install it first thing. On the first signal the handler aborts
 * the run's AbortSignal, which terminates the diff workers and closes the open HTTP reads. It
 * then deletes the temporary files of unfinished writes, prints one line, and exits at once with
 * 128 plus the signal number. Because it exits from the handler, no later step of the run (a
 * report file, the job summary, a comment) can start. A second signal exits at once too.
 */

import { ModelDiffError } from "./errors.js";
import { removeTemporaryFiles } from "./io/temporary-files.js";

export type CancelSignal = "SIGINT" | "SIGTERM";

/** Exit codes of a cancelled run: 128 plus the signal number, as shells report them. */
export const CANCEL_EXIT_CODES: Readonly<Record<CancelSignal, number>> = {
  SIGINT: 130,
  SIGTERM: 143,
};

/** The reason of an aborted run. Library code that catches it stops without a report. */
export class CancelledError extends ModelDiffError {
  override name = "CancelledError";
  constructor(readonly signal: CancelSignal) {
    super(`cancelled by ${signal}. The run stopped and left no partial report or temporary file.`);
  }
}

/** Throws the signal's reason, a CancelledError, when the run was cancelled. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

/** Side effects of the handler besides the abort, replaced in tests to watch it in-process. */
export interface CancelEffects {
  /** Writes one line to standard error. */
  writeLine(line: string): void;
  exit(code: number): void;
}

const PROCESS_EFFECTS: CancelEffects = {
  writeLine: (line) => {
    process.stderr.write(`${line}\n`);
  },
  exit: (code) => process.exit(code),
};

export interface Cancellation {
  /** Aborted, with a CancelledError as its reason, when the first signal arrives. */
  signal: AbortSignal;
  /** Removes the signal handlers. */
  uninstall(): void;
}

/** Installs the SIGINT and SIGTERM handlers of a run. */
export function installCancellation(effects: CancelEffects = PROCESS_EFFECTS): Cancellation {
  const controller = new AbortController();
  const handle = (signal: CancelSignal) => {
    const code = CANCEL_EXIT_CODES[signal];
    if (controller.signal.aborted) {
      effects.exit(code);
      return;
    }
    const error = new CancelledError(signal);
    effects.writeLine(`model-diff: ${error.message}`);
    controller.abort(error);
    const left = removeTemporaryFiles();
    if (left.length > 0) {
      effects.writeLine(`model-diff: could not delete the temporary files ${left.join(", ")}.`);
    }
    effects.exit(code);
  };
  const onInterrupt = () => handle("SIGINT");
  const onTerminate = () => handle("SIGTERM");
  process.on("SIGINT", onInterrupt);
  process.on("SIGTERM", onTerminate);
  return {
    signal: controller.signal,
    uninstall: () => {
      process.off("SIGINT", onInterrupt);
      process.off("SIGTERM", onTerminate);
    },
  };
}
