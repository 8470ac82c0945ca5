import { type GroupCommit, groupCommit } from "~/db/group-commit";
import { sqlPool } from "~/db/sql-pool.server";
import prisma from "~/db.server";
import { enqueueWithin, jobSender, QUEUES } from "~/jobs/queues.server";

/**
 * The durable webhook inbox. A verified delivery is stored in one statement
 * before Shopify gets its 200; the worker's relay (relay.server.ts) then
 * queues its processing job. A redelivery (same X-Shopify-Webhook-Id for
 * the shop) stores nothing, so nothing is queued for it.
 */
export interface Delivery {
  shop: string;
  topic: string;
  webhookId: string;
  eventId?: string | null;
  triggeredAt?: Date | null;
  apiVersion?: string | null;
  /** The raw request body, exactly as received. */
  payload: string;
  source?: "webhook" | "reconciliation";
}

export interface StoredDelivery {
  /** The inbox row's id; null for a redelivery. */
  id: string | null;
  duplicate: boolean;
}

/**
 * Stores a verified delivery; resolves once it is committed. Deliveries
 * arriving together are committed together (one multi-row insert per
 * group), which is what lets the inbox acknowledge a burst at the rate
 * Shopify sends it.
 */
export function storeDelivery(delivery: Delivery): Promise<StoredDelivery> {
  // Two groups of at most 16 in flight, on two connections: one group's
  // round trip (its insert, the commit's WAL flush, the wake-ups of both
  // processes) overlaps the next one's. One large group at a time left part
  // of a core idle under a burst (docs/benchmarks.md, "Group sizes on the
  // server").
  inbox ??= groupCommit(storeDeliveries, { maxGroup: 16, maxInFlight: 2 });
  return inbox.submit(delivery);
}

let inbox: GroupCommit<Delivery, StoredDelivery> | undefined;

/**
 * One statement, committed on its own: no transaction and no job insert, so
 * the acknowledgement waits on one round trip to the database, not four
 * (BEGIN, the event, its job, COMMIT). Under load each round trip is a wait
 * for a CPU, for this process and for its PostgreSQL backend.
 */
export async function storeDeliveries(deliveries: Delivery[]): Promise<StoredDelivery[]> {
  const ids = deliveries.map(() => newId());
  // One parameter per value, not arrays: node-postgres escapes an array's
  // elements one character at a time, which for payloads was most of the
  // insert's CPU in this process.
  const values: (string | null)[] = [];
  const rows = deliveries.map((d, i) => {
    const at = values.length;
    values.push(
      ids[i],
      d.shop,
      d.topic,
      d.webhookId,
      d.eventId ?? null,
      // ISO text in UTC: Prisma stores DateTime as UTC timestamp(3).
      d.triggeredAt?.toISOString() ?? null,
      d.apiVersion ?? null,
      d.payload,
      d.source ?? "webhook",
    );
    const p = (n: number) => `$${at + n}`;
    // receivedAt in UTC, as Prisma stores DateTime: the column's default
    // would take the database session's time zone.
    return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}::timestamp(3), ${p(7)}, ${p(8)}, ${p(9)}, now() AT TIME ZONE 'UTC')`;
  });
  const { rows: stored } = await sqlPool().query<{ id: string }>(
    `INSERT INTO "WebhookEvent" ("id", "shopDomain", "topic", "webhookId", "eventId", "triggeredAt", "apiVersion", "payload", "source", "receivedAt")
       VALUES ${rows.join(", ")}
       ON CONFLICT ("shopDomain", "webhookId") DO NOTHING
       RETURNING "id"`,
    values,
  );
  const storedIds = new Set(stored.map((r) => r.id));
  // A redelivery inside the group loses to its first copy, like one stored earlier.
  return ids.map((id) => (storedIds.has(id) ? { id, duplicate: false } : { id: null, duplicate: true }));
}

/** pg-boss fetches higher priorities first; routine events keep the default 0. */
export const EVENT_PRIORITY = { opensTicket: 20, newOrder: 10, routine: 0 } as const;

/**
 * How soon the worker should take an event, judged from the raw body
 * without parsing it (the relay asks this of every stored event): first
 * what may open a ticket under the default rules, then the other new
 * orders, which should precede a refund or cancellation of the same order
 * (one that overtakes finds no snapshot and costs a call to Shopify for
 * the order), then the rest, so a backlog of orders/updated does not delay
 * a ticket. Reordering is safe: exactly-once and out-of-order safety come
 * from comparing states, not from the queue's order. A wrong guess (a
 * customer's note, say) only changes how soon an event is processed, never
 * what it does.
 */
export function eventPriority(delivery: Pick<Delivery, "topic" | "payload">): number {
  switch (delivery.topic) {
    case "orders/cancelled":
    case "refunds/create":
      return EVENT_PRIORITY.opensTicket;
    case "orders/create":
      return NOTED.test(delivery.payload) ? EVENT_PRIORITY.opensTicket : EVENT_PRIORITY.newOrder;
    case "orders/updated":
    case "orders/fulfilled":
      return PROBLEM_SHIPMENT.test(delivery.payload) ? EVENT_PRIORITY.opensTicket : EVENT_PRIORITY.routine;
    default:
      return EVENT_PRIORITY.routine;
  }
}

/** Any non-empty note in the payload: the order's, or its customer's (a harmless wrong guess). */
const NOTED = /"note"\s*:\s*"[^"]/;
const PROBLEM_SHIPMENT = /"shipment_status"\s*:\s*"(?:failure|attempted_delivery)"/;

/** Queues a stored event again (operators' retry of a failed event). */
export async function requeueEvent(id: string): Promise<boolean> {
  const boss = await jobSender();
  return prisma.$transaction(async (tx) => {
    const updated = await tx.webhookEvent.updateMany({
      where: { id, status: { not: "processed" } },
      data: { status: "pending", error: null },
    });
    if (updated.count === 0) return false;
    await enqueueWithin(tx, boss, QUEUES.processWebhookEvent, { webhookEventId: id });
    return true;
  });
}

function newId(): string {
  return `wh_${crypto.randomUUID().replaceAll("-", "")}`;
}
