// The `journeys` job: enrol members whose trigger fired, then advance every enrolment whose step is due.
import type { Config } from '../../config.js';
import type { Database, Sql } from '../../db/client.js';
import { advanceGroup, memberFactsOf, type Enrolment, type JourneyRun, type StepRun } from './advance.js';
import { enrolMembers } from './enrolment.js';
import type { JourneyRow } from './service.js';

export type { JourneyRun } from './advance.js';

/**
 * Enrolments claimed per transaction. Steps are performed a group (journey, step) at a time, so a
 * batch costs a few statements per group whatever its size; this bounds the transaction's length and
 * the memory its messages take.
 */
const BATCH = 2_000;
/**
 * Batches advanced side by side on PostgreSQL: each claims its own rows (skip locked), so a mass entry
 * keeps both a database core and this process busy. Two batches that lock the same accounts in a
 * different order deadlock; PostgreSQL aborts one and the transaction is retried.
 */
const LANES = 2;

const emptyRun = (): JourneyRun => ({ entered: 0, done: 0, skipped: 0, failed: 0, retried: 0, completed: 0, exited: 0 });

function addRun(total: JourneyRun, part: JourneyRun): void {
  for (const key of Object.keys(total) as (keyof JourneyRun)[]) total[key] += part[key];
}

function groupsOf(enrolments: readonly Enrolment[]): Enrolment[][] {
  const groups = new Map<string, Enrolment[]>();
  for (const e of enrolments) {
    const key = `${e.journey_id}:${e.next_step}`;
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  return [...groups.values()];
}

async function saveStepRuns(tx: Sql, runs: readonly StepRun[], now: Date): Promise<void> {
  if (runs.length === 0) return;
  await tx.query(
    `insert into journey_step_runs (enrolment_id, step, outcome, detail, at)
     select r.enrolment_id, r.step, r.outcome, r.detail, $5 from unnest($1::text[], $2::int[], $3::text[], $4::jsonb[]) as r(enrolment_id, step, outcome, detail)`,
    [runs.map((r) => r.enrolmentId), runs.map((r) => r.step), runs.map((r) => r.outcome), runs.map((r) => JSON.stringify(r.detail)), now],
  );
}

async function saveEnrolments(tx: Sql, enrolments: readonly Enrolment[]): Promise<void> {
  await tx.query(
    `update journey_enrolments e set status = u.status, next_step = u.next_step, due_at = u.due_at, attempts = u.attempts, completed_at = u.completed_at
     from unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::int[], $6::timestamptz[]) as u(id, status, next_step, due_at, attempts, completed_at)
     where e.id = u.id`,
    [
      enrolments.map((e) => e.id),
      enrolments.map((e) => e.status),
      enrolments.map((e) => e.next_step),
      enrolments.map((e) => e.due_at),
      enrolments.map((e) => e.attempts),
      enrolments.map((e) => e.completed_at),
    ],
  );
}

/**
 * Claims a batch of due enrolments (skipping those another worker holds) and advances them, step after
 * step while the next one is due at once, then writes the step records and the enrolments' new state in
 * the same transaction as the actions: a crash repeats none of them.
 */
async function advanceBatch(db: Database, config: Config, now: Date, total: JourneyRun): Promise<number> {
  // Counted apart and added once committed: a transaction retried after a deadlock counts once.
  let run = emptyRun();
  const claimedCount = await db.transaction(async (tx) => {
    run = emptyRun();
    const journeys = await tx.query<{ id: string; name: string; steps: Enrolment['steps']; status: string }>('select id, name, steps, status from journeys');
    const active = new Map(journeys.filter((j) => j.status === 'active').map((j) => [j.id, j]));
    // Ordered by due time along its partial index, paused journeys filtered out rather than joined: the
    // plan stays an index scan that stops at the batch, even with a million rows due at once.
    const rows = await tx.query<Omit<Enrolment, 'name' | 'steps'>>(
      `select id, journey_id, member_id, next_step, attempts, entered_at, status, due_at, completed_at from journey_enrolments
       where status = 'active' and due_at <= $1 and journey_id <> all($3::text[]) order by due_at limit $2 for update skip locked`,
      [now, BATCH, journeys.filter((j) => j.status !== 'active').map((j) => j.id)],
    );
    const claimed = rows.flatMap((row) => {
      const journey = active.get(row.journey_id);
      return journey ? [{ ...row, name: journey.name, steps: journey.steps }] : [];
    });
    if (claimed.length === 0) return 0;
    const facts = await memberFactsOf(tx, [...new Set(claimed.map((e) => e.member_id))]);
    const runs: StepRun[] = [];
    for (let due = claimed; due.length > 0; due = due.filter((e) => e.status === 'active' && e.due_at! <= now)) {
      for (const group of groupsOf(due)) await advanceGroup(tx, config, group, facts, now, runs, run);
    }
    await saveStepRuns(tx, runs, now);
    await saveEnrolments(tx, claimed);
    return claimed.length;
  });
  addRun(total, run);
  return claimedCount;
}

/** Advances until nothing is due now. */
export async function advanceDueSteps(db: Database, config: Config, now: Date, run: JourneyRun): Promise<void> {
  const lane = async () => {
    while ((await advanceBatch(db, config, now, run)) > 0);
  };
  // Settled, not raced: a failed lane's error is raised once the other has finished its transaction.
  const lanes = await Promise.allSettled(Array.from({ length: db.kind === 'postgres' ? LANES : 1 }, lane));
  const failed = lanes.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * One pass: enrol, then advance until nothing is due. Each step is recorded in the transaction that
 * performs it, so a crash mid-pass repeats no step; paused journeys neither enrol nor advance.
 */
export async function runJourneys(db: Database, config: Config, now: Date): Promise<JourneyRun> {
  const run = emptyRun();
  for (const journey of await db.query<JourneyRow>(`select * from journeys where status = 'active' order by id`)) {
    run.entered += await enrolMembers(db, config, journey, now);
  }
  await advanceDueSteps(db, config, now, run);
  return run;
}
