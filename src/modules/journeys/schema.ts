import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { segments } from '../engagement/schema.js';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** A journey is data: its trigger and ordered steps (see contract.ts) are stored as written. */
export const journeys = pgTable(
  'journeys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    status: text('status').notNull().default('active'),
    trigger: jsonb('trigger').notNull(),
    steps: jsonb('steps').notNull(),
    /** The segment a trigger reads (a `segment` trigger's, or the one restricting another), so a segment in use cannot be deleted. */
    segmentId: text('segment_id').references(() => segments.id),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [check('journeys_status_check', sql`${t.status} in ('active', 'paused')`)],
);

/**
 * One member's pass through a journey. The unique (journey, member, occurrence) key makes enrolment
 * idempotent: the birthday of 2026 enrols once however often the engine runs (occurrence `2026`).
 * `next_step` is the index of the step due at `due_at`.
 */
export const journeyEnrolments = pgTable(
  'journey_enrolments',
  {
    id: text('id').primaryKey(),
    // No foreign key: journeys are never deleted, and a per-row check costs a first pass over a big base seconds.
    journeyId: text('journey_id').notNull(),
    memberId: text('member_id').notNull(),
    occurrence: text('occurrence').notNull(),
    status: text('status').notNull().default('active'),
    nextStep: integer('next_step').notNull().default(0),
    dueAt: at('due_at'),
    /** Failed tries of the due step, for backoff; reset when a step is done. */
    attempts: integer('attempts').notNull().default(0),
    enteredAt: at('entered_at').notNull(),
    completedAt: at('completed_at'),
    /** For a `segment` trigger with re-entry: the first pass after this entry that found the member out of the segment. */
    leftSegmentAt: at('left_segment_at'),
  },
  (t) => [
    unique('journey_enrolments_occurrence_unique').on(t.journeyId, t.memberId, t.occurrence),
    index('journey_enrolments_due_idx').on(t.dueAt).where(sql`${t.status} = 'active'`),
    check('journey_enrolments_status_check', sql`${t.status} in ('active', 'completed', 'exited')`),
  ],
);

/** What each step did for each enrolment, written in the transaction that did it: once per (enrolment, step). */
export const journeyStepRuns = pgTable(
  'journey_step_runs',
  {
    // No foreign key: only the engine writes here, for enrolments it holds locked, and a per-row check
    // costs a mass entry's steps seconds.
    enrolmentId: text('enrolment_id').notNull(),
    step: integer('step').notNull(),
    outcome: text('outcome').notNull(),
    detail: jsonb('detail').notNull(),
    at: at('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.enrolmentId, t.step] }),
    check('journey_step_runs_outcome_check', sql`${t.outcome} in ('done', 'skipped', 'failed')`),
  ],
);

/** A task for a person (call the member, hand over a gift), created by a journey's `create_task` step. */
export const journeyTasks = pgTable(
  'journey_tasks',
  {
    id: text('id').primaryKey(),
    journeyId: text('journey_id').notNull(),
    enrolmentId: text('enrolment_id').notNull(),
    memberId: text('member_id').notNull(),
    title: text('title').notNull(),
    status: text('status').notNull().default('open'),
    dueAt: at('due_at').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    index('journey_tasks_open_idx').on(t.status, t.dueAt),
    check('journey_tasks_status_check', sql`${t.status} in ('open', 'done')`),
  ],
);
