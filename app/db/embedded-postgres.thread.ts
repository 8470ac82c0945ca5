/**
 * The embedded database's own thread (started by embedded-postgres.server):
 * PGlite and its wire server, so that PostgreSQL's work runs beside the
 * process's event loop (web requests, the worker) instead of taking turns
 * with it. Loaded by Node directly (type stripping), hence the `.ts` import.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { lowerThisThreadPriority } from "../lib/thread-priority.server.ts";
import { startEmbeddedAutovacuum } from "./embedded-autovacuum.ts";
import { PGliteWireServer } from "./pglite-wire-server.ts";

export type ThreadMessage = { port: number } | { error: string } | { stopped: true };

const { dataDir, port } = workerData as { dataDir?: string; port: number };
const parent = parentPort;
if (!parent) throw new Error("embedded-postgres.thread runs only as a worker thread");

// Below the thread that acknowledges webhooks, which never waits for this one (inbox-spool.server).
await lowerThisThreadPriority();

try {
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const server = new PGliteWireServer(db);
  const actualPort = await server.listen(port);
  const autovacuum = startEmbeddedAutovacuum((work) => server.exclusive(work));
  parent.on("message", async (message: unknown) => {
    if (message !== "stop") return;
    await autovacuum.stop();
    await server.close();
    await db.close();
    parent.postMessage({ stopped: true } satisfies ThreadMessage);
    parent.close();
  });
  parent.postMessage({ port: actualPort } satisfies ThreadMessage);
} catch (error) {
  parent.postMessage({
    error: error instanceof Error ? error.message : String(error),
  } satisfies ThreadMessage);
  parent.close();
}
