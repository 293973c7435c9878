#!/usr/bin/env node
import { installCancellation } from "./cancel.js";
import { main } from "./cli/main.js";

const cancellation = installCancellation();
process.exitCode = await main(process.argv.slice(2), cancellation.signal);
