import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres.server";

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  const started: EmbeddedPostgres[] = [];
  afterEach(async () => {
    for (const db of started.splice(0).reverse()) await db.stop();
  });

  function tempDir() {
    return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "embedded-pg-")), "data");
  }

  it("serves PostgreSQL over the wire protocol and keeps data across restarts", async () => {
    const dataDir = tempDir();
    const first = await startEmbeddedPostgres({ dataDir });
    await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir });
    started.push(second);
    expect(await query(second.url, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
  });

  it("lets one process own the data folder; a second opener connects to the owner", async () => {
    const dataDir = tempDir();
    const owner = await startEmbeddedPostgres({ dataDir });
    started.push(owner);
    const lock = JSON.parse(fs.readFileSync(`${dataDir}.lock`, "utf8"));
    expect(lock.pid).toBe(process.pid);

    const second = await startEmbeddedPostgres({ dataDir });
    expect(second.owner).toBe(false);
    expect(second.url).toBe(owner.url);
    await query(second.url, "CREATE TABLE shared_t (v int)");
    expect(await query(owner.url, "SELECT count(*)::int AS n FROM shared_t")).toEqual([{ n: 0 }]);
  });

  it("takes over a lock left by a process that died", async () => {
    const dataDir = tempDir();
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    fs.writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, port: 1 }));
    const db = await startEmbeddedPostgres({ dataDir });
    started.push(db);
    expect(db.owner).toBe(true);
    expect(JSON.parse(fs.readFileSync(`${dataDir}.lock`, "utf8")).pid).toBe(process.pid);
  });

  it("releases the lock when stopped", async () => {
    const dataDir = tempDir();
    const db = await startEmbeddedPostgres({ dataDir });
    await db.stop();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  });
});
