import { createRequire } from "node:module";
import { Prisma } from "@prisma/client";
import type pg from "pg";
import { type Sql, sqlOver, toParameter } from "./sql.server";

/**
 * Writes that travel together. In the webhook worker's batches most
 * statements are writes whose results the code does not need (a snapshot
 * it has just decided to save, a system message, a lock), and each one
 * cost a round trip: under load the worker spent more time waiting for
 * those than working. `executeLater` hands such a write to the batch's
 * connection, which sends it with the next statement that needs an answer,
 * as one simple-protocol message: statements still run one after another,
 * in the order the code issued them, in the same transaction.
 *
 * On any other `Sql` (a Prisma transaction, `sqlOver`) the write runs at
 * once, so code using `executeLater` behaves the same everywhere.
 *
 * A failing held write fails the statement it travels with, which fails the
 * batch: the worker rolls it back and applies its events one by one.
 */
export function executeLater(tx: Sql, query: Prisma.Sql): Promise<void> {
  const hold = holders.get(tx);
  if (hold) {
    hold(query);
    return Promise.resolve();
  }
  return tx.$executeRaw(query).then(() => undefined);
}

const holders = new WeakMap<Sql, (query: Prisma.Sql) => void>();

export interface BatchedSql extends Sql {
  /** Sends the held writes now (before COMMIT). */
  flush(): Promise<void>;
  /** Round trips made, and statements sent, since the connection was wrapped. */
  readonly stats: { roundTrips: number; statements: number };
}

/** `Sql` over one connection in a transaction, holding `executeLater` writes. */
export function batchedSqlOver(client: pg.ClientBase): BatchedSql {
  const direct = sqlOver(client);
  let held: string[] = [];
  const stats = { roundTrips: 0, statements: 0 };

  /** Sends the held writes followed by `last` as one message; returns last's result. */
  async function sendWithHeld(last: string | null): Promise<pg.QueryResult | null> {
    const statements = last === null ? held : [...held, last];
    held = [];
    if (statements.length === 0) return null;
    stats.roundTrips += 1;
    stats.statements += statements.length;
    const results = (await client.query(statements.join(";\n"))) as unknown as
      | pg.QueryResult
      | pg.QueryResult[];
    return Array.isArray(results) ? results[results.length - 1] : results;
  }

  const statement = (query: TemplateStringsArray | Prisma.Sql, values: unknown[]) =>
    Array.isArray(query) ? Prisma.sql(query as TemplateStringsArray, ...values) : (query as Prisma.Sql);

  const sql: BatchedSql = {
    async $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      const built = statement(query, values);
      if (held.length === 0) {
        stats.roundTrips += 1;
        stats.statements += 1;
        return direct.$queryRaw<T>(built);
      }
      return (await sendWithHeld(inlined(built)))!.rows as T;
    },
    async $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      const built = statement(query, values);
      if (held.length === 0) {
        stats.roundTrips += 1;
        stats.statements += 1;
        return direct.$executeRaw(built);
      }
      return (await sendWithHeld(inlined(built)))!.rowCount ?? 0;
    },
    async $queryRawUnsafe<T>(text: string, ...values: unknown[]) {
      // pg-boss's own statements keep their parameters: send what is held first.
      await sendWithHeld(null);
      stats.roundTrips += 1;
      stats.statements += 1;
      return direct.$queryRawUnsafe<T>(text, ...values);
    },
    async flush() {
      await sendWithHeld(null);
    },
    stats,
  };
  holders.set(sql, (query) => held.push(inlined(query)));
  return sql;
}

/**
 * A statement with its parameters written in as literals, for the simple
 * protocol (which takes no parameters). The values are converted exactly
 * as they are for a parameter (`toParameter`, then node-postgres's own
 * `prepareValue`), so the server receives the same text either way.
 */
export function inlined(query: Prisma.Sql): string {
  const { strings, values } = query;
  let text = strings[0];
  for (let i = 0; i < values.length; i++) text += literal(values[i]) + strings[i + 1];
  return text;
}

function literal(value: unknown): string {
  const prepared = prepareValue(toParameter(value));
  if (prepared === null || prepared === undefined) return "NULL";
  if (typeof prepared !== "string") throw new Error("A held write cannot carry binary parameters");
  // E'' with doubled backslashes reads the same whatever standard_conforming_strings says.
  return prepared.includes("\\")
    ? `E'${prepared.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`
    : `'${prepared.replaceAll("'", "''")}'`;
}

// node-postgres's conversion of a parameter value to its text form.
const { prepareValue } = createRequire(import.meta.url)("pg/lib/utils.js") as {
  prepareValue(value: unknown): string | Buffer | null;
};
