import type { ByteSource } from "../io/byte-source.js";
import type { DType } from "./dtypes.js";

/** One tensor of a checkpoint, located in the file that stores it. */
export interface TensorEntry {
  readonly name: string;
  readonly dtype: DType;
  /**
   * Dimensions as safe integers, where `[]` is a scalar with one element. Tensors of one file
   * with equal shapes may share the array, so it must not be changed.
   */
  readonly shape: readonly number[];
  /** Number of elements: the product of the shape, 1 for a scalar. */
  readonly numel: number;
  /** The file that contains the tensor's bytes. */
  readonly source: ByteSource;
  /** Absolute offset of the first data byte within the file (header length included). */
  readonly byteOffset: number;
  readonly byteLength: number;
}

/** A single safetensors file after its header was read and validated. */
export interface SafetensorsFile {
  readonly source: ByteSource;
  /** Byte offset where the data section starts: 8 + header length. */
  readonly dataStart: number;
  /** Tensors in ascending data offset order. */
  readonly tensors: readonly TensorEntry[];
  /** The `__metadata__` object, values kept as found; absent or null gives `{}`. */
  readonly metadata: Readonly<Record<string, unknown>>;
}
