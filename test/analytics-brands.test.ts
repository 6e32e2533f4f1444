// Brand repurchase over HTTP and the CLI's module on a small hand-counted basket history: which brands a
// category's buyers come back to, per 10 purchases of the category.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byCategory } from '../src/modules/analytics/brands.js';
import { call, createMemberVia, createTestApp, orderBody, type TestApp } from './harness.js';

let t: TestApp;
const october = 'from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z';

type Line = [category: string | null, brand: string | null];

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-12-20T12:00:00Z'));
  // name → baskets in October 2026 (day, lines), plus one September basket that must not count
  const baskets: Record<string, [string, Line[]][]> = {
    ada: [
      ['2026-10-02', [['coffee', 'lavazza'], ['coffee', 'lavazza'], ['tea', 'twinings']]], // two lines, one purchase of lavazza
      ['2026-10-09', [['coffee', 'lavazza']]],
      ['2026-10-16', [['coffee', 'illy'], ['coffee', null]]],
    ],
    bob: [
      ['2026-09-20', [['coffee', 'illy']]], // September: outside the period
      ['2026-10-05', [['coffee', 'illy']]],
    ],
    cy: [['2026-10-12', [['tea', 'twinings'], [null, null]]]],
  };
  for (const [name, list] of Object.entries(baskets)) {
    const memberId = await createMemberVia(t, { name });
    for (const [day, lines] of list) {
      const body = orderBody(memberId, lines.map(() => ({ unitPrice: 500 })), `${day}T12:00:00Z`);
      const lineBodies = body.lines.map(({ category: _category, ...line }, index) => {
        const [category, brand] = lines[index]!;
        return { ...line, ...(category ? { category } : {}), ...(brand ? { brand } : {}) };
      });
      const response = await call(t, 'POST', '/v1/orders', { ...body, lines: lineBodies });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    }
  }
});
afterAll(() => t.drop());

describe('GET /v1/analytics/brands', () => {
  it('counts purchases as orders, per category and per brand, and rates each brand per 10 of its category', async () => {
    const response = await call(t, 'GET', `/v1/analytics/brands?${october}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({
      period: { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' },
      currency: 'EUR',
      categories: [
        {
          // ada's three baskets and bob's one; ada bought coffee twice or more
          category: 'coffee',
          purchases: 4,
          buyers: 2,
          brands: [
            { brand: 'illy', purchases: 2, buyers: 2, repurchaseRate: 5, repeatBuyers: 0 },
            { brand: 'lavazza', purchases: 2, buyers: 1, repurchaseRate: 5, repeatBuyers: 1 },
          ],
        },
        { category: 'tea', purchases: 2, buyers: 2, brands: [{ brand: 'twinings', purchases: 2, buyers: 2, repurchaseRate: 10, repeatBuyers: 0 }] },
      ],
    });
  });

  it('narrows to one category, and to the period', async () => {
    const tea = await call(t, 'GET', `/v1/analytics/brands?${october}&category=tea`);
    expect(tea.body.categories.map((c: { category: string }) => c.category)).toEqual(['tea']);
    const september = await call(t, 'GET', '/v1/analytics/brands?from=2026-09-01T00:00:00Z&to=2026-10-01T00:00:00Z');
    expect(september.body.categories).toEqual([
      { category: 'coffee', purchases: 1, buyers: 1, brands: [{ brand: 'illy', purchases: 1, buyers: 1, repurchaseRate: 10, repeatBuyers: 0 }] },
    ]);
  });

  it('refuses a reversed period and an empty category with 400', async () => {
    const reversed = await call(t, 'GET', '/v1/analytics/brands?from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z');
    expect([reversed.status, reversed.body.code]).toEqual([400, 'validation_failed']);
    expect((await call(t, 'GET', `/v1/analytics/brands?${october}&category=`)).status).toBe(400);
  });
});

describe('byCategory', () => {
  it('orders categories and brands by purchases, then name, and rates a brand with no category purchases as null', () => {
    const row = (category: string, brand: string | null, purchases: number) => ({ category, brand, purchases, buyers: 1, repeat_buyers: 0 });
    const categories = byCategory([row('b', null, 3), row('a', null, 3), row('a', 'y', 1), row('a', 'x', 1), row('a', 'z', 2), row('c', null, 0), row('c', 'q', 0)]);
    expect(categories.map((c) => [c.category, c.brands.map((b) => [b.brand, b.repurchaseRate])])).toEqual([
      ['a', [['z', 6.7], ['x', 3.3], ['y', 3.3]]],
      ['b', []],
      ['c', [['q', null]]],
    ]);
  });
});
