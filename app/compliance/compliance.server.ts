import {
  type Customer,
  type CustomerDataExport,
  type Message,
  type OrderSnapshot,
  Prisma,
  type Ticket,
} from "@prisma/client";
import { z } from "zod";
import prisma from "~/db.server";
import { customerRedactPayload, dataRequestPayload, type RequestedCustomer } from "./payloads";
import {
  distinct,
  escapeRegExp,
  type PersonalTerms,
  personalTerms,
  REDACTED,
  type Redactor,
  redactJson,
  textRedactor,
} from "./personal-terms";

/**
 * The mandatory privacy topics: customers/data_request, customers/redact and
 * shop/redact. Each function can join the caller's transaction (the one that
 * marks the webhook event processed) or open its own.
 */

/** The payload is malformed or names another shop; retrying will not help. */
export class ComplianceInputError extends Error {
  override name = "ComplianceInputError";
}

type Tx = Prisma.TransactionClient;

function inTransaction<T>(tx: Tx | undefined, work: (tx: Tx) => Promise<T>): Promise<T> {
  return tx ? work(tx) : prisma.$transaction(work);
}

function parsePayload<S extends z.ZodType<{ shop_domain: string }>>(
  schema: S,
  shop: string,
  payload: unknown,
): z.output<S> {
  const result = schema.safeParse(payload);
  if (!result.success) {
    throw new ComplianceInputError(
      `Invalid compliance payload for ${shop}:\n${z.prettifyError(result.error)}`,
    );
  }
  if (result.data.shop_domain.toLowerCase() !== shop.toLowerCase()) {
    throw new ComplianceInputError(
      `Compliance payload names shop ${result.data.shop_domain} but was delivered for ${shop}`,
    );
  }
  return result.data;
}

// ---------------------------------------------------------------------------
// What we hold about one customer

type TicketWithMessages = Ticket & { messages: Message[]; orders: { orderId: string }[] };

interface CustomerFootprint {
  customer: Customer | null;
  orders: OrderSnapshot[];
  tickets: TicketWithMessages[];
}

/**
 * The customer row (by GID, else by email: Shopify can send a customer we
 * first met as a bare email), their order snapshots (linked, requested by id,
 * or placed under one of their emails) and the tickets about them or those
 * orders, or in which they wrote as that customer.
 */
async function findFootprint(
  tx: Tx,
  shop: string,
  requested: RequestedCustomer,
  orderGids: string[],
): Promise<CustomerFootprint> {
  const customer =
    (await tx.customer.findUnique({
      where: { shopDomain_shopifyId: { shopDomain: shop, shopifyId: requested.id } },
    })) ??
    (requested.email
      ? await tx.customer.findFirst({
          where: { shopDomain: shop, email: { equals: requested.email, mode: "insensitive" } },
          orderBy: { updatedAt: "desc" },
        })
      : null);
  const emails = distinct([requested.email, customer?.email]);

  const orderMatches: Prisma.OrderSnapshotWhereInput[] = [
    ...(customer ? [{ customerId: customer.id }] : []),
    ...(orderGids.length > 0 ? [{ shopifyId: { in: orderGids } }] : []),
    ...emails.map((email) => ({ email: { equals: email, mode: "insensitive" as const } })),
  ];
  const orders =
    orderMatches.length === 0
      ? []
      : await tx.orderSnapshot.findMany({
          where: { shopDomain: shop, OR: orderMatches },
          orderBy: { shopifyCreatedAt: "asc" },
        });

  const authorIds = distinct([requested.id, customer?.id, customer?.shopifyId, ...emails]);
  const ticketMatches: Prisma.TicketWhereInput[] = [
    ...(customer ? [{ customerId: customer.id }] : []),
    ...(orders.length > 0 ? [{ orders: { some: { orderId: { in: orders.map((o) => o.id) } } } }] : []),
    { messages: { some: { kind: "customer", authorId: { in: authorIds } } } },
  ];
  const tickets = await tx.ticket.findMany({
    where: { shopDomain: shop, OR: ticketMatches },
    include: { messages: { orderBy: { createdAt: "asc" } }, orders: { select: { orderId: true } } },
    orderBy: { number: "asc" },
  });
  return { customer, orders, tickets };
}

// ---------------------------------------------------------------------------
// customers/data_request

/**
 * Stores one export of everything held about the customer, for the store
 * owner. A redelivery of the same data request returns the stored export.
 */
export async function exportCustomerData(
  shop: string,
  payload: unknown,
  tx?: Tx,
): Promise<CustomerDataExport> {
  const request = parsePayload(dataRequestPayload, shop, payload);
  const dataRequestId = request.data_request?.id ?? null;
  return inTransaction(tx, async (tx) => {
    if (dataRequestId) {
      // No unique index on (shopDomain, dataRequestId), so concurrent
      // redeliveries are serialised here before the existence check.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`data-request:${shop}:${dataRequestId}`}))`;
      const existing = await tx.customerDataExport.findFirst({
        where: { shopDomain: shop, dataRequestId },
        orderBy: { createdAt: "asc" },
      });
      if (existing) return existing;
    }
    const footprint = await findFootprint(tx, shop, request.customer, request.orders_requested);
    return tx.customerDataExport.create({
      data: {
        shopDomain: shop,
        customerShopifyId: request.customer.id,
        dataRequestId,
        content: exportDocument(shop, request, footprint),
      },
    });
  });
}

function exportDocument(
  shop: string,
  request: z.output<typeof dataRequestPayload>,
  { customer, orders, tickets }: CustomerFootprint,
): Prisma.InputJsonObject {
  const document = {
    generatedAt: new Date().toISOString(),
    shopDomain: shop,
    request: {
      dataRequestId: request.data_request?.id ?? null,
      customer: request.customer,
      ordersRequested: request.orders_requested,
    },
    customer,
    orders,
    tickets: tickets.map(({ orders: links, ...ticket }) => ({
      ...ticket,
      orderIds: links.map((link) => link.orderId),
    })),
  };
  // Round-trips Dates to ISO strings and Decimals to exact strings.
  return JSON.parse(JSON.stringify(document)) as Prisma.InputJsonObject;
}

// ---------------------------------------------------------------------------
// customers/redact

export interface RedactionSummary {
  customerFound: boolean;
  orders: number;
  tickets: number;
  messages: number;
  exportsDeleted: number;
  webhookEvents: number;
}

/**
 * Erases the customer's personal data. Rows stay, anonymised: the Customer row
 * (so tickets and orders keep their link, which names no one once the row is
 * blank), order snapshots (email and shipping address cleared, customer link
 * kept) and tickets with their messages (the customer's own words replaced,
 * mentions of them in everyone else's text replaced). Earlier data exports of
 * the customer are deleted, and stored webhook bodies that mention them are
 * redacted in place. Running it again changes nothing further.
 */
export async function redactCustomer(shop: string, payload: unknown, tx?: Tx): Promise<RedactionSummary> {
  const request = parsePayload(customerRedactPayload, shop, payload);
  return inTransaction(tx, async (tx) => {
    const footprint = await findFootprint(tx, shop, request.customer, request.orders_to_redact);
    const terms = personalTerms(request.customer, footprint);
    const redact = textRedactor(terms);
    const { customer, orders, tickets } = footprint;

    if (customer) {
      await tx.customer.update({
        where: { id: customer.id },
        data: {
          email: null,
          firstName: null,
          lastName: null,
          phone: null,
          note: null,
          redactedAt: customer.redactedAt ?? new Date(),
        },
      });
    }
    for (const order of orders) await redactOrder(tx, order, redact);
    let messages = 0;
    for (const ticket of tickets) messages += await redactTicket(tx, ticket, redact);

    const exportsDeleted = await tx.customerDataExport.deleteMany({
      where: {
        shopDomain: shop,
        customerShopifyId: { in: distinct([request.customer.id, customer?.shopifyId]) },
      },
    });
    const webhookEvents = await redactStoredPayloads(tx, shop, terms, redact);
    return {
      customerFound: customer !== null,
      orders: orders.length,
      tickets: tickets.length,
      messages,
      exportsDeleted: exportsDeleted.count,
      webhookEvents,
    };
  });
}

async function redactOrder(tx: Tx, order: OrderSnapshot, redact: Redactor) {
  await tx.orderSnapshot.update({
    where: { id: order.id },
    data: {
      email: null,
      shippingAddress: Prisma.DbNull,
      note: order.note === null ? null : redact(order.note),
      // Refund notes and line-item text are free text a person may have typed.
      lineItems: redactJson(order.lineItems, redact) as Prisma.InputJsonValue,
      fulfillments: redactJson(order.fulfillments, redact) as Prisma.InputJsonValue,
      refunds: redactJson(order.refunds, redact) as Prisma.InputJsonValue,
    },
  });
}

/** Returns how many of the ticket's messages changed. */
async function redactTicket(tx: Tx, ticket: TicketWithMessages, redact: Redactor): Promise<number> {
  const subject = redact(ticket.subject);
  const tags = ticket.tags.map(redact);
  if (subject !== ticket.subject || tags.some((tag, i) => tag !== ticket.tags[i])) {
    await tx.ticket.update({ where: { id: ticket.id }, data: { subject, tags } });
  }
  let changed = 0;
  for (const message of ticket.messages) {
    const data =
      message.kind === "customer"
        ? {
            body: REDACTED,
            authorName: null,
            // An author id that is their email or phone is personal data; a GID is not.
            authorId:
              message.authorId !== null && redact(message.authorId) !== message.authorId
                ? null
                : message.authorId,
          }
        : { body: redact(message.body) };
    const isChange = Object.entries(data).some(([key, value]) => message[key as keyof Message] !== value);
    if (!isChange) continue;
    await tx.message.update({ where: { id: message.id }, data });
    changed++;
  }
  return changed;
}

/**
 * The inbox keeps every delivery's raw body (order webhooks carry the
 * customer's email, name, phone and addresses), so bodies that mention the
 * customer are redacted too. Only inside JSON string literals: numbers and
 * structure stay as they were, so the body still parses.
 */
async function redactStoredPayloads(tx: Tx, shop: string, terms: PersonalTerms, redact: Redactor) {
  const needles = distinct([...terms.gids, ...terms.emails, ...terms.phones]);
  if (needles.length === 0) return 0;
  const events = await tx.webhookEvent.findMany({
    where: {
      shopDomain: shop,
      OR: needles.map((needle) => ({ payload: { contains: needle, mode: "insensitive" as const } })),
    },
    select: { id: true, payload: true },
  });
  const mentions = textRedactor({ ...terms, names: [], nameParts: [], addressLines: [] });
  const gidPattern =
    terms.gids.length > 0 ? new RegExp(`(${terms.gids.map(escapeRegExp).join("|")})(?!\\d)`) : null;
  let changed = 0;
  for (const event of events) {
    // A GID that merely starts with theirs (…/123 in …/1234) is someone else.
    const aboutThem = gidPattern?.test(event.payload) || mentions(event.payload) !== event.payload;
    if (!aboutThem) continue;
    const payload = event.payload.replace(/"(?:[^"\\]|\\.)*"/g, (literal) => redact(literal));
    if (payload === event.payload) continue;
    await tx.webhookEvent.update({ where: { id: event.id }, data: { payload } });
    changed++;
  }
  return changed;
}

// ---------------------------------------------------------------------------
// shop/redact

export interface ShopErasure {
  sessions: number;
  webhookEvents: number;
  shopDeleted: boolean;
}

/**
 * Erases everything held for the shop. Deleting the Shop row cascades to its
 * customers, orders, tickets, rules and exports; messages and ticket-order
 * links carry their own shopDomain outside that cascade, so they are deleted
 * by it first. Sessions and inbox events (including this shop/redact delivery:
 * its row is gone when the function returns) are not linked to the Shop row.
 */
export async function eraseShop(shop: string, tx?: Tx): Promise<ShopErasure> {
  return inTransaction(tx, async (tx) => {
    await tx.message.deleteMany({ where: { shopDomain: shop } });
    await tx.ticketOrder.deleteMany({ where: { shopDomain: shop } });
    const sessions = await tx.session.deleteMany({ where: { shop } });
    const webhookEvents = await tx.webhookEvent.deleteMany({ where: { shopDomain: shop } });
    const shops = await tx.shop.deleteMany({ where: { domain: shop } });
    return { sessions: sessions.count, webhookEvents: webhookEvents.count, shopDeleted: shops.count > 0 };
  });
}

// ---------------------------------------------------------------------------
// Reading exports back (operators' CLI)

export interface DataExportSummary {
  id: string;
  customerShopifyId: string;
  dataRequestId: string | null;
  createdAt: Date;
  /** Bytes of the export's JSON text, measured in the database so contents are not loaded. */
  size: number;
}

export async function listDataExports(shop: string): Promise<DataExportSummary[]> {
  return prisma.$queryRaw<DataExportSummary[]>`
    SELECT "id", "customerShopifyId", "dataRequestId", "createdAt", octet_length("content"::text) AS "size"
    FROM "CustomerDataExport"
    WHERE "shopDomain" = ${shop}
    ORDER BY "createdAt" DESC, "id"`;
}

export async function getDataExport(shop: string, id: string): Promise<CustomerDataExport | null> {
  return prisma.customerDataExport.findFirst({ where: { shopDomain: shop, id } });
}
