import { Session } from "@shopify/shopify-api";
import type { Simulator, SimulatorOptions } from "../../simulator/server";
import { exchangeOfflineToken } from "./simulated-shopify";

/**
 * Puts the app in the state a finished install leaves it: the shop recorded
 * with its default rules and an offline session holding a token the
 * simulator issued through token exchange.
 */
export async function installShop(simulator: Simulator, shop: string): Promise<void> {
  const { recordInstall } = await import("~/shops/shops.server");
  const { ensureDefaultRules } = await import("~/rules/rules.server");
  const { ensureDefaultMacros } = await import("~/macros/macros.server");
  const { sessionStorage } = await import("~/shopify.server");
  await recordInstall(shop, "read_customers,read_orders,write_orders");
  await ensureDefaultRules(shop);
  await ensureDefaultMacros(shop);
  const accessToken = await exchangeOfflineToken(simulator, shop);
  await sessionStorage.storeSession(
    new Session({
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      accessToken,
      scope: "read_orders",
    }),
  );
}

/** Processes every stored, unprocessed event of a shop, oldest first, as the worker would. */
export async function drainInbox(shop: string): Promise<string[]> {
  const prisma = (await import("~/db.server")).default;
  const { processWebhookEvent } = await import("~/webhooks/process.server");
  const pending = await prisma.webhookEvent.findMany({
    where: { shopDomain: shop, status: "pending" },
    orderBy: { receivedAt: "asc" },
  });
  const outcomes = [];
  for (const event of pending) outcomes.push(await processWebhookEvent(event.id, { finalAttempt: false }));
  return outcomes;
}

export interface ShopSeed {
  domain: string;
  orders: number;
  customers: number;
  days: number;
}

/**
 * A test file's world: the app's webhook routes on a real server, the
 * simulator with these stores, each installed (and, when asked, with its
 * recent orders imported as the install's job does). `close` stops it all.
 * Call it before importing any module that reads the configuration.
 */
export async function startInstalledStores(
  shops: ShopSeed[],
  options: { importOrders?: boolean; simulator?: Partial<SimulatorOptions> } = {},
) {
  const { startSimulatedShopify } = await import("./simulated-shopify");
  const { startWebhookRoutesServer } = await import("./webhook-routes-server");
  const routes = await startWebhookRoutesServer();
  const simulator = await startSimulatedShopify({
    appUrl: routes.url,
    shops: shops.map((s) => ({ ...s, installed: true })),
    ...options.simulator,
  });
  for (const shop of shops) await installShop(simulator, shop.domain);
  if (options.importOrders) {
    const { importRecentOrders } = await import("~/orders/import.server");
    for (const shop of shops) await importRecentOrders(shop.domain);
  }
  return {
    simulator,
    async close() {
      await simulator.close();
      await routes.close();
      const { stopSender } = await import("~/jobs/queues.server");
      await stopSender();
    },
  };
}

/**
 * Paid, open, unfulfilled orders of customers in a simulated store: they can
 * be cancelled, refunded or fulfilled. The seed varies with the shop's
 * random name, so a store must be seeded with enough orders to have them.
 */
export function openPaidOrders(simulator: Simulator, domain: string, count: number, skip = 0) {
  const orders = simulator.store
    .shop(domain)!
    .orders.filter(
      (o) =>
        o.customerId !== null &&
        !o.cancelledAt &&
        o.fulfillments.length === 0 &&
        o.financialStatus === "PAID" &&
        o.refunds.length === 0,
    )
    .slice(skip, skip + count);
  if (orders.length < count)
    throw new Error(
      `${domain} has too few open paid orders (${skip + count} needed); seed it with more orders`,
    );
  return orders;
}
