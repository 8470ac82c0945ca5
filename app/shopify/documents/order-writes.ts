/** What write-back reads and writes on an order (app/writeback). */
export const ORDER_NOTE_QUERY = /* GraphQL */ `
  query CounterdeskOrderNote($id: ID!) {
    order(id: $id) {
      id
      note
      updatedAt
    }
  }
`;

export const ORDER_NOTE_UPDATE_MUTATION = /* GraphQL */ `
  mutation CounterdeskOrderNoteUpdate($input: OrderInput!) {
    orderUpdate(input: $input) {
      order {
        id
        note
        updatedAt
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** The order's tags and the app's support metafield, read before bringing them in line. */
export const ORDER_SUPPORT_STATE_QUERY = /* GraphQL */ `
  query CounterdeskOrderSupportState($id: ID!) {
    order(id: $id) {
      id
      tags
      metafield(namespace: "$app", key: "support") {
        value
      }
    }
  }
`;

/**
 * Everything a support-state write changes, in one request: Shopify runs a
 * mutation's fields one after another, and each part is left out
 * (`@include`) when the plan has nothing for it.
 */
export const ORDER_SUPPORT_STATE_WRITE_MUTATION = /* GraphQL */ `
  mutation CounterdeskOrderSupportStateWrite(
    $id: ID!
    $addTags: [String!]!
    $removeTags: [String!]!
    $metafields: [MetafieldsSetInput!]!
    $adding: Boolean!
    $removing: Boolean!
    $settingMetafield: Boolean!
  ) {
    tagsAdd(id: $id, tags: $addTags) @include(if: $adding) {
      userErrors {
        field
        message
      }
    }
    tagsRemove(id: $id, tags: $removeTags) @include(if: $removing) {
      userErrors {
        field
        message
      }
    }
    metafieldsSet(metafields: $metafields) @include(if: $settingMetafield) {
      metafields {
        key
        value
      }
      userErrors {
        field
        message
      }
    }
  }
`;
