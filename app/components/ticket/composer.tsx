import { Form } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  Checkbox,
  InlineStack,
  List,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";

export interface ComposerMacro {
  id: string;
  name: string;
  /** The macro filled in for this ticket. */
  text: string;
  /** What could not be filled in, in the agent's terms. */
  problems: string[];
}

export interface ComposerResult {
  errors?: { body?: string; kind?: string };
  values?: { kind: string; body: string };
  /** Linked orders that changed since the agent opened the ticket. */
  orderChanges?: { name: string; summary: string }[];
  /** Set once stored: what was sent. */
  sent?: "agent_reply" | "internal_note";
}

/**
 * Writes a reply to the customer or an internal note. The orders' versions
 * the agent saw go along, so the server can stop a reply written from facts
 * that changed meanwhile (an order cancelled or refunded while drafting).
 */
export function Composer({
  seenOrders,
  result,
  sending,
  macros,
  orderName,
}: {
  seenOrders: string;
  result: ComposerResult | undefined;
  sending: boolean;
  macros: ComposerMacro[];
  /** The ticket's (first) order, whose note in Shopify a note can be added to. */
  orderName: string | null;
}) {
  const [addToOrder, setAddToOrder] = useState(false);
  const [macroId, setMacroId] = useState("");
  const macro = macros.find((m) => m.id === macroId);
  const [kind, setKind] = useState(result?.values?.kind ?? "agent_reply");
  const [body, setBody] = useState(result?.values?.body ?? "");
  useEffect(() => {
    if (result?.sent) setBody("");
  }, [result]);
  const confirmed = useRef<HTMLInputElement>(null);
  const note = kind === "internal_note";
  return (
    <Card>
      <Form method="post" aria-label="Write a reply or note">
        <input type="hidden" name="intent" value="message" />
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="seenOrders" value={seenOrders} />
        <input type="hidden" name="confirmed" ref={confirmed} defaultValue="" />
        <input type="hidden" name="addToOrder" value={addToOrder ? "1" : ""} />
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <ButtonGroup variant="segmented">
              <Button pressed={!note} onClick={() => setKind("agent_reply")}>
                Reply
              </Button>
              <Button pressed={note} onClick={() => setKind("internal_note")}>
                Internal note
              </Button>
            </ButtonGroup>
            <Text as="span" tone="subdued" variant="bodySm">
              {note ? "Only your team sees notes" : "The customer receives this by email"}
            </Text>
          </InlineStack>
          {macros.length > 0 ? (
            <BlockStack gap="200">
              <Select
                label="Insert a macro"
                value={macroId}
                onChange={setMacroId}
                options={[
                  { label: "Choose a saved reply", value: "" },
                  ...macros.map((m) => ({ label: m.name, value: m.id })),
                ]}
              />
              {macro ? (
                <Box padding="300" background="bg-surface-secondary" borderRadius="200">
                  <BlockStack gap="200">
                    <Text as="h4" variant="headingXs">
                      Preview
                    </Text>
                    <Text as="p">
                      <span style={{ whiteSpace: "pre-wrap" }}>{macro.text}</span>
                    </Text>
                    {macro.problems.length > 0 ? (
                      <Banner tone="warning" title="Some variables have no value for this ticket">
                        <List>
                          {macro.problems.map((p) => (
                            <List.Item key={p}>{p}</List.Item>
                          ))}
                        </List>
                      </Banner>
                    ) : null}
                    <InlineStack gap="200">
                      <Button
                        onClick={() => {
                          setBody((current) =>
                            current.trim() ? `${current.trimEnd()}\n\n${macro.text}` : macro.text,
                          );
                          setMacroId("");
                        }}
                      >
                        Insert
                      </Button>
                      <Button variant="plain" onClick={() => setMacroId("")}>
                        Cancel
                      </Button>
                    </InlineStack>
                  </BlockStack>
                </Box>
              ) : null}
            </BlockStack>
          ) : null}
          {result?.orderChanges?.length ? (
            <Banner tone="warning" title="The order changed while you were writing">
              <BlockStack gap="200">
                {result.orderChanges.map((c) => (
                  <Text as="p" key={c.name}>{`Order ${c.name}: ${c.summary}`}</Text>
                ))}
                <Text as="p">Check the order panel, which now shows the current data, before sending.</Text>
              </BlockStack>
            </Banner>
          ) : null}
          <TextField
            label={note ? "Internal note" : "Reply"}
            labelHidden
            name="body"
            value={body}
            onChange={setBody}
            multiline={5}
            autoComplete="off"
            maxLength={20000}
            placeholder={note ? "Add a note for your team" : "Write your reply"}
            error={result?.errors?.body}
          />
          {note && orderName ? (
            <Checkbox
              label={`Also add to order ${orderName}'s note in Shopify`}
              helpText="Appended as a dated line naming this ticket; the merchant's own text stays as it is."
              checked={addToOrder}
              onChange={setAddToOrder}
            />
          ) : null}
          <InlineStack align="end" gap="200">
            {result?.orderChanges?.length ? (
              <Button
                submit
                loading={sending}
                onClick={() => {
                  // Set before the form's submit event reads it.
                  if (confirmed.current) confirmed.current.value = "1";
                }}
              >
                {note ? "Add note anyway" : "Send anyway"}
              </Button>
            ) : null}
            <Button submit variant="primary" loading={sending}>
              {note ? "Add note" : "Send reply"}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
