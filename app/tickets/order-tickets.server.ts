import { z } from "zod";
import type { Actor } from "~/agents/agents.server";
import prisma from "~/db.server";
import { jobSender } from "~/jobs/queues.server";
import { fieldErrors } from "~/lib/field-errors";
import { ensureFreshOrder } from "~/orders/order-sync.server";
import { queueOrderStatusSync } from "~/writeback/order-status.server";
import { PRIORITIES } from "./inbox-filters";
import { recordOpened } from "./ticket-changes.server";
import { openTicket } from "./tickets.server";

/**
 * Tickets seen from an order's page in Shopify admin: the order-details block
 * lists them, the order-details action opens one. The order comes as the
 * numeric part of its GID, the only form that needs no escaping in a path.
 */
export function orderGidFromParam(param: string | undefined): string | null {
  return param && /^\d{1,20}$/.test(param) ? `gid://shopify/Order/${param}` : null;
}

/** Most recently updated first; an order with more tickets than this is rare and the inbox shows all. */
export const ORDER_TICKETS_LIMIT = 20;

const newOrderTicket = z.object({
  subject: z
    .string({ message: "Give the ticket a subject" })
    .trim()
    .min(1, "Give the ticket a subject")
    .max(250, "Subjects are at most 250 characters"),
  body: z
    .string({ message: "Write the first message" })
    .trim()
    .min(1, "Write the first message")
    .max(20_000, "Messages are at most 20,000 characters"),
  priority: z.enum(PRIORITIES, { message: "Choose a priority" }),
});

export type NewOrderTicket = z.output<typeof newOrderTicket>;
export type NewOrderTicketErrors = Partial<Record<keyof NewOrderTicket, string>>;

export function parseNewOrderTicket(
  raw: unknown,
): { ok: true; ticket: NewOrderTicket } | { ok: false; errors: NewOrderTicketErrors } {
  const parsed = newOrderTicket.safeParse(raw && typeof raw === "object" ? raw : {});
  if (parsed.success) return { ok: true, ticket: parsed.data };
  return { ok: false, errors: fieldErrors<keyof NewOrderTicket>(parsed.error.issues) };
}

/**
 * The shop's snapshot of the order, fetched from Shopify when we hold none
 * yet (an order older than the install's import, or one whose webhook has not
 * arrived). Null when the shop has no such order: a GID from another shop is
 * looked up in this shop only, so it is unknown here too.
 */
async function orderOfShop(shop: string, orderGid: string) {
  // Only a missing snapshot is fetched: the block must stay cheap to show.
  return ensureFreshOrder(shop, orderGid, Number.POSITIVE_INFINITY);
}

export interface OrderTicketRow {
  number: number;
  subject: string;
  status: string;
  priority: string;
  updatedAt: string;
}

export async function listOrderTickets(
  shop: string,
  orderGid: string,
): Promise<{ order: { name: string }; tickets: OrderTicketRow[] } | null> {
  const order = await orderOfShop(shop, orderGid);
  if (!order) return null;
  const tickets = await prisma.ticket.findMany({
    where: { shopDomain: shop, orders: { some: { orderId: order.id } } },
    orderBy: [{ updatedAt: "desc" }, { number: "desc" }],
    take: ORDER_TICKETS_LIMIT,
    select: { number: true, subject: true, status: true, priority: true, updatedAt: true },
  });
  return {
    order: { name: order.name },
    tickets: tickets.map((t) => ({ ...t, updatedAt: t.updatedAt.toISOString() })),
  };
}

/**
 * Opens a ticket about the order for its customer, with the agent's first
 * message kept as an internal note: the agent writes it, and nothing says the
 * customer wrote those words. Another ticket for the same order is allowed
 * even while one is open, because an agent asked for it explicitly (rules are
 * the ones that must not duplicate).
 */
export async function createOrderTicket(
  shop: string,
  actor: Actor,
  orderGid: string,
  input: NewOrderTicket,
): Promise<OrderTicketRow | null> {
  const order = await orderOfShop(shop, orderGid);
  if (!order) return null;
  // Started before the transaction, which queues the order's tags and metafield.
  await jobSender();
  const ticket = await prisma.$transaction(async (tx) => {
    const created = await openTicket(tx, shop, {
      subject: input.subject,
      priority: input.priority,
      tags: [],
      channel: "manual",
      customerId: order.customerId,
      orderId: order.id,
    });
    await recordOpened(tx, shop, created.id, actor);
    await queueOrderStatusSync(tx, shop, [order.id]);
    await tx.message.create({
      data: {
        shopDomain: shop,
        ticketId: created.id,
        kind: "internal_note",
        authorType: actor.type,
        authorId: actor.id,
        authorName: actor.name,
        body: input.body,
      },
    });
    return created;
  });
  return {
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    updatedAt: ticket.updatedAt.toISOString(),
  };
}
