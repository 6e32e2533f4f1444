// The daily rollup of responses (`feedback_daily`): how one response counts, the upsert that adds
// responses to it, and the recount that proves it. Metrics read it for whole UTC days (reporting.ts).
import type { Sql } from '../../db/client.js';
import { migrationStatements } from '../../db/migrate.js';

/** Every key a breakdown or a trend groups by; `categories` whole, so a category still counts once per response. */
export const DAILY_KEY = 'day, survey_id, channel, store_id, staff_id, tier, categories';

export const DAILY_COUNTS = ['responses', 'promoters', 'passives', 'detractors', 'csat_answered', 'csat_satisfied', 'ces_answered', 'ces_sum'] as const;

/**
 * `source` (feedback_responses rows, e.g. `feedback_responses where …` or a CTE) counted per UTC day
 * and key, exactly as `feedback_daily` holds them. The one definition of what a response adds.
 */
export function dailyCountsOf(source: string): string {
  return `select (submitted_at at time zone 'UTC')::date as day, survey_id, channel, store_id, staff_id, tier, categories,
  count(*)::int as responses, count(*) filter (where nps_class = 'promoter')::int as promoters,
  count(*) filter (where nps_class = 'passive')::int as passives, count(*) filter (where nps_class = 'detractor')::int as detractors,
  count(csat)::int as csat_answered, count(*) filter (where csat >= 4)::int as csat_satisfied,
  count(ces)::int as ces_answered, coalesce(sum(ces), 0)::int as ces_sum
from ${source} group by 1, 2, 3, 4, 5, 6, 7`;
}

/**
 * Adds `source`'s responses to the rollup: one upsert per key, so it runs in the statement (and the
 * transaction) that stores the responses. Concurrent answers on the same day and key serialize on that
 * row's lock until commit; answers are human-paced, so the wait is short and each touches one row.
 */
export function foldIntoFeedbackDaily(source: string): string {
  return `insert into feedback_daily as d (${DAILY_KEY}, ${DAILY_COUNTS.join(', ')})
${dailyCountsOf(source)}
on conflict (${DAILY_KEY}) do update set ${DAILY_COUNTS.map((c) => `${c} = d.${c} + excluded.${c}`).join(', ')}`;
}

const DRIFT_QUERY = `with truth as (${dailyCountsOf('feedback_responses')})
select day::text as day, survey_id, channel, store_id, staff_id, tier, categories, responses from (
  (select * from truth except select ${DAILY_KEY}, ${DAILY_COUNTS.join(', ')} from feedback_daily)
  union all
  (select ${DAILY_KEY}, ${DAILY_COUNTS.join(', ')} from feedback_daily except select * from truth)
) drift order by day, survey_id, channel`;

export interface DriftedDailyRow {
  day: string;
  survey_id: string;
  channel: string;
  store_id: string | null;
  staff_id: string | null;
  tier: string | null;
  categories: string[];
  responses: number;
}

/**
 * Rollup rows that differ from a recount of the responses (each drifted key appears once as stored and
 * once as recounted). Empty when the rollup is exact. A full scan, for tests; not for request paths.
 */
export async function driftedFeedbackRollup(db: Sql): Promise<DriftedDailyRow[]> {
  return db.query<DriftedDailyRow>(DRIFT_QUERY);
}

/**
 * The migration's backfill: every stored response rolled up into an empty `feedback_daily`. For rows
 * loaded around the application (the benchmark's SQL seed), so there is one backfill, not two.
 */
export async function feedbackDailyBackfill(): Promise<string> {
  const statement = (await migrationStatements('0019_feedback_daily')).find((s) => s.includes('INSERT INTO "feedback_daily"'));
  if (!statement) throw new Error('0019_feedback_daily has no backfill statement');
  return statement;
}
