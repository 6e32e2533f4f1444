// The daily rollup behind the feedback metrics: for random responses and random periods (any instant,
// any offset, microseconds, exact midnights), the rollup path returns exactly what counting the
// responses themselves returns — overall, trend and every breakdown — on both backends.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../src/db/client.js';
import type { Breakdown, MetricsQuery } from '../src/modules/feedback/contract.js';
import { cesMean, csatPercent, npsClassOf, npsFromCounts } from '../src/modules/feedback/metrics.js';
import { feedbackMetrics } from '../src/modules/feedback/reporting.js';
import { storeResponse, type StoredResponse } from '../src/modules/feedback/responses.js';
import { driftedFeedbackRollup, feedbackDailyBackfill } from '../src/modules/feedback/rollup.js';
import { createTestDatabase, type TestDatabase } from './harness.js';

let t: TestDatabase;
const SURVEYS = ['svy_rollup0000000000000000000001', 'svy_rollup0000000000000000000002'];
const MEMBERS = ['mem_rollup00000000000000000000001', 'mem_rollup00000000000000000000002'];

beforeAll(async () => {
  t = await createTestDatabase();
  for (const id of MEMBERS) await t.db.query(`insert into members (id, name) values ($1, 'Rollup')`, [id]);
  const questions = JSON.stringify([{ id: 'nps', type: 'nps', text: { en: 'Recommend us?' } }]);
  for (const id of SURVEYS) {
    await t.db.query(`insert into surveys (id, name, default_locale, questions, trigger, invitation_ttl_days) values ($1, 'Rollup', 'en', $2, '{"type":"manual"}', 14)`, [id, questions]);
  }
});
afterAll(() => t.drop());

const DAY_MS = 86_400_000;
const T0_MS = Date.parse('2025-12-20T00:00:00Z');
const SPAN_DAYS = 80; // crosses a year, several months and many weeks

/** An instant in microseconds since the epoch: anywhere, or exactly at a UTC midnight, or 1 µs either side of one. */
const instant = fc.oneof(
  fc.integer({ min: 0, max: SPAN_DAYS * DAY_MS * 1000 }).map((us) => T0_MS * 1000 + us),
  fc.integer({ min: 0, max: SPAN_DAYS }).map((day) => (T0_MS + day * DAY_MS) * 1000),
  fc.tuple(fc.integer({ min: 1, max: SPAN_DAYS }), fc.constantFrom(-1, 1)).map(([day, us]) => (T0_MS + day * DAY_MS) * 1000 + us),
);

/** ISO 8601 with microseconds, written in `offsetMinutes` (0 → Z). */
function iso(micros: number, offsetMinutes = 0): string {
  const ms = Math.floor(micros / 1000);
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23) + String(micros - ms * 1000).padStart(3, '0');
  if (offsetMinutes === 0) return `${local}Z`;
  const abs = Math.abs(offsetMinutes);
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const timestampArb = fc.tuple(instant, fc.constantFrom(0, 120, -330, 840)).map(([micros, offset]) => iso(micros, offset));

let seq = 0;
const responseArb = fc
  .record({
    surveyId: fc.constantFrom(...SURVEYS),
    memberId: fc.constantFrom(...MEMBERS),
    channel: fc.constantFrom('email', 'checkout', 'web'),
    storeId: fc.option(fc.constantFrom('riga', 'tbilisi', 'porto')),
    staffId: fc.option(fc.constantFrom('ana', 'ben')),
    tier: fc.option(fc.constantFrom('member', 'gold')),
    categories: fc.array(fc.constantFrom('coffee', 'tea', 'beans'), { maxLength: 3 }),
    npsScore: fc.option(fc.integer({ min: 0, max: 10 })),
    csat: fc.option(fc.integer({ min: 1, max: 5 })),
    ces: fc.option(fc.integer({ min: 1, max: 7 })),
    submittedAt: instant.map((micros) => iso(micros)),
  })
  .map((r): Omit<StoredResponse, 'id'> => ({
    ...r,
    invitationId: null,
    orderId: null,
    npsClass: r.npsScore === null ? null : npsClassOf(r.npsScore),
    staffRating: null,
    storeRating: null,
    comment: null,
    locale: null,
    answers: [],
    recordedAt: new Date(),
  }));

const queryArb = fc.record(
  {
    from: timestampArb,
    to: timestampArb,
    surveyId: fc.constantFrom(...SURVEYS),
    storeId: fc.constantFrom('riga', 'porto', 'nowhere'),
    staffId: fc.constantFrom('ana', 'ben'),
    by: fc.constantFrom<Exclude<Breakdown, 'segment'>>('store', 'staff', 'channel', 'category', 'survey', 'tier'),
    interval: fc.constantFrom<'week' | 'month'>('week', 'month'),
  },
  { requiredKeys: [] },
);

const RAW_COUNTS = `count(*)::int8 as responses, count(*) filter (where nps_class = 'promoter')::int8 as promoters,
  count(*) filter (where nps_class = 'passive')::int8 as passives, count(*) filter (where nps_class = 'detractor')::int8 as detractors,
  count(csat)::int8 as csat_answered, count(*) filter (where csat >= 4)::int8 as csat_satisfied,
  count(ces)::int8 as ces_answered, coalesce(sum(ces), 0)::int8 as ces_sum`;
const RAW_WHERE = `submitted_at >= coalesce($1::timestamptz, '-infinity') and submitted_at < coalesce($2::timestamptz, 'infinity') and ($3::text is null or survey_id = $3)
  and ($4::text is null or store_id = $4) and ($5::text is null or staff_id = $5)`;
const RAW_KEYS: Record<Exclude<Breakdown, 'segment'>, [key: string, from: string]> = {
  store: ['store_id', 'feedback_responses'],
  staff: ['staff_id', 'feedback_responses'],
  channel: ['channel', 'feedback_responses'],
  survey: ['survey_id', 'feedback_responses'],
  tier: ['tier', 'feedback_responses'],
  category: ['category', 'feedback_responses cross join lateral unnest(categories) as c(category)'],
};

type RawRow = Record<'responses' | 'promoters' | 'passives' | 'detractors' | 'csat_answered' | 'csat_satisfied' | 'ces_answered' | 'ces_sum', number>;

function expectedFigures(row: RawRow) {
  const nps = npsFromCounts(row);
  return {
    responses: row.responses, nps: nps.nps, npsCi95: nps.ci95, promoters: row.promoters, passives: row.passives, detractors: row.detractors,
    csat: csatPercent(row.csat_satisfied, row.csat_answered), csatResponses: row.csat_answered, ces: cesMean(row.ces_sum, row.ces_answered), cesResponses: row.ces_answered,
  };
}

/** The metrics counted straight from the responses: the definition the rollup must reproduce. */
async function rawMetrics(db: Sql, query: MetricsQuery) {
  const params = [query.from ?? null, query.to ?? null, query.surveyId ?? null, query.storeId ?? null, query.staffId ?? null];
  const [overall] = await db.query<RawRow>(`select ${RAW_COUNTS} from feedback_responses where ${RAW_WHERE}`, params);
  const trend = query.interval
    ? await db.query<RawRow & { period: string }>(
        `select to_char(date_trunc('${query.interval}', submitted_at at time zone 'UTC'), 'YYYY-MM-DD') as period, ${RAW_COUNTS}
         from feedback_responses where ${RAW_WHERE} group by 1 order by 1`,
        params,
      )
    : null;
  const groups = query.by && query.by !== 'segment'
    ? await db.query<RawRow & { key: string | null }>(`select ${RAW_KEYS[query.by][0]} as key, ${RAW_COUNTS} from ${RAW_KEYS[query.by][1]} where ${RAW_WHERE} group by 1 order by 2 desc, 1`, params)
    : null;
  return {
    from: query.from ?? null,
    to: query.to ?? null,
    overall: expectedFigures(overall!),
    ...(groups ? { groups: groups.map((row) => ({ key: row.key, ...expectedFigures(row) })) } : {}),
    ...(trend ? { trend: trend.map((row) => ({ period: row.period, ...expectedFigures(row) })) } : {}),
  };
}

async function rollupMetrics(query: MetricsQuery) {
  const { overall, ...rest } = await feedbackMetrics(t.db, query);
  const { invitations: _invitations, responseRate: _responseRate, ...figures } = overall;
  return { ...rest, overall: figures };
}

describe('feedback_daily', () => {
  it('property: for any responses and any period, the rollup path equals counting the responses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(responseArb, { maxLength: 15 }), fc.array(queryArb, { minLength: 1, maxLength: 4 }), async (responses, queries) => {
        for (const response of responses) await storeResponse(t.db, { ...response, id: `fbk_rollup${String(++seq).padStart(22, '0')}` });
        for (const query of queries) expect(await rollupMetrics(query)).toEqual(await rawMetrics(t.db, query));
      }),
      { numRuns: 40 },
    );
    const [{ n }] = (await t.db.query<{ n: number }>('select count(*)::int8 as n from feedback_responses')) as [{ n: number }];
    expect(n).toBeGreaterThan(100);
    // Every breakdown and both intervals over everything stored, too.
    for (const by of [undefined, 'store', 'staff', 'channel', 'category', 'survey', 'tier'] as const) {
      for (const interval of [undefined, 'week', 'month'] as const) {
        const query = { by, interval };
        expect(await rollupMetrics(query)).toEqual(await rawMetrics(t.db, query));
      }
    }
    expect(await driftedFeedbackRollup(t.db)).toEqual([]);
  });

  it('the drift check sees a changed score and a lost rollup; the migration backfill rebuilds it exactly', async () => {
    const [row] = await t.db.query<{ id: string; nps_class: string | null }>('select id, nps_class from feedback_responses order by id limit 1');
    await t.db.query(`update feedback_responses set nps_class = $2 where id = $1`, [row!.id, row!.nps_class === 'promoter' ? 'detractor' : 'promoter']);
    expect(await driftedFeedbackRollup(t.db)).toHaveLength(2); // the stored row and its recount
    await t.db.query(`update feedback_responses set nps_class = $2 where id = $1`, [row!.id, row!.nps_class]);
    expect(await driftedFeedbackRollup(t.db)).toEqual([]);

    const [{ rows }] = (await t.db.query<{ rows: number }>('select count(*)::int8 as rows from feedback_daily')) as [{ rows: number }];
    await t.db.query('delete from feedback_daily');
    expect(await driftedFeedbackRollup(t.db)).toHaveLength(rows);
    await t.db.query(await feedbackDailyBackfill());
    expect(await driftedFeedbackRollup(t.db)).toEqual([]);
  });
});
