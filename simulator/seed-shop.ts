/** The shop record and its staff for a seeded shop. */
import { isoSeconds } from "./ids";
import type { ShopRecord, StaffRecord } from "./model";
import type { SeedShopSpec } from "./seed";
import type { SimulatorStore } from "./store";

/** The shop owner's user id: session tokens default to this `sub`. */
export const OWNER_USER_ID = "1001";

export function defaultStaff(handle: string): StaffRecord[] {
  const email = (local: string) => `${local}@${handle}.example.com`;
  return [
    {
      id: OWNER_USER_ID,
      firstName: "Dana",
      lastName: "Owner",
      email: email("dana"),
      accountOwner: true,
      collaborator: false,
      emailVerified: true,
      locale: "en",
    },
    {
      id: "1002",
      firstName: "Sam",
      lastName: "Support",
      email: email("sam"),
      accountOwner: false,
      collaborator: false,
      emailVerified: true,
      locale: "en",
    },
    {
      id: "1003",
      firstName: "Alex",
      lastName: "Partner",
      email: email("alex"),
      accountOwner: false,
      collaborator: true,
      emailVerified: true,
      locale: "nl",
    },
  ];
}

function titleCase(handle: string): string {
  return handle
    .split(/[-_]+/)
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
    .join(" ");
}

export function seedShopRecord(
  store: SimulatorStore,
  spec: SeedShopSpec,
  anchor: number,
  scopes: string,
): ShopRecord {
  const domain = spec.domain.toLowerCase();
  const handle = domain.replace(/\.myshopify\.com$/, "");
  const staff = spec.staff ?? defaultStaff(handle);
  const owner = staff.find((s) => s.accountOwner) ?? staff[0];
  const installed = spec.installed ?? true;
  return {
    domain,
    id: store.allocateId(),
    name: spec.name ?? titleCase(handle),
    email: owner.email,
    contactEmail: `support@${handle}.example.com`,
    currencyCode: spec.currencyCode ?? "EUR",
    ianaTimezone: "Europe/Amsterdam",
    timezoneAbbreviation: "CET",
    planDisplayName: "Development",
    partnerDevelopment: true,
    shopifyPlus: false,
    createdAt: isoSeconds(anchor - 400 * 24 * 3_600_000),
    address: {
      firstName: owner.firstName,
      lastName: owner.lastName,
      company: spec.name ?? titleCase(handle),
      address1: "Herengracht 182",
      address2: null,
      city: "Amsterdam",
      province: "Noord-Holland",
      provinceCode: "NH",
      country: "Netherlands",
      countryCode: "NL",
      zip: "1016 BR",
      phone: "+31201234567",
    },
    staff,
    installed,
    installGeneration: 1,
    grantedScopes: installed ? scopes : "",
    redactedAt: null,
    nextOrderNumber: 1001,
    customers: [],
    orders: [],
    metafields: [],
  };
}
