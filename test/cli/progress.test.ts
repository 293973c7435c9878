import { describe, expect, it, vi } from "vitest";
import { ProgressLine } from "../../src/cli/progress.js";

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = { isTTY, write: (text: string) => writes.push(text) };
  return { stream: stream as unknown as NodeJS.WriteStream, writes };
}

describe("ProgressLine", () => {
  it("draws nothing when piped", () => {
    vi.useFakeTimers();
    const { stream, writes } = fakeStream(false);
    const line = new ProgressLine(stream);
    vi.advanceTimersByTime(5000);
    line.update(50, 100);
    line.finish();
    expect(writes).toEqual([]);
    vi.useRealTimers();
  });

  it("draws bytes, rate and time left on a terminal", () => {
    vi.useFakeTimers();
    const { stream, writes } = fakeStream(true);
    const line = new ProgressLine(stream);
    // 2 MiB of 8 MiB after 2 s: 1 MiB/s, 6 s left.
    vi.advanceTimersByTime(2000);
    line.update(2 * 2 ** 20, 8 * 2 ** 20);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toContain("25.0%");
    expect(writes[0]).toContain("2.0 MiB of 8.0 MiB");
    expect(writes[0]).toContain("1.0 MiB/s");
    expect(writes[0]).toContain("6 s left");
    line.finish();
    expect(writes[1]).toMatch(/^\r +\r$/);
    vi.useRealTimers();
  });

  it("stays silent for short runs", () => {
    vi.useFakeTimers();
    const { stream, writes } = fakeStream(true);
    const line = new ProgressLine(stream);
    vi.advanceTimersByTime(500);
    line.update(10, 100);
    line.finish();
    expect(writes).toEqual([]);
    vi.useRealTimers();
  });
});
