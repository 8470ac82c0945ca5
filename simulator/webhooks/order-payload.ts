/**
 * REST-style order payloads for `orders/*` and `refunds/create` webhooks,
 * following the shape of Shopify's published `orders/create` sample.
 */
import { gid } from "../ids";
import type { OrderRecord, ShopRecord } from "../model";
import { fulfillmentState, orderAmounts } from "../money";
import { type JsonValue, jsonNumber } from "./json-text";
import { fulfillmentPayload, lineItemPayload, refundPayload } from "./order-part-payloads";
import { customerPayload } from "./other-payloads";
import { restAddress, restMoney, restMoneySet, restTags, restTime } from "./rest-format";

const FULFILLMENT_STATUS = {
  UNFULFILLED: null,
  PARTIALLY_FULFILLED: "partial",
  FULFILLED: "fulfilled",
} as const;

export function orderPayload(shop: ShopRecord, order: OrderRecord): { [key: string]: JsonValue } {
  const cur = shop.currencyCode;
  const time = (iso: string | null) => restTime(iso, shop.ianaTimezone);
  const a = orderAmounts(order);
  const customer = order.customerId ? shop.customers.find((c) => c.id === order.customerId) : undefined;
  const totalWeight = order.lineItems.reduce((s, li) => s + li.grams * li.quantity, 0);
  return {
    id: jsonNumber(order.id),
    admin_graphql_api_id: gid("Order", order.id),
    app_id: null,
    browser_ip: null,
    buyer_accepts_marketing: false,
    cancel_reason: order.cancelReason ? order.cancelReason.toLowerCase() : null,
    cancelled_at: time(order.cancelledAt),
    cart_token: null,
    checkout_token: null,
    closed_at: time(order.closedAt),
    confirmation_number: order.token.slice(0, 9).toUpperCase(),
    confirmed: true,
    contact_email: order.email,
    created_at: time(order.createdAt),
    currency: cur,
    current_subtotal_price: restMoney(a.currentSubtotalCents),
    current_subtotal_price_set: restMoneySet(a.currentSubtotalCents, cur),
    current_total_discounts: restMoney(order.discountCents),
    current_total_discounts_set: restMoneySet(order.discountCents, cur),
    current_total_price: restMoney(a.currentTotalCents),
    current_total_price_set: restMoneySet(a.currentTotalCents, cur),
    current_total_tax: restMoney(a.currentTaxCents),
    current_total_tax_set: restMoneySet(a.currentTaxCents, cur),
    customer_locale: order.customerLocale,
    discount_codes:
      order.discountCents > 0
        ? [{ code: "WELCOME10", amount: restMoney(order.discountCents), type: "percentage" }]
        : [],
    email: order.email ?? "",
    estimated_taxes: false,
    financial_status: order.financialStatus.toLowerCase(),
    fulfillment_status: FULFILLMENT_STATUS[fulfillmentState(order)],
    name: order.name,
    note: order.note,
    note_attributes: order.customAttributes.map((attr) => ({ name: attr.key, value: attr.value })),
    number: order.number - 1000,
    order_number: order.number,
    order_status_url: `https://${shop.domain}/${shop.id}/orders/${order.token}/authenticate?key=${order.token.slice(0, 16)}`,
    payment_gateway_names: ["shopify_payments"],
    phone: order.phone,
    presentment_currency: cur,
    processed_at: time(order.processedAt),
    source_name: "web",
    subtotal_price: restMoney(a.subtotalCents),
    subtotal_price_set: restMoneySet(a.subtotalCents, cur),
    tags: restTags(order.tags),
    tax_exempt: false,
    taxes_included: true,
    test: false,
    token: order.token,
    total_discounts: restMoney(order.discountCents),
    total_discounts_set: restMoneySet(order.discountCents, cur),
    total_line_items_price: restMoney(a.lineItemsCents),
    total_line_items_price_set: restMoneySet(a.lineItemsCents, cur),
    total_outstanding: restMoney(a.outstandingCents),
    total_price: restMoney(a.totalCents),
    total_price_set: restMoneySet(a.totalCents, cur),
    total_shipping_price_set: restMoneySet(a.shippingCents, cur),
    total_tax: restMoney(a.taxCents),
    total_tax_set: restMoneySet(a.taxCents, cur),
    total_weight: totalWeight,
    updated_at: time(order.updatedAt),
    user_id: null,
    billing_address: restAddress(order.billingAddress),
    customer: customer ? customerPayload(shop, customer, false) : null,
    fulfillments: order.fulfillments.map((f) => fulfillmentPayload(shop, order, f)),
    line_items: order.lineItems.map((li) => lineItemPayload(shop, order, li)),
    refunds: order.refunds.map((r) => refundPayload(shop, order, r)),
    shipping_address: restAddress(order.shippingAddress),
    shipping_lines: order.shippingAddress
      ? [
          {
            id: jsonNumber(order.id),
            code: "standard",
            title: order.shippingTitle,
            price: restMoney(order.shippingCents),
            price_set: restMoneySet(order.shippingCents, cur),
            source: "shopify",
            discount_allocations: [],
            tax_lines: [],
          },
        ]
      : [],
  };
}
