import { Prisma, type WebhookEvent } from "@prisma/client";
import { batchedSqlOver, executeLater } from "~/db/batched-sql.server";
import { inSqlTransaction, poolSql } from "~/db/sql-pool.server";
import { lockKeys } from "~/db/transaction-scope.server";
import prisma from "~/db.server";
import { jobSender } from "~/jobs/queues.server";
import { UnprocessableEventError } from "./handlers/errors";
import { NO_EFFECT, type PreparedEvent, prepareEvent, prepareEvents } from "./handlers/topics.server";

export type ProcessOutcome = "processed" | "already-processed" | "failed" | "missing";

/**
 * Turns one stored webhook event into its effects, exactly once in effect:
 * the effects and the event's `processed` mark commit in one transaction,
 * and a processed event is never applied again. An event that can never be
 * used is marked failed with the reason (no retry); any other error is
 * recorded and rethrown so the job engine retries it, and on the final
 * attempt the event is marked failed for operators to retry.
 *
 * The event's own reads and writes are plain SQL: this runs for every
 * delivery, and Prisma's per-query CPU was most of the worker's.
 */
export async function processWebhookEvent(
  id: string,
  options: { finalAttempt: boolean },
): Promise<ProcessOutcome> {
  const [event] = await loadEvents([id]);
  return event ? processLoaded(event, options) : "missing";
}

/**
 * Processes the events of one job batch, with the same outcome per event as
 * processWebhookEvent, but in one transaction: each event otherwise pays
 * for its own BEGIN, COMMIT, lock and mark, and on this path the round
 * trips to the database, not the work, were most of the cost. The batch
 * takes all its events' advisory locks first, in one order, so two
 * batches sharing orders queue instead of deadlocking (taking them event by
 * event, as each event's own transaction does, deadlocked between batches).
 * If anything in the batch fails, the transaction is rolled back and every
 * event is processed on its own, so one bad event fails only itself.
 * Returns one outcome, or the error to retry, per job.
 */
export async function processWebhookEvents(
  jobs: { id: string; finalAttempt: boolean }[],
): Promise<(ProcessOutcome | Error)[]> {
  const events = new Map((await loadEvents(jobs.map((j) => j.id))).map((e) => [e.id, e]));
  const outcomes = new Map<string, ProcessOutcome | Error>();
  const together: { event: WebhookEvent; prepared: BatchableEvent; finalAttempt: boolean }[] = [];
  const alone: { event: WebhookEvent; finalAttempt: boolean }[] = [];
  const noEffect: string[] = [];
  const due: { event: WebhookEvent; finalAttempt: boolean }[] = [];
  for (const job of jobs) {
    const event = events.get(job.id);
    // The same event twice in a batch (an operator's retry beside the original job): once is enough.
    if (outcomes.has(job.id) || due.some((d) => d.event.id === job.id)) continue;
    if (!event) outcomes.set(job.id, "missing");
    else if (event.status === "processed") outcomes.set(job.id, "already-processed");
    else due.push({ event, finalAttempt: job.finalAttempt });
  }
  const prepared = await prepareEvents(due.map((d) => d.event));
  for (const [i, { event, finalAttempt }] of due.entries()) {
    const result = prepared[i];
    if ("error" in result)
      outcomes.set(event.id, await recordFailure(event, result.error, finalAttempt).catch(asError));
    else if (result.value === NO_EFFECT) noEffect.push(event.id);
    else if (result.value.locks === null) alone.push({ event, finalAttempt });
    else together.push({ event, prepared: result.value, finalAttempt });
  }

  try {
    for (const [id, outcome] of await applyTogether(together, noEffect)) outcomes.set(id, outcome);
  } catch (error) {
    console.warn(
      `[worker] a batch of ${together.length + noEffect.length} events was rolled back (${asError(error).message.split("\n")[0]}); applying them one by one`,
    );
    for (const { event, finalAttempt } of together)
      outcomes.set(event.id, await processLoaded(event, { finalAttempt }).catch(asError));
    const marks = await markProcessed(noEffect).catch(asError);
    for (const id of noEffect)
      outcomes.set(id, marks instanceof Error ? marks : (marks.get(id) ?? "missing"));
  }
  for (const { event, finalAttempt } of alone)
    outcomes.set(event.id, await processLoaded(event, { finalAttempt }).catch(asError));
  return jobs.map((job) => outcomes.get(job.id) ?? "missing");
}

type BatchableEvent = Extract<PreparedEvent, { locks: string[] }>;

/**
 * Applies prepared events in one transaction and marks them, and the events
 * with nothing to apply, processed. An event another worker processed
 * meanwhile is skipped. The transaction runs on a node-postgres connection:
 * through Prisma, each of a batch's statements cost the worker several
 * times its CPU (docs/benchmarks.md).
 */
async function applyTogether(
  events: { event: WebhookEvent; prepared: BatchableEvent }[],
  noEffect: string[],
): Promise<Map<string, ProcessOutcome>> {
  const outcomes = new Map<string, ProcessOutcome>();
  if (events.length === 0) return markProcessed(noEffect);
  // Started outside the transaction: opening a ticket queues a write to its order.
  await jobSender();
  await inSqlTransaction(async (client) => {
    // Writes whose results nothing reads travel with the next statement.
    const tx = batchedSqlOver(client);
    // A statement stuck for a minute (on a lock held elsewhere) fails the batch, which is retried.
    await executeLater(tx, Prisma.sql`SET LOCAL statement_timeout = '60s'`);
    const ids = [...events.map((e) => e.event.id), ...noEffect];
    // Lock the events: a second worker holding one of the jobs waits, then sees it processed.
    const locked = await tx.$queryRaw<{ id: string; status: string }[]>`
      SELECT "id", "status"::text AS "status" FROM "WebhookEvent"
      WHERE "id" = ANY(${ids}::text[]) ORDER BY "id" FOR UPDATE`;
    const open = new Set(locked.filter((e) => e.status !== "processed").map((e) => e.id));
    const due = events.filter((e) => open.has(e.event.id));
    await lockKeys(
      tx,
      due.flatMap((e) => e.prepared.locks),
    );
    for (const { prepared } of due) await prepared.apply(tx);
    const marking = ids.filter((id) => open.has(id));
    // Sent with every write still held, so any of them failing fails the batch before COMMIT.
    await tx.$executeRaw`UPDATE "WebhookEvent" SET ${PROCESSED} WHERE "id" = ANY(${marking}::text[])`;
    await tx.flush();
    for (const id of ids) outcomes.set(id, open.has(id) ? "processed" : "already-processed");
  });
  return outcomes;
}

function loadEvents(ids: string[]): Promise<WebhookEvent[]> {
  return poolSql().$queryRaw<WebhookEvent[]>`
    SELECT "id", "shopDomain", "topic", "webhookId", "eventId", "triggeredAt", "apiVersion", "payload",
           "source", "status"::text AS "status", "attempts", "error", "receivedAt", "processedAt"
    FROM "WebhookEvent" WHERE "id" = ANY(${ids}::text[])`;
}

async function processLoaded(
  event: WebhookEvent,
  options: { finalAttempt: boolean },
): Promise<ProcessOutcome> {
  const { id } = event;
  // Read before this event's turn in a batch: another worker may have processed it since.
  if (event.status === "processed") return "already-processed";

  try {
    const prepared = await prepareEvent(event);
    if (prepared === NO_EFFECT) return (await markProcessed([id])).get(id) ?? "already-processed";
    // The job sender starts outside the transaction: opening a ticket queues a
    // write to the order (app/writeback/order-status.server).
    await jobSender();
    return await prisma.$transaction(async (tx) => {
      // Lock the event: a second worker holding the same job waits, then sees it processed.
      const [locked] = await tx.$queryRaw<{ status: string }[]>`
        SELECT "status"::text AS "status" FROM "WebhookEvent" WHERE "id" = ${id} FOR UPDATE`;
      if (!locked || locked.status === "processed") return "already-processed" as const;
      if (prepared.locks) await lockKeys(tx, prepared.locks);
      await prepared.apply(tx);
      // Matching no row is fine: shop/redact erases the shop's events, this one included.
      await tx.$executeRaw`UPDATE "WebhookEvent" SET ${PROCESSED} WHERE "id" = ${id}`;
      return "processed" as const;
    });
  } catch (error) {
    return recordFailure(event, error, options.finalAttempt);
  }
}

/**
 * Marks events with nothing to apply processed, without a transaction: the
 * mark alone is the effect, and a second worker holding the same job finds
 * it already set.
 */
async function markProcessed(ids: string[]): Promise<Map<string, ProcessOutcome>> {
  if (ids.length === 0) return new Map();
  const marked = await poolSql().$queryRaw<{ id: string }[]>`
    UPDATE "WebhookEvent" SET ${PROCESSED} WHERE "id" = ANY(${ids}::text[]) AND "status" <> 'processed'
    RETURNING "id"`;
  const done = new Set(marked.map((m) => m.id));
  return new Map(ids.map((id) => [id, done.has(id) ? "processed" : "already-processed"]));
}

/**
 * Records why an event failed. An event that can never be used is marked
 * failed for good ("failed" is returned); any other error is rethrown for
 * the job engine to retry, and on the final attempt the event is marked
 * failed for operators to retry.
 */
async function recordFailure(event: WebhookEvent, error: unknown, finalAttempt: boolean): Promise<"failed"> {
  const message = error instanceof Error ? error.message : String(error);
  const permanent = error instanceof UnprocessableEventError;
  await prisma.webhookEvent.update({
    where: { id: event.id },
    data: {
      attempts: { increment: 1 },
      error: message.slice(0, 2000),
      status: permanent || finalAttempt ? "failed" : "pending",
    },
  });
  if (permanent) return "failed";
  throw error;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** processedAt in UTC, as Prisma stores DateTime in `timestamp(3)`. */
const PROCESSED = Prisma.sql`"status" = 'processed', "processedAt" = now() AT TIME ZONE 'UTC', "error" = NULL, "attempts" = "attempts" + 1`;
