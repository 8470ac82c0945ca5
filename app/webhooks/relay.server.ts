import type { PgBoss } from "pg-boss";
import { inSqlTransaction, sqlPool } from "~/db/sql-pool.server";
import { enqueueManyWithin, QUEUES, WEBHOOK_EVENTS_PER_JOB } from "~/jobs/queues.server";
import { EVENT_PRIORITY, eventPriority } from "./inbox.server";

/** Events queued per transaction. */
const RELAY_BATCH = 200;
/** How long an idle relay waits before looking again. */
const IDLE_POLL_MS = 100;
/** How long it waits after a failure (the database unreachable, say), so the log is not flooded. */
const AFTER_FAILURE_MS = 5_000;

/**
 * Queues the processing jobs of stored events that have none yet, oldest
 * first, up to RELAY_BATCH; returns how many it queued. The jobs and the
 * events' `queuedAt` mark commit together, so every stored event is in
 * exactly one job (a group of events, groupByPriority), after a crash too.
 * Relays in several workers take different events (SKIP LOCKED).
 *
 * This is the inbox's other half: the acknowledgement stores the event in
 * one statement and nothing more, and the job is queued here, in the
 * worker, for many events at once.
 */
export async function queueStoredEvents(boss: PgBoss): Promise<number> {
  // One cheap read while idle instead of a transaction every poll.
  const { rows: waiting } = await sqlPool().query<{ waiting: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM "WebhookEvent" WHERE "queuedAt" IS NULL) AS "waiting"`,
  );
  if (!waiting[0]?.waiting) return 0;
  return inSqlTransaction(async (client) => {
    const { rows } = await client.query<{ id: string; topic: string; payload: string }>(
      `UPDATE "WebhookEvent" e SET "queuedAt" = now() AT TIME ZONE 'UTC'
       FROM (SELECT "id" FROM "WebhookEvent" WHERE "queuedAt" IS NULL
             ORDER BY "receivedAt" LIMIT $1 FOR UPDATE SKIP LOCKED) AS picked
       WHERE e."id" = picked."id"
       RETURNING e."id", e."topic", e."payload"`,
      [RELAY_BATCH],
    );
    await enqueueManyWithin(client, boss, QUEUES.processWebhookEvent, groupByPriority(rows));
    return rows.length;
  });
}

/**
 * One job per group of up to WEBHOOK_EVENTS_PER_JOB events of one priority,
 * oldest first within each priority.
 */
function groupByPriority(events: { id: string; topic: string; payload: string }[]) {
  const byPriority = new Map<number, string[]>();
  for (const event of events) {
    const priority = eventPriority(event);
    const ids = byPriority.get(priority);
    if (ids) ids.push(event.id);
    else byPriority.set(priority, [event.id]);
  }
  const jobs: { data: { webhookEventIds: string[] }; priority?: number }[] = [];
  for (const [priority, ids] of byPriority)
    for (let i = 0; i < ids.length; i += WEBHOOK_EVENTS_PER_JOB)
      jobs.push({
        data: { webhookEventIds: ids.slice(i, i + WEBHOOK_EVENTS_PER_JOB) },
        priority: priority === EVENT_PRIORITY.routine ? undefined : priority,
      });
  return jobs;
}

/**
 * Runs the relay until stopped: queue what is waiting, then wake the
 * worker's webhook loop (`onQueued`) so it fetches at once instead of at
 * its next poll. Looks again at once while there was more than one batch
 * waiting, and every IDLE_POLL_MS otherwise. A failure is logged and the
 * relay tries again AFTER_FAILURE_MS later: nothing is lost meanwhile, the
 * events wait in the inbox.
 */
export function startRelay(boss: PgBoss, onQueued: () => void): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      let queued = 0;
      let pause = IDLE_POLL_MS;
      try {
        queued = await queueStoredEvents(boss);
        if (queued > 0) onQueued();
      } catch (error) {
        console.error("[relay] queueing stored webhook events failed:", (error as Error).message);
        pause = AFTER_FAILURE_MS;
      }
      if (queued < RELAY_BATCH && !stopped)
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, pause);
        });
    }
  })();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
