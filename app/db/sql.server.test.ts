import { afterAll, describe, expect, it } from "vitest";
import { upsertCustomer } from "~/customers/customers.server";
import prisma from "~/db.server";
import type { OrderState } from "~/orders/order-state";
import { loadOrder, saveOrder } from "~/orders/snapshots.server";
import { uniqueShop } from "../../tests/support/shopify-requests";
import { batchedSqlOver } from "./batched-sql.server";
import { sqlOver } from "./sql.server";
import { closeSqlPool, inSqlTransaction } from "./sql-pool.server";

afterAll(async () => {
  await closeSqlPool();
});

function order(shopifyId: string, customerId: string): OrderState {
  return {
    shopifyId,
    name: "#1001",
    email: "ada@example.com",
    customer: {
      shopifyId: customerId,
      email: "ada@example.com",
      firstName: "Ada",
      lastName: "Lovelace",
      phone: null,
      note: "VIP",
      ordersCount: 3,
      updatedAt: new Date("2026-11-27T10:15:30.123Z"),
    },
    financialStatus: "paid",
    fulfillmentStatus: null,
    totalPrice: "12345678.90",
    totalRefunded: "0.10",
    currency: "EUR",
    note: 'Gift wrap ✓ for O\'Brien, path C:\\gifts\\ $1 {a,b} "quoted"',
    tags: ["vip", "gift", 'wrap, "red" \\ bow'],
    lineItems: [
      { title: "Mug", variantTitle: null, sku: "M-1", quantity: 2, price: "6172839.40", imageUrl: null },
    ],
    shippingAddress: { city: "Zürich", zip: "8001" },
    fulfillments: [],
    refunds: [
      { id: "gid://shopify/Refund/1", amount: "0.10", note: null, createdAt: "2026-11-27T11:00:00Z" },
    ],
    cancelledAt: new Date("2026-11-27T23:59:59.999Z"),
    cancelReason: "customer",
    createdAt: new Date("2026-11-01T00:00:00.000Z"),
    updatedAt: new Date("2026-11-27T12:00:00.000Z"),
  };
}

describe("the event path's SQL on node-postgres", () => {
  // batchedSqlOver writes its held statements' values in as literals: the same checks cover that.
  it.each([
    ["sqlOver", sqlOver],
    ["batchedSqlOver", batchedSqlOver],
  ])(
    "writes and reads exactly what it does through Prisma, in any process time zone (%s)",
    async (_name, over) => {
      const shop = uniqueShop("sql");
      await prisma.shop.create({ data: { domain: shop } });
      const state = order(
        "gid://shopify/Order/7400000037028123456",
        "gid://shopify/Customer/9007199254740993",
      );
      const previousZone = process.env.TZ;
      // node-postgres formats and parses timestamps in the process's zone unless told otherwise.
      process.env.TZ = "America/Los_Angeles";
      try {
        const observedAt = new Date("2026-11-27T12:00:01.500Z");
        const viaPg = await inSqlTransaction(async (client) => {
          const tx = over(client);
          const customer = await upsertCustomer(tx, shop, state.customer!);
          await saveOrder(tx, shop, state, customer.id, observedAt, null);
          return loadOrder(tx, shop, state.shopifyId);
        });
        const viaPrisma = await prisma.$transaction((tx) => loadOrder(tx, shop, state.shopifyId));
        expect(viaPg).toEqual(viaPrisma);
        expect(viaPg?.state.note).toBe(state.note);
        expect(viaPg?.state.lineItems).toEqual(state.lineItems);
        expect(viaPg?.row.stateObservedAt.toISOString()).toBe("2026-11-27T12:00:01.500Z");
        expect(viaPg?.row.customer?.shopifyUpdatedAt?.toISOString()).toBe("2026-11-27T10:15:30.123Z");
        expect(viaPg?.state).toMatchObject({
          totalPrice: "12345678.90",
          totalRefunded: "0.10",
          cancelledAt: state.cancelledAt,
          updatedAt: state.updatedAt,
          tags: state.tags,
          shippingAddress: { city: "Zürich", zip: "8001" },
        });
        // Prisma's own model read agrees on what was stored.
        const row = await prisma.orderSnapshot.findFirstOrThrow({ where: { shopDomain: shop } });
        expect(row.cancelledAt?.toISOString()).toBe("2026-11-27T23:59:59.999Z");
        expect(row.totalPrice.toFixed(2)).toBe("12345678.90");
      } finally {
        if (previousZone === undefined) delete process.env.TZ;
        else process.env.TZ = previousZone;
      }
    },
  );

  it("rolls back everything when the transaction fails", async () => {
    const shop = uniqueShop("sql");
    await prisma.shop.create({ data: { domain: shop } });
    const state = order("gid://shopify/Order/1", "gid://shopify/Customer/1");
    await expect(
      inSqlTransaction(async (client) => {
        const tx = sqlOver(client);
        await upsertCustomer(tx, shop, state.customer!);
        await tx.$executeRaw`SELECT 1/0`;
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await prisma.customer.count({ where: { shopDomain: shop } })).toBe(0);
  });
});
