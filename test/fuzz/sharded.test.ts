import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openLocalCheckpoint } from "../../src/checkpoint/local.js";
import { openHubCheckpoint } from "../../src/checkpoint/remote.js";
import type { Checkpoint } from "../../src/checkpoint/types.js";
import { FormatError } from "../../src/errors.js";
import { DEFAULT_LIMITS } from "../../src/format/limits.js";
import { encodeSafetensors } from "../../src/format/writer.js";
import { LocalFileSource } from "../../src/io/local-file.js";
import { makeTempDirectory } from "../diff/helpers.js";
import { FakeHub, fakeCommit } from "../helpers/fake-hub.js";
import { type CheckpointFiles, hubFiles, writeCheckpoint } from "../hub/fixtures.js";
import { assemble } from "./checkpoints.js";
import { assertDocumentedError } from "./outcome.js";
import { checkProperty, testTimeout } from "./settings.js";

const INDEX = "model.safetensors.index.json";

/** Names that leave the folder, or are not strings at all. */
const escapingValue = fc.constantFrom<unknown>(
  "../outside.safetensors",
  "sub/../../outside.safetensors",
  "/etc/outside.safetensors",
  "C:outside.safetensors",
  "sub\\..\\outside.safetensors",
  "%2e%2e/outside.safetensors",
  "%2E./outside.safetensors",
  ".%2e/outside.safetensors",
  "%252e%252e/outside.safetensors",
  "outside\u0000.safetensors",
  "./outside.safetensors",
  "\uff0e\uff0e/outside.safetensors",
  "",
  INDEX,
  "outside.bin",
  7,
  null,
  ["x.safetensors"],
);

/** A change to a sharded checkpoint; `tensor` and `shard` pick by index modulo the count. */
type ShardMutation =
  | { kind: "escape"; tensor: number; value: unknown }
  | { kind: "missing"; tensor: number; shard: number }
  | { kind: "wrongShard"; tensor: number; shard: number }
  | { kind: "phantom"; shard: number }
  | { kind: "unlisted"; tensor: number }
  | { kind: "twice"; tensor: number; shard: number };

const shardMutation: fc.Arbitrary<ShardMutation> = fc.oneof(
  fc.record({ kind: fc.constant("escape" as const), tensor: fc.nat(), value: escapingValue }),
  fc.record({ kind: fc.constant("missing" as const), tensor: fc.nat(), shard: fc.nat(3) }),
  fc.record({ kind: fc.constant("wrongShard" as const), tensor: fc.nat(), shard: fc.nat() }),
  fc.record({ kind: fc.constant("phantom" as const), shard: fc.nat() }),
  fc.record({ kind: fc.constant("unlisted" as const), tensor: fc.nat() }),
  fc.record({ kind: fc.constant("twice" as const), tensor: fc.nat(), shard: fc.nat() }),
);

/** Metadata keys, including the ones a plain object treats specially. */
const metadataEntries = fc.uniqueArray(
  fc.tuple(
    fc.constantFrom("__proto__", "constructor", "toString", "format", "k"),
    fc.string({ maxLength: 3 }),
  ),
  { selector: ([key]) => key, maxLength: 3 },
);

interface ShardedCase {
  /** Shard of each tensor `t<i>`. */
  shardOf: number[];
  shardCount: number;
  /** Metadata of the index, then of each shard. */
  metadata: [string, string][][];
  mutations: ShardMutation[];
}

const shardedCase: fc.Arbitrary<ShardedCase> = fc.integer({ min: 1, max: 3 }).chain((shardCount) =>
  fc.record({
    shardOf: fc.array(fc.nat(shardCount - 1), { minLength: 1, maxLength: 8 }),
    shardCount: fc.constant(shardCount),
    mutations: fc.array(shardMutation, { maxLength: 3 }),
    metadata: fc.array(metadataEntries, { minLength: 4, maxLength: 4 }),
  }),
);

function shardName(shard: number, count: number): string {
  return `model-0000${shard + 1}-of-0000${count}.safetensors`;
}

/** What opening the checkpoint must give, worked out from the case alone. */
type Expected =
  | { kind: "emptyIndex" }
  | { kind: "invalidNames"; tensors: string[] }
  | { kind: "missingShards"; shards: string[] }
  | { kind: "disagree"; tensors: string[] }
  | { kind: "valid"; tensors: string[]; metadata: [string, string][] };

interface Built {
  files: CheckpointFiles;
  expected: Expected;
}

function build(testCase: ShardedCase): Built {
  const { shardOf, shardCount } = testCase;
  const tensors = shardOf.map((_shard, i) => `t${i}`);
  const contents: string[][] = Array.from({ length: shardCount }, () => []);
  for (const [i, shard] of shardOf.entries()) contents[shard]?.push(`t${i}`);
  const weightMap = new Map<string, unknown>(
    tensors.map((name, i) => [name, shardName(shardOf[i] as number, shardCount)]),
  );

  for (const mutation of testCase.mutations) {
    const tensor = tensors[("tensor" in mutation ? mutation.tensor : 0) % tensors.length] as string;
    const otherShard = ("shard" in mutation ? mutation.shard : 0) % shardCount;
    switch (mutation.kind) {
      case "escape":
        weightMap.set(tensor, mutation.value);
        break;
      case "missing":
        weightMap.set(tensor, `absent-${mutation.shard}.safetensors`);
        break;
      case "wrongShard":
        weightMap.set(tensor, shardName(otherShard, shardCount));
        break;
      case "phantom":
        weightMap.set(`phantom${weightMap.size}`, shardName(otherShard, shardCount));
        break;
      case "unlisted":
        weightMap.delete(tensor);
        break;
      case "twice":
        if (!contents[otherShard]?.includes(tensor)) contents[otherShard]?.push(tensor);
        break;
    }
  }

  const files: CheckpointFiles = {};
  contents.forEach((names, shard) => {
    const data = names.map((name, k) => ({
      name,
      dtype: "F32" as const,
      shape: [2],
      data: new Uint8Array(new Float32Array([k, name.length]).buffer),
    }));
    const file = encodeSafetensors(data);
    files[shardName(shard, shardCount)] = withMetadata(file, testCase.metadata[shard + 1] ?? []);
  });
  files[INDEX] = new TextEncoder().encode(
    `{"metadata":${objectText(testCase.metadata[0] ?? [])},"weight_map":${JSON.stringify(Object.fromEntries(weightMap))}}`,
  );
  return { files, expected: expectedOutcome(weightMap, files, testCase.metadata) };
}

/** JSON text of an object with these members, written by hand so `__proto__` stays a key. */
function objectText(entries: readonly [string, string][]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(",")}}`;
}

/** Rewrites a file from the writer with `__metadata__` set to `entries`. */
function withMetadata(file: Uint8Array, entries: readonly [string, string][]): Uint8Array {
  const length = Number(new DataView(file.buffer, file.byteOffset, 8).getBigUint64(0, true));
  const header = new TextDecoder().decode(file.subarray(8, 8 + length)).trimEnd();
  const text = `{"__metadata__":${objectText(entries)}${header === "{}" ? "}" : `,${header.slice(1)}`}`;
  return assemble(text, file.subarray(8 + length));
}

function expectedOutcome(
  weightMap: Map<string, unknown>,
  files: CheckpointFiles,
  metadata: readonly [string, string][][],
): Expected {
  const entries = [...weightMap];
  const isShard = (value: unknown) =>
    typeof value === "string" && /^model-0000\d-of-0000\d\.safetensors$|^absent-/.test(value);
  if (entries.length === 0) return { kind: "emptyIndex" };
  const invalid = entries.filter(([, value]) => !isShard(value)).map(([tensor]) => tensor);
  if (invalid.length > 0) return { kind: "invalidNames", tensors: invalid };

  const named = [...new Set(entries.map(([, value]) => value as string))];
  const missing = named.filter((shard) => files[shard] === undefined);
  if (missing.length > 0) return { kind: "missingShards", shards: missing };

  const holders = new Map<string, string[]>();
  for (const shard of named) {
    for (const tensor of headerNames(files[shard] as Uint8Array)) {
      holders.set(tensor, [...(holders.get(tensor) ?? []), shard]);
    }
  }
  const disagreeing = new Set<string>();
  for (const [tensor, shard] of entries) {
    if (!holders.get(tensor)?.includes(shard as string)) disagreeing.add(tensor);
  }
  for (const [tensor, shards] of holders) if (shards.length > 1) disagreeing.add(tensor);
  if (disagreeing.size > 0) return { kind: "disagree", tensors: [...disagreeing] };
  // The index's metadata first, then each shard's in order of first mention; the first value wins.
  const merged = new Map<string, string>(metadata[0]);
  for (const shard of named) {
    const entries = metadata[Number(/^model-0000(\d)/.exec(shard)?.[1])] ?? [];
    for (const [key, value] of entries) if (!merged.has(key)) merged.set(key, value);
  }
  return { kind: "valid", tensors: [...holders.keys()], metadata: [...merged] };
}

/** Tensor names of a file the writer produced, read with JSON.parse alone. */
function headerNames(file: Uint8Array): string[] {
  const length = Number(new DataView(file.buffer, file.byteOffset, 8).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + length)));
  return Object.keys(header).filter((key) => key !== "__metadata__");
}

/**
 * Checks that `message` names every offending entry, except those counted in an "and N more"
 * line, and that a valid case opened with exactly the expected tensors.
 */
function checkOutcome(expected: Expected, outcome: Checkpoint | unknown, file: string): void {
  if (expected.kind === "valid") {
    if (!(outcome as Checkpoint)?.tensors) {
      throw new Error(`a valid checkpoint was rejected: ${(outcome as Error)?.message}`);
    }
    const checkpoint = outcome as Checkpoint;
    expect([...checkpoint.tensors.keys()].sort()).toEqual([...expected.tensors].sort());
    expect(Object.getPrototypeOf(checkpoint.metadata)).toBe(Object.prototype);
    expect(Object.entries(checkpoint.metadata).sort()).toEqual([...expected.metadata].sort());
    return;
  }
  if ((outcome as Checkpoint)?.tensors) {
    throw new Error(`expected ${expected.kind}, but the checkpoint opened`);
  }
  assertDocumentedError(outcome, file);
  expect(outcome).toBeInstanceOf(FormatError);
  const message = (outcome as Error).message;
  const phrase = {
    emptyIndex: "weight_map is empty",
    invalidNames: "invalid shard file name",
    missingShards: "checkpoint incomplete",
    disagree: "the index and the shard headers disagree",
  }[expected.kind];
  expect(message).toContain(phrase);
  if (expected.kind === "emptyIndex") return;
  const names = expected.kind === "missingShards" ? expected.shards : expected.tensors;
  const unnamed = names.filter((name) => !message.includes(`"${name}"`));
  if (unnamed.length > 0) {
    const more = Number(/and (\d+) more/.exec(message)?.[1] ?? 0);
    expect(more, `${unnamed.join(", ")} not named in: ${message}`).toBeGreaterThanOrEqual(
      unnamed.length,
    );
  }
}

const temp = makeTempDirectory();
const hub = new FakeHub();
beforeAll(() => hub.start());
afterAll(async () => {
  await hub.stop();
  temp.remove();
}, 600_000);

describe("sharded checkpoint fuzzing", () => {
  let caseNumber = 0;

  it("opens or rejects local folders", { timeout: testTimeout(150, 20) }, async () => {
    const opened: string[] = [];
    const realOpen = LocalFileSource.open.bind(LocalFileSource);
    const spy = vi.spyOn(LocalFileSource, "open").mockImplementation((file, ...rest) => {
      opened.push(file);
      return realOpen(file, ...rest);
    });
    try {
      await checkProperty(
        "local sharded folders",
        fc.asyncProperty(shardedCase, async (testCase) => {
          const { files, expected } = build(testCase);
          const folder = path.join(temp.path, `local-${caseNumber++}`);
          mkdirSync(folder);
          writeCheckpoint(folder, files);
          opened.length = 0;
          let outcome: unknown;
          try {
            outcome = await openLocalCheckpoint(folder);
          } catch (error) {
            outcome = error;
          } finally {
            await (outcome as Checkpoint)?.close?.();
            rmSync(folder, { recursive: true, force: true });
          }
          checkOutcome(expected, outcome, path.join(folder, INDEX));
          if (expected.kind !== "valid" && expected.kind !== "disagree") {
            // Rejected from the index alone: no shard was opened.
            const index = path.join(folder, INDEX);
            expect(opened.filter((file) => file !== index)).toEqual([]);
          }
        }),
        150,
      );
    } finally {
      spy.mockRestore();
    }
  });

  it("opens or rejects Hub repositories", { timeout: testTimeout(60, 50) }, async () => {
    await checkProperty(
      "Hub sharded repositories",
      fc.asyncProperty(shardedCase, async (testCase) => {
        const { files, expected } = build(testCase);
        const repo = `org/case-${caseNumber++}`;
        const commit = fakeCommit(repo);
        hub.addRepo({ id: repo, commits: { [commit]: hubFiles(files) }, refs: { main: commit } });
        hub.resetLog();
        let outcome: unknown;
        try {
          outcome = await openHubCheckpoint(
            { repo, revision: null, path: null },
            repo,
            {
              endpoint: hub.endpoint,
              token: null,
            },
            DEFAULT_LIMITS,
          );
        } catch (error) {
          outcome = error;
        }
        await (outcome as Checkpoint)?.close?.();
        checkOutcome(expected, outcome, `${repo}@${commit.slice(0, 7)}:${INDEX}`);
        if (expected.kind !== "valid" && expected.kind !== "disagree") {
          // Rejected from the listing and the index alone: no shard was requested.
          const shardRequests = hub.requests.filter(
            (request) =>
              request.server === "cdn" ||
              (request.url.includes("/resolve/") && !request.url.endsWith(INDEX)),
          );
          expect(shardRequests).toEqual([]);
        }
      }),
      60,
    );
  });
});
