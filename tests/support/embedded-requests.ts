import type { ActionFunctionArgs } from "@remix-run/node";
import { BROWSER_USER_AGENT, hostParam } from "../../scripts/lib/demo-install";
import type { Simulator } from "../../simulator/server";

export type RouteHandler = (args: ActionFunctionArgs) => Promise<unknown>;

/**
 * A request as the embedded page sends it without App Bridge: the
 * simulator's session token for a staff member in the URL, a form for POST.
 */
export async function embeddedRequest(
  simulator: Simulator,
  shop: string,
  path: string,
  options: { form?: Record<string, string | string[]>; userId?: string } = {},
): Promise<Request> {
  const url = new URL(path, process.env.SHOPIFY_APP_URL);
  const query = new URLSearchParams(url.search);
  query.set("embedded", "1");
  query.set("shop", shop);
  query.set("host", hostParam(shop));
  query.set("id_token", await simulator.mintSessionToken(shop, { userId: options.userId ?? "1001" }));
  url.search = query.toString();
  const headers = { "User-Agent": BROWSER_USER_AGENT };
  if (!options.form) return new Request(url, { headers });
  const body = new FormData();
  for (const [key, value] of Object.entries(options.form))
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  return new Request(url, { method: "POST", headers, body });
}

/** Calls a route handler; a thrown Response (404, redirect) is returned like a returned one. */
export async function callRoute(
  handler: RouteHandler,
  request: Request,
  params: Record<string, string> = {},
): Promise<unknown> {
  try {
    return await handler({ request, params, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
