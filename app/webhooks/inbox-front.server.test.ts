import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "~/config.server";
import prisma from "~/db.server";
import { stopSender } from "~/jobs/queues.server";
import { hmacOf, uniqueShop } from "../../tests/support/shopify-requests";
import { handleInboxDelivery, INBOX_PATHS, isInboxDelivery } from "./inbox-front.server";
import { acceptDelivery } from "./receive.server";

let server: http.Server;
let origin: string;
let failStores = false;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (!isInboxDelivery(req)) return void res.writeHead(404, { "X-Answered-By": "remix" }).end();
    const secret = config().SHOPIFY_API_SECRET;
    const failing = async () => {
      throw new Error("database unreachable");
    };
    void handleInboxDelivery(req, res, { secret, accept: failStores ? failing : acceptDelivery });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await stopSender();
});

function deliver(
  shop: string,
  body: string,
  options: { path?: string; hmac?: string | null; topic?: string | null; webhookId?: string } = {},
) {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": "2026-01",
    "X-Shopify-Webhook-Id": options.webhookId ?? crypto.randomUUID(),
    "X-Shopify-Triggered-At": "2026-11-27T10:15:30.123Z",
  };
  if (options.topic !== null) headers["X-Shopify-Topic"] = options.topic ?? "orders/updated";
  if (options.hmac !== null) headers["X-Shopify-Hmac-Sha256"] = options.hmac ?? hmacOf(body);
  return fetch(`${origin}${options.path ?? "/webhooks/events"}`, { method: "POST", headers, body });
}

const stored = (shop: string) => prisma.webhookEvent.findMany({ where: { shopDomain: shop } });

describe("the inbox's front door", () => {
  it("stores a signed delivery byte for byte and answers 200; a redelivery is acknowledged and stored once", async () => {
    const shop = uniqueShop("front");
    const body = '{"id":7400000037028123456,"note":"Café – gift-wrap 🎁"}';
    const webhookId = crypto.randomUUID();
    expect((await deliver(shop, body, { webhookId })).status).toBe(200);
    expect((await deliver(shop, body, { webhookId })).status).toBe(200);
    const rows = await stored(shop);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ topic: "orders/updated", webhookId, payload: body, status: "pending" });
    expect(rows[0].triggeredAt?.toISOString()).toBe("2026-11-27T10:15:30.123Z");
  });

  it("keeps a signed body that is not JSON (the worker marks it failed), and takes the compliance path too", async () => {
    const shop = uniqueShop("front");
    expect(
      (await deliver(shop, "{not json", { path: "/webhooks/compliance?x=1", topic: "shop/redact" })).status,
    ).toBe(200);
    expect((await stored(shop)).map((r) => [r.topic, r.payload])).toEqual([["shop/redact", "{not json"]]);
  });

  it("answers 401 to a missing or wrong signature and 400 to a missing topic, storing nothing", async () => {
    const shop = uniqueShop("front");
    const body = '{"id":1}';
    expect((await deliver(shop, body, { hmac: null })).status).toBe(401);
    expect((await deliver(shop, body, { hmac: hmacOf(body, "another-secret") })).status).toBe(401);
    const noTopic = await deliver(shop, body, { topic: null });
    expect(noTopic.status).toBe(400);
    expect(await noTopic.text()).toContain("x-shopify-topic");
    expect(await stored(shop)).toEqual([]);
  });

  it("refuses a body over 16 MiB with 413 before buffering it", async () => {
    const shop = uniqueShop("front");
    const response = await deliver(shop, "x".repeat(16 * 1024 * 1024 + 1), { hmac: "unchecked" });
    expect(response.status).toBe(413);
    expect(await stored(shop)).toEqual([]);
  });

  it("answers 500 when the delivery cannot be stored, so Shopify retries it", async () => {
    failStores = true;
    try {
      const response = await deliver(uniqueShop("front"), '{"id":1}');
      expect(response.status).toBe(500);
    } finally {
      failStores = false;
    }
  });

  it("answers anything but POST to its paths with 405, and leaves every other path to Remix", async () => {
    for (const path of ["/webhooks/events", "/webhooks/compliance?x=1"]) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status).toBe(405);
      expect(response.headers.get("Allow")).toBe("POST");
    }
    for (const [method, path] of [
      ["POST", "/webhooks/app/uninstalled"],
      ["POST", "/webhooks/events/extra"],
      ["POST", "/app"],
    ]) {
      const response = await fetch(`${origin}${path}`, { method });
      expect(response.headers.get("X-Answered-By"), `${method} ${path}`).toBe("remix");
    }
  });

  it("answers exactly the inbox's subscriptions in shopify.app.toml, which Remix routes store the same way", () => {
    const toml = fs.readFileSync("shopify.app.toml", "utf8");
    const uris = [...toml.matchAll(/^\s*uri\s*=\s*"([^"]+)"/gm)].map((m) => m[1]);
    // Every subscription but the two app topics, which act at once in their own routes.
    const inbox = uris.filter((uri) => !uri.startsWith("/webhooks/app/"));
    expect([...INBOX_PATHS].sort()).toEqual(inbox.sort());
    for (const path of INBOX_PATHS) {
      const route = fs.readFileSync(`app/routes/${path.slice(1).replaceAll("/", ".")}.tsx`, "utf8");
      expect(route, path).toContain("receiveWebhook(request)");
    }
  });
});
