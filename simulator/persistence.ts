/**
 * Optional JSON state file, so a restarted simulator keeps the orders, notes
 * and tokens the app saw before (the app's database outlives the simulator).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { StoreState } from "./model";
import type { SimulatorStore } from "./store";

export function loadState(file: string): StoreState | null {
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as StoreState;
  if (parsed.formatVersion !== 1 || !Array.isArray(parsed.shops)) {
    throw new Error(`${file} is not a simulator state file (formatVersion 1)`);
  }
  return parsed;
}

export function saveState(file: string, state: StoreState): void {
  mkdirSync(dirname(file), { recursive: true });
  // Write then rename so a crash mid-write never leaves a truncated file.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state));
  renameSync(temp, file);
}

/** Saves shortly after changes (batched) and flushes on demand. */
export function persistStore(
  store: SimulatorStore,
  file: string,
  delayMs = 200,
): { flush(): void; stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    saveState(file, store.state);
  };
  const unsubscribe = store.onChange(() => {
    if (!timer) timer = setTimeout(flush, delayMs);
  });
  return {
    flush,
    stop() {
      unsubscribe();
      if (timer) flush();
    },
  };
}
