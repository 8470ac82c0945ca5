import { z } from "zod";
import prisma from "~/db.server";
import { fieldErrors } from "~/lib/field-errors";
import type { TicketDetail } from "~/tickets/ticket-detail.server";
import {
  MAX_MACRO_BODY,
  type MacroValues,
  type MacroVariable,
  missingVariableMessage,
  renderMacro,
  unknownMacroVariables,
} from "./macro-template";

/** Saved replies, per shop; a new shop starts with a few it can change. */
export const DEFAULT_MACROS = [
  {
    name: "Where is my order",
    body: "Hi {{customer.first_name}},\n\nThanks for reaching out. Your order {{order.name}} is {{order.fulfillment_status}}. You can follow the parcel here: {{order.tracking_url}}\n\nBest,\n{{agent.name}}",
  },
  {
    name: "Cancellation confirmed",
    body: "Hi {{customer.first_name}},\n\nYour order {{order.name}} has been cancelled. If you paid already, the refund is on its way to your original payment method.\n\nBest,\n{{agent.name}}",
  },
  {
    name: "Refund issued",
    body: "Hi {{customer.first_name}},\n\nWe have refunded {{order.refunded}} for order {{order.name}}. Depending on your bank it can take 5-10 business days to show.\n\nBest,\n{{agent.name}}",
  },
];

export async function ensureDefaultMacros(shop: string): Promise<void> {
  if ((await prisma.macro.count({ where: { shopDomain: shop } })) > 0) return;
  await prisma.macro.createMany({
    data: DEFAULT_MACROS.map((m) => ({ shopDomain: shop, ...m })),
    skipDuplicates: true,
  });
}

export function listMacros(shop: string) {
  return prisma.macro.findMany({ where: { shopDomain: shop }, orderBy: { name: "asc" } });
}

export function getMacro(shop: string, id: string) {
  return prisma.macro.findFirst({ where: { shopDomain: shop, id } });
}

const macroForm = z.object({
  name: z.string().trim().min(1, "Give the macro a name").max(80, "Names are at most 80 characters"),
  body: z
    .string()
    .trim()
    .min(1, "Write the reply this macro inserts")
    .max(MAX_MACRO_BODY, `Macros are at most ${MAX_MACRO_BODY} characters`)
    .superRefine((body, ctx) => {
      const unknown = unknownMacroVariables(body);
      if (unknown.length > 0)
        ctx.addIssue({
          code: "custom",
          message: `Unknown variable${unknown.length > 1 ? "s" : ""}: ${unknown.map((u) => `{{${u}}}`).join(", ")}. Use one of the variables listed below.`,
        });
    }),
});

export type MacroFormValues = { name: string; body: string };
export type MacroFormErrors = Partial<Record<keyof MacroFormValues, string>>;

export function parseMacroForm(
  form: FormData,
): { ok: true; macro: MacroFormValues } | { ok: false; errors: MacroFormErrors; values: MacroFormValues } {
  const values = { name: String(form.get("name") ?? ""), body: String(form.get("body") ?? "") };
  const parsed = macroForm.safeParse(values);
  if (parsed.success) return { ok: true, macro: parsed.data };
  return { ok: false, errors: fieldErrors<keyof MacroFormValues>(parsed.error.issues), values };
}

/** Saves a macro (new when id is null); a second macro with the same name is refused. */
export async function saveMacro(
  shop: string,
  id: string | null,
  macro: MacroFormValues,
): Promise<{ ok: true } | { ok: false; errors: MacroFormErrors } | null> {
  const clash = await prisma.macro.findFirst({
    where: { shopDomain: shop, name: macro.name, NOT: id ? { id } : undefined },
  });
  if (clash) return { ok: false, errors: { name: "Another macro already has this name" } };
  if (id === null) {
    await prisma.macro.create({ data: { shopDomain: shop, ...macro } });
    return { ok: true };
  }
  const updated = await prisma.macro.updateMany({ where: { shopDomain: shop, id }, data: macro });
  return updated.count === 1 ? { ok: true } : null;
}

export async function deleteMacro(shop: string, id: string): Promise<boolean> {
  return (await prisma.macro.deleteMany({ where: { shopDomain: shop, id } })).count === 1;
}

/** The values a ticket gives each variable (its first linked order is "the order"). */
export function macroValuesFor(
  ticket: Pick<TicketDetail, "number" | "customer" | "orders">,
  context: { agentName: string | null; shopName: string | null },
): MacroValues {
  const order = ticket.orders[0];
  const customer = ticket.customer;
  const shipment = order?.fulfillments.findLast(
    (f) => f.trackingNumbers.length > 0 || f.trackingUrls.length > 0,
  );
  const words = (status: string | null | undefined) => status?.toLowerCase().replaceAll("_", " ") ?? null;
  const firstName =
    customer?.name && customer.name !== "Redacted customer" ? customer.name.split(" ")[0] : null;
  return {
    "customer.first_name": firstName,
    "customer.name": customer?.name ?? null,
    "customer.email": customer?.email ?? null,
    "order.name": order?.name ?? null,
    "order.total": order ? `${order.totalPrice} ${order.currency}` : null,
    "order.financial_status": words(order?.financialStatus),
    "order.fulfillment_status": order ? (words(order.fulfillmentStatus) ?? "unfulfilled") : null,
    "order.tracking_number": shipment?.trackingNumbers.at(-1) ?? null,
    "order.tracking_url": shipment?.trackingUrls.at(-1) ?? null,
    "order.refunded":
      order && Number(order.totalRefunded) > 0 ? `${order.totalRefunded} ${order.currency}` : null,
    "ticket.number": `#${ticket.number}`,
    "agent.name": context.agentName,
    "shop.name": context.shopName,
  };
}

/** Every macro of the shop rendered for one ticket, with a message per missing value. */
export async function macrosForTicket(
  shop: string,
  ticket: Pick<TicketDetail, "number" | "customer" | "orders">,
  context: { agentName: string | null; shopName: string | null },
) {
  const values = macroValuesFor(ticket, context);
  const macros = await listMacros(shop);
  return macros.map((macro) => {
    const rendered = renderMacro(macro.body, values);
    return {
      id: macro.id,
      name: macro.name,
      text: rendered.text,
      problems: rendered.missing.map((name: MacroVariable) =>
        missingVariableMessage(name, { hasOrder: ticket.orders.length > 0 }),
      ),
    };
  });
}
