import type { Comparison, DType } from "../format/dtypes.js";
import type { ProfileCounts } from "./profile.js";

/**
 * Exact statistics of one tensor pair (a = base, b = head), as the engine returns them.
 *
 * A value changed when not (a == b, or both NaN) and not |a - b| <= threshold, with the
 * difference computed in float64: so -0 equals +0, equal infinities are equal, and NaN against
 * NaN is unchanged whatever its payload. Counts are exact integers. Sums are float64. Each block
 * of BLOCK_ELEMENTS is summed on its own: in element order, or in the SIMD kernel's fixed lane order
 * for BF16, F16 and F32 blocks without NaN or infinity. The block sums are folded in block order,
 * so the sums are the same for any worker count and chunk size.
 */
export interface TensorStats {
  /** Elements compared. */
  numel: number;
  /**
   * Elements that changed, by the rule above. I64 and U64 pairs compare the exact integer
   * difference with the threshold. For F6, an upper bound: every element that shares a byte with
   * a change.
   */
  changed: number;
  /**
   * Elements whose stored bits differ. For a pair of different dtypes: elements whose decoded
   * values are not identical (NaN against NaN counts as identical). For F4: differing 4-bit codes
   * (elements). For F6: bytes. For a dtype change without element pairs: every element.
   */
  bitsDiffering: number;
  /** max |a - b| over elements where the difference is finite; 0 when there is none. */
  maxAbsDelta: number;
  /** Element index (row-major) where maxAbsDelta was first reached, or -1. */
  maxAbsDeltaIndex: number;
  /** Sums over elements where both a and b are finite. */
  sumA: number;
  sumB: number;
  sumSquaredDelta: number;
  sumSquaredA: number;
  sumSquaredB: number;
  sumProduct: number;
  /** Elements where both a and b are finite (the count behind the sums). */
  finiteCount: number;
  nanA: number;
  nanB: number;
  infA: number;
  infB: number;
  /**
   * Change profile counts laid out as in profile.ts, for pairs compared by value; absent for
   * byte comparisons and 64-bit integer pairs.
   */
  profile?: ProfileCounts;
}

/**
 * How a pair's statistics were obtained:
 * - "read": from the values of both sides.
 * - "equal_sha256": not read, because both tensors sit in files with the same SHA-256. Nothing
 *   changed, so changed, bitsDiffering, maxAbsDelta and sumSquaredDelta are exact (0). The sums
 *   of the values and the NaN and infinity counts are unknown. They are 0 with finiteCount 0, so
 *   every figure derived from them is null.
 * - "not_read": a structure-only diff read no values; every statistic is unknown and 0.
 */
export type ValuesSource = "read" | "equal_sha256" | "not_read";

/** A pair of tensors with the same name and shape, with how it was compared and its statistics. */
export interface ComparedTensor {
  name: string;
  /** The base tensor's shape array itself, shared and not to be changed. */
  shape: readonly number[];
  baseDtype: DType;
  headDtype: DType;
  comparison: Comparison;
  stats: TensorStats;
  /** Source of the statistics; absent means "read". */
  values?: ValuesSource;
}

/** A base file and a head file with the same SHA-256, whose tensor values were not read. */
export interface SkippedFiles {
  /** The files as messages name them. */
  base: string;
  head: string;
  sha256: string;
  /** Tensors of the pair of files reported unchanged without reading. */
  tensors: number;
  /** Data bytes of those tensors on each side; the diff read neither side's. */
  bytes: number;
}

/** A tensor present on one side only. */
export interface OneSidedTensor {
  name: string;
  shape: number[];
  dtype: DType;
  numel: number;
}

/** A tensor present on both sides under one name with different shapes. */
export interface ReshapedTensor {
  name: string;
  baseShape: number[];
  headShape: number[];
  baseDtype: DType;
  headDtype: DType;
  baseNumel: number;
  headNumel: number;
}

/** A removed base tensor whose bytes equal an added head tensor's: the same data under a new name. */
export interface RenamedTensor {
  baseName: string;
  headName: string;
  shape: number[];
  dtype: DType;
  numel: number;
}

/** Everything the engine found, before any interpretation. */
export interface DiffResult {
  threshold: number;
  /** "structure" when only headers were compared; absent means "full". */
  mode?: "full" | "structure";
  /** Pairs of files known equal by SHA-256, whose values were not read; absent means none. */
  skipped?: SkippedFiles[];
  compared: ComparedTensor[];
  added: OneSidedTensor[];
  removed: OneSidedTensor[];
  reshaped: ReshapedTensor[];
  renamed: RenamedTensor[];
}
