import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { getTicketDetail, ordersChangedSince } from "~/tickets/ticket-detail.server";

/**
 * What changed on a ticket's orders since the versions the agent's page
 * shows (`seen`, JSON of order id → version): the ticket page asks every few
 * seconds while a reply is being written.
 */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const number = z.coerce.number().int().positive().max(2_147_483_647).safeParse(params.number);
  const ticket = number.success ? await getTicketDetail(session.shop, number.data) : null;
  if (!ticket) return Response.json({ error: "Ticket not found" }, { status: 404 });
  let seen: Record<string, string> = {};
  try {
    seen = z
      .record(z.string(), z.string())
      .parse(JSON.parse(new URL(request.url).searchParams.get("seen") ?? "{}"));
  } catch {
    return Response.json({ error: "seen must be a JSON object of order ids to versions" }, { status: 400 });
  }
  return Response.json({ changes: await ordersChangedSince(session.shop, ticket.id, seen) });
};
