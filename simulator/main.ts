/**
 * Runs the Shopify simulator from the command line:
 *   npx tsx simulator/main.ts
 * Environment: SIMULATOR_PORT (4100), SHOPIFY_API_KEY, SHOPIFY_API_SECRET,
 * SHOPIFY_APP_URL (http://localhost:3000), SIMULATOR_STATE_FILE (optional).
 */
import { startSimulator } from "./server";

const port = Number(process.env.SIMULATOR_PORT ?? 4100);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SIMULATOR_PORT must be a port number, got ${process.env.SIMULATOR_PORT}`);
  process.exit(1);
}

const simulator = await startSimulator({
  port,
  apiKey: process.env.SHOPIFY_API_KEY || "counterdesk-demo-key",
  apiSecret: process.env.SHOPIFY_API_SECRET || "counterdesk-demo-secret",
  appUrl: process.env.SHOPIFY_APP_URL || "http://localhost:3000",
  stateFile: process.env.SIMULATOR_STATE_FILE || undefined,
  log: (line) => console.log(`[simulator] ${line}`),
});

for (const shop of simulator.store.shops()) {
  console.log(
    `[simulator] shop ${shop.domain}: ${shop.customers.length} customers, ${shop.orders.length} orders`,
  );
  console.log(`[simulator]   open the app:  ${simulator.url}/shops/${shop.domain}/open?path=/app`);
}
console.log(`[simulator] ready at ${simulator.url}`);

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  console.log(`[simulator] ${signal} received, shutting down`);
  await simulator.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
