import { authenticateWebhook } from "./authenticate.server";
import { storeDelivery } from "./inbox.server";

/**
 * Handles a delivery for the inbox: verify, store, acknowledge. Shopify gives
 * us five seconds and retries (then drops the subscription) on anything but
 * a 2xx, so nothing else happens before the 200; the worker does the rest.
 */
export async function receiveWebhook(request: Request): Promise<Response> {
  const rawBody = await request.clone().text();
  const { shop, webhookId, eventId, triggeredAt, apiVersion } = await authenticateWebhook(request);
  const topic = request.headers.get("x-shopify-topic") ?? "";
  await storeDelivery({
    shop,
    topic,
    webhookId,
    eventId: eventId ?? null,
    triggeredAt: parseDate(triggeredAt),
    apiVersion,
    payload: rawBody,
  });
  return new Response(null, { status: 200 });
}

function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
