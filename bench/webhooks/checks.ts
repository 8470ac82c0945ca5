/**
 * What happened to the deliveries after the 200: read back from the app's
 * database once everything has drained. Every distinct acknowledged webhook
 * id must be stored once and processed; no order may hold two open tickets;
 * every order that got a cancellation, refund or noted new order must have a
 * ticket; how long a ticket took from the first delivery of its action, and
 * how long until the order carried the ticket (the write-back to Shopify).
 */
import fsp from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { CURRENT_FILE, LEGACY_CURRENT_FILE, SEGMENT_FILE } from "../../app/webhooks/inbox-spool.server";
import { readSpoolFile } from "../../app/webhooks/inbox-spool-records";
import type { LoadResult } from "./load";
import { SHOP } from "./stack";
import type { Batch } from "./traffic";

export interface Distribution {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export function distribution(values: number[]): Distribution {
  if (values.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
}

export interface StoredEvent {
  webhookId: string;
  eventId: string | null;
  status: string;
  receivedAt: Date;
  queuedAt: Date | null;
  processedAt: Date | null;
  error: string | null;
}

export interface StoredTicket {
  id: string;
  createdAt: Date;
  status: string;
  sourceActionId: string | null;
  orderShopifyId: string | null;
}

/** A write of an order's support tags and metafield (`order_status`). */
export interface StoredStatusWrite {
  orderShopifyId: string;
  createdAt: Date;
  completedAt: Date | null;
  status: string;
}

export interface Snapshot {
  events: StoredEvent[];
  tickets: StoredTicket[];
  statusWrites: StoredStatusWrite[];
  ordersWithSeveralOpenTickets: number;
  webhookIdsStoredTwice: number;
}

export async function readBack(db: pg.Client): Promise<Snapshot> {
  const events = await db.query<StoredEvent>(
    `SELECT "webhookId", "eventId", "status"::text AS "status", "receivedAt", "queuedAt", "processedAt", "error"
       FROM "WebhookEvent" WHERE "shopDomain" = $1`,
    [SHOP],
  );
  const tickets = await db.query<StoredTicket>(
    `SELECT t."id", t."createdAt", t."status"::text AS "status", e."eventId" AS "sourceActionId",
            o."shopifyId" AS "orderShopifyId"
       FROM "Ticket" t
       LEFT JOIN "WebhookEvent" e ON e."id" = t."sourceEventId"
       LEFT JOIN "TicketOrder" x ON x."ticketId" = t."id"
       LEFT JOIN "OrderSnapshot" o ON o."id" = x."orderId"
      WHERE t."shopDomain" = $1`,
    [SHOP],
  );
  const statusWrites = await db.query<StoredStatusWrite>(
    `SELECT "orderGid" AS "orderShopifyId", "createdAt", "completedAt", "status"::text AS "status"
       FROM "ShopifyWrite" WHERE "shopDomain" = $1 AND "kind" = 'order_status'`,
    [SHOP],
  );
  const several = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM (
       SELECT x."orderId" FROM "TicketOrder" x JOIN "Ticket" t ON t."id" = x."ticketId"
        WHERE t."shopDomain" = $1 AND t."status" IN ('open', 'pending')
        GROUP BY x."orderId" HAVING count(*) > 1) s`,
    [SHOP],
  );
  const twice = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM (
       SELECT "webhookId" FROM "WebhookEvent" WHERE "shopDomain" = $1
        GROUP BY "webhookId" HAVING count(*) > 1) s`,
    [SHOP],
  );
  return {
    events: events.rows,
    tickets: tickets.rows,
    statusWrites: statusWrites.rows,
    ordersWithSeveralOpenTickets: Number(several.rows[0].n),
    webhookIdsStoredTwice: Number(twice.rows[0].n),
  };
}

/** Pending events, all stored events and pending writes to Shopify of the shop, for waiting until the worker is done. */
export async function backlog(
  db: pg.Client,
): Promise<{ pending: number; stored: number; pendingWrites: number }> {
  const { rows } = await db.query<{ pending: string; stored: string; writes: string }>(
    `SELECT count(*) FILTER (WHERE "status" = 'pending') AS pending, count(*) AS stored,
            (SELECT count(*) FROM "ShopifyWrite" WHERE "shopDomain" = $1 AND "status" = 'pending') AS writes
       FROM "WebhookEvent" WHERE "shopDomain" = $1`,
    [SHOP],
  );
  return {
    pending: Number(rows[0].pending),
    stored: Number(rows[0].stored),
    pendingWrites: Number(rows[0].writes),
  };
}

export interface Outcome {
  /** Distinct webhook ids answered 2xx in this phase (first time they were acknowledged). */
  acknowledged: number;
  stored: number;
  processed: number;
  failed: number;
  /** Stored, not yet processed when the database was read back (the worker's backlog). */
  pending: number;
  /** Acknowledged, not in the inbox yet but in the inbox spool (embedded database): stored later. */
  spooled: number;
  /** Acknowledged, neither in the inbox nor in its spool: lost for good (Shopify will not resend an acknowledged delivery). */
  notStored: number;
  failures: string[];
  redeliveriesSent: number;
  redeliveriesAcknowledged: number;
  /** Orders that got a cancellation, refund or noted new order in this phase and had no ticket before. */
  ordersExpectingTicket: number;
  /** Of those, orders with no ticket when the database was read back. */
  ordersWithoutTicketYet: number;
  /**
   * First acknowledged delivery of the order's first ticket-opening action → its ticket row
   * (ms). Orders still without a ticket count as "at least until the read-back" (`censored`).
   */
  deliveryToTicket: Distribution & { censored: number };
  /**
   * The same first delivery → the first write of the order's support tags and metafield done after
   * its ticket opened (ms). Not done by the read-back: `censored`, counted until the read-back.
   */
  deliveryToWriteBack: Distribution & { censored: number };
  /** Delivery sent → its event marked processed (ms), processed events only. */
  deliveryToProcessed: Distribution;
  /**
   * The deliveries of ticket-opening actions, stage by stage (ms after sending): stored in the
   * inbox, queued as a job, processed. Where a ticket's time goes.
   */
  ticketDeliveryStages: { stored: Distribution; queued: Distribution; processed: Distribution };
  /** Events of this phase processed per second, from the phase's first send to its last processed event. */
  processedPerSecond: number | null;
}

const numericId = (gid: string | null) => (gid ? gid.slice(gid.lastIndexOf("/") + 1) : null);

/**
 * `seen` carries webhook ids acknowledged in earlier phases, so a phase only
 * answers for the ids it delivered first. `readAt` is when the database was
 * read back (epoch ms).
 */
export function outcomeOf(
  load: LoadResult,
  batch: Batch,
  snapshot: Snapshot,
  seen: Set<string>,
  readAt: number,
  /** Webhook ids still in the inbox spool, read before the database. */
  spooled: ReadonlySet<string> = new Set(),
): Outcome {
  const byWebhook = new Map(snapshot.events.map((e) => [e.webhookId, e]));
  const firstSent = new Map<string, number>();
  const actionSent = new Map<string, number>();
  let redeliveriesSent = 0;
  let redeliveriesAcknowledged = 0;
  for (const sample of load.samples) {
    const delivery = batch.deliveries[sample.index % batch.deliveries.length];
    const ok = sample.status >= 200 && sample.status < 300;
    if (delivery.duplicate) {
      redeliveriesSent++;
      if (ok) redeliveriesAcknowledged++;
    }
    if (!ok || seen.has(delivery.webhookId)) continue;
    const before = firstSent.get(delivery.webhookId);
    if (before === undefined || sample.sentAt < before) firstSent.set(delivery.webhookId, sample.sentAt);
    const action = actionSent.get(delivery.eventId);
    if (action === undefined || sample.sentAt < action) actionSent.set(delivery.eventId, sample.sentAt);
  }

  let stored = 0;
  let inSpool = 0;
  let processed = 0;
  let failed = 0;
  let pending = 0;
  const failures: string[] = [];
  const toProcessed: number[] = [];
  const opensTicket = new Set(batch.actions.filter((a) => a.opensTicket).map((a) => a.eventId));
  const stages = { stored: [] as number[], queued: [] as number[], processed: [] as number[] };
  let lastProcessed = 0;
  for (const [webhookId, sentAt] of firstSent) {
    seen.add(webhookId);
    const event = byWebhook.get(webhookId);
    if (!event) {
      if (spooled.has(webhookId)) inSpool++;
      continue;
    }
    stored++;
    if (event.eventId && opensTicket.has(event.eventId)) {
      stages.stored.push(event.receivedAt.getTime() - sentAt);
      if (event.queuedAt) stages.queued.push(event.queuedAt.getTime() - sentAt);
      if (event.processedAt) stages.processed.push(event.processedAt.getTime() - sentAt);
    }
    if (event.status === "processed" && event.processedAt) {
      processed++;
      const at = event.processedAt.getTime();
      toProcessed.push(at - sentAt);
      lastProcessed = Math.max(lastProcessed, at);
    } else if (event.status === "failed") {
      failed++;
      if (failures.length < 5) failures.push(event.error ?? "(no error recorded)");
    } else pending++;
  }

  // Per order: when its first ticket-opening action of this phase was first delivered.
  const orderSent = new Map<string, number>();
  for (const action of batch.actions) {
    const sentAt = actionSent.get(action.eventId);
    if (!action.opensTicket || !action.orderId || sentAt === undefined) continue;
    const before = orderSent.get(action.orderId);
    if (before === undefined || sentAt < before) orderSent.set(action.orderId, sentAt);
  }
  const firstTicket = new Map<string, number>();
  for (const ticket of snapshot.tickets) {
    const order = numericId(ticket.orderShopifyId);
    if (!order) continue;
    const at = ticket.createdAt.getTime();
    const before = firstTicket.get(order);
    if (before === undefined || at < before) firstTicket.set(order, at);
  }
  const writesDone = new Map<string, { createdAt: number; completedAt: number | null }[]>();
  for (const write of snapshot.statusWrites) {
    const order = numericId(write.orderShopifyId);
    if (!order) continue;
    const list = writesDone.get(order) ?? [];
    list.push({ createdAt: write.createdAt.getTime(), completedAt: write.completedAt?.getTime() ?? null });
    writesDone.set(order, list);
  }
  const toWriteBack: number[] = [];
  let writeBackCensored = 0;
  const toTicket: number[] = [];
  let censored = 0;
  let expecting = 0;
  for (const [order, sentAt] of orderSent) {
    const ticketAt = firstTicket.get(order);
    // A ticket from before this phase's action: the order's news went to it, nothing to time.
    if (ticketAt !== undefined && ticketAt < sentAt) continue;
    expecting++;
    if (ticketAt === undefined) {
      censored++;
      toTicket.push(readAt - sentAt);
      writeBackCensored++;
      toWriteBack.push(readAt - sentAt);
      continue;
    }
    toTicket.push(ticketAt - sentAt);
    // Only a ticket queues status writes, and the order had none before this phase's action.
    const done = (writesDone.get(order) ?? [])
      .filter((w) => w.createdAt >= sentAt && w.completedAt !== null)
      .map((w) => w.completedAt as number);
    if (done.length > 0) toWriteBack.push(Math.min(...done) - sentAt);
    else {
      writeBackCensored++;
      toWriteBack.push(readAt - sentAt);
    }
  }

  const firstSend = Math.min(...firstSent.values());
  return {
    acknowledged: firstSent.size,
    stored,
    processed,
    failed,
    pending,
    spooled: inSpool,
    notStored: firstSent.size - stored - inSpool,
    failures,
    redeliveriesSent,
    redeliveriesAcknowledged,
    ordersExpectingTicket: expecting,
    ordersWithoutTicketYet: censored,
    deliveryToTicket: { ...distribution(toTicket), censored },
    deliveryToWriteBack: { ...distribution(toWriteBack), censored: writeBackCensored },
    deliveryToProcessed: distribution(toProcessed),
    ticketDeliveryStages: {
      stored: distribution(stages.stored),
      queued: distribution(stages.queued),
      processed: distribution(stages.processed),
    },
    processedPerSecond:
      processed > 0 && lastProcessed > firstSend ? processed / ((lastProcessed - firstSend) / 1000) : null,
  };
}

const spoolFile = (name: string) =>
  name === CURRENT_FILE || name === LEGACY_CURRENT_FILE || SEGMENT_FILE.test(name);

/**
 * Webhook ids in the inbox spool's files (acknowledged, not yet moved into
 * the inbox). Read before the database: a delivery the mover stores
 * meanwhile is then found in one or the other. A file the mover deletes or
 * the spool renames while this reads is looked for again under its new name.
 */
export async function spooledWebhookIds(dir: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const read = new Set<string>();
  // Until a listing shows no segment left unread: the current file may have become one meanwhile.
  for (let pass = 0; pass < 3; pass++) {
    const names = (await fsp.readdir(dir).catch(() => [] as string[])).filter(spoolFile);
    const unread = names.filter((name) => !read.has(name) || !SEGMENT_FILE.test(name));
    if (pass > 0 && !unread.some((name) => SEGMENT_FILE.test(name))) break;
    for (const name of unread) {
      const bytes = await fsp.readFile(path.join(dir, name)).catch(() => null);
      if (!bytes) continue;
      read.add(name);
      for (const d of readSpoolFile(name, bytes).deliveries) ids.add(d.webhookId);
    }
  }
  return ids;
}

/** Whether the spool holds nothing to move: no segment, and the current file absent or empty. */
export async function spoolIsEmpty(dir: string): Promise<boolean> {
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  if (names.some((name) => SEGMENT_FILE.test(name))) return false;
  for (const name of [CURRENT_FILE, LEGACY_CURRENT_FILE]) {
    const stat = await fsp.stat(path.join(dir, name)).catch(() => null);
    if (stat && stat.size > 0) return false;
  }
  return true;
}
