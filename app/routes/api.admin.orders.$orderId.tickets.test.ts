import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_USER_AGENT } from "../../scripts/lib/demo-install";
import type { Simulator } from "../../simulator/server";
import { mintSessionToken } from "../../simulator/session-token";
import { callRoute, type RouteHandler } from "../../tests/support/embedded-requests";
import { installShop } from "../../tests/support/installed-shop";
import { uniqueShop } from "../../tests/support/shopify-requests";
import { startSimulatedShopify } from "../../tests/support/simulated-shopify";

/**
 * The order-page extensions' endpoint through its real handlers, with
 * session tokens as admin attaches them to an extension's fetch: a Bearer
 * header, from the extension's own origin. Webhooks go to a closed port, so
 * the orders reach the app only when the endpoint fetches them.
 */
const SHOP = uniqueShop("ext-a");
const OTHER = uniqueShop("ext-b");
const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";

let simulator: Simulator;
let prisma: typeof import("~/db.server").default;
let route: { loader: RouteHandler; action: RouteHandler };

beforeAll(async () => {
  simulator = await startSimulatedShopify({
    appUrl: "http://127.0.0.1:9",
    shops: [
      { domain: SHOP, orders: 40, customers: 6, days: 20, installed: true },
      { domain: OTHER, orders: 3, customers: 2, days: 20, installed: true },
    ],
  });
  prisma = (await import("~/db.server")).default;
  route = (await import("./api.admin.orders.$orderId.tickets")) as unknown as typeof route;
  await installShop(simulator, SHOP);
  await installShop(simulator, OTHER);
});

afterAll(async () => {
  await simulator?.close();
});

/** An order of SHOP that has a customer, as the numeric id the extensions send. */
/**
 * A quiet order of a customer: neither cancelled nor refunded (and seeded
 * shipments have no delivery problems), so no default rule opens a ticket of
 * its own when the order is first fetched. The seed varies with the shop's name.
 */
function orderOfShop(skip = 0) {
  const order = simulator.store
    .shop(SHOP)!
    .orders.filter((o) => o.customerId !== null && !o.cancelledAt && o.refunds.length === 0)[skip];
  if (!order) throw new Error(`the seeded store has no quiet order number ${skip + 1}`);
  return { ...order, numericId: order.id };
}

async function extensionRequest(
  orderId: string,
  options: { method?: string; body?: unknown; token?: string | null; shop?: string } = {},
): Promise<Request> {
  const headers = new Headers({ "User-Agent": BROWSER_USER_AGENT, Origin: EXTENSION_ORIGIN });
  const token =
    options.token === undefined
      ? await simulator.mintSessionToken(options.shop ?? SHOP, { userId: "1001" })
      : options.token;
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (options.body !== undefined) headers.set("Content-Type", "application/json");
  return new Request(new URL(`/api/admin/orders/${orderId}/tickets`, process.env.SHOPIFY_APP_URL), {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

async function send(orderId: string, options: Parameters<typeof extensionRequest>[1] = {}) {
  const request = await extensionRequest(orderId, options);
  const handler = request.method === "GET" ? route.loader : route.action;
  return (await callRoute(handler, request, { orderId })) as Response;
}

const ticketCount = (shop: string) => prisma.ticket.count({ where: { shopDomain: shop } });

const VALID = {
  subject: "Parcel arrived damaged",
  body: "Customer called: the box was crushed.",
  priority: "high",
};

describe("authentication", () => {
  it("answers the CORS preflight without a token", async () => {
    const response = await send(orderOfShop().numericId, { method: "OPTIONS", token: null });
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Access-Control-Allow-Headers")).toMatch(/Authorization/);
    expect(response.headers.get("Access-Control-Allow-Headers")).toMatch(/Content-Type/);
  });

  it("refuses a request without a session token with 401, readable cross-origin", async () => {
    const before = await ticketCount(SHOP);
    for (const method of ["GET", "POST"]) {
      const response = await send(orderOfShop().numericId, {
        method,
        token: null,
        body: method === "POST" ? VALID : undefined,
      });
      expect(response.status).toBe(401);
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    }
    expect(await ticketCount(SHOP)).toBe(before);
  });

  it("refuses a token signed with another secret with 401", async () => {
    const forged = await mintSessionToken({
      shop: SHOP,
      userId: "1001",
      apiKey: process.env.SHOPIFY_API_KEY ?? "",
      apiSecret: "not-the-app-secret",
      nowMs: Date.now(),
    });
    const before = await ticketCount(SHOP);
    const get = await send(orderOfShop().numericId, { token: forged });
    expect(get.status).toBe(401);
    expect(get.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const post = await send(orderOfShop().numericId, { method: "POST", token: forged, body: VALID });
    expect(post.status).toBe(401);
    expect(await ticketCount(SHOP)).toBe(before);
  });

  it("does not show or touch another shop's order", async () => {
    const order = orderOfShop(1);
    expect(simulator.store.shop(OTHER)!.orders.some((o) => o.id === order.id)).toBe(false);
    const [before, beforeOther] = [await ticketCount(SHOP), await ticketCount(OTHER)];

    const get = await send(order.numericId, { shop: OTHER });
    expect(get.status).toBe(404);
    expect(get.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const post = await send(order.numericId, { shop: OTHER, method: "POST", body: VALID });
    expect(post.status).toBe(404);

    expect([await ticketCount(SHOP), await ticketCount(OTHER)]).toEqual([before, beforeOther]);
    expect(
      await prisma.orderSnapshot.count({
        where: { shopDomain: OTHER, shopifyId: `gid://shopify/Order/${order.id}` },
      }),
    ).toBe(0);
  });
});

describe("creating a ticket from an order", () => {
  it("answers bad input with per-field errors and creates nothing", async () => {
    const before = await ticketCount(SHOP);
    const response = await send(orderOfShop().numericId, {
      method: "POST",
      body: { subject: "   ", body: "", priority: "whenever" },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await response.json()).toEqual({
      errors: {
        subject: "Give the ticket a subject",
        body: "Write the first message",
        priority: "Choose a priority",
      },
    });

    const long = await send(orderOfShop().numericId, {
      method: "POST",
      body: { ...VALID, subject: "x".repeat(251) },
    });
    expect(await long.json()).toEqual({ errors: { subject: "Subjects are at most 250 characters" } });

    const notJson = await extensionRequest(orderOfShop().numericId, { method: "POST" });
    const raw = new Request(notJson, { body: "subject=hello", headers: notJson.headers });
    expect(((await callRoute(route.action, raw, { orderId: "1" })) as Response).status).toBe(400);

    expect(await ticketCount(SHOP)).toBe(before);
  });

  it("answers an unknown order or a malformed id with 404", async () => {
    expect((await send("1")).status).toBe(404);
    expect((await send("gid%3A%2F%2Fshopify%2FOrder%2F1")).status).toBe(404);
    expect((await send("abc", { method: "POST", body: VALID })).status).toBe(404);
  });

  it("opens a ticket linked to the order and its customer, fetching the order first, and lists it", async () => {
    const order = orderOfShop(2);
    const gid = `gid://shopify/Order/${order.id}`;
    expect(await prisma.orderSnapshot.findFirst({ where: { shopDomain: SHOP, shopifyId: gid } })).toBeNull();

    const empty = await send(order.numericId);
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ order: { name: order.name }, tickets: [] });

    const response = await send(order.numericId, { method: "POST", body: VALID });
    expect(response.status).toBe(201);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const { ticket } = (await response.json()) as { ticket: { number: number } };
    expect(ticket).toMatchObject({ subject: VALID.subject, status: "open", priority: "high" });

    const stored = await prisma.ticket.findFirstOrThrow({
      where: { shopDomain: SHOP, number: ticket.number },
      include: { orders: { include: { order: true } }, customer: true, messages: true, events: true },
    });
    expect(stored.orders.map((o) => o.order.shopifyId)).toEqual([gid]);
    expect(stored.customer?.shopifyId).toBe(`gid://shopify/Customer/${order.customerId}`);
    expect(stored.channel).toBe("manual");
    expect(stored.messages).toEqual([
      expect.objectContaining({ kind: "internal_note", authorName: "Dana Owner", body: VALID.body }),
    ]);
    expect(stored.events).toEqual([expect.objectContaining({ type: "created", actorName: "Dana Owner" })]);
    // The order's support tag and metafield are queued with the ticket.
    const statusWrites = await prisma.shopifyWrite.count({
      where: { shopDomain: SHOP, orderGid: gid, kind: "order_status" },
    });
    expect(statusWrites).toBe(1);

    // An agent may open a second one while the first is still open.
    const second = await send(order.numericId, {
      method: "POST",
      body: { ...VALID, subject: "Refund for the damaged item", priority: "normal" },
    });
    expect(second.status).toBe(201);

    const listed = await send(order.numericId);
    const { tickets } = (await listed.json()) as { tickets: { number: number; subject: string }[] };
    expect(tickets.map((t) => t.subject)).toEqual(["Refund for the damaged item", VALID.subject]);
    expect(tickets[1]).toMatchObject({
      number: ticket.number,
      status: "open",
      updatedAt: expect.any(String),
    });
  });
});
