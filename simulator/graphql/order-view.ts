/**
 * Order records seen as GraphQL `Order` objects. Only the properties defined
 * here resolve; any other field of the real schema fails loudly (see
 * strictFieldResolver), so a query never silently gets null for data the
 * simulator does not model.
 */
import { gid } from "../ids";
import type { FulfillmentRecord, LineItemRecord, OrderRecord, RefundRecord } from "../model";
import { fulfillmentState, orderAmounts } from "../money";
import { connection, firstOf, type PageArgs } from "./connection";
import { type GraphQLContext, moneyBag } from "./context";
import { addressView, customerView } from "./customer-view";
import { metafieldFields } from "./metafields";

export function orderView(ctx: GraphQLContext, order: OrderRecord) {
  const currency = ctx.shop.currencyCode;
  const money = (cents: number) => moneyBag(cents, currency);
  const amounts = orderAmounts(order);
  const orderGid = gid("Order", order.id);
  return {
    __typename: "Order",
    id: orderGid,
    legacyResourceId: order.id,
    name: order.name,
    number: order.number,
    email: order.email,
    phone: order.phone,
    note: order.note,
    tags: order.tags,
    customAttributes: order.customAttributes,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    processedAt: order.processedAt,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    closed: order.closedAt !== null,
    closedAt: order.closedAt,
    confirmed: true,
    test: false,
    sourceName: "web",
    customerLocale: order.customerLocale,
    displayFinancialStatus: order.financialStatus,
    displayFulfillmentStatus: fulfillmentState(order),
    fullyPaid: amounts.outstandingCents === 0 && order.financialStatus !== "VOIDED",
    unpaid: order.financialStatus === "PENDING" || order.financialStatus === "VOIDED",
    currencyCode: currency,
    presentmentCurrencyCode: currency,
    subtotalPriceSet: money(amounts.subtotalCents),
    totalPriceSet: money(amounts.totalCents),
    totalTaxSet: money(amounts.taxCents),
    totalShippingPriceSet: money(amounts.shippingCents),
    totalDiscountsSet: money(order.discountCents),
    totalRefundedSet: money(amounts.refundedCents),
    totalReceivedSet: money(amounts.receivedCents),
    netPaymentSet: money(amounts.receivedCents - amounts.refundedCents),
    currentSubtotalPriceSet: money(amounts.currentSubtotalCents),
    currentTotalPriceSet: money(amounts.currentTotalCents),
    currentTotalTaxSet: money(amounts.currentTaxCents),
    shippingAddress: order.shippingAddress ? addressView(order.shippingAddress, `${order.id}1`) : null,
    billingAddress: order.billingAddress ? addressView(order.billingAddress, `${order.id}2`) : null,
    customer: () => {
      const customer = order.customerId
        ? ctx.shop.customers.find((c) => c.id === order.customerId)
        : undefined;
      return customer ? customerView(ctx, customer) : null;
    },
    lineItems: (args: PageArgs) =>
      connection(
        order.lineItems.map((li, position) => ({ li, position })),
        args,
        { id: ({ li }) => li.id, value: ({ position }) => position },
        ({ li }) => lineItemView(ctx, order, li),
      ),
    fulfillments: (args: { first?: number | null }) =>
      firstOf(order.fulfillments, args.first).map((f) => fulfillmentView(ctx, order, f)),
    refunds: (args: { first?: number | null }) =>
      firstOf(order.refunds, args.first).map((r) => refundView(ctx, order, r)),
    statusPageUrl: `https://${ctx.shop.domain}/${ctx.shop.id}/orders/${order.token}/authenticate?key=${order.token.slice(0, 16)}`,
    ...metafieldFields(ctx, orderGid),
  };
}

function refundedQuantity(order: OrderRecord, lineItemId: string): number {
  return order.refunds
    .flatMap((r) => r.lineItems)
    .reduce((sum, rli) => sum + (rli.lineItemId === lineItemId ? rli.quantity : 0), 0);
}

export function lineItemView(ctx: GraphQLContext, order: OrderRecord, li: LineItemRecord) {
  const money = (cents: number) => moneyBag(cents, ctx.shop.currencyCode);
  const itemsTotal = order.lineItems.reduce((s, item) => s + item.unitPriceCents * item.quantity, 0);
  const lineTotal = li.unitPriceCents * li.quantity;
  // Order-level discounts are allocated across lines in proportion to their value.
  const discount = itemsTotal > 0 ? Math.round((order.discountCents * lineTotal) / itemsTotal) : 0;
  const currentQuantity = Math.max(0, li.quantity - refundedQuantity(order, li.id));
  return {
    __typename: "LineItem",
    id: gid("LineItem", li.id),
    title: li.title,
    name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title,
    variantTitle: li.variantTitle,
    sku: li.sku,
    vendor: li.vendor,
    quantity: li.quantity,
    currentQuantity,
    refundableQuantity: currentQuantity,
    requiresShipping: li.requiresShipping,
    taxable: li.taxable,
    customAttributes: [],
    originalUnitPriceSet: money(li.unitPriceCents),
    originalTotalSet: money(lineTotal),
    discountedUnitPriceSet: money(Math.round((lineTotal - discount) / li.quantity)),
    discountedTotalSet: money(lineTotal - discount),
    image: li.imagePath
      ? {
          __typename: "Image",
          id: gid("ProductImage", li.productId),
          url: `${ctx.origin}${li.imagePath}`,
          altText: li.imageAlt,
          width: 400,
          height: 400,
        }
      : null,
  };
}

export function fulfillmentView(ctx: GraphQLContext, order: OrderRecord, f: FulfillmentRecord) {
  return {
    __typename: "Fulfillment",
    id: gid("Fulfillment", f.id),
    legacyResourceId: f.id,
    name: f.name,
    status: f.status,
    displayStatus: f.status === "CANCELLED" ? "CANCELED" : f.displayStatus,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    inTransitAt: f.inTransitAt,
    deliveredAt: f.deliveredAt,
    estimatedDeliveryAt: f.estimatedDeliveryAt,
    totalQuantity: f.lineItems.reduce((s, li) => s + li.quantity, 0),
    trackingInfo: (args: { first?: number | null }) => firstOf(f.tracking, args.first).map((t) => ({ ...t })),
    order: () => orderView(ctx, order),
  };
}

export function refundView(ctx: GraphQLContext, order: OrderRecord, refund: RefundRecord) {
  const money = (cents: number) => moneyBag(cents, ctx.shop.currencyCode);
  const refundLineItems = refund.lineItems.map((rli, position) => ({ rli, position }));
  return {
    __typename: "Refund",
    id: gid("Refund", refund.id),
    legacyResourceId: refund.id,
    createdAt: refund.createdAt,
    updatedAt: refund.createdAt,
    note: refund.note,
    totalRefundedSet: money(refund.amountCents),
    order: () => orderView(ctx, order),
    refundLineItems: (args: PageArgs) =>
      connection(
        refundLineItems,
        args,
        { id: ({ rli }) => rli.id, value: ({ position }) => position },
        ({ rli }) => {
          const li = order.lineItems.find((item) => item.id === rli.lineItemId) as LineItemRecord;
          return {
            id: gid("RefundLineItem", rli.id),
            quantity: rli.quantity,
            restocked: refund.restock,
            restockType: refund.restock ? "RETURN" : "NO_RESTOCK",
            priceSet: money(li.unitPriceCents),
            subtotalSet: money(rli.subtotalCents),
            lineItem: lineItemView(ctx, order, li),
          };
        },
      ),
    transactions: (args: PageArgs) =>
      connection([refund], args, { id: (r) => r.transactionId, value: () => 0 }, (r) => ({
        __typename: "OrderTransaction",
        id: gid("OrderTransaction", r.transactionId),
        kind: "REFUND",
        status: "SUCCESS",
        gateway: "shopify_payments",
        test: false,
        amountSet: money(r.amountCents),
        createdAt: r.createdAt,
        processedAt: r.createdAt,
      })),
  };
}
