import { Prisma } from "@prisma/client";
import prisma from "~/db.server";
import { enqueueWithin, jobSender, QUEUES } from "~/jobs/queues.server";

/**
 * The durable webhook inbox. A verified delivery is stored, and its
 * processing job queued, in one transaction before Shopify gets its 200; a
 * redelivery (same X-Shopify-Webhook-Id for the shop) stores nothing and
 * queues nothing.
 */
export interface Delivery {
  shop: string;
  topic: string;
  webhookId: string;
  eventId?: string | null;
  triggeredAt?: Date | null;
  apiVersion?: string | null;
  /** The raw request body, exactly as received. */
  payload: string;
  source?: "webhook" | "reconciliation";
}

export async function storeDelivery(delivery: Delivery): Promise<{ id: string | null; duplicate: boolean }> {
  const boss = await jobSender();
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
      INSERT INTO "WebhookEvent" ("id", "shopDomain", "topic", "webhookId", "eventId", "triggeredAt", "apiVersion", "payload", "source")
      VALUES (${newId()}, ${delivery.shop}, ${delivery.topic}, ${delivery.webhookId}, ${delivery.eventId ?? null},
              ${delivery.triggeredAt ?? null}, ${delivery.apiVersion ?? null}, ${delivery.payload}, ${delivery.source ?? "webhook"})
      ON CONFLICT ("shopDomain", "webhookId") DO NOTHING
      RETURNING "id"`);
    if (rows.length === 0) return { id: null, duplicate: true };
    await enqueueWithin(tx, boss, QUEUES.processWebhookEvent, { webhookEventId: rows[0].id });
    return { id: rows[0].id, duplicate: false };
  });
}

/** Queues a stored event again (operators' retry of a failed event). */
export async function requeueEvent(id: string): Promise<boolean> {
  const boss = await jobSender();
  return prisma.$transaction(async (tx) => {
    const updated = await tx.webhookEvent.updateMany({
      where: { id, status: { not: "processed" } },
      data: { status: "pending", error: null },
    });
    if (updated.count === 0) return false;
    await enqueueWithin(tx, boss, QUEUES.processWebhookEvent, { webhookEventId: id });
    return true;
  });
}

function newId(): string {
  return `wh_${crypto.randomUUID().replaceAll("-", "")}`;
}
