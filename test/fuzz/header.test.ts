import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SNIFF_BYTES } from "../../src/format/file-kind.js";
import { DEFAULT_LIMITS, type Limits } from "../../src/format/limits.js";
import { readSafetensorsFile } from "../../src/format/safetensors.js";
import { describeShared, sharedPath } from "../helpers/shared.js";
import { applyMutations, encodeGenerated, mutations, validCheckpoint } from "./checkpoints.js";
import { naiveVerdict } from "./naive-header.js";
import { assertDocumentedError, LIMIT_CHOICES, RecordingSource } from "./outcome.js";
import { checkProperty, testTimeout } from "./settings.js";

const FILE = "case.safetensors";

/**
 * Reads `file` with the real reader and checks the outcome against the naive rules. A valid file
 * must give the same tensors and element count, and an invalid one a documented error naming the
 * file. No read may be longer than the header limit allows.
 */
async function checkAgainstNaive(file: Uint8Array, limits: Limits): Promise<void> {
  const verdict = naiveVerdict(file, limits);
  const source = new RecordingSource(file, FILE);
  let outcome: Awaited<ReturnType<typeof readSafetensorsFile>> | undefined;
  try {
    outcome = await readSafetensorsFile(source, limits);
  } catch (error) {
    assertDocumentedError(error, FILE);
    if (verdict.valid) {
      throw new Error(`the reader rejects a valid file: ${(error as Error).message}`);
    }
  }
  expect(source.longestRead).toBeLessThanOrEqual(Math.max(SNIFF_BYTES, limits.maxHeaderBytes));
  if (outcome === undefined) return;
  if (!verdict.valid) {
    throw new Error(`the reader accepts a file the format forbids (${verdict.reason})`);
  }
  expect(outcome.tensors.map((tensor) => tensor.name).sort()).toEqual(
    verdict.tensors.map((tensor) => tensor.name).sort(),
  );
  const numel = outcome.tensors.reduce((sum, tensor) => sum + BigInt(tensor.numel), 0n);
  expect(numel).toBe(verdict.numel);
  for (const tensor of outcome.tensors) {
    const expected = verdict.tensors.find((candidate) => candidate.name === tensor.name);
    expect(tensor.byteOffset).toBe(expected?.begin);
    expect(tensor.byteOffset + tensor.byteLength).toBe(expected?.end);
    expect(tensor.shape).toEqual(expected?.shape);
    expect(tensor.dtype).toBe(expected?.dtype);
  }
}

describe("safetensors header fuzzing", () => {
  it("reads every file the writer produces", { timeout: testTimeout(200, 5) }, async () => {
    await checkProperty(
      "writer round trip",
      fc.asyncProperty(validCheckpoint, async (checkpoint) => {
        const file = encodeGenerated(checkpoint);
        const verdict = naiveVerdict(file, DEFAULT_LIMITS);
        expect(verdict.valid).toBe(true);
        if (verdict.valid) expect(verdict.tensors.length).toBe(checkpoint.tensors.length);
        await checkAgainstNaive(file, DEFAULT_LIMITS);
      }),
      200,
    );
  });

  it("agrees with the naive rules on mutated files", { timeout: testTimeout(600, 5) }, async () => {
    await checkProperty(
      "mutated header",
      fc.asyncProperty(
        validCheckpoint,
        mutations,
        fc.constantFrom(...LIMIT_CHOICES),
        async (checkpoint, list, limits) => {
          await checkAgainstNaive(applyMutations(encodeGenerated(checkpoint), list), limits);
        },
      ),
      600,
    );
  });

  it("bounds reads of terabyte files", { timeout: testTimeout(200, 5) }, async () => {
    await checkProperty(
      "declared lengths of a huge file",
      fc.asyncProperty(
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.constantFrom(...LIMIT_CHOICES),
        fc.constantFrom(2 ** 40, 2 ** 53 - 1, 64),
        async (declared, limits, size) => {
          const prefix = new Uint8Array(16);
          new DataView(prefix.buffer).setBigUint64(0, declared, true);
          prefix.set(new TextEncoder().encode("{}"), 8);
          const source = new RecordingSource(prefix, FILE, size);
          try {
            await readSafetensorsFile(source, limits);
          } catch (error) {
            assertDocumentedError(error, FILE);
          }
          expect(source.longestRead).toBeLessThanOrEqual(
            Math.max(SNIFF_BYTES, limits.maxHeaderBytes),
          );
        },
      ),
      200,
    );
  });
});

describeShared("shared case fuzzing", () => {
  it("agrees with the naive rules on mutated shared cases", {
    timeout: testTimeout(300, 5),
  }, async () => {
    // The hand-made cases, valid and malformed, start mutations from layouts the writer never
    // produces: data in another order than the header, zero-size tensors sharing an offset.
    const corpus = readdirSync(sharedPath("cases"))
      .filter((name) => name.endsWith(".safetensors"))
      .sort()
      .map((name) => new Uint8Array(readFileSync(sharedPath("cases", name))));
    expect(corpus.length).toBeGreaterThan(10);
    await checkProperty(
      "mutated shared cases",
      fc.asyncProperty(
        fc.constantFrom(...corpus),
        mutations,
        fc.constantFrom(...LIMIT_CHOICES),
        async (file, list, limits) => {
          await checkAgainstNaive(applyMutations(file, list), limits);
        },
      ),
      300,
    );
  });
});
