/** Minimum time between two redraws of the progress line. */
const REDRAW_INTERVAL_MS = 200;
/** Runs shorter than this show no progress line at all. */
const SHOW_AFTER_MS = 1000;

/**
 * A single progress line on a terminal: bytes done, total, throughput and time left. Draws
 * nothing when the stream is not a terminal, so piped output stays clean.
 */
export class ProgressLine {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(doneBytes: number, totalBytes: number): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    const elapsed = now - this.started;
    if (elapsed < SHOW_AFTER_MS || now - this.lastDraw < REDRAW_INTERVAL_MS) return;
    this.lastDraw = now;
    const rate = doneBytes / (elapsed / 1000);
    const left = rate > 0 ? (totalBytes - doneBytes) / rate : Number.NaN;
    const percent = totalBytes > 0 ? (100 * doneBytes) / totalBytes : 100;
    const line = `diff ${percent.toFixed(1)}%  ${formatBytes(doneBytes)} of ${formatBytes(totalBytes)}  ${formatBytes(rate)}/s  ${Number.isFinite(left) ? `${Math.ceil(left)} s left` : ""}`;
    this.stream.write(`\r${line.padEnd(78)}`);
    this.drawn = true;
  }

  /** Clears the line so the next output starts on a clean row. */
  finish(): void {
    if (this.drawn) this.stream.write(`\r${" ".repeat(78)}\r`);
    this.drawn = false;
  }
}

function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
