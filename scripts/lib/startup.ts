import { ConfigError, parseConfig } from "../../app/config.server";
import { type Database, migrate, openDatabase } from "./database";

/**
 * Shared start-up of the app's processes: validate configuration before
 * anything else, then provide the database (the embedded one unless
 * DATABASE_URL is set). The embedded database is migrated on start so it
 * needs no setup; a server is migrated explicitly (`npm run db:migrate`) as a
 * deploy step, never as a side effect of starting a process.
 */
export async function prepareProcess(options: { shopifyConfig?: boolean } = {}): Promise<Database> {
  if (options.shopifyConfig !== false) validateConfigOrExit();
  const db = await openDatabase();
  process.env.DATABASE_URL = db.url;
  if (db.embedded) await migrate(db, { quiet: true });
  return db;
}

/** Stops the process with a readable list of configuration problems. */
export function validateConfigOrExit(): void {
  try {
    parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** Runs `stop` once on SIGINT/SIGTERM, then exits. */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await stop();
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}
