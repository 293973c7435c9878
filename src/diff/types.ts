import type { Comparison, DType } from "../format/dtypes.js";

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
}

/** A pair of tensors with the same name and shape, with how it was compared and its statistics. */
export interface ComparedTensor {
  name: string;
  shape: number[];
  baseDtype: DType;
  headDtype: DType;
  comparison: Comparison;
  stats: TensorStats;
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
  compared: ComparedTensor[];
  added: OneSidedTensor[];
  removed: OneSidedTensor[];
  reshaped: ReshapedTensor[];
  renamed: RenamedTensor[];
}
