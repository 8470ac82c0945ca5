/**
 * `npm start`: serves the built app (`npm run build`) on PORT. Without
 * DATABASE_URL it starts the embedded database and, since nothing else can
 * share that database's files, runs the background worker in this process too,
 * on a thread of its own.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { VerifiedDelivery } from "../app/webhooks/verify.server";
import { onShutdown, prepareProcess, validateConfigOrExit } from "./lib/startup";

validateConfigOrExit();
const serverBuild = path.resolve("build", "server", "index.js");
if (!fs.existsSync(serverBuild)) {
  console.error("No build found: run `npm run build` first.");
  process.exit(1);
}

const db = await prepareProcess();
const build = (await import(serverBuild)) as ServerBuild;
const { handleInboxDelivery, isInboxDelivery } = await import("../app/webhooks/inbox-front.server");
const { acceptDelivery } = await import("../app/webhooks/receive.server");
const { config } = await import("../app/config.server");
// On an embedded database this process owns, deliveries are spooled and acknowledged without
// waiting for its single session (inbox-spool.server), and the worker's thread stores them;
// otherwise each is stored before its 200.
const spool = db.inboxSpoolDir
  ? await (await import("../app/webhooks/inbox-spool.server")).openInboxSpool(db.inboxSpoolDir)
  : null;
const inbox = {
  secret: config().SHOPIFY_API_SECRET,
  accept: spool ? (delivery: VerifiedDelivery) => spool.append(delivery) : acceptDelivery,
};

const app = express();
app.disable("x-powered-by");
app.use(
  "/assets",
  express.static(path.resolve("build", "client", "assets"), { immutable: true, maxAge: "1y" }),
);
app.use(express.static(path.resolve("build", "client"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const port = Number(process.env.PORT || 3000);
// Webhook deliveries to the inbox are answered before express and Remix (see inbox-front.server).
const server = http.createServer((req, res) => {
  if (isInboxDelivery(req)) void handleInboxDelivery(req, res, inbox);
  else app(req, res);
});
server.listen(port, "0.0.0.0", () => console.log(`Counterdesk listening on http://localhost:${port}`));

const withWorker = db.embedded || process.argv.includes("--with-worker");
// On its own thread, so processing never holds up acknowledging.
const worker = withWorker
  ? await (await import("../app/jobs/worker-thread.server")).startWorkerThread({
      inboxSpoolDir: db.inboxSpoolDir,
    })
  : null;

onShutdown(async () => {
  await new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  // The last appends become a segment, which the worker's thread stores before it stops.
  await spool?.close().catch((error: unknown) => console.error(String(error)));
  await worker?.stop();
  await db.stop();
});
