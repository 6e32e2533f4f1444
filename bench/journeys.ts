// Journey enrolment at scale: members with birthdays, join dates and per-member order aggregates seeded
// in SQL, the five template journeys created a day ago, then one enrolment pass of the engine timed.
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createDatabase } from '../src/db/client.js';
import { enrolMembers } from '../src/modules/journeys/enrolment.js';
import { createJourney, type JourneyRow } from '../src/modules/journeys/service.js';
import { JOURNEY_TEMPLATES } from '../src/modules/journeys/templates.js';

export interface JourneyBenchResult {
  members: number;
  seedSeconds: number;
  seconds: number;
  entered: Record<string, number>;
}

/**
 * Members joined over three years (so a few hundred joined in the last day and some have their
 * anniversary this week), birthdays over the year; two in three have order aggregates with rhythms
 * from daily to twice a year, some lapsed.
 */
export async function seedJourneyMembers(url: string, members: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  try {
    await client.query(
      `insert into members (id, email, name, birthday, locale, marketing_consent, created_at, updated_at)
       select 'mem_jb' || lpad(i::text, 24, '0'), 'm' || i || '@bench.example', 'Bench ' || i, date '1960-01-01' + ((i::int8 * 7919) % 14600)::int,
         (array['en','de','fr'])[1 + i % 3], i % 2 = 0, now() - ((i::int8 * 104729) % 94608000) * interval '1 second', now()
       from generate_series(1, $1) i`,
      [members],
    );
    await client.query(
      `insert into member_order_stats (member_id, currency, orders, spend, refunded, discount, full_price_spend, first_order_at, last_order_at)
       select 'mem_jb' || lpad(i::text, 24, '0'), 'EUR', 1 + i % 20, 2500 * (1 + i % 20), 0, 0, 2500 * (1 + i % 20),
         now() - (400 + i % 300) * interval '1 day', now() - (i % 390) * interval '1 day'
       from generate_series(1, $1) i where i % 3 <> 0`,
      [members],
    );
    await client.query('vacuum analyze');
    return (Date.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

/** Creates the five template journeys as of a day ago and times one enrolment pass over all of them. */
export async function measureJourneyEnrolment(url: string, members: number, seedSeconds: number): Promise<JourneyBenchResult> {
  const config = loadConfig({}, { databaseUrl: url, poolSize: 4, logLevel: 'silent' });
  const db = createDatabase(config);
  try {
    const now = new Date();
    const dayAgo = new Date(now.getTime() - 86_400_000);
    for (const template of JOURNEY_TEMPLATES) await db.transaction((tx) => createJourney(tx, template.journey, dayAgo));
    const journeys = await db.query<JourneyRow>('select * from journeys order by id');
    const entered: Record<string, number> = {};
    const started = performance.now();
    for (const journey of journeys) entered[journey.name] = await enrolMembers(db, config, journey, now);
    return { members, seedSeconds, seconds: (performance.now() - started) / 1000, entered };
  } finally {
    await db.close();
  }
}

export function describeJourneyBench(result: JourneyBenchResult): string {
  const counts = Object.entries(result.entered).map(([name, n]) => `${name} ${n}`).join(', ');
  return `journey enrolment over ${result.members} members, 5 template journeys: ${result.seconds.toFixed(1)} s (target < 60; entered: ${counts})`;
}
