import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/server";
import { callRoute, embeddedRequest, type RouteHandler } from "../../tests/support/embedded-requests";
import { installShop } from "../../tests/support/installed-shop";
import { startSimulatedShopify } from "../../tests/support/simulated-shopify";

const suffix = crypto.randomUUID().slice(0, 6);
const SHOP = `macro-settings-${suffix}.myshopify.com`;
const OTHER = `macro-settings-other-${suffix}.myshopify.com`;

let simulator: Simulator;
let prisma: typeof import("~/db.server").default;
let list: { loader: RouteHandler; action: RouteHandler };
let edit: { loader: RouteHandler; action: RouteHandler };

beforeAll(async () => {
  simulator = await startSimulatedShopify({
    appUrl: "http://127.0.0.1:9",
    shops: [
      { domain: SHOP, orders: 1, customers: 1, installed: true },
      { domain: OTHER, orders: 1, customers: 1, installed: true },
    ],
  });
  prisma = (await import("~/db.server")).default;
  list = (await import("./app.settings.macros._index")) as unknown as typeof list;
  edit = (await import("./app.settings.macros.$id")) as unknown as typeof edit;
  await installShop(simulator, SHOP);
  await installShop(simulator, OTHER);
});

afterAll(async () => {
  const { stopSender } = await import("~/jobs/queues.server");
  await stopSender();
  await simulator?.close();
});

const save = async (id: string, form: Record<string, string>, shop = SHOP) =>
  (await callRoute(
    edit.action,
    await embeddedRequest(simulator, shop, `/app/settings/macros/${id}`, { form }),
    {
      id,
    },
  )) as Response;

describe("macro settings", () => {
  it("lists the shop's macros", async () => {
    const data = (await callRoute(
      list.loader,
      await embeddedRequest(simulator, SHOP, "/app/settings/macros"),
    )) as {
      macros: { name: string }[];
    };
    expect(data.macros.map((m) => m.name)).toContain("Where is my order");
  });

  it("keeps what was typed and names the problem next to the field when a save is refused", async () => {
    const refused = await save("new", { name: "", body: "Hi {{customer.shoe_size}}" });
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(body.values).toEqual({ name: "", body: "Hi {{customer.shoe_size}}" });
    expect(body.errors.name).toBe("Give the macro a name");
    expect(body.errors.body).toContain("{{customer.shoe_size}}");
  });

  it("creates and edits a macro, then returns to the list", async () => {
    const created = await save("new", { name: "Shipping delay", body: "Hi {{customer.first_name}}, sorry!" });
    expect(created.status).toBe(302);
    const macro = await prisma.macro.findFirstOrThrow({
      where: { shopDomain: SHOP, name: "Shipping delay" },
    });
    const edited = await save(macro.id, {
      name: "Shipping delay",
      body: "Hi {{customer.first_name}}, so sorry!",
    });
    expect(edited.status).toBe(302);
    expect((await prisma.macro.findUniqueOrThrow({ where: { id: macro.id } })).body).toContain("so sorry");
  });

  it("answers another shop's macro like one that doesn't exist, for viewing, saving and deleting", async () => {
    const theirs = await prisma.macro.findFirstOrThrow({ where: { shopDomain: OTHER } });
    const viewed = await callRoute(
      edit.loader,
      await embeddedRequest(simulator, SHOP, `/app/settings/macros/${theirs.id}`),
      { id: theirs.id },
    );
    expect((viewed as Response).status).toBe(404);
    expect((await save(theirs.id, { name: "Mine now", body: "x" })).status).toBe(404);
    const deleted = await callRoute(
      list.action,
      await embeddedRequest(simulator, SHOP, "/app/settings/macros", {
        form: { intent: "delete", id: theirs.id },
      }),
    );
    expect((deleted as Response).status).toBe(404);
    expect(await prisma.macro.findUnique({ where: { id: theirs.id } })).not.toBeNull();
  });
});
