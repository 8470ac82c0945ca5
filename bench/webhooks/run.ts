/**
 * Webhook ingestion benchmark (see bench/README.md).
 *
 *   npm run bench:webhooks -- [--db embedded|server|both|none] [--seconds N] [--rate R]
 *     [--connections C] [--warmup S] [--phases fixed,max] [--max-deliveries N] [--drain-timeout S]
 *     [--no-bare] [--skip-build] [--cpu-prof] [--server-url URL] [--database NAME] [--pause-worker]
 *
 * Per target: a fresh simulator (seeded demo shop), the app started as
 * `npm start` would (plus `npm run worker` on the PostgreSQL server),
 * installed through token exchange; then a warm-up, a fixed offered rate, and
 * a closed loop at maximum, each followed by waiting for the worker to drain;
 * then the database is read back. The bare route gets the same two loads.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { runCommand } from "../../scripts/lib/database";
import { type Simulator, startSimulator } from "../../simulator/server";
import {
  backlog,
  type Distribution,
  distribution,
  type Outcome,
  outcomeOf,
  readBack,
  spooledWebhookIds,
  spoolIsEmpty,
} from "./checks";
import { type CpuUse, cpuBetween, cpuSnapshot } from "./cpu";
import type { LoadResult } from "./load";
import { runLoad } from "./load-thread";
import {
  API_KEY,
  API_SECRET,
  BENCH_DIR,
  freePort,
  installAndImport,
  type RunningTarget,
  SHOP,
  signalStartedProcesses,
  startBare,
  startEmbedded,
  startOnServer,
  type TargetName,
} from "./stack";
import { type Batch, Traffic } from "./traffic";

// Prisma writes DateTime as UTC `timestamp(3)`; read it back as UTC whatever the machine's zone.
pg.types.setTypeParser(1114, (text: string) => new Date(`${text.replace(" ", "T")}Z`));

interface Options {
  dbs: ("server" | "embedded")[];
  seconds: number;
  rate: number;
  connections: number;
  warmupSeconds: number;
  maxDeliveries: number;
  bare: boolean;
  build: boolean;
  cpuProf: boolean;
  serverUrl: string;
  database: string;
  drainTimeoutSeconds: number;
  /** Server target only: SIGSTOP the worker after the import, to measure the inbox alone. */
  pauseWorker: boolean;
  phases: ("fixed" | "max")[];
}

function parsePhases(text: string): ("fixed" | "max")[] {
  const phases = text.split(",").map((p) => p.trim());
  if (phases.length === 0 || phases.some((p) => p !== "fixed" && p !== "max"))
    throw new Error("--phases takes fixed, max or fixed,max");
  return [...new Set(phases)] as ("fixed" | "max")[];
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    if (i === -1) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${name} needs a value`);
    return v;
  };
  const number = (name: string, fallback: number) => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
    return n;
  };
  const known = new Set([
    "--db",
    "--seconds",
    "--rate",
    "--connections",
    "--warmup",
    "--max-deliveries",
    "--no-bare",
    "--skip-build",
    "--cpu-prof",
    "--server-url",
    "--database",
    "--drain-timeout",
    "--phases",
    "--pause-worker",
  ]);
  for (const arg of argv)
    if (arg.startsWith("--") && !known.has(arg)) throw new Error(`Unknown option ${arg}`);
  const db = value("--db") ?? "both";
  if (!["embedded", "server", "both", "none"].includes(db))
    throw new Error("--db must be embedded, server, both or none (the bare route alone)");
  const seconds = number("--seconds", 20);
  return {
    dbs: db === "both" ? ["server", "embedded"] : db === "none" ? [] : [db as "server" | "embedded"],
    seconds,
    rate: number("--rate", 300),
    connections: Math.round(number("--connections", 32)),
    warmupSeconds: number("--warmup", 3),
    maxDeliveries: Math.round(number("--max-deliveries", 16_000 * seconds)),
    bare: !argv.includes("--no-bare"),
    build: !argv.includes("--skip-build"),
    cpuProf: argv.includes("--cpu-prof"),
    serverUrl: value("--server-url") ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    database: value("--database") ?? "counterdesk_bench",
    drainTimeoutSeconds: number("--drain-timeout", 30),
    phases: parsePhases(value("--phases") ?? "fixed,max"),
    pauseWorker: argv.includes("--pause-worker"),
  };
}

const log = (line: string) => console.log(`[bench] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PhaseReport {
  phase: "fixed" | "max";
  label: string;
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  errorSamples: string[];
  acksPerSecond: number;
  latencyMs: Distribution;
  maxScheduleLagMs: number;
  ranOut: boolean;
  cpu: CpuUse;
  /** After the load: how long until the worker had processed everything, or what was left (app only). */
  drain: Drain | null;
  outcome: Outcome | null;
}

interface TargetReport {
  target: TargetName;
  postgres: string | null;
  importedOrders: number | null;
  phases: PhaseReport[];
  ordersWithSeveralOpenTickets: number | null;
  webhookIdsStoredTwice: number | null;
  ticketsTotal: number | null;
  eventsTotal: number | null;
  pendingAtEnd: number | null;
  /** Acknowledged deliveries still in the inbox spool at the read-back (embedded database). */
  spooledAtEnd: number | null;
  /** CPU of the app's processes (or of the worker process alone) per event processed, warm-up to read-back. */
  cpuPerEvent: { appMs: number; workerMs: number | null; events: number } | null;
  profileDir: string | null;
}

function machineInfo() {
  const cpuModel =
    fs
      .readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"))
      ?.split(":")[1]
      ?.trim() ?? "unknown";
  let free = "";
  try {
    free = execFileSync("free", ["-h"], { encoding: "utf8" }).trim();
  } catch {
    free = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB total`;
  }
  return {
    nproc: os.availableParallelism(),
    cpuModel,
    memory: free,
    node: process.version,
    loadAverage: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
  };
}

async function postgresPids(target: RunningTarget, database: string): Promise<number[]> {
  if (target.name !== "server" || !target.db) return [];
  const { rows } = await target.db.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
    [database],
  );
  return rows.map((r) => r.pid);
}

interface Drain {
  /** Seconds until no event was pending, or null when the bench stopped waiting. */
  seconds: number | null;
  pending: number;
  /** Events processed per second while waiting. */
  rate: number | null;
  /** Seconds until, besides, no write to Shopify was pending, or null when the bench stopped waiting. */
  writesSeconds: number | null;
  pendingWrites: number;
}

/** How long the read-back waits for the inbox spool's mover after the worker's drain. */
const SPOOL_WAIT_SECONDS = 120;

async function waitForSpool(dir: string, timeoutSeconds: number): Promise<void> {
  const start = performance.now();
  while (!(await spoolIsEmpty(dir))) {
    if (performance.now() - start > timeoutSeconds * 1000) {
      log(`  the inbox spool still holds deliveries after ${timeoutSeconds}s: counted as spooled`);
      return;
    }
    await sleep(250);
  }
  const waited = (performance.now() - start) / 1000;
  if (waited > 1) log(`  the inbox spool's mover stored the rest ${waited.toFixed(1)}s later`);
}

/**
 * Waits until the worker has processed everything stored (and at least
 * `expectAtLeast` events are stored), and then until the writes to Shopify
 * the tickets queued are done, for at most `timeoutSeconds` in all; gives
 * up early once the events clearly cannot drain in time at the observed pace.
 */
async function drain(target: RunningTarget, expectAtLeast: number, timeoutSeconds: number): Promise<Drain> {
  const start = performance.now();
  const deadline = start + timeoutSeconds * 1000;
  const history: { at: number; processed: number; stored: number }[] = [];
  let eventsSeconds: number | null = null;
  for (;;) {
    const crash = target.crashed();
    if (crash) throw new Error(crash);
    const { pending, stored, pendingWrites } = await backlog(target.db!);
    const now = performance.now();
    // The pace from events processed, not from the backlog shrinking: on the embedded database
    // the inbox spool may still be storing acknowledged deliveries, which grows the backlog.
    const processed = stored - pending;
    history.push({ at: now, processed, stored });
    const first = history.find((h) => now - h.at <= 5_000) ?? history[0];
    const seconds = (now - first.at) / 1000;
    const rate = seconds >= 2 ? Math.max(0, processed - first.processed) / seconds : null;
    // Hopeless only if storing what is left and processing it both look out of reach:
    // after a burst the spool's mover stores for a while, and the worker is slow meanwhile.
    const progress =
      seconds >= 2 ? Math.max(0, processed + stored - first.processed - first.stored) / seconds : null;
    const left = pending + Math.max(0, expectAtLeast - stored);
    const eventsDone = pending === 0 && stored >= expectAtLeast;
    if (eventsDone && eventsSeconds === null) eventsSeconds = (now - start) / 1000;
    if (eventsDone && pendingWrites === 0)
      return {
        seconds: eventsSeconds,
        pending: 0,
        rate,
        writesSeconds: (now - start) / 1000,
        pendingWrites: 0,
      };
    const hopeless =
      !eventsDone &&
      progress !== null &&
      now - start > 5_000 &&
      left / Math.max(progress, 0.1) > ((deadline - now) / 1000) * 2;
    if (now > deadline || hopeless) {
      log(
        `  stopped waiting after ${((now - start) / 1000).toFixed(0)}s: ${pending} events and ` +
          `${pendingWrites} writes to Shopify pending, the worker processing ${rate === null ? "?" : rate.toFixed(1)} events/s`,
      );
      return {
        seconds: eventsDone ? eventsSeconds : null,
        pending,
        rate,
        writesSeconds: null,
        pendingWrites,
      };
    }
    await sleep(500);
  }
}

function summarize(load: LoadResult): Omit<PhaseReport, "cpu" | "drain" | "outcome" | "label" | "phase"> {
  const ok = load.samples.filter((s) => s.status >= 200 && s.status < 300);
  const errors = load.samples.filter((s) => s.status === 0);
  const errorSamples = [
    ...new Set(
      load.samples
        .filter((s) => !(s.status >= 200 && s.status < 300))
        .map((s) => s.error ?? `HTTP ${s.status}`),
    ),
  ].slice(0, 5);
  return {
    sent: load.samples.length,
    ok: ok.length,
    non2xx: load.samples.length - ok.length - errors.length,
    errors: errors.length,
    errorSamples,
    acksPerSecond: ok.length / (load.elapsedMs / 1000),
    latencyMs: distribution(load.samples.map((s) => s.latencyMs)),
    maxScheduleLagMs: load.maxScheduleLagMs,
    ranOut: load.ranOut,
  };
}

async function runTarget(
  name: TargetName,
  options: Options,
  profileRoot: string | null,
): Promise<TargetReport> {
  log(`── ${name} ──`);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const simulator: Simulator = await startSimulator({
    port: 0,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    appUrl: origin,
    // A shop sending hundreds of webhooks a second is a Shopify Plus shop:
    // Plus Admin API limits (1000 points/s) instead of the standard 100/s,
    // which would stretch the initial import of its 60 days of orders to minutes.
    throttle: { maximumAvailable: 10_000, restoreRate: 1_000 },
  });
  const traffic = new Traffic({ store: simulator.store, shop: SHOP, apiSecret: API_SECRET, appUrl: origin });
  const profileDir = profileRoot;
  let target: RunningTarget | null = null;
  try {
    log("starting…");
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
        target =
          name === "server"
            ? await startOnServer(appOptions)
            : name === "embedded"
              ? await startEmbedded(appOptions)
              : await startBare({ port, profileDir });
        break;
      } catch (error) {
        // build/ is shared: a build started elsewhere empties it for a while.
        if (attempt >= 3 || !String((error as Error).message).includes("No build found")) throw error;
        log("build/ was being rebuilt elsewhere; waiting for it and starting again…");
        await waitForBuild();
      }
    }
    if (!target) throw new Error("not started");
    const isApp = target.db !== null;
    let postgres: string | null = null;
    let importedOrders: number | null = null;
    if (isApp) {
      postgres = (await target.db!.query<{ version: string }>("SELECT version()")).rows[0].version;
      log(`installing on ${SHOP} and waiting for the initial order import…`);
      importedOrders = await installAndImport(target, simulator, log);
      if (importedOrders !== null) log(`  imported ${importedOrders} orders`);
      if (options.pauseWorker && target.workerGroup) {
        // The inbox alone: what acknowledging costs without the worker's competition.
        process.kill(-target.workerGroup, "SIGSTOP");
        log("  worker paused (--pause-worker): events stay queued");
      }
    }

    const batches: { batch: Batch; load: LoadResult; report: PhaseReport }[] = [];
    let expected = 0;
    const distinctAcked = new Set<string>();
    const countAcked = (batch: Batch, load: LoadResult) => {
      for (const s of load.samples)
        if (s.status >= 200 && s.status < 300)
          distinctAcked.add(batch.deliveries[s.index % batch.deliveries.length].webhookId);
      expected = distinctAcked.size;
    };

    // Warm-up: JIT, connection pools, pg-boss's first polls. Its events count for correctness only.
    log(`warm-up: ${options.warmupSeconds}s at ${options.rate}/s`);
    const warm = traffic.generate(Math.ceil(options.rate * options.warmupSeconds), Date.now(), options.rate);
    const warmLoad = await runLoad(target.origin, warm.deliveries, {
      kind: "fixed",
      options: { rate: options.rate, seconds: options.warmupSeconds },
    });
    countAcked(warm, warmLoad);
    if (isApp) await drain(target, expected, options.drainTimeoutSeconds);
    // From here to the read-back, for the CPU each processed event cost.
    const processedBefore = isApp ? await processedCount(target.db!) : 0;
    const runStart = cpuSnapshot(target.groups);

    for (const phase of options.phases) {
      const label = phase === "fixed" ? `fixed ${options.rate}/s` : `max, ${options.connections} connections`;
      const count =
        phase === "fixed"
          ? Math.ceil(options.rate * options.seconds)
          : isApp
            ? options.maxDeliveries
            : Math.min(options.maxDeliveries, 10_000);
      log(`${label}: generating ${count} deliveries…`);
      const batch = traffic.generate(count, Date.now() + 1000, phase === "fixed" ? options.rate : 1000);
      await sleep(250);
      const pids = await postgresPids(target, options.database);
      // Taken again when the load thread starts sending, so copying its deliveries is not counted.
      const groups = target.groups;
      let before = cpuSnapshot(groups, pids);
      const sending = () => {
        before = cpuSnapshot(groups, pids);
      };
      log(`${label}: sending for up to ${options.seconds}s…`);
      const load =
        phase === "fixed"
          ? await runLoad(
              target.origin,
              batch.deliveries,
              { kind: "fixed", options: { rate: options.rate, seconds: options.seconds } },
              sending,
            )
          : await runLoad(
              target.origin,
              batch.deliveries,
              {
                kind: "max",
                options: { connections: options.connections, seconds: options.seconds, cycle: !isApp },
              },
              sending,
            );
      const after = cpuSnapshot(target.groups, [...pids, ...(await postgresPids(target, options.database))]);
      const crash = target.crashed();
      if (crash) throw new Error(crash);
      countAcked(batch, load);
      const summary = summarize(load);
      log(
        `  ${summary.ok}/${summary.sent} acknowledged, ${summary.acksPerSecond.toFixed(0)}/s, ` +
          `p50 ${fmt(summary.latencyMs.p50)} p95 ${fmt(summary.latencyMs.p95)} p99 ${fmt(summary.latencyMs.p99)} ms`,
      );
      let drained: Drain | null = null;
      if (isApp) {
        log("  waiting for the worker to drain…");
        drained = await drain(target, expected, options.drainTimeoutSeconds);
        if (drained.seconds !== null) log(`  drained ${drained.seconds.toFixed(1)}s after the load ended`);
        if (drained.writesSeconds !== null)
          log(`  writes to Shopify done ${drained.writesSeconds.toFixed(1)}s after the load ended`);
      }
      batches.push({
        batch,
        load,
        report: { phase, label, ...summary, cpu: cpuBetween(before, after), drain: drained, outcome: null },
      });
    }

    const report: TargetReport = {
      target: name,
      postgres,
      importedOrders,
      phases: batches.map((b) => b.report),
      ordersWithSeveralOpenTickets: null,
      webhookIdsStoredTwice: null,
      ticketsTotal: null,
      eventsTotal: null,
      pendingAtEnd: null,
      spooledAtEnd: null,
      cpuPerEvent: null,
      profileDir: profileDir ? path.relative(process.cwd(), profileDir) : null,
    };
    if (isApp) {
      const runEnd = cpuSnapshot(target.groups);
      const events = (await processedCount(target.db!)) - processedBefore;
      const ticksOf = (snapshot: typeof runEnd) => {
        let ticks = 0;
        for (const [pid, t] of snapshot.processes) ticks += t - (runStart.processes.get(pid) ?? 0);
        return ticks;
      };
      const msPer = (ticks: number) => (events > 0 ? (ticks * 10) / events : Number.NaN);
      report.cpuPerEvent = {
        appMs: msPer(ticksOf(runEnd)),
        workerMs: target.workerGroup ? msPer(ticksOf(cpuSnapshot([target.workerGroup]))) : null,
        events,
      };
      // What is still in the spool is acknowledged and kept, not lost: give the mover time to
      // store it, and count whatever it has not stored by then as spooled.
      if (target.spoolDir) await waitForSpool(target.spoolDir, SPOOL_WAIT_SECONDS);
      const spooled = target.spoolDir ? await spooledWebhookIds(target.spoolDir) : new Set<string>();
      const readAt = Date.now();
      const snapshot = await readBack(target.db!);
      const seen = new Set<string>();
      outcomeOf(warmLoad, warm, snapshot, seen, readAt, spooled);
      for (const b of batches) b.report.outcome = outcomeOf(b.load, b.batch, snapshot, seen, readAt, spooled);
      report.spooledAtEnd = target.spoolDir ? spooled.size : null;
      report.ordersWithSeveralOpenTickets = snapshot.ordersWithSeveralOpenTickets;
      report.webhookIdsStoredTwice = snapshot.webhookIdsStoredTwice;
      report.ticketsTotal = snapshot.tickets.length;
      report.eventsTotal = snapshot.events.length;
      report.pendingAtEnd = snapshot.events.filter((e) => e.status === "pending").length;
    }
    return report;
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

const fmt = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined ? "–" : n.toFixed(digits);

/** A percentile of delivery → ticket, marked "≥" when orders still without a ticket reach into it. */
function censoredPercentile(d: Distribution & { censored: number }, q: number, value: number | null): string {
  if (value === null) return "–";
  const text = fmt(value, 0);
  return d.count > 0 && d.censored / d.count > 1 - q ? `≥ ${text}` : text;
}

function printTarget(report: TargetReport): string {
  const lines: string[] = [];
  const cols = report.phases.map((p) => p.label);
  const row = (name: string, values: string[]) => lines.push(`| ${name} | ${values.join(" | ")} |`);
  lines.push(`### ${report.target}${report.postgres ? ` (${report.postgres.split(" on ")[0]})` : ""}`);
  lines.push("");
  row("", cols);
  lines.push(`|---|${cols.map(() => "---").join("|")}|`);
  const each = (f: (p: PhaseReport) => string) => report.phases.map(f);
  row(
    "acknowledged / sent",
    each((p) => `${p.ok} / ${p.sent}`),
  );
  row(
    "acknowledgements per second",
    each((p) => fmt(p.acksPerSecond, 0)),
  );
  row(
    "ack latency p50 / p95 / p99 / max (ms)",
    each((p) =>
      [p.latencyMs.p50, p.latencyMs.p95, p.latencyMs.p99, p.latencyMs.max].map((v) => fmt(v)).join(" / "),
    ),
  );
  row(
    "non-2xx / failed or timed out (5 s)",
    each((p) => `${p.non2xx} / ${p.errors}`),
  );
  row(
    "CPU cores: app / bench / other",
    each((p) => `${fmt(p.cpu.app, 2)} / ${fmt(p.cpu.bench, 2)} / ${fmt(p.cpu.other, 2)}`),
  );
  if (report.phases.some((p) => p.outcome)) {
    const o = (f: (o: Outcome) => string) => each((p) => (p.outcome ? f(p.outcome) : "–"));
    row(
      "delivery → ticket p50 / p95 (ms)",
      o(
        (x) =>
          `${censoredPercentile(x.deliveryToTicket, 0.5, x.deliveryToTicket.p50)} / ` +
          `${censoredPercentile(x.deliveryToTicket, 0.95, x.deliveryToTicket.p95)}`,
      ),
    );
    row(
      "delivery → order written back p50 / p95 (ms)",
      o(
        (x) =>
          `${censoredPercentile(x.deliveryToWriteBack, 0.5, x.deliveryToWriteBack.p50)} / ` +
          `${censoredPercentile(x.deliveryToWriteBack, 0.95, x.deliveryToWriteBack.p95)}`,
      ),
    );
    row(
      "orders expecting a ticket / still without one",
      o((x) => `${x.ordersExpectingTicket} / ${x.ordersWithoutTicketYet}`),
    );
    row(
      "delivery → processed p50 / p95 (ms, processed only)",
      o((x) => `${fmt(x.deliveryToProcessed.p50, 0)} / ${fmt(x.deliveryToProcessed.p95, 0)}`),
    );
    row(
      "ticket-opening deliveries: stored / queued / processed p95 (ms)",
      o(
        ({ ticketDeliveryStages: t }) =>
          `${fmt(t.stored.p95, 0)} / ${fmt(t.queued.p95, 0)} / ${fmt(t.processed.p95, 0)}`,
      ),
    );
    row(
      "worker after the load: drained in / events left, pace",
      each((p) =>
        !p.drain
          ? "–"
          : p.drain.seconds !== null
            ? `${fmt(p.drain.seconds)} s`
            : `${p.drain.pending} left, ${fmt(p.drain.rate)}/s`,
      ),
    );
    row(
      "writes to Shopify after the load: done in / left",
      each((p) =>
        !p.drain
          ? "–"
          : p.drain.writesSeconds !== null
            ? `${fmt(p.drain.writesSeconds)} s`
            : `${p.drain.pendingWrites} left`,
      ),
    );
    row(
      "distinct ids acked / stored / processed / failed / queued",
      o((x) => `${x.acknowledged} / ${x.stored} / ${x.processed} / ${x.failed} / ${x.pending}`),
    );
    if (report.spooledAtEnd !== null)
      row(
        "acked, still in the inbox spool at the read-back",
        o((x) => String(x.spooled)),
      );
    row(
      "lost (acked, never stored)",
      o((x) => String(x.notStored)),
    );
    row(
      "redeliveries sent / acked",
      o((x) => `${x.redeliveriesSent} / ${x.redeliveriesAcknowledged}`),
    );
    lines.push("");
    lines.push(
      `Whole run: ${report.eventsTotal} events stored (${report.pendingAtEnd} still queued at the end), ` +
        `${report.webhookIdsStoredTwice} webhook ids stored twice, ${report.ticketsTotal} tickets, ` +
        `${report.ordersWithSeveralOpenTickets} orders with more than one open ticket.`,
    );
    if (report.cpuPerEvent)
      lines.push(
        `CPU per processed event (Node processes, not PostgreSQL), ${report.cpuPerEvent.events} events: ` +
          `app ${fmt(report.cpuPerEvent.appMs, 2)} ms` +
          (report.cpuPerEvent.workerMs === null
            ? ""
            : `, worker process ${fmt(report.cpuPerEvent.workerMs, 2)} ms`) +
          " (includes acknowledging, which every event also costs).",
      );
    const failures = report.phases.flatMap((p) => p.outcome?.failures ?? []);
    if (failures.length) lines.push(`Failed events, first reasons: ${[...new Set(failures)].join("; ")}`);
  }
  const errors = report.phases.flatMap((p) => p.errorSamples);
  if (errors.length) lines.push(`Request errors: ${[...new Set(errors)].join("; ")}`);
  for (const p of report.phases.filter((x) => x.ranOut))
    lines.push(
      `${p.label}: every generated delivery was sent before the time was up; raise --max-deliveries.`,
    );
  for (const p of report.phases.filter((x) => x.maxScheduleLagMs > 50))
    lines.push(
      `${p.label}: the client fell up to ${fmt(p.maxScheduleLagMs, 0)} ms behind its schedule (busy machine).`,
    );
  return lines.join("\n");
}

function verdicts(reports: TargetReport[], rate: number): string {
  const bare = reports.find((r) => r.target === "bare");
  const bareMax = bare?.phases.find((p) => p.phase === "max")?.acksPerSecond ?? null;
  const lines = [
    "| target | ≥ 300/s acked with p99 < 50 ms | ≥ ½ of the bare route | p95 delivery → ticket < 1 s | 0 lost, 0 duplicate tickets |",
    "|---|---|---|---|---|",
  ];
  const mark = (ok: boolean) => (ok ? "met" : "**missed**");
  for (const r of reports.filter((x) => x.target !== "bare")) {
    const fixed = r.phases.find((p) => p.phase === "fixed");
    const max = r.phases.find((p) => p.phase === "max");
    const outcomes = r.phases.map((p) => p.outcome).filter((x): x is Outcome => x !== null);
    const lost = outcomes.reduce((s, x) => s + x.notStored + x.failed, 0);
    const queued = (r.pendingAtEnd ?? 0) + (r.spooledAtEnd ?? 0);
    const clean = lost === 0 && r.ordersWithSeveralOpenTickets === 0 && r.webhookIdsStoredTwice === 0;
    let rateCell = "not measured";
    let ticketCell = "not measured";
    if (fixed) {
      const keptUp = fixed.ok >= fixed.sent && fixed.acksPerSecond >= 0.97 * rate;
      const rateOk = rate >= 300 && keptUp && (fixed.latencyMs.p99 ?? Number.POSITIVE_INFINITY) < 50;
      rateCell =
        `${mark(rateOk)}: ${fmt(fixed.acksPerSecond, 0)}/s acked of ${rate}/s offered, p99 ${fmt(fixed.latencyMs.p99)} ms` +
        (max ? `; closed loop ${fmt(max.acksPerSecond, 0)}/s` : "");
      const ticket = fixed.outcome?.deliveryToTicket;
      if (ticket) {
        const ok = ticket.p95 !== null && ticket.p95 < 1000 && ticket.censored === 0;
        ticketCell = `${mark(ok)}: ${censoredPercentile(ticket, 0.95, ticket.p95)} ms`;
      }
    }
    const share = bareMax && max ? max.acksPerSecond / bareMax : null;
    const shareCell =
      share === null
        ? "not measured"
        : `${mark(share >= 0.5)}: ${(share * 100).toFixed(0)}% (${fmt(max?.acksPerSecond, 0)} vs ${fmt(bareMax, 0)}/s)`;
    const cleanCell =
      `${clean ? (queued > 0 ? "so far" : "met") : "**missed**"}: ${lost} lost or failed, ` +
      `${r.ordersWithSeveralOpenTickets} orders with two open tickets` +
      `${queued > 0 ? `; ${queued} events still queued${r.spooledAtEnd ? ` (${r.spooledAtEnd} of them in the inbox spool)` : ""}, not yet verified` : ""}`;
    lines.push(`| ${r.target} | ${rateCell} | ${shareCell} | ${ticketCell} | ${cleanCell} |`);
  }
  return lines.join("\n");
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const machine = machineInfo();
  log(
    `Node ${machine.node}, ${machine.nproc} cores (${machine.cpuModel}), load average ${machine.loadAverage}`,
  );
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const profileRoot = options.cpuProf ? path.join(BENCH_DIR, "profiles", stamp) : null;
  if (options.build) {
    log("building the app (remix vite:build)…");
    await runCommand("remix", ["vite:build"], { quiet: true });
  }
  const reports: TargetReport[] = [];
  const targets: TargetName[] = [...(options.bare ? (["bare"] as const) : []), ...options.dbs];
  for (const name of targets) {
    const started = performance.now();
    if (name !== "bare") await waitForBuild();
    reports.push(await runTarget(name, options, profileRoot));
    log(`${name} took ${((performance.now() - started) / 1000).toFixed(0)}s`);
  }

  const text = [
    `Machine: ${machine.nproc} cores, ${machine.cpuModel}; Node ${machine.node}; load average at start ${machine.loadAverage}`,
    `Load: ${options.warmupSeconds}s warm-up, then ${options.seconds}s at ${options.rate}/s offered, then ${options.seconds}s closed loop with ${options.connections} connections.`,
    "",
    ...reports.map(printTarget).flatMap((t) => [t, ""]),
    verdicts(reports, options.rate),
  ].join("\n");
  console.log(`\n${text}\n`);
  const out = path.join(BENCH_DIR, `webhooks-${stamp}.json`);
  fs.writeFileSync(out, JSON.stringify({ machine, options, reports }, null, 2));
  fs.writeFileSync(out.replace(/\.json$/, ".md"), `${text}\n`);
  log(`results: ${path.relative(process.cwd(), out)} (and .md)`);
  if (profileRoot) log(`CPU profiles: ${path.relative(process.cwd(), profileRoot)}`);
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

async function processedCount(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM "WebhookEvent" WHERE "status" = 'processed'`,
  );
  return Number(rows[0].n);
}
