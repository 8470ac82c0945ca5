import { Form } from "@remix-run/react";
import { BlockStack, Button, Card, InlineError, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { TicketDetail } from "~/tickets/ticket-detail.server";

const STATUSES = ["open", "pending", "resolved", "closed"];
const PRIORITIES = ["low", "normal", "high", "urgent"];
const option = (value: string) => ({ label: value.charAt(0).toUpperCase() + value.slice(1), value });

/** Status, priority, assignee and tags of the ticket; saved together, each change recorded. */
export function TicketControls({
  ticket,
  agents,
  error,
  saving,
}: {
  ticket: Pick<TicketDetail, "status" | "priority" | "assigneeId" | "tags">;
  agents: { staffId: string; name: string }[];
  error: string | null;
  saving: boolean;
}) {
  const [values, setValues] = useState({
    status: ticket.status as string,
    priority: ticket.priority as string,
    assigneeId: ticket.assigneeId ?? "",
    tags: ticket.tags.join(", "),
  });
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const assignable = agents.some((a) => a.staffId === ticket.assigneeId) || !ticket.assigneeId;
  return (
    <Card>
      <Form method="post" aria-label="Ticket details">
        <input type="hidden" name="intent" value="update" />
        <BlockStack gap="300">
          <Text as="h3" variant="headingSm">
            Ticket
          </Text>
          <Select
            label="Status"
            name="status"
            options={STATUSES.map(option)}
            value={values.status}
            onChange={set("status")}
          />
          <Select
            label="Priority"
            name="priority"
            options={PRIORITIES.map(option)}
            value={values.priority}
            onChange={set("priority")}
          />
          <Select
            label="Assignee"
            name="assigneeId"
            value={values.assigneeId}
            onChange={set("assigneeId")}
            options={[
              { label: "Unassigned", value: "" },
              ...agents.map((a) => ({ label: a.name, value: a.staffId })),
              ...(assignable
                ? []
                : [{ label: `${ticket.assigneeId} (unknown)`, value: ticket.assigneeId ?? "" }]),
            ]}
          />
          <TextField
            label="Tags"
            name="tags"
            value={values.tags}
            onChange={set("tags")}
            autoComplete="off"
            helpText="Separate tags with commas"
          />
          {error ? <InlineError message={error} fieldID="ticket-controls" /> : null}
          <Button submit loading={saving}>
            Save
          </Button>
        </BlockStack>
      </Form>
    </Card>
  );
}
