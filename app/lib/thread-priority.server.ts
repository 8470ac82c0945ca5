import { execFile } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/**
 * Puts the calling thread below everything at normal priority: nice 10,
 * as scripts/worker.ts does for a whole worker process, and Linux's
 * SCHED_IDLE on top where `chrt` (util-linux) can set it. For the threads of a
 * process whose main thread acknowledges webhooks (the embedded database's,
 * the worker's): acknowledging, which Shopify times out after 5 s, goes
 * first, and storing and processing, which a burst only delays, take the
 * CPU left over.
 *
 * Why SCHED_IDLE and not only a nice value: measured under a burst, threads
 * at nice 10 still took 0.7 of the 2 cores while the acknowledging thread
 * waited a third of its time for a CPU, because the scheduler lets a
 * running thread finish its slice before a woken one of higher priority
 * gets the CPU. A SCHED_IDLE thread is preempted at once. It is not
 * starved in practice: the thread that acknowledges is one thread, so on
 * two cores or more a whole core is left for these (docs/decisions, ADR 7).
 *
 * Linux only (its priorities are per thread; elsewhere this would lower
 * the whole process, main thread included). Returns what it set.
 */
export async function lowerThisThreadPriority(): Promise<"idle" | "nice" | null> {
  if (process.platform !== "linux") return null;
  let tid: number;
  try {
    // A thread starts at its creator's priority, and libuv's pool, which
    // runs every thread's file operations, is created by the first thread
    // to need it: first need it here, so that the pool is never created at
    // this thread's lowered priority.
    await fsp.stat(".");
    // "<pid>/task/<tid>": the thread's own id, which setpriority takes on Linux.
    tid = Number(path.basename(fs.readlinkSync("/proc/thread-self")));
    os.setPriority(tid, os.constants.priority.PRIORITY_BELOW_NORMAL);
  } catch (error) {
    console.warn("[startup] could not lower a background thread's priority:", error);
    return null;
  }
  try {
    // Node has no call for a scheduling policy; any user may lower a thread of their own to SCHED_IDLE.
    await promisify(execFile)("chrt", ["--idle", "--pid", "0", String(tid)], { timeout: 5_000 });
    return "idle";
  } catch {
    // No chrt (a minimal image): nice 10 still puts acknowledging first, less strictly.
    return "nice";
  }
}
