/**
 * The Mutation fields the simulator serves. Changes made through the API
 * emit the same webhooks Shopify sends (e.g. `orders/updated`), because the
 * app receives its own writes back as webhooks in production too.
 */
import { gid, isoSeconds, parseGid } from "../ids";
import type { CustomerRecord, OrderRecord } from "../model";
import { addTags, normalizeTags, removeTags, sameTags, tagProblem } from "../tags";
import { orderPayload } from "../webhooks/order-payload";
import { customerPayload } from "../webhooks/other-payloads";
import { type GraphQLContext, notImplemented, requireScope } from "./context";
import { customerView } from "./customer-view";
import { type MetafieldsSetInput, setMetafields } from "./metafields";
import { orderView } from "./order-view";
import { findOrder } from "./query-root";

interface OrderInput {
  id: string;
  note?: string | null;
  tags?: string[] | null;
  email?: string | null;
  phone?: string | null;
  customAttributes?: { key: string; value: string }[] | null;
  metafields?:
    | {
        id?: string | null;
        namespace?: string | null;
        key?: string | null;
        type?: string | null;
        value?: string | null;
      }[]
    | null;
  shippingAddress?: Record<string, string | null> | null;
  poNumber?: string | null;
  localizedFields?: unknown;
}

const userError = (field: string[], message: string) => ({ field, message });

function touchOrder(ctx: GraphQLContext, order: OrderRecord): void {
  order.updatedAt = isoSeconds(ctx.now());
  ctx.store.changed();
  ctx.publish(ctx.shop, [{ topic: "orders/updated", payload: orderPayload(ctx.shop, order) }]);
}

function touchCustomer(ctx: GraphQLContext, customer: CustomerRecord): void {
  customer.updatedAt = isoSeconds(ctx.now());
  ctx.store.changed();
  ctx.publish(ctx.shop, [{ topic: "customers/update", payload: customerPayload(ctx.shop, customer) }]);
}

function orderUpdate(ctx: GraphQLContext, { input }: { input: OrderInput }) {
  requireScope(ctx, "write_orders", "orderUpdate");
  for (const unsupported of ["poNumber", "localizedFields"] as const) {
    if (unsupported in input) throw notImplemented(`OrderInput.${unsupported}`);
  }
  const order = findOrder(ctx, input.id);
  if (!order) return { order: null, userErrors: [userError(["id"], "Order does not exist")] };
  if (input.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email)) {
    return { order: null, userErrors: [userError(["email"], "Email is invalid")] };
  }
  const tags = "tags" in input ? normalizeTags(input.tags ?? []) : null;
  const problem = tags && tagProblem(tags);
  if (problem) return { order: null, userErrors: [userError(["tags"], problem)] };
  if (input.metafields?.length) {
    const sets: MetafieldsSetInput[] = input.metafields.map((m) => {
      const existing = m.id ? ctx.shop.metafields.find((r) => gid("Metafield", r.id) === m.id) : undefined;
      return {
        ownerId: gid("Order", order.id),
        namespace: m.namespace ?? existing?.namespace,
        key: m.key ?? existing?.key ?? "",
        type: m.type ?? existing?.type,
        value: m.value ?? "",
      };
    });
    // Metafields go first: if any is invalid nothing else is changed either.
    const result = setMetafields(ctx, sets);
    if (result.userErrors.length > 0) {
      return {
        order: null,
        userErrors: result.userErrors.map((e) => userError(e.field ?? ["metafields"], e.message)),
      };
    }
  }
  if ("note" in input) order.note = input.note ?? null;
  if (tags) order.tags = tags;
  if ("email" in input) order.email = input.email ?? null;
  if ("phone" in input) order.phone = input.phone ?? null;
  if ("customAttributes" in input)
    order.customAttributes = (input.customAttributes ?? []).map((a) => ({ key: a.key, value: a.value }));
  if (input.shippingAddress && order.shippingAddress) {
    const { countryCode, ...rest } = input.shippingAddress;
    order.shippingAddress = {
      ...order.shippingAddress,
      ...rest,
      ...(countryCode ? { countryCode } : {}),
    } as OrderRecord["shippingAddress"];
  }
  touchOrder(ctx, order);
  return { order: orderView(ctx, order), userErrors: [] };
}

function changeTags(ctx: GraphQLContext, args: { id: string; tags: string[] }, mode: "add" | "remove") {
  const mutation = mode === "add" ? "tagsAdd" : "tagsRemove";
  const parsed = parseGid(args.id);
  if (!parsed) return { node: null, userErrors: [userError(["id"], "Invalid id")] };
  const apply = (tags: string[]) => (mode === "add" ? addTags(tags, args.tags) : removeTags(tags, args.tags));
  if (parsed.type === "Order") {
    requireScope(ctx, "write_orders", mutation);
    const order = findOrder(ctx, args.id);
    if (!order) return { node: null, userErrors: [userError(["id"], "Order does not exist")] };
    const next = apply(order.tags);
    const problem = tagProblem(next);
    if (problem) return { node: null, userErrors: [userError(["tags"], problem)] };
    if (!sameTags(next, order.tags)) {
      order.tags = next;
      touchOrder(ctx, order);
    }
    return { node: orderView(ctx, order), userErrors: [] };
  }
  if (parsed.type === "Customer") {
    requireScope(ctx, "write_customers", mutation);
    const customer = ctx.shop.customers.find((c) => c.id === parsed.id);
    if (!customer) return { node: null, userErrors: [userError(["id"], "Customer does not exist")] };
    const next = apply(customer.tags);
    const problem = tagProblem(next);
    if (problem) return { node: null, userErrors: [userError(["tags"], problem)] };
    if (!sameTags(next, customer.tags)) {
      customer.tags = next;
      touchCustomer(ctx, customer);
    }
    return { node: customerView(ctx, customer), userErrors: [] };
  }
  throw notImplemented(`${mutation} on ${parsed.type}`);
}

export function mutationRoot(ctx: GraphQLContext) {
  return {
    orderUpdate: (args: { input: OrderInput }) => orderUpdate(ctx, args),
    tagsAdd: (args: { id: string; tags: string[] }) => changeTags(ctx, args, "add"),
    tagsRemove: (args: { id: string; tags: string[] }) => changeTags(ctx, args, "remove"),
    metafieldsSet: (args: { metafields: MetafieldsSetInput[] }) => setMetafields(ctx, args.metafields),
  };
}
