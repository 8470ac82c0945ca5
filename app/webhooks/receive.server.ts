import { type Delivery, type StoredDelivery, storeDelivery } from "./inbox.server";
import { type VerifiedDelivery, verifyWebhook } from "./verify.server";

/**
 * Handles a delivery for the inbox: verify, store, acknowledge. Shopify gives
 * us five seconds and retries (then drops the subscription) on anything but
 * a 2xx, so nothing else happens before the 200; the worker does the rest.
 */
export async function receiveWebhook(request: Request): Promise<Response> {
  await acceptDelivery(await verifyWebhook(request));
  return new Response(null, { status: 200 });
}

/** Stores a verified delivery in the inbox; resolves once it is committed. */
export function acceptDelivery(delivery: VerifiedDelivery): Promise<StoredDelivery> {
  return storeDelivery(inboxDelivery(delivery));
}

/** What the inbox keeps of a verified delivery. */
export function inboxDelivery(delivery: VerifiedDelivery): Delivery {
  return {
    shop: delivery.shop,
    topic: delivery.topic,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    triggeredAt: delivery.triggeredAt,
    apiVersion: delivery.apiVersion,
    payload: delivery.body.toString("utf8"),
  };
}
