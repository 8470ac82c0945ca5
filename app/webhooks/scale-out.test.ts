import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCommand } from "../../scripts/lib/database";
import type { Simulator } from "../../simulator/server";
import { installShop } from "../../tests/support/installed-shop";
import { redeliver } from "../../tests/support/shopify-requests";
import { startSimulatedShopify } from "../../tests/support/simulated-shopify";

/**
 * Scale-out on a PostgreSQL server: two app processes take deliveries (a
 * proxy alternates between them) and two worker processes share the queue.
 * Every event is processed once, none is skipped, and each order gets one
 * ticket. The embedded database is one process's by design, so this runs on
 * the server suite only.
 */
const onServer = !inject("embeddedDatabase");
const SHOP = `scale-${crypto.randomUUID().slice(0, 6)}.myshopify.com`;
const CANCELLATIONS = 15;
const BASE_PORT = 3940;

const children: ChildProcess[] = [];
let simulator: Simulator;
let proxy: http.Server;
let prisma: typeof import("~/db.server").default;

function start(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn("tsx", args, { env: { ...process.env, ...env }, stdio: "ignore", detached: true });
  children.push(child);
  return child;
}

async function waitFor(predicate: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Alternates requests between the app processes, like a load balancer. */
function startProxy(ports: number[]): Promise<string> {
  let next = 0;
  proxy = http.createServer((req, res) => {
    const port = ports[next++ % ports.length];
    const upstream = http.request(
      { host: "127.0.0.1", port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    proxy.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`)),
  );
}

describe.runIf(onServer)("two app processes and two workers on one PostgreSQL server", () => {
  beforeAll(async () => {
    await runCommand("remix", ["vite:build"], { quiet: true });
    const ports = [BASE_PORT, BASE_PORT + 1];
    const appUrl = await startProxy(ports);
    simulator = await startSimulatedShopify({
      appUrl,
      shops: [{ domain: SHOP, orders: 160, customers: 30, days: 20, installed: true }],
    });
    prisma = (await import("~/db.server")).default;
    await installShop(simulator, SHOP);
    const env = { SHOPIFY_ADMIN_API_ORIGIN: simulator.url, SHOPIFY_APP_URL: appUrl };
    for (const port of ports) start(["scripts/serve.ts"], { ...env, PORT: String(port) });
    start(["scripts/worker.ts"], env);
    start(["scripts/worker.ts"], env);
    for (const port of ports) {
      await waitFor(
        async () => (await fetch(`http://127.0.0.1:${port}/`).catch(() => null))?.status === 200,
        60_000,
      );
    }
  }, 180_000);

  afterAll(async () => {
    for (const child of children) {
      try {
        process.kill(-child.pid!, "SIGTERM"); // the group: tsx and the process it runs
      } catch {
        // already gone
      }
    }
    await simulator?.close();
    proxy?.close();
    const { stopSender } = await import("~/jobs/queues.server");
    await stopSender();
  });

  it("processes every event exactly once, redeliveries included, and opens one ticket per order", {
    timeout: 120_000,
  }, async () => {
    const orders = simulator.store
      .shop(SHOP)!
      .orders.filter((o) => !o.cancelledAt && o.financialStatus === "PAID" && o.fulfillments.length === 0)
      .slice(0, CANCELLATIONS);
    for (const order of orders) simulator.actions.cancelOrder(SHOP, order.id, { reason: "customer" });
    await simulator.waitForDeliveries();
    const deliveries = simulator.deliveries().filter((d) => d.shop === SHOP && d.ok);
    const distinct = new Set(deliveries.map((d) => d.webhookId)).size;
    expect(distinct).toBeGreaterThanOrEqual(CANCELLATIONS * 2); // cancelled + updated, and refunds/create when paid

    // Shopify redelivers: the same deliveries again, to both app processes.
    for (const [i, d] of deliveries.slice(0, 12).entries()) {
      expect((await redeliver(`http://127.0.0.1:${BASE_PORT + (i % 2)}/webhooks/events`, d)).status).toBe(
        200,
      );
    }

    // Tickets opened tag their orders in Shopify, whose orders/updated
    // webhooks (the app's own echo) arrive as further deliveries.
    const delivered = () =>
      new Set(
        simulator
          .deliveries()
          .filter((d) => d.shop === SHOP && d.ok)
          .map((d) => d.webhookId),
      );
    const done = async () => {
      if (await prisma.shopifyWrite.count({ where: { shopDomain: SHOP, status: "pending" } })) return false;
      await simulator.waitForDeliveries();
      const events = await prisma.webhookEvent.findMany({
        where: { shopDomain: SHOP },
        select: { status: true },
      });
      return events.length === delivered().size && events.every((e) => e.status === "processed");
    };
    await waitFor(done, 90_000);
    const events = await prisma.webhookEvent.findMany({ where: { shopDomain: SHOP } });
    expect(events.length).toBeGreaterThanOrEqual(distinct);
    expect(new Set(events.map((e) => e.webhookId))).toEqual(delivered());
    expect(events.filter((e) => e.status !== "processed")).toEqual([]);
    // Effects once: one system message per event per ticket at most (the
    // database would refuse a second), and one ticket per order below.
    const messages = await prisma.message.findMany({
      where: { shopDomain: SHOP, webhookEventId: { not: null } },
    });
    expect(new Set(messages.map((m) => `${m.ticketId} ${m.webhookEventId}`)).size).toBe(messages.length);

    const tickets = await prisma.ticket.findMany({
      where: { shopDomain: SHOP },
      include: { orders: { include: { order: true } } },
    });
    expect(tickets).toHaveLength(CANCELLATIONS);
    expect(new Set(tickets.map((t) => t.orders[0].order.shopifyId)).size).toBe(CANCELLATIONS);
    expect(new Set(tickets.map((t) => t.number)).size).toBe(CANCELLATIONS);
  });
});
