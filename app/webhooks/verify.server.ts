import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "~/config.server";

export interface VerifiedDelivery {
  shop: string;
  topic: string;
  webhookId: string;
  eventId: string | null;
  triggeredAt: Date | null;
  apiVersion: string;
  /**
   * Exactly the bytes Shopify signed, not decoded: the spool writes them as
   * they are, and only what stores a delivery as text decodes it.
   */
  body: Buffer;
}

/** What verification needs of a request, from a web Request or Node's IncomingMessage alike. */
export interface DeliveryRequest {
  method: string;
  /** A header's value by lower-case name, or null. */
  header(name: string): string | null;
  body: Buffer;
}

export type Verification =
  | { valid: true; delivery: VerifiedDelivery }
  | { valid: false; status: 400 | 401 | 405; message: string };

/** Headers Shopify always sends with a webhook; the Shopify library rejects a delivery missing any. */
const REQUIRED_HEADERS = [
  "x-shopify-topic",
  "x-shopify-shop-domain",
  "x-shopify-api-version",
  "x-shopify-webhook-id",
] as const;

/**
 * Verifies a webhook delivery for the inbox as Shopify documents it:
 * base64(HMAC-SHA256(app secret, raw body bytes)) compared in constant time
 * with X-Shopify-Hmac-Sha256, then the headers Shopify always sends. The
 * same rules as the Shopify library's `webhooks.validate`, without its
 * WebCrypto round trip and header normalisation, which were a fifth of the
 * acknowledgement's CPU. No parsing: the inbox stores the raw body, so a
 * correctly signed body that is not JSON is kept (and later marked failed)
 * instead of costing Shopify a 500 and a retry.
 * Rejections: 405 (not POST), 401 (unsigned or wrongly signed), 400 (other
 * required headers missing).
 */
export function verifyDelivery(request: DeliveryRequest, secret: string): Verification {
  if (request.method !== "POST") return { valid: false, status: 405, message: "Method Not Allowed" };
  const signature = request.header("x-shopify-hmac-sha256");
  if (!signature || !signatureMatches(request.body, signature, secret))
    return { valid: false, status: 401, message: "Unauthorized" };
  const missing = REQUIRED_HEADERS.filter((name) => !request.header(name));
  if (missing.length > 0)
    return { valid: false, status: 400, message: `Bad Request: missing ${missing.join(", ")}` };
  const header = (name: (typeof REQUIRED_HEADERS)[number]) => request.header(name) as string;
  const triggeredAt = parseTime(request.header("x-shopify-triggered-at"));
  return {
    valid: true,
    delivery: {
      shop: header("x-shopify-shop-domain"),
      topic: header("x-shopify-topic"),
      webhookId: header("x-shopify-webhook-id"),
      eventId: request.header("x-shopify-event-id") || null,
      triggeredAt,
      apiVersion: header("x-shopify-api-version"),
      body: request.body,
    },
  };
}

function signatureMatches(body: Buffer, signature: string, secret: string): boolean {
  const expected = Buffer.from(createHmac("sha256", secret).update(body).digest("base64"));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function parseTime(value: string | null): Date | null {
  if (!value) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time;
}

/**
 * verifyDelivery for a Remix route's web Request. Throws the rejection as a
 * Response.
 */
export async function verifyWebhook(request: Request): Promise<VerifiedDelivery> {
  const body = request.method === "POST" ? Buffer.from(await request.arrayBuffer()) : Buffer.alloc(0);
  const result = verifyDelivery(
    { method: request.method, header: (name) => request.headers.get(name), body },
    config().SHOPIFY_API_SECRET,
  );
  if (!result.valid)
    throw new Response(result.message, {
      status: result.status,
      headers: result.status === 405 ? { Allow: "POST" } : undefined,
    });
  return result.delivery;
}

/** The webhook routes' loader: Shopify only POSTs, so a GET (or HEAD) gets 405. */
export function refuseNonPost(): Response {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
