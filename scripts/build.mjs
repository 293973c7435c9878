// Bundles the four entry points with ncc into dist/, which runs without node_modules. They are
// the action (dist/index.js), the CLI (dist/cli/index.js), the demo (dist/demo/index.js), and
// the diff worker (dist/worker/index.js) that the other three start as worker threads.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const entries = [
  { source: "src/main.ts", target: "dist" },
  { source: "src/cli.ts", target: "dist/cli" },
  { source: "src/diff/worker.ts", target: "dist/worker" },
  { source: "src/demo/main.ts", target: "dist/demo" },
];

const staging = mkdtempSync(join(tmpdir(), "model-diff-build-"));
try {
  for (const [index, entry] of entries.entries()) {
    const out = join(staging, String(index));
    execFileSync(
      process.execPath,
      [
        "node_modules/@vercel/ncc/dist/ncc/cli.js",
        "build",
        entry.source,
        "-o",
        out,
        "--quiet",
        "--license",
        "licenses.txt",
      ],
      { stdio: "inherit" },
    );
  }
  rmSync("dist", { recursive: true, force: true });
  for (const [index, entry] of entries.entries()) {
    cpSync(join(staging, String(index)), entry.target, { recursive: true });
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}
