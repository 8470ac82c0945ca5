import { Badge, BlockStack, Box, Card, Divider, InlineStack, Link, Text, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import type { TicketDetail } from "~/tickets/ticket-detail.server";
import type { OrderSyncProblem } from "~/writeback/order-status.server";
import { formatWhen } from "./thread";
import { WriteFailure } from "./write-failure";

type Order = TicketDetail["orders"][number];

const money = (amount: string, currency: string) => `${amount} ${currency}`;
const label = (value: string | null) =>
  value ? value.charAt(0) + value.slice(1).toLowerCase().replaceAll("_", " ") : "Unknown";

/** One linked order as the desk holds it, with when it was last synced from Shopify. */
export function OrderPanel({
  order,
  refreshError,
  syncProblem,
}: {
  order: Order;
  refreshError: string | null;
  syncProblem: OrderSyncProblem | null;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h3" variant="headingSm">
            Order {order.name}
          </Text>
          <Link url={`shopify://admin/orders/${order.legacyId}`} target="_top">
            Open in Shopify
          </Link>
        </InlineStack>
        <InlineStack gap="200" wrap>
          {order.cancelledAt ? <Badge tone="critical">Cancelled</Badge> : null}
          <Badge tone={order.financialStatus === "PAID" ? "success" : "attention"}>
            {`Payment: ${label(order.financialStatus)}`}
          </Badge>
          <Badge tone={order.fulfillmentStatus === "FULFILLED" ? "success" : "attention"}>
            {`Fulfilment: ${label(order.fulfillmentStatus ?? "UNFULFILLED")}`}
          </Badge>
        </InlineStack>
        <BlockStack gap="200">
          {order.lineItems.map((item) => (
            <InlineStack
              key={`${item.title}-${item.variantTitle ?? ""}-${item.sku ?? ""}`}
              gap="300"
              blockAlign="center"
              wrap={false}
            >
              <Thumbnail source={item.imageUrl ?? ImageIcon} alt={item.title} size="small" />
              <BlockStack>
                <Text as="span">{`${item.quantity} × ${item.title}`}</Text>
                {item.variantTitle ? (
                  <Text as="span" tone="subdued" variant="bodySm">
                    {item.variantTitle}
                  </Text>
                ) : null}
              </BlockStack>
            </InlineStack>
          ))}
        </BlockStack>
        <Divider />
        <InlineStack align="space-between">
          <Text as="span">Total</Text>
          <Text as="span" fontWeight="semibold">
            {money(order.totalPrice, order.currency)}
          </Text>
        </InlineStack>
        {Number(order.totalRefunded) > 0 ? (
          <InlineStack align="space-between">
            <Text as="span">Refunded</Text>
            <Text as="span">{money(order.totalRefunded, order.currency)}</Text>
          </InlineStack>
        ) : null}
        {order.fulfillments.length > 0 ? (
          <BlockStack gap="100">
            <Text as="h4" variant="headingXs">
              Tracking
            </Text>
            {order.fulfillments.map((f) => (
              <Text as="p" key={f.id}>
                {f.trackingCompany ?? "Carrier"}{" "}
                {f.trackingNumbers.map((number, i) =>
                  f.trackingUrls[i] ? (
                    <Link key={number} url={f.trackingUrls[i]} target="_blank">
                      {number}
                    </Link>
                  ) : (
                    <span key={number}>{number}</span>
                  ),
                )}
                {f.shipmentStatus ? ` · ${label(f.shipmentStatus)}` : ""}
              </Text>
            ))}
          </BlockStack>
        ) : null}
        <Box>
          <Text as="p" tone={refreshError ? "critical" : "subdued"} variant="bodySm">
            {refreshError
              ? `Couldn't refresh from Shopify (${refreshError}). Showing data synced ${formatWhen(order.syncedAt)}.`
              : `Synced from Shopify ${formatWhen(order.syncedAt)}`}
          </Text>
        </Box>
        {syncProblem ? <SyncProblem orderName={order.name} problem={syncProblem} /> : null}
      </BlockStack>
    </Card>
  );
}

/** The order's tags and metafield could not be brought in line with its tickets. */
function SyncProblem({ orderName, problem }: { orderName: string; problem: OrderSyncProblem }) {
  if (problem.state === "retrying")
    return (
      <Text as="p" tone="caution" variant="bodySm">
        {`Syncing to order ${orderName}, retrying: ${problem.reason}`}
      </Text>
    );
  return <WriteFailure orderName={orderName} reason={problem.reason} writeId={problem.writeId} />;
}
