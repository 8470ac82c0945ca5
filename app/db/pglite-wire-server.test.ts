import { createHash } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGliteWireServer } from "./pglite-wire-server";

/**
 * Many clients on the one PGlite session: extended-protocol queries (what
 * `pg` sends for every parameterised query) must not interleave, and a
 * transaction must not see another client's statements.
 */
const md5 = (text: string) => createHash("md5").update(text).digest("hex");

let db: PGlite;
let server: PGliteWireServer;
let url: string;

beforeAll(async () => {
  db = await PGlite.create();
  server = new PGliteWireServer(db);
  url = `postgresql://postgres:postgres@127.0.0.1:${await server.listen(0)}/postgres`;
  await db.exec(
    "CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES (1, 0);",
  );
});

afterAll(async () => {
  await server.close();
  await db.close();
});

describe("PGlite wire server", () => {
  it("answers a result larger than the socket takes at once intact", async () => {
    // PGlite hands over its output as views of its own memory, which it
    // reuses; a view queued behind a full socket was overwritten before it
    // was sent, and clients read a corrupt stream.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ i: number; text: string }>(
      "SELECT i, repeat(md5(i::text), 32) AS text FROM generate_series(1, 20000) AS i",
    );
    await client.end();
    expect(rows).toHaveLength(20_000);
    const wrong = rows.filter((row, n) => row.i !== n + 1 || row.text !== md5(String(n + 1)).repeat(32));
    expect(wrong).toEqual([]);
  });

  it("runs concurrent parameterised queries from many connections without mixing them up", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 12 });
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        i % 2
          ? pool.query("SELECT $1::int AS a, $2::text AS b, $3::int + $4::int AS c", [i, `v${i}`, i, 1])
          : pool.query("SELECT $1::text AS a", [`only-${i}`]),
      ),
    );
    results.forEach((result, i) => {
      expect(result.rows[0]).toEqual(i % 2 ? { a: i, b: `v${i}`, c: i + 1 } : { a: `only-${i}` });
    });
    await pool.end();
  });

  it("serialises transactions: concurrent read-modify-write transactions lose no update", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          const { rows } = await client.query("SELECT n FROM counter WHERE id = $1", [1]);
          await client.query("UPDATE counter SET n = $1 WHERE id = $2", [rows[0].n + 1, 1]);
          await client.query("COMMIT");
        } finally {
          client.release();
        }
      }),
    );
    expect((await pool.query("SELECT n FROM counter WHERE id = 1")).rows[0].n).toBe(40);
    await pool.end();
  });

  it("rolls back the transaction of a client that disconnects in the middle of it", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("BEGIN");
    await client.query("UPDATE counter SET n = -1 WHERE id = 1");
    client.on("error", () => {}); // the connection we cut
    client.connection.stream.destroy();
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    expect((await other.query("SELECT n FROM counter WHERE id = 1")).rows[0].n).toBe(40);
    await other.end();
  });

  it("answers errors and carries on", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    await expect(pool.query("SELECT * FROM no_such_table WHERE id = $1", [1])).rejects.toThrow(
      /no_such_table/,
    );
    expect((await pool.query("SELECT $1::int AS ok", [7])).rows).toEqual([{ ok: 7 }]);
    await pool.end();
  });
});
