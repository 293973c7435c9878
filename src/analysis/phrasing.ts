import { formatCount } from "../report/format.js";

/** Writes a count with its noun, in the plural unless the count is 1: "3 tensors", "1 matrix". */
export function count(value: number, noun: string): string {
  const plural = noun === "matrix" ? "matrices" : `${noun}s`;
  return `${formatCount(value)} ${value === 1 ? noun : plural}`;
}

/** Writes a figure with four significant digits, in exponent form below 1e-3; "n/a" for null. */
export function formatFigure(value: number | null | undefined): string {
  if (value === null || value === undefined) return "n/a";
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2).replace(/\.?0+e/, "e");
  return value.toPrecision(4).replace(/\.?0+$/, "");
}
