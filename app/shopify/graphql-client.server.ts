import { CostBucket, type ThrottleStatus } from "./cost-bucket.server";

/**
 * The rate-limit-aware Admin GraphQL client every Counterdesk caller goes
 * through. Shopify meters each app+shop pair with a leaky bucket of query-cost
 * points; the client keeps a model of each shop's bucket (cost-bucket.server),
 * reserves a request's expected cost before sending and waits for the bucket
 * to refill rather than being throttled. A THROTTLED answer (our model was
 * wrong) is retried after the deficit refills; 5xx and network failures are
 * retried with exponential backoff and jitter; anything else is final.
 */
export type GraphqlTransport = (
  query: string,
  options: { variables?: Record<string, unknown> },
) => Promise<Response>;

export type GraphqlFailure = "throttled" | "graphql" | "http" | "network";

export class ShopifyGraphqlError extends Error {
  constructor(
    message: string,
    readonly failure: GraphqlFailure,
    readonly status?: number,
  ) {
    super(message);
    this.name = "ShopifyGraphqlError";
  }
}

interface GraphqlError {
  message: string;
  extensions?: { code?: string };
}

interface GraphqlBody {
  data?: unknown;
  /**
   * Shopify sends a list (GraphQL errors) or a string (HTTP errors); the
   * library re-wraps a list as `{ message, graphQLErrors }`.
   */
  errors?: GraphqlError[] | string | { message?: string; graphQLErrors?: GraphqlError[] };
  extensions?: {
    cost?: { requestedQueryCost?: number; actualQueryCost?: number | null; throttleStatus?: ThrottleStatus };
  };
}

export interface ClientOptions {
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

// Shared by every client in the process, so concurrent jobs for one shop
// queue on one bucket.
const buckets = new Map<string, CostBucket>();
const lastCost = new Map<string, number>();
/** Expected cost of a document we have not sent before. */
const FIRST_GUESS_COST = 10;

export function forgetThrottleState(): void {
  buckets.clear();
  lastCost.clear();
}

function bucketFor(shop: string, now: () => number): CostBucket {
  let bucket = buckets.get(shop);
  if (!bucket) {
    bucket = new CostBucket(now);
    buckets.set(shop, bucket);
  }
  return bucket;
}

export function createGraphqlClient(shop: string, transport: GraphqlTransport, options: ClientOptions = {}) {
  const maxAttempts = options.maxAttempts ?? 6;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;

  async function request<TData>(document: string, variables?: Record<string, unknown>): Promise<TData> {
    const bucket = bucketFor(shop, now);
    for (let attempt = 1; ; attempt++) {
      const { waitMs, reserved } = await bucket.reserve(() => lastCost.get(document) ?? FIRST_GUESS_COST);
      if (waitMs > 0) await sleep(waitMs);
      const outcome = await send(transport, document, variables);
      const cost = outcome.body?.extensions?.cost;
      if (cost?.throttleStatus) bucket.observe(cost.throttleStatus, reserved - (cost.actualQueryCost ?? 0));
      else bucket.settle();
      if (cost?.requestedQueryCost) lastCost.set(document, cost.requestedQueryCost);

      const failure = classify(outcome);
      if (!failure) return outcome.body?.data as TData;
      if (failure.retry === "never" || attempt >= maxAttempts) throw failure.error;
      // A throttled request waits in the bucket's queue on the next pass
      // (observe() just told the bucket how empty it is); others back off.
      if (failure.retry === "backoff") await sleep(backoff(attempt));
    }
  }

  return { shop, request };
}

export type GraphqlClient = ReturnType<typeof createGraphqlClient>;

function backoff(attempt: number): number {
  const base = Math.min(30_000, 500 * 2 ** (attempt - 1));
  return base / 2 + Math.random() * (base / 2);
}

interface Outcome {
  status: number;
  body: GraphqlBody | null;
  networkError?: Error;
}

async function send(
  transport: GraphqlTransport,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Outcome> {
  try {
    const response = await transport(query, { variables });
    return { status: response.status, body: (await response.json().catch(() => null)) as GraphqlBody | null };
  } catch (error) {
    // @shopify/shopify-api throws on GraphQL errors and non-2xx answers; the
    // answer is on the error, and we decide what it means.
    const e = error as { body?: GraphqlBody; response?: { code?: number; body?: unknown } };
    if (e?.body) return { status: 200, body: e.body };
    if (e?.response?.code) {
      const body = typeof e.response.body === "object" ? (e.response.body as GraphqlBody) : null;
      return { status: e.response.code, body };
    }
    return { status: 0, body: null, networkError: error as Error };
  }
}

type Retry = "bucket" | "backoff" | "never";

function classify(outcome: Outcome): { error: ShopifyGraphqlError; retry: Retry } | null {
  const { status, body } = outcome;
  if (outcome.networkError) {
    return { error: new ShopifyGraphqlError(outcome.networkError.message, "network"), retry: "backoff" };
  }
  const errors = errorList(body?.errors);
  if (status === 429 || errors.some((e) => e.extensions?.code === "THROTTLED")) {
    const retry = body?.extensions?.cost?.throttleStatus ? "bucket" : "backoff";
    return { error: new ShopifyGraphqlError("Throttled by Shopify", "throttled", status), retry };
  }
  if (status >= 500) {
    return { error: new ShopifyGraphqlError(`Shopify answered ${status}`, "http", status), retry: "backoff" };
  }
  const messages = errors.map((e) => e.message).join("; ");
  if (status >= 400) {
    return {
      error: new ShopifyGraphqlError(messages || `Shopify answered ${status}`, "http", status),
      retry: "never",
    };
  }
  if (errors.length > 0)
    return { error: new ShopifyGraphqlError(messages, "graphql", status), retry: "never" };
  return null;
}

function errorList(errors: GraphqlBody["errors"]): GraphqlError[] {
  if (!errors) return [];
  if (typeof errors === "string") return [{ message: errors }];
  if (Array.isArray(errors)) return errors;
  if (errors.graphQLErrors?.length) return errors.graphQLErrors;
  return [{ message: errors.message ?? "Unknown error" }];
}
