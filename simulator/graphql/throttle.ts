/**
 * Shopify's leaky bucket, one per app + shop: points restore continuously at
 * `restoreRate` per second up to `maximumAvailable`; a query runs only if its
 * requested cost fits in what is currently available.
 */

export interface ThrottleConfig {
  maximumAvailable: number;
  restoreRate: number;
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
    return requestedCost <= this.bucket(key).available;
  }

  charge(key: string, cost: number): void {
    const bucket = this.bucket(key);
    bucket.available = Math.max(0, bucket.available - cost);
  }
}
