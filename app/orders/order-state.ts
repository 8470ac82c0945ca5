import { z } from "zod";

/**
 * One order as Counterdesk understands it, whichever way it reached us: a
 * webhook's REST-style payload (order-payload.ts) or the Admin GraphQL API
 * (order-graphql.ts). Snapshots store this; change detection compares two.
 */
export interface CustomerState {
  shopifyId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  note: string | null;
  ordersCount: number | null;
  updatedAt: Date | null;
}

export interface LineItemState {
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  price: string;
  imageUrl: string | null;
}

export interface FulfillmentState {
  id: string;
  status: string | null;
  shipmentStatus: string | null;
  trackingCompany: string | null;
  trackingNumbers: string[];
  trackingUrls: string[];
  createdAt: string | null;
}

export interface RefundState {
  id: string;
  amount: string;
  note: string | null;
  createdAt: string | null;
}

export interface OrderState {
  shopifyId: string;
  name: string;
  email: string | null;
  customer: CustomerState | null;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  totalPrice: string;
  totalRefunded: string;
  currency: string;
  note: string | null;
  tags: string[];
  lineItems: LineItemState[];
  shippingAddress: Record<string, unknown> | null;
  fulfillments: FulfillmentState[];
  refunds: RefundState[];
  cancelledAt: Date | null;
  cancelReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A money amount as Shopify writes it ("12.50"), kept as a decimal string. */
export const moneyString = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const text = String(v).trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) {
    ctx.addIssue({ code: "custom", message: `not an amount: ${text}` });
    return z.NEVER;
  }
  return Number(text).toFixed(2);
});

export const isoDate = z.string().transform((v, ctx) => {
  const date = new Date(v);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: `not a date: ${v}` });
    return z.NEVER;
  }
  return date;
});

export function sumMoney(amounts: string[]): string {
  const cents = amounts.reduce((total, a) => total + Math.round(Number(a) * 100), 0);
  return (cents / 100).toFixed(2);
}

/** Normalises Shopify's status spellings (PARTIALLY_REFUNDED, partially_refunded) to lower snake case. */
export function normaliseStatus(value: string | null | undefined): string | null {
  return value ? value.toLowerCase() : null;
}
