/**
 * Money arithmetic on integer cents and the derived order amounts that both
 * the GraphQL views and the webhook payloads report, so the two always agree.
 */
import type { OrderRecord } from "./model";

export function formatCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Parses "12.5", "12.50" or 12.5 into cents; null when it is not a non-negative amount. */
export function parseAmountToCents(value: string | number): number | null {
  const text = typeof value === "number" ? value.toFixed(2) : value.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return null;
  const [whole, fraction = ""] = text.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

export interface OrderAmounts {
  lineItemsCents: number;
  subtotalCents: number;
  shippingCents: number;
  taxCents: number;
  totalCents: number;
  refundedCents: number;
  currentTotalCents: number;
  currentSubtotalCents: number;
  currentTaxCents: number;
  /** What was actually paid (zero while payment is pending or voided). */
  receivedCents: number;
  outstandingCents: number;
}

function vatShare(grossCents: number, rate: number): number {
  return Math.round((grossCents * rate) / (1 + rate));
}

export function orderAmounts(order: OrderRecord): OrderAmounts {
  const lineItemsCents = order.lineItems.reduce((sum, li) => sum + li.unitPriceCents * li.quantity, 0);
  const subtotalCents = lineItemsCents - order.discountCents;
  const totalCents = subtotalCents + order.shippingCents;
  const refundedCents = order.refunds.reduce((sum, r) => sum + r.amountCents, 0);
  const unpaid = order.financialStatus === "PENDING" || order.financialStatus === "VOIDED";
  const receivedCents = unpaid ? 0 : totalCents;
  // Refunds and cancellation reduce the "current" amounts, the way Shopify's
  // current* fields reflect the order after refunds and removals.
  const currentTotalCents = order.financialStatus === "VOIDED" ? 0 : Math.max(0, totalCents - refundedCents);
  const currentSubtotalCents = Math.max(0, Math.min(subtotalCents, currentTotalCents));
  return {
    lineItemsCents,
    subtotalCents,
    shippingCents: order.shippingCents,
    taxCents: vatShare(totalCents, order.taxRate),
    totalCents,
    refundedCents,
    currentTotalCents,
    currentSubtotalCents,
    currentTaxCents: vatShare(currentTotalCents, order.taxRate),
    receivedCents,
    outstandingCents: unpaid && order.financialStatus !== "VOIDED" ? totalCents : 0,
  };
}

/** Amount still refundable: what was paid minus what was already refunded. */
export function refundableCents(order: OrderRecord): number {
  const amounts = orderAmounts(order);
  return Math.max(0, amounts.receivedCents - amounts.refundedCents);
}

export type FulfillmentState = "UNFULFILLED" | "PARTIALLY_FULFILLED" | "FULFILLED";

export function fulfillmentState(order: OrderRecord): FulfillmentState {
  const ordered = order.lineItems.reduce((sum, li) => sum + li.quantity, 0);
  const shipped = fulfilledQuantities(order);
  const done = [...shipped.values()].reduce((a, b) => a + b, 0);
  if (done === 0) return "UNFULFILLED";
  return done >= ordered ? "FULFILLED" : "PARTIALLY_FULFILLED";
}

export function fulfilledQuantities(order: OrderRecord): Map<string, number> {
  const shipped = new Map<string, number>();
  for (const f of order.fulfillments) {
    if (f.status !== "SUCCESS") continue;
    for (const li of f.lineItems) shipped.set(li.lineItemId, (shipped.get(li.lineItemId) ?? 0) + li.quantity);
  }
  return shipped;
}
