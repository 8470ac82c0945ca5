/**
 * The background worker on its own thread (started by worker-thread.server),
 * for a web process that also runs the worker: the worker's parsing and
 * statements then no longer take turns with acknowledging webhooks on the
 * web server's event loop. Loaded by Node directly (type stripping); the
 * worker's modules need tsx, registered here for this thread (tsx's hooks
 * on the main thread do not reach worker threads).
 */
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

export type WorkerThreadMessage = { started: true } | { error: string } | { stopped: true };

const parent = parentPort;
if (!parent) throw new Error("worker.thread runs only as a worker thread");

// Unlike a worker process (scripts/worker.ts), this thread keeps its
// priority: on the embedded database a batch's transaction holds the
// database's only session, which the web thread's inbox inserts wait for,
// so a deprioritised worker would hold them up longer, not less.
register();

try {
  const { startWorker } = await import("./worker.server.ts");
  const worker = await startWorker();
  parent.on("message", async (message: unknown) => {
    if (message !== "stop") return;
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
