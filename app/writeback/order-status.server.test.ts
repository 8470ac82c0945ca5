import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/server";
import { drainInbox, startInstalledStores } from "../../tests/support/installed-shop";

/**
 * The order's support tags and app metafield follow its tickets, against the
 * simulator: set when a ticket opens, swapped when it is resolved, written
 * once for changes that pile up, as the shop's settings say; throttling is
 * waited out, a refusal is kept with its reason, and the app's own tags are
 * no news in the thread while a merchant's tag is.
 */
const SHOP = `order-status-${crypto.randomUUID().slice(0, 6)}.myshopify.com`;
const AGENT = { type: "staff" as const, id: "1001", name: "Dana Owner" };

let stores: Awaited<ReturnType<typeof startInstalledStores>>;
let simulator: Simulator;
let prisma: typeof import("~/db.server").default;
let outbox: typeof import("./outbox.server");

beforeAll(async () => {
  stores = await startInstalledStores([{ domain: SHOP, orders: 20, customers: 5, days: 20 }], {
    importOrders: true,
  });
  simulator = stores.simulator;
  prisma = (await import("~/db.server")).default;
  outbox = await import("./outbox.server");
});

afterAll(() => stores?.close());

/** The store's orders that have a customer (a ticket by hand needs one); the seed varies with the shop's name. */
const orderRecord = (index: number) => simulator.store.shop(SHOP)!.orders.filter((o) => o.customerId)[index];
const orderGid = (index: number) => `gid://shopify/Order/${orderRecord(index).id}`;

function supportMetafield(index: number) {
  const record = simulator.store
    .shop(SHOP)!
    .metafields.find((m) => m.ownerGid === orderGid(index) && m.key === "support");
  return record ? JSON.parse(record.value) : null;
}

/** A ticket an agent opens by hand about the order at this index. */
async function openTicketAbout(index: number) {
  const snapshot = await prisma.orderSnapshot.findFirstOrThrow({
    where: { shopDomain: SHOP, shopifyId: orderGid(index), customerId: { not: null } },
  });
  const { createTicketByHand } = await import("~/tickets/manual-tickets.server");
  const created = await createTicketByHand(SHOP, AGENT, {
    customerId: snapshot.customerId!,
    orderId: snapshot.id,
    subject: `Question about ${snapshot.name}`,
    body: "Where is my parcel?",
    firstMessage: "customer",
    priority: "normal",
  });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  return prisma.ticket.findUniqueOrThrow({
    where: { shopDomain_number: { shopDomain: SHOP, number: created.number } },
  });
}

async function pendingStatusWrites(index: number) {
  return prisma.shopifyWrite.findMany({
    where: { shopDomain: SHOP, orderGid: orderGid(index), kind: "order_status", status: "pending" },
  });
}

/** Runs the order's queued status writes as the worker would, then delivers Shopify's webhooks. */
async function runStatusWrites(index: number) {
  const outcomes = [];
  for (const write of await pendingStatusWrites(index))
    outcomes.push(await outbox.performShopifyWrite(write.id, { finalAttempt: false }));
  await simulator.waitForDeliveries();
  await drainInbox(SHOP);
  return outcomes;
}

async function setStatus(ticketId: string, status: "open" | "pending" | "resolved" | "closed") {
  const { changeTickets } = await import("~/tickets/ticket-changes.server");
  await changeTickets(SHOP, [ticketId], { status }, AGENT);
}

describe("the order's tags and metafield follow its tickets", () => {
  it("tags the order support-open with a metafield when a ticket opens, and support-resolved when it is resolved", async () => {
    simulator.actions.updateOrderTags(SHOP, orderRecord(0).id, ["vip"]);
    await simulator.waitForDeliveries();
    await drainInbox(SHOP);
    const ticket = await openTicketAbout(0);
    expect(await runStatusWrites(0)).toEqual(["done"]);
    expect(orderRecord(0).tags).toContain("support-open");
    expect(supportMetafield(0)).toMatchObject({
      ticket_count: 1,
      open_count: 1,
      latest_status: "open",
      latest_ticket: ticket.number,
    });
    expect(supportMetafield(0).url).toMatch(
      new RegExp(
        `^https://admin\\.shopify\\.com/store/${SHOP.split(".")[0]}/apps/.+/app/tickets/${ticket.number}$`,
      ),
    );

    await setStatus(ticket.id, "resolved");
    // Adding, removing and the metafield go to Shopify as one mutation request.
    const mutations: string[] = [];
    const count = (name: string) => () => {
      mutations.push(name);
      return undefined;
    };
    simulator.beforeNextGraphql("CounterdeskOrderSupportStateWrite", count("write"));
    simulator.beforeNextGraphql("mutation", count("another mutation"));
    expect(await runStatusWrites(0)).toEqual(["done"]);
    expect(mutations).toEqual(["write"]);
    // The unused counter stays registered; it lets later requests through unchanged.
    expect(orderRecord(0).tags).toContain("support-resolved");
    expect(orderRecord(0).tags).not.toContain("support-open");
    expect(orderRecord(0).tags).toContain("vip");
    expect(supportMetafield(0)).toMatchObject({ ticket_count: 1, open_count: 0, latest_status: "resolved" });

    // Shopify's orders/updated for the app's own tags is no news for the ticket.
    const system = await prisma.message.count({ where: { ticketId: ticket.id, kind: "system" } });
    expect(system).toBe(0);
  });

  it("queues one write for changes that pile up before it runs, and it writes the latest state", async () => {
    const ticket = await openTicketAbout(1);
    await setStatus(ticket.id, "pending");
    await setStatus(ticket.id, "resolved");
    expect(await pendingStatusWrites(1)).toHaveLength(1);
    await runStatusWrites(1);
    expect(orderRecord(1).tags).toContain("support-resolved");
    expect(orderRecord(1).tags).not.toContain("support-open");
    // Run again with nothing changed: Shopify is read, nothing is written.
    await setStatus(ticket.id, "closed");
    await setStatus(ticket.id, "resolved");
    const before = orderRecord(1).updatedAt;
    await runStatusWrites(1);
    expect(orderRecord(1).updatedAt).toBe(before);
  });

  it("writes only what the shop's settings choose", async () => {
    const { saveOrderSyncSettings, DEFAULT_ORDER_SYNC } = await import("./order-sync-settings.server");
    await saveOrderSyncSettings(SHOP, { ...DEFAULT_ORDER_SYNC, writeTags: false, writeMetafield: true });
    await openTicketAbout(2);
    await runStatusWrites(2);
    expect(orderRecord(2).tags).not.toContain("support-open");
    expect(supportMetafield(2)).toMatchObject({ open_count: 1 });

    await saveOrderSyncSettings(SHOP, { ...DEFAULT_ORDER_SYNC, writeTags: false, writeMetafield: false });
    await openTicketAbout(3);
    expect(await pendingStatusWrites(3)).toHaveLength(0);

    await saveOrderSyncSettings(SHOP, {
      ...DEFAULT_ORDER_SYNC,
      openTag: "needs-care",
      resolvedTag: "cared-for",
    });
    await openTicketAbout(4);
    await runStatusWrites(4);
    expect(orderRecord(4).tags).toContain("needs-care");
    await saveOrderSyncSettings(SHOP, DEFAULT_ORDER_SYNC);
  });

  it("waits out Shopify's throttling and succeeds, with nothing shown to agents", async () => {
    await openTicketAbout(5);
    simulator.beforeNextGraphql("CounterdeskOrderSupportStateWrite", () => ({
      status: 200,
      body: {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
        extensions: {
          cost: {
            requestedQueryCost: 10,
            actualQueryCost: null,
            throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 },
          },
        },
      },
    }));
    expect(await runStatusWrites(5)).toEqual(["done"]);
    expect(orderRecord(5).tags).toContain("support-open");
    const write = await prisma.shopifyWrite.findFirstOrThrow({
      where: { shopDomain: SHOP, orderGid: orderGid(5), kind: "order_status" },
    });
    expect(write.lastError).toBeNull();
  });

  it("keeps a refusal with its reason and lets an agent retry it", async () => {
    await openTicketAbout(6);
    simulator.beforeNextGraphql("CounterdeskOrderSupportStateWrite", () => ({
      status: 200,
      body: { data: { tagsAdd: { userErrors: [{ field: ["tags"], message: "Order has too many tags" }] } } },
    }));
    expect(await runStatusWrites(6)).toEqual(["failed"]);
    const write = await prisma.shopifyWrite.findFirstOrThrow({
      where: { shopDomain: SHOP, orderGid: orderGid(6), kind: "order_status" },
    });
    expect(write).toMatchObject({
      status: "failed",
      lastError: "Shopify refused the order's tags: Order has too many tags",
    });
    expect(await outbox.retryShopifyWrite(SHOP, write.id)).toBe(true);
    expect(await runStatusWrites(6)).toEqual(["done"]);
    expect(orderRecord(6).tags).toContain("support-open");
  });

  it("keeps a refused metafield with its reason even when the tags went through, and the retry completes it", async () => {
    await openTicketAbout(8);
    simulator.beforeNextGraphql("CounterdeskOrderSupportStateWrite", () => ({
      status: 200,
      body: {
        data: {
          tagsAdd: { userErrors: [] },
          metafieldsSet: {
            metafields: [],
            userErrors: [{ field: ["metafields", "0", "value"], message: "Value is invalid" }],
          },
        },
      },
    }));
    expect(await runStatusWrites(8)).toEqual(["failed"]);
    const write = await prisma.shopifyWrite.findFirstOrThrow({
      where: { shopDomain: SHOP, orderGid: orderGid(8), kind: "order_status" },
    });
    expect(write.lastError).toBe("Shopify refused the support metafield: Value is invalid");
    expect(await outbox.retryShopifyWrite(SHOP, write.id)).toBe(true);
    expect(await runStatusWrites(8)).toEqual(["done"]);
    expect(orderRecord(8).tags).toContain("support-open");
    expect(supportMetafield(8)).toMatchObject({ open_count: 1 });
  });

  it("still reports a merchant's own tag as news in the ticket", async () => {
    const ticket = await openTicketAbout(7);
    await runStatusWrites(7);
    simulator.actions.updateOrderTags(SHOP, orderRecord(7).id, [...orderRecord(7).tags, "chargeback-risk"]);
    await simulator.waitForDeliveries();
    await drainInbox(SHOP);
    const thread = await prisma.message.findMany({ where: { ticketId: ticket.id, kind: "system" } });
    expect(thread.map((m) => m.body).join("\n")).toContain("chargeback-risk");
    expect(thread.map((m) => m.body).join("\n")).not.toContain("support-open");
  });
});
