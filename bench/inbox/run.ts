/**
 * Inbox benchmark (see bench/README.md):
 *
 *   npm run bench:inbox -- [--db server|embedded|both] [--tickets N] [--messages-per-ticket M] [--iterations I]
 *
 * Seeds one shop with N tickets and N×M messages (default 100 000 and 10,
 * so 1 000 000 messages) in a fresh database, then times the inbox route's
 * loader (session token check, agent record, page of tickets, view counts,
 * agents) in a separate process for filter and search scenarios.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freshBenchDatabase, runMeasuringChild } from "../fresh-database";
import { optionReader } from "../options";
import { seedInbox } from "./seed";

const argv = process.argv.slice(2);
const value = optionReader(argv);
const db = value("--db", "both");
const tickets = Number(value("--tickets", "100000"));
const perTicket = Number(value("--messages-per-ticket", "10"));
const iterations = Number(value("--iterations", "100"));
const serverUrl = value("--server-url", "postgresql://postgres@127.0.0.1:5432/postgres");
const log = (line: string) => console.log(`[bench] ${line}`);

interface Scenario {
  kind: string;
  name: string;
  rows: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

async function target(
  name: "server" | "embedded",
): Promise<{ name: string; version: string; seedSeconds: number; results: Scenario[] }> {
  log(`── ${name} ──`);
  const database = await freshBenchDatabase(name, { name: "counterdesk_bench_inbox", serverUrl });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  log(
    `seeding ${tickets.toLocaleString("en")} tickets, ${(tickets * perTicket).toLocaleString("en")} messages…`,
  );
  const started = Date.now();
  await seedInbox(client, { tickets, messagesPerTicket: perTicket, log });
  const seedSeconds = (Date.now() - started) / 1000;
  await client.end();
  log(`measuring (${iterations} requests per scenario)…`);
  const results = (await runMeasuringChild(
    "bench/inbox/measure.ts",
    [],
    { url: database.url, embedded: name === "embedded" },
    { BENCH_ITERATIONS: String(iterations) },
  )) as Scenario[];
  await database.stop();
  return { name, version: database.version, seedSeconds, results };
}

const targets = db === "both" ? (["server", "embedded"] as const) : [db as "server" | "embedded"];
const reports = [];
for (const t of targets) reports.push(await target(t));

const f = (n: number) => n.toFixed(1);
let md = `Machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model.trim()}; Node ${process.version}\n`;
md += `Data: ${tickets.toLocaleString("en")} tickets, ${(tickets * perTicket).toLocaleString("en")} messages in one shop; ${iterations} loader calls per scenario after 5 warm-up calls.\n`;
for (const r of reports) {
  md += `\n###### ${r.name} (${r.version}), seeded in ${r.seedSeconds.toFixed(0)} s\n\n| scenario | rows | p50 ms | p95 ms | p99 ms | target p95 |\n|---|---|---|---|---|---|\n`;
  for (const s of r.results) {
    const target = s.kind === "search" ? 150 : 50;
    md += `| ${s.kind}: ${s.name} | ${s.rows} | ${f(s.p50)} | ${f(s.p95)} | ${f(s.p99)} | ${s.p95 < target ? "met" : "**missed**"} (< ${target}) |\n`;
  }
}
console.log(`\n${md}`);
const out = path.join(".data", "bench", `inbox-${new Date().toISOString().replaceAll(":", "-")}.md`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, md);
log(`results: ${out}`);
process.exit(0);
