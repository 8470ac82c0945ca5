import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { AppProvider, BlockStack, Button, Card, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import enTranslations from "@shopify/polaris/locales/en.json";
import { useState } from "react";
import { login } from "~/shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  // Shopify admin opens the app at its root with ?shop=...; send it inside.
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return { showForm: Boolean(login) };
};

export default function Landing() {
  const { showForm } = useLoaderData<typeof loader>();
  const [shop, setShop] = useState("");
  return (
    <AppProvider i18n={enTranslations}>
      <Page narrowWidth>
        <BlockStack gap="400">
          <Text as="h1" variant="heading2xl">
            Counterdesk
          </Text>
          <Text as="p" variant="bodyLg">
            The support desk that lives inside Shopify admin: tickets that carry their orders, and agents'
            decisions written back to the store.
          </Text>
          {showForm && (
            <Card>
              <Form method="post" action="/auth/login">
                <BlockStack gap="300">
                  <TextField
                    label="Shop domain"
                    name="shop"
                    value={shop}
                    onChange={setShop}
                    helpText="example.myshopify.com"
                    autoComplete="on"
                  />
                  <Button submit variant="primary">
                    Open Counterdesk
                  </Button>
                </BlockStack>
              </Form>
            </Card>
          )}
        </BlockStack>
      </Page>
    </AppProvider>
  );
}
