import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "./server";
import {
  adminGraphQL,
  offlineToken,
  startTestSimulator,
  startWebhookReceiver,
  TEST_API_SECRET,
  TEST_SHOP,
  type WebhookReceiver,
} from "./test-support";
import { jsonNumber, toJsonText } from "./webhooks/json-text";

let receiver: WebhookReceiver;
let sim: Simulator;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await startTestSimulator({ appUrl: receiver.url, retryDelaysMs: [30, 30, 30] });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});
afterEach(() => {
  receiver.received.length = 0;
  receiver.respond = () => 200;
});

const orderWithoutFulfillment = () =>
  sim.store
    .shop(TEST_SHOP)!
    .orders.findLast((o) => !o.cancelledAt && o.fulfillments.length === 0 && o.financialStatus === "PAID")!;

function validHmac(body: string, header: string): boolean {
  const expected = createHmac("sha256", TEST_API_SECRET).update(body, "utf8").digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe("webhook delivery", () => {
  it("POSTs the REST payload to the TOML uri with every Shopify header and a valid HMAC", async () => {
    const order = orderWithoutFulfillment();
    const result = sim.actions.updateOrderNote(TEST_SHOP, order.id, "Leave at the back door");
    await sim.waitForDeliveries();
    expect(receiver.received).toHaveLength(1);
    const [hook] = receiver.received;
    expect(hook.path).toBe("/webhooks/events");
    expect(hook.headers).toMatchObject({
      "content-type": "application/json",
      "x-shopify-topic": "orders/updated",
      "x-shopify-shop-domain": TEST_SHOP,
      "x-shopify-api-version": "2026-01",
      "x-shopify-webhook-id": result.webhookIds[0],
      "x-shopify-event-id": result.eventId,
    });
    expect(Number.isNaN(Date.parse(hook.headers["x-shopify-triggered-at"]))).toBe(false);
    expect(validHmac(hook.body, hook.headers["x-shopify-hmac-sha256"])).toBe(true);
    const payload = JSON.parse(hook.body);
    expect(payload).toMatchObject({
      admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
      name: order.name,
      note: "Leave at the back door",
      financial_status: "paid",
      fulfillment_status: null,
      currency: "EUR",
    });
    expect(typeof payload.tags).toBe("string");
    expect(payload.line_items[0]).toHaveProperty("admin_graphql_api_id");
    // Ids are bare JSON numbers carrying the exact digits.
    expect(hook.body).toContain(`"id":${order.id},`);
  });

  it("retries a failed delivery with the same webhook id, body and triggered-at", async () => {
    receiver.respond = (_req, index) => (index === 0 ? 500 : index === 1 ? 302 : 200);
    const result = sim.actions.updateOrderTags(TEST_SHOP, orderWithoutFulfillment().id, ["retry-me"]);
    await sim.waitForDeliveries();
    expect(receiver.received).toHaveLength(3);
    const ids = new Set(receiver.received.map((r) => r.headers["x-shopify-webhook-id"]));
    expect([...ids]).toEqual(result.webhookIds);
    expect(new Set(receiver.received.map((r) => r.headers["x-shopify-triggered-at"])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    const attempts = sim.deliveries().filter((d) => d.webhookId === result.webhookIds[0]);
    expect(attempts.map((a) => [a.attempt, a.status, a.ok])).toEqual([
      [1, 500, false],
      [2, 302, false],
      [3, 200, true],
    ]);
  });

  it("gives up after the retry schedule and records network errors", async () => {
    const local = await startTestSimulator({ appUrl: "http://127.0.0.1:9", retryDelaysMs: [10, 10] });
    try {
      local.actions.updateOrderNote(TEST_SHOP, local.store.shop(TEST_SHOP)!.orders[0].id, "x");
      await local.waitForDeliveries();
      const attempts = local.deliveries();
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
      expect(attempts.every((a) => a.status === null && a.error)).toBe(true);
    } finally {
      await local.close();
    }
  });

  it("shares one event id across all topics of one merchant action", async () => {
    const order = orderWithoutFulfillment();
    const result = sim.actions.cancelOrder(TEST_SHOP, order.id, { reason: "customer", refund: true });
    await sim.waitForDeliveries();
    const topics = receiver.received.map((r) => r.headers["x-shopify-topic"]).sort();
    expect(topics).toEqual(["orders/cancelled", "orders/updated", "refunds/create"]);
    expect(new Set(receiver.received.map((r) => r.headers["x-shopify-event-id"]))).toEqual(
      new Set([result.eventId]),
    );
    expect(new Set(receiver.received.map((r) => r.headers["x-shopify-webhook-id"])).size).toBe(3);
    const refund = JSON.parse(
      receiver.received.find((r) => r.headers["x-shopify-topic"] === "refunds/create")!.body,
    );
    expect(refund).toMatchObject({
      order_id: Number(order.id),
      transactions: [{ kind: "refund", status: "success", currency: "EUR" }],
    });
  });

  it("sends orders/updated for changes the app makes through the Admin API", async () => {
    const token = await offlineToken(sim);
    const order = orderWithoutFulfillment();
    await adminGraphQL(
      sim,
      token,
      `mutation { orderUpdate(input: { id: "gid://shopify/Order/${order.id}", note: "from app" }) { userErrors { message } } }`,
    );
    await sim.waitForDeliveries();
    expect(receiver.received.map((r) => r.headers["x-shopify-topic"])).toEqual(["orders/updated"]);
    expect(JSON.parse(receiver.received[0].body).note).toBe("from app");
  });

  it("delivers compliance topics to the compliance uri", async () => {
    const customer = sim.store.shop(TEST_SHOP)!.customers[5];
    sim.actions.requestCustomerData(TEST_SHOP, customer.id);
    await sim.waitForDeliveries();
    expect(receiver.received[0].path).toBe("/webhooks/compliance");
    expect(JSON.parse(receiver.received[0].body)).toMatchObject({
      shop_domain: TEST_SHOP,
      customer: { email: customer.email },
      data_request: { id: expect.any(Number) },
    });
  });
});

describe("JSON text", () => {
  it("keeps ids above 2^53 exact", () => {
    const text = toJsonText({
      id: jsonNumber("820982911946154508"),
      admin_graphql_api_id: "gid://shopify/Order/820982911946154508",
      list: [jsonNumber("1")],
    });
    expect(text).toBe(
      '{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508","list":[1]}',
    );
    expect(String(JSON.parse(text).id)).not.toBe("820982911946154508"); // what a naive parser would lose
  });
});
