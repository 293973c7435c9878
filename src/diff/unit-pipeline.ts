/**
 * Runs work units in order on one UnitRunner, with the reads of the next remote unit started
 * while the current unit is still arriving.
 *
 * A remote range request returns its first byte one round trip after it is sent. A runner that
 * starts a unit's reads only after the previous unit is compared leaves its share of the link
 * idle for one round trip per unit, and during the comparison of the unit's last piece. With
 * the next unit's reads started before the current unit's last bytes arrive, the link carries
 * the next unit's bytes in those gaps.
 *
 * The next unit's reads start once half of the current unit's bytes are in, not at once. Bodies
 * on one link share its bandwidth, so two units requested together also finish together, and
 * the requests after them would again wait a round trip on an idle link. Started halfway, the
 * next unit's request has half of the current unit's download time to return its first byte.
 * With 16 MiB per side and 2 workers sharing 200 MB/s, that is 32 MiB at 100 MB/s halved, about
 * 170 ms.
 */

import type { WorkUnit } from "./plan.js";
import {
  type StartedUnit,
  UnitBuffers,
  type UnitResult,
  type UnitRunner,
  whenReceived,
} from "./unit-runner.js";

/**
 * Units whose reads run at once: the one compared and the one read ahead. Each has its own
 * UnitBuffers, so reading ahead adds one unit's bytes per side (32 MiB with 16 MiB remote units).
 */
export const UNITS_READ_AT_ONCE = 2;

/** Fraction of the current unit's buffered bytes of each side that are in when the next unit's reads start. */
export const READ_AHEAD_AFTER = 0.5;

/** The result of a unit, or the error that failed it. */
export type UnitOutcome = { ok: true; result: UnitResult } | { ok: false; error: unknown };

/** Receives a unit's outcome. The pipeline calls it before it starts comparing the next unit. */
export type OutcomeListener = (outcome: UnitOutcome) => void;

interface Entry {
  /** Undefined for a failure queued with `reject`. */
  unit: WorkUnit | undefined;
  /** The error delivered in place of a result when `unit` is undefined. */
  failure: unknown;
  started: StartedUnit | undefined;
  deliver: OutcomeListener;
  /** Set once READ_AHEAD_AFTER of the unit's bytes are in, or a read of it failed. */
  halfReceived: boolean;
}

/**
 * Returns whether any range of the unit is on a source other than a local file. A local read
 * waits for no network round trip, so local units are never read ahead. Each starts once the one
 * before it is delivered.
 */
export function readsRemote(unit: WorkUnit): boolean {
  return unit.segments.some(
    (segment) => segment.base.source.kind !== "file" || segment.head.source.kind !== "file",
  );
}

/**
 * Runs units on a UnitRunner one after another, in the order they are queued. When the next unit
 * reads a remote source, its reads start once READ_AHEAD_AFTER of the current unit's bytes are
 * in. A unit's outcome is delivered only after every read of the unit has settled, also when it
 * failed, so no read writes into buffers that the pipeline hands to a later unit. A failed unit
 * does not stop the units after it.
 */
export class UnitPipeline {
  private readonly waiting: Entry[] = [];
  private current: Entry | undefined;
  private readAhead: Entry | undefined;
  private readonly freeBuffers: UnitBuffers[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly runner: UnitRunner) {
    for (let count = 0; count < UNITS_READ_AT_ONCE; count++) {
      this.freeBuffers.push(new UnitBuffers());
    }
  }

  /** Queues a unit. `deliver` receives its outcome once it is compared. */
  run(unit: WorkUnit, deliver: OutcomeListener): void {
    this.waiting.push({
      unit,
      failure: undefined,
      started: undefined,
      deliver,
      halfReceived: false,
    });
    this.advance();
  }

  /** Queues a failure in place of a unit, delivered to `deliver` in turn after the units before it. */
  reject(error: unknown, deliver: OutcomeListener): void {
    this.waiting.push({
      unit: undefined,
      failure: error,
      started: undefined,
      deliver,
      halfReceived: false,
    });
    this.advance();
  }

  /** Resolves once every queued unit has been delivered, with none of its reads in flight. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.current === undefined && this.readAhead === undefined && this.waiting.length === 0;
  }

  /** Finishes the next unit when none is being finished, and starts a unit's reads ahead. */
  private advance(): void {
    if (this.current === undefined) {
      const next = this.readAhead ?? this.waiting.shift();
      this.readAhead = undefined;
      if (next === undefined) {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
        return;
      }
      this.current = next;
      void this.finish(next);
    }
    const following = this.waiting[0];
    if (this.readAhead !== undefined || following?.unit === undefined) return;
    if (!this.current.halfReceived || !readsRemote(following.unit)) return;
    if (this.freeBuffers.length === 0) return;
    try {
      following.started = this.start(following.unit);
    } catch {
      // The unit stays waiting, and finish starts it again and delivers the error.
      return;
    }
    this.waiting.shift();
    this.readAhead = following;
  }

  /** Starts the reads of a unit into free buffers, which go back to the free list if it throws. */
  private start(unit: WorkUnit): StartedUnit {
    // The buffers released last are taken first, so units that are never read ahead (local
    // ones) all use the same UnitBuffers.
    const buffers = this.freeBuffers.pop() as UnitBuffers;
    try {
      return this.runner.start(unit, buffers);
    } catch (error) {
      this.freeBuffers.push(buffers);
      throw error;
    }
  }

  private async finish(entry: Entry): Promise<void> {
    let started = entry.started;
    let outcome: UnitOutcome;
    try {
      if (entry.unit === undefined) throw entry.failure;
      started ??= this.start(entry.unit);
      const current = started;
      void whenReceived(current, READ_AHEAD_AFTER).then(() => {
        entry.halfReceived = true;
        if (this.current === entry) this.advance();
      });
      outcome = { ok: true, result: await this.runner.finish(current) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    // UnitRunner.finish settles after the unit's reads, so its buffers are free.
    if (started !== undefined) this.freeBuffers.push(started.buffers);
    this.current = undefined;
    try {
      entry.deliver(outcome);
    } finally {
      this.advance();
    }
  }
}

/** Queues a unit on `pipeline` and returns a promise of its result. */
export function runInPipeline(pipeline: UnitPipeline, unit: WorkUnit): Promise<UnitResult> {
  return new Promise((resolve, reject) => {
    pipeline.run(unit, (outcome) => {
      if (outcome.ok) resolve(outcome.result);
      else reject(outcome.error);
    });
  });
}
