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
};
