/**
 * Operator endpoints under `/_simulator/` (not part of Shopify): inspect the
 * store and deliveries, and perform merchant actions that emit webhooks.
 * Bodies are validated; bad input gets 400 with the reason.
 */
import { z } from "zod";
import type { MerchantActions } from "../actions/merchant-actions";
import { productImageSvg } from "../catalog";
import { gid } from "../ids";
import type { OrderRecord } from "../model";
import { formatCents, fulfillmentState, orderAmounts } from "../money";
import { makeTracking } from "../order-builder";
import { SeededRandom } from "../random";
import type { SimulatorStore } from "../store";
import type { WebhookDeliveryRecord } from "../webhooks/dispatcher";
import { HttpError, type RouteContext, type Router, sendJson, sendText } from "./http-util";
import { shopFromParams } from "./shopify-routes";

export interface OperatorRouteDeps {
  store: SimulatorStore;
  actions: MerchantActions;
  deliveries(): WebhookDeliveryRecord[];
  url: () => string;
}

const reasons = ["customer", "declined", "fraud", "inventory", "staff", "other"] as const;
const reason = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(reasons));
const amount = z.union([
  z.string().regex(/^\d+(\.\d{1,2})?$/, "amount must look like 12.50"),
  z.number().positive(),
]);

const schemas = {
  createOrder: z.object({
    customerId: z.string().optional(),
    email: z.string().email().optional(),
    lineItems: z
      .array(z.object({ sku: z.string().min(1), quantity: z.number().int().min(1).max(100).optional() }))
      .max(20)
      .optional(),
    note: z.string().max(5000).optional(),
    tags: z.array(z.string()).optional(),
    financialStatus: z.enum(["paid", "pending"]).optional(),
  }),
  cancel: z.object({ reason: reason.default("customer"), refund: z.boolean().optional() }),
  refund: z.object({ amount, note: z.string().max(5000).optional() }),
  fulfill: z.object({
    company: z.string().min(1).default("DHL Express"),
    number: z.string().min(1).optional(),
    url: z.string().url().optional(),
  }),
  note: z.object({ note: z.string().max(5000).nullable() }),
  tags: z.object({ tags: z.array(z.string()) }),
  customer: z
    .object({
      firstName: z.string().optional(),
      lastName: z.string().optional(),
      email: z.string().email().nullable().optional(),
      phone: z.string().nullable().optional(),
      note: z.string().nullable().optional(),
      tags: z.array(z.string()).optional(),
    })
    .strict(),
  empty: z.object({}).passthrough(),
};

async function body<T extends z.ZodType>(ctx: RouteContext, schema: T): Promise<z.infer<T>> {
  const parsed = schema.safeParse(await ctx.json());
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    throw new HttpError(400, { error: `Invalid request body: ${issues}` });
  }
  return parsed.data;
}

function orderSummary(order: OrderRecord) {
  return {
    id: order.id,
    gid: gid("Order", order.id),
    name: order.name,
    email: order.email,
    customerId: order.customerId,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    financialStatus: order.financialStatus,
    fulfillmentStatus: fulfillmentState(order),
    cancelledAt: order.cancelledAt,
    total: formatCents(orderAmounts(order).totalCents),
    note: order.note,
    tags: order.tags,
  };
}

function limitParam(ctx: RouteContext, fallback: number): number {
  const limit = Number(ctx.url.searchParams.get("limit") ?? fallback);
  if (!Number.isInteger(limit) || limit < 1)
    throw new HttpError(400, { error: "limit must be a positive integer" });
  return limit;
}

export function registerOperatorRoutes(router: Router, deps: OperatorRouteDeps): void {
  const { store, actions } = deps;
  const shopDomain = (ctx: RouteContext) => shopFromParams(store, ctx.params.shop).domain;

  router.on("GET", "/_simulator/health", (ctx) => sendJson(ctx.res, 200, { ok: true, url: deps.url() }));
  router.on("GET", "/_simulator/images/:file", (ctx) => {
    const svg = productImageSvg(ctx.params.file.replace(/\.svg$/, ""));
    if (!svg) throw new HttpError(404, { error: "No such image" });
    sendText(ctx.res, 200, svg, "image/svg+xml");
  });
  router.on("GET", "/_simulator/shops", (ctx) =>
    sendJson(
      ctx.res,
      200,
      store.shops().map((s) => ({
        domain: s.domain,
        name: s.name,
        installed: s.installed,
        grantedScopes: s.grantedScopes,
        redactedAt: s.redactedAt,
        customers: s.customers.length,
        orders: s.orders.length,
        openUrl: `${deps.url()}/shops/${s.domain}/open?path=/app`,
      })),
    ),
  );
  router.on("GET", "/_simulator/shops/:shop/orders", (ctx) => {
    const shop = shopFromParams(store, ctx.params.shop);
    const newest = [...shop.orders].sort(
      (a, b) => b.createdAt.localeCompare(a.createdAt) || Number(b.id) - Number(a.id),
    );
    sendJson(ctx.res, 200, newest.slice(0, limitParam(ctx, 20)).map(orderSummary));
  });
  router.on("GET", "/_simulator/shops/:shop/orders/:orderId", (ctx) => {
    const shop = shopFromParams(store, ctx.params.shop);
    const order = store.order(shop, ctx.params.orderId);
    if (!order) throw new HttpError(404, { error: `Order ${ctx.params.orderId} not found` });
    sendJson(ctx.res, 200, order);
  });
  router.on("GET", "/_simulator/shops/:shop/customers", (ctx) => {
    const shop = shopFromParams(store, ctx.params.shop);
    sendJson(ctx.res, 200, shop.customers.slice(0, limitParam(ctx, 20)));
  });
  router.on("GET", "/_simulator/deliveries", (ctx) => {
    const withBodies = ctx.url.searchParams.get("bodies") === "1";
    const shop = ctx.url.searchParams.get("shop");
    const records = deps.deliveries().filter((d) => !shop || d.shop === shop);
    const limited = records.slice(-limitParam(ctx, 100));
    sendJson(
      ctx.res,
      200,
      limited.map(({ body, ...rest }) => (withBodies ? { ...rest, body } : rest)),
    );
  });

  router.on("POST", "/_simulator/shops/:shop/orders", async (ctx) => {
    sendJson(ctx.res, 201, actions.createOrder(shopDomain(ctx), await body(ctx, schemas.createOrder)));
  });
  router.on("POST", "/_simulator/shops/:shop/orders/:orderId/cancel", async (ctx) => {
    const input = await body(ctx, schemas.cancel);
    sendJson(ctx.res, 200, actions.cancelOrder(shopDomain(ctx), ctx.params.orderId, input));
  });
  router.on("POST", "/_simulator/shops/:shop/orders/:orderId/refund", async (ctx) => {
    sendJson(
      ctx.res,
      200,
      actions.refundOrder(shopDomain(ctx), ctx.params.orderId, await body(ctx, schemas.refund)),
    );
  });
  router.on("POST", "/_simulator/shops/:shop/orders/:orderId/fulfill", async (ctx) => {
    const input = await body(ctx, schemas.fulfill);
    const domain = shopDomain(ctx);
    const order = store.order(shopFromParams(store, domain), ctx.params.orderId);
    // Missing tracking details are made up in the carrier's real format.
    const generated = makeTracking(
      SeededRandom.fromString(`${ctx.params.orderId}:${Date.now()}`),
      input.company,
      order?.shippingAddress ?? null,
    );
    const tracking = {
      company: input.company,
      number: input.number ?? generated.number,
      url: input.url ?? generated.url,
    };
    sendJson(ctx.res, 200, actions.fulfillOrder(domain, ctx.params.orderId, tracking));
  });
  router.on("POST", "/_simulator/shops/:shop/orders/:orderId/note", async (ctx) => {
    const { note } = await body(ctx, schemas.note);
    sendJson(ctx.res, 200, actions.updateOrderNote(shopDomain(ctx), ctx.params.orderId, note));
  });
  router.on("POST", "/_simulator/shops/:shop/orders/:orderId/tags", async (ctx) => {
    const { tags } = await body(ctx, schemas.tags);
    sendJson(ctx.res, 200, actions.updateOrderTags(shopDomain(ctx), ctx.params.orderId, tags));
  });
  router.on("POST", "/_simulator/shops/:shop/customers/:customerId/update", async (ctx) => {
    sendJson(
      ctx.res,
      200,
      actions.updateCustomer(shopDomain(ctx), ctx.params.customerId, await body(ctx, schemas.customer)),
    );
  });
  router.on("POST", "/_simulator/shops/:shop/customers/:customerId/data-request", async (ctx) => {
    await body(ctx, schemas.empty);
    sendJson(ctx.res, 200, actions.requestCustomerData(shopDomain(ctx), ctx.params.customerId));
  });
  router.on("POST", "/_simulator/shops/:shop/customers/:customerId/redact", async (ctx) => {
    await body(ctx, schemas.empty);
    sendJson(ctx.res, 200, actions.redactCustomer(shopDomain(ctx), ctx.params.customerId));
  });
  router.on("POST", "/_simulator/shops/:shop/uninstall", async (ctx) => {
    await body(ctx, schemas.empty);
    sendJson(ctx.res, 200, actions.uninstallApp(shopDomain(ctx)));
  });
  router.on("POST", "/_simulator/shops/:shop/redact", async (ctx) => {
    await body(ctx, schemas.empty);
    sendJson(ctx.res, 200, actions.redactShop(shopDomain(ctx)));
  });
}
