import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fulfillmentState, orderAmounts } from "./money";
import { SeededRandom } from "./random";
import type { Simulator } from "./server";
import { startTestSimulator, startWebhookReceiver, TEST_SHOP, type WebhookReceiver } from "./test-support";

let receiver: WebhookReceiver;
let sim: Simulator;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await startTestSimulator({ appUrl: receiver.url });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});
afterEach(() => {
  receiver.received.length = 0;
});

const shop = () => sim.store.shop(TEST_SHOP)!;
const openPaidOrder = () =>
  shop().orders.findLast(
    (o) => !o.cancelledAt && o.fulfillments.length === 0 && o.financialStatus === "PAID",
  )!;
async function topics(): Promise<string[]> {
  await sim.waitForDeliveries();
  return receiver.received.map((r) => r.headers["x-shopify-topic"]).sort();
}

describe("seed data", () => {
  it("is deterministic and covers the states support agents meet", async () => {
    const other = await startTestSimulator();
    try {
      const a = shop();
      const b = other.store.shop(TEST_SHOP)!;
      expect(b.orders.map((o) => [o.id, o.name, o.financialStatus, o.lineItems.length])).toEqual(
        a.orders.map((o) => [o.id, o.name, o.financialStatus, o.lineItems.length]),
      );
      expect(b.customers.map((c) => c.email)).toEqual(a.customers.map((c) => c.email));
    } finally {
      await other.close();
    }
    const orders = shop().orders;
    expect(orders.length).toBe(300);
    expect(orders[0].name).toBe("#1001");
    expect(shop().customers.length).toBe(80);
    expect(orders.every((o) => /^\d{13}$/.test(o.id))).toBe(true);
    const statuses = new Set(orders.map((o) => o.financialStatus));
    for (const s of ["PAID", "PENDING", "REFUNDED", "PARTIALLY_REFUNDED"]) expect(statuses).toContain(s);
    expect(orders.some((o) => o.cancelledAt)).toBe(true);
    expect(orders.some((o) => fulfillmentState(o) === "FULFILLED" && o.fulfillments[0].deliveredAt)).toBe(
      true,
    );
    expect(new Set(orders.flatMap((o) => o.fulfillments.map((f) => f.tracking[0].company)))).toEqual(
      new Set(["DHL Express", "UPS", "PostNL", "DPD"]),
    );
    expect(orders.every((o) => o.lineItems.length >= 1 && o.lineItems.length <= 4)).toBe(true);
    for (const o of orders)
      expect(orderAmounts(o).refundedCents).toBeLessThanOrEqual(orderAmounts(o).totalCents);
    expect(
      orders.every(
        (o) =>
          Date.parse(o.createdAt) <= Date.now() && Date.parse(o.createdAt) > Date.now() - 91 * 86_400_000,
      ),
    ).toBe(true);
  });

  it("uses a stable PRNG (changing it would change every seeded id and name)", () => {
    const r = new SeededRandom(42);
    expect([r.int(0, 100), r.int(0, 100), r.int(0, 100)]).toEqual([60, 45, 86]);
  });
});

describe("merchant actions", () => {
  it("createOrder adds an order and sends orders/create", async () => {
    const customer = shop().customers[0];
    const result = sim.actions.createOrder(TEST_SHOP, {
      customerId: customer.id,
      lineItems: [{ sku: "CM-BLUE", quantity: 2 }],
      note: "Gift wrap",
    });
    expect(result.order.name).toBe("#1301");
    expect(shop().orders.at(-1)).toBe(result.order);
    expect(result.order.customerId).toBe(customer.id);
    expect(await topics()).toEqual(["orders/create"]);
  });

  it("fulfillOrder adds tracking and sends orders/fulfilled + orders/updated", async () => {
    const order = openPaidOrder();
    const result = sim.actions.fulfillOrder(TEST_SHOP, `gid://shopify/Order/${order.id}`, {
      company: "PostNL",
      number: "3SABCD123456789",
      url: "https://jouw.postnl.nl/track-and-trace/3SABCD123456789-NL-1016BR",
    });
    expect(fulfillmentState(order)).toBe("FULFILLED");
    expect(result.fulfillment.tracking).toEqual([
      {
        company: "PostNL",
        number: "3SABCD123456789",
        url: "https://jouw.postnl.nl/track-and-trace/3SABCD123456789-NL-1016BR",
      },
    ]);
    expect(await topics()).toEqual(["orders/fulfilled", "orders/updated"]);
    const payload = JSON.parse(
      receiver.received.find((r) => r.headers["x-shopify-topic"] === "orders/fulfilled")!.body,
    );
    expect(payload.fulfillment_status).toBe("fulfilled");
    expect(payload.fulfillments.at(-1)).toMatchObject({
      tracking_company: "PostNL",
      tracking_number: "3SABCD123456789",
      tracking_numbers: ["3SABCD123456789"],
      status: "success",
    });
    expect(() =>
      sim.actions.fulfillOrder(TEST_SHOP, order.id, { company: "UPS", number: "1", url: "https://ups.com" }),
    ).toThrow(/already fulfilled/);
  });

  it("refundOrder records a partial refund and sends refunds/create + orders/updated", async () => {
    const order = openPaidOrder();
    const result = sim.actions.refundOrder(TEST_SHOP, order.id, { amount: "5.00", note: "Late delivery" });
    expect(order.financialStatus).toBe("PARTIALLY_REFUNDED");
    expect(result.refund.amountCents).toBe(500);
    expect(await topics()).toEqual(["orders/updated", "refunds/create"]);
    expect(() => sim.actions.refundOrder(TEST_SHOP, order.id, { amount: "99999" })).toThrow(/exceeds/);
  });

  it("cancelOrder of an unpaid order voids it without a refund", async () => {
    const pending = sim.actions.createOrder(TEST_SHOP, { financialStatus: "pending" }).order;
    await sim.waitForDeliveries();
    receiver.received.length = 0;
    sim.actions.cancelOrder(TEST_SHOP, pending.id, { reason: "declined" });
    expect(pending).toMatchObject({ financialStatus: "VOIDED", cancelReason: "DECLINED" });
    expect(await topics()).toEqual(["orders/cancelled", "orders/updated"]);
  });

  it("updateOrderNote / updateOrderTags send orders/updated", async () => {
    const order = openPaidOrder();
    sim.actions.updateOrderNote(TEST_SHOP, order.id, "Call before delivery");
    sim.actions.updateOrderTags(TEST_SHOP, order.id, ["b2b", " b2b ", "rush"]);
    expect(order).toMatchObject({ note: "Call before delivery", tags: ["b2b", "rush"] });
    expect(await topics()).toEqual(["orders/updated", "orders/updated"]);
  });

  it("updateCustomer sends customers/update", async () => {
    const customer = shop().customers[1];
    sim.actions.updateCustomer(TEST_SHOP, customer.id, { phone: "+31612345678", note: "VIP" });
    expect(customer).toMatchObject({ phone: "+31612345678", note: "VIP" });
    expect(await topics()).toEqual(["customers/update"]);
    expect(JSON.parse(receiver.received[0].body)).toMatchObject({
      phone: "+31612345678",
      admin_graphql_api_id: `gid://shopify/Customer/${customer.id}`,
    });
  });

  it("compliance actions send their topics; redaction removes the customer", async () => {
    const customer = shop().customers[2];
    sim.actions.requestCustomerData(TEST_SHOP, customer.id);
    const redacted = sim.actions.redactCustomer(TEST_SHOP, customer.id);
    expect(shop().customers.includes(customer)).toBe(false);
    expect(redacted.redactedOrderIds.every((id) => sim.store.order(shop(), id)?.email === null)).toBe(true);
    expect(await topics()).toEqual(["customers/data_request", "customers/redact"]);
  });

  it("uninstallApp sends app/uninstalled then stops app webhooks; redactShop sends shop/redact", async () => {
    const local = await startTestSimulator({ appUrl: receiver.url });
    try {
      expect(() => local.actions.redactShop(TEST_SHOP)).toThrow(/uninstalled/);
      local.actions.uninstallApp(TEST_SHOP);
      local.actions.updateOrderNote(TEST_SHOP, local.store.shop(TEST_SHOP)!.orders[0].id, "after uninstall");
      local.actions.redactShop(TEST_SHOP);
      await local.waitForDeliveries();
      expect(receiver.received.map((r) => r.headers["x-shopify-topic"])).toEqual([
        "app/uninstalled",
        "shop/redact",
      ]);
      expect(JSON.parse(receiver.received[0].body)).toMatchObject({
        myshopify_domain: TEST_SHOP,
        domain: TEST_SHOP,
      });
    } finally {
      await local.close();
    }
  });
});

describe("operator HTTP API", () => {
  const post = (path: string, body: unknown) =>
    fetch(`${sim.url}/_simulator/shops/${TEST_SHOP}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });

  it("performs actions with validated bodies", async () => {
    const order = openPaidOrder();
    const res = await post(`/orders/${order.id}/fulfill`, { company: "UPS" });
    expect(res.status).toBe(200);
    const json = (await res.json()) as {
      eventId: string;
      webhookIds: string[];
      fulfillment: { tracking: { number: string }[] };
    };
    expect(json.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(json.fulfillment.tracking[0].number).toMatch(/^1Z/);
    expect(await topics()).toEqual(["orders/fulfilled", "orders/updated"]);
  });

  it("accepts an order's name as admin shows it", async () => {
    const order = openPaidOrder();
    const res = await post(`/orders/${encodeURIComponent(order.name)}/note`, { note: "Gift wrap, please" });
    expect(res.status).toBe(200);
    expect(shop().orders.find((o) => o.id === order.id)?.note).toBe("Gift wrap, please");
    const byBareNumber = await post(`/orders/${order.name.slice(1)}/note`, { note: "Second note" });
    expect(byBareNumber.status).toBe(200);
    expect(await topics()).toEqual(["orders/updated", "orders/updated"]);
  });

  it("answers 400 for bad bodies and 404 for unknown shops or orders", async () => {
    const bad = await post(`/orders/${openPaidOrder().id}/refund`, { amount: "lots" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/amount/);
    expect((await post("/orders/123/cancel", { reason: "customer" })).status).toBe(404);
    const unknownShop = await fetch(`${sim.url}/_simulator/shops/nope.myshopify.com/uninstall`, {
      method: "POST",
      body: "{}",
    });
    expect(unknownShop.status).toBe(404);
  });

  it("lists shops, orders and deliveries", async () => {
    const shops = (await (await fetch(`${sim.url}/_simulator/shops`)).json()) as {
      domain: string;
      installed: boolean;
    }[];
    expect(shops[0]).toMatchObject({ domain: TEST_SHOP, installed: true });
    const orders = (await (
      await fetch(`${sim.url}/_simulator/shops/${TEST_SHOP}/orders?limit=5`)
    ).json()) as unknown[];
    expect(orders).toHaveLength(5);
    const deliveries = (await (await fetch(`${sim.url}/_simulator/deliveries`)).json()) as {
      topic: string;
      body?: string;
    }[];
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries[0].body).toBeUndefined();
  });
});
