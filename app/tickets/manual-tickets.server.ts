import { z } from "zod";
import type { Actor } from "~/agents/agents.server";
import { customerName } from "~/customers/customers.server";
import prisma from "~/db.server";
import { jobSender } from "~/jobs/queues.server";
import { fieldErrors } from "~/lib/field-errors";
import { queueOrderStatusSync } from "~/writeback/order-status.server";
import { PRIORITIES } from "./inbox-filters";
import { recordOpened } from "./ticket-changes.server";
import { openTicket } from "./tickets.server";

/**
 * Tickets an agent opens by hand (a phone call, a chat elsewhere): for one of
 * the shop's customers, optionally about one of that customer's orders, with
 * the first message either what the customer said or an internal note.
 */
const newTicketForm = z.object({
  customerId: z.string().min(1, "Choose the customer this ticket is for").max(64),
  orderId: z
    .string()
    .max(64)
    .transform((v) => v || null),
  subject: z
    .string()
    .trim()
    .min(1, "Give the ticket a subject")
    .max(250, "Subjects are at most 250 characters"),
  body: z
    .string()
    .trim()
    .min(1, "Write the first message")
    .max(20_000, "Messages are at most 20,000 characters"),
  firstMessage: z.enum(["customer", "internal_note"], { message: "Choose who the first message is from" }),
  priority: z.enum(PRIORITIES, { message: "Choose a priority" }),
});

export type NewTicketValues = Record<keyof z.input<typeof newTicketForm>, string>;
export type NewTicketErrors = Partial<Record<keyof NewTicketValues, string>>;

export function parseNewTicketForm(form: FormData) {
  const keys = ["customerId", "orderId", "subject", "body", "firstMessage", "priority"] as const;
  const values = Object.fromEntries(keys.map((k) => [k, String(form.get(k) ?? "")])) as NewTicketValues;
  const parsed = newTicketForm.safeParse(values);
  if (parsed.success) return { ok: true as const, ticket: parsed.data };
  return { ok: false as const, errors: fieldErrors<keyof NewTicketValues>(parsed.error.issues), values };
}

export async function createTicketByHand(
  shop: string,
  actor: Actor,
  input: z.output<typeof newTicketForm>,
): Promise<{ ok: true; number: number } | { ok: false; errors: NewTicketErrors }> {
  const customer = await prisma.customer.findFirst({ where: { id: input.customerId, shopDomain: shop } });
  if (!customer) return { ok: false, errors: { customerId: "Choose the customer this ticket is for" } };
  if (input.orderId) {
    const order = await prisma.orderSnapshot.findFirst({
      where: { id: input.orderId, shopDomain: shop, customerId: customer.id },
    });
    if (!order) return { ok: false, errors: { orderId: "Choose one of this customer's orders, or none" } };
  }
  // Started before the transaction, which queues a write to the order.
  await jobSender();
  const ticket = await prisma.$transaction(async (tx) => {
    const created = await openTicket(tx, shop, {
      subject: input.subject,
      priority: input.priority,
      tags: [],
      channel: "manual",
      customerId: customer.id,
      orderId: input.orderId,
    });
    await recordOpened(tx, shop, created.id, actor);
    if (input.orderId) await queueOrderStatusSync(tx, shop, [input.orderId]);
    const fromCustomer = input.firstMessage === "customer";
    await tx.message.create({
      data: {
        shopDomain: shop,
        ticketId: created.id,
        kind: fromCustomer ? "customer" : "internal_note",
        authorType: fromCustomer ? "customer" : actor.type,
        authorId: fromCustomer ? customer.shopifyId : actor.id,
        authorName: fromCustomer ? customerName(customer) : actor.name,
        body: input.body,
      },
    });
    return created;
  });
  return { ok: true, number: ticket.number };
}

/** Customers an agent may pick, matching a name or email (the most recent ones when empty). */
export async function findCustomers(shop: string, query: string) {
  const words = query.trim().split(/\s+/).filter(Boolean).slice(0, 4);
  const customers = await prisma.customer.findMany({
    where: {
      shopDomain: shop,
      redactedAt: null,
      AND: words.map((w) => ({
        OR: [
          { firstName: { startsWith: w, mode: "insensitive" as const } },
          { lastName: { startsWith: w, mode: "insensitive" as const } },
          { email: { startsWith: w, mode: "insensitive" as const } },
        ],
      })),
    },
    orderBy: { updatedAt: "desc" },
    take: 20,
    include: {
      orders: { orderBy: { shopifyCreatedAt: "desc" }, take: 10, select: { id: true, name: true } },
    },
  });
  return customers.map((c) => ({
    id: c.id,
    label: `${customerName(c)}${c.email ? ` <${c.email}>` : ""}`,
    orders: c.orders,
  }));
}
