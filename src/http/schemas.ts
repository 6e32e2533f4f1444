// Zod building blocks shared by every module's contract: one source for validation, types and OpenAPI.
import { z } from 'zod';
import { idPattern, type IdPrefix } from '../db/ids.js';

export const idOf = (prefix: IdPrefix) =>
  z.string().regex(idPattern(prefix), `must be a ${prefix}_ id`).meta({ example: `${prefix}_01jd3x8k2q9v7c4m5n6p7r8s9t` });

/** Integer minor units (cents); bounded so any sum of a few hundred stays exact in a JS number. */
export const minorUnits = z.number().int().min(0).max(100_000_000_000);

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR').meta({ example: 'EUR' });

/** Positive whole points, at most one trillion. */
export const pointsAmount = z.number().int().min(1).max(1_000_000_000_000);

/**
 * Counts and limits the database keeps in a 32-bit integer column (stock, per-member limits).
 * @example storedCount.min(1).nullable()
 */
export const storedCount = z.number().int().max(2_147_483_647);

/**
 * No loyalty event or schedule predates 1900; earlier instants are typos, and near year 0 PostgreSQL
 * (no year 0) and JavaScript (a year 0) disagree, so the statement fails.
 */
const EARLIEST_INSTANT = Date.UTC(1900, 0, 1);
/** Real time zones lie within ±14:00; RFC 3339 allows up to ±23:59, which PostgreSQL refuses past ±15:59. */
const LARGEST_OFFSET_MINUTES = 14 * 60;
const OFFSET = /([+-])(\d\d):(\d\d)$/;

function offsetMinutes(value: string): number {
  const match = OFFSET.exec(value);
  return match ? Number(match[2]) * 60 + Number(match[3]) : 0;
}

export const timestamp = z.iso
  .datetime({ offset: true })
  .refine((value) => offsetMinutes(value) <= LARGEST_OFFSET_MINUTES, 'the UTC offset must be between -14:00 and +14:00')
  .refine((value) => Date.parse(value) >= EARLIEST_INSTANT, 'must be 1900-01-01T00:00:00Z or later')
  .meta({ example: '2026-11-24T10:15:00Z' });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    instance: z.string().optional(),
  })
  .meta({ id: 'Problem' });

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export function page<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), hasMore: z.boolean(), nextCursor: z.string().nullable() });
}

export const memberIdParams = z.object({ id: idOf('mem') });

/** Standard error responses, so every route documents its problem+json answers. */
export const problems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
  429: problemSchema,
};
