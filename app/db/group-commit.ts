/**
 * Group commit: callers hand in one item each and wait for its result, while
 * the items that arrive during a write are written together by the next one.
 * Under light load every item is written alone at once (no added delay);
 * under heavy load one round trip carries many items, so a burst costs a few
 * transactions instead of one per item.
 *
 * When a group's write fails, each of its items is written alone, so one bad
 * item fails only its own caller.
 */
export interface GroupCommit<I, O> {
  submit(item: I): Promise<O>;
}

interface Pending<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export function groupCommit<I, O>(
  /** Writes the items and returns one result per item, in the same order. */
  write: (items: I[]) => Promise<O[]>,
  options: {
    maxGroup: number;
    /** Groups written at the same time (one waiting on its commit while the next is sent). */
    maxInFlight?: number;
  },
): GroupCommit<I, O> {
  const maxInFlight = options.maxInFlight ?? 1;
  let waiting: Pending<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  async function writeGroup(group: Pending<I, O>[]): Promise<void> {
    try {
      const results = await write(group.map((p) => p.item));
      if (results.length !== group.length)
        throw new Error(`group write returned ${results.length} results for ${group.length} items`);
      for (const [i, p] of group.entries()) p.resolve(results[i]);
    } catch (error) {
      if (group.length === 1) {
        group[0].reject(error);
        return;
      }
      for (const p of group) {
        await write([p.item]).then(([result]) => p.resolve(result), p.reject);
      }
    }
  }

  function startWrites(): void {
    scheduled = false;
    while (waiting.length > 0 && inFlight < maxInFlight) {
      const group = waiting.slice(0, options.maxGroup);
      waiting = waiting.slice(group.length);
      inFlight += 1;
      void writeGroup(group).finally(() => {
        inFlight -= 1;
        startWrites();
      });
    }
  }

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        // Items submitted in the same tick join this group: start on the next one.
        if (!scheduled && inFlight < maxInFlight) {
          scheduled = true;
          setImmediate(startWrites);
        }
      });
    },
  };
}
