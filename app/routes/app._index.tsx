import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Card, IndexTable, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";
import { getShop } from "~/shops/shops.server";
import { countOpenTickets, listTicketSummaries } from "~/tickets/ticket-listing.server";

export const meta: MetaFunction = () => [{ title: "Home · Counterdesk" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [shop, recentTickets, openTickets] = await Promise.all([
    getShop(session.shop),
    listTicketSummaries(session.shop, { limit: 8 }),
    countOpenTickets(session.shop),
  ]);
  const user = session.onlineAccessInfo?.associated_user;
  return {
    domain: session.shop,
    agentName: user ? [user.first_name, user.last_name].filter(Boolean).join(" ") : null,
    shop: shop && {
      name: shop.name,
      planName: shop.planName,
      currencyCode: shop.currencyCode,
      ianaTimezone: shop.ianaTimezone,
      detailsSyncedAt: shop.detailsSyncedAt?.toISOString() ?? null,
      importStatus: shop.importStatus,
      importedOrders: shop.importedOrders,
    },
    recentTickets,
    openTickets,
  };
};

const STATUS_TONE = { open: "attention", pending: "info", resolved: "success", closed: undefined } as const;

export default function Home() {
  const { domain, agentName, shop, recentTickets, openTickets } = useLoaderData<typeof loader>();
  const synced = Boolean(shop?.detailsSyncedAt);
  return (
    <Page>
      <TitleBar title="Counterdesk" />
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <BlockStack>
              <div style={{ padding: "var(--p-space-400)" }}>
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Recent tickets
                  </Text>
                  <Badge tone={openTickets > 0 ? "attention" : "success"}>{`${openTickets} open`}</Badge>
                </InlineStack>
              </div>
              {recentTickets.length === 0 ? (
                <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
                  <Text as="p" tone="subdued">
                    No tickets yet. Tickets open here on their own when an order is cancelled, refunded or
                    runs into a delivery problem, following your ticket rules.
                  </Text>
                </div>
              ) : (
                <IndexTable
                  resourceName={{ singular: "ticket", plural: "tickets" }}
                  itemCount={recentTickets.length}
                  selectable={false}
                  headings={[
                    { title: "Ticket" },
                    { title: "Subject" },
                    { title: "Customer" },
                    { title: "Status" },
                  ]}
                >
                  {recentTickets.map((t, index) => (
                    <IndexTable.Row id={String(t.number)} key={t.number} position={index}>
                      <IndexTable.Cell>
                        <Text as="span" fontWeight="semibold">{`#${t.number}`}</Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{t.subject}</IndexTable.Cell>
                      <IndexTable.Cell>{t.customerName ?? "—"}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Badge tone={STATUS_TONE[t.status]}>{t.status}</Badge>
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {shop?.name ?? domain}
                </Text>
                <Badge tone="success">Connected</Badge>
              </InlineStack>
              <Text as="p" tone="subdued">
                {agentName ? `Signed in as ${agentName}. ` : ""}Counterdesk is installed on {domain}.
              </Text>
              {synced ? (
                <List>
                  <List.Item>Plan: {shop?.planName}</List.Item>
                  <List.Item>Currency: {shop?.currencyCode}</List.Item>
                  <List.Item>Timezone: {shop?.ianaTimezone}</List.Item>
                </List>
              ) : (
                <Text as="p" tone="subdued">
                  Reading your store's details from Shopify. Refresh in a moment.
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
