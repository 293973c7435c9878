import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FormatError, LimitError } from "../../src/errors.js";
import { invalidShardNameReason, parseShardIndex } from "../../src/format/shard-index.js";
import { encodeRepoPath } from "../../src/hub/client.js";
import { byteMutation, mutateBytes } from "./checkpoints.js";
import { assertDocumentedError, LIMIT_CHOICES } from "./outcome.js";
import { checkProperty, testTimeout } from "./settings.js";

const INDEX = "model.safetensors.index.json";
const INDEX_URL = "http://127.0.0.1:8000/org/name/resolve/main/sub/";

/** Pieces from which hostile shard names are assembled. */
const piece = fc.constantFrom(
  "..",
  ".",
  "/",
  "\\",
  "%2e",
  "%2E",
  "%2f",
  "%5c",
  "%25",
  "%252e",
  "C:",
  "\u0000",
  // Characters that Unicode compatibility normalization (NFKC) turns into "." "/" "\" or "..".
  "\uff0e",
  "\u2024",
  "\u2025",
  "\uff0f",
  "\uff3c",
  "\ufe52",
  "a",
  "x",
);

const hostileName = fc.oneof(
  fc.array(piece, { minLength: 1, maxLength: 8 }).map((pieces) => `${pieces.join("")}.safetensors`),
  fc.array(piece, { minLength: 1, maxLength: 8 }).map((pieces) => pieces.join("")),
  fc.string({ unit: "binary", maxLength: 12 }).map((text) => `${text}.safetensors`),
);

/**
 * Decodes percent-escapes until nothing changes, at most `rounds` times, as a server that decodes
 * more than once would.
 */
function decodeRepeatedly(name: string, rounds: number): string {
  let current = name;
  for (let i = 0; i < rounds; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

/**
 * Returns whether some server or file system could resolve `name` outside the index's folder.
 * The name is read as is and after percent-decoding (up to three times), each with and without
 * NFKC normalization, with a backslash as a separator. It escapes when one reading is absolute,
 * starts with a drive letter, or has an empty, "." or ".." segment.
 */
function couldLeaveFolder(name: string): boolean {
  const readings = [name, decodeRepeatedly(name, 3)].flatMap((text) => [
    text,
    text.normalize("NFKC"),
  ]);
  return readings.some((text) => {
    const unified = text.replaceAll("\\", "/");
    if (unified.includes("\u0000") || unified.startsWith("/") || /^[A-Za-z]:/.test(unified)) {
      return true;
    }
    return unified.split("/").some((segment) => ["", ".", ".."].includes(segment));
  });
}

describe("shard name fuzzing", () => {
  it("rejects every name that could leave the folder", {
    timeout: testTimeout(2000, 1),
  }, async () => {
    await checkProperty(
      "hostile shard names",
      fc.property(hostileName, (name) => {
        const reason = invalidShardNameReason(name, INDEX);
        if (couldLeaveFolder(name)) {
          expect(reason, JSON.stringify(name)).toBeDefined();
          return;
        }
        if (reason !== undefined) return;
        // An accepted name stays in the folder on disk and under the folder's URL.
        const folder = path.resolve("/data/model");
        expect(path.resolve(folder, name).startsWith(`${folder}/`)).toBe(true);
        const url = new URL(encodeRepoPath(name), INDEX_URL);
        expect(url.origin).toBe(new URL(INDEX_URL).origin);
        expect(url.pathname.startsWith(new URL(INDEX_URL).pathname)).toBe(true);
        expect(url.search).toBe("");
        expect(url.hash).toBe("");
      }),
      2000,
    );
  });

  it.each([
    "model-00001-of-00002.safetensors",
    "unet/diffusion_pytorch_model.safetensors",
    "a..b.safetensors",
    "x y.safetensors",
    "gewichte-ü.safetensors",
    "https:evil.safetensors",
  ])("accepts %j", (name) => {
    expect(invalidShardNameReason(name, INDEX)).toBeUndefined();
  });
});

/** Index JSON with hostile parts: odd metadata, deep nesting, duplicate and non-string entries. */
const indexText = fc
  .record({
    metadata: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined)),
    entries: fc.array(
      fc.tuple(
        fc.oneof(fc.constantFrom("a", "b", "a"), fc.string({ maxLength: 4 })),
        fc.oneof(
          fc.constantFrom("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"),
          hostileName,
          fc.jsonValue({ maxDepth: 2 }),
        ),
      ),
      { maxLength: 6 },
    ),
    depth: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 80 }), fc.constant(50_000)),
  })
  .map(({ metadata, entries, depth }) => {
    const map = entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
    const deep = depth === 0 ? "" : `,"deep":${"[".repeat(depth)}${"]".repeat(depth)}`;
    const meta = metadata === undefined ? "" : `"metadata":${JSON.stringify(metadata)},`;
    return `{${meta}"weight_map":{${map.join(",")}}${deep}}`;
  });

describe("shard index fuzzing", () => {
  it("parses or rejects mutated index bytes", { timeout: testTimeout(1000, 2) }, async () => {
    await checkProperty(
      "mutated shard index",
      fc.property(
        indexText,
        fc.array(byteMutation, { maxLength: 2 }),
        fc.constantFrom(...LIMIT_CHOICES),
        (text, list, limits) => {
          let bytes: Uint8Array = new TextEncoder().encode(text);
          for (const mutation of list) bytes = mutateBytes(bytes, mutation);
          try {
            const index = parseShardIndex(bytes, INDEX, limits);
            // Every accepted shard name passed the name checks, and each tensor has one shard.
            for (const shard of index.shards) {
              expect(invalidShardNameReason(shard, INDEX)).toBeUndefined();
            }
            const counted = [...index.tensorsByShard.values()].reduce(
              (n, list) => n + list.length,
              0,
            );
            expect(counted).toBe(index.weightMap.size);
          } catch (error) {
            assertDocumentedError(error, INDEX);
            expect(error instanceof FormatError || error instanceof LimitError).toBe(true);
          }
        },
      ),
      1000,
    );
  });
});
