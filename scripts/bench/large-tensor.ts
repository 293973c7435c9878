/**
 * `npm run bench:large`: diffs two checkpoints of one 2 GiB F32 tensor each through the CLI
 * bundle, and prints the peak resident set size and the wall time. Fails when the peak exceeds
 * the memory bound or the change count is wrong. The files are written to a fresh folder under
 * the system temp folder and removed afterwards.
 *
 * Options:
 * - --elements N: F32 elements per tensor, default 2^29 (2 GiB).
 * - --workers N: worker threads, default the CLI's own (one per core).
 * - --keep: leave the files in place.
 */

import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { CHILD_NODE_FLAGS } from "./node-flags.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const CLI_SCRIPT = join(ROOT, "dist", "cli", "index.js");
const MAX_RSS_PRELOAD = join(ROOT, "scripts", "bench", "max-rss.mjs");
/** Peak RSS allowed for the whole CLI process, worker threads included. */
const MEMORY_BOUND_BYTES = 256 * 1024 * 1024;
/** Elements written per call: 16 MiB of F32. */
const PIECE_ELEMENTS = 4 * 1024 * 1024;

/**
 * Writes a safetensors file of one F32 tensor `w`. Element i is (i mod 1024) / 1024, plus `nudge`
 * when i is a multiple of 4, so with a nudge of 0.5 exactly a quarter of the elements change.
 */
function writeTensorFile(path: string, elements: number, nudge: number): void {
  const header = JSON.stringify({
    w: { dtype: "F32", shape: [elements], data_offsets: [0, elements * 4] },
  });
  const padded = header.padEnd(Math.ceil(header.length / 8) * 8, " ");
  const prefix = Buffer.alloc(8 + padded.length);
  prefix.writeBigUInt64LE(BigInt(padded.length), 0);
  prefix.write(padded, 8, "utf8");

  const piece = new Float32Array(Math.min(PIECE_ELEMENTS, elements));
  for (let i = 0; i < piece.length; i++) piece[i] = (i % 1024) / 1024 + (i % 4 === 0 ? nudge : 0);
  const fd = openSync(path, "w");
  try {
    writeSync(fd, prefix);
    for (let written = 0; written < elements; written += piece.length) {
      const count = Math.min(piece.length, elements - written);
      writeSync(fd, new Uint8Array(piece.buffer, 0, count * 4));
    }
  } finally {
    closeSync(fd);
  }
}

function main(): number {
  const { values } = parseArgs({
    options: {
      elements: { type: "string", default: String(2 ** 29) },
      workers: { type: "string" },
      keep: { type: "boolean", default: false },
    },
  });
  const elements = Number(values.elements);
  // PIECE_ELEMENTS is a multiple of 4, so every piece starts on a nudged element.
  if (!Number.isSafeInteger(elements) || elements < 4 || elements % 4 !== 0) {
    throw new Error(`--elements ${values.elements}: give a whole multiple of 4, at least 4.`);
  }
  const folder = mkdtempSync(join(tmpdir(), "model-diff-large-"));
  try {
    const base = join(folder, "base.safetensors");
    const head = join(folder, "head.safetensors");
    const written = performance.now();
    writeTensorFile(base, elements, 0);
    writeTensorFile(head, elements, 0.5);
    console.log(
      `Wrote 2 files of ${((elements * 4) / 2 ** 30).toFixed(2)} GiB in ${((performance.now() - written) / 1000).toFixed(1)} s (${folder}).`,
    );

    const rssFile = join(folder, "max-rss");
    const args = [base, head, "--format", "json", "--threshold", "0.25"];
    if (values.workers !== undefined) args.push("--workers", values.workers);
    const started = performance.now();
    const run = spawnSync(
      process.execPath,
      [...CHILD_NODE_FLAGS, "--import", MAX_RSS_PRELOAD, CLI_SCRIPT, ...args],
      {
        encoding: "utf8",
        env: { ...process.env, MAX_RSS_FILE: rssFile },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 0) {
      console.error(run.stderr);
      throw new Error(`the CLI exited with ${run.status}`);
    }
    const peak = Number(readFileSync(rssFile, "utf8"));
    const report = JSON.parse(run.stdout);
    const changed = report.summary.changedParams;
    const gbPerSecond = (elements * 8) / 1e9 / seconds;
    console.log(
      `Peak RSS ${(peak / 2 ** 20).toFixed(1)} MiB (bound ${MEMORY_BOUND_BYTES / 2 ** 20} MiB), ` +
        `${seconds.toFixed(1)} s wall time, ${gbPerSecond.toFixed(2)} GB/s of input, ` +
        `${changed} of ${elements} elements changed (expected ${elements / 4}).`,
    );
    if (changed !== elements / 4) throw new Error("wrong change count");
    if (peak > MEMORY_BOUND_BYTES) throw new Error("the peak RSS exceeds the memory bound");
    return 0;
  } finally {
    if (values.keep) console.log(`Kept ${folder}.`);
    else rmSync(folder, { recursive: true, force: true });
  }
}

process.exitCode = main();
