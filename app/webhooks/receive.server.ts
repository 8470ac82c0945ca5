import { storeDelivery } from "./inbox.server";
import { verifyWebhook } from "./verify.server";

/**
 * Handles a delivery for the inbox: verify, store, acknowledge. Shopify gives
 * us five seconds and retries (then drops the subscription) on anything but
 * a 2xx, so nothing else happens before the 200; the worker does the rest.
 */
export async function receiveWebhook(request: Request): Promise<Response> {
  const delivery = await verifyWebhook(request);
  await storeDelivery({
    shop: delivery.shop,
    topic: delivery.topic,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    triggeredAt: delivery.triggeredAt,
    apiVersion: delivery.apiVersion,
    payload: delivery.rawBody,
  });
  return new Response(null, { status: 200 });
}
