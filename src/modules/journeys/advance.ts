// Advancing claimed enrolments in memory, a group (same journey, same step) at a time: conditions are
// checked per member, the action is performed for the whole group at once where it can be, and what
// happened is kept for the batch to write in one statement per table at its end.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { DomainError } from '../../errors.js';
import { MAX_TRIES, retryDelayMs } from '../messages/retry.js';
import { allHold, type MemberFacts } from './conditions.js';
import type { JourneyStep } from './contract.js';
import { performAction, performActionForMany, type ActionOutcome, type StepContext } from './steps.js';
import { durationMs } from './timing.js';

/** A claimed enrolment; the fields after `steps` are its state as the batch moves it on. */
export interface Enrolment {
  id: string;
  journey_id: string;
  member_id: string;
  next_step: number;
  attempts: number;
  entered_at: Date;
  name: string;
  steps: JourneyStep[];
  status: 'active' | 'completed' | 'exited';
  due_at: Date | null;
  completed_at: Date | null;
}

export interface StepRun {
  enrolmentId: string;
  step: number;
  outcome: 'done' | 'skipped' | 'failed';
  detail: Record<string, unknown>;
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

export type Facts = Map<string, Omit<MemberFacts, 'enteredAt'>>;

/** What the conditions read, for every member of the batch in one query (orders across currencies). */
export async function memberFactsOf(tx: Sql, memberIds: readonly string[]): Promise<Facts> {
  const rows = await tx.query<{ id: string; status: string; marketing_consent: boolean; orders: number; last_order_at: Date | null }>(
    `select m.id, m.status, m.marketing_consent, coalesce(s.orders, 0)::int as orders, s.last_order_at
     from members m left join (select member_id, sum(orders) as orders, max(last_order_at) as last_order_at
       from member_order_stats where member_id = any($1::text[]) group by member_id) s on s.member_id = m.id
     where m.id = any($1::text[])`,
    [memberIds],
  );
  return new Map(rows.map((r) => [r.id, { active: r.status === 'active', marketingConsent: r.marketing_consent, orders: r.orders, lastOrderAt: r.last_order_at }]));
}

/** Keeps the step's record and moves the enrolment on: to the next step after its wait, or out of the journey. */
function finishStep(e: Enrolment, outcome: StepRun['outcome'], detail: Record<string, unknown>, exit: boolean, now: Date, runs: StepRun[], run: JourneyRun): void {
  runs.push({ enrolmentId: e.id, step: e.next_step, outcome, detail });
  run[outcome] += 1;
  const next = e.steps[e.next_step + 1];
  e.next_step += 1;
  e.attempts = 0;
  if (exit || !next) {
    e.status = exit ? 'exited' : 'completed';
    e.due_at = null;
    e.completed_at = now;
    run[e.status] += 1;
  } else {
    e.due_at = new Date(now.getTime() + durationMs(next.wait)!);
  }
}

/**
 * A failed action leaves nothing behind (its savepoint is rolled back); it is tried again with backoff,
 * and after MAX_TRIES recorded as failed and the member moves on.
 */
function recordFailure(e: Enrolment, error: unknown, now: Date, runs: StepRun[], run: JourneyRun): void {
  const attempts = e.attempts + 1;
  const reason = error instanceof DomainError ? error.code : String(error).slice(0, 300);
  if (attempts >= MAX_TRIES) return finishStep(e, 'failed', { error: reason, attempts }, false, now, runs, run);
  e.attempts = attempts;
  e.due_at = new Date(now.getTime() + retryDelayMs(attempts));
  run.retried += 1;
}

async function inSavepoint<T>(tx: Sql, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  await tx.query('savepoint journey_step');
  try {
    const value = await work();
    await tx.query('release savepoint journey_step');
    return { ok: true, value };
  } catch (error) {
    await tx.query('rollback to savepoint journey_step');
    return { ok: false, error };
  }
}

const contextOf = (e: Enrolment): StepContext => ({ journeyId: e.journey_id, journeyName: e.name, enrolmentId: e.id, memberId: e.member_id, step: e.next_step });

/**
 * The action for everyone in `acting` (same journey, same step). The whole group goes in one savepoint
 * when the action has a set-based form; whoever it did not cover (a second enrolment of the same member,
 * an action without one, or every member when the group failed) is done alone in a savepoint, so one
 * member's failure is theirs alone.
 */
async function performForGroup(tx: Sql, config: Config, step: JourneyStep, acting: Enrolment[], now: Date, runs: StepRun[], run: JourneyRun): Promise<void> {
  const seen = new Set<string>();
  const once = acting.filter((e) => !seen.has(e.member_id) && seen.add(e.member_id));
  let covered = new Map<string, ActionOutcome>();
  if (once.length > 1) {
    const attempt = await inSavepoint(tx, () => performActionForMany(tx, config, step.action, once.map(contextOf), now));
    if (attempt.ok && attempt.value) covered = attempt.value;
  }
  for (const e of acting) {
    const outcome = covered.get(e.id);
    if (outcome) {
      finishStep(e, outcome.outcome, outcome.detail, false, now, runs, run);
      continue;
    }
    const alone = await inSavepoint(tx, () => performAction(tx, config, step.action, contextOf(e), now));
    if (alone.ok) finishStep(e, alone.value.outcome, alone.value.detail, false, now, runs, run);
    else recordFailure(e, alone.error, now, runs, run);
  }
}

/** One step for a group of enrolments standing at the same step of the same journey. */
export async function advanceGroup(tx: Sql, config: Config, group: Enrolment[], facts: Facts, now: Date, runs: StepRun[], run: JourneyRun): Promise<void> {
  const first = group[0]!;
  const step = first.steps[first.next_step];
  // The journey was shortened below these members' position: nothing is left to do.
  if (!step) {
    for (const e of group) Object.assign(e, { status: 'completed', due_at: null, completed_at: now });
    run.skipped += group.length;
    run.completed += group.length;
    return;
  }
  const acting: Enrolment[] = [];
  for (const e of group) {
    const member = facts.get(e.member_id);
    if (!member?.active) finishStep(e, 'skipped', { reason: 'member_erased' }, true, now, runs, run);
    else if (step.condition && !allHold(step.condition.all, { ...member, enteredAt: e.entered_at })) {
      finishStep(e, 'skipped', { reason: 'condition' }, step.condition.onFail === 'exit', now, runs, run);
    } else acting.push(e);
  }
  await performForGroup(tx, config, step, acting, now, runs, run);
}
