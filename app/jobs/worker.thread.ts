/**
 * The background worker on its own thread (started by worker-thread.server),
 * for a web process that also runs the worker: the worker's parsing and
 * statements then no longer take turns with acknowledging webhooks on the
 * web server's event loop. On a process that spools webhooks
 * (inbox-spool.server), the spool's mover runs here too. Loaded by Node directly (type stripping); the
 * worker's modules need tsx, registered here for this thread (tsx's hooks
 * on the main thread do not reach worker threads).
 */
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

export type WorkerThreadMessage = { started: true } | { error: string } | { stopped: true };

const parent = parentPort;
if (!parent) throw new Error("worker.thread runs only as a worker thread");

register();
// Below the thread that acknowledges, as a worker process is (scripts/worker.ts). On the
// embedded database the web thread acknowledges from the spool, without waiting for the
// database session a batch holds.
const { lowerThisThreadPriority } = await import("../lib/thread-priority.server.ts");
await lowerThisThreadPriority();

try {
  const { startWorker } = await import("./worker.server.ts");
  const worker = await startWorker();
  const { inboxSpoolDir } = workerData as { inboxSpoolDir: string | null };
  const spoolMover = inboxSpoolDir ? await startSpoolMover(inboxSpoolDir) : null;
  parent.on("message", async (message: unknown) => {
    if (message !== "stop") return;
    // What is spooled goes into the inbox before the database stops (or stays for the next start).
    await spoolMover?.drain().catch((error: unknown) => console.error(String(error)));
    await spoolMover?.stop();
    await worker.stop({ graceful: true, timeout: 5_000 });
    parent.postMessage({ stopped: true } satisfies WorkerThreadMessage);
    parent.close();
  });
  parent.postMessage({ started: true } satisfies WorkerThreadMessage);
} catch (error) {
  parent.postMessage({
    error: error instanceof Error ? error.message : String(error),
  } satisfies WorkerThreadMessage);
  parent.close();
}

/** The inbox spool's mover (inbox-spool-mover.server), for the spool the web thread appends to. */
async function startSpoolMover(dir: string) {
  const { startInboxSpoolMover } = await import("../webhooks/inbox-spool-mover.server.ts");
  const { storeDeliveries } = await import("../webhooks/inbox.server.ts");
  return startInboxSpoolMover(dir, storeDeliveries);
}
