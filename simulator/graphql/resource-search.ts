/**
 * The `query:` filters and `sortKey:` orders of the `orders` and `customers`
 * connections, over the fields the simulator models.
 */
import { GraphQLError } from "graphql";
import type { CustomerRecord, OrderRecord, ShopRecord } from "../model";
import { fulfillmentState, orderAmounts } from "../money";
import type { SortSpec } from "./connection";
import type { GraphQLContext } from "./context";
import {
  type FieldMatcher,
  matchesSearch,
  matchNumber,
  matchTag,
  matchText,
  matchTime,
  parseSearchQuery,
  unknownFields,
} from "./search-query";

function customerOf(shop: ShopRecord, order: OrderRecord): CustomerRecord | undefined {
  return order.customerId ? shop.customers.find((c) => c.id === order.customerId) : undefined;
}

const FULFILLMENT_FILTER: Record<string, string[]> = {
  shipped: ["FULFILLED"],
  fulfilled: ["FULFILLED"],
  partial: ["PARTIALLY_FULFILLED"],
  unshipped: ["UNFULFILLED"],
  unfulfilled: ["UNFULFILLED", "PARTIALLY_FULFILLED"],
  any: ["UNFULFILLED", "PARTIALLY_FULFILLED", "FULFILLED"],
};

function orderMatchers(shop: ShopRecord): Record<string, FieldMatcher<OrderRecord>> {
  return {
    default: (o, t) => {
      const c = customerOf(shop, o);
      const haystack = [o.name, o.email ?? "", c ? `${c.firstName} ${c.lastName}` : "", ...o.tags]
        .join(" ")
        .toLowerCase();
      return haystack.includes(t.value.toLowerCase().replace(/\*$/, ""));
    },
    id: (o, t) => matchNumber(BigInt(o.id), t),
    name: (o, t) => matchText(o.name.replace(/^#/, ""), { ...t, value: t.value.replace(/^#/, "") }),
    email: (o, t) => matchText(o.email, t),
    customer_id: (o, t) => o.customerId !== null && matchNumber(BigInt(o.customerId), t),
    created_at: (o, t) => matchTime(o.createdAt, t),
    updated_at: (o, t) => matchTime(o.updatedAt, t),
    processed_at: (o, t) => matchTime(o.processedAt, t),
    tag: (o, t) => matchTag(o.tags, t),
    tag_not: (o, t) => !matchTag(o.tags, t),
    test: (_o, t) => t.value.toLowerCase() === "false",
    sku: (o, t) => o.lineItems.some((li) => matchText(li.sku, t)),
    financial_status: (o, t) => o.financialStatus.toLowerCase() === t.value.toLowerCase(),
    fulfillment_status: (o, t) =>
      (FULFILLMENT_FILTER[t.value.toLowerCase()] ?? []).includes(fulfillmentState(o)),
    status: (o, t) => {
      switch (t.value.toLowerCase()) {
        case "open":
        case "not_closed":
          return o.closedAt === null;
        case "closed":
          return o.closedAt !== null;
        case "cancelled":
          return o.cancelledAt !== null;
        case "any":
          return true;
        default:
          return false;
      }
    },
  };
}

function customerMatchers(shop: ShopRecord): Record<string, FieldMatcher<CustomerRecord>> {
  const digits = (s: string | null) => (s ?? "").replace(/\D/g, "");
  return {
    default: (c, t) =>
      [c.firstName, c.lastName, `${c.firstName} ${c.lastName}`, c.email ?? "", c.phone ?? ""]
        .join(" ")
        .toLowerCase()
        .includes(t.value.toLowerCase().replace(/\*$/, "")),
    id: (c, t) => matchNumber(BigInt(c.id), t),
    email: (c, t) => matchText(c.email, t),
    phone: (c, t) =>
      c.phone !== null && digits(c.phone).endsWith(digits(t.value)) && digits(t.value).length > 0,
    first_name: (c, t) => matchText(c.firstName, t),
    last_name: (c, t) => matchText(c.lastName, t),
    state: (c, t) => c.state.toLowerCase() === t.value.toLowerCase(),
    tag: (c, t) => matchTag(c.tags, t),
    tag_not: (c, t) => !matchTag(c.tags, t),
    country: (c, t) => matchText(c.defaultAddress?.country, t) || matchText(c.defaultAddress?.countryCode, t),
    created_at: (c, t) => matchTime(c.createdAt, t),
    customer_date: (c, t) => matchTime(c.createdAt, t),
    updated_at: (c, t) => matchTime(c.updatedAt, t),
    orders_count: (c, t) => matchNumber(shop.orders.filter((o) => o.customerId === c.id).length, t),
  };
}

/** Applies a search string, recording Shopify-style warnings for unknown fields. */
function filter<T>(
  ctx: GraphQLContext,
  items: T[],
  query: string | null | undefined,
  matchers: Record<string, FieldMatcher<T>>,
  path: string[],
): T[] {
  const parsed = parseSearchQuery(query);
  const unknown = unknownFields(parsed, matchers);
  if (unknown.length > 0 && query) {
    ctx.searchWarnings.push({
      path,
      query,
      warnings: unknown.map((field) => ({ field, message: "Invalid search field for this query." })),
    });
  }
  return items.filter((item) => matchesSearch(parsed, item, matchers));
}

export function searchOrders(
  ctx: GraphQLContext,
  orders: OrderRecord[],
  query: string | null | undefined,
  path: string[],
) {
  return filter(ctx, orders, query, orderMatchers(ctx.shop), path);
}

export function searchCustomers(
  ctx: GraphQLContext,
  customers: CustomerRecord[],
  query: string | null | undefined,
  path: string[],
) {
  return filter(ctx, customers, query, customerMatchers(ctx.shop), path);
}

export function orderSort(shop: ShopRecord, sortKey: string | null | undefined): SortSpec<OrderRecord> {
  const id = (o: OrderRecord) => o.id;
  switch (sortKey ?? "PROCESSED_AT") {
    case "PROCESSED_AT":
      return { id, value: (o) => o.processedAt };
    case "CREATED_AT":
      return { id, value: (o) => o.createdAt };
    case "UPDATED_AT":
      return { id, value: (o) => o.updatedAt };
    case "ID":
    case "RELEVANCE":
      return { id, value: () => 0 };
    case "ORDER_NUMBER":
      return { id, value: (o) => o.number };
    case "TOTAL_PRICE":
      return { id, value: (o) => orderAmounts(o).totalCents };
    case "CUSTOMER_NAME":
      return {
        id,
        value: (o) =>
          customerOf(shop, o) ? `${customerOf(shop, o)?.lastName} ${customerOf(shop, o)?.firstName}` : "",
      };
    default:
      throw new GraphQLError(`Simulator does not resolve orders sortKey ${sortKey}`, {
        extensions: { code: "SIMULATOR_NOT_IMPLEMENTED" },
      });
  }
}

export function customerSort(sortKey: string | null | undefined): SortSpec<CustomerRecord> {
  const id = (c: CustomerRecord) => c.id;
  switch (sortKey ?? "ID") {
    case "ID":
    case "RELEVANCE":
      return { id, value: () => 0 };
    case "CREATED_AT":
      return { id, value: (c) => c.createdAt };
    case "UPDATED_AT":
      return { id, value: (c) => c.updatedAt };
    case "NAME":
      return { id, value: (c) => `${c.firstName} ${c.lastName}`.toLowerCase() };
    default:
      throw new GraphQLError(`Simulator does not resolve customers sortKey ${sortKey}`, {
        extensions: { code: "SIMULATOR_NOT_IMPLEMENTED" },
      });
  }
}
