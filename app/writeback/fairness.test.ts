import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/server";
import { startInstalledStores } from "../../tests/support/installed-shop";

/**
 * Writes to Shopify are fair between shops: while one shop's burst waits on
 * its cost bucket, the real worker still takes another shop's write at once,
 * instead of after the writes of the first shop it already holds.
 */
const suffix = crypto.randomUUID().slice(0, 6);
const BUSY = `busy-${suffix}.myshopify.com`;
const QUIET = `quiet-${suffix}.myshopify.com`;
const BURST = 40;

// Installed with roomy limits; then a bucket of two write-backs (12 points
// each) refilling one write-back a second, so the busy shop's burst is slow.
const limits = { maximumAvailable: 10_000, restoreRate: 1_000 };

let stores: Awaited<ReturnType<typeof startInstalledStores>>;
let simulator: Simulator;
let prisma: typeof import("~/db.server").default;

beforeAll(async () => {
  stores = await startInstalledStores(
    [
      { domain: BUSY, orders: 10, customers: 3, days: 20 },
      { domain: QUIET, orders: 3, customers: 1, days: 20 },
    ],
    { simulator: { throttle: limits } },
  );
  simulator = stores.simulator;
  prisma = (await import("~/db.server")).default;
});

afterAll(() => stores?.close());

async function queueNotes(shop: string, count: number) {
  const { queueOrderNote } = await import("./outbox.server");
  const orders = simulator.store.shop(shop)!.orders;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const order = orders[i % orders.length];
    ids.push(
      await queueOrderNote(shop, {
        ticketId: `ticket-${i}`,
        ticketNumber: i + 1,
        messageId: `message-${shop}-${i}`,
        orderGid: `gid://shopify/Order/${order.id}`,
        orderName: order.name,
        text: `Entry ${i}`,
      }),
    );
  }
  return ids;
}

const doneCount = (shop: string) =>
  prisma.shopifyWrite.count({ where: { shopDomain: shop, status: "done" } });

describe("writes to Shopify across shops", () => {
  it("does a quiet shop's write while a busy shop's burst waits on its bucket", {
    timeout: 60_000,
  }, async () => {
    // Writes other test files left queued (for stores already gone) would
    // take the worker's loops first: this test starts from an empty queue.
    await prisma.$executeRaw`DELETE FROM pgboss.job WHERE name = 'shopify-write'`;
    limits.maximumAvailable = 24;
    limits.restoreRate = 12;
    await queueNotes(BUSY, BURST);
    const [quietWrite] = await queueNotes(QUIET, 1);
    const { startWorker } = await import("~/jobs/worker.server");
    const worker = await startWorker({ pollingIntervalSeconds: 0.5 });
    try {
      let busyDoneWhenQuietDone = -1;
      const deadline = Date.now() + 50_000;
      while (Date.now() < deadline) {
        const quiet = await prisma.shopifyWrite.findUniqueOrThrow({ where: { id: quietWrite } });
        if (quiet.status === "done") {
          busyDoneWhenQuietDone = await doneCount(BUSY);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Jobs are fetched oldest first: without grouping by shop, the quiet
      // shop's write is fetched only after all 40 of the busy shop's, so at
      // least 30 of them are done first (it waited more than 40 s). Grouped,
      // it is fetched as soon as a loop is free of the busy shop: at once when
      // the loops' fetches do not overlap, else after one batch of ten.
      expect(busyDoneWhenQuietDone).toBeGreaterThanOrEqual(0);
      expect(busyDoneWhenQuietDone).toBeLessThan(25);
      expect(await doneCount(BUSY)).toBeLessThan(BURST);
    } finally {
      await worker.stop({ graceful: false, close: true });
    }
  });
});
