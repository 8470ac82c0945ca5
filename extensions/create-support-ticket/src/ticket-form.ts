import {
  failureMessage,
  isTicketSummary,
  orderTicketsPath,
  PRIORITIES,
  type Priority,
  type TicketSummary,
} from "../../shared/tickets";

/** The action's form, and what the backend answers to it, without any UI. */
export interface TicketFormValues {
  subject: string;
  body: string;
  priority: Priority;
}

export type TicketFormErrors = Partial<Record<keyof TicketFormValues, string>>;

export const EMPTY_FORM: TicketFormValues = { subject: "", body: "", priority: "normal" };

export const SUBJECT_MAX = 250;
export const BODY_MAX = 20_000;

/**
 * The backend's rules, checked before sending so a missing field is flagged
 * at once; the backend checks again and its answer wins.
 */
export function validateTicketForm(values: TicketFormValues): TicketFormErrors {
  const errors: TicketFormErrors = {};
  const subject = values.subject.trim();
  const body = values.body.trim();
  if (!subject) errors.subject = "Give the ticket a subject";
  else if (subject.length > SUBJECT_MAX) errors.subject = "Subjects are at most 250 characters";
  if (!body) errors.body = "Write the first message";
  else if (body.length > BODY_MAX) errors.body = "Messages are at most 20,000 characters";
  if (!PRIORITIES.includes(values.priority)) errors.priority = "Choose a priority";
  return errors;
}

export function createTicketRequest(
  orderGid: string | undefined,
  values: TicketFormValues,
): { url: string; init: RequestInit } | null {
  const url = orderTicketsPath(orderGid);
  if (!url) return null;
  return {
    url,
    init: {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        subject: values.subject.trim(),
        body: values.body.trim(),
        priority: values.priority,
      }),
    },
  };
}

export type CreateOutcome =
  | { kind: "created"; ticket: TicketSummary }
  | { kind: "invalid"; errors: TicketFormErrors }
  | { kind: "failed"; message: string };

const FIELDS = ["subject", "body", "priority"] as const;

export function createOutcome(status: number, body: unknown): CreateOutcome {
  const data = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  if (status === 201 && isTicketSummary(data.ticket)) return { kind: "created", ticket: data.ticket };
  if ((status === 400 || status === 422) && data.errors && typeof data.errors === "object") {
    const raw = data.errors as Record<string, unknown>;
    const errors: TicketFormErrors = {};
    for (const field of FIELDS) if (typeof raw[field] === "string") errors[field] = raw[field];
    if (Object.keys(errors).length > 0) return { kind: "invalid", errors };
  }
  if (status === 404)
    return { kind: "failed", message: "Counterdesk does not know this order yet. Try again in a minute." };
  return { kind: "failed", message: failureMessage(status, body) };
}
