import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * Lowers the calling thread's scheduling priority to below normal (nice
 * 10), as scripts/worker.ts does for a whole worker process. For the
 * threads of a process whose main thread acknowledges webhooks (the
 * embedded database's, the worker's): when the machine is saturated,
 * acknowledging, which Shopify times out after 5 s, goes first, and
 * storing and processing, which a backlog only delays, take what is left.
 * Below normal and not lowest, since the embedded database's thread also
 * answers agents' pages.
 *
 * Linux only (its priorities are per thread; elsewhere this would lower
 * the whole process, main thread included). Returns whether it did.
 */
export async function lowerThisThreadPriority(): Promise<boolean> {
  if (process.platform !== "linux") return false;
  try {
    // A thread starts at its creator's priority, and libuv's pool, which
    // runs every thread's file operations, is created by the first thread
    // to need it: first need it here, so that the pool is never created at
    // this thread's lowered priority.
    await fsp.stat(".");
    // "<pid>/task/<tid>": the thread's own id, which setpriority takes on Linux.
    const tid = Number(path.basename(fs.readlinkSync("/proc/thread-self")));
    os.setPriority(tid, os.constants.priority.PRIORITY_BELOW_NORMAL);
    return true;
  } catch (error) {
    console.warn("[startup] could not lower a background thread's priority:", error);
    return false;
  }
}
