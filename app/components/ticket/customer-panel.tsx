import { Form, useLocation } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Link, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import type { TicketDetail } from "~/tickets/ticket-detail.server";
import { embeddedHref } from "../embedded-links";

type Customer = NonNullable<TicketDetail["customer"]>;

/** Who the ticket is from: contact details, their history with the store, their other tickets. */
export function CustomerPanel({ customer, currency }: { customer: Customer; currency: string | null }) {
  const { search } = useLocation();
  const [orderId, setOrderId] = useState("");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h3" variant="headingSm">
          Customer
        </Text>
        <BlockStack gap="100">
          <Text as="p" fontWeight="semibold">
            {customer.name}
          </Text>
          {customer.email ? <Link url={`mailto:${customer.email}`}>{customer.email}</Link> : null}
          {customer.phone ? <Text as="p">{customer.phone}</Text> : null}
          <Text as="p" tone="subdued">
            {`${customer.ordersCount} order${customer.ordersCount === 1 ? "" : "s"} · ${customer.totalSpent.toFixed(2)}${currency ? ` ${currency}` : ""} spent in the last 60 days`}
          </Text>
          {customer.note ? (
            <Text as="p" tone="subdued">
              {`Note: ${customer.note}`}
            </Text>
          ) : null}
        </BlockStack>
        {customer.otherTickets.length > 0 ? (
          <BlockStack gap="100">
            <Text as="h4" variant="headingXs">
              Other tickets
            </Text>
            {customer.otherTickets.map((t) => (
              <Link key={t.number} url={embeddedHref(search, `/app/tickets/${t.number}`)}>
                {`#${t.number} ${t.subject} (${t.status})`}
              </Link>
            ))}
          </BlockStack>
        ) : null}
        {customer.linkableOrders.length > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="link-order" />
            <InlineStack gap="200" blockAlign="end" wrap={false}>
              <div style={{ flex: 1 }}>
                <Select
                  label="Link another order"
                  name="orderId"
                  value={orderId}
                  onChange={setOrderId}
                  options={[
                    { label: "Choose an order", value: "" },
                    ...customer.linkableOrders.map((o) => ({
                      label: `${o.name} · ${o.total} ${o.currency}`,
                      value: o.id,
                    })),
                  ]}
                />
              </div>
              <Button submit disabled={!orderId}>
                Link
              </Button>
            </InlineStack>
          </Form>
        ) : null}
      </BlockStack>
    </Card>
  );
}
