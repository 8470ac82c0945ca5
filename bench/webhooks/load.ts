/**
 * The bench's HTTP client: undici's Pool (the HTTP/1.1 client behind Node's
 * fetch) with keep-alive connections to one 127.0.0.1 origin. Two shapes:
 * an open loop at a fixed offered rate, and a closed loop of N connections
 * each sending its next delivery as soon as the last one is answered. Both
 * stop at the end of the list or of the time budget, whichever comes first.
 */
import { Pool } from "undici";
import type { Delivery } from "./traffic";

/** Shopify gives up on a delivery after 5 s. */
const TIMEOUT_MS = 5_000;

export interface Sample {
  index: number;
  /** HTTP status, or 0 when the request failed or timed out. */
  status: number;
  /** Epoch ms when the request was handed to the client (open loop: its scheduled time). */
  sentAt: number;
  /** Acknowledgement latency: from sentAt until the response body was read. */
  latencyMs: number;
  error?: string;
}

export interface LoadResult {
  mode: "fixed" | "max";
  offeredRate: number | null;
  connections: number;
  samples: Sample[];
  /** Wall time from the first send to the last answer. */
  elapsedMs: number;
  /** Open loop: how far behind schedule the client fell at worst (its own lag, ms). */
  maxScheduleLagMs: number;
  /** Closed loop: every delivery was sent before the time was up (raise --max-deliveries). */
  ranOut: boolean;
}

function assertLocal(origin: string): void {
  const host = new URL(origin).hostname;
  if (host !== "127.0.0.1") throw new Error(`The bench only sends to 127.0.0.1, not ${host}`);
}

function createPool(origin: string, connections: number): Pool {
  assertLocal(origin);
  return new Pool(origin, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: TIMEOUT_MS,
    bodyTimeout: TIMEOUT_MS,
  });
}

const epochNow = () => performance.timeOrigin + performance.now();

async function send(pool: Pool, delivery: Delivery, index: number, sentAt: number): Promise<Sample> {
  try {
    const response = await pool.request({
      path: delivery.path,
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body.dump();
    return { index, status: response.statusCode, sentAt, latencyMs: epochNow() - sentAt };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { index, status: 0, sentAt, latencyMs: epochNow() - sentAt, error: message };
  }
}

/**
 * Open loop: delivery i is due at start + i/rate whatever happened to the
 * earlier ones, and its latency counts from when it was due (a slow server
 * cannot hide its queue by slowing the client down).
 */
export async function fixedRate(
  origin: string,
  deliveries: Delivery[],
  options: { rate: number; seconds: number; connections?: number },
): Promise<LoadResult> {
  const connections = options.connections ?? 256;
  const pool = createPool(origin, connections);
  const count = Math.min(deliveries.length, Math.floor(options.rate * options.seconds));
  const interval = 1000 / options.rate;
  const pending: Promise<Sample>[] = [];
  let maxLag = 0;
  const start = epochNow() + 5;
  let next = 0;
  while (next < count) {
    const now = epochNow();
    while (next < count && start + next * interval <= now) {
      const due = start + next * interval;
      maxLag = Math.max(maxLag, now - due);
      pending.push(send(pool, deliveries[next], next, due));
      next++;
    }
    if (next < count) {
      const wait = start + next * interval - epochNow();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(wait, 5))));
    }
  }
  const samples = await Promise.all(pending);
  const elapsedMs = Math.max(...samples.map((s) => s.sentAt + s.latencyMs)) - start;
  await pool.close();
  return {
    mode: "fixed",
    offeredRate: options.rate,
    connections,
    samples,
    elapsedMs,
    maxScheduleLagMs: maxLag,
    ranOut: false,
  };
}

/**
 * Closed loop: `connections` senders, each with one request in flight, until
 * the time or the list runs out. `cycle` starts the list over (for the bare
 * route, which stores nothing): sample indexes then run past the list.
 */
export async function maxRate(
  origin: string,
  deliveries: Delivery[],
  options: { connections: number; seconds: number; cycle?: boolean },
): Promise<LoadResult> {
  const pool = createPool(origin, options.connections);
  const samples: Sample[] = [];
  const start = epochNow();
  const end = start + options.seconds * 1000;
  let next = 0;
  const sender = async () => {
    while ((options.cycle || next < deliveries.length) && epochNow() < end) {
      const index = next++;
      samples.push(await send(pool, deliveries[index % deliveries.length], index, epochNow()));
    }
  };
  await Promise.all(Array.from({ length: options.connections }, sender));
  const elapsedMs = epochNow() - start;
  await pool.close();
  samples.sort((a, b) => a.index - b.index);
  return {
    mode: "max",
    offeredRate: null,
    connections: options.connections,
    samples,
    elapsedMs,
    maxScheduleLagMs: 0,
    ranOut: !options.cycle && next >= deliveries.length && elapsedMs < options.seconds * 1000 - 50,
  };
}
