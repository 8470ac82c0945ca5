import { Prisma, type WebhookEvent } from "@prisma/client";
import prisma from "~/db.server";
import { jobSender } from "~/jobs/queues.server";
import { UnprocessableEventError } from "./handlers/errors";
import { NO_EFFECT, prepareEvent } from "./handlers/topics.server";

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
 * Processes the events of one job batch, in order, as processWebhookEvent
 * does each, reading them in one statement. Each is applied in its own
 * transaction: one transaction for a whole batch deadlocked, since its
 * events hold several orders' locks while another worker's batch waits for
 * them in another order. Returns one outcome, or the error to retry, per job.
 */
export async function processWebhookEvents(
  jobs: { id: string; finalAttempt: boolean }[],
): Promise<(ProcessOutcome | Error)[]> {
  const events = new Map((await loadEvents(jobs.map((j) => j.id))).map((e) => [e.id, e]));
  const outcomes: (ProcessOutcome | Error)[] = [];
  for (const job of jobs) {
    const event = events.get(job.id);
    outcomes.push(
      event
        ? await processLoaded(event, { finalAttempt: job.finalAttempt }).catch((error: unknown) =>
            error instanceof Error ? error : new Error(String(error)),
          )
        : "missing",
    );
  }
  return outcomes;
}

function loadEvents(ids: string[]): Promise<WebhookEvent[]> {
  return prisma.$queryRaw<WebhookEvent[]>`
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
    const apply = await prepareEvent(event);
    if (apply === NO_EFFECT) {
      // Nothing to apply, so no transaction: the mark alone is the effect, and
      // a second worker holding the same job finds it already set.
      const marked = await prisma.$executeRaw`
        UPDATE "WebhookEvent" SET ${PROCESSED} WHERE "id" = ${id} AND "status" <> 'processed'`;
      return marked > 0 ? "processed" : "already-processed";
    }
    // The job sender starts outside the transaction: opening a ticket queues a
    // write to the order (app/writeback/order-status.server).
    await jobSender();
    return await prisma.$transaction(async (tx) => {
      // Lock the event: a second worker holding the same job waits, then sees it processed.
      const [locked] = await tx.$queryRaw<{ status: string }[]>`
        SELECT "status"::text AS "status" FROM "WebhookEvent" WHERE "id" = ${id} FOR UPDATE`;
      if (!locked || locked.status === "processed") return "already-processed" as const;
      await apply(tx);
      // Matching no row is fine: shop/redact erases the shop's events, this one included.
      await tx.$executeRaw`UPDATE "WebhookEvent" SET ${PROCESSED} WHERE "id" = ${id}`;
      return "processed" as const;
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof UnprocessableEventError;
    await prisma.webhookEvent.update({
      where: { id },
      data: {
        attempts: { increment: 1 },
        error: message.slice(0, 2000),
        status: permanent || options.finalAttempt ? "failed" : "pending",
      },
    });
    if (permanent) return "failed";
    throw error;
  }
}

/** processedAt in UTC, as Prisma stores DateTime in `timestamp(3)`. */
const PROCESSED = Prisma.sql`"status" = 'processed', "processedAt" = now() AT TIME ZONE 'UTC', "error" = NULL, "attempts" = "attempts" + 1`;
