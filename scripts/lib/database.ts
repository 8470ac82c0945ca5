import { spawn } from "node:child_process";
import path from "node:path";
import { startEmbeddedPostgres } from "../../app/db/embedded-postgres.server";

export interface Database {
  url: string;
  embedded: boolean;
  /**
   * The inbox spool's folder (app/webhooks/inbox-spool.server): set only for
   * the process that owns an embedded database's data folder, beside it.
   */
  inboxSpoolDir: string | null;
  stop(): Promise<void>;
}

export const DEFAULT_EMBEDDED_DIR = path.join(".data", "postgres");

/**
 * The database the app and its tools use: the server named by DATABASE_URL,
 * or else the embedded PostgreSQL in `.data/postgres` (refused in production,
 * where it would run without fsync on a single session).
 */
export async function openDatabase(
  env: NodeJS.ProcessEnv = process.env,
  options: { dataDir?: string; inMemory?: boolean } = {},
): Promise<Database> {
  if (env.DATABASE_URL)
    return { url: env.DATABASE_URL, embedded: false, inboxSpoolDir: null, stop: async () => {} };
  if (env.NODE_ENV === "production") {
    throw new Error(
      "DATABASE_URL is required when NODE_ENV=production: the embedded database runs without fsync on one session and is for development only.",
    );
  }
  const dataDir = options.inMemory
    ? undefined
    : (options.dataDir ?? env.EMBEDDED_DATABASE_DIR ?? DEFAULT_EMBEDDED_DIR);
  const embedded = await startEmbeddedPostgres({ dataDir });
  return {
    url: embedded.url,
    embedded: true,
    inboxSpoolDir: dataDir && embedded.owner ? `${path.resolve(dataDir)}.inbox-spool` : null,
    stop: embedded.stop,
  };
}

/** Environment for a child process that should use this database. */
export function databaseEnv(db: Pick<Database, "url" | "embedded">): Record<string, string> {
  return { DATABASE_URL: db.url, COUNTERDESK_EMBEDDED_DATABASE: db.embedded ? "1" : "0" };
}

/**
 * Runs Prisma's CLI against the database. Asynchronous on purpose: when the
 * embedded database lives in this process, blocking would stop it serving.
 */
export function runPrisma(
  db: Pick<Database, "url" | "embedded">,
  args: string[],
  options: { quiet?: boolean } = {},
): Promise<void> {
  const preload = path.resolve("prisma", "cli-preload.cjs");
  return runCommand("prisma", args, {
    env: {
      ...databaseEnv(db),
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${preload}`.trim(),
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
    quiet: options.quiet,
  });
}

export function migrate(
  db: Pick<Database, "url" | "embedded">,
  options: { quiet?: boolean } = {},
): Promise<void> {
  return runPrisma(db, ["migrate", "deploy"], options);
}

export function runCommand(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; quiet?: boolean } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const output: Buffer[] = [];
    const child = spawn(command, args, {
      env: { ...process.env, ...options.env },
      stdio: options.quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    child.stdout?.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) return resolve();
      const detail = options.quiet ? `\n${Buffer.concat(output).toString()}` : "";
      reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})${detail}`));
    });
  });
}
