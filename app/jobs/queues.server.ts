import type pg from "pg";
import { fromPrisma, PgBoss, type Queue } from "pg-boss";
import { config } from "~/config.server";
import type { Sql } from "~/db/sql.server";

/**
 * The one owner of background jobs (pg-boss, in the `pgboss` schema of the
 * app's database). Queues are declared here and nowhere else; handlers are
 * registered by the worker (`worker.server.ts`).
 */
export const QUEUES = {
  /** Read a shop's name, currency, timezone and plan from the Admin API. */
  syncShopDetails: "shop-sync-details",
  /** Turn stored webhook deliveries (a group of up to WEBHOOK_EVENTS_PER_JOB) into ticket and order changes. */
  processWebhookEvent: "webhook-event",
  /** Import a newly installed shop's last 60 days of orders (app/orders/import.server). */
  importOrders: "orders-import",
  /** The 15-minute schedule: queue one reconcileShop job per installed shop. */
  reconcileAll: "orders-reconcile-all",
  /** Ask Shopify what changed in one shop and apply what webhooks missed (app/orders/reconcile.server). */
  reconcileShop: "orders-reconcile",
  /** Email one agent reply to the customer (app/email/outbound.server). */
  sendReplyEmail: "email-reply",
  /** One write to Shopify from the outbox (app/writeback/outbox.server). */
  shopifyWrite: "shopify-write",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobData {
  [QUEUES.syncShopDetails]: { shop: string };
  /**
   * The relay queues groups; one event alone is an operator's retry, or a
   * job queued before events were grouped (still in the queue after an upgrade).
   */
  [QUEUES.processWebhookEvent]: { webhookEventIds: string[] } | { webhookEventId: string };
  [QUEUES.importOrders]: { shop: string };
  [QUEUES.reconcileAll]: Record<string, never>;
  [QUEUES.reconcileShop]: { shop: string };
  [QUEUES.sendReplyEmail]: { messageId: string };
  [QUEUES.shopifyWrite]: { writeId: string };
}

/**
 * Stored events per processing job: a job's own row costs more to insert,
 * fetch and complete than most events cost to apply, most of all on the
 * embedded database's one thread.
 */
export const WEBHOOK_EVENTS_PER_JOB = 10;

/** The events a processing job names, whichever shape it was queued in. */
export function webhookEventIdsOf(data: JobData[typeof QUEUES.processWebhookEvent]): string[] {
  return "webhookEventIds" in data ? data.webhookEventIds : [data.webhookEventId];
}

export function createBoss(options: { worker: boolean }): PgBoss {
  const boss = new PgBoss({
    connectionString: config().DATABASE_URL,
    max: options.worker ? 4 : 2,
    // Only workers run pg-boss maintenance and cron; the web process only sends.
    supervise: options.worker,
    schedule: options.worker,
    // How soon a worker notices jobs whose worker died (missed heartbeats).
    superviseIntervalSeconds: 5,
    monitorIntervalSeconds: 5,
    // LISTEN/NOTIFY does not exist on the embedded database; polling is the floor.
    useListenNotify: false,
  });
  boss.on("error", (error) => console.error("[jobs]", error.message));
  return boss;
}

/** Attempts after the first, with exponential backoff from 5 s (about 5 minutes in all). */
export const RETRY_LIMIT = 5;

/** Options beyond the defaults, for queues that need them. */
const QUEUE_OPTIONS: Partial<Record<QueueName, Omit<Queue, "name">>> = {
  // One queued and one running job per shop (singletonKey): a second install
  // or schedule tick while one waits adds nothing. An import of a big shop
  // runs for a long time; the heartbeat, not the expiry, notices a dead worker.
  [QUEUES.importOrders]: { policy: "stately", expireInSeconds: 6 * 3600, heartbeatSeconds: 60 },
  [QUEUES.reconcileShop]: { policy: "stately" },
  // An event takes milliseconds; when a worker dies holding one, the missed
  // heartbeat hands it to another worker within seconds, not at the expiry.
  [QUEUES.processWebhookEvent]: { heartbeatSeconds: 10, expireInSeconds: 300 },
};

export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const name of Object.values(QUEUES)) {
    if (!(await boss.getQueue(name))) {
      await boss.createQueue(name, {
        retryLimit: RETRY_LIMIT,
        retryBackoff: true,
        retryDelay: 5,
        ...QUEUE_OPTIONS[name],
      });
    }
  }
}

let sender: Promise<PgBoss> | undefined;

async function startSender(): Promise<PgBoss> {
  const boss = createBoss({ worker: false });
  await boss.start();
  await ensureQueues(boss);
  // pg-boss reads a queue's row on its first insert, on its own connection,
  // unless it has the queue cached (it caches those that existed at start).
  // Inside one of our transactions on the embedded database that read would
  // wait for the transaction to end, which waits for the read. An empty
  // insert per queue fills the cache now, outside any transaction.
  for (const name of Object.values(QUEUES)) await boss.insert(name, []);
  return boss;
}

/** Queues a job; the worker process picks it up. */
export async function enqueue<Q extends QueueName>(
  queue: Q,
  data: JobData[Q],
  options: { singletonKey?: string } = {},
): Promise<void> {
  await (await jobSender()).send(queue, data as object, options);
}

/**
 * Queues a job inside the caller's transaction (Prisma's, or node-postgres's
 * through `sqlOver`), so the job exists if and only if the transaction's
 * other writes do.
 */
export async function enqueueWithin<Q extends QueueName>(
  tx: Sql,
  boss: PgBoss,
  queue: Q,
  data: JobData[Q],
  options: { group?: string } = {},
): Promise<void> {
  await boss.send(queue, data as object, {
    db: fromPrisma(tx),
    ...(options.group ? { group: { id: options.group } } : {}),
  });
}

/**
 * Queues one write to Shopify, grouped by shop: the worker runs a limited
 * number of one shop's writes at once (SHOPIFY_WRITES_PER_SHOP), so a shop
 * whose burst waits on its cost bucket does not hold up other shops' writes.
 */
export function enqueueShopifyWrite(tx: Sql, boss: PgBoss, shop: string, writeId: string): Promise<void> {
  return enqueueWithin(tx, boss, QUEUES.shopifyWrite, { writeId }, { group: shop });
}

/**
 * Queues one job per item inside the caller's node-postgres transaction, in
 * one statement (for writers that commit in groups, like the webhook inbox).
 */
export async function enqueueManyWithin<Q extends QueueName>(
  client: pg.PoolClient,
  boss: PgBoss,
  queue: Q,
  items: { data: JobData[Q]; priority?: number }[],
): Promise<void> {
  if (items.length === 0) return;
  await boss.insert(
    queue,
    items.map(({ data, priority }) => ({ data: data as object, priority })),
    { db: { executeSql: (text, values) => client.query(text, values) } },
  );
}

/**
 * The started sending instance. Get it before opening a transaction: on the
 * embedded database a transaction holds the only session, so starting
 * pg-boss inside one would wait for itself.
 */
export function jobSender(): Promise<PgBoss> {
  sender ??= startSender().catch((error) => {
    sender = undefined;
    throw error;
  });
  return sender;
}

export async function stopSender(): Promise<void> {
  if (!sender) return;
  const boss = await sender.catch(() => undefined);
  sender = undefined;
  await boss?.stop({ graceful: false, close: true });
}
