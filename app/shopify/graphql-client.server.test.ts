import { Session } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/server";
import { exchangeOfflineToken, startSimulatedShopify } from "../../tests/support/simulated-shopify";
import type { GraphqlTransport } from "./graphql-client.server";

/**
 * The cost-aware client, through Shopify's own library, against the
 * simulator's Admin API with a deliberately small cost bucket.
 */
const SHOP = "demo-store.myshopify.com";
const BUCKET = { maximumAvailable: 20, restoreRate: 10 };

let simulator: Simulator;
let client: typeof import("./graphql-client.server");
let documents: typeof import("./documents/shop");
let libraryTransport: GraphqlTransport;

beforeAll(async () => {
  simulator = await startSimulatedShopify({ throttle: BUCKET });
  const accessToken = await exchangeOfflineToken(simulator, SHOP);
  const { sessionStorage, unauthenticated } = await import("~/shopify.server");
  await sessionStorage.storeSession(
    new Session({
      id: `offline_${SHOP}`,
      shop: SHOP,
      state: "",
      isOnline: false,
      accessToken,
      scope: "read_orders",
    }),
  );
  const { admin } = await unauthenticated.admin(SHOP);
  libraryTransport = (query, options) => admin.graphql(query, options);
  client = await import("./graphql-client.server");
  documents = await import("./documents/shop");
});

afterAll(async () => {
  const prisma = (await import("~/db.server")).default;
  await prisma.session.deleteMany({ where: { shop: SHOP } });
  await simulator.close();
});

async function burst(count: number, send: () => Promise<unknown>) {
  const outcomes = await Promise.allSettled(Array.from({ length: count }, send));
  return {
    ok: outcomes.filter((o) => o.status === "fulfilled").length,
    errors: outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason?.message ?? o.reason)] : [])),
  };
}

describe("cost-aware Admin GraphQL client", () => {
  it("a burst larger than the bucket is throttled when sent raw", async () => {
    await new Promise((r) => setTimeout(r, 2_500)); // a full bucket
    const raw = await burst(30, () => libraryTransport(documents.SHOP_DETAILS_QUERY, {}));
    expect(raw.errors.length).toBeGreaterThan(0);
    expect(raw.errors.join("\n")).toMatch(/Throttled/);
  });

  it("waits for the bucket instead, and every request of the burst succeeds", async () => {
    client.forgetThrottleState();
    await new Promise((r) => setTimeout(r, 2_500));
    const graphql = client.createGraphqlClient(SHOP, libraryTransport);
    const result = await burst(30, () => graphql.request(documents.SHOP_DETAILS_QUERY));
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(30);
  });

  it("retries 5xx answers from Shopify and then succeeds", async () => {
    let failures = 2;
    const flaky: GraphqlTransport = async (query, options) => {
      if (failures-- > 0) return new Response("Service Unavailable", { status: 503 });
      return libraryTransport(query, options);
    };
    const graphql = client.createGraphqlClient(SHOP, flaky);
    const data = await graphql.request<{ shop: { name: string } }>(documents.SHOP_DETAILS_QUERY);
    expect(data.shop.name).toBe("Demo Store");
    expect(failures).toBe(-1);
  });

  it("does not retry a query Shopify rejects, and says why", async () => {
    let calls = 0;
    const counting: GraphqlTransport = (query, options) => {
      calls++;
      return libraryTransport(query, options);
    };
    const graphql = client.createGraphqlClient(SHOP, counting, { sleep: async () => {} });
    await expect(graphql.request("query { shop { notAField } }")).rejects.toMatchObject({
      name: "ShopifyGraphqlError",
      failure: "graphql",
      message: expect.stringContaining("notAField"),
    });
    expect(calls).toBe(1);
  });

  it("gives up on a revoked token without retrying", async () => {
    let calls = 0;
    const revoked: GraphqlTransport = async () => {
      calls++;
      return new Response(JSON.stringify({ errors: "[API] Invalid API key or access token" }), {
        status: 401,
      });
    };
    const graphql = client.createGraphqlClient(SHOP, revoked, { sleep: async () => {} });
    await expect(graphql.request(documents.SHOP_DETAILS_QUERY)).rejects.toMatchObject({
      failure: "http",
      status: 401,
    });
    expect(calls).toBe(1);
  });
});
