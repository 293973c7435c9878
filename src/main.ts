import { runAction } from "./action/run.js";
import { installCancellation } from "./cancel.js";

const cancellation = installCancellation();
await runAction(process.env, cancellation.signal);
