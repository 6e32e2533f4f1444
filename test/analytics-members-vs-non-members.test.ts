// Members against non-members over HTTP on a small hand-counted set of sales, imported as a till's
// takings would be: members' orders name the member, non-members' leave member_external_id empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from './harness.js';

let t: TestApp;
const october = 'from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z';

type Sale = [order: string, member: string, day: string, store: string, lines: [quantity: number, unitPrice: number, discount: number][]];

// October: members 1,100 + 900 + 1,000 in three orders; non-members 400 + 700 + 600 in three.
const SALES: Sale[] = [
  ['M-1', 'm-1', '2026-10-03', 'store-1', [[2, 400, 0], [1, 300, 0]]],
  ['M-2', 'm-2', '2026-10-08', 'store-1', [[1, 900, 0]]],
  ['M-3', 'm-1', '2026-10-20', 'store-2', [[1, 1_000, 0]]],
  ['G-1', '', '2026-10-04', 'store-1', [[1, 400, 0]]],
  ['G-2', '', '2026-10-11', 'store-1', [[1, 300, 0], [1, 500, 100]]],
  ['G-3', '', '2026-10-31', '', [[1, 600, 0]]],
  // September: outside the period
  ['M-0', 'm-2', '2026-09-30', 'store-1', [[1, 500, 0]]],
  ['G-0', '', '2026-09-30', 'store-1', [[1, 500, 0]]],
];

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-12-20T12:00:00Z'));
  const members = await call(t, 'POST', '/v1/imports/members', { rows: [{ external_id: 'm-1' }, { external_id: 'm-2' }] });
  expect(members.body.imported).toBe(2);
  const rows = SALES.flatMap(([order, member, day, store, lines]) =>
    lines.map(([quantity, unit_price, discount], index) => ({
      order_id: order,
      member_external_id: member,
      occurred_at: `${day}T12:00:00Z`,
      line_id: String(index + 1),
      sku: `SKU-${index}`,
      quantity,
      unit_price,
      discount,
      currency: 'EUR',
      store_id: store,
    })),
  );
  const imported = await call(t, 'POST', '/v1/imports/orders', { rows });
  expect(imported.body, JSON.stringify(imported.body)).toMatchObject({ rejected: 0, orders: { imported: SALES.length } });
});
afterAll(() => t.drop());

describe('GET /v1/analytics/members-vs-non-members', () => {
  it('compares members with non-members overall and per store', async () => {
    const response = await call(t, 'GET', `/v1/analytics/members-vs-non-members?${october}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({
      period: { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' },
      currency: 'EUR',
      overall: {
        members: { orders: 3, revenue: 3_000, averageOrderValue: 1_000 },
        nonMembers: { orders: 3, revenue: 1_700, averageOrderValue: 567 }, // 1,700 / 3 = 566.67
        memberOrderShare: 0.5,
        memberRevenueShare: 0.6383, // 3,000 / 4,700
        averageOrderValueRatio: 1.76, // 1,000 / 566.67
      },
      stores: [
        {
          storeId: 'store-1',
          members: { orders: 2, revenue: 2_000, averageOrderValue: 1_000 },
          nonMembers: { orders: 2, revenue: 1_100, averageOrderValue: 550 },
          memberOrderShare: 0.5,
          memberRevenueShare: 0.6452, // 2,000 / 3,100
          averageOrderValueRatio: 1.82, // 1,000 / 550
        },
        // one order each: by name, the orders with no store last
        {
          storeId: 'store-2',
          members: { orders: 1, revenue: 1_000, averageOrderValue: 1_000 },
          nonMembers: { orders: 0, revenue: 0, averageOrderValue: null },
          memberOrderShare: 1,
          memberRevenueShare: 1,
          averageOrderValueRatio: null,
        },
        {
          storeId: null,
          members: { orders: 0, revenue: 0, averageOrderValue: null },
          nonMembers: { orders: 1, revenue: 600, averageOrderValue: 600 },
          memberOrderShare: 0,
          memberRevenueShare: 0,
          averageOrderValueRatio: null,
        },
      ],
    });
  });

  it('counts nothing outside the period or in another currency, and refuses a reversed period', async () => {
    const september = await call(t, 'GET', '/v1/analytics/members-vs-non-members?from=2026-09-30T00:00:00Z&to=2026-10-01T00:00:00Z');
    expect(september.body.overall).toMatchObject({ members: { orders: 1, revenue: 500 }, nonMembers: { orders: 1, revenue: 500 }, averageOrderValueRatio: 1 });
    const dollars = await call(t, 'GET', `/v1/analytics/members-vs-non-members?${october}&currency=USD`);
    expect(dollars.body).toMatchObject({ currency: 'USD', overall: { members: { orders: 0 }, nonMembers: { orders: 0 }, memberOrderShare: null }, stores: [] });
    const reversed = await call(t, 'GET', '/v1/analytics/members-vs-non-members?from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z');
    expect(reversed.status).toBe(400);
    expect(reversed.body.code).toBe('validation_failed');
  });
});
