import { Prisma, type Ticket, type TicketPriority } from "@prisma/client";
import { executeLater } from "~/db/batched-sql.server";
import { newRowId } from "~/db/row-ids";
import type { Sql } from "~/db/sql.server";

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

/**
 * Opens a ticket with the shop's next number, linked to its order if any,
 * in one statement (the webhook worker opens one for every matching event).
 */
export async function openTicket(tx: Sql, shop: string, ticket: NewTicket): Promise<Ticket> {
  const now = new Date().toISOString();
  // The shop row is the per-shop counter; the update locks it for the
  // transaction, so two tickets never get one number.
  const [created] = await tx.$queryRaw<Ticket[]>`
    WITH counter AS (
      UPDATE "Shop" SET "lastTicketNumber" = "lastTicketNumber" + 1, "updatedAt" = ${now}::timestamp(3)
      WHERE "domain" = ${shop}
      RETURNING "lastTicketNumber"
    ), ticket AS (
      INSERT INTO "Ticket" ("id", "shopDomain", "number", "subject", "priority", "tags", "assigneeId", "assigneeName",
                            "channel", "customerId", "sourceEventId", "ruleId", "createdAt", "updatedAt")
      SELECT ${newRowId("tkt")}, ${shop}, "lastTicketNumber", ${ticket.subject.slice(0, 250)},
             ${ticket.priority}::"TicketPriority", ${[...new Set(ticket.tags)]}::text[], ${ticket.assigneeId ?? null},
             ${ticket.assigneeName ?? null}, ${ticket.channel}, ${ticket.customerId}, ${ticket.sourceEventId ?? null},
             ${ticket.ruleId ?? null}, ${now}::timestamp(3), ${now}::timestamp(3)
      FROM counter
      RETURNING "id", "shopDomain", "number", "subject", "status"::text AS "status", "priority"::text AS "priority",
                "assigneeId", "assigneeName", "tags", "channel", "sourceEventId", "ruleId", "customerId", "createdAt",
                "updatedAt", "firstResponseAt", "resolvedAt"
    ), link AS (
      INSERT INTO "TicketOrder" ("ticketId", "orderId", "shopDomain", "linkedAt")
      SELECT "id", ${ticket.orderId}, ${shop}, ${now}::timestamp(3) FROM ticket WHERE ${ticket.orderId}::text IS NOT NULL
    )
    SELECT * FROM ticket`;
  if (!created) throw new Error(`No shop ${shop} to open a ticket in`);
  return created;
}

/**
 * Where an order's news goes, given its linked tickets that are not closed,
 * newest first (as loadOrder reads them): `active` is the most recent one
 * still being worked on (open or pending), which a matching rule must not
 * duplicate; `latest` is the most recent one of any status but closed,
 * which hears news that opens nothing.
 */
export function ticketsForOrderNews(tickets: { id: string; status: string }[]) {
  return {
    active: tickets.find((t) => t.status === "open" || t.status === "pending") ?? null,
    latest: tickets[0] ?? null,
  };
}

/**
 * Adds a system event to the thread; one per webhook event per ticket (a
 * redelivery's insert meets the unique key and adds nothing). Nothing reads
 * the outcome, so on a worker batch's connection the write travels with
 * the next statement (executeLater).
 */
export async function addSystemMessage(
  tx: Sql,
  shop: string,
  ticketId: string,
  body: string,
  webhookEventId: string | null,
): Promise<void> {
  const now = new Date().toISOString();
  // One statement: the ticket is touched only when the message was added.
  await executeLater(
    tx,
    Prisma.sql`
    WITH added AS (
      INSERT INTO "Message" ("id", "shopDomain", "ticketId", "kind", "authorType", "authorName", "body", "webhookEventId", "createdAt")
      VALUES (${newRowId("msg")}, ${shop}, ${ticketId}, 'system', 'system', 'Shopify', ${body}, ${webhookEventId}, ${now}::timestamp(3))
      ON CONFLICT ("ticketId", "webhookEventId") DO NOTHING
      RETURNING "id", "ticketId"
    ), touched AS (
      UPDATE "Ticket" SET "updatedAt" = ${now}::timestamp(3) FROM added WHERE "Ticket"."id" = added."ticketId"
    )
    SELECT "id" FROM added`,
  );
}
