import { z } from "zod";
import { STATUSES } from "./inbox-filters";
import { MAX_BULK_TICKETS, type TicketChange } from "./ticket-changes.server";

/**
 * The inbox's bulk actions as posted by its form: the selected ticket ids
 * and one action with its value.
 */
const bulkFormSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("status"), value: z.enum(STATUSES, { message: "Choose a status" }) }),
  z.object({ action: z.literal("assign"), value: z.string().trim().min(1, "Choose an agent") }),
  z.object({ action: z.literal("add-tag"), value: z.string().trim().min(1, "Enter a tag").max(40) }),
  z.object({ action: z.literal("remove-tag"), value: z.string().trim().min(1, "Enter a tag").max(40) }),
]);

export type BulkFormResult =
  | { ok: true; ticketIds: string[]; change: TicketChange }
  | { ok: false; error: string };

export function parseBulkForm(form: FormData): BulkFormResult {
  const ticketIds = form
    .getAll("ticketId")
    .filter((v): v is string => typeof v === "string" && v.length > 0 && v.length <= 64);
  if (ticketIds.length === 0) return { ok: false, error: "Select at least one ticket" };
  if (ticketIds.length > MAX_BULK_TICKETS)
    return { ok: false, error: `Select at most ${MAX_BULK_TICKETS} tickets at a time` };
  const parsed = bulkFormSchema.safeParse({ action: form.get("action"), value: form.get("value") ?? "" });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: issue?.path[0] === "action" ? "Choose what to do with the tickets" : issue.message,
    };
  }
  const { action, value } = parsed.data;
  const change: TicketChange =
    action === "status"
      ? { status: value as TicketChange["status"] }
      : action === "assign"
        ? { assigneeId: value === "none" ? null : value }
        : action === "add-tag"
          ? { addTags: [value] }
          : { removeTags: [value] };
  return { ok: true, ticketIds, change };
}
