import { Form } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { TicketDetail } from "~/tickets/ticket-detail.server";
import { WriteFailure } from "./write-failure";

type ThreadItem = TicketDetail["thread"][number];

const KIND_LABEL = {
  customer: "Customer",
  agent_reply: "Reply",
  internal_note: "Internal note",
  system: "Store event",
} as const;

/** The conversation and everything that happened to the ticket, oldest first. */
export function Thread({
  items,
  sending = null,
}: {
  items: ThreadItem[];
  /** A message being saved right now, shown at once (it is replaced by the saved one). */
  sending?: { kind: string; body: string } | null;
}) {
  if (sending?.body.trim()) {
    items = [
      ...items,
      {
        type: "message",
        id: "sending",
        kind: sending.kind === "internal_note" ? "internal_note" : "agent_reply",
        authorName: "You",
        body: sending.body,
        at: new Date().toISOString(),
        delivery: null,
        orderWrite: null,
      },
    ];
  }
  if (items.length === 0) {
    return (
      <Card>
        <Text as="p" tone="subdued">
          Nothing here yet. Write the first reply or note below.
        </Text>
      </Card>
    );
  }
  return (
    <BlockStack gap="300">
      {items.map((item) =>
        item.type === "message" ? (
          <MessageCard key={item.id} item={item} />
        ) : (
          <EventLine key={item.id} item={item} />
        ),
      )}
    </BlockStack>
  );
}

/** Where the page shows only the newest messages: how many came before, and a way to see them. */
export function EarlierMessages({ count, url }: { count: number; url: string }) {
  const messages = count === 1 ? "1 earlier message" : `${count.toLocaleString("en-US")} earlier messages`;
  return (
    <Card>
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <Text as="p" tone="subdued">
          {`${messages} not shown. The newest are below.`}
        </Text>
        <Button url={url}>Show the whole thread</Button>
      </InlineStack>
    </Card>
  );
}

function MessageCard({ item }: { item: Extract<ThreadItem, { type: "message" }> }) {
  const note = item.kind === "internal_note";
  const system = item.kind === "system";
  return (
    <article aria-label={`${KIND_LABEL[item.kind]} from ${item.authorName ?? "unknown"}`}>
      <Box
        background={note ? "bg-surface-warning" : system ? "bg-surface-secondary" : "bg-surface"}
        padding="400"
        borderRadius="300"
        borderWidth="025"
        borderColor="border"
      >
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Text as="span" fontWeight="semibold">
                {item.authorName ?? (system ? "Shopify" : "Customer")}
              </Text>
              <Badge tone={note ? "warning" : item.kind === "agent_reply" ? "success" : undefined}>
                {KIND_LABEL[item.kind]}
              </Badge>
            </InlineStack>
            <Text as="span" tone="subdued" variant="bodySm">
              <time dateTime={item.at}>{formatWhen(item.at)}</time>
            </Text>
          </InlineStack>
          <Text as="p">
            <span style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{item.body}</span>
          </Text>
          {item.delivery ? <DeliveryState messageId={item.id} delivery={item.delivery} /> : null}
          {item.orderWrite ? <OrderWriteState write={item.orderWrite} /> : null}
        </BlockStack>
      </Box>
    </article>
  );
}

/** Where the email of an agent reply stands: queued, sent, or failed with the reason and a retry. */
function DeliveryState({
  messageId,
  delivery,
}: {
  messageId: string;
  delivery: NonNullable<Extract<ThreadItem, { type: "message" }>["delivery"]>;
}) {
  if (delivery.status === "sent")
    return (
      <Text as="p" tone="subdued" variant="bodySm">
        {`Emailed to the customer ${delivery.sentAt ? formatWhen(delivery.sentAt) : ""}`}
      </Text>
    );
  if (delivery.status === "queued")
    return (
      <Text as="p" tone="subdued" variant="bodySm">
        {delivery.error ? `Email not sent yet, retrying (${delivery.error})` : "Email queued"}
      </Text>
    );
  return (
    <InlineStack gap="200" blockAlign="center">
      <Text as="p" tone="critical" variant="bodySm">
        {`Email not sent: ${delivery.error ?? "unknown reason"}`}
      </Text>
      <Form method="post">
        <input type="hidden" name="intent" value="retry-delivery" />
        <input type="hidden" name="messageId" value={messageId} />
        <Button submit size="slim">
          Retry
        </Button>
      </Form>
    </InlineStack>
  );
}

/** Where a note's copy in the Shopify order's note stands. */
function OrderWriteState({
  write,
}: {
  write: NonNullable<Extract<ThreadItem, { type: "message" }>["orderWrite"]>;
}) {
  if (write.status === "done")
    return (
      <Text as="p" tone="subdued" variant="bodySm">
        {`Added to order ${write.orderName}'s note in Shopify`}
      </Text>
    );
  if (write.status === "pending")
    return (
      <Text as="p" tone="subdued" variant="bodySm">
        {write.lastError
          ? `Adding to order ${write.orderName}'s note, retrying (${write.lastError})`
          : `Adding to order ${write.orderName}'s note…`}
      </Text>
    );
  return (
    <WriteFailure
      orderName={write.orderName}
      reason={write.lastError ?? "unknown reason"}
      writeId={write.id}
    />
  );
}

function EventLine({ item }: { item: Extract<ThreadItem, { type: "event" }> }) {
  return (
    <Box paddingInlineStart="400">
      <Text as="p" tone="subdued" variant="bodySm">
        {describeEvent(item)} · <time dateTime={item.at}>{formatWhen(item.at)}</time>
      </Text>
    </Box>
  );
}

export function describeEvent(item: {
  kind: string;
  authorName: string | null;
  data: Record<string, unknown>;
}): string {
  const who = item.authorName ?? "Someone";
  const d = item.data;
  switch (item.kind) {
    case "created":
      return `${who} opened the ticket`;
    case "status":
      return `${who} changed the status from ${d.from} to ${d.to}`;
    case "priority":
      return `${who} changed the priority from ${d.from} to ${d.to}`;
    case "assignee":
      return d.to ? `${who} assigned the ticket to ${d.toName ?? d.to}` : `${who} unassigned the ticket`;
    case "tags": {
      const parts = [];
      if (Array.isArray(d.added) && d.added.length) parts.push(`added ${d.added.join(", ")}`);
      if (Array.isArray(d.removed) && d.removed.length) parts.push(`removed ${d.removed.join(", ")}`);
      return `${who} ${parts.join(" and ")} (tags)`;
    }
    case "order_linked":
      return `${who} linked order ${d.order}`;
    default:
      return `${who}: ${item.kind}`;
  }
}

export function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
}
