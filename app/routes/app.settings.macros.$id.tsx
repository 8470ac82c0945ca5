import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { useEmbeddedHref } from "~/components/embedded-links";
import { MACRO_VARIABLE_HELP, MAX_MACRO_BODY, renderMacro } from "~/macros/macro-template";
import { getMacro, type MacroFormErrors, parseMacroForm, saveMacro } from "~/macros/macros.server";
import { authenticate } from "~/shopify.server";

// `/app/settings/macros/new` creates; any other id edits that macro of the session's shop.
const NEW = "new";

const notFound = () => new Response("Macro not found", { status: 404 });

/** What the preview fills in while a macro is being written. */
const SAMPLE = {
  "customer.first_name": "Jane",
  "customer.name": "Jane Doe",
  "customer.email": "jane@example.com",
  "order.name": "#1001",
  "order.total": "49.90 EUR",
  "order.financial_status": "paid",
  "order.fulfillment_status": "fulfilled",
  "order.tracking_number": "JD014600003SE",
  "order.tracking_url": "https://track.example/JD014600003SE",
  "order.refunded": "10.00 EUR",
  "ticket.number": "#42",
  "agent.name": "Sam Support",
  "shop.name": "Demo Store",
};

export const meta: MetaFunction = () => [{ title: "Macro · Counterdesk" }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const variables = MACRO_VARIABLE_HELP;
  if (params.id === NEW) return { title: "Add macro", values: { name: "", body: "" }, variables };
  const macro = await getMacro(session.shop, params.id ?? "");
  if (!macro) throw notFound();
  return { title: macro.name, values: { name: macro.name, body: macro.body }, variables };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const id = params.id === NEW ? null : (params.id ?? "");
  if (id !== null && !(await getMacro(session.shop, id))) throw notFound();
  const parsed = parseMacroForm(await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const saved = await saveMacro(session.shop, id, parsed.macro);
  if (!saved) throw notFound();
  if (!saved.ok) return json({ errors: saved.errors, values: parsed.macro }, { status: 400 });
  return redirect("/app/settings/macros");
};

export default function MacroRoute() {
  const { id } = useParams();
  return <MacroForm key={id} />;
}

function MacroForm() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const href = useEmbeddedHref();
  const saving = useNavigation().state === "submitting";
  const [values, setValues] = useState(result?.values ?? loaded.values);
  const errors: MacroFormErrors = result?.errors ?? {};
  const preview = renderMacro(values.body, SAMPLE).text;
  return (
    <Page title={loaded.title} backAction={{ content: "Macros", url: href("/app/settings/macros") }}>
      <Form method="post">
        <Layout>
          {Object.keys(errors).length > 0 ? (
            <Layout.Section>
              <Banner tone="critical" title="The macro was not saved">
                <p>Fix the fields marked below.</p>
              </Banner>
            </Layout.Section>
          ) : null}
          <Layout.Section>
            <Card>
              <FormLayout>
                <TextField
                  label="Name"
                  name="name"
                  value={values.name}
                  onChange={(name) => setValues((v) => ({ ...v, name }))}
                  autoComplete="off"
                  maxLength={80}
                  error={errors.name}
                />
                <TextField
                  label="Reply"
                  name="body"
                  value={values.body}
                  onChange={(body) => setValues((v) => ({ ...v, body }))}
                  multiline={8}
                  autoComplete="off"
                  maxLength={MAX_MACRO_BODY}
                  showCharacterCount
                  error={errors.body}
                  helpText="Variables in double braces are filled in from the ticket when an agent inserts the macro."
                />
                <InlineStack align="end">
                  <Button submit variant="primary" loading={saving}>
                    Save
                  </Button>
                </InlineStack>
              </FormLayout>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h3" variant="headingSm">
                    Preview with sample data
                  </Text>
                  <Box>
                    <Text as="p">
                      <span style={{ whiteSpace: "pre-wrap" }}>{preview || "Nothing to preview yet."}</span>
                    </Text>
                  </Box>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h3" variant="headingSm">
                    Variables
                  </Text>
                  {loaded.variables.map((v) => (
                    <Text as="p" key={v.name} variant="bodySm">
                      <code>{`{{${v.name}}}`}</code> {v.label}
                    </Text>
                  ))}
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
