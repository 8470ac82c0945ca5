import { authenticate } from "~/shopify.server";

/**
 * Verifies a webhook delivery with the Shopify library (HMAC over the raw
 * body). The library answers 400 when the signature header is absent;
 * Shopify's rule for webhooks, and compliance topics in particular, is 401
 * for any request that is not correctly signed, so an unsigned one gets 401
 * too. Nothing is read or written before this passes.
 */
export async function authenticateWebhook(request: Request) {
  if (request.method === "POST" && !request.headers.get("x-shopify-hmac-sha256")) {
    throw new Response("Unauthorized", { status: 401 });
  }
  return authenticate.webhook(request);
}
