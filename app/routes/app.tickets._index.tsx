import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  useFetcher,
  useLoaderData,
  useLocation,
  useNavigate,
  useNavigation,
  useRouteError,
} from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Link,
  Modal,
  Page,
  Select,
  Tabs,
  Text,
  TextField,
  useIndexResourceState,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { listAgents, recordAgent } from "~/agents/agents.server";
import { embeddedFormParams, useEmbeddedHref } from "~/components/embedded-links";
import { RouteError } from "~/components/route-error";
import { authenticate } from "~/shopify.server";
import { parseBulkForm } from "~/tickets/bulk-form.server";
import { countViews, InvalidCursorError, listInbox } from "~/tickets/inbox.server";
import {
  CHANNELS,
  inboxSearchParams,
  PRIORITIES,
  parseInboxFilters,
  SORTS,
  STATUSES,
  VIEW_LABELS,
  VIEWS,
} from "~/tickets/inbox-filters";
import { changeTickets, UnknownAgentError } from "~/tickets/ticket-changes.server";

/** Previous pages' cursors ride on the URL, so Back works on a shared link too. */
const MAX_BACK = 30;

export const meta: MetaFunction = () => [{ title: "Tickets · Counterdesk" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const actor = await recordAgent(session.shop, session);
  const url = new URL(request.url);
  const filters = parseInboxFilters(url.searchParams);
  const back = (url.searchParams.get("back") ?? "").split(",").filter(Boolean).slice(-MAX_BACK);
  const [page, counts, agents] = await Promise.all([
    listInbox(session.shop, actor?.id ?? null, filters).catch((error: unknown) => {
      if (error instanceof InvalidCursorError) return { error: error.message };
      throw error;
    }),
    countViews(session.shop, actor?.id ?? null),
    listAgents(session.shop),
  ]);
  return { filters, back, page, counts, agents, agentId: actor?.id ?? null };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const actor = await recordAgent(session.shop, session);
  if (!actor)
    return json({ ok: false, error: "Only a signed-in staff member can change tickets." }, { status: 403 });
  const parsed = parseBulkForm(await request.formData());
  if (!parsed.ok) return json({ ok: false, error: parsed.error }, { status: 400 });
  try {
    const { changed } = await changeTickets(session.shop, parsed.ticketIds, parsed.change, actor);
    return json({ ok: true, error: null, changed });
  } catch (error) {
    if (error instanceof UnknownAgentError) return json({ ok: false, error: error.message }, { status: 400 });
    throw error;
  }
};

type BulkAction = "status" | "assign" | "add-tag" | "remove-tag";
const BULK_TITLES: Record<BulkAction, string> = {
  status: "Change status",
  assign: "Assign",
  "add-tag": "Add tag",
  "remove-tag": "Remove tag",
};

const STATUS_TONE = { open: "attention", pending: "info", resolved: "success", closed: undefined } as const;
const PRIORITY_TONE = { urgent: "critical", high: "warning", normal: undefined, low: undefined } as const;
const label = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

export default function Inbox() {
  const { filters, back, page, counts, agents } = useLoaderData<typeof loader>();
  const href = useEmbeddedHref();
  const { search } = useLocation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location.pathname === "/app/tickets";
  const rows = "rows" in page ? page.rows : [];
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(rows);
  const [bulk, setBulk] = useState<BulkAction | null>(null);

  const viewHref = (view: (typeof VIEWS)[number]) => href("/app/tickets", inboxSearchParams({ view }));
  const withFilters = (extra: Parameters<typeof inboxSearchParams>[0]) =>
    href("/app/tickets", inboxSearchParams({ ...filters, cursor: null, ...extra }));
  const pageHref = (cursor: string | null, backList: string[]) => {
    const params = inboxSearchParams({ ...filters, cursor });
    if (backList.length > 0) params.set("back", backList.join(","));
    return href("/app/tickets", params);
  };
  const filtered = Boolean(
    filters.q ||
      filters.statuses.length ||
      filters.priorities.length ||
      filters.assignee ||
      filters.tag ||
      filters.channel ||
      filters.order,
  );

  return (
    <Page title="Tickets" fullWidth primaryAction={{ content: "New ticket", url: href("/app/tickets/new") }}>
      <TitleBar title="Tickets" />
      <BlockStack gap="400">
        <Card padding="0">
          <Tabs
            tabs={VIEWS.map((view) => ({
              id: `view-${view}`,
              content: `${VIEW_LABELS[view]} (${counts[view].toLocaleString("en")})`,
              accessibilityLabel: `${VIEW_LABELS[view]}: ${counts[view]} tickets`,
              url: viewHref(view),
            }))}
            selected={VIEWS.indexOf(filters.view)}
            onSelect={(index) => navigate(viewHref(VIEWS[index]))}
          />
          <Box padding="300">
            <FilterForm
              key={search}
              filters={filters}
              agents={agents}
              loading={loading}
              filtered={filtered}
              clearUrl={viewHref(filters.view)}
            />
          </Box>
          {"error" in page ? (
            <Box padding="400">
              <Banner tone="warning" title="This page of tickets can't be shown">
                <p>{page.error}</p>
                <Link url={pageHref(null, [])}>Go to the first page</Link>
              </Banner>
            </Box>
          ) : rows.length === 0 ? (
            <EmptyInbox filtered={filtered} view={filters.view} clearUrl={viewHref(filters.view)} />
          ) : (
            <IndexTable
              resourceName={{ singular: "ticket", plural: "tickets" }}
              itemCount={rows.length}
              loading={loading}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              promotedBulkActions={(Object.keys(BULK_TITLES) as BulkAction[]).map((action) => ({
                content: BULK_TITLES[action],
                onAction: () => setBulk(action),
              }))}
              headings={[
                { title: "Ticket" },
                { title: "Subject" },
                { title: "Customer" },
                { title: "Order" },
                { title: "Status" },
                { title: "Priority" },
                { title: "Assignee" },
                { title: "Tags" },
                { title: "Updated" },
              ]}
              pagination={{
                hasPrevious: back.length > 0 || filters.cursor !== null,
                onPrevious: () => {
                  const previous = back.at(-1) ?? "";
                  navigate(pageHref(previous || null, back.slice(0, -1)));
                },
                hasNext: "nextCursor" in page && page.nextCursor !== null,
                onNext: () => {
                  if ("nextCursor" in page && page.nextCursor)
                    navigate(pageHref(page.nextCursor, [...back, filters.cursor ?? ""].slice(-MAX_BACK)));
                },
              }}
            >
              {rows.map((t, index) => (
                <IndexTable.Row
                  id={t.id}
                  key={t.id}
                  position={index}
                  selected={selectedResources.includes(t.id)}
                >
                  <IndexTable.Cell>
                    <Link url={href(`/app/tickets/${t.number}`)} removeUnderline dataPrimaryLink>
                      <Text as="span" fontWeight="semibold">{`#${t.number}`}</Text>
                    </Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <div style={{ maxWidth: 360, overflow: "hidden", textOverflow: "ellipsis" }}>
                      {t.subject}
                    </div>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{t.customerName ?? "—"}</IndexTable.Cell>
                  <IndexTable.Cell>{t.orderNames.join(", ") || "—"}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={STATUS_TONE[t.status as keyof typeof STATUS_TONE]}>{label(t.status)}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={PRIORITY_TONE[t.priority as keyof typeof PRIORITY_TONE]}>
                      {label(t.priority)}
                    </Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{t.assigneeName ?? "Unassigned"}</IndexTable.Cell>
                  <IndexTable.Cell>{t.tags.join(", ")}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <time dateTime={t.updatedAt}>{formatWhen(t.updatedAt)}</time>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
        <Text as="p" tone="subdued" alignment="center">
          <Link url={withFilters({})}>Link to this view</Link> — filters live in the address, so it can be
          bookmarked or shared.
        </Text>
      </BlockStack>
      {bulk ? (
        <BulkModal
          kind={bulk}
          ticketIds={selectedResources}
          agents={agents}
          onClose={(done) => {
            setBulk(null);
            if (done) clearSelection();
          }}
        />
      ) : null}
    </Page>
  );
}

type Filters = ReturnType<typeof useLoaderData<typeof loader>>["filters"];

/** The search and filter bar: a GET form, so applying it puts the filters in the URL. */
function FilterForm({
  filters,
  agents,
  loading,
  filtered,
  clearUrl,
}: {
  filters: Filters;
  agents: { staffId: string; name: string }[];
  loading: boolean;
  filtered: boolean;
  clearUrl: string;
}) {
  const { search } = useLocation();
  const [values, setValues] = useState({
    q: filters.q ?? "",
    status: filters.statuses[0] ?? "",
    priority: filters.priorities[0] ?? "",
    assignee: filters.assignee ?? "",
    channel: filters.channel ?? "",
    tag: filters.tag ?? "",
    order: filters.order ?? "",
    sort: filters.sort as string,
    direction: filters.direction as string,
  });
  const field = (name: keyof typeof values) => ({
    name,
    value: values[name],
    onChange: (value: string) => setValues((current) => ({ ...current, [name]: value })),
  });
  return (
    <Form method="get" action="/app/tickets" aria-label="Search and filter tickets">
      {embeddedFormParams(search).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="view" value={filters.view} />
      <InlineStack gap="200" blockAlign="end" wrap>
        <div style={{ flex: "2 1 240px" }}>
          <TextField
            label="Search"
            autoComplete="off"
            placeholder="Subject, message, customer, email or order"
            {...field("q")}
          />
        </div>
        <FilterSelect label="Status" options={STATUSES} {...field("status")} />
        <FilterSelect label="Priority" options={PRIORITIES} {...field("priority")} />
        <div style={{ minWidth: 160 }}>
          <Select
            label="Assignee"
            options={[
              { label: "Anyone", value: "" },
              { label: "Unassigned", value: "none" },
              ...agents.map((a) => ({ label: a.name, value: a.staffId })),
            ]}
            {...field("assignee")}
          />
        </div>
        <FilterSelect label="Channel" options={CHANNELS} {...field("channel")} />
        <div style={{ width: 120 }}>
          <TextField label="Tag" autoComplete="off" {...field("tag")} />
        </div>
        <div style={{ width: 110 }}>
          <TextField label="Order" autoComplete="off" placeholder="#1001" {...field("order")} />
        </div>
        <div style={{ minWidth: 150 }}>
          <Select
            label="Sort by"
            options={SORTS.map((s) => ({ label: s === "updated" ? "Last updated" : label(s), value: s }))}
            {...field("sort")}
          />
        </div>
        <div style={{ minWidth: 130 }}>
          <Select
            label="Direction"
            options={[
              { label: "Newest / highest first", value: "desc" },
              { label: "Oldest / lowest first", value: "asc" },
            ]}
            {...field("direction")}
          />
        </div>
        <Button submit variant="primary" loading={loading}>
          Apply
        </Button>
        {filtered ? <Button url={clearUrl}>Clear</Button> : null}
      </InlineStack>
    </Form>
  );
}

function FilterSelect({
  label: text,
  name,
  value,
  onChange,
  options,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly string[];
}) {
  return (
    <div style={{ minWidth: 120 }}>
      <Select
        label={text}
        name={name}
        value={value}
        onChange={onChange}
        options={[{ label: "Any", value: "" }, ...options.map((o) => ({ label: label(o), value: o }))]}
      />
    </div>
  );
}

function EmptyInbox({ filtered, view, clearUrl }: { filtered: boolean; view: string; clearUrl: string }) {
  return (
    <EmptyState
      heading={filtered ? "No tickets match these filters" : `No ${view === "all" ? "" : `${view} `}tickets`}
      image=""
      action={filtered ? { content: "Clear filters", url: clearUrl } : undefined}
    >
      <p>
        {filtered
          ? "Try fewer filters or other words: search matches the start of words in subjects, messages, customer names and emails, and order names."
          : "Tickets open on their own when an order is cancelled, refunded or runs into a delivery problem, following your ticket rules."}
      </p>
    </EmptyState>
  );
}

function BulkModal({
  kind,
  ticketIds,
  agents,
  onClose,
}: {
  kind: BulkAction;
  ticketIds: string[];
  agents: { staffId: string; name: string }[];
  onClose: (done: boolean) => void;
}) {
  const fetcher = useFetcher<typeof action>();
  const [value, setValue] = useState(kind === "status" ? "resolved" : "");
  const result = fetcher.data;
  const count = ticketIds.length;
  const shopify = useAppBridge();
  useEffect(() => {
    if (!result?.ok || fetcher.state !== "idle") return;
    const changed = "changed" in result ? result.changed : 0;
    shopify.toast.show(changed === 1 ? "1 ticket updated" : `${changed} tickets updated`);
    onClose(true);
  }, [result, fetcher.state, onClose, shopify]);
  const submit = () => {
    const form = new FormData();
    for (const id of ticketIds) form.append("ticketId", id);
    form.set("action", kind);
    form.set("value", value);
    fetcher.submit(form, { method: "post" });
  };
  return (
    <Modal
      open
      onClose={() => onClose(false)}
      title={`${BULK_TITLES[kind]}: ${count} ticket${count === 1 ? "" : "s"}`}
      primaryAction={{ content: "Apply", onAction: submit, loading: fetcher.state !== "idle" }}
      secondaryActions={[{ content: "Cancel", onAction: () => onClose(false) }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          {result && !result.ok ? <Banner tone="critical">{result.error}</Banner> : null}
          {kind === "status" ? (
            <Select
              label="New status"
              value={value}
              onChange={setValue}
              options={STATUSES.map((s) => ({ label: label(s), value: s }))}
            />
          ) : kind === "assign" ? (
            <Select
              label="Assign to"
              value={value}
              onChange={setValue}
              options={[
                { label: "Choose an agent", value: "" },
                { label: "Unassigned", value: "none" },
                ...agents.map((a) => ({ label: a.name, value: a.staffId })),
              ]}
            />
          ) : (
            <TextField label="Tag" value={value} onChange={setValue} autoComplete="off" maxLength={40} />
          )}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
}

export function ErrorBoundary() {
  return (
    <RouteError
      error={useRouteError()}
      title="Tickets"
      notFound="This page doesn't exist."
      backUrl="/app/tickets"
    />
  );
}
