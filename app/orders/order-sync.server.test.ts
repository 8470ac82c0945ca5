import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/server";
import { installShop } from "../../tests/support/installed-shop";
import { uniqueShop } from "../../tests/support/shopify-requests";
import { startSimulatedShopify } from "../../tests/support/simulated-shopify";

/**
 * Fresh order data: a missing snapshot is fetched from Shopify, a stale one
 * is refetched (and what changed reaches the order's ticket), a fresh one is
 * served without asking Shopify. Webhooks go to a closed port here, so only
 * the refetch can bring the news.
 */
const SHOP = uniqueShop("fresh");
let simulator: Simulator;
let prisma: typeof import("~/db.server").default;
let sync: typeof import("./order-sync.server");

beforeAll(async () => {
  simulator = await startSimulatedShopify({
    appUrl: "http://127.0.0.1:9",
    throttle: { maximumAvailable: 2000, restoreRate: 2000 },
    shops: [{ domain: SHOP, orders: 40, customers: 10, days: 20 }],
  });
  prisma = (await import("~/db.server")).default;
  sync = await import("./order-sync.server");
  await installShop(simulator, SHOP);
});

afterAll(async () => {
  await simulator.close();
});

const openOrder = (skip = 0) =>
  simulator.store
    .shop(SHOP)!
    .orders.filter((o) => !o.cancelledAt && o.financialStatus === "PAID" && o.fulfillments.length === 0)[
    skip
  ];
const gid = (id: string) => `gid://shopify/Order/${id}`;

describe("ensureFreshOrder", () => {
  it("fetches an order we do not hold", async () => {
    const order = openOrder();
    const snapshot = await sync.ensureFreshOrder(SHOP, gid(order.id));
    expect(snapshot).toMatchObject({ shopDomain: SHOP, shopifyId: gid(order.id), name: order.name });
    expect(snapshot?.lineItems).toEqual(
      expect.arrayContaining([expect.objectContaining({ quantity: expect.any(Number) })]),
    );
  });

  it("serves a fresh snapshot without asking Shopify, and refetches a stale one", async () => {
    const order = openOrder(1);
    await sync.ensureFreshOrder(SHOP, gid(order.id));
    simulator.actions.cancelOrder(SHOP, order.id, { reason: "customer", refund: false });
    await simulator.waitForDeliveries(); // lost: nobody listens

    const fresh = await sync.ensureFreshOrder(SHOP, gid(order.id));
    expect(fresh?.cancelledAt).toBeNull();

    await prisma.orderSnapshot.update({
      where: { shopDomain_shopifyId: { shopDomain: SHOP, shopifyId: gid(order.id) } },
      data: { syncedAt: new Date(Date.now() - sync.SNAPSHOT_MAX_AGE_MS - 1000) },
    });
    const refreshed = await sync.ensureFreshOrder(SHOP, gid(order.id));
    expect(refreshed?.cancelledAt).toBeInstanceOf(Date);
    expect(Date.now() - (refreshed?.syncedAt.getTime() ?? 0)).toBeLessThan(5_000);

    // The refetch found the cancellation, so the default rule opened its ticket.
    const tickets = await prisma.ticket.findMany({
      where: { shopDomain: SHOP, orders: { some: { orderId: refreshed?.id } } },
    });
    expect(tickets.map((t) => t.subject)).toEqual([`Order ${order.name} was cancelled`]);
  });

  it("returns null for an order Shopify does not know", async () => {
    expect(await sync.ensureFreshOrder(SHOP, "gid://shopify/Order/1")).toBeNull();
  });
});
