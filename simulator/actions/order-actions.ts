/**
 * Things a merchant does to orders in the Shopify admin, each changing the
 * store and emitting the webhooks Shopify sends for it.
 */
import { randomBytes } from "node:crypto";
import { CATALOG, findVariantBySku } from "../catalog";
import type { FulfillmentRecord, OrderCancelReason, OrderRecord, RefundRecord } from "../model";
import { fulfillmentState, parseAmountToCents, refundableCents } from "../money";
import { addFulfillment, addRefund, allLineItemsForRefund, newLineItem, newOrder } from "../order-builder";
import { normalizeTags, tagProblem } from "../tags";
import type { EmitResult } from "../webhooks/dispatcher";
import { fulfillmentPayload, refundPayload } from "../webhooks/order-part-payloads";
import { orderPayload } from "../webhooks/order-payload";
import { type ActionSupport, SimulatorActionError } from "./action-support";

export interface CreateOrderInput {
  customerId?: string;
  /** Used for guest checkouts (no customer). */
  email?: string;
  lineItems?: { sku: string; quantity?: number }[];
  note?: string;
  tags?: string[];
  financialStatus?: "paid" | "pending";
}

export interface CancelOrderInput {
  reason: OrderCancelReason | Lowercase<OrderCancelReason>;
  /** Refund what was paid; defaults to true, like the admin's cancel dialog. */
  refund?: boolean;
}

export type OrderActionResult = EmitResult & { order: OrderRecord };

export function orderActions(s: ActionSupport) {
  const orderEvent = (shop: ReturnType<ActionSupport["shop"]>, order: OrderRecord, topic: string) => ({
    topic,
    payload: orderPayload(shop, order),
  });

  return {
    createOrder(shopDomain: string, input: CreateOrderInput = {}): OrderActionResult {
      const shop = s.shop(shopDomain);
      const customer = input.customerId ? s.customer(shop, input.customerId) : null;
      const wanted = input.lineItems?.length
        ? input.lineItems
        : [{ sku: CATALOG[0].variants[0].sku, quantity: 1 }];
      const lineItems = wanted.map((item) => {
        const found = findVariantBySku(item.sku);
        if (!found)
          throw new SimulatorActionError(
            400,
            `Unknown SKU ${item.sku}; known SKUs: ${CATALOG.flatMap((p) => p.variants.map((v) => v.sku)).join(", ")}`,
          );
        return newLineItem(s.deps.store, found.product, found.variant, item.quantity ?? 1);
      });
      const tags = normalizeTags(input.tags ?? []);
      const problem = tagProblem(tags);
      if (problem) throw new SimulatorActionError(400, problem);
      const order = newOrder(s.deps.store, shop, {
        customer,
        email: customer?.email ?? input.email ?? null,
        lineItems,
        createdAt: s.nowIso(),
        shippingAddress: customer?.defaultAddress ?? null,
        financialStatus: input.financialStatus === "pending" ? "PENDING" : "PAID",
        note: input.note ?? null,
        tags,
        token: randomBytes(16).toString("hex"),
      });
      shop.orders.push(order);
      return { ...s.commit(shop, [orderEvent(shop, order, "orders/create")]), order };
    },

    cancelOrder(
      shopDomain: string,
      orderId: string,
      input: CancelOrderInput,
    ): OrderActionResult & { refund: RefundRecord | null } {
      const shop = s.shop(shopDomain);
      const order = s.order(shop, orderId);
      if (order.cancelledAt) throw new SimulatorActionError(409, `Order ${order.name} is already cancelled`);
      if (fulfillmentState(order) !== "UNFULFILLED")
        throw new SimulatorActionError(
          409,
          `Order ${order.name} has fulfilled items and cannot be cancelled`,
        );
      const now = s.nowIso();
      order.cancelledAt = now;
      order.cancelReason = input.reason.toUpperCase() as OrderCancelReason;
      order.closedAt = now;
      order.updatedAt = now;
      let refund: RefundRecord | null = null;
      if (order.financialStatus === "PENDING" || order.financialStatus === "AUTHORIZED") {
        order.financialStatus = "VOIDED";
      } else if (input.refund !== false && refundableCents(order) > 0) {
        refund = addRefund(
          s.deps.store,
          order,
          refundableCents(order),
          null,
          now,
          allLineItemsForRefund(order),
        );
        order.financialStatus = "REFUNDED";
      }
      const events = [orderEvent(shop, order, "orders/cancelled")];
      if (refund) events.push({ topic: "refunds/create", payload: refundPayload(shop, order, refund) });
      events.push(orderEvent(shop, order, "orders/updated"));
      return { ...s.commit(shop, events), order, refund };
    },

    refundOrder(
      shopDomain: string,
      orderId: string,
      input: { amount: string | number; note?: string },
    ): OrderActionResult & { refund: RefundRecord } {
      const shop = s.shop(shopDomain);
      const order = s.order(shop, orderId);
      const cents = parseAmountToCents(input.amount);
      if (cents === null || cents <= 0)
        throw new SimulatorActionError(400, `Refund amount must be a positive amount like "12.50"`);
      const available = refundableCents(order);
      if (available === 0)
        throw new SimulatorActionError(409, `Order ${order.name} has nothing left to refund`);
      if (cents > available)
        throw new SimulatorActionError(
          400,
          `Refund amount exceeds the refundable amount (${(available / 100).toFixed(2)})`,
        );
      const now = s.nowIso();
      const refund = addRefund(s.deps.store, order, cents, input.note ?? null, now);
      order.financialStatus = cents === available ? "REFUNDED" : "PARTIALLY_REFUNDED";
      order.updatedAt = now;
      const events = [
        { topic: "refunds/create", payload: refundPayload(shop, order, refund) },
        orderEvent(shop, order, "orders/updated"),
      ];
      return { ...s.commit(shop, events), order, refund };
    },

    fulfillOrder(
      shopDomain: string,
      orderId: string,
      tracking: { company: string; number: string; url: string },
    ): OrderActionResult & { fulfillment: FulfillmentRecord } {
      const shop = s.shop(shopDomain);
      const order = s.order(shop, orderId);
      if (order.cancelledAt) throw new SimulatorActionError(409, `Order ${order.name} is cancelled`);
      if (fulfillmentState(order) === "FULFILLED")
        throw new SimulatorActionError(409, `Order ${order.name} is already fulfilled`);
      const now = s.nowIso();
      const fulfillment = addFulfillment(s.deps.store, order, { ...tracking }, now);
      order.updatedAt = now;
      if (order.financialStatus === "PAID") order.closedAt = now; // auto-archive of paid, fulfilled orders
      const events = [
        { topic: "fulfillments/create", payload: fulfillmentPayload(shop, order, fulfillment) },
        orderEvent(shop, order, "orders/fulfilled"),
        orderEvent(shop, order, "orders/updated"),
      ];
      return { ...s.commit(shop, events), order, fulfillment };
    },

    updateOrderNote(shopDomain: string, orderId: string, note: string | null): OrderActionResult {
      const shop = s.shop(shopDomain);
      const order = s.order(shop, orderId);
      order.note = note === "" ? null : note;
      order.updatedAt = s.nowIso();
      return { ...s.commit(shop, [orderEvent(shop, order, "orders/updated")]), order };
    },

    updateOrderTags(shopDomain: string, orderId: string, tags: string[]): OrderActionResult {
      const shop = s.shop(shopDomain);
      const order = s.order(shop, orderId);
      const normalized = normalizeTags(tags);
      const problem = tagProblem(normalized);
      if (problem) throw new SimulatorActionError(400, problem);
      order.tags = normalized;
      order.updatedAt = s.nowIso();
      return { ...s.commit(shop, [orderEvent(shop, order, "orders/updated")]), order };
    },
  };
}
