import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { runCli } from "../../tests/support/cli";
import { uniqueShop } from "../../tests/support/shopify-requests";
import { retryShopWebhook, syncHealth } from "./sync-health.server";

const SHOP = uniqueShop("sync");
const OTHER = uniqueShop("sync-other");
const now = new Date();
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

beforeAll(async () => {
  for (const domain of [SHOP, OTHER]) await prisma.shop.create({ data: { domain } });
  await prisma.shop.update({
    where: { domain: SHOP },
    data: { lastReconciledAt: hoursAgo(0.2), reconciledThrough: hoursAgo(0.3) },
  });
  const event = (
    shopDomain: string,
    status: "pending" | "processed" | "failed",
    hours: number,
    error: string | null = null,
  ) => ({
    shopDomain,
    topic: "orders/updated",
    webhookId: crypto.randomUUID(),
    payload: "{}",
    status,
    error,
    receivedAt: hoursAgo(hours),
  });
  await prisma.webhookEvent.createMany({
    data: [
      event(SHOP, "processed", 1),
      event(SHOP, "processed", 2),
      event(SHOP, "failed", 3, "Order payload: id is required"),
      event(SHOP, "pending", 0.1),
      event(SHOP, "processed", 48),
      event(SHOP, "failed", 24 * 10, "Too old to count"),
      event(OTHER, "failed", 1, "Another shop's failure"),
    ],
  });
  const write = (status: "pending" | "done" | "failed", hours: number, lastError: string | null = null) => ({
    shopDomain: SHOP,
    kind: "order_note",
    orderGid: "gid://shopify/Order/1",
    orderName: "#1001",
    payload: { entry: "x" },
    status,
    lastError,
    createdAt: hoursAgo(hours),
  });
  await prisma.shopifyWrite.createMany({
    data: [
      write("done", 1),
      write("pending", 1, "Throttled by Shopify"),
      write("failed", 30, "Shopify refused the note: Note is invalid"),
    ],
  });
});

describe("sync health", () => {
  it("counts webhooks and writes over 24 hours and 7 days, for the shop only", async () => {
    const health = await syncHealth(SHOP, now);
    expect(health.windows["24h"]).toEqual({
      webhooks: { received: 4, processed: 2, failed: 1, pending: 1 },
      writes: { done: 1, retrying: 1, failed: 0 },
    });
    expect(health.windows["7d"]).toEqual({
      webhooks: { received: 5, processed: 3, failed: 1, pending: 1 },
      writes: { done: 1, retrying: 1, failed: 1 },
    });
    expect(health.lastReconciledAt).toBe(hoursAgo(0.2).toISOString());
    expect(health.failures.webhooks.map((f) => f.error)).toEqual([
      "Order payload: id is required",
      "Too old to count",
    ]);
    expect(health.failures.writes.map((f) => [f.orderName, f.lastError])).toEqual([
      ["#1001", "Shopify refused the note: Note is invalid"],
    ]);
  });

  it("retries only the shop's own failed webhook events", async () => {
    const theirs = await prisma.webhookEvent.findFirstOrThrow({ where: { shopDomain: OTHER } });
    expect(await retryShopWebhook(SHOP, theirs.id)).toBe(false);
    const mine = await prisma.webhookEvent.findFirstOrThrow({
      where: { shopDomain: SHOP, status: "failed" },
    });
    expect(await retryShopWebhook(SHOP, mine.id)).toBe(true);
    expect((await prisma.webhookEvent.findUniqueOrThrow({ where: { id: mine.id } })).status).toBe("pending");
  });

  it("is printed by the operators' CLI: sync status --shop --json", async () => {
    const result = await runCli(["sync", "status", "--shop", SHOP, "--json"]);
    expect(result.code).toBe(0);
    const health = JSON.parse(result.stdout);
    expect(health.shop).toBe(SHOP);
    expect(health.windows["7d"].writes.failed).toBe(1);
    const missing = await runCli(["sync", "status"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("needs --shop");
  });
});
