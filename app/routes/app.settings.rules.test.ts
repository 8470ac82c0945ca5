import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_USER_AGENT } from "../../scripts/lib/demo-install";
import type { Simulator } from "../../simulator/server";
import {
  callRoute,
  embeddedRequest as embeddedRequestFor,
  type RouteHandler,
} from "../../tests/support/embedded-requests";
import { uniqueShop } from "../../tests/support/shopify-requests";
import { startSimulatedShopify } from "../../tests/support/simulated-shopify";

/**
 * The ticket-rule settings routes with real session tokens: the list and the
 * form, their actions, and that one shop can neither see nor change another
 * shop's rules. On shops of their own (other suites use demo-store).
 */
const SHOP = uniqueShop("rules-settings");
const OTHER = uniqueShop("rules-other");

let simulator: Simulator;
let prisma: typeof import("~/db.server").default;
let list: { loader: RouteHandler; action: RouteHandler };
let edit: { loader: RouteHandler; action: RouteHandler };
let othersRuleId: string;

beforeAll(async () => {
  simulator = await startSimulatedShopify({
    // Nothing here needs webhooks; send them to a closed port.
    appUrl: "http://127.0.0.1:9",
    shops: [
      { domain: SHOP, orders: 2, customers: 2 },
      { domain: OTHER, orders: 2, customers: 2 },
    ],
  });
  prisma = (await import("~/db.server")).default;
  list = (await import("./app.settings.rules._index")) as unknown as typeof list;
  edit = (await import("./app.settings.rules.$id")) as unknown as typeof edit;
  const { ensureDefaultRules } = await import("~/rules/rules.server");
  await prisma.shop.create({ data: { domain: OTHER } });
  await ensureDefaultRules(OTHER);
  othersRuleId = (await prisma.ticketRule.findFirstOrThrow({ where: { shopDomain: OTHER } })).id;
});

afterAll(async () => {
  const { jobSender, QUEUES, stopSender } = await import("~/jobs/queues.server");
  const boss = await jobSender();
  // Installing queued jobs for these shops; no other suite's worker should try them.
  for (const queue of [QUEUES.syncShopDetails, QUEUES.importOrders]) {
    const jobs = await boss.findJobs(queue, { key: SHOP });
    if (jobs.length)
      await boss.deleteJob(
        queue,
        jobs.map((j) => j.id),
      );
  }
  await stopSender();
  await prisma.session.deleteMany({ where: { shop: { in: [SHOP, OTHER] } } });
  await prisma.shop.deleteMany({ where: { domain: { in: [SHOP, OTHER] } } });
  await simulator.close();
});

const embeddedRequest = (path: string, form?: Record<string, string>) =>
  embeddedRequestFor(simulator, SHOP, path, { form });

interface ListData {
  rules: { id: string; name: string; when: string; priority: string; tags: string[]; enabled: boolean }[];
}

async function listed(): Promise<ListData["rules"]> {
  return ((await callRoute(list.loader, await embeddedRequest("/app/settings/rules"))) as ListData).rules;
}

async function postList(form: Record<string, string>) {
  return (await callRoute(list.action, await embeddedRequest("/app/settings/rules", form))) as Response;
}

async function postRule(id: string, form: Record<string, string>) {
  return (await callRoute(edit.action, await embeddedRequest(`/app/settings/rules/${id}`, form), {
    id,
  })) as Response;
}

const VALID_RULE = {
  name: "Big order",
  trigger: "order_created",
  "conditions.0.type": "order_total_above",
  "conditions.0.amount": "500",
  subjectTemplate: "Big order {{order.name}}: {{order.total}}",
  priority: "urgent",
  tags: "VIP, big-order",
  assigneeName: "Sam Support",
  enabled: "on",
};

async function othersRuleIsUntouched() {
  expect(await prisma.ticketRule.findUnique({ where: { id: othersRuleId } })).toMatchObject({
    shopDomain: OTHER,
    name: "Order cancelled",
    enabled: true,
    position: 0,
  });
  expect(await prisma.ticketRule.count({ where: { shopDomain: OTHER } })).toBe(4);
}

describe("ticket rules settings", () => {
  it("lists the session shop's default rules, in order, with their when-sentence", async () => {
    const rules = await listed();
    expect(rules.map((r) => r.name)).toEqual([
      "Order cancelled",
      "Refund created",
      "Delivery problem",
      "Order placed with a note",
    ]);
    expect(rules[3]).toMatchObject({
      when: "An order is placed and the order has a note",
      priority: "normal",
      tags: ["order-note"],
      enabled: true,
    });
    expect(rules.map((r) => r.id)).not.toContain(othersRuleId);
  });

  it("creates a rule last and sends the browser back to the list, session parameters kept", async () => {
    const response = await postRule("new", VALID_RULE);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location")!, process.env.SHOPIFY_APP_URL);
    expect(location.pathname).toBe("/app/settings/rules");
    expect(location.searchParams.get("shop")).toBe(SHOP);
    expect(location.searchParams.get("id_token")).toBeTruthy();

    const rules = await listed();
    expect(rules.at(-1)).toMatchObject({
      name: "Big order",
      when: "An order is placed and the order total is above 500",
      priority: "urgent",
      tags: ["vip", "big-order"],
    });
    expect(
      await prisma.ticketRule.findFirst({ where: { shopDomain: SHOP, name: "Big order" } }),
    ).toMatchObject({
      position: 4,
      assigneeName: "Sam Support",
      conditions: [{ type: "order_total_above", amount: 500 }],
    });
  });

  it("loads a rule into the form and saves changes to it", async () => {
    const rule = await prisma.ticketRule.findFirstOrThrow({ where: { shopDomain: SHOP, name: "Big order" } });
    const loaded = (await callRoute(edit.loader, await embeddedRequest(`/app/settings/rules/${rule.id}`), {
      id: rule.id,
    })) as { title: string; values: Record<string, unknown> };
    expect(loaded).toMatchObject({
      title: "Big order",
      values: { tags: "vip, big-order", conditions: [{ type: "order_total_above", amount: "500", tag: "" }] },
    });

    const { enabled: _, ...disabled } = VALID_RULE;
    const response = await postRule(rule.id, {
      ...disabled,
      name: "Very big order",
      "conditions.0.amount": "900",
    });
    expect(response.status).toBe(302);
    expect(await prisma.ticketRule.findUnique({ where: { id: rule.id } })).toMatchObject({
      name: "Very big order",
      enabled: false,
      conditions: [{ type: "order_total_above", amount: 900 }],
      position: 4,
    });
  });

  it("answers bad input with 400, the field errors and what was typed, and saves nothing", async () => {
    const before = await prisma.ticketRule.count({ where: { shopDomain: SHOP } });
    const typed = {
      ...VALID_RULE,
      name: "",
      subjectTemplate: "Order {{order.number}}",
      "conditions.0.amount": "",
    };
    const response = await postRule("new", typed);
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      errors: Record<string, string>;
      values: Record<string, unknown>;
    };
    expect(body.errors).toEqual({
      name: "Enter a name",
      subjectTemplate: "Unknown variable: {{order.number}}",
      "conditions.0.amount": "Enter an amount",
    });
    expect(body.values).toEqual({
      name: "",
      trigger: "order_created",
      conditions: [{ type: "order_total_above", tag: "", amount: "" }],
      subjectTemplate: "Order {{order.number}}",
      priority: "urgent",
      tags: "VIP, big-order",
      assigneeName: "Sam Support",
      enabled: true,
    });
    expect(await prisma.ticketRule.count({ where: { shopDomain: SHOP } })).toBe(before);
  });

  it("turns a rule off and on", async () => {
    const [first] = await listed();
    expect((await postList({ intent: "toggle", id: first.id, enabled: "false" })).status).toBe(200);
    expect((await listed())[0].enabled).toBe(false);
    await postList({ intent: "toggle", id: first.id, enabled: "true" });
    expect((await listed())[0].enabled).toBe(true);
  });

  it("moves a rule up and down", async () => {
    const before = (await listed()).map((r) => r.name);
    const last = (await listed()).at(-1)!;
    await postList({ intent: "move", id: last.id, direction: "up" });
    const after = (await listed()).map((r) => r.name);
    expect(after).toEqual([...before.slice(0, 3), before[4], before[3]]);
    await postList({ intent: "move", id: last.id, direction: "down" });
    expect((await listed()).map((r) => r.name)).toEqual(before);
  });

  it("deletes a rule", async () => {
    const rule = (await listed()).find((r) => r.name === "Very big order")!;
    expect((await postList({ intent: "delete", id: rule.id })).status).toBe(200);
    expect((await listed()).map((r) => r.name)).not.toContain("Very big order");
    expect(await prisma.ticketRule.findUnique({ where: { id: rule.id } })).toBeNull();
  });

  it("answers 404 to another shop's rule id, for every action, and changes nothing", async () => {
    const id = othersRuleId;
    const load = (await callRoute(edit.loader, await embeddedRequest(`/app/settings/rules/${id}`), {
      id,
    })) as Response;
    expect(load.status).toBe(404);
    expect((await postRule(id, { ...VALID_RULE, name: "Taken over" })).status).toBe(404);
    expect((await postRule(id, { name: "" })).status).toBe(404);
    expect((await postList({ intent: "toggle", id, enabled: "false" })).status).toBe(404);
    expect((await postList({ intent: "move", id, direction: "down" })).status).toBe(404);
    expect((await postList({ intent: "delete", id })).status).toBe(404);
    await othersRuleIsUntouched();
  });

  it("rejects a list action it does not understand", async () => {
    expect((await postList({ intent: "explode" })).status).toBe(400);
    expect((await postList({ intent: "move", id: "x", direction: "sideways" })).status).toBe(400);
  });

  it("restores the default rules only when the shop has none", async () => {
    await postList({ intent: "restore-defaults" });
    expect(await listed()).toHaveLength(4); // still the four the shop has: nothing added
    for (const rule of await listed()) await postList({ intent: "delete", id: rule.id });
    expect(await listed()).toEqual([]);
    await postList({ intent: "restore-defaults" });
    expect((await listed()).map((r) => r.name)).toEqual([
      "Order cancelled",
      "Refund created",
      "Delivery problem",
      "Order placed with a note",
    ]);
    await othersRuleIsUntouched();
  });

  it("also accepts the session token as App Bridge sends it, in the Authorization header", async () => {
    const token = await simulator.mintSessionToken(SHOP, { userId: "1001" });
    const request = new Request(new URL("/app/settings/rules", process.env.SHOPIFY_APP_URL), {
      headers: { "User-Agent": BROWSER_USER_AGENT, Authorization: `Bearer ${token}` },
    });
    expect(((await callRoute(list.loader, request)) as ListData).rules).toHaveLength(4);
  });
});
