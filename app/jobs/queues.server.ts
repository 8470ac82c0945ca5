import { PgBoss } from "pg-boss";
import { config } from "~/config.server";

/**
 * The one owner of background jobs (pg-boss, in the `pgboss` schema of the
 * app's database). Queues are declared here and nowhere else; handlers are
 * registered by the worker (`worker.server.ts`).
 */
export const QUEUES = {
  /** Read a shop's name, currency, timezone and plan from the Admin API. */
  syncShopDetails: "shop-sync-details",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobData {
  [QUEUES.syncShopDetails]: { shop: string };
}

export function createBoss(options: { worker: boolean }): PgBoss {
  const boss = new PgBoss({
    connectionString: config().DATABASE_URL,
    max: options.worker ? 4 : 2,
    // Only workers run pg-boss maintenance and cron; the web process only sends.
    supervise: options.worker,
    schedule: options.worker,
    // LISTEN/NOTIFY does not exist on the embedded database; polling is the floor.
    useListenNotify: false,
  });
  boss.on("error", (error) => console.error("[jobs]", error.message));
  return boss;
}

export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const name of Object.values(QUEUES)) {
    if (!(await boss.getQueue(name))) {
      await boss.createQueue(name, { retryLimit: 5, retryBackoff: true, retryDelay: 5 });
    }
  }
}

let sender: Promise<PgBoss> | undefined;

async function startSender(): Promise<PgBoss> {
  const boss = createBoss({ worker: false });
  await boss.start();
  await ensureQueues(boss);
  return boss;
}

/** Queues a job; the worker process picks it up. */
export async function enqueue<Q extends QueueName>(
  queue: Q,
  data: JobData[Q],
  options: { singletonKey?: string } = {},
): Promise<void> {
  sender ??= startSender().catch((error) => {
    sender = undefined;
    throw error;
  });
  await (await sender).send(queue, data as object, options);
}

export async function stopSender(): Promise<void> {
  if (!sender) return;
  const boss = await sender.catch(() => undefined);
  sender = undefined;
  await boss?.stop({ graceful: false, close: true });
}
