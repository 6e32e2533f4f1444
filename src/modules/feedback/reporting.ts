import type { Database, Sql } from '../../db/client.js';
import { purchaseBehaviour } from '../orders/queries.js';
import type { Breakdown, FeedbackMetrics, MetricFigures, MetricsQuery, Quadrant, SatisfactionLoyalty } from './contract.js';
import { QUADRANTS } from './contract.js';
import { isSatisfied, QUADRANT_LABELS, quadrantOf, usualIntervalDays } from './loyalty.js';
import { cesMean, csatPercent, npsFromCounts, responseRatePercent } from './metrics.js';
import { DAILY_COUNTS, DAILY_KEY, dailyCountsOf } from './rollup.js';

/** SQL only counts; `figures` turns counts into metrics with the tested pure definitions. */
const SUMS = DAILY_COUNTS.map((c) => `coalesce(sum(${c}), 0)::int8 as ${c}`).join(', ');

/** The raw-table counts, for segments (member lists cannot come from the rollup). */
const COUNTS = `count(*)::int8 as responses,
  count(*) filter (where nps_class = 'promoter')::int8 as promoters,
  count(*) filter (where nps_class = 'passive')::int8 as passives,
  count(*) filter (where nps_class = 'detractor')::int8 as detractors,
  count(csat)::int8 as csat_answered, count(*) filter (where csat >= 4)::int8 as csat_satisfied,
  count(ces)::int8 as ces_answered, coalesce(sum(ces), 0)::int8 as ces_sum`;

interface CountsRow {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  csat_answered: number;
  csat_satisfied: number;
  ces_answered: number;
  ces_sum: number;
}

function figures(row: CountsRow): MetricFigures {
  const nps = npsFromCounts({ promoters: row.promoters, passives: row.passives, detractors: row.detractors });
  return {
    responses: row.responses,
    nps: nps.nps,
    npsCi95: nps.ci95,
    promoters: row.promoters,
    passives: row.passives,
    detractors: row.detractors,
    csat: csatPercent(row.csat_satisfied, row.csat_answered),
    csatResponses: row.csat_answered,
    ces: cesMean(row.ces_sum, row.ces_answered),
    cesResponses: row.ces_answered,
  };
}

/** Fixed expressions only: the breakdown names a column of the daily facts, never user text. */
const GROUP_BY: Record<Exclude<Breakdown, 'segment'>, { from: string; key: string }> = {
  store: { from: 'facts', key: 'store_id' },
  staff: { from: 'facts', key: 'staff_id' },
  channel: { from: 'facts', key: 'channel' },
  survey: { from: 'facts', key: 'survey_id' },
  tier: { from: 'facts', key: 'tier' },
  // A response about an order with coffee and cake counts once for each.
  category: { from: 'facts cross join lateral unnest(categories) as c(category)', key: 'category' },
};

/**
 * [from, to) split at UTC midnights: whole days `first_day` ≤ day < `end_day` come from the rollup, the
 * partial days at either edge from the responses themselves. Done in SQL, not JS, because the API takes
 * any ISO timestamp (offsets, microseconds) and the split must agree with PostgreSQL's own comparison.
 * Within one day first_day > end_day: no whole day, and the first edge alone covers [from, to).
 */
const SPAN = `span as (
  select t_from, t_to, first_day, end_day,
    least(t_to, first_day::timestamp at time zone 'UTC') as edge1_to,
    greatest(end_day, first_day)::timestamp at time zone 'UTC' as edge2_from
  from (select t_from, t_to, l_to::date as end_day,
          case when l_from = l_from::date then l_from::date else l_from::date + 1 end as first_day
        from (select $1::timestamptz as t_from, $2::timestamptz as t_to,
                $1::timestamptz at time zone 'UTC' as l_from, $2::timestamptz at time zone 'UTC' as l_to) utc) days)`;

/** The survey, store and staff filters; the rollup and the responses both carry these columns. */
const FILTERS = '($3::text is null or survey_id = $3) and ($4::text is null or store_id = $4) and ($5::text is null or staff_id = $5)';

/** Per day and key: the rollup's whole days, plus the edges counted the same way from the responses. */
const FACTS = `facts as (
  select ${DAILY_KEY}, ${DAILY_COUNTS.join(', ')} from span, feedback_daily
  where day >= coalesce(first_day, '-infinity') and day < coalesce(end_day, 'infinity') and ${FILTERS}
  union all
  select edges.* from span, lateral (${dailyCountsOf(`feedback_responses
    where ((submitted_at >= t_from and submitted_at < edge1_to) or (submitted_at >= edge2_from and submitted_at < t_to)) and ${FILTERS}`)}) edges)`;

interface MetricsRow extends CountsRow {
  part: 'overall' | 'trend' | 'group';
  period: Date | null;
  key: string | null;
}

/** Overall, trend and breakdown in one statement over the daily facts; `part` tells the rows apart. */
function metricsStatement(query: MetricsQuery): string {
  const parts = [`select 'overall' as part, null::timestamp as period, null::text as key, ${SUMS} from facts`];
  if (query.interval) {
    // Weeks and months are whole UTC days, so they group rollup days (a timestamp, as `isoDate` expects).
    const period = `date_trunc('${query.interval}', day::timestamp)`;
    parts.push(`select 'trend', ${period}, null, ${SUMS} from facts group by ${period}`);
  }
  if (query.by && query.by !== 'segment') {
    const { from, key } = GROUP_BY[query.by];
    parts.push(`select 'group', null, ${key}, ${SUMS} from ${from} group by ${key}`);
  }
  return `with ${SPAN}, ${FACTS}
${parts.join('\nunion all\n')}
order by part, period, responses desc, key`;
}

/**
 * NPS (with its 95% CI), CSAT, CES and response rate for a period, optionally broken down and as a
 * trend: one statement over the daily rollup (raw responses only for partial days at the edges), then
 * the invitations. JIT off: these statements are cheap, and compiling cost ~165 ms when they scanned.
 */
export async function feedbackMetrics(db: Database, query: MetricsQuery, segments: readonly SegmentGroup[] = []): Promise<FeedbackMetrics> {
  const params = [query.from ?? null, query.to ?? null, query.surveyId ?? null, query.storeId ?? null, query.staffId ?? null];
  return db.transaction(async (tx) => {
    await tx.query('set local jit = off');
    const rows = await tx.query<MetricsRow>(metricsStatement(query), params);
    const [{ sent, responded }] = (await tx.query<{ sent: number; responded: number }>(
      `select count(*)::int8 as sent, count(*) filter (where status = 'responded')::int8 as responded from survey_invitations
       where status <> 'suppressed' and created_at >= coalesce($1::timestamptz, '-infinity') and created_at < coalesce($2::timestamptz, 'infinity')
         and ${FILTERS}`,
      params,
    )) as [{ sent: number; responded: number }];
    const groups = query.by === 'segment' ? await segmentCounts(tx, params, segments) : query.by ? rows.filter((row) => row.part === 'group') : null;
    return {
      from: query.from ?? null,
      to: query.to ?? null,
      overall: { ...figures(rows.find((row) => row.part === 'overall')!), invitations: sent, responseRate: responseRatePercent(responded, sent) },
      ...(groups ? { groups: groups.map((row) => ({ key: row.key, ...figures(row) })) } : {}),
      ...(query.interval ? { trend: rows.filter((row) => row.part === 'trend').map((row) => ({ period: isoDate(row.period!), ...figures(row) })) } : {}),
    };
  });
}

/** A saved segment's members, resolved by the caller (segments belong to the engagement module). */
export interface SegmentGroup {
  key: string;
  memberIds: readonly string[];
}

/** Segments overlap, so each is its own count over its members' responses, not a GROUP BY. */
async function segmentCounts(tx: Sql, params: unknown[], segments: readonly SegmentGroup[]): Promise<(CountsRow & { key: string })[]> {
  const counted = [];
  for (const segment of segments) {
    const [row] = await tx.query<CountsRow>(
      `select ${COUNTS} from feedback_responses
       where submitted_at >= coalesce($1::timestamptz, '-infinity') and submitted_at < coalesce($2::timestamptz, 'infinity')
         and ${FILTERS} and member_id = any($6::text[])`,
      [...params, segment.memberIds],
    );
    counted.push({ key: segment.key, ...row! });
  }
  return counted;
}

/** A `timestamp` (no zone) read as UTC, e.g. the start of a week: 2026-11-23. */
function isoDate(value: Date): string {
  return new Date(value.getTime() - value.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

/**
 * Each respondent's latest NPS or CSAT beside how they buy, as one of four quadrants. Members in
 * each quadrant come most valuable first (orders in the last year), so the list is a call list.
 */
export async function satisfactionVsLoyalty(db: Sql, now: Date, membersPerQuadrant: number): Promise<SatisfactionLoyalty> {
  const latest = await db.query<{ member_id: string; nps_score: number | null; nps_class: string | null; csat: number | null }>(
    `select distinct on (r.member_id) r.member_id, r.nps_score, r.nps_class, r.csat
     from feedback_responses r join members m on m.id = r.member_id and m.status = 'active'
     where (r.nps_class is not null or r.csat is not null) and r.submitted_at <= $1
     order by r.member_id, r.submitted_at desc, r.id desc`,
    [now],
  );
  const behaviour = new Map((await purchaseBehaviour(db, latest.map((row) => row.member_id), now)).map((b) => [b.memberId, b]));
  const buckets = new Map<Quadrant, SatisfactionLoyalty['quadrants'][number]['members']>(QUADRANTS.map((q) => [q, []]));
  for (const row of latest) {
    const b = behaviour.get(row.member_id)!;
    const quadrant = quadrantOf(isSatisfied({ npsClass: row.nps_class, csat: row.csat }), b, now);
    const usual = usualIntervalDays(b);
    buckets.get(quadrant)!.push({
      memberId: row.member_id,
      score: row.nps_score !== null ? `nps ${row.nps_score}` : `csat ${row.csat}`,
      ordersLast90Days: b.ordersLast90Days,
      ordersLast365Days: b.ordersLast365Days,
      daysSinceLastOrder: b.lastOrderAt ? Math.floor((now.getTime() - b.lastOrderAt.getTime()) / DAY_MS) : null,
      usualIntervalDays: usual === null ? null : Math.round(usual * 10) / 10,
    });
  }
  return {
    asOf: now.toISOString(),
    respondents: latest.length,
    quadrants: QUADRANTS.map((quadrant) => {
      const members = buckets.get(quadrant)!;
      members.sort((a, b) => b.ordersLast365Days - a.ordersLast365Days || a.memberId.localeCompare(b.memberId));
      return { quadrant, label: QUADRANT_LABELS[quadrant], count: members.length, members: members.slice(0, membersPerQuadrant) };
    }),
  };
}
