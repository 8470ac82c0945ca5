import { printRows } from "./output";

const STATUSES = ["open", "pending", "resolved", "closed"] as const;

export async function listTickets(options: {
  shop?: string;
  status?: string;
  json: boolean;
}): Promise<number> {
  if (!options.shop) {
    console.error("--shop <domain> is required, e.g. --shop demo-store.myshopify.com");
    return 2;
  }
  if (options.status && !STATUSES.includes(options.status as (typeof STATUSES)[number])) {
    console.error(`--status must be one of ${STATUSES.join(", ")}`);
    return 2;
  }
  const { listTicketSummaries } = await import("../../app/tickets/ticket-listing.server");
  const tickets = await listTicketSummaries(options.shop, {
    status: options.status as (typeof STATUSES)[number] | undefined,
  });
  if (options.json) {
    console.log(JSON.stringify(tickets, null, 2));
    return 0;
  }
  printRows(
    tickets.map((t) => ({
      number: `#${t.number}`,
      status: t.status,
      subject: t.subject,
      customer: t.customerName,
      orders: t.orders.join(" "),
      messages: t.messageCount,
      tags: t.tags.join(","),
    })),
    { json: false, empty: `No tickets in ${options.shop}.` },
  );
  return 0;
}
