import type { TicketStatus } from "@prisma/client";
import { customerName } from "~/customers/customers.server";
import prisma from "~/db.server";

/** A shop's tickets with what an operator needs to recognise them. */
export async function listTicketSummaries(
  shop: string,
  options: { status?: TicketStatus; limit?: number } = {},
) {
  const tickets = await prisma.ticket.findMany({
    where: { shopDomain: shop, ...(options.status ? { status: options.status } : {}) },
    orderBy: { number: "desc" },
    take: options.limit ?? 100,
    include: {
      customer: true,
      orders: { include: { order: { select: { name: true } } } },
      _count: { select: { messages: true } },
    },
  });
  return tickets.map((t) => ({
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    tags: t.tags,
    customerName: t.customer ? customerName(t.customer) : null,
    customerEmail: t.customer?.email ?? null,
    orders: t.orders.map((o) => o.order.name).sort(),
    messageCount: t._count.messages,
    createdAt: t.createdAt.toISOString(),
  }));
}

export function countOpenTickets(shop: string): Promise<number> {
  return prisma.ticket.count({ where: { shopDomain: shop, status: { in: ["open", "pending"] } } });
}
