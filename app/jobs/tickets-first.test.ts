import { describe, expect, it } from "vitest";
import { ticketsFirst } from "./tickets-first";

/** How long beforeWrites took, in ms. */
async function timed(work: Promise<unknown>) {
  const started = performance.now();
  await work;
  return performance.now() - started;
}

describe("tickets first", () => {
  it("lets writes go at once without a webhook backlog", async () => {
    const gate = ticketsFirst({ maxWaitMs: 5_000 });
    expect(await timed(gate.beforeWrites())).toBeLessThan(50);
    gate.fetchedJobs(false);
    expect(gate.backlog).toBe(false);
    expect(await timed(gate.beforeWrites())).toBeLessThan(50);
  });

  it("holds writes while fetches come back full and releases them on the first short one", async () => {
    const gate = ticketsFirst({ maxWaitMs: 5_000, lapseMs: 5_000 });
    gate.fetchedJobs(true);
    expect(gate.backlog).toBe(true);
    let released = false;
    const writes = gate.beforeWrites().then(() => {
      released = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    gate.fetchedJobs(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(released).toBe(false);
    gate.fetchedJobs(false);
    await writes;
    expect(released).toBe(true);
    expect(gate.backlog).toBe(false);
  });

  it("treats the backlog as gone when no full fetch follows within the lapse (an empty fetch reports nothing)", async () => {
    const gate = ticketsFirst({ maxWaitMs: 5_000, lapseMs: 150 });
    gate.fetchedJobs(true);
    const waited = await timed(gate.beforeWrites());
    expect(waited).toBeGreaterThanOrEqual(100);
    expect(waited).toBeLessThan(1_000);
    expect(gate.backlog).toBe(false);
  });

  it("keeps extending the hold while full fetches keep coming, up to the longest wait", async () => {
    // Refreshed far more often than it lapses, so a slow machine's late timers cannot end it early.
    const gate = ticketsFirst({ maxWaitMs: 600, lapseMs: 300 });
    gate.fetchedJobs(true);
    const refresh = setInterval(() => gate.fetchedJobs(true), 50);
    try {
      const waited = await timed(gate.beforeWrites());
      expect(waited).toBeGreaterThanOrEqual(550);
      expect(waited).toBeLessThan(2_000);
      expect(gate.backlog).toBe(true);
    } finally {
      clearInterval(refresh);
    }
  });

  it("releases every waiting batch of writes together", async () => {
    const gate = ticketsFirst({ maxWaitMs: 5_000, lapseMs: 5_000 });
    gate.fetchedJobs(true);
    const waiting = Promise.all([gate.beforeWrites(), gate.beforeWrites(), gate.beforeWrites()]);
    setTimeout(() => gate.fetchedJobs(false), 50);
    expect(await timed(waiting)).toBeLessThan(1_000);
  });
});
