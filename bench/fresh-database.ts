/**
 * What the benches that measure in a child process share: a fresh
 * database of either kind, migrated as a deploy would, and the child that
 * measures against it and prints its results as its last line of output.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate, openDatabase } from "../scripts/lib/database";

export interface BenchDatabase {
  url: string;
  /** "PostgreSQL 15.20 (…)", as `SELECT version()` starts. */
  version: string;
  stop(): Promise<void>;
}

/**
 * The server's `name` database, dropped and created again, or an embedded
 * database in a temporary folder (removed by `stop`).
 */
export async function freshBenchDatabase(
  kind: "server" | "embedded",
  options: { name: string; serverUrl: string },
): Promise<BenchDatabase> {
  let url: string;
  let stop = async () => {};
  if (kind === "server") {
    const admin = new pg.Client({ connectionString: options.serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${options.name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${options.name}"`);
    await admin.end();
    const u = new URL(options.serverUrl);
    u.pathname = `/${options.name}`;
    url = u.toString();
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${options.name}-`));
    const embedded = await openDatabase({ NODE_ENV: "development" } as NodeJS.ProcessEnv, {
      dataDir: path.join(dir, "postgres"),
    });
    url = embedded.url;
    stop = async () => {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  await migrate({ url, embedded: kind === "embedded" }, { quiet: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const version = (await client.query("SELECT version()")).rows[0].version.split(" on ")[0];
  await client.end();
  return { url, version, stop };
}

/**
 * Runs `tsx script args` against the database (the app's modules read
 * DATABASE_URL when first used) and returns its last line of output, parsed
 * as JSON.
 */
export function runMeasuringChild(
  script: string,
  args: string[],
  db: { url: string; embedded: boolean },
  env: Record<string, string> = {},
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn("tsx", [script, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        COUNTERDESK_EMBEDDED_DATABASE: db.embedded ? "1" : "0",
        NODE_ENV: "development",
        SHOPIFY_API_KEY: "bench-key",
        SHOPIFY_API_SECRET: "bench-secret",
        SHOPIFY_APP_URL: "http://localhost:3999",
        ...env,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${script} exited ${code}`));
      try {
        resolve(JSON.parse(text.trim().split("\n").at(-1) ?? ""));
      } catch (error) {
        reject(error);
      }
    });
  });
}
