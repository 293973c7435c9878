/**
 * The read limit: how fast the machine can read the same files the diff reads, with the same
 * number of threads and the same read size, doing nothing with the bytes. The diff cannot be
 * faster than this, so the benchmark states its throughput as a share of it.
 */

import { Worker } from "node:worker_threads";

/** Bytes per positional read, as the engine reads. */
const READ_BYTES = 2 ** 20;
/** Each reader takes every n-th stripe of this size, so the readers share the files evenly. */
const STRIPE_BYTES = 8 * 2 ** 20;

const READER_SOURCE = `
const { openSync, readSync, fstatSync, closeSync } = require("node:fs");
const { workerData, parentPort } = require("node:worker_threads");
const { files, reader, readers, readBytes, stripeBytes } = workerData;
const buffer = Buffer.allocUnsafe(readBytes);
parentPort.postMessage("ready");
parentPort.once("message", () => {
let total = 0;
for (const file of files) {
  const fd = openSync(file, "r");
  const size = fstatSync(fd).size;
  for (let stripe = reader * stripeBytes; stripe < size; stripe += readers * stripeBytes) {
    const end = Math.min(size, stripe + stripeBytes);
    for (let offset = stripe; offset < end; offset += readBytes) {
      total += readSync(fd, buffer, 0, Math.min(readBytes, end - offset), offset);
    }
  }
  closeSync(fd);
}
parentPort.postMessage(total);
});
`;

/** Reads every byte of `files` with `readers` threads and returns the bytes read and seconds taken. */
export async function measureReadLimit(
  files: readonly string[],
  readers: number,
): Promise<{ bytes: number; seconds: number }> {
  const workers = Array.from(
    { length: readers },
    (_, reader) =>
      new Worker(READER_SOURCE, {
        eval: true,
        workerData: { files, reader, readers, readBytes: READ_BYTES, stripeBytes: STRIPE_BYTES },
      }),
  );
  try {
    // Thread start-up is not reading, so the clock starts once every reader is ready.
    await Promise.all(workers.map((worker) => nextMessage(worker)));
    const started = process.hrtime.bigint();
    for (const worker of workers) worker.postMessage("go");
    const counts = (await Promise.all(workers.map((worker) => nextMessage(worker)))) as number[];
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { bytes: counts.reduce((sum, count) => sum + count, 0), seconds };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function nextMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}
