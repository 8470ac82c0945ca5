/** `npm run worker`: the background worker as its own process. */
import os from "node:os";
import { onShutdown, prepareProcess } from "./lib/startup";

// Acknowledging Shopify's webhooks is what must never wait (Shopify gives 5 s,
// then retries and eventually drops the subscription); processing them can.
// On a machine shared with the web process, the worker yields the CPU to it.
os.setPriority(os.constants.priority.PRIORITY_BELOW_NORMAL);

const db = await prepareProcess();
const { startWorker } = await import("../app/jobs/worker.server");
const worker = await startWorker();
console.log("Counterdesk worker started");

onShutdown(async () => {
  await worker.stop({ graceful: true, timeout: 5_000 });
  await db.stop();
});
