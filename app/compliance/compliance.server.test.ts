import { Prisma } from "@prisma/client";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { parseLosslessJson } from "~/webhooks/lossless-json";
import { runCli as cli } from "../../tests/support/cli";
import { uniqueShop } from "../../tests/support/shopify-requests";
import { ComplianceInputError, eraseShop, exportCustomerData, redactCustomer } from "./compliance.server";

const ADA = {
  id: 7400000000001,
  gid: "gid://shopify/Customer/7400000000001",
  email: "ada@example.com",
  phone: "+442079460958",
};
const GRACE_GID = "gid://shopify/Customer/7400000000002";
const orderGid = (n: number) => `gid://shopify/Order/${5500000000000 + n}`;

/** Everything that would identify Ada if it survived a redaction. */
const ADA_TRACES = [/ada@example\.com/i, /\bAda\b/, /Lovelace/i, /7946\D{0,2}0958/, /James's Square/];

/**
 * A shop holding two customers: Ada (two orders of hers, a guest order under
 * her email, an order with nothing of hers but its id, tickets about her and
 * one she wrote without being linked) and Grace (an order and a ticket).
 */
async function seedShop(shop: string) {
  await prisma.shop.create({ data: { domain: shop, name: "Privacy Shop" } });
  await prisma.session.create({
    data: { id: `offline_${shop}`, shop, state: "", accessToken: "shpat_offline", email: "owner@shop.test" },
  });
  const ada = await prisma.customer.create({
    data: {
      shopDomain: shop,
      shopifyId: ADA.gid,
      email: ADA.email,
      firstName: "Ada",
      lastName: "Lovelace",
      phone: ADA.phone,
      note: "Prefers calls at +44 20 7946 0958",
    },
  });
  const grace = await prisma.customer.create({
    data: {
      shopDomain: shop,
      shopifyId: GRACE_GID,
      email: "grace@example.com",
      firstName: "Grace",
      lastName: "Hopper",
    },
  });
  const adaAddress = {
    first_name: "Ada",
    last_name: "Lovelace",
    name: "Ada Lovelace",
    address1: "12 St James's Square",
    city: "London",
    phone: "+44 20 7946 0958",
  };
  const order = (n: number, data: Partial<Prisma.OrderSnapshotUncheckedCreateInput>) =>
    prisma.orderSnapshot.create({
      data: {
        shopDomain: shop,
        shopifyId: orderGid(n),
        name: `#${1000 + n}`,
        totalPrice: "25.00",
        currency: "GBP",
        lineItems: [{ title: "Notebook", quantity: 1, price: "25.00" }],
        fulfillments: [],
        refunds: [],
        shopifyCreatedAt: new Date(Date.UTC(2026, 0, n)),
        shopifyUpdatedAt: new Date(Date.UTC(2026, 0, n)),
        ...data,
      },
    });
  const first = await order(1, {
    customerId: ada.id,
    email: ADA.email,
    shippingAddress: adaAddress,
    note: "Gift wrap, Ada",
    refunds: [
      { id: "gid://shopify/Refund/1", amount: "5.00", note: "Ada Lovelace asked for it", createdAt: null },
    ],
  });
  const second = await order(2, { customerId: ada.id, email: ADA.email, shippingAddress: adaAddress });
  await order(3, { email: "ADA@example.com" });
  const graceOrder = await order(4, { customerId: grace.id, email: "grace@example.com" });
  await order(5, {});

  const ticket = (number: number, data: Partial<Prisma.TicketUncheckedCreateInput>, orderIds: string[]) =>
    prisma.ticket.create({
      data: {
        shopDomain: shop,
        number,
        subject: `Ticket ${number}`,
        channel: "email",
        ...data,
        orders: { create: orderIds.map((orderId) => ({ orderId, shopDomain: shop })) },
      },
    });
  const message = (
    ticketId: string,
    data: Omit<Prisma.MessageUncheckedCreateInput, "shopDomain" | "ticketId">,
  ) => prisma.message.create({ data: { shopDomain: shop, ticketId, ...data } });

  const aboutAda = await ticket(1, { subject: "Where is my order? Ada Lovelace", customerId: ada.id }, [
    first.id,
  ]);
  await message(aboutAda.id, {
    kind: "customer",
    authorType: "customer",
    authorId: ADA.email,
    authorName: "Ada Lovelace",
    body: "Hello, it's Ada. Call me on +44 20 7946 0958.",
  });
  await message(aboutAda.id, {
    kind: "agent_reply",
    authorType: "staff",
    authorId: "42",
    authorName: "Sam Agent",
    body: "Hi Ada, I emailed ADA@example.com and called +44 (20) 7946-0958. Thanks, Ada Lovelace!",
  });
  await message(aboutAda.id, {
    kind: "internal_note",
    authorType: "staff",
    authorId: "42",
    authorName: "Sam Agent",
    body: "Lovelace confirmed 12 St James's Square; Adam from the warehouse will check. Tel 020 7946 0958.",
  });
  await message(aboutAda.id, {
    kind: "system",
    authorType: "system",
    body: "Order #1001 linked for ada@example.com",
  });
  const aboutHerOrder = await ticket(2, {}, [second.id]);
  await message(aboutHerOrder.id, { kind: "system", authorType: "system", body: "Order #1002 was refunded" });
  const unlinked = await ticket(4, {}, []);
  await message(unlinked.id, {
    kind: "customer",
    authorType: "customer",
    authorId: ADA.email,
    body: "Me again",
  });

  const aboutGrace = await ticket(3, { subject: "Refund for Grace Hopper", customerId: grace.id }, [
    graceOrder.id,
  ]);
  await message(aboutGrace.id, {
    kind: "customer",
    authorType: "customer",
    authorName: "Grace Hopper",
    body: "Grace here, please refund.",
  });

  // Raw inbox bodies, as Shopify sent them (the first id is above 2^53).
  await prisma.webhookEvent.createMany({
    data: [
      {
        shopDomain: shop,
        topic: "orders/create",
        webhookId: crypto.randomUUID(),
        payload: `{"id":7400000037028123456,"admin_graphql_api_id":"${orderGid(1)}","email":"ada@example.com","customer":{"id":7400000000001,"first_name":"Ada","last_name":"Lovelace","phone":"+442079460958"},"shipping_address":${JSON.stringify(adaAddress)}}`,
      },
      {
        shopDomain: shop,
        topic: "orders/create",
        webhookId: crypto.randomUUID(),
        payload: `{"id":4,"admin_graphql_api_id":"${orderGid(4)}","email":"grace@example.com","customer":{"id":7400000000002,"first_name":"Grace"}}`,
      },
    ],
  });
  return { ada, grace, tickets: { aboutAda, aboutHerOrder, unlinked, aboutGrace } };
}

/** Tables whose rows belong to a shop by a shopDomain column, read from the database itself. */
async function shopScopedTables(): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ table_name: string }[]>`
    SELECT table_name::text AS table_name FROM information_schema.columns
    WHERE column_name = 'shopDomain' AND table_schema = current_schema()
    ORDER BY table_name`;
  return rows.map((r) => r.table_name);
}

/** Every column of every row held for the shop, as JSON text, per table. */
async function dumpShop(shop: string): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  const read = async (table: string, column: string) => {
    const rows = await prisma.$queryRaw<{ row: string }[]>`
      SELECT row_to_json(t)::text AS "row" FROM ${Prisma.raw(`"${table}"`)} t
      WHERE ${Prisma.raw(`"${column}"`)} = ${shop} ORDER BY 1`;
    dump[table] = rows.map((r) => r.row);
  };
  for (const table of await shopScopedTables()) await read(table, "shopDomain");
  await read("Shop", "domain");
  await read("Session", "shop");
  return dump;
}

/** A dump without the bookkeeping timestamps a no-op update still moves. */
function withoutUpdatedAt(dump: Record<string, string[]>) {
  return Object.fromEntries(
    Object.entries(dump).map(([table, rows]) => [
      table,
      rows.map((row) => {
        const { updatedAt: _ignored, ...rest } = JSON.parse(row) as Record<string, unknown>;
        return rest;
      }),
    ]),
  );
}

const dataRequest = (shop: string, id: number, extra: Record<string, unknown> = {}) => ({
  shop_id: 1,
  shop_domain: shop,
  orders_requested: [5500000000005],
  customer: { id: ADA.id, email: ADA.email, phone: ADA.phone },
  data_request: { id },
  ...extra,
});

const redactRequest = (shop: string, extra: Record<string, unknown> = {}) => ({
  shop_id: 1,
  shop_domain: shop,
  customer: { id: ADA.id, email: ADA.email, phone: ADA.phone },
  orders_to_redact: [5500000000001, "5500000000002"],
  ...extra,
});

describe("privacy compliance", () => {
  let shop: string;
  let otherShop: string;

  beforeEach(async () => {
    shop = uniqueShop("privacy");
    otherShop = uniqueShop("privacy-other");
    await seedShop(shop);
    await seedShop(otherShop);
  });

  afterAll(async () => {
    await prisma.$disconnect();
  });

  describe("exportCustomerData", () => {
    it("stores everything held about the customer in that shop, and nothing else", async () => {
      const otherBefore = await dumpShop(otherShop);
      const stored = await exportCustomerData(shop, dataRequest(shop, 9001));
      expect(stored).toMatchObject({ shopDomain: shop, customerShopifyId: ADA.gid, dataRequestId: "9001" });

      const content = stored.content as {
        generatedAt: string;
        customer: { shopifyId: string; email: string; firstName: string; phone: string; note: string };
        orders: { name: string; email: string | null; shippingAddress: unknown }[];
        tickets: { number: number; subject: string; messages: { body: string }[] }[];
      };
      expect(Number.isNaN(Date.parse(content.generatedAt))).toBe(false);
      expect(content.customer).toMatchObject({
        shopifyId: ADA.gid,
        email: ADA.email,
        firstName: "Ada",
        phone: ADA.phone,
      });
      expect(content.customer.note).toContain("7946");
      // Linked orders, the guest order under her email, and the one requested by id.
      expect(content.orders.map((o) => o.name).sort()).toEqual(["#1001", "#1002", "#1003", "#1005"]);
      expect(content.orders.find((o) => o.name === "#1001")?.shippingAddress).toMatchObject({
        address1: "12 St James's Square",
      });
      expect(content.tickets.map((t) => t.number)).toEqual([1, 2, 4]);
      expect(content.tickets[0].messages.map((m) => m.body)).toHaveLength(4);
      expect(content.tickets[0].messages[1].body).toContain("Thanks, Ada Lovelace!");

      const text = JSON.stringify(content);
      expect(text).not.toMatch(/grace/i);
      const otherIds = Object.values(otherBefore)
        .flat()
        .map((row) => (JSON.parse(row) as { id?: string }).id)
        .filter((id): id is string => Boolean(id));
      expect(otherIds.length).toBeGreaterThan(10);
      for (const id of otherIds) expect(text).not.toContain(id);
      expect(await dumpShop(otherShop)).toEqual(otherBefore);
    });

    it("returns the stored export when the same data request is delivered again", async () => {
      const first = await exportCustomerData(shop, dataRequest(shop, 9002));
      const again = await exportCustomerData(shop, dataRequest(shop, 9002));
      expect(again.id).toBe(first.id);
      expect(await prisma.customerDataExport.count({ where: { shopDomain: shop } })).toBe(1);

      const another = await exportCustomerData(shop, dataRequest(shop, 9003));
      expect(another.id).not.toBe(first.id);
      expect(await prisma.customerDataExport.count({ where: { shopDomain: shop } })).toBe(2);
    });

    it("exports an empty record for a customer the shop never stored", async () => {
      const stored = await exportCustomerData(
        shop,
        dataRequest(shop, 9004, {
          customer: { id: "9007199254740993", email: null, phone: null },
          orders_requested: [],
        }),
      );
      expect(stored.customerShopifyId).toBe("gid://shopify/Customer/9007199254740993");
      expect(stored.content).toMatchObject({ customer: null, orders: [], tickets: [] });
    });
  });

  describe("redactCustomer", () => {
    it("removes the customer's personal data from every row of the shop, keeping the tickets", async () => {
      await exportCustomerData(shop, dataRequest(shop, 9101));
      const before = await dumpShop(shop);
      const otherBefore = await dumpShop(otherShop);
      const grace = (table: string, dump: Record<string, string[]>) =>
        dump[table].filter((row) => /grace/i.test(row) && !ADA_TRACES.some((trace) => trace.test(row)));

      // The scan below would see her everywhere she was held.
      const tracesBefore = Object.entries(before).filter(([, rows]) =>
        rows.some((row) => ADA_TRACES.some((trace) => trace.test(row))),
      );
      expect(tracesBefore.map(([table]) => table).sort()).toEqual([
        "Customer",
        "CustomerDataExport",
        "Message",
        "OrderSnapshot",
        "Ticket",
        "WebhookEvent",
      ]);

      const summary = await redactCustomer(shop, redactRequest(shop));
      expect(summary).toMatchObject({
        customerFound: true,
        orders: 3,
        tickets: 3,
        exportsDeleted: 1,
        webhookEvents: 1,
      });

      const after = await dumpShop(shop);
      for (const [table, rows] of Object.entries(after)) {
        for (const row of rows) {
          for (const trace of ADA_TRACES) expect(`${table}: ${row}`).not.toMatch(trace);
        }
      }
      // Tickets and messages remain, anonymised; nothing was over-redacted.
      expect(after.Ticket).toHaveLength(before.Ticket.length);
      expect(after.Message).toHaveLength(before.Message.length);
      expect(after.TicketOrder).toEqual(before.TicketOrder);
      expect(after.CustomerDataExport).toEqual([]);
      const messages = await prisma.message.findMany({
        where: { shopDomain: shop },
        orderBy: { createdAt: "asc" },
      });
      expect(messages.find((m) => m.kind === "customer" && m.authorId === null)?.body).toBe("[redacted]");
      expect(messages.find((m) => m.kind === "agent_reply")?.body).toBe(
        "Hi [redacted], I emailed [redacted] and called [redacted]. Thanks, [redacted]!",
      );
      expect(messages.find((m) => m.kind === "internal_note")?.body).toBe(
        "[redacted] confirmed [redacted]; Adam from the warehouse will check. Tel [redacted].",
      );
      expect(messages.find((m) => m.kind === "agent_reply")?.authorName).toBe("Sam Agent");

      const customer = await prisma.customer.findUniqueOrThrow({
        where: { shopDomain_shopifyId: { shopDomain: shop, shopifyId: ADA.gid } },
      });
      expect(customer).toMatchObject({
        email: null,
        firstName: null,
        lastName: null,
        phone: null,
        note: null,
      });
      expect(customer.redactedAt).toBeInstanceOf(Date);
      const orders = await prisma.orderSnapshot.findMany({
        where: { shopDomain: shop, customerId: customer.id },
      });
      expect(orders).toHaveLength(2);

      // The stored body still parses, with the id above 2^53 exact.
      const event = await prisma.webhookEvent.findFirstOrThrow({
        where: { shopDomain: shop, payload: { contains: orderGid(1) } },
      });
      expect(parseLosslessJson(event.payload)).toMatchObject({
        id: "7400000037028123456",
        email: "[redacted]",
      });

      // Grace and the other shop are untouched.
      for (const table of ["Customer", "OrderSnapshot", "Ticket", "Message", "WebhookEvent"]) {
        expect(grace(table, after)).toEqual(grace(table, before));
        expect(grace(table, after).length).toBeGreaterThan(0);
      }
      expect(await dumpShop(otherShop)).toEqual(otherBefore);

      // A redelivery finds nothing more to erase.
      const again = await redactCustomer(shop, redactRequest(shop));
      expect(again).toMatchObject({ customerFound: true, messages: 0, exportsDeleted: 0, webhookEvents: 0 });
      expect(withoutUpdatedAt(await dumpShop(shop))).toEqual(withoutUpdatedAt(after));
    });

    it("succeeds without changes for a customer the shop never stored", async () => {
      const before = await dumpShop(shop);
      const summary = await redactCustomer(
        shop,
        redactRequest(shop, {
          customer: { id: 1234, email: "nobody@example.com", phone: null },
          orders_to_redact: [],
        }),
      );
      expect(summary).toEqual({
        customerFound: false,
        orders: 0,
        tickets: 0,
        messages: 0,
        exportsDeleted: 0,
        webhookEvents: 0,
      });
      expect(await dumpShop(shop)).toEqual(before);
    });

    it("works inside the caller's transaction and rolls back with it", async () => {
      const before = await dumpShop(shop);
      await expect(
        prisma.$transaction(async (tx) => {
          await redactCustomer(shop, redactRequest(shop), tx);
          throw new Error("the caller failed after redacting");
        }),
      ).rejects.toThrow("the caller failed");
      expect(await dumpShop(shop)).toEqual(before);
    });
  });

  describe("eraseShop", () => {
    it("leaves no row of the shop in any table and keeps the other shop", async () => {
      await exportCustomerData(shop, dataRequest(shop, 9201));
      const otherBefore = await dumpShop(otherShop);

      const erased = await eraseShop(shop);
      expect(erased).toEqual({ sessions: 1, webhookEvents: 2, shopDeleted: true });
      const after = await dumpShop(shop);
      expect(Object.keys(after)).toEqual(
        expect.arrayContaining(["Message", "TicketOrder", "WebhookEvent", "Shop"]),
      );
      for (const [table, rows] of Object.entries(after)) expect({ table, rows }).toEqual({ table, rows: [] });
      expect(await dumpShop(otherShop)).toEqual(otherBefore);

      expect(await eraseShop(shop)).toEqual({ sessions: 0, webhookEvents: 0, shopDeleted: false });
    });
  });

  describe("payload validation", () => {
    it.each([
      ["not an object", () => null],
      ["no customer", (s: string) => ({ shop_id: 1, shop_domain: s })],
      [
        "a customer id that is not a number",
        (s: string) => redactRequest(s, { customer: { id: "abc", email: null } }),
      ],
      [
        "an id rounded above 2^53",
        (s: string) => redactRequest(s, { customer: { id: 2 ** 53 + 2, email: null } }),
      ],
      [
        "an order id that is not a number",
        (s: string) => redactRequest(s, { orders_to_redact: [{}], orders_requested: [{}] }),
      ],
      ["another shop's domain", () => redactRequest("someone-else.myshopify.com")],
    ])("rejects a payload with %s", async (_label, payload) => {
      const before = await dumpShop(shop);
      await expect(redactCustomer(shop, payload(shop))).rejects.toThrow(ComplianceInputError);
      await expect(exportCustomerData(shop, payload(shop))).rejects.toThrow(ComplianceInputError);
      expect(await dumpShop(shop)).toEqual(before);
    });

    it("names the problem in the error", async () => {
      await expect(redactCustomer(shop, redactRequest("someone-else.myshopify.com"))).rejects.toThrow(
        /names shop someone-else\.myshopify\.com/,
      );
      await expect(redactCustomer(shop, { shop_domain: shop })).rejects.toThrow(/customer/);
    });
  });
});

describe("compliance exports CLI", () => {
  it("lists a shop's exports as JSON and prints one export's content", async () => {
    const shop = uniqueShop("cli-privacy");
    await seedShop(shop);
    const stored = await exportCustomerData(shop, dataRequest(shop, 9301));

    const listed = await cli(["compliance", "exports", "--shop", shop, "--json"]);
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as {
      id: string;
      customer: string;
      createdAt: string;
      size: number;
    }[];
    expect(rows).toEqual([
      {
        id: stored.id,
        customer: ADA.gid,
        dataRequest: "9301",
        createdAt: stored.createdAt.toISOString(),
        size: expect.any(Number),
      },
    ]);
    expect(rows[0].size).toBeGreaterThan(500);

    const shown = await cli(["compliance", "exports", "--shop", shop, "--id", stored.id]);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual(stored.content);

    const table = await cli(["compliance", "exports", "--shop", shop]);
    expect(table.stdout.split("\n")[0]).toMatch(/^id\s+customer\s+dataRequest\s+createdAt\s+size/);
  });

  it("requires --shop (exit code 2) and reports an unknown export", async () => {
    const missing = await cli(["compliance", "exports", "--json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--shop <domain>");

    const unknown = await cli(["compliance", "exports", "--shop", uniqueShop("cli-privacy"), "--id", "nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No data export nope");
  });
});
