import { type DType, dtypeInfo } from "../format/dtypes.js";
import type { DeltaEncoding } from "../report/model.js";

/**
 * Estimates of how many bytes it takes to store the delta from base to head, under three
 * encodings. They are estimates of the payload only: names, shapes and container framing are
 * not counted.
 */

/** Element counts from this size up need 8-byte indices, because a 4-byte index stops at 2^32 - 1. */
export const WIDE_INDEX_THRESHOLD = 2 ** 32;

const BITS_PER_BYTE = 8;

/** Delta bytes of one tensor under each encoding. */
export interface DeltaBytes {
  dense: number;
  sparse: number;
  bitmap: number;
}

export type DeltaEncodingName = DeltaEncoding["name"];

/** Encodings in the order they are reported, which is also the order that breaks ties. */
export const DELTA_ENCODING_NAMES: readonly DeltaEncodingName[] = ["dense", "sparse", "bitmap"];

export const DELTA_ENCODING_DESCRIPTIONS: Readonly<Record<DeltaEncodingName, string>> = {
  dense:
    "Every element of each compared head tensor in the head dtype's storage size, changed or not.",
  sparse:
    "For each changed element, a 4-byte index (8 bytes in tensors of 2^32 elements or more) plus the value in the head dtype.",
  bitmap:
    "One bit per element of each compared tensor marking the changed ones, plus each changed value in the head dtype.",
};

function bytesForBits(bits: number): number {
  return Math.ceil(bits / BITS_PER_BYTE);
}

/**
 * Returns the delta bytes of one compared tensor of `numel` elements, of which `changed`
 * changed, stored in `headDtype`. Sub-byte values are counted in bits and rounded up to whole
 * bytes once per tensor, so 3 changed F4 values take 2 bytes, not 3.
 */
export function tensorDeltaBytes(numel: number, changed: number, headDtype: DType): DeltaBytes {
  const valueBits = dtypeInfo(headDtype).bits;
  const indexBytes = numel < WIDE_INDEX_THRESHOLD ? 4 : 8;
  const changedValueBytes = bytesForBits(changed * valueBits);
  return {
    dense: bytesForBits(numel * valueBits),
    sparse: changed * indexBytes + changedValueBytes,
    bitmap: bytesForBits(numel) + changedValueBytes,
  };
}

/**
 * Returns the delta bytes of a tensor compared byte by byte (sub-byte dtypes whose packing order
 * is unknown): the unit is a stored byte, `differingBytes` of `byteLength` bytes changed, and a
 * changed value takes one byte.
 */
export function bytewiseDeltaBytes(byteLength: number, differingBytes: number): DeltaBytes {
  return tensorDeltaBytes(byteLength, differingBytes, "U8");
}

/**
 * Returns delta bytes that every encoding must carry in full: a head tensor with no base
 * counterpart (added, or reshaped) is stored whole whatever the encoding.
 */
export function wholeTensorDeltaBytes(numel: number, headDtype: DType): DeltaBytes {
  const bytes = bytesForBits(numel * dtypeInfo(headDtype).bits);
  return { dense: bytes, sparse: bytes, bitmap: bytes };
}

export function addDeltaBytes(a: DeltaBytes, b: DeltaBytes): DeltaBytes {
  return { dense: a.dense + b.dense, sparse: a.sparse + b.sparse, bitmap: a.bitmap + b.bitmap };
}

export const NO_DELTA_BYTES: DeltaBytes = { dense: 0, sparse: 0, bitmap: 0 };

/**
 * Returns the encoding with the fewest bytes; on a tie, the first in DELTA_ENCODING_NAMES. Returns
 * null when every encoding is empty (no tensor compared, only renamed ones), since none is cheaper.
 */
export function cheapestEncoding(bytes: DeltaBytes): DeltaEncodingName | null {
  let best: DeltaEncodingName = "dense";
  for (const name of DELTA_ENCODING_NAMES) {
    if (bytes[name] < bytes[best]) best = name;
  }
  return DELTA_ENCODING_NAMES.every((name) => bytes[name] === 0) ? null : best;
}

/** Returns the three encodings as the report lists them, each with its size and method. */
export function deltaEncodings(bytes: DeltaBytes): DeltaEncoding[] {
  return DELTA_ENCODING_NAMES.map((name) => ({
    name,
    bytes: bytes[name],
    description: DELTA_ENCODING_DESCRIPTIONS[name],
  }));
}

/**
 * Returns model bytes / cheapest delta bytes, or null when the cheapest delta is empty (no
 * change at all, so no ratio is defined).
 */
export function compressionRatio(modelBytes: number, bytes: DeltaBytes): number | null {
  const cheapest = cheapestEncoding(bytes);
  return cheapest === null || bytes[cheapest] === 0 ? null : modelBytes / bytes[cheapest];
}
