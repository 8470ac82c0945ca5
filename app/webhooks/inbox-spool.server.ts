import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Delivery } from "./inbox.server";

/**
 * The inbox's spool on the embedded database. There one PGlite session
 * serves everything, and a worker batch's transaction holds it: a delivery
 * acknowledged only after its insert waited behind that transaction (at
 * 300 deliveries a second the acknowledgements' p99 was 150-240 ms, where
 * Shopify allows 5 s and the target is 50 ms).
 *
 * A spooled delivery is made durable by appending it to a file and is
 * acknowledged at once; a mover then stores spooled deliveries in the inbox
 * in groups (storeDeliveries) and deletes a segment only once its rows are
 * committed. That is the embedded database's own durability: its writes
 * reach the operating system without fsync, so a killed process loses
 * neither them nor the spool, a lost machine may lose both. A crash between
 * a group's commit and its segment's deletion stores the segment again on
 * the next start, where the inbox's unique key (shop, webhook id) drops
 * every row already held, as it drops Shopify's redeliveries.
 *
 * Files, in the spool's folder: `current.ndjson` receives appends, one
 * JSON line per delivery; the mover renames it to a numbered segment
 * before reading, so appends never mix with a segment being stored.
 */
export interface InboxSpool {
  /** Resolves once the delivery is in the spool file. */
  append(delivery: Delivery): Promise<void>;
  /** Stores everything appended so far in the inbox (shutdown, tests). */
  drain(): Promise<void>;
  /** Stops moving and closes the file; what is left is moved on the next open. */
  close(): Promise<void>;
}

/** Stores deliveries in the inbox (inbox.server's storeDeliveries). */
export type StoreDeliveries = (deliveries: Delivery[]) => Promise<unknown>;

const CURRENT = "current.ndjson";
const SEGMENT = /^(\d{16})\.ndjson$/;
/**
 * Deliveries parsed and stored per insert. Small enough that parsing them
 * and building the statement never holds the event loop, which also
 * acknowledges, for more than a few milliseconds.
 */
const STORE_CHUNK = 100;
const RETRY_AFTER_MS = 1_000;
const MOVE_EVERY_MS = 150;

export async function openInboxSpool(dir: string, store: StoreDeliveries): Promise<InboxSpool> {
  await fsp.mkdir(dir, { recursive: true });
  let segmentNumber = Math.max(Date.now() * 1000, ...(await segments(dir)).map(Number)) + 1;
  const nextSegment = () => path.join(dir, `${String(segmentNumber++).padStart(16, "0")}.ndjson`);

  // What a process that stopped left in the current file is a segment like any other.
  const currentPath = path.join(dir, CURRENT);
  if (fs.existsSync(currentPath) && fs.statSync(currentPath).size > 0)
    await fsp.rename(currentPath, nextSegment());
  let file = await fsp.open(currentPath, "a");
  let unmovedBytes = 0;

  let waiting: { line: string; resolve(): void; reject(error: unknown): void }[] = [];
  let writing: Promise<void> | null = null;
  let rotating: Promise<void> | null = null;
  let closed = false;
  /** A failed write may have left part of a line: the next write starts on a new line. */
  let tornTail = false;

  /** Writes the waiting lines in one write; appends arriving meanwhile go in the next. */
  async function writeWaiting(): Promise<void> {
    while (waiting.length > 0) {
      // Never into a file being turned into a segment.
      if (rotating) await rotating;
      const group = waiting;
      waiting = [];
      const bytes = Buffer.from((tornTail ? "\n" : "") + group.map((w) => w.line).join(""));
      try {
        const { bytesWritten } = await file.write(bytes);
        unmovedBytes += bytesWritten;
        // A short write leaves a torn line, which the mover skips: its callers get an error (Shopify retries).
        if (bytesWritten !== bytes.length) throw new Error(`wrote ${bytesWritten} of ${bytes.length} bytes`);
        tornTail = false;
        for (const w of group) w.resolve();
        if (!closed) moveSoon();
      } catch (error) {
        tornTail = true;
        for (const w of group) w.reject(error);
      }
    }
  }

  function write(): void {
    if (writing) return;
    writing = writeWaiting().finally(() => {
      writing = null;
      // Appended after the loop's last look and before this: write them too.
      if (waiting.length > 0) write();
    });
  }

  /** Turns the current file into a segment, between two writes. */
  async function rotate(): Promise<void> {
    while (writing) await writing;
    if (unmovedBytes === 0) return;
    // Set before any await: a write starting from here waits for the new file.
    rotating = (async () => {
      await file.close();
      try {
        await fsp.rename(currentPath, nextSegment());
        unmovedBytes = 0;
      } finally {
        // Renamed or not, appends go on into a current file.
        file = await fsp.open(currentPath, "a");
      }
    })();
    try {
      await rotating;
    } finally {
      rotating = null;
    }
  }

  let moving: Promise<void> | null = null;
  let again = false;
  let retry: NodeJS.Timeout | null = null;

  async function moveAll(): Promise<void> {
    do {
      again = false;
      await rotate();
      for (const name of await segments(dir)) {
        const segment = path.join(dir, `${name}.ndjson`);
        const lines = (await fsp.readFile(segment, "utf8")).split("\n");
        for (let i = 0; i < lines.length; i += STORE_CHUNK) {
          const deliveries = parseLines(lines.slice(i, i + STORE_CHUNK), segment);
          if (deliveries.length > 0) await store(deliveries);
        }
        await fsp.rm(segment);
      }
    } while (again && !closed);
  }

  function move(): Promise<void> {
    if (moving) {
      again = true;
      return moving;
    }
    moving = moveAll()
      .catch((error: unknown) => {
        // The segments stay; the next attempt stores them (the database may be restarting).
        console.error("[inbox] spooled deliveries could not be stored yet:", error);
        if (!closed && !retry)
          retry = setTimeout(() => {
            retry = null;
            void move();
          }, RETRY_AFTER_MS);
      })
      .finally(() => {
        moving = null;
      });
    return moving;
  }

  /**
   * Moves at most every MOVE_EVERY_MS after an append: a move costs several
   * file operations and a statement whether it carries one delivery or a
   * hundred, and at hundreds of deliveries a second moving after each write
   * was most of the spool's cost. Every 20 ms, the database's one thread
   * still spent more on many small inserts than on a few larger ones; a
   * delivery now waits up to 150 ms to be stored, far less than the
   * processing after it.
   */
  let soon: NodeJS.Timeout | null = null;
  function moveSoon(): void {
    soon ??= setTimeout(() => {
      soon = null;
      void move();
    }, MOVE_EVERY_MS);
  }

  void move();

  return {
    append(delivery) {
      if (closed) return Promise.reject(new Error("The inbox spool is closed"));
      return new Promise<void>((resolve, reject) => {
        waiting.push({ line: `${JSON.stringify(delivery)}\n`, resolve, reject });
        write();
      });
    },
    async drain() {
      while (writing || moving) {
        await writing;
        await moving;
      }
      await move();
      if ((await segments(dir)).length > 0 || unmovedBytes > 0)
        throw new Error("The inbox spool could not be stored: its deliveries stay for the next start");
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      if (soon) clearTimeout(soon);
      await writing;
      await moving;
      await rotating;
      await file.close();
    },
  };
}

async function segments(dir: string): Promise<string[]> {
  return (await fsp.readdir(dir))
    .map((name) => SEGMENT.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort();
}

/**
 * Deliveries from a segment's lines. A line that does not parse can only be
 * the torn end of a write whose callers were answered with an error (or
 * never answered, the process having died), so it is skipped.
 */
function parseLines(lines: string[], segment: string): Delivery[] {
  const deliveries: Delivery[] = [];
  for (const line of lines) {
    if (line === "") continue;
    try {
      const parsed = JSON.parse(line) as Delivery & { triggeredAt: string | null };
      deliveries.push({ ...parsed, triggeredAt: parsed.triggeredAt ? new Date(parsed.triggeredAt) : null });
    } catch {
      console.warn(`[inbox] skipped a torn line in ${segment} (never acknowledged)`);
    }
  }
  return deliveries;
}
