import { Prisma } from "@prisma/client";
import { afterAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { uniqueShop } from "../../tests/support/shopify-requests";
import { batchedSqlOver, executeLater, inlined } from "./batched-sql.server";
import { closeSqlPool, inSqlTransaction } from "./sql-pool.server";

afterAll(async () => {
  await closeSqlPool();
});

const shopRow = (shop: string) =>
  Prisma.sql`INSERT INTO "Shop" ("id", "domain", "updatedAt") VALUES (${`shop_${shop}`}, ${shop}, now() AT TIME ZONE 'UTC')`;

describe("held writes on a batch's connection", () => {
  it("sends held writes with the next statement, in order, in one round trip", async () => {
    const shop = uniqueShop("held");
    const { seen, stats } = await inSqlTransaction(async (client) => {
      const tx = batchedSqlOver(client);
      await executeLater(tx, shopRow(shop));
      await executeLater(tx, Prisma.sql`UPDATE "Shop" SET "lastTicketNumber" = 41 WHERE "domain" = ${shop}`);
      await executeLater(
        tx,
        Prisma.sql`UPDATE "Shop" SET "lastTicketNumber" = "lastTicketNumber" + 1 WHERE "domain" = ${shop}`,
      );
      // Nothing has been sent yet: the writes wait for a statement that needs an answer.
      expect(tx.stats.roundTrips).toBe(0);
      const seen = await tx.$queryRaw<
        { n: number }[]
      >`SELECT "lastTicketNumber" AS n FROM "Shop" WHERE "domain" = ${shop}`;
      return { seen, stats: { ...tx.stats } };
    });
    expect(seen).toEqual([{ n: 42 }]);
    expect(stats).toEqual({ roundTrips: 1, statements: 4 });
    expect(await prisma.shop.count({ where: { domain: shop } })).toBe(1);
  });

  it("fails the statement a failing held write travels with, and the transaction keeps nothing", async () => {
    const shop = uniqueShop("held");
    await expect(
      inSqlTransaction(async (client) => {
        const tx = batchedSqlOver(client);
        await executeLater(tx, shopRow(shop));
        await executeLater(tx, shopRow(shop)); // the same domain twice: a unique violation
        await tx.$queryRaw`SELECT 1`;
      }),
    ).rejects.toThrow(/unique constraint/);
    expect(await prisma.shop.count({ where: { domain: shop } })).toBe(0);
  });

  it("sends what is held on flush, and runs pg-boss style parameterised statements after it", async () => {
    const shop = uniqueShop("held");
    await inSqlTransaction(async (client) => {
      const tx = batchedSqlOver(client);
      await executeLater(tx, shopRow(shop));
      const [row] = await tx.$queryRawUnsafe<{ domain: string }[]>(
        `SELECT "domain" FROM "Shop" WHERE "domain" = $1`,
        shop,
      );
      expect(row.domain).toBe(shop);
      await executeLater(tx, Prisma.sql`UPDATE "Shop" SET "lastTicketNumber" = 7 WHERE "domain" = ${shop}`);
      await tx.flush();
      expect(tx.stats.roundTrips).toBe(3);
    });
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).lastTicketNumber).toBe(7);
  });

  it("runs held writes at once on a Prisma transaction", async () => {
    const shop = uniqueShop("held");
    await prisma.$transaction(async (tx) => {
      await executeLater(tx, shopRow(shop));
      expect(await tx.shop.count({ where: { domain: shop } })).toBe(1);
    });
  });

  it("writes values in as node-postgres would send them", () => {
    const when = new Date("2026-11-27T12:00:00.123Z");
    const text = inlined(
      Prisma.sql`SELECT ${"it's"}, ${"back\\slash"}, ${null}, ${3}, ${true}, ${when}, ${["a", 'b "c"']}, ${new Prisma.Decimal("1.50")}, ${10n}`,
    );
    expect(text).toBe(
      `SELECT 'it''s', E'back\\\\slash', NULL, '3', 'true', '2026-11-27T12:00:00.123Z', E'{"a","b \\\\"c\\\\""}', '1.5', '10'`,
    );
  });
});
