/**
 * `POST /admin/api/{version}/graphql.json`: authentication, parsing and
 * validation against the real schema, cost-based throttling, execution.
 * Responses mirror Shopify's status codes and error bodies.
 */
import { randomUUID } from "node:crypto";
import { type DocumentNode, execute, GraphQLError, getOperationAST, parse, validate } from "graphql";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";
import type { ShopRecord } from "../model";
import { authenticateAccessToken, type OAuthDeps } from "../oauth";
import type { TopicEvent } from "../webhooks/dispatcher";
import { adminSchema } from "./admin-schema";
import type { AppIdentity, GraphQLContext } from "./context";
import { mutationRoot } from "./mutation-root";
import { actualQueryCost, requestedQueryCost } from "./query-cost";
import { queryRoot } from "./query-root";
import { strictFieldResolver } from "./strict-resolver";
import type { CostThrottle } from "./throttle";

export const MAX_SINGLE_QUERY_COST = 1000;

export interface GraphQLEndpointDeps {
  oauth: OAuthDeps;
  throttle: CostThrottle;
  origin: () => string;
  appNamespace: string;
  app: AppIdentity;
  publish(shop: ShopRecord, events: TopicEvent[]): void;
  log(line: string): void;
}

export interface EndpointResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const INVALID_TOKEN = {
  errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
};

/** Rewrites graphql-js validation messages into the wording and codes Shopify uses. */
function shopifyValidationError(error: GraphQLError) {
  const base = { message: error.message, locations: error.locations };
  let m = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(error.message);
  if (m)
    return {
      ...base,
      message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      extensions: { code: "undefinedField", typeName: m[2], fieldName: m[1] },
    };
  m = /^Unknown argument "(\w+)" on field "\w+\.(\w+)"\./.exec(error.message);
  if (m)
    return {
      ...base,
      message: `Field '${m[2]}' doesn't accept argument '${m[1]}'`,
      extensions: { code: "argumentNotAccepted", name: m[2], typeName: "Field", argumentName: m[1] },
    };
  m = /^Field "(\w+)" argument "(\w+)" of type "[^"]+" is required, but it was not provided\./.exec(
    error.message,
  );
  if (m)
    return {
      ...base,
      message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name: m[1], arguments: m[2] },
    };
  return base;
}

function readRequest(raw: string, contentType: string | undefined) {
  if (contentType?.includes("application/graphql")) return { query: raw, variables: {}, operationName: null };
  try {
    const body = JSON.parse(raw) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof body.query !== "string" || !body.query.trim()) return null;
    const variables =
      body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : {};
    const operationName = typeof body.operationName === "string" ? body.operationName : null;
    return { query: body.query, variables, operationName };
  } catch {
    return null;
  }
}

type CheckedDocument = { document: DocumentNode } | { errors: unknown[] };

/**
 * Parses and validates a query against the Admin schema, once per distinct
 * query text: an app sends the same few documents over and over, and
 * validating against a schema this size cost more than executing them
 * (most of the simulator's CPU under a webhook load). The verdict depends
 * only on the text, so a cached one is the same answer.
 */
function checkedDocument(query: string): CheckedDocument {
  const cached = checkedDocuments.get(query);
  if (cached) return cached;
  let checked: CheckedDocument;
  try {
    const document = parse(query);
    const validationErrors = validate(adminSchema(), document);
    checked =
      validationErrors.length > 0 ? { errors: validationErrors.map(shopifyValidationError) } : { document };
  } catch (error) {
    const e = error as GraphQLError;
    checked = { errors: [{ message: e.message, locations: e.locations }] };
  }
  // Bounded: a client generating query texts must not grow the simulator without end.
  if (checkedDocuments.size >= MAX_CHECKED_DOCUMENTS) checkedDocuments.clear();
  checkedDocuments.set(query, checked);
  return checked;
}

const checkedDocuments = new Map<string, CheckedDocument>();
const MAX_CHECKED_DOCUMENTS = 500;

export async function handleGraphQL(
  deps: GraphQLEndpointDeps,
  shop: ShopRecord,
  version: string,
  accessToken: string | undefined,
  raw: string,
  contentType: string | undefined,
): Promise<EndpointResponse> {
  if (version !== ADMIN_API_VERSION) return { status: 404, body: { errors: "Not Found" } };
  const scopes = authenticateAccessToken(deps.oauth, shop, accessToken ?? "");
  if (!scopes) return { status: 401, body: INVALID_TOKEN };
  const request = readRequest(raw, contentType);
  if (!request) return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  const headers = { "X-Request-Id": randomUUID(), "X-Shopify-API-Version": ADMIN_API_VERSION };

  const schema = adminSchema();
  const checked = checkedDocument(request.query);
  if ("errors" in checked) return { status: 200, headers, body: { errors: checked.errors } };
  const { document } = checked;
  const operation = getOperationAST(document, request.operationName);
  if (operation?.operation === "subscription") {
    return {
      status: 200,
      headers,
      body: { errors: [{ message: "Subscriptions are not supported by the Admin API" }] },
    };
  }

  const requested = requestedQueryCost(schema, document, request.operationName, request.variables);
  const throttleKey = shop.domain;
  if (requested > MAX_SINGLE_QUERY_COST) {
    const message = `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`;
    return {
      status: 200,
      headers,
      body: {
        errors: [
          {
            message,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_SINGLE_QUERY_COST },
          },
        ],
        extensions: {
          cost: {
            requestedQueryCost: requested,
            actualQueryCost: null,
            throttleStatus: deps.throttle.status(throttleKey),
          },
        },
      },
    };
  }
  if (!deps.throttle.allows(throttleKey, requested)) {
    return {
      status: 200,
      headers,
      body: {
        errors: [
          {
            message: "Throttled",
            extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
          },
        ],
        extensions: {
          cost: {
            requestedQueryCost: requested,
            actualQueryCost: null,
            throttleStatus: deps.throttle.status(throttleKey),
          },
        },
      },
    };
  }

  const ctx: GraphQLContext = {
    store: deps.oauth.store,
    shop,
    scopes,
    origin: deps.origin(),
    appNamespace: deps.appNamespace,
    app: deps.app,
    now: deps.oauth.now,
    publish: deps.publish,
    searchWarnings: [],
  };
  return executeOperation(deps, ctx, document, request, requested, headers);
}

async function executeOperation(
  deps: GraphQLEndpointDeps,
  ctx: GraphQLContext,
  document: DocumentNode,
  request: { variables: Record<string, unknown>; operationName: string | null },
  requested: number,
  headers: Record<string, string>,
): Promise<EndpointResponse> {
  const schema = adminSchema();
  const isMutation = getOperationAST(document, request.operationName)?.operation === "mutation";
  const result = await execute({
    schema,
    document,
    rootValue: isMutation ? mutationRoot(ctx) : queryRoot(ctx),
    contextValue: ctx,
    variableValues: request.variables,
    operationName: request.operationName,
    fieldResolver: strictFieldResolver,
  });
  for (const error of result.errors ?? []) {
    if (error.originalError && !(error.originalError instanceof GraphQLError))
      deps.log(`GraphQL resolver crashed: ${error.originalError.stack}`);
  }
  const actual = actualQueryCost(
    schema,
    document,
    request.operationName,
    request.variables,
    result.data ?? null,
  );
  deps.throttle.charge(ctx.shop.domain, actual);
  const extensions: Record<string, unknown> = {
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: deps.throttle.status(ctx.shop.domain),
    },
  };
  if (ctx.searchWarnings.length > 0) extensions.search = ctx.searchWarnings;
  const body: Record<string, unknown> = {};
  if (result.errors?.length) body.errors = result.errors.map((e) => e.toJSON());
  if (result.data !== undefined) body.data = result.data;
  body.extensions = extensions;
  return { status: 200, headers, body };
}
