import { describe, expect, it } from "vitest";
import { groupCommit } from "./group-commit";

describe("group commit", () => {
  it("writes an item alone at once when nothing else is waiting", async () => {
    const groups: number[][] = [];
    const commit = groupCommit(
      async (items: number[]) => {
        groups.push(items);
        return items.map((n) => n * 2);
      },
      { maxGroup: 10 },
    );
    expect(await commit.submit(21)).toBe(42);
    expect(groups).toEqual([[21]]);
  });

  it("groups the items that arrive while a write is running, up to the maximum", async () => {
    const groups: number[][] = [];
    let release: () => void = () => {};
    const firstWrite = new Promise<void>((resolve) => {
      release = resolve;
    });
    const commit = groupCommit(
      async (items: number[]) => {
        groups.push(items);
        if (groups.length === 1) await firstWrite;
        return items.map((n) => n + 1);
      },
      { maxGroup: 3 },
    );
    const first = commit.submit(0);
    await new Promise((r) => setImmediate(r));
    const rest = [1, 2, 3, 4, 5].map((n) => commit.submit(n));
    release();
    expect(await Promise.all([first, ...rest])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(groups).toEqual([[0], [1, 2, 3], [4, 5]]);
  });

  it("writes up to maxInFlight groups at once", async () => {
    let running = 0;
    let mostRunning = 0;
    const commit = groupCommit(
      async (items: number[]) => {
        running += 1;
        mostRunning = Math.max(mostRunning, running);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
        return items;
      },
      { maxGroup: 2, maxInFlight: 2 },
    );
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => commit.submit(i)));
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(mostRunning).toBe(2);
  });

  it("fails only the bad item of a failed group, writing the others alone", async () => {
    const groups: string[][] = [];
    const commit = groupCommit(
      async (items: string[]) => {
        groups.push(items);
        if (items.includes("bad")) throw new Error("bad item");
        return items.map((s) => s.toUpperCase());
      },
      { maxGroup: 10 },
    );
    const results = await Promise.allSettled(["a", "bad", "c"].map((s) => commit.submit(s)));
    expect(results).toEqual([
      { status: "fulfilled", value: "A" },
      { status: "rejected", reason: new Error("bad item") },
      { status: "fulfilled", value: "C" },
    ]);
    expect(groups).toEqual([["a", "bad", "c"], ["a"], ["bad"], ["c"]]);
  });

  it("keeps working after a failure", async () => {
    let fail = true;
    const commit = groupCommit(
      async (items: number[]) => {
        if (fail) throw new Error("database down");
        return items;
      },
      { maxGroup: 10 },
    );
    await expect(commit.submit(1)).rejects.toThrow("database down");
    fail = false;
    expect(await commit.submit(2)).toBe(2);
  });
});
