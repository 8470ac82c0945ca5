import { describe, expect, it } from "vitest";

/**
 * Per-transaction memory, against the real database: inside one transaction
 * work keyed alike runs once and locks are taken once; outside any
 * transaction nothing is remembered.
 */
describe("transaction scope", () => {
  it("runs keyed work once per transaction, and again in the next one", async () => {
    const prisma = (await import("~/db.server")).default;
    const { oncePerTransaction } = await import("./transaction-scope.server");
    let runs = 0;
    const work = async () => ++runs;
    await prisma.$transaction(async (tx) => {
      expect(await oncePerTransaction(tx, "k", work)).toBe(1);
      expect(await oncePerTransaction(tx, "k", work)).toBe(1);
      expect(await oncePerTransaction(tx, "other", work)).toBe(2);
    });
    await prisma.$transaction(async (tx) => {
      expect(await oncePerTransaction(tx, "k", work)).toBe(3);
    });
    // The process-wide client is no transaction: nothing is kept.
    expect(await oncePerTransaction(prisma, "k", work)).toBe(4);
    expect(await oncePerTransaction(prisma, "k", work)).toBe(5);
    // Nor is the pool's autocommit Sql, though it looks like a transaction's.
    const { poolSql } = await import("./sql-pool.server");
    expect(await oncePerTransaction(poolSql(), "k", work)).toBe(6);
    expect(await oncePerTransaction(poolSql(), "k", work)).toBe(7);
  });

  it("takes advisory locks that another transaction then waits for", async () => {
    const prisma = (await import("~/db.server")).default;
    const { lockKeys } = await import("./transaction-scope.server");
    const key = `scope-test ${crypto.randomUUID()}`;
    const held = await prisma.$transaction(async (tx) => {
      await lockKeys(tx, [key, key, "another key"]);
      await lockKeys(tx, [key]);
      const [row] = await tx.$queryRaw<{ held: boolean }[]>`
        SELECT EXISTS (
          SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
            AND objid = (hashtext(${key})::bigint & 4294967295)::oid
        ) AS "held"`;
      return row.held;
    });
    expect(held).toBe(true);
  });
});
