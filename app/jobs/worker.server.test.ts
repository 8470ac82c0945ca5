import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/server";
import { startInstalledStores } from "../../tests/support/installed-shop";

/**
 * The real worker puts tickets before writes to Shopify: a write queued
 * while webhook events wait starts once they are processed, not beside
 * them (tickets-first.ts).
 */
const SHOP = `first-${crypto.randomUUID().slice(0, 6)}.myshopify.com`;
const EVENTS = 800;

let stores: Awaited<ReturnType<typeof startInstalledStores>>;
let simulator: Simulator;
let prisma: typeof import("~/db.server").default;

beforeAll(async () => {
  stores = await startInstalledStores([{ domain: SHOP, orders: 40, customers: 10, days: 20 }], {
    importOrders: true,
  });
  simulator = stores.simulator;
  prisma = (await import("~/db.server")).default;
});

afterAll(() => stores?.close());

async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("the worker's priorities", () => {
  it("processes a job naming one event, as operators' retries and jobs queued before events were grouped do", {
    timeout: 60_000,
  }, async () => {
    const orders = simulator.store.shop(SHOP)!.orders;
    simulator.actions.updateOrderTags(SHOP, orders[1].id, ["single"]);
    await simulator.waitForDeliveries();
    const event = await prisma.webhookEvent.findFirstOrThrow({
      where: { shopDomain: SHOP, status: "pending" },
      orderBy: { receivedAt: "desc" },
    });
    const { enqueueWithin, jobSender, QUEUES } = await import("~/jobs/queues.server");
    const boss = await jobSender();
    // Marked queued with a job of the old shape, so the relay leaves it alone.
    await prisma.$transaction(async (tx) => {
      await tx.webhookEvent.update({ where: { id: event.id }, data: { queuedAt: new Date() } });
      await enqueueWithin(tx, boss, QUEUES.processWebhookEvent, { webhookEventId: event.id });
    });
    const { startWorker } = await import("~/jobs/worker.server");
    const worker = await startWorker({ pollingIntervalSeconds: 0.5 });
    try {
      await waitFor(
        async () =>
          (await prisma.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).status === "processed",
        30_000,
        "the event",
      );
    } finally {
      await worker.stop({ graceful: true, timeout: 5_000 });
    }
  });

  it("starts a write to Shopify queued during a webhook backlog only once the backlog is processed", {
    timeout: 120_000,
  }, async () => {
    const orders = simulator.store.shop(SHOP)!.orders;
    for (let i = 0; i < EVENTS; i++)
      simulator.actions.updateOrderTags(SHOP, orders[i % orders.length].id, [`wave-${i}`]);
    await simulator.waitForDeliveries();
    const stored = await prisma.webhookEvent.count({ where: { shopDomain: SHOP, status: "pending" } });
    expect(stored).toBeGreaterThanOrEqual(EVENTS);
    // Writes other test files left queued would be taken first.
    await (await import("~/jobs/queues.server")).jobSender();
    await prisma.$executeRaw`DELETE FROM pgboss.job WHERE name = 'shopify-write'`;

    const { startWorker } = await import("~/jobs/worker.server");
    const worker = await startWorker({ pollingIntervalSeconds: 0.5, writesWaitForTicketsMs: 100_000 });
    try {
      await waitFor(() => worker.ticketsFirst.backlog, 30_000, "a webhook backlog");
      const { queueOrderNote } = await import("~/writeback/outbox.server");
      const writeId = await queueOrderNote(SHOP, {
        ticketId: "ticket-1",
        ticketNumber: 1,
        messageId: `message-${SHOP}`,
        orderGid: `gid://shopify/Order/${orders[0].id}`,
        orderName: orders[0].name,
        text: "Queued during the backlog",
      });
      await waitFor(
        async () =>
          (await prisma.shopifyWrite.findUniqueOrThrow({ where: { id: writeId } })).status === "done",
        100_000,
        "the write",
      );
      const write = await prisma.shopifyWrite.findUniqueOrThrow({ where: { id: writeId } });
      const processedAfterWriteStarted = await prisma.webhookEvent.count({
        where: { shopDomain: SHOP, processedAt: { gt: write.startedAt! } },
      });
      const stillPending = await prisma.webhookEvent.count({
        where: { shopDomain: SHOP, status: "pending" },
      });
      // At most the last, short batch (20 events) runs beside the write; the
      // order's own orders/updated echo of the write comes after it too.
      expect(processedAfterWriteStarted + stillPending).toBeLessThanOrEqual(2 * 20 + 1);
    } finally {
      await worker.stop({ graceful: true, timeout: 5_000 });
    }
  });
});
