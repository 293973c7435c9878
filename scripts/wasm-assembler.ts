// Assembles the kernels' WAT text with wabt, shared by build-wasm.ts and the test that checks
// that the committed bytes match the source.
import createWabt from "wabt";

/**
 * Matches an f64x2 accumulation of a product, `(f64x2.add (local.get $acc) (f64x2.mul (local.get
 * $x) (local.get $y)))`, capturing the three local names.
 */
const MULTIPLY_ADD =
  /\(f64x2\.add \(local\.get (\$\w+)\) \(f64x2\.mul \(local\.get (\$\w+)\) \(local\.get (\$\w+)\)\)\)/g;

/**
 * Factors whose products are not exact in float64. `$d` is the f64 difference of two elements,
 * which can have up to 53 significant bits, so d * d is rounded and fusing it with the addition
 * would change the sum's bits.
 */
const INEXACT_FACTORS = new Set(["$d"]);

/**
 * Returns the WAT of the fused multiply-add build: each `f64x2.add(acc, f64x2.mul(x, y))` whose
 * factors are elements becomes `f64x2.relaxed_madd(x, y, acc)`. A product of two BF16, F16 or F32
 * values has at most 48 significant bits, so it is exact in float64. The fused and the unfused
 * forms then round the same sum once, and the records stay bit-identical. The exception is the
 * payload of a NaN sum, whose block the caller recomputes anyway. Throws when an `f64x2.mul`
 * outside a comment has another form, so that new code gets this decision made for it explicitly.
 */
export function fuseExactMultiplyAdds(wat: string): { wat: string; fused: number } {
  let fused = 0;
  const rewritten = wat.replace(
    MULTIPLY_ADD,
    (match, accumulator: string, x: string, y: string) => {
      if (INEXACT_FACTORS.has(x) || INEXACT_FACTORS.has(y)) return match;
      fused++;
      return `(f64x2.relaxed_madd (local.get ${x}) (local.get ${y}) (local.get ${accumulator}))`;
    },
  );
  const leftover = rewritten
    .replace(MULTIPLY_ADD, "")
    .split("\n")
    .findIndex((line) => line.replace(/;;.*$/, "").includes("f64x2.mul"));
  if (leftover !== -1) {
    throw new Error(
      `Line ${leftover + 1} of the WAT has an f64x2.mul outside the form (f64x2.add (local.get $acc) (f64x2.mul (local.get $x) (local.get $y))). Write it in that form, or extend fuseExactMultiplyAdds to decide whether it may be fused.`,
    );
  }
  return { wat: rewritten, fused };
}

/** Returns the binary module for `wat`; throws with wabt's messages when it does not parse. */
export async function assembleWat(
  filename: string,
  wat: string,
  features: { relaxedSimd?: boolean } = {},
): Promise<Uint8Array> {
  const wabt = await createWabt();
  const module = wabt.parseWat(filename, wat, {
    simd: true,
    relaxed_simd: features.relaxedSimd ?? false,
  });
  try {
    module.validate();
    return module.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

/** The two builds of kernels.wat that src/diff/wasm/kernels-wasm.ts embeds. */
export interface KernelBuilds {
  /** WebAssembly SIMD only. */
  plain: Uint8Array;
  /** With f64x2.relaxed_madd from the relaxed SIMD proposal. */
  fma: Uint8Array;
  /** Multiply-adds fused in the second build. */
  fused: number;
}

/** Assembles both builds of the kernels from the text of kernels.wat. */
export async function assembleKernelBuilds(wat: string): Promise<KernelBuilds> {
  const plain = await assembleWat("kernels.wat", wat);
  const fusedSource = fuseExactMultiplyAdds(wat);
  const fma = await assembleWat("kernels.wat (fused multiply-add build)", fusedSource.wat, {
    relaxedSimd: true,
  });
  return { plain, fma, fused: fusedSource.fused };
}
