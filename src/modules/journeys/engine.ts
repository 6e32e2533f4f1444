// The `journeys` job: enrol members whose trigger fired, then advance every enrolment whose step is due.
import type { Config } from '../../config.js';
import type { Database, Sql } from '../../db/client.js';
import { DomainError } from '../../errors.js';
import { MAX_TRIES, retryDelayMs } from '../messages/retry.js';
import { allHold, type MemberFacts } from './conditions.js';
import type { JourneyStep } from './contract.js';
import { enrolMembers } from './enrolment.js';
import type { JourneyRow } from './service.js';
import { performAction } from './steps.js';
import { durationMs } from './timing.js';

const BATCH = 100;

interface DueRow {
  id: string;
  journey_id: string;
  member_id: string;
  next_step: number;
  attempts: number;
  entered_at: Date;
  name: string;
  steps: JourneyStep[];
}

export interface JourneyRun {
  entered: number;
  done: number;
  skipped: number;
  failed: number;
  retried: number;
  completed: number;
  exited: number;
}

async function memberFacts(tx: Sql, memberId: string, enteredAt: Date): Promise<MemberFacts> {
  const [row] = await tx.query<{ status: string; marketing_consent: boolean; orders: number; last_order_at: Date | null }>(
    `select m.status, m.marketing_consent, coalesce(s.orders, 0)::int as orders, s.last_order_at
     from members m left join (select member_id, sum(orders) as orders, max(last_order_at) as last_order_at from member_order_stats where member_id = $1 group by member_id) s on s.member_id = m.id
     where m.id = $1`,
    [memberId],
  );
  return {
    active: row?.status === 'active',
    marketingConsent: row?.marketing_consent ?? false,
    orders: row?.orders ?? 0,
    lastOrderAt: row?.last_order_at ?? null,
    enteredAt,
  };
}

type Outcome = 'done' | 'skipped' | 'failed';

/** Records the step and moves the enrolment on: to the next step after its wait, or out of the journey. */
async function finishStep(tx: Sql, row: DueRow, outcome: Outcome, detail: Record<string, unknown>, exit: boolean, now: Date): Promise<'completed' | 'exited' | 'continues'> {
  await tx.query('insert into journey_step_runs (enrolment_id, step, outcome, detail, at) values ($1, $2, $3, $4, $5)', [row.id, row.next_step, outcome, JSON.stringify(detail), now]);
  const next = row.steps[row.next_step + 1];
  if (exit || !next) {
    const status = exit ? 'exited' : 'completed';
    await tx.query(`update journey_enrolments set status = $2, next_step = $3, due_at = null, attempts = 0, completed_at = $4 where id = $1`, [row.id, status, row.next_step + 1, now]);
    return status;
  }
  await tx.query('update journey_enrolments set next_step = $2, due_at = $3, attempts = 0 where id = $1', [row.id, row.next_step + 1, new Date(now.getTime() + durationMs(next.wait)!)]);
  return 'continues';
}

async function advanceOne(tx: Sql, config: Config, row: DueRow, now: Date): Promise<{ outcome: Outcome; end: 'completed' | 'exited' | 'continues' }> {
  const step = row.steps[row.next_step];
  // The journey was shortened below this member's position: nothing is left to do.
  if (!step) {
    await tx.query(`update journey_enrolments set status = 'completed', due_at = null, completed_at = $2 where id = $1`, [row.id, now]);
    return { outcome: 'skipped', end: 'completed' };
  }
  const facts = await memberFacts(tx, row.member_id, row.entered_at);
  if (!facts.active) return { outcome: 'skipped', end: await finishStep(tx, row, 'skipped', { reason: 'member_erased' }, true, now) };
  if (step.condition && !allHold(step.condition.all, facts)) {
    const exit = step.condition.onFail === 'exit';
    return { outcome: 'skipped', end: await finishStep(tx, row, 'skipped', { reason: 'condition' }, exit, now) };
  }
  const context = { journeyId: row.journey_id, journeyName: row.name, enrolmentId: row.id, memberId: row.member_id, step: row.next_step };
  const result = await performAction(tx, config, step.action, context, now);
  return { outcome: result.outcome, end: await finishStep(tx, row, result.outcome, result.detail, false, now) };
}

/**
 * A failed action is rolled back to its savepoint, so nothing of it stays; it is tried again with
 * backoff, and after MAX_TRIES recorded as failed and the member moves on.
 */
async function recordFailure(tx: Sql, row: DueRow, error: unknown, now: Date): Promise<'failed' | 'retried'> {
  const attempts = row.attempts + 1;
  const reason = error instanceof DomainError ? error.code : String(error).slice(0, 300);
  if (attempts >= MAX_TRIES) {
    await finishStep(tx, row, 'failed', { error: reason, attempts }, false, now);
    return 'failed';
  }
  await tx.query('update journey_enrolments set attempts = $2, due_at = $3 where id = $1', [row.id, attempts, new Date(now.getTime() + retryDelayMs(attempts))]);
  return 'retried';
}

/** Claims a batch of due enrolments (skipping those another worker holds) and advances each in its own savepoint. */
async function advanceBatch(db: Database, config: Config, now: Date, run: JourneyRun): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx.query<DueRow>(
      `select e.id, e.journey_id, e.member_id, e.next_step, e.attempts, e.entered_at, j.name, j.steps
       from journey_enrolments e join journeys j on j.id = e.journey_id and j.status = 'active'
       where e.status = 'active' and e.due_at <= $1 order by e.due_at, e.id limit $2 for update of e skip locked`,
      [now, BATCH],
    );
    for (const row of due) {
      await tx.query('savepoint journey_step');
      try {
        const { outcome, end } = await advanceOne(tx, config, row, now);
        await tx.query('release savepoint journey_step');
        run[outcome] += 1;
        if (end !== 'continues') run[end] += 1;
      } catch (error) {
        await tx.query('rollback to savepoint journey_step');
        run[await recordFailure(tx, row, error, now)] += 1;
      }
    }
    return due.length;
  });
}

/**
 * One pass: enrol, then advance until nothing is due. Each step is recorded in the transaction that
 * performs it, so a crash mid-pass repeats no step; paused journeys neither enrol nor advance.
 */
export async function runJourneys(db: Database, config: Config, now: Date): Promise<JourneyRun> {
  const run: JourneyRun = { entered: 0, done: 0, skipped: 0, failed: 0, retried: 0, completed: 0, exited: 0 };
  for (const journey of await db.query<JourneyRow>(`select * from journeys where status = 'active' order by id`)) {
    run.entered += await enrolMembers(db, config, journey, now);
  }
  // Until nothing is due: a step with no wait runs in the same pass as the one before it.
  while ((await advanceBatch(db, config, now, run)) > 0);
  return run;
}
