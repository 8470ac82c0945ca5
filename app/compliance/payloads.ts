import { z } from "zod";
import { toGid } from "~/webhooks/lossless-json";

/**
 * The three mandatory privacy payloads (REST-style JSON). Numeric ids arrive
 * as JS numbers, or as digit strings when they exceed 2^53 and the body was
 * parsed losslessly; both become GIDs, the key every record is stored under.
 */

/** A number is only trusted while it is exact; a rounded id would name someone else. */
const numericId = z.union([
  z
    .number()
    .int()
    .nonnegative()
    .refine(Number.isSafeInteger, "id above 2^53 must arrive as a string to stay exact"),
  z.string().regex(/^\d+$/, "id must be digits"),
]);

const customerGid = numericId.transform((id) => toGid("Customer", id));
const orderGid = numericId.transform((id) => toGid("Order", id));
const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v?.trim() ? v.trim() : null));

const shopFields = {
  shop_id: numericId,
  shop_domain: z.string().min(1),
};

const customer = z.object({
  id: customerGid,
  email: optionalText,
  phone: optionalText,
});

export const dataRequestPayload = z.object({
  ...shopFields,
  customer,
  orders_requested: z
    .array(orderGid)
    .nullish()
    .transform((v) => v ?? []),
  // Optional so a request without an id still gets its export (it cannot be deduplicated).
  data_request: z
    .object({ id: numericId.transform(String) })
    .nullish()
    .transform((v) => v ?? null),
});

export const customerRedactPayload = z.object({
  ...shopFields,
  customer,
  orders_to_redact: z
    .array(orderGid)
    .nullish()
    .transform((v) => v ?? []),
});

export const shopRedactPayload = z.object(shopFields);

export type DataRequest = z.infer<typeof dataRequestPayload>;
export type CustomerRedact = z.infer<typeof customerRedactPayload>;
export type ShopRedact = z.infer<typeof shopRedactPayload>;
/** The customer as both requests name them: GID, email, phone. */
export type RequestedCustomer = DataRequest["customer"];
