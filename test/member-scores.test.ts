// The member-scores job over a simulated base: models fitted on everyone's aggregates, every buyer
// scored, the API showing P(alive), CLV, the true-loyalty index and the live rhythm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateCustomers } from '../src/modules/analytics/clv/simulate.js';
import { memberScoresJoinSql, pAliveBandOf, pAliveBandSql } from '../src/modules/analytics/p-alive.js';
import { refreshMemberScores } from '../src/modules/analytics/scores.js';
import { render, sql } from '../src/db/statement.js';
import { call, createMemberVia, createTestApp, orderBody, type TestApp } from './harness.js';

let t: TestApp;
const now = new Date('2026-12-01T00:00:00Z');
const WEEK = 7 * 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(now);
  // 400 simulated customers (weeks), written straight into the aggregates the job reads.
  const customers = simulateCustomers({ customers: 400, bgnbd: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, gammaGamma: { p: 6, q: 4, v: 15 }, maxT: 52, seed: 7 });
  const rows = customers.map((c, i) => {
    const first = new Date(now.getTime() - c.T * WEEK);
    const orders = c.frequency + 1;
    return { id: `mem_sim${String(i).padStart(23, '0')}`, orders, spend: Math.max(1, Math.round(c.monetaryValue * 100)) * orders, first, last: new Date(first.getTime() + c.recency * WEEK) };
  });
  await t.db.query(`insert into members (id, name) select r.id, 'Sim' from jsonb_to_recordset($1::jsonb) as r(id text)`, [JSON.stringify(rows)]);
  await t.db.query(
    `insert into member_order_stats (member_id, currency, orders, spend, discount, full_price_spend, first_order_at, last_order_at)
     select r.id, 'EUR', r.orders, r.spend, 0, r.spend, r.first, r.last from jsonb_to_recordset($1::jsonb) as r(id text, orders int, spend int8, first timestamptz, last timestamptz)`,
    [JSON.stringify(rows)],
  );
});
afterAll(() => t.drop());

describe('member scores', () => {
  it('fits the models on the base and scores every buyer; the API shows them with the live rhythm', async () => {
    const memberId = await createMemberVia(t);
    expect((await call(t, 'GET', `/v1/members/${memberId}/scores`)).body).toEqual({ memberId, scoredAt: null, clv: null, pAliveBand: 'unscored', trueLoyalty: null, rhythm: null });
    for (const day of ['2026-09-01', '2026-10-01']) await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 2_500 }], `${day}T10:00:00Z`));
    const oneTimer = await createMemberVia(t);
    await call(t, 'POST', '/v1/orders', orderBody(oneTimer, [{ unitPrice: 2_500 }], '2025-01-10T10:00:00Z'));

    expect(await refreshMemberScores(t.db, t.config, now)).toEqual({ members: 402, fitted: 1 });
    const [fit] = await t.db.query<{ customers: number; params: { bgnbd: { r: number } } }>('select customers, params from clv_fits');
    expect(fit!.customers).toBe(402);
    expect(fit!.params.bgnbd.r).toBeGreaterThan(0);

    const scores = await call(t, 'GET', `/v1/members/${memberId}/scores`);
    expect(scores.status, JSON.stringify(scores.body)).toBe(200);
    expect(scores.body.clv.pAlive).toBeGreaterThan(0);
    expect(scores.body.clv.pAlive).toBeLessThanOrEqual(1);
    expect(scores.body.clv.expectedPurchases90d).toBeGreaterThan(0);
    expect(scores.body.pAliveBand).toBe(pAliveBandOf(scores.body.clv.pAlive));
    // A one-time buyer: the model's P(alive) of 1 is reported raw, but banded as the segment filter bands it.
    const once = await call(t, 'GET', `/v1/members/${oneTimer}/scores`);
    expect(once.body.clv.pAlive).toBe(1);
    expect(once.body.pAliveBand).toBe('unscored');
    const bandQuery = render(sql`select ${pAliveBandSql(sql`pa.p_alive`)} as band from members m ${memberScoresJoinSql(sql`m.id`)} where m.id = ${oneTimer}`);
    const [segmentBand] = await t.db.query<{ band: string }>(bandQuery.text, bandQuery.params);
    expect(segmentBand!.band).toBe('unscored');
    expect(scores.body.clv.expectedClv365d).toBeGreaterThan(0);
    expect(scores.body.trueLoyalty).toMatchObject({ parts: { paysFullPrice: 30, recommends: 0 } });
    expect(scores.body.rhythm).toEqual({ usualIntervalDays: 30, overdue: 2.02 }); // 60.6 days since 1 Oct 10:00

    const [counts] = await t.db.query<{ n: number; nulls: number }>('select count(*)::int as n, count(*) filter (where p_alive is null)::int as nulls from member_scores');
    expect(counts).toEqual({ n: 402, nulls: 0 });
    const distribution = await call(t, 'GET', '/v1/analytics/true-loyalty');
    expect(distribution.body.members).toBe(402);
    expect(distribution.body.histogram.reduce((sum: number, h: { members: number }) => sum + h.members, 0)).toBe(402);

    const clv = await call(t, 'GET', '/v1/analytics/clv/distribution?buckets=8');
    expect(clv.status, JSON.stringify(clv.body)).toBe(200);
    const [sums] = await t.db.query<{ total: number; max: number }>('select sum(expected_clv_365d)::int8 as total, max(expected_clv_365d) as max from member_scores');
    expect(clv.body).toMatchObject({ currency: 'EUR', members: 402, unmodelled: 0, totalClv: sums!.total });
    type Group = { from: number; to: number; members: number; clv: number };
    const histogram: Group[] = clv.body.histogram;
    expect(histogram).toHaveLength(8);
    expect(histogram[0]!.from).toBe(0);
    expect(histogram.at(-1)!.to).toBeGreaterThanOrEqual(sums!.max);
    for (const [i, bucket] of histogram.entries()) if (i > 0) expect(bucket.from).toBe(histogram[i - 1]!.to);
    for (const groups of [histogram, clv.body.pAliveBands as Group[]]) {
      expect(groups.reduce((sum, g) => sum + g.members, 0)).toBe(402);
      expect(groups.reduce((sum, g) => sum + g.clv, 0)).toBe(sums!.total);
    }
    expect(clv.body.pAliveBands.map((b: { band: string }) => b.band)).toEqual(['0–25%', '25–50%', '50–75%', '75–100%']);
    expect((await call(t, 'GET', '/v1/analytics/clv/distribution?buckets=1')).status).toBe(400);
  });

  it('a base with no repeat buyers gets the loyalty index but no CLV, and no NaN anywhere', async () => {
    const other = await createTestApp();
    try {
      const id = await createMemberVia(other);
      await call(other, 'POST', '/v1/orders', orderBody(id, [{ unitPrice: 1_000 }], '2026-06-01T10:00:00Z'));
      expect(await refreshMemberScores(other.db, other.config, now)).toEqual({ members: 1, fitted: 0 });
      const scores = await call(other, 'GET', `/v1/members/${id}/scores`);
      expect(scores.body.clv).toBeNull();
      expect(scores.body.trueLoyalty.score).toBeGreaterThan(0);
    } finally {
      await other.drop();
    }
  });

  it('an unknown member is a 404', async () => {
    const response = await call(t, 'GET', '/v1/members/mem_01jd3x8k2q9v7c4m5n6p7r8s9t/scores');
    expect([response.status, response.body.code]).toEqual([404, 'member_not_found']);
  });
});
