import { afterAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { jobSender, QUEUES, stopSender } from "~/jobs/queues.server";
import { uniqueShop } from "../../tests/support/shopify-requests";
import { storeDelivery } from "./inbox.server";

afterAll(async () => {
  await stopSender();
});

async function queuedJobsFor(eventId: string) {
  const boss = await jobSender();
  const jobs = await boss.findJobs(QUEUES.processWebhookEvent, { data: { webhookEventId: eventId } });
  return jobs.length;
}

describe("webhook inbox", () => {
  it("stores a delivery and queues exactly one job for it; a redelivery adds neither", async () => {
    const shop = uniqueShop("inbox");
    const delivery = {
      shop,
      topic: "orders/create",
      webhookId: crypto.randomUUID(),
      payload: '{"id":7400000037028123456}',
    };
    const first = await storeDelivery(delivery);
    expect(first.duplicate).toBe(false);
    const again = await storeDelivery(delivery);
    expect(again).toEqual({ id: null, duplicate: true });

    const rows = await prisma.webhookEvent.findMany({ where: { shopDomain: shop } });
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toBe('{"id":7400000037028123456}');
    expect(await queuedJobsFor(first.id!)).toBe(1);
  });

  it("keeps deliveries of one merchant action apart (one event id, different webhook ids)", async () => {
    const shop = uniqueShop("inbox");
    const eventId = crypto.randomUUID();
    for (const topic of ["orders/cancelled", "orders/updated"]) {
      await storeDelivery({ shop, topic, webhookId: crypto.randomUUID(), eventId, payload: "{}" });
    }
    expect(await prisma.webhookEvent.count({ where: { shopDomain: shop, eventId } })).toBe(2);
  });
});
