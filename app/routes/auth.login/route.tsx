import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider, BlockStack, Button, Card, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import enTranslations from "@shopify/polaris/locales/en.json";
import { useState } from "react";
import { login } from "~/shopify.server";
import { loginErrorMessage } from "./error.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

// login() redirects to the shop's admin when the domain is valid, and returns
// field errors otherwise.
export const loader = async ({ request }: LoaderFunctionArgs) => ({
  error: loginErrorMessage(await login(request)),
});

export const action = async ({ request }: ActionFunctionArgs) => ({
  error: loginErrorMessage(await login(request)),
});

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const error = actionData?.error ?? loaderData.error;
  return (
    <AppProvider i18n={enTranslations}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <BlockStack gap="300">
              <Text as="h1" variant="headingLg">
                Log in to Counterdesk
              </Text>
              <TextField
                label="Shop domain"
                name="shop"
                value={shop}
                onChange={setShop}
                helpText="example.myshopify.com"
                autoComplete="on"
                error={error ?? undefined}
              />
              <Button submit variant="primary">
                Log in
              </Button>
            </BlockStack>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
