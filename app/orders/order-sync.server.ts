import prisma from "~/db.server";
import { jobSender } from "~/jobs/queues.server";
import { adminClientFor } from "~/shopify/admin.server";
import { ORDER_QUERY } from "~/shopify/documents/orders";
import { applyOrderState } from "~/tickets/order-events.server";
import { type GraphqlOrder, orderFromGraphql } from "./order-graphql";
import type { OrderState } from "./order-state";

/** The order as Shopify has it now, or null if Shopify does not know it. */
export async function fetchOrderState(shop: string, orderId: string): Promise<OrderState | null> {
  const client = await adminClientFor(shop);
  const data = await client.request<{ order: GraphqlOrder | null }>(ORDER_QUERY, { id: orderId });
  return data.order ? orderFromGraphql(data.order) : null;
}

/** How old a snapshot may be before a ticket view refetches it. */
export const SNAPSHOT_MAX_AGE_MS = 10 * 60 * 1000;

/**
 * Makes sure we hold the current state of an order: refetches it from
 * Shopify when the snapshot is missing or older than `maxAgeMs`, and applies
 * what changed exactly as a webhook would (news reaches the order's ticket).
 */
export async function ensureFreshOrder(shop: string, orderId: string, maxAgeMs = SNAPSHOT_MAX_AGE_MS) {
  const snapshot = await prisma.orderSnapshot.findUnique({
    where: { shopDomain_shopifyId: { shopDomain: shop, shopifyId: orderId } },
  });
  if (snapshot && Date.now() - snapshot.syncedAt.getTime() < maxAgeMs) return snapshot;
  const state = await fetchOrderState(shop, orderId);
  if (!state) return snapshot;
  // Started before the transaction: a ticket a rule opens queues a write to its order.
  await jobSender();
  await prisma.$transaction((tx) =>
    applyOrderState(tx, shop, state, { webhookEventId: null, isNewOrderEvent: false }),
  );
  return prisma.orderSnapshot.update({
    where: { shopDomain_shopifyId: { shopDomain: shop, shopifyId: orderId } },
    data: { syncedAt: new Date() },
  });
}
