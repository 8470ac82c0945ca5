import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/server";
import { callRoute, embeddedRequest, type RouteHandler } from "../../tests/support/embedded-requests";
import { startInstalledStores } from "../../tests/support/installed-shop";

/**
 * Order sync from the agent's side: the settings page (validated, per shop),
 * a resolution added to the order's note when the ticket is resolved, notes
 * kept off the order when the shop turned notes off, and a status write
 * Shopify refused shown on the ticket's order with its reason and a retry.
 */
const suffix = crypto.randomUUID().slice(0, 6);
const SHOP = `order-sync-${suffix}.myshopify.com`;
const OTHER = `order-sync-other-${suffix}.myshopify.com`;
const AGENT = { type: "staff" as const, id: "1001", name: "Dana Owner" };

let stores: Awaited<ReturnType<typeof startInstalledStores>>;
let simulator: Simulator;
let prisma: typeof import("~/db.server").default;
let settingsRoute: { loader: RouteHandler; action: RouteHandler };
let ticketRoute: { loader: RouteHandler; action: RouteHandler };

beforeAll(async () => {
  stores = await startInstalledStores(
    [
      { domain: SHOP, orders: 10, customers: 4, days: 20 },
      { domain: OTHER, orders: 2, customers: 1, days: 20 },
    ],
    { importOrders: true },
  );
  simulator = stores.simulator;
  prisma = (await import("~/db.server")).default;
  settingsRoute = (await import("./app.settings.order-sync")) as unknown as typeof settingsRoute;
  ticketRoute = (await import("./app.tickets.$number")) as unknown as typeof ticketRoute;
});

afterAll(() => stores?.close());

async function saveSettings(form: Record<string, string>, shop = SHOP) {
  const request = await embeddedRequest(simulator, shop, "/app/settings/order-sync", { form });
  return (await callRoute(settingsRoute.action, request)) as Response;
}

async function openTicket(skip: number) {
  const order = (
    await prisma.orderSnapshot.findMany({
      where: { shopDomain: SHOP, customerId: { not: null } },
      orderBy: { name: "asc" },
    })
  )[skip];
  const { createTicketByHand } = await import("~/tickets/manual-tickets.server");
  const created = await createTicketByHand(SHOP, AGENT, {
    customerId: order.customerId!,
    orderId: order.id,
    subject: "Damaged on arrival",
    body: "The mug arrived broken.",
    firstMessage: "customer",
    priority: "normal",
  });
  if (!created.ok) throw new Error("not created");
  return { number: created.number, order };
}

async function postTicket(number: number, form: Record<string, string>) {
  const request = await embeddedRequest(simulator, SHOP, `/app/tickets/${number}`, { form });
  return (await callRoute(ticketRoute.action, request, { number: String(number) })) as Response;
}

const DEFAULTS = {
  writeNotes: "on",
  writeTags: "on",
  openTag: "support-open",
  resolvedTag: "support-resolved",
  writeMetafield: "on",
};

describe("order sync settings", () => {
  it("starts with notes, tags and metafield on, and saves a shop's choice for that shop only", async () => {
    const request = await embeddedRequest(simulator, SHOP, "/app/settings/order-sync");
    expect(await callRoute(settingsRoute.loader, request)).toEqual({
      values: {
        writeNotes: true,
        writeTags: true,
        openTag: "support-open",
        resolvedTag: "support-resolved",
        writeMetafield: true,
      },
    });
    const saved = await saveSettings({ writeTags: "on", openTag: "help-open", resolvedTag: "help-done" });
    expect(saved.status).toBe(200);
    expect(await prisma.orderSyncSettings.findUnique({ where: { shopDomain: SHOP } })).toMatchObject({
      writeNotes: false,
      writeTags: true,
      openTag: "help-open",
      resolvedTag: "help-done",
      writeMetafield: false,
    });
    expect(await prisma.orderSyncSettings.findUnique({ where: { shopDomain: OTHER } })).toBeNull();
  });

  it("refuses bad tags with a message next to each field and keeps what was saved", async () => {
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ ...DEFAULTS, openTag: "" }, { openTag: "Give the open tag a name" }],
      [{ ...DEFAULTS, openTag: "a,b" }, { openTag: "Tags can't contain a comma" }],
      [
        { ...DEFAULTS, resolvedTag: "x".repeat(41) },
        { resolvedTag: "Shopify tags are at most 40 characters" },
      ],
      [
        { ...DEFAULTS, resolvedTag: "Support-Open" },
        { resolvedTag: "Use a different tag for resolved tickets than for open ones" },
      ],
    ];
    for (const [form, errors] of cases) {
      const answer = await saveSettings(form);
      expect(answer.status).toBe(400);
      expect((await answer.json()).errors).toEqual(errors);
    }
    expect(await prisma.orderSyncSettings.findUnique({ where: { shopDomain: SHOP } })).toMatchObject({
      openTag: "help-open",
    });
  });
});

describe("the ticket page and the order", () => {
  it("adds a resolution to the order's note when the agent resolves with it, and queues the tags", async () => {
    await saveSettings(DEFAULTS);
    const { number, order } = await openTicket(0);
    const answer = await postTicket(number, {
      intent: "update",
      status: "resolved",
      priority: "normal",
      tags: "",
      resolution: "Sent a replacement mug",
      addResolutionToOrder: "1",
    });
    expect(await answer.json()).toEqual({ intent: "update", error: null });
    const ticket = await prisma.ticket.findUniqueOrThrow({
      where: { shopDomain_number: { shopDomain: SHOP, number } },
      include: { messages: true },
    });
    expect(ticket.status).toBe("resolved");
    const note = ticket.messages.find((m) => m.kind === "internal_note");
    expect(note?.body).toBe("Resolution: Sent a replacement mug");
    const writes = await prisma.shopifyWrite.findMany({
      where: { shopDomain: SHOP, orderGid: order.shopifyId },
    });
    expect(writes.map((w) => w.kind).sort()).toEqual(["order_note", "order_status"]);
    const noteWrite = writes.find((w) => w.kind === "order_note");
    expect((noteWrite?.payload as { entry: string } | undefined)?.entry).toContain("Sent a replacement mug");

    const tooLong = await postTicket(number, {
      intent: "update",
      status: "resolved",
      resolution: "x".repeat(2001),
    });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error).toBe("A resolution is at most 2,000 characters");
  });

  it("keeps notes off the order when the shop turned notes off", async () => {
    await saveSettings({ ...DEFAULTS, writeNotes: "" });
    const { number, order } = await openTicket(1);
    const loaded = (await callRoute(
      ticketRoute.loader,
      await embeddedRequest(simulator, SHOP, `/app/tickets/${number}`),
      { number: String(number) },
    )) as { writeNotes: boolean };
    expect(loaded.writeNotes).toBe(false);
    await postTicket(number, {
      intent: "message",
      kind: "internal_note",
      body: "Checked stock",
      addToOrder: "1",
      confirmed: "1",
    });
    const notes = await prisma.shopifyWrite.count({
      where: { shopDomain: SHOP, orderGid: order.shopifyId, kind: "order_note" },
    });
    expect(notes).toBe(0);
    await saveSettings(DEFAULTS);
  });

  it("shows a status write Shopify refused on the ticket's order, with a retry", async () => {
    const { number, order } = await openTicket(2);
    const write = await prisma.shopifyWrite.findFirstOrThrow({
      where: { shopDomain: SHOP, orderGid: order.shopifyId, kind: "order_status" },
    });
    simulator.beforeNextGraphql("CounterdeskOrderSupportStateWrite", () => ({
      status: 200,
      body: { data: { tagsAdd: { userErrors: [{ field: ["tags"], message: "Tags are locked" }] } } },
    }));
    const { performShopifyWrite } = await import("~/writeback/outbox.server");
    expect(await performShopifyWrite(write.id, { finalAttempt: false })).toBe("failed");
    const loaded = (await callRoute(
      ticketRoute.loader,
      await embeddedRequest(simulator, SHOP, `/app/tickets/${number}`),
      { number: String(number) },
    )) as { syncProblems: Record<string, unknown> };
    expect(loaded.syncProblems[order.shopifyId]).toEqual({
      writeId: write.id,
      state: "failed",
      reason: "Shopify refused the order's tags: Tags are locked",
    });
    const retried = await postTicket(number, { intent: "retry-write", writeId: write.id });
    expect(await retried.json()).toEqual({ intent: "retry-write", error: null });
    expect(await performShopifyWrite(write.id, { finalAttempt: false })).toBe("done");
  });
});
