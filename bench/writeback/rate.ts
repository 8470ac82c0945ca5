/**
 * The arithmetic of the write-back burst: what Shopify's cost bucket lets a
 * shop spend over a burst, and how close the app came to it.
 */
export interface BucketLimits {
  maximumAvailable: number;
  /** Points per second. */
  restoreRate: number;
}

/** What the bucket holds at `atMs`, from the last known level (it refills up to the maximum). */
export function projectAvailable(
  last: { available: number; atMs: number },
  limits: BucketLimits,
  atMs: number,
): number {
  const elapsedS = Math.max(0, atMs - last.atMs) / 1000;
  return Math.min(limits.maximumAvailable, last.available + elapsedS * limits.restoreRate);
}

/**
 * Points the bucket lets a shop spend over `elapsedS` seconds starting with
 * `bucketAtStart`: what it holds plus what restores meanwhile. An upper bound:
 * restored points beyond the maximum are lost, so only a client that keeps
 * the bucket below its maximum can spend all of it.
 */
export function pointsAllowed(bucketAtStart: number, restoreRate: number, elapsedS: number): number {
  return bucketAtStart + restoreRate * Math.max(0, elapsedS);
}

export interface BurstRates {
  /** Write-backs per second the bucket permits at the given cost per write-back. */
  allowedPerSecond: number;
  achievedPerSecond: number;
  /** achieved / allowed, 0..1 (1 = every point the bucket allowed was spent on write-backs). */
  share: number;
}

/**
 * Achieved write-backs per second against what the bucket permits over the
 * same time at `pointsPerWrite` each.
 */
export function burstRates(input: {
  writes: number;
  elapsedS: number;
  bucketAtStart: number;
  restoreRate: number;
  pointsPerWrite: number;
}): BurstRates {
  const { writes, elapsedS, bucketAtStart, restoreRate, pointsPerWrite } = input;
  if (elapsedS <= 0 || pointsPerWrite <= 0)
    throw new Error("elapsed time and points per write must be positive");
  const allowedPerSecond = pointsAllowed(bucketAtStart, restoreRate, elapsedS) / pointsPerWrite / elapsedS;
  const achievedPerSecond = writes / elapsedS;
  return { allowedPerSecond, achievedPerSecond, share: achievedPerSecond / allowedPerSecond };
}

/** The shortest time `writes` write-backs can take: the bucket's content first, then the restore rate. */
export function shortestBurstSeconds(input: {
  writes: number;
  bucketAtStart: number;
  restoreRate: number;
  pointsPerWrite: number;
}): number {
  const needed = input.writes * input.pointsPerWrite - input.bucketAtStart;
  return Math.max(0, needed) / input.restoreRate;
}
