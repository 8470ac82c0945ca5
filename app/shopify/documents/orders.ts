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

/** Orders changed since a moment, oldest change first (import and reconciliation). */
export const ORDERS_UPDATED_SINCE_QUERY = /* GraphQL */ `
  query CounterdeskOrdersUpdatedSince($query: String!, $after: String) {
    orders(first: 25, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        ...CounterdeskOrder
      }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${ORDER_FIELDS_FRAGMENT}
`;
