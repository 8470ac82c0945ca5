import type { Simulator, SimulatorOptions } from "../../simulator/server";
import { startSimulator } from "../../simulator/server";

/**
 * Starts the dev-store simulator for a test file and points the app's Shopify
 * traffic at it, the same way the demo does (SHOPIFY_ADMIN_API_ORIGIN). Call
 * it before importing any module that reads the configuration.
 */
export async function startSimulatedShopify(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const simulator = await startSimulator({
    port: 0,
    apiKey: process.env.SHOPIFY_API_KEY ?? "",
    apiSecret: process.env.SHOPIFY_API_SECRET ?? "",
    appUrl: process.env.SHOPIFY_APP_URL ?? "",
    retryDelaysMs: [50, 100, 200],
    ...options,
  });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  return simulator;
}

/** Obtains an offline access token the way the app does: token exchange. */
export async function exchangeOfflineToken(simulator: Simulator, shop: string): Promise<string> {
  const response = await fetch(`${simulator.url}/shops/${shop}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      client_id: process.env.SHOPIFY_API_KEY,
      client_secret: process.env.SHOPIFY_API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: await simulator.mintSessionToken(shop),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    }),
  });
  if (!response.ok) throw new Error(`token exchange failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
