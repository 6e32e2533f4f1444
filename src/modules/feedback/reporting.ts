import type { Sql } from '../../db/client.js';
import { purchaseBehaviour } from '../orders/queries.js';
import type { Breakdown, FeedbackMetrics, MetricFigures, MetricsQuery, Quadrant, SatisfactionLoyalty } from './contract.js';
import { QUADRANTS } from './contract.js';
import { isSatisfied, QUADRANT_LABELS, quadrantOf, usualIntervalDays } from './loyalty.js';
import { cesMean, csatPercent, npsFromCounts, responseRatePercent } from './metrics.js';

/** SQL only counts; `figures` turns counts into metrics with the tested pure definitions. */
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

/** Fixed expressions only: the breakdown names a column, never user text. */
const GROUP_BY: Record<Exclude<Breakdown, 'segment'>, { from: string; key: string }> = {
  store: { from: 'feedback_responses', key: 'store_id' },
  staff: { from: 'feedback_responses', key: 'staff_id' },
  channel: { from: 'feedback_responses', key: 'channel' },
  survey: { from: 'feedback_responses', key: 'survey_id' },
  tier: { from: 'feedback_responses', key: 'tier' },
  // A response about an order with coffee and cake counts once for each.
  category: { from: 'feedback_responses cross join lateral unnest(categories) as c(category)', key: 'category' },
};

const WHERE = `submitted_at >= coalesce($1::timestamptz, '-infinity') and submitted_at < coalesce($2::timestamptz, 'infinity')
  and ($3::text is null or survey_id = $3) and ($4::text is null or store_id = $4) and ($5::text is null or staff_id = $5)`;

/**
 * NPS (with its 95% CI), CSAT, CES and response rate for a period, optionally broken down and as a
 * trend. Overall and trend come from one scan (grouping sets); a breakdown adds one more.
 */
export async function feedbackMetrics(db: Sql, query: MetricsQuery, segments: readonly SegmentGroup[] = []): Promise<FeedbackMetrics> {
  const params = [query.from ?? null, query.to ?? null, query.surveyId ?? null, query.storeId ?? null, query.staffId ?? null];
  const period = query.interval ? `date_trunc('${query.interval}', submitted_at at time zone 'UTC')` : 'null::timestamp';
  const [overallRows, invitations, groups] = await Promise.all([
    db.query<CountsRow & { period: Date | null; is_total: boolean }>(
      `select ${period} as period, grouping(${period}) = 1 as is_total, ${COUNTS}
       from feedback_responses where ${WHERE}
       group by grouping sets ((), (${period})) order by 1 nulls first`,
      params,
    ),
    db.query<{ sent: number; responded: number }>(
      `select count(*)::int8 as sent, count(*) filter (where status = 'responded')::int8 as responded from survey_invitations
       where status <> 'suppressed' and created_at >= coalesce($1::timestamptz, '-infinity') and created_at < coalesce($2::timestamptz, 'infinity')
         and ($3::text is null or survey_id = $3) and ($4::text is null or store_id = $4) and ($5::text is null or staff_id = $5)`,
      params,
    ),
    query.by === 'segment'
      ? segmentCounts(db, params, segments)
      : query.by
        ? db.query<CountsRow & { key: string | null }>(
            `select ${GROUP_BY[query.by].key} as key, ${COUNTS} from ${GROUP_BY[query.by].from} where ${WHERE} group by 1 order by 2 desc, 1`,
            params,
          )
        : Promise.resolve(null),
  ]);
  const total = overallRows.find((row) => row.is_total) ?? emptyCounts();
  const { sent, responded } = invitations[0]!;
  return {
    from: query.from ?? null,
    to: query.to ?? null,
    overall: { ...figures(total), invitations: sent, responseRate: responseRatePercent(responded, sent) },
    ...(groups ? { groups: groups.map((row) => ({ key: row.key, ...figures(row) })) } : {}),
    ...(query.interval
      ? { trend: overallRows.filter((row) => !row.is_total && row.period).map((row) => ({ period: isoDate(row.period!), ...figures(row) })) }
      : {}),
  };
}

/** A saved segment's members, resolved by the caller (segments belong to the engagement module). */
export interface SegmentGroup {
  key: string;
  memberIds: readonly string[];
}

/** Segments overlap, so each is its own count over its members' responses, not a GROUP BY. */
async function segmentCounts(db: Sql, params: unknown[], segments: readonly SegmentGroup[]): Promise<(CountsRow & { key: string | null })[]> {
  return Promise.all(
    segments.map(async (segment) => {
      const [row] = await db.query<CountsRow>(`select ${COUNTS} from feedback_responses where ${WHERE} and member_id = any($6::text[])`, [...params, segment.memberIds]);
      return { key: segment.key, ...(row ?? emptyCounts()) };
    }),
  );
}

function emptyCounts(): CountsRow {
  return { responses: 0, promoters: 0, passives: 0, detractors: 0, csat_answered: 0, csat_satisfied: 0, ces_answered: 0, ces_sum: 0 };
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
