/** @jsxImportSource preact */
import "@shopify/ui-extensions/preact";
import type { Api } from "@shopify/ui-extensions/admin.order-details.block.render";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { formatUpdated, statusLabel, statusTone, ticketHref } from "../../shared/tickets";
import { type ListOutcome, loadOrderTickets } from "./ticket-list";

declare const shopify: Api;

export default async () => {
  render(<OrderTickets />, document.body);
};

/** The handle of the action extension the empty state offers to open. */
export const CREATE_ACTION = "extension://create-support-ticket";

/** The order's tickets on its page in admin, newest activity first, each opening in the app. */
export function OrderTickets() {
  const [outcome, setOutcome] = useState<ListOutcome | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a retry bumps `attempt` to load again
  useEffect(() => {
    let current = true;
    setOutcome(null);
    loadOrderTickets(shopify.data.selected[0]?.id, fetch).then((result) => {
      if (current) setOutcome(result);
    });
    return () => {
      current = false;
    };
  }, [attempt]);

  const count = outcome?.kind === "loaded" ? outcome.tickets.length : null;
  const summary = count === null ? undefined : count === 1 ? "1 ticket" : `${count} tickets`;

  return (
    <s-admin-block heading="Support tickets" collapsedSummary={summary}>
      {outcome === null && <s-spinner accessibilityLabel="Loading the order's tickets" />}
      {outcome?.kind === "failed" && (
        <s-stack gap="base">
          <s-banner tone="critical" heading="The tickets could not be loaded">
            {outcome.message}
          </s-banner>
          <s-button onClick={() => setAttempt((n) => n + 1)}>Try again</s-button>
        </s-stack>
      )}
      {outcome?.kind === "loaded" && outcome.tickets.length === 0 && (
        <s-stack gap="base">
          <s-paragraph>No support tickets for this order yet.</s-paragraph>
          <s-button onClick={() => shopify.navigation.navigate(CREATE_ACTION)}>
            Create support ticket
          </s-button>
        </s-stack>
      )}
      {outcome?.kind === "loaded" && outcome.tickets.length > 0 && (
        <s-stack gap="base">
          {outcome.tickets.map((t) => (
            <s-stack key={t.number} direction="inline" gap="small" alignItems="center">
              <s-link href={ticketHref(t.number)}>
                #{t.number} {t.subject}
              </s-link>
              <s-badge tone={statusTone(t.status)}>{statusLabel(t.status)}</s-badge>
              <s-text color="subdued">Updated {formatUpdated(t.updatedAt)}</s-text>
            </s-stack>
          ))}
        </s-stack>
      )}
    </s-admin-block>
  );
}
