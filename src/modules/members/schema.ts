import { sql } from 'drizzle-orm';
import { boolean, check, date, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const members = pgTable(
  'members',
  {
    id: text('id').primaryKey(),
    externalId: text('external_id').unique('members_external_id_unique'),
    /** Stored lower-cased so lookups and uniqueness ignore case. */
    email: text('email').unique('members_email_unique'),
    /** E.164, e.g. +4915112345678. */
    phone: text('phone').unique('members_phone_unique'),
    name: text('name'),
    birthday: date('birthday', { mode: 'string' }),
    locale: text('locale'),
    marketingConsent: boolean('marketing_consent').notNull().default(false),
    /** Free labels staff and integrations set (e.g. vip, vegan), for segments. */
    tags: text('tags').array().notNull().default(sql`'{}'`),
    /** What the member likes, key → value (milk → oat), shown to staff at checkout; personal data. */
    preferences: jsonb('preferences').$type<Record<string, string>>().notNull().default({}),
    consentUpdatedAt: timestamp('consent_updated_at', { withTimezone: true }),
    status: text('status').notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    erasedAt: timestamp('erased_at', { withTimezone: true }),
  },
  (t) => [
    check('members_status_valid', sql`${t.status} in ('active','erased')`),
    // Members over time: those who joined or were erased since a date are a range of these, never the table.
    index('members_created_idx').on(t.createdAt),
    index('members_erased_idx').on(t.erasedAt).where(sql`${t.erasedAt} is not null`),
  ],
);

export const memberNotes = pgTable(
  'member_notes',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    body: text('body').notNull(),
    author: text('author').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('member_notes_member_idx').on(t.memberId, t.id)],
);
