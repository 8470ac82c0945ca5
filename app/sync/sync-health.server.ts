import prisma from "~/db.server";

/**
 * Whether the desk and the store agree, for one shop: webhooks received,
 * processed, failed and pending, and writes to Shopify done, retrying and
 * failed, over the last 24 hours and 7 days; the last reconciliation; and
 * the latest failures with their reasons, for the sync health page and the
 * operators' CLI.
 */
const WINDOWS = { "24h": 24 * 3600_000, "7d": 7 * 24 * 3600_000 } as const;

export async function syncHealth(shop: string, now = new Date()) {
  const windows = {} as Record<keyof typeof WINDOWS, Awaited<ReturnType<typeof windowCounts>>>;
  for (const [name, ms] of Object.entries(WINDOWS) as [keyof typeof WINDOWS, number][])
    windows[name] = await windowCounts(shop, new Date(now.getTime() - ms));
  const [record, failedWebhooks, failedWrites] = await Promise.all([
    prisma.shop.findUnique({
      where: { domain: shop },
      select: { lastReconciledAt: true, reconciledThrough: true },
    }),
    prisma.webhookEvent.findMany({
      where: { shopDomain: shop, status: "failed" },
      orderBy: { receivedAt: "desc" },
      take: 20,
      select: { id: true, topic: true, error: true, attempts: true, receivedAt: true },
    }),
    prisma.shopifyWrite.findMany({
      where: { shopDomain: shop, status: "failed" },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { id: true, kind: true, orderName: true, lastError: true, attempts: true, createdAt: true },
    }),
  ]);
  return {
    shop,
    windows,
    lastReconciledAt: record?.lastReconciledAt?.toISOString() ?? null,
    reconciledThrough: record?.reconciledThrough?.toISOString() ?? null,
    failures: {
      webhooks: failedWebhooks.map((w) => ({ ...w, receivedAt: w.receivedAt.toISOString() })),
      writes: failedWrites.map((w) => ({ ...w, createdAt: w.createdAt.toISOString() })),
    },
  };
}

export type SyncHealth = Awaited<ReturnType<typeof syncHealth>>;

async function windowCounts(shop: string, since: Date) {
  const [events, writes] = await Promise.all([
    prisma.webhookEvent.groupBy({
      by: ["status"],
      where: { shopDomain: shop, receivedAt: { gte: since } },
      _count: { _all: true },
    }),
    prisma.shopifyWrite.groupBy({
      by: ["status"],
      where: { shopDomain: shop, createdAt: { gte: since } },
      _count: { _all: true },
    }),
  ]);
  const count = <T extends { status: string; _count: { _all: number } }>(rows: T[], status: string) =>
    rows.find((r) => r.status === status)?._count._all ?? 0;
  return {
    webhooks: {
      received: events.reduce((sum, r) => sum + r._count._all, 0),
      processed: count(events, "processed"),
      failed: count(events, "failed"),
      pending: count(events, "pending"),
    },
    writes: {
      done: count(writes, "done"),
      retrying: count(writes, "pending"),
      failed: count(writes, "failed"),
    },
  };
}

/** Queues one of the shop's failed webhook events again; false when it is not the shop's failed event. */
export async function retryShopWebhook(shop: string, id: string): Promise<boolean> {
  const event = await prisma.webhookEvent.findFirst({ where: { id, shopDomain: shop, status: "failed" } });
  if (!event) return false;
  const { requeueEvent } = await import("~/webhooks/inbox.server");
  return requeueEvent(id);
}
