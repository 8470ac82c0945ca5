import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MailCatcher, startMailCatcher } from "../../scripts/lib/mail-catcher";
import { uniqueShop } from "../../tests/support/shopify-requests";

/**
 * Agent replies by email over real SMTP, to a local catcher: sender,
 * threading headers, and what happens when delivery fails for a while or
 * for good.
 */
const SHOP = uniqueShop("email");
const AGENT = { type: "staff" as const, id: "1001", name: "Dana Owner" };

let catcher: MailCatcher;
let prisma: typeof import("~/db.server").default;
let email: typeof import("./outbound.server");
let messages: typeof import("~/tickets/ticket-messages.server");
let settings: typeof import("./mail-settings.server");
let ticketId: string;

beforeAll(async () => {
  catcher = await startMailCatcher();
  // Before any app module reads its configuration.
  process.env.SMTP_URL = catcher.url;
  prisma = (await import("~/db.server")).default;
  email = await import("./outbound.server");
  messages = await import("~/tickets/ticket-messages.server");
  settings = await import("./mail-settings.server");
  await prisma.shop.create({ data: { domain: SHOP, name: "Demo Store", email: "hello@demo-store.example" } });
  const customer = await prisma.customer.create({
    data: {
      shopDomain: SHOP,
      shopifyId: "gid://shopify/Customer/1",
      firstName: "Jane",
      lastName: "Doe",
      email: "jane@example.com",
    },
  });
  const ticket = await prisma.ticket.create({
    data: {
      shopDomain: SHOP,
      number: 12,
      subject: "Where is my parcel?",
      channel: "email",
      tags: [],
      customerId: customer.id,
    },
  });
  ticketId = ticket.id;
});

afterAll(async () => {
  email?.closeMailTransport();
  await catcher?.close();
  const { stopSender } = await import("~/jobs/queues.server");
  await stopSender();
});

async function reply(body: string) {
  const created = await messages.addAgentMessage(SHOP, ticketId, AGENT, { kind: "agent_reply", body });
  if (!created) throw new Error("no message");
  return created;
}

const stored = (id: string) => prisma.message.findUniqueOrThrow({ where: { id } });

describe("emailing agent replies", () => {
  it("queues a reply's email with the reply, and sends it from the shop to the customer", async () => {
    const first = await reply("We are on it.");
    expect(first.deliveryStatus).toBe("queued");
    const { jobSender, QUEUES } = await import("~/jobs/queues.server");
    const jobs = await (await jobSender()).findJobs(QUEUES.sendReplyEmail, { data: { messageId: first.id } });
    expect(jobs).toHaveLength(1);

    expect(await email.sendReplyEmail(first.id, { finalAttempt: false })).toBe("sent");
    const [mail] = catcher.messages();
    expect(mail).toMatchObject({
      from: "hello@demo-store.example",
      to: ["jane@example.com"],
      subject: "Where is my parcel? [#12]",
      text: expect.stringContaining("We are on it."),
    });
    const row = await stored(first.id);
    expect(row).toMatchObject({ deliveryStatus: "sent", deliveryError: null, deliveryAttempts: 1 });
    expect(row.emailMessageId).toBe(mail.messageId);
    expect(row.emailMessageId).toMatch(/^<.+\.ticket-12@demo-store\.example>$/);
    // A second run of the same job sends nothing.
    expect(await email.sendReplyEmail(first.id, { finalAttempt: false })).toBe("already-sent");
    expect(catcher.messages()).toHaveLength(1);
  });

  it("threads a later reply under the earlier ones", async () => {
    const second = await reply("It left the warehouse today.");
    await email.sendReplyEmail(second.id, { finalAttempt: false });
    const [first, next] = catcher.messages();
    expect(next.subject).toBe("Re: Where is my parcel? [#12]");
    expect(next.inReplyTo).toBe(first.messageId);
    expect(next.references).toEqual([first.messageId]);
  });

  it("uses the sender set in the shop's email settings, after validating them", async () => {
    const bad = new FormData();
    bad.set("fromName", "");
    bad.set("fromEmail", "not-an-address");
    bad.set("replyTo", "also bad");
    const refused = settings.parseMailSettingsForm(bad);
    expect(refused).toMatchObject({
      ok: false,
      errors: {
        fromName: "Enter the name customers see",
        fromEmail: "Enter a valid email address",
        replyTo: "Enter a valid reply-to address",
      },
    });
    await settings.saveMailSettings(SHOP, {
      fromName: "Demo Support",
      fromEmail: "support@demo.example",
      replyTo: "inbox@demo.example",
    });
    const third = await reply("Anything else?");
    await email.sendReplyEmail(third.id, { finalAttempt: false });
    const mail = catcher.messages().at(-1)!;
    expect(mail.from).toBe("support@demo.example");
    expect(mail.raw).toMatch(/^Reply-To: inbox@demo\.example/m);
  });

  it("retries a temporary SMTP refusal, showing why meanwhile, then sends", async () => {
    const message = await reply("Retry me.");
    catcher.failNext(1, 451);
    await expect(email.sendReplyEmail(message.id, { finalAttempt: false })).rejects.toThrow();
    expect(await stored(message.id)).toMatchObject({
      deliveryStatus: "queued",
      deliveryError: expect.stringMatching(/451/),
    });
    expect(await email.sendReplyEmail(message.id, { finalAttempt: false })).toBe("sent");
    expect(await stored(message.id)).toMatchObject({
      deliveryStatus: "sent",
      deliveryError: null,
      deliveryAttempts: 2,
    });
  });

  it("stops at a permanent refusal or after the last attempt, and an agent can retry it", async () => {
    const refused = await reply("Permanent.");
    catcher.failNext(1, 550);
    expect(await email.sendReplyEmail(refused.id, { finalAttempt: false })).toBe("failed");
    expect(await stored(refused.id)).toMatchObject({
      deliveryStatus: "failed",
      deliveryError: expect.stringMatching(/550/),
    });

    const exhausted = await reply("Last try.");
    catcher.failNext(1, 451);
    await expect(email.sendReplyEmail(exhausted.id, { finalAttempt: true })).rejects.toThrow();
    expect((await stored(exhausted.id)).deliveryStatus).toBe("failed");

    expect(await messages.retryReplyEmail(SHOP, ticketId, refused.id)).toBe(true);
    expect(await stored(refused.id)).toMatchObject({ deliveryStatus: "queued", deliveryError: null });
    // Only failed replies of this ticket can be retried.
    expect(await messages.retryReplyEmail(SHOP, ticketId, refused.id)).toBe(false);
    expect(await messages.retryReplyEmail("other.myshopify.com", ticketId, exhausted.id)).toBe(false);
    expect(await email.sendReplyEmail(refused.id, { finalAttempt: false })).toBe("sent");
  });

  it("fails for good, with the reason, when the customer has no email address", async () => {
    await prisma.customer.updateMany({ where: { shopDomain: SHOP }, data: { email: null } });
    const message = await reply("Nobody to send to.");
    expect(await email.sendReplyEmail(message.id, { finalAttempt: false })).toBe("failed");
    expect(await stored(message.id)).toMatchObject({
      deliveryStatus: "failed",
      deliveryError: "The ticket's customer has no email address.",
    });
  });

  it("never emails internal notes", async () => {
    const before = catcher.messages().length;
    const note = await messages.addAgentMessage(SHOP, ticketId, AGENT, {
      kind: "internal_note",
      body: "Secret",
    });
    expect(note?.deliveryStatus).toBeNull();
    expect(await email.sendReplyEmail(note!.id, { finalAttempt: false })).toBe("missing");
    expect(catcher.messages()).toHaveLength(before);
  });
});
