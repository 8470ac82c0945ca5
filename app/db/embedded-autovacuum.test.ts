import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type EmbeddedAutovacuum, startEmbeddedAutovacuum } from "./embedded-autovacuum";
import { PGliteWireServer } from "./pglite-wire-server";

let db: PGlite;
let server: PGliteWireServer;
let url: string;
let autovacuum: EmbeddedAutovacuum;

beforeAll(async () => {
  db = await PGlite.create();
  server = new PGliteWireServer(db);
  url = `postgresql://postgres:postgres@127.0.0.1:${await server.listen(0)}/postgres`;
  // Rounds only when the test asks for them.
  autovacuum = startEmbeddedAutovacuum((work) => server.exclusive(work), { everyMs: 3_600_000 });
});

afterAll(async () => {
  await autovacuum.stop();
  await server.close();
  await db.close();
});

const counters = async (client: pg.Client, table: string) =>
  (
    await client.query<{ dead: string; analyzed: Date | null; vacuumed: Date | null }>(
      `SELECT n_dead_tup AS dead, last_analyze AS analyzed, last_vacuum AS vacuumed
         FROM pg_stat_user_tables WHERE relname = $1`,
      [table],
    )
  ).rows[0];

describe("the embedded database's autovacuum", () => {
  it("vacuums and analyses a table past PostgreSQL's thresholds, and leaves it alone after", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("CREATE TABLE jobs (id int PRIMARY KEY, state text NOT NULL)");
    await client.query("INSERT INTO jobs SELECT i, 'created' FROM generate_series(1, 2000) AS i");
    await client.query("UPDATE jobs SET state = 'active' WHERE id <= 1000");
    // Single-user mode still counts: the counters reach the statistics within a second.
    const ran = await vi.waitFor(
      async () => {
        const statements = await autovacuum.runOnce();
        expect(statements).toContain("VACUUM (ANALYZE) public.jobs");
        return statements;
      },
      { timeout: 5_000, interval: 300 },
    );
    expect(ran.length).toBeGreaterThan(0);
    await vi.waitFor(async () => {
      const after = await counters(client, "jobs");
      expect(Number(after.dead)).toBe(0);
      expect(after.analyzed).not.toBeNull();
      expect(after.vacuumed).not.toBeNull();
    });
    expect(await autovacuum.runOnce()).not.toContain("VACUUM (ANALYZE) public.jobs");
    await client.end();
  });

  it("waits for a client's open transaction to end", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("CREATE TABLE notes (id int PRIMARY KEY, body text)");
    await client.query("BEGIN");
    await client.query("INSERT INTO notes SELECT i, 'x' FROM generate_series(1, 500) AS i");
    let done = false;
    const round = autovacuum.runOnce().then(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(done).toBe(false);
    await client.query("COMMIT");
    await round;
    expect(done).toBe(true);
    await client.end();
  });
});
