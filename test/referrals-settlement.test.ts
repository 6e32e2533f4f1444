// Settling referrals: once under concurrent first orders, the referrer cap, the catch-up job, refunds
// of the qualifying order, and what an order costs with and without a referral program.
import { withRowLockHeld } from './processes.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Sql } from '../src/db/client.js';
import { recordOrder } from '../src/modules/orders/service.js';
import { findJob } from '../src/worker/schedule.js';
import { call, createMemberVia, createTestApp, expectLedgerClean, orderBody, testBackend, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.drop());

const PROGRAM = {
  enabled: true,
  referrerReward: { points: 500 },
  refereeReward: { points: 300 },
  qualifyingPurchase: { minTotal: 2000, currency: 'EUR', withinDays: 30 },
  referrerCap: { limit: 2, period: 'year' },
};
const START = new Date('2026-06-01T12:00:00Z');
const DAY_MS = 86_400_000;

async function refer(referrerId: string): Promise<string> {
  const refereeId = await createMemberVia(t, { name: 'Newcomer' });
  const code = (await call(t, 'GET', `/v1/members/${referrerId}/referral`)).body.code;
  const response = await call(t, 'POST', '/v1/referrals', { code, memberId: refereeId });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return refereeId;
}

async function referralOf(refereeId: string) {
  return (await call(t, 'GET', `/v1/members/${refereeId}/referrals`)).body.referredBy;
}

async function available(memberId: string): Promise<number> {
  return (await call(t, 'GET', `/v1/members/${memberId}/balance`)).body.available;
}

async function count(text: string, params: unknown[]): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(`select count(*)::int8 as n from (${text}) q`, params);
  return row!.n;
}

/** Every statement the app sends while `run` runs, in transactions too. */
async function statementsDuring(run: () => Promise<void>): Promise<string[]> {
  const texts: string[] = [];
  const db = t.db;
  const query = db.query.bind(db);
  const transaction = db.transaction.bind(db);
  const spies = [
    vi.spyOn(db, 'query').mockImplementation((text: string, params?: readonly unknown[]) => {
      texts.push(text);
      return query(text, params);
    }),
    vi.spyOn(db, 'transaction').mockImplementation((fn: (tx: Sql) => Promise<unknown>) =>
      transaction((tx) =>
        fn({
          query: (text: string, params?: readonly unknown[]) => {
            texts.push(text);
            return tx.query(text, params);
          },
        } as Sql),
      ),
    ),
  ];
  try {
    await run();
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
  return texts;
}

const aboutReferrals = (texts: string[]) => texts.filter((text) => /\breferrals\b/.test(text));

async function orderAndRefund(memberId: string): Promise<void> {
  const order = await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 2500 }]));
  expect(order.status).toBe(201);
  expect((await call(t, 'POST', `/v1/orders/${order.body.id}/refunds`, { lines: [{ lineId: 'l1', quantity: 1 }] })).status).toBe(201);
}

describe('without a referral program', () => {
  it('an order or a refund runs no referral query at all', async () => {
    const memberId = await createMemberVia(t);
    const texts = await statementsDuring(() => orderAndRefund(memberId));
    expect(texts.some((text) => text.includes('insert into refunds'))).toBe(true);
    expect(aboutReferrals(texts)).toEqual([]);
  });
});

describe('with a referral program', () => {
  beforeAll(async () => {
    expect((await call(t, 'PUT', '/v1/program/referrals', PROGRAM)).status).toBe(200);
  });

  it('an order and a refund for a member who is not a referee cost one indexed referral statement each', async () => {
    const memberId = await createMemberVia(t);
    const texts = aboutReferrals(await statementsDuring(() => orderAndRefund(memberId)));
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/where referee_id = \$1 and status = 'pending'/);
    expect(texts[1]).toMatch(/where order_id = \$1 and status = 'completed'/);
  });

  it('two concurrent first orders complete the referral once: one pair of rewards, one event', async () => {
    const ben = await createMemberVia(t);
    const anna = await refer(ben);
    const { id } = await referralOf(anna);
    const burst = () => Promise.all([1, 2].map(() => call(t, 'POST', '/v1/orders', orderBody(anna, [{ unitPrice: 3000 }]))));
    const orders = testBackend === 'postgres' ? await withRowLockHeld(t.config.databaseUrl, 'select 1 from referrals where id = $1 for update', [id], 2, burst) : await burst();
    expect(orders.map((o) => o.status)).toEqual([201, 201]);

    const referral = await referralOf(anna);
    expect(referral.status).toBe('completed');
    expect(orders.map((o) => o.body.id)).toContain(referral.orderId);
    expect(await count(`select 1 from ledger_entries where details->'referral'->>'id' = $1`, [id])).toBe(2);
    expect(await count(`select 1 from outbox where type = 'referral.completed' and payload->>'referralId' = $1`, [id])).toBe(1);
    expect(await available(ben)).toBe(500);
    expect(await available(anna)).toBe(300);
    await expectLedgerClean(t);
  });

  it('over the cap the referral completes, the new member is rewarded and the referrer is not, with the reason', async () => {
    const ben = await createMemberVia(t);
    const newcomers = [await refer(ben), await refer(ben), await refer(ben)];
    for (const newcomer of newcomers) expect((await call(t, 'POST', '/v1/orders', orderBody(newcomer, [{ unitPrice: 2000 }]))).status).toBe(201);
    const referrals = await Promise.all(newcomers.map(referralOf));
    expect(referrals.map((r) => [r.status, r.rewards.referrer.points, r.rewards.referrer.skipped, r.rewards.referee.points])).toEqual([
      ['completed', 500, null, 300],
      ['completed', 500, null, 300],
      ['completed', 0, 'cap_reached', 300],
    ]);
    expect(referrals[2].explanation).toContain('nothing to the referrer (cap reached)');
    expect(await available(ben)).toBe(1000);
    expect(await available(newcomers[2]!)).toBe(300);
  });

  it('the referrals job completes what a crash left pending and expires what is past its deadline', async () => {
    const ben = await createMemberVia(t);
    const crashed = await refer(ben);
    const idle = await refer(ben);
    // Recorded without the route, as if the process died before settling.
    await recordOrder(t.db, t.config.program, orderBody(crashed, [{ unitPrice: 2500 }]), { now: START, claim: null });
    const job = findJob('referrals')!;
    expect(await job.run(t.db, START, t.config)).toEqual({ checked: 1, completed: 1, rejected: 0, expired: 0 });
    expect((await referralOf(crashed)).status).toBe('completed');
    expect((await referralOf(idle)).status).toBe('pending');
    expect(await job.run(t.db, START, t.config)).toEqual({ checked: 0, completed: 0, rejected: 0, expired: 0 });

    const later = new Date(START.getTime() + 31 * DAY_MS);
    const result = await job.run(t.db, later, t.config);
    expect(result.expired).toBeGreaterThanOrEqual(1);
    expect(await referralOf(idle)).toMatchObject({ status: 'expired', reason: 'window_passed' });
    // An order after the deadline does not revive it.
    t.setNow(later);
    try {
      expect((await call(t, 'POST', '/v1/orders', orderBody(idle, [{ unitPrice: 9000 }], later.toISOString()))).status).toBe(201);
      expect((await referralOf(idle)).status).toBe('expired');
    } finally {
      t.setNow(START);
    }
  });

  it('while the program is off nothing settles; the job catches up once it is on again', async () => {
    const ben = await createMemberVia(t);
    const anna = await refer(ben);
    expect((await call(t, 'PUT', '/v1/program/referrals', { ...PROGRAM, enabled: false })).status).toBe(200);
    try {
      expect((await call(t, 'POST', '/v1/orders', orderBody(anna, [{ unitPrice: 2500 }]))).status).toBe(201);
      expect((await referralOf(anna)).status).toBe('pending');
      expect(await findJob('referrals')!.run(t.db, START, t.config)).toEqual({ checked: 0, completed: 0, rejected: 0, expired: 0 });
    } finally {
      expect((await call(t, 'PUT', '/v1/program/referrals', PROGRAM)).status).toBe(200);
    }
    await findJob('referrals')!.run(t.db, START, t.config);
    expect((await referralOf(anna)).status).toBe('completed');
  });
});

describe('refunds of the qualifying order', () => {
  async function completed(): Promise<{ ben: string; anna: string; orderId: string }> {
    const ben = await createMemberVia(t);
    const anna = await refer(ben);
    const order = await call(t, 'POST', '/v1/orders', orderBody(anna, [{ unitPrice: 2000, lineId: 'a' }, { unitPrice: 1000, lineId: 'b' }]));
    expect((await referralOf(anna)).status).toBe('completed');
    return { ben, anna, orderId: order.body.id };
  }

  it('within the return window, a refund leaving less than the minimum reverses both bonuses', async () => {
    const { ben, anna, orderId } = await completed();
    // 20.00 of 30.00 left: still the minimum, nothing changes.
    expect((await call(t, 'POST', `/v1/orders/${orderId}/refunds`, { lines: [{ lineId: 'b', quantity: 1 }] })).status).toBe(201);
    expect((await referralOf(anna)).status).toBe('completed');
    expect((await call(t, 'POST', `/v1/orders/${orderId}/refunds`, { lines: [{ lineId: 'a', quantity: 1 }] })).status).toBe(201);
    const referral = await referralOf(anna);
    expect(referral).toMatchObject({ status: 'reversed', reason: 'order_refunded' });
    expect(await available(ben)).toBe(0);
    expect(await available(anna)).toBe(0);
    const reversals = await t.db.query<{ reverses_entry_id: string }>(`select reverses_entry_id from ledger_entries where kind = 'reversal' and member_id = any($1::text[])`, [[ben, anna]]);
    expect(reversals.map((r) => r.reverses_entry_id).sort()).toEqual([referral.rewards.referrer.entryId, referral.rewards.referee.entryId].sort());
    expect(await count(`select 1 from outbox where type = 'referral.reversed' and member_id = $1`, [ben])).toBe(1);
    await expectLedgerClean(t);
  });

  it('spent bonus points become debt under the default clawback policy', async () => {
    const { anna, orderId } = await completed();
    expect((await call(t, 'POST', `/v1/members/${anna}/redemptions`, { points: 300 })).status).toBe(201);
    expect((await call(t, 'POST', `/v1/orders/${orderId}/refunds`, { lines: [{ lineId: 'a', quantity: 1 }, { lineId: 'b', quantity: 1 }] })).status).toBe(201);
    expect((await call(t, 'GET', `/v1/members/${anna}/balance`)).body).toMatchObject({ available: -300, debt: 300 });
    await expectLedgerClean(t);
  });

  it('after the return window, a refund leaves the bonuses', async () => {
    const { ben, orderId, anna } = await completed();
    t.setNow(new Date(START.getTime() + 31 * DAY_MS));
    try {
      expect((await call(t, 'POST', `/v1/orders/${orderId}/refunds`, { lines: [{ lineId: 'a', quantity: 1 }, { lineId: 'b', quantity: 1 }] })).status).toBe(201);
    } finally {
      t.setNow(START);
    }
    expect((await referralOf(anna)).status).toBe('completed');
    expect(await available(ben)).toBe(500);
  });
});

