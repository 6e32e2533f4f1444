// Each trigger kind's set-based enrolment: who enters, with which occurrence key, and only once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earnForActivities } from '../src/modules/ledger/bulk-earn.js';
import { runJourneys } from '../src/modules/journeys/engine.js';
import { JOURNEY_TEMPLATES } from '../src/modules/journeys/templates.js';
import { call, createMemberVia, createTestApp, expectLedgerClean, orderBody, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.drop());

const TASK = [{ action: { type: 'create_task', title: 'Say hello', dueInDays: 1 } }];

async function journeyWith(trigger: object, at: string): Promise<string> {
  t.setNow(new Date(at));
  const response = await call(t, 'POST', '/v1/journeys', { name: JSON.stringify(trigger), trigger, steps: TASK });
  expect(response.status).toBe(201);
  return response.body.id;
}

async function memberAt(at: string, fields: Record<string, unknown> = {}): Promise<string> {
  t.setNow(new Date(at));
  return createMemberVia(t, fields);
}

async function orderAt(memberId: string, at: string): Promise<void> {
  t.setNow(new Date(at));
  expect((await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 1000 }], at))).status).toBe(201);
}

/** Runs the engine twice at `at` (the second pass must enrol nobody) and returns who is in, with their occurrence. */
async function enrolledAt(journeyId: string, at: string): Promise<Record<string, string>> {
  t.setNow(new Date(at));
  await runJourneys(t.db, t.config, t.now());
  expect((await runJourneys(t.db, t.config, t.now())).entered).toBe(0);
  const rows = await t.db.query<{ member_id: string; occurrence: string }>('select member_id, occurrence from journey_enrolments where journey_id = $1', [journeyId]);
  return Object.fromEntries(rows.map((row) => [row.member_id, row.occurrence]));
}

describe('journey triggers', () => {
  it('birthday: N days before, once per birthday year, across the new year and on Feb 28 for Feb 29', async () => {
    const journey = await journeyWith({ kind: 'birthday', daysBefore: 3 }, '2026-01-01T00:00:00Z');
    const soon = await memberAt('2026-01-01T00:00:00Z', { birthday: '1990-06-03' });
    const later = await memberAt('2026-01-01T00:00:00Z', { birthday: '1990-06-10' });
    const newYear = await memberAt('2026-01-01T00:00:00Z', { birthday: '1985-01-01' });
    const leap = await memberAt('2026-01-01T00:00:00Z', { birthday: '1996-02-29' });
    expect(await enrolledAt(journey, '2026-06-01T08:00:00Z')).toEqual({ [soon]: '2026' });
    expect(await enrolledAt(journey, '2026-12-30T08:00:00Z')).toEqual({ [soon]: '2026', [newYear]: '2027' });
    expect(await enrolledAt(journey, '2027-02-26T08:00:00Z')).toEqual({ [soon]: '2026', [newYear]: '2027', [leap]: '2027' });
    expect(later).toBeDefined();
  });

  it('anniversary: N years after joining, within a week of the day', async () => {
    const journey = await journeyWith({ kind: 'anniversary', years: 1 }, '2023-01-01T00:00:00Z');
    const due = await memberAt('2025-05-30T10:00:00Z');
    await memberAt('2024-05-30T10:00:00Z');
    await memberAt('2025-06-05T10:00:00Z');
    expect(await enrolledAt(journey, '2026-06-01T12:00:00Z')).toEqual({ [due]: 'year-1' });
  });

  it('order.count: the Nth order placed after the journey started, not the next order of someone long past N', async () => {
    const third = await memberAt('2026-03-01T10:00:00Z');
    const veteran = await memberAt('2026-03-01T10:00:00Z');
    await orderAt(third, '2026-03-02T10:00:00Z');
    await orderAt(third, '2026-03-03T10:00:00Z');
    for (const day of ['04', '05', '06', '07']) await orderAt(veteran, `2026-03-${day}T10:00:00Z`);
    const journey = await journeyWith({ kind: 'order.count', count: 3 }, '2026-03-10T00:00:00Z');
    await orderAt(third, '2026-03-11T10:00:00Z');
    await orderAt(veteran, '2026-03-11T11:00:00Z');
    expect(await enrolledAt(journey, '2026-03-11T12:00:00Z')).toEqual({ [third]: 'order-3' });
  });

  it('at_risk: overdue against the member’s own rhythm, once per lapse', async () => {
    const lapsed = await memberAt('2026-01-01T10:00:00Z');
    const regular = await memberAt('2026-01-01T10:00:00Z');
    for (const day of ['01', '11', '21']) await orderAt(lapsed, `2026-01-${day}T12:00:00Z`);
    for (const day of ['01', '11', '21']) await orderAt(regular, `2026-02-${day}T12:00:00Z`);
    const journey = await journeyWith({ kind: 'at_risk', minOverdue: 2 }, '2026-02-22T00:00:00Z');
    const enrolled = await enrolledAt(journey, '2026-02-25T12:00:00Z');
    expect(Object.keys(enrolled)).toEqual([lapsed]);
    expect(enrolled[lapsed]).toMatch(/^lapse-2026-01-21/);
  });

  it('tier.upgraded: upgrades after the journey started, to the given tier', async () => {
    const ladder = { basis: 'spend', window: { type: 'calendar_year' }, graceDays: 30, tiers: [{ id: 'member', name: 'Member', threshold: 0 }, { id: 'silver', name: 'Silver', threshold: 5_000 }] };
    t.setNow(new Date('2026-04-01T00:00:00Z'));
    expect((await call(t, 'PUT', '/v1/program/tiers', ladder)).status).toBe(200);
    const journey = await journeyWith({ kind: 'tier.upgraded', tier: 'silver' }, '2026-04-01T00:00:00Z');
    const climber = await memberAt('2026-04-02T10:00:00Z');
    await memberAt('2026-04-02T10:00:00Z');
    t.setNow(new Date('2026-04-02T11:00:00Z'));
    expect((await call(t, 'POST', '/v1/orders', orderBody(climber, [{ unitPrice: 6_000 }], '2026-04-02T11:00:00Z'))).status).toBe(201);
    const enrolled = await enrolledAt(journey, '2026-04-02T12:00:00Z');
    expect(Object.keys(enrolled)).toEqual([climber]);
    expect(enrolled[climber]).toMatch(/^tch_/);
  });

  it('only members of the segment a trigger names enter', async () => {
    t.setNow(new Date('2026-07-01T00:00:00Z'));
    const vips = await call(t, 'POST', '/v1/segments', { name: 'VIPs', filter: { tags: ['vip'] } });
    expect(vips.status, JSON.stringify(vips.body)).toBe(201);
    const journey = await journeyWith({ kind: 'member.enrolled', segmentId: vips.body.id }, '2026-07-01T00:00:00Z');
    const vip = await memberAt('2026-07-02T10:00:00Z', { tags: ['vip'] });
    await memberAt('2026-07-02T10:00:00Z');
    expect(await enrolledAt(journey, '2026-07-02T12:00:00Z')).toEqual({ [vip]: 'joined' });
    expect((await call(t, 'DELETE', `/v1/segments/${vips.body.id}`)).body.code).toBe('segment_in_use');
    const unknown = await call(t, 'POST', '/v1/journeys', { name: 'x', trigger: { kind: 'birthday', segmentId: 'seg_01jd3x8k2q9v7c4m5n6p7r8s9t' }, steps: TASK });
    expect(unknown.body).toMatchObject({ code: 'journey_reference_unknown', errors: [{ path: 'body.trigger.segmentId' }] });
  });

  it('segment with reentryAfterDays: back in after leaving, not before N days since the last entry', async () => {
    t.setNow(new Date('2026-08-01T00:00:00Z'));
    const lapsed = await call(t, 'POST', '/v1/segments', { name: 'Lapsed', filter: { tags: ['lapsed'] } });
    const journey = await journeyWith({ kind: 'segment', segmentId: lapsed.body.id, reentryAfterDays: 10 }, '2026-08-01T00:00:00Z');
    const leaver = await memberAt('2026-08-01T00:00:00Z', { tags: ['lapsed'] });
    const stayer = await memberAt('2026-08-01T00:00:00Z', { tags: ['lapsed'] });
    const tag = async (memberId: string, tags: string[], at: string) => {
      t.setNow(new Date(at));
      expect((await call(t, 'PATCH', `/v1/members/${memberId}`, { tags })).status).toBe(200);
    };
    const entries = async (memberId: string) =>
      (await t.db.query<{ occurrence: string }>('select occurrence from journey_enrolments where journey_id = $1 and member_id = $2 order by entered_at', [journey, memberId])).map((r) => r.occurrence);

    await enrolledAt(journey, '2026-08-01T12:00:00Z');
    await tag(leaver, [], '2026-08-02T00:00:00Z');
    await enrolledAt(journey, '2026-08-02T12:00:00Z'); // finds the leaver out
    await tag(leaver, ['lapsed'], '2026-08-05T00:00:00Z');
    await enrolledAt(journey, '2026-08-05T12:00:00Z'); // back, but only 4 days after entering
    expect(await entries(leaver)).toEqual(['segment']);
    await enrolledAt(journey, '2026-08-12T12:00:00Z');
    expect(await entries(leaver)).toEqual(['segment', 'segment-2026-08-12T12:00:00.000000Z']);
    expect(await entries(stayer)).toEqual(['segment']);
    await enrolledAt(journey, '2026-08-30T12:00:00Z'); // has not left since
    expect(await entries(leaver)).toHaveLength(2);
  });

  it('the 1-year anniversary template: regulars get points, a task and a thank-you; others leave', async () => {
    const template = JOURNEY_TEMPLATES.find((candidate) => candidate.key === 'anniversary')!.journey;
    t.setNow(new Date('2025-01-01T00:00:00Z'));
    const journey = (await call(t, 'POST', '/v1/journeys', template)).body.id;
    const regulars = [await memberAt('2025-03-01T10:00:00Z', { marketingConsent: true }), await memberAt('2025-03-01T10:00:00Z')];
    const occasional = await memberAt('2025-03-01T10:00:00Z');
    for (const memberId of regulars) for (const day of ['05', '12', '19']) await orderAt(memberId, `2025-03-${day}T10:00:00Z`);
    await orderAt(occasional, '2025-03-05T10:00:00Z');
    const points = async (memberId: string) => (await call(t, 'GET', `/v1/members/${memberId}/balance`)).body.available;
    expect(await enrolledAt(journey, '2026-03-02T10:00:00Z')).toEqual({ [regulars[0]!]: 'year-1', [regulars[1]!]: 'year-1', [occasional]: 'year-1' });
    // The orders' pending lots unlock in the same grant: what they earned is available too.
    expect(await Promise.all(regulars.map(points))).toEqual([330, 330]);
    expect(await points(occasional)).toBe(10);
    const statuses = await t.db.query<{ member_id: string; status: string }>('select member_id, status from journey_enrolments where journey_id = $1 order by member_id', [journey]);
    expect(Object.fromEntries(statuses.map((r) => [r.member_id, r.status]))).toEqual({ [regulars[0]!]: 'completed', [regulars[1]!]: 'completed', [occasional]: 'exited' });
    const tasks = await t.db.query<{ member_id: string }>('select member_id from journey_tasks where journey_id = $1', [journey]);
    expect(tasks.map((r) => r.member_id).sort()).toEqual([...regulars].sort());
    const emails = await t.db.query<{ member_id: string }>("select member_id from messages where source_key like '%:1'");
    expect(emails.map((r) => r.member_id)).toContain(regulars[0]);
    await expectLedgerClean(t);
  });

  it('grants many members at once exactly as one by one, maturing those whose lots are due', async () => {
    const plain = await memberAt('2026-09-01T10:00:00Z');
    const due = await memberAt('2026-09-01T10:00:00Z');
    await orderAt(due, '2026-09-01T11:00:00Z');
    const now = new Date('2026-11-01T00:00:00Z');
    const entries = await t.db.transaction((tx) => earnForActivities(tx, t.config.program, { memberIds: [due, plain], points: 40, details: { source: 'test' }, occurredAt: now }, { id: 'test' }));
    expect([...entries.keys()].sort()).toEqual([due, plain].sort());
    t.setNow(now);
    expect((await call(t, 'GET', `/v1/members/${plain}/balance`)).body).toMatchObject({ available: 40, pending: 0 });
    expect((await call(t, 'GET', `/v1/members/${due}/balance`)).body).toMatchObject({ available: 50, pending: 0 });
    const events = await t.db.query<{ member_id: string }>("select member_id from outbox where type = 'points.earned' and payload->>'source' = 'test'");
    expect(events.map((e) => e.member_id).sort()).toEqual([due, plain].sort());
    await expectLedgerClean(t);
  });

  it('a batch that fails as it records its steps leaves nothing behind; the next pass does each step once', async () => {
    t.setNow(new Date('2026-09-30T00:00:00Z'));
    const journey = (
      await call(t, 'POST', '/v1/journeys', { name: 'All or nothing', trigger: { kind: 'member.enrolled' }, steps: [{ action: { type: 'grant_points', points: 25, reason: 'hello' } }, ...TASK] })
    ).body.id;
    const members = [await memberAt('2026-10-01T10:00:00Z'), await memberAt('2026-10-01T10:00:00Z'), await memberAt('2026-10-01T10:00:00Z')];
    const done = async () => {
      const [row] = await t.db.query<{ entries: number; tasks: number; runs: number }>(
        `select (select count(*) from ledger_entries where member_id = any($1::text[]) and details->>'journeyId' = $2)::int as entries,
           (select count(*) from journey_tasks where journey_id = $2)::int as tasks,
           (select count(*) from journey_step_runs r join journey_enrolments e on e.id = r.enrolment_id where e.journey_id = $2)::int as runs`,
        [members, journey],
      );
      return row;
    };
    // The crash stand-in: the batch's last statements fail after points and tasks were written.
    await t.db.exec(`create function refuse_step_runs() returns trigger language plpgsql as $$ begin raise exception 'crash'; end $$;
      create trigger refuse_step_runs before insert on journey_step_runs for each statement execute function refuse_step_runs();`);
    t.setNow(new Date('2026-10-01T12:00:00Z'));
    await expect(runJourneys(t.db, t.config, t.now())).rejects.toThrow(/crash/);
    expect(await done()).toEqual({ entries: 0, tasks: 0, runs: 0 });
    await t.db.exec('drop trigger refuse_step_runs on journey_step_runs; drop function refuse_step_runs();');
    await runJourneys(t.db, t.config, t.now());
    await runJourneys(t.db, t.config, t.now());
    expect(await done()).toEqual({ entries: 3, tasks: 3, runs: 6 });
    await expectLedgerClean(t);
  });
});
