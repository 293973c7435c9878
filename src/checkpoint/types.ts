import type { SafetensorsFile, TensorEntry } from "../format/types.js";

export type { SafetensorsFile, TensorEntry };

/** The Hub revision a checkpoint was read at. */
export interface HubRevision {
  /** Repository id, `org/name`. */
  readonly repo: string;
  /** The revision as requested (a branch, tag, sha or `refs/pr/N`), `main` when none was given. */
  readonly revision: string;
  /** The 40-hex commit sha the revision pointed at when the diff started; every read uses it. */
  readonly commit: string;
  /** Path inside the repository of the file read: the single file or the shard index. */
  readonly file: string;
}

/** A resolved base or head: one file, or the shards of a sharded checkpoint. */
export interface Checkpoint {
  /** The reference as the user gave it (a URL without its query). */
  readonly reference: string;
  /**
   * Resolved location: the path or URL of the file read or of the shard index. For a Hub
   * checkpoint, a reference pinned to the commit (`hf://org/name@SHA/file`).
   */
  readonly resolved: string;
  /** Set for a checkpoint read from a Hub repository; absent otherwise. */
  readonly hub?: HubRevision;
  readonly files: readonly SafetensorsFile[];
  /** Every tensor of every file, keyed by name; names are unique across shards. */
  readonly tensors: ReadonlyMap<string, TensorEntry>;
  /** Metadata of the single file, or of the index plus each shard's, merged by key. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Non-fatal findings while loading, shown in the report (for example non-string metadata). */
  readonly warnings: readonly string[];
  /**
   * Non-weight files beside the weights (config.json, generation_config.json,
   * tokenizer_config.json, tokenizer.json), file name to text, for folder references; absent
   * when the source does not provide them. Files over COMPANION_MAX_BYTES, or unreadable, are
   * left out and named in companionsLeftOut.
   */
  readonly companions?: ReadonlyMap<string, string>;
  /** Companion files present beside the weights but not read, each named in a warning. */
  readonly companionsLeftOut?: ReadonlySet<string>;
  /** Sum of the data bytes of all tensors. */
  readonly tensorBytes: number;
  close(): Promise<void>;
}
