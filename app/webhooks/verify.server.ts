// Remix hands us web Requests: the Shopify library must convert them with
// its web-api adapter (the one @shopify/shopify-app-remix loads). Its node
// adapter reads Node's IncomingMessage and, if it is evaluated last, finds no
// headers at all on a web Request ("missing_hmac").
import "@shopify/shopify-api/adapters/web-api";
import { LogSeverity, type Shopify, shopifyApi } from "@shopify/shopify-api";
import { config } from "~/config.server";
import { ADMIN_API_VERSION } from "~/shopify/api-version";

export interface VerifiedDelivery {
  shop: string;
  topic: string;
  webhookId: string;
  eventId: string | null;
  triggeredAt: Date | null;
  apiVersion: string;
  /** Exactly the bytes Shopify signed. */
  rawBody: string;
}

let api: Shopify | undefined;

function library(): Shopify {
  const settings = config();
  api ??= shopifyApi({
    apiKey: settings.SHOPIFY_API_KEY,
    apiSecretKey: settings.SHOPIFY_API_SECRET,
    apiVersion: ADMIN_API_VERSION as Shopify["config"]["apiVersion"],
    hostName: new URL(settings.SHOPIFY_APP_URL).host,
    isEmbeddedApp: true,
    isCustomStoreApp: false,
    logger: { level: LogSeverity.Error },
  });
  return api;
}

/**
 * Verifies a delivery for the inbox with the Shopify library's webhook
 * validation (HMAC of the raw body, required headers), without the parsing
 * and session lookup `authenticate.webhook` adds: the inbox stores the raw
 * body, so a correctly signed body that is not JSON is kept (and later
 * marked failed) instead of costing Shopify a 500 and a retry.
 * Throws a Response: 405 (not POST), 401 (unsigned or wrongly signed),
 * 400 (other required headers missing).
 */
export async function verifyWebhook(request: Request): Promise<VerifiedDelivery> {
  if (request.method !== "POST")
    throw new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
  const rawBody = await request.text();
  const result = await library().webhooks.validate({ rawBody, rawRequest: request });
  if (!result.valid) {
    const unsigned = result.reason === "invalid_hmac" || result.reason === "missing_hmac";
    const unsignedHeader = !request.headers.get("x-shopify-hmac-sha256");
    throw new Response(unsigned || unsignedHeader ? "Unauthorized" : "Bad Request", {
      status: unsigned || unsignedHeader ? 401 : 400,
    });
  }
  const triggeredAt = result.triggeredAt ? new Date(result.triggeredAt) : null;
  return {
    shop: result.domain,
    topic: request.headers.get("x-shopify-topic") ?? result.topic,
    webhookId: result.webhookId,
    eventId: "eventId" in result ? (result.eventId ?? null) : null,
    triggeredAt: triggeredAt && !Number.isNaN(triggeredAt.getTime()) ? triggeredAt : null,
    apiVersion: result.apiVersion,
    rawBody,
  };
}
