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
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate, openDatabase } from "../../scripts/lib/database";
import { seedInbox } from "./seed";

const argv = process.argv.slice(2);
const value = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i === -1 ? fallback : (argv[i + 1] ?? fallback);
};
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
  let url: string;
  let stop = async () => {};
  if (name === "server") {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS counterdesk_bench_inbox WITH (FORCE)`);
    await admin.query(`CREATE DATABASE counterdesk_bench_inbox`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = "/counterdesk_bench_inbox";
    url = u.toString();
    await migrate({ url, embedded: false }, { quiet: true });
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "counterdesk-bench-inbox-"));
    const embedded = await openDatabase({ NODE_ENV: "development" } as NodeJS.ProcessEnv, {
      dataDir: path.join(dir, "postgres"),
    });
    url = embedded.url;
    stop = embedded.stop;
    await migrate(embedded, { quiet: true });
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const version = (await client.query("SELECT version()")).rows[0].version.split(" on ")[0];
  log(
    `seeding ${tickets.toLocaleString("en")} tickets, ${(tickets * perTicket).toLocaleString("en")} messages…`,
  );
  const started = Date.now();
  await seedInbox(client, { tickets, messagesPerTicket: perTicket, log });
  const seedSeconds = (Date.now() - started) / 1000;
  await client.end();
  log(`measuring (${iterations} requests per scenario)…`);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn("tsx", ["bench/inbox/measure.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        COUNTERDESK_EMBEDDED_DATABASE: name === "embedded" ? "1" : "0",
        NODE_ENV:
          "production" === process.env.NODE_ENV ? "development" : (process.env.NODE_ENV ?? "development"),
        SHOPIFY_API_KEY: "bench-key",
        SHOPIFY_API_SECRET: "bench-secret",
        SHOPIFY_APP_URL: "http://localhost:3999",
        BENCH_ITERATIONS: String(iterations),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`measure exited ${code}`))));
  });
  await stop();
  const line = output.trim().split("\n").at(-1) ?? "[]";
  return { name, version, seedSeconds, results: JSON.parse(line) as Scenario[] };
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
