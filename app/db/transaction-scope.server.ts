import { Prisma } from "@prisma/client";
import { executeLater } from "./batched-sql.server";
import type { Sql } from "./sql.server";

/**
 * What one transaction has already done, so that events applied together in
 * it (the webhook worker's batches) pay once for what each would otherwise
 * repeat: advisory locks, the shop row, the shop's rules and settings.
 * Keyed by the transaction client, which lives exactly as long as the
 * transaction; a transaction nothing was recorded for behaves as before.
 */
interface Scope {
  locks: Set<string>;
  once: Map<string, Promise<unknown>>;
}

const scopes = new WeakMap<object, Scope>();

/** `Sql` objects whose statements each commit on their own (poolSql). */
const autocommit = new WeakSet<Sql>();

/** Registers an `Sql` that is not a transaction, however it looks. */
export function notATransaction<T extends Sql>(sql: T): T {
  autocommit.add(sql);
  return sql;
}

function scopeOf(tx: Sql): Scope {
  // The process-wide clients (Prisma's has $transaction; a transaction's
  // client does not) are no transaction: what they did is not remembered,
  // or a shop's settings would be read once for the life of the process.
  if ("$transaction" in tx || autocommit.has(tx)) return { locks: new Set(), once: new Map() };
  let scope = scopes.get(tx);
  if (!scope) {
    scope = { locks: new Set(), once: new Map() };
    scopes.set(tx, scope);
  }
  return scope;
}

/**
 * Takes the transaction-level advisory locks `hashtext(key)` that this
 * transaction does not hold yet, in one statement and in ascending lock id
 * order: two transactions locking overlapping sets then always queue in the
 * same order and cannot deadlock on them. The same locks as
 * `pg_advisory_xact_lock(hashtext(key))` taken anywhere else.
 */
export async function lockKeys(tx: Sql, keys: string[]): Promise<void> {
  const scope = scopeOf(tx);
  const wanted = [...new Set(keys)].filter((key) => !scope.locks.has(key));
  if (wanted.length === 0) return;
  // Held on a batch's connection: the lock is still taken before any later statement runs.
  await executeLater(
    tx,
    Prisma.sql`
      SELECT pg_advisory_xact_lock(id)
      FROM (SELECT DISTINCT hashtext(key) AS id FROM unnest(${wanted}::text[]) AS key ORDER BY 1) AS ordered`,
  );
  for (const key of wanted) scope.locks.add(key);
}

/**
 * Runs `work` once per transaction and key; later calls get the first
 * call's promise. For reads that cannot change meaningfully while the
 * transaction runs (a shop's rules) and writes that need doing once.
 */
export function oncePerTransaction<T>(tx: Sql, key: string, work: () => Promise<T>): Promise<T> {
  const { once } = scopeOf(tx);
  let result = once.get(key) as Promise<T> | undefined;
  if (!result) {
    result = work();
    once.set(key, result);
  }
  return result;
}

/** The advisory lock that serialises work on one order of a shop. */
export function orderLockKey(shop: string, orderGid: string): string {
  return `${shop} ${orderGid}`;
}

/** The advisory lock that serialises writes to one customer of a shop. */
export function customerLockKey(shop: string, customerGid: string): string {
  return `${shop} ${customerGid}`;
}
