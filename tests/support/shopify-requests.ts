import crypto, { randomUUID } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";

/** A shop domain no other test uses, so suites can share one database. */
export function uniqueShop(prefix = "test"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}.myshopify.com`;
}

export function hmacOf(body: string, secret = process.env.SHOPIFY_API_SECRET ?? ""): string {
  return crypto.createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

/**
 * A webhook delivery exactly as Shopify sends it (headers from Shopify's
 * delivery-structure docs), signed with the app secret unless `hmac` says
 * otherwise.
 */
export function webhookRequest(options: {
  topic: string;
  shop: string;
  payload: unknown;
  path?: string;
  hmac?: string | null;
  apiVersion?: string;
}): Request {
  const body = JSON.stringify(options.payload);
  const headers = new Headers({
    "Content-Type": "application/json",
    "X-Shopify-Topic": options.topic,
    "X-Shopify-Shop-Domain": options.shop,
    "X-Shopify-API-Version": options.apiVersion ?? "2026-01",
    "X-Shopify-Webhook-Id": randomUUID(),
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
  });
  if (options.hmac !== null) headers.set("X-Shopify-Hmac-Sha256", options.hmac ?? hmacOf(body));
  return new Request(`https://counterdesk.test${options.path ?? "/webhooks"}`, {
    method: "POST",
    headers,
    body,
  });
}

/** Runs a Remix action, turning a thrown Response into the returned one. */
export async function runAction(
  action: (args: ActionFunctionArgs) => Promise<Response>,
  request: Request,
): Promise<Response> {
  try {
    return await action({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/**
 * Sends a delivery the simulator made again, byte for byte and with its
 * webhook id, as Shopify does when it retries.
 */
export function redeliver(
  url: string,
  delivery: { topic: string; shop: string; webhookId: string; eventId: string; body?: string },
): Promise<Response> {
  const body = delivery.body ?? "";
  return fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": delivery.topic,
      "X-Shopify-Hmac-Sha256": hmacOf(body),
      "X-Shopify-Shop-Domain": delivery.shop,
      "X-Shopify-API-Version": "2026-01",
      "X-Shopify-Webhook-Id": delivery.webhookId,
      "X-Shopify-Event-Id": delivery.eventId,
    },
    body,
  });
}
