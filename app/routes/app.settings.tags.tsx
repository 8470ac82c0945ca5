import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { Button, Card, EmptyState, IndexTable, InlineStack, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { recordAgent } from "~/agents/agents.server";
import { useEmbeddedHref } from "~/components/embedded-links";
import { authenticate } from "~/shopify.server";
import { listTags, renameTag, tagName } from "~/tickets/tags.server";

export const meta: MetaFunction = () => [{ title: "Tags · Counterdesk" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { tags: await listTags(session.shop) };
};

const tagAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rename"), tag: z.string().min(1).max(40), to: tagName }),
  z.object({ intent: z.literal("remove"), tag: z.string().min(1).max(40) }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const actor = await recordAgent(session.shop, session);
  if (!actor)
    return json(
      { tag: null, error: "Only a signed-in staff member can change tags.", changed: 0 },
      { status: 403 },
    );
  const parsed = tagAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return json(
      { tag: null, error: issue?.path[0] === "to" ? issue.message : "Unknown action", changed: 0 },
      { status: 400 },
    );
  }
  const { tag } = parsed.data;
  const changed = await renameTag(
    session.shop,
    tag,
    parsed.data.intent === "rename" ? parsed.data.to : null,
    actor,
  );
  return json({ tag, error: null, changed });
};

export default function Tags() {
  const { tags } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const href = useEmbeddedHref();
  const shopify = useAppBridge();
  useEffect(() => {
    if (result && !result.error)
      shopify.toast.show(`${result.changed} ticket${result.changed === 1 ? "" : "s"} updated`);
  }, [result, shopify]);
  return (
    <Page title="Tags" subtitle="Tags used on your tickets. Rename one to merge it into another.">
      <TitleBar title="Tags" />
      <Card padding="0">
        {tags.length === 0 ? (
          <EmptyState heading="No tags yet" image="">
            <p>Tags come from your ticket rules and from agents tagging tickets.</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "tag", plural: "tags" }}
            itemCount={tags.length}
            selectable={false}
            headings={[
              { title: "Tag" },
              { title: "Open tickets" },
              { title: "All tickets" },
              { title: "Rename or remove" },
            ]}
          >
            {tags.map((t, index) => (
              <IndexTable.Row id={t.tag} key={t.tag} position={index}>
                <IndexTable.Cell>
                  <Button
                    variant="plain"
                    url={href("/app/tickets", new URLSearchParams({ view: "all", tag: t.tag }))}
                  >
                    {t.tag}
                  </Button>
                </IndexTable.Cell>
                <IndexTable.Cell>{t.open}</IndexTable.Cell>
                <IndexTable.Cell>{t.total}</IndexTable.Cell>
                <IndexTable.Cell>
                  <TagActions
                    tag={t.tag}
                    error={result?.tag === null || result?.tag === t.tag ? (result?.error ?? null) : null}
                  />
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
      <div style={{ marginTop: "var(--p-space-300)" }}>
        <Text as="p" tone="subdued">
          Renaming a tag to one that exists merges them. Every ticket changed records who changed it.
        </Text>
      </div>
    </Page>
  );
}

function TagActions({ tag, error }: { tag: string; error: string | null }) {
  const [to, setTo] = useState(tag);
  const busy = useNavigation().formData?.get("tag") === tag;
  return (
    <InlineStack gap="200" blockAlign="start" wrap={false}>
      <Form method="post">
        <input type="hidden" name="intent" value="rename" />
        <input type="hidden" name="tag" value={tag} />
        <InlineStack gap="200" blockAlign="start" wrap={false}>
          <TextField
            label={`New name for ${tag}`}
            labelHidden
            name="to"
            value={to}
            onChange={setTo}
            autoComplete="off"
            maxLength={40}
            error={error ?? undefined}
          />
          <Button submit disabled={to.trim() === tag || busy}>
            Rename
          </Button>
        </InlineStack>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="tag" value={tag} />
        <Button submit tone="critical" variant="plain" accessibilityLabel={`Remove ${tag} from every ticket`}>
          Remove
        </Button>
      </Form>
    </InlineStack>
  );
}
