import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  BlockStack,
  Button,
  Card,
  EmptyState,
  InlineStack,
  Page,
  ResourceItem,
  ResourceList,
  Text,
} from "@shopify/polaris";
import { z } from "zod";
import { useEmbeddedHref } from "~/components/embedded-links";
import { deleteMacro, ensureDefaultMacros, listMacros } from "~/macros/macros.server";
import { authenticate } from "~/shopify.server";

export const meta: MetaFunction = () => [{ title: "Macros · Counterdesk" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const macros = await listMacros(session.shop);
  return { macros: macros.map((m) => ({ id: m.id, name: m.name, preview: m.body.slice(0, 140) })) };
};

const listAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("delete"), id: z.string().min(1) }),
  z.object({ intent: z.literal("restore-defaults") }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = listAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: "Unknown action" }, { status: 400 });
  if (parsed.data.intent === "restore-defaults") {
    await ensureDefaultMacros(session.shop);
    return json({ error: null });
  }
  // Another shop's macro id is answered like one that never existed.
  if (!(await deleteMacro(session.shop, parsed.data.id)))
    throw new Response("Macro not found", { status: 404 });
  return json({ error: null });
};

export default function Macros() {
  const { macros } = useLoaderData<typeof loader>();
  const href = useEmbeddedHref();
  return (
    <Page
      title="Macros"
      subtitle="Saved replies agents insert from the ticket page, filled in with the ticket's customer and order."
      primaryAction={{ content: "Add macro", url: href("/app/settings/macros/new") }}
    >
      <TitleBar title="Macros" />
      <Card padding="0">
        {macros.length === 0 ? (
          <EmptyState
            heading="No macros yet"
            image=""
            action={{ content: "Add macro", url: href("/app/settings/macros/new") }}
          >
            <p>Write the answers you give most often once, with variables like {"{{order.tracking_url}}"}.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="restore-defaults" />
              <Button submit variant="plain">
                Add the three starter macros
              </Button>
            </Form>
          </EmptyState>
        ) : (
          <ResourceList
            resourceName={{ singular: "macro", plural: "macros" }}
            items={macros}
            renderItem={(macro) => (
              <ResourceItem
                id={macro.id}
                url={href(`/app/settings/macros/${macro.id}`)}
                accessibilityLabel={`Edit ${macro.name}`}
              >
                <InlineStack align="space-between" blockAlign="start" wrap={false} gap="400">
                  <BlockStack gap="100">
                    <Text as="h3" fontWeight="semibold">
                      {macro.name}
                    </Text>
                    <Text as="p" tone="subdued" truncate>
                      {macro.preview}
                    </Text>
                  </BlockStack>
                  <Form method="post" onClick={(e) => e.stopPropagation()}>
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="id" value={macro.id} />
                    <Button
                      submit
                      tone="critical"
                      variant="plain"
                      accessibilityLabel={`Delete ${macro.name}`}
                    >
                      Delete
                    </Button>
                  </Form>
                </InlineStack>
              </ResourceItem>
            )}
          />
        )}
      </Card>
    </Page>
  );
}
