import type { WebhookEventStatus } from "@prisma/client";
import prisma from "~/db.server";

/** Stored webhook events for operators (across shops unless one is named). */
export async function listWebhookEventsForOperators(options: {
  shop?: string;
  status?: WebhookEventStatus;
  limit?: number;
}) {
  const events = await prisma.webhookEvent.findMany({
    where: {
      ...(options.shop ? { shopDomain: options.shop } : {}),
      ...(options.status ? { status: options.status } : {}),
    },
    orderBy: { receivedAt: "desc" },
    take: options.limit ?? 100,
    select: {
      id: true,
      shopDomain: true,
      topic: true,
      webhookId: true,
      eventId: true,
      status: true,
      attempts: true,
      error: true,
      receivedAt: true,
      processedAt: true,
    },
  });
  return events.map((e) => ({
    id: e.id,
    shop: e.shopDomain,
    topic: e.topic,
    status: e.status,
    attempts: e.attempts,
    error: e.error,
    webhookId: e.webhookId,
    eventId: e.eventId,
    receivedAt: e.receivedAt.toISOString(),
    processedAt: e.processedAt?.toISOString() ?? null,
  }));
}
