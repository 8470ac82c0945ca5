/**
 * The ceiling for the webhook route: the same front door as `npm start`
 * (a Node HTTP server whose inbox deliveries are answered by
 * app/webhooks/inbox-front.server before express and Remix), verifying each
 * delivery exactly as the app does, but storing nothing: no database, no
 * queue. Anything else gets 404.
 *
 *   PORT=4200 SHOPIFY_API_SECRET=… npx tsx bench/webhooks/bare-server.ts
 */
import http from "node:http";
import { handleInboxDelivery, isInboxDelivery } from "../../app/webhooks/inbox-front.server";

const secret = process.env.SHOPIFY_API_SECRET ?? "counterdesk-demo-secret";

const server = http.createServer((req, res) => {
  if (isInboxDelivery(req)) void handleInboxDelivery(req, res, { secret, accept: async () => {} });
  else res.writeHead(404).end();
});

const port = Number(process.env.PORT || 4200);
server.listen(port, "127.0.0.1", () =>
  console.log(`Bare webhook route listening on http://127.0.0.1:${port}/webhooks/events`),
);

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
