import type { OrderSnapshot } from "@prisma/client";
import { customerName } from "~/customers/customers.server";
import prisma from "~/db.server";
import { jobSender } from "~/jobs/queues.server";
import type { FulfillmentState, LineItemState, RefundState } from "~/orders/order-state";
import { queueOrderStatusSync } from "~/writeback/order-status.server";

/**
 * How many of a thread's newest messages the ticket page shows at first.
 * Every event on a linked order adds a store event to the thread, so the
 * ticket of a much-updated order can hold thousands: 2 000 made a 3.5 MB
 * page, with the newest message and the composer at the bottom of it.
 */
export const THREAD_PAGE_SIZE = 100;

/**
 * Everything the ticket page shows, read for one shop: the ticket, its
 * thread (messages and ticket events in time order), its orders as we hold
 * them, and its customer with their other tickets and recent orders. The
 * thread holds the newest THREAD_PAGE_SIZE messages, and the ticket's
 * events since the oldest of them, unless `wholeThread` is set;
 * `earlierMessages` says how many were left out.
 */
export async function getTicketDetail(shop: string, number: number, options: { wholeThread?: boolean } = {}) {
  const ticket = await prisma.ticket.findUnique({
    where: { shopDomain_number: { shopDomain: shop, number } },
    include: {
      customer: true,
      orders: { include: { order: true }, orderBy: { linkedAt: "asc" } },
    },
  });
  if (!ticket) return null;
  const newestFirst = await prisma.message.findMany({
    where: { shopDomain: shop, ticketId: ticket.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.wholeThread ? undefined : THREAD_PAGE_SIZE + 1,
  });
  const leftOut = newestFirst.length > THREAD_PAGE_SIZE && !options.wholeThread;
  const messages = (leftOut ? newestFirst.slice(0, THREAD_PAGE_SIZE) : newestFirst).reverse();
  const shownSince = leftOut ? messages[0].createdAt : null;
  const [events, earlierMessages] = await Promise.all([
    prisma.ticketEvent.findMany({
      where: {
        shopDomain: shop,
        ticketId: ticket.id,
        ...(shownSince ? { createdAt: { gte: shownSince } } : {}),
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    leftOut
      ? prisma.message
          .count({ where: { shopDomain: shop, ticketId: ticket.id } })
          .then((n) => n - messages.length)
      : 0,
  ]);
  const customer = ticket.customer;
  const writes = await prisma.shopifyWrite.findMany({
    where: { shopDomain: shop, ticketId: ticket.id, messageId: { not: null } },
    select: { id: true, messageId: true, orderName: true, status: true, lastError: true },
  });
  const writeOf = new Map(writes.map((w) => [w.messageId, w]));
  const [otherTickets, customerOrders, totals] = customer
    ? await Promise.all([
        prisma.ticket.findMany({
          where: { shopDomain: shop, customerId: customer.id, id: { not: ticket.id } },
          orderBy: { createdAt: "desc" },
          take: 10,
          select: { number: true, subject: true, status: true, createdAt: true },
        }),
        prisma.orderSnapshot.findMany({
          where: { shopDomain: shop, customerId: customer.id },
          orderBy: { shopifyCreatedAt: "desc" },
          take: 20,
          select: {
            id: true,
            shopifyId: true,
            name: true,
            totalPrice: true,
            currency: true,
            shopifyCreatedAt: true,
          },
        }),
        prisma.orderSnapshot.aggregate({
          where: { shopDomain: shop, customerId: customer.id, cancelledAt: null },
          _sum: { totalPrice: true, totalRefunded: true },
          _count: true,
        }),
      ])
    : [[], [], null];

  const linkedIds = new Set(ticket.orders.map((o) => o.orderId));
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    assigneeId: ticket.assigneeId,
    assigneeName: ticket.assigneeName,
    tags: ticket.tags,
    channel: ticket.channel,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    thread: [
      ...messages.map((m) => ({
        type: "message" as const,
        id: m.id,
        kind: m.kind,
        authorName: m.authorName,
        body: m.body,
        at: m.createdAt.toISOString(),
        orderWrite: writeOf.has(m.id)
          ? (({ id, orderName, status, lastError }) => ({ id, orderName, status, lastError }))(
              writeOf.get(m.id)!,
            )
          : null,
        delivery: m.deliveryStatus
          ? {
              status: m.deliveryStatus,
              error: m.deliveryError,
              attempts: m.deliveryAttempts,
              sentAt: m.sentAt?.toISOString() ?? null,
            }
          : null,
      })),
      ...events.map((e) => ({
        type: "event" as const,
        id: e.id,
        kind: e.type,
        authorName: e.actorName,
        data: e.data as Record<string, unknown>,
        at: e.createdAt.toISOString(),
      })),
    ].sort((a, b) => a.at.localeCompare(b.at)),
    earlierMessages,
    orders: ticket.orders.map((link) => orderPanel(link.order)),
    customer: customer && {
      id: customer.id,
      shopifyId: customer.shopifyId,
      name: customer.redactedAt ? "Redacted customer" : customerName(customer),
      email: customer.email,
      phone: customer.phone,
      note: customer.note,
      // Shopify's count when the payload had one; never fewer than the orders we hold.
      ordersCount: Math.max(customer.ordersCount ?? 0, totals?._count ?? 0, customerOrders.length),
      totalSpent: totals ? Number(totals._sum.totalPrice ?? 0) - Number(totals._sum.totalRefunded ?? 0) : 0,
      otherTickets: otherTickets.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
      linkableOrders: customerOrders
        .filter((o) => !linkedIds.has(o.id))
        .map((o) => ({ id: o.id, name: o.name, total: o.totalPrice.toFixed(2), currency: o.currency })),
    },
  };
}

export type TicketDetail = NonNullable<Awaited<ReturnType<typeof getTicketDetail>>>;

function orderPanel(order: OrderSnapshot) {
  return {
    id: order.id,
    shopifyId: order.shopifyId,
    /** The numeric id Shopify admin's order URL uses. */
    legacyId: order.shopifyId.split("/").pop() ?? "",
    name: order.name,
    financialStatus: order.financialStatus,
    fulfillmentStatus: order.fulfillmentStatus,
    totalPrice: order.totalPrice.toFixed(2),
    totalRefunded: order.totalRefunded.toFixed(2),
    currency: order.currency,
    cancelledAt: order.cancelledAt?.toISOString() ?? null,
    cancelReason: order.cancelReason,
    lineItems: order.lineItems as unknown as LineItemState[],
    fulfillments: order.fulfillments as unknown as FulfillmentState[],
    refunds: order.refunds as unknown as RefundState[],
    shippingAddress: order.shippingAddress as Record<string, unknown> | null,
    syncedAt: order.syncedAt.toISOString(),
    version: orderVersion(order),
  };
}

/** Links another of the shop's orders to a ticket; false when either is not the shop's. */
export async function linkOrder(
  shop: string,
  ticketId: string,
  orderId: string,
  actor: { type: string; id: string | null; name: string },
): Promise<boolean> {
  // Started before the transaction, which queues a write to the order.
  await jobSender();
  return prisma.$transaction(async (tx) => {
    const [ticket, order] = await Promise.all([
      tx.ticket.findFirst({ where: { id: ticketId, shopDomain: shop }, select: { id: true } }),
      tx.orderSnapshot.findFirst({
        where: { id: orderId, shopDomain: shop },
        select: { id: true, name: true },
      }),
    ]);
    if (!ticket || !order) return false;
    const existing = await tx.ticketOrder.findUnique({ where: { ticketId_orderId: { ticketId, orderId } } });
    if (existing) return true;
    await tx.ticketOrder.create({ data: { ticketId, orderId, shopDomain: shop } });
    await queueOrderStatusSync(tx, shop, [orderId]);
    await tx.ticketEvent.create({
      data: {
        shopDomain: shop,
        ticketId,
        type: "order_linked",
        actorType: actor.type,
        actorId: actor.id,
        actorName: actor.name,
        data: { order: order.name },
      },
    });
    return true;
  });
}

/** The version of an order's snapshot an agent saw: changes whenever a newer state is saved. */
export function orderVersion(order: {
  shopifyUpdatedAt: Date | string;
  stateObservedAt: Date | string;
}): string {
  const iso = (d: Date | string) => (typeof d === "string" ? d : d.toISOString());
  return `${iso(order.shopifyUpdatedAt)}|${iso(order.stateObservedAt)}`;
}

/**
 * The ticket's orders whose state changed after the versions the agent saw
 * (`seen`: order id → version), each with what it is now.
 */
export async function ordersChangedSince(shop: string, ticketId: string, seen: Record<string, string>) {
  const links = await prisma.ticketOrder.findMany({
    where: { ticketId, shopDomain: shop },
    include: { order: true },
  });
  return links
    .filter((link) => seen[link.orderId] !== undefined && seen[link.orderId] !== orderVersion(link.order))
    .map((link) => ({ name: link.order.name, summary: orderSummary(link.order) }));
}

function orderSummary(order: OrderSnapshot): string {
  const facts = [];
  if (order.cancelledAt) facts.push("it is now cancelled");
  if (Number(order.totalRefunded) > 0)
    facts.push(`${order.totalRefunded.toFixed(2)} ${order.currency} has been refunded`);
  facts.push(
    `payment ${order.financialStatus?.toLowerCase().replaceAll("_", " ") ?? "unknown"}, fulfilment ${order.fulfillmentStatus?.toLowerCase().replaceAll("_", " ") ?? "unfulfilled"}`,
  );
  return `${facts.join("; ")}.`;
}
