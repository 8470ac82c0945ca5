import type { OrderChange } from "~/orders/order-changes";
import type { OrderState } from "~/orders/order-state";

/**
 * Subject templates: `{{order.name}}`, `{{order.total}}`, `{{customer.name}}`,
 * `{{refund.amount}}`, `{{tracking.number}}`. An unknown or empty variable
 * renders as nothing rather than as braces.
 */
export const TEMPLATE_VARIABLES = [
  "order.name",
  "order.total",
  "customer.name",
  "customer.email",
  "refund.amount",
  "tracking.number",
] as const;

export function renderSubject(
  template: string,
  values: { order: OrderState; customerName: string | null; change: OrderChange },
): string {
  const { order, change } = values;
  const vars: Record<string, string | null> = {
    "order.name": order.name,
    "order.total": `${order.totalPrice} ${order.currency}`,
    "customer.name": values.customerName,
    "customer.email": order.email,
    "refund.amount": change.type === "refund_created" ? `${change.refund.amount} ${order.currency}` : null,
    "tracking.number":
      change.type === "order_fulfilled" || change.type === "fulfillment_problem"
        ? (change.fulfillment.trackingNumbers[0] ?? null)
        : null,
  };
  const rendered = template.replace(/\{\{\s*([a-z.]+)\s*\}\}/g, (_, name: string) => vars[name] ?? "");
  return rendered.replace(/\s+/g, " ").trim() || `Order ${order.name}`;
}

/** Variables a template uses that we do not know, for the settings form. */
export function unknownVariables(template: string): string[] {
  const known = new Set<string>(TEMPLATE_VARIABLES);
  return [...template.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)]
    .map((m) => m[1])
    .filter((name) => !known.has(name));
}
