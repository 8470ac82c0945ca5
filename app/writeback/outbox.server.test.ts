import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/server";
import { drainInbox, startInstalledStores } from "../../tests/support/installed-shop";
import { ENTRY_PREFIX } from "./order-note";

/**
 * Notes written back to the Shopify order's note through the outbox, against
 * the simulator: the merchant's text survives, a merchant's edit at the same
 * moment is merged, 5xx answers are retried, a refusal is kept with its
 * reason and can be retried, and the app's own write is no news in the thread.
 */
const SHOP = `writeback-${crypto.randomUUID().slice(0, 6)}.myshopify.com`;
const AGENT = { type: "staff" as const, id: "1001", name: "Dana Owner" };

let stores: Awaited<ReturnType<typeof startInstalledStores>>;
let simulator: Simulator;
let prisma: typeof import("~/db.server").default;
let outbox: typeof import("./outbox.server");
let messages: typeof import("~/tickets/ticket-messages.server");

beforeAll(async () => {
  stores = await startInstalledStores([{ domain: SHOP, orders: 20, customers: 5, days: 20 }], {
    importOrders: true,
  });
  simulator = stores.simulator;
  prisma = (await import("~/db.server")).default;
  outbox = await import("./outbox.server");
  messages = await import("~/tickets/ticket-messages.server");
});

afterAll(() => stores?.close());

const orderRecord = (index: number) => simulator.store.shop(SHOP)!.orders[index];

/** A ticket linked to the order at this index of the simulator's store, with the merchant's own note on the order. */
async function ticketFor(index: number, merchantNote: string) {
  const order = orderRecord(index);
  simulator.actions.updateOrderNote(SHOP, order.id, merchantNote);
  await simulator.waitForDeliveries();
  await drainInbox(SHOP);
  const snapshot = await prisma.orderSnapshot.findFirstOrThrow({
    where: { shopDomain: SHOP, shopifyId: `gid://shopify/Order/${order.id}` },
  });
  const number = (
    await prisma.shop.update({ where: { domain: SHOP }, data: { lastTicketNumber: { increment: 1 } } })
  ).lastTicketNumber;
  const ticket = await prisma.ticket.create({
    data: {
      shopDomain: SHOP,
      number,
      subject: `About ${order.name}`,
      channel: "manual",
      tags: [],
      orders: { create: { orderId: snapshot.id, shopDomain: SHOP } },
    },
  });
  return { order, ticket, orderGid: snapshot.shopifyId };
}

async function noteToOrder(ticket: { id: string }, order: { name: string }, orderGid: string, text: string) {
  const message = await messages.addAgentMessage(
    SHOP,
    ticket.id,
    AGENT,
    { kind: "internal_note", body: text },
    { addToOrder: { orderGid, orderName: order.name } },
  );
  return prisma.shopifyWrite.findFirstOrThrow({ where: { messageId: message!.id } });
}

describe("notes written back to the Shopify order", () => {
  it("appends a dated entry naming the ticket, keeping the merchant's note; its webhook echo adds nothing", async () => {
    const { order, ticket, orderGid } = await ticketFor(0, "Leave at the back door.");
    const write = await noteToOrder(ticket, order, orderGid, "Customer asked for a gift receipt");
    expect(write.status).toBe("pending");

    expect(await outbox.performShopifyWrite(write.id, { finalAttempt: false })).toBe("done");
    const note = orderRecord(0).note ?? "";
    expect(note.split("\n")[0]).toBe("Leave at the back door.");
    expect(note).toMatch(
      new RegExp(
        `^${ENTRY_PREFIX} ticket #${ticket.number}, \\d{4}-\\d\\d-\\d\\d: Customer asked for a gift receipt$`,
        "m",
      ),
    );
    expect((await prisma.shopifyWrite.findUniqueOrThrow({ where: { id: write.id } })).result).toBe(note);

    // Shopify's orders/updated for the app's own write is not news for the ticket.
    await simulator.waitForDeliveries();
    await drainInbox(SHOP);
    const system = await prisma.message.count({ where: { ticketId: ticket.id, kind: "system" } });
    expect(system).toBe(0);
    // Doing the job again changes nothing.
    expect(await outbox.performShopifyWrite(write.id, { finalAttempt: false })).toBe("already-done");
  });

  it("keeps a merchant's edit that lands while the entry is written, and the entry too", async () => {
    const { order, ticket, orderGid } = await ticketFor(1, "Fragile.");
    const write = await noteToOrder(ticket, order, orderGid, "Replacement promised");
    // Just before the app's write, the merchant saves their own edit in admin.
    simulator.beforeNextGraphql("CounterdeskOrderNoteUpdate", () => {
      simulator.actions.updateOrderNote(SHOP, order.id, "Fragile. Ring twice.");
      return undefined;
    });
    // Just after it, the merchant saves again from a page loaded before the write.
    let afterWrite = false;
    simulator.beforeNextGraphql("CounterdeskOrderNote(", () => {
      afterWrite = true;
      simulator.actions.updateOrderNote(SHOP, order.id, "Fragile. Ring twice. Leave with neighbour.");
      return undefined;
    });
    expect(await outbox.performShopifyWrite(write.id, { finalAttempt: false })).toBe("done");
    expect(afterWrite).toBe(true);
    const note = orderRecord(1).note ?? "";
    expect(note).toContain("Fragile. Ring twice. Leave with neighbour.");
    expect(note).toContain("Replacement promised");
  });

  it("puts back a merchant's save that the app's write replaced, from its webhook", async () => {
    const { order, ticket, orderGid } = await ticketFor(5, "Fragile.");
    const write = await noteToOrder(ticket, order, orderGid, "Sent a new tracking link");
    // The merchant saves between the app's read and its write; nothing after.
    simulator.beforeNextGraphql("CounterdeskOrderNoteUpdate", () => {
      simulator.actions.updateOrderNote(SHOP, order.id, "Fragile. Call before delivery.");
      return undefined;
    });
    expect(await outbox.performShopifyWrite(write.id, { finalAttempt: false })).toBe("done");
    // Shopify holds the app's version, built on the note it read...
    expect(orderRecord(5).note).not.toContain("Call before delivery");
    // ...until the merchant's webhook shows what was replaced, and a repair puts it back.
    await simulator.waitForDeliveries();
    await drainInbox(SHOP);
    const repairs = await prisma.shopifyWrite.findMany({ where: { orderGid, kind: "note_repair" } });
    expect(repairs).toHaveLength(1);
    expect(await outbox.performShopifyWrite(repairs[0].id, { finalAttempt: false })).toBe("done");
    const note = orderRecord(5).note ?? "";
    expect(note.split("\n")[0]).toBe("Fragile. Call before delivery.");
    expect(note).toContain("Sent a new tracking link");
    // The repair's own echo is no news and queues nothing more.
    await simulator.waitForDeliveries();
    await drainInbox(SHOP);
    expect(await prisma.shopifyWrite.count({ where: { orderGid, kind: "note_repair" } })).toBe(1);
  });

  it("retries Shopify's 5xx answers and succeeds", async () => {
    const { order, ticket, orderGid } = await ticketFor(2, "");
    const write = await noteToOrder(ticket, order, orderGid, "Retried write");
    simulator.beforeNextGraphql("CounterdeskOrderNoteUpdate", () => ({
      status: 503,
      body: { errors: "Service Unavailable" },
    }));
    expect(await outbox.performShopifyWrite(write.id, { finalAttempt: false })).toBe("done");
    expect(orderRecord(2).note).toContain("Retried write");
  });

  it("keeps a refusal with its reason, stops retrying, and lets an agent retry", async () => {
    const { order, ticket, orderGid } = await ticketFor(3, "Merchant text");
    const write = await noteToOrder(ticket, order, orderGid, "Will be refused once");
    simulator.beforeNextGraphql("CounterdeskOrderNoteUpdate", () => ({
      status: 200,
      body: {
        data: { orderUpdate: { order: null, userErrors: [{ field: ["note"], message: "Note is invalid" }] } },
      },
    }));
    expect(await outbox.performShopifyWrite(write.id, { finalAttempt: false })).toBe("failed");
    expect(await prisma.shopifyWrite.findUniqueOrThrow({ where: { id: write.id } })).toMatchObject({
      status: "failed",
      lastError: "Shopify refused the note: Note is invalid",
    });
    expect(orderRecord(3).note).toBe("Merchant text");

    expect(await outbox.retryShopifyWrite("other.myshopify.com", write.id)).toBe(false);
    expect(await outbox.retryShopifyWrite(SHOP, write.id)).toBe(true);
    expect(await outbox.performShopifyWrite(write.id, { finalAttempt: false })).toBe("done");
    expect(orderRecord(3).note).toContain("Will be refused once");
  });

  it("still reports a merchant's own note change as news", async () => {
    const { order, ticket } = await ticketFor(4, "First");
    await prisma.ticket.update({ where: { id: ticket.id }, data: { status: "open" } });
    simulator.actions.updateOrderNote(SHOP, order.id, "Second");
    await simulator.waitForDeliveries();
    await drainInbox(SHOP);
    const thread = await prisma.message.findMany({ where: { ticketId: ticket.id, kind: "system" } });
    expect(thread.map((m) => m.body).join("\n")).toMatch(/note/i);
  });
});
