/** Writes a count with its noun, in the plural unless the count is 1: "3 tensors", "1 matrix". */
export function count(value: number, noun: string): string {
  const plural = noun === "matrix" ? "matrices" : `${noun}s`;
  return `${value.toLocaleString("en-US")} ${value === 1 ? noun : plural}`;
}
