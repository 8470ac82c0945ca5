import fs from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A local SMTP server that accepts every email and keeps it, so the demo
 * and the tests send replies through real SMTP and can read what arrived.
 * Nothing leaves the machine.
 */
export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  text: string;
  raw: string;
}

export interface MailCatcher {
  url: string;
  messages(): CaughtMail[];
  /** Refuse the next deliveries with a temporary (4xx) or permanent (5xx) SMTP error. */
  failNext(count: number, code: 451 | 550): void;
  close(): Promise<void>;
}

export async function startMailCatcher(
  options: { port?: number; saveTo?: string } = {},
): Promise<MailCatcher> {
  const caught: CaughtMail[] = [];
  let failures: { remaining: number; code: number } = { remaining: 0, code: 451 };
  if (options.saveTo) fs.mkdirSync(options.saveTo, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        if (failures.remaining > 0) {
          failures.remaining -= 1;
          const error = Object.assign(
            new Error(failures.code >= 500 ? "Mailbox unavailable" : "Try again later"),
            {
              responseCode: failures.code,
            },
          );
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const mail = await simpleParser(raw);
        const addresses = (value: typeof mail.to) =>
          (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) =>
            a.value.map((v) => v.address ?? ""),
          );
        const references = mail.references ?? [];
        caught.push({
          from: mail.from?.value[0]?.address ?? "",
          to: addresses(mail.to),
          subject: mail.subject ?? "",
          messageId: mail.messageId ?? null,
          inReplyTo: mail.inReplyTo ?? null,
          references: Array.isArray(references) ? references : [references],
          text: mail.text ?? "",
          raw,
        });
        if (options.saveTo)
          fs.writeFileSync(path.join(options.saveTo, `${Date.now()}-${caught.length}.eml`), raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages: () => [...caught],
    failNext(count, code) {
      failures = { remaining: count, code };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
