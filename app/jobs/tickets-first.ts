/**
 * Tickets before writes to Shopify. Both run in the worker, and on a busy
 * machine they compete for the same CPU and database: a burst of webhooks
 * that opens tickets also queues a write per ticket to its order, and those
 * writes' requests and bookkeeping, and the `orders/updated` Shopify sends
 * back for each, delayed the tickets behind them by seconds. An agent needs
 * the ticket first; the order's tags and metafield can follow.
 *
 * The webhook loop reports each fetch. A full one (as many jobs as it asked
 * for) means more are waiting: a backlog, until a fetch comes back short or
 * no full one follows within `lapseMs` (an empty fetch reports nothing).
 * Meanwhile a batch of writes waits, but never longer than `maxWaitMs`, so
 * writes keep moving under a backlog that does not clear.
 */
export interface TicketsFirst {
  /** Called by the webhook loop for each fetch that brought jobs. */
  fetchedJobs(full: boolean): void;
  /** Resolves once no webhook backlog is left, or after `maxWaitMs`. */
  beforeWrites(): Promise<void>;
  readonly backlog: boolean;
}

export function ticketsFirst(options: { maxWaitMs: number; lapseMs?: number }): TicketsFirst {
  const lapseMs = options.lapseMs ?? 1_000;
  let backlogUntil = 0;
  let waiters: (() => void)[] = [];
  const backlog = () => Date.now() < backlogUntil;
  return {
    fetchedJobs(full) {
      backlogUntil = full ? Date.now() + lapseMs : 0;
      if (full) return;
      const released = waiters;
      waiters = [];
      for (const wake of released) wake();
    },
    async beforeWrites() {
      const deadline = Date.now() + options.maxWaitMs;
      while (backlog() && Date.now() < deadline) {
        // Wakes when the backlog clears, lapses or the wait is over; a later full fetch extends it.
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            waiters = waiters.filter((w) => w !== wake);
            resolve();
          };
          const timer = setTimeout(wake, Math.min(backlogUntil, deadline) - Date.now());
          waiters.push(wake);
        });
      }
    },
    get backlog() {
      return backlog();
    },
  };
}
