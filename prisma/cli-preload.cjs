// Loaded with --require into Prisma's CLI only. The schema engine leaves a
// long timer running after `migrate deploy` finishes, which keeps the process
// alive for ~10 s; unref long timers so the CLI exits when its work is done.
const originalSetTimeout = global.setTimeout;
global.setTimeout = function patchedSetTimeout(fn, ms, ...args) {
  const timer = originalSetTimeout(fn, ms, ...args);
  if (typeof ms === "number" && ms >= 1000 && timer && typeof timer.unref === "function") timer.unref();
  return timer;
};
