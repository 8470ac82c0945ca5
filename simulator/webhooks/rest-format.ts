/**
 * Value formats of Shopify's REST resources (which webhook bodies use):
 * timestamps in the shop's time zone with offset, money as strings plus
 * `*_set` objects, tags as one comma-separated string.
 */
import type { AddressRecord } from "../model";
import { formatCents } from "../money";
import type { JsonValue } from "./json-text";

// Building a formatter costs about a millisecond; every payload has several timestamps.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "longOffset",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** "2025-01-23T23:10:15+01:00": the shop-local wall time, as REST payloads show it. */
export function restTime(iso: string | null, timeZone: string): string | null {
  if (iso === null) return null;
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === "GMT" ? "+00:00" : String(parts.timeZoneName).replace("GMT", "");
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

export function restMoney(cents: number): string {
  return formatCents(cents);
}

export function restMoneySet(cents: number, currency: string): JsonValue {
  const money = { amount: formatCents(cents), currency_code: currency };
  return { shop_money: money, presentment_money: { ...money } };
}

export function restTags(tags: string[]): string {
  return tags.join(", ");
}

export function restAddress(address: AddressRecord | null): JsonValue {
  if (!address) return null;
  return {
    first_name: address.firstName,
    address1: address.address1,
    phone: address.phone,
    city: address.city,
    zip: address.zip,
    province: address.province,
    country: address.country,
    last_name: address.lastName,
    address2: address.address2,
    company: address.company,
    latitude: null,
    longitude: null,
    name: [address.firstName, address.lastName].filter(Boolean).join(" "),
    country_code: address.countryCode,
    province_code: address.provinceCode,
  };
}
