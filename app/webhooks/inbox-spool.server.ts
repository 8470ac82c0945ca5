import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { spoolRecord } from "./inbox-spool-records";
import type { VerifiedDelivery } from "./verify.server";

/**
 * The inbox's spool on the embedded database, the half that acknowledges.
 * There one PGlite session serves everything, and a worker batch's
 * transaction holds it: a delivery acknowledged only after its insert
 * waited behind that transaction (at 300 deliveries a second the
 * acknowledgements' p99 was 150-240 ms, where Shopify allows 5 s and the
 * target is 50 ms).
 *
 * A spooled delivery is made durable by appending it to a file and is
 * acknowledged at once; the mover (inbox-spool-mover.server, on the
 * worker's thread) stores it in the inbox. That is the embedded database's
 * own durability: its writes reach the operating system without fsync, so
 * a killed process loses neither them nor the spool, a lost machine may
 * lose both.
 *
 * Files, in the spool's folder: `current.spool` receives appends (records
 * as inbox-spool-records writes them); at most every ROTATE_EVERY_MS after
 * a write, and on close, this side renames it to a numbered segment, which
 * from then on belongs to the mover. Appends never reach a segment, and the
 * mover never touches the current file.
 */
export interface InboxSpool {
  /** Resolves once the delivery is in the spool file. */
  append(delivery: VerifiedDelivery): Promise<void>;
  /** Stops appending and turns what was appended into a segment for the mover. */
  close(): Promise<void>;
}

export const CURRENT_FILE = "current.spool";
/** A process of the spool's first format may have left this current file behind. */
export const LEGACY_CURRENT_FILE = "current.ndjson";
/** Segments, in the order they were written: 16-digit numbers, with either format's extension. */
export const SEGMENT_FILE = /^(\d{16})\.(spool|ndjson)$/;

/**
 * How often, at most, appends become a segment: a segment costs a close, a
 * rename, an open and a statement in the mover whether it carries one
 * delivery or a hundred. A delivery waits up to this long before the mover
 * sees it, far less than the processing after it.
 */
export const ROTATE_EVERY_MS = 150;

export async function openInboxSpool(dir: string): Promise<InboxSpool> {
  await fsp.mkdir(dir, { recursive: true });
  let segmentNumber = Math.max(Date.now() * 1000, ...(await segmentNumbers(dir))) + 1;
  const nextSegment = (extension = "spool") =>
    path.join(dir, `${String(segmentNumber++).padStart(16, "0")}.${extension}`);

  // What a process that stopped left in a current file is a segment like any other.
  for (const [name, extension] of [
    [LEGACY_CURRENT_FILE, "ndjson"],
    [CURRENT_FILE, "spool"],
  ]) {
    const leftover = path.join(dir, name);
    if (fs.existsSync(leftover) && fs.statSync(leftover).size > 0)
      await fsp.rename(leftover, nextSegment(extension));
    else fs.rmSync(leftover, { force: true });
  }
  const currentPath = path.join(dir, CURRENT_FILE);
  let fd = fs.openSync(currentPath, "a");
  let unrotatedBytes = 0;

  let waiting: { record: Buffer[]; resolve(): void; reject(error: unknown): void }[] = [];
  let flushing: NodeJS.Immediate | null = null;
  let closed = false;
  /** A failed write may have left part of a record: the next write starts on a new line. */
  let tornTail = false;

  /**
   * Writes what was appended during this turn of the event loop in one
   * synchronous writev. Synchronous on purpose: the write only reaches the
   * page cache (tens of microseconds for a turn's records), while handing
   * it to libuv's pool made each acknowledgement also wait for a pool
   * thread to be scheduled, on a saturated machine one more thread
   * competing for the CPU (ADR 7, addendum 8).
   */
  function flush(): void {
    flushing = null;
    const group = waiting;
    waiting = [];
    const buffers = group.flatMap((w) => w.record);
    if (tornTail) buffers.unshift(Buffer.from("\n"));
    const length = buffers.reduce((sum, b) => sum + b.length, 0);
    try {
      const written = fs.writevSync(fd, buffers);
      unrotatedBytes += written;
      // A short write leaves a cut-short record, which the mover skips: its callers get an error (Shopify retries).
      if (written !== length) throw new Error(`wrote ${written} of ${length} bytes`);
      tornTail = false;
      for (const w of group) w.resolve();
      rotateSoon();
    } catch (error) {
      tornTail = true;
      for (const w of group) w.reject(error);
    }
  }

  /** Turns the current file into a segment, between two writes; `reopen` false on close. */
  function rotate(reopen: boolean): void {
    if (unrotatedBytes === 0 && reopen) return;
    fs.closeSync(fd);
    try {
      if (unrotatedBytes > 0) fs.renameSync(currentPath, nextSegment());
      else if (!reopen) fs.rmSync(currentPath, { force: true });
      unrotatedBytes = 0;
    } finally {
      // Renamed or not, appends go on into a current file.
      if (reopen) fd = fs.openSync(currentPath, "a");
    }
  }

  let soon: NodeJS.Timeout | null = null;
  function rotateSoon(): void {
    if (closed) return;
    soon ??= setTimeout(() => {
      soon = null;
      try {
        rotate(true);
      } catch (error) {
        // The appends stay in the current file, to be rotated on the next write or start.
        console.error("[inbox] the spool file could not be handed to the mover yet:", error);
      }
    }, ROTATE_EVERY_MS);
  }

  return {
    append(delivery) {
      if (closed) return Promise.reject(new Error("The inbox spool is closed"));
      return new Promise<void>((resolve, reject) => {
        waiting.push({ record: spoolRecord(delivery), resolve, reject });
        flushing ??= setImmediate(flush);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (soon) clearTimeout(soon);
      if (flushing) {
        clearImmediate(flushing);
        flush();
      }
      rotate(false);
    },
  };
}

/** The spool's segments, oldest first, as file names. */
export async function spoolSegments(dir: string): Promise<string[]> {
  return (await fsp.readdir(dir))
    .filter((name) => SEGMENT_FILE.test(name))
    .sort((a, b) => a.localeCompare(b));
}

async function segmentNumbers(dir: string): Promise<number[]> {
  return (await spoolSegments(dir)).map((name) => Number(SEGMENT_FILE.exec(name)?.[1]));
}
