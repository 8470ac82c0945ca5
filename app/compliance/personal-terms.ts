import type { Prisma } from "@prisma/client";
import type { RequestedCustomer } from "./payloads";

/**
 * Finding a customer in free text (thread messages, subjects, notes, stored
 * webhook bodies) and replacing them with a marker, for customers/redact.
 */
export const REDACTED = "[redacted]";

/** What we hold of the customer: the rows their terms are gathered from. */
export interface Footprint {
  customer: {
    shopifyId: string;
    email: string | null;
    phone: string | null;
    firstName: string | null;
    lastName: string | null;
  } | null;
  orders: { shopifyId: string; email: string | null; shippingAddress: Prisma.JsonValue }[];
}

export interface PersonalTerms {
  /** Customer and order GIDs: not personal, but they locate stored bodies about the customer. */
  gids: string[];
  emails: string[];
  phones: string[];
  /** Full names ("Ada Lovelace"), matched case-insensitively. */
  names: string[];
  /** First and last names alone, matched as capitalised whole words so "will" survives a Will. */
  nameParts: string[];
  addressLines: string[];
}

export type Redactor = (text: string) => string;

export function personalTerms(requested: RequestedCustomer, { customer, orders }: Footprint): PersonalTerms {
  const addresses = orders.map((o) => asRecord(o.shippingAddress));
  const firstNames = [customer?.firstName, ...addresses.map((a) => a.first_name)];
  const lastNames = [customer?.lastName, ...addresses.map((a) => a.last_name)];
  return {
    gids: distinct([requested.id, customer?.shopifyId, ...orders.map((o) => o.shopifyId)]),
    emails: distinct([requested.email, customer?.email, ...orders.map((o) => o.email)]),
    phones: distinct([requested.phone, customer?.phone, ...addresses.map((a) => a.phone)]),
    names: distinct([
      fullName(customer?.firstName, customer?.lastName),
      ...addresses.map((a) => a.name),
      ...addresses.map((a) => fullName(a.first_name, a.last_name)),
    ]),
    nameParts: distinct([...firstNames, ...lastNames]).filter((part) => part.length >= 2),
    addressLines: distinct(addresses.flatMap((a) => [a.address1, a.address2])).filter(
      (line) => line.length >= 4,
    ),
  };
}

/** Longest terms first, so a full name goes before its parts leave "[redacted] [redacted]". */
export function textRedactor(terms: PersonalTerms): Redactor {
  const insensitive = [
    ...terms.emails.map(escapeRegExp),
    ...terms.names.map((name) => name.split(/\s+/).map(escapeRegExp).join("\\s+")),
    ...terms.addressLines.map(escapeRegExp),
    ...terms.phones.flatMap(phonePatterns),
  ];
  const wholeWords = terms.nameParts.map(
    (part) => `(?<![\\p{L}\\p{N}])${escapeRegExp(part)}(?![\\p{L}\\p{N}])`,
  );
  const passes = [
    insensitive.length > 0 ? new RegExp(byLength(insensitive).join("|"), "giu") : null,
    wholeWords.length > 0 ? new RegExp(byLength(wholeWords).join("|"), "gu") : null,
  ].filter((pattern): pattern is RegExp => pattern !== null);
  return (text) => passes.reduce((result, pattern) => result.replace(pattern, REDACTED), text);
}

/**
 * A phone written any way: "+1 (555) 010-0123", "555.010.0123", with or
 * without the country code (1 to 3 digits) or a trunk 0. Digit boundaries
 * keep it from matching inside a longer number.
 */
function phonePatterns(phone: string): string[] {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 6) return [escapeRegExp(phone)];
  const spaced = (d: string) => d.split("").join("[\\s().-]*");
  const national = [1, 2, 3].map((cc) => digits.slice(cc)).filter((rest) => rest.length >= 7);
  return [
    `(?<!\\d)\\+?${spaced(digits)}(?!\\d)`,
    ...national.map((rest) => `(?<!\\d)(?:0[\\s().-]*)?${spaced(rest)}(?!\\d)`),
  ];
}

export function redactJson(value: Prisma.JsonValue, redact: Redactor): Prisma.JsonValue {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, redact));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactJson(v ?? null, redact)]));
  }
  return value;
}

export function asRecord(value: Prisma.JsonValue): Record<string, string | undefined> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

function fullName(first: string | null | undefined, last: string | null | undefined): string | null {
  return first?.trim() && last?.trim() ? `${first.trim()} ${last.trim()}` : null;
}

export function distinct(values: (string | null | undefined)[]): string[] {
  return [...new Set(values.map((v) => v?.trim()).filter((v): v is string => Boolean(v)))];
}

function byLength(patterns: string[]): string[] {
  return [...patterns].sort((a, b) => b.length - a.length);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
