/**
 * Sampled analyses run during the diff. While the workers compare tensors, the main thread is
 * idle, so it analyses the matrices the second pass is likely to choose as soon as their own
 * statistics are final. analyzeSamples then makes the real choice from the final statistics,
 * reuses the finished analyses of chosen matrices and runs the rest, so the report is the same.
 *
 * The likely choice is chooseMatrices over every matrix that could be a candidate, as if every
 * one changed. When some are unchanged (a partial fine-tune), the real choice differs and the
 * matrices it adds are analysed after the diff.
 *
 * On remote sides, the diff also copies the sampled rows of the likely chosen matrices out of its
 * own reads (`capture`), so the analyses take them from memory instead of downloading them again.
 */

import type { Checkpoint, TensorEntry } from "../checkpoint/types.js";
import { pairByName } from "../diff/pairing.js";
import { RangeCapture } from "../diff/range-capture.js";
import type { ComparedTensor } from "../diff/types.js";
import { NameFactsCache } from "./name-facts.js";
import type { ReadCounter } from "./row-reads.js";
import { chooseMatrices, type MatrixCandidate } from "./sample-plan.js";
import {
  analyzeMatrix,
  hasSampledShape,
  isCandidate,
  type MatrixAnalysis,
  sampleBytesOf,
  sampleRangesOf,
} from "./sampling.js";

/** The end of an early analysis: its result or its error, and the bytes it read. */
export type EarlyOutcome = { bytesRead: number } & (
  | { analysis: MatrixAnalysis }
  | { error: unknown }
);

/** Thrown at a pause to stop an analysis whose result is no longer wanted. */
class AnalysisDropped extends Error {}

interface QueuedMatrix {
  tensor: ComparedTensor;
  baseEntry: TensorEntry;
  headEntry: TensorEntry;
}

/**
 * Returns the matrices that could be candidates of the second pass: float matrices under one name
 * and shape on both sides, by name.
 */
export function possibleCandidates(
  base: Checkpoint,
  head: Checkpoint,
  names: NameFactsCache,
): Map<string, MatrixCandidate> {
  const candidates = new Map<string, MatrixCandidate>();
  for (const pair of pairByName(base, head).compared) {
    if (!hasSampledShape(pair.comparison, pair.base.shape, pair.base.numel)) continue;
    const facts = names.of(pair.name);
    candidates.set(pair.name, {
      name: pair.name,
      sampleBytes: sampleBytesOf(pair.base.shape, pair.base.numel, pair.base, pair.head),
      layer: facts.location?.index ?? null,
      module: facts.moduleName,
    });
  }
  return candidates;
}

/** Returns whether two candidates have equal fields, so chooseMatrices treats them alike. */
function sameCandidate(a: MatrixCandidate, b: MatrixCandidate): boolean {
  return (
    a.name === b.name &&
    a.sampleBytes === b.sampleBytes &&
    a.layer === b.layer &&
    a.module === b.module
  );
}

/**
 * Maximum matrices passed to chooseMatrices, summed over the times the likely choice is made
 * again after a likely matrix turned out unchanged: 32 times for 1,000 matrices, 3 times for
 * 10,000. A choice among 1,000 matrices took about 1.2 ms, among 10,000 about 15 ms (2-vCPU VM,
 * Node 20, a rough figure from a loaded machine), and no work unit is sent to the workers then.
 */
export const MAX_LIKELY_UPDATE_MATRICES = 32 * 1024;

/**
 * Runs analyzeMatrix on likely chosen matrices, one at a time, in the order their statistics
 * become final. Pass `tensorCompared` to runDiff as onTensorCompared and the object to
 * analyzeSamples. Memory: one matrix's sample while an analysis runs, as in the second pass.
 */
export class EarlyAnalyses {
  /** Matrices not known yet to be outside the candidates, by name. */
  private readonly possible: Map<string, MatrixCandidate>;
  private likely: ReadonlySet<string> = new Set();
  /** The candidates passed to the last chooseMatrices call, in order, and its result. */
  private lastChoice: { candidates: MatrixCandidate[]; chosen: string[] } = {
    candidates: [],
    chosen: [],
  };
  /** Matrices passed to chooseMatrices by the updates of the likely choice so far. */
  private updateMatrices = 0;
  /** Candidates whose statistics are final but that were not likely chosen at that time. */
  private readonly unlikely = new Map<string, QueuedMatrix>();
  private readonly queue: QueuedMatrix[] = [];
  private readonly outcomes = new Map<string, EarlyOutcome>();
  private running: Promise<void> | undefined;
  /** Set after the diff: no analysis starts any more, and a running one outside `chosen` stops. */
  private stopped = false;
  private chosen: ReadonlySet<string> = new Set();
  /**
   * Sampled rows on remote sides that the diff copies out of its reads: pass it to runDiff as
   * `capture`. It requests the rows of likely chosen matrices that no analysis has started on, and
   * after settle() those of chosen ones. chooseMatrices allows at most MAX_ANALYSED_BYTES of
   * sample bytes, so it never contains more.
   */
  readonly capture = new RangeCapture();
  /** Matrices whose sampled rows `capture` requested. */
  private readonly capturing = new Set<string>();
  /** Matrices an early analysis has started on. */
  private readonly started = new Set<string>();

  /**
   * `signal` stops the running analysis at its next pause, with the signal's reason. Pass the
   * comparison's `names` to analyzeSamples too, so each tensor name is read once.
   */
  constructor(
    private readonly base: Checkpoint,
    private readonly head: Checkpoint,
    private readonly signal?: AbortSignal,
    names = new NameFactsCache(),
  ) {
    this.possible = possibleCandidates(base, head, names);
    this.chooseLikely();
  }

  /** Chooses the likely matrices among the possible candidates, and requests their rows. */
  private chooseLikely(): void {
    const candidates = [...this.possible.values()];
    const chosen = chooseMatrices(candidates);
    this.lastChoice = { candidates, chosen };
    this.likely = new Set(chosen);
    this.captureLikely();
  }

  /**
   * Returns chooseMatrices(candidates) without choosing again when the last likely choice was
   * made among the same candidates in the same order, as after a diff where every possible
   * candidate changed. Returns undefined otherwise.
   */
  choiceAmong(candidates: readonly MatrixCandidate[]): string[] | undefined {
    const last = this.lastChoice.candidates;
    if (last.length !== candidates.length) return undefined;
    for (const [i, candidate] of candidates.entries()) {
      if (!sameCandidate(candidate, last[i] as MatrixCandidate)) return undefined;
    }
    return [...this.lastChoice.chosen];
  }

  /** Names of the matrices the second pass is likely to choose, given the statistics so far. */
  get likelyNames(): ReadonlySet<string> {
    return this.likely;
  }

  /**
   * Queues a likely chosen matrix for analysis when it is a candidate of the second pass. When a
   * likely chosen matrix is not a candidate (unchanged, or only cast), the likely choice is made
   * again without it. Called by the diff with each tensor whose statistics are final.
   */
  readonly tensorCompared = (tensor: ComparedTensor): void => {
    const name = tensor.name;
    if (this.stopped || !this.possible.has(name)) return;
    if (!isCandidate(tensor, this.base, this.head)) {
      this.possible.delete(name);
      this.stopCapturing(name);
      const cost = this.possible.size;
      if (this.likely.has(name) && this.updateMatrices + cost <= MAX_LIKELY_UPDATE_MATRICES) {
        this.updateMatrices += cost;
        this.chooseLikely();
        for (const [waiting, matrix] of this.unlikely) {
          if (!this.likely.has(waiting)) continue;
          this.unlikely.delete(waiting);
          this.queue.push(matrix);
        }
        this.startNext();
      }
      return;
    }
    const matrix = {
      tensor,
      baseEntry: this.base.tensors.get(name) as TensorEntry,
      headEntry: this.head.tensors.get(name) as TensorEntry,
    };
    if (!this.likely.has(name)) {
      this.unlikely.set(name, matrix);
      return;
    }
    this.queue.push(matrix);
    this.startNext();
  };

  /**
   * Ends the early analyses once the real choice is known: no queued analysis starts, a running
   * one outside `chosen` stops at its next pause, and the returned promise resolves when none
   * runs. It never rejects: an analysis's error is kept for take().
   */
  settle(chosen: ReadonlySet<string>): Promise<void> {
    this.stopped = true;
    this.chosen = chosen;
    this.queue.length = 0;
    this.unlikely.clear();
    for (const name of this.capturing) if (!chosen.has(name)) this.stopCapturing(name);
    return this.running ?? Promise.resolve();
  }

  /** Stops every early analysis, for a diff that failed; resolves when none runs. */
  stop(): Promise<void> {
    return this.settle(new Set());
  }

  /** Returns the outcome of a finished early analysis of `name`, or undefined. */
  take(name: string): EarlyOutcome | undefined {
    return this.outcomes.get(name);
  }

  /**
   * Requests the sampled rows of the likely chosen matrices that no analysis has started on, and
   * releases the others. Only remote sides are captured, because rows of a local file are read
   * again from the page cache at little cost.
   */
  private captureLikely(): void {
    for (const name of this.capturing) if (!this.likely.has(name)) this.stopCapturing(name);
    for (const name of this.likely) {
      if (this.capturing.has(name) || this.started.has(name)) continue;
      const ranges = [this.base, this.head].flatMap((checkpoint) => {
        const entry = checkpoint.tensors.get(name) as TensorEntry;
        if (entry.source.spec.kind !== "http") return [];
        return sampleRangesOf(name, entry.shape, entry.numel, entry);
      });
      if (ranges.length === 0) continue;
      this.capture.request(name, ranges);
      this.capturing.add(name);
    }
  }

  private stopCapturing(name: string): void {
    if (!this.capturing.delete(name)) return;
    this.capture.release(name);
  }

  private startNext(): void {
    if (this.running !== undefined || this.stopped) return;
    let next = this.queue.shift();
    // A queued matrix may have left the likely choice since.
    while (next !== undefined && !this.likely.has(next.tensor.name)) {
      this.unlikely.set(next.tensor.name, next);
      next = this.queue.shift();
    }
    if (next === undefined) return;
    const name = next.tensor.name;
    this.started.add(name);
    const counter: ReadCounter = { bytes: 0 };
    const pause = async (): Promise<void> => {
      // setImmediate runs after pending I/O callbacks, so the results of the workers' units are
      // folded and new units sent between two steps of the analysis.
      await new Promise((resolve) => setImmediate(resolve));
      this.signal?.throwIfAborted();
      if (this.stopped && !this.chosen.has(name)) throw new AnalysisDropped();
    };
    const done = analyzeMatrix(
      next.tensor,
      next.baseEntry,
      next.headEntry,
      counter,
      pause,
      this.capture,
    ).then(
      (analysis) => {
        this.outcomes.set(name, { analysis, bytesRead: counter.bytes });
      },
      (error: unknown) => {
        if (!(error instanceof AnalysisDropped)) {
          this.outcomes.set(name, { error, bytesRead: counter.bytes });
        }
      },
    );
    this.running = done.then(() => {
      // The analysis took the captured rows it used, but a failed one may leave some.
      this.stopCapturing(name);
      this.running = undefined;
      this.startNext();
    });
  }
}
