import { Prisma } from "@prisma/client";
import type pg from "pg";

/**
 * What the webhook event path needs of a database connection: raw
 * statements and nothing else. A Prisma client or transaction client is
 * one; so is `sqlOver` a node-postgres connection, which the worker uses
 * for its batches because Prisma's CPU per statement was the largest cost
 * of applying an event (see docs/decisions/0007). Functions taking `Sql`
 * run unchanged on either, in the caller's transaction.
 */
export interface Sql {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
  /** For pg-boss (`fromPrisma`), which queues jobs inside the caller's transaction. */
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/**
 * `Sql` over one node-postgres connection, with results as Prisma's raw
 * queries give them on the pool of `sql-pool.server` (UTC timestamps,
 * Decimal numerics, BigInt int8), so code cannot tell the two apart.
 */
export function sqlOver(client: Pick<pg.ClientBase, "query">): Sql {
  const run = async (text: string, values: unknown[]) => client.query(text, values.map(toParameter));
  const statement = (query: TemplateStringsArray | Prisma.Sql, values: unknown[]) =>
    // A tagged template's strings are an array; a Prisma.sql fragment is not.
    Array.isArray(query) ? Prisma.sql(query as TemplateStringsArray, ...values) : (query as Prisma.Sql);
  return {
    async $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      const sql = statement(query, values);
      return (await run(sql.text, sql.values)).rows as T;
    },
    async $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      const sql = statement(query, values);
      return (await run(sql.text, sql.values)).rowCount ?? 0;
    },
    async $queryRawUnsafe<T>(text: string, ...values: unknown[]) {
      return (await run(text, values)).rows as T;
    },
  };
}

/**
 * Parameters as Prisma sends them: a Date as its UTC instant (node-postgres
 * would format it in the process's time zone, which `timestamp(3)` columns
 * keep as is), a Decimal or BigInt as its digits.
 */
export function toParameter(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint" || Prisma.Decimal.isDecimal(value)) return String(value);
  return value;
}

const TIMESTAMP_OID = 1114;
const NUMERIC_OID = 1700;
const INT8_OID = 20;

/**
 * Result parsers for node-postgres that read values as Prisma does: Prisma
 * stores DateTime as UTC in `timestamp(3)` (no zone), so those are UTC, not
 * the process's local time.
 */
export function prismaCompatibleTypes(types: typeof pg.types): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) => {
      if (format === "binary") return types.getTypeParser(oid, "binary");
      if (oid === TIMESTAMP_OID) return (text: string) => new Date(`${text.replace(" ", "T")}Z`);
      if (oid === NUMERIC_OID) return (text: string) => new Prisma.Decimal(text);
      if (oid === INT8_OID) return (text: string) => BigInt(text);
      return types.getTypeParser(oid, "text");
    }) as pg.CustomTypesConfig["getTypeParser"],
  };
}
