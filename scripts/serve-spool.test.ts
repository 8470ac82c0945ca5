import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hmacOf } from "../tests/support/shopify-requests";
import { runCommand } from "./lib/database";

/**
 * `npm start` on an embedded database it owns acknowledges deliveries from
 * the inbox spool (app/webhooks/inbox-spool.server): each 200 comes once
 * the delivery is in the spool file, the worker processes it from the
 * inbox, and deliveries acknowledged right before the process is killed
 * are all in the inbox after a restart. Checked as an operator would, with
 * the CLI against the same data folder.
 */
const PORT = 3960;
const SHOP = `spool-${crypto.randomUUID().slice(0, 6)}.myshopify.com`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "serve-spool-"));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "development",
  PORT: String(PORT),
  EMBEDDED_DATABASE_DIR: path.join(dataDir, "postgres"),
};
delete env.DATABASE_URL;

let serve: ChildProcess | null = null;

function startServe(): ChildProcess {
  // Its own process group: tsx runs the server in a child process, and a kill must take both.
  serve = spawn("tsx", ["scripts/serve.ts"], { env, stdio: "ignore", detached: true });
  return serve;
}

function kill(child: ChildProcess | null, signal: NodeJS.Signals) {
  try {
    if (child?.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Nice values of the threads of the processes running serve.ts in this
 * process group (tsx's and the Node child it starts): their main threads',
 * and how many threads run at nice 10.
 */
function threadPriorities(group: number): { main: number[]; belowNormal: number } {
  const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  const serving = fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const inGroup = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === group;
        return inGroup && fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("scripts/serve.ts");
      } catch {
        return false;
      }
    });
  const tasks = serving.flatMap((pid) =>
    fs.readdirSync(`/proc/${pid}/task`).map((tid) => ({
      main: tid === pid,
      nice: niceOf(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8")),
    })),
  );
  const node = tasks.filter((t) => t.main);
  return { main: node.map((t) => t.nice), belowNormal: tasks.filter((t) => t.nice === 10).length };
}

const listening = () =>
  waitFor(async () =>
    (await fetch(`http://127.0.0.1:${PORT}/webhooks/events`)).status === 405 ? true : null,
  );

/** A signed delivery whose body is not JSON: the worker keeps it as failed, with the reason. */
function deliver(n: number): Promise<Response> {
  const body = `not json ${n}`;
  return fetch(`http://127.0.0.1:${PORT}/webhooks/events`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": "orders/updated",
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-API-Version": "2026-01",
      "X-Shopify-Webhook-Id": `spooled-${n}`,
      "X-Shopify-Hmac-Sha256": hmacOf(body),
    },
    body,
  });
}

function cli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("tsx", ["scripts/cli.ts", ...args], { env });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`cli exited ${code}`))));
  });
}

const failedEvents = async () =>
  JSON.parse(await cli(["webhooks", "list", "--shop", SHOP, "--status", "failed", "--json"])) as {
    webhookId: string;
    error: string;
  }[];

beforeAll(async () => {
  if (inject("embeddedDatabase")) await runCommand("remix", ["vite:build"], { quiet: true });
});

afterAll(() => {
  kill(serve, "SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// It starts its own embedded database either way: once, in the embedded suite, is enough.
describe.runIf(inject("embeddedDatabase"))("npm start on its own embedded database", () => {
  it("acknowledges from the spool and loses nothing acknowledged before a kill", async () => {
    startServe();
    await listening();
    // The thread that acknowledges keeps its priority; the database's and the worker's run below it.
    const priorities = await waitFor(async () => {
      const found = threadPriorities(serve!.pid!);
      return found.belowNormal === 2 ? found : null;
    });
    expect(priorities.main.length).toBeGreaterThan(0);
    expect(priorities.main.every((nice) => nice === 0)).toBe(true);
    for (let n = 0; n < 5; n++) expect((await deliver(n)).status).toBe(200);
    const first = await waitFor(async () => {
      const events = await failedEvents();
      return events.length === 5 ? events : null;
    });
    expect(first[0].error).toContain("The payload is not JSON");

    // Acknowledged, then the process and its database die at once.
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => deliver(100 + i)));
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
    kill(serve, "SIGKILL");
    await new Promise((resolve) => serve!.once("exit", resolve));

    startServe();
    await listening();
    const all = await waitFor(async () => {
      const events = await failedEvents();
      return events.length === 45 ? events : null;
    });
    expect(new Set(all.map((e) => e.webhookId)).size).toBe(45);

    // Acknowledged right before a clean stop: the worker's thread stores them before the database stops.
    const late = await Promise.all(Array.from({ length: 10 }, (_, i) => deliver(200 + i)));
    expect(late.map((a) => a.status)).toEqual(Array(10).fill(200));
    kill(serve, "SIGTERM");
    await new Promise((resolve) => serve!.once("exit", resolve));
    const stored = JSON.parse(await cli(["webhooks", "list", "--shop", SHOP, "--json"])) as {
      webhookId: string;
    }[];
    expect(stored.filter((e) => /^spooled-2\d\d$/.test(e.webhookId))).toHaveLength(10);
    // Stopped cleanly: everything spooled is in the inbox, nothing is left to move.
    expect(fs.readdirSync(`${env.EMBEDDED_DATABASE_DIR}.inbox-spool`)).toEqual([]);
  }, 240_000);
});
