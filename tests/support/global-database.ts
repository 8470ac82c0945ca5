import pg from "pg";
import type { TestProject } from "vitest/node";
import { type Database, migrate, openDatabase } from "../../scripts/lib/database";

/**
 * One migrated database for the whole run: a fresh in-memory embedded
 * PostgreSQL by default, or, when DATABASE_URL names a server, a new database
 * created on that server and dropped afterwards (so runs never share state).
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  let db: Database;
  let drop: (() => Promise<void>) | undefined;
  if (serverUrl) {
    const name = `counterdesk_test_${process.pid}_${Date.now()}`;
    await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    db = { url: url.toString(), embedded: false, inboxSpoolDir: null, stop: async () => {} };
    drop = () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  } else {
    db = await openDatabase({ ...process.env, DATABASE_URL: "" }, { inMemory: true });
  }
  await migrate(db, { quiet: true });
  project.provide("databaseUrl", db.url);
  project.provide("embeddedDatabase", db.embedded);
  return async () => {
    await db.stop();
    await drop?.();
  };
}

async function withClient(url: string, fn: (client: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    embeddedDatabase: boolean;
  }
}
