// Retention analytics over HTTP on a small hand-computed history: who bought in September and October
// 2026, who came back, which cohort they belong to, and who is overdue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rfmSegmentSql } from '../src/modules/analytics/rfm.js';
import { rfmSegment, SEGMENT_NAMES, type RfmSegment } from '../src/modules/analytics/rfm.js';
import { call, createMemberVia, createTestApp, orderBody, type TestApp } from './harness.js';

let t: TestApp;
const ids: Record<string, string> = {};
const oct = 'from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z';

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-12-20T12:00:00Z'));
  // name → order days (2026) and unit prices
  const history: Record<string, [string, number][]> = {
    ada: [['2026-09-05', 1_000], ['2026-10-07', 3_000]], // retained
    bob: [['2026-09-10', 2_000]], // churned
    cy: [['2026-10-20', 4_000]], // new in October
    dee: [['2026-08-02', 5_000], ['2026-10-01', 5_000]], // returning, not a September buyer
    eve: [['2026-09-01', 500], ['2026-09-21', 500]], // churned after two orders
  };
  for (const [name, orders] of Object.entries(history)) {
    ids[name] = await createMemberVia(t, { name });
    for (const [day, price] of orders) {
      const response = await call(t, 'POST', '/v1/orders', { ...orderBody(ids[name]!, [{ unitPrice: price }], `${day}T12:00:00Z`), storeId: name === 'cy' ? 'riga' : 'tallinn' });
      expect(response.status).toBe(201);
    }
  }
});
afterAll(() => t.drop());

describe('overview', () => {
  it('counts buyers, new and returning, churn against September, repeat rate and order figures', async () => {
    const response = await call(t, 'GET', `/v1/analytics/overview?${oct}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      previous: { from: '2026-08-31T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' },
      currency: 'EUR',
      members: 5,
      overall: {
        buyers: 3, newBuyers: 1, returningBuyers: 2, previousBuyers: 3, retained: 1,
        churnRate: 0.6667, retentionRate: 0.3333, repeatPurchaseRate: 0.6667,
        orders: 3, revenue: 12_000, averageOrderValue: 4_000, revenuePerBuyer: 4_000, purchaseFrequency: 1,
        interPurchaseDays: null, // nobody bought twice in October
      },
    });
  });

  it('measures inter-purchase time over the buyers who bought twice in the period', async () => {
    // September: eve on the 1st and the 21st (20 days); ada and bob once each.
    const september = await call(t, 'GET', '/v1/analytics/overview?from=2026-09-01T00:00:00Z&to=2026-10-01T00:00:00Z');
    expect(september.body.overall).toMatchObject({ buyers: 3, orders: 4, purchaseFrequency: 1.33, interPurchaseDays: 20 });
    // August to October: dee 2 Aug → 1 Oct (60 days), ada 5 Sep → 7 Oct (32), eve 20.
    const quarter = await call(t, 'GET', '/v1/analytics/overview?from=2026-08-01T00:00:00Z&to=2026-11-01T00:00:00Z');
    expect(quarter.body.overall.interPurchaseDays).toBe(Math.round(((60 + 32 + 20) / 3) * 10) / 10);
  });

  it('breaks down by store and by cohort', async () => {
    const byStore = await call(t, 'GET', `/v1/analytics/overview?${oct}&by=store`);
    expect(byStore.body.groups.map((g: { key: string; buyers: number; previousBuyers: number }) => [g.key, g.buyers, g.previousBuyers])).toEqual([
      ['riga', 1, 0],
      ['tallinn', 2, 3],
    ]);
    const byCohort = await call(t, 'GET', `/v1/analytics/overview?${oct}&by=cohort`);
    expect(byCohort.body.groups.map((g: { key: string; buyers: number }) => [g.key, g.buyers])).toEqual([
      ['2026-08', 1],
      ['2026-09', 1],
      ['2026-10', 1],
    ]);
  });

  it('breaks down by RFM segment now, each buyer once, scored as the RFM report scores them', async () => {
    // As of 2026-12-20 by hand: days since the last order cy 61, ada 74, dee 80, eve 90, bob 101 → recency
    // cuts [61, 74, 80, 90], scores 5, 4, 3, 2, 1; orders 1, 2, 2, 2, 1 → cuts [1, 1, 2, 2], scores 1 or 3.
    const segmentOf = { cy: rfmSegment(5, 1), ada: rfmSegment(4, 3), dee: rfmSegment(3, 3), eve: rfmSegment(2, 3), bob: rfmSegment(1, 1) };
    const expected = new Map<string, { buyers: number; previousBuyers: number; retained: number }>();
    const count = (name: keyof typeof segmentOf, field: 'buyers' | 'previousBuyers' | 'retained') => {
      const group = expected.get(segmentOf[name]) ?? { buyers: 0, previousBuyers: 0, retained: 0 };
      group[field] += 1;
      expected.set(segmentOf[name], group);
    };
    for (const name of ['ada', 'cy', 'dee'] as const) count(name, 'buyers');
    for (const name of ['ada', 'bob', 'eve'] as const) count(name, 'previousBuyers');
    count('ada', 'retained');
    const bySegment = await call(t, 'GET', `/v1/analytics/overview?${oct}&by=segment`);
    expect(bySegment.status, JSON.stringify(bySegment.body)).toBe(200);
    const groups = bySegment.body.groups.map((g: { key: string; buyers: number; previousBuyers: number; retained: number }) => [g.key, { buyers: g.buyers, previousBuyers: g.previousBuyers, retained: g.retained }]);
    expect(groups).toEqual([...expected.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    expect(bySegment.body.groups.map((g: { key: RfmSegment; name: string }) => g.name)).toEqual(bySegment.body.groups.map((g: { key: RfmSegment }) => SEGMENT_NAMES[g.key]));
  });

  it('gives the same overall figures whatever the breakdown', async () => {
    const quarter = 'from=2026-08-01T00:00:00Z&to=2026-11-01T00:00:00Z';
    const plain = await call(t, 'GET', `/v1/analytics/overview?${quarter}`);
    for (const by of ['store', 'tier', 'cohort', 'segment']) {
      const broken = await call(t, 'GET', `/v1/analytics/overview?${quarter}&by=${by}`);
      expect(broken.body.overall, by).toEqual(plain.body.overall);
    }
  });

  it('refuses a period that ends before it starts and an unknown breakdown', async () => {
    const backwards = await call(t, 'GET', '/v1/analytics/overview?from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z');
    expect([backwards.status, backwards.body.code]).toEqual([400, 'validation_failed']);
    expect((await call(t, 'GET', `/v1/analytics/overview?${oct}&by=planet`)).status).toBe(400);
  });
});

describe('cohorts, RFM, at-risk and economics', () => {
  it('cohort retention by month since the first order', async () => {
    const response = await call(t, 'GET', '/v1/analytics/cohorts?from=2026-08-01T00:00:00Z&to=2026-11-01T00:00:00Z&months=2');
    expect(response.body.cohorts).toEqual([
      { cohort: '2026-08', members: 1, retention: [1, 0, 1] }, // dee: August, then October
      { cohort: '2026-09', members: 3, retention: [1, 0.3333, 0] }, // ada, bob, eve: only ada in October
      { cohort: '2026-10', members: 1, retention: [1, 0, 0] },
    ]);
  });

  it('RFM scores every buyer into one segment, consistent with the documented grid', async () => {
    const response = await call(t, 'GET', '/v1/analytics/rfm');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.members).toBe(5);
    expect(response.body.segments.reduce((sum: number, s: { members: number }) => sum + s.members, 0)).toBe(5);
    expect(response.body.segments.reduce((sum: number, s: { spend: number }) => sum + s.spend, 0)).toBe(21_000);
    for (const cell of response.body.grid) {
      const segment = response.body.segments.find((s: { segment: string }) => s.segment === rfmSegment(cell.r, cell.f));
      expect(segment.members).toBeGreaterThanOrEqual(cell.members);
    }
    // The SQL CASE is generated from the same function: every cell of the grid, scores given as expressions.
    const cells = await t.db.query<{ r: number; f: number; s: string }>(
      `select r, f, ${rfmSegmentSql('(r + 0)', '(f * 1)')} as s from generate_series(1, 5) r, generate_series(1, 5) f`,
    );
    expect(cells.map((cell) => [cell.r, cell.f, cell.s])).toEqual(
      cells.map((cell) => [cell.r, cell.f, rfmSegment(cell.r, cell.f)]),
    );
    expect(cells).toHaveLength(25);
  });

  it('at-risk: repeat buyers overdue against their own rhythm, most valuable first', async () => {
    const response = await call(t, 'GET', '/v1/analytics/at-risk?minOverdue=1.5');
    // eve: every 20 days, silent for 90 → 4.5× overdue; ada: every 32 days, silent 74 → 2.3×; dee: every 60 days, silent 80 → 1.33× (not listed).
    expect(response.body.data.map((m: { name: string; overdue: number; usualIntervalDays: number }) => [m.name, m.usualIntervalDays, m.overdue])).toEqual([
      ['ada', 32, 2.31],
      ['eve', 20, 4.5],
    ]);
    expect(response.body.data[0].annualValueAtRisk).toBe(Math.round(2_000 * (365 / 32)));
  });

  it('economics: points liability at the point value, breakage and redemption, discounts', async () => {
    const response = await call(t, 'GET', `/v1/analytics/economics?${oct}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      lifetime: { earned: 210, spent: 0, expired: 0, redemptionRate: 0, breakageRate: 0 },
      inPeriod: { pointsEarned: 120, revenue: 12_000, repeatRevenue: 8_000, lineDiscountsMinor: 0 },
      discountDependence: [{ band: '0%', members: 5 }, { band: 'under 10%', members: 0 }, { band: '10–30%', members: 0 }, { band: '30–50%', members: 0 }, { band: 'over 50%', members: 0 }],
    });
    expect(response.body.liability.availablePoints + response.body.liability.pendingPoints).toBe(210);
    expect(response.body.trend).toBeUndefined();
  });

  it('economics by month: points earned per month and held at each month’s end, worked back from today', async () => {
    // dee's August order (50 points) precedes the period; September earns 40, October 120; nothing after.
    const response = await call(t, 'GET', '/v1/analytics/economics?from=2026-09-01T00:00:00Z&to=2026-11-01T00:00:00Z&interval=month');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.inPeriod).toMatchObject({ pointsEarned: 160, pointsSpent: 0, pointsExpired: 0 });
    expect(response.body.trend).toEqual([
      { period: '2026-09-01', pointsEarned: 40, pointsSpent: 0, pointsExpired: 0, outstandingPoints: 90 },
      { period: '2026-10-01', pointsEarned: 120, pointsSpent: 0, pointsExpired: 0, outstandingPoints: 210 },
    ]);
    // By week: every week present, Monday first (2026-09-28 is a Monday), weeks without entries at zero.
    const weeks = await call(t, 'GET', '/v1/analytics/economics?from=2026-10-01T00:00:00Z&to=2026-10-15T00:00:00Z&interval=week');
    expect(weeks.body.trend).toEqual([
      { period: '2026-09-28', pointsEarned: 50, pointsSpent: 0, pointsExpired: 0, outstandingPoints: 140 },
      { period: '2026-10-05', pointsEarned: 30, pointsSpent: 0, pointsExpired: 0, outstandingPoints: 170 },
      { period: '2026-10-12', pointsEarned: 0, pointsSpent: 0, pointsExpired: 0, outstandingPoints: 170 },
    ]);
    expect((await call(t, 'GET', '/v1/analytics/economics?interval=day')).status).toBe(400);
  });

  it('tiers: active members per tier in ladder order; members not yet placed count in the first', async () => {
    expect((await call(t, 'GET', '/v1/analytics/tiers')).body).toEqual({ members: 5, tiers: [] });
    const ladder = { basis: 'visits', window: { type: 'rolling', days: 365 }, tiers: [{ id: 'member', name: 'Member', threshold: 0 }, { id: 'regular', name: 'Regular', threshold: 2 }] };
    expect((await call(t, 'PUT', '/v1/program/tiers', ladder)).status).toBe(200);
    await call(t, 'GET', `/v1/members/${ids.ada}/tier`); // placed on read: two visits in the window
    const response = await call(t, 'GET', '/v1/analytics/tiers');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({
      members: 5,
      tiers: [
        { tierId: 'member', name: 'Member', members: 4, share: 0.8 },
        { tierId: 'regular', name: 'Regular', members: 1, share: 0.2 },
      ],
    });
  });
});

describe('members over time', () => {
  let g: TestApp;
  beforeAll(async () => {
    // Its own database: the history above has all its members joining on one day.
    g = await createTestApp();
    const joinedOn: Record<string, string> = { a: '2026-08-20', b: '2026-08-20', c: '2026-09-03', d: '2026-09-15', e: '2026-09-15', f: '2026-10-10', g: '2026-11-05' };
    const id: Record<string, string> = {};
    for (const [name, day] of Object.entries(joinedOn)) {
      g.setNow(new Date(`${day}T09:00:00Z`));
      id[name] = await createMemberVia(g, { name });
    }
    for (const [name, day] of [['b', '2026-10-02'], ['c', '2026-11-06']] as const) {
      g.setNow(new Date(`${day}T09:00:00Z`));
      expect((await call(g, 'POST', `/v1/members/${id[name]}/erase`)).status).toBe(200);
    }
    g.setNow(new Date('2026-11-20T12:00:00Z'));
  });
  afterAll(() => g?.drop());

  it('counts members at each month’s and week’s end: joined before it, not erased before it', async () => {
    // Now: a, d, e, f, g (b and c erased). At 1 September: a and b; September +c, d, e; October +f, −b.
    const months = await call(g, 'GET', '/v1/analytics/members?from=2026-09-01T00:00:00Z&to=2026-11-01T00:00:00Z&interval=month');
    expect(months.status, JSON.stringify(months.body)).toBe(200);
    expect(months.body).toEqual({
      period: { from: '2026-09-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' },
      membersAtStart: 2,
      membersAtEnd: 5,
      joined: 4,
      left: 1,
      trend: [
        { period: '2026-09-01', joined: 3, left: 0, members: 5 },
        { period: '2026-10-01', joined: 1, left: 1, members: 5 },
      ],
    });
    // Weeks from Monday; the first starts before `from`, the last ends at `to`.
    const weeks = await call(g, 'GET', '/v1/analytics/members?from=2026-09-01T00:00:00Z&to=2026-09-22T00:00:00Z');
    expect(weeks.body.trend).toEqual([
      { period: '2026-08-31', joined: 1, left: 0, members: 3 },
      { period: '2026-09-07', joined: 0, left: 0, members: 3 },
      { period: '2026-09-14', joined: 2, left: 0, members: 5 },
      { period: '2026-09-21', joined: 0, left: 0, members: 5 },
    ]);
    expect((await call(g, 'GET', '/v1/analytics/overview')).body.members).toBe(5);
  });

  it('refuses an unknown interval and a period that ends before it starts', async () => {
    expect((await call(g, 'GET', '/v1/analytics/members?interval=day')).body).toMatchObject({ status: 400, code: 'validation_failed' });
    const backwards = await call(g, 'GET', '/v1/analytics/members?from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z');
    expect([backwards.status, backwards.body.code]).toEqual([400, 'validation_failed']);
  });
});
