// Each trigger kind's set-based enrolment: who enters, with which occurrence key, and only once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJourneys } from '../src/modules/journeys/engine.js';
import { call, createMemberVia, createTestApp, orderBody, type TestApp } from './harness.js';

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
});
