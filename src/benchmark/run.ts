/**
 * Runs benchmark cases end to end: writes both sides as safetensors files, diffs them with the
 * engine, runs the sampled analyses and the classifier, and scores the labels.
 */

import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { classify } from "../analysis/classify.js";
import { analyzeSamples } from "../analysis/sampling.js";
import { openLocalCheckpoint } from "../checkpoint/local.js";
import { runDiff } from "../diff/engine.js";
import { binaryExponent, roundToFloat16 } from "../diff/profile.js";
import type { DType } from "../format/dtypes.js";
import { encodeSafetensors, type TensorToWrite } from "../format/writer.js";
import type { Classification, Label } from "../report/model.js";
import type { Bases, BenchmarkCase, StoredModel } from "./cases.js";

export interface CaseResult {
  id: string;
  config: string;
  family: string;
  hard: boolean;
  derived: boolean;
  truth: Label;
  acceptable: Label[];
  label: Label;
  confidence: Classification["confidence"];
  score: number;
  correct: boolean;
  /** Median relative change of the changed matrices, as the classifier measured it. */
  relativeChange: number | null;
  /** Wall-clock seconds from opening the checkpoints to the label. */
  seconds: number;
  /** CPU seconds (user + system, every thread of the process) over the same span. */
  cpuSeconds: number;
  classification: Classification;
}

function float16Bits(value: number): number {
  const rounded = roundToFloat16(value);
  const sign = rounded < 0 || Object.is(rounded, -0) ? 0x8000 : 0;
  const magnitude = Math.abs(rounded);
  if (magnitude === 0) return sign;
  if (!Number.isFinite(magnitude)) return sign | 0x7c00;
  const exponent = binaryExponent(magnitude);
  if (exponent < -14) return sign | Math.round(magnitude / 2 ** -24);
  return sign | ((exponent + 15) << 10) | Math.round((magnitude / 2 ** exponent - 1) * 1024);
}

const words = new Uint32Array(1);
const floats = new Float32Array(words.buffer);

function encodeValues(
  values: Float32Array,
  dtype: StoredModel["dtype"],
): { dtype: DType; data: Uint8Array } {
  if (dtype === "F32") return { dtype: "F32", data: new Uint8Array(values.slice().buffer) };
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (dtype === "F16") {
      out[i] = float16Bits(value);
      continue;
    }
    floats[0] = value;
    const bits = words[0] as number;
    out[i] =
      dtype === "BF16-truncated"
        ? bits >>> 16
        : ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
  }
  return { dtype: dtype === "F16" ? "F16" : "BF16", data: new Uint8Array(out.buffer) };
}

/** Orders tensors by name in code-unit order. */
function byName(a: TensorToWrite, b: TensorToWrite): number {
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

/** Writes one side to `folder` and returns the path to open. */
async function writeSide(side: StoredModel, folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const tensors: TensorToWrite[] = [];
  for (const [name, tensor] of side.model) {
    const { dtype, data } = encodeValues(tensor.values, side.dtype);
    tensors.push({ name: side.renames?.get(name) ?? name, dtype, shape: tensor.shape, data });
  }
  tensors.sort(byName);
  const shards = side.shards ?? 1;
  if (shards === 1) {
    const file = path.join(folder, "model.safetensors");
    await writeFile(file, encodeSafetensors(tensors));
    return file;
  }
  tensors.reverse();
  const weightMap: Record<string, string> = {};
  const perShard = Math.ceil(tensors.length / shards);
  for (let shard = 0; shard < shards; shard++) {
    const name = `model-${String(shard + 1).padStart(5, "0")}-of-${String(shards).padStart(5, "0")}.safetensors`;
    const part = tensors.slice(shard * perShard, (shard + 1) * perShard);
    for (const tensor of part) weightMap[tensor.name] = name;
    await writeFile(path.join(folder, name), encodeSafetensors(part));
  }
  await writeFile(
    path.join(folder, "model.safetensors.index.json"),
    JSON.stringify({ metadata: {}, weight_map: weightMap }),
  );
  return folder;
}

/** Builds, writes, diffs and classifies one case in `scratch` (removed afterwards). */
export async function runCase(
  benchmarkCase: BenchmarkCase,
  bases: Bases,
  scratch: string,
): Promise<CaseResult> {
  const folder = path.join(scratch, `${bases.config.name}-${benchmarkCase.id}`);
  const sides = benchmarkCase.build(bases);
  const basePath = await writeSide(sides.base, path.join(folder, "base"));
  const headPath = await writeSide(sides.head, path.join(folder, "head"));
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const base = await openLocalCheckpoint(basePath);
  const head = await openLocalCheckpoint(headPath);
  let classification: Classification;
  try {
    const diff = await runDiff(base, head, { threshold: 1e-6, workers: 0 });
    const samples = await analyzeSamples(base, head, diff);
    classification = classify(diff, { samples });
  } finally {
    await base.close();
    await head.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  if (!process.env.KEEP_CASE) await rm(folder, { recursive: true, force: true });
  const detail = classification.detail as { relativeChange?: number | null };
  return {
    id: benchmarkCase.id,
    config: bases.config.name,
    family: benchmarkCase.family,
    hard: benchmarkCase.hard,
    derived: benchmarkCase.derived,
    truth: benchmarkCase.truth,
    acceptable: benchmarkCase.acceptable,
    label: classification.label,
    confidence: classification.confidence,
    score: classification.score,
    correct: benchmarkCase.acceptable.includes(classification.label),
    relativeChange: detail.relativeChange ?? null,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    classification,
  };
}

export interface Scores {
  cases: number;
  accuracy: number;
  hardCases: number;
  hardAccuracy: number;
  /** Expected calibration error of the score over 10 equal-width bins. */
  calibrationError: number;
  /** Accuracy per confidence level, with its case count. */
  byConfidence: Record<string, { cases: number; accuracy: number }>;
  /** truth label -> predicted label -> count. */
  confusion: Map<Label, Map<Label, number>>;
  gateFailures: string[];
}

/** Scores results: accuracy, hard-case accuracy, calibration, confusion table and hard gates. */
export function scoreResults(
  results: readonly CaseResult[],
  gateRelativeChange: (id: string) => number | null,
): Scores {
  const correct = results.filter((result) => result.correct).length;
  const hard = results.filter((result) => result.hard);
  const bins = Array.from({ length: 10 }, () => ({ count: 0, correct: 0, score: 0 }));
  for (const result of results) {
    const bin = bins[Math.min(9, Math.floor(result.score * 10))] as {
      count: number;
      correct: number;
      score: number;
    };
    bin.count++;
    bin.score += result.score;
    if (result.correct) bin.correct++;
  }
  const calibrationError = bins.reduce(
    (sum, bin) =>
      bin.count === 0
        ? sum
        : sum +
          (bin.count / results.length) * Math.abs(bin.correct / bin.count - bin.score / bin.count),
    0,
  );
  const byConfidence: Scores["byConfidence"] = {};
  for (const level of ["high", "medium", "low"]) {
    const at = results.filter((result) => result.confidence === level);
    byConfidence[level] = {
      cases: at.length,
      accuracy: at.length === 0 ? 0 : at.filter((r) => r.correct).length / at.length,
    };
  }
  const confusion = new Map<Label, Map<Label, number>>();
  for (const result of results) {
    const row = confusion.get(result.truth) ?? new Map<Label, number>();
    row.set(result.label, (row.get(result.label) ?? 0) + 1);
    confusion.set(result.truth, row);
  }
  const gateFailures: string[] = [];
  for (const result of results) {
    const name = `${result.config}/${result.id}`;
    if (result.derived && result.label === "independent")
      gateFailures.push(`${name}: a derived case labeled independent`);
    const rho = gateRelativeChange(result.id);
    if (
      rho !== null &&
      rho <= 0.2 &&
      (result.label === "independent" || result.label === "continued_pretraining")
    ) {
      gateFailures.push(`${name}: relative change ${rho} labeled ${result.label}`);
    }
    if (
      result.id === "sft-0.07-qwen-replica" &&
      (result.label !== "finetune" || result.confidence !== "high")
    ) {
      gateFailures.push(
        `${name}: the Qwen replica is ${result.label} with ${result.confidence} confidence`,
      );
    }
  }
  return {
    cases: results.length,
    accuracy: results.length === 0 ? 0 : correct / results.length,
    hardCases: hard.length,
    hardAccuracy:
      hard.length === 0 ? 0 : hard.filter((result) => result.correct).length / hard.length,
    calibrationError,
    byConfidence,
    confusion,
    gateFailures,
  };
}
