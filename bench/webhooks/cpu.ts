/**
 * CPU accounting from /proc, so a result can be read next to what else was
 * running: the whole machine, the processes the bench started (by process
 * group), and the bench process itself (client + simulator).
 */
import fs from "node:fs";
import os from "node:os";

const TICKS_PER_SECOND = 100;

export interface CpuSnapshot {
  at: number;
  machineBusy: number;
  machineTotal: number;
  processes: Map<number, number>;
  self: number;
}

function machine(): { busy: number; total: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0];
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = fields[3] + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

function ticksOf(stat: string): { pgrp: number; ticks: number } | null {
  // The command name may contain spaces; fields after the closing parenthesis are fixed.
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const pgrp = Number(rest[2]);
  const ticks = Number(rest[11]) + Number(rest[12]);
  return Number.isFinite(pgrp) && Number.isFinite(ticks) ? { pgrp, ticks } : null;
}

/** Ticks of every process in the given process groups, plus the given single processes. */
function ticksOfProcesses(groups: number[], pids: number[]): Map<number, number> {
  const wantedGroups = new Set(groups);
  const wantedPids = new Set(pids);
  const out = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parsed = ticksOf(fs.readFileSync(`/proc/${entry}/stat`, "utf8"));
      if (parsed && (wantedGroups.has(parsed.pgrp) || wantedPids.has(Number(entry))))
        out.set(Number(entry), parsed.ticks);
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/**
 * `groups`: process groups the bench started (the app). `pids`: other
 * processes to count as the app's, such as its PostgreSQL server backends.
 */
export function cpuSnapshot(groups: number[], pids: number[] = []): CpuSnapshot {
  const m = machine();
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    machineBusy: m.busy,
    machineTotal: m.total,
    processes: ticksOfProcesses(groups, pids),
    self: ((usage.user + usage.system) / 1e6) * TICKS_PER_SECOND,
  };
}

/** Average use over the interval, in cores (2.0 = both cores of a 2-core machine busy). */
export interface CpuUse {
  machine: number;
  app: number;
  bench: number;
  /** Everything else on the machine (other users' work, the PostgreSQL server, …). */
  other: number;
}

export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): CpuUse {
  const cores = os.availableParallelism();
  const machineShare = (b.machineBusy - a.machineBusy) / Math.max(1, b.machineTotal - a.machineTotal);
  const seconds = (b.at - a.at) / 1000;
  const machineCores = machineShare * cores;
  let appTicks = 0;
  for (const [pid, ticks] of b.processes) appTicks += ticks - (a.processes.get(pid) ?? 0);
  const app = appTicks / TICKS_PER_SECOND / seconds;
  const bench = (b.self - a.self) / TICKS_PER_SECOND / seconds;
  return { machine: machineCores, app, bench, other: Math.max(0, machineCores - app - bench) };
}
