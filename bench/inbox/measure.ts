/**
 * Runs in its own process against a seeded database (DATABASE_URL): the
 * inbox route's real loader, authenticated with session tokens the simulator
 * mints, timed per scenario. Prints one JSON line of results.
 */
import { BROWSER_USER_AGENT, hostParam } from "../../scripts/lib/demo-install";
import { startSimulator } from "../../simulator/server";
import { BENCH_SHOP } from "./seed";

const iterations = Number(process.env.BENCH_ITERATIONS ?? 100);
const simulator = await startSimulator({
  port: 0,
  apiKey: process.env.SHOPIFY_API_KEY ?? "",
  apiSecret: process.env.SHOPIFY_API_SECRET ?? "",
  appUrl: process.env.SHOPIFY_APP_URL ?? "",
  shops: [{ domain: BENCH_SHOP, orders: 1, customers: 1, installed: true }],
});
process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
const { loader } = await import("../../app/routes/app.tickets._index");

async function load(
  query: string,
): Promise<{ ms: number; data: { page: { nextCursor?: string | null; rows?: unknown[] } } }> {
  const url = new URL(`/app/tickets?${query}`, process.env.SHOPIFY_APP_URL);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", BENCH_SHOP);
  url.searchParams.set("host", hostParam(BENCH_SHOP));
  url.searchParams.set("id_token", await simulator.mintSessionToken(BENCH_SHOP, { userId: "1002" }));
  const request = new Request(url, { headers: { "User-Agent": BROWSER_USER_AGENT } });
  const started = performance.now();
  const data = (await loader({ request, params: {}, context: {} })) as {
    page: { nextCursor?: string | null };
  };
  return { ms: performance.now() - started, data };
}

const first = await load("view=all");
const cursor = first.data.page.nextCursor ?? "";
const SCENARIOS: { kind: "inbox" | "search"; name: string; query: string }[] = [
  { kind: "inbox", name: "Open view (default)", query: "" },
  { kind: "inbox", name: "All, second page (cursor)", query: `view=all&cursor=${cursor}` },
  { kind: "inbox", name: "Mine", query: "view=mine" },
  {
    kind: "inbox",
    name: "All: open + high + tag refund",
    query: "view=all&status=open&priority=high&tag=refund",
  },
  { kind: "inbox", name: "All: order #51234", query: "view=all&order=%2351234" },
  { kind: "inbox", name: "All, sorted by priority", query: "view=all&sort=priority" },
  { kind: "search", name: "common word: refund", query: "view=all&q=refund" },
  { kind: "search", name: "two words: parcel damaged", query: "view=all&q=parcel+damaged" },
  { kind: "search", name: "customer email", query: "view=all&q=customer1234%40example.com" },
  { kind: "search", name: "customer name: Jane Doe", query: "view=all&q=jane+doe" },
  { kind: "search", name: "order name #51234", query: "view=all&q=%2351234" },
  { kind: "search", name: "rare word: zeppelin", query: "view=all&q=zeppelin" },
];

const results = [];
for (const scenario of SCENARIOS) {
  for (let i = 0; i < 5; i++) await load(scenario.query);
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < iterations; i++) {
    const { ms, data } = await load(scenario.query);
    times.push(ms);
    rows = data.page.rows?.length ?? 0;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  results.push({ ...scenario, rows, p50: at(50), p95: at(95), p99: at(99), max: times.at(-1) });
}
console.log(JSON.stringify(results));
await simulator.close();
process.exit(0);
