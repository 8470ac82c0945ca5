import pg from "pg";
import { databaseUrl } from "~/config.server";
import { prismaCompatibleTypes, type Sql, sqlOver } from "./sql.server";
import { notATransaction } from "./transaction-scope.server";

/**
 * A plain node-postgres pool for the paths where Prisma's per-statement
 * cost shows: storing webhook deliveries in groups, and applying the
 * worker's batches of events (through `sqlOver`). Everything else goes
 * through Prisma (`~/db.server`).
 */
let pool: pg.Pool | undefined;

export function sqlPool(): pg.Pool {
  if (!pool) {
    const url = databaseUrl();
    if (!url) throw new Error("DATABASE_URL is not set: the database has not been started.");
    // Idle connections must not keep a CLI or test process alive.
    pool = new pg.Pool({
      connectionString: url,
      max: 4,
      allowExitOnIdle: true,
      types: prismaCompatibleTypes(pg.types),
    });
    pool.on("error", (error) => console.error("[db] idle connection failed:", error.message));
  }
  return pool;
}

/**
 * `Sql` over the pool, each statement committing on its own: for the
 * worker's frequent single statements outside transactions (the writes to
 * Shopify's bookkeeping), which cost several times as much through Prisma.
 */
export function poolSql(): Sql {
  poolSqlInstance ??= notATransaction(sqlOver(sqlPool()));
  return poolSqlInstance;
}

let poolSqlInstance: Sql | undefined;

/** Runs `work` in one transaction on one connection of the pool. */
export async function inSqlTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await sqlPool().connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    // A connection that cannot even roll back is dropped, not reused.
    await client.query("ROLLBACK").catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

export async function closeSqlPool(): Promise<void> {
  const current = pool;
  pool = undefined;
  poolSqlInstance = undefined;
  await current?.end();
}
