import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface RunningDemo {
  appUrl: string;
  simulatorUrl: string;
  output(): string;
  /** The embedded database's lock file (present while the demo owns it). */
  databaseLock: string;
  /** Sends Ctrl-C (SIGINT to the process group) and resolves when it has exited. */
  interrupt(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs the README's `npm run demo` exactly as a person would, on its own
 * ports and embedded-database folder, and waits until it says it is ready.
 */
export async function startDemo(options: { port: number; timeoutMs?: number }): Promise<RunningDemo> {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "counterdesk-demo-")), "postgres");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    EMBEDDED_DATABASE_DIR: dataDir,
  };
  delete env.DATABASE_URL;
  const child = spawn("npm", ["run", "demo"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  let closed = false;
  child.once("close", () => {
    closed = true;
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`demo not ready:\n${output}`)),
      options.timeoutMs ?? 180_000,
    );
    const check = setInterval(() => {
      if (output.includes("Press Ctrl-C to stop.")) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    child.once("exit", (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`demo exited early (${code}):\n${output}`));
    });
  });

  const simulatorUrl = /Simulator:\s+(\S+)/.exec(output)?.[1] ?? "";
  return {
    appUrl: `http://localhost:${options.port}`,
    simulatorUrl,
    output: () => output,
    databaseLock: `${dataDir}.lock`,
    interrupt: () => interrupt(child, () => closed),
  };
}

function interrupt(
  child: ChildProcess,
  isClosed: () => boolean,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const closed = isClosed();
  return new Promise((resolve) => {
    if (closed) return resolve({ code: child.exitCode, signal: child.signalCode });
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 30_000);
    // "close", not "exit": npm exits at the SIGINT at once, while the demo it
    // started is still stopping; the pipes close only once every process of
    // the demo has gone.
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
    process.kill(-child.pid!, "SIGINT");
  });
}

/**
 * Waits until the demo's store has sent no webhook for `quietMs`: the
 * tickets its start-up activity opens, the writes they make to the orders
 * and those writes' webhooks are done, so what a test measures next is not
 * sharing the machine with that work.
 */
export async function waitForQuietDemo(
  demo: RunningDemo,
  quietMs = 3_000,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  let since = Date.now();
  while (Date.now() < deadline) {
    const latest = await (await fetch(`${demo.simulatorUrl}/_simulator/deliveries?limit=5`)).text();
    if (latest !== last) {
      last = latest;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
