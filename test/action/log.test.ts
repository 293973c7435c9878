import { afterEach, describe, expect, it, vi } from "vitest";
import { actionLog } from "../../src/action/log.js";

const MIB = 2 ** 20;

/** Collects what @actions/core writes to stdout (core.info is a plain line there). */
function captureStdout(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((text: string | Uint8Array) => {
    lines.push(String(text).trimEnd());
    return true;
  });
  return lines;
}

describe("action log progress", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it("logs done, total, rate and time left every 5 s", () => {
    vi.useFakeTimers();
    const log = actionLog();
    const lines = captureStdout();
    // 10 MiB of 40 MiB after 5 s: 2 MiB/s, 15 s left.
    vi.advanceTimersByTime(5000);
    log.progress(10 * MIB, 40 * MIB);
    expect(lines).toEqual(["diff: 10.0 of 40.0 MiB, 2.0 MiB/s, 15 s left"]);
    // Updates within the next 5 s are dropped.
    vi.advanceTimersByTime(1000);
    log.progress(12 * MIB, 40 * MIB);
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(4000);
    log.progress(20 * MIB, 40 * MIB);
    expect(lines[1]).toBe("diff: 20.0 of 40.0 MiB, 2.0 MiB/s, 10 s left");
  });

  it("logs the final figures at once", () => {
    vi.useFakeTimers();
    const log = actionLog();
    const lines = captureStdout();
    vi.advanceTimersByTime(5000);
    log.progress(10 * MIB, 40 * MIB);
    vi.advanceTimersByTime(100);
    log.progress(40 * MIB, 40 * MIB);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("40.0 of 40.0 MiB");
    expect(lines[1]).toContain("0 s left");
  });
});
