import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { recordAgent } from "~/agents/agents.server";
import { authenticateExtensionRequest } from "~/lib/extension-requests.server";
import {
  createOrderTicket,
  listOrderTickets,
  orderGidFromParam,
  parseNewOrderTicket,
} from "~/tickets/order-tickets.server";

/**
 * The order-page admin extensions' backend: `GET` lists the order's tickets
 * (the order-details block), `POST` opens one (the order-details action).
 * `:orderId` is the numeric id of the order's GID. Every answer, errors
 * included, goes through `cors` because the extensions run on another origin.
 */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, cors } = await authenticateExtensionRequest(request);
  const orderGid = orderGidFromParam(params.orderId);
  const found = orderGid ? await listOrderTickets(session.shop, orderGid) : null;
  if (!found) return cors(Response.json({ error: "Order not found" }, { status: 404 }));
  return cors(Response.json(found));
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, cors } = await authenticateExtensionRequest(request);
  if (request.method !== "POST")
    return cors(Response.json({ error: "Method not allowed" }, { status: 405, headers: { Allow: "POST" } }));
  const orderGid = orderGidFromParam(params.orderId);
  if (!orderGid) return cors(Response.json({ error: "Order not found" }, { status: 404 }));
  const actor = await recordAgent(session.shop, session);
  if (!actor)
    return cors(Response.json({ error: "Only a signed-in staff member can open tickets" }, { status: 403 }));

  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return cors(Response.json({ error: "Send the ticket as a JSON object" }, { status: 400 }));
  }
  const parsed = parseNewOrderTicket(body);
  if (!parsed.ok) return cors(Response.json({ errors: parsed.errors }, { status: 422 }));

  const ticket = await createOrderTicket(session.shop, actor, orderGid, parsed.ticket);
  if (!ticket) return cors(Response.json({ error: "Order not found" }, { status: 404 }));
  return cors(Response.json({ ticket }, { status: 201 }));
};
