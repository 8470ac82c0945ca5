/**
 * Runs one load (load.ts) on this worker thread and posts its result back:
 * see runLoad in load-thread.ts. Loaded by Node itself (type stripping).
 */
import { parentPort, workerData } from "node:worker_threads";
import { fixedRate, maxRate } from "./load.ts";

const { kind, origin, deliveries, options } = workerData;
// The deliveries were copied in before this line ran: from here on it is sending.
parentPort?.postMessage({ sending: true });
const result =
  kind === "fixed"
    ? await fixedRate(origin, deliveries, options)
    : await maxRate(origin, deliveries, options);
parentPort?.postMessage({ result });
