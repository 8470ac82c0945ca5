import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";

/** A thread's nice value and scheduling policy, from /proc (fields 19 and 41 of stat). */
function scheduling(tid: number): { nice: number; policy: number } {
  const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields after the command name start at field 3.
  return { nice: Number(fields[19 - 3]), policy: Number(fields[41 - 3]) };
}
const SCHED_OTHER = 0;
const SCHED_IDLE = 5;

/** Whether this machine lets a process put its own threads at SCHED_IDLE through chrt (tried on a child). */
function canSetIdle(): boolean {
  const child = spawn("sleep", ["10"], { stdio: "ignore" });
  try {
    execFileSync("chrt", ["--idle", "--pid", "0", String(child.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    child.kill();
  }
}

describe.runIf(process.platform === "linux")("lowering a background thread's priority", () => {
  it("puts only the calling thread at SCHED_IDLE and nice 10; the thread that acknowledges keeps its priority", async () => {
    const mainTid = Number(path.basename(fs.readlinkSync("/proc/thread-self")));
    const before = scheduling(mainTid);
    const worker = new Worker(new URL("../../tests/support/lowered-thread.ts", import.meta.url), {
      execArgv: ["--import", "tsx"],
    });
    try {
      const { set, tid } = await new Promise<{ set: string; tid: number }>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      const lowered = scheduling(tid);
      expect(lowered.nice).toBe(10);
      if (canSetIdle()) {
        expect(set).toBe("idle");
        expect(lowered.policy).toBe(SCHED_IDLE);
      } else {
        expect(set).toBe("nice");
        expect(lowered.policy).toBe(SCHED_OTHER);
      }
      expect(scheduling(mainTid)).toEqual(before);
      // libuv's pool, which runs every thread's file writes (the spool's among them), stays at normal priority.
      const pool = fs
        .readdirSync("/proc/self/task")
        .filter((t) => fs.readFileSync(`/proc/self/task/${t}/comm`, "utf8").startsWith("libuv-worker"));
      expect(pool.length).toBeGreaterThan(0);
      for (const t of pool) expect(scheduling(Number(t))).toEqual({ nice: before.nice, policy: SCHED_OTHER });
    } finally {
      worker.postMessage("end");
      await worker.terminate();
    }
  });
});
