/**
 * `npm run demo`: Counterdesk offline, end to end. Starts the embedded
 * database, the dev-store simulator (with its seeded store), the app and its
 * background worker, installs the app on the seeded store through the real
 * token-exchange flow, and prints where to look. Ctrl-C stops everything.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { startSimulator } from "../simulator/server";
import { databaseEnv, migrate, openDatabase, runCommand } from "./lib/database";
import { actOutDemoActivity } from "./lib/demo-activity";
import { installOnShop, waitForHttp } from "./lib/demo-install";
import { startMailCatcher } from "./lib/mail-catcher";

const DEMO_SHOP = "demo-store.myshopify.com";
const port = Number(process.env.PORT || 3000);
const simulatorPort = Number(process.env.SIMULATOR_PORT || port + 1);
const env: Record<string, string> = {
  NODE_ENV: "development",
  PORT: String(port),
  SHOPIFY_API_KEY: process.env.SHOPIFY_API_KEY || "counterdesk-demo-key",
  SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET || "counterdesk-demo-secret",
  SHOPIFY_APP_URL: process.env.SHOPIFY_APP_URL || `http://localhost:${port}`,
};

const children: ChildProcess[] = [];
let stopping = false;
const log = (line: string) => console.log(`[demo] ${line}`);

log("starting the database…");
const db = await openDatabase();
await migrate(db, { quiet: true });

log("building the app…");
await runCommand("remix", ["vite:build"], { quiet: true });

log("starting the dev-store simulator…");
const simulator = await startSimulator({
  port: simulatorPort,
  apiKey: env.SHOPIFY_API_KEY,
  apiSecret: env.SHOPIFY_API_SECRET,
  appUrl: env.SHOPIFY_APP_URL,
  log: (line) => console.log(`[simulator] ${line}`),
});

// Replies go out over real SMTP to a local catcher that keeps every email.
const mailDir = path.join(path.dirname(process.env.EMBEDDED_DATABASE_DIR || ".data/postgres"), "mail");
const mail = await startMailCatcher({ saveTo: mailDir });

const childEnv = {
  ...process.env,
  ...env,
  ...databaseEnv(db),
  SHOPIFY_ADMIN_API_ORIGIN: simulator.url,
  // App Bridge's CDN is out of reach offline; the simulator serves a stand-in.
  APP_BRIDGE_URL: `${simulator.url}/app-bridge.js`,
  SMTP_URL: mail.url,
};
children.push(start("app", ["scripts/serve.ts"], childEnv));
children.push(start("worker", ["scripts/worker.ts"], childEnv));

try {
  await waitForHttp(`http://localhost:${port}/`, 60_000);
  log(`installing Counterdesk on ${DEMO_SHOP}…`);
  await installOnShop({ appUrl: `http://localhost:${port}`, shop: DEMO_SHOP, simulator });
} catch (error) {
  // The app and worker run in their own process groups: never leave them behind.
  console.error(`[demo] could not start: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
}
const actions = actOutDemoActivity(simulator, DEMO_SHOP);
log(`acted out ${actions} merchant actions on ${DEMO_SHOP}; Shopify's webhooks open the first tickets`);

console.log(`
Counterdesk is running offline.

  Open the app (embedded page, fresh session token):
    ${simulator.url}/shops/${DEMO_SHOP}/open

  App:        http://localhost:${port}/
  Simulator:  ${simulator.url}   (merchant actions: POST ${simulator.url}/_simulator/shops/${DEMO_SHOP}/...)
  Database:   ${db.embedded ? "embedded PostgreSQL in .data/postgres" : "DATABASE_URL"}
  Email:      agents' replies are sent over SMTP to a local catcher (${mail.url}) and saved in ${mailDir}/

  Demo credentials
    shop:        ${DEMO_SHOP}
    API key:     ${env.SHOPIFY_API_KEY}
    API secret:  ${env.SHOPIFY_API_SECRET}   (signs webhooks and session tokens)

  Operators' CLI, in another terminal:  npm run cli -- shops list

Press Ctrl-C to stop.
`);

function start(name: string, args: string[], childEnv: Record<string, string | undefined>): ChildProcess {
  // Own process group, so stopping it also stops anything it started.
  const child = spawn("tsx", args, {
    env: childEnv as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split("\n")
      .filter(Boolean)
      .map((line) => `[${name}] ${line}`)
      .join("\n");
  child.stdout?.on("data", (chunk: Buffer) => console.log(prefix(chunk)));
  child.stderr?.on("data", (chunk: Buffer) => console.error(prefix(chunk)));
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[demo] ${name} exited (${signal ?? code}); stopping the demo.`);
      void stop(1);
    }
  });
  return child;
}

async function stop(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  await Promise.all(children.map(stopChild));
  await simulator.close();
  await mail.close();
  await db.stop();
  process.exit(exitCode);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve();
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 8_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    process.kill(-child.pid, "SIGTERM");
  });
}

process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
