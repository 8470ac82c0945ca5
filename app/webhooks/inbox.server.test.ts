import { afterAll, describe, expect, inject, it } from "vitest";
import prisma from "~/db.server";
import {
  type JobData,
  jobSender,
  QUEUES,
  stopSender,
  WEBHOOK_EVENTS_PER_JOB,
  webhookEventIdsOf,
} from "~/jobs/queues.server";
import { uniqueShop } from "../../tests/support/shopify-requests";
import { EVENT_PRIORITY, eventPriority, storeDelivery } from "./inbox.server";
import { queueStoredEvents } from "./relay.server";

afterAll(async () => {
  await stopSender();
});

/** What the worker's relay does: queue every stored event's job. */
async function relayAll() {
  const boss = await jobSender();
  while ((await queueStoredEvents(boss)) > 0);
}

async function queuedJobsFor(eventId: string) {
  const boss = await jobSender();
  const jobs = await boss.findJobs(QUEUES.processWebhookEvent, { data: { webhookEventIds: [eventId] } });
  return jobs.length;
}

describe("webhook inbox", () => {
  it("stores a delivery; the relay queues exactly one job for it; a redelivery adds neither", async () => {
    const shop = uniqueShop("inbox");
    const delivery = {
      shop,
      topic: "orders/create",
      webhookId: crypto.randomUUID(),
      payload: '{"id":7400000037028123456}',
    };
    const first = await storeDelivery(delivery);
    expect(first.duplicate).toBe(false);
    const again = await storeDelivery(delivery);
    expect(again).toEqual({ id: null, duplicate: true });

    const rows = await prisma.webhookEvent.findMany({ where: { shopDomain: shop } });
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toBe('{"id":7400000037028123456}');
    // Acknowledged once stored: the job is queued by the worker's relay.
    expect(rows[0].queuedAt).toBeNull();
    expect(await queuedJobsFor(first.id!)).toBe(0);
    await relayAll();
    await storeDelivery(delivery);
    await relayAll();
    expect(await queuedJobsFor(first.id!)).toBe(1);
    const queued = await prisma.webhookEvent.findUniqueOrThrow({ where: { id: first.id! } });
    expect(queued.queuedAt).not.toBeNull();
  });

  it("two relays at once queue each stored event once", async () => {
    const shop = uniqueShop("inbox");
    const stored = await Promise.all(
      Array.from({ length: 60 }, () =>
        storeDelivery({ shop, topic: "orders/updated", webhookId: crypto.randomUUID(), payload: "{}" }),
      ),
    );
    const boss = await jobSender();
    await Promise.all([queueStoredEvents(boss), queueStoredEvents(boss), relayAll()]);
    const counts = await Promise.all(stored.map((s) => queuedJobsFor(s.id!)));
    expect(counts).toEqual(Array(60).fill(1));
  });

  it("queues stored events in jobs of up to ten events of one priority, each event in one job", async () => {
    const shop = uniqueShop("inbox");
    const routine: string[] = [];
    const urgent: string[] = [];
    for (let i = 0; i < 25; i++) {
      const { id } = await storeDelivery({
        shop,
        topic: "orders/updated",
        webhookId: crypto.randomUUID(),
        payload: "{}",
      });
      routine.push(id!);
      if (i % 8 === 0) {
        const cancelled = await storeDelivery({
          shop,
          topic: "orders/cancelled",
          webhookId: crypto.randomUUID(),
          payload: "{}",
        });
        urgent.push(cancelled.id!);
      }
    }
    await relayAll();
    const boss = await jobSender();
    const jobs = (await boss.findJobs(QUEUES.processWebhookEvent)).filter((job) =>
      webhookEventIdsOf(job.data as JobData["webhook-event"]).some(
        (id) => routine.includes(id) || urgent.includes(id),
      ),
    );
    const groups = jobs.map((job) => ({
      ids: webhookEventIdsOf(job.data as JobData["webhook-event"]),
      priority: job.priority,
    }));
    expect(groups.flatMap((g) => g.ids).sort()).toEqual([...routine, ...urgent].sort());
    expect(groups.every((g) => g.ids.length <= WEBHOOK_EVENTS_PER_JOB)).toBe(true);
    const urgentGroups = groups.filter((g) => g.ids.some((id) => urgent.includes(id)));
    expect(urgentGroups).toEqual([{ ids: urgent, priority: EVENT_PRIORITY.opensTicket }]);
    expect(
      groups
        .filter((g) => g !== urgentGroups[0])
        .map((g) => g.ids.length)
        .sort(),
    ).toEqual([10, 10, 5]);
  });

  it("stores a burst of concurrent deliveries in groups: each once, one job each, redeliveries inside a group ignored", async () => {
    const shop = uniqueShop("inbox");
    const webhookIds = Array.from({ length: 120 }, () => crypto.randomUUID());
    const triggeredAt = new Date("2026-11-27T10:15:30.123Z");
    // Every delivery twice, at the same moment: the copies land in the same group.
    const results = await Promise.all(
      [...webhookIds, ...webhookIds].map((webhookId, i) =>
        storeDelivery({
          shop,
          topic: "orders/updated",
          webhookId,
          eventId: `event-${i % webhookIds.length}`,
          triggeredAt,
          apiVersion: "2026-01",
          payload: `{"n":${i % webhookIds.length}}`,
        }),
      ),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(120);
    expect(results.filter((r) => r.duplicate && r.id === null)).toHaveLength(120);

    const rows = await prisma.webhookEvent.findMany({ where: { shopDomain: shop } });
    expect(rows).toHaveLength(120);
    expect(new Set(rows.map((r) => r.webhookId))).toEqual(new Set(webhookIds));
    expect(rows.every((r) => r.triggeredAt?.toISOString() === triggeredAt.toISOString())).toBe(true);
    expect(rows.every((r) => r.apiVersion === "2026-01" && r.status === "pending")).toBe(true);
    const storedIds = results.flatMap((r) => (r.id ? [r.id] : []));
    await relayAll();
    const jobCounts = await Promise.all(storedIds.slice(0, 10).map(queuedJobsFor));
    expect(jobCounts).toEqual(Array(10).fill(1));
  });

  it("a delivery the database refuses fails alone; the rest of its group is stored", async () => {
    const shop = uniqueShop("inbox");
    const good = Array.from({ length: 5 }, () => crypto.randomUUID());
    const results = await Promise.allSettled([
      ...good.map((webhookId) => storeDelivery({ shop, topic: "orders/create", webhookId, payload: "{}" })),
      // PostgreSQL text cannot hold a NUL byte.
      storeDelivery({ shop, topic: "orders/create", webhookId: crypto.randomUUID(), payload: "bad\u0000" }),
    ]);
    expect(results.map((r) => r.status)).toEqual([...Array(5).fill("fulfilled"), "rejected"]);
    expect(await prisma.webhookEvent.count({ where: { shopDomain: shop } })).toBe(5);
  });

  it("keeps deliveries of one merchant action apart (one event id, different webhook ids)", async () => {
    const shop = uniqueShop("inbox");
    const eventId = crypto.randomUUID();
    for (const topic of ["orders/cancelled", "orders/updated"]) {
      await storeDelivery({ shop, topic, webhookId: crypto.randomUUID(), eventId, payload: "{}" });
    }
    expect(await prisma.webhookEvent.count({ where: { shopDomain: shop, eventId } })).toBe(2);
  });

  it("queues events that may open a ticket first, then new orders, then routine ones", async () => {
    const shop = uniqueShop("inbox");
    const stored = [];
    for (const [topic, payload] of [
      ["orders/updated", '{"note":"Leave at the door"}'],
      ["orders/cancelled", "{}"],
      ["refunds/create", '{"order_id":1}'],
      ["orders/create", '{"id":1,"note":null}'],
    ]) {
      const { id } = await storeDelivery({ shop, topic, webhookId: crypto.randomUUID(), payload });
      stored.push(id!);
    }
    await relayAll();
    const boss = await jobSender();
    const priorities = await Promise.all(
      stored.map(async (webhookEventId) => {
        const [job] = await boss.findJobs(QUEUES.processWebhookEvent, {
          data: { webhookEventIds: [webhookEventId] },
        });
        return job.priority;
      }),
    );
    const [routine, cancelled, refund, newOrder] = priorities;
    expect(routine).toBe(0);
    expect(cancelled).toBeGreaterThan(newOrder);
    expect(refund).toBe(cancelled);
    expect(newOrder).toBeGreaterThan(routine);
  });

  it("tells from the raw payload what may open a ticket under the default rules, and new orders", () => {
    const priority = (topic: string, payload = "{}") => eventPriority({ topic, payload });
    const { opensTicket, newOrder, routine } = EVENT_PRIORITY;
    expect(priority("orders/cancelled")).toBe(opensTicket);
    expect(priority("refunds/create")).toBe(opensTicket);
    expect(priority("orders/create", '{"id":1,"note":"Call me first"}')).toBe(opensTicket);
    expect(priority("orders/create", '{"id":1, "note" : "x"}')).toBe(opensTicket);
    expect(priority("orders/create", '{"id":1,"note":null}')).toBe(newOrder);
    expect(priority("orders/create", '{"id":1,"note":""}')).toBe(newOrder);
    expect(priority("orders/updated", '{"fulfillments":[{"shipment_status":"failure"}]}')).toBe(opensTicket);
    expect(priority("orders/updated", '{"fulfillments":[{"shipment_status":"delivered"}]}')).toBe(routine);
    expect(priority("customers/update", '{"note":"VIP"}')).toBe(routine);
  });
});

describe("large values", () => {
  // pglz took most of the inbox insert's time in PostgreSQL for payloads of
  // several kilobytes; PGlite has no lz4 and keeps PostgreSQL's default.
  it("are compressed with lz4 on a PostgreSQL server, with the default on the embedded database", async () => {
    const columns = await prisma.$queryRaw<{ table: string; column: string; compression: string }[]>`
      SELECT attrelid::regclass::text AS "table", attname::text AS "column", attcompression::text AS compression
        FROM pg_attribute
       WHERE attrelid IN ('"WebhookEvent"'::regclass, '"OrderSnapshot"'::regclass)
         AND attname IN ('payload', 'lineItems', 'shippingAddress', 'fulfillments', 'refunds')
       ORDER BY 1, 2`;
    const method = inject("embeddedDatabase") ? "" : "l";
    expect(columns).toEqual(
      [
        ['"OrderSnapshot"', "fulfillments"],
        ['"OrderSnapshot"', "lineItems"],
        ['"OrderSnapshot"', "refunds"],
        ['"OrderSnapshot"', "shippingAddress"],
        ['"WebhookEvent"', "payload"],
      ].map(([table, column]) => ({ table, column, compression: method })),
    );
  });

  it("store and read back unchanged, whatever their compression", async () => {
    const shop = uniqueShop("inbox");
    const payload = JSON.stringify({
      id: 1,
      note: "é ✓",
      line_items: Array.from({ length: 200 }, (_, i) => ({ i })),
    });
    const stored = await storeDelivery({
      shop,
      topic: "orders/updated",
      webhookId: crypto.randomUUID(),
      payload,
    });
    const row = await prisma.webhookEvent.findUniqueOrThrow({ where: { id: stored.id ?? "" } });
    expect(row.payload).toBe(payload);
  });
});
