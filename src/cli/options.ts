import { InvalidArgumentError } from 'commander';
import type { z } from 'zod';

/** `2026-01-01` means its midnight UTC; anything else must be a full ISO instant. */
export function isoInstant(value: string, option: string): string {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  if (Number.isNaN(Date.parse(text))) throw new InvalidArgumentError(`${option}: not a date: ${value}`);
  return new Date(text).toISOString();
}

/** Options checked by the same zod schema as the HTTP query, with its messages. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('\n'));
  return parsed.data;
}
