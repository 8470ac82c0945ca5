/** The QueryRoot fields the simulator serves; every other root field fails loudly. */
import { GraphQLError } from "graphql";
import { parseGid } from "../ids";
import type { CustomerRecord, OrderRecord } from "../model";
import { appView, installationView } from "./app-view";
import { connection, type PageArgs } from "./connection";
import { type GraphQLContext, notImplemented, orderVisible, requireScope } from "./context";
import { customerView, shopView } from "./customer-view";
import { orderView } from "./order-view";
import { customerSort, orderSort, searchCustomers, searchOrders } from "./resource-search";

type SearchArgs = PageArgs & { query?: string | null; sortKey?: string | null };

function invalidId(id: string): GraphQLError {
  return new GraphQLError(`Invalid global id '${id}'`, {
    extensions: { code: "argumentLiteralsIncompatible" },
  });
}

export function findOrder(ctx: GraphQLContext, id: string): OrderRecord | null {
  const parsed = parseGid(id);
  if (!parsed) throw invalidId(id);
  if (parsed.type !== "Order") return null;
  const order = ctx.shop.orders.find((o) => o.id === parsed.id);
  return order && orderVisible(ctx, order) ? order : null;
}

export function findCustomer(ctx: GraphQLContext, id: string): CustomerRecord | null {
  const parsed = parseGid(id);
  if (!parsed) throw invalidId(id);
  if (parsed.type !== "Customer") return null;
  return ctx.shop.customers.find((c) => c.id === parsed.id) ?? null;
}

function resolveNode(ctx: GraphQLContext, id: string) {
  const parsed = parseGid(id);
  if (!parsed) throw invalidId(id);
  switch (parsed.type) {
    case "Order": {
      requireScope(ctx, "read_orders", "node");
      const order = findOrder(ctx, id);
      return order ? orderView(ctx, order) : null;
    }
    case "Customer": {
      requireScope(ctx, "read_customers", "node");
      const customer = findCustomer(ctx, id);
      return customer ? customerView(ctx, customer) : null;
    }
    default:
      throw notImplemented(`node(id:) for ${parsed.type}`);
  }
}

function count(total: number, limit: number | null | undefined) {
  // Shopify caps counts at `limit` (default 10000) and says so via precision.
  const cap = limit ?? 10_000;
  return total > cap ? { count: cap, precision: "AT_LEAST" } : { count: total, precision: "EXACT" };
}

export function queryRoot(ctx: GraphQLContext) {
  const visibleOrders = () => ctx.shop.orders.filter((o) => orderVisible(ctx, o));
  return {
    shop: () => shopView(ctx),
    app: (args: { id?: string | null }) => {
      if (args.id && args.id !== appView(ctx).id) throw notImplemented("app(id:) for another app");
      return appView(ctx);
    },
    currentAppInstallation: () => installationView(ctx),
    order: (args: { id: string }) => {
      requireScope(ctx, "read_orders", "order");
      const order = findOrder(ctx, args.id);
      return order ? orderView(ctx, order) : null;
    },
    orderByIdentifier: (args: { identifier: { id?: string | null; customId?: unknown } }) => {
      requireScope(ctx, "read_orders", "orderByIdentifier");
      if (args.identifier.customId != null) throw notImplemented("orderByIdentifier(identifier: {customId})");
      const order = args.identifier.id ? findOrder(ctx, args.identifier.id) : null;
      return order ? orderView(ctx, order) : null;
    },
    orders: (args: SearchArgs & { savedSearchId?: string | null }) => {
      requireScope(ctx, "read_orders", "orders");
      if (args.savedSearchId) throw notImplemented("orders(savedSearchId:)");
      const items = searchOrders(ctx, visibleOrders(), args.query, ["orders"]);
      return connection(items, args, orderSort(ctx.shop, args.sortKey), (o) => orderView(ctx, o));
    },
    ordersCount: (args: { query?: string | null; limit?: number | null; savedSearchId?: string | null }) => {
      requireScope(ctx, "read_orders", "ordersCount");
      if (args.savedSearchId) throw notImplemented("ordersCount(savedSearchId:)");
      return count(searchOrders(ctx, visibleOrders(), args.query, ["ordersCount"]).length, args.limit);
    },
    customer: (args: { id: string }) => {
      requireScope(ctx, "read_customers", "customer");
      const customer = findCustomer(ctx, args.id);
      return customer ? customerView(ctx, customer) : null;
    },
    customers: (args: SearchArgs) => {
      requireScope(ctx, "read_customers", "customers");
      const items = searchCustomers(ctx, ctx.shop.customers, args.query, ["customers"]);
      return connection(items, args, customerSort(args.sortKey), (c) => customerView(ctx, c));
    },
    customersCount: (args: { query?: string | null; limit?: number | null }) => {
      requireScope(ctx, "read_customers", "customersCount");
      return count(
        searchCustomers(ctx, ctx.shop.customers, args.query, ["customersCount"]).length,
        args.limit,
      );
    },
    customerByIdentifier: (args: {
      identifier: {
        id?: string | null;
        emailAddress?: string | null;
        phoneNumber?: string | null;
        customId?: unknown;
      };
    }) => {
      requireScope(ctx, "read_customers", "customerByIdentifier");
      const { id, emailAddress, phoneNumber, customId } = args.identifier;
      if (customId != null) throw notImplemented("customerByIdentifier(identifier: {customId})");
      const digits = (s: string | null) => (s ?? "").replace(/\D/g, "");
      let found: CustomerRecord | null | undefined = null;
      if (id) found = findCustomer(ctx, id);
      else if (emailAddress)
        found = ctx.shop.customers.find((c) => c.email?.toLowerCase() === emailAddress.trim().toLowerCase());
      else if (phoneNumber)
        found = ctx.shop.customers.find((c) => c.phone !== null && digits(c.phone) === digits(phoneNumber));
      return found ? customerView(ctx, found) : null;
    },
    node: (args: { id: string }) => resolveNode(ctx, args.id),
    // Promises let one bad id null out its own entry (with an error) instead of the whole list.
    nodes: (args: { ids: string[] }) =>
      args.ids.map((id) => Promise.resolve().then(() => resolveNode(ctx, id))),
  };
}
