import type { ParseArgsConfig } from "node:util";
import { listShops } from "./shops";

export interface Command {
  summary: string;
  options?: ParseArgsConfig["options"];
  run(values: Record<string, unknown>, positionals: string[]): Promise<number>;
}

export const commands: Record<string, Command> = {
  "shops list": {
    summary: "Installed shops, with install state and store details",
    run: (values) => listShops({ json: Boolean(values.json) }),
  },
  "compliance exports": {
    summary: "A shop's customer data exports (--shop <domain>); --id <exportId> prints one",
    options: { shop: { type: "string" }, id: { type: "string" } },
    // Imported here so this entry is self-contained.
    run: async (values) =>
      (await import("./compliance")).showDataExports({
        shop: values.shop as string | undefined,
        id: values.id as string | undefined,
        json: Boolean(values.json),
      }),
  },
};
