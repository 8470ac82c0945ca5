/**
 * What a message costs as its ticket's thread grows:
 *
 *   npm run bench:long-thread -- [--db server|embedded|both] [--messages 2000]
 *
 * A ticket that follows an order gets a system message for each event on
 * it, so a busy order's ticket grows a long thread. One ticket, then
 * `--messages` system messages inserted one at a time (each its own
 * statement and commit, as the worker adds them), timed in windows of 100:
 * the mean insert time of the first window and of the last shows whether a
 * message's cost depends on the thread before it (the search index's
 * trigger, for one, runs on every insert). On a fresh database migrated as
 * a deploy would.
 */
import os from "node:os";
import { freshBenchDatabase, runMeasuringChild } from "../fresh-database";
import { optionReader } from "../options";

const argv = process.argv.slice(2);
const value = optionReader(argv);
const messages = Number(value("--messages", "2000"));
const WINDOW = 100;
const log = (line: string) => console.log(`[bench] ${line}`);

/** Mean insert time (ms) of each window of WINDOW messages, in thread order. */
type Result = { windowMeansMs: number[] };

if (argv.includes("--measure")) {
  console.log(JSON.stringify(await measure()));
  process.exit(0);
}

/** In a child process whose DATABASE_URL is the target's. */
async function measure(): Promise<Result> {
  const { default: prisma } = await import("../../app/db.server");
  const shop = "long-thread.myshopify.com";
  await prisma.shop.create({ data: { domain: shop } });
  const ticket = await prisma.ticket.create({
    data: { shopDomain: shop, number: 1, subject: "Order #1001 was cancelled", channel: "shopify", tags: [] },
  });
  const windowMeansMs: number[] = [];
  let windowMs = 0;
  for (let i = 1; i <= messages; i++) {
    const started = performance.now();
    await prisma.message.create({
      data: {
        shopDomain: shop,
        ticketId: ticket.id,
        kind: "system",
        authorType: "system",
        body: `Order #1001 was refunded ${(i % 90) + 10}.00 EUR: ${i % 2 ? "damaged in transit" : "wrong size"}`,
      },
    });
    windowMs += performance.now() - started;
    if (i % WINDOW === 0) {
      windowMeansMs.push(windowMs / WINDOW);
      windowMs = 0;
    }
  }
  await prisma.$disconnect();
  return { windowMeansMs };
}

const db = value("--db", "both");
const targets = db === "both" ? (["server", "embedded"] as const) : [db as "server" | "embedded"];
let md = `Machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model.trim()}; Node ${process.version}; ${messages} messages on one ticket\n\n`;
md += `| database | messages 1–${WINDOW}: mean insert (ms) | messages ${messages - WINDOW + 1}–${messages}: mean insert (ms) |\n|---|---|---|\n`;
for (const name of targets) {
  log(`── ${name}: ${messages} messages on one ticket…`);
  const target = await freshBenchDatabase(name, {
    name: "counterdesk_bench_thread",
    serverUrl: value("--server-url", "postgresql://postgres@127.0.0.1:5432/postgres"),
  });
  const { windowMeansMs } = (await runMeasuringChild("bench/tickets/long-thread.ts", ["--measure", ...argv], {
    url: target.url,
    embedded: name === "embedded",
  })) as Result;
  await target.stop();
  md += `| ${name} (${target.version}) | ${windowMeansMs[0].toFixed(2)} | ${windowMeansMs.at(-1)?.toFixed(2)} |\n`;
}
console.log(`\n${md}`);
