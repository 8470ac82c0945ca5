import { Worker } from "node:worker_threads";
import type { fixedRate, LoadResult, maxRate } from "./load";
import type { Delivery } from "./traffic";

type Load =
  | { kind: "fixed"; options: Parameters<typeof fixedRate>[2] }
  | { kind: "max"; options: Parameters<typeof maxRate>[2] };

/**
 * Sends a load from its own thread. The simulated Shopify shares this
 * process: answering the app's GraphQL calls kept its event loop busy for
 * up to 40 ms at a time, and a client on that loop counted the wait as the
 * app's acknowledgement latency. Real Shopify sends from machines of its own.
 */
export function runLoad(
  origin: string,
  deliveries: Delivery[],
  load: Load,
  /** Called once the thread holds its deliveries and starts sending (copying them takes seconds). */
  onSending?: () => void,
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(new URL("./load.thread.ts", import.meta.url), {
      workerData: { kind: load.kind, origin, deliveries, options: load.options },
    });
    thread.on("message", (message: { sending: true } | { result: LoadResult }) => {
      if ("sending" in message) onSending?.();
      else resolve(message.result);
    });
    thread.once("error", reject);
    thread.once("exit", (code) => {
      if (code !== 0) reject(new Error(`The load thread exited with code ${code}`));
    });
  });
}
