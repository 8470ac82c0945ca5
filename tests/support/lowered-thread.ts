/**
 * A worker thread for thread-priority.server.test.ts: lowers its own
 * priority as the embedded database's and the worker's threads do, reports
 * its thread id and what was set, then waits to be told to end (so the
 * test reads its priority while it lives).
 */
import fs from "node:fs";
import path from "node:path";
import { parentPort } from "node:worker_threads";
import { lowerThisThreadPriority } from "../../app/lib/thread-priority.server.ts";

const parent = parentPort;
if (!parent) throw new Error("lowered-thread runs only as a worker thread");
const set = await lowerThisThreadPriority();
const tid = Number(path.basename(fs.readlinkSync("/proc/thread-self")));
parent.postMessage({ set, tid });
parent.once("message", () => parent.close());
