import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/server";
import { callRoute, embeddedRequest, type RouteHandler } from "../../tests/support/embedded-requests";
import { drainInbox, installShop } from "../../tests/support/installed-shop";
import { startSimulatedShopify } from "../../tests/support/simulated-shopify";
import { startWebhookRoutesServer } from "../../tests/support/webhook-routes-server";

/**
 * The agent workspace through its real route handlers: tickets opened by
 * webhooks the simulator delivers, listed and worked by staff members whose
 * session tokens the simulator mints (Dana 1001, Sam 1002).
 */
const suffix = crypto.randomUUID().slice(0, 6);
const SHOP = `workspace-${suffix}.myshopify.com`;
const OTHER = `workspace-other-${suffix}.myshopify.com`;

let simulator: Simulator;
let routes: Awaited<ReturnType<typeof startWebhookRoutesServer>>;
let prisma: typeof import("~/db.server").default;
let inbox: { loader: RouteHandler; action: RouteHandler };
let page: { loader: RouteHandler; action: RouteHandler };

interface InboxData {
  page: { rows: { id: string; number: number; subject: string; orderNames: string[] }[] } | { error: string };
  counts: Record<string, number>;
  agents: { staffId: string; name: string }[];
}
type TicketData = Awaited<ReturnType<typeof import("./app.tickets.$number").loader>>;

beforeAll(async () => {
  routes = await startWebhookRoutesServer();
  simulator = await startSimulatedShopify({
    appUrl: routes.url,
    shops: [
      { domain: SHOP, orders: 40, customers: 6, days: 20, installed: true },
      { domain: OTHER, orders: 5, customers: 2, days: 20, installed: true },
    ],
  });
  prisma = (await import("~/db.server")).default;
  inbox = (await import("./app.tickets._index")) as unknown as typeof inbox;
  page = (await import("./app.tickets.$number")) as unknown as typeof page;
  await installShop(simulator, SHOP);
  await installShop(simulator, OTHER);
  // What the install's import job does: the customers' other orders are then linkable.
  const { importRecentOrders } = await import("~/orders/import.server");
  await importRecentOrders(SHOP);
  await importRecentOrders(OTHER);
});

afterAll(async () => {
  await simulator?.close();
  await routes?.close();
  const { stopSender } = await import("~/jobs/queues.server");
  await stopSender();
});

/** A paid, open, unfulfilled order of a customer who has at least one other order. */
function openOrder(skip = 0) {
  const shop = simulator.store.shop(SHOP)!;
  const repeat = (customerId: string | null) =>
    shop.orders.filter((o) => o.customerId === customerId).length > 1;
  return shop.orders.filter(
    (o) =>
      o.customerId !== null &&
      repeat(o.customerId) &&
      !o.cancelledAt &&
      o.fulfillments.length === 0 &&
      o.financialStatus === "PAID" &&
      o.refunds.length === 0,
  )[skip];
}

async function deliver(shop = SHOP) {
  await simulator.waitForDeliveries();
  await drainInbox(shop);
}

async function loadInbox(query = "", userId = "1001") {
  return (await callRoute(
    inbox.loader,
    await embeddedRequest(simulator, SHOP, `/app/tickets?${query}`, { userId }),
  )) as InboxData;
}

async function loadTicket(number: number, shop = SHOP) {
  return callRoute(page.loader, await embeddedRequest(simulator, shop, `/app/tickets/${number}`), {
    number: String(number),
  });
}

async function post(number: number, form: Record<string, string>, userId = "1001") {
  return (await callRoute(
    page.action,
    await embeddedRequest(simulator, SHOP, `/app/tickets/${number}`, { form, userId }),
    {
      number: String(number),
    },
  )) as Response;
}

let cancelled: ReturnType<typeof openOrder>;
let ticketNumber: number;

describe("the inbox", () => {
  it("lists a ticket a cancellation webhook opened, with counts, and finds it by order name", async () => {
    cancelled = openOrder();
    simulator.actions.cancelOrder(SHOP, cancelled.id, { reason: "customer", refund: false });
    await deliver();

    const data = await loadInbox();
    expect("rows" in data.page).toBe(true);
    const rows = "rows" in data.page ? data.page.rows : [];
    const row = rows.find((r) => r.orderNames.includes(cancelled.name));
    expect(row?.subject).toBe(`Order ${cancelled.name} was cancelled`);
    ticketNumber = row!.number;
    expect(data.counts.open).toBeGreaterThanOrEqual(1);
    // The staff member who opened the app became an agent.
    expect(data.agents.map((a) => a.name)).toContain("Dana Owner");

    const found = await loadInbox(`view=all&q=${encodeURIComponent(cancelled.name)}`);
    expect("rows" in found.page && found.page.rows.map((r) => r.number)).toEqual([ticketNumber]);
    const none = await loadInbox("view=all&q=zzzzzz");
    expect("rows" in none.page && none.page.rows).toEqual([]);
  });

  it("answers a tampered page link with a message, not an error page", async () => {
    const data = await loadInbox("cursor=not-a-cursor");
    expect(data.page).toEqual({ error: expect.stringMatching(/first page/) });
  });

  it("applies bulk actions and refuses bad ones with a clear message", async () => {
    await loadInbox("", "1002"); // Sam opens the app once: now assignable.
    const ids = [
      (await prisma.ticket.findFirstOrThrow({ where: { shopDomain: SHOP, number: ticketNumber } })).id,
    ];
    const assign = async (form: Record<string, string | string[]>) =>
      (await callRoute(
        inbox.action,
        await embeddedRequest(simulator, SHOP, "/app/tickets", { form }),
      )) as Response;

    const ok = await assign({ ticketId: ids, action: "assign", value: "1002" });
    expect(await ok.json()).toEqual({ ok: true, error: null, changed: 1 });
    const mine = await loadInbox("view=mine", "1002");
    expect("rows" in mine.page && mine.page.rows.map((r) => r.number)).toEqual([ticketNumber]);

    const noSelection = await assign({ action: "status", value: "resolved" });
    expect(noSelection.status).toBe(400);
    expect((await noSelection.json()).error).toBe("Select at least one ticket");
    const badStatus = await assign({ ticketId: ids, action: "status", value: "deleted" });
    expect((await badStatus.json()).error).toBe("Choose a status");
    const stranger = await assign({ ticketId: ids, action: "assign", value: "4242" });
    expect((await stranger.json()).error).toMatch(/hasn't opened Counterdesk/);
    const events = await prisma.ticketEvent.findMany({ where: { ticketId: ids[0] } });
    expect(events.map((e) => [e.type, e.actorName])).toEqual([["assignee", "Dana Owner"]]);
  });
});

describe("the ticket page", () => {
  it("shows the thread, the order with its items and the customer with their history", async () => {
    const data = (await loadTicket(ticketNumber)) as TicketData;
    const { ticket } = data;
    expect(ticket.thread.some((t) => t.type === "message" && t.body.includes("was cancelled"))).toBe(true);
    expect(ticket.orders).toHaveLength(1);
    expect(ticket.orders[0]).toMatchObject({ name: cancelled.name, legacyId: cancelled.id });
    expect(ticket.orders[0].lineItems.length).toBeGreaterThan(0);
    expect(ticket.customer?.email).toBeTruthy();
    expect(ticket.customer?.linkableOrders.length).toBeGreaterThan(0);
    // The starter macros, filled in for this ticket.
    const cancellation = data.macros.find((m) => m.name === "Cancellation confirmed");
    expect(cancellation?.text).toContain(`Your order ${cancelled.name} has been cancelled`);
    expect(cancellation?.text).toContain("Dana Owner");
    expect(cancellation?.problems).toEqual([]);
  });

  it("is a 404 for an unknown or malformed number, and for another shop's ticket", async () => {
    expect(((await loadTicket(999_999)) as Response).status).toBe(404);
    const malformed = await callRoute(
      page.loader,
      await embeddedRequest(simulator, SHOP, "/app/tickets/abc"),
      {
        number: "abc",
      },
    );
    expect((malformed as Response).status).toBe(404);
    // OTHER has no tickets: SHOP's ticket number means nothing there.
    expect(((await loadTicket(ticketNumber, OTHER)) as Response).status).toBe(404);
  });

  it("shows a long thread's newest messages, says how many came before, and the whole thread on request", async () => {
    const ticket = await prisma.ticket.create({
      data: { shopDomain: SHOP, number: 9_000, subject: "Busy order", channel: "shopify", tags: [] },
    });
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 0, minute));
    await prisma.message.createMany({
      data: Array.from({ length: 130 }, (_, i) => ({
        shopDomain: SHOP,
        ticketId: ticket.id,
        kind: "system" as const,
        authorType: "system",
        body: `Order #1001 was updated (${i + 1})`,
        createdAt: at(i),
      })),
    });
    const event = (minute: number, to: string) => ({
      shopDomain: SHOP,
      ticketId: ticket.id,
      type: "status",
      actorType: "staff",
      actorName: "Dana Owner",
      data: { from: "open", to },
      createdAt: at(minute),
    });
    await prisma.ticketEvent.createMany({ data: [event(5, "pending"), event(120, "open")] });

    const { ticket: first } = (await loadTicket(9_000)) as TicketData;
    const messages = first.thread.filter((t) => t.type === "message");
    expect(messages).toHaveLength(100);
    expect(messages[0]).toMatchObject({ body: "Order #1001 was updated (31)" });
    expect(messages.at(-1)).toMatchObject({ body: "Order #1001 was updated (130)" });
    expect(first.earlierMessages).toBe(30);
    // Events among the shown messages are shown; those before them wait with them.
    expect(first.thread.filter((t) => t.type === "event").map((t) => t.at)).toEqual([at(120).toISOString()]);

    const { ticket: whole } = (await callRoute(
      page.loader,
      await embeddedRequest(simulator, SHOP, "/app/tickets/9000?thread=all"),
      { number: "9000" },
    )) as TicketData;
    expect(whole.thread.filter((t) => t.type === "message")).toHaveLength(130);
    expect(whole.thread.filter((t) => t.type === "event")).toHaveLength(2);
    expect(whole.earlierMessages).toBe(0);
  });

  it("sends a reply and adds a note, each with its author; an empty one is refused with the text kept", async () => {
    const empty = await post(ticketNumber, { intent: "message", kind: "agent_reply", body: "   " });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({
      composer: { errors: { body: "Write something before sending" } },
    });

    const { ticket } = (await loadTicket(ticketNumber)) as TicketData;
    const seenOrders = JSON.stringify(Object.fromEntries(ticket.orders.map((o) => [o.id, o.version])));
    const reply = await post(ticketNumber, {
      intent: "message",
      kind: "agent_reply",
      body: "Sorry to see you go!",
      seenOrders,
    });
    expect(await reply.json()).toEqual({ intent: "message", composer: { sent: "agent_reply" } });
    await post(
      ticketNumber,
      { intent: "message", kind: "internal_note", body: "Offer a voucher?", seenOrders },
      "1002",
    );

    const messages = await prisma.message.findMany({
      where: { ticketId: ticket.id, kind: { in: ["agent_reply", "internal_note"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(messages.map((m) => [m.kind, m.authorName, m.body])).toEqual([
      ["agent_reply", "Dana Owner", "Sorry to see you go!"],
      ["internal_note", "Sam Support", "Offer a voucher?"],
    ]);
    expect(
      (await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).firstResponseAt,
    ).toBeInstanceOf(Date);
  });

  it("holds a reply written before the order changed, says what changed, and sends it once confirmed", async () => {
    const { ticket } = (await loadTicket(ticketNumber)) as TicketData;
    const seenOrders = JSON.stringify(Object.fromEntries(ticket.orders.map((o) => [o.id, o.version])));
    // While the agent writes, the merchant refunds part of the order.
    simulator.actions.refundOrder(SHOP, cancelled.id, { amount: "1.00", note: "Shipping" });
    await deliver();

    // The page, polling while the agent writes, hears of it before any send.
    const versions = (await import("./app.tickets.$number.order-versions")) as unknown as {
      loader: RouteHandler;
    };
    const poll = async (seen: string) =>
      (await callRoute(
        versions.loader,
        await embeddedRequest(
          simulator,
          SHOP,
          `/app/tickets/${ticketNumber}/order-versions?seen=${encodeURIComponent(seen)}`,
        ),
        { number: String(ticketNumber) },
      )) as Response;
    expect((await (await poll(seenOrders)).json()).changes).toEqual([
      { name: cancelled.name, summary: expect.stringMatching(/refunded/) },
    ]);
    expect((await poll("not json")).status).toBe(400);

    const form = { intent: "message", kind: "agent_reply", body: "Your order is on its way", seenOrders };
    const held = await post(ticketNumber, form);
    expect(held.status).toBe(409);
    const body = await held.json();
    expect(body.composer.values.body).toBe("Your order is on its way");
    expect(body.composer.orderChanges).toEqual([
      { name: cancelled.name, summary: expect.stringMatching(/cancelled.*refunded/) },
    ]);
    expect(
      await prisma.message.count({ where: { ticketId: ticket.id, body: "Your order is on its way" } }),
    ).toBe(0);

    const confirmed = await post(ticketNumber, { ...form, confirmed: "1" });
    expect(confirmed.status).toBe(200);
    expect(
      await prisma.message.count({ where: { ticketId: ticket.id, body: "Your order is on its way" } }),
    ).toBe(1);
  });

  it("changes status, priority and tags, recording who did each; refuses an unknown assignee", async () => {
    const saved = await post(ticketNumber, {
      intent: "update",
      status: "pending",
      priority: "urgent",
      assigneeId: "1002",
      tags: "cancellation, vip",
    });
    expect(await saved.json()).toEqual({ intent: "update", error: null });
    const ticket = await prisma.ticket.findFirstOrThrow({
      where: { shopDomain: SHOP, number: ticketNumber },
    });
    expect(ticket).toMatchObject({ status: "pending", priority: "urgent", tags: ["cancellation", "vip"] });
    const types = (await prisma.ticketEvent.findMany({ where: { ticketId: ticket.id } })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["status", "priority", "tags"]));

    const stranger = await post(ticketNumber, {
      intent: "update",
      status: "open",
      assigneeId: "4242",
      tags: "",
    });
    expect(stranger.status).toBe(400);
    const badTag = await post(ticketNumber, { intent: "update", status: "open", tags: "x".repeat(41) });
    expect((await badTag.json()).error).toBe("Tags are at most 40 characters");
  });

  it("links another of the customer's orders, and refuses an order that isn't the shop's", async () => {
    const { ticket } = (await loadTicket(ticketNumber)) as TicketData;
    const another = ticket.customer!.linkableOrders[0];
    const linked = await post(ticketNumber, { intent: "link-order", orderId: another.id });
    expect(await linked.json()).toEqual({ intent: "link-order", error: null });
    const after = (await loadTicket(ticketNumber)) as TicketData;
    expect(after.ticket.orders.map((o) => o.name)).toContain(another.name);
    expect(after.ticket.thread.some((t) => t.type === "event" && t.kind === "order_linked")).toBe(true);

    const foreign = await prisma.orderSnapshot.findFirstOrThrow({ where: { shopDomain: OTHER } });
    const refused = await post(ticketNumber, { intent: "link-order", orderId: foreign.id });
    expect(refused.status).toBe(400);
  });

  it("refreshes a stale order from Shopify when the ticket is opened", async () => {
    const { ticket } = (await loadTicket(ticketNumber)) as TicketData;
    const order = ticket.orders[0];
    // The merchant edits the note and the webhook never arrives; our copy is an hour old.
    simulator.actions.updateOrderNote(SHOP, cancelled.id, "Customer called");
    await simulator.waitForDeliveries();
    await prisma.webhookEvent.deleteMany({ where: { shopDomain: SHOP, status: "pending" } });
    await prisma.orderSnapshot.update({
      where: { id: order.id },
      data: { syncedAt: new Date(Date.now() - 3_600_000) },
    });

    const fresh = (await loadTicket(ticketNumber)) as TicketData;
    const snapshot = await prisma.orderSnapshot.findUniqueOrThrow({ where: { id: order.id } });
    expect(snapshot.note).toBe("Customer called");
    expect(Date.now() - Date.parse(fresh.ticket.orders[0].syncedAt)).toBeLessThan(60_000);
    expect(fresh.refreshErrors).toEqual({});
  });
});

describe("creating a ticket by hand", () => {
  let create: { loader: RouteHandler; action: RouteHandler };
  beforeAll(async () => {
    create = (await import("./app.tickets.new")) as unknown as typeof create;
  });
  const post = async (form: Record<string, string>) =>
    (await callRoute(
      create.action,
      await embeddedRequest(simulator, SHOP, "/app/tickets/new", { form }),
    )) as Response;

  it("finds customers by the start of a name or email", async () => {
    const customer = await prisma.customer.findFirstOrThrow({
      where: { shopDomain: SHOP, email: { not: null } },
    });
    const prefix = customer.email!.slice(0, 5);
    const data = (await callRoute(
      create.loader,
      await embeddedRequest(simulator, SHOP, `/app/tickets/new?customer_q=${encodeURIComponent(prefix)}`),
    )) as { customers: { id: string; label: string }[] };
    expect(data.customers.map((c) => c.id)).toContain(customer.id);
    expect(data.customers.every((c) => c.label.toLowerCase().includes(prefix.toLowerCase()))).toBe(true);
  });

  it("refuses a form with missing fields, keeping what was typed, and a customer or order that isn't allowed", async () => {
    const empty = await post({
      customerId: "",
      orderId: "",
      subject: " ",
      body: "Called about a gift",
      firstMessage: "customer",
      priority: "normal",
    });
    expect(empty.status).toBe(400);
    const body = await empty.json();
    expect(body.errors).toEqual({
      customerId: "Choose the customer this ticket is for",
      subject: "Give the ticket a subject",
    });
    expect(body.values.body).toBe("Called about a gift");

    const foreign = await prisma.customer.findFirstOrThrow({ where: { shopDomain: OTHER } });
    const valid = {
      orderId: "",
      subject: "Phone call",
      body: "Asked about gift wrap",
      firstMessage: "customer",
      priority: "high",
    };
    expect((await (await post({ ...valid, customerId: foreign.id })).json()).errors).toEqual({
      customerId: "Choose the customer this ticket is for",
    });
    const mine = await prisma.customer.findFirstOrThrow({ where: { shopDomain: SHOP } });
    const notTheirs = await prisma.orderSnapshot.findFirstOrThrow({
      where: { shopDomain: SHOP, NOT: { customerId: mine.id } },
    });
    expect(
      (await (await post({ ...valid, customerId: mine.id, orderId: notTheirs.id })).json()).errors,
    ).toEqual({
      orderId: "Choose one of this customer's orders, or none",
    });
  });

  it("opens the ticket with its first message and order, records who opened it, and goes to it", async () => {
    const order = await prisma.orderSnapshot.findFirstOrThrow({
      where: { shopDomain: SHOP, customerId: { not: null } },
    });
    const created = await post({
      customerId: order.customerId!,
      orderId: order.id,
      subject: "Phone call about delivery",
      body: "Customer called: can the parcel go to the office?",
      firstMessage: "customer",
      priority: "high",
    });
    expect(created.status).toBe(302);
    const number = Number(created.headers.get("location")?.match(/\/app\/tickets\/(\d+)/)?.[1]);
    const ticket = await prisma.ticket.findUniqueOrThrow({
      where: { shopDomain_number: { shopDomain: SHOP, number } },
      include: { messages: true, events: true, orders: true },
    });
    expect(ticket).toMatchObject({
      channel: "manual",
      priority: "high",
      subject: "Phone call about delivery",
    });
    expect(ticket.orders.map((o) => o.orderId)).toEqual([order.id]);
    expect(ticket.messages.map((m) => [m.kind, m.body])).toEqual([
      ["customer", "Customer called: can the parcel go to the office?"],
    ]);
    expect(ticket.events.map((e) => [e.type, e.actorName])).toEqual([["created", "Dana Owner"]]);
  });
});
