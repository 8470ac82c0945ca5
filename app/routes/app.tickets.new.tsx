import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { recordAgent } from "~/agents/agents.server";
import { embeddedFormParams, useEmbeddedHref } from "~/components/embedded-links";
import { authenticate } from "~/shopify.server";
import { PRIORITIES } from "~/tickets/inbox-filters";
import {
  createTicketByHand,
  findCustomers,
  type NewTicketErrors,
  type NewTicketValues,
  parseNewTicketForm,
} from "~/tickets/manual-tickets.server";

export const meta: MetaFunction = () => [{ title: "New ticket · Counterdesk" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const query = (new URL(request.url).searchParams.get("customer_q") ?? "").slice(0, 100);
  return { query, customers: await findCustomers(session.shop, query) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const actor = await recordAgent(session.shop, session);
  if (!actor)
    return json(
      {
        errors: { customerId: "Only a signed-in staff member can open tickets." } as NewTicketErrors,
        values: null,
      },
      { status: 403 },
    );
  const parsed = parseNewTicketForm(await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const created = await createTicketByHand(session.shop, actor, parsed.ticket);
  if (!created.ok) return json({ errors: created.errors, values: null }, { status: 400 });
  return redirect(`/app/tickets/${created.number}`);
};

const EMPTY: NewTicketValues = {
  customerId: "",
  orderId: "",
  subject: "",
  body: "",
  firstMessage: "customer",
  priority: "normal",
};

export default function NewTicket() {
  const { query, customers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const href = useEmbeddedHref();
  const { search } = useLocation();
  const saving = useNavigation().state === "submitting";
  const [values, setValues] = useState<NewTicketValues>(result?.values ?? EMPTY);
  const errors: NewTicketErrors = result?.errors ?? {};
  const set = (key: keyof NewTicketValues) => (value: string) =>
    setValues((v) => ({ ...v, [key]: value, ...(key === "customerId" ? { orderId: "" } : {}) }));
  const customer = customers.find((c) => c.id === values.customerId);

  return (
    <Page title="New ticket" backAction={{ content: "Tickets", url: href("/app/tickets") }}>
      <TitleBar title="New ticket" />
      <Layout>
        {Object.keys(errors).length > 0 ? (
          <Layout.Section>
            <Banner tone="critical" title="The ticket was not created">
              <p>Fix the fields marked below.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <Form method="get" aria-label="Customer search">
                {embeddedFormParams(search).map(([name, value]) => (
                  <input key={name} type="hidden" name={name} value={value} />
                ))}
                <InlineStack gap="200" blockAlign="end" wrap={false}>
                  <div style={{ flex: 1 }}>
                    <FindCustomerField initial={query} />
                  </div>
                  <Button submit>Find</Button>
                </InlineStack>
              </Form>
            </Card>
            <Card>
              <Form method="post" aria-label="New ticket">
                <FormLayout>
                  <Select
                    label="Customer"
                    name="customerId"
                    value={values.customerId}
                    onChange={set("customerId")}
                    error={errors.customerId}
                    options={[
                      {
                        label: customers.length ? "Choose a customer" : "No customer matches: search above",
                        value: "",
                      },
                      ...customers.map((c) => ({ label: c.label, value: c.id })),
                    ]}
                  />
                  <Select
                    label="Order (optional)"
                    name="orderId"
                    value={values.orderId}
                    onChange={set("orderId")}
                    error={errors.orderId}
                    disabled={!customer}
                    options={[
                      { label: "No order", value: "" },
                      ...(customer?.orders ?? []).map((o) => ({ label: o.name, value: o.id })),
                    ]}
                  />
                  <TextField
                    label="Subject"
                    name="subject"
                    value={values.subject}
                    onChange={set("subject")}
                    error={errors.subject}
                    autoComplete="off"
                    maxLength={250}
                  />
                  <Select
                    label="First message"
                    name="firstMessage"
                    value={values.firstMessage}
                    onChange={set("firstMessage")}
                    error={errors.firstMessage}
                    options={[
                      { label: "What the customer said (phone, chat, in person)", value: "customer" },
                      { label: "An internal note", value: "internal_note" },
                    ]}
                  />
                  <TextField
                    label="Message"
                    name="body"
                    value={values.body}
                    onChange={set("body")}
                    error={errors.body}
                    multiline={5}
                    autoComplete="off"
                    maxLength={20000}
                  />
                  <Select
                    label="Priority"
                    name="priority"
                    value={values.priority}
                    onChange={set("priority")}
                    error={errors.priority}
                    options={PRIORITIES.map((p) => ({
                      label: p.charAt(0).toUpperCase() + p.slice(1),
                      value: p,
                    }))}
                  />
                  <InlineStack align="end">
                    <Button submit variant="primary" loading={saving}>
                      Create ticket
                    </Button>
                  </InlineStack>
                </FormLayout>
              </Form>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function FindCustomerField({ initial }: { initial: string }) {
  const [value, setValue] = useState(initial);
  return (
    <TextField
      label="Find a customer"
      name="customer_q"
      value={value}
      onChange={setValue}
      autoComplete="off"
      placeholder="Name or email"
    />
  );
}
