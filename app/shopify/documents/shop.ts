/** The store's identity and settings, read after install. */
export const SHOP_DETAILS_QUERY = /* GraphQL */ `
  query ShopDetails {
    shop {
      name
      email
      myshopifyDomain
      currencyCode
      ianaTimezone
      plan {
        publicDisplayName
      }
    }
  }
`;

export interface ShopDetailsData {
  shop: {
    name: string;
    email: string;
    myshopifyDomain: string;
    currencyCode: string;
    ianaTimezone: string;
    plan: { publicDisplayName: string };
  };
}
