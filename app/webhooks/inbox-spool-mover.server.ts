import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Delivery } from "./inbox.server";
import { SEGMENT_FILE, spoolSegments } from "./inbox-spool.server";
import { readSpoolFile } from "./inbox-spool-records";

/**
 * The inbox spool's other half (inbox-spool.server appends): stores each
 * segment's deliveries in the inbox, oldest segment first, and deletes the
 * segment once they are committed. It runs on the worker's thread, so the
 * thread that acknowledges never reads, parses or stores a delivery.
 *
 * A crash between a commit and the deletion stores the segment again on
 * the next start, where the inbox's unique key (shop, webhook id) drops
 * every row already held, as it drops Shopify's redeliveries. A segment the
 * database refuses stays and is tried again RETRY_AFTER_MS later.
 */
export interface InboxSpoolMover {
  /** Stores every segment there is now; rejects if one could not be stored. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** Stores deliveries in the inbox (inbox.server's storeDeliveries). */
export type StoreDeliveries = (deliveries: Delivery[]) => Promise<unknown>;

/** Deliveries per insert. */
const STORE_CHUNK = 100;
const RETRY_AFTER_MS = 1_000;
/**
 * The mover hears of a new segment from the file system at once; this
 * look is only for a notification that never came.
 */
const LOOK_EVERY_MS = 1_000;

export function startInboxSpoolMover(dir: string, store: StoreDeliveries): InboxSpoolMover {
  fs.mkdirSync(dir, { recursive: true });
  let moving: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;

  async function moveAll(): Promise<void> {
    do {
      again = false;
      for (const name of await spoolSegments(dir)) {
        const segment = path.join(dir, name);
        const { deliveries, skipped } = readSpoolFile(name, await fsp.readFile(segment));
        if (skipped > 0)
          console.warn(`[inbox] skipped ${skipped} cut-short record(s) in ${segment} (never acknowledged)`);
        for (let i = 0; i < deliveries.length; i += STORE_CHUNK)
          await store(deliveries.slice(i, i + STORE_CHUNK));
        await fsp.rm(segment);
      }
    } while (again && !stopped);
  }

  function move(): Promise<void> {
    if (moving) {
      again = true;
      return moving;
    }
    moving = moveAll().finally(() => {
      moving = null;
    });
    return moving;
  }

  /** A move whose failure is logged and retried, for the watcher and the timer. */
  function moveOrRetry(): void {
    move().catch((error: unknown) => {
      // The segments stay; the next attempt stores them (the database may be restarting).
      console.error("[inbox] spooled deliveries could not be stored yet:", error);
      if (!stopped && !retry)
        retry = setTimeout(() => {
          retry = null;
          moveOrRetry();
        }, RETRY_AFTER_MS);
    });
  }

  // A new segment arrives as a rename into the folder; the current file's appends are ignored.
  const watcher = fs.watch(dir, (_event, name) => {
    if (!stopped && name !== null && SEGMENT_FILE.test(name)) moveOrRetry();
  });
  watcher.on("error", (error) => console.error("[inbox] watching the spool folder failed:", error));
  const look = setInterval(moveOrRetry, LOOK_EVERY_MS);
  moveOrRetry();

  return {
    async drain() {
      await moving?.catch(() => {});
      await move();
    },
    async stop() {
      stopped = true;
      watcher.close();
      clearInterval(look);
      if (retry) clearTimeout(retry);
      await moving?.catch(() => {});
    },
  };
}
