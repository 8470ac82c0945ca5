/**
 * Starting and stopping what the bench measures, the way the README runs it:
 * `tsx scripts/serve.ts` (what `npm start` runs) against the built app, plus
 * `tsx scripts/worker.ts` on a PostgreSQL server; on the embedded database
 * serve runs the worker itself. Or the bare route (bare-server.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { embeddedUrl } from "../../app/db/embedded-postgres.server";
import { migrate } from "../../scripts/lib/database";
import { installOnShop, waitForHttp } from "../../scripts/lib/demo-install";
import type { Simulator } from "../../simulator/server";

export type TargetName = "server" | "embedded" | "bare";

export const BENCH_DIR = path.resolve(".data", "bench");
export const SHOP = "demo-store.myshopify.com";
export const API_KEY = "counterdesk-demo-key";
export const API_SECRET = "counterdesk-demo-secret";

export interface RunningTarget {
  name: TargetName;
  origin: string;
  /** Query access to the app's database (null for the bare route). */
  db: pg.Client | null;
  /** Process-group ids of the processes started for this target. */
  groups: number[];
  /** The worker's own process group, when it runs apart from serve (server target). */
  workerGroup?: number;
  /** The inbox spool serve keeps beside the embedded database's data folder (embedded target). */
  spoolDir?: string;
  /** Set when one of the processes exits while it should be running. */
  crashed(): string | null;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Process groups started and not yet seen to exit, for stopping them if the bench itself is stopped. */
const liveGroups = new Set<number>();

/** Sends SIGTERM to every process group the bench started (synchronous: usable in exit handlers). */
export function signalStartedProcesses(signal: NodeJS.Signals = "SIGTERM"): void {
  for (const group of liveGroups) {
    try {
      process.kill(-group, signal);
      process.kill(-group, "SIGCONT");
    } catch {
      // already gone
    }
  }
}

interface Child {
  name: string;
  process: ChildProcess;
  log: string;
}

function startChild(
  target: TargetName,
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  profileDir: string | null,
): Child {
  fs.mkdirSync(path.join(BENCH_DIR, "logs"), { recursive: true });
  const log = path.join(BENCH_DIR, "logs", `${target}-${name}.log`);
  const out = fs.openSync(log, "w");
  const nodeOptions = profileDir
    ? `${env.NODE_OPTIONS ?? ""} --cpu-prof --cpu-prof-dir=${path.join(profileDir, `${target}-${name}`)}`.trim()
    : env.NODE_OPTIONS;
  // Own process group, so stopping it stops tsx and the node process it runs.
  const child = spawn("tsx", [script], {
    env: { ...env, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
    stdio: ["ignore", out, out],
    detached: true,
  });
  fs.closeSync(out);
  if (child.pid) {
    const group = child.pid;
    liveGroups.add(group);
    child.once("exit", () => liveGroups.delete(group));
  }
  return { name, process: child, log };
}

/** Members of a process group, from /proc. */
function groupMembers(group: number): number[] {
  const members: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === group) members.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

/**
 * Stops a tsx-started process the way Ctrl-C would reach the program: SIGTERM
 * to the program's own node process (tsx's CLI, the group leader, follows it
 * out; signalling tsx instead makes it SIGKILL a program that does not
 * acknowledge within 60 ms, which a busy server may not, and a killed process
 * writes no CPU profile). SIGKILL to the whole group after 30 s.
 */
function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve();
    const group = child.pid;
    const timer = setTimeout(() => {
      try {
        process.kill(-group, "SIGKILL");
      } catch {
        // already gone
      }
    }, 30_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    const programs = groupMembers(group).filter((pid) => pid !== group);
    try {
      if (programs.length === 0) process.kill(-group, "SIGTERM");
      for (const pid of programs) process.kill(pid, "SIGTERM");
      // A group stopped by --pause-worker holds the signal until it runs again.
      process.kill(-group, "SIGCONT");
    } catch {
      // already gone
    }
  });
}

function tail(file: string, lines = 25): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

function watch(children: Child[]): { crashed(): string | null; stopping(): void } {
  let stopping = false;
  let crash: string | null = null;
  for (const child of children) {
    child.process.on("exit", (code, signal) => {
      if (stopping || crash) return;
      crash = `${child.name} exited (${signal ?? `exit ${code}`}); last lines of ${path.relative(process.cwd(), child.log)}:\n${tail(child.log)}`;
    });
  }
  return {
    crashed: () => crash,
    stopping: () => {
      stopping = true;
    },
  };
}

async function waitUntilUp(url: string, guard: { crashed(): string | null }) {
  const up = waitForHttp(url, 120_000);
  const crashed = new Promise<never>((_, reject) => {
    const timer = setInterval(() => {
      const crash = guard.crashed();
      if (crash) {
        clearInterval(timer);
        reject(new Error(crash));
      }
    }, 200);
    void up.finally(() => clearInterval(timer));
  });
  await Promise.race([up, crashed]);
}

function appEnv(port: number, simulatorUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.COUNTERDESK_EMBEDDED_DATABASE;
  delete env.EMBEDDED_DATABASE_DIR;
  return {
    ...env,
    // As the demo runs it: production refuses the simulator's Admin API origin.
    NODE_ENV: "development",
    PORT: String(port),
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
    SHOPIFY_ADMIN_API_ORIGIN: simulatorUrl,
  };
}

export interface AppOptions {
  port: number;
  simulator: Simulator;
  serverUrl: string;
  benchDatabase: string;
  profileDir: string | null;
  log: (line: string) => void;
}

/** The app on the PostgreSQL server: a fresh database, migrated as a deploy would, then serve + worker. */
export async function startOnServer(options: AppOptions): Promise<RunningTarget> {
  const admin = new pg.Client({ connectionString: options.serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${options.benchDatabase}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${options.benchDatabase}"`);
  await admin.end();
  const url = new URL(options.serverUrl);
  url.pathname = `/${options.benchDatabase}`;
  const databaseUrl = url.toString();
  options.log(`migrating ${options.benchDatabase}…`);
  await migrate({ url: databaseUrl, embedded: false }, { quiet: true });

  const env = { ...appEnv(options.port, options.simulator.url), DATABASE_URL: databaseUrl };
  const children = [
    startChild("server", "serve", "scripts/serve.ts", env, options.profileDir),
    startChild("server", "worker", "scripts/worker.ts", env, options.profileDir),
  ];
  const guard = watch(children);
  const origin = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    guard.stopping();
    await Promise.all(children.map((c) => stopChild(c.process)));
    await db.end().catch(() => {});
    const drop = new pg.Client({ connectionString: options.serverUrl });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS "${options.benchDatabase}" WITH (FORCE)`);
    await drop.end();
  };
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    await waitUntilUp(`${origin}/`, guard);
    await db.connect();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name: "server",
    origin,
    db,
    groups: children.map((c) => c.process.pid!),
    workerGroup: children[1].process.pid!,
    crashed: guard.crashed,
    stop,
  };
}

/** The app on the embedded database: serve alone (it starts PGlite, migrates and runs the worker). */
export async function startEmbedded(options: AppOptions): Promise<RunningTarget> {
  const dataDir = path.join(BENCH_DIR, `embedded-${process.pid}`);
  const lock = `${path.resolve(dataDir)}.lock`;
  // serve keeps its inbox spool beside the data folder it owns.
  const spool = `${path.resolve(dataDir)}.inbox-spool`;
  const removeData = () => {
    for (const dir of [dataDir, spool]) fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(lock, { force: true });
  };
  removeData();
  const env = { ...appEnv(options.port, options.simulator.url), EMBEDDED_DATABASE_DIR: dataDir };
  const children = [startChild("embedded", "serve", "scripts/serve.ts", env, options.profileDir)];
  const guard = watch(children);
  const origin = `http://127.0.0.1:${options.port}`;
  let db: pg.Client | null = null;
  const stop = async () => {
    guard.stopping();
    await db?.end().catch(() => {});
    await Promise.all(children.map((c) => stopChild(c.process)));
    removeData();
  };
  try {
    await waitUntilUp(`${origin}/`, guard);
    // serve owns the data folder; its lock file names the socket port.
    const { port } = JSON.parse(fs.readFileSync(lock, "utf8")) as { port: number };
    db = new pg.Client({ connectionString: embeddedUrl(port) });
    await db.connect();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name: "embedded",
    origin,
    db,
    groups: children.map((c) => c.process.pid!),
    spoolDir: spool,
    crashed: guard.crashed,
    stop,
  };
}

export async function startBare(options: {
  port: number;
  profileDir: string | null;
}): Promise<RunningTarget> {
  const env = {
    ...process.env,
    PORT: String(options.port),
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
  };
  const children = [startChild("bare", "server", "bench/webhooks/bare-server.ts", env, options.profileDir)];
  const guard = watch(children);
  const origin = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    guard.stopping();
    await Promise.all(children.map((c) => stopChild(c.process)));
  };
  try {
    await waitUntilUp(`${origin}/`, guard);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name: "bare",
    origin,
    db: null,
    groups: children.map((c) => c.process.pid!),
    crashed: guard.crashed,
    stop,
  };
}

/**
 * Installs the app through token exchange (as the demo does) and waits for
 * the initial order import, so the app holds the shop's recent orders before
 * their webhooks arrive. Returns the imported count, or null when no import
 * started within 20 s (a build without one): the bench then goes on.
 */
export async function installAndImport(
  target: RunningTarget,
  simulator: Simulator,
  log: (line: string) => void,
  timeoutMs = 120_000,
): Promise<number | null> {
  await installOnShop({ appUrl: target.origin, shop: SHOP, simulator });
  const started = Date.now();
  let reported = started;
  for (;;) {
    const crash = target.crashed();
    if (crash) throw new Error(crash);
    const { rows } = await target.db!.query<{
      importStatus: string;
      importedOrders: number;
      importError: string | null;
    }>(`SELECT "importStatus", "importedOrders", "importError" FROM "Shop" WHERE "domain" = $1`, [SHOP]);
    const shop = rows[0];
    if (shop?.importStatus === "done") return shop.importedOrders;
    if (shop?.importStatus === "failed") throw new Error(`The initial import failed: ${shop.importError}`);
    if (shop?.importStatus === "not_started" && Date.now() - started > 20_000) {
      log("  no initial import started within 20s; going on without it");
      return null;
    }
    if (Date.now() - reported > 10_000) {
      reported = Date.now();
      log(`  import ${shop?.importStatus ?? "?"}: ${shop?.importedOrders ?? 0} orders so far`);
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`The initial import did not finish within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
