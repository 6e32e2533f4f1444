// NPS over a million responses: seeds them in SQL (members, a survey, 1M scored responses over two
// years across stores, staff, channels and categories) and rolls them up with the migration's own
// backfill, then times GET /v1/feedback/metrics overall and with each breakdown on a real
// `fidelis serve`, first run discarded, median and max of the warm runs reported.
import pg from 'pg';
import { feedbackDailyBackfill } from '../src/modules/feedback/rollup.js';

export interface NpsBenchResult {
  responses: number;
  seedSeconds: number;
  timings: { query: string; medianMs: number; maxMs: number }[];
}

export async function seedResponses(url: string, responses: number): Promise<{ surveyId: string; seconds: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  try {
    const members = Math.max(1000, Math.floor(responses / 5));
    await client.query(`insert into members (id, name, marketing_consent) select 'mem_bench' || lpad(i::text, 22, '0'), 'Bench', true from generate_series(1, $1) i`, [members]);
    const surveyId = 'svy_bench0000000000000000000000';
    await client.query(
      `insert into surveys (id, name, default_locale, questions, trigger, invitation_ttl_days) values ($1, 'Bench NPS', 'en', $2, '{"type":"manual"}', 14)`,
      [surveyId, JSON.stringify([{ id: 'nps', type: 'nps', text: { en: 'Recommend us?' }, required: true }, { id: 'csat', type: 'csat', text: { en: 'Satisfied?' }, required: false }])],
    );
    // Scores skewed like real NPS data (more 8–10 than 0–5); a fifth also answer CSAT.
    await client.query(
      `insert into feedback_responses (id, survey_id, member_id, channel, store_id, staff_id, categories, nps_score, nps_class, csat, answers, submitted_at, recorded_at)
       select 'fbk_bench' || lpad(i::text, 22, '0'), $1, 'mem_bench' || lpad((1 + i % $3)::text, 22, '0'),
         (array['email','checkout','wallet','web'])[1 + i % 4], 'store-' || (1 + i % 12), 'staff-' || (1 + i % 60),
         array[(array['coffee','bakery','beans','merch','tea'])[1 + i % 5]], s.score,
         case when s.score <= 6 then 'detractor' when s.score <= 8 then 'passive' else 'promoter' end,
         case when i % 5 = 0 then 1 + (s.score / 2.5)::int % 5 end,
         jsonb_build_array(jsonb_build_object('questionId', 'nps', 'value', s.score)),
         now() - (i % 730) * interval '1 day' - (i % 86400) * interval '1 second', now()
       from generate_series(1, $2) i, lateral (select least(10, greatest(0, round(8.2 + 2.4 * (random() + random() + random() - 1.5))))::int as score offset 0) s`,
      [surveyId, responses, members],
    );
    // Inserted around the application, so rolled up the way migration 0018 rolls up existing responses.
    await client.query(await feedbackDailyBackfill());
    await client.query('analyze');
    return { surveyId, seconds: (Date.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

export async function timeMetrics(baseUrl: string, key: string, runs = 5): Promise<NpsBenchResult['timings']> {
  const queries = [
    '',
    '?by=store',
    '?by=staff',
    '?by=channel',
    '?by=category',
    '?by=tier',
    '?by=store&interval=month',
    '?by=survey&interval=week',
    '?from=2026-01-01T00:00:00Z&to=2026-07-01T00:00:00Z&by=store',
    // Partial days at both edges: those two days come from the responses themselves.
    '?from=2025-03-14T09:30:00Z&to=2026-02-02T17:45:00%2B01:00&by=category&interval=week',
  ];
  const timings: NpsBenchResult['timings'] = [];
  for (const query of queries) {
    const ms: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const started = performance.now();
      const response = await fetch(`${baseUrl}/v1/feedback/metrics${query}`, { headers: { authorization: `Bearer ${key}` } });
      if (!response.ok) throw new Error(`metrics${query}: ${response.status} ${await response.text()}`);
      await response.json();
      if (i > 0) ms.push(performance.now() - started); // the first run warms caches and plans
    }
    ms.sort((a, b) => a - b);
    timings.push({ query: `GET /v1/feedback/metrics${query}`, medianMs: Math.round(ms[Math.floor(ms.length / 2)]!), maxMs: Math.round(ms.at(-1)!) });
  }
  return timings;
}
