/**
 * Shopify's leaky bucket, one per app + shop: points restore continuously at
 * `restoreRate` per second up to `maximumAvailable`; a query runs only if its
 * requested cost fits in what is currently available.
 */

export interface ThrottleConfig {
  maximumAvailable: number;
  restoreRate: number;
  /** Sees every charge and every refusal, for benchmarks that count what the app was charged. */
  meter?: ThrottleMeter;
}

/** `available` is what the bucket holds after the event, unrounded; `atMs` the simulator's clock. */
export interface ThrottleMeter {
  charged?(key: string, cost: number, available: number, atMs: number): void;
  throttled?(key: string, requestedCost: number, available: number, atMs: number): void;
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface Bucket {
  available: number;
  updatedAtMs: number;
}

/**
 * The limits are read from the configuration on every request, so whoever
 * passed it may change them while the simulator runs (a shop changing plan;
 * a benchmark installing with Plus limits, then measuring with standard ones).
 */
export class CostThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly config: ThrottleConfig,
    private readonly now: () => number,
  ) {}

  private bucket(key: string): Bucket {
    const nowMs = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { available: this.config.maximumAvailable, updatedAtMs: nowMs };
      this.buckets.set(key, bucket);
    }
    const elapsedS = Math.max(0, nowMs - bucket.updatedAtMs) / 1000;
    bucket.available = Math.min(
      this.config.maximumAvailable,
      bucket.available + elapsedS * this.config.restoreRate,
    );
    bucket.updatedAtMs = nowMs;
    return bucket;
  }

  status(key: string): ThrottleStatus {
    return {
      maximumAvailable: this.config.maximumAvailable,
      // Shopify reports whole points.
      currentlyAvailable: Math.floor(this.bucket(key).available),
      restoreRate: this.config.restoreRate,
    };
  }

  /** Whether a query with this requested cost may run now. */
  allows(key: string, requestedCost: number): boolean {
    const bucket = this.bucket(key);
    if (requestedCost <= bucket.available) return true;
    this.config.meter?.throttled?.(key, requestedCost, bucket.available, bucket.updatedAtMs);
    return false;
  }

  charge(key: string, cost: number): void {
    const bucket = this.bucket(key);
    bucket.available = Math.max(0, bucket.available - cost);
    this.config.meter?.charged?.(key, cost, bucket.available, bucket.updatedAtMs);
  }
}
