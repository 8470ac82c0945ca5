import { Form } from "@remix-run/react";
import { Button, InlineStack, Text } from "@shopify/polaris";

/** A write Shopify refused, with its reason and a retry (the ticket page's retry-write action). */
export function WriteFailure({
  orderName,
  reason,
  writeId,
}: {
  orderName: string;
  reason: string;
  writeId: string;
}) {
  return (
    <InlineStack gap="200" blockAlign="center">
      <Text as="p" tone="critical" variant="bodySm">
        {`Not synced to order ${orderName}: ${reason}`}
      </Text>
      <Form method="post">
        <input type="hidden" name="intent" value="retry-write" />
        <input type="hidden" name="writeId" value={writeId} />
        <Button submit size="slim">
          Retry
        </Button>
      </Form>
    </InlineStack>
  );
}
