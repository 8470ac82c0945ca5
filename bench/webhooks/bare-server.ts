/**
 * The ceiling for the webhook route: the same HTTP stack as `npm start`
 * (express + @remix-run/express, one Remix resource route, same Node), but
 * the action only validates the delivery with the Shopify library
 * (`shopifyApi(...).webhooks.validate`, as app/webhooks/verify.server.ts
 * does) and answers 200. No database, no queue.
 *
 *   PORT=4200 SHOPIFY_API_KEY=… SHOPIFY_API_SECRET=… npx tsx bench/webhooks/bare-server.ts
 */
// The adapters as the built app ends up with them: the node adapter, then the
// web-api adapter that @shopify/shopify-app-remix/server loads (Remix hands
// the action a web Request).
import "@shopify/shopify-api/adapters/node";
import "@shopify/shopify-api/adapters/web-api";
import { createRequestHandler } from "@remix-run/express";
import type { ActionFunctionArgs, ServerBuild } from "@remix-run/node";
import { LogSeverity, type Shopify, shopifyApi } from "@shopify/shopify-api";
import express from "express";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";

const api = shopifyApi({
  apiKey: process.env.SHOPIFY_API_KEY ?? "counterdesk-demo-key",
  apiSecretKey: process.env.SHOPIFY_API_SECRET ?? "counterdesk-demo-secret",
  apiVersion: ADMIN_API_VERSION as Shopify["config"]["apiVersion"],
  hostName: "localhost",
  isEmbeddedApp: true,
  isCustomStoreApp: false,
  logger: { level: LogSeverity.Error },
});

async function action({ request }: ActionFunctionArgs): Promise<Response> {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405 });
  const rawBody = await request.text();
  const result = await api.webhooks.validate({ rawBody, rawRequest: request });
  if (!result.valid) {
    if (process.env.BARE_DEBUG) console.error(result);
    return new Response("Unauthorized", { status: 401 });
  }
  return new Response(null, { status: 200 });
}

/** A one-route server build: the root (never rendered) and the resource route. */
const build = {
  mode: "production",
  entry: {
    module: {
      default: () => new Response("Not Found", { status: 404 }),
      handleError: (error: unknown) => console.error(error),
    },
  },
  routes: {
    root: { id: "root", path: "", module: { default: () => null } },
    "routes/webhooks.events": {
      id: "routes/webhooks.events",
      parentId: "root",
      path: "webhooks/events",
      module: { action },
    },
  },
  assets: { entry: { module: "", imports: [] }, routes: {}, url: "", version: "bench" },
  publicPath: "/build/",
  assetsBuildDirectory: "build/client",
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true },
  isSpaMode: false,
} as unknown as ServerBuild;

const app = express();
app.disable("x-powered-by");
app.all("*", createRequestHandler({ build, mode: "production" }));

const port = Number(process.env.PORT || 4200);
const server = app.listen(port, "127.0.0.1", () =>
  console.log(`Bare webhook route listening on http://127.0.0.1:${port}/webhooks/events`),
);

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
