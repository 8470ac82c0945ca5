import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { drainInbox } from "../../tests/support/installed-shop";
import { runAction, uniqueShop, webhookRequest } from "../../tests/support/shopify-requests";
import { action as scopesAction, loader as scopesLoader } from "./webhooks.app.scopes_update";
import { action as uninstalledAction, loader as uninstalledLoader } from "./webhooks.app.uninstalled";
import { action as complianceAction, loader as complianceLoader } from "./webhooks.compliance";
import { action as eventsAction, loader as eventsLoader } from "./webhooks.events";

async function installShop(shop: string) {
  await prisma.shop.create({ data: { domain: shop, scopes: "read_orders" } });
  await prisma.session.createMany({
    data: [
      { id: `offline_${shop}`, shop, state: "", accessToken: "shpat_offline", scope: "read_orders" },
      { id: `${shop}_42`, shop, state: "", accessToken: "shpua_online", isOnline: true, userId: 42n },
    ],
  });
}

async function snapshot(shop: string) {
  return {
    shop: await prisma.shop.findUnique({ where: { domain: shop } }),
    sessions: await prisma.session.findMany({ where: { shop }, orderBy: { id: "asc" } }),
  };
}

describe("webhook routes", () => {
  let shop: string;
  let otherShop: string;

  beforeEach(async () => {
    shop = uniqueShop();
    otherShop = uniqueShop("other");
    await installShop(shop);
    await installShop(otherShop);
  });

  afterAll(async () => {
    const { stopSender } = await import("~/jobs/queues.server");
    await stopSender();
  });

  const routes = [
    ["/webhooks/app/uninstalled", "app/uninstalled", uninstalledAction],
    ["/webhooks/app/scopes_update", "app/scopes_update", scopesAction],
    ["/webhooks/compliance", "shop/redact", complianceAction],
    ["/webhooks/events", "orders/create", eventsAction],
  ] as const;

  describe.each(routes)("%s", (path, topic, action) => {
    it("answers 401 to a wrong signature and changes nothing", async () => {
      const before = await snapshot(shop);
      const payload = { shop_domain: shop, current: [] };
      const response = await runAction(
        action,
        webhookRequest({ topic, shop, payload, path, hmac: "d3Jvbmc=" }),
      );
      expect(response.status).toBe(401);
      expect(await snapshot(shop)).toEqual(before);
    });

    it("answers 401 to a missing signature and changes nothing", async () => {
      const before = await snapshot(shop);
      const response = await runAction(
        action,
        webhookRequest({ topic, shop, payload: {}, path, hmac: null }),
      );
      expect(response.status).toBe(401);
      expect(await snapshot(shop)).toEqual(before);
    });

    it("answers 405 to a GET", async () => {
      const request = new Request(`https://counterdesk.test${path}`);
      expect((await runAction(action, request)).status).toBe(405);
    });
  });

  it("answers a GET through Remix (the routes' loader) with 405 and Allow: POST", () => {
    for (const loader of [uninstalledLoader, scopesLoader, complianceLoader, eventsLoader]) {
      const response = loader();
      expect(response.status).toBe(405);
      expect(response.headers.get("Allow")).toBe("POST");
    }
  });

  it("app/uninstalled removes the shop's sessions and marks it uninstalled, touching no other shop", async () => {
    const otherBefore = await snapshot(otherShop);
    const request = webhookRequest({ topic: "app/uninstalled", shop, payload: { domain: shop } });
    expect((await runAction(uninstalledAction, request)).status).toBe(200);
    const after = await snapshot(shop);
    expect(after.sessions).toEqual([]);
    expect(after.shop?.uninstalledAt).toBeInstanceOf(Date);
    expect(await snapshot(otherShop)).toEqual(otherBefore);

    // Shopify may deliver it again after the sessions are gone.
    const again = webhookRequest({ topic: "app/uninstalled", shop, payload: { domain: shop } });
    expect((await runAction(uninstalledAction, again)).status).toBe(200);
  });

  it("app/scopes_update records the granted scopes on the shop and its sessions", async () => {
    const payload = { id: 1, previous: ["read_orders"], current: ["read_customers", "write_orders"] };
    const request = webhookRequest({ topic: "app/scopes_update", shop, payload });
    expect((await runAction(scopesAction, request)).status).toBe(200);
    const after = await snapshot(shop);
    expect(after.shop?.scopes).toBe("read_customers,write_orders");
    expect(after.sessions.map((s) => s.scope)).toEqual([
      "read_customers,write_orders",
      "read_customers,write_orders",
    ]);
  });

  it("app/scopes_update acknowledges a signed payload it cannot read, changing nothing", async () => {
    const before = await snapshot(shop);
    const request = webhookRequest({ topic: "app/scopes_update", shop, payload: { current: "not-a-list" } });
    expect((await runAction(scopesAction, request)).status).toBe(200);
    expect(await snapshot(shop)).toEqual(before);
  });

  it("shop/redact is stored in the inbox and, once processed, has erased the shop and nothing of another shop", async () => {
    const otherBefore = await snapshot(otherShop);
    const request = webhookRequest({
      topic: "shop/redact",
      shop,
      payload: { shop_id: 1, shop_domain: shop },
    });
    expect((await runAction(complianceAction, request)).status).toBe(200);
    expect(await prisma.webhookEvent.count({ where: { shopDomain: shop, topic: "shop/redact" } })).toBe(1);
    expect(await drainInbox(shop)).toEqual(["processed"]);
    expect(await snapshot(shop)).toEqual({ shop: null, sessions: [] });
    expect(await snapshot(otherShop)).toEqual(otherBefore);
  });

  it.each(["customers/redact", "customers/data_request"])("%s is acknowledged", async (topic) => {
    const payload = { shop_id: 1, shop_domain: shop, customer: { id: 1, email: "a@b.c", phone: null } };
    const response = await runAction(complianceAction, webhookRequest({ topic, shop, payload }));
    expect(response.status).toBe(200);
  });

  it("order events are acknowledged once verified", async () => {
    const payload = { id: 5678901234567, admin_graphql_api_id: "gid://shopify/Order/5678901234567" };
    const response = await runAction(eventsAction, webhookRequest({ topic: "orders/create", shop, payload }));
    expect(response.status).toBe(200);
  });
});
