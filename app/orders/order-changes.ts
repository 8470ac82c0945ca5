import type { FulfillmentState, OrderState, RefundState } from "./order-state";

/**
 * What happened to an order, found by comparing the state we held with the
 * state an event (or a refetch) brings. Deriving changes from state rather
 * than from the topic makes the outcome the same whichever of a merchant
 * action's topics arrives first, and a late, older payload brings no change.
 */
export type OrderChange =
  | { type: "order_created" }
  | { type: "order_cancelled"; reason: string | null }
  | { type: "refund_created"; refund: RefundState }
  | { type: "order_fulfilled"; fulfillment: FulfillmentState }
  | { type: "fulfillment_problem"; fulfillment: FulfillmentState }
  | { type: "payment_status_changed"; from: string | null; to: string | null }
  | { type: "note_changed"; note: string | null }
  | { type: "tags_changed"; added: string[]; removed: string[] };

export type Trigger = OrderChange["type"] | "order_updated";

/** Shipment states an agent should hear about before the customer writes in. */
export const PROBLEM_SHIPMENT_STATUSES = new Set(["failure", "attempted_delivery"]);

export function diffOrder(
  previous: OrderState | null,
  next: OrderState,
  options: { isNewOrderEvent: boolean },
): OrderChange[] {
  const changes: OrderChange[] = [];
  if (!previous && options.isNewOrderEvent) changes.push({ type: "order_created" });
  if (next.cancelledAt && !previous?.cancelledAt)
    changes.push({ type: "order_cancelled", reason: next.cancelReason });

  const knownRefunds = new Set(previous?.refunds.map((r) => r.id) ?? []);
  for (const refund of next.refunds) {
    if (!knownRefunds.has(refund.id)) changes.push({ type: "refund_created", refund });
  }

  const knownFulfillments = new Map(previous?.fulfillments.map((f) => [f.id, f]) ?? []);
  for (const fulfillment of next.fulfillments) {
    const before = knownFulfillments.get(fulfillment.id);
    if (!before && fulfillment.status !== "cancelled") changes.push({ type: "order_fulfilled", fulfillment });
    const problem = fulfillment.shipmentStatus && PROBLEM_SHIPMENT_STATUSES.has(fulfillment.shipmentStatus);
    if (problem && before?.shipmentStatus !== fulfillment.shipmentStatus) {
      changes.push({ type: "fulfillment_problem", fulfillment });
    }
  }

  if (previous) {
    // Refunds and cancellations tell their own story (their topics may arrive
    // before or after the status change they cause).
    const explained =
      changes.some((c) => c.type === "refund_created" || c.type === "order_cancelled") ||
      ["partially_refunded", "refunded", "voided"].includes(next.financialStatus ?? "");
    if (previous.financialStatus !== next.financialStatus && !explained) {
      changes.push({
        type: "payment_status_changed",
        from: previous.financialStatus,
        to: next.financialStatus,
      });
    }
    if ((previous.note ?? "") !== (next.note ?? "")) changes.push({ type: "note_changed", note: next.note });
    const before = new Set(previous.tags);
    const after = new Set(next.tags);
    const added = next.tags.filter((t) => !before.has(t));
    const removed = previous.tags.filter((t) => !after.has(t));
    if (added.length || removed.length) changes.push({ type: "tags_changed", added, removed });
  } else if (next.note && options.isNewOrderEvent) {
    changes.push({ type: "note_changed", note: next.note });
  }
  return changes;
}

const money = (amount: string, currency: string) => `${amount} ${currency}`;

/** The line an agent reads in the ticket's thread. */
export function describeChange(order: OrderState, change: OrderChange): string {
  switch (change.type) {
    case "order_created":
      return `Order ${order.name} was placed (${money(order.totalPrice, order.currency)}).`;
    case "order_cancelled":
      return `Order ${order.name} was cancelled${change.reason ? ` (reason: ${change.reason})` : ""}.`;
    case "refund_created":
      return `Order ${order.name} was refunded ${money(change.refund.amount, order.currency)}${change.refund.note ? `: ${change.refund.note}` : ""}.`;
    case "order_fulfilled": {
      const f = change.fulfillment;
      const tracking = f.trackingNumbers.length
        ? ` with ${f.trackingCompany ?? "tracking"} ${f.trackingNumbers.join(", ")}${f.trackingUrls[0] ? ` (${f.trackingUrls[0]})` : ""}`
        : "";
      return `Order ${order.name} was fulfilled${tracking}.`;
    }
    case "fulfillment_problem":
      return `Delivery problem on order ${order.name}: shipment ${change.fulfillment.shipmentStatus?.replaceAll("_", " ")}${change.fulfillment.trackingNumbers[0] ? ` (${change.fulfillment.trackingNumbers[0]})` : ""}.`;
    case "payment_status_changed":
      return `Payment status of order ${order.name} changed from ${label(change.from)} to ${label(change.to)}.`;
    case "note_changed":
      return change.note
        ? `Order ${order.name} note: "${change.note}"`
        : `The note on order ${order.name} was removed.`;
    case "tags_changed": {
      const parts = [];
      if (change.added.length) parts.push(`tagged ${change.added.join(", ")}`);
      if (change.removed.length) parts.push(`untagged ${change.removed.join(", ")}`);
      return `Order ${order.name} was ${parts.join(" and ")}.`;
    }
  }
}

function label(status: string | null): string {
  return status ? status.replaceAll("_", " ") : "none";
}
