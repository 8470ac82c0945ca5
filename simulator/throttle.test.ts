import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminSchema } from "./graphql/admin-schema";
import { actualQueryCost, requestedQueryCost } from "./graphql/query-cost";
import type { Simulator } from "./server";
import { adminGraphQL, offlineToken, startTestSimulator } from "./test-support";

describe("query cost", () => {
  const cost = (query: string, variables: Record<string, unknown> = {}) =>
    requestedQueryCost(adminSchema(), parse(query), null, variables);

  it("charges 0 for scalars, 1 per object, 2 + size x item for connections", () => {
    expect(cost("{ shop { name } }")).toBe(1);
    expect(cost("{ shop { name plan { displayName } } }")).toBe(2);
    expect(cost("{ orders(first: 50) { edges { node { id name } } pageInfo { hasNextPage } } }")).toBe(52);
    expect(cost("query($n: Int) { orders(first: $n) { nodes { id } } }", { n: 10 })).toBe(12);
    // Nested connections multiply: 2 + 10 x (1 + (2 + 5 x 1)).
    expect(cost("{ orders(first: 10) { nodes { lineItems(first: 5) { nodes { title } } } } }")).toBe(82);
    expect(cost('mutation { tagsAdd(id: "gid://shopify/Order/1", tags: ["a"]) { node { id } } }')).toBe(10);
  });

  it("charges the actual cost from what the response contained", () => {
    const document = parse("{ orders(first: 50) { nodes { id } } }");
    expect(
      actualQueryCost(adminSchema(), document, null, {}, { orders: { nodes: [{ id: "a" }, { id: "b" }] } }),
    ).toBe(4);
  });
});

describe("throttling", () => {
  let clock = Date.now();
  let sim: Simulator;
  let token: string;
  beforeAll(async () => {
    sim = await startTestSimulator({
      throttle: { maximumAvailable: 100, restoreRate: 10 },
      now: () => clock,
    });
    token = await offlineToken(sim);
  });
  afterAll(() => sim.close());

  const bigQuery = "{ orders(first: 38) { nodes { id } } }"; // requested cost 40

  it("answers THROTTLED with the cost extension once the bucket is drained, and recovers", async () => {
    // Actual cost equals requested here: the shop has more than 38 visible orders.
    const first = (await adminGraphQL(sim, token, bigQuery)).body;
    expect(first.extensions.cost).toEqual({
      requestedQueryCost: 40,
      actualQueryCost: 40,
      throttleStatus: { maximumAvailable: 100, currentlyAvailable: 60, restoreRate: 10 },
    });
    await adminGraphQL(sim, token, bigQuery); // 20 left
    const throttled = await adminGraphQL(sim, token, bigQuery);
    expect(throttled.status).toBe(200);
    expect(throttled.body).toEqual({
      errors: [
        {
          message: "Throttled",
          extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: 40,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 100, currentlyAvailable: 20, restoreRate: 10 },
        },
      },
    });
    clock += 2_000; // restores 20 points
    const recovered = (await adminGraphQL(sim, token, bigQuery)).body;
    expect(recovered.errors).toBeUndefined();
    expect(recovered.extensions.cost.throttleStatus.currentlyAvailable).toBe(0);
    clock += 60_000;
    const full = (await adminGraphQL(sim, token, "{ shop { name } }")).body;
    expect(full.extensions.cost.throttleStatus.currentlyAvailable).toBe(99);
  });

  it("refuses a single query above 1000 points", async () => {
    const body = (
      await adminGraphQL(
        sim,
        token,
        "{ orders(first: 250) { nodes { lineItems(first: 10) { nodes { title } } } } }",
      )
    ).body;
    expect(body.errors[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", maxCost: 1000 });
    expect(body.extensions.cost.actualQueryCost).toBeNull();
  });
});

describe("throttle meter", () => {
  it("reports every charge and refusal, and follows limits changed while running", async () => {
    const { CostThrottle } = await import("./graphql/throttle");
    const seen: string[] = [];
    let clock = 0;
    const config = {
      maximumAvailable: 100,
      restoreRate: 10,
      meter: {
        charged: (key: string, cost: number, available: number) =>
          seen.push(`${key} charged ${cost} → ${available}`),
        throttled: (key: string, cost: number, available: number) =>
          seen.push(`${key} refused ${cost} at ${available}`),
      },
    };
    const throttle = new CostThrottle(config, () => clock);
    throttle.charge("a", 90);
    expect(throttle.allows("a", 20)).toBe(false);
    clock = 1_000;
    expect(throttle.allows("a", 20)).toBe(true);
    config.maximumAvailable = 15;
    expect(throttle.status("a").currentlyAvailable).toBe(15);
    expect(seen).toEqual(["a charged 90 → 10", "a refused 20 at 10"]);
  });
});
