import { failureMessage, isTicketSummary, orderTicketsPath, type TicketSummary } from "../../shared/tickets";

/** The block's data: the order's tickets as the backend lists them, or why they could not be shown. */
export type ListOutcome = { kind: "loaded"; tickets: TicketSummary[] } | { kind: "failed"; message: string };

export function listTicketsUrl(orderGid: string | undefined): string | null {
  return orderTicketsPath(orderGid);
}

export function listOutcome(status: number, body: unknown): ListOutcome {
  if (status === 200 && body && typeof body === "object") {
    const tickets = (body as { tickets?: unknown }).tickets;
    if (Array.isArray(tickets) && tickets.every(isTicketSummary)) return { kind: "loaded", tickets };
    return { kind: "failed", message: "Counterdesk sent an answer this block does not understand." };
  }
  if (status === 404) return { kind: "failed", message: "Counterdesk does not know this order yet." };
  return { kind: "failed", message: failureMessage(status, body) };
}

/** Fetches and interprets; a network failure is an outcome too, so the block can offer a retry. */
export async function loadOrderTickets(
  orderGid: string | undefined,
  fetcher: typeof fetch,
): Promise<ListOutcome> {
  const url = listTicketsUrl(orderGid);
  if (!url) return { kind: "failed", message: "This page has no order to show tickets for." };
  try {
    const response = await fetcher(url);
    const body = await response.json().catch(() => null);
    return listOutcome(response.status, body);
  } catch {
    return {
      kind: "failed",
      message: "Counterdesk could not be reached. Check your connection and try again.",
    };
  }
}
