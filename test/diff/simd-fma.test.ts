import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SimdKernels } from "../../src/diff/simd-kernel.js";
import { PROJECT_ROOT } from "../helpers/shared.js";
import { DTYPES } from "./float-codes.js";

const CHECK_SCRIPT = fileURLToPath(new URL("./fma-build-check.ts", import.meta.url));
/** The V8 flag with which Node 20 validates relaxed SIMD. Node 22 and later need no flag. */
const RELAXED_SIMD_FLAG = "--experimental-wasm-relaxed-simd";

interface CheckReport {
  defaultBuild: string;
  checked: string[];
  nanPayloadDifferences: number;
  mismatches: string[];
  mismatchCount: number;
}

describe("fused multiply-add build of the SIMD kernels", () => {
  it("matches the plain build and the reference", () => {
    // On Node 22 and later this process validates the fused build already, but Node 20 needs the flag.
    const flags = SimdKernels.create("fma") === undefined ? [RELAXED_SIMD_FLAG] : [];
    const run = spawnSync(process.execPath, [...flags, "--import", "tsx", CHECK_SCRIPT], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
      timeout: 300_000,
    });
    if (run.status !== 0 && /bad option|not allowed/.test(run.stderr)) {
      throw new Error(
        `Node ${process.version} rejects ${RELAXED_SIMD_FLAG} and does not validate relaxed SIMD without it, so the fused build cannot be checked on it: ${run.stderr.trim()}`,
      );
    }
    expect(run.status, `the check script failed: ${run.stderr}`).toBe(0);

    const report = JSON.parse(run.stdout) as CheckReport;
    expect(report.defaultBuild, "the build that the child process loads by default").toBe("fma");
    for (const dtype of DTYPES) {
      for (const kind of [
        "typical",
        "full range with specials",
        "hand case",
        "boundary",
        "wide differences",
        "identical with specials",
      ]) {
        const prefix = `${dtype} ${kind}, `;
        expect(
          report.checked.some((label) => label.startsWith(prefix)),
          prefix,
        ).toBe(true);
      }
    }
    expect(report.mismatches).toEqual([]);
    expect(report.mismatchCount).toBe(0);
  });
});
