/**
 * The inbox's store alone, as the ceiling of a durable acknowledgement:
 *
 *   npm run bench:inbox-store -- [--db server|embedded|both] [--seconds 5] [--concurrency 32]
 *
 * `--concurrency` callers (the webhook bench's closed loop has 32
 * connections) each store one delivery with the app's storeDelivery
 * (inbox.server: group commit, one multi-row insert per group), and store
 * the next as soon as it is committed. No HTTP, no verification, no worker:
 * only what storing before the 200 costs, on a fresh database migrated as a
 * deploy would. Payloads are the webhook bench's (the simulator's merchant
 * actions on a seeded shop), each stored under a new webhook id.
 */
import os from "node:os";
import { freshBenchDatabase, runMeasuringChild } from "../fresh-database";
import { optionReader } from "../options";
import { webhookBodies } from "./payloads";
import { API_KEY, API_SECRET, SHOP } from "./stack";

const argv = process.argv.slice(2);
const value = optionReader(argv);
const seconds = Number(value("--seconds", "5"));
const concurrency = Number(value("--concurrency", "32"));
const log = (line: string) => console.log(`[bench] ${line}`);

interface Result {
  stored: number;
  perSecond: number;
  p50: number;
  p99: number;
  cpuCores: number;
  payloadBytes: number;
}

if (argv.includes("--measure")) {
  console.log(JSON.stringify(await measure()));
  process.exit(0);
}

/** In a child process whose DATABASE_URL is the target's. */
async function measure(): Promise<Result> {
  const bodies = await webhookBodies(5_000);
  const { storeDelivery } = await import("../../app/webhooks/inbox.server");
  const { sqlPool } = await import("../../app/db/sql-pool.server");

  let next = 0;
  const latencies: number[] = [];
  const store = async () => {
    const d = bodies[next % bodies.length];
    next++;
    const started = performance.now();
    await storeDelivery({
      shop: SHOP,
      topic: d.topic,
      webhookId: crypto.randomUUID(),
      eventId: d.eventId,
      triggeredAt: new Date(),
      apiVersion: "2026-01",
      payload: d.body,
    });
    return performance.now() - started;
  };
  // Warm-up: connections, plans.
  for (let i = 0; i < 200; i++) await store();
  next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) latencies.push(await store());
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await sqlPool().end();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return {
    stored: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    cpuCores: (cpu.user + cpu.system) / 1e6 / elapsed,
    payloadBytes: Math.round(bodies.reduce((sum, d) => sum + Buffer.byteLength(d.body), 0) / bodies.length),
  };
}

async function target(name: "server" | "embedded"): Promise<Result & { version: string }> {
  log(`── ${name} ──`);
  const db = await freshBenchDatabase(name, {
    name: "counterdesk_bench_store",
    serverUrl: value("--server-url", "postgresql://postgres@127.0.0.1:5432/postgres"),
  });
  log(`storing for ${seconds}s with ${concurrency} callers…`);
  const result = (await runMeasuringChild(
    "bench/webhooks/store-ceiling.ts",
    ["--measure", ...argv],
    { url: db.url, embedded: name === "embedded" },
    { SHOPIFY_API_KEY: API_KEY, SHOPIFY_API_SECRET: API_SECRET },
  )) as Result;
  await db.stop();
  return { ...result, version: db.version };
}

const db = value("--db", "both");
const targets = db === "both" ? (["server", "embedded"] as const) : [db as "server" | "embedded"];
let md = `Machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model.trim()}; Node ${process.version}; ${concurrency} callers, ${seconds} s\n\n`;
md +=
  "| database | stored per second | store p50 / p99 (ms) | Node CPU (cores) | payload (bytes, mean) |\n|---|---|---|---|---|\n";
for (const name of targets) {
  const r = await target(name);
  md += `| ${name} (${r.version}) | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} | ${r.cpuCores.toFixed(2)} | ${r.payloadBytes} |\n`;
}
console.log(`\n${md}`);
