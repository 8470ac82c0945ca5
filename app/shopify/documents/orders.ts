/** Everything a ticket shows about an order. */
export const ORDER_FIELDS_FRAGMENT = /* GraphQL */ `
  fragment CounterdeskOrder on Order {
    id
    name
    email
    createdAt
    updatedAt
    cancelledAt
    cancelReason
    displayFinancialStatus
    displayFulfillmentStatus
    note
    tags
    currencyCode
    totalPriceSet { shopMoney { amount currencyCode } }
    totalRefundedSet { shopMoney { amount } }
    customer {
      id
      firstName
      lastName
      note
      numberOfOrders
      updatedAt
      defaultEmailAddress { emailAddress }
      defaultPhoneNumber { phoneNumber }
    }
    shippingAddress { name address1 address2 city zip province country countryCodeV2 phone }
    lineItems(first: 50) {
      nodes {
        title
        variantTitle
        sku
        quantity
        originalUnitPriceSet { shopMoney { amount } }
        image { url }
      }
    }
    fulfillments(first: 20) {
      id
      status
      displayStatus
      createdAt
      trackingInfo(first: 5) { company number url }
    }
    refunds(first: 50) {
      id
      createdAt
      note
      totalRefundedSet { shopMoney { amount } }
    }
  }
`;

export const ORDER_QUERY = /* GraphQL */ `
  query CounterdeskOrder($id: ID!) {
    order(id: $id) {
      ...CounterdeskOrder
    }
  }
  ${ORDER_FIELDS_FRAGMENT}
`;

/**
 * ORDER_FIELDS_FRAGMENT with shorter lists, for pages of orders. Shopify
 * refuses a query whose requested cost exceeds 1000 points, and a full order
 * costs about 480 (25 of them would cost 12,027);
 * this one costs 78, so 10 fit a page. The lists are cut where few orders
 * reach: an order that fills one (lineItems.pageInfo, or a full list) is
 * fetched again with ORDER_QUERY.
 */
export const ORDER_LISTED_FIELDS_FRAGMENT = /* GraphQL */ `
  fragment CounterdeskOrderListed on Order {
    id
    name
    email
    createdAt
    updatedAt
    cancelledAt
    cancelReason
    displayFinancialStatus
    displayFulfillmentStatus
    note
    tags
    currencyCode
    totalPriceSet { shopMoney { amount currencyCode } }
    totalRefundedSet { shopMoney { amount } }
    customer {
      id
      firstName
      lastName
      note
      numberOfOrders
      updatedAt
      defaultEmailAddress { emailAddress }
      defaultPhoneNumber { phoneNumber }
    }
    shippingAddress { name address1 address2 city zip province country countryCodeV2 phone }
    lineItems(first: 10) {
      nodes {
        title
        variantTitle
        sku
        quantity
        originalUnitPriceSet { shopMoney { amount } }
        image { url }
      }
      pageInfo { hasNextPage }
    }
    fulfillments(first: 3) {
      id
      status
      displayStatus
      createdAt
      trackingInfo(first: 3) { company number url }
    }
    refunds(first: 5) {
      id
      createdAt
      note
      totalRefundedSet { shopMoney { amount } }
    }
  }
`;

/** Orders changed since a moment, oldest change first, 10 to a page (import and reconciliation). */
export const ORDERS_UPDATED_SINCE_PAGE_QUERY = /* GraphQL */ `
  query CounterdeskOrdersUpdatedSincePage($query: String!, $after: String) {
    orders(first: 10, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        ...CounterdeskOrderListed
      }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${ORDER_LISTED_FIELDS_FRAGMENT}
`;
