import { describe, expect, it } from "vitest";
import { burstRates, pointsAllowed, projectAvailable, shortestBurstSeconds } from "./rate";

const standard = { maximumAvailable: 2000, restoreRate: 100 };

describe("projectAvailable", () => {
  it("refills at the restore rate up to the maximum", () => {
    expect(projectAvailable({ available: 500, atMs: 1_000 }, standard, 3_000)).toBe(700);
    expect(projectAvailable({ available: 1_950, atMs: 0 }, standard, 10_000)).toBe(2000);
  });

  it("does not go back in time", () => {
    expect(projectAvailable({ available: 500, atMs: 5_000 }, standard, 4_000)).toBe(500);
  });
});

describe("burstRates", () => {
  it("compares achieved write-backs per second with what the bucket permits", () => {
    // 2000 + 100 x 100 = 12 000 points over 100 s at 12 points each: 10 write-backs/s.
    expect(pointsAllowed(2000, 100, 100)).toBe(12_000);
    const rates = burstRates({
      writes: 900,
      elapsedS: 100,
      bucketAtStart: 2000,
      restoreRate: 100,
      pointsPerWrite: 12,
    });
    expect(rates.allowedPerSecond).toBeCloseTo(10);
    expect(rates.achievedPerSecond).toBeCloseTo(9);
    expect(rates.share).toBeCloseTo(0.9);
  });

  it("is 100% when every point the bucket allowed was spent", () => {
    const elapsedS = shortestBurstSeconds({
      writes: 1000,
      bucketAtStart: 2000,
      restoreRate: 100,
      pointsPerWrite: 12,
    });
    expect(elapsedS).toBe(100);
    const rates = burstRates({
      writes: 1000,
      elapsedS,
      bucketAtStart: 2000,
      restoreRate: 100,
      pointsPerWrite: 12,
    });
    expect(rates.share).toBeCloseTo(1);
  });

  it("refuses a burst that took no time", () => {
    expect(() =>
      burstRates({ writes: 1, elapsedS: 0, bucketAtStart: 2000, restoreRate: 100, pointsPerWrite: 12 }),
    ).toThrow();
  });
});
