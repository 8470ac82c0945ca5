/** `npm run worker`: the background worker as its own process. */
import { onShutdown, prepareProcess } from "./lib/startup";

const db = await prepareProcess();
const { startWorker } = await import("../app/jobs/worker.server");
const boss = await startWorker();
console.log("Counterdesk worker started");

onShutdown(async () => {
  await boss.stop({ graceful: true, timeout: 5_000 });
  await db.stop();
});
