import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Card, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";
import { getShop } from "~/shops/shops.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await getShop(session.shop);
  const user = session.onlineAccessInfo?.associated_user;
  return {
    domain: session.shop,
    agentName: user ? [user.first_name, user.last_name].filter(Boolean).join(" ") : null,
    shop: shop && {
      name: shop.name,
      planName: shop.planName,
      currencyCode: shop.currencyCode,
      ianaTimezone: shop.ianaTimezone,
      installedAt: shop.installedAt.toISOString(),
      detailsSyncedAt: shop.detailsSyncedAt?.toISOString() ?? null,
    },
  };
};

export default function Home() {
  const { domain, agentName, shop } = useLoaderData<typeof loader>();
  const synced = Boolean(shop?.detailsSyncedAt);
  return (
    <Page>
      <TitleBar title="Counterdesk" />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingLg">
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
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                How Counterdesk works
              </Text>
              <Text as="p">
                Your store's order and customer events reach Counterdesk through Shopify webhooks, and what
                your agents decide is written back onto the order.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
