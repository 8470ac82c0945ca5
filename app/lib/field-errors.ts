import type { z } from "zod";

/** The first zod issue of each form field, as a message to show next to that field. */
export function fieldErrors<K extends string>(issues: z.core.$ZodIssue[]): Partial<Record<K, string>> {
  const errors: Partial<Record<K, string>> = {};
  for (const issue of issues) errors[String(issue.path[0]) as K] ??= issue.message;
  return errors;
}
