import { resolve } from "node:path";
import { main } from "../cli/main.js";
import { writeDemoPair } from "./generate.js";

/**
 * Generates the demo checkpoints (a small Qwen2-style bf16 base and a densely fine-tuned head)
 * into the folder given as the first argument (default `demo-checkpoints`), then prints the
 * report on them. Further arguments go to the CLI, for example `--format json`.
 */
const [folder = "demo-checkpoints", ...cliArgs] = process.argv.slice(2);
const dir = resolve(folder);
const paths = await writeDemoPair(dir);
process.stderr.write(`Demo checkpoints written to ${paths.base} and ${paths.head}\n`);
process.exitCode = await main([paths.base, paths.head, ...cliArgs]);
