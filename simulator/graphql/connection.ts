/**
 * Relay connections with Shopify's keyset cursors: a cursor encodes the sort
 * value and id of its row, so pages stay correct while rows are added or
 * updated between requests (as they are, by webhooks-driven edits).
 */
import { GraphQLError } from "graphql";
import { compareNumericIds } from "../ids";

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface SortSpec<T> {
  id: (item: T) => string;
  /** Sort value; numbers and ISO strings compare naturally. */
  value: (item: T) => string | number;
}

interface CursorKey {
  last_id: string;
  last_value: string | number;
}

const MAX_PAGE = 250;

function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString("base64");
}

function decodeCursor(cursor: string): CursorKey {
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as CursorKey;
    if (typeof key.last_id === "string" && key.last_value !== undefined) return key;
  } catch {
    // reported below
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, {
    extensions: { code: "BAD_REQUEST" },
  });
}

function compareKeys(a: CursorKey, b: CursorKey): number {
  if (a.last_value < b.last_value) return -1;
  if (a.last_value > b.last_value) return 1;
  return compareNumericIds(a.last_id, b.last_id);
}

/** Shopify refuses an unbounded connection; these are its rules for first/last. */
export function checkPageArgs(args: PageArgs): void {
  const { first, last } = args;
  if (first == null && last == null) throw new GraphQLError("you must provide one of first or last");
  if (first != null && last != null) throw new GraphQLError("providing both first and last is not supported");
  const size = (first ?? last) as number;
  if (size < 0) throw new GraphQLError(`${first != null ? "first" : "last"} argument must be non-negative`);
  if (size > MAX_PAGE)
    throw new GraphQLError(`The ${first != null ? "first" : "last"} argument must be at most ${MAX_PAGE}.`);
}

export function connection<T, N>(items: T[], args: PageArgs, sort: SortSpec<T>, toNode: (item: T) => N) {
  checkPageArgs(args);
  const keyOf = (item: T): CursorKey => ({ last_id: sort.id(item), last_value: sort.value(item) });
  const direction = args.reverse ? -1 : 1;
  const ordered = items
    .map((item) => ({ item, key: keyOf(item) }))
    .sort((a, b) => direction * compareKeys(a.key, b.key));

  let start = 0;
  let end = ordered.length; // exclusive
  if (args.after) {
    const after = decodeCursor(args.after);
    while (start < end && direction * compareKeys(ordered[start].key, after) <= 0) start++;
  }
  if (args.before) {
    const before = decodeCursor(args.before);
    while (end > start && direction * compareKeys(ordered[end - 1].key, before) >= 0) end--;
  }
  if (args.first != null) end = Math.min(end, start + args.first);
  if (args.last != null) start = Math.max(start, end - args.last);

  const window = ordered.slice(start, end);
  const edges = window.map(({ item, key }) => ({ cursor: encodeCursor(key), node: toNode(item) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: end < ordered.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Plain `[T!]!` list fields that take `first` (Order.fulfillments, Order.refunds). */
export function firstOf<T>(items: T[], first: number | null | undefined): T[] {
  return first == null ? items : items.slice(0, Math.max(0, first));
}
