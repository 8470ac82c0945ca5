import { z } from "zod";

/**
 * Every setting Counterdesk reads from the environment, validated once. A bad
 * or missing value stops start-up with a message naming the variable, rather
 * than failing later in a request.
 */
const optionalUrl = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .pipe(z.url({ protocol: /^https?$/ }).optional())
  .optional();

const required = (what: string) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `is required (${what})` : `must be text (${what})`),
    })
    .trim()
    .min(1, `is required (${what})`);

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535, "must be a port number (0-65535)").default(3000),
    SHOPIFY_API_KEY: required("the app's client id"),
    SHOPIFY_API_SECRET: required("the app's client secret"),
    SHOPIFY_APP_URL: z.url({
      protocol: /^https?$/,
      error: (issue) =>
        issue.input === undefined
          ? "is required (the app's public URL)"
          : "must be the app's public http(s) URL",
    }),
    SCOPES: z.string().trim().default("read_customers,read_orders,write_orders"),
    DATABASE_URL: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
      .optional(),
    /**
     * Sends every Admin API and OAuth request for a shop to this origin instead
     * of https://<shop>. Only for the dev-store simulator; refused in production.
     */
    SHOPIFY_ADMIN_API_ORIGIN: optionalUrl,
    /**
     * Loads App Bridge from here instead of Shopify's CDN: the simulator's
     * stand-in, for the offline demo. Refused in production.
     */
    APP_BRIDGE_URL: optionalUrl,
    /**
     * Where agents' replies are sent from: smtp://user:pass@host:587 or
     * smtps://…:465. Unset, replies are kept on the ticket and marked as
     * not sent, with the reason.
     */
    SMTP_URL: z
      .string()
      .trim()
      .transform((v) => v || undefined)
      .pipe(z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional())
      .optional(),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production") return;
    if (!env.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_URL"],
        message: "is required in production; the embedded database is for development only",
      });
    }
    if (env.SHOPIFY_ADMIN_API_ORIGIN) {
      ctx.addIssue({
        code: "custom",
        path: ["SHOPIFY_ADMIN_API_ORIGIN"],
        message: "must not be set in production: it points the app at a simulator instead of Shopify",
      });
    }
    if (env.APP_BRIDGE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["APP_BRIDGE_URL"],
        message: "must not be set in production: Shopify admin loads App Bridge from its CDN",
      });
    }
    if (env.SHOPIFY_APP_URL && !env.SHOPIFY_APP_URL.startsWith("https://")) {
      ctx.addIssue({ code: "custom", path: ["SHOPIFY_APP_URL"], message: "must be https in production" });
    }
  });

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`),
  );
}

/**
 * Just what a database-only process (the operators' CLI) needs: it must not
 * require the Shopify credentials.
 */
export function databaseUrl(): string | undefined {
  const url = process.env.DATABASE_URL?.trim();
  if (url && !/^postgres(ql)?:\/\//.test(url))
    throw new ConfigError(["DATABASE_URL must be a postgresql:// URL"]);
  return url || undefined;
}

let cached: Config | undefined;

/** The validated configuration of this process. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
