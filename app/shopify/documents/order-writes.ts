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

export const TAGS_ADD_MUTATION = /* GraphQL */ `
  mutation CounterdeskTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

export const TAGS_REMOVE_MUTATION = /* GraphQL */ `
  mutation CounterdeskTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

export const METAFIELDS_SET_MUTATION = /* GraphQL */ `
  mutation CounterdeskMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
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
