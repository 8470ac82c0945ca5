import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { authenticate } from "~/shopify.server";
import {
  type OrderSyncErrors,
  orderSyncSettings,
  parseOrderSyncForm,
  saveOrderSyncSettings,
} from "~/writeback/order-sync-settings.server";

export const meta: MetaFunction = () => [{ title: "Order sync · Counterdesk" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { values: await orderSyncSettings(session.shop) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseOrderSyncForm(await request.formData());
  if (!parsed.ok)
    return json({ saved: false, errors: parsed.errors, values: parsed.values }, { status: 400 });
  await saveOrderSyncSettings(session.shop, parsed.settings);
  return json({ saved: true, errors: {}, values: parsed.settings });
};

export default function OrderSyncSettingsPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  const [values, setValues] = useState(result?.values ?? loaded.values);
  const errors: OrderSyncErrors = result?.errors ?? {};
  const shopify = useAppBridge();
  useEffect(() => {
    if (result?.saved) shopify.toast.show("Order sync saved");
  }, [result, shopify]);
  const toggle = (name: "writeNotes" | "writeTags" | "writeMetafield", label: string, helpText: string) => (
    <Checkbox
      name={name}
      label={label}
      helpText={helpText}
      checked={values[name]}
      onChange={(checked) => setValues((v) => ({ ...v, [name]: checked }))}
    />
  );
  const tagField = (name: "openTag" | "resolvedTag", label: string) => (
    <TextField
      name={name}
      label={label}
      value={values[name]}
      onChange={(value) => setValues((v) => ({ ...v, [name]: value }))}
      error={errors[name]}
      disabled={!values.writeTags}
      maxLength={40}
      autoComplete="off"
    />
  );
  return (
    <Page title="Order sync" subtitle="What Counterdesk writes onto your Shopify orders.">
      <TitleBar title="Order sync" />
      <Layout>
        <Layout.Section>
          <Card>
            <Form method="post" aria-label="Order sync">
              <FormLayout>
                {toggle(
                  "writeNotes",
                  "Notes",
                  "Agents can add an internal note or a resolution to the order's note, as a dated line naming the ticket. Your own text in the note is never changed.",
                )}
                {toggle(
                  "writeTags",
                  "Tags",
                  "Orders with an open or pending ticket get the open tag; when all their tickets are resolved, the resolved tag instead.",
                )}
                {/* A disabled field is not submitted: keep the tags when tagging is off. */}
                {!values.writeTags ? (
                  <>
                    <input type="hidden" name="openTag" value={values.openTag} />
                    <input type="hidden" name="resolvedTag" value={values.resolvedTag} />
                  </>
                ) : null}
                <FormLayout.Group>
                  {tagField("openTag", "Tag while a ticket is open")}
                  {tagField("resolvedTag", "Tag once resolved")}
                </FormLayout.Group>
                {toggle(
                  "writeMetafield",
                  "Metafield",
                  "An app-owned metafield on the order (support) holds the ticket count, the latest ticket's status and a link to it, for order filters, Flow and other apps.",
                )}
                <InlineStack align="end">
                  <Button submit variant="primary" loading={saving}>
                    Save
                  </Button>
                </InlineStack>
              </FormLayout>
            </Form>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">
                When changes reach Shopify
              </Text>
              <Text as="p" tone="subdued">
                Each change is queued and written by the background worker within seconds, waiting when
                Shopify asks apps to slow down. Anything Shopify refuses shows on the ticket and in Sync
                health, with a retry. Turning an option off leaves what was already written.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
