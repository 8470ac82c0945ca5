import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/server";
import { runCli as cli } from "../../tests/support/cli";
import { installShop } from "../../tests/support/installed-shop";
import { uniqueShop } from "../../tests/support/shopify-requests";
import { startSimulatedShopify } from "../../tests/support/simulated-shopify";
import type { OrdersClient } from "./import.server";

/**
 * Reconciliation against the simulator: the merchant changes orders, their
 * webhooks go to a closed port (lost, as in an outage), and reconciling the
 * shop applies the changes as the webhooks would have.
 */
const SHOP = uniqueShop("reconcile-test");
const NOT_IMPORTED = uniqueShop("reconcile-pending");
const UNINSTALLED = uniqueShop("reconcile-gone");

let simulator: Simulator;
let prisma: typeof import("~/db.server").default;
let reconciler: typeof import("./reconcile.server");
let queues: typeof import("~/jobs/queues.server");
/** An open, paid order the merchant cancels without refunding, then refunds in part. */
let orderId: string;

const gid = (id: string) => `gid://shopify/Order/${id}`;
const refusesShopify: OrdersClient = {
  request: () => Promise.reject(new Error("Shopify must not be asked")),
};

beforeAll(async () => {
  simulator = await startSimulatedShopify({
    appUrl: "http://127.0.0.1:9",
    // Throttling is the client's concern (graphql-client tests); a fast refill keeps this quick.
    throttle: { maximumAvailable: 2000, restoreRate: 2000 },
    shops: [{ domain: SHOP, orders: 30, customers: 12, days: 20 }],
  });
  prisma = (await import("~/db.server")).default;
  reconciler = await import("./reconcile.server");
  queues = await import("~/jobs/queues.server");
  await installShop(simulator, SHOP); // with the default rules
  const customer = simulator.store.shop(SHOP)!.customers[0];
  orderId = simulator.actions.createOrder(SHOP, { customerId: customer.id }).order.id;
  const { importRecentOrders } = await import("./import.server");
  await importRecentOrders(SHOP);
  await prisma.shop.create({ data: { domain: NOT_IMPORTED } });
  await prisma.shop.create({
    data: { domain: UNINSTALLED, importStatus: "done", uninstalledAt: new Date() },
  });
});

afterAll(async () => {
  const domains = [SHOP, NOT_IMPORTED, UNINSTALLED];
  const boss = await queues.jobSender();
  for (const shop of domains) {
    const jobs = await boss.findJobs(queues.QUEUES.reconcileShop, { key: shop });
    if (jobs.length)
      await boss.deleteJob(
        queues.QUEUES.reconcileShop,
        jobs.map((j) => j.id),
      );
  }
  await queues.stopSender();
  await prisma.session.deleteMany({ where: { shop: { in: domains } } });
  await prisma.shop.deleteMany({ where: { domain: { in: domains } } });
  await simulator.close();
});

async function ticketsOf(id: string) {
  return prisma.ticket.findMany({
    where: { shopDomain: SHOP, orders: { some: { order: { shopifyId: gid(id) } } } },
    include: { messages: { orderBy: { createdAt: "asc" } } },
  });
}

describe("reconciling a shop with Shopify", () => {
  it("applies a cancellation whose webhook was lost: snapshot updated, ticket opened by the default rule", async () => {
    expect(await ticketsOf(orderId)).toEqual([]);
    const { order } = simulator.actions.cancelOrder(SHOP, orderId, { reason: "customer", refund: false });
    await simulator.waitForDeliveries();
    const lost = simulator.deliveries().filter((d) => d.topic === "orders/cancelled" && d.shop === SHOP);
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((d) => !d.ok)).toBe(true);

    const result = await reconciler.reconcileShop(SHOP);
    expect(result).toMatchObject({ status: "done", ordersChanged: 1, ticketsOpened: 1 });

    const snapshot = await prisma.orderSnapshot.findUniqueOrThrow({
      where: { shopDomain_shopifyId: { shopDomain: SHOP, shopifyId: gid(orderId) } },
    });
    expect(snapshot.cancelledAt).toEqual(new Date(order.cancelledAt!));
    expect(snapshot.cancelReason).toBe("customer");
    const [ticket, ...others] = await ticketsOf(orderId);
    expect(others).toEqual([]);
    const rule = await prisma.ticketRule.findFirstOrThrow({
      where: { shopDomain: SHOP, trigger: "order_cancelled" },
    });
    expect(ticket).toMatchObject({
      ruleId: rule.id,
      subject: `Order ${order.name} was cancelled`,
      channel: "shopify",
    });

    const shop = await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(shop.reconciledThrough).toEqual(new Date(order.updatedAt));
    expect(shop.lastReconciledAt).toBeInstanceOf(Date);
  });

  it("brings a lost refund to the order's ticket", async () => {
    const [before] = await ticketsOf(orderId);
    simulator.actions.refundOrder(SHOP, orderId, { amount: "5.00", note: "Shipping goodwill" });

    const result = await reconciler.reconcileShop(SHOP);
    expect(result).toMatchObject({ status: "done", ordersChanged: 1, ticketsOpened: 0 });

    const [after, ...others] = await ticketsOf(orderId);
    expect(others).toEqual([]);
    expect(after.id).toBe(before.id);
    expect(after.messages).toHaveLength(before.messages.length + 1);
    expect(after.messages.at(-1)).toMatchObject({ kind: "system", body: expect.stringMatching(/refund/i) });
    const snapshot = await prisma.orderSnapshot.findUniqueOrThrow({
      where: { shopDomain_shopifyId: { shopDomain: SHOP, shopifyId: gid(orderId) } },
    });
    expect(snapshot.totalRefunded.toFixed(2)).toBe("5.00");
  });

  it("changes nothing when Shopify has nothing new, though the overlap shows the last change again", async () => {
    const [before] = await ticketsOf(orderId);
    const result = await reconciler.reconcileShop(SHOP);
    expect(result).toMatchObject({ status: "done", ordersChanged: 0, ticketsOpened: 0 });
    if (result.status === "done") expect(result.ordersSeen).toBeGreaterThan(0);
    const [after] = await ticketsOf(orderId);
    expect(after.messages).toHaveLength(before.messages.length);
  });

  it("leaves alone shops whose import is not done, and uninstalled shops", async () => {
    expect(await reconciler.reconcileShop(NOT_IMPORTED, { client: refusesShopify })).toEqual({
      status: "skipped",
      reason: "import is not_started",
    });
    expect(await reconciler.reconcileShop(UNINSTALLED, { client: refusesShopify })).toMatchObject({
      status: "skipped",
    });
  });

  it("the schedule's job queues one reconciliation per installed, imported shop", async () => {
    const boss = await queues.jobSender();
    await reconciler.queueReconciliations(boss);
    await reconciler.queueReconciliations(boss); // the first still waits: no second one
    const jobsFor = (shop: string) => boss.findJobs(queues.QUEUES.reconcileShop, { key: shop });
    expect((await jobsFor(SHOP)).map((j) => j.data)).toEqual([{ shop: SHOP }]);
    expect(await jobsFor(NOT_IMPORTED)).toEqual([]);
    expect(await jobsFor(UNINSTALLED)).toEqual([]);
  });

  it("the worker schedules it every 15 minutes", async () => {
    const { RECONCILE_CRON, scheduleReconciliation } = await import("~/jobs/worker.server");
    const boss = await queues.jobSender();
    await scheduleReconciliation(boss);
    const schedules = await boss.getSchedules(queues.QUEUES.reconcileAll);
    expect(schedules).toEqual([
      expect.objectContaining({ name: queues.QUEUES.reconcileAll, cron: RECONCILE_CRON }),
    ]);
    expect(RECONCILE_CRON).toBe("*/15 * * * *");
  });

  it("operators can reconcile a shop now: shops reconcile --shop", async () => {
    simulator.actions.updateOrderNote(SHOP, orderId, "Customer asked to keep the parcel");
    const { code, stdout, stderr } = await cli(["shops", "reconcile", "--shop", SHOP, "--json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ shop: SHOP, status: "done", ordersChanged: 1 });
    const snapshot = await prisma.orderSnapshot.findUniqueOrThrow({
      where: { shopDomain_shopifyId: { shopDomain: SHOP, shopifyId: gid(orderId) } },
    });
    expect(snapshot.note).toBe("Customer asked to keep the parcel");
  });
});
