import type pg from "pg";

/**
 * Seeds one shop with a support history of the requested size in a few
 * set-based statements: customers, orders, tickets (mixed statuses,
 * priorities, assignees, tags and channels), one order link per ticket and
 * `messagesPerTicket` messages each. The search triggers are paused during
 * the load and the search column is computed once at the end, as a backfill
 * migration would.
 */
export const BENCH_SHOP = "bench-inbox.myshopify.com";

const WORDS = [
  "order",
  "parcel",
  "refund",
  "delivery",
  "tracking",
  "size",
  "colour",
  "exchange",
  "return",
  "label",
  "damaged",
  "late",
  "address",
  "payment",
  "invoice",
  "discount",
  "gift",
  "wrapping",
  "courier",
  "warehouse",
  "thanks",
  "please",
  "when",
  "arrive",
  "still",
  "waiting",
  "wrong",
  "item",
  "missing",
  "broken",
  "cancel",
  "change",
  "shipping",
  "express",
  "customs",
  "voucher",
  "bag",
  "mug",
  "shirt",
  "shoes",
  "morning",
  "tomorrow",
  "week",
  "help",
  "question",
  "again",
  "hello",
  "kind",
  "regards",
  "soon",
];
const FIRST = [
  "Jane",
  "Max",
  "Hugo",
  "Jonas",
  "Jan",
  "Ada",
  "Sam",
  "Alex",
  "Mia",
  "Noah",
  "Lena",
  "Omar",
  "Ines",
  "Luca",
  "Eva",
  "Tom",
  "Sara",
  "Ben",
  "Nina",
  "Leo",
];
const LAST = [
  "Doe",
  "Andersen",
  "López",
  "Keller",
  "Nowak",
  "Rossi",
  "Müller",
  "Smith",
  "Dubois",
  "Silva",
  "Jensen",
  "Kowalski",
  "Berg",
  "Costa",
  "Novak",
  "Weber",
  "Garcia",
  "Fischer",
  "Moreau",
  "Ivanova",
];
const SUBJECTS = [
  "Where is my order",
  "Refund request",
  "Wrong size",
  "Parcel damaged",
  "Change delivery address",
  "Order was cancelled",
  "Question about payment",
  "Exchange for another colour",
  "Missing item",
  "Discount code",
];

const sqlArray = (values: string[]) =>
  `ARRAY[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(",")}]`;

export async function seedInbox(
  client: pg.Client,
  options: { tickets: number; messagesPerTicket: number; log: (line: string) => void },
): Promise<void> {
  const { tickets, messagesPerTicket } = options;
  const customers = Math.max(100, Math.floor(tickets / 5));
  const words = sqlArray(WORDS);
  const step = async (label: string, sql: string) => {
    const started = Date.now();
    await client.query(sql);
    options.log(`  ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };
  await client.query(`ALTER TABLE "Ticket" DISABLE TRIGGER ticket_search_on_ticket`);
  await client.query(`ALTER TABLE "Message" DISABLE TRIGGER ticket_search_on_message`);
  await client.query(`ALTER TABLE "TicketOrder" DISABLE TRIGGER ticket_search_on_order_link`);
  await step(
    "shop and agents",
    `INSERT INTO "Shop" ("id", "domain", "name", "updatedAt", "lastTicketNumber", "importStatus")
       VALUES ('shop_bench', '${BENCH_SHOP}', 'Bench Store', now(), ${tickets}, 'done');
     INSERT INTO "Agent" ("id", "shopDomain", "staffId", "name") VALUES
       ('agent_1', '${BENCH_SHOP}', '1001', 'Dana Owner'), ('agent_2', '${BENCH_SHOP}', '1002', 'Sam Support'),
       ('agent_3', '${BENCH_SHOP}', '1003', 'Alex Partner')`,
  );
  await step(
    `${customers.toLocaleString("en")} customers`,
    `INSERT INTO "Customer" ("id", "shopDomain", "shopifyId", "firstName", "lastName", "email", "updatedAt")
     SELECT 'c' || g, '${BENCH_SHOP}', 'gid://shopify/Customer/' || g,
            (${sqlArray(FIRST)})[1 + g % 20], (${sqlArray(LAST)})[1 + (g / 20) % 20],
            'customer' || g || '@example.com', now()
     FROM generate_series(1, ${customers}) g`,
  );
  await step(
    `${tickets.toLocaleString("en")} orders`,
    `INSERT INTO "OrderSnapshot" ("id", "shopDomain", "shopifyId", "name", "customerId", "totalPrice", "currency",
                                  "tags", "lineItems", "fulfillments", "refunds", "shopifyCreatedAt", "shopifyUpdatedAt", "updatedAt")
     SELECT 'o' || g, '${BENCH_SHOP}', 'gid://shopify/Order/' || g, '#' || (1000 + g), 'c' || (1 + g % ${customers}),
            10 + (g % 90), 'EUR', '{}', '[]', '[]', '[]', now() - (g || ' minutes')::interval, now(), now()
     FROM generate_series(1, ${tickets}) g`,
  );
  await step(
    `${tickets.toLocaleString("en")} tickets`,
    `INSERT INTO "Ticket" ("id", "shopDomain", "number", "subject", "status", "priority", "assigneeId", "assigneeName",
                           "tags", "channel", "customerId", "createdAt", "updatedAt")
     SELECT 't' || g, '${BENCH_SHOP}', g, (${sqlArray(SUBJECTS)})[1 + g % 10] || ' #' || (1000 + g),
            (ARRAY['open','open','pending','resolved','resolved','resolved','closed','closed','closed','closed'])[1 + g % 10]::"TicketStatus",
            (ARRAY['low','normal','normal','normal','high','urgent'])[1 + g % 6]::"TicketPriority",
            (ARRAY[NULL,'1001','1002','1003'])[1 + g % 4], (ARRAY[NULL,'Dana Owner','Sam Support','Alex Partner'])[1 + g % 4],
            CASE g % 5 WHEN 0 THEN ARRAY['refund'] WHEN 1 THEN ARRAY['cancellation'] WHEN 2 THEN ARRAY['delivery'] WHEN 3 THEN ARRAY['vip','refund'] ELSE ARRAY[]::text[] END,
            (ARRAY['shopify','email','email','manual'])[1 + g % 4], 'c' || (1 + g % ${customers}),
            now() - ((${tickets} - g) || ' minutes')::interval, now() - ((${tickets} - g) || ' minutes')::interval
     FROM generate_series(1, ${tickets}) g`,
  );
  await step(
    "order links",
    `INSERT INTO "TicketOrder" ("ticketId", "orderId", "shopDomain")
     SELECT 't' || g, 'o' || g, '${BENCH_SHOP}' FROM generate_series(1, ${tickets}) g`,
  );
  const messages = tickets * messagesPerTicket;
  await step(
    `${messages.toLocaleString("en")} messages`,
    `INSERT INTO "Message" ("id", "shopDomain", "ticketId", "kind", "authorType", "authorName", "body", "createdAt")
     SELECT 'm' || g, '${BENCH_SHOP}', 't' || (1 + (g - 1) / ${messagesPerTicket}),
            (ARRAY['customer','agent_reply','internal_note','system'])[1 + g % 4]::"MessageKind",
            (ARRAY['customer','staff','staff','system'])[1 + g % 4], 'Someone',
            concat_ws(' ', w[1 + g % 50], w[1 + (g / 3) % 50], w[1 + (g / 7) % 50], w[1 + (g / 11) % 50],
                      w[1 + (g / 13) % 50], w[1 + (g / 17) % 50], w[1 + (g / 19) % 50], w[1 + (g / 23) % 50],
                      w[1 + (g / 29) % 50], w[1 + (g / 31) % 50], w[1 + (g / 37) % 50], w[1 + (g / 41) % 50],
                      CASE WHEN g % 100000 = 0 THEN 'zeppelin' END),
            now() - ((${messages} - g) || ' seconds')::interval
     FROM generate_series(1, ${messages}) g, (SELECT ${words} AS w) vocabulary`,
  );
  await client.query(`ALTER TABLE "Ticket" ENABLE TRIGGER ticket_search_on_ticket`);
  await client.query(`ALTER TABLE "Message" ENABLE TRIGGER ticket_search_on_message`);
  await client.query(`ALTER TABLE "TicketOrder" ENABLE TRIGGER ticket_search_on_order_link`);
  await step(
    "search column",
    `UPDATE "Ticket" SET "searchVector" = ticket_search_document("id", "subject", "customerId") WHERE "shopDomain" = '${BENCH_SHOP}'`,
  );
  await step("analyze", "VACUUM ANALYZE");
}
