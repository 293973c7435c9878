/**
 * A fixed-size pool of worker threads with a task queue.
 *
 * Written for this project because piscina and tinypool fail inside an ESM ncc bundle. Piscina
 * needs __dirname, and ncc turns tinypool's worker URL into a plain path that fileURLToPath
 * rejects.
 * Each worker gets up to TASKS_PER_WORKER tasks at a time and runs them in order, so it starts its
 * next task without waiting for a round trip to the main thread.
 * A task that fails in a worker rejects its own promise with the worker's error rebuilt. A worker
 * that crashes or exits on its own fails the whole pool: every pending task is rejected and the
 * other workers are terminated.
 */

import { Worker } from "node:worker_threads";
import { FormatError, InputError, LimitError, ModelDiffError, UsageError } from "../errors.js";

/** Marker in workerData, so the worker script starts its message loop only when the pool runs it. */
export const WORKER_ROLE = "model-diff diff worker";

/** Time for every worker to load and report ready; loading a bundle takes well under a second. */
export const WORKER_START_TIMEOUT_MS = 30_000;

/** Tasks sent to one worker before it replies: one running and one waiting in its message queue. */
export const TASKS_PER_WORKER = 2;

/** Time for a worker to close its files after a close request before it is terminated. */
export const WORKER_CLOSE_TIMEOUT_MS = 5_000;

export interface WorkerStartData {
  role: typeof WORKER_ROLE;
}

/** Messages from the pool to a worker. */
export type PoolRequest<Task> = { type: "task"; id: number; task: Task } | { type: "close" };

/** Messages from a worker to the pool. */
export type PoolReply<Result> =
  | { type: "ready" }
  | { type: "result"; id: number; result: Result }
  | { type: "failed"; id: number; error: SerializedError }
  | { type: "closed" };

/** An error as it crosses the thread boundary. */
export interface SerializedError {
  kind: string;
  message: string;
  file?: string;
  limit?: string;
  stack?: string;
}

/** Rebuilds the typed error a worker reported, so callers can map it to an exit code. */
export function deserializeError(error: SerializedError): Error {
  switch (error.kind) {
    case "FormatError":
      return new FormatError(error.file ?? "", error.message);
    case "LimitError":
      return new LimitError(error.file ?? "", error.limit ?? "", error.message);
    case "InputError":
      return new InputError(error.message);
    case "UsageError":
      return new UsageError(error.message);
    case "ModelDiffError":
      return new ModelDiffError(error.message);
    default: {
      const rebuilt = new Error(`A diff worker thread failed: ${error.message}`);
      if (error.stack) rebuilt.stack = `${rebuilt.message}\nWorker stack: ${error.stack}`;
      return rebuilt;
    }
  }
}

interface PendingTask<Task, Result> {
  id: number;
  task: Task;
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
}

interface Slot<Task, Result> {
  worker: Worker;
  /** Tasks sent to the worker, in the order it runs them. */
  running: PendingTask<Task, Result>[];
}

export class WorkerPool<Task, Result> {
  private readonly queue: PendingTask<Task, Result>[] = [];
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;
  private terminated: Promise<unknown> = Promise.resolve();

  private constructor(private readonly slots: Slot<Task, Result>[]) {}

  /** Starts `size` workers running `script` and waits until each reports ready. */
  static async start<Task, Result>(
    script: string | URL,
    size: number,
  ): Promise<WorkerPool<Task, Result>> {
    const workerData: WorkerStartData = { role: WORKER_ROLE };
    // The workers get no Node flags from the parent: under a loader such as tsx (the benchmark,
    // the tests) each worker would load it too, which took about 70 ms of CPU per worker on Node
    // 20. The test bootstrap registers its own loader.
    const workers = Array.from(
      { length: size },
      () => new Worker(script, { workerData, execArgv: [] }),
    );
    try {
      await Promise.all(workers.map((worker) => waitForReady(worker, script)));
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    }
    const pool = new WorkerPool<Task, Result>(workers.map((worker) => ({ worker, running: [] })));
    for (const slot of pool.slots) pool.listen(slot);
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Queues a task; resolves with its result, or rejects with the worker's error. */
  run(task: Task): Promise<Result> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing)
      return Promise.reject(new Error("Internal error: the worker pool is closed."));
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.dispatch();
    });
  }

  /** Asks every worker to close its files, then terminates it. Pending tasks are rejected. */
  async close(): Promise<void> {
    if (this.closing) {
      await this.terminated;
      return;
    }
    this.closing = true;
    this.rejectAll(new Error("Internal error: the worker pool closed with tasks pending."));
    this.terminated = Promise.all(this.slots.map((slot) => closeWorker(slot.worker)));
    await this.terminated;
  }

  /** Rejects every pending task with `reason` and terminates the workers without waiting. */
  cancel(reason: Error): void {
    this.fail(reason);
  }

  /** Sends queued tasks to the workers with the fewest tasks first. */
  private dispatch(): void {
    for (let depth = 1; depth <= TASKS_PER_WORKER; depth++) {
      for (const slot of this.slots) {
        if (slot.running.length >= depth) continue;
        const next = this.queue.shift();
        if (!next) return;
        slot.running.push(next);
        const request: PoolRequest<Task> = { type: "task", id: next.id, task: next.task };
        slot.worker.postMessage(request);
      }
    }
  }

  private listen(slot: Slot<Task, Result>): void {
    slot.worker.on("message", (reply: PoolReply<Result>) => {
      const running = slot.running[0];
      if (reply.type !== "result" && reply.type !== "failed") return;
      if (!running || running.id !== reply.id) {
        this.fail(
          new Error(
            `Internal error: a worker replied to task ${reply.id}, which it was not running.`,
          ),
        );
        return;
      }
      slot.running.shift();
      if (reply.type === "result") running.resolve(reply.result);
      else running.reject(deserializeError(reply.error));
      this.dispatch();
    });
    slot.worker.on("error", (error) => {
      this.fail(new Error(`A diff worker thread crashed: ${error.message}`, { cause: error }));
    });
    slot.worker.on("exit", (code) => {
      if (!this.closing) {
        this.fail(new Error(`A diff worker thread exited unexpectedly with code ${code}.`));
      }
    });
  }

  /** Rejects every pending task with `error` and terminates all workers. */
  private fail(error: Error): void {
    if (this.failure || this.closing) return;
    this.failure = error;
    this.closing = true;
    this.rejectAll(error);
    this.terminated = Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private rejectAll(error: Error): void {
    for (const slot of this.slots) {
      for (const running of slot.running.splice(0)) running.reject(error);
    }
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }
}

function waitForReady(worker: Worker, script: string | URL): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new Error(
          `The diff worker ${String(script)} did not start within ${WORKER_START_TIMEOUT_MS} ms.`,
        ),
      );
    }, WORKER_START_TIMEOUT_MS);
    const onMessage = (reply: PoolReply<unknown>) => {
      if (reply.type !== "ready") return;
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(
        new Error(`The diff worker ${String(script)} failed to start: ${error.message}`, {
          cause: error,
        }),
      );
    };
    const onExit = (code: number) => {
      cleanup();
      reject(
        new Error(`The diff worker ${String(script)} exited with code ${code} before it started.`),
      );
    };
    const cleanup = () => {
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
}

async function closeWorker(worker: Worker): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, WORKER_CLOSE_TIMEOUT_MS);
    function done() {
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("exit", done);
      resolve();
    }
    function onMessage(reply: PoolReply<unknown>) {
      if (reply.type === "closed") done();
    }
    worker.on("message", onMessage);
    worker.on("exit", done);
    const request: PoolRequest<never> = { type: "close" };
    worker.postMessage(request);
  });
  await worker.terminate();
}
