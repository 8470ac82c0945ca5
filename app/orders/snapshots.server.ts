import { type OrderSnapshot, Prisma } from "@prisma/client";
import type { FulfillmentState, LineItemState, OrderState, RefundState } from "./order-state";

/** Loads the snapshot of an order, as state, or null when we hold none. */
export async function loadOrder(tx: Prisma.TransactionClient, shop: string, shopifyId: string) {
  const row = await tx.orderSnapshot.findUnique({
    where: { shopDomain_shopifyId: { shopDomain: shop, shopifyId } },
    include: { customer: true },
  });
  return row ? { row, state: stateOf(row) } : null;
}

export function stateOf(row: OrderSnapshot): OrderState {
  return {
    shopifyId: row.shopifyId,
    name: row.name,
    email: row.email,
    customer: null,
    financialStatus: row.financialStatus,
    fulfillmentStatus: row.fulfillmentStatus,
    totalPrice: row.totalPrice.toFixed(2),
    totalRefunded: row.totalRefunded.toFixed(2),
    currency: row.currency,
    note: row.note,
    tags: row.tags,
    lineItems: row.lineItems as unknown as LineItemState[],
    shippingAddress: (row.shippingAddress as Record<string, unknown> | null) ?? null,
    fulfillments: row.fulfillments as unknown as FulfillmentState[],
    refunds: row.refunds as unknown as RefundState[],
    cancelledAt: row.cancelledAt,
    cancelReason: row.cancelReason,
    createdAt: row.shopifyCreatedAt,
    updatedAt: row.shopifyUpdatedAt,
  };
}

/**
 * Saves an order's state unless we already hold a newer one. Shopify's
 * updated_at orders versions but has whole seconds, so within one second the
 * moment Shopify reported the state (`observedAt`: a webhook's triggered-at,
 * or when we fetched it) decides. Returns the row and whether it was written.
 * A caller that has just loaded the row under the order's lock passes it as
 * `held` (null: none) so it is not read twice.
 */
export async function saveOrder(
  tx: Prisma.TransactionClient,
  shop: string,
  state: OrderState,
  customerId: string | null,
  observedAt: Date = new Date(),
  held?: OrderSnapshot | null,
): Promise<{ row: OrderSnapshot; written: boolean }> {
  const existing =
    held !== undefined
      ? held
      : await tx.orderSnapshot.findUnique({
          where: { shopDomain_shopifyId: { shopDomain: shop, shopifyId: state.shopifyId } },
        });
  if (existing && isNewer(existing, state.updatedAt, observedAt)) return { row: existing, written: false };
  const data = {
    name: state.name,
    email: state.email,
    customerId: customerId ?? existing?.customerId ?? null,
    financialStatus: state.financialStatus,
    fulfillmentStatus: state.fulfillmentStatus,
    totalPrice: new Prisma.Decimal(state.totalPrice),
    totalRefunded: new Prisma.Decimal(state.totalRefunded),
    currency: state.currency,
    note: state.note,
    tags: state.tags,
    lineItems: state.lineItems as unknown as Prisma.InputJsonValue,
    shippingAddress: (state.shippingAddress ?? Prisma.DbNull) as Prisma.InputJsonValue,
    fulfillments: state.fulfillments as unknown as Prisma.InputJsonValue,
    refunds: state.refunds as unknown as Prisma.InputJsonValue,
    cancelledAt: state.cancelledAt,
    cancelReason: state.cancelReason,
    shopifyCreatedAt: state.createdAt,
    shopifyUpdatedAt: state.updatedAt,
    syncedAt: new Date(),
    stateObservedAt: observedAt,
  };
  const row = existing
    ? await tx.orderSnapshot.update({ where: { id: existing.id }, data })
    : await tx.orderSnapshot.create({ data: { shopDomain: shop, shopifyId: state.shopifyId, ...data } });
  return { row, written: true };
}

function isNewer(existing: OrderSnapshot, updatedAt: Date, observedAt: Date): boolean {
  const held = existing.shopifyUpdatedAt.getTime();
  if (held !== updatedAt.getTime()) return held > updatedAt.getTime();
  return existing.stateObservedAt > observedAt;
}
