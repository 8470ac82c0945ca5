/**
 * Our model of one shop's Admin API cost bucket (a leaky bucket: it holds at
 * most `maximumAvailable` points and refills at `restoreRate` points per
 * second). Requests reserve their expected cost before they are sent, so
 * concurrent callers queue behind each other instead of all being throttled
 * at once. Each answer's `throttleStatus` corrects the model; we keep the
 * lower of our projection and Shopify's figure, because our projection
 * already counts requests still in flight.
 */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class CostBucket {
  private status: ThrottleStatus | null = null;
  private at = 0;
  /** While the bucket is unknown, one request probes it and the rest wait. */
  private probe: Promise<void> | null = null;

  constructor(private readonly now: () => number) {}

  available(at = this.now()): number {
    if (!this.status) return Number.POSITIVE_INFINITY;
    const { maximumAvailable, currentlyAvailable, restoreRate } = this.status;
    return Math.min(maximumAvailable, currentlyAvailable + (restoreRate * (at - this.at)) / 1000);
  }

  /**
   * Reserves the request's expected cost and returns how many milliseconds
   * to wait before sending. The cost is asked for only once the bucket is
   * known, since the probe may just have taught us what this document costs.
   * Never asks for more than the bucket can ever hold.
   */
  async reserve(expectedCost: () => number): Promise<{ waitMs: number; reserved: number }> {
    while (!this.status && this.probe) await this.probe;
    if (!this.status) {
      let release = () => {};
      this.probe = new Promise<void>((resolve) => {
        release = resolve;
      });
      this.releaseProbe = () => {
        this.probe = null;
        release();
      };
      return { waitMs: 0, reserved: 0 };
    }
    const { maximumAvailable, restoreRate } = this.status;
    const needed = Math.min(expectedCost(), maximumAvailable);
    const now = this.now();
    const available = this.available(now);
    const wait = available >= needed ? 0 : Math.ceil(((needed - available) / restoreRate) * 1000);
    // Deduct now, at the moment we will send: later callers queue behind us.
    this.status = { ...this.status, currentlyAvailable: available + (restoreRate * wait) / 1000 - needed };
    this.at = now + wait;
    return { waitMs: wait, reserved: needed };
  }

  /**
   * Corrects the model from Shopify's answer. `unspent` is what we reserved
   * beyond the actual cost Shopify charged (it refunds the difference).
   */
  observe(reported: ThrottleStatus, unspent = 0): void {
    const now = this.now();
    const projected = this.status ? this.available(now) + Math.max(0, unspent) : Number.POSITIVE_INFINITY;
    this.status = { ...reported, currentlyAvailable: Math.min(projected, reported.currentlyAvailable) };
    this.at = now;
    this.releaseProbe();
  }

  /** A request finished without telling us the bucket's state. */
  settle(): void {
    this.releaseProbe();
  }

  private releaseProbe: () => void = () => {};
}
