/**
 * Deterministic demo data: a shop with staff, customers and ~90 days of
 * orders in every state a support agent meets (unpaid, awaiting shipment,
 * in transit, delivered, refunded, cancelled). Same seed, same data.
 */
import { CATALOG } from "./catalog";
import { isoSeconds } from "./ids";
import type { CustomerRecord, OrderRecord, ShopRecord, StaffRecord } from "./model";
import {
  addFulfillment,
  addRefund,
  allLineItemsForRefund,
  CARRIERS,
  makeTracking,
  newLineItem,
  newOrder,
} from "./order-builder";
import { SeededRandom } from "./random";
import { seedPerson } from "./seed-people";
import { seedShopRecord } from "./seed-shop";
import type { SimulatorStore } from "./store";

export interface SeedShopSpec {
  domain: string;
  name?: string;
  currencyCode?: string;
  customers?: number;
  orders?: number;
  /** Length of the order history in days. */
  days?: number;
  /** PRNG seed; defaults to the domain, so each shop has its own stable data. */
  seed?: string;
  /** Whether the app starts installed (Shopify-managed install already happened). */
  installed?: boolean;
  staff?: StaffRecord[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const ORDER_NOTES = [
  "Please leave the parcel with the neighbours if nobody is home.",
  "Gift: please do not include the invoice in the box.",
  "Customer called: wants delivery after the 15th.",
  "Ring the bell twice, the first one is broken.",
];
const ORDER_TAGS = ["vip", "gift", "priority", "wholesale", "repeat-customer", "influencer"];
const CUSTOMER_NOTES = [
  "Prefers contact by email.",
  "Allergic to wool, suggest alternatives.",
  "Runs a café; often orders mugs in bulk.",
];

export function seedShop(
  store: SimulatorStore,
  spec: SeedShopSpec,
  nowMs: number,
  scopes: string,
): ShopRecord {
  const r = SeededRandom.fromString(spec.seed ?? spec.domain);
  // Anchor on the hour so a restart within the hour reproduces identical timestamps.
  const anchor = Math.floor(nowMs / HOUR) * HOUR;
  const days = spec.days ?? 90;
  const shop = seedShopRecord(store, spec, anchor, scopes);

  for (let i = 0; i < (spec.customers ?? 80); i++) shop.customers.push(seedCustomer(store, r, i, anchor));

  const offsets = Array.from(
    { length: spec.orders ?? 300 },
    () => r.int(HOUR / 1000, (days * DAY) / 1000) * 1000,
  );
  offsets.sort((a, b) => b - a);
  for (const offset of offsets) shop.orders.push(seedOrder(store, shop, r, anchor - offset, anchor));

  for (const customer of shop.customers) {
    const orders = shop.orders.filter((o) => o.customerId === customer.id);
    if (orders.length === 0) continue;
    const first = Date.parse(orders[0].createdAt);
    if (Date.parse(customer.createdAt) > first) customer.createdAt = isoSeconds(first - r.int(1, 600) * 1000);
    customer.updatedAt = orders[orders.length - 1].createdAt;
  }
  return shop;
}

function seedCustomer(store: SimulatorStore, r: SeededRandom, index: number, anchor: number): CustomerRecord {
  const person = seedPerson(r, index);
  const createdAt = isoSeconds(anchor - r.int(2, 420) * DAY - r.int(0, 86_399) * 1000);
  const stateRoll = r.next();
  return {
    id: store.allocateId(),
    firstName: person.firstName,
    lastName: person.lastName,
    email: person.email,
    phone: person.phone,
    note: r.chance(0.08) ? r.pick(CUSTOMER_NOTES) : null,
    tags: r.chance(0.15) ? [r.pick(["vip", "newsletter", "wholesale"])] : [],
    createdAt,
    updatedAt: createdAt,
    state: stateRoll < 0.6 ? "DISABLED" : stateRoll < 0.95 ? "ENABLED" : "INVITED",
    verifiedEmail: r.chance(0.9),
    locale:
      person.address.countryCode === "DE" || person.address.countryCode === "AT"
        ? "de"
        : person.address.countryCode === "FR"
          ? "fr"
          : "en",
    defaultAddress: person.address,
  };
}

function seedOrder(
  store: SimulatorStore,
  shop: ShopRecord,
  r: SeededRandom,
  createdMs: number,
  anchor: number,
): OrderRecord {
  // Squaring skews picks towards the first customers, giving realistic repeat buyers.
  const guest = r.chance(0.04);
  const customer = guest ? null : shop.customers[Math.floor(r.next() ** 2 * shop.customers.length)];
  const guestPerson = guest ? seedPerson(r, 1000 + shop.orders.length) : null;
  const products = r.shuffle(CATALOG).slice(0, r.pick([1, 1, 1, 2, 2, 3, 4]));
  // Orders that only hold a gift card would have nothing to ship or track; give them a parcel.
  if (!products.some((p) => p.grams > 0)) products.push(CATALOG[0]);
  const lineItems = products.map((p) =>
    newLineItem(store, p, r.pick(p.variants), r.pick([1, 1, 1, 1, 2, 3])),
  );
  const itemsCents = lineItems.reduce((s, li) => s + li.unitPriceCents * li.quantity, 0);
  const discounted = r.chance(0.1);
  const createdAt = isoSeconds(createdMs);
  const order = newOrder(store, shop, {
    customer,
    email: customer?.email ?? guestPerson?.email ?? null,
    lineItems,
    createdAt,
    shippingAddress: customer?.defaultAddress ?? guestPerson?.address ?? null,
    financialStatus: "PAID",
    note: r.chance(0.1) ? r.pick(ORDER_NOTES) : null,
    tags: r.chance(0.15) ? [r.pick(ORDER_TAGS)] : [],
    customAttributes: r.chance(0.05) ? [{ key: "gift_message", value: "Happy birthday! Love, M." }] : [],
    shippingCents: itemsCents >= 7500 ? 0 : 495,
    discountCents: discounted ? Math.round(itemsCents * 0.1) : 0,
    token: r.hex(32),
  });
  if (discounted) order.tags.push("WELCOME10");
  const ageDays = (anchor - createdMs) / DAY;
  const roll = r.next();
  let updatedMs = createdMs;
  const at = (ms: number) => {
    const clamped = Math.min(ms, anchor);
    updatedMs = Math.max(updatedMs, clamped);
    return isoSeconds(clamped);
  };

  if (roll < 0.05) {
    order.financialStatus = "PENDING";
    if (ageDays > 20 && r.chance(0.5)) {
      order.financialStatus = "VOIDED";
      order.cancelReason = r.pick(["CUSTOMER", "DECLINED"] as const);
      order.cancelledAt = order.closedAt = at(createdMs + r.int(24, 96) * HOUR);
    }
  } else if (roll < 0.11) {
    order.cancelReason = r.pick(["CUSTOMER", "INVENTORY", "FRAUD", "CUSTOMER"] as const);
    order.cancelledAt = order.closedAt = at(createdMs + r.int(1, 30) * HOUR);
    addRefund(store, order, totalOf(order), null, order.cancelledAt, allLineItemsForRefund(order));
    order.financialStatus = "REFUNDED";
  } else if (ageDays < 1.5 || roll < 0.22) {
    // Paid, awaiting shipment (older ones are the "where is my order?" tickets).
  } else {
    const shippedMs = createdMs + r.int(4, 48) * HOUR;
    const company = r.pick(CARRIERS);
    const fulfillment = addFulfillment(
      store,
      order,
      makeTracking(r, company, order.shippingAddress),
      at(shippedMs),
    );
    fulfillment.inTransitAt = at(shippedMs + 6 * HOUR);
    fulfillment.estimatedDeliveryAt = isoSeconds(shippedMs + 3 * DAY);
    fulfillment.displayStatus = "IN_TRANSIT";
    const deliveredMs = shippedMs + r.int(30, 120) * HOUR;
    if (deliveredMs < anchor) {
      fulfillment.deliveredAt = at(deliveredMs);
      fulfillment.displayStatus = "DELIVERED";
    }
    fulfillment.updatedAt = isoSeconds(updatedMs);
    order.closedAt = fulfillment.createdAt; // Shopify archives paid, fulfilled orders by default.
    const refundRoll = r.next();
    if (fulfillment.deliveredAt && refundRoll < 0.1) {
      const refundMs = deliveredMs + r.int(24, 200) * HOUR;
      if (refundMs < anchor) {
        const full = refundRoll < 0.03;
        const item = order.lineItems[0];
        const amount = full ? totalOf(order) : item.unitPriceCents;
        const items = full
          ? allLineItemsForRefund(order)
          : [{ lineItemId: item.id, quantity: 1, subtotalCents: amount }];
        addRefund(
          store,
          order,
          amount,
          full ? "Returned in full" : "Damaged item, refunded",
          at(refundMs),
          items,
        );
        order.financialStatus = full ? "REFUNDED" : "PARTIALLY_REFUNDED";
      }
    }
  }
  order.updatedAt = isoSeconds(updatedMs);
  return order;
}

function totalOf(order: OrderRecord): number {
  const items = order.lineItems.reduce((s, li) => s + li.unitPriceCents * li.quantity, 0);
  return items - order.discountCents + order.shippingCents;
}
