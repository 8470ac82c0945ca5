/**
 * The rate-limit-aware Admin GraphQL client every Counterdesk caller goes
 * through. Shopify meters each app+shop pair with a leaky bucket of query-cost
 * points; the client remembers the last throttle status per shop, waits for
 * the bucket to refill before a request it expects not to fit, and on a
 * THROTTLED answer waits exactly as long as the deficit needs, then retries.
 * 5xx and network failures are retried with exponential backoff and jitter.
 */
export type GraphqlTransport = (
  query: string,
  options: { variables?: Record<string, unknown> },
) => Promise<Response>;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

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

interface Bucket {
  status: ThrottleStatus;
  at: number;
}

interface GraphqlBody {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[] | string;
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } };
}

export interface ClientOptions {
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const buckets = new Map<string, Bucket>();
const lastCost = new Map<string, number>();

export function forgetThrottleState(): void {
  buckets.clear();
  lastCost.clear();
}

export function createGraphqlClient(shop: string, transport: GraphqlTransport, options: ClientOptions = {}) {
  const maxAttempts = options.maxAttempts ?? 6;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;

  async function request<TData>(document: string, variables?: Record<string, unknown>): Promise<TData> {
    for (let attempt = 1; ; attempt++) {
      await sleep(waitForCapacity(shop, lastCost.get(document) ?? 0, now()));
      const outcome = await send(transport, document, variables);
      const cost = outcome.body?.extensions?.cost;
      if (cost?.throttleStatus) buckets.set(shop, { status: cost.throttleStatus, at: now() });
      if (cost?.requestedQueryCost) lastCost.set(document, cost.requestedQueryCost);

      const failure = classify(outcome);
      if (!failure) return outcome.body?.data as TData;
      if (failure.retryAfterMs === null || attempt >= maxAttempts) throw failure.error;
      await sleep(failure.retryAfterMs || backoff(attempt));
    }
  }

  return { shop, request };
}

export type GraphqlClient = ReturnType<typeof createGraphqlClient>;

/** Milliseconds to wait until the shop's bucket holds `cost` points. */
export function waitForCapacity(shop: string, cost: number, at: number): number {
  const bucket = buckets.get(shop);
  if (!bucket || cost <= 0) return 0;
  const { maximumAvailable, currentlyAvailable, restoreRate } = bucket.status;
  const available = Math.min(maximumAvailable, currentlyAvailable + (restoreRate * (at - bucket.at)) / 1000);
  if (available >= Math.min(cost, maximumAvailable)) return 0;
  return Math.ceil(((Math.min(cost, maximumAvailable) - available) / restoreRate) * 1000);
}

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

function classify(outcome: Outcome): { error: ShopifyGraphqlError; retryAfterMs: number | null } | null {
  const { status, body } = outcome;
  if (outcome.networkError) {
    return { error: new ShopifyGraphqlError(outcome.networkError.message, "network"), retryAfterMs: 0 };
  }
  const errors = Array.isArray(body?.errors) ? body.errors : body?.errors ? [{ message: body.errors }] : [];
  const throttled = status === 429 || errors.some((e) => e.extensions?.code === "THROTTLED");
  if (throttled) {
    const cost = body?.extensions?.cost;
    const t = cost?.throttleStatus;
    const deficit = t && cost?.requestedQueryCost ? cost.requestedQueryCost - t.currentlyAvailable : 0;
    const wait = t && deficit > 0 ? Math.ceil((deficit / t.restoreRate) * 1000) : 1000;
    return {
      error: new ShopifyGraphqlError("Throttled by Shopify", "throttled", status),
      retryAfterMs: wait,
    };
  }
  if (status >= 500) {
    return { error: new ShopifyGraphqlError(`Shopify answered ${status}`, "http", status), retryAfterMs: 0 };
  }
  if (status >= 400) {
    const message = errors.map((e) => e.message).join("; ") || `Shopify answered ${status}`;
    return { error: new ShopifyGraphqlError(message, "http", status), retryAfterMs: null };
  }
  if (errors.length > 0) {
    return {
      error: new ShopifyGraphqlError(errors.map((e) => e.message).join("; "), "graphql", status),
      retryAfterMs: null,
    };
  }
  return null;
}
