import type { Prisma, TicketPriority, TicketStatus } from "@prisma/client";
import { z } from "zod";
import type { Actor } from "~/agents/agents.server";
import prisma from "~/db.server";
import { jobSender } from "~/jobs/queues.server";
import { queueOrderStatusSyncForTickets } from "~/writeback/order-status.server";
import { PRIORITIES, STATUSES } from "./inbox-filters";

/**
 * What agents change on tickets (status, priority, assignee, tags), one
 * ticket from its page or many from the inbox's bulk actions. Each change
 * that does something is recorded as a ticket event with who and when;
 * a change to what a ticket already is records nothing.
 */
const tagSchema = z
  .string()
  .trim()
  .min(1, "A tag can't be empty")
  .max(40, "Tags are at most 40 characters")
  .regex(/^[^,]+$/, "A tag can't contain a comma");

export const ticketChangeSchema = z
  .object({
    status: z.enum(STATUSES).optional(),
    priority: z.enum(PRIORITIES).optional(),
    /** A staff id, or null to unassign. */
    assigneeId: z.string().trim().min(1).max(100).nullable().optional(),
    addTags: z.array(tagSchema).max(20).optional(),
    removeTags: z.array(tagSchema).max(20).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: "Nothing to change" });

export type TicketChange = z.infer<typeof ticketChangeSchema>;

export class UnknownAgentError extends Error {
  constructor() {
    super(
      "That staff member hasn't opened Counterdesk in this store yet, so tickets can't be assigned to them.",
    );
  }
}

export const MAX_BULK_TICKETS = 250;

/** Applies one change to the shop's tickets with these ids (others' ids are ignored). Returns how many changed. */
export async function changeTickets(
  shop: string,
  ticketIds: string[],
  change: TicketChange,
  actor: Actor,
): Promise<{ changed: number }> {
  const ids = [...new Set(ticketIds)].slice(0, MAX_BULK_TICKETS);
  let assigneeName: string | null = null;
  if (change.assigneeId) {
    const agent = await prisma.agent.findUnique({
      where: { shopDomain_staffId: { shopDomain: shop, staffId: change.assigneeId } },
    });
    if (!agent) throw new UnknownAgentError();
    assigneeName = agent.name;
  }
  // Started before the transaction, which queues writes to the orders.
  if (change.status) await jobSender();
  return prisma.$transaction(async (tx) => {
    const tickets = await tx.$queryRaw<
      {
        id: string;
        status: TicketStatus;
        priority: TicketPriority;
        assigneeId: string | null;
        tags: string[];
      }[]
    >`SELECT "id", "status", "priority", "assigneeId", "tags" FROM "Ticket"
      WHERE "shopDomain" = ${shop} AND "id" = ANY(${ids}) ORDER BY "id" FOR UPDATE`;
    let changed = 0;
    const statusChanged: string[] = [];
    for (const ticket of tickets) {
      const events = eventsFor(ticket, change, assigneeName);
      if (events.length === 0) continue;
      changed += 1;
      if (events.some((e) => e.type === "status")) statusChanged.push(ticket.id);
      const data: Prisma.TicketUpdateInput = {};
      for (const event of events) Object.assign(data, event.update);
      await tx.ticket.update({ where: { id: ticket.id }, data });
      await tx.ticketEvent.createMany({
        data: events.map((e) => ({
          shopDomain: shop,
          ticketId: ticket.id,
          type: e.type,
          actorType: actor.type,
          actorId: actor.id,
          actorName: actor.name,
          data: e.data,
        })),
      });
    }
    // The orders' tags and metafield follow their tickets' status.
    await queueOrderStatusSyncForTickets(tx, shop, statusChanged);
    return { changed };
  });
}

interface PlannedEvent {
  type: "status" | "priority" | "assignee" | "tags";
  data: Prisma.InputJsonValue;
  update: Prisma.TicketUpdateInput;
}

function eventsFor(
  ticket: { status: TicketStatus; priority: TicketPriority; assigneeId: string | null; tags: string[] },
  change: TicketChange,
  assigneeName: string | null,
): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  if (change.status && change.status !== ticket.status) {
    const resolving = change.status === "resolved" || change.status === "closed";
    events.push({
      type: "status",
      data: { from: ticket.status, to: change.status },
      update: { status: change.status, resolvedAt: resolving ? new Date() : null },
    });
  }
  if (change.priority && change.priority !== ticket.priority) {
    events.push({
      type: "priority",
      data: { from: ticket.priority, to: change.priority },
      update: { priority: change.priority },
    });
  }
  if (change.assigneeId !== undefined && change.assigneeId !== ticket.assigneeId) {
    events.push({
      type: "assignee",
      data: { from: ticket.assigneeId, to: change.assigneeId, toName: assigneeName },
      update: { assigneeId: change.assigneeId, assigneeName },
    });
  }
  const remove = new Set(change.removeTags ?? []);
  const tags = [...new Set([...ticket.tags.filter((t) => !remove.has(t)), ...(change.addTags ?? [])])];
  const added = tags.filter((t) => !ticket.tags.includes(t));
  const removed = ticket.tags.filter((t) => !tags.includes(t));
  if (added.length > 0 || removed.length > 0) {
    events.push({ type: "tags", data: { added, removed }, update: { tags } });
  }
  return events;
}

/** Records that a ticket was opened, by whom (an agent by hand, a rule, the API). */
export function recordOpened(tx: Prisma.TransactionClient, shop: string, ticketId: string, actor: Actor) {
  return tx.ticketEvent.create({
    data: {
      shopDomain: shop,
      ticketId,
      type: "created",
      actorType: actor.type,
      actorId: actor.id,
      actorName: actor.name,
      data: {},
    },
  });
}
