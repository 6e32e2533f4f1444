import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, smallint, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { members } from '../members/schema.js';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** A survey is data: its questions (with texts per locale) and what triggers its invitations. */
export const surveys = pgTable('surveys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  defaultLocale: text('default_locale').notNull(),
  questions: jsonb('questions').notNull(),
  trigger: jsonb('trigger').notNull(),
  invitationTtlDays: integer('invitation_ttl_days').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/**
 * One ask of one member. `suppressed` rows record asks the rules held back (quiet period, no
 * consent), so a trigger never reconsiders the same order and support can see why nobody was asked.
 */
export const surveyInvitations = pgTable(
  'survey_invitations',
  {
    id: text('id').primaryKey(),
    surveyId: text('survey_id')
      .notNull()
      .references(() => surveys.id),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    status: text('status').notNull(),
    suppressedReason: text('suppressed_reason'),
    channel: text('channel').notNull(),
    orderId: text('order_id'),
    storeId: text('store_id'),
    staffId: text('staff_id'),
    categories: text('categories').array().notNull().default(sql`'{}'`),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    respondedAt: at('responded_at'),
  },
  (t) => [
    index('survey_invitations_member_idx').on(t.memberId, t.createdAt),
    uniqueIndex('survey_invitations_order_unique').on(t.surveyId, t.orderId),
    index('survey_invitations_survey_idx').on(t.surveyId, t.createdAt),
    check('survey_invitations_status_check', sql`${t.status} in ('sent', 'responded', 'suppressed')`),
  ],
);

/** The quiet period, enforced by one conditional upsert per ask: the last time each member was asked. */
export const feedbackContacts = pgTable('feedback_contacts', {
  memberId: text('member_id')
    .primaryKey()
    .references(() => members.id),
  lastInvitedAt: at('last_invited_at').notNull(),
});

/**
 * One answered survey. The scores the metrics read are copied into columns (and the NPS class fixed
 * at answer time, by that survey's own class bounds), so a million responses aggregate by index scan.
 */
export const feedbackResponses = pgTable(
  'feedback_responses',
  {
    id: text('id').primaryKey(),
    surveyId: text('survey_id')
      .notNull()
      .references(() => surveys.id),
    invitationId: text('invitation_id').references(() => surveyInvitations.id),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    channel: text('channel').notNull(),
    orderId: text('order_id'),
    storeId: text('store_id'),
    staffId: text('staff_id'),
    categories: text('categories').array().notNull().default(sql`'{}'`),
    /** The member's tier when they answered, so breakdowns show what each tier said then. */
    tier: text('tier'),
    locale: text('locale'),
    npsScore: smallint('nps_score'),
    npsClass: text('nps_class'),
    csat: smallint('csat'),
    ces: smallint('ces'),
    staffRating: smallint('staff_rating'),
    storeRating: smallint('store_rating'),
    comment: text('comment'),
    answers: jsonb('answers').notNull(),
    submittedAt: at('submitted_at').notNull(),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [
    uniqueIndex('feedback_responses_invitation_unique').on(t.invitationId),
    index('feedback_responses_submitted_idx').on(t.submittedAt),
    index('feedback_responses_member_idx').on(t.memberId, t.submittedAt),
    index('feedback_responses_comment_search_idx').using('gin', sql`to_tsvector('simple', coalesce(${t.comment}, ''))`),
    check('feedback_responses_nps_class_check', sql`${t.npsClass} in ('promoter', 'passive', 'detractor')`),
  ],
);

/**
 * The responses' counts per UTC day and per every key the metrics break down by, written in the same
 * statement as each response: a period's NPS then reads a few thousand rows instead of a million.
 * `categories` is the response's whole array, so the category breakdown can still count a response once
 * per category. NULLs (no store, no staff, no tier) are one key, hence NULLS NOT DISTINCT.
 */
export const feedbackDaily = pgTable(
  'feedback_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    surveyId: text('survey_id').notNull(),
    channel: text('channel').notNull(),
    storeId: text('store_id'),
    staffId: text('staff_id'),
    tier: text('tier'),
    categories: text('categories').array().notNull(),
    responses: integer('responses').notNull(),
    promoters: integer('promoters').notNull(),
    passives: integer('passives').notNull(),
    detractors: integer('detractors').notNull(),
    csatAnswered: integer('csat_answered').notNull(),
    csatSatisfied: integer('csat_satisfied').notNull(),
    cesAnswered: integer('ces_answered').notNull(),
    cesSum: integer('ces_sum').notNull(),
  },
  (t) => [unique('feedback_daily_key').on(t.day, t.surveyId, t.channel, t.storeId, t.staffId, t.tier, t.categories).nullsNotDistinct()],
);

/** Closing the loop: every detractor or unhappy CSAT gets a task for a person. */
export const feedbackFollowUps = pgTable(
  'feedback_follow_ups',
  {
    id: text('id').primaryKey(),
    responseId: text('response_id')
      .notNull()
      .references(() => feedbackResponses.id)
      .unique('feedback_follow_ups_response_unique'),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    reason: text('reason').notNull(),
    status: text('status').notNull().default('open'),
    assignee: text('assignee'),
    dueAt: at('due_at').notNull(),
    outcome: text('outcome'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    closedAt: at('closed_at'),
  },
  (t) => [
    index('feedback_follow_ups_open_idx').on(t.status, t.dueAt),
    check('feedback_follow_ups_status_check', sql`${t.status} in ('open', 'in_progress', 'done')`),
  ],
);
