// Races: many requests for the same member, key, order line or externalId at once. On PostgreSQL they
// run on separate pooled connections (the harness sets poolSize 40); on PGlite the single connection
// serializes them. Either way the outcome must be the same.
import { withRowLockHeld } from './processes.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMemberVia, createTestApp, expectLedgerClean, orderBody, type TestApp, testBackend } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.drop());

type Response = Awaited<ReturnType<typeof call>>;

const afterReturnWindow = new Date('2026-07-15T00:00:00Z');

function statuses(responses: Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.status] = (counts[response.status] ?? 0) + 1;
  return counts;
}

async function count(text: string, params: unknown[]): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(`select count(*)::int8 as n from (${text}) q`, params);
  return row!.n;
}

/** A member whose only points are `points` available ones (earned by an order, past its return window). */
async function memberWithAvailablePoints(points: number): Promise<string> {
  t.setNow(new Date('2026-06-01T12:00:00Z'));
  const memberId = await createMemberVia(t);
  const order = await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: points * 100 }]));
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  expect(order.body.points).toBe(points);
  t.setNow(afterReturnWindow);
  const balance = await call(t, 'GET', `/v1/members/${memberId}/balance`);
  expect(balance.body).toMatchObject({ available: points, pending: 0 });
  return memberId;
}


describe('concurrent redemptions', () => {
  it('100 parallel redemptions of 10 against 100 points: exactly 10 succeed, never overdrawn', async () => {
    if (testBackend === 'postgres') expect(t.config.poolSize).toBeGreaterThanOrEqual(40);
    const memberId = await memberWithAvailablePoints(100);
    const burst = () =>
      Promise.all(Array.from({ length: 100 }, () => call(t, 'POST', `/v1/members/${memberId}/redemptions`, { points: 10 })));
    // On PostgreSQL, make sure most of the pool is waiting on the member's lock at the same moment.
    const responses = testBackend === 'postgres' ? await withRowLockHeld(t.config.databaseUrl, 'select 1 from accounts where member_id = $1 for update', [memberId], 30, burst) : await burst();

    expect(statuses(responses)).toEqual({ 201: 10, 422: 90 });
    for (const refused of responses.filter((r) => r.status === 422)) {
      expect(refused.body.code).toBe('points_insufficient');
    }
    const succeeded = responses.filter((r) => r.status === 201);
    // Each success saw a distinct balance after it: 90, 80, …, 0.
    expect(succeeded.map((r) => r.body.balance.available).sort((a: number, b: number) => a - b)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(new Set(succeeded.map((r) => r.body.entryId)).size).toBe(10);

    const balance = await call(t, 'GET', `/v1/members/${memberId}/balance`);
    expect(balance.body).toMatchObject({ available: 0, pending: 0, debt: 0, lifetime: { earned: 100, spent: 100 } });
    expect(await count(`select 1 from ledger_entries where member_id = $1 and kind = 'redeem'`, [memberId])).toBe(10);
    await expectLedgerClean(t);
  });
});

describe('concurrent retries with one Idempotency-Key', () => {
  it('20 parallel POST /v1/orders with the same key record one order and one earning', async () => {
    t.setNow(new Date('2026-06-01T12:00:00Z'));
    const memberId = await createMemberVia(t);
    const body = orderBody(memberId, [{ unitPrice: 1250, quantity: 2 }, { unitPrice: 999 }]);
    const headers = { 'idempotency-key': `order-race-${memberId}` };
    const responses = await Promise.all(Array.from({ length: 20 }, () => call(t, 'POST', '/v1/orders', body, { headers })));

    expect(statuses(responses)).toEqual({ 201: 20 });
    const first = responses[0]!.body;
    for (const response of responses) expect(response.body).toEqual(first);
    expect(first.points).toBe(34);
    const replayed = responses.filter((r) => r.headers['idempotent-replayed'] === 'true');
    expect(replayed).toHaveLength(19);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);

    expect(await count('select 1 from orders where external_id = $1', [body.externalId])).toBe(1);
    expect(await count('select 1 from orders where member_id = $1', [memberId])).toBe(1);
    expect(await count(`select 1 from ledger_entries where member_id = $1 and kind = 'earn'`, [memberId])).toBe(1);
    expect(await count('select 1 from point_lots where member_id = $1', [memberId])).toBe(1);
    const balance = await call(t, 'GET', `/v1/members/${memberId}/balance`);
    expect(balance.body).toMatchObject({ pending: 34, available: 0, lifetime: { earned: 34 } });

    // A later retry still replays the same order.
    const late = await call(t, 'POST', '/v1/orders', body, { headers });
    expect(late.status).toBe(201);
    expect(late.headers['idempotent-replayed']).toBe('true');
    expect(late.body).toEqual(first);
    await expectLedgerClean(t);
  });

  it('20 parallel redemptions with the same key spend once', async () => {
    const memberId = await memberWithAvailablePoints(100);
    const headers = { 'idempotency-key': `redeem-race-${memberId}` };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => call(t, 'POST', `/v1/members/${memberId}/redemptions`, { points: 30, reference: 'reward-1' }, { headers })),
    );

    expect(statuses(responses)).toEqual({ 201: 20 });
    const first = responses[0]!.body;
    for (const response of responses) expect(response.body).toEqual(first);
    expect(first).toMatchObject({ memberId, points: -30, balance: { available: 70, pending: 0 } });
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);

    expect(await count(`select 1 from ledger_entries where member_id = $1 and kind = 'redeem'`, [memberId])).toBe(1);
    const balance = await call(t, 'GET', `/v1/members/${memberId}/balance`);
    expect(balance.body).toMatchObject({ available: 70, lifetime: { spent: 30 } });
    await expectLedgerClean(t);
  });
});

describe('concurrent refunds of one order line', () => {
  it('10 parallel refunds of 1 unit on a line of 5: exactly 5 succeed, the line’s points clawed back exactly', async () => {
    t.setNow(new Date('2026-06-01T12:00:00Z'));
    const memberId = await createMemberVia(t);
    // Line l1: 5 × 10.00 = 50 points; line l2: 7.00 = 7 points.
    const order = await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 1000, quantity: 5 }, { unitPrice: 700 }]));
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.body.lines.map((l: { points: number }) => l.points)).toEqual([50, 7]);
    const orderId = order.body.id as string;

    const responses = await Promise.all(
      Array.from({ length: 10 }, () => call(t, 'POST', `/v1/orders/${orderId}/refunds`, { lines: [{ lineId: 'l1', quantity: 1 }] })),
    );

    expect(statuses(responses)).toEqual({ 201: 5, 422: 5 });
    for (const refused of responses.filter((r) => r.status === 422)) expect(refused.body.code).toBe('refund_exceeds_order');
    const refunds = responses.filter((r) => r.status === 201).map((r) => r.body);
    expect(refunds.reduce((sum, r) => sum + r.points, 0)).toBe(50);
    expect(refunds.reduce((sum, r) => sum + r.amount, 0)).toBe(5000);
    for (const refund of refunds) expect(refund).toMatchObject({ points: 10, amount: 1000, debt: 0, forgiven: 0 });

    const after = await call(t, 'GET', `/v1/orders/${orderId}`);
    expect(after.body.lines[0]).toMatchObject({ lineId: 'l1', refundedQuantity: 5 });
    expect(after.body.lines[1]).toMatchObject({ lineId: 'l2', refundedQuantity: 0 });
    const [line] = await t.db.query<{ clawed_back_points: number }>(
      `select clawed_back_points from order_lines where order_id = $1 and line_id = 'l1'`,
      [orderId],
    );
    expect(line!.clawed_back_points).toBe(50);
    expect(await count('select 1 from refunds where order_id = $1', [orderId])).toBe(5);

    const balance = await call(t, 'GET', `/v1/members/${memberId}/balance`);
    expect(balance.body).toMatchObject({ pending: 7, available: 0, debt: 0, lifetime: { earned: 57, clawedBack: 50 } });
    await expectLedgerClean(t);
  });
});

describe('concurrent orders with one externalId', () => {
  it('exactly one is recorded, the others are 409 order_already_recorded', async () => {
    t.setNow(new Date('2026-06-01T12:00:00Z'));
    const memberId = await createMemberVia(t);
    const body = orderBody(memberId, [{ unitPrice: 2000 }]);
    const responses = await Promise.all(Array.from({ length: 10 }, () => call(t, 'POST', '/v1/orders', body)));

    expect(statuses(responses)).toEqual({ 201: 1, 409: 9 });
    for (const refused of responses.filter((r) => r.status === 409)) expect(refused.body.code).toBe('order_already_recorded');
    expect(await count('select 1 from orders where external_id = $1', [body.externalId])).toBe(1);
    expect(await count(`select 1 from ledger_entries where member_id = $1 and kind = 'earn'`, [memberId])).toBe(1);
    const balance = await call(t, 'GET', `/v1/members/${memberId}/balance`);
    expect(balance.body).toMatchObject({ pending: 20, lifetime: { earned: 20 } });
    await expectLedgerClean(t);
  });
});
