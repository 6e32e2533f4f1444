import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    /** SHA-256 of the secret: keys are high-entropy, so a fast hash is enough and keeps auth cheap. */
    keyHash: text('key_hash').notNull().unique(),
    /** First characters of the secret, so an operator can tell keys apart without seeing them. */
    keyPrefix: text('key_prefix').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [check('api_keys_role_valid', sql`${t.role} in ('admin','staff','integration','analyst')`)],
);

/** Secrets the server generates for itself on first use (link-token keys), when config gives none. */
export const appSecrets = pgTable('app_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
