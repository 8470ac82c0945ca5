import { inject } from "vitest";

// Every test process gets the run's database and the test app's credentials
// before any app module reads its configuration.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.COUNTERDESK_EMBEDDED_DATABASE = inject("embeddedDatabase") ? "1" : "0";
process.env.NODE_ENV = "test";
process.env.SHOPIFY_API_KEY ??= "counterdesk-test-key";
process.env.SHOPIFY_API_SECRET ??= "counterdesk-test-secret";
process.env.SHOPIFY_APP_URL ??= "https://counterdesk.test";
