import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useFetcher, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { actorOf, listAgents, recordAgent } from "~/agents/agents.server";
import { useEmbeddedHref } from "~/components/embedded-links";
import { RouteError } from "~/components/route-error";
import { Composer, type ComposerResult } from "~/components/ticket/composer";
import { CustomerPanel } from "~/components/ticket/customer-panel";
import { OrderPanel } from "~/components/ticket/order-panel";
import { EarlierMessages, Thread } from "~/components/ticket/thread";
import { TicketControls } from "~/components/ticket/ticket-controls";
import { macrosForTicket } from "~/macros/macros.server";
import { ensureFreshOrder, SNAPSHOT_MAX_AGE_MS } from "~/orders/order-sync.server";
import { authenticate } from "~/shopify.server";
import { getShop } from "~/shops/shops.server";
import { changeTickets, ticketChangeSchema, UnknownAgentError } from "~/tickets/ticket-changes.server";
import { getTicketDetail, linkOrder, ordersChangedSince } from "~/tickets/ticket-detail.server";
import { addAgentMessage, agentMessageSchema, retryReplyEmail } from "~/tickets/ticket-messages.server";
import { orderSyncProblems } from "~/writeback/order-status.server";
import { orderSyncSettings } from "~/writeback/order-sync-settings.server";
import { retryShopifyWrite } from "~/writeback/outbox.server";

const ticketNumber = z.coerce.number().int().positive().max(2_147_483_647);

function notFound(): Response {
  return new Response("Ticket not found", { status: 404 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `#${data.ticket.number} ${data.ticket.subject} · Counterdesk` : "Ticket · Counterdesk" },
];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  await recordAgent(session.shop, session);
  const number = ticketNumber.safeParse(params.number);
  if (!number.success) throw notFound();
  // ?thread=all shows the whole thread; anything else, its newest messages.
  const wholeThread = new URL(request.url).searchParams.get("thread") === "all";
  let ticket = await getTicketDetail(session.shop, number.data, { wholeThread });
  if (!ticket) throw notFound();

  // Orders not synced lately are read from Shopify again before the agent sees them.
  const refreshErrors: Record<string, string> = {};
  const stale = ticket.orders.filter((o) => Date.now() - Date.parse(o.syncedAt) > SNAPSHOT_MAX_AGE_MS);
  for (const order of stale) {
    await ensureFreshOrder(session.shop, order.shopifyId).catch((error: unknown) => {
      refreshErrors[order.id] = error instanceof Error ? error.message.slice(0, 200) : "unknown error";
    });
  }
  if (stale.length > 0)
    ticket = (await getTicketDetail(session.shop, number.data, { wholeThread })) ?? ticket;

  const actor = actorOf(session);
  const [agents, shopRecord, syncSettings, syncProblems] = await Promise.all([
    listAgents(session.shop),
    getShop(session.shop),
    orderSyncSettings(session.shop),
    orderSyncProblems(
      session.shop,
      ticket.orders.map((o) => o.shopifyId),
    ),
  ]);
  const macros = await macrosForTicket(session.shop, ticket, {
    agentName: actor?.name ?? null,
    shopName: shopRecord?.name ?? null,
  });
  return { ticket, agents, refreshErrors, macros, writeNotes: syncSettings.writeNotes, syncProblems };
};

const actionIntent = z.enum(["message", "update", "link-order", "retry-delivery", "retry-write"]);

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const actor = await recordAgent(session.shop, session);
  const number = ticketNumber.safeParse(params.number);
  if (!number.success) throw notFound();
  const ticket = await getTicketDetail(session.shop, number.data);
  if (!ticket) throw notFound();
  if (!actor)
    return json(
      { intent: null, error: "Only a signed-in staff member can work on tickets." },
      { status: 403 },
    );

  const form = await request.formData();
  const intent = actionIntent.safeParse(form.get("intent"));
  if (!intent.success) return json({ intent: null, error: "Unknown action" }, { status: 400 });

  if (intent.data === "message") {
    const values = { kind: String(form.get("kind") ?? ""), body: String(form.get("body") ?? "") };
    const parsed = agentMessageSchema.safeParse(values);
    if (!parsed.success) {
      const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
      return json(
        { intent: "message", composer: { errors, values } satisfies ComposerResult },
        { status: 400 },
      );
    }
    if (form.get("confirmed") !== "1") {
      const seen = z
        .record(z.string(), z.string())
        .catch({})
        .parse(safeJson(form.get("seenOrders")));
      const orderChanges = await ordersChangedSince(session.shop, ticket.id, seen);
      if (orderChanges.length > 0)
        return json(
          { intent: "message", composer: { values, orderChanges } satisfies ComposerResult },
          { status: 409 },
        );
    }
    const order = form.get("addToOrder") === "1" ? await noteOrder(session.shop, ticket) : undefined;
    await addAgentMessage(session.shop, ticket.id, actor, parsed.data, {
      addToOrder: order && parsed.data.kind === "internal_note" ? order : undefined,
    });
    return json({ intent: "message", composer: { sent: parsed.data.kind } satisfies ComposerResult });
  }

  if (intent.data === "update") {
    const tags = String(form.get("tags") ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    const change = ticketChangeSchema.safeParse({
      status: form.get("status") || undefined,
      priority: form.get("priority") || undefined,
      assigneeId: form.get("assigneeId") ? String(form.get("assigneeId")) : null,
      addTags: tags.filter((t) => !ticket.tags.includes(t)),
      removeTags: ticket.tags.filter((t) => !tags.includes(t)),
    });
    if (!change.success)
      return json({ intent: "update", error: change.error.issues[0].message }, { status: 400 });
    const resolution = resolutionSchema.safeParse(form.get("resolution") ?? "");
    if (!resolution.success)
      return json({ intent: "update", error: resolution.error.issues[0].message }, { status: 400 });
    try {
      await changeTickets(session.shop, [ticket.id], change.data, actor);
    } catch (error) {
      if (error instanceof UnknownAgentError)
        return json({ intent: "update", error: error.message }, { status: 400 });
      throw error;
    }
    // A resolution is kept as an internal note, and on the order's note when the agent asks.
    if (resolution.data && change.data.status === "resolved") {
      const order =
        form.get("addResolutionToOrder") === "1" ? await noteOrder(session.shop, ticket) : undefined;
      await addAgentMessage(
        session.shop,
        ticket.id,
        actor,
        { kind: "internal_note", body: `Resolution: ${resolution.data}` },
        { addToOrder: order },
      );
    }
    return json({ intent: "update", error: null });
  }

  if (intent.data === "retry-write") {
    const writeId = z.string().min(1).max(64).safeParse(form.get("writeId"));
    if (!writeId.success || !(await retryShopifyWrite(session.shop, writeId.data)))
      return json(
        { intent: "retry-write", error: "Only a write to Shopify that failed can be tried again." },
        { status: 400 },
      );
    return json({ intent: "retry-write", error: null });
  }

  if (intent.data === "retry-delivery") {
    const messageId = z.string().min(1).max(64).safeParse(form.get("messageId"));
    if (!messageId.success || !(await retryReplyEmail(session.shop, ticket.id, messageId.data)))
      return json(
        { intent: "retry-delivery", error: "Only a reply whose email failed can be sent again." },
        { status: 400 },
      );
    return json({ intent: "retry-delivery", error: null });
  }

  const orderId = z.string().min(1).max(64).safeParse(form.get("orderId"));
  if (!orderId.success || !(await linkOrder(session.shop, ticket.id, orderId.data, actor)))
    return json(
      { intent: "link-order", error: "That order can't be linked to this ticket." },
      { status: 400 },
    );
  return json({ intent: "link-order", error: null });
};

const resolutionSchema = z.string().trim().max(2000, "A resolution is at most 2,000 characters");

/** The order a note goes to: the ticket's first order, when the shop lets agents write notes. */
async function noteOrder(shop: string, ticket: { orders: { shopifyId: string; name: string }[] }) {
  const order = ticket.orders[0];
  if (!order || !(await orderSyncSettings(shop)).writeNotes) return undefined;
  return { orderGid: order.shopifyId, orderName: order.name };
}

function safeJson(value: FormDataEntryValue | null): unknown {
  try {
    return JSON.parse(String(value ?? "{}"));
  } catch {
    return {};
  }
}

const STATUS_TONE = { open: "attention", pending: "info", resolved: "success", closed: undefined } as const;

export default function TicketPage() {
  const { ticket, agents, refreshErrors, macros, writeNotes, syncProblems } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const href = useEmbeddedHref();
  const submitting = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const seenOrders = JSON.stringify(Object.fromEntries(ticket.orders.map((o) => [o.id, o.version])));
  const error = result && "error" in result ? result.error : null;
  const liveChanges = useOrderWatch(ticket.number, seenOrders, ticket.orders.length > 0);
  const sending =
    submitting === "message"
      ? {
          kind: String(navigation.formData?.get("kind") ?? ""),
          body: String(navigation.formData?.get("body") ?? ""),
        }
      : null;
  const shopify = useAppBridge();
  useEffect(() => {
    if (!result) return;
    const done =
      "composer" in result && "sent" in result.composer
        ? result.composer.sent === "internal_note"
          ? "Note added"
          : "Reply sent"
        : "error" in result && result.error === null
          ? result.intent === "link-order"
            ? "Order linked"
            : result.intent === "retry-delivery" || result.intent === "retry-write"
              ? "Queued again"
              : "Ticket updated"
          : null;
    if (done) shopify.toast.show(done);
  }, [result, shopify]);

  return (
    <Page
      title={`#${ticket.number} ${ticket.subject}`}
      titleMetadata={
        <Badge tone={STATUS_TONE[ticket.status]}>
          {ticket.status.charAt(0).toUpperCase() + ticket.status.slice(1)}
        </Badge>
      }
      backAction={{ content: "Tickets", url: href("/app/tickets") }}
    >
      <TitleBar title={`Ticket #${ticket.number}`} />
      <Layout>
        {error && result?.intent !== "update" ? (
          <Layout.Section>
            <Banner tone="critical">{error}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            {ticket.earlierMessages > 0 ? (
              <EarlierMessages
                count={ticket.earlierMessages}
                url={href(`/app/tickets/${ticket.number}`, new URLSearchParams({ thread: "all" }))}
              />
            ) : null}
            <Thread items={ticket.thread} sending={sending} />
            {liveChanges.length > 0 ? (
              <Banner tone="warning" title="The order changed since you opened this ticket">
                <BlockStack gap="100">
                  {liveChanges.map((c) => (
                    <Text as="p" key={c.name}>{`Order ${c.name}: ${c.summary}`}</Text>
                  ))}
                  <Text as="p">
                    Reload the order panel before you send: what you write may no longer be true.
                  </Text>
                </BlockStack>
              </Banner>
            ) : null}
            <Composer
              // A new message in the thread means the last one was saved: the composer starts empty.
              key={ticket.thread.at(-1)?.id ?? "empty"}
              seenOrders={seenOrders}
              result={result && "composer" in result ? result.composer : undefined}
              sending={submitting === "message"}
              macros={macros}
              orderName={writeNotes ? (ticket.orders[0]?.name ?? null) : null}
            />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <TicketControls
              key={`${ticket.status}-${ticket.priority}-${ticket.assigneeId}-${ticket.tags.join(",")}`}
              ticket={ticket}
              agents={agents}
              error={result?.intent === "update" ? error : null}
              saving={submitting === "update"}
              noteOrderName={writeNotes ? (ticket.orders[0]?.name ?? null) : null}
            />
            {ticket.orders.map((order) => (
              <OrderPanel
                key={order.id}
                order={order}
                refreshError={refreshErrors[order.id] ?? null}
                syncProblem={syncProblems[order.shopifyId] ?? null}
              />
            ))}
            {ticket.customer ? (
              <CustomerPanel customer={ticket.customer} currency={ticket.orders[0]?.currency ?? null} />
            ) : (
              <Card>
                <Text as="p" tone="subdued">
                  No customer is linked to this ticket.
                </Text>
              </Card>
            )}
            <InlineStack>
              <Text as="p" tone="subdued" variant="bodySm">
                {`Channel: ${ticket.channel}`}
              </Text>
            </InlineStack>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/**
 * Asks every 10 seconds whether the ticket's orders changed since the page
 * loaded, so an agent writing a reply hears of a cancellation or refund
 * before sending (the server also holds such a reply until confirmed).
 */
function useOrderWatch(number: number, seenOrders: string, hasOrders: boolean) {
  const fetcher = useFetcher<{ changes?: { name: string; summary: string }[] }>();
  const href = useEmbeddedHref();
  // biome-ignore lint/correctness/useExhaustiveDependencies: fetcher and href are new each render; the URL's inputs are the dependencies
  useEffect(() => {
    if (!hasOrders) return;
    const url = href(`/app/tickets/${number}/order-versions`, new URLSearchParams({ seen: seenOrders }));
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") fetcher.load(url);
    }, 10_000);
    return () => clearInterval(timer);
  }, [number, seenOrders, hasOrders]);
  return fetcher.data?.changes ?? [];
}

export function ErrorBoundary() {
  return (
    <RouteError
      error={useRouteError()}
      title="Ticket"
      notFound="There is no ticket with this number in this store. It may have been deleted, or the link is mistyped."
      backUrl="/app/tickets"
    />
  );
}
