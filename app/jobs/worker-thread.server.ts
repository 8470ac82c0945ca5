import { startSupervisedThread } from "~/lib/supervised-thread.server";

export interface WorkerThreadOptions {
  /**
   * The inbox spool this process appends to (inbox-spool.server): the
   * thread also moves its deliveries into the inbox, and stores what is
   * left when it stops.
   */
  inboxSpoolDir?: string | null;
}

/**
 * Starts the background worker (worker.server) on a thread of this process
 * (worker.thread.ts); resolves once it runs. If the thread dies, nothing
 * would process the webhooks this process keeps acknowledging, so the
 * process exits.
 */
export async function startWorkerThread(
  options: WorkerThreadOptions = {},
): Promise<{ stop(): Promise<void> }> {
  const { stop } = await startSupervisedThread(new URL("./worker.thread.ts", import.meta.url), {
    name: "worker",
    stopGraceMs: 15_000,
    workerData: { inboxSpoolDir: options.inboxSpoolDir ?? null } satisfies WorkerThreadOptions,
  });
  return { stop };
}
