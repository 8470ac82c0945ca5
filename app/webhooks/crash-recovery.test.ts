import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/server";
import { installShop } from "../../tests/support/installed-shop";
import { startSimulatedShopify } from "../../tests/support/simulated-shopify";
import { startWebhookRoutesServer } from "../../tests/support/webhook-routes-server";

/**
 * Events survive a crash: deliveries acknowledged (stored, jobs queued) while
 * the worker is killed with SIGKILL mid-queue are all processed by the next
 * worker, each exactly once in effect.
 */
const SHOP = `crash-${crypto.randomUUID().slice(0, 6)}.myshopify.com`;
// Enough that the first worker, taking batches of 20, cannot finish before it is killed.
const CANCELLATIONS = 40;

let simulator: Simulator;
let routes: Awaited<ReturnType<typeof startWebhookRoutesServer>>;
let prisma: typeof import("~/db.server").default;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  routes = await startWebhookRoutesServer();
  simulator = await startSimulatedShopify({
    appUrl: routes.url,
    shops: [{ domain: SHOP, orders: 400, customers: 60, days: 20, installed: true }],
  });
  prisma = (await import("~/db.server")).default;
  await installShop(simulator, SHOP);
});

afterAll(async () => {
  for (const worker of workers) killGroup(worker);
  await simulator?.close();
  await routes?.close();
  const { stopSender } = await import("~/jobs/queues.server");
  await stopSender();
});

function startWorkerProcess(): ChildProcess {
  // Its own process group: tsx runs the worker as a child process, and a
  // crash must take both down, as a machine failure would.
  const child = spawn("tsx", ["scripts/worker.ts"], { env: process.env, stdio: "ignore", detached: true });
  workers.push(child);
  return child;
}

function killGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // already gone
  }
}

async function counts() {
  const rows = await prisma.webhookEvent.groupBy({
    by: ["status"],
    where: { shopDomain: SHOP },
    _count: true,
  });
  return Object.fromEntries(rows.map((r) => [r.status, r._count])) as Record<string, number>;
}

async function waitFor(predicate: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("crash recovery", () => {
  it("processes every acknowledged event after the worker is killed mid-queue", {
    timeout: 120_000,
  }, async () => {
    const orders = simulator.store
      .shop(SHOP)!
      .orders.filter((o) => !o.cancelledAt && o.financialStatus === "PAID" && o.fulfillments.length === 0)
      .slice(0, CANCELLATIONS);
    expect(orders).toHaveLength(CANCELLATIONS);
    for (const order of orders) simulator.actions.cancelOrder(SHOP, order.id, { reason: "customer" });
    await simulator.waitForDeliveries();
    const stored = (await counts()).pending;
    expect(stored).toBeGreaterThanOrEqual(CANCELLATIONS * 3);

    const first = startWorkerProcess();
    await waitFor(async () => ((await counts()).processed ?? 0) >= 1, 20_000);
    const exited = new Promise((resolve) => first.once("exit", resolve));
    killGroup(first);
    await exited;
    const afterCrash = await counts();
    expect(afterCrash.pending ?? 0).toBeGreaterThan(0);

    startWorkerProcess();
    // Tickets opened tag their orders in Shopify, whose orders/updated
    // webhooks (the app's own echo) arrive as further events.
    await waitFor(async () => {
      const now = await counts();
      return (now.processed ?? 0) >= stored && !now.pending;
    }, 90_000);
    const final = await counts();
    expect(final.processed).toBeGreaterThanOrEqual(stored);
    expect(final.failed ?? 0).toBe(0);

    const tickets = await prisma.ticket.findMany({
      where: { shopDomain: SHOP },
      include: { orders: { include: { order: true } } },
    });
    const perOrder = new Map<string, number>();
    for (const t of tickets)
      for (const o of t.orders) perOrder.set(o.order.shopifyId, (perOrder.get(o.order.shopifyId) ?? 0) + 1);
    expect([...perOrder.values()]).toEqual(Array(CANCELLATIONS).fill(1));
  });
});
