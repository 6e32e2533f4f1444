import type { Sql } from '../../db/client.js';
import type { JourneyStats } from './contract.js';
import { getJourney } from './service.js';

/** An order within this many days after entering (or after a step) counts as a conversion. */
const CONVERSION_DAYS = 30;

const ORDERED_WITHIN = (from: string) =>
  `exists (select 1 from orders o where o.member_id = e.member_id and o.occurred_at > ${from} and o.occurred_at <= ${from} + make_interval(days => ${CONVERSION_DAYS}))`;

/** Entered, completed and converted per journey, and what each step did, from the enrolments and step runs. */
export async function journeyStats(db: Sql, journeyId: string): Promise<JourneyStats> {
  const journey = await getJourney(db, journeyId);
  const [totals] = await db.query<{ entered: number; active: number; completed: number; exited: number; converted: number }>(
    `select count(*)::int as entered, count(*) filter (where status = 'active')::int as active, count(*) filter (where status = 'completed')::int as completed,
       count(*) filter (where status = 'exited')::int as exited, count(*) filter (where ${ORDERED_WITHIN('e.entered_at')})::int as converted
     from journey_enrolments e where e.journey_id = $1`,
    [journeyId],
  );
  const steps = await db.query<{ step: number; done: number; skipped: number; failed: number; converted: number }>(
    `select r.step, count(*) filter (where r.outcome = 'done')::int as done, count(*) filter (where r.outcome = 'skipped')::int as skipped,
       count(*) filter (where r.outcome = 'failed')::int as failed, count(*) filter (where r.outcome = 'done' and ${ORDERED_WITHIN('r.at')})::int as converted
     from journey_step_runs r join journey_enrolments e on e.id = r.enrolment_id where e.journey_id = $1 group by r.step`,
    [journeyId],
  );
  const byStep = new Map(steps.map((row) => [row.step, row]));
  return {
    journeyId,
    ...totals!,
    steps: journey.steps.map((step, i) => {
      const row = byStep.get(i);
      return { step: i, action: step.action.type, done: row?.done ?? 0, skipped: row?.skipped ?? 0, failed: row?.failed ?? 0, converted: row?.converted ?? 0 };
    }),
  };
}
