// Earning rules over HTTP: versioned rules, dry runs that write nothing, and non-purchase events
// that earn by the rules exactly once, with caps that hold under concurrency.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMemberVia, createTestApp, expectLedgerClean, orderBody, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.drop());

const reviewRule = {
  name: 'Review bonus',
  eventTypes: ['review_written'],
  condition: { field: 'event.properties.stars', op: 'exists' },
  effects: [{ type: 'fixed_points', points: 20 }],
  caps: { perMemberPerDay: 30 },
};

async function count(table: string): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(`select count(*)::int8 as n from ${table}`);
  return row!.n;
}

describe('rules as data', () => {
  it('creates, revises (new version, old retired), lists and retires', async () => {
    const created = await call(t, 'POST', '/v1/program/rules', { ...reviewRule, name: 'Share bonus', eventTypes: ['social_share'], caps: undefined });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ version: 1, status: 'active', definition: { priority: 100, exclusive: false } });
    const revised = await call(t, 'PUT', `/v1/program/rules/${created.body.id}`, { ...reviewRule, name: 'Share bonus v2', eventTypes: ['social_share'], caps: undefined });
    expect(revised.body).toMatchObject({ id: created.body.id, version: 2, status: 'active' });
    const versions = await call(t, 'GET', `/v1/program/rules/${created.body.id}`);
    expect(versions.body.data.map((r: { version: number; status: string }) => [r.version, r.status])).toEqual([[2, 'active'], [1, 'retired']]);
    const retired = await call(t, 'POST', `/v1/program/rules/${created.body.id}/retire`);
    expect(retired.body.status).toBe('retired');
    const again = await call(t, 'PUT', `/v1/program/rules/${created.body.id}`, reviewRule);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('rule_retired');
    const active = await call(t, 'GET', '/v1/program/rules?status=active');
    expect(active.body.data.map((r: { id: string }) => r.id)).not.toContain(created.body.id);
  });

  it('refuses malformed rules with the path of each problem', async () => {
    const response = await call(t, 'POST', '/v1/program/rules', {
      name: 'Broken',
      eventTypes: ['review_written'],
      condition: { all: [{ field: 'order.total', op: 'gte', value: 'a lot' }] },
      effects: [{ type: 'points_per_amount', points: 1, per: 100 }],
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    const paths = response.body.errors.map((e: { path: string }) => e.path);
    expect(paths.some((p: string) => p.startsWith('body.condition'))).toBe(true);
    expect(await call(t, 'GET', '/v1/program/rules/rul_01jd3x8k2q9v7c4m5n6p7r8s9t').then((r) => r.body.code)).toBe('rule_not_found');
  });
});

describe('dry run', () => {
  it('evaluates a draft rule set on an order, explains it, and writes nothing', async () => {
    const before = await count('program_rules');
    const response = await call(t, 'POST', '/v1/program/rules/dry-run', {
      rules: [
        { name: '1 point per 1.00', eventTypes: ['order'], effects: [{ type: 'points_per_amount', points: 1, per: 100 }] },
        { name: '2× on coffee', eventTypes: ['order'], condition: { field: 'line.category', op: 'eq', value: 'coffee' }, effects: [{ type: 'multiplier', factor: 2 }] },
      ],
      member: { tier: 'gold' },
      event: {
        type: 'order',
        occurredAt: '2026-05-02T08:00:00Z',
        order: { currency: 'EUR', lines: [{ lineId: 'a', sku: 'LATTE', category: 'coffee', quantity: 2, unitPrice: 400 }, { lineId: 'b', sku: 'BUN', quantity: 1, unitPrice: 300 }] },
      },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.points).toBe(19); // 11 base + 8 bonus on the lattes
    expect(response.body.lines).toEqual([{ lineId: 'a', points: 16 }, { lineId: 'b', points: 3 }]);
    expect(response.body.explanation).toEqual(['1 point per 1.00: 11 points (draft rule)', '2× on coffee: 2× points on LATTE, +8 (draft rule)']);
    expect(await count('program_rules')).toBe(before);
  });

  it('refuses an order event without its order', async () => {
    const response = await call(t, 'POST', '/v1/program/rules/dry-run', { event: { type: 'order', occurredAt: '2026-05-02T08:00:00Z' } });
    expect(response.status).toBe(400);
  });
});

describe('non-purchase events', () => {
  let ruleId: string;
  beforeAll(async () => {
    ruleId = (await call(t, 'POST', '/v1/program/rules', reviewRule)).body.id;
  });

  it('earns by the rules once per event id, with caps per day, explained in the ledger', async () => {
    const memberId = await createMemberVia(t);
    const review = (eventId: string, day = '2026-05-20') => ({ eventId, memberId, type: 'review_written', occurredAt: `${day}T10:00:00Z`, properties: { stars: 5 } });
    const first = await call(t, 'POST', '/v1/events', review('rv-1'));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ points: 20, explanation: [`Review bonus: 20 points (rule ${ruleId}, v1)`] });
    const retried = await call(t, 'POST', '/v1/events', review('rv-1'));
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(first.body);
    const second = await call(t, 'POST', '/v1/events', review('rv-2'));
    expect(second.body).toMatchObject({ points: 10, explanation: [`Review bonus: 10 points (capped) (rule ${ruleId}, v1)`] });
    expect((await call(t, 'POST', '/v1/events', review('rv-3'))).body.points).toBe(0);
    expect((await call(t, 'POST', '/v1/events', review('rv-4', '2026-05-21'))).body.points).toBe(20);

    const balance = await call(t, 'GET', `/v1/members/${memberId}/balance`);
    expect(balance.body).toMatchObject({ available: 50, lifetime: { earned: 50 } });
    const ledger = await call(t, 'GET', `/v1/members/${memberId}/ledger`);
    expect(ledger.body.data.at(-1).explanation).toBe(`Earned 20 points for review written (Review bonus: 20 points (rule ${ruleId}, v1)). Expires 2027-06-01.`);
    await expectLedgerClean(t);
  });

  it('earns nothing for an event no rule matches, and still records it once', async () => {
    const memberId = await createMemberVia(t);
    const response = await call(t, 'POST', '/v1/events', { eventId: 'gym-1', memberId, type: 'gym_visit', occurredAt: '2026-05-20T07:00:00Z' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ points: 0, entryId: null, explanation: [] });
  });

  it('refuses the same event id for another member, a future event and an order', async () => {
    const [a, b] = [await createMemberVia(t), await createMemberVia(t)];
    await call(t, 'POST', '/v1/events', { eventId: 'share-9', memberId: a, type: 'social_share', occurredAt: '2026-05-20T07:00:00Z' });
    const conflict = await call(t, 'POST', '/v1/events', { eventId: 'share-9', memberId: b, type: 'social_share', occurredAt: '2026-05-20T07:00:00Z' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('event_id_conflict');
    const future = await call(t, 'POST', '/v1/events', { eventId: 'share-10', memberId: a, type: 'social_share', occurredAt: '2027-01-01T00:00:00Z' });
    expect(future.status).toBe(422);
    expect((await call(t, 'POST', '/v1/events', { eventId: 'o-1', memberId: a, type: 'order', occurredAt: '2026-05-20T07:00:00Z' })).status).toBe(400);
  });

  it('caps hold when a member’s events race', async () => {
    const memberId = await createMemberVia(t);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call(t, 'POST', '/v1/events', { eventId: `race-${memberId}-${i}`, memberId, type: 'review_written', occurredAt: '2026-05-22T10:00:00Z', properties: { stars: 4 } })),
    );
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(responses.reduce((sum, r) => sum + r.body.points, 0)).toBe(30);
    expect((await call(t, 'GET', `/v1/members/${memberId}/balance`)).body.available).toBe(30);
    await expectLedgerClean(t);
  });
});

describe('backtest', () => {
  it('replays stored orders and events under a draft set, with caps in time order, beside what was issued', async () => {
    const own = await createTestApp({ pointValueMinor: 0.5 });
    try {
      own.setNow(new Date('2026-04-01T12:00:00Z'));
      const memberId = await createMemberVia(own);
      for (const [day, price] of [['2026-03-02', 1000], ['2026-03-02', 500], ['2026-03-09', 2000]] as const) {
        const r = await call(own, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: price }], `${day}T10:00:00Z`));
        expect(r.status, JSON.stringify(r.body)).toBe(201);
      }
      await call(own, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 9900 }], '2026-02-27T10:00:00Z')); // before the range
      await call(own, 'POST', '/v1/events', { eventId: 'bt-review', memberId, type: 'review_written', occurredAt: '2026-03-05T10:00:00Z' });
      const response = await call(own, 'POST', '/v1/program/rules/backtest', {
        from: '2026-03-01T00:00:00Z',
        to: '2026-04-01T00:00:00Z',
        rules: [
          { name: '2 per 1.00', eventTypes: ['order'], effects: [{ type: 'points_per_amount', points: 2, per: 100 }] },
          { name: 'Visit bonus, once a day', eventTypes: ['order'], effects: [{ type: 'fixed_points', points: 5 }], caps: { perMemberPerDay: 5 } },
          { name: 'Review 10', eventTypes: ['review_written'], effects: [{ type: 'fixed_points', points: 10 }] },
        ],
      }, { role: 'analyst' });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      // Orders: 2×(10+5+20) = 70; visit bonus on 2 days = 10; review 10. Actually issued: 1 point per 1.00 = 35.
      expect(response.body).toMatchObject({
        orders: 3,
        events: 1,
        truncated: false,
        wouldIssue: { points: 90, costMinor: 45 },
        actuallyIssued: { points: 35, costMinor: 17.5 },
        perRule: [
          { rule: '2 per 1.00', points: 70, events: 3 },
          { rule: 'Visit bonus, once a day', points: 10, events: 2 },
          { rule: 'Review 10', points: 10, events: 1 },
        ],
        perTier: [{ tier: null, points: 90, costMinor: 45 }],
      });
    } finally {
      await own.drop();
    }
  });
});


describe('orders earn by the program rules', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.drop());

  const coffeeOrder = (memberId: string, occurredAt = '2026-06-01T09:00:00Z') => ({
    memberId,
    currency: 'EUR',
    occurredAt,
    lines: [
      { lineId: 'a', sku: 'LATTE', category: 'coffee', quantity: 2, unitPrice: 400 },
      { lineId: 'b', sku: 'BUN', category: 'bakery', quantity: 1, unitPrice: 300 },
    ],
  });

  it('replace the base rate at once, explain themselves, and refunds claw back a line’s exact share', async () => {
    const memberId = await createMemberVia(app);
    expect((await call(app, 'POST', '/v1/orders', coffeeOrder(memberId))).body.points).toBe(11); // base rate
    const base = await call(app, 'POST', '/v1/program/rules', { name: '1 per 1.00', eventTypes: ['order'], effects: [{ type: 'points_per_amount', points: 1, per: 100 }] });
    const double = await call(app, 'POST', '/v1/program/rules', {
      name: '2× on coffee',
      eventTypes: ['order'],
      condition: { field: 'line.category', op: 'eq', value: 'coffee' },
      effects: [{ type: 'multiplier', factor: 2 }],
    });
    const order = await call(app, 'POST', '/v1/orders', coffeeOrder(memberId));
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.body.points).toBe(19);
    expect(order.body.lines.map((l: { points: number }) => l.points)).toEqual([16, 3]);
    expect(order.body.earned.explanation).toBe(
      `Earned 19 points on order ${order.body.id}: 1 per 1.00: 11 points (rule ${base.body.id}, v1); 2× on coffee: 2× points on LATTE, +8 (rule ${double.body.id}, v1) (line a: 16, line b: 3). Pending until 2026-07-01, after the return window.`,
    );
    expect((await call(app, 'GET', `/v1/orders/${order.body.id}`)).body.earned.explanation).toBe(order.body.earned.explanation);
    const refund = await call(app, 'POST', `/v1/orders/${order.body.id}/refunds`, { lines: [{ lineId: 'a', quantity: 2 }] });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    expect(refund.body.points).toBe(16);
    await call(app, 'POST', `/v1/program/rules/${double.body.id}/retire`);
    expect((await call(app, 'POST', '/v1/orders', coffeeOrder(memberId))).body.points).toBe(11);
    await call(app, 'POST', `/v1/program/rules/${base.body.id}/retire`);
    await expectLedgerClean(app);
  });

  it('caps hold across orders, also when they race', async () => {
    const base = await call(app, 'POST', '/v1/program/rules', { name: '1 per 1.00', eventTypes: ['order'], effects: [{ type: 'points_per_amount', points: 1, per: 100 }] });
    const visit = await call(app, 'POST', '/v1/program/rules', { name: 'Visit +5, once a day', eventTypes: ['order'], effects: [{ type: 'fixed_points', points: 5 }], caps: { perMemberPerDay: 5 } });
    const memberId = await createMemberVia(app);
    expect((await call(app, 'POST', '/v1/orders', coffeeOrder(memberId))).body.points).toBe(16);
    expect((await call(app, 'POST', '/v1/orders', coffeeOrder(memberId))).body.points).toBe(11);
    expect((await call(app, 'POST', '/v1/orders', coffeeOrder(memberId, '2026-06-01T00:30:00Z'))).body.points).toBe(11);

    const racer = await createMemberVia(app);
    const raced = await Promise.all(Array.from({ length: 8 }, () => call(app, 'POST', '/v1/orders', coffeeOrder(racer, '2026-05-31T09:00:00Z'))));
    expect(raced.every((r) => r.status === 201)).toBe(true);
    expect(raced.reduce((sum, r) => sum + r.body.points, 0)).toBe(8 * 11 + 5);
    for (const id of [base.body.id, visit.body.id]) await call(app, 'POST', `/v1/program/rules/${id}/retire`);
    await expectLedgerClean(app);
  });
});

describe('tiers', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.drop());

  const ladder = {
    basis: 'spend',
    window: { type: 'calendar_year' },
    graceDays: 30,
    tiers: [
      { id: 'member', name: 'Member', threshold: 0 },
      { id: 'silver', name: 'Silver', threshold: 10_000 },
      { id: 'gold', name: 'Gold', threshold: 50_000, benefits: { earnMultiplier: 1.5, discountPercent: 10, earlyAccess: true } },
    ],
  };

  it('qualify on spend: upgrade at once after an order, explain progress, keep history, downgrade only at review', async () => {
    expect((await call(app, 'GET', `/v1/members/${await createMemberVia(app)}/tier`)).body.code).toBe('tiers_not_configured');
    const bad = await call(app, 'PUT', '/v1/program/tiers', { ...ladder, tiers: [{ id: 'x', name: 'X', threshold: 100 }] });
    expect(bad.status).toBe(400);
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => call(app, 'PUT', '/v1/program/tiers', ladder)));
    expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);

    app.setNow(new Date('2026-03-01T12:00:00Z'));
    const memberId = await createMemberVia(app);
    const fresh = await call(app, 'GET', `/v1/members/${memberId}/tier`);
    expect(fresh.body).toMatchObject({ tier: { id: 'member' }, measure: 0, explanation: 'Spend 100.00 more by 2026-12-31 to reach Silver.' });

    const order = await call(app, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 12_000 }], '2026-03-01T11:00:00Z'));
    expect(order.status).toBe(201);
    const [row] = await app.db.query<{ tier_id: string }>('select tier_id from member_tiers where member_id = $1', [memberId]);
    expect(row!.tier_id).toBe('silver'); // upgraded with the order, before any read
    const silver = await call(app, 'GET', `/v1/members/${memberId}/tier`);
    expect(silver.body).toMatchObject({
      tier: { id: 'silver', name: 'Silver' },
      measure: 12_000,
      reviewAt: '2028-01-31T00:00:00.000Z',
      next: { id: 'gold', remaining: 38_000, by: '2026-12-31' },
      explanation: 'Spend 380.00 more by 2026-12-31 to reach Gold.',
    });
    expect(silver.body.history.map((h: { from: string | null; to: string; reason: string }) => [h.from, h.to, h.reason])).toEqual([
      ['member', 'silver', 'upgrade'],
      [null, 'member', 'enrolled'],
    ]);

    // A rule for gold members only.
    app.setNow(new Date('2026-03-05T12:00:00Z'));
    await call(app, 'POST', '/v1/program/rules', { name: '1 per 1.00', eventTypes: ['order'], effects: [{ type: 'points_per_amount', points: 1, per: 100 }] });
    await call(app, 'POST', '/v1/program/rules', {
      name: 'Gold double',
      eventTypes: ['order'],
      condition: { field: 'member.tier', op: 'eq', value: 'gold' },
      effects: [{ type: 'multiplier', factor: 2 }],
    });
    expect((await call(app, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 40_000 }], '2026-03-02T11:00:00Z'))).body.points).toBe(400); // still silver when earned
    expect((await call(app, 'GET', `/v1/members/${memberId}/tier`)).body.tier.id).toBe('gold');
    // 10 base points, doubled by the rule, then 1.5× by the Gold benefit (applied after every rule).
    const gold = await call(app, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 1_000 }], '2026-03-03T11:00:00Z'));
    expect(gold.body.points).toBe(30);
    expect(gold.body.earned.explanation).toContain('Gold double');
    expect(gold.body.earned.explanation).toContain('Gold tier: 1.5× points (+10)');
    // Non-purchase events and dry runs see the tier too.
    await call(app, 'POST', '/v1/program/rules', { name: 'Gold review +7', eventTypes: ['review_written'], condition: { field: 'member.tier', op: 'eq', value: 'gold' }, effects: [{ type: 'fixed_points', points: 7 }] });
    expect((await call(app, 'POST', '/v1/events', { eventId: 'gold-review', memberId, type: 'review_written', occurredAt: '2026-03-04T10:00:00Z' })).body.points).toBe(7);
    expect((await call(app, 'POST', '/v1/program/rules/dry-run', { memberId, event: { type: 'review_written', occurredAt: '2026-03-04T10:00:00Z' } })).body.points).toBe(7);

    // No spend in 2027 or 2028: still gold until the review date, then down to what the figure earns.
    const { reviewTiers } = await import('../src/modules/program/tier-service.js');
    app.setNow(new Date('2028-01-15T00:00:00Z'));
    expect(await reviewTiers(app.db, app.now())).toEqual({ reviewed: 0, downgraded: 0 });
    expect((await call(app, 'GET', `/v1/members/${memberId}/tier`)).body.tier.id).toBe('gold');
    app.setNow(new Date('2028-03-01T00:00:00Z'));
    expect(await reviewTiers(app.db, app.now())).toEqual({ reviewed: 1, downgraded: 1 });
    const after = await call(app, 'GET', `/v1/members/${memberId}/tier`);
    expect(after.body.tier.id).toBe('member');
    expect(after.body.history[0]).toMatchObject({ from: 'gold', to: 'member', reason: 'downgrade' });
    const events = await app.db.query<{ type: string }>(`select type from outbox where member_id = $1 and type like 'tier.%' order by id`, [memberId]);
    expect(events.map((e) => e.type)).toEqual(['tier.upgraded', 'tier.upgraded', 'tier.downgraded']);
    await expectLedgerClean(app);
  });
});

describe('events the program raises itself', () => {
  it('signup earns in the enrolment transaction; birthdays once a year on the day (29 Feb on the 28th)', async () => {
    const app = await createTestApp();
    try {
      app.setNow(new Date('2027-02-28T08:00:00Z'));
      expect((await call(app, 'POST', '/v1/program/rules', { name: 'Welcome', eventTypes: ['signup'], effects: [{ type: 'fixed_points', points: 100 }] })).status).toBe(201);
      expect((await call(app, 'POST', '/v1/program/rules', { name: 'Birthday gift', eventTypes: ['birthday'], effects: [{ type: 'fixed_points', points: 250 }] })).status).toBe(201);
      const leapling = await createMemberVia(app, { birthday: '2004-02-29' });
      const other = await createMemberVia(app, { birthday: '1990-03-01' });
      const balance = async (id: string) => (await call(app, 'GET', `/v1/members/${id}/balance`)).body.pending + (await call(app, 'GET', `/v1/members/${id}/balance`)).body.available;
      expect(await balance(leapling)).toBe(100);

      const { raiseBirthdays } = await import('../src/modules/program/lifecycle-events.js');
      const { activeRuleVersions } = await import('../src/modules/program/rules.js');
      const run = async () => raiseBirthdays(app.db, app.config.program, await activeRuleVersions(app.db), app.now());
      expect(await run()).toEqual({ raised: 1 });
      expect(await run()).toEqual({ raised: 0 }); // the job runs hourly: once per member and year
      expect(await balance(leapling)).toBe(350);
      expect(await balance(other)).toBe(100);
      const ledger = await call(app, 'GET', `/v1/members/${leapling}/ledger`);
      expect(ledger.body.data.map((e: { explanation: string }) => e.explanation).join(' | ')).toMatch(/Birthday gift/);
      app.setNow(new Date('2027-03-01T08:00:00Z'));
      expect(await run()).toEqual({ raised: 1 });
      expect(await balance(other)).toBe(350);
      await expectLedgerClean(app);
    } finally {
      await app.drop();
    }
  });
});

describe('tier earn multiplier', () => {
  it('scales base-rate earning per line, rounded down, and a refund claws back exactly the line', async () => {
    const app = await createTestApp();
    try {
      app.setNow(new Date('2026-03-01T12:00:00Z'));
      const tiers = [{ id: 'member', name: 'Member', threshold: 0, benefits: { earnMultiplier: 1.25 } }];
      expect((await call(app, 'PUT', '/v1/program/tiers', { basis: 'visits', window: { type: 'calendar_year' }, tiers })).status).toBe(200);
      const memberId = await createMemberVia(app);
      const order = await call(app, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 1_150 }, { unitPrice: 300 }], '2026-03-01T11:00:00Z'));
      expect(order.status).toBe(201);
      // 14 base points split 11 + 3; 1.25× per line rounds down to 13 + 3.
      expect(order.body.lines.map((l: { points: number }) => l.points)).toEqual([13, 3]);
      expect(order.body.points).toBe(16);
      expect(order.body.earned.explanation).toContain('base rate; Member tier: 1.25× points (+2)');
      const refund = await call(app, 'POST', `/v1/orders/${order.body.id}/refunds`, { lines: [{ lineId: order.body.lines[0].lineId, quantity: 1 }] });
      expect(refund.status, JSON.stringify(refund.body)).toBe(201);
      expect(refund.body.points).toBe(13);
      await expectLedgerClean(app);
    } finally {
      await app.drop();
    }
  });
});

describe('spend thresholds (unlocks)', () => {
  it('show each member how far they are from each unlock, over its own window', async () => {
    const app = await createTestApp();
    try {
      app.setNow(new Date('2026-06-01T12:00:00Z'));
      const set = {
        unlocks: [
          { id: 'free_shipping', name: 'Free shipping', basis: 'spend', threshold: 50_000, windowDays: 90, benefit: { type: 'free_shipping' } },
          { id: 'regulars', name: 'Regulars', basis: 'visits', threshold: 3, windowDays: 30, benefit: { type: 'discount_percent', percent: 5 } },
        ],
      };
      expect((await call(app, 'PUT', '/v1/program/unlocks', { unlocks: [set.unlocks[0], set.unlocks[0]] })).status).toBe(400);
      expect((await call(app, 'PUT', '/v1/program/unlocks', set)).status).toBe(200);
      const memberId = await createMemberVia(app);
      await call(app, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 30_000 }], '2026-03-15T10:00:00Z')); // inside 90 days, outside 30
      await call(app, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 8_000 }], '2026-05-20T10:00:00Z'));
      await call(app, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 5_000 }], '2026-02-01T10:00:00Z')); // outside both
      const progress = await call(app, 'GET', `/v1/members/${memberId}/unlocks`);
      expect(progress.status, JSON.stringify(progress.body)).toBe(200);
      expect(progress.body.data).toEqual([
        expect.objectContaining({ id: 'free_shipping', unlocked: false, measure: 38_000, remaining: 12_000, explanation: 'Spend 120.00 more within 90 days to unlock free shipping.' }),
        expect.objectContaining({ id: 'regulars', unlocked: false, measure: 1, remaining: 2, explanation: 'Make 2 more orders within 30 days to unlock 5% off.' }),
      ]);
      await call(app, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 12_000 }], '2026-05-30T10:00:00Z'));
      const after = await call(app, 'GET', `/v1/members/${memberId}/unlocks`);
      expect(after.body.data[0]).toMatchObject({ unlocked: true, explanation: 'Unlocked: free shipping (spent 500.00 in the last 90 days).' });
    } finally {
      await app.drop();
    }
  });
});


describe('coupons', () => {
  it('import, validate, redeem once; every broken rule has its own code; nothing changes on a refusal', async () => {
    const memberId = await createMemberVia(t);
    const created = await call(t, 'POST', '/v1/coupons', { codes: ['spring-10'], discount: { type: 'percent', percent: 10 }, minOrder: 2000, campaign: 'spring' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data[0]).toMatchObject({ code: 'SPRING10', maxRedemptions: 1, redemptions: 0 });
    expect((await call(t, 'POST', '/v1/coupons', { codes: ['SPRING 10'], discount: { type: 'percent', percent: 5 } })).body.code).toBe('coupon_code_taken');

    const use = { code: 'Spring-10', memberId, orderTotal: 4550, currency: 'EUR' };
    expect((await call(t, 'POST', '/v1/coupons/validate', use)).body).toMatchObject({ code: 'SPRING10', discount: 455 });
    const low = await call(t, 'POST', '/v1/coupons/validate', { ...use, orderTotal: 1500 });
    expect(low.status).toBe(422);
    expect(low.body.code).toBe('coupon_min_order');
    const redeemed = await call(t, 'POST', '/v1/coupons/redeem', { ...use, orderRef: 'till-1-77' }, { role: 'staff' });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body).toMatchObject({ discount: 455, redemptionId: expect.stringMatching(/^cpr_/) });
    const again = await call(t, 'POST', '/v1/coupons/redeem', use);
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('coupon_exhausted');
    expect((await call(t, 'GET', '/v1/coupons/spring-10')).body.redemptions).toBe(1);
    expect((await call(t, 'POST', '/v1/coupons/validate', { ...use, code: 'NOPE-123' })).body.code).toBe('coupon_not_found');

    // The list: newest first, a campaign narrows it, pages follow the cursor.
    await call(t, 'POST', '/v1/coupons', { codes: ['SPRING-20', 'SPRING-30'], discount: { type: 'percent', percent: 20 }, campaign: 'spring' });
    const spring = await call(t, 'GET', '/v1/coupons?campaign=spring&limit=2');
    expect(spring.status).toBe(200);
    expect(spring.body.data).toHaveLength(2);
    expect(spring.body.hasMore).toBe(true);
    const rest = await call(t, 'GET', `/v1/coupons?campaign=spring&limit=2&cursor=${spring.body.nextCursor}`);
    expect(rest.body).toMatchObject({ data: [{ code: 'SPRING10', redemptions: 1, campaign: 'spring' }], hasMore: false, nextCursor: null });
    expect([...spring.body.data, ...rest.body.data].map((c: { id: string }) => c.id)).toEqual([...spring.body.data, ...rest.body.data].map((c: { id: string }) => c.id).sort().reverse());
    expect((await call(t, 'GET', '/v1/coupons?cursor=nope')).status).toBe(400);
  });

  it('generates unique codes; a single-use code redeemed from 20 tills at once is used exactly once', async () => {
    const generated = await call(t, 'POST', '/v1/coupons', { generate: { count: 50, prefix: 'GIFT', length: 8 }, discount: { type: 'amount', amount: 500, currency: 'EUR' } });
    expect(generated.status).toBe(201);
    const codes = generated.body.data.map((c: { code: string }) => c.code);
    expect(new Set(codes).size).toBe(50);
    expect(codes.every((c: string) => /^GIFT[2-9A-HJ-NP-Z]{8}$/.test(c))).toBe(true);

    const members = await Promise.all(Array.from({ length: 20 }, () => createMemberVia(t)));
    const attempts = await Promise.all(members.map((memberId) => call(t, 'POST', '/v1/coupons/redeem', { code: codes[0], memberId, orderTotal: 3000, currency: 'EUR' })));
    expect(attempts.filter((a) => a.status === 201)).toHaveLength(1);
    expect(attempts.filter((a) => a.status === 422 && a.body.code === 'coupon_exhausted')).toHaveLength(19);
    const [row] = await t.db.query<{ n: number }>('select count(*)::int8 as n from coupon_redemptions r join coupons c on c.id = r.coupon_id where c.code = $1', [codes[0]]);
    expect(row!.n).toBe(1);
  });

  it('a multi-use code honours its per-member limit under concurrency', async () => {
    await call(t, 'POST', '/v1/coupons', { codes: ['WELCOME-5'], maxRedemptions: null, perMemberLimit: 2, discount: { type: 'amount', amount: 500, currency: 'EUR' } });
    const memberId = await createMemberVia(t);
    const attempts = await Promise.all(Array.from({ length: 6 }, () => call(t, 'POST', '/v1/coupons/redeem', { code: 'WELCOME-5', memberId, orderTotal: 300, currency: 'EUR' })));
    expect(attempts.filter((a) => a.status === 201).map((a) => a.body.discount)).toEqual([300, 300]);
    expect(attempts.filter((a) => a.body.code === 'coupon_member_limit')).toHaveLength(4);
  });

  it('lists the coupons issued to one member, newest first, a page at a time, each with where it stands now', async () => {
    const memberId = await createMemberVia(t);
    const other = await createMemberVia(t);
    const issue = async (code: string, terms: Record<string, unknown> = {}) => {
      const created = await call(t, 'POST', '/v1/coupons', { codes: [code], discount: { type: 'percent', percent: 10 }, ...terms });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    };
    await issue('MINE-OLD', { memberId, expiresAt: '2026-05-01T00:00:00Z' });
    await issue('THEIRS-1', { memberId: other });
    await issue('MINE-USED', { memberId });
    expect((await call(t, 'POST', '/v1/coupons/redeem', { code: 'MINE-USED', memberId, orderTotal: 3000, currency: 'EUR' })).status).toBe(201);
    await issue('SHARED-1');
    await issue('MINE-LATER', { memberId, startsAt: '2026-07-01T00:00:00Z' });
    await issue('MINE-NEW', { memberId, expiresAt: '2026-07-01T00:00:00Z' });

    const first = await call(t, 'GET', `/v1/coupons?memberId=${memberId}&limit=3`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.data.map((c: { code: string; status: string }) => [c.code, c.status])).toEqual([
      ['MINENEW', 'active'],
      ['MINELATER', 'scheduled'],
      ['MINEUSED', 'used'],
    ]);
    expect(first.body.hasMore).toBe(true);
    const rest = await call(t, 'GET', `/v1/coupons?memberId=${memberId}&limit=3&cursor=${first.body.nextCursor}`);
    expect(rest.body).toMatchObject({ data: [{ code: 'MINEOLD', status: 'expired', memberId }], hasMore: false, nextCursor: null });
    expect((await call(t, 'GET', `/v1/coupons?memberId=${other}`)).body.data.map((c: { code: string }) => c.code)).toEqual(['THEIRS1']);

    // A member with none gets an empty page; a malformed id is refused as problem+json.
    expect((await call(t, 'GET', `/v1/coupons?memberId=${await createMemberVia(t)}`)).body).toEqual({ data: [], hasMore: false, nextCursor: null });
    const malformed = await call(t, 'GET', '/v1/coupons?memberId=grace');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(malformed.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'querystring.memberId' }] });
  });
});

describe('rewards catalog', () => {
  async function memberWith(points: number): Promise<string> {
    const memberId = await createMemberVia(t);
    expect((await call(t, 'POST', `/v1/members/${memberId}/adjustments`, { points, reason: 'rewards test' })).status).toBe(201);
    return memberId;
  }

  it('redeems points for a code, uses it once, and a cancelled unused code gives the points back', async () => {
    const flatWhite = await call(t, 'POST', '/v1/rewards', { name: 'Free flat white', kind: 'product', pointsCost: 350, valueMinor: 350, currency: 'EUR', stock: 2, perMemberLimit: 5 });
    expect(flatWhite.status, JSON.stringify(flatWhite.body)).toBe(201);
    const memberId = await memberWith(1000);
    const issued = await call(t, 'POST', `/v1/members/${memberId}/rewards`, { rewardId: flatWhite.body.id }, { role: 'staff' });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body).toMatchObject({ status: 'issued', pointsCost: 350, code: expect.stringMatching(/^[2-9A-HJ-NP-Z]{10}$/) });
    expect((await call(t, 'GET', `/v1/members/${memberId}/balance`)).body.available).toBe(650);

    const used = await call(t, 'POST', `/v1/reward-codes/${issued.body.code}/use`);
    expect(used.body.status).toBe('used');
    expect((await call(t, 'POST', `/v1/reward-codes/${issued.body.code}/use`)).body.code).toBe('reward_code_not_issued');
    expect((await call(t, 'POST', `/v1/reward-codes/${issued.body.code}/cancel`)).status).toBe(409);

    const second = await call(t, 'POST', `/v1/members/${memberId}/rewards`, { rewardId: flatWhite.body.id });
    const cancelled = await call(t, 'POST', `/v1/reward-codes/${second.body.code}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', reversalEntryId: expect.stringMatching(/^txn_/) });
    expect((await call(t, 'GET', `/v1/members/${memberId}/balance`)).body.available).toBe(650);
    expect((await call(t, 'GET', '/v1/rewards')).body.data.find((r: { id: string }) => r.id === flatWhite.body.id)).toMatchObject({ issued: 1, available: 1 });
    const belowIssued = await call(t, 'PATCH', `/v1/rewards/${flatWhite.body.id}`, { stock: 0 });
    expect(belowIssued.status).toBe(422);
    expect(belowIssued.body.code).toBe('reward_stock_below_issued');
    expect((await call(t, 'GET', `/v1/members/${memberId}/rewards`)).body.data.map((c: { status: string }) => c.status)).toEqual(['cancelled', 'used']);
    const events = await t.db.query<{ type: string }>(`select type from outbox where member_id = $1 and type like 'reward.%' order by id`, [memberId]);
    expect(events.map((e) => e.type)).toEqual(['reward.redeemed', 'reward.redeemed', 'reward.cancelled']);
    await expectLedgerClean(t);
  });

  it('refuses without enough points, over the member limit, for the wrong tier, and when inactive — spending nothing', async () => {
    const limited = await call(t, 'POST', '/v1/rewards', { name: 'Tote bag', kind: 'gift', pointsCost: 100, perMemberLimit: 1 });
    const poor = await memberWith(50);
    const broke = await call(t, 'POST', `/v1/members/${poor}/rewards`, { rewardId: limited.body.id });
    expect(broke.status).toBe(422);
    expect(broke.body.code).toBe('points_insufficient');
    const rich = await memberWith(500);
    expect((await call(t, 'POST', `/v1/members/${rich}/rewards`, { rewardId: limited.body.id })).status).toBe(201);
    const twice = await call(t, 'POST', `/v1/members/${rich}/rewards`, { rewardId: limited.body.id });
    expect(twice.body.code).toBe('reward_member_limit');
    const goldOnly = await call(t, 'POST', '/v1/rewards', { name: 'Gold lounge', kind: 'gift', pointsCost: 10, tiers: ['gold'] });
    expect((await call(t, 'POST', `/v1/members/${rich}/rewards`, { rewardId: goldOnly.body.id })).body.code).toBe('reward_tier_restricted');
    await call(t, 'PATCH', `/v1/rewards/${limited.body.id}`, { active: false });
    expect((await call(t, 'POST', `/v1/members/${await memberWith(500)}/rewards`, { rewardId: limited.body.id })).body.code).toBe('reward_inactive');
    expect((await call(t, 'GET', `/v1/members/${rich}/balance`)).body.available).toBe(400);
  });

  it('stock holds when members race for the last items', async () => {
    const last = await call(t, 'POST', '/v1/rewards', { name: 'Signed mug', kind: 'gift', pointsCost: 10, stock: 3 });
    const members = await Promise.all(Array.from({ length: 10 }, () => memberWith(100)));
    const attempts = await Promise.all(members.map((memberId) => call(t, 'POST', `/v1/members/${memberId}/rewards`, { rewardId: last.body.id })));
    expect(attempts.filter((a) => a.status === 201)).toHaveLength(3);
    expect(attempts.filter((a) => a.body.code === 'reward_out_of_stock')).toHaveLength(7);
    await expectLedgerClean(t);
  });
});

describe('caps and budgets under concurrency (property)', () => {
  const ORDER_CAP = 7;
  const EVENT_CAP = 6;
  // A burst: who buys or visits or shares, on which of three days, all sent at once.
  const burstArb = fc.record({
    ops: fc.array(fc.record({ member: fc.nat({ max: 2 }), day: fc.nat({ max: 2 }), kind: fc.constantFrom('order', 'visit', 'share') }), { minLength: 1, maxLength: 18 }),
    orderBudget: fc.integer({ min: 1, max: 25 }),
    shareBudget: fc.integer({ min: 1, max: 25 }),
  });

  it('for any burst of concurrent orders and events, per-member day caps and rule budgets are met exactly, never exceeded', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(burstArb, async ({ ops, orderBudget, shareBudget }) => {
        run += 1;
        const tag = `p${run}`;
        // Fresh rules per run (budgets are per rule); every event type and SKU is this run's own.
        const rules = await Promise.all([
          { name: `${tag} visit +5, ${ORDER_CAP} a day`, eventTypes: ['order'], condition: { field: 'line.sku', op: 'eq', value: `SKU-${tag}` }, effects: [{ type: 'fixed_points', points: 5 }], caps: { perMemberPerDay: ORDER_CAP } },
          { name: `${tag} launch +2`, eventTypes: ['order'], condition: { field: 'line.sku', op: 'eq', value: `SKU-${tag}` }, effects: [{ type: 'fixed_points', points: 2 }], caps: { budget: orderBudget } },
          { name: `${tag} gym +4`, eventTypes: [`${tag}_visit`], effects: [{ type: 'fixed_points', points: 4 }], caps: { perMemberPerDay: EVENT_CAP } },
          { name: `${tag} share +3`, eventTypes: [`${tag}_share`], effects: [{ type: 'fixed_points', points: 3 }], caps: { budget: shareBudget } },
        ].map((rule) => call(t, 'POST', '/v1/program/rules', rule)));
        for (const rule of rules) expect(rule.status, JSON.stringify(rule.body)).toBe(201);
        const members = await Promise.all([0, 1, 2].map(() => createMemberVia(t)));
        const at = (day: number, i: number) => `2026-05-${String(20 + day).padStart(2, '0')}T10:${String(i).padStart(2, '0')}:00Z`;
        const responses = await Promise.all(
          ops.map((op, i) =>
            op.kind === 'order'
              ? call(t, 'POST', '/v1/orders', { memberId: members[op.member], currency: 'EUR', occurredAt: at(op.day, i), lines: [{ lineId: 'a', sku: `SKU-${tag}`, category: 'gym', quantity: 1, unitPrice: 1 }] })
              : call(t, 'POST', '/v1/events', { eventId: `${tag}-${i}`, memberId: members[op.member], type: `${tag}_${op.kind}`, occurredAt: at(op.day, i) }),
          ),
        );
        for (const response of responses) expect(response.status, JSON.stringify(response.body)).toBe(201);

        const points = (kind: string, member?: number, day?: number) =>
          ops.reduce((sum, op, i) => (op.kind === kind && (member === undefined || op.member === member) && (day === undefined || op.day === day) ? sum + responses[i]!.body.points : sum), 0);
        const count = (kind: string, member?: number, day?: number) => ops.filter((op) => op.kind === kind && (member === undefined || op.member === member) && (day === undefined || op.day === day)).length;
        let ordersCapped = 0;
        for (const member of [0, 1, 2]) {
          for (const day of [0, 1, 2]) {
            const orders = count('order', member, day);
            const capped = Math.min(5 * orders, ORDER_CAP);
            ordersCapped += capped;
            // The day cap's part is exact; the budget rule may add up to 2 per order on top.
            expect(points('order', member, day)).toBeGreaterThanOrEqual(capped);
            expect(points('order', member, day)).toBeLessThanOrEqual(capped + 2 * orders);
            expect(points('visit', member, day)).toBe(Math.min(4 * count('visit', member, day), EVENT_CAP));
          }
        }
        expect(points('order')).toBe(ordersCapped + Math.min(2 * count('order'), orderBudget));
        expect(points('share')).toBe(Math.min(3 * count('share'), shareBudget));
        // What the answers said is what the ledger holds.
        const [held] = await t.db.query<{ points: number }>(`select coalesce(sum(points), 0)::int8 as points from ledger_entries where member_id = any($1) and kind = 'earn'`, [members]);
        expect(held!.points).toBe(points('order') + points('visit') + points('share'));
        for (const rule of rules) await call(t, 'POST', `/v1/program/rules/${rule.body.id}/retire`);
      }),
      { numRuns: 8 },
    );
    await expectLedgerClean(t);
  });
});
