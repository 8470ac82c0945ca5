import { z } from "zod";
import { toGid } from "~/webhooks/lossless-json";
import {
  type CustomerState,
  isoDate,
  moneyString,
  normaliseStatus,
  type OrderState,
  sumMoney,
} from "./order-state";

/**
 * Shopify's REST-style order payload (orders/* webhooks), validated. Records
 * are keyed by the string `admin_graphql_api_id`, never by the numeric `id`.
 */
const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const numericId = z.union([z.string(), z.number()]);

export const customerPayload = z.object({
  admin_graphql_api_id: z.string().startsWith("gid://shopify/Customer/"),
  email: nullableString,
  first_name: nullableString,
  last_name: nullableString,
  phone: nullableString,
  note: nullableString,
  orders_count: z.number().int().nullish(),
  updated_at: isoDate.nullish(),
});

const lineItem = z.object({
  title: z.string(),
  variant_title: nullableString,
  sku: nullableString,
  quantity: z.number().int(),
  price: moneyString,
});

const fulfillment = z.object({
  id: numericId,
  admin_graphql_api_id: z.string().optional(),
  status: nullableString,
  shipment_status: nullableString,
  tracking_company: nullableString,
  tracking_numbers: z.array(z.string()).nullish(),
  tracking_urls: z.array(z.string()).nullish(),
  created_at: nullableString,
});

const transaction = z.object({ amount: moneyString, kind: z.string(), status: nullableString });

export const refundPayload = z.object({
  id: numericId,
  admin_graphql_api_id: z.string().optional(),
  order_id: numericId.optional(),
  created_at: nullableString,
  note: nullableString,
  transactions: z.array(transaction).default([]),
});

export const orderPayload = z.object({
  admin_graphql_api_id: z.string().startsWith("gid://shopify/Order/"),
  name: z.string().min(1),
  email: nullableString,
  created_at: isoDate,
  updated_at: isoDate,
  cancelled_at: isoDate.nullish(),
  cancel_reason: nullableString,
  financial_status: nullableString,
  fulfillment_status: nullableString,
  total_price: moneyString,
  currency: z.string().min(3),
  note: nullableString,
  tags: z.string().nullish(),
  customer: customerPayload.nullish(),
  line_items: z.array(lineItem).default([]),
  shipping_address: z.record(z.string(), z.unknown()).nullish(),
  fulfillments: z.array(fulfillment).default([]),
  refunds: z.array(refundPayload).default([]),
});

export function customerFromPayload(c: z.infer<typeof customerPayload>): CustomerState {
  return {
    shopifyId: c.admin_graphql_api_id,
    email: c.email,
    firstName: c.first_name,
    lastName: c.last_name,
    phone: c.phone,
    note: c.note,
    ordersCount: c.orders_count ?? null,
    updatedAt: c.updated_at ?? null,
  };
}

export function refundAmount(refund: z.infer<typeof refundPayload>): string {
  const refunded = refund.transactions.filter((t) => t.kind === "refund" && t.status !== "failure");
  return sumMoney(refunded.map((t) => t.amount));
}

export function refundId(refund: z.infer<typeof refundPayload>): string {
  return refund.admin_graphql_api_id ?? toGid("Refund", refund.id);
}

export function orderFromPayload(raw: unknown): OrderState {
  const o = orderPayload.parse(raw);
  const refunds = o.refunds.map((r) => ({
    id: refundId(r),
    amount: refundAmount(r),
    note: r.note,
    createdAt: r.created_at,
  }));
  return {
    shopifyId: o.admin_graphql_api_id,
    name: o.name,
    email: o.email,
    customer: o.customer ? customerFromPayload(o.customer) : null,
    financialStatus: normaliseStatus(o.financial_status),
    fulfillmentStatus: normaliseStatus(o.fulfillment_status),
    totalPrice: o.total_price,
    totalRefunded: sumMoney(refunds.map((r) => r.amount)),
    currency: o.currency,
    note: o.note,
    tags: (o.tags ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    lineItems: o.line_items.map((li) => ({
      title: li.title,
      variantTitle: li.variant_title,
      sku: li.sku,
      quantity: li.quantity,
      price: li.price,
      imageUrl: null,
    })),
    shippingAddress: o.shipping_address ?? null,
    fulfillments: o.fulfillments.map((f) => ({
      id: f.admin_graphql_api_id ?? toGid("Fulfillment", f.id),
      status: normaliseStatus(f.status),
      shipmentStatus: normaliseStatus(f.shipment_status),
      trackingCompany: f.tracking_company,
      trackingNumbers: f.tracking_numbers ?? [],
      trackingUrls: f.tracking_urls ?? [],
      createdAt: f.created_at,
    })),
    refunds,
    cancelledAt: o.cancelled_at ?? null,
    cancelReason: o.cancel_reason,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
  };
}
