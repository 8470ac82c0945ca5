import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { retryShopWebhook, syncHealth } from "~/sync/sync-health.server";
import { retryShopifyWrite } from "~/writeback/outbox.server";

export const meta: MetaFunction = () => [{ title: "Sync health · Counterdesk" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return syncHealth(session.shop);
};

const retry = z.object({ intent: z.enum(["retry-webhook", "retry-write"]), id: z.string().min(1).max(64) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = retry.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: "Unknown action" }, { status: 400 });
  const queued =
    parsed.data.intent === "retry-webhook"
      ? await retryShopWebhook(session.shop, parsed.data.id)
      : await retryShopifyWrite(session.shop, parsed.data.id);
  if (!queued) return json({ error: "Only a failed item of this store can be retried." }, { status: 400 });
  return json({ error: null });
};

const when = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })
    : "never";

export default function SyncHealthPage() {
  const health = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const shopify = useAppBridge();
  useEffect(() => {
    if (result && !result.error) shopify.toast.show("Queued again");
  }, [result, shopify]);
  const failures = health.failures.webhooks.length + health.failures.writes.length;
  return (
    <Page title="Sync health" subtitle="Whether the desk and your store agree.">
      <TitleBar title="Sync health" />
      <Layout>
        {result?.error ? (
          <Layout.Section>
            <Banner tone="critical">{result.error}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
            {(Object.entries(health.windows) as [string, (typeof health.windows)["24h"]][]).map(
              ([name, w]) => (
                <Card key={name}>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingSm">
                      {name === "24h" ? "Last 24 hours" : "Last 7 days"}
                    </Text>
                    <DataTable
                      columnContentTypes={["text", "numeric"]}
                      headings={["", "Count"]}
                      rows={[
                        ["Webhooks received", w.webhooks.received],
                        ["Processed", w.webhooks.processed],
                        ["Failed", w.webhooks.failed],
                        ["Waiting", w.webhooks.pending],
                        ["Writes to Shopify done", w.writes.done],
                        ["Retrying", w.writes.retrying],
                        ["Failed", w.writes.failed],
                      ]}
                    />
                  </BlockStack>
                </Card>
              ),
            )}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingSm">
                Reconciliation
              </Text>
              <Text as="p">{`Last asked Shopify what changed: ${when(health.lastReconciledAt)}. Changes up to ${when(health.reconciledThrough)} are in the desk.`}</Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingSm">
                {failures === 0 ? "No failures" : "Failures"}
              </Text>
              {failures === 0 ? (
                <Text as="p" tone="subdued">
                  Every webhook was processed and every write reached Shopify.
                </Text>
              ) : null}
              {health.failures.webhooks.map((f) => (
                <FailureRow
                  key={f.id}
                  id={f.id}
                  intent="retry-webhook"
                  title={`Webhook ${f.topic}, ${when(f.receivedAt)}`}
                  reason={f.error}
                />
              ))}
              {health.failures.writes.map((f) => (
                <FailureRow
                  key={f.id}
                  id={f.id}
                  intent="retry-write"
                  title={`${f.kind === "order_status" ? "Tags and metafield of" : "Note on"} order ${f.orderName}, ${when(f.createdAt)}`}
                  reason={f.lastError}
                />
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function FailureRow({
  id,
  intent,
  title,
  reason,
}: {
  id: string;
  intent: string;
  title: string;
  reason: string | null;
}) {
  return (
    <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
      <BlockStack gap="050">
        <Text as="p" fontWeight="semibold">
          {title}
        </Text>
        <Text as="p" tone="critical" variant="bodySm">
          {reason ?? "No reason recorded"}
        </Text>
      </BlockStack>
      <Form method="post">
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="id" value={id} />
        <Button submit>Retry</Button>
      </Form>
    </InlineStack>
  );
}
