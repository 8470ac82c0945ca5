import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Simulator } from "../../simulator/server";
import { openPaidOrders as openPaidOrdersOf, startInstalledStores } from "../../tests/support/installed-shop";

/**
 * The worker applies a job batch's events in one transaction. These tests
 * hand batches to processWebhookEvents as the worker does: several events
 * of one order in a batch, two batches sharing orders at once (their locks
 * must not deadlock), and an event failing inside a batch (it fails alone,
 * the rest of the batch is applied).
 */
const SHOP = `batch-${crypto.randomUUID().slice(0, 6)}.myshopify.com`;

let stores: Awaited<ReturnType<typeof startInstalledStores>>;
let simulator: Simulator;
let prisma: typeof import("~/db.server").default;
let process: typeof import("./process.server");

beforeAll(async () => {
  stores = await startInstalledStores([{ domain: SHOP, orders: 150, customers: 30, days: 20 }], {
    importOrders: true,
  });
  simulator = stores.simulator;
  prisma = (await import("~/db.server")).default;
  process = await import("./process.server");
});

afterAll(() => stores?.close());

const openPaidOrders = (count: number, skip: number) => openPaidOrdersOf(simulator, SHOP, count, skip);

const gid = (id: string) => `gid://shopify/Order/${id}`;

async function pendingJobs() {
  await simulator.waitForDeliveries();
  const pending = await prisma.webhookEvent.findMany({
    where: { shopDomain: SHOP, status: "pending" },
    orderBy: { receivedAt: "asc" },
  });
  return pending.map((e) => ({ id: e.id, finalAttempt: false, topic: e.topic, payload: e.payload }));
}

function ticketsOf(orderId: string) {
  return prisma.ticket.findMany({
    where: { shopDomain: SHOP, orders: { some: { order: { shopifyId: gid(orderId) } } } },
    include: { messages: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
}

describe("a job batch in one transaction", () => {
  it("applies several events of one order in their order: one ticket, the story in its thread", async () => {
    const [order] = openPaidOrders(1, 0);
    simulator.actions.cancelOrder(SHOP, order.id, { reason: "customer" });
    simulator.actions.updateOrderNote(SHOP, order.id, "Customer called: wants store credit");
    const jobs = await pendingJobs();
    expect(jobs.length).toBeGreaterThanOrEqual(3);
    const warn = vi.spyOn(console, "warn");

    const outcomes = await process.processWebhookEvents(jobs);

    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect(outcomes.every((o) => o === "processed")).toBe(true);
    const tickets = await ticketsOf(order.id);
    expect(tickets).toHaveLength(1);
    const thread = tickets[0].messages.map((m) => m.body).join("\n");
    expect(thread).toMatch(/cancel/i);
    expect(thread).toContain("Customer called: wants store credit");
    const snapshot = await prisma.orderSnapshot.findFirstOrThrow({
      where: { shopDomain: SHOP, shopifyId: gid(order.id) },
    });
    expect(snapshot.cancelledAt).not.toBeNull();
    expect(snapshot.note).toBe("Customer called: wants store credit");
    // Each event recorded once: a second pass finds everything done.
    expect((await process.processWebhookEvents(jobs)).every((o) => o === "already-processed")).toBe(true);
    expect((await ticketsOf(order.id))[0].messages).toHaveLength(tickets[0].messages.length);
  });

  it("two batches sharing orders, each touching them in the other's order, both finish without a deadlock", async () => {
    const [first, second] = openPaidOrders(2, 1);
    simulator.actions.cancelOrder(SHOP, first.id, { reason: "customer" });
    simulator.actions.cancelOrder(SHOP, second.id, { reason: "inventory" });
    simulator.actions.updateOrderNote(SHOP, first.id, "first, later");
    simulator.actions.updateOrderNote(SHOP, second.id, "second, later");
    const jobs = await pendingJobs();
    const of = (orderId: string) => jobs.filter((j) => j.payload.includes(orderId));
    const [ofFirst, ofSecond] = [of(first.id), of(second.id)];
    expect(ofFirst.length + ofSecond.length).toBe(jobs.length);
    // One batch: the first order's cancellation, then the second order's note; the other the reverse.
    const half = (list: typeof jobs) => Math.ceil(list.length / 2);
    const batchA = [...ofFirst.slice(0, half(ofFirst)), ...ofSecond.slice(half(ofSecond))];
    const batchB = [...ofSecond.slice(0, half(ofSecond)), ...ofFirst.slice(half(ofFirst))];
    const warn = vi.spyOn(console, "warn");

    const [a, b] = await Promise.all([
      process.processWebhookEvents(batchA),
      process.processWebhookEvents(batchB),
    ]);

    // A deadlock would have rolled a batch back (and warned) before applying it event by event.
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect([...a, ...b].every((o) => o === "processed")).toBe(true);
    for (const order of [first, second]) {
      const tickets = await ticketsOf(order.id);
      expect(tickets).toHaveLength(1);
      expect(tickets[0].status).toBe("open");
    }
    const notes = await prisma.orderSnapshot.findMany({
      where: { shopDomain: SHOP, shopifyId: { in: [gid(first.id), gid(second.id)] } },
      select: { note: true },
    });
    expect(notes.map((n) => n.note).sort()).toEqual(["first, later", "second, later"]);
  });

  it("an event that fails inside a batch fails alone; the rest of the batch is applied", async () => {
    const [cancelled, noted] = openPaidOrders(2, 3);
    simulator.actions.cancelOrder(SHOP, cancelled.id, { reason: "fraud" });
    simulator.actions.updateOrderNote(SHOP, noted.id, "Gift wrap, please");
    const jobs = await pendingJobs();
    // Opening a ticket now fails: the shop's counter gives a number already taken.
    const { lastTicketNumber } = await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    await prisma.shop.update({ where: { domain: SHOP }, data: { lastTicketNumber: 0 } });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});

    const outcomes = await process.processWebhookEvents(jobs);

    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
    const failing = outcomes.filter((o) => o instanceof Error);
    expect(failing.length).toBeGreaterThanOrEqual(1);
    expect(outcomes.filter((o) => o === "processed").length).toBe(jobs.length - failing.length);
    const note = await prisma.orderSnapshot.findFirstOrThrow({
      where: { shopDomain: SHOP, shopifyId: gid(noted.id) },
    });
    expect(note.note).toBe("Gift wrap, please");
    expect(await ticketsOf(cancelled.id)).toHaveLength(0);
    const kept = await prisma.webhookEvent.findMany({ where: { shopDomain: SHOP, status: "pending" } });
    expect(kept).toHaveLength(failing.length);
    expect(kept.every((e) => /unique constraint/i.test(e.error ?? ""))).toBe(true);

    // Once the cause is gone, the job engine's retry succeeds.
    await prisma.shop.update({ where: { domain: SHOP }, data: { lastTicketNumber } });
    const retried = await process.processWebhookEvents(kept.map((e) => ({ id: e.id, finalAttempt: false })));
    expect(retried.every((o) => o === "processed")).toBe(true);
    expect(await ticketsOf(cancelled.id)).toHaveLength(1);
  });
});
