/**
 * Write-back burst benchmark (see bench/README.md).
 *
 *   npm run bench:writeback -- [--db embedded|server|both] [--writes N] [--orders N]
 *     [--queue-concurrency N] [--bucket N] [--restore-rate N] [--timeout S]
 *     [--skip-build] [--cpu-prof] [--server-url URL] [--database NAME]
 *
 * Per database: a fresh simulator (seeded demo shop) that enforces the cost
 * bucket, the app started as `npm start` runs it (plus `npm run worker` on
 * the PostgreSQL server), installed through token exchange. Then tickets on
 * `--orders` orders and `--writes` internal notes queued at once through the
 * outbox (bench/writeback/queue.ts); the worker writes them to the orders'
 * notes in the simulator. Measured: time from queueing to the last write
 * done, points charged, the rate the bucket allowed against the rate
 * achieved, THROTTLED answers, lost writes, queue-to-done latency.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { embeddedUrl } from "../../app/db/embedded-postgres.server";
import { runCommand } from "../../scripts/lib/database";
import type { ThrottleConfig, ThrottleMeter } from "../../simulator/graphql/throttle";
import { type Simulator, startSimulator } from "../../simulator/server";
import { type Distribution, distribution } from "../webhooks/checks";
import { type CpuUse, cpuBetween, cpuSnapshot } from "../webhooks/cpu";
import {
  API_KEY,
  API_SECRET,
  BENCH_DIR,
  freePort,
  installAndImport,
  type RunningTarget,
  SHOP,
  signalStartedProcesses,
  startEmbedded,
  startOnServer,
} from "../webhooks/stack";
import type { QueueInput, QueueOutput } from "./queue";
import { burstRates, projectAvailable, shortestBurstSeconds } from "./rate";

// Prisma writes DateTime as UTC `timestamp(3)`; read it back as UTC whatever the machine's zone.
pg.types.setTypeParser(1114, (text: string) => new Date(`${text.replace(" ", "T")}Z`));

type Db = "server" | "embedded";

interface Options {
  dbs: Db[];
  writes: number;
  orders: number;
  queueConcurrency: number;
  bucket: number;
  restoreRate: number;
  timeoutSeconds: number;
  build: boolean;
  cpuProf: boolean;
  serverUrl: string;
  database: string;
}

function parseOptions(argv: string[]): Options {
  const known = new Set([
    "--db",
    "--writes",
    "--orders",
    "--queue-concurrency",
    "--bucket",
    "--restore-rate",
    "--timeout",
    "--skip-build",
    "--cpu-prof",
    "--server-url",
    "--database",
  ]);
  for (const arg of argv)
    if (arg.startsWith("--") && !known.has(arg)) throw new Error(`Unknown option ${arg}`);
  const value = (name: string) => {
    const i = argv.indexOf(name);
    if (i === -1) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${name} needs a value`);
    return v;
  };
  const int = (name: string, fallback: number) => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number`);
    return n;
  };
  const db = value("--db") ?? "embedded";
  if (!["embedded", "server", "both"].includes(db)) throw new Error("--db must be embedded, server or both");
  return {
    dbs: db === "both" ? ["server", "embedded"] : [db as Db],
    writes: int("--writes", 1000),
    orders: int("--orders", 100),
    queueConcurrency: int("--queue-concurrency", 8),
    bucket: int("--bucket", 2000),
    restoreRate: int("--restore-rate", 100),
    timeoutSeconds: int("--timeout", 600),
    build: !argv.includes("--skip-build"),
    cpuProf: argv.includes("--cpu-prof"),
    serverUrl: value("--server-url") ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    database: value("--database") ?? "counterdesk_bench_writeback",
  };
}

const log = (line: string) => console.log(`[bench] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined || !Number.isFinite(n) ? "–" : n.toFixed(digits);

/** Everything the simulator charged or refused for the shop, in order. */
interface MeterEvent {
  kind: "charged" | "throttled";
  cost: number;
  available: number;
  atMs: number;
}

function recordingMeter(shop: string, events: MeterEvent[]): ThrottleMeter {
  return {
    charged: (key, cost, available, atMs) => {
      if (key === shop) events.push({ kind: "charged", cost, available, atMs });
    },
    throttled: (key, cost, available, atMs) => {
      if (key === shop) events.push({ kind: "throttled", cost, available, atMs });
    },
  };
}

interface WriteRow {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

async function writeRows(db: pg.Client, ids: string[]): Promise<WriteRow[]> {
  const { rows } = await db.query<WriteRow>(
    `SELECT id, status::text AS status, attempts, "lastError", "createdAt", "completedAt"
       FROM "ShopifyWrite" WHERE id = ANY($1)`,
    [ids],
  );
  return rows;
}

async function statusCounts(db: pg.Client): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: number }>(
    `SELECT status::text AS status, count(*)::int AS n FROM "ShopifyWrite" WHERE "shopDomain" = $1 GROUP BY 1`,
    [SHOP],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

function runQueue(env: NodeJS.ProcessEnv, input: Omit<QueueInput, "out">): Promise<QueueOutput> {
  const out = path.join(BENCH_DIR, `writeback-queue-${process.pid}.json`);
  fs.rmSync(out, { force: true });
  return new Promise((resolve, reject) => {
    const child = spawn("tsx", ["bench/writeback/queue.ts", JSON.stringify({ ...input, out })], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`queueing failed (exit ${code}):\n${err.slice(-3000)}`));
      try {
        resolve(JSON.parse(fs.readFileSync(out, "utf8")) as QueueOutput);
        fs.rmSync(out, { force: true });
      } catch (error) {
        reject(new Error(`queueing wrote no result (${(error as Error).message}):\n${err.slice(-2000)}`));
      }
    });
  });
}

interface RunReport {
  db: Db;
  postgres: string;
  bucket: { maximumAvailable: number; restoreRate: number; atStart: number };
  writes: number;
  orders: number;
  queueSeconds: number;
  elapsedSeconds: number | null;
  done: number;
  failed: number;
  pending: number;
  retriedByQueue: number;
  pointsCharged: number;
  requestsCharged: number;
  pointsPerWrite: number | null;
  allowedPerSecond: number | null;
  achievedPerSecond: number | null;
  share: number | null;
  shortestSeconds: number | null;
  throttledAnswers: number;
  throttledAnswersWholeRun: number;
  surfacedThrottled: number;
  lost: { notDone: number; missingFromUpdates: number; missingFromFinalNote: number };
  foldedNotes: number;
  latencyMs: Distribution;
  cpu: CpuUse;
  bucketLow: number | null;
}

async function runDatabase(name: Db, options: Options, profileDir: string | null): Promise<RunReport> {
  log(`── ${name} ──`);
  const port = await freePort();
  const events: MeterEvent[] = [];
  // Installed and imported with Shopify Plus limits, as bench/webhooks does
  // (the import alone would take a minute at 100 points/s); the burst then
  // runs with the limits asked for, Shopify's standard plan by default.
  const limits: ThrottleConfig = {
    maximumAvailable: 10_000,
    restoreRate: 1_000,
    meter: recordingMeter(SHOP, events),
  };
  const simulator: Simulator = await startSimulator({
    port: 0,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    appUrl: `http://127.0.0.1:${port}`,
    throttle: limits,
  });
  let target: RunningTarget | null = null;
  try {
    const appOptions = {
      port,
      simulator,
      serverUrl: options.serverUrl,
      benchDatabase: options.database,
      profileDir,
      log,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await waitForBuild();
        target = name === "server" ? await startOnServer(appOptions) : await startEmbedded(appOptions);
        break;
      } catch (error) {
        // build/ is shared: a build started elsewhere empties it for a while.
        if (attempt >= 3 || !String((error as Error).message).includes("No build found")) throw error;
        log("build/ was being rebuilt elsewhere; waiting for it and starting again…");
      }
    }
    const db = target.db!;
    const postgres = (await db.query<{ version: string }>("SELECT version()")).rows[0].version;
    log(`installing on ${SHOP} and waiting for the initial order import…`);
    const imported = await installAndImport(target, simulator, log);
    log(`  imported ${imported ?? "?"} orders`);

    limits.maximumAvailable = options.bucket;
    limits.restoreRate = options.restoreRate;
    // Quiet and full: nothing charged for 2 s, and the bucket back at its maximum.
    for (;;) {
      const last = events.filter((e) => e.kind === "charged").at(-1);
      const now = Date.now();
      const full = !last || projectAvailable(last, limits, now) >= limits.maximumAvailable;
      if (full && (!last || now - last.atMs > 2_000)) break;
      await sleep(250);
    }

    // The queueing process connects to the app's database as a web process would.
    const { rows } = await db.query<{ url: string }>("SELECT current_database() AS url");
    const databaseUrl =
      name === "server"
        ? Object.assign(new URL(options.serverUrl), { pathname: `/${rows[0].url}` }).toString()
        : embeddedUrl(db.port);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "development",
      DATABASE_URL: databaseUrl,
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_APP_URL: target.origin,
      SHOPIFY_ADMIN_API_ORIGIN: simulator.url,
      LOG_LEVEL: "warn",
    };
    const cpuBefore = cpuSnapshot(target.groups);
    log(`queueing ${options.writes} write-backs on ${options.orders} orders…`);
    const queued = await runQueue(env, {
      shop: SHOP,
      writes: options.writes,
      orders: options.orders,
      concurrency: options.queueConcurrency,
    });
    const t0 = queued.queueStartedAt;
    const queueSeconds = (queued.queueEndedAt - t0) / 1000;
    log(`  queued in ${fmt(queueSeconds)} s; waiting for the worker…`);
    const ids = queued.writes.map((w) => w.id);
    const deadline = t0 + options.timeoutSeconds * 1000;
    let reported = Date.now();
    for (;;) {
      const crash = target.crashed();
      if (crash) throw new Error(crash);
      const counts = await statusCounts(db);
      const settled = (counts.done ?? 0) + (counts.failed ?? 0);
      if (settled >= ids.length) break;
      if (Date.now() > deadline) {
        log(`  gave up after ${options.timeoutSeconds} s: ${JSON.stringify(counts)}`);
        break;
      }
      if (Date.now() - reported > 10_000) {
        reported = Date.now();
        const throttled = events.filter((e) => e.kind === "throttled" && e.atMs >= t0).length;
        log(
          `  ${((Date.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify(counts)}, THROTTLED so far ${throttled}`,
        );
      }
      await sleep(200);
    }
    const cpu = cpuBetween(cpuBefore, cpuSnapshot(target.groups));
    const writes = await writeRows(db, ids);
    const doneRows = writes.filter((w) => w.status === "done" && w.completedAt);
    const lastDone = doneRows.reduce((m, w) => Math.max(m, w.completedAt!.getTime()), 0);
    const elapsedSeconds = doneRows.length > 0 ? (lastDone - t0) / 1000 : null;
    const windowEnd = lastDone || Date.now();
    const inWindow = events.filter((e) => e.atMs >= t0 && e.atMs <= windowEnd);
    const charged = inWindow.filter((e) => e.kind === "charged");
    const pointsCharged = charged.reduce((s, e) => s + e.cost, 0);
    const before = events.filter((e) => e.kind === "charged" && e.atMs < t0).at(-1);
    const atStart = before ? projectAvailable(before, limits, t0) : limits.maximumAvailable;
    const pointsPerWrite = doneRows.length > 0 ? pointsCharged / doneRows.length : null;
    const rates =
      elapsedSeconds && pointsPerWrite
        ? burstRates({
            writes: doneRows.length,
            elapsedS: elapsedSeconds,
            bucketAtStart: atStart,
            restoreRate: limits.restoreRate,
            pointsPerWrite,
          })
        : null;

    // Not lost: done, and the simulator took an orderUpdate whose note carried
    // the entry (each successful orderUpdate sends orders/updated with the note).
    await Promise.race([simulator.waitForDeliveries(), sleep(10_000)]);
    const carried = new Map<string, Set<string>>();
    for (const d of simulator.deliveries()) {
      if (d.topic !== "orders/updated" || d.shop !== SHOP || d.attempt !== 1) continue;
      const body = JSON.parse(d.body) as { admin_graphql_api_id: string; note: string | null };
      const lines = carried.get(body.admin_graphql_api_id) ?? new Set<string>();
      for (const line of (body.note ?? "").split("\n")) lines.add(line);
      carried.set(body.admin_graphql_api_id, lines);
    }
    const shopRecord = simulator.store.shop(SHOP)!;
    let missingFromUpdates = 0;
    let missingFromFinalNote = 0;
    const folded = new Set<string>();
    for (const w of queued.writes) {
      if (!carried.get(w.orderGid)?.has(w.entry)) missingFromUpdates++;
      const note = simulator.store.order(shopRecord, w.orderGid)?.note ?? "";
      if (!note.split("\n").includes(w.entry)) missingFromFinalNote++;
      if (/— Counterdesk: \d+ earlier/.test(note)) folded.add(w.orderGid);
    }
    const surfacedThrottled = writes.filter(
      (w) => w.status === "failed" || /thrott/i.test(w.lastError ?? ""),
    ).length;
    // The bucket's lowest point in the burst, as the simulator saw it.
    const bucketLow = charged.length ? Math.min(...charged.map((e) => e.available)) : null;
    return {
      db: name,
      postgres: postgres.split(" on ")[0],
      bucket: { maximumAvailable: limits.maximumAvailable, restoreRate: limits.restoreRate, atStart },
      writes: ids.length,
      orders: queued.orders.length,
      queueSeconds,
      elapsedSeconds,
      done: doneRows.length,
      failed: writes.filter((w) => w.status === "failed").length,
      pending: writes.filter((w) => w.status === "pending").length,
      retriedByQueue: writes.filter((w) => w.attempts > 1).length,
      pointsCharged,
      requestsCharged: charged.length,
      pointsPerWrite,
      allowedPerSecond: rates?.allowedPerSecond ?? null,
      achievedPerSecond: rates?.achievedPerSecond ?? null,
      share: rates?.share ?? null,
      shortestSeconds: pointsPerWrite
        ? shortestBurstSeconds({
            writes: ids.length,
            bucketAtStart: atStart,
            restoreRate: limits.restoreRate,
            pointsPerWrite,
          })
        : null,
      throttledAnswers: inWindow.filter((e) => e.kind === "throttled").length,
      throttledAnswersWholeRun: events.filter((e) => e.kind === "throttled").length,
      surfacedThrottled,
      lost: {
        notDone: ids.length - doneRows.length,
        missingFromUpdates,
        missingFromFinalNote,
      },
      foldedNotes: folded.size,
      latencyMs: distribution(doneRows.map((w) => w.completedAt!.getTime() - w.createdAt.getTime())),
      cpu,
      bucketLow,
    };
  } finally {
    log("stopping…");
    await target?.stop().catch((error) => log(`  stop failed: ${(error as Error).message}`));
    await simulator.close();
  }
}

/** Waits until build/ holds a server build that has not changed for 3 s (no build in progress). */
async function waitForBuild(timeoutMs = 180_000): Promise<void> {
  const file = path.join("build", "server", "index.js");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > 3_000) return;
    await sleep(500);
  }
  log("no settled build in build/; building…");
  await runCommand("remix", ["vite:build"], { quiet: true });
}

function printReport(r: RunReport): string {
  const mark = (ok: boolean) => (ok ? "met" : "**missed**");
  const lost = r.lost.notDone + r.lost.missingFromUpdates;
  const rows: [string, string][] = [
    ["write-backs queued / done / failed / pending", `${r.writes} / ${r.done} / ${r.failed} / ${r.pending}`],
    ["orders (tickets)", String(r.orders)],
    ["queueing took", `${fmt(r.queueSeconds)} s`],
    ["queue → last write done", `${fmt(r.elapsedSeconds)} s`],
    [
      "bucket at start / maximum / restore rate",
      `${fmt(r.bucket.atStart, 0)} / ${r.bucket.maximumAvailable} / ${r.bucket.restoreRate} points/s`,
    ],
    ["points charged (requests)", `${r.pointsCharged} (${r.requestsCharged})`],
    ["points per write-back", fmt(r.pointsPerWrite, 2)],
    ["lowest bucket level seen", fmt(r.bucketLow, 1)],
    ["shortest possible time at that cost", `${fmt(r.shortestSeconds)} s`],
    ["write-backs/s: allowed / achieved", `${fmt(r.allowedPerSecond, 2)} / ${fmt(r.achievedPerSecond, 2)}`],
    ["achieved share of allowed (≥ 90%)", `${fmt((r.share ?? 0) * 100)}% (${mark((r.share ?? 0) >= 0.9)})`],
    ["THROTTLED answers: burst / whole run", `${r.throttledAnswers} / ${r.throttledAnswersWholeRun}`],
    [
      "throttling surfaced to agents (failed or lastError)",
      `${r.surfacedThrottled} (${mark(r.surfacedThrottled === 0)})`,
    ],
    ["writes retried by the job queue", String(r.retriedByQueue)],
    [
      "lost: not done / entry in no orderUpdate / entry not in final note",
      `${r.lost.notDone} / ${r.lost.missingFromUpdates} / ${r.lost.missingFromFinalNote} (${mark(lost === 0)})`,
    ],
    ["orders whose note was folded", String(r.foldedNotes)],
    [
      "queue → done latency p50 / p95 / max (s)",
      [r.latencyMs.p50, r.latencyMs.p95, r.latencyMs.max]
        .map((v) => fmt(v === null ? null : v / 1000))
        .join(" / "),
    ],
    [
      "CPU cores: app processes / bench (simulator) / other (incl. a PostgreSQL server)",
      `${fmt(r.cpu.app, 2)} / ${fmt(r.cpu.bench, 2)} / ${fmt(r.cpu.other, 2)}`,
    ],
  ];
  return [
    `### ${r.db} (${r.postgres})`,
    "",
    "| | |",
    "|---|---|",
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  ].join("\n");
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const cpuModel =
    fs
      .readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"))
      ?.split(":")[1]
      ?.trim() ?? "unknown";
  const loadAverage = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  log(
    `Node ${process.version}, ${os.availableParallelism()} cores (${cpuModel}), load average ${loadAverage}`,
  );
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const profileDir = options.cpuProf ? path.join(BENCH_DIR, "profiles", `writeback-${stamp}`) : null;
  if (options.build) {
    log("building the app (remix vite:build)…");
    await runCommand("remix", ["vite:build"], { quiet: true });
  }
  const reports: RunReport[] = [];
  for (const name of options.dbs) {
    const report = await runDatabase(name, options, profileDir);
    reports.push(report);
    // Printed at once: a later database failing to start must not lose it.
    console.log(`\n${printReport(report)}\n`);
  }
  const text = [
    `Machine: ${os.availableParallelism()} cores, ${cpuModel}; Node ${process.version}; load average at start ${loadAverage}`,
    `Burst: ${options.writes} write-backs on ${options.orders} orders, bucket ${options.bucket} points restoring ${options.restoreRate}/s.`,
    "",
    ...reports.flatMap((r) => [printReport(r), ""]),
  ].join("\n");
  console.log(`\n${text}`);
  const out = path.join(BENCH_DIR, `writeback-${stamp}.json`);
  fs.writeFileSync(out, JSON.stringify({ options, reports }, null, 2));
  fs.writeFileSync(out.replace(/\.json$/, ".md"), `${text}\n`);
  log(`results: ${path.relative(process.cwd(), out)} (and .md)`);
  if (profileDir) log(`CPU profiles: ${path.relative(process.cwd(), profileDir)}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping the processes the bench started`);
    signalStartedProcesses();
    process.exit(130);
  });
}
process.on("exit", () => signalStartedProcesses());

main().then(
  () => process.exit(0),
  (error) => {
    console.error(
      `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
