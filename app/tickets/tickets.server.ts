import type { Prisma, TicketPriority } from "@prisma/client";

/**
 * Tickets as the webhook pipeline creates and extends them. Every function
 * takes the caller's transaction: a ticket, its order link and its first
 * message appear together with the event that caused them, or not at all.
 */
export interface NewTicket {
  subject: string;
  priority: TicketPriority;
  tags: string[];
  assigneeId?: string | null;
  assigneeName?: string | null;
  channel: "shopify" | "email" | "manual" | "api";
  customerId: string | null;
  orderId: string | null;
  sourceEventId?: string | null;
  ruleId?: string | null;
}

export async function openTicket(tx: Prisma.TransactionClient, shop: string, ticket: NewTicket) {
  // The shop row is the per-shop counter; the update locks it for the
  // transaction, so two tickets never get one number.
  const { lastTicketNumber } = await tx.shop.update({
    where: { domain: shop },
    data: { lastTicketNumber: { increment: 1 } },
    select: { lastTicketNumber: true },
  });
  return tx.ticket.create({
    data: {
      shopDomain: shop,
      number: lastTicketNumber,
      subject: ticket.subject.slice(0, 250),
      priority: ticket.priority,
      tags: [...new Set(ticket.tags)],
      assigneeId: ticket.assigneeId ?? null,
      assigneeName: ticket.assigneeName ?? null,
      channel: ticket.channel,
      customerId: ticket.customerId,
      sourceEventId: ticket.sourceEventId ?? null,
      ruleId: ticket.ruleId ?? null,
      orders: ticket.orderId ? { create: { orderId: ticket.orderId, shopDomain: shop } } : undefined,
    },
  });
}

/**
 * Where an order's news goes, from one read of its linked tickets that are
 * not closed: `active` is the most recent one still being worked on (open or
 * pending), which a matching rule must not duplicate; `latest` is the most
 * recent one of any status but closed, which hears news that opens nothing.
 */
export async function ticketsForOrderNews(tx: Prisma.TransactionClient, shop: string, orderId: string) {
  const tickets = await tx.ticket.findMany({
    where: { shopDomain: shop, status: { not: "closed" }, orders: { some: { orderId } } },
    orderBy: { createdAt: "desc" },
  });
  return {
    active: tickets.find((t) => t.status === "open" || t.status === "pending") ?? null,
    latest: tickets[0] ?? null,
  };
}

/** Adds a system event to the thread; one per webhook event per ticket. */
export async function addSystemMessage(
  tx: Prisma.TransactionClient,
  shop: string,
  ticketId: string,
  body: string,
  webhookEventId: string | null,
) {
  if (webhookEventId) {
    const existing = await tx.message.findUnique({
      where: { ticketId_webhookEventId: { ticketId, webhookEventId } },
    });
    if (existing) return existing;
  }
  const message = await tx.message.create({
    data: {
      shopDomain: shop,
      ticketId,
      kind: "system",
      authorType: "system",
      authorName: "Shopify",
      body,
      webhookEventId,
    },
  });
  await tx.ticket.update({ where: { id: ticketId }, data: { updatedAt: new Date() } });
  return message;
}
