/**
 * Node flags that the benchmark passes on to every node process it starts, so the CLI runs use
 * the same kernels as the in-process runs.
 */

/** The flag that enables relaxed SIMD, and with it the fused multiply-add kernels, on Node 20. */
export const RELAXED_SIMD_FLAG = "--experimental-wasm-relaxed-simd";

/** Flags of this process that the node processes it starts get too. */
export const CHILD_NODE_FLAGS: readonly string[] = process.execArgv.includes(RELAXED_SIMD_FLAG)
  ? [RELAXED_SIMD_FLAG]
  : [];
