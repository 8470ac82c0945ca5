/**
 * Records the simulator keeps per shop. They are plain JSON (so the whole
 * store can be written to a state file) and hold only source facts; derived
 * values such as totals, fulfillment status or a customer's order count are
 * computed when read, so they can never drift out of sync.
 *
 * Ids are Shopify's numeric REST ids kept as decimal strings: real ids do not
 * fit in a JavaScript number, and GIDs are built from them on the way out.
 * Money is kept in integer minor units (cents) to avoid float rounding.
 */

export type OrderCancelReason = "CUSTOMER" | "DECLINED" | "FRAUD" | "INVENTORY" | "STAFF" | "OTHER";

/** The financial states the simulator produces (a subset of OrderDisplayFinancialStatus). */
export type FinancialStatus =
  | "PENDING"
  | "AUTHORIZED"
  | "PAID"
  | "PARTIALLY_REFUNDED"
  | "REFUNDED"
  | "VOIDED";

export type FulfillmentDisplayStatus = "FULFILLED" | "IN_TRANSIT" | "OUT_FOR_DELIVERY" | "DELIVERED";

export interface StaffRecord {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  accountOwner: boolean;
  collaborator: boolean;
  emailVerified: boolean;
  locale: string;
}

export interface AddressRecord {
  firstName: string;
  lastName: string;
  company: string | null;
  address1: string;
  address2: string | null;
  city: string;
  province: string | null;
  provinceCode: string | null;
  country: string;
  countryCode: string;
  zip: string;
  phone: string | null;
}

export interface CustomerRecord {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  state: "ENABLED" | "DISABLED" | "INVITED" | "DECLINED";
  verifiedEmail: boolean;
  locale: string;
  defaultAddress: AddressRecord | null;
}

export interface LineItemRecord {
  id: string;
  productId: string;
  variantId: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string;
  quantity: number;
  unitPriceCents: number;
  /** Path served by the simulator (`/_simulator/images/...`); made absolute when read. */
  imagePath: string | null;
  imageAlt: string | null;
  grams: number;
  requiresShipping: boolean;
  taxable: boolean;
}

export interface TrackingRecord {
  company: string;
  number: string;
  url: string;
}

export interface FulfillmentRecord {
  id: string;
  name: string;
  status: "SUCCESS" | "CANCELLED";
  displayStatus: FulfillmentDisplayStatus;
  createdAt: string;
  updatedAt: string;
  inTransitAt: string | null;
  deliveredAt: string | null;
  estimatedDeliveryAt: string | null;
  tracking: TrackingRecord[];
  lineItems: { lineItemId: string; quantity: number }[];
}

export interface RefundRecord {
  id: string;
  createdAt: string;
  note: string | null;
  amountCents: number;
  restock: boolean;
  transactionId: string;
  lineItems: { id: string; lineItemId: string; quantity: number; subtotalCents: number }[];
}

export interface OrderRecord {
  id: string;
  number: number;
  name: string;
  token: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  customAttributes: { key: string; value: string }[];
  createdAt: string;
  updatedAt: string;
  processedAt: string;
  cancelledAt: string | null;
  cancelReason: OrderCancelReason | null;
  closedAt: string | null;
  financialStatus: FinancialStatus;
  customerId: string | null;
  customerLocale: string;
  shippingAddress: AddressRecord | null;
  billingAddress: AddressRecord | null;
  lineItems: LineItemRecord[];
  shippingTitle: string;
  shippingCents: number;
  discountCents: number;
  /** Prices include VAT (EU shops); tax is the VAT share of the total. */
  taxRate: number;
  fulfillments: FulfillmentRecord[];
  refunds: RefundRecord[];
}

export interface MetafieldRecord {
  id: string;
  ownerGid: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface ShopRecord {
  domain: string;
  id: string;
  name: string;
  email: string;
  contactEmail: string;
  currencyCode: string;
  ianaTimezone: string;
  timezoneAbbreviation: string;
  planDisplayName: string;
  partnerDevelopment: boolean;
  shopifyPlus: boolean;
  createdAt: string;
  address: AddressRecord;
  staff: StaffRecord[];
  /** Whether the app is installed; uninstalling revokes every token. */
  installed: boolean;
  /** Bumped on every reinstall so tokens from an earlier installation stop working. */
  installGeneration: number;
  grantedScopes: string;
  redactedAt: string | null;
  nextOrderNumber: number;
  customers: CustomerRecord[];
  orders: OrderRecord[];
  metafields: MetafieldRecord[];
}

/** Online and expiring access tokens (plain offline tokens are derived, not stored). */
export interface IssuedTokenRecord {
  token: string;
  kind: "online" | "expiring-offline" | "refresh";
  shop: string;
  installGeneration: number;
  scope: string;
  userId: string | null;
  expiresAt: string;
}

export interface StoreState {
  formatVersion: 1;
  /** Next numeric id to hand out; shared by every resource like a real id sequence. */
  nextId: string;
  shops: ShopRecord[];
  tokens: IssuedTokenRecord[];
}
