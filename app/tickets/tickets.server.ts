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
 * Plain SQL, like the rest of the per-event path: it runs for every order
 * event that changes something.
 */
export async function ticketsForOrderNews(tx: Prisma.TransactionClient, shop: string, orderId: string) {
  const tickets = await tx.$queryRaw<{ id: string; status: string }[]>`
    SELECT t."id", t."status"::text AS "status"
    FROM "Ticket" t JOIN "TicketOrder" o ON o."ticketId" = t."id"
    WHERE t."shopDomain" = ${shop} AND o."orderId" = ${orderId} AND t."status" <> 'closed'
    ORDER BY t."createdAt" DESC`;
  return {
    active: tickets.find((t) => t.status === "open" || t.status === "pending") ?? null,
    latest: tickets[0] ?? null,
  };
}

/**
 * Adds a system event to the thread; one per webhook event per ticket (a
 * redelivery's insert meets the unique key and adds nothing). Returns the
 * message's id, or null when the event was already recorded.
 */
export async function addSystemMessage(
  tx: Prisma.TransactionClient,
  shop: string,
  ticketId: string,
  body: string,
  webhookEventId: string | null,
): Promise<string | null> {
  const now = new Date().toISOString();
  const [added] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Message" ("id", "shopDomain", "ticketId", "kind", "authorType", "authorName", "body", "webhookEventId", "createdAt")
    VALUES (${newMessageId()}, ${shop}, ${ticketId}, 'system', 'system', 'Shopify', ${body}, ${webhookEventId}, ${now}::timestamp(3))
    ON CONFLICT ("ticketId", "webhookEventId") DO NOTHING
    RETURNING "id"`;
  if (!added) return null;
  await tx.$executeRaw`UPDATE "Ticket" SET "updatedAt" = ${now}::timestamp(3) WHERE "id" = ${ticketId}`;
  return added.id;
}

/**
 * Ids for messages inserted in plain SQL (Prisma's cuid() is made
 * client-side). Time first, then a counter: a thread shows messages of the
 * same millisecond by id, so ids must rise in the order they were made, as
 * cuids do.
 */
function newMessageId(): string {
  messageCounter = (messageCounter + 1) % 36 ** 4;
  const time = Date.now().toString(36).padStart(9, "0");
  const random = crypto.randomUUID().replaceAll("-", "").slice(0, 12);
  return `msg_${time}${messageCounter.toString(36).padStart(4, "0")}${random}`;
}

let messageCounter = 0;
