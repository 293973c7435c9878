import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { BLOCK_ELEMENTS } from "../../src/diff/kernels.js";
import type { Segment, WorkUnit } from "../../src/diff/plan.js";
import { type UnitOutcome, UnitPipeline } from "../../src/diff/unit-pipeline.js";
import { UnitRunner } from "../../src/diff/unit-runner.js";
import type { ByteSource, ByteSourceSpec, ReadProgress } from "../../src/io/byte-source.js";
import { DEFAULT_RETRY_SETTINGS } from "../../src/io/retry.js";

/** Units in each test, each one block of F32 elements of a single tensor pair. */
const UNITS = 3;
const UNIT_BYTES = BLOCK_ELEMENTS * 4;

/** A read that the test fills, completes or fails by hand. */
interface HeldRead {
  side: "base" | "head";
  unit: number;
  target: Uint8Array;
  fill: (fraction: number) => void;
  complete: () => void;
  fail: (error: Error) => void;
  settled: boolean;
}

/** A source whose reads wait until the test completes them, over F32 values in memory. */
class HeldSource implements ByteSource {
  readonly size: number;
  readonly spec: ByteSourceSpec;

  constructor(
    readonly name: "base" | "head",
    private readonly bytes: Uint8Array,
    kind: "http" | "file",
    private readonly reads: HeldRead[],
  ) {
    this.size = bytes.length;
    this.spec =
      kind === "file"
        ? { kind, path: name, name, size: this.size }
        : {
            kind,
            url: `http://127.0.0.1:9/${name}`,
            name,
            size: this.size,
            etag: null,
            token: null,
            commit: null,
            sha256: null,
            retry: DEFAULT_RETRY_SETTINGS,
          };
  }

  read(
    offset: number,
    length: number,
    target: Uint8Array,
    targetOffset = 0,
    onProgress?: ReadProgress,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const copy = (bytes: number) => {
        target.set(this.bytes.subarray(offset, offset + bytes), targetOffset);
        onProgress?.(bytes);
      };
      const read: HeldRead = {
        side: this.name,
        unit: Math.floor(offset / UNIT_BYTES),
        target,
        settled: false,
        fill: (fraction) => copy(Math.floor(length * fraction)),
        complete: () => {
          copy(length);
          read.settled = true;
          resolve();
        },
        fail: (error) => {
          read.settled = true;
          reject(error);
        },
      };
      this.reads.push(read);
    });
  }

  async close(): Promise<void> {}
}

/**
 * Builds UNITS units over two F32 files of hand-made values. The head differs from the base in
 * unit u at u + 1 elements, so unit u has u + 1 changed elements at threshold 0.
 */
function setup(kind: "http" | "file") {
  const numel = UNITS * BLOCK_ELEMENTS;
  const base = new Float32Array(numel).map((_, i) => (i % 97) / 8);
  const head = base.slice();
  const expectedChanged: number[] = [];
  for (let unit = 0; unit < UNITS; unit++) {
    for (let k = 0; k <= unit; k++) {
      const index = unit * BLOCK_ELEMENTS + 100 * k;
      head[index] = (head[index] as number) + 1;
    }
  }
  for (let unit = 0; unit < UNITS; unit++) {
    let changed = 0;
    for (let i = unit * BLOCK_ELEMENTS; i < (unit + 1) * BLOCK_ELEMENTS; i++) {
      if (base[i] !== head[i]) changed++;
    }
    expectedChanged.push(changed);
  }

  const reads: HeldRead[] = [];
  const sources = {
    base: new HeldSource("base", new Uint8Array(base.buffer), kind, reads),
    head: new HeldSource("head", new Uint8Array(head.buffer), kind, reads),
  };
  const units: WorkUnit[] = [];
  for (let unit = 0; unit < UNITS; unit++) {
    const range = (source: HeldSource) => ({
      source: source.spec,
      offset: unit * UNIT_BYTES,
      length: UNIT_BYTES,
    });
    const segment: Segment = {
      pairIndex: 0,
      baseDtype: "F32",
      headDtype: "F32",
      firstElement: unit * BLOCK_ELEMENTS,
      elementCount: BLOCK_ELEMENTS,
      base: range(sources.base),
      head: range(sources.head),
    };
    units.push({ id: unit, threshold: 0, segments: [segment], bytes: 2 * UNIT_BYTES });
  }

  const runner = new UnitRunner(async (spec) =>
    spec.name === "base" ? sources.base : sources.head,
  );
  const pipeline = new UnitPipeline(runner);
  const outcomes: { unit: number; outcome: UnitOutcome }[] = [];
  const queue = (unit: number) => {
    pipeline.run(units[unit] as WorkUnit, (outcome) => outcomes.push({ unit, outcome }));
  };
  const readsOf = (unit: number) => reads.filter((read) => read.unit === unit);
  return { pipeline, queue, reads, readsOf, outcomes, expectedChanged };
}

/** Lets every pending promise callback and read start run. */
async function flush(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await nextTurn();
}

function changedOf(outcome: UnitOutcome | undefined): number | undefined {
  return outcome?.ok ? outcome.result.segments[0]?.stats.changed : undefined;
}

describe("unit pipeline with remote sources", () => {
  it("reads the next unit once half of the current is in", async () => {
    const { queue, reads, readsOf, outcomes, expectedChanged } = setup("http");
    queue(0);
    queue(1);
    await flush();
    expect(reads.length).toBe(2);

    for (const read of readsOf(0)) read.fill(0.25);
    await flush();
    expect(readsOf(1).length).toBe(0);

    for (const read of readsOf(0)) read.fill(0.5);
    await flush();
    expect(readsOf(1).length).toBe(2);
    expect(outcomes.length).toBe(0);

    for (const read of [...readsOf(0), ...readsOf(1)]) read.complete();
    await flush();
    expect(outcomes.map((entry) => entry.unit)).toEqual([0, 1]);
    expect(changedOf(outcomes[0]?.outcome)).toBe(expectedChanged[0]);
    expect(changedOf(outcomes[1]?.outcome)).toBe(expectedChanged[1]);
  });

  it("delivers in order when the next unit arrives first", async () => {
    const { queue, readsOf, outcomes, expectedChanged } = setup("http");
    queue(0);
    queue(1);
    await flush();
    for (const read of readsOf(0)) read.fill(0.5);
    await flush();

    for (const read of readsOf(1)) read.complete();
    await flush();
    expect(outcomes.length).toBe(0);

    for (const read of readsOf(0)) read.complete();
    await flush();
    expect(outcomes.map((entry) => entry.unit)).toEqual([0, 1]);
    expect(changedOf(outcomes[0]?.outcome)).toBe(expectedChanged[0]);
    expect(changedOf(outcomes[1]?.outcome)).toBe(expectedChanged[1]);
  });

  it("waits for the other side of a failed unit", async () => {
    const { pipeline, queue, readsOf, outcomes, expectedChanged } = setup("http");
    let idle = false;
    queue(0);
    queue(1);
    queue(2);
    void pipeline.idle().then(() => {
      idle = true;
    });
    await flush();
    for (const read of readsOf(0)) read.fill(0.5);
    await flush();
    const [base0, head0] = readsOf(0) as [HeldRead, HeldRead];
    const failure = new Error("connection reset");
    base0.fail(failure);
    await flush();
    // Unit 0's head read still writes into its buffers, so unit 0 is not delivered and unit 2
    // gets no buffers yet.
    expect(outcomes.length).toBe(0);
    expect(readsOf(2).length).toBe(0);

    head0.complete();
    await flush();
    expect(outcomes.length).toBe(1);
    expect(outcomes[0]?.unit).toBe(0);
    expect(outcomes[0]?.outcome).toEqual({ ok: false, error: failure });

    for (const read of readsOf(1)) read.fill(0.5);
    await flush();
    expect(readsOf(2).length).toBe(2);
    // Unit 2 reuses the buffers of unit 0, whose reads have all settled.
    expect(readsOf(2)[0]?.target).toBe(base0.target);

    for (const read of [...readsOf(1), ...readsOf(2)]) read.complete();
    await flush();
    expect(outcomes.map((entry) => entry.unit)).toEqual([0, 1, 2]);
    expect(changedOf(outcomes[1]?.outcome)).toBe(expectedChanged[1]);
    expect(changedOf(outcomes[2]?.outcome)).toBe(expectedChanged[2]);
    expect(idle).toBe(true);
  });

  it("fails a unit read ahead after the current one", async () => {
    const { queue, readsOf, outcomes, expectedChanged } = setup("http");
    queue(0);
    queue(1);
    await flush();
    for (const read of readsOf(0)) read.fill(0.5);
    await flush();
    const [base1, head1] = readsOf(1) as [HeldRead, HeldRead];
    const failure = new Error("HTTP 416");
    head1.fail(failure);
    await flush();
    expect(outcomes.length).toBe(0);

    for (const read of readsOf(0)) read.complete();
    await flush();
    expect(outcomes.length).toBe(1);
    expect(changedOf(outcomes[0]?.outcome)).toBe(expectedChanged[0]);

    base1.complete();
    await flush();
    expect(outcomes.length).toBe(2);
    expect(outcomes[1]?.outcome).toEqual({ ok: false, error: failure });
  });

  it("delivers a queued failure in turn", async () => {
    const { pipeline, queue, readsOf, outcomes } = setup("http");
    const failure = new Error("Internal error: a packed unit names no source.");
    queue(0);
    pipeline.reject(failure, (outcome) => outcomes.push({ unit: -1, outcome }));
    queue(1);
    await flush();
    for (const read of readsOf(0)) read.complete();
    await flush();
    // The queued failure is in place of a unit, and the pipeline goes on after it.
    expect(outcomes.map((entry) => entry.unit)).toEqual([0, -1]);
    expect(outcomes[1]?.outcome).toEqual({ ok: false, error: failure });
    expect(readsOf(1).length).toBe(2);

    for (const read of readsOf(1)) read.complete();
    await flush();
    expect(outcomes.map((entry) => entry.unit)).toEqual([0, -1, 1]);
  });
});

describe("unit pipeline with local sources", () => {
  it("reads no unit ahead", async () => {
    const { queue, reads, readsOf, outcomes, expectedChanged } = setup("file");
    queue(0);
    queue(1);
    await flush();
    // Complete unit 0's reads as they come; the SIMD path reads a unit in several chunks.
    while (outcomes.length === 0) {
      const pending = reads.filter((read) => !read.settled);
      expect(pending.every((read) => read.unit === 0)).toBe(true);
      for (const read of pending) read.complete();
      await flush();
    }
    expect(changedOf(outcomes[0]?.outcome)).toBe(expectedChanged[0]);
    expect(readsOf(1).length).toBeGreaterThan(0);
  });
});
