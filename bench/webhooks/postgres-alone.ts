/**
 * What the PostgreSQL server alone spends to store webhook deliveries the
 * way the inbox does, with no Node at all: pgbench sends the inbox's own
 * group insert (app/webhooks/inbox.server.ts: one multi-row INSERT … ON
 * CONFLICT DO NOTHING per group, committed on its own) of the webhook
 * bench's payloads, as fast as the server takes them.
 *
 *   npm run bench:postgres-alone -- [--seconds 10] [--group 16] [--clients 4]
 *     [--without-dedup] [--bare-rate 12000 --bare-cores 1.7] [--server-url URL]
 *
 * The result is CPU per stored delivery, the machine's busy time less
 * pgbench's own. With `--bare-rate` and `--bare-cores` (the bare route's
 * closed loop and its CPU row from `npm run bench:webhooks -- --db none
 * --phases max`, run just before or after) it also prints the most a
 * webhook route could acknowledge if it stored every delivery this way
 * before its 200: every core busy, the route costing no more than the bare
 * one, and nothing else running. `--without-dedup` inserts into a copy of
 * the table with no index and no conflict check instead.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freshBenchDatabase } from "../fresh-database";
import { optionReader } from "../options";
import { cpuBetween, cpuSnapshot } from "./cpu";
import { webhookBodies } from "./payloads";
import { SHOP } from "./stack";

const argv = process.argv.slice(2);
const value = optionReader(argv);
const seconds = Number(value("--seconds", "10"));
const group = Number(value("--group", "16"));
const clients = Number(value("--clients", "4"));
const withoutDedup = argv.includes("--without-dedup");
const bareRate = Number(value("--bare-rate", "0"));
const bareCores = Number(value("--bare-cores", "0"));
const log = (line: string) => console.log(`[bench] ${line}`);
for (const [name, n] of Object.entries({ "--seconds": seconds, "--group": group, "--clients": clients })) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1`);
}

const COLUMNS = `"id", "shopDomain", "topic", "webhookId", "eventId", "triggeredAt", "apiVersion", "payload", "source", "receivedAt"`;
const LANDING = "WebhookEventLanding";

/** pgbench on PATH, or where Debian's server packages put it. */
function findPgbench(): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, "pgbench"))) return path.join(dir, "pgbench");
  }
  const debian = "/usr/lib/postgresql";
  const versions = fs.existsSync(debian) ? fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const candidate = path.join(debian, v, "bin", "pgbench");
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error("pgbench not found: install PostgreSQL's client programs or put pgbench on PATH");
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * One transaction of the script: the inbox's statement for `group`
 * deliveries, with literals where the app binds parameters (pgbench's
 * variables hold numbers only). `:r` makes every webhook id new.
 */
function script(bodies: { topic: string; eventId: string; body: string }[]): string {
  const rows = Array.from({ length: group }, (_, i) => {
    const d = bodies[i % bodies.length];
    return `('wh_' || :r || '_${i}', ${literal(SHOP)}, ${literal(d.topic)}, :r || '-${i}', ${literal(d.eventId)}, ${literal(new Date().toISOString())}::timestamp(3), '2026-01', ${literal(d.body)}, 'webhook', now() AT TIME ZONE 'UTC')`;
  });
  const table = withoutDedup ? LANDING : "WebhookEvent";
  const conflict = withoutDedup ? "" : ` ON CONFLICT ("shopDomain", "webhookId") DO NOTHING`;
  return `\\set r random(1, 9000000000000000000)\nINSERT INTO "${table}" (${COLUMNS}) VALUES ${rows.join(", ")}${conflict} RETURNING "id";\n`;
}

/** Runs pgbench; resolves its output and the CPU seconds it used itself. */
function pgbench(args: string[]): Promise<{ output: string; cpuSeconds: number }> {
  // bash's `times` prints the CPU its children used: pgbench's own, which is not PostgreSQL's.
  const child = spawn("bash", ["-c", '"$0" "$@"; status=$?; times; exit $status', findPgbench(), ...args]);
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`pgbench failed (${code}):\n${output}`));
      const children = output.trim().split("\n").at(-1) ?? "";
      const cpuSeconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
        (sum, m) => sum + Number(m[1]) * 60 + Number(m[2]),
        0,
      );
      resolve({ output, cpuSeconds });
    });
  });
}

const db = await freshBenchDatabase("server", {
  name: "counterdesk_bench_pg",
  serverUrl: value("--server-url", "postgresql://postgres@127.0.0.1:5432/postgres"),
});
try {
  if (withoutDedup) {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(
      `CREATE TABLE "${LANDING}" (LIKE "WebhookEvent" INCLUDING DEFAULTS INCLUDING COMPRESSION)`,
    );
    await client.end();
  }
  const bodies = await webhookBodies(2_000);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "counterdesk-pgbench-")), "insert.sql");
  fs.writeFileSync(file, script(bodies.slice(0, group)));
  const common = ["-n", "-M", "simple", "-j", "1", "-f", file];
  log("warming up for 3 s…");
  await pgbench([...common, "-c", String(clients), "-T", "3", db.url]);
  log(
    `${clients} clients, groups of ${group}, ${seconds} s${withoutDedup ? ", no index, no conflict check" : ""}…`,
  );
  const before = cpuSnapshot([]);
  const run = await pgbench([...common, "-c", String(clients), "-T", String(seconds), db.url]);
  const cpu = cpuBetween(before, cpuSnapshot([]));
  const elapsed = seconds; // pgbench's -T: close enough next to start-up in milliseconds
  const tps = Number(/tps = ([\d.]+)/.exec(run.output)?.[1]);
  const stored = tps * group;
  const busy = cpu.machine - run.cpuSeconds / elapsed;
  const microsPerDelivery = (busy / stored) * 1e6;
  let md = `Machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model.trim()}; ${db.version}\n\n`;
  md +=
    "| statement | stored per second | busy cores, less pgbench's | CPU per stored delivery (µs) |\n|---|---|---|---|\n";
  md += `| ${withoutDedup ? "insert, no index, no conflict check" : "the inbox's insert"}, groups of ${group}, ${clients} clients | ${stored.toFixed(0)} | ${busy.toFixed(2)} (pgbench ${(run.cpuSeconds / elapsed).toFixed(2)}) | ${microsPerDelivery.toFixed(0)} |\n`;
  if (bareRate > 0 && bareCores > 0) {
    const bareMicros = (bareCores / bareRate) * 1e6;
    const ceiling = (os.availableParallelism() / (bareMicros + microsPerDelivery)) * 1e6;
    md += `\nBare route: ${bareRate}/s at ${bareCores} cores, ${bareMicros.toFixed(0)} µs a delivery. Storing each delivery this way before its 200 costs ${(bareMicros + microsPerDelivery).toFixed(0)} µs: at most ${ceiling.toFixed(0)}/s on ${os.availableParallelism()} cores, ${((ceiling / bareRate) * 100).toFixed(0)}% of the bare route.\n`;
  }
  console.log(`\n${md}`);
} finally {
  await db.stop();
}
