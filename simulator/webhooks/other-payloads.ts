/**
 * REST-style payloads for `customers/update`, `app/uninstalled` (the shop
 * resource) and the three mandatory compliance topics.
 */
import { gid } from "../ids";
import type { CustomerRecord, ShopRecord } from "../model";
import { type JsonValue, jsonNumber } from "./json-text";
import { restAddress, restTags, restTime } from "./rest-format";

/** `withAddresses` is the full customer resource; orders embed a shorter one. */
export function customerPayload(
  shop: ShopRecord,
  c: CustomerRecord,
  withAddresses = true,
): { [key: string]: JsonValue } {
  const time = (iso: string | null) => restTime(iso, shop.ianaTimezone);
  const address = restAddress(c.defaultAddress);
  const defaultAddress =
    address && typeof address === "object" && !Array.isArray(address)
      ? { id: jsonNumber(c.id), customer_id: jsonNumber(c.id), ...address, default: true }
      : null;
  return {
    id: jsonNumber(c.id),
    email: c.email,
    created_at: time(c.createdAt),
    updated_at: time(c.updatedAt),
    first_name: c.firstName,
    last_name: c.lastName,
    state: c.state.toLowerCase(),
    note: c.note,
    verified_email: c.verifiedEmail,
    multipass_identifier: null,
    tax_exempt: false,
    phone: c.phone,
    email_marketing_consent: c.email
      ? { state: "not_subscribed", opt_in_level: "single_opt_in", consent_updated_at: null }
      : null,
    sms_marketing_consent: c.phone
      ? {
          state: "not_subscribed",
          opt_in_level: "single_opt_in",
          consent_updated_at: null,
          consent_collected_from: "OTHER",
        }
      : null,
    tags: restTags(c.tags),
    currency: shop.currencyCode,
    tax_exemptions: [],
    admin_graphql_api_id: gid("Customer", c.id),
    ...(withAddresses ? { addresses: defaultAddress ? [defaultAddress] : [] } : {}),
    default_address: defaultAddress,
  };
}

export function shopPayload(shop: ShopRecord, nowIso: string): { [key: string]: JsonValue } {
  const time = (iso: string | null) => restTime(iso, shop.ianaTimezone);
  const owner = shop.staff.find((s) => s.accountOwner);
  return {
    id: jsonNumber(shop.id),
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    province: shop.address.province,
    country: shop.address.countryCode,
    address1: shop.address.address1,
    zip: shop.address.zip,
    city: shop.address.city,
    source: null,
    phone: shop.address.phone,
    latitude: null,
    longitude: null,
    primary_locale: "en",
    address2: shop.address.address2,
    created_at: time(shop.createdAt),
    updated_at: time(nowIso),
    country_code: shop.address.countryCode,
    country_name: shop.address.country,
    currency: shop.currencyCode,
    customer_email: shop.contactEmail,
    timezone: `(GMT+01:00) ${shop.ianaTimezone}`,
    iana_timezone: shop.ianaTimezone,
    shop_owner: owner ? `${owner.firstName} ${owner.lastName}` : "",
    money_format: "€{{amount_with_comma_separator}}",
    money_with_currency_format: "€{{amount_with_comma_separator}} EUR",
    weight_unit: "kg",
    province_code: shop.address.provinceCode,
    taxes_included: true,
    auto_configure_tax_inclusivity: null,
    tax_shipping: null,
    county_taxes: true,
    plan_display_name: shop.planDisplayName,
    plan_name: shop.partnerDevelopment ? "partner_test" : "basic",
    has_discounts: true,
    has_gift_cards: false,
    myshopify_domain: shop.domain,
    google_apps_domain: null,
    google_apps_login_enabled: null,
    money_in_emails_format: "€{{amount_with_comma_separator}}",
    money_with_currency_in_emails_format: "€{{amount_with_comma_separator}} EUR",
    eligible_for_payments: true,
    requires_extra_payments_agreement: false,
    password_enabled: shop.partnerDevelopment,
    has_storefront: true,
    finances: true,
    primary_location_id: null,
    checkout_api_supported: true,
    multi_location_enabled: true,
    setup_required: false,
    pre_launch_enabled: false,
    enabled_presentment_currencies: [shop.currencyCode],
    marketing_sms_consent_enabled_at_checkout: false,
    transactional_sms_disabled: false,
  };
}

function customerRef(c: CustomerRecord): JsonValue {
  return { id: jsonNumber(c.id), email: c.email, phone: c.phone };
}

export function dataRequestPayload(
  shop: ShopRecord,
  c: CustomerRecord,
  orderIds: string[],
  requestId: string,
): JsonValue {
  return {
    shop_id: jsonNumber(shop.id),
    shop_domain: shop.domain,
    orders_requested: orderIds.map((id) => jsonNumber(id)),
    customer: customerRef(c),
    data_request: { id: jsonNumber(requestId) },
  };
}

export function customerRedactPayload(shop: ShopRecord, c: CustomerRecord, orderIds: string[]): JsonValue {
  return {
    shop_id: jsonNumber(shop.id),
    shop_domain: shop.domain,
    customer: customerRef(c),
    orders_to_redact: orderIds.map((id) => jsonNumber(id)),
  };
}

export function shopRedactPayload(shop: ShopRecord): JsonValue {
  return { shop_id: jsonNumber(shop.id), shop_domain: shop.domain };
}
