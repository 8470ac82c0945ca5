import type { Job, JobResult, PgBoss, StopOptions } from "pg-boss";
import { z } from "zod";
import { sendReplyEmail } from "~/email/outbound.server";
import { importRecentOrders } from "~/orders/import.server";
import { queueReconciliations, reconcileShop } from "~/orders/reconcile.server";
import { adminClientFor } from "~/shopify/admin.server";
import { syncShopDetails } from "~/shops/shops.server";
import { processWebhookEvents } from "~/webhooks/process.server";
import { startRelay } from "~/webhooks/relay.server";
import { performShopifyWrite } from "~/writeback/outbox.server";
import {
  createBoss,
  ensureQueues,
  type JobData,
  QUEUES,
  RETRY_LIMIT,
  webhookEventIdsOf,
} from "./queues.server";
import { type TicketsFirst, ticketsFirst } from "./tickets-first";

/**
 * Jobs of webhook events taken per fetch, their events (up to
 * WEBHOOK_EVENTS_PER_JOB each) applied in one transaction
 * (processWebhookEvents): more per batch costs fewer round trips per event,
 * while a batch's locks are held until it commits. A full fetch means more
 * jobs are waiting (tickets-first.ts).
 */
const WEBHOOK_JOBS_PER_FETCH = 2;
/** Writes to Shopify taken per fetch (two fetch loops run). */
const SHOPIFY_WRITE_BATCH = 10;
/**
 * One shop's writes running at once, across all workers (pg-boss group
 * concurrency, by shop): enough to keep a shop's bucket busy, while the
 * other fetch loop stays free for other shops.
 */
const SHOPIFY_WRITES_PER_SHOP = 10;
/** Longest a batch of writes to Shopify waits for a webhook backlog to clear (tickets-first.ts). */
const WRITES_WAIT_FOR_TICKETS_MS = 3_000;

/** Data of the jobs that name one shop. */
const shopJob = z.object({ shop: z.string().min(1) });

export interface Worker {
  boss: PgBoss;
  /** What holds writes to Shopify back while webhook events wait. */
  ticketsFirst: TicketsFirst;
  stop(options?: StopOptions): Promise<void>;
}

/**
 * The background worker: one pg-boss instance with a handler per queue, and
 * the relay that queues stored webhook events. Any number of worker
 * processes may run against one database; pg-boss hands each job to one of
 * them (SKIP LOCKED), and the relays take different events.
 */
export async function startWorker(
  options: { pollingIntervalSeconds?: number; concurrency?: number; writesWaitForTicketsMs?: number } = {},
): Promise<Worker> {
  const boss = createBoss({ worker: true });
  await boss.start();
  await ensureQueues(boss);
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 };
  const priority = ticketsFirst({ maxWaitMs: options.writesWaitForTicketsMs ?? WRITES_WAIT_FOR_TICKETS_MS });

  await boss.work<JobData[typeof QUEUES.syncShopDetails]>(
    QUEUES.syncShopDetails,
    polling,
    async (jobs: Job<JobData[typeof QUEUES.syncShopDetails]>[]) => {
      for (const job of jobs) {
        await syncShopDetails(job.data.shop, await adminClientFor(job.data.shop));
      }
    },
  );
  const webhookLoop = await boss.work<JobData[typeof QUEUES.processWebhookEvent]>(
    QUEUES.processWebhookEvent,
    // Batches, fetched again at once while they come back full: with one job
    // per fetch, each loop waits a polling interval after every event.
    {
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
      batchSize: WEBHOOK_JOBS_PER_FETCH,
      burstWhenBatchFull: true,
      localConcurrency: options.concurrency ?? 1,
    },
    async (jobs) => {
      priority.fetchedJobs(jobs.length === WEBHOOK_JOBS_PER_FETCH);
      const outcomes = await processWebhookEvents(
        jobs.flatMap((job) =>
          webhookEventIdsOf(job.data).map((id) => ({ id, finalAttempt: job.retryCount >= RETRY_LIMIT })),
        ),
      );
      const failures = outcomes.filter((o) => o instanceof Error);
      // Failing the batch retries all of it; the events already processed
      // are recognised as such and cost nothing.
      if (failures.length > 0)
        throw new AggregateError(failures, `${failures.length} of ${outcomes.length} events failed`);
    },
  );
  await boss.work<JobData[typeof QUEUES.importOrders]>(
    QUEUES.importOrders,
    { ...polling, batchSize: 1, localConcurrency: 2 },
    async ([job]) => {
      // A failure is recorded on the shop and rethrown: the retry resumes from the saved page.
      await importRecentOrders(shopJob.parse(job.data).shop, { signal: job.signal });
    },
  );
  await boss.work<JobData[typeof QUEUES.sendReplyEmail]>(
    QUEUES.sendReplyEmail,
    { ...polling, batchSize: 1, localConcurrency: 2 },
    async ([job]) => {
      await sendReplyEmail(job.data.messageId, { finalAttempt: job.retryCount >= RETRY_LIMIT });
    },
  );
  // Shopify's cost bucket, not the worker, should set the pace of a burst
  // of writes: one job per fetch made each loop wait a polling interval per
  // write (2 writes/s, a fifth of what a standard shop's 100 points/s allow).
  // Batches fetched again at once while full, their writes run together
  // and queue on the shop's bucket in the client; each job settles on its own.
  // While webhook events wait, a batch of writes waits for them first (tickets-first.ts).
  const writeLoop = () =>
    boss.work<JobData[typeof QUEUES.shopifyWrite]>(
      QUEUES.shopifyWrite,
      {
        ...polling,
        batchSize: SHOPIFY_WRITE_BATCH,
        burstWhenBatchFull: true,
        perJobResults: true,
        groupConcurrency: SHOPIFY_WRITES_PER_SHOP,
      },
      async (jobs) => {
        await priority.beforeWrites();
        return Promise.all(
          jobs.map(async (job): Promise<JobResult> => {
            try {
              await performShopifyWrite(job.data.writeId, { finalAttempt: job.retryCount >= RETRY_LIMIT });
              return { id: job.id, status: "completed" };
            } catch (error) {
              return {
                id: job.id,
                status: "failed",
                output: { message: error instanceof Error ? error.message : String(error) },
              };
            }
          }),
        );
      },
    );
  // Two loops, the second half a polling interval later. pg-boss counts a
  // group's running jobs when a fetch starts, so two fetches at the same
  // moment could both take a busy shop's writes and leave no loop for the
  // others; out of phase, the second sees what the first took.
  await writeLoop();
  await new Promise((resolve) => setTimeout(resolve, polling.pollingIntervalSeconds * 500));
  await writeLoop();
  await boss.work(QUEUES.reconcileAll, polling, async () => {
    await queueReconciliations(boss);
  });
  await boss.work<JobData[typeof QUEUES.reconcileShop]>(
    QUEUES.reconcileShop,
    { ...polling, batchSize: 1, localConcurrency: options.concurrency ?? 4 },
    async ([job]) => {
      await reconcileShop(shopJob.parse(job.data).shop, { signal: job.signal });
    },
  );
  await scheduleReconciliation(boss);
  const relay = startRelay(boss, () => boss.notifyWorker(webhookLoop));
  return {
    boss,
    ticketsFirst: priority,
    async stop(stopOptions) {
      await relay.stop();
      await boss.stop(stopOptions);
    },
  };
}

/**
 * Every 15 minutes each installed shop is reconciled, so a change whose
 * webhook never arrived is applied within the hour (pg-boss sends each tick
 * once, however many workers run).
 */
export const RECONCILE_CRON = "*/15 * * * *";

export async function scheduleReconciliation(boss: PgBoss): Promise<void> {
  await boss.schedule(QUEUES.reconcileAll, RECONCILE_CRON, {}, { tz: "UTC" });
}
