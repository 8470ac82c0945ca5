import { normaliseStatus, type OrderState } from "./order-state";

/** The shape ORDER_FIELDS_FRAGMENT returns. */
export interface GraphqlOrder {
  id: string;
  name: string;
  email: string | null;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  note: string | null;
  tags: string[];
  currencyCode: string;
  totalPriceSet: { shopMoney: { amount: string; currencyCode: string } };
  totalRefundedSet: { shopMoney: { amount: string } };
  customer: {
    id: string;
    firstName: string | null;
    lastName: string | null;
    note: string | null;
    numberOfOrders: string | number;
    updatedAt: string;
    defaultEmailAddress: { emailAddress: string } | null;
    defaultPhoneNumber: { phoneNumber: string } | null;
  } | null;
  shippingAddress: Record<string, unknown> | null;
  lineItems: {
    nodes: {
      title: string;
      variantTitle: string | null;
      sku: string | null;
      quantity: number;
      originalUnitPriceSet: { shopMoney: { amount: string } };
      image: { url: string } | null;
    }[];
  };
  fulfillments: {
    id: string;
    status: string;
    displayStatus: string | null;
    createdAt: string;
    trackingInfo: { company: string | null; number: string | null; url: string | null }[];
  }[];
  refunds: {
    id: string;
    createdAt: string | null;
    note: string | null;
    totalRefundedSet: { shopMoney: { amount: string } };
  }[];
}

const amount = (v: string) => Number(v).toFixed(2);

// GraphQL's displayStatus speaks of the shipment (e.g. ATTEMPTED_DELIVERY);
// REST's shipment_status is its lower-case twin.
const SHIPMENT_STATUSES = new Set([
  "attempted_delivery",
  "delivered",
  "failure",
  "in_transit",
  "out_for_delivery",
  "ready_for_pickup",
  "label_printed",
  "label_purchased",
  "confirmed",
]);

export function orderFromGraphql(o: GraphqlOrder): OrderState {
  const c = o.customer;
  return {
    shopifyId: o.id,
    name: o.name,
    email: o.email,
    customer: c && {
      shopifyId: c.id,
      email: c.defaultEmailAddress?.emailAddress ?? null,
      firstName: c.firstName,
      lastName: c.lastName,
      phone: c.defaultPhoneNumber?.phoneNumber ?? null,
      note: c.note,
      ordersCount: Number(c.numberOfOrders),
      updatedAt: new Date(c.updatedAt),
    },
    financialStatus: normaliseStatus(o.displayFinancialStatus),
    fulfillmentStatus:
      o.displayFulfillmentStatus === "UNFULFILLED" ? null : normaliseStatus(o.displayFulfillmentStatus),
    totalPrice: amount(o.totalPriceSet.shopMoney.amount),
    totalRefunded: amount(o.totalRefundedSet.shopMoney.amount),
    currency: o.totalPriceSet.shopMoney.currencyCode ?? o.currencyCode,
    note: o.note,
    tags: o.tags,
    lineItems: o.lineItems.nodes.map((li) => ({
      title: li.title,
      variantTitle: li.variantTitle,
      sku: li.sku,
      quantity: li.quantity,
      price: amount(li.originalUnitPriceSet.shopMoney.amount),
      imageUrl: li.image?.url ?? null,
    })),
    shippingAddress: o.shippingAddress,
    fulfillments: o.fulfillments.map((f) => {
      const display = normaliseStatus(f.displayStatus);
      return {
        id: f.id,
        status: normaliseStatus(f.status),
        shipmentStatus: display && SHIPMENT_STATUSES.has(display) ? display : null,
        trackingCompany: f.trackingInfo[0]?.company ?? null,
        trackingNumbers: f.trackingInfo.flatMap((t) => (t.number ? [t.number] : [])),
        trackingUrls: f.trackingInfo.flatMap((t) => (t.url ? [t.url] : [])),
        createdAt: f.createdAt,
      };
    }),
    refunds: o.refunds.map((r) => ({
      id: r.id,
      amount: amount(r.totalRefundedSet.shopMoney.amount),
      note: r.note,
      createdAt: r.createdAt,
    })),
    cancelledAt: o.cancelledAt ? new Date(o.cancelledAt) : null,
    cancelReason: normaliseStatus(o.cancelReason),
    createdAt: new Date(o.createdAt),
    updatedAt: new Date(o.updatedAt),
  };
}
