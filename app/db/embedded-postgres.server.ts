import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { startSupervisedThread } from "~/lib/supervised-thread.server";

/**
 * The zero-setup database: PGlite (PostgreSQL compiled to WebAssembly) served
 * over the Postgres wire protocol (pglite-wire-server.ts), so the app, the
 * worker, the CLI and Prisma's own CLI all connect with `pg` exactly as they
 * would to a PostgreSQL server.
 *
 * PGlite does not lock its data folder and two processes on one folder lose
 * writes, so one process owns the folder (a lock file holding its pid and
 * port); any other process that asks for the same folder connects to the
 * owner's socket instead of opening the files.
 */
export interface EmbeddedPostgres {
  /** postgresql:// URL of the socket server. */
  url: string;
  /** False when another live process owns the folder and we only connect. */
  owner: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Data folder; omit for an in-memory database (tests). */
  dataDir?: string;
  port?: number;
}

interface LockContents {
  pid: number;
  port: number | null;
}

export function embeddedUrl(port: number): string {
  return `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const { dataDir, port = 0 } = options;
  let lockPath: string | null = null;
  if (dataDir) {
    fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
    lockPath = `${path.resolve(dataDir)}.lock`;
    const existing = await takeLockOrFindOwner(lockPath);
    if (existing) return { url: embeddedUrl(existing), owner: false, stop: async () => {} };
  }

  try {
    const thread = await startDatabaseThread(dataDir, port);
    if (lockPath) writeLock(lockPath, { pid: process.pid, port: thread.port });
    let stopped = false;
    return {
      url: embeddedUrl(thread.port),
      owner: true,
      async stop() {
        if (stopped) return;
        stopped = true;
        await thread.stop();
        if (lockPath) releaseLock(lockPath);
      },
    };
  } catch (error) {
    if (lockPath) releaseLock(lockPath);
    throw error;
  }
}

/**
 * Starts PGlite and its wire server on their own thread
 * (embedded-postgres.thread.ts). PGlite runs PostgreSQL on the thread that
 * calls it; on the process's main thread every query took turns with web
 * requests and the worker, so one core did everything while the other
 * idled. If the thread dies, the database is gone: the process exits rather
 * than serve without it.
 */
async function startDatabaseThread(dataDir: string | undefined, port: number) {
  const { ready, stop } = await startSupervisedThread<{ port: number }>(
    new URL("./embedded-postgres.thread.ts", import.meta.url),
    { name: "db", stopGraceMs: 10_000, workerData: { dataDir, port } },
  );
  return { port: ready.port, stop };
}

/** Returns the owner's port when another live process holds the folder. */
async function takeLockOrFindOwner(lockPath: string): Promise<number | null> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, port: null } satisfies LockContents));
      fs.closeSync(fd);
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const lock = readLock(lockPath);
    if (!lock || !isAlive(lock.pid)) {
      // A crashed owner leaves its lock behind; take it over.
      fs.rmSync(lockPath, { force: true });
      continue;
    }
    if (lock.port !== null && (await isListening(lock.port))) return lock.port;
    // The owner is still starting up; give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `The embedded database lock ${lockPath} is held by a process that never started serving. ` +
      "Stop that process or delete the lock file.",
  );
}

function readLock(lockPath: string): LockContents | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockContents;
  } catch {
    return null;
  }
}

function writeLock(lockPath: string, contents: LockContents) {
  fs.writeFileSync(lockPath, JSON.stringify(contents));
}

function releaseLock(lockPath: string) {
  const lock = readLock(lockPath);
  if (lock?.pid === process.pid) fs.rmSync(lockPath, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
