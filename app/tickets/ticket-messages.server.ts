import { z } from "zod";
import type { Actor } from "~/agents/agents.server";
import prisma from "~/db.server";
import { enqueueWithin, jobSender, QUEUES } from "~/jobs/queues.server";
import { queueOrderNote } from "~/writeback/outbox.server";

/**
 * What agents write on a ticket: a reply to the customer (emailed from the
 * job queue) or an internal note for colleagues. A reply is the ticket's
 * first response if none came before.
 */
export const MAX_MESSAGE_LENGTH = 20_000;

export const agentMessageSchema = z.object({
  kind: z.enum(["agent_reply", "internal_note"], { message: "Choose reply or internal note" }),
  body: z
    .string()
    .trim()
    .min(1, "Write something before sending")
    .max(MAX_MESSAGE_LENGTH, `Messages are at most ${MAX_MESSAGE_LENGTH.toLocaleString("en")} characters`),
});

export type AgentMessage = z.infer<typeof agentMessageSchema>;

export async function addAgentMessage(
  shop: string,
  ticketId: string,
  actor: Actor,
  message: AgentMessage,
  options: { addToOrder?: { orderGid: string; orderName: string } } = {},
) {
  const reply = message.kind === "agent_reply";
  // Started before the transaction: on the embedded database, starting the
  // job engine inside one would wait for the transaction itself.
  const boss = reply || options.addToOrder ? await jobSender() : null;
  return prisma.$transaction(async (tx) => {
    const ticket = await tx.ticket.findFirst({ where: { id: ticketId, shopDomain: shop } });
    if (!ticket) return null;
    const created = await tx.message.create({
      data: {
        shopDomain: shop,
        ticketId,
        kind: message.kind,
        authorType: actor.type,
        authorId: actor.id,
        authorName: actor.name,
        body: message.body,
        deliveryStatus: reply ? "queued" : null,
      },
    });
    // The email job exists if and only if the reply does.
    if (boss && reply) await enqueueWithin(tx, boss, QUEUES.sendReplyEmail, { messageId: created.id });
    // So does the write of a note to the order's note in Shopify.
    if (options.addToOrder && !reply)
      await queueOrderNote(
        shop,
        {
          ...options.addToOrder,
          ticketId,
          ticketNumber: ticket.number,
          messageId: created.id,
          text: message.body,
        },
        tx,
      );
    const now = new Date();
    await tx.ticket.update({
      where: { id: ticketId },
      data: {
        updatedAt: now,
        ...(message.kind === "agent_reply" && !ticket.firstResponseAt ? { firstResponseAt: now } : {}),
      },
    });
    return created;
  });
}

/** Queues a reply's email again after a failure; false when it is not the shop's failed reply. */
export async function retryReplyEmail(shop: string, ticketId: string, messageId: string): Promise<boolean> {
  const boss = await jobSender();
  return prisma.$transaction(async (tx) => {
    const updated = await tx.message.updateMany({
      where: { id: messageId, ticketId, shopDomain: shop, kind: "agent_reply", deliveryStatus: "failed" },
      data: { deliveryStatus: "queued", deliveryError: null },
    });
    if (updated.count === 0) return false;
    await enqueueWithin(tx, boss, QUEUES.sendReplyEmail, { messageId });
    return true;
  });
}
