/**
 * Metafields on orders and customers: reading, and `metafieldsSet` with its
 * documented rules (max 25 per call, atomic, compare-and-set via
 * `compareDigest`, `$app` meaning the app-reserved namespace).
 */
import { createHash } from "node:crypto";
import { gid, isoSeconds, parseGid } from "../ids";
import type { MetafieldRecord } from "../model";
import { appId } from "./app-view";
import { connection, type PageArgs } from "./connection";
import { type GraphQLContext, hasScope } from "./context";
import { validateMetafieldValue } from "./metafield-types";

/** Shopify's app-reserved namespace is `app--<app id>`. */
export function appNamespaceFor(apiKey: string): string {
  return `app--${appId(apiKey)}`;
}

export function resolveNamespace(ctx: GraphQLContext, namespace: string | null | undefined): string {
  if (namespace == null || namespace === "$app") return ctx.appNamespace;
  if (namespace.startsWith("$app:")) return `${ctx.appNamespace}--${namespace.slice(5)}`;
  return namespace;
}

export function compareDigest(record: MetafieldRecord): string {
  return createHash("sha256")
    .update(JSON.stringify([record.id, record.type, record.value, record.updatedAt]))
    .digest("hex");
}

export function metafieldView(record: MetafieldRecord) {
  const owner = parseGid(record.ownerGid);
  return {
    __typename: "Metafield",
    id: gid("Metafield", record.id),
    legacyResourceId: record.id,
    namespace: record.namespace,
    key: record.key,
    type: record.type,
    value: record.value,
    jsonValue: () =>
      record.type === "json" || record.type.startsWith("list.") ? JSON.parse(record.value) : record.value,
    compareDigest: compareDigest(record),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    ownerType: owner?.type === "Customer" ? "CUSTOMER" : "ORDER",
  };
}

function findMetafield(
  ctx: GraphQLContext,
  ownerGid: string,
  namespace: string,
  key: string,
): MetafieldRecord | undefined {
  return ctx.shop.metafields.find(
    (m) => m.ownerGid === ownerGid && m.namespace === namespace && m.key === key,
  );
}

/** The `metafield(namespace:, key:)` and `metafields(...)` fields of an owner view. */
export function metafieldFields(ctx: GraphQLContext, ownerGid: string) {
  return {
    metafield: (args: { namespace?: string | null; key: string }) => {
      const found = findMetafield(ctx, ownerGid, resolveNamespace(ctx, args.namespace), args.key);
      return found ? metafieldView(found) : null;
    },
    metafields: (args: PageArgs & { namespace?: string | null; keys?: string[] | null }) => {
      const namespace = args.namespace == null ? null : resolveNamespace(ctx, args.namespace);
      const items = ctx.shop.metafields.filter(
        (m) =>
          m.ownerGid === ownerGid &&
          (namespace === null || m.namespace === namespace) &&
          (!args.keys || args.keys.includes(`${m.namespace}.${m.key}`)),
      );
      return connection(items, args, { id: (m) => m.id, value: (m) => Number(m.id) }, metafieldView);
    },
  };
}

export interface MetafieldsSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  type?: string | null;
  value: string;
  compareDigest?: string | null;
}

export interface MetafieldUserError {
  field: string[] | null;
  message: string;
  code: string | null;
  elementIndex: number | null;
}

interface PlannedWrite {
  input: MetafieldsSetInput;
  namespace: string;
  existing?: MetafieldRecord;
  type: string;
}

type InputProblem = { field: string; message: string; code: string };

function checkInput(
  ctx: GraphQLContext,
  input: MetafieldsSetInput,
  planned: PlannedWrite[],
): PlannedWrite | InputProblem {
  const owner = parseGid(input.ownerId);
  const ownerExists =
    owner?.type === "Order"
      ? ctx.shop.orders.some((o) => o.id === owner.id)
      : owner?.type === "Customer" && ctx.shop.customers.some((c) => c.id === owner.id);
  if (!owner || !ownerExists) return { field: "ownerId", message: "Owner does not exist.", code: "INVALID" };
  if (!hasScope(ctx, owner.type === "Order" ? "write_orders" : "write_customers")) {
    const message = "Access denied: the app lacks the write scope for this owner.";
    return { field: "ownerId", message, code: "APP_NOT_AUTHORIZED" };
  }
  const namespace = resolveNamespace(ctx, input.namespace);
  if (namespace.length < 2 || namespace.length > 255) {
    return { field: "namespace", message: "Namespace is invalid.", code: "INVALID" };
  }
  if (!/^[A-Za-z0-9_-]{2,64}$/.test(input.key))
    return { field: "key", message: "Key is invalid.", code: "INVALID" };
  const existing = findMetafield(ctx, input.ownerId, namespace, input.key);
  // An explicit null compareDigest asserts the metafield does not exist yet.
  if ("compareDigest" in input && input.compareDigest !== (existing ? compareDigest(existing) : null)) {
    const message =
      "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.";
    return { field: "compareDigest", message, code: "STALE_OBJECT" };
  }
  const type = input.type ?? existing?.type;
  if (!type) return { field: "type", message: "Type can't be blank.", code: "BLANK" };
  if (existing && existing.type !== type) {
    return { field: "type", message: "Type must match the existing metafield's type.", code: "INVALID_TYPE" };
  }
  const problem = validateMetafieldValue(type, input.value);
  if (problem) return problem;
  if (
    planned.some(
      (p) => p.input.ownerId === input.ownerId && p.namespace === namespace && p.input.key === input.key,
    )
  ) {
    return {
      field: "key",
      message: "The same metafield appears more than once in the input.",
      code: "TAKEN",
    };
  }
  return { input, namespace, existing, type };
}

/** Validates every input first and writes only if all pass (the mutation is atomic). */
export function setMetafields(ctx: GraphQLContext, inputs: MetafieldsSetInput[]) {
  if (inputs.length > 25) {
    const message = "Exceeded the maximum metafields input limit of 25.";
    return {
      metafields: [],
      userErrors: [{ field: ["metafields"], message, code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }],
    };
  }
  const errors: MetafieldUserError[] = [];
  const planned: PlannedWrite[] = [];
  inputs.forEach((input, i) => {
    const checked = checkInput(ctx, input, planned);
    if ("input" in checked) planned.push(checked);
    else
      errors.push({
        field: ["metafields", String(i), checked.field],
        message: checked.message,
        code: checked.code,
        elementIndex: i,
      });
  });
  if (errors.length > 0) return { metafields: [], userErrors: errors };

  const at = isoSeconds(ctx.now());
  const written = planned.map(({ input, namespace, existing, type }) => {
    if (existing) {
      Object.assign(existing, { value: input.value, type, updatedAt: at });
      return existing;
    }
    const record: MetafieldRecord = {
      id: ctx.store.allocateId(),
      ownerGid: input.ownerId,
      namespace,
      key: input.key,
      type,
      value: input.value,
      createdAt: at,
      updatedAt: at,
    };
    ctx.shop.metafields.push(record);
    return record;
  });
  ctx.store.changed();
  return { metafields: written.map(metafieldView), userErrors: [] as MetafieldUserError[] };
}
