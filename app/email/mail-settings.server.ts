import { z } from "zod";
import prisma from "~/db.server";
import { fieldErrors } from "~/lib/field-errors";

/**
 * Who replies come from. A shop that has not set a sender uses its store
 * name and contact email from Shopify.
 */
export interface Sender {
  fromName: string;
  fromEmail: string;
  replyTo: string | null;
}

export async function senderFor(shop: string): Promise<Sender | null> {
  const [settings, record] = await Promise.all([
    prisma.mailSettings.findUnique({ where: { shopDomain: shop } }),
    prisma.shop.findUnique({ where: { domain: shop }, select: { name: true, email: true } }),
  ]);
  if (settings)
    return { fromName: settings.fromName, fromEmail: settings.fromEmail, replyTo: settings.replyTo };
  if (!record?.email) return null;
  return { fromName: record.name ?? shop, fromEmail: record.email, replyTo: null };
}

const email = (what: string) =>
  z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ error: `Enter a valid ${what}` }));

const mailSettingsForm = z.object({
  fromName: z.string().trim().min(1, "Enter the name customers see").max(80, "At most 80 characters"),
  fromEmail: email("email address"),
  replyTo: z
    .string()
    .trim()
    .transform((v) => v || null)
    .pipe(email("reply-to address").nullable()),
});

export type MailSettingsValues = { fromName: string; fromEmail: string; replyTo: string };
export type MailSettingsErrors = Partial<Record<keyof MailSettingsValues, string>>;

export function parseMailSettingsForm(form: FormData) {
  const values: MailSettingsValues = {
    fromName: String(form.get("fromName") ?? ""),
    fromEmail: String(form.get("fromEmail") ?? ""),
    replyTo: String(form.get("replyTo") ?? ""),
  };
  const parsed = mailSettingsForm.safeParse(values);
  if (parsed.success) return { ok: true as const, settings: parsed.data };
  return { ok: false as const, errors: fieldErrors<keyof MailSettingsValues>(parsed.error.issues), values };
}

export async function saveMailSettings(
  shop: string,
  settings: { fromName: string; fromEmail: string; replyTo: string | null },
) {
  await prisma.mailSettings.upsert({
    where: { shopDomain: shop },
    create: { shopDomain: shop, ...settings },
    update: settings,
  });
}
