// Measures a remote diff against the fake Hub and the same pair on local disk: wall time, peak
// RSS (from /usr/bin/time -v) and the requests the fake received. Run after `npm run build`:
//   npx tsx scripts/measure-remote.ts [SHARDS] [TENSORS_PER_SHARD] [ROWS] [WORKERS]
// Each tensor is ROWS x 4096 BF16; the defaults give 2 x 4 x 40 MiB = 320 MiB per side.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { FakeHub, fakeCommit } from "../test/helpers/fake-hub.js";
import { syntheticCheckpoint, writeFiles } from "../test/hub/synthetic.js";

const [shards = 2, tensorsPerShard = 4, rows = 5120, workers = 2] = process.argv
  .slice(2)
  .map(Number);
const sideBytes = shards * tensorsPerShard * rows * 4096 * 2;

function timedRun(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; rssMiB: number; status: number | null }> {
  const started = process.hrtime.bigint();
  const child = spawn("/usr/bin/time", ["-v", process.execPath, "dist/cli/index.js", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  return new Promise((resolve) => {
    child.on("close", (status) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? 0);
      if (status !== 0) process.stderr.write(stderr);
      resolve({ seconds, rssMiB: rss / 1024, status });
    });
  });
}

const base = syntheticCheckpoint(shards, tensorsPerShard, rows, 0);
const head = syntheticCheckpoint(shards, tensorsPerShard, rows, 0.05);
const hub = new FakeHub();
const commits = { base: fakeCommit("measure-base"), head: fakeCommit("measure-head") };
hub.addRepo({
  id: "org/large",
  commits: { [commits.base]: base, [commits.head]: head },
  refs: { main: commits.head, v1: commits.base },
});
await hub.start();
const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-measure-"));
try {
  const common = ["--format", "json", "--workers", String(workers)];
  const remote = await timedRun(["hf://org/large@v1", "hf://org/large", ...common], {
    HF_ENDPOINT: hub.endpoint,
  });
  const resolves = hub.requests.filter((entry) => entry.url.includes("/resolve/")).length;
  const cdn = hub.requests.filter((entry) => entry.server === "cdn").length;
  const api = hub.requests.filter((entry) => entry.url.startsWith("/api/")).length;

  const localBase = writeFiles(path.join(scratch, "base"), base);
  const localHead = writeFiles(path.join(scratch, "head"), head);
  const local = await timedRun([localBase, localHead, ...common], {});

  const mib = (2 * sideBytes) / 2 ** 20;
  const gib = (2 * sideBytes) / 2 ** 30;
  console.log(
    `pair: ${shards} shards x ${tensorsPerShard} tensors x ${rows}x4096 BF16, ${(sideBytes / 2 ** 20).toFixed(0)} MiB per side, workers ${workers}`,
  );
  console.log(
    `remote: ${remote.seconds.toFixed(2)} s, ${(mib / remote.seconds).toFixed(0)} MiB/s, peak RSS ${remote.rssMiB.toFixed(0)} MiB, exit ${remote.status}`,
  );
  console.log(
    `requests: ${api} API, ${resolves} /resolve/, ${cdn} CDN; ${(resolves / gib).toFixed(0)} /resolve/ per GiB of both sides`,
  );
  console.log(
    `local:  ${local.seconds.toFixed(2)} s, ${(mib / local.seconds).toFixed(0)} MiB/s, peak RSS ${local.rssMiB.toFixed(0)} MiB, exit ${local.status}`,
  );
} finally {
  await hub.stop();
  rmSync(scratch, { recursive: true, force: true });
}
