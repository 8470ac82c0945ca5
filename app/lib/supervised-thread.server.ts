import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread the process cannot do without (the embedded
 * database, the in-process job worker) and resolves with its first message,
 * its "ready". A first message `{ error }` rejects. Once it runs, if the
 * thread fails or ends unasked, the process exits instead of going on
 * without it, for its supervisor to restart it. `stop` posts "stop", waits
 * for the thread to end, and ends it after `stopGraceMs`.
 */
export async function startSupervisedThread<Ready>(
  url: URL,
  options: { name: string; stopGraceMs: number; workerData?: unknown },
): Promise<{ ready: Ready; stop(): Promise<void> }> {
  const thread = new Worker(url, { workerData: options.workerData });
  let stopping = false;
  const ready = await new Promise<Ready>((resolve, reject) => {
    thread.once("message", (message: Ready | { error: string }) =>
      message && typeof message === "object" && "error" in message
        ? reject(new Error(`${options.name}: ${message.error}`))
        : resolve(message as Ready),
    );
    thread.once("error", reject);
  });
  const exitWithProcess = (what: string) => {
    if (stopping) return;
    console.error(`[${options.name}] the thread ${what}`);
    process.exit(1);
  };
  thread.on("error", (error) => exitWithProcess(`failed: ${error.message}`));
  thread.on("exit", (code) => exitWithProcess(`stopped (exit code ${code})`));
  return {
    ready,
    async stop() {
      stopping = true;
      const exited = new Promise((resolve) => thread.once("exit", resolve));
      thread.postMessage("stop");
      // A thread stuck in its work is ended after a grace period.
      const timer = setTimeout(() => void thread.terminate(), options.stopGraceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
