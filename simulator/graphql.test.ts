import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "./server";
import { adminGraphQL, offlineToken, startTestSimulator, TEST_SHOP } from "./test-support";

let sim: Simulator;
let token: string;
const gql = (query: string, variables: Record<string, unknown> = {}) =>
  adminGraphQL(sim, token, query, variables).then((r) => r.body);

beforeAll(async () => {
  // A big bucket: these tests are about behaviour, not throttling.
  sim = await startTestSimulator({ throttle: { maximumAvailable: 1_000_000, restoreRate: 1_000_000 } });
  token = await offlineToken(sim);
});
afterAll(() => sim.close());

describe("validation and loud failures", () => {
  it("rejects fields missing from the real schema the way Shopify words it", async () => {
    const body = await gql("{ orders(first: 1) { nodes { id fooBar } } }");
    expect(body.data).toBeUndefined();
    expect(body.errors[0]).toMatchObject({
      message: "Field 'fooBar' doesn't exist on type 'Order'",
      extensions: { code: "undefinedField" },
    });
  });

  it("fails loudly for schema fields the simulator does not model instead of returning null", async () => {
    const body = await gql("{ orders(first: 1) { nodes { id returnStatus } } }");
    expect(body.errors[0].message).toBe("Simulator does not resolve Order.returnStatus");
    expect(body.errors[0].path).toEqual(["orders", "nodes", 0, "returnStatus"]);
  });

  it("gives a query text the same verdict every time it is sent (verdicts are remembered per text)", async () => {
    for (let i = 0; i < 2; i++) {
      const invalid = await gql("{ orders(first: 1) { nodes { id fooBar } } }");
      expect(invalid.errors[0].message).toBe("Field 'fooBar' doesn't exist on type 'Order'");
      const unparsable = await gql("{ orders(first: 1) { nodes { id }");
      expect(unparsable.errors[0].message).toMatch(/^Syntax Error/);
      const valid = await gql("query One($n: Int!) { orders(first: $n) { nodes { id } } }", { n: i + 1 });
      expect(valid.errors).toBeUndefined();
      expect(valid.data.orders.nodes).toHaveLength(i + 1);
    }
  });

  it("requires first or last on connections", async () => {
    const body = await gql("{ orders { nodes { id } } }");
    expect(body.errors[0].message).toBe("you must provide one of first or last");
  });
});

describe("orders", () => {
  it("pages through every visible order with cursors, without gaps or repeats", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const body = await gql(
        `query($after: String) { orders(first: 50, after: $after, sortKey: CREATED_AT) { edges { cursor node { id createdAt } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`,
        { after },
      );
      const { edges, pageInfo } = body.data.orders;
      expect(pageInfo.hasPreviousPage).toBe(pages > 0);
      seen.push(...edges.map((e: { node: { id: string } }) => e.node.id));
      after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
      pages++;
    } while (after);
    const count = (await gql("{ ordersCount { count precision } }")).data.ordersCount;
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(count.count);
    expect(pages).toBeGreaterThan(2);
  });

  it("pages backwards with last/before", async () => {
    const forward = (
      await gql("{ orders(first: 10, sortKey: ORDER_NUMBER) { nodes { name } pageInfo { endCursor } } }")
    ).data.orders;
    const back = (
      await gql(
        `{ orders(last: 3, before: "${forward.pageInfo.endCursor}", sortKey: ORDER_NUMBER) { nodes { name } } }`,
      )
    ).data.orders;
    expect(back.nodes.map((n: { name: string }) => n.name)).toEqual(
      forward.nodes.slice(6, 9).map((n: { name: string }) => n.name),
    );
  });

  it("filters by updated_at with strict and inclusive comparators", async () => {
    const all = (await gql("{ orders(first: 250, sortKey: UPDATED_AT) { nodes { updatedAt } } }")).data.orders
      .nodes as { updatedAt: string }[];
    const pivot = all[Math.floor(all.length / 2)].updatedAt;
    const after = (
      await gql(`{ orders(first: 250, query: "updated_at:>'${pivot}'") { nodes { updatedAt } } }`)
    ).data.orders.nodes as { updatedAt: string }[];
    expect(after.length).toBe(all.filter((o) => o.updatedAt > pivot).length);
    expect(after.every((o) => o.updatedAt > pivot)).toBe(true);
    const atLeast = (
      await gql(`{ orders(first: 250, query: "updated_at:>='${pivot}'") { nodes { updatedAt } } }`)
    ).data.orders.nodes;
    expect(atLeast.length).toBe(all.filter((o) => o.updatedAt >= pivot).length);
  });

  it("finds orders by name, email, status and customer", async () => {
    const latest = (
      await gql("{ orders(first: 1, reverse: true) { nodes { name email customer { legacyResourceId } } } }")
    ).data.orders.nodes[0];
    const byName = (await gql(`{ orders(first: 5, query: "name:${latest.name}") { nodes { name } } }`)).data
      .orders.nodes;
    expect(byName).toEqual([{ name: latest.name }]);
    const byEmail = (await gql(`{ orders(first: 50, query: "email:${latest.email}") { nodes { email } } }`))
      .data.orders.nodes;
    expect(byEmail.length).toBeGreaterThan(0);
    expect(byEmail.every((o: { email: string }) => o.email === latest.email)).toBe(true);
    const mine = (
      await gql(
        `{ orders(first: 50, query: "customer_id:${latest.customer.legacyResourceId}") { nodes { customer { legacyResourceId } } } }`,
      )
    ).data.orders.nodes;
    expect(
      mine.every(
        (o: { customer: { legacyResourceId: string } }) =>
          o.customer.legacyResourceId === latest.customer.legacyResourceId,
      ),
    ).toBe(true);
    const cancelled = (
      await gql(`{ orders(first: 50, query: "status:cancelled") { nodes { cancelledAt cancelReason } } }`)
    ).data.orders.nodes;
    expect(cancelled.length).toBeGreaterThan(0);
    expect(cancelled.every((o: { cancelledAt: string | null }) => o.cancelledAt !== null)).toBe(true);
    const unknown = await gql(`{ orders(first: 1, query: "flavour:vanilla") { nodes { id } } }`);
    expect(unknown.extensions.search[0].warnings[0].field).toBe("flavour");
  });

  it("hides orders older than 60 days without read_all_orders", async () => {
    const shop = sim.store.shop(TEST_SHOP)!;
    const old = shop.orders.find((o) => Date.parse(o.createdAt) < Date.now() - 61 * 86_400_000)!;
    expect((await gql(`{ order(id: "gid://shopify/Order/${old.id}") { id } }`)).data.order).toBeNull();
  });

  it("resolves the documented order and customer fields", async () => {
    const order = sim.store
      .shop(TEST_SHOP)!
      .orders.findLast((o) => o.fulfillments.length > 0 && o.customerId)!;
    const body = await gql(
      `query($id: ID!) { node(id: $id) { ... on Order {
      id legacyResourceId name closed displayFinancialStatus displayFulfillmentStatus statusPageUrl customAttributes { key value }
      totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount } } subtotalPriceSet { shopMoney { amount } }
      totalShippingPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } }
      customer { id displayName defaultEmailAddress { emailAddress } numberOfOrders amountSpent { amount currencyCode } orders(first: 5) { nodes { id } } defaultAddress { city } }
      lineItems(first: 5) { nodes { id title quantity sku image { url altText } } }
      fulfillments(first: 5) { status displayStatus trackingInfo(first: 1) { company number url } }
    } } }`,
      { id: `gid://shopify/Order/${order.id}` },
    );
    expect(body.errors).toBeUndefined();
    const o = body.data.node;
    expect(o.legacyResourceId).toBe(order.id);
    expect(o.totalPriceSet.shopMoney.currencyCode).toBe("EUR");
    expect(o.fulfillments[0].trackingInfo[0].url).toMatch(/^https:\/\//);
    expect(Number(o.customer.numberOfOrders)).toBe(
      sim.store.shop(TEST_SHOP)!.orders.filter((x) => x.customerId === order.customerId).length,
    );
    const image = await fetch(o.lineItems.nodes[0].image.url);
    expect(image.headers.get("content-type")).toBe("image/svg+xml");
  });

  it("looks customers up by email", async () => {
    const customer = sim.store.shop(TEST_SHOP)!.customers[3];
    const body = await gql(
      `{ customerByIdentifier(identifier: { emailAddress: "${customer.email?.toUpperCase()}" }) { id email } customers(first: 5, query: "email:${customer.email}") { nodes { id } } }`,
    );
    expect(body.data.customerByIdentifier).toEqual({
      id: `gid://shopify/Customer/${customer.id}`,
      email: customer.email,
    });
    expect(body.data.customers.nodes).toEqual([{ id: `gid://shopify/Customer/${customer.id}` }]);
  });
});

describe("app and nodes", () => {
  it("answers the scopes query the Remix library sends", async () => {
    const body = await gql(
      "query FetchAccessScopes { app { requestedAccessScopes { handle } optionalAccessScopes { handle } installation { accessScopes { handle } } } }",
    );
    expect(body.data.app.installation.accessScopes.map((s: { handle: string }) => s.handle)).toEqual([
      "read_customers",
      "read_orders",
      "write_orders",
    ]);
  });

  it("resolves nodes one by one, failing loudly only for unmodelled types", async () => {
    const order = sim.store.shop(TEST_SHOP)!.orders.at(-1)!;
    const body = await gql(
      `{ nodes(ids: ["gid://shopify/Order/${order.id}", "gid://shopify/Product/1", "gid://shopify/Order/1"]) { id } }`,
    );
    expect(body.data.nodes).toEqual([{ id: `gid://shopify/Order/${order.id}` }, null, null]);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].path).toEqual(["nodes", 1]);
  });
});

describe("mutations", () => {
  const recentOrder = () => sim.store.shop(TEST_SHOP)!.orders.at(-1)!;

  it("orderUpdate overwrites note and tags and bumps updatedAt", async () => {
    const order = recentOrder();
    const before = order.updatedAt;
    const body = await gql(
      `mutation($input: OrderInput!) { orderUpdate(input: $input) { order { id note tags updatedAt } userErrors { field message } } }`,
      {
        input: {
          id: `gid://shopify/Order/${order.id}`,
          note: "Customer asked for a call back",
          tags: ["support", "vip, urgent"],
        },
      },
    );
    expect(body.data.orderUpdate.userErrors).toEqual([]);
    expect(body.data.orderUpdate.order).toMatchObject({
      note: "Customer asked for a call back",
      tags: ["support", "vip", "urgent"],
    });
    expect(body.data.orderUpdate.order.updatedAt >= before).toBe(true);
    expect(body.extensions.cost.requestedQueryCost).toBe(10);
  });

  it("orderUpdate reports an unknown order as a user error", async () => {
    const body = await gql(
      `mutation { orderUpdate(input: { id: "gid://shopify/Order/1", note: "x" }) { order { id } userErrors { field message } } }`,
    );
    expect(body.data.orderUpdate).toEqual({
      order: null,
      userErrors: [{ field: ["id"], message: "Order does not exist" }],
    });
  });

  it("tagsAdd and tagsRemove change order tags; customers need write_customers", async () => {
    const id = `gid://shopify/Order/${recentOrder().id}`;
    await gql(`mutation { tagsAdd(id: "${id}", tags: ["escalated"]) { userErrors { message } } }`);
    expect(recentOrder().tags).toContain("escalated");
    await gql(`mutation { tagsRemove(id: "${id}", tags: ["ESCALATED"]) { userErrors { message } } }`);
    expect(recentOrder().tags).not.toContain("escalated");
    const customerId = sim.store.shop(TEST_SHOP)!.customers[0].id;
    const denied = await gql(
      `mutation { tagsAdd(id: "gid://shopify/Customer/${customerId}", tags: ["x"]) { userErrors { message } } }`,
    );
    expect(denied.errors[0].extensions.code).toBe("ACCESS_DENIED");
  });

  it("metafieldsSet writes app metafields with compare-and-set", async () => {
    const ownerId = `gid://shopify/Order/${recentOrder().id}`;
    const set = (mf: Record<string, unknown>) =>
      gql(
        `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { id namespace key type value compareDigest } userErrors { field message code } } }`,
        {
          m: [{ ownerId, key: "ticket_count", type: "number_integer", ...mf }],
        },
      );
    const first = (await set({ value: "1", compareDigest: null })).data.metafieldsSet;
    expect(first.userErrors).toEqual([]);
    expect(first.metafields[0].namespace).toMatch(/^app--\d+$/);
    const stale = (await set({ value: "2", compareDigest: "0".repeat(64) })).data.metafieldsSet;
    expect(stale.userErrors[0].code).toBe("STALE_OBJECT");
    const fresh = (await set({ value: "2", compareDigest: first.metafields[0].compareDigest })).data
      .metafieldsSet;
    expect(fresh.metafields[0].value).toBe("2");
    const read = await gql(
      `{ order(id: "${ownerId}") { metafield(namespace: "$app", key: "ticket_count") { value } metafields(first: 5) { nodes { key } } } }`,
    );
    expect(read.data.order.metafield.value).toBe("2");
    const bad = (await set({ value: "not a number" })).data.metafieldsSet;
    expect(bad).toMatchObject({ metafields: [], userErrors: [{ code: "INVALID_VALUE" }] });
  });

  it("metafieldsSet is atomic and limited to 25 inputs", async () => {
    const ownerId = `gid://shopify/Order/${recentOrder().id}`;
    const mutation = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { id } userErrors { field code } } }`;
    const mixed = await gql(mutation, {
      m: [
        { ownerId, key: "atomic_a", type: "single_line_text_field", value: "ok" },
        { ownerId: "gid://shopify/Order/1", key: "atomic_b", type: "single_line_text_field", value: "x" },
      ],
    });
    expect(mixed.data.metafieldsSet.userErrors[0].field).toEqual(["metafields", "1", "ownerId"]);
    expect(sim.store.shop(TEST_SHOP)!.metafields.some((m) => m.key === "atomic_a")).toBe(false);
    const many = Array.from({ length: 26 }, (_, i) => ({
      ownerId,
      key: `k${i}`,
      type: "single_line_text_field",
      value: "v",
    }));
    expect((await gql(mutation, { m: many })).data.metafieldsSet.userErrors[0].code).toBe(
      "LESS_THAN_OR_EQUAL_TO",
    );
  });
});
