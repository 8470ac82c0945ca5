import "@shopify/shopify-api/adapters/web-api";
import { randomUUID } from "node:crypto";
import { LogSeverity, type Shopify, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { ADMIN_API_VERSION } from "~/shopify/api-version";
import { hmacOf } from "../../tests/support/shopify-requests";
import { verifyDelivery, verifyWebhook } from "./verify.server";

const secret = "verify-test-secret";

/** The Shopify library's own validation: the rules ours must agree with. */
const library = shopifyApi({
  apiKey: "key",
  apiSecretKey: secret,
  apiVersion: ADMIN_API_VERSION as Shopify["config"]["apiVersion"],
  hostName: "counterdesk.test",
  isEmbeddedApp: true,
  isCustomStoreApp: false,
  logger: { level: LogSeverity.Error },
});

const body = '{"id":7400000037028123456,"note":"Caf\u00e9 \u2013 please gift-wrap \ud83c\udf81"}';

function signedHeaders(overrides: Record<string, string | null> = {}): Record<string, string> {
  const headers: Record<string, string | null> = {
    "x-shopify-hmac-sha256": hmacOf(body, secret),
    "x-shopify-topic": "orders/create",
    "x-shopify-shop-domain": "verify.myshopify.com",
    "x-shopify-api-version": "2026-01",
    "x-shopify-webhook-id": randomUUID(),
    "x-shopify-event-id": randomUUID(),
    "x-shopify-triggered-at": "2026-11-27T10:15:30.123456Z",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== null));
}

function ours(headers: Record<string, string>, raw = body, method = "POST") {
  return verifyDelivery({ method, header: (name) => headers[name] ?? null, body: Buffer.from(raw) }, secret);
}

async function theLibrarys(headers: Record<string, string>, raw = body) {
  const request = new Request("https://counterdesk.test/webhooks/events", {
    method: "POST",
    headers,
    body: raw,
  });
  return library.webhooks.validate({ rawBody: raw, rawRequest: request });
}

describe("webhook verification", () => {
  const cases: [string, Record<string, string | null>, string?][] = [
    ["a correctly signed delivery", {}],
    ["a signature of another body", {}, `${body} `],
    ["a signature made with another secret", { "x-shopify-hmac-sha256": hmacOf(body, "another-secret") }],
    ["no signature", { "x-shopify-hmac-sha256": null }],
    ["a signature that is not base64", { "x-shopify-hmac-sha256": "not a signature" }],
    ["a truncated signature", { "x-shopify-hmac-sha256": hmacOf(body, secret).slice(0, 20) }],
    ["no topic", { "x-shopify-topic": null }],
    ["no shop", { "x-shopify-shop-domain": null }],
    ["no API version", { "x-shopify-api-version": null }],
    ["no webhook id", { "x-shopify-webhook-id": null }],
    [
      "no event id or trigger time (optional)",
      { "x-shopify-event-id": null, "x-shopify-triggered-at": null },
    ],
  ];

  it.each(cases)("agrees with the Shopify library on %s", async (_, overrides, raw) => {
    const headers = signedHeaders(overrides);
    const mine = ours(headers, raw);
    const expected = await theLibrarys(headers, raw);
    expect(mine.valid).toBe(expected.valid);
    if (!expected.valid && !mine.valid) {
      // The library says 400 for a missing signature; Shopify's rule for webhooks is 401 for anything unsigned.
      const unsigned = expected.reason === "invalid_hmac" || expected.reason === "missing_hmac";
      expect(mine.status).toBe(unsigned ? 401 : 400);
    }
    if (expected.valid && mine.valid) {
      expect(mine.delivery).toMatchObject({
        shop: expected.domain,
        topic: headers["x-shopify-topic"],
        webhookId: expected.webhookId,
        apiVersion: expected.apiVersion,
        eventId: "eventId" in expected ? (expected.eventId ?? null) : null,
      });
      expect(mine.delivery.body.toString("utf8")).toBe(raw ?? body);
    }
  });

  it("names the missing headers and reads the trigger time", () => {
    expect(ours(signedHeaders({ "x-shopify-topic": null, "x-shopify-webhook-id": null }))).toEqual({
      valid: false,
      status: 400,
      message: "Bad Request: missing x-shopify-topic, x-shopify-webhook-id",
    });
    const result = ours(signedHeaders());
    expect(result.valid && result.delivery.triggeredAt?.toISOString()).toBe("2026-11-27T10:15:30.123Z");
    const unreadable = ours(signedHeaders({ "x-shopify-triggered-at": "yesterday-ish" }));
    expect(unreadable.valid && unreadable.delivery.triggeredAt).toBeNull();
  });

  it("refuses anything but POST with 405, and a Remix route gets the rejection as a Response", async () => {
    expect(ours(signedHeaders(), body, "GET")).toMatchObject({ valid: false, status: 405 });
    const thrown = await verifyWebhook(new Request("https://counterdesk.test/webhooks/events")).catch(
      (r) => r,
    );
    expect(thrown).toBeInstanceOf(Response);
    expect(thrown.status).toBe(405);
    expect(thrown.headers.get("Allow")).toBe("POST");
  });
});
