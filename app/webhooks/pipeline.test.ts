import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/server";
import { drainInbox, installShop, openPaidOrders } from "../../tests/support/installed-shop";
import { hmacOf, redeliver, webhookRequest } from "../../tests/support/shopify-requests";
import { startSimulatedShopify } from "../../tests/support/simulated-shopify";
import { startWebhookRoutesServer } from "../../tests/support/webhook-routes-server";

/**
 * The whole path with Shopify-shaped traffic: the simulator acts as the
 * merchant and delivers signed webhooks over HTTP to the real route actions,
 * which store them in the inbox; the inbox is then processed as the worker
 * does.
 */
const suffix = crypto.randomUUID().slice(0, 6);
const SHOP = `pipeline-${suffix}.myshopify.com`;
const OTHER = `pipeline-other-${suffix}.myshopify.com`;

let simulator: Simulator;
let routes: Awaited<ReturnType<typeof startWebhookRoutesServer>>;
let prisma: typeof import("~/db.server").default;

beforeAll(async () => {
  routes = await startWebhookRoutesServer();
  simulator = await startSimulatedShopify({
    appUrl: routes.url,
    shops: [
      { domain: SHOP, orders: 120, customers: 30, days: 20, installed: true },
      { domain: OTHER, orders: 60, customers: 8, days: 20, installed: true },
    ],
  });
  prisma = (await import("~/db.server")).default;
  await installShop(simulator, SHOP);
  await installShop(simulator, OTHER);
});

afterAll(async () => {
  await simulator?.close();
  await routes?.close();
  const { stopSender } = await import("~/jobs/queues.server");
  await stopSender();
});

function shopRecord(domain = SHOP) {
  return simulator.store.shop(domain)!;
}

/** A paid, open, unfulfilled order of a customer. */
function openPaidOrder(domain = SHOP, skip = 0) {
  return openPaidOrders(simulator, domain, 1, skip)[0];
}

async function deliverAndProcess(shop = SHOP) {
  await simulator.waitForDeliveries();
  return drainInbox(shop);
}

async function ticketsForOrder(orderGid: string, shop = SHOP) {
  return prisma.ticket.findMany({
    where: { shopDomain: shop, orders: { some: { order: { shopifyId: orderGid } } } },
    include: {
      messages: { orderBy: { createdAt: "asc" } },
      customer: true,
      orders: { include: { order: true } },
    },
  });
}

const gid = (id: string) => `gid://shopify/Order/${id}`;

describe("tickets from Shopify webhooks", () => {
  it("a cancellation opens one ticket linked to the order and its customer, with the story in the thread", async () => {
    const order = openPaidOrder();
    simulator.actions.cancelOrder(SHOP, order.id, { reason: "customer" });
    const outcomes = await deliverAndProcess();
    expect(outcomes.length).toBeGreaterThanOrEqual(3); // orders/cancelled, refunds/create, orders/updated
    expect(outcomes.every((o) => o === "processed")).toBe(true);

    const tickets = await ticketsForOrder(gid(order.id));
    expect(tickets).toHaveLength(1);
    const [ticket] = tickets;
    expect(ticket.subject).toBe(`Order ${order.name} was cancelled`);
    expect(ticket).toMatchObject({
      status: "open",
      priority: "high",
      channel: "shopify",
      tags: ["cancellation"],
    });
    expect(ticket.customer?.shopifyId).toBe(`gid://shopify/Customer/${order.customerId}`);
    expect(ticket.orders[0].order).toMatchObject({ name: order.name, cancelReason: "customer" });
    expect(ticket.orders[0].order.cancelledAt).toBeInstanceOf(Date);
    const thread = ticket.messages.map((m) => m.body).join("\n");
    expect(thread).toContain(`Order ${order.name} was cancelled (reason: customer).`);
    expect(thread).toMatch(new RegExp(`Order ${order.name} was refunded \\d+\\.\\d{2} EUR`));
    expect(ticket.messages.every((m) => m.kind === "system")).toBe(true);
  });

  it("a refund on an order with an open ticket is appended to it; no second ticket", async () => {
    const order = openPaidOrder();
    simulator.actions.cancelOrder(SHOP, order.id, { reason: "inventory", refund: false });
    await deliverAndProcess();
    simulator.actions.refundOrder(SHOP, order.id, { amount: "5.00", note: "Goodwill" });
    await deliverAndProcess();

    const tickets = await ticketsForOrder(gid(order.id));
    expect(tickets).toHaveLength(1);
    expect(tickets[0].messages.map((m) => m.body)).toEqual([
      `Order ${order.name} was cancelled (reason: inventory).`,
      `Order ${order.name} was refunded 5.00 EUR: Goodwill.`,
    ]);
  });

  it("a fulfilment with tracking on an order with a ticket reaches the thread; alone it opens nothing", async () => {
    const quiet = openPaidOrder();
    simulator.actions.fulfillOrder(SHOP, quiet.id, {
      company: "DHL",
      number: "JD0001",
      url: "https://track.example/JD0001",
    });
    await deliverAndProcess();
    expect(await ticketsForOrder(gid(quiet.id))).toHaveLength(0);
    const snapshot = await prisma.orderSnapshot.findFirstOrThrow({
      where: { shopDomain: SHOP, shopifyId: gid(quiet.id) },
    });
    expect(snapshot.fulfillments).toEqual([
      expect.objectContaining({
        trackingCompany: "DHL",
        trackingNumbers: ["JD0001"],
        trackingUrls: ["https://track.example/JD0001"],
      }),
    ]);
  });

  it("events on a linked order that match no rule are appended to its ticket", async () => {
    const order = openPaidOrder();
    simulator.actions.refundOrder(SHOP, order.id, { amount: "1.00" });
    await deliverAndProcess();
    simulator.actions.updateOrderNote(SHOP, order.id, "Customer called about the delivery date");
    await new Promise((r) => setTimeout(r, 5)); // two edits, the second a few milliseconds later
    simulator.actions.updateOrderTags(SHOP, order.id, ["vip"]);
    await deliverAndProcess();
    const [ticket] = await ticketsForOrder(gid(order.id));
    const thread = ticket.messages.map((m) => m.body).join("\n");
    expect(thread).toContain(`Order ${order.name} note: "Customer called about the delivery date"`);
    // Two edits within one second: the snapshot must end with both. (That
    // the second edit always adds its own line to the thread is not yet
    // guaranteed: see the open issue's note.)
    const snapshot = await prisma.orderSnapshot.findFirstOrThrow({
      where: { shopDomain: SHOP, shopifyId: gid(order.id) },
    });
    expect(snapshot.tags).toEqual(["vip"]);
    expect(snapshot.note).toBe("Customer called about the delivery date");
  });

  it("a customers/update changes the customer", async () => {
    const customer = shopRecord().customers[0];
    simulator.actions.updateCustomer(SHOP, customer.id, { firstName: "Renamed", note: "Prefers email" });
    await deliverAndProcess();
    const row = await prisma.customer.findUniqueOrThrow({
      where: {
        shopDomain_shopifyId: { shopDomain: SHOP, shopifyId: `gid://shopify/Customer/${customer.id}` },
      },
    });
    expect(row).toMatchObject({ firstName: "Renamed", note: "Prefers email" });
  });
});

describe("exactly once, in any order", () => {
  it("a redelivery (same webhook id) stores nothing and changes nothing", async () => {
    const order = openPaidOrder();
    simulator.actions.cancelOrder(SHOP, order.id, { reason: "fraud" });
    await deliverAndProcess();
    const before = await ticketsForOrder(gid(order.id));
    const events = await prisma.webhookEvent.count({ where: { shopDomain: SHOP } });

    const deliveries = simulator.deliveries().filter((d) => d.shop === SHOP && d.body?.includes(order.id));
    for (const d of deliveries) expect((await redeliver(d.uri, d)).status).toBe(200);
    expect(await prisma.webhookEvent.count({ where: { shopDomain: SHOP } })).toBe(events);
    await drainInbox(SHOP);
    expect(await ticketsForOrder(gid(order.id))).toEqual(before);
  });

  it("an older orders/updated arriving after a newer one changes nothing", async () => {
    const order = openPaidOrder();
    simulator.actions.updateOrderNote(SHOP, order.id, "first");
    await simulator.waitForDeliveries();
    const older = simulator.deliveries().findLast((d) => d.shop === SHOP && d.topic === "orders/updated")!;
    await new Promise((r) => setTimeout(r, 1100)); // Shopify's updated_at has second precision
    simulator.actions.updateOrderNote(SHOP, order.id, "second");
    await deliverAndProcess();

    const snapshotBefore = await prisma.orderSnapshot.findFirstOrThrow({
      where: { shopDomain: SHOP, shopifyId: gid(order.id) },
    });
    expect(snapshotBefore.note).toBe("second");
    // Shopify retries deliver the original payload up to hours later.
    const late = webhookRequest({ topic: "orders/updated", shop: SHOP, payload: JSON.parse(older.body!) });
    expect(
      (
        await fetch(`${routes.url}/webhooks/events`, {
          method: "POST",
          headers: late.headers,
          body: older.body,
        })
      ).status,
    ).toBe(200);
    expect(await drainInbox(SHOP)).toEqual(["processed"]);
    const snapshotAfter = await prisma.orderSnapshot.findFirstOrThrow({
      where: { shopDomain: SHOP, shopifyId: gid(order.id) },
    });
    expect(snapshotAfter).toEqual(snapshotBefore);
  });

  it("processing an event twice has the effect of once", async () => {
    const order = openPaidOrder();
    simulator.actions.cancelOrder(SHOP, order.id, { reason: "declined" });
    await simulator.waitForDeliveries();
    const pending = await prisma.webhookEvent.findMany({ where: { shopDomain: SHOP, status: "pending" } });
    const { processWebhookEvent } = await import("./process.server");
    const first = await Promise.all(pending.map((e) => processWebhookEvent(e.id, { finalAttempt: false })));
    const second = await Promise.all(pending.map((e) => processWebhookEvent(e.id, { finalAttempt: false })));
    expect(second.every((o) => o === "already-processed")).toBe(true);
    expect(first.filter((o) => o === "processed").length).toBe(pending.length);
    const tickets = await ticketsForOrder(gid(order.id));
    expect(tickets).toHaveLength(1);
    expect(tickets[0].messages.length).toBeLessThanOrEqual(pending.length);
  });
});

describe("bad input", () => {
  async function post(topic: string, body: string) {
    const request = webhookRequest({ topic, shop: SHOP, payload: {} });
    request.headers.set("X-Shopify-Hmac-Sha256", hmacOf(body));
    return fetch(`${routes.url}/webhooks/events`, { method: "POST", headers: request.headers, body });
  }

  it("a batch, as the worker takes it, applies each event once; a bad event in it fails alone", async () => {
    const order = openPaidOrder();
    simulator.actions.cancelOrder(SHOP, order.id, { reason: "customer" });
    await simulator.waitForDeliveries();
    expect((await post("orders/create", "this is not json")).status).toBe(200);
    const pending = await prisma.webhookEvent.findMany({
      where: { shopDomain: SHOP, status: "pending" },
      orderBy: { receivedAt: "asc" },
    });
    const jobs = pending.map((e) => ({ id: e.id, finalAttempt: false }));
    const { processWebhookEvents } = await import("./process.server");
    // Two workers holding the same batch at once.
    const [first, second] = await Promise.all([processWebhookEvents(jobs), processWebhookEvents(jobs)]);
    for (const [i, outcome] of first.entries()) {
      const last = i === jobs.length - 1;
      expect([outcome, second[i]].sort()).toEqual(
        last ? ["failed", "failed"] : ["already-processed", "processed"],
      );
    }
    const tickets = await ticketsForOrder(gid(order.id));
    expect(tickets).toHaveLength(1);
    const again = await processWebhookEvents(jobs.slice(0, -1));
    expect(again.every((o) => o === "already-processed")).toBe(true);
    expect(await ticketsForOrder(gid(order.id))).toEqual(tickets);
    // The next test counts this shop's failed events.
    await prisma.webhookEvent.delete({ where: { id: jobs[jobs.length - 1].id } });
  });

  it("a signed payload that is not JSON or fails validation is acknowledged, kept as failed with its reason, and the next event still goes through", async () => {
    expect((await post("orders/create", "this is not json")).status).toBe(200);
    expect((await post("orders/create", JSON.stringify({ id: 1, name: "" }))).status).toBe(200);
    const order = openPaidOrder();
    simulator.actions.cancelOrder(SHOP, order.id, { reason: "other" });
    await simulator.waitForDeliveries();
    const outcomes = await drainInbox(SHOP);
    expect(outcomes.slice(0, 2)).toEqual(["failed", "failed"]);
    expect(outcomes.slice(2).every((o) => o === "processed")).toBe(true);

    const failed = await prisma.webhookEvent.findMany({
      where: { shopDomain: SHOP, status: "failed" },
      orderBy: { receivedAt: "asc" },
    });
    expect(failed.map((e) => e.error)).toEqual([
      expect.stringContaining("The payload is not JSON"),
      expect.stringContaining("The payload failed validation"),
    ]);
    expect(failed[0].payload).toBe("this is not json");
    expect(await ticketsForOrder(gid(order.id))).toHaveLength(1);
  });

  it("a bad signature is refused and nothing is stored", async () => {
    const before = await prisma.webhookEvent.count();
    const request = webhookRequest({
      topic: "orders/create",
      shop: SHOP,
      payload: { x: 1 },
      hmac: "bm9wZQ==",
    });
    const response = await fetch(`${routes.url}/webhooks/events`, {
      method: "POST",
      headers: request.headers,
      body: await request.text(),
    });
    expect(response.status).toBe(401);
    expect(await prisma.webhookEvent.count()).toBe(before);
  });
});

describe("shop isolation", () => {
  it("one shop's events never touch another shop", async () => {
    const otherTicketsBefore = await prisma.ticket.count({ where: { shopDomain: OTHER } });
    const order = openPaidOrder(OTHER);
    simulator.actions.cancelOrder(OTHER, order.id, { reason: "customer" });
    await deliverAndProcess(OTHER);
    expect(await prisma.ticket.count({ where: { shopDomain: OTHER } })).toBe(otherTicketsBefore + 1);
    expect(await ticketsForOrder(gid(order.id), SHOP)).toHaveLength(0);
    const shopA = await prisma.ticket.findMany({
      where: { shopDomain: SHOP },
      include: { orders: { include: { order: true } } },
    });
    expect(shopA.flatMap((t) => t.orders.map((o) => o.order.shopDomain)).every((d) => d === SHOP)).toBe(true);
  });
});
