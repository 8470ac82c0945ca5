/** Customer, address and shop records seen as their GraphQL types. */
import { gid } from "../ids";
import type { AddressRecord, CustomerRecord } from "../model";
import { orderAmounts } from "../money";
import { connection, firstOf, type PageArgs } from "./connection";
import { type GraphQLContext, moneyV2, orderVisible } from "./context";
import { metafieldFields } from "./metafields";
import { orderView } from "./order-view";
import { orderSort, searchOrders } from "./resource-search";

export function addressView(address: AddressRecord, id: string) {
  const name = [address.firstName, address.lastName].filter(Boolean).join(" ");
  const area = [address.city, address.provinceCode ?? address.province, address.zip]
    .filter(Boolean)
    .join(" ");
  return {
    __typename: "MailingAddress",
    id: `${gid("MailingAddress", id)}?model_name=Address`,
    firstName: address.firstName,
    lastName: address.lastName,
    name,
    company: address.company,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    province: address.province,
    provinceCode: address.provinceCode,
    country: address.country,
    countryCodeV2: address.countryCode,
    zip: address.zip,
    phone: address.phone,
    formattedArea: [address.city, address.province, address.country].filter(Boolean).join(", "),
    formatted: (args: { withName?: boolean; withCompany?: boolean }) =>
      [
        args.withName ? name : null,
        args.withCompany !== false ? address.company : null,
        address.address1,
        address.address2,
        area,
        address.country,
      ].filter((line): line is string => Boolean(line)),
  };
}

export function customerView(ctx: GraphQLContext, customer: CustomerRecord) {
  const customerGid = gid("Customer", customer.id);
  const orders = () => ctx.shop.orders.filter((o) => o.customerId === customer.id);
  const displayName =
    [customer.firstName, customer.lastName].filter(Boolean).join(" ") || customer.email || "";
  return {
    __typename: "Customer",
    id: customerGid,
    legacyResourceId: customer.id,
    firstName: customer.firstName,
    lastName: customer.lastName,
    displayName,
    email: customer.email,
    phone: customer.phone,
    defaultEmailAddress: customer.email
      ? { emailAddress: customer.email, validFormat: true, marketingState: "NOT_SUBSCRIBED" }
      : null,
    defaultPhoneNumber: customer.phone
      ? { phoneNumber: customer.phone, marketingState: "NOT_SUBSCRIBED" }
      : null,
    note: customer.note,
    tags: customer.tags,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
    state: customer.state,
    verifiedEmail: customer.verifiedEmail,
    validEmailAddress: customer.email !== null,
    locale: customer.locale,
    taxExempt: false,
    // UnsignedInt64 is serialized as a string by Shopify.
    numberOfOrders: () => String(orders().length),
    amountSpent: () =>
      moneyV2(
        orders().reduce((sum, o) => {
          const a = orderAmounts(o);
          return sum + a.receivedCents - a.refundedCents;
        }, 0),
        ctx.shop.currencyCode,
      ),
    defaultAddress: customer.defaultAddress ? addressView(customer.defaultAddress, customer.id) : null,
    addresses: (args: { first?: number | null }) =>
      firstOf(customer.defaultAddress ? [addressView(customer.defaultAddress, customer.id)] : [], args.first),
    lastOrder: () => {
      const visible = orders().filter((o) => orderVisible(ctx, o));
      const last = visible[visible.length - 1];
      return last ? orderView(ctx, last) : null;
    },
    orders: (args: PageArgs & { query?: string | null; sortKey?: string | null }) =>
      connection(
        searchOrders(
          ctx,
          orders().filter((o) => orderVisible(ctx, o)),
          args.query,
          ["customer", "orders"],
        ),
        args,
        orderSort(ctx.shop, args.sortKey ?? "ID"),
        (o) => orderView(ctx, o),
      ),
    ...metafieldFields(ctx, customerGid),
  };
}

export function shopView(ctx: GraphQLContext) {
  const shop = ctx.shop;
  const owner = shop.staff.find((s) => s.accountOwner);
  return {
    __typename: "Shop",
    id: gid("Shop", shop.id),
    name: shop.name,
    email: shop.email,
    contactEmail: shop.contactEmail,
    myshopifyDomain: shop.domain,
    url: `https://${shop.domain}`,
    primaryDomain: {
      __typename: "Domain",
      id: gid("Domain", shop.id),
      host: shop.domain,
      url: `https://${shop.domain}`,
    },
    currencyCode: shop.currencyCode,
    ianaTimezone: shop.ianaTimezone,
    timezoneAbbreviation: shop.timezoneAbbreviation,
    shopOwnerName: owner ? `${owner.firstName} ${owner.lastName}` : "",
    plan: {
      displayName: shop.planDisplayName,
      publicDisplayName: shop.planDisplayName,
      partnerDevelopment: shop.partnerDevelopment,
      shopifyPlus: shop.shopifyPlus,
    },
  };
}
