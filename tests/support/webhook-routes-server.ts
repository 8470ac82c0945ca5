import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ActionFunctionArgs } from "@remix-run/node";
import { config } from "../../app/config.server";
import { handleInboxDelivery, isInboxDelivery } from "../../app/webhooks/inbox-front.server";
import { acceptDelivery } from "../../app/webhooks/receive.server";

type Action = (args: ActionFunctionArgs) => Promise<Response>;

/**
 * The app's webhook endpoints over the wire, so the simulator can deliver to
 * them exactly as Shopify would: inbox deliveries through the inbox's front
 * door as `npm start` serves them, the app topics through their real route
 * actions.
 */
export async function startWebhookRoutesServer(): Promise<{ url: string; close(): Promise<void> }> {
  const routes: Record<string, () => Promise<{ action: Action }>> = {
    "/webhooks/events": () => import("../../app/routes/webhooks.events"),
    "/webhooks/compliance": () => import("../../app/routes/webhooks.compliance"),
    "/webhooks/app/uninstalled": () => import("../../app/routes/webhooks.app.uninstalled"),
    "/webhooks/app/scopes_update": () => import("../../app/routes/webhooks.app.scopes_update"),
  };
  const server = http.createServer(async (req, res) => {
    if (isInboxDelivery(req))
      return handleInboxDelivery(req, res, { secret: config().SHOPIFY_API_SECRET, accept: acceptDelivery });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = routes[url.pathname];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(name, value);
    const request = new Request(url, { method: req.method, headers, body: Buffer.concat(chunks) });
    let response: Response;
    try {
      response = await (await route()).action({ request, params: {}, context: {} });
    } catch (thrown) {
      if (!(thrown instanceof Response)) {
        res.writeHead(500).end(String(thrown));
        return;
      }
      response = thrown;
    }
    res.writeHead(response.status).end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
