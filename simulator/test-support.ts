/**
 * Test utilities for the simulator's own tests: a local webhook receiver standing in
 * for the app, and small clients for token exchange and Admin GraphQL.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN_API_VERSION } from "../app/shopify/api-version";
import { type Simulator, type SimulatorOptions, startSimulator } from "./server";

export const TEST_API_KEY = "test-client-id";
export const TEST_API_SECRET = "test-client-secret";
export const TEST_SHOP = "demo-store.myshopify.com";

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Decides the status for each request; default 200. */
  respond: (req: ReceivedWebhook, index: number) => number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { url: "", received: [], respond: () => 200, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : (v ?? "")]),
      );
      const record = { path: req.url ?? "/", headers, body: Buffer.concat(chunks).toString("utf8") };
      receiver.received.push(record);
      const status = receiver.respond(record, receiver.received.length - 1);
      res.writeHead(status, status >= 300 && status < 400 ? { Location: "/elsewhere" } : {});
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return receiver;
}

export function startTestSimulator(overrides: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  return startSimulator({
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    appUrl: "http://127.0.0.1:9",
    retryDelaysMs: [],
    ...overrides,
  });
}

export async function exchangeToken(
  sim: Simulator,
  shop: string,
  body: Record<string, unknown>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${sim.url}/shops/${shop}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      client_id: TEST_API_KEY,
      client_secret: TEST_API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      ...body,
    }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export async function offlineToken(sim: Simulator, shop = TEST_SHOP): Promise<string> {
  const { json } = await exchangeToken(sim, shop, { subject_token: await sim.mintSessionToken(shop) });
  return json.access_token as string;
}

// Responses are loosely typed on purpose: tests assert on their shape.
// biome-ignore lint/suspicious/noExplicitAny: test convenience
export type GraphQLBody = { data?: any; errors?: any; extensions?: any };

export async function adminGraphQL(
  sim: Simulator,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
  shop = TEST_SHOP,
  version: string = ADMIN_API_VERSION,
): Promise<{ status: number; body: GraphQLBody }> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (token !== null) headers["X-Shopify-Access-Token"] = token;
  const response = await fetch(`${sim.url}/shops/${shop}/admin/api/${version}/graphql.json`, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLBody };
}
