import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeSafetensors } from "../../src/format/writer.js";
import { ACTION_BUNDLE, FAKE_TOKEN, pullRequestPayload } from "../action/harness.js";
import { FakeGitHub } from "../helpers/fake-github.js";
import { CLI_BUNDLE } from "../helpers/run-cli.js";
import { PROJECT_ROOT } from "../helpers/shared.js";

/**
 * A server on 127.0.0.1 that serves one safetensors file by byte ranges: the header at once, then
 * for a read of tensor data a 206 with a few bytes, after which it stalls. A run reading from it
 * is therefore under way and stuck until it is cancelled.
 */
class StallingServer {
  private server: Server | null = null;
  /** Tensor data reads answered so far. */
  stalled = 0;
  /** Stalled reads whose connection the client has closed. */
  closed = 0;
  private waiters: (() => void)[] = [];
  url = "";

  constructor(
    private readonly bytes: Uint8Array,
    private readonly dataStart: number,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const match = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? "");
      if (match === null) {
        response.writeHead(416).end();
        return;
      }
      const start = Number(match[1]);
      const end = Math.min(Number(match[2]), this.bytes.byteLength - 1);
      response.writeHead(206, {
        "content-range": `bytes ${start}-${end}/${this.bytes.byteLength}`,
        "content-length": String(end - start + 1),
        etag: '"fixed"',
      });
      if (start < this.dataStart) {
        response.end(this.bytes.subarray(start, end + 1));
        return;
      }
      response.write(this.bytes.subarray(start, start + 4));
      this.stalled++;
      request.socket.on("close", () => {
        this.closed++;
      });
      for (const wake of this.waiters.splice(0)) wake();
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/head.safetensors`;
  }

  /** Resolves once a tensor data read is stalled. */
  async untilStalled(): Promise<void> {
    if (this.stalled > 0) return;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const TENSOR_BYTES = 256 * 1024;
const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-cancel-"));
let server: StallingServer;
let basePath: string;
const github = new FakeGitHub();

beforeAll(async () => {
  const values = new Uint8Array(TENSOR_BYTES);
  const tensors = [
    { name: "model.layers.0.mlp.weight", dtype: "F32" as const, shape: [256, 256], data: values },
  ];
  const base = encodeSafetensors(tensors);
  basePath = path.join(scratch, "base.safetensors");
  writeFileSync(basePath, base);
  const head = encodeSafetensors(
    tensors.map((tensor) => ({ ...tensor, data: values.map((_, i) => i % 7) })),
  );
  server = new StallingServer(head, head.byteLength - TENSOR_BYTES);
  await server.start();
  await github.start();
});
afterAll(async () => {
  await server.stop();
  await github.stop();
  rmSync(scratch, { recursive: true, force: true });
});

interface Ended {
  code: number | null;
  stderr: string;
  stdout: string;
}

function collect(child: ChildProcessWithoutNullStreams): Promise<Ended> {
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Waits until the server has seen every stalled connection closed, or the deadline passes. */
async function untilClosed(deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (server.closed < server.stalled && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("CLI cancellation", () => {
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`exits with ${code} on ${signal}`, async () => {
      server.stalled = 0;
      server.closed = 0;
      const out = mkdtempSync(path.join(scratch, "out-"));
      const child = spawn(
        process.execPath,
        [
          CLI_BUNDLE,
          basePath,
          server.url,
          "--format",
          "json",
          "-o",
          path.join(out, "report.json"),
          "--workers",
          "2",
        ],
        { cwd: PROJECT_ROOT, env: { ...process.env, HF_TOKEN: "" } },
      );
      const ended = collect(child);
      await server.untilStalled();
      child.kill(signal);
      const result = await ended;

      expect(result.code).toBe(code);
      expect(result.stderr).toBe(
        `model-diff: cancelled by ${signal}. The run stopped and left no partial report or temporary file.\n`,
      );
      expect(result.stdout).toBe("");
      expect(readdirSync(out)).toEqual([]);
      await untilClosed(2000);
      expect(server.closed).toBe(server.stalled);
    });
  }
});

describe("action cancellation", () => {
  it("posts nothing and exits with 143", async () => {
    server.stalled = 0;
    server.closed = 0;
    github.reset();
    const runner = mkdtempSync(path.join(scratch, "runner-"));
    const runnerTemp = path.join(runner, "temp");
    mkdirSync(runnerTemp);
    const outputFile = path.join(runner, "output.txt");
    const summaryFile = path.join(runner, "summary.md");
    const eventFile = path.join(runner, "event.json");
    writeFileSync(outputFile, "");
    writeFileSync(summaryFile, "");
    writeFileSync(eventFile, JSON.stringify(pullRequestPayload(3)));
    const env: Record<string, string> = {
      GITHUB_ACTIONS: "true",
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_REPOSITORY: "octo-org/model-repo",
      GITHUB_API_URL: github.url,
      GITHUB_WORKSPACE: scratch,
      RUNNER_TEMP: runnerTemp,
      INPUT_BASE: basePath,
      INPUT_HEAD: server.url,
      "INPUT_GITHUB-TOKEN": FAKE_TOKEN,
      INPUT_WORKERS: "2",
      "INPUT_HF-ENDPOINT": "http://127.0.0.1:1",
    };
    const child = spawn(process.execPath, [ACTION_BUNDLE], { cwd: scratch, env });
    const ended = collect(child);
    await server.untilStalled();
    child.kill("SIGTERM");
    const result = await ended;

    expect(result.code).toBe(143);
    expect(result.stderr).toBe(
      "model-diff: cancelled by SIGTERM. The run stopped and left no partial report or temporary file.\n",
    );
    expect(result.stdout).not.toContain("::error::");
    expect(github.requests).toEqual([]);
    expect(existsSync(path.join(runnerTemp, "model-diff"))).toBe(false);
    expect(readdirSync(runnerTemp)).toEqual([]);
    expect(readdirSync(runner).sort()).toEqual(["event.json", "output.txt", "summary.md", "temp"]);
    await untilClosed(2000);
    expect(server.closed).toBe(server.stalled);
  });
});
