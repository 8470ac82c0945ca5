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
