import { afterAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { runCli as cli } from "../tests/support/cli";
import { uniqueShop } from "../tests/support/shopify-requests";

describe("operators' CLI", () => {
  afterAll(async () => {
    await prisma.$disconnect();
  });

  it("shops list --json prints every installed shop as JSON", async () => {
    const installed = uniqueShop("cli");
    const gone = uniqueShop("cli-gone");
    await prisma.shop.create({ data: { domain: installed, name: "CLI Shop", currencyCode: "EUR" } });
    await prisma.shop.create({ data: { domain: gone, uninstalledAt: new Date() } });

    const { code, stdout } = await cli(["shops", "list", "--json"]);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { domain: string; status: string; name: string | null }[];
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          domain: installed,
          status: "installed",
          name: "CLI Shop",
          currency: "EUR",
        }),
        expect.objectContaining({ domain: gone, status: "uninstalled" }),
      ]),
    );
  });

  it("shops list prints a table for people", async () => {
    const { code, stdout } = await cli(["shops", "list"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/^domain\s+name\s+status/);
  });

  it("tickets list --json prints each ticket with its customer, orders and message count", async () => {
    const shop = uniqueShop("cli-tickets");
    await prisma.shop.create({ data: { domain: shop, lastTicketNumber: 1 } });
    const customer = await prisma.customer.create({
      data: {
        shopDomain: shop,
        shopifyId: "gid://shopify/Customer/1",
        firstName: "Ada",
        lastName: "Lovelace",
        email: "ada@example.com",
      },
    });
    const order = await prisma.orderSnapshot.create({
      data: {
        shopDomain: shop,
        shopifyId: "gid://shopify/Order/7400000000001",
        name: "#1001",
        totalPrice: "20.00",
        currency: "EUR",
        lineItems: [],
        fulfillments: [],
        refunds: [],
        shopifyCreatedAt: new Date(),
        shopifyUpdatedAt: new Date(),
      },
    });
    await prisma.ticket.create({
      data: {
        shopDomain: shop,
        number: 1,
        subject: "Order #1001 was cancelled",
        tags: ["cancellation"],
        channel: "shopify",
        customerId: customer.id,
        orders: { create: { orderId: order.id, shopDomain: shop } },
        messages: {
          create: [
            { shopDomain: shop, kind: "system", authorType: "system", body: "Order #1001 was cancelled." },
          ],
        },
      },
    });

    const { code, stdout } = await cli(["tickets", "list", "--shop", shop, "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      expect.objectContaining({
        number: 1,
        subject: "Order #1001 was cancelled",
        status: "open",
        tags: ["cancellation"],
        customerName: "Ada Lovelace",
        customerEmail: "ada@example.com",
        orders: ["#1001"],
        messageCount: 1,
      }),
    ]);
    expect((await cli(["tickets", "list"])).code).toBe(2);
  });

  it("webhooks list --status failed shows failed events, and webhooks retry queues one again", async () => {
    const shop = uniqueShop("cli-webhooks");
    const failed = await prisma.webhookEvent.create({
      data: {
        shopDomain: shop,
        topic: "orders/create",
        webhookId: crypto.randomUUID(),
        payload: "nope",
        status: "failed",
        error: "The payload is not JSON",
      },
    });
    const listed = await cli(["webhooks", "list", "--status", "failed", "--shop", shop, "--json"]);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        id: failed.id,
        shop,
        topic: "orders/create",
        status: "failed",
        error: "The payload is not JSON",
      }),
    ]);

    const retried = await cli(["webhooks", "retry", failed.id]);
    expect(retried.code).toBe(0);
    expect(await prisma.webhookEvent.findUnique({ where: { id: failed.id } })).toMatchObject({
      status: "pending",
      error: null,
    });
    expect((await cli(["webhooks", "retry", "no-such-id"])).code).toBe(1);
    expect((await cli(["webhooks", "list", "--status", "weird"])).code).toBe(2);
  });

  it("rejects an unknown command with usage and exit code 2", async () => {
    const { code, stderr } = await cli(["shops", "explode"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown command: shops explode");
    expect(stderr).toContain("shops list");
  });

  it("rejects an unknown option", async () => {
    const { code, stderr } = await cli(["shops", "list", "--jsno"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown option '--jsno'/);
  });
});
