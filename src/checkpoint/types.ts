import type { SafetensorsFile, TensorEntry } from "../format/types.js";

export type { SafetensorsFile, TensorEntry };

/** A resolved base or head: one file, or the shards of a sharded checkpoint. */
export interface Checkpoint {
  /** The reference as the user gave it (a path for now). */
  readonly reference: string;
  /** Resolved path shown in the report: the file read, or the shard index. */
  readonly resolved: string;
  readonly files: readonly SafetensorsFile[];
  /** Every tensor of every file, keyed by name; names are unique across shards. */
  readonly tensors: ReadonlyMap<string, TensorEntry>;
  /** Metadata of the single file, or of the index plus each shard's, merged by key. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Non-fatal findings while loading, shown in the report (for example non-string metadata). */
  readonly warnings: readonly string[];
  /** Sum of the data bytes of all tensors. */
  readonly tensorBytes: number;
  close(): Promise<void>;
}
