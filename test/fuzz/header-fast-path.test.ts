import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DType } from "../../src/format/dtypes.js";
import { readHeaderFastPath, type TensorFactory } from "../../src/format/header-fast-path.js";
import { DEFAULT_LIMITS, type Limits } from "../../src/format/limits.js";
import { type HeaderTensor, parseSafetensorsHeader } from "../../src/format/safetensors.js";
import {
  applyMutations,
  assemble,
  encodeGenerated,
  mutations,
  validCheckpoint,
} from "./checkpoints.js";
import { DTYPE_BITS, naiveVerdict } from "./naive-header.js";
import { LIMIT_CHOICES } from "./outcome.js";
import { checkProperty, testTimeout } from "./settings.js";

interface NaiveHeader {
  tensors: HeaderTensor[];
  metadata: Record<string, unknown>;
}

const headerTensor: TensorFactory<HeaderTensor> = (
  name,
  dtype,
  shape,
  numel,
  byteOffset,
  byteLength,
) => ({ name, dtype, shape, numel, byteOffset, byteLength });

function headerLengthOf(file: Uint8Array): number {
  return Number(new DataView(file.buffer, file.byteOffset, 8).getBigUint64(0, true));
}

/**
 * The header as the general reader returns it, computed naively: validity from the naive rules,
 * order and metadata from JSON.parse. Undefined when the file is invalid, or valid with a
 * warning (a non-string metadata value), which the fast path leaves to the general reader.
 */
function naiveHeader(file: Uint8Array, limits: Limits): NaiveHeader | undefined {
  if (file.byteLength < 8 || !naiveVerdict(file, limits).valid) return undefined;
  const length = headerLengthOf(file);
  const dataStart = 8 + length;
  const root = JSON.parse(new TextDecoder().decode(file.subarray(8, dataStart))) as Record<
    string,
    unknown
  >;
  const rawMetadata = root.__metadata__ as Record<string, unknown> | null | undefined;
  const metadata = { ...(rawMetadata ?? {}) };
  if (Object.values(metadata).some((value) => typeof value !== "string")) return undefined;

  const tensors: HeaderTensor[] = [];
  for (const [name, value] of Object.entries(root)) {
    if (name === "__metadata__") continue;
    const entry = value as { dtype: DType; shape: number[]; data_offsets: [number, number] };
    const [begin, end] = entry.data_offsets;
    tensors.push({
      name,
      dtype: entry.dtype,
      shape: entry.shape,
      numel: entry.shape.reduce((product, dim) => product * dim, 1),
      byteOffset: dataStart + begin,
      byteLength: end - begin,
    });
  }
  tensors.sort((a, b) => a.byteOffset - b.byteOffset || a.byteLength - b.byteLength);
  return { tensors, metadata };
}

/** Runs the fast path on a file's header, after the length checks that readSafetensorsFile makes. */
function fastPath(file: Uint8Array, limits: Limits) {
  if (file.byteLength < 8) return undefined;
  const length = headerLengthOf(file);
  if (8 + length > file.byteLength || length > limits.maxHeaderBytes) return undefined;
  return readHeaderFastPath(
    file.subarray(8, 8 + length),
    8 + length,
    file.byteLength,
    limits,
    headerTensor,
  );
}

/**
 * Checks that a header the fast path accepts is valid and gets from it exactly what the naive
 * reader and parseSafetensorsHeader get. Returns whether the fast path accepted it.
 */
function checkFastPath(file: Uint8Array, limits: Limits): boolean {
  const fast = fastPath(file, limits);
  if (fast === undefined) return false;
  const naive = naiveHeader(file, limits);
  if (naive === undefined) throw new Error("the fast path accepts a header the rules reject");
  expect(fast.tensors).toEqual(naive.tensors);
  expect(Object.entries(fast.metadata)).toEqual(Object.entries(naive.metadata));
  const length = headerLengthOf(file);
  const parsed = parseSafetensorsHeader(
    file.subarray(8, 8 + length),
    file.byteLength,
    "t.safetensors",
    limits,
  );
  expect(parsed).toEqual({ ...fast, dataStart: 8 + length, warnings: [] });
  return true;
}

/** JSON whitespace: none, or a run of spaces, tabs, line feeds and carriage returns. */
const whitespace = fc.oneof(fc.constant(""), fc.stringMatching(/^[ \t\n\r]{1,3}$/));

/** Returns a string as JSON text, with some characters written as \u escapes. */
function spellString(text: string, escapes: readonly boolean[]): string {
  let out = '"';
  for (const [i, character] of [...text].entries()) {
    const plain = JSON.stringify(character).slice(1, -1);
    if (escapes[i % Math.max(1, escapes.length)] && character.length === 1) {
      out += `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
    } else {
      out += plain;
    }
  }
  return `${out}"`;
}

/**
 * Rewrites a valid file's header in another legal spelling: whitespace between tokens, entry keys
 * in another order, and tensor names with \u escapes. The meaning is unchanged.
 */
const respelled = fc
  .record({
    checkpoint: validCheckpoint,
    spaces: fc.array(whitespace, { minLength: 1, maxLength: 16 }),
    order: fc.constantFrom(
      ["dtype", "shape", "data_offsets"],
      ["data_offsets", "dtype", "shape"],
      ["shape", "data_offsets", "dtype"],
    ),
    escapes: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
  })
  .map(({ checkpoint, spaces, order, escapes }) => {
    const file = encodeGenerated(checkpoint);
    const length = headerLengthOf(file);
    const root = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + length))) as Record<
      string,
      Record<string, unknown>
    >;
    let next = 0;
    const space = () => spaces[next++ % spaces.length] as string;
    const members = Object.entries(root).map(([name, value]) => {
      const text =
        name === "__metadata__"
          ? JSON.stringify(value)
          : `{${order
              .map((key) => `${space()}"${key}"${space()}:${space()}${JSON.stringify(value[key])}`)
              .join(`${space()},`)}${space()}}`;
      return `${space()}${spellString(name, escapes)}${space()}:${space()}${text}`;
    });
    return assemble(`${space()}{${members.join(",")}${space()}}`, file.subarray(8 + length));
  });

describe("header fast path", () => {
  it("accepts every header the writer produces", { timeout: testTimeout(200, 5) }, async () => {
    await checkProperty(
      "writer headers on the fast path",
      fc.property(validCheckpoint, (checkpoint) => {
        const accepted = checkFastPath(encodeGenerated(checkpoint), DEFAULT_LIMITS);
        // Names of digits only are the writers' form that is left to the general reader.
        const digitsOnly = checkpoint.tensors.some((tensor) => /^[0-9]+$/.test(tensor.name));
        expect(accepted).toBe(!digitsOnly);
      }),
      200,
    );
  });

  it("reads respelled headers as the rules do", { timeout: testTimeout(200, 5) }, async () => {
    await checkProperty(
      "respelled headers",
      fc.property(respelled, (file) => {
        checkFastPath(file, DEFAULT_LIMITS);
      }),
      200,
    );
  });

  it("accepts no mutated header the rules reject", { timeout: testTimeout(600, 5) }, async () => {
    await checkProperty(
      "mutated headers on the fast path",
      fc.property(
        validCheckpoint,
        mutations,
        fc.constantFrom(...LIMIT_CHOICES),
        (checkpoint, list, limits) => {
          checkFastPath(applyMutations(encodeGenerated(checkpoint), list), limits);
        },
      ),
      600,
    );
  });

  it("covers every dtype the naive rules know", () => {
    // The property above draws from SUPPORTED_DTYPES; this keeps both lists in step.
    const file = encodeGenerated({
      tensors: Object.keys(DTYPE_BITS).map((dtype, i) => ({
        name: `t${i}`,
        dtype: dtype as DType,
        shape: [8],
        data: new Uint8Array(DTYPE_BITS[dtype] as number),
      })),
    });
    expect(checkFastPath(file, DEFAULT_LIMITS)).toBe(true);
  });
});
