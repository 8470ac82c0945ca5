/** @jsxImportSource preact */
import "@shopify/ui-extensions/preact";
import type { Api } from "@shopify/ui-extensions/admin.order-details.action.render";
import { render } from "preact";
import { useState } from "preact/hooks";
import {
  PRIORITIES,
  PRIORITY_LABELS,
  type Priority,
  type TicketSummary,
  ticketHref,
} from "../../shared/tickets";
import {
  createOutcome,
  createTicketRequest,
  EMPTY_FORM,
  type TicketFormErrors,
  type TicketFormValues,
  validateTicketForm,
} from "./ticket-form";

declare const shopify: Api;

export default async () => {
  render(<CreateSupportTicket />, document.body);
};

/**
 * "Create support ticket" in the order's More actions menu: subject, first
 * message and priority, posted to the app, which links the ticket to this
 * order and its customer.
 */
export function CreateSupportTicket() {
  const [values, setValues] = useState<TicketFormValues>(EMPTY_FORM);
  const [errors, setErrors] = useState<TicketFormErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [created, setCreated] = useState<TicketSummary | null>(null);

  const set = (field: keyof TicketFormValues) => (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement).value;
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  async function submit() {
    if (saving) return;
    const found = validateTicketForm(values);
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    const request = createTicketRequest(shopify.data.selected[0]?.id, values);
    if (!request) {
      setFailure("This page has no order to open a ticket for.");
      return;
    }
    setSaving(true);
    try {
      const response = await fetch(request.url, request.init);
      const outcome = createOutcome(response.status, await response.json().catch(() => null));
      if (outcome.kind === "created") setCreated(outcome.ticket);
      else if (outcome.kind === "invalid") setErrors(outcome.errors);
      else setFailure(outcome.message);
    } catch {
      setFailure("Counterdesk could not be reached. Check your connection and try again.");
    } finally {
      setSaving(false);
    }
  }

  if (created) {
    return (
      <s-admin-action heading="Create support ticket">
        <s-stack gap="base">
          <s-banner tone="success" heading={`Ticket #${created.number} created`}>
            <s-paragraph>It is linked to this order and its customer.</s-paragraph>
          </s-banner>
          <s-link href={ticketHref(created.number)}>Open ticket #{created.number} in Counterdesk</s-link>
        </s-stack>
        <s-button slot="primary-action" variant="primary" onClick={() => shopify.close()}>
          Done
        </s-button>
      </s-admin-action>
    );
  }

  return (
    <s-admin-action heading="Create support ticket">
      <s-stack gap="base">
        {failure && (
          <s-banner tone="critical" heading="The ticket was not created">
            {failure}
          </s-banner>
        )}
        <s-text-field
          label="Subject"
          name="subject"
          value={values.subject}
          error={errors.subject}
          required
          onInput={set("subject")}
        />
        <s-text-area
          label="First message"
          name="body"
          details="Saved on the ticket as an internal note from you."
          value={values.body}
          error={errors.body}
          rows={5}
          required
          onInput={set("body")}
        />
        <s-select
          label="Priority"
          name="priority"
          value={values.priority}
          error={errors.priority}
          onChange={set("priority")}
        >
          {PRIORITIES.map((p: Priority) => (
            <s-option key={p} value={p}>
              {PRIORITY_LABELS[p]}
            </s-option>
          ))}
        </s-select>
      </s-stack>
      <s-button slot="primary-action" variant="primary" loading={saving} onClick={submit}>
        Create ticket
      </s-button>
      <s-button slot="secondary-actions" onClick={() => shopify.close()}>
        Cancel
      </s-button>
    </s-admin-action>
  );
}
