import nodemailer, { type Transporter } from "nodemailer";
import { config } from "~/config.server";
import { customerName } from "~/customers/customers.server";
import prisma from "~/db.server";
import { senderFor } from "./mail-settings.server";

/**
 * Emails an agent's reply to the ticket's customer, from the shop's sender,
 * threaded under the ticket's earlier emails (Message-ID, In-Reply-To,
 * References). Runs from the job queue: a failure that may pass (the mail
 * server is down, a 4xx) is retried with backoff; one that will not (no
 * recipient, no sender, a 5xx refusal) stops at once. Either way the reason
 * shows on the message.
 */
export class PermanentDeliveryError extends Error {}

let transport: Transporter | undefined;

function smtpTransport(): Transporter {
  const url = config().SMTP_URL;
  if (!url)
    throw new PermanentDeliveryError(
      "Email sending is not set up for Counterdesk (SMTP_URL), so the reply was not sent.",
    );
  transport ??= nodemailer.createTransport(url);
  return transport;
}

export type DeliveryOutcome = "sent" | "already-sent" | "failed" | "missing";

export async function sendReplyEmail(
  messageId: string,
  options: { finalAttempt: boolean },
): Promise<DeliveryOutcome> {
  const message = await prisma.message.findUnique({
    where: { id: messageId },
    include: { ticket: { include: { customer: true } } },
  });
  if (!message || message.kind !== "agent_reply") return "missing";
  if (message.deliveryStatus === "sent") return "already-sent";
  const { ticket } = message;
  try {
    const to = ticket.customer?.redactedAt ? null : ticket.customer?.email;
    if (!to) throw new PermanentDeliveryError("The ticket's customer has no email address.");
    const sender = await senderFor(message.shopDomain);
    if (!sender) throw new PermanentDeliveryError("No sender address is set. Add one in Settings › Email.");

    const earlier = await prisma.message.findMany({
      where: { ticketId: ticket.id, emailMessageId: { not: null }, NOT: { id: message.id } },
      orderBy: { createdAt: "asc" },
      select: { emailMessageId: true },
    });
    const references = earlier.map((m) => m.emailMessageId as string).slice(-20);
    const domain = sender.fromEmail.split("@")[1];
    const headerId = `<${message.id}.ticket-${ticket.number}@${domain}>`;
    const info = await smtpTransport().sendMail({
      from: { name: sender.fromName, address: sender.fromEmail },
      replyTo: sender.replyTo ?? undefined,
      to: { name: ticket.customer ? customerName(ticket.customer) : "", address: to },
      subject: `${references.length > 0 ? "Re: " : ""}${ticket.subject} [#${ticket.number}]`,
      text: message.body,
      messageId: headerId,
      inReplyTo: references.at(-1),
      references,
    });
    if ((info.rejected ?? []).length > 0) throw new PermanentDeliveryError(`The mail server refused ${to}.`);
    await prisma.message.update({
      where: { id: message.id },
      data: {
        deliveryStatus: "sent",
        deliveryError: null,
        sentAt: new Date(),
        emailMessageId: headerId,
        deliveryAttempts: { increment: 1 },
      },
    });
    return "sent";
  } catch (error) {
    const permanent = error instanceof PermanentDeliveryError || smtpStatus(error) >= 500;
    const reason = error instanceof Error ? error.message : String(error);
    await prisma.message.update({
      where: { id: message.id },
      data: {
        deliveryStatus: permanent || options.finalAttempt ? "failed" : "queued",
        deliveryError: reason.slice(0, 500),
        deliveryAttempts: { increment: 1 },
      },
    });
    if (permanent) return "failed";
    throw error;
  }
}

function smtpStatus(error: unknown): number {
  const code = (error as { responseCode?: unknown })?.responseCode;
  return typeof code === "number" ? code : 0;
}

/** Closes the SMTP connection pool (tests and shutdown). */
export function closeMailTransport(): void {
  transport?.close();
  transport = undefined;
}
