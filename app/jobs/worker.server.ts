import type { Job, PgBoss } from "pg-boss";
import { adminClientFor } from "~/shopify/admin.server";
import { syncShopDetails } from "~/shops/shops.server";
import { processWebhookEvent } from "~/webhooks/process.server";
import { createBoss, ensureQueues, type JobData, QUEUES, RETRY_LIMIT } from "./queues.server";

/**
 * The background worker: one pg-boss instance with a handler per queue. Any
 * number of worker processes may run against one database; pg-boss hands
 * each job to one of them (SKIP LOCKED).
 */
export async function startWorker(
  options: { pollingIntervalSeconds?: number; concurrency?: number } = {},
): Promise<PgBoss> {
  const boss = createBoss({ worker: true });
  await boss.start();
  await ensureQueues(boss);
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 };

  await boss.work<JobData[typeof QUEUES.syncShopDetails]>(
    QUEUES.syncShopDetails,
    polling,
    async (jobs: Job<JobData[typeof QUEUES.syncShopDetails]>[]) => {
      for (const job of jobs) {
        await syncShopDetails(job.data.shop, await adminClientFor(job.data.shop));
      }
    },
  );
  await boss.work<JobData[typeof QUEUES.processWebhookEvent]>(
    QUEUES.processWebhookEvent,
    { ...polling, batchSize: 1, localConcurrency: options.concurrency ?? 4 },
    async ([job]) => {
      await processWebhookEvent(job.data.webhookEventId, { finalAttempt: job.retryCount >= RETRY_LIMIT });
    },
  );
  return boss;
}
