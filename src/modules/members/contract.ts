import { z } from 'zod';
import { idOf } from '../../http/schemas.js';

const email = z.email().max(254).meta({ example: 'ada@example.com' });
/** E.164; spaces, dashes, dots and brackets are stripped before the check. */
const phone = z.string().max(32).meta({ example: '+4915112345678', description: 'E.164; separators are ignored.' });
const externalId = z.string().min(1).max(128).meta({ description: "The member's id in the merchant's own systems." });
// PostgreSQL has no year 0; any later year is kept (address books write 1604 for a birthday without one).
const birthday = z.iso
  .date()
  .refine((value) => !value.startsWith('0000'), 'the year must be 0001 or later')
  .meta({ example: '1990-04-17' });
const locale = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 tag such as en or de-AT')
  .meta({ example: 'de-AT' });

/** Free labels for segments; stored trimmed, lower-cased and without duplicates. */
const tagsInput = z
  .array(z.string().trim().toLowerCase().min(1).max(40))
  .max(20)
  .transform((list) => [...new Set(list)])
  .meta({ example: ['vip', 'vegan'] });

/** How many preferences a member keeps: enough for a regular's order, few enough to read at the till. */
export const MAX_PREFERENCES = 20;
const preferenceKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a lower-case key such as milk or shoe_size');
const preferenceValue = z.string().trim().min(1).max(100);
const PREFERENCES_EXAMPLE = { milk: 'oat', size: 'large' };
const preferenceCount = (map: Record<string, unknown>) => Object.keys(map).length <= MAX_PREFERENCES;
const tooMany = `at most ${MAX_PREFERENCES} preferences`;

/** Structured preferences for personal recognition: short values under lower-case keys. */
const preferencesInput = z
  .record(preferenceKey, preferenceValue)
  .refine(preferenceCount, tooMany)
  .meta({ example: PREFERENCES_EXAMPLE, description: `Up to ${MAX_PREFERENCES} entries: lower-case keys, values of 1–100 characters.` });

/** PATCH merges (RFC 7396): a key with a value sets it, a key with null removes it, keys left out stay. */
const preferencesPatch = z
  .record(preferenceKey, preferenceValue.nullable())
  .refine(preferenceCount, tooMany)
  .meta({ example: { milk: 'oat', size: null }, description: 'Merged into the stored preferences: a value sets the key, null removes it, absent keys stay.' });

const memberFields = {
  email: email.nullable(),
  phone: phone.nullable(),
  externalId: externalId.nullable(),
  name: z.string().min(1).max(200).nullable(),
  birthday: birthday.nullable(),
  locale: locale.nullable(),
  marketingConsent: z.boolean(),
  tags: z.array(z.string()).meta({ example: ['vip', 'vegan'] }),
  preferences: z.record(z.string(), z.string()).meta({ example: PREFERENCES_EXAMPLE, description: 'What the member likes, shown to staff at checkout.' }),
};

export const createMemberBody = z
  .object({
    email: email.optional(),
    phone: phone.optional(),
    externalId: externalId.optional(),
    name: memberFields.name.unwrap().optional(),
    birthday: birthday.optional(),
    locale: locale.optional(),
    marketingConsent: z.boolean().default(false),
    tags: tagsInput.optional(),
    preferences: preferencesInput.optional(),
  })
  .strict()
  .refine((m) => m.email !== undefined || m.phone !== undefined || m.externalId !== undefined, {
    message: 'give at least one of email, phone, externalId',
    path: ['email'],
  })
  .meta({ id: 'CreateMember' });

export type CreateMemberInput = z.infer<typeof createMemberBody>;

/** PATCH: absent fields stay as they are; null clears an optional field. */
export const updateMemberBody = z.object({ ...memberFields, tags: tagsInput, preferences: preferencesPatch }).partial().strict().meta({ id: 'UpdateMember' });
export type UpdateMemberInput = z.infer<typeof updateMemberBody>;

export const member = z
  .object({
    id: idOf('mem'),
    ...memberFields,
    status: z.enum(['active', 'erased']),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Member' });

export type Member = z.infer<typeof member>;

export const listMembersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: idOf('mem').optional(),
  email: z.string().max(254).optional(),
  phone: z.string().max(32).optional(),
  externalId: z.string().max(128).optional(),
});

export const createNoteBody = z
  .object({
    body: z.string().trim().min(1).max(2000).meta({ example: 'Prefers oat milk; ask about her marathon.' }),
    author: z.string().min(1).max(200).optional().meta({ description: 'Who wrote it; defaults to the API key name.' }),
  })
  .meta({ id: 'CreateNote' });

export const note = z
  .object({ id: idOf('note'), memberId: idOf('mem'), body: z.string(), author: z.string(), createdAt: z.string() })
  .meta({ id: 'MemberNote' });

export type Note = z.infer<typeof note>;
