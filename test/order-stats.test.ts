// Per-member purchase aggregates move with every order and refund, on both write paths (group commit
// and the single-order transaction that capped rules take), and a recount proves them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driftedOrderStats } from '../src/modules/orders/stats.js';
import { call, createMemberVia, createTestApp, expectLedgerClean, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.drop());

const line = (lineId: string, category: string, brand: string, unitPrice: number, quantity = 1, discount = 0) => ({ lineId, sku: `${brand}-${category}`, category, brand, unitPrice, quantity, discount });

async function stats(memberId: string) {
  const [row] = await t.db.query<Record<string, unknown>>('select orders, spend, refunded, discount, full_price_spend, first_order_at, last_order_at from member_order_stats where member_id = $1', [memberId]);
  const products = await t.db.query<{ category: string; brand: string; purchases: number; quantity: number }>(
    'select category, brand, purchases, quantity from member_product_stats where member_id = $1 order by category, brand',
    [memberId],
  );
  return { ...row, products };
}

describe('member order stats', () => {
  it('sum orders, spend, discounts and full-price spend; keep first and last order; refunds take spend and units back', async () => {
    const memberId = await createMemberVia(t);
    const first = await call(t, 'POST', '/v1/orders', {
      memberId, currency: 'EUR', occurredAt: '2026-05-01T10:00:00Z', externalId: 'stats-1',
      lines: [line('a', 'coffee', 'Lavazza', 1_000, 2), line('b', 'tea', 'Twinings', 500, 1, 100)],
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.lines[0].brand).toBe('Lavazza');
    // An older order recorded later (an import, a late till) moves the first order back, not the last.
    await call(t, 'POST', '/v1/orders', { memberId, currency: 'EUR', occurredAt: '2026-03-01T10:00:00Z', externalId: 'stats-2', lines: [line('a', 'coffee', 'Illy', 800)] });
    expect(await stats(memberId)).toEqual({
      orders: 2, spend: 3_200, refunded: 0, discount: 100, full_price_spend: 2_800,
      first_order_at: new Date('2026-03-01T10:00:00Z'), last_order_at: new Date('2026-05-01T10:00:00Z'),
      products: [
        { category: 'coffee', brand: 'Illy', purchases: 1, quantity: 1 },
        { category: 'coffee', brand: 'Lavazza', purchases: 1, quantity: 2 },
        { category: 'tea', brand: 'Twinings', purchases: 1, quantity: 1 },
      ],
    });
    const refund = await call(t, 'POST', `/v1/orders/${first.body.id}/refunds`, { lines: [{ lineId: 'a', quantity: 1 }, { lineId: 'b', quantity: 1 }] });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    expect(await stats(memberId)).toMatchObject({ orders: 2, spend: 1_800, refunded: 1_400, discount: 100, full_price_spend: 1_800 });
    expect((await stats(memberId)).products.map((p) => p.quantity)).toEqual([1, 1, 0]);
    await expectLedgerClean(t);
  });

  it('hold under concurrent group commit and on the capped-rule path', async () => {
    const members = await Promise.all(Array.from({ length: 4 }, () => createMemberVia(t)));
    const burst = (tag: string) =>
      Promise.all(
        members.flatMap((memberId, m) =>
          Array.from({ length: 6 }, (_, i) => {
            const lines = [{ ...line('a', 'coffee', 'Illy', 700 + i), brand: i % 2 ? 'Illy' : undefined }];
            return call(t, 'POST', '/v1/orders', { memberId, currency: 'EUR', occurredAt: `2026-05-0${1 + (i % 3)}T10:00:00Z`, externalId: `stats-${tag}-${m}-${i}`, lines });
          }),
        ),
      );
    const batched = await burst('batched');
    expect(batched.map((a) => a.status), JSON.stringify(batched.find((a) => a.status !== 201)?.body)).toEqual(Array(24).fill(201));
    await call(t, 'POST', '/v1/program/rules', { name: 'Capped', eventTypes: ['order'], effects: [{ type: 'points_per_amount', points: 1, per: 100 }], caps: { perMemberPerDay: 50 } });
    expect((await burst('capped')).map((a) => a.status)).toEqual(Array(24).fill(201));
    expect(await stats(members[0]!)).toMatchObject({ orders: 12, products: [{ category: 'coffee', brand: '', purchases: 6 }, { category: 'coffee', brand: 'Illy', purchases: 6 }] });
    await expectLedgerClean(t);
  });

  it('the recount notices a tampered aggregate', async () => {
    const memberId = await createMemberVia(t);
    await call(t, 'POST', '/v1/orders', { memberId, currency: 'EUR', occurredAt: '2026-05-01T10:00:00Z', lines: [line('a', 'coffee', 'Illy', 800)] });
    await t.db.query('update member_order_stats set spend = spend + 1 where member_id = $1', [memberId]);
    expect(await driftedOrderStats(t.db)).toEqual([memberId]);
    await t.db.query('update member_order_stats set spend = spend - 1 where member_id = $1', [memberId]);
    await t.db.query("update member_product_stats set purchases = 9 where member_id = $1", [memberId]);
    expect(await driftedOrderStats(t.db)).toEqual([memberId]);
    await t.db.query("update member_product_stats set purchases = 1 where member_id = $1", [memberId]);
    expect(await driftedOrderStats(t.db)).toEqual([]);
  });
});
