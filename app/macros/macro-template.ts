/**
 * Macros are saved replies with `{{variables}}` filled from the ticket, its
 * customer and its order. Rendering never guesses: a variable without a value
 * for this ticket is reported (and left visible as a placeholder), so the
 * agent sees what to fill in before sending.
 */
export const MACRO_VARIABLES = {
  "customer.first_name": "Customer's first name",
  "customer.name": "Customer's full name",
  "customer.email": "Customer's email",
  "order.name": "Order name, e.g. #1001",
  "order.total": "Order total with currency",
  "order.financial_status": "Payment status",
  "order.fulfillment_status": "Fulfilment status",
  "order.tracking_number": "Tracking number of the latest shipment",
  "order.tracking_url": "Tracking link of the latest shipment",
  "order.refunded": "Amount refunded",
  "ticket.number": "Ticket number",
  "agent.name": "Your name",
  "shop.name": "Store name",
} as const;

export type MacroVariable = keyof typeof MACRO_VARIABLES;

export const MACRO_VARIABLE_HELP = Object.entries(MACRO_VARIABLES).map(([name, label]) => ({ name, label }));

export const MAX_MACRO_BODY = 5000;
export type MacroValues = Partial<Record<MacroVariable, string | null>>;

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function variablesIn(template: string): string[] {
  return [...new Set([...template.matchAll(VARIABLE)].map((m) => m[1]))];
}

/** Names in a template that are not variables, for the settings form's error. */
export function unknownMacroVariables(template: string): string[] {
  return variablesIn(template).filter((name) => !(name in MACRO_VARIABLES));
}

export interface RenderedMacro {
  text: string;
  /** Variables the template uses that have no value for this ticket. */
  missing: MacroVariable[];
}

export function renderMacro(template: string, values: MacroValues): RenderedMacro {
  const missing = new Set<MacroVariable>();
  const text = template.replace(VARIABLE, (whole, name: string) => {
    if (!(name in MACRO_VARIABLES)) return whole;
    const value = values[name as MacroVariable];
    if (value === null || value === undefined || value.trim() === "") {
      missing.add(name as MacroVariable);
      return `[${MACRO_VARIABLES[name as MacroVariable].toLowerCase()}]`;
    }
    return value;
  });
  return { text, missing: [...missing] };
}

/** Why a variable is empty, in words an agent can act on. */
export function missingVariableMessage(name: MacroVariable, context: { hasOrder: boolean }): string {
  if (name.startsWith("order.") && !context.hasOrder)
    return `{{${name}}} needs an order: link one to this ticket first.`;
  if (name === "order.tracking_number" || name === "order.tracking_url")
    return `{{${name}}} has no value: the order has no shipment with tracking yet.`;
  if (name === "order.refunded") return `{{${name}}} has no value: nothing has been refunded on this order.`;
  if (name.startsWith("customer."))
    return `{{${name}}} has no value: the ticket's customer has no ${name.split(".")[1].replace("_", " ")}.`;
  return `{{${name}}} has no value for this ticket.`;
}
