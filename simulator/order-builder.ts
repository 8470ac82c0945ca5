/**
 * Builds orders, fulfillments and refunds the same way for seed data and for
 * merchant actions, so seeded history and live changes look alike.
 */
import { type CatalogProduct, imagePathFor } from "./catalog";
import type {
  AddressRecord,
  CustomerRecord,
  FulfillmentRecord,
  LineItemRecord,
  OrderRecord,
  RefundRecord,
  ShopRecord,
  TrackingRecord,
} from "./model";
import { fulfilledQuantities } from "./money";
import type { SeededRandom } from "./random";
import type { SimulatorStore } from "./store";

export const CARRIERS = ["DHL Express", "UPS", "PostNL", "DPD"] as const;

/** A tracking number and URL in the carrier's real format. */
export function makeTracking(
  r: SeededRandom,
  company: string,
  address: AddressRecord | null,
): TrackingRecord {
  switch (company) {
    case "UPS": {
      const number = `1Z${r.hex(6).toUpperCase()}${r.digits(10)}`;
      return {
        company,
        number,
        url: `https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=${number}`,
      };
    }
    case "PostNL": {
      const number = `3S${"ABCDEFGHJKLMNPRSTUVWXYZ"[r.int(0, 22)]}${"ABCDEFGHJKLMNPRSTUVWXYZ"[r.int(0, 22)]}${r.digits(9)}`;
      const country = address?.countryCode ?? "NL";
      const zip = (address?.zip ?? "").replace(/\s+/g, "");
      return { company, number, url: `https://jouw.postnl.nl/track-and-trace/${number}-${country}-${zip}` };
    }
    case "DPD": {
      const number = `0${r.digits(13)}`;
      return { company, number, url: `https://tracking.dpd.de/status/en_US/parcel/${number}` };
    }
    default: {
      const number = r.digits(10);
      return { company, number, url: `https://www.dhl.com/en/express/tracking.html?AWB=${number}` };
    }
  }
}

export function newLineItem(
  store: SimulatorStore,
  product: CatalogProduct,
  variant: CatalogProduct["variants"][number],
  quantity: number,
): LineItemRecord {
  return {
    id: store.allocateId(),
    productId: product.productId,
    variantId: variant.variantId,
    title: product.title,
    variantTitle: variant.title,
    sku: variant.sku,
    vendor: product.vendor,
    quantity,
    unitPriceCents: variant.priceCents,
    imagePath: imagePathFor(product.handle),
    imageAlt: product.title,
    grams: product.grams,
    requiresShipping: product.grams > 0,
    taxable: true,
  };
}

export interface NewOrderInput {
  customer: CustomerRecord | null;
  email: string | null;
  lineItems: LineItemRecord[];
  createdAt: string;
  shippingAddress: AddressRecord | null;
  financialStatus: OrderRecord["financialStatus"];
  note?: string | null;
  tags?: string[];
  customAttributes?: { key: string; value: string }[];
  shippingCents?: number;
  discountCents?: number;
  token: string;
}

export function newOrder(store: SimulatorStore, shop: ShopRecord, input: NewOrderInput): OrderRecord {
  const number = shop.nextOrderNumber++;
  const needsShipping = input.lineItems.some((li) => li.requiresShipping);
  return {
    id: store.allocateId(),
    number,
    name: `#${number}`,
    token: input.token,
    email: input.email,
    phone: input.customer?.phone ?? null,
    note: input.note ?? null,
    tags: input.tags ?? [],
    customAttributes: input.customAttributes ?? [],
    createdAt: input.createdAt,
    updatedAt: input.createdAt,
    processedAt: input.createdAt,
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    financialStatus: input.financialStatus,
    customerId: input.customer?.id ?? null,
    customerLocale: input.customer?.locale ?? "en",
    shippingAddress: needsShipping ? input.shippingAddress : null,
    billingAddress: input.shippingAddress,
    lineItems: input.lineItems,
    shippingTitle: needsShipping ? "Standard Shipping" : "Digital delivery",
    shippingCents: needsShipping ? (input.shippingCents ?? 495) : 0,
    discountCents: input.discountCents ?? 0,
    taxRate: 0.21,
    fulfillments: [],
    refunds: [],
  };
}

/** Fulfills every remaining unfulfilled quantity in one shipment. */
export function addFulfillment(
  store: SimulatorStore,
  order: OrderRecord,
  tracking: TrackingRecord,
  at: string,
): FulfillmentRecord {
  const shipped = fulfilledQuantities(order);
  const lineItems = order.lineItems
    .map((li) => ({ lineItemId: li.id, quantity: li.quantity - (shipped.get(li.id) ?? 0) }))
    .filter((li) => li.quantity > 0);
  const fulfillment: FulfillmentRecord = {
    id: store.allocateId(),
    name: `${order.name}.${order.fulfillments.length + 1}`,
    status: "SUCCESS",
    displayStatus: "FULFILLED",
    createdAt: at,
    updatedAt: at,
    inTransitAt: null,
    deliveredAt: null,
    estimatedDeliveryAt: null,
    tracking: [tracking],
    lineItems,
  };
  order.fulfillments.push(fulfillment);
  return fulfillment;
}

export function addRefund(
  store: SimulatorStore,
  order: OrderRecord,
  amountCents: number,
  note: string | null,
  at: string,
  lineItems: { lineItemId: string; quantity: number; subtotalCents: number }[] = [],
): RefundRecord {
  const refund: RefundRecord = {
    id: store.allocateId(),
    createdAt: at,
    note,
    amountCents,
    restock: lineItems.length > 0,
    transactionId: store.allocateId(),
    lineItems: lineItems.map((li) => ({ id: store.allocateId(), ...li })),
  };
  order.refunds.push(refund);
  return refund;
}

/** Every line item at full quantity, as a full refund or cancellation returns them. */
export function allLineItemsForRefund(
  order: OrderRecord,
): { lineItemId: string; quantity: number; subtotalCents: number }[] {
  return order.lineItems.map((li) => ({
    lineItemId: li.id,
    quantity: li.quantity,
    subtotalCents: li.unitPriceCents * li.quantity,
  }));
}
