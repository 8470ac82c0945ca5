import { Form } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, InlineError, Select, Text, TextField } from "@shopify/polaris";
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
  noteOrderName,
}: {
  ticket: Pick<TicketDetail, "status" | "priority" | "assigneeId" | "tags">;
  agents: { staffId: string; name: string }[];
  error: string | null;
  saving: boolean;
  /** The order a resolution can be added to, when the shop lets agents write order notes. */
  noteOrderName: string | null;
}) {
  const [values, setValues] = useState({
    status: ticket.status as string,
    priority: ticket.priority as string,
    assigneeId: ticket.assigneeId ?? "",
    tags: ticket.tags.join(", "),
    resolution: "",
  });
  const [addToOrder, setAddToOrder] = useState(false);
  const resolving = values.status === "resolved" && ticket.status !== "resolved";
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
          {resolving ? (
            <BlockStack gap="100">
              <TextField
                label="Resolution"
                name="resolution"
                value={values.resolution}
                onChange={set("resolution")}
                multiline={2}
                maxLength={2000}
                autoComplete="off"
                helpText="Optional. Kept on the ticket as a note."
              />
              {noteOrderName ? (
                <Checkbox
                  label={`Add to order ${noteOrderName}'s note`}
                  checked={addToOrder}
                  onChange={setAddToOrder}
                  disabled={!values.resolution.trim()}
                />
              ) : null}
              <input type="hidden" name="addResolutionToOrder" value={addToOrder ? "1" : ""} />
            </BlockStack>
          ) : null}
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
