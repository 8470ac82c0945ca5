/**
 * The burst itself, run as its own process against the app's database (the
 * way a web process would queue): tickets linked to `orders` of the shop's
 * imported orders, an internal note per write-back, then every write-back
 * queued at once through the outbox (`queueOrderNote`: a ShopifyWrite row
 * and its job in one transaction), `concurrency` transactions at a time.
 * Writes what it did as JSON to `out` (too big for a pipe that exit cuts short).
 *
 *   tsx bench/writeback/queue.ts '{"shop":"…","writes":1000,"orders":100,"concurrency":8,"out":"…"}'
 */
import fs from "node:fs";
import prisma from "~/db.server";
import { stopSender } from "~/jobs/queues.server";
import { openTicket } from "~/tickets/tickets.server";
import { queueOrderNote } from "~/writeback/outbox.server";

export interface QueueInput {
  shop: string;
  writes: number;
  orders: number;
  concurrency: number;
  out: string;
}

export interface QueuedWrite {
  id: string;
  orderGid: string;
  /** The note entry the write adds (what the order's note must carry afterwards). */
  entry: string;
}

export interface QueueOutput {
  /** Epoch ms when the first write-back was queued, and when the last one was. */
  queueStartedAt: number;
  queueEndedAt: number;
  orders: { gid: string; name: string; ticketNumber: number }[];
  writes: QueuedWrite[];
}

async function main() {
  const input = JSON.parse(process.argv[2] ?? "{}") as QueueInput;
  // Recent orders first: they are inside the 60 days the app can read.
  const snapshots = await prisma.orderSnapshot.findMany({
    where: { shopDomain: input.shop },
    orderBy: { shopifyCreatedAt: "desc" },
    take: input.orders,
    select: { id: true, shopifyId: true, name: true, customerId: true },
  });
  if (snapshots.length < input.orders)
    throw new Error(`The shop has ${snapshots.length} imported orders; ${input.orders} were asked for`);
  const tickets: { ticket: Awaited<ReturnType<typeof openTicket>>; order: (typeof snapshots)[number] }[] = [];
  for (const order of snapshots) {
    const ticket = await prisma.$transaction((tx) =>
      openTicket(tx, input.shop, {
        subject: `Question about order ${order.name}`,
        priority: "normal",
        tags: [],
        channel: "manual",
        customerId: order.customerId,
        orderId: order.id,
      }),
    );
    tickets.push({ ticket, order });
  }
  // Write i goes to order i mod n, so jobs taken together touch different orders.
  const plan = Array.from({ length: input.writes }, (_, i) => {
    const { ticket, order } = tickets[i % tickets.length];
    return { i, ticket, order, text: `Burst note ${i + 1} of ${input.writes}: refund approved, label sent` };
  });
  const messages = await prisma.message.createManyAndReturn({
    data: plan.map((p) => ({
      shopDomain: input.shop,
      ticketId: p.ticket.id,
      kind: "internal_note" as const,
      authorType: "agent",
      authorId: "bench",
      authorName: "Bench Agent",
      body: p.text,
    })),
    select: { id: true },
  });

  const ids: string[] = new Array(plan.length);
  const queueStartedAt = Date.now();
  let next = 0;
  const lane = async () => {
    for (let k = next++; k < plan.length; k = next++) {
      const p = plan[k];
      ids[k] = await queueOrderNote(input.shop, {
        ticketId: p.ticket.id,
        ticketNumber: p.ticket.number,
        messageId: messages[k].id,
        orderGid: p.order.shopifyId,
        orderName: p.order.name,
        text: p.text,
      });
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, lane));
  const queueEndedAt = Date.now();

  const rows = await prisma.shopifyWrite.findMany({
    where: { id: { in: ids } },
    select: { id: true, orderGid: true, payload: true },
  });
  const output: QueueOutput = {
    queueStartedAt,
    queueEndedAt,
    orders: tickets.map((t) => ({
      gid: t.order.shopifyId,
      name: t.order.name,
      ticketNumber: t.ticket.number,
    })),
    writes: rows.map((r) => ({
      id: r.id,
      orderGid: r.orderGid,
      entry: (r.payload as { entry: string }).entry,
    })),
  };
  await stopSender();
  await prisma.$disconnect();
  fs.writeFileSync(input.out, JSON.stringify(output));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
