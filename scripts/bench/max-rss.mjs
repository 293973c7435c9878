/**
 * Preload for `node --import`: when the process exits, writes its peak resident set size in
 * bytes to the file named by MAX_RSS_FILE. Worker threads share the process, so the figure
 * covers them. Linux reports maxRSS in KiB (getrusage ru_maxrss).
 */

import { writeFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

const target = process.env.MAX_RSS_FILE;
if (target && isMainThread) {
  process.on("exit", () => {
    writeFileSync(target, String(process.resourceUsage().maxRSS * 1024));
  });
}
