import type { Simulator } from "../../simulator/server";
import { startSimulator } from "../../simulator/server";

/**
 * Starts the dev-store simulator for a test file and points the app's Shopify
 * traffic at it, the same way the demo does (SHOPIFY_ADMIN_API_ORIGIN). Call
 * it before importing any module that reads the configuration.
 */
export async function startSimulatedShopify(): Promise<Simulator> {
  const simulator = await startSimulator({
    port: 0,
    apiKey: process.env.SHOPIFY_API_KEY ?? "",
    apiSecret: process.env.SHOPIFY_API_SECRET ?? "",
    appUrl: process.env.SHOPIFY_APP_URL ?? "",
    retryDelaysMs: [50, 100, 200],
  });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  return simulator;
}
