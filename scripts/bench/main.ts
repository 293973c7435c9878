/**
 * `npm run bench`: measures the diff engine against the read limit of the same bytes on the same
 * machine, and against plain numpy when python3 has it. Generates its own checkpoint pairs, runs
 * everything in one process run so the figures share the machine's state, prints a table, and
 * records it in docs/benchmarks.md.
 *
 * Options: --size BYTES (per file, suffixes KiB/MiB/GiB; default 2GiB), --data DIR (where the
 * generated pairs are kept between runs; default $TMPDIR/model-diff-bench), --rounds N (timed
 * passes per figure after one warm pass; the median is reported; default 3), --no-numpy,
 * --no-remote (skip the remote overlap), --no-record (print only), --relaxed-simd (on Node 20, run
 * with relaxed SIMD so that the fused multiply-add kernels run, as they do from Node 22).
 */

import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { openLocalCheckpoint } from "../../src/checkpoint/local.js";
import { runDiff } from "../../src/diff/engine.js";
import { describeSimdKernels } from "../../src/diff/simd-kernel.js";
import type { DiffResult } from "../../src/diff/types.js";
import { formatCount } from "../../src/report/format.js";
import {
  type BenchDType,
  EXPERTS_LAYOUT,
  expertsLayout,
  type GeneratedPair,
  generatePair,
} from "./data.js";
import { measureKernelCeiling } from "./kernel-ceiling.js";
import { CHILD_NODE_FLAGS, RELAXED_SIMD_FLAG } from "./node-flags.js";
import { measureReadLimit } from "./read-limit.js";
import { pageWithRun, RUN_HEADING } from "./record.js";
import { type measureRemoteOverlap, medianRemoteOverlap } from "./remote.js";
import { targetCounts, targetsOf, targetTable } from "./targets.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const WORKER_SCRIPT = join(ROOT, "dist", "worker", "index.js");
const CLI_SCRIPT = join(ROOT, "dist", "cli", "index.js");
const NUMPY_SCRIPT = join(ROOT, "scripts", "bench", "numpy_diff.py");
const RECORD = join(ROOT, "docs", "benchmarks.md");
const THRESHOLD = 1e-6;
const SEED = 20_261_204;
/** Explanation of the throughput figures, printed before the tables and on top of docs/benchmarks.md. */
const EXPLANATION =
  "Throughput is in GB/s of input, the bytes of both files (1 GB = 10^9 bytes), from the page cache after `sync` and a warm pass. Each figure is the median of the timed passes. The read limit reads the same files with as many threads as the diff uses, in 1 MiB positional reads, and does nothing with the bytes. numpy runs `scripts/bench/numpy_diff.py`, the plain whole-array computation of the same statistics.";
/** Size of each generated file when --size is not given. */
const DEFAULT_SIZE = 2 ** 31;
/** The CLI's environment that skips the second pass (sampled analyses of changed matrices). */
const DIFF_PATH_ONLY = { MODEL_DIFF_SKIP_SAMPLED_ANALYSES: "1" };
/** The mixture-of-experts pair takes this fraction of --size per file. */
const EXPERTS_SHARE = 4;
/** Link rate of the fake Hub in the remote overlap, bytes per second. */
const REMOTE_BYTES_PER_SECOND = 200e6;

interface Case {
  label: string;
  pair: GeneratedPair;
  /** True to measure the kernel alone on the pair (the dense pairs). */
  ceiling: boolean;
}

interface Row {
  label: string;
  bytes: number;
  readLimit: number;
  /** Read limit of a single reader, GB/s. */
  readOne: number;
  /** The SIMD kernel alone on bytes in its input slots, one thread, GB/s (dense pairs only). */
  kernel: number | null;
  oneWorker: number;
  allWorkers: number;
  /** GB of input per second of CPU time of all threads, 1 worker and all workers (medians). */
  oneWorkerPerCpu: number;
  allWorkersPerCpu: number;
  numpy: number | null;
}

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB)?$/i.exec(text.trim());
  const units: Record<string, number> = { b: 1, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30 };
  if (match === null)
    throw new Error(
      `--size: "${text}" is not a size. Give bytes or a size such as 512MiB or 2GiB.`,
    );
  return Math.round(Number(match[1]) * (units[(match[2] ?? "b").toLowerCase()] as number));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function gigabytesPerSecond(bytes: number, seconds: number): number {
  return bytes / seconds / 1e9;
}

async function timeDiff(
  pair: GeneratedPair,
  workers: number,
): Promise<{ seconds: number; cpuSeconds: number; result: DiffResult }> {
  const base = await openLocalCheckpoint(pair.base);
  const head = await openLocalCheckpoint(pair.head);
  try {
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    const result = await runDiff(base, head, {
      threshold: THRESHOLD,
      workers,
      workerScript: WORKER_SCRIPT,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // process.cpuUsage counts every thread of the process, so the workers' time too.
    const cpu = process.cpuUsage(cpuBefore);
    return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, result };
  } finally {
    await Promise.all([base.close(), head.close()]);
  }
}

/** Runs `measure` once to warm up, then `rounds` times, and returns the median seconds. */
async function medianSeconds(
  rounds: number,
  measure: () => Promise<number> | number,
): Promise<number> {
  await measure();
  const seconds: number[] = [];
  for (let round = 0; round < rounds; round++) seconds.push(await measure());
  return median(seconds);
}

function totalChanged(result: DiffResult): number {
  return result.compared.reduce((sum, tensor) => sum + tensor.stats.changed, 0);
}

function hasNumpy(): boolean {
  return spawnSync("python3", ["-c", "import numpy"], { stdio: "ignore" }).status === 0;
}

function timeNumpy(pair: GeneratedPair): { seconds: number; changed: number } {
  const run = spawnSync(
    "python3",
    [NUMPY_SCRIPT, pair.base, pair.head, pair.dtype, String(THRESHOLD)],
    {
      encoding: "utf8",
      maxBuffer: 2 ** 20,
    },
  );
  if (run.status !== 0) throw new Error(`numpy comparison failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { seconds: number; changed: number };
}

/** Elements of the pair whose base is 1 and head is NaN: model-diff counts them as changed, numpy does not. */
function oneAgainstNaNCount(pair: GeneratedPair): number {
  const stride = 4 * 2 ** 20;
  const position = 4;
  return pair.elements > position ? Math.floor((pair.elements - position - 1) / stride) + 1 : 0;
}

function timeCommand(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): { seconds: number; maxRssKiB: number } {
  const run = spawnSync("/usr/bin/time", ["-f", "%e %M", command, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr}`);
  const last = run.stderr.trim().split("\n").at(-1) ?? "";
  const [seconds, rss] = last.split(" ").map(Number);
  return { seconds: seconds as number, maxRssKiB: rss as number };
}

function machineDescription(): string {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  return `${cpu}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform} ${process.arch}`;
}

/** Names the kernels that ran: the same in this process, its workers and the CLI runs. */
function kernelsDescription(): string {
  return `- Kernels: ${describeSimdKernels()}`;
}

function formatRate(value: number | null): string {
  return value === null ? "–" : value.toFixed(2);
}

function formatRatio(value: number | null): string {
  return value === null ? "–" : `${value.toFixed(2)}×`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: "string", default: String(DEFAULT_SIZE) },
      data: { type: "string", default: join(tmpdir(), "model-diff-bench") },
      rounds: { type: "string", default: "3" },
      "no-numpy": { type: "boolean", default: false },
      "no-remote": { type: "boolean", default: false },
      "no-record": { type: "boolean", default: false },
      "relaxed-simd": { type: "boolean", default: false },
    },
  });
  if (values["relaxed-simd"] && !process.execArgv.includes(RELAXED_SIMD_FLAG)) {
    // V8 reads the flag at start, and Node 20 rejects it in NODE_OPTIONS, so run again with it.
    const rerun = spawnSync(
      process.execPath,
      [RELAXED_SIMD_FLAG, ...process.execArgv, ...process.argv.slice(1)],
      { stdio: "inherit" },
    );
    process.exitCode = rerun.status ?? 1;
    return;
  }
  for (const script of [WORKER_SCRIPT, CLI_SCRIPT]) {
    if (!existsSync(script)) throw new Error(`${script} is missing. Run npm run build first.`);
  }
  const size = parseSize(values.size as string);
  const rounds = Number(values.rounds);
  const workers = availableParallelism();
  const numpy = !values["no-numpy"] && hasNumpy();
  const dataDirectory = resolve(values.data as string);

  process.stderr.write(
    `Generating pairs of ${size} bytes per file in ${dataDirectory} (kept for later runs)...\n`,
  );
  const pairs = new Map<BenchDType, GeneratedPair>();
  for (const dtype of ["BF16", "F16", "F32"] as const)
    pairs.set(dtype, generatePair(dataDirectory, size, dtype, SEED));
  const bf16 = pairs.get("BF16") as GeneratedPair;
  const single = generatePair(dataDirectory, size, "BF16", SEED, "single");
  const experts = generatePair(dataDirectory, size / EXPERTS_SHARE, "BF16", SEED, "experts");
  const copy = bf16.base.replace(/-base\.safetensors$/, "-copy.safetensors");
  if (!existsSync(copy)) {
    copyFileSync(bf16.base, `${copy}.partial`);
    renameSync(`${copy}.partial`, copy);
  }
  const cases: Case[] = [
    { label: "bf16, dense", pair: bf16, ceiling: true },
    { label: "f16, dense", pair: pairs.get("F16") as GeneratedPair, ceiling: true },
    { label: "f32, dense", pair: pairs.get("F32") as GeneratedPair, ceiling: true },
    { label: "bf16, identical", pair: { ...bf16, head: copy }, ceiling: false },
  ];
  execFileSync("sync");

  const rows: Row[] = [];
  for (const { label, pair, ceiling } of cases) {
    process.stderr.write(`Measuring ${label}...\n`);
    const files = [pair.base, pair.head];
    const bytes = 2 * pair.fileBytes;
    const readSeconds = await medianSeconds(
      rounds,
      async () => (await measureReadLimit(files, workers)).seconds,
    );
    const readOneSeconds = await medianSeconds(
      rounds,
      async () => (await measureReadLimit(files, 1)).seconds,
    );
    const kernel = ceiling ? median(measureKernelCeiling(pair, THRESHOLD, rounds)) : null;
    const oneCpuSeconds: number[] = [];
    const allCpuSeconds: number[] = [];
    const oneSeconds = await medianSeconds(rounds, async () => {
      const run = await timeDiff(pair, 1);
      oneCpuSeconds.push(run.cpuSeconds);
      return run.seconds;
    });
    const allSeconds = await medianSeconds(rounds, async () => {
      const run = await timeDiff(pair, workers);
      allCpuSeconds.push(run.cpuSeconds);
      return run.seconds;
    });
    let numpyRate: number | null = null;
    if (numpy && pair.head !== copy) {
      const engine = await timeDiff(pair, workers);
      const reference = timeNumpy(pair);
      const expectedGap = oneAgainstNaNCount(pair);
      if (totalChanged(engine.result) - reference.changed !== expectedGap) {
        process.stderr.write(
          `warning: ${label}: model-diff counts ${totalChanged(engine.result)} changed and numpy ${reference.changed}; the 1-against-NaN pairs explain ${expectedGap} of the gap.\n`,
        );
      }
      numpyRate = gigabytesPerSecond(bytes, reference.seconds);
    }
    rows.push({
      label,
      bytes,
      readLimit: gigabytesPerSecond(bytes, readSeconds),
      readOne: gigabytesPerSecond(bytes, readOneSeconds),
      kernel,
      oneWorker: gigabytesPerSecond(bytes, oneSeconds),
      allWorkers: gigabytesPerSecond(bytes, allSeconds),
      // The first run of each is the warm-up.
      oneWorkerPerCpu: gigabytesPerSecond(bytes, median(oneCpuSeconds.slice(1))),
      allWorkersPerCpu: gigabytesPerSecond(bytes, median(allCpuSeconds.slice(1))),
      numpy: numpyRate,
    });
  }

  process.stderr.write(
    `Measuring the engine on the pair of ${formatCount(experts.tensors)} tensors...\n`,
  );
  const expertsEngineSeconds = await medianSeconds(
    rounds,
    async () => (await timeDiff(experts, workers)).seconds,
  );

  process.stderr.write("Measuring the CLI end to end on the bf16 pair...\n");
  const scratch = mkdtempSync(join(tmpdir(), "model-diff-bench-out-"));
  const bf16Bytes = 2 * bf16.fileBytes;
  let cli: { seconds: number; maxRssKiB: number };
  let cliDiffPath: { seconds: number; maxRssKiB: number };
  let singleRssKiB: number;
  let catSeconds: number;
  let expertsCli: { seconds: number; maxRssKiB: number };
  try {
    const output = join(scratch, "report.json");
    const timeCli = (files: GeneratedPair, env: NodeJS.ProcessEnv = {}) => {
      const cliArgs = [CLI_SCRIPT, files.base, files.head, "--format", "json", "--output", output];
      timeCommand(process.execPath, [...CHILD_NODE_FLAGS, ...cliArgs], env);
      const runs = Array.from({ length: rounds }, () =>
        timeCommand(process.execPath, [...CHILD_NODE_FLAGS, ...cliArgs], env),
      );
      return {
        seconds: median(runs.map((run) => run.seconds)),
        maxRssKiB: Math.max(...runs.map((run) => run.maxRssKiB)),
      };
    };
    cli = timeCli(bf16);
    cliDiffPath = timeCli(bf16, DIFF_PATH_ONLY);
    process.stderr.write("Measuring the peak RSS of the CLI on a pair of one tensor...\n");
    singleRssKiB = timeCommand(process.execPath, [
      ...CHILD_NODE_FLAGS,
      CLI_SCRIPT,
      single.base,
      single.head,
      "--format",
      "json",
      "--output",
      output,
    ]).maxRssKiB;
    process.stderr.write(
      `Measuring the CLI on the pair of ${formatCount(experts.tensors)} tensors...\n`,
    );
    expertsCli = timeCli(experts);
    catSeconds = await medianSeconds(
      rounds,
      () => timeCommand("sh", ["-c", 'cat "$0" "$1" > /dev/null', bf16.base, bf16.head]).seconds,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const cliRate = gigabytesPerSecond(bf16Bytes, cli.seconds);
  const expertsBytes = 2 * experts.fileBytes;
  const expertsCliRate = gigabytesPerSecond(expertsBytes, expertsCli.seconds);
  const cliDiffPathRate = gigabytesPerSecond(bf16Bytes, cliDiffPath.seconds);
  let remote: Awaited<ReturnType<typeof measureRemoteOverlap>> | null = null;
  let remoteDiffPath: Awaited<ReturnType<typeof measureRemoteOverlap>> | null = null;
  if (!values["no-remote"]) {
    process.stderr.write("Measuring the remote overlap against a paced fake Hub...\n");
    const remoteOptions = {
      cli: CLI_SCRIPT,
      bytesPerSecond: REMOTE_BYTES_PER_SECOND,
      shards: 2,
      tensorsPerShard: 4,
      rows: 5120,
      workers,
    };
    remote = await medianRemoteOverlap(rounds, remoteOptions);
    remoteDiffPath = await medianRemoteOverlap(rounds, { ...remoteOptions, env: DIFF_PATH_ONLY });
  }
  const catRate = gigabytesPerSecond(bf16Bytes, catSeconds);
  const rowOf = (label: string) => rows.find((row) => row.label === label) as Row;
  const denseBf16 = rowOf("bf16, dense");
  const identical = rowOf("bf16, identical");
  const bf16Numpy = denseBf16.numpy;
  const expertsEngineRate = gigabytesPerSecond(expertsBytes, expertsEngineSeconds);
  const expertShape = expertsLayout(size / EXPERTS_SHARE, "BF16").find((tensor) =>
    tensor.name.includes(".experts."),
  )?.shape ?? [0];
  const expertsMatrixBytes = 2 * expertShape.reduce((product, side) => product * side, 1);

  const table = [
    `| case | input GB | read limit GB/s (${workers} readers) | 1 worker GB/s | ${workers} workers GB/s | 1 to ${workers} workers | ${workers} workers / read limit | numpy GB/s | ${workers} workers / numpy | 1 worker GB per CPU s | ${workers} workers GB per CPU s |`,
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (row) =>
        `| ${row.label} | ${(row.bytes / 1e9).toFixed(2)} | ${row.readLimit.toFixed(2)} | ${row.oneWorker.toFixed(2)} | ${row.allWorkers.toFixed(2)} | ${formatRatio(row.allWorkers / row.oneWorker)} | ${((100 * row.allWorkers) / row.readLimit).toFixed(1)}% | ${formatRate(row.numpy)} | ${formatRatio(row.numpy === null ? null : row.allWorkers / row.numpy)} | ${row.oneWorkerPerCpu.toFixed(2)} | ${row.allWorkersPerCpu.toFixed(2)} |`,
    ),
  ];
  // One worker reads and compares in turn, so its time is at least the read time of one reader
  // plus the kernel's time on the same bytes.
  const threadTable = [
    "| case | 1 reader GB/s | kernel alone GB/s | bound for 1 worker GB/s | 1 worker GB/s | 1 worker / bound |",
    "|---|---:|---:|---:|---:|---:|",
    ...rows.map((row) => {
      const bound = row.kernel === null ? null : 1 / (1 / row.kernel + 1 / row.readOne);
      return `| ${row.label} | ${row.readOne.toFixed(2)} | ${formatRate(row.kernel)} | ${formatRate(bound)} | ${row.oneWorker.toFixed(2)} | ${bound === null ? "–" : `${((100 * row.oneWorker) / bound).toFixed(0)}%`} |`;
    }),
  ];
  const summary = [
    "- GB per CPU s divides the input by the CPU time of all the process's threads (the workers' too). Other processes on the machine change it less than the wall time, so it tells a disturbed run apart.",
    `- CLI end to end on the bf16 pair (\`model-diff BASE HEAD --format json --output FILE\`): ${cli.seconds.toFixed(2)} s, ${cliRate.toFixed(2)} GB/s, peak RSS ${(cli.maxRssKiB / 1024).toFixed(0)} MiB.`,
    `- The same without the second pass (\`MODEL_DIFF_SKIP_SAMPLED_ANALYSES=1\`, which skips the sampled analyses of changed matrices): ${cliDiffPath.seconds.toFixed(2)} s, ${cliDiffPathRate.toFixed(2)} GB/s, peak RSS ${(cliDiffPath.maxRssKiB / 1024).toFixed(0)} MiB.`,
    `- \`cat base head > /dev/null\` on the same files: ${catSeconds.toFixed(2)} s, ${catRate.toFixed(2)} GB/s; the CLI reaches ${((100 * cliRate) / catRate).toFixed(1)}% of it, ${((100 * cliDiffPathRate) / catRate).toFixed(1)}% without the second pass.`,
    bf16Numpy === null
      ? `- numpy was not measured (${values["no-numpy"] ? "--no-numpy" : "python3 with numpy is not available"}).`
      : `- The CLI end to end is ${(cliRate / bf16Numpy).toFixed(2)}× the plain numpy computation, ${(cliDiffPathRate / bf16Numpy).toFixed(2)}× without the second pass.`,
    `- Peak RSS of the CLI on a pair holding one ${(single.fileBytes / 2 ** 30).toFixed(2)} GiB bf16 tensor (${single.elements / 8192} x 8192) per file: ${(singleRssKiB / 1024).toFixed(0)} MiB.`,
    remote === null || remoteDiffPath === null
      ? "- The remote overlap was not measured (--no-remote)."
      : `- Remote overlap, the round of median ratio among ${rounds}: a diff of two revisions of ${(remote.bytes / 2 / 2 ** 20).toFixed(0)} MiB each from a fake Hub on 127.0.0.1 whose link is paced to ${REMOTE_BYTES_PER_SECOND / 1e6} MB/s took ${remote.diffSeconds.toFixed(2)} s and fetched ${(remote.diffBytes / 1e6).toFixed(0)} MB. Downloading the same files, 2 at a time, took ${remote.transferSeconds.toFixed(2)} s, so the diff takes ${(remote.diffSeconds / remote.transferSeconds).toFixed(2)}× the transfer. The link alone needs ${(remote.bytes / REMOTE_BYTES_PER_SECOND).toFixed(2)} s. Without the second pass, the diff took ${remoteDiffPath.diffSeconds.toFixed(2)} s, ${(remoteDiffPath.diffBytes / 1e6).toFixed(0)} MB fetched, ${(remoteDiffPath.diffSeconds / remoteDiffPath.transferSeconds).toFixed(2)}× a transfer of ${remoteDiffPath.transferSeconds.toFixed(2)} s.`,
    `- Identical pair against the dense bf16 pair, ${workers} workers: ${(identical.allWorkers / denseBf16.allWorkers).toFixed(2)}×.`,
    `- Mixture of experts: a bf16 pair of ${formatCount(experts.tensors)} tensors, ${(experts.fileBytes / 2 ** 20).toFixed(0)} MiB per file (${EXPERTS_LAYOUT.layers} layers of ${EXPERTS_LAYOUT.experts} experts, expert matrices of ${(expertsMatrixBytes / 1024).toFixed(0)} KiB). The engine with ${workers} workers: ${expertsEngineSeconds.toFixed(2)} s, ${expertsEngineRate.toFixed(2)} GB/s, ${((100 * expertsEngineRate) / denseBf16.allWorkers).toFixed(0)}% of its rate on the dense bf16 pair. The CLI end to end: ${expertsCli.seconds.toFixed(2)} s, ${expertsCliRate.toFixed(2)} GB/s, ${((100 * expertsCliRate) / cliRate).toFixed(0)}% of its rate on the dense bf16 pair, ${((1e6 * expertsCli.seconds) / experts.tensors).toFixed(0)} µs per tensor, peak RSS ${(expertsCli.maxRssKiB / 1024).toFixed(0)} MiB.`,
  ];
  const targets = targetsOf({
    workers,
    bf16OneWorker: denseBf16.oneWorker,
    bf16AllWorkers: denseBf16.allWorkers,
    bf16ReadLimit: denseBf16.readLimit,
    f16AllWorkers: rowOf("f16, dense").allWorkers,
    f32AllWorkers: rowOf("f32, dense").allWorkers,
    identicalAllWorkers: identical.allWorkers,
    cliRate,
    catRate,
    numpyBf16: bf16Numpy,
    cliPeakMiB: cli.maxRssKiB / 1024,
    singleTensorPeakMiB: singleRssKiB / 1024,
    pairGiB: bf16.fileBytes / 2 ** 30,
    singleGiB: single.fileBytes / 2 ** 30,
    remoteOverTransfer: remote === null ? null : remote.diffSeconds / remote.transferSeconds,
    expertsTensors: experts.tensors,
    expertsAllWorkers: expertsEngineRate,
    expertsCliRate,
  });
  const text = [
    ...table,
    "",
    ...summary,
    "",
    "One thread: the read limit of a single reader, and the SIMD kernel alone on finite values already in its input slots (median of the timed passes). One worker reads and compares in turn, so the two set a bound for it. A worker above 100% of its bound means that the kernel-alone passes ran slower than the diff: the machine was disturbed during the run.",
    "",
    ...threadTable,
    "",
    `Targets: ${targetCounts(targets)}. The GB/s goals were set on a 2-core AMD EPYC (Zen 5) VM whose read limit for 2 readers was about 36 GB/s; the shares and ratios carry over to other machines better.${size < DEFAULT_SIZE ? " The goals are for files of 2 GiB: at this smaller size, start-up takes a larger share of each run, so the figures do not compare with them." : ""}`,
    "",
    ...targetTable(targets),
  ].join("\n");
  const kernels = kernelsDescription();
  const files = `- Files: generated Qwen2-like pairs of ${(bf16.fileBytes / 2 ** 30).toFixed(2)} GiB per file (bf16), ${rounds} timed ${rounds === 1 ? "pass" : "passes"} per figure`;
  process.stdout.write(
    `\n${EXPLANATION}\n\n- Machine: ${machineDescription()}\n${kernels}\n${files}\n\n${text}\n`,
  );

  if (!values["no-record"]) {
    const intro = [
      "# Benchmarks",
      "",
      `Written by \`npm run bench\` (scripts/bench/main.ts). Each run adds its section on top; the page keeps the last runs, on whichever machines they ran. ${EXPLANATION}`,
    ].join("\n");
    const run = [
      `${RUN_HEADING}${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model.trim() ?? "an unknown CPU"}`,
      "",
      `- Machine: ${machineDescription()}`,
      kernels,
      files,
      "",
      text,
    ].join("\n");
    const existing = existsSync(RECORD) ? readFileSync(RECORD, "utf8") : null;
    writeFileSync(RECORD, pageWithRun(existing, intro, run));
    // The page is committed, so it gets the repository's Markdown formatting (aligned tables).
    execFileSync(join(ROOT, "node_modules", ".bin", "biome"), ["format", "--write", RECORD], {
      stdio: "ignore",
    });
    process.stderr.write(`Recorded in ${RECORD}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
