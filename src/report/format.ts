/**
 * Number formatting shared by the text and Markdown reports. Every function returns "n/a" for
 * null and never prints NaN.
 */

export const NOT_AVAILABLE = "n/a";

/** Significant digits of a figure such as a relative change, a cosine or a max |delta|. */
const FIGURE_DIGITS = 4;

/** Figures below this magnitude switch to exponent form, where fixed digits would read as 0. */
const SMALL_FIGURE = 1e-3;

/** Figures from this magnitude up switch to exponent form, as toPrecision does. */
const LARGE_FIGURE = 1e4;

const BINARY_UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB"] as const;

const BYTES_PER_KIB = 1024;

/** Returns an integer with comma thousands separators: 494032768 gives "494,032,768". */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return NOT_AVAILABLE;
  const sign = value < 0 ? "-" : "";
  const digits = Math.round(Math.abs(value)).toString();
  return sign + digits.replace(/\B(?=(\d{3})+$)/g, ",");
}

/** Returns a count with its noun, singular or plural: "1 file", "2 files". */
export function formatCountOf(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`;
}

/**
 * Returns a fraction as a percentage with 2 decimals. A fraction strictly between 0 and 1 never
 * rounds to "0.00%" or "100.00%": it shows as "<0.01%" or ">99.99%", so a reader can tell
 * "none" and "all" from "almost none" and "almost all".
 */
export function formatPercent(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return NOT_AVAILABLE;
  const percent = fraction * 100;
  if (fraction > 0 && percent < 0.005) return "<0.01%";
  if (fraction < 1 && percent >= 99.995) return ">99.99%";
  return `${percent.toFixed(2)}%`;
}

/** Writes JavaScript's exponent form with a two-digit exponent: 1.235e-5 becomes 1.235e-05. */
function padExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, "e$10$2");
}

/**
 * Returns a figure with 4 significant digits, in exponent form below 1e-3 and from 1e4 up:
 * 0.01234 gives "0.01234", 0.00001234 gives "1.234e-05", 0 gives "0".
 */
export function formatFigure(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return NOT_AVAILABLE;
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude < SMALL_FIGURE || magnitude >= LARGE_FIGURE) {
    return padExponent(value.toExponential(FIGURE_DIGITS - 1));
  }
  return value.toPrecision(FIGURE_DIGITS);
}

/**
 * Returns a cosine with 4 significant digits, except that a cosine within rounding of 1 or -1
 * but not equal to it is written as "1 - 1.000e-05", because "1.000" would hide the difference
 * between a fine-tune and an identical tensor.
 */
export function formatCosine(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return NOT_AVAILABLE;
  if (value === 1 || value === -1) return String(value);
  const rounded = value.toPrecision(FIGURE_DIGITS);
  if (rounded === "1.000") return `1 - ${formatFigure(1 - value)}`;
  if (rounded === "-1.000") return `-1 + ${formatFigure(value + 1)}`;
  return formatFigure(value);
}

/**
 * Returns a byte size in binary units with the exact count in brackets:
 * 988065536 gives "942.3 MiB (988,065,536 bytes)"; below 1 KiB, "512 bytes".
 */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return NOT_AVAILABLE;
  if (Math.abs(bytes) < BYTES_PER_KIB) return formatCountOf(bytes, "byte");
  let value = bytes / BYTES_PER_KIB;
  let unit = 0;
  while (Math.abs(value) >= BYTES_PER_KIB && unit < BINARY_UNITS.length - 1) {
    value /= BYTES_PER_KIB;
    unit++;
  }
  return `${value.toFixed(1)} ${BINARY_UNITS[unit]} (${formatCount(bytes)} bytes)`;
}

/** Returns a compression ratio such as "3.25x"; below 0.01 as a 4-digit figure. */
export function formatRatio(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return NOT_AVAILABLE;
  if (ratio !== 0 && Math.abs(ratio) < 0.01) return `${formatFigure(ratio)}x`;
  return `${ratio.toFixed(2)}x`;
}

/**
 * Returns a threshold as Python prints it, so `abs(a - b) > 1e-06` reads the same as the
 * reference tools: exponent form below 1e-4, plain decimal above.
 */
export function formatThreshold(threshold: number): string {
  if (threshold !== 0 && Math.abs(threshold) < 1e-4) {
    return padExponent(threshold.toExponential());
  }
  return String(threshold);
}

/** Returns a shape as "151936x896"; a scalar is "scalar". */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? "scalar" : shape.join("x");
}
