import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchContent } from "../../src/analysis/content-matches.js";
import { openHubCheckpoint } from "../../src/checkpoint/remote.js";
import { runDiff } from "../../src/diff/engine.js";
import { DEFAULT_LIMITS } from "../../src/format/limits.js";
import { encodeSafetensors, type TensorToWrite } from "../../src/format/writer.js";
import { Random } from "../diff/helpers.js";
import { FakeHub, fakeCommit } from "../helpers/fake-hub.js";
import { hubFiles } from "./fixtures.js";

const BASE_LAYERS = 8;
const HEAD_LAYERS = 12;
const ROLES = ["self_attn.q_proj", "mlp.up_proj", "mlp.down_proj"];

/** Returns the base layer that head layer `layer` copies, as depth up-scaling stacks them. */
function copiedLayer(layer: number): number {
  return Math.floor((layer * BASE_LAYERS) / HEAD_LAYERS);
}

/** Returns a base of BASE_LAYERS layers and a head of HEAD_LAYERS layers that copy them. */
function deepenedPair(): { base: TensorToWrite[]; head: TensorToWrite[] } {
  const random = new Random(8);
  const matrices = new Map<string, Uint8Array>();
  for (let layer = 0; layer < BASE_LAYERS; layer++) {
    for (const role of ROLES) {
      const values = Float32Array.from({ length: 16 * 16 }, () => random.normal() * 0.02);
      matrices.set(`${layer}.${role}`, new Uint8Array(values.buffer));
    }
  }
  const tensors = (layers: number, source: (layer: number) => number) =>
    Array.from({ length: layers }, (_, layer) =>
      ROLES.map((role) => ({
        name: `model.layers.${layer}.${role}.weight`,
        dtype: "F32" as const,
        shape: [16, 16],
        data: matrices.get(`${source(layer)}.${role}`) as Uint8Array,
      })),
    ).flat();
  return { base: tensors(BASE_LAYERS, (layer) => layer), head: tensors(HEAD_LAYERS, copiedLayer) };
}

const commits = { base: fakeCommit("deep-base"), head: fakeCommit("deep-head") };
const hub = new FakeHub();

beforeAll(async () => {
  const pair = deepenedPair();
  hub.addRepo({
    id: "org/deep",
    commits: {
      [commits.base]: hubFiles({ "model.safetensors": encodeSafetensors(pair.base) }),
      [commits.head]: hubFiles({ "model.safetensors": encodeSafetensors(pair.head) }),
    },
    refs: { main: commits.head, v1: commits.base },
  });
  await hub.start();
});

afterAll(async () => {
  await hub.stop();
});

describe("layer fingerprints from the Hub", () => {
  it("are read several at a time", async () => {
    const connection = { endpoint: hub.endpoint, token: null };
    const open = (revision: string) =>
      openHubCheckpoint(
        { repo: "org/deep", revision, path: null },
        `hf://org/deep@${revision}`,
        connection,
        DEFAULT_LIMITS,
      );
    const base = await open("v1");
    const head = await open("main");
    try {
      const diff = await runDiff(base, head, { threshold: 1e-6, workers: 0 });
      // Each read waits as a round trip to a distant server would, so reads overlap if they can.
      hub.latencyMs = 20;
      hub.maxFileReadsInFlight = 0;
      const before = hub.fileReadCount;
      const counter = { bytes: 0 };
      const content = await matchContent(base, head, diff, counter);
      expect(content.layerCopies).toEqual(
        Array.from({ length: HEAD_LAYERS }, (_, layer) => ({
          headLayer: String(layer),
          baseLayer: String(copiedLayer(layer)),
          tensors: ROLES.length,
          headTensors: ROLES.length,
        })),
      );
      // One whole-matrix read per layer matrix of each side.
      const matrices = (BASE_LAYERS + HEAD_LAYERS) * ROLES.length;
      expect(hub.fileReadCount - before).toBe(matrices);
      expect(counter.bytes).toBe(matrices * 16 * 16 * 4);
      expect(hub.maxFileReadsInFlight).toBeGreaterThan(1);
    } finally {
      hub.latencyMs = 0;
      await base.close();
      await head.close();
    }
  });
});
