/**
 * The driver adapter Prisma's own CLI (migrate deploy/diff/status, db execute)
 * uses. Prisma's WebAssembly schema engine talks through @prisma/adapter-pg,
 * which needs four corrections to run migrations on both the embedded
 * database and a PostgreSQL server. The app's runtime client does not use
 * this file.
 */
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PGliteWireServer } from "../app/db/pglite-wire-server";

// Catalog columns of PostgreSQL's internal `char` (18) and `name` (19) types,
// and their arrays, fail to deserialize in adapter-pg; they are text to us.
const TEXT = 25;
const TEXT_ARRAY = 1009;
const CATALOG_OID_AS_TEXT: Record<number, number> = {
  18: TEXT,
  19: TEXT,
  1002: TEXT_ARRAY,
  1003: TEXT_ARRAY,
};

// PostgreSQL 18 keeps NOT NULL constraints in pg_constraint; the 6.19 schema
// engine's constraint query then sees rows it cannot handle and panics.
const CONSTRAINT_FILTER = "contype NOT IN ('p', 'u', 'f')";
const CONSTRAINT_FILTER_FIXED = "contype IN ('c', 'x')";

interface QueryResultLike {
  fields: { dataTypeID: number }[];
}
interface Queryable {
  performIO(query: { sql: string }): Promise<QueryResultLike>;
  client: { query(sql: string): Promise<unknown> };
  executeScript?(script: string): Promise<void>;
  startTransaction?(isolation?: string): Promise<Queryable>;
}

function patchQueryable<T>(target: T): T {
  const q = target as unknown as Queryable;
  const performIO = q.performIO.bind(q);
  q.performIO = async (query) => {
    const sql = query.sql.includes(CONSTRAINT_FILTER)
      ? query.sql.replaceAll(CONSTRAINT_FILTER, CONSTRAINT_FILTER_FIXED)
      : query.sql;
    const result = await performIO({ ...query, sql });
    for (const field of result?.fields ?? []) {
      field.dataTypeID = CATALOG_OID_AS_TEXT[field.dataTypeID] ?? field.dataTypeID;
    }
    return result;
  };
  if (q.executeScript) {
    // adapter-pg splits scripts on every ";" (breaking function bodies and
    // comments, and leaving a failed migration half applied); send the whole
    // script as one implicit transaction instead.
    q.executeScript = async (script: string) => {
      await q.client.query(script);
    };
  }
  if (q.startTransaction) {
    const start = q.startTransaction.bind(q);
    q.startTransaction = async (isolation) => patchQueryable(await start(isolation));
  }
  return target;
}

type Factory = InstanceType<typeof PrismaPg>;

function patchFactory(factory: Factory, shadow: () => Promise<unknown>): Factory {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => patchQueryable(await connect());
  // adapter-pg's own shadow database cannot be created on the embedded
  // database and misuses its pool on a server; provide our own.
  (factory as unknown as { connectToShadowDb: () => Promise<unknown> }).connectToShadowDb = shadow;
  return factory;
}

function pool(connectionString: string): pg.Pool {
  // allowExitOnIdle lets the CLI exit as soon as it is done.
  const p = new pg.Pool({ connectionString, max: 2, allowExitOnIdle: true });
  // Connections to a shadow database die when it is dropped; that is expected.
  p.on("error", () => {});
  return p;
}

export function createCliAdapter(connectionString: string, embedded: boolean): Factory {
  return patchFactory(new PrismaPg(pool(connectionString), { disposeExternalPool: true }), async () =>
    embedded ? inMemoryShadow() : serverShadow(connectionString),
  );
}

async function inMemoryShadow() {
  const db = await PGlite.create();
  const server = new PGliteWireServer(db);
  const url = `postgresql://postgres:postgres@127.0.0.1:${await server.listen(0)}/postgres?sslmode=disable`;
  const adapter = (await createCliAdapter(url, true).connect()) as unknown as { dispose(): Promise<void> };
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    await server.close();
    await db.close();
  };
  return adapter;
}

async function serverShadow(connectionString: string) {
  const name = `prisma_shadow_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(connectionString);
  url.pathname = `/${name}`;
  const adapter = (await createCliAdapter(url.toString(), false).connect()) as unknown as {
    dispose(): Promise<void>;
  };
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    // Drop only after the adapter's pool is closed, or the drop waits on it.
    await dispose();
    const dropper = new pg.Client({ connectionString });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS "${name}"`);
    await dropper.end();
  };
  return adapter;
}
