/**
 * The performance targets of the project, checked against one benchmark run. The GB/s targets
 * were set from a probe on a 2-core AMD EPYC (Zen 5) VM whose read limit for 2 readers was about
 * 36 GB/s. On other machines, the shares of the read limit and the ratios to numpy and `cat` are
 * the figures to compare.
 */

import { formatCount } from "../../src/report/format.js";

export type TargetUnit = "GB/s" | "%" | "×" | "MiB";

export interface Target {
  /** Name of the figure, for example "bf16, 2 workers". */
  name: string;
  unit: TargetUnit;
  /** The measured value must be at least the goal ("min") or at most the goal ("max"). */
  bound: "min" | "max";
  goal: number;
  /** Null when the run did not measure it (no numpy, --no-remote). */
  measured: number | null;
}

/** The figures of a run that the targets read. */
export interface TargetFigures {
  workers: number;
  bf16OneWorker: number;
  bf16AllWorkers: number;
  bf16ReadLimit: number;
  f16AllWorkers: number;
  f32AllWorkers: number;
  identicalAllWorkers: number;
  cliRate: number;
  catRate: number;
  numpyBf16: number | null;
  cliPeakMiB: number;
  singleTensorPeakMiB: number;
  /** GiB per file of the bf16 pair and of the single-tensor pair. */
  pairGiB: number;
  singleGiB: number;
  remoteOverTransfer: number | null;
  /** Tensors of the mixture-of-experts pair, and its rates with all workers and through the CLI. */
  expertsTensors: number;
  expertsAllWorkers: number;
  expertsCliRate: number;
}

/** Returns the targets with this run's values. */
export function targetsOf(figures: TargetFigures): Target[] {
  const all = `${figures.workers} workers`;
  return [
    {
      name: `bf16, ${all}`,
      unit: "GB/s",
      bound: "min",
      goal: 8.5,
      measured: figures.bf16AllWorkers,
    },
    {
      name: `bf16, ${all}, share of the read limit`,
      unit: "%",
      bound: "min",
      goal: 24,
      measured: (100 * figures.bf16AllWorkers) / figures.bf16ReadLimit,
    },
    {
      name: "bf16, 1 worker",
      unit: "GB/s",
      bound: "min",
      goal: 4.5,
      measured: figures.bf16OneWorker,
    },
    { name: `f32, ${all}`, unit: "GB/s", bound: "min", goal: 14, measured: figures.f32AllWorkers },
    { name: `f16, ${all}`, unit: "GB/s", bound: "min", goal: 5.5, measured: figures.f16AllWorkers },
    {
      name: `identical pair against dense bf16, ${all}`,
      unit: "×",
      bound: "min",
      goal: 1.7,
      measured: figures.identicalAllWorkers / figures.bf16AllWorkers,
    },
    {
      // "Not dominated by per-task overhead": the costs of each tensor take at most as long as
      // reading and comparing its bytes, so the rate is at least half the rate on large tensors.
      name: `${formatCount(figures.expertsTensors)} tensors against dense bf16, ${all}`,
      unit: "%",
      bound: "min",
      goal: 50,
      measured: (100 * figures.expertsAllWorkers) / figures.bf16AllWorkers,
    },
    {
      name: "CLI end to end, share of `cat base head`",
      unit: "%",
      bound: "min",
      goal: 30,
      measured: (100 * figures.cliRate) / figures.catRate,
    },
    {
      name: "CLI end to end against plain numpy",
      unit: "×",
      bound: "min",
      goal: 12,
      measured: figures.numpyBf16 === null ? null : figures.cliRate / figures.numpyBf16,
    },
    {
      name: `CLI end to end, ${formatCount(figures.expertsTensors)} tensors against dense bf16`,
      unit: "%",
      bound: "min",
      goal: 50,
      measured: (100 * figures.expertsCliRate) / figures.cliRate,
    },
    {
      name: `peak RSS, 2 × ${figures.pairGiB.toFixed(2)} GiB pair`,
      unit: "MiB",
      bound: "max",
      goal: 256,
      measured: figures.cliPeakMiB,
    },
    {
      name: `peak RSS, one ${figures.singleGiB.toFixed(2)} GiB tensor per file`,
      unit: "MiB",
      bound: "max",
      goal: 256,
      measured: figures.singleTensorPeakMiB,
    },
    {
      name: "remote diff against the transfer alone",
      unit: "×",
      bound: "max",
      goal: 1.15,
      measured: figures.remoteOverTransfer,
    },
  ];
}

function formatValue(value: number, unit: TargetUnit): string {
  if (unit === "%") return `${value.toFixed(1)}%`;
  if (unit === "×") return `${value.toFixed(2)}×`;
  if (unit === "MiB") return `${value.toFixed(0)} MiB`;
  return `${value.toFixed(2)} GB/s`;
}

/** Outcome of a target in one run. */
export type Verdict = "met" | "missed" | "not measured";

/** Returns whether the run met the target, or that it did not measure it. */
export function verdictOf(target: Target): Verdict {
  if (target.measured === null) return "not measured";
  const met =
    target.bound === "min" ? target.measured >= target.goal : target.measured <= target.goal;
  return met ? "met" : "missed";
}

/** Returns how many targets are met, missed and not measured, in words. */
export function targetCounts(targets: readonly Target[]): string {
  const count = (verdict: Verdict) =>
    targets.filter((target) => verdictOf(target) === verdict).length;
  return `${count("met")} met, ${count("missed")} missed, ${count("not measured")} not measured`;
}

/** Returns the targets as a Markdown table. */
export function targetTable(targets: readonly Target[]): string[] {
  return [
    "| target | goal | this run | verdict |",
    "|---|---:|---:|---|",
    ...targets.map((target) => {
      const goal = `${target.bound === "min" ? "≥" : "≤"} ${formatValue(target.goal, target.unit)}`;
      const measured = target.measured === null ? "–" : formatValue(target.measured, target.unit);
      return `| ${target.name} | ${goal} | ${measured} | ${verdictOf(target)} |`;
    }),
  ];
}
