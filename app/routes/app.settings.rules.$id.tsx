import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  useActionData,
  useLoaderData,
  useNavigation,
  useParams,
  useRouteError,
} from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Layout,
  List,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useMemo, useState } from "react";
import { useEmbeddedHref } from "~/components/embedded-links";
import type { OrderChange } from "~/orders/order-changes";
import type { OrderState } from "~/orders/order-state";
import { TRIGGER_LABELS, TRIGGERS } from "~/rules/conditions";
import type { RuleFormErrors, RuleFormValues } from "~/rules/rule-form.server";
import {
  createRule,
  emptyRuleFormValues,
  getRule,
  MAX_CONDITIONS,
  PRIORITIES,
  parseRuleForm,
  ruleFormValues,
  updateRule,
} from "~/rules/rule-form.server";
import { renderSubject, TEMPLATE_VARIABLES } from "~/rules/templates";
import { authenticate } from "~/shopify.server";

// `/app/settings/rules/new` creates; any other id edits that rule of the session's shop.
const NEW = "new";

function notFound(): Response {
  return new Response("Rule not found", { status: 404 });
}

export const meta: MetaFunction = () => [{ title: "Ticket rule · Counterdesk" }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  // The limits live with the server's validation; the page only displays them.
  const limits = { priorities: PRIORITIES, maxConditions: MAX_CONDITIONS };
  if (params.id === NEW) return { title: "Add rule", values: emptyRuleFormValues(), ...limits };
  const rule = await getRule(session.shop, params.id ?? "");
  if (!rule) throw notFound();
  return { title: rule.name, values: ruleFormValues(rule), ...limits };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const id = params.id ?? "";
  // Another shop's rule id is answered like one that never existed, whatever was posted.
  if (id !== NEW && !(await getRule(session.shop, id))) throw notFound();
  const result = parseRuleForm(await request.formData());
  if (!result.ok) {
    return json({ errors: result.errors, values: result.values }, { status: 400 });
  }
  if (id === NEW) await createRule(session.shop, result.rule);
  else if (!(await updateRule(session.shop, id, result.rule))) throw notFound();
  // Shopify's redirect keeps shop, host and the session token on the URL.
  return redirect("/app/settings/rules");
};

export default function RuleRoute() {
  const { id } = useParams();
  // A fresh form per rule: state must not carry over from one rule to the next.
  return <RuleFormPage key={id} />;
}

function RuleFormPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const href = useEmbeddedHref();
  const saving = useNavigation().state === "submitting";
  // After a failed save the server echoes what was posted, so nothing typed is lost.
  const [values, setValues] = useState<RuleFormValues>(actionData?.values ?? loaded.values);
  const errors: RuleFormErrors = actionData?.errors ?? {};
  const set =
    <K extends keyof RuleFormValues>(key: K) =>
    (value: RuleFormValues[K]) =>
      setValues((current) => ({ ...current, [key]: value }));
  const messages = Object.values(errors);

  return (
    <Page title={loaded.title} backAction={{ content: "Ticket rules", url: href("/app/settings/rules") }}>
      <Form method="post">
        <Layout>
          {messages.length ? (
            <Layout.Section>
              <Banner tone="critical" title="The rule was not saved">
                <List>
                  {[...new Set(messages)].map((message) => (
                    <List.Item key={message}>{message}</List.Item>
                  ))}
                </List>
              </Banner>
            </Layout.Section>
          ) : null}
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <FormLayout>
                  <TextField
                    label="Name"
                    name="name"
                    value={values.name}
                    onChange={set("name")}
                    error={errors.name}
                    maxLength={80}
                    autoComplete="off"
                  />
                  <Select
                    label="When"
                    name="trigger"
                    options={TRIGGERS.map((trigger) => ({ label: TRIGGER_LABELS[trigger], value: trigger }))}
                    value={values.trigger}
                    onChange={set("trigger")}
                    error={errors.trigger}
                  />
                  <Checkbox
                    label="Enabled"
                    helpText="Disabled rules never open tickets."
                    name="enabled"
                    checked={values.enabled}
                    onChange={set("enabled")}
                  />
                </FormLayout>
              </Card>
              <ConditionsCard
                conditions={values.conditions}
                max={loaded.maxConditions}
                errors={errors}
                onChange={set("conditions")}
              />
              <Card>
                <FormLayout>
                  <Text as="h2" variant="headingMd">
                    Ticket
                  </Text>
                  <TextField
                    label="Subject"
                    name="subjectTemplate"
                    value={values.subjectTemplate}
                    onChange={set("subjectTemplate")}
                    error={errors.subjectTemplate}
                    helpText={`Variables: ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(", ")}. Empty values are left out.`}
                    autoComplete="off"
                  />
                  <SubjectPreview template={values.subjectTemplate} trigger={values.trigger} />
                  <FormLayout.Group>
                    <Select
                      label="Priority"
                      name="priority"
                      options={loaded.priorities.map((p) => ({
                        label: p.charAt(0).toUpperCase() + p.slice(1),
                        value: p,
                      }))}
                      value={values.priority}
                      onChange={set("priority")}
                      error={errors.priority}
                    />
                    <TextField
                      label="Assignee"
                      name="assigneeName"
                      value={values.assigneeName}
                      onChange={set("assigneeName")}
                      error={errors.assigneeName}
                      helpText="Optional. Leave empty to keep new tickets unassigned."
                      autoComplete="off"
                    />
                  </FormLayout.Group>
                  <TextField
                    label="Tags"
                    name="tags"
                    value={values.tags}
                    onChange={set("tags")}
                    error={errors.tags}
                    helpText="Separated by commas, for example: refund, vip. Saved in lowercase."
                    autoComplete="off"
                  />
                </FormLayout>
              </Card>
              <InlineStack gap="200" align="end">
                <Button url={href("/app/settings/rules")}>Cancel</Button>
                <Button submit variant="primary" loading={saving}>
                  Save rule
                </Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

const CONDITION_OPTIONS = [
  { label: "The order has a note", value: "order_note_present" },
  { label: "The customer has a note", value: "customer_note_present" },
  { label: "The order has the tag", value: "order_has_tag" },
  { label: "The order total is above", value: "order_total_above" },
];

function ConditionsCard(props: {
  conditions: RuleFormValues["conditions"];
  max: number;
  errors: RuleFormErrors;
  onChange: (conditions: RuleFormValues["conditions"]) => void;
}) {
  const { conditions, max, errors, onChange } = props;
  const update = (index: number, patch: Partial<RuleFormValues["conditions"][number]>) =>
    onChange(conditions.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Conditions
          </Text>
          <Text as="p" tone="subdued">
            {conditions.length ? "All of these must hold." : "None: the rule applies to every such event."}
          </Text>
        </BlockStack>
        {conditions.map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional, like the field names they post
          <InlineStack key={index} gap="200" blockAlign="start" wrap={false}>
            <Box minWidth="240px">
              <Select
                label={`Condition ${index + 1}`}
                name={`conditions.${index}.type`}
                options={CONDITION_OPTIONS}
                value={row.type}
                onChange={(type) => update(index, { type })}
                error={errors[`conditions.${index}.type`]}
              />
            </Box>
            <Box width="100%">
              {row.type === "order_has_tag" ? (
                <TextField
                  label="Tag"
                  name={`conditions.${index}.tag`}
                  value={row.tag}
                  onChange={(tag) => update(index, { tag })}
                  error={errors[`conditions.${index}.tag`]}
                  autoComplete="off"
                />
              ) : null}
              {row.type === "order_total_above" ? (
                <TextField
                  label="Amount"
                  name={`conditions.${index}.amount`}
                  inputMode="decimal"
                  value={row.amount}
                  onChange={(amount) => update(index, { amount })}
                  error={errors[`conditions.${index}.amount`]}
                  helpText="In the order's currency."
                  autoComplete="off"
                />
              ) : null}
            </Box>
            <Box paddingBlockStart="600">
              <Button
                onClick={() => onChange(conditions.filter((_, i) => i !== index))}
                accessibilityLabel={`Remove condition ${index + 1}`}
              >
                Remove
              </Button>
            </Box>
          </InlineStack>
        ))}
        {errors.conditions ? (
          <Text as="p" tone="critical">
            {errors.conditions}
          </Text>
        ) : null}
        <InlineStack>
          <Button
            disabled={conditions.length >= max}
            onClick={() => onChange([...conditions, { type: "order_note_present", tag: "", amount: "" }])}
          >
            Add condition
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

// The example the preview renders: order #1001 of 120.00 EUR by Jane Doe.
const EXAMPLE_ORDER: OrderState = {
  shopifyId: "gid://shopify/Order/1001",
  name: "#1001",
  email: "jane@example.com",
  customer: null,
  financialStatus: "paid",
  fulfillmentStatus: null,
  totalPrice: "120.00",
  totalRefunded: "0.00",
  currency: "EUR",
  note: null,
  tags: [],
  lineItems: [],
  shippingAddress: null,
  fulfillments: [],
  refunds: [],
  cancelledAt: null,
  cancelReason: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

const EXAMPLE_SHIPMENT = {
  id: "f1",
  status: "success",
  shipmentStatus: null,
  trackingCompany: "DHL",
  trackingNumbers: ["JD014600006281230704"],
  trackingUrls: [],
  createdAt: null,
};

function exampleChange(trigger: string): OrderChange {
  switch (trigger) {
    case "order_cancelled":
      return { type: "order_cancelled", reason: "customer" };
    case "refund_created":
      return { type: "refund_created", refund: { id: "r1", amount: "20.00", note: null, createdAt: null } };
    case "order_fulfilled":
      return { type: "order_fulfilled", fulfillment: EXAMPLE_SHIPMENT };
    case "fulfillment_problem":
      return { type: "fulfillment_problem", fulfillment: { ...EXAMPLE_SHIPMENT, shipmentStatus: "failure" } };
    default:
      return { type: "order_created" };
  }
}

function SubjectPreview({ template, trigger }: { template: string; trigger: string }) {
  const subject = useMemo(
    () =>
      renderSubject(template, {
        order: EXAMPLE_ORDER,
        customerName: "Jane Doe",
        change: exampleChange(trigger),
      }),
    [template, trigger],
  );
  return (
    <Box background="bg-surface-secondary" padding="300" borderRadius="200">
      <BlockStack gap="100">
        <Text as="p" variant="bodySm" tone="subdued">
          Preview for order #1001 (120.00 EUR, Jane Doe)
        </Text>
        <div aria-live="polite">
          <Text as="p" fontWeight="semibold">
            {subject}
          </Text>
        </div>
      </BlockStack>
    </Box>
  );
}

/** A missing rule gets a page with a way back; anything else is Shopify's boundary's business. */
export function ErrorBoundary() {
  const error = useRouteError();
  const href = useEmbeddedHref();
  if (!isRouteErrorResponse(error) || error.status !== 404) return boundary.error(error);
  return (
    <Page title="Rule not found" backAction={{ content: "Ticket rules", url: href("/app/settings/rules") }}>
      <Card>
        <Text as="p">This rule does not exist, or it was deleted.</Text>
      </Card>
    </Page>
  );
}
