import type { PGlite } from "@electric-sql/pglite";

/**
 * PostgreSQL's autovacuum, for the embedded database. PGlite runs
 * PostgreSQL in single-user mode, which has no background workers: nothing
 * ever vacuumed or analysed its tables. The inbox, pg-boss's jobs and the
 * writes to Shopify are updated row by row, so their dead rows piled up,
 * and the planner kept the estimates of empty tables: after a burst of
 * webhooks, a lookup of an order's waiting writes took 2.5 ms instead of
 * 0.5 ms, and the worker processed a tenth of its usual pace.
 *
 * Every AUTOVACUUM_EVERY_MS this reads the tables' counters (which
 * single-user mode keeps) and vacuums or analyses the tables past
 * PostgreSQL's own default thresholds, one table at a time between
 * clients' sequences, never inside a client's transaction.
 */
export const AUTOVACUUM_EVERY_MS = 15_000;

/** PostgreSQL's defaults: autovacuum_vacuum_*, autovacuum_vacuum_insert_* and autovacuum_analyze_*. */
const TABLES_DUE = `
  SELECT format('%I.%I', schemaname, relname) AS "table",
         n_dead_tup > 50 + 0.2 * n_live_tup OR n_ins_since_vacuum > 1000 + 0.2 * n_live_tup AS "vacuum"
    FROM pg_stat_user_tables
   WHERE n_dead_tup > 50 + 0.2 * n_live_tup
      OR n_ins_since_vacuum > 1000 + 0.2 * n_live_tup
      OR n_mod_since_analyze > 50 + 0.1 * n_live_tup
   ORDER BY n_dead_tup + n_mod_since_analyze DESC`;

/** Runs work on the database's session when no client's transaction is open (PGliteWireServer). */
export type Exclusive = <T>(work: (db: PGlite) => Promise<T>) => Promise<T>;

export interface EmbeddedAutovacuum {
  /** One round now: the statements it ran. */
  runOnce(): Promise<string[]>;
  stop(): Promise<void>;
}

export function startEmbeddedAutovacuum(
  exclusive: Exclusive,
  options: { everyMs?: number } = {},
): EmbeddedAutovacuum {
  let running: Promise<string[]> | null = null;

  async function round(): Promise<string[]> {
    const due = await exclusive((db) => db.query<{ table: string; vacuum: boolean }>(TABLES_DUE));
    const ran: string[] = [];
    for (const { table, vacuum } of due.rows) {
      const statement = vacuum ? `VACUUM (ANALYZE) ${table}` : `ANALYZE ${table}`;
      // Each table on its own turn: clients' statements run between them.
      await exclusive((db) => db.exec(statement));
      ran.push(statement);
    }
    return ran;
  }

  function runOnce(): Promise<string[]> {
    running ??= round().finally(() => {
      running = null;
    });
    return running;
  }

  const timer = setInterval(() => {
    runOnce().catch((error: unknown) => console.error("[db] embedded autovacuum failed:", error));
  }, options.everyMs ?? AUTOVACUUM_EVERY_MS);
  timer.unref();

  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
