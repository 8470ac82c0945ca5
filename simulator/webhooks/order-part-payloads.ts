/**
 * The nested parts of REST order payloads (line items, fulfillments, refunds);
 * `refunds/create` sends a refund part on its own.
 */
import { gid } from "../ids";
import type { FulfillmentRecord, LineItemRecord, OrderRecord, RefundRecord, ShopRecord } from "../model";
import { fulfilledQuantities } from "../money";
import { type JsonValue, jsonNumber } from "./json-text";
import { restMoney, restMoneySet, restTime } from "./rest-format";

export function lineItemPayload(
  shop: ShopRecord,
  order: OrderRecord,
  li: LineItemRecord,
): { [key: string]: JsonValue } {
  const cur = shop.currencyCode;
  const shipped = fulfilledQuantities(order).get(li.id) ?? 0;
  const lineTotal = li.unitPriceCents * li.quantity;
  const vat = Math.round((lineTotal * order.taxRate) / (1 + order.taxRate));
  return {
    id: jsonNumber(li.id),
    admin_graphql_api_id: gid("LineItem", li.id),
    current_quantity:
      li.quantity -
      order.refunds
        .flatMap((r) => r.lineItems)
        .filter((r) => r.lineItemId === li.id)
        .reduce((s, r) => s + r.quantity, 0),
    fulfillable_quantity: order.cancelledAt ? 0 : li.quantity - shipped,
    fulfillment_service: "manual",
    fulfillment_status: shipped === 0 ? null : shipped >= li.quantity ? "fulfilled" : "partial",
    gift_card: li.grams === 0 && li.sku?.startsWith("GC-") === true,
    grams: li.grams,
    name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title,
    price: restMoney(li.unitPriceCents),
    price_set: restMoneySet(li.unitPriceCents, cur),
    product_exists: true,
    product_id: jsonNumber(li.productId),
    properties: [],
    quantity: li.quantity,
    requires_shipping: li.requiresShipping,
    sku: li.sku,
    taxable: li.taxable,
    title: li.title,
    total_discount: "0.00",
    total_discount_set: restMoneySet(0, cur),
    variant_id: jsonNumber(li.variantId),
    variant_inventory_management: "shopify",
    variant_title: li.variantTitle,
    vendor: li.vendor,
    tax_lines: [
      {
        channel_liable: false,
        price: restMoney(vat),
        price_set: restMoneySet(vat, cur),
        rate: order.taxRate,
        title: "VAT",
      },
    ],
    duties: [],
    discount_allocations: [],
  };
}

const SHIPMENT_STATUS = {
  FULFILLED: null,
  IN_TRANSIT: "in_transit",
  OUT_FOR_DELIVERY: "out_for_delivery",
  DELIVERED: "delivered",
} as const;

export function fulfillmentPayload(
  shop: ShopRecord,
  order: OrderRecord,
  f: FulfillmentRecord,
): { [key: string]: JsonValue } {
  const time = (iso: string | null) => restTime(iso, shop.ianaTimezone);
  const first = f.tracking[0];
  return {
    id: jsonNumber(f.id),
    admin_graphql_api_id: gid("Fulfillment", f.id),
    created_at: time(f.createdAt),
    location_id: null,
    name: f.name,
    order_id: jsonNumber(order.id),
    origin_address: {},
    receipt: {},
    service: "manual",
    shipment_status: SHIPMENT_STATUS[f.displayStatus],
    status: f.status === "SUCCESS" ? "success" : "cancelled",
    tracking_company: first?.company ?? null,
    tracking_number: first?.number ?? null,
    tracking_numbers: f.tracking.map((t) => t.number),
    tracking_url: first?.url ?? null,
    tracking_urls: f.tracking.map((t) => t.url),
    updated_at: time(f.updatedAt),
    line_items: f.lineItems.flatMap((fli) => {
      const li = order.lineItems.find((item) => item.id === fli.lineItemId);
      return li ? [{ ...lineItemPayload(shop, order, li), quantity: fli.quantity }] : [];
    }),
  };
}

export function refundPayload(
  shop: ShopRecord,
  order: OrderRecord,
  refund: RefundRecord,
): { [key: string]: JsonValue } {
  const cur = shop.currencyCode;
  const time = (iso: string | null) => restTime(iso, shop.ianaTimezone);
  const lineItemsCents = refund.lineItems.reduce((s, rli) => s + rli.subtotalCents, 0);
  const discrepancy = refund.amountCents - lineItemsCents;
  return {
    id: jsonNumber(refund.id),
    admin_graphql_api_id: gid("Refund", refund.id),
    created_at: time(refund.createdAt),
    note: refund.note,
    order_id: jsonNumber(order.id),
    processed_at: time(refund.createdAt),
    restock: refund.restock,
    total_duties_set: restMoneySet(0, cur),
    user_id: null,
    // Amount-only refunds (or amounts beyond the returned items) appear as a refund discrepancy adjustment.
    order_adjustments:
      discrepancy !== 0
        ? [
            {
              id: jsonNumber(refund.transactionId),
              order_id: jsonNumber(order.id),
              refund_id: jsonNumber(refund.id),
              amount: restMoney(-discrepancy),
              amount_set: restMoneySet(-discrepancy, cur),
              tax_amount: "0.00",
              tax_amount_set: restMoneySet(0, cur),
              kind: "refund_discrepancy",
              reason: "Refund discrepancy",
            },
          ]
        : [],
    transactions: [
      {
        id: jsonNumber(refund.transactionId),
        admin_graphql_api_id: gid("OrderTransaction", refund.transactionId),
        amount: restMoney(refund.amountCents),
        authorization: null,
        created_at: time(refund.createdAt),
        currency: cur,
        error_code: null,
        gateway: "shopify_payments",
        kind: "refund",
        message: "Refund processed",
        order_id: jsonNumber(order.id),
        parent_id: null,
        processed_at: time(refund.createdAt),
        receipt: {},
        source_name: "web",
        status: "success",
        test: false,
        user_id: null,
      },
    ],
    refund_line_items: refund.lineItems.flatMap((rli) => {
      const li = order.lineItems.find((item) => item.id === rli.lineItemId);
      if (!li) return [];
      const tax = Math.round((rli.subtotalCents * order.taxRate) / (1 + order.taxRate));
      return [
        {
          id: jsonNumber(rli.id),
          line_item_id: jsonNumber(li.id),
          location_id: null,
          quantity: rli.quantity,
          restock_type: refund.restock ? "return" : "no_restock",
          subtotal: restMoney(rli.subtotalCents),
          subtotal_set: restMoneySet(rli.subtotalCents, cur),
          total_tax: restMoney(tax),
          total_tax_set: restMoneySet(tax, cur),
          line_item: lineItemPayload(shop, order, li),
        },
      ];
    }),
    duties: [],
  };
}
