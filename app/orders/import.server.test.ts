import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOG } from "../../simulator/catalog";
import type { Simulator } from "../../simulator/server";
import { runCli as cli } from "../../tests/support/cli";
import { installShop } from "../../tests/support/installed-shop";
import { uniqueShop } from "../../tests/support/shopify-requests";
import { startSimulatedShopify } from "../../tests/support/simulated-shopify";
import type { OrdersClient } from "./import.server";

/**
 * The initial import against the simulator's Admin API, on shops of its own
 * (other suites use demo-store). Webhooks go to a closed port: nothing here
 * may depend on them.
 */
const SHOP = uniqueShop("import-test");
const RESUMED = uniqueShop("import-resume");
const QUEUED = uniqueShop("import-queued");
const DAY = 86_400_000;
const WINDOW = 60 * DAY;

let simulator: Simulator;
let prisma: typeof import("~/db.server").default;
let importer: typeof import("./import.server");

beforeAll(async () => {
  simulator = await startSimulatedShopify({
    appUrl: "http://127.0.0.1:9",
    // Throttling is the client's concern (graphql-client tests); a fast
    // refill keeps these imports quick.
    throttle: { maximumAvailable: 2000, restoreRate: 2000 },
    shops: [
      { domain: SHOP, orders: 60, customers: 20 },
      // All within the window, so the import takes several pages.
      { domain: RESUMED, orders: 60, customers: 20, days: 45 },
    ],
  });
  prisma = (await import("~/db.server")).default;
  importer = await import("./import.server");
  await installShop(simulator, SHOP);
  await installShop(simulator, RESUMED);
});

afterAll(async () => {
  const domains = [SHOP, RESUMED, QUEUED];
  const { jobSender, QUEUES, stopSender } = await import("~/jobs/queues.server");
  const boss = await jobSender();
  for (const shop of domains) {
    const jobs = await boss.findJobs(QUEUES.importOrders, { key: shop });
    if (jobs.length)
      await boss.deleteJob(
        QUEUES.importOrders,
        jobs.map((j) => j.id),
      );
  }
  await stopSender();
  await prisma.session.deleteMany({ where: { shop: { in: domains } } });
  await prisma.shop.deleteMany({ where: { domain: { in: domains } } });
  await simulator.close();
});

const gid = (type: string, id: string) => `gid://shopify/${type}/${id}`;

function ordersOf(shop: string) {
  return simulator.store.shop(shop)!.orders;
}

describe("initial order import", () => {
  it("imports the last 60 days of orders with their customers and opens no tickets", async () => {
    // A cancellation Shopify knows of but we never heard about: old news, no ticket.
    const open = ordersOf(SHOP).find(
      (o) => !o.cancelledAt && o.fulfillments.length === 0 && Date.now() - Date.parse(o.createdAt) < 30 * DAY,
    );
    const cancelled = open
      ? simulator.actions.cancelOrder(SHOP, open.id, { reason: "customer" }).order
      : simulator.actions.cancelOrder(SHOP, simulator.actions.createOrder(SHOP).order.id, {
          reason: "customer",
        }).order;

    // More line items than a listed page shows: fetched whole.
    const skus = CATALOG.flatMap((p) => p.variants.map((v) => v.sku)).slice(0, 12);
    const big = simulator.actions.createOrder(SHOP, { lineItems: skus.map((sku) => ({ sku })) }).order;

    const result = await importer.importRecentOrders(SHOP);
    expect(result).toMatchObject({ status: "done" });

    const snapshots = await prisma.orderSnapshot.findMany({ where: { shopDomain: SHOP } });
    const held = new Map(snapshots.map((s) => [s.shopifyId, s]));
    const now = Date.now();
    // A minute's margin either side of the boundary: the simulator judged it a moment earlier.
    const recent = ordersOf(SHOP).filter((o) => now - Date.parse(o.createdAt) < WINDOW - 60_000);
    const old = ordersOf(SHOP).filter((o) => now - Date.parse(o.createdAt) > WINDOW + 60_000);
    expect(recent.length).toBeGreaterThan(20);
    expect(old.length).toBeGreaterThan(0);
    for (const order of recent) expect(held.has(gid("Order", order.id))).toBe(true);
    for (const order of old) expect(held.has(gid("Order", order.id))).toBe(false);
    for (const s of snapshots) expect(s.shopifyCreatedAt.getTime()).toBeGreaterThan(now - WINDOW - 60_000);

    const customers = await prisma.customer.findMany({ where: { shopDomain: SHOP } });
    const customerGids = new Map(customers.map((c) => [c.id, c.shopifyId]));
    for (const order of recent) {
      const snapshot = held.get(gid("Order", order.id))!;
      if (order.customerId)
        expect(customerGids.get(snapshot.customerId!)).toBe(gid("Customer", order.customerId));
      else expect(snapshot.customerId).toBeNull();
    }
    expect(customers.length).toBe(new Set(recent.flatMap((o) => (o.customerId ? [o.customerId] : []))).size);

    expect(held.get(gid("Order", cancelled.id))?.cancelledAt).toBeInstanceOf(Date);
    expect(held.get(gid("Order", big.id))?.lineItems).toHaveLength(12);
    expect(await prisma.ticket.count({ where: { shopDomain: SHOP } })).toBe(0);

    const shop = await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    const newest = Math.max(...snapshots.map((s) => s.shopifyUpdatedAt.getTime()));
    expect(shop).toMatchObject({
      importStatus: "done",
      importedOrders: snapshots.length,
      importCursor: null,
      importError: null,
      reconciledThrough: new Date(newest),
    });
    expect(shop.importStartedAt).toBeInstanceOf(Date);
    expect(shop.importFinishedAt!.getTime()).toBeGreaterThanOrEqual(shop.importStartedAt!.getTime());
    expect(result).toMatchObject({ importedOrders: snapshots.length, reconciledThrough: new Date(newest) });
  });

  it("does nothing when run again, and a restart changes nothing either", async () => {
    const before = await prisma.orderSnapshot.count({ where: { shopDomain: SHOP } });
    expect(await importer.importRecentOrders(SHOP)).toEqual({
      status: "skipped",
      reason: "already imported",
    });

    const again = await importer.importRecentOrders(SHOP, { restart: true });
    expect(again).toMatchObject({ status: "done", importedOrders: before });
    expect(await prisma.orderSnapshot.count({ where: { shopDomain: SHOP } })).toBe(before);
    expect(await prisma.ticket.count({ where: { shopDomain: SHOP } })).toBe(0);
  });

  it("an interrupted import is marked failed and the next run resumes at the saved page", async () => {
    const { adminClientFor } = await import("~/shopify/admin.server");
    const real = await adminClientFor(RESUMED);
    let calls = 0;
    const dropsAfterFirstPage: OrdersClient = {
      request: (document, variables) => {
        if (++calls > 1) return Promise.reject(new Error("connection reset by peer"));
        return real.request(document, variables);
      },
    };
    await expect(importer.importRecentOrders(RESUMED, { client: dropsAfterFirstPage })).rejects.toThrow(
      "connection reset by peer",
    );
    const failed = await prisma.shop.findUniqueOrThrow({ where: { domain: RESUMED } });
    const pageSize = importer.ORDERS_PAGE_SIZE;
    expect(failed).toMatchObject({
      importStatus: "failed",
      importError: "connection reset by peer",
      importedOrders: pageSize,
    });
    expect(failed.importCursor).toEqual(expect.any(String));
    expect(failed.importFinishedAt).toBeNull();
    expect(await prisma.orderSnapshot.count({ where: { shopDomain: RESUMED } })).toBe(pageSize);

    const afters: unknown[] = [];
    const recording: OrdersClient = {
      request: (document, variables) => {
        afters.push(variables?.after);
        return real.request(document, variables);
      },
    };
    const resumed = await importer.importRecentOrders(RESUMED, { client: recording });
    expect(afters[0]).toBe(failed.importCursor);
    expect(afters).toHaveLength(60 / pageSize - 1); // every page but the first
    expect(resumed).toMatchObject({ status: "done", importedOrders: 60 });

    const snapshots = await prisma.orderSnapshot.findMany({ where: { shopDomain: RESUMED } });
    expect(snapshots).toHaveLength(60);
    expect(new Set(snapshots.map((s) => s.shopifyId))).toEqual(
      new Set(ordersOf(RESUMED).map((o) => gid("Order", o.id))),
    );
    const done = await prisma.shop.findUniqueOrThrow({ where: { domain: RESUMED } });
    expect(done).toMatchObject({
      importStatus: "done",
      importedOrders: 60,
      importError: null,
      importCursor: null,
      importStartedAt: failed.importStartedAt,
    });
    expect(await prisma.ticket.count({ where: { shopDomain: RESUMED } })).toBe(0);
  });

  it("is queued after install until it is done", async () => {
    const { onShopAuthenticated } = await import("~/shops/install.server");
    const { jobSender, QUEUES } = await import("~/jobs/queues.server");
    const boss = await jobSender();
    await onShopAuthenticated(QUEUED, "read_orders");
    await onShopAuthenticated(QUEUED, "read_orders");
    const jobs = await boss.findJobs(QUEUES.importOrders, { key: QUEUED });
    expect(jobs.map((j) => j.data)).toEqual([{ shop: QUEUED }]); // one waiting import per shop

    await onShopAuthenticated(SHOP, "read_orders"); // imported already
    expect(await boss.findJobs(QUEUES.importOrders, { key: SHOP })).toEqual([]);
  });

  it("shows progress to operators: imports status --json", async () => {
    const { code, stdout } = await cli(["imports", "status", "--shop", RESUMED, "--json"]);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    expect(rows).toEqual([
      expect.objectContaining({
        domain: RESUMED,
        importStatus: "done",
        importedOrders: 60,
        importError: null,
        importFinishedAt: expect.any(String),
        reconciledThrough: expect.any(String),
        lastReconciledAt: null,
      }),
    ]);
  });
});
