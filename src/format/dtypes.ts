/**
 * The dtypes of the safetensors format, with their storage size and how model-diff compares them.
 *
 * Sub-byte dtypes (F4, F6) are packed several elements to a byte, and the packing order is not
 * fixed by the format, so they are compared byte by byte and their numeric statistics are not
 * computed.
 */

export type DType =
  | "F64"
  | "F32"
  | "F16"
  | "BF16"
  | "F8_E4M3"
  | "F8_E5M2"
  | "F8_E8M0"
  | "F8_E4M3FNUZ"
  | "F8_E5M2FNUZ"
  | "F6_E2M3"
  | "F6_E3M2"
  | "F4"
  | "I64"
  | "I32"
  | "I16"
  | "I8"
  | "U64"
  | "U32"
  | "U16"
  | "U8"
  | "BOOL"
  | "C64";

/** Method by which values of a dtype are compared. */
export type Comparison =
  /** Decoded to float64 and compared numerically. */
  | "float"
  /** Integers up to 32 bits: decoded exactly to float64. */
  | "integer"
  /** 64-bit integers: compared exactly as BigInt. */
  | "integer64"
  /** Complex numbers stored as two F32 values: an element changed when either part changed. */
  | "complex"
  /** Sub-byte floats: compared as raw bytes, without numeric statistics. */
  | "bytes";

export interface DTypeInfo {
  readonly name: DType;
  /** Storage size of one element, in bits (4 for F4, 6 for F6, 8 for BOOL). */
  readonly bits: number;
  readonly comparison: Comparison;
}

const table: Record<DType, DTypeInfo> = {
  F64: { name: "F64", bits: 64, comparison: "float" },
  F32: { name: "F32", bits: 32, comparison: "float" },
  F16: { name: "F16", bits: 16, comparison: "float" },
  BF16: { name: "BF16", bits: 16, comparison: "float" },
  F8_E4M3: { name: "F8_E4M3", bits: 8, comparison: "float" },
  F8_E5M2: { name: "F8_E5M2", bits: 8, comparison: "float" },
  F8_E8M0: { name: "F8_E8M0", bits: 8, comparison: "float" },
  F8_E4M3FNUZ: { name: "F8_E4M3FNUZ", bits: 8, comparison: "float" },
  F8_E5M2FNUZ: { name: "F8_E5M2FNUZ", bits: 8, comparison: "float" },
  F6_E2M3: { name: "F6_E2M3", bits: 6, comparison: "bytes" },
  F6_E3M2: { name: "F6_E3M2", bits: 6, comparison: "bytes" },
  F4: { name: "F4", bits: 4, comparison: "bytes" },
  I64: { name: "I64", bits: 64, comparison: "integer64" },
  I32: { name: "I32", bits: 32, comparison: "integer" },
  I16: { name: "I16", bits: 16, comparison: "integer" },
  I8: { name: "I8", bits: 8, comparison: "integer" },
  U64: { name: "U64", bits: 64, comparison: "integer64" },
  U32: { name: "U32", bits: 32, comparison: "integer" },
  U16: { name: "U16", bits: 16, comparison: "integer" },
  U8: { name: "U8", bits: 8, comparison: "integer" },
  BOOL: { name: "BOOL", bits: 8, comparison: "integer" },
  C64: { name: "C64", bits: 64, comparison: "complex" },
};

export const SUPPORTED_DTYPES: readonly DType[] = Object.keys(table) as DType[];

export function isDType(value: string): value is DType {
  return Object.hasOwn(table, value);
}

export function dtypeInfo(dtype: DType): DTypeInfo {
  return table[dtype];
}

/**
 * Returns the number of bytes that `elementCount` elements of `dtype` occupy, or undefined when
 * sub-byte packing leaves a partial byte (the format requires whole bytes).
 */
export function byteLengthOf(dtype: DType, elementCount: bigint): bigint | undefined {
  const bits = BigInt(table[dtype].bits) * elementCount;
  return bits % 8n === 0n ? bits / 8n : undefined;
}
