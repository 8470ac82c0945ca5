import { z } from "zod";
import type { OrderChange, Trigger } from "~/orders/order-changes";
import type { OrderState } from "~/orders/order-state";

/**
 * What a ticket rule can ask of an event, beyond its trigger. Stored as JSON
 * on the rule; every condition must hold.
 */
export const TRIGGERS = [
  "order_created",
  "order_cancelled",
  "refund_created",
  "order_fulfilled",
  "fulfillment_problem",
  "order_updated",
] as const satisfies readonly Trigger[];

export const TRIGGER_LABELS: Record<(typeof TRIGGERS)[number], string> = {
  order_created: "An order is placed",
  order_cancelled: "An order is cancelled",
  refund_created: "A refund is created",
  order_fulfilled: "An order is fulfilled",
  fulfillment_problem: "A delivery fails or needs a new attempt",
  order_updated: "An order changes in any way",
};

export const conditionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("order_note_present") }),
  z.object({ type: z.literal("customer_note_present") }),
  z.object({ type: z.literal("order_has_tag"), tag: z.string().trim().min(1, "Enter a tag") }),
  z.object({
    type: z.literal("order_total_above"),
    amount: z.coerce.number({ error: "Enter an amount" }).nonnegative("Enter an amount of 0 or more"),
  }),
]);

export type Condition = z.infer<typeof conditionSchema>;
export const conditionsSchema = z.array(conditionSchema).max(10);

export interface RuleContext {
  order: OrderState;
  customerNote: string | null;
}

export function conditionHolds(condition: Condition, context: RuleContext): boolean {
  switch (condition.type) {
    case "order_note_present":
      return Boolean(context.order.note?.trim());
    case "customer_note_present":
      return Boolean(context.customerNote?.trim());
    case "order_has_tag":
      return context.order.tags.some((t) => t.toLowerCase() === condition.tag.toLowerCase());
    case "order_total_above":
      return Number(context.order.totalPrice) > condition.amount;
  }
}

/** Does a rule with this trigger fire for this change? */
export function triggerMatches(trigger: string, change: OrderChange): boolean {
  return trigger === change.type || trigger === "order_updated";
}

export function describeCondition(condition: Condition): string {
  switch (condition.type) {
    case "order_note_present":
      return "the order has a note";
    case "customer_note_present":
      return "the customer has a note";
    case "order_has_tag":
      return `the order is tagged "${condition.tag}"`;
    case "order_total_above":
      return `the order total is above ${condition.amount}`;
  }
}
