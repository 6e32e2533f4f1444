import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { plainMessage } from './validation-messages.js';

/** The issues zod gives for `input`, shaped as fastify-type-provider-zod passes them on. */
function issues(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a refusal');
  return result.error.issues.map(({ code, message, path: _path, ...params }) => ({ keyword: code, message, params }));
}

const plain = (schema: z.ZodType, input: unknown) => issues(schema, input).map(plainMessage);

describe('plainMessage', () => {
  it.each([
    ['a number under its minimum', z.number().int().min(30), 10, 'must be at least 30'],
    ['a number over its maximum', z.number().max(100), 101, 'must be at most 100'],
    ['a positive number', z.number().positive(), 0, 'must be more than 0'],
    ['a number under an exclusive maximum', z.number().lt(5), 5, 'must be less than 5'],
    ['an empty string', z.string().min(1), '', 'must not be empty'],
    ['a short string', z.string().min(3), 'no', 'must be at least 3 characters'],
    ['a long string', z.string().max(2), 'abc', 'must be at most 2 characters'],
    ['an empty list', z.array(z.string()).min(1), [], 'must not be empty'],
    ['a long list', z.array(z.string()).max(1), ['a', 'b'], 'must have at most 1 item'],
    ['a missing value', z.object({ name: z.string() }), {}, 'is required'],
    ['text for a number', z.number(), 'ten', 'must be a number'],
    ['a fraction for a whole number', z.number().int(), 1.5, 'must be a whole number'],
    ['a number for text', z.string(), 5, 'must be text'],
    ['an unknown option', z.enum(['spend', 'points']), 'visits', 'must be one of spend, points'],
    ['another literal', z.literal('rolling'), 'fixed', 'must be rolling'],
    ['a step off', z.number().multipleOf(0.01), 1.005, 'must be a multiple of 0.01'],
    ['an unknown key', z.object({ a: z.number() }).strict(), { a: 1, b: 2 }, 'unknown field b'],
    ['an email', z.email(), 'grace', 'must be an email address'],
    ['a pattern', z.string().regex(/^[a-z]+$/), 'A1', 'is not in the expected form'],
    ['a timestamp', z.iso.datetime(), 'yesterday', 'must be a date and time such as 2026-07-01T10:00:00Z'],
  ] as const)('words %s plainly', (_, schema, input, expected) => {
    expect(plain(schema, input)).toEqual([expected]);
  });

  it('keeps the messages a schema words itself', () => {
    expect(plain(z.string().min(1, 'give the reason'), '')).toEqual(['give the reason']);
    expect(plain(z.string().refine((v) => v.startsWith('http'), 'must be an http or https URL'), 'ftp://x')).toEqual(['must be an http or https URL']);
    expect(plain(z.object({ a: z.number() }).refine(() => false, { message: 'Invalid on purpose', path: ['a'] }), { a: 1 })).toEqual(['Invalid on purpose']);
  });

  it('names the choices of a discriminated union', () => {
    const window = z.discriminatedUnion('type', [z.object({ type: z.literal('rolling') }), z.object({ type: z.literal('calendar_year') })]);
    expect(plain(window, { type: 'weekly' })).toEqual(['must be one of rolling, calendar_year']);
  });
});
