import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  ButtonGroup,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Modal,
  Page,
  Text,
} from "@shopify/polaris";
import { useRef, useState } from "react";
import { z } from "zod";
import { useEmbeddedHref } from "~/components/embedded-links";
import { describeCondition, TRIGGER_LABELS } from "~/rules/conditions";
import {
  deleteRule,
  listRulesInOrder,
  moveRule,
  setRuleEnabled,
  storedConditions,
} from "~/rules/rule-form.server";
import { ensureDefaultRules } from "~/rules/rules.server";
import { authenticate } from "~/shopify.server";

export const meta: MetaFunction = () => [{ title: "Ticket rules · Counterdesk" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const rules = await listRulesInOrder(session.shop);
  return {
    rules: rules.map((rule) => ({
      id: rule.id,
      name: rule.name,
      when: whenSentence(rule.trigger, storedConditions(rule.conditions).map(describeCondition)),
      priority: rule.priority,
      tags: rule.tags,
      enabled: rule.enabled,
    })),
  };
};

function whenSentence(trigger: string, conditions: string[]): string {
  const label = TRIGGER_LABELS[trigger as keyof typeof TRIGGER_LABELS] ?? trigger;
  return conditions.length ? `${label} and ${conditions.join(" and ")}` : label;
}

const listAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("toggle"), id: z.string().min(1), enabled: z.enum(["true", "false"]) }),
  z.object({ intent: z.literal("move"), id: z.string().min(1), direction: z.enum(["up", "down"]) }),
  z.object({ intent: z.literal("delete"), id: z.string().min(1) }),
  z.object({ intent: z.literal("restore-defaults") }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = listAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: "That change could not be understood." }, { status: 400 });
  const input = parsed.data;
  let found = true;
  switch (input.intent) {
    case "toggle":
      found = await setRuleEnabled(session.shop, input.id, input.enabled === "true");
      break;
    case "move":
      found = await moveRule(session.shop, input.id, input.direction);
      break;
    case "delete":
      found = await deleteRule(session.shop, input.id);
      break;
    case "restore-defaults":
      // Only adds the defaults when the shop has no rules, so it never duplicates.
      await ensureDefaultRules(session.shop);
      break;
  }
  // Another shop's rule id is answered like an id that never existed.
  if (!found) throw new Response("Rule not found", { status: 404 });
  return json({ error: null });
};

type RuleRow = ReturnType<typeof useLoaderData<typeof loader>>["rules"][number];

const PRIORITY_TONES = { low: undefined, normal: "info", high: "warning", urgent: "critical" } as const;

export default function TicketRules() {
  const { rules } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const href = useEmbeddedHref();
  const [deleting, setDeleting] = useState<RuleRow | null>(null);

  return (
    <Page
      title="Ticket rules"
      subtitle="When an order event happens, the first enabled rule that matches opens a ticket."
      backAction={{ content: "Home", url: href("/app") }}
      primaryAction={{ content: "Add rule", url: href("/app/settings/rules/new") }}
    >
      <Layout>
        {actionData?.error ? (
          <Layout.Section>
            <Banner tone="critical" title="Nothing was changed">
              <p>{actionData.error}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            {rules.length === 0 ? (
              <EmptyRules addRuleUrl={href("/app/settings/rules/new")} />
            ) : (
              <IndexTable
                resourceName={{ singular: "rule", plural: "rules" }}
                itemCount={rules.length}
                selectable={false}
                headings={[
                  { title: "Rule" },
                  { title: "Priority" },
                  { title: "Tags" },
                  { title: "Status" },
                  { title: "Actions", alignment: "end" },
                ]}
              >
                {rules.map((rule, index) => (
                  <RuleTableRow
                    key={rule.id}
                    rule={rule}
                    index={index}
                    isLast={index === rules.length - 1}
                    editUrl={href(`/app/settings/rules/${rule.id}`)}
                    onDelete={() => setDeleting(rule)}
                  />
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
      </Layout>
      <DeleteRuleModal rule={deleting} onClose={() => setDeleting(null)} />
    </Page>
  );
}

// A drawn rule card, inline so the empty state needs nothing from a CDN.
const EMPTY_STATE_IMAGE = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="226" height="160" viewBox="0 0 226 160">' +
    '<rect x="38" y="20" width="150" height="120" rx="12" fill="#f1f1f1" stroke="#c9c9c9" stroke-width="2"/>' +
    '<circle cx="66" cy="52" r="9" fill="#8a8a8a"/><rect x="84" y="47" width="80" height="10" rx="5" fill="#c9c9c9"/>' +
    '<circle cx="66" cy="82" r="9" fill="#8a8a8a"/><rect x="84" y="77" width="64" height="10" rx="5" fill="#c9c9c9"/>' +
    '<circle cx="66" cy="112" r="9" fill="#8a8a8a"/><rect x="84" y="107" width="72" height="10" rx="5" fill="#c9c9c9"/>' +
    "</svg>",
)}`;

function EmptyRules({ addRuleUrl }: { addRuleUrl: string }) {
  return (
    <EmptyState heading="No ticket rules" image={EMPTY_STATE_IMAGE}>
      <BlockStack gap="400">
        <p>Without rules, order events are recorded but no tickets are opened.</p>
        <InlineStack gap="200" align="center">
          <Button url={addRuleUrl} variant="primary">
            Add rule
          </Button>
          <Form method="post">
            <input type="hidden" name="intent" value="restore-defaults" />
            <Button submit>Restore default rules</Button>
          </Form>
        </InlineStack>
      </BlockStack>
    </EmptyState>
  );
}

function RuleTableRow(props: {
  rule: RuleRow;
  index: number;
  isLast: boolean;
  editUrl: string;
  onDelete: () => void;
}) {
  const { rule, index, isLast, editUrl, onDelete } = props;
  const busy = useNavigation().state !== "idle";
  return (
    <IndexTable.Row id={rule.id} position={index}>
      <IndexTable.Cell>
        {/* The sentence can be long; let it wrap instead of widening the table. */}
        <div style={{ whiteSpace: "normal", minWidth: 220 }}>
          <BlockStack gap="100">
            <Link url={editUrl} removeUnderline monochrome>
              <Text as="span" variant="bodyMd" fontWeight="semibold">
                {rule.name}
              </Text>
            </Link>
            <Text as="span" tone="subdued">
              {rule.when}
            </Text>
          </BlockStack>
        </div>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={PRIORITY_TONES[rule.priority]}>{capitalise(rule.priority)}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="100">
          {rule.tags.length ? (
            rule.tags.map((tag) => <Badge key={tag}>{tag}</Badge>)
          ) : (
            <Text as="span" tone="subdued">
              None
            </Text>
          )}
        </InlineStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={rule.enabled ? "success" : undefined}>{rule.enabled ? "On" : "Off"}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="200" align="end" wrap={false}>
          <Form method="post">
            <input type="hidden" name="intent" value="toggle" />
            <input type="hidden" name="id" value={rule.id} />
            <input type="hidden" name="enabled" value={String(!rule.enabled)} />
            <Button
              submit
              size="slim"
              disabled={busy}
              accessibilityLabel={`${rule.enabled ? "Turn off" : "Turn on"} ${rule.name}`}
            >
              {rule.enabled ? "Turn off" : "Turn on"}
            </Button>
          </Form>
          <ButtonGroup variant="segmented">
            <MoveButton rule={rule} direction="up" disabled={busy || index === 0} />
            <MoveButton rule={rule} direction="down" disabled={busy || isLast} />
          </ButtonGroup>
          <Button url={editUrl} size="slim" accessibilityLabel={`Edit ${rule.name}`}>
            Edit
          </Button>
          <Button size="slim" tone="critical" onClick={onDelete} accessibilityLabel={`Delete ${rule.name}`}>
            Delete
          </Button>
        </InlineStack>
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

function MoveButton({
  rule,
  direction,
  disabled,
}: {
  rule: RuleRow;
  direction: "up" | "down";
  disabled: boolean;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="id" value={rule.id} />
      <input type="hidden" name="direction" value={direction} />
      <Button submit size="slim" disabled={disabled} accessibilityLabel={`Move ${rule.name} ${direction}`}>
        {direction === "up" ? "↑" : "↓"}
      </Button>
    </Form>
  );
}

/** Confirms before deleting; the hidden form is submitted by the modal's button. */
function DeleteRuleModal({ rule, onClose }: { rule: RuleRow | null; onClose: () => void }) {
  const form = useRef<HTMLFormElement>(null);
  return (
    <Modal
      open={rule !== null}
      onClose={onClose}
      title={`Delete “${rule?.name ?? ""}”?`}
      primaryAction={{
        content: "Delete rule",
        destructive: true,
        onAction: () => {
          form.current?.requestSubmit();
          onClose();
        },
      }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <Form method="post" ref={form}>
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="id" value={rule?.id ?? ""} />
          <Text as="p">
            The rule stops opening tickets. Tickets it already opened stay as they are. This cannot be undone.
          </Text>
        </Form>
      </Modal.Section>
    </Modal>
  );
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
