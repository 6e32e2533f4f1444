import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { members } from '../members/schema.js';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** A saved member filter (see filter.ts), compiled to SQL on every use so it always reflects today's data. */
export const segments = pgTable('segments', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  filter: jsonb('filter').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});

/** Every conversation staff had with a member; the latest one drives the contact quiet period. */
export const memberContacts = pgTable(
  'member_contacts',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    channel: text('channel').notNull(),
    outcome: text('outcome').notNull(),
    note: text('note'),
    nextStep: text('next_step'),
    nextStepAt: at('next_step_at'),
    staffId: text('staff_id'),
    contactedAt: at('contacted_at').notNull(),
  },
  (t) => [
    index('member_contacts_member_idx').on(t.memberId, t.contactedAt),
    check('member_contacts_channel_check', sql`${t.channel} in ('call', 'email', 'visit', 'message')`),
  ],
);

/** Who to call and why, as data: a source of members (segment or built-in trigger) plus cadence and owner. */
export const cadenceRules = pgTable('cadence_rules', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** `{ type: 'segment', segmentId } | { type: 'detractor', withinDays } | { type: 'at_risk', ... }` (contract.ts). */
  source: jsonb('source').notNull(),
  /** The segment a `segment` source names, so a segment in use cannot be deleted. */
  segmentId: text('segment_id').references(() => segments.id),
  notContactedDays: integer('not_contacted_days').notNull(),
  priority: integer('priority').notNull(),
  /** A staff id, or null for the shared pool. */
  assignee: text('assignee'),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});
