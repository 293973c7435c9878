/**
 * The quantization grid test: whether sampled head rows sit on the levels of a round-to-nearest
 * quantizer (integer grid per group, symmetric or asymmetric, or the NF4 codebook), after the
 * dequantized values were stored in a 16-bit float dtype.
 */

/** A quantizer layout that the sampled values fit. */
export interface GridFit {
  bits: number;
  /** Elements per scale, along a row; "row" for one scale per row (per channel). */
  groupSize: number | "row";
  scheme: "symmetric" | "asymmetric" | "nf4";
  /** Share of sampled head values on the grid. */
  headOnGrid: number;
  /** Share of the same base values on the grid the head's groups define. */
  baseOnGrid: number;
}

/** Share of head values that must sit on a grid for a fit. */
export const GRID_MIN_SHARE = 0.95;
/** A base this close to the grid was quantized already, so the head's grid is not news. */
export const GRID_MAX_BASE_SHARE = 0.7;

/**
 * The 16 NF4 levels (normal-float quantiles on [-1, 1]) as published with QLoRA (Dettmers et al.
 * 2023) and used by bitsandbytes.
 */
export const NF4_LEVELS: readonly number[] = [
  -1, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
  -0.18477343022823334, -0.09105003625154495, 0, 0.07958029955625534, 0.16093020141124725,
  0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
  0.7229568362236023, 1,
];

/** NF4_LEVELS in a typed array, for indexed loops. */
const NF4_LEVEL_VALUES = Float64Array.from(NF4_LEVELS);

const GROUP_SIZES = [32, 64, 128, 256] as const;
const BITS = [2, 3, 4, 8] as const;

/**
 * Storage tolerance: a dequantized value rounded to bfloat16 moves by at most 2^-9 of itself,
 * so a value within 2^-8 of itself (plus a floor for zeros) of a level counts as on the grid.
 */
function tolerance(value: number, step: number): number {
  return Math.abs(value) * 2 ** -8 + step * 1e-6;
}

/**
 * Columns of each sampled row whose values are tested; the scale of a group still comes from the
 * whole group, so a per-row scale sees the whole row.
 */
export const GRID_TEST_COLUMNS = 1024;

/** Columns of the first head row that the quick probe of each candidate layout tests. */
const PROBE_COLUMNS = 256;

/**
 * Counts values of `row[start..min(end, testColumns))` on the grid that `reference[start..end)`
 * defines.
 */
function onGrid(
  row: Float64Array,
  reference: Float64Array,
  start: number,
  end: number,
  bits: number,
  scheme: GridFit["scheme"],
  testColumns: number,
): number {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let absMax = 0;
  for (let i = start; i < end; i++) {
    const value = reference[i] as number;
    if (value < min) min = value;
    if (value > max) max = value;
    absMax = Math.max(absMax, Math.abs(value));
  }
  if (!(absMax > 0) || !Number.isFinite(absMax)) return 0;
  const testEnd = Math.min(end, Math.max(start, testColumns));
  let hits = 0;
  if (scheme === "nf4") {
    for (let i = start; i < testEnd; i++) {
      const value = row[i] as number;
      const scaled = value / absMax;
      let nearest = Number.POSITIVE_INFINITY;
      for (let k = 0; k < NF4_LEVEL_VALUES.length; k++) {
        nearest = Math.min(nearest, Math.abs(scaled - (NF4_LEVEL_VALUES[k] as number)));
      }
      if (nearest * absMax <= tolerance(value, absMax / 16)) hits++;
    }
    return hits;
  }
  const levels = scheme === "symmetric" ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const origin = scheme === "symmetric" ? 0 : min;
  const step = scheme === "symmetric" ? absMax / levels : (max - min) / levels;
  if (!(step > 0)) return 0;
  for (let i = start; i < testEnd; i++) {
    const value = row[i] as number;
    const position = (value - origin) / step;
    const distance = Math.abs(position - Math.round(position)) * step;
    if (distance <= tolerance(value, step)) hits++;
  }
  return hits;
}

/** Share of the values of `rows` on the grid defined group by group by `references`. */
function shareOnGrid(
  rows: readonly Float64Array[],
  references: readonly Float64Array[],
  columns: number,
  groupSize: number,
  bits: number,
  scheme: GridFit["scheme"],
  testColumns = GRID_TEST_COLUMNS,
): number {
  let hits = 0;
  let total = 0;
  for (let r = 0; r < rows.length; r++) {
    for (let start = 0; start + groupSize <= columns && start < testColumns; start += groupSize) {
      hits += onGrid(
        rows[r] as Float64Array,
        references[r] as Float64Array,
        start,
        start + groupSize,
        bits,
        scheme,
        testColumns,
      );
      total += Math.min(start + groupSize, Math.max(start, testColumns)) - start;
    }
  }
  return total === 0 ? 0 : hits / total;
}

/**
 * Returns the coarsest quantizer layout the head rows fit (fewest bits, then the largest group),
 * or null. The base rows are tested against the head's own groups, so a base that already sat on
 * a grid does not give a fit.
 */
export function fitQuantGrid(
  headRows: readonly Float64Array[],
  baseRows: readonly Float64Array[],
  columns: number,
): GridFit | null {
  if (headRows.length === 0) return null;
  const candidates: { bits: number; groupSize: number | "row"; scheme: GridFit["scheme"] }[] = [];
  for (const bits of BITS) {
    const sizes: (number | "row")[] = [
      "row",
      ...GROUP_SIZES.filter((size) => size < columns).sort((x, y) => y - x),
    ];
    for (const groupSize of sizes) {
      candidates.push({ bits, groupSize, scheme: "symmetric" });
      candidates.push({ bits, groupSize, scheme: "asymmetric" });
      if (bits === 4) candidates.push({ bits, groupSize, scheme: "nf4" });
    }
  }
  const probeRows = headRows.slice(0, 1);
  for (const candidate of candidates) {
    const size = candidate.groupSize === "row" ? columns : candidate.groupSize;
    // The start of one row rejects most candidates before the whole sample is tested.
    const probe = shareOnGrid(
      probeRows,
      probeRows,
      columns,
      size,
      candidate.bits,
      candidate.scheme,
      PROBE_COLUMNS,
    );
    if (probe < GRID_MIN_SHARE - 0.05) continue;
    const head = shareOnGrid(headRows, headRows, columns, size, candidate.bits, candidate.scheme);
    if (head < GRID_MIN_SHARE) continue;
    const base = shareOnGrid(baseRows, headRows, columns, size, candidate.bits, candidate.scheme);
    if (base > GRID_MAX_BASE_SHARE) continue;
    return { ...candidate, headOnGrid: head, baseOnGrid: base };
  }
  return null;
}

/** Stamps of the 2^16 codes of a 16-bit dtype, reused so a count allocates nothing. */
const stamps = new Uint32Array(65536);
let stamp = 0;

/** Counts the distinct element codes (bit patterns) in the raw bytes of one row. */
function distinctCodes(raw: Uint8Array, width: number): number {
  if (width === 2 || width === 1) {
    stamp = (stamp + 1) >>> 0;
    if (stamp === 0) {
      stamps.fill(0);
      stamp = 1;
    }
    let count = 0;
    const codes = width === 2 ? new Uint16Array(raw.buffer, raw.byteOffset, raw.length / 2) : raw;
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i] as number;
      if (stamps[code] !== stamp) {
        stamps[code] = stamp;
        count++;
      }
    }
    return count;
  }
  if (width === 4) return new Set(new Uint32Array(raw.buffer, raw.byteOffset, raw.length / 4)).size;
  return new Set(new BigUint64Array(raw.buffer, raw.byteOffset, raw.length / 8)).size;
}

/**
 * Returns the median over rows of (distinct head codes) / (distinct base codes), from the rows'
 * raw bytes with `headWidth` and `baseWidth` bytes per element. Quantization with groups that are
 * not contiguous (GPTQ act-order) leaves few distinct values per row even when no contiguous group
 * fits a grid.
 */
export function distinctValueRatio(
  headRows: readonly Uint8Array[],
  baseRows: readonly Uint8Array[],
  headWidth: number,
  baseWidth: number,
): number | null {
  const ratios: number[] = [];
  for (let r = 0; r < headRows.length; r++) {
    const head = distinctCodes(headRows[r] as Uint8Array, headWidth);
    const base = distinctCodes(baseRows[r] as Uint8Array, baseWidth);
    if (base > 0) ratios.push(head / base);
  }
  if (ratios.length === 0) return null;
  ratios.sort((x, y) => x - y);
  return ratios[Math.floor(ratios.length / 2)] as number;
}

/** Dequantizes `row` with NF4 in blocks of `blockSize` (absmax scaling), as QLoRA stores a base. */
export function nf4RoundTrip(row: Float64Array, blockSize = 64): Float64Array {
  const out = new Float64Array(row.length);
  const levels = NF4_LEVEL_VALUES;
  for (let start = 0; start < row.length; start += blockSize) {
    const end = Math.min(row.length, start + blockSize);
    let absMax = 0;
    for (let i = start; i < end; i++) absMax = Math.max(absMax, Math.abs(row[i] as number));
    for (let i = start; i < end; i++) {
      if (absMax === 0) continue;
      const scaled = (row[i] as number) / absMax;
      let best = 0;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (let k = 0; k < levels.length; k++) {
        const distance = Math.abs(scaled - (levels[k] as number));
        if (distance < bestDistance) {
          bestDistance = distance;
          best = levels[k] as number;
        }
      }
      out[i] = best * absMax;
    }
  }
  return out;
}
