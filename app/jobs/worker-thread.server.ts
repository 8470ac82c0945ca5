import { startSupervisedThread } from "~/lib/supervised-thread.server";

/**
 * Starts the background worker (worker.server) on a thread of this process
 * (worker.thread.ts); resolves once it runs. If the thread dies, nothing
 * would process the webhooks this process keeps acknowledging, so the
 * process exits.
 */
export async function startWorkerThread(): Promise<{ stop(): Promise<void> }> {
  const { stop } = await startSupervisedThread(new URL("./worker.thread.ts", import.meta.url), {
    name: "worker",
    stopGraceMs: 15_000,
  });
  return { stop };
}
