import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { config } from "~/config.server";
import {
  type MailSettingsErrors,
  parseMailSettingsForm,
  saveMailSettings,
  senderFor,
} from "~/email/mail-settings.server";
import { authenticate } from "~/shopify.server";

export const meta: MetaFunction = () => [{ title: "Email · Counterdesk" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const sender = await senderFor(session.shop);
  return {
    values: {
      fromName: sender?.fromName ?? "",
      fromEmail: sender?.fromEmail ?? "",
      replyTo: sender?.replyTo ?? "",
    },
    smtpConfigured: Boolean(config().SMTP_URL),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseMailSettingsForm(await request.formData());
  if (!parsed.ok)
    return json({ saved: false, errors: parsed.errors, values: parsed.values }, { status: 400 });
  await saveMailSettings(session.shop, parsed.settings);
  return json({ saved: true, errors: {}, values: null });
};

export default function EmailSettings() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  const [values, setValues] = useState(result?.values ?? loaded.values);
  const errors: MailSettingsErrors = result?.errors ?? {};
  const shopify = useAppBridge();
  useEffect(() => {
    if (result?.saved) shopify.toast.show("Sender saved");
  }, [result, shopify]);
  const field = (name: keyof typeof values) => ({
    name,
    value: values[name],
    onChange: (value: string) => setValues((v) => ({ ...v, [name]: value })),
    error: errors[name],
    autoComplete: "off",
  });
  return (
    <Page title="Email" subtitle="Agents' replies reach customers by email from this sender.">
      <TitleBar title="Email" />
      <Layout>
        {!loaded.smtpConfigured ? (
          <Layout.Section>
            <Banner tone="warning" title="Email sending is not set up">
              <p>
                Replies are kept on their tickets but not sent until the app is given a mail server
                (SMTP_URL). Each unsent reply shows why and can be retried.
              </p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <Form method="post" aria-label="Sender">
              <FormLayout>
                <TextField label="Sender name" maxLength={80} {...field("fromName")} />
                <TextField label="Sender email" type="email" {...field("fromEmail")} />
                <TextField
                  label="Reply-to address"
                  type="email"
                  helpText="Optional. Where customers' answers go, if not to the sender address."
                  {...field("replyTo")}
                />
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
                Threading
              </Text>
              <Text as="p" tone="subdued">
                Every reply carries the ticket number in its subject and Message-ID, In-Reply-To and
                References headers, so a customer's mail program shows the conversation as one thread.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
