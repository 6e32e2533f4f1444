import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleDefinition, type RuleDefinition } from './contract.js';
import { evaluateRules, type EvaluationContext, type RuleUsage, type RuleVersion } from './evaluate.js';
import { interpretRules } from './evaluate-reference.js';

const at = new Date('2026-03-14T09:30:00Z'); // a Saturday
function order(lines: [sku: string, category: string | null, amount: number][], extra: Partial<EvaluationContext['member']> = {}): EvaluationContext {
  return {
    event: { type: 'order', occurredAt: at, properties: {} },
    member: { tier: null, tags: [], joinedAt: new Date('2025-01-01T00:00:00Z'), birthdayMonth: null, ...extra },
    order: {
      total: lines.reduce((s, [, , a]) => s + a, 0),
      currency: 'EUR',
      storeId: 'riga-1',
      channel: 'store',
      lines: lines.map(([sku, category, amount], i) => ({ lineId: `l${i + 1}`, sku, category, quantity: 1, amount })),
    },
  };
}

let seq = 0;
function rule(partial: Partial<RuleDefinition> & Pick<RuleDefinition, 'effects'>, id = `rul_${++seq}`): RuleVersion {
  return { ruleId: id, version: 1, definition: ruleDefinition.parse({ name: 'rule', eventTypes: ['order'], ...partial }) };
}

const base = () => rule({ name: '1 point per 1.00', effects: [{ type: 'points_per_amount', points: 1, per: 100 }] }, 'rul_base');

describe('evaluateRules: tables', () => {
  it('base rate: one floor on the order total, attributed per line', () => {
    const result = evaluateRules([base()], order([['LATTE', 'coffee', 350], ['BUN', 'bakery', 275], ['COOKIE', 'bakery', 150]]));
    expect(result.points).toBe(7); // 7.75 → 7, not 3 + 2 + 1
    expect(result.lines).toEqual([{ lineId: 'l1', points: 3 }, { lineId: 'l2', points: 3 }, { lineId: 'l3', points: 1 }]);
    expect(result.explanation).toEqual(['1 point per 1.00: 7 points (rule rul_base, v1)']);
  });

  it('2× on a category multiplies only that category’s base points', () => {
    const double = rule({ name: '2× points on coffee', condition: { field: 'line.category', op: 'eq', value: 'coffee' }, effects: [{ type: 'multiplier', factor: 2 }] }, 'rul_coffee');
    const result = evaluateRules([double, base()], order([['LATTE', 'coffee', 1000], ['BUN', 'bakery', 1000]]));
    expect(result.points).toBe(30);
    expect(result.lines).toEqual([{ lineId: 'l1', points: 20 }, { lineId: 'l2', points: 10 }]);
    expect(result.explanation).toContain('2× points on coffee: 2× points on LATTE, +10 (rule rul_coffee, v1)');
  });

  it('1.5× rounds the bonus down', () => {
    const bonus = rule({ name: 'Gold 1.5×', condition: { field: 'member.tier', op: 'eq', value: 'gold' }, effects: [{ type: 'multiplier', factor: 1.5 }] });
    expect(evaluateRules([bonus, base()], order([['A', null, 1500]], { tier: 'gold' })).points).toBe(22); // 15 + 7.5 → 22
    expect(evaluateRules([bonus, base()], order([['A', null, 1500]], { tier: 'silver' })).points).toBe(15);
  });

  it('conditions on member, time and order: birthday month, weekday, store, tags, minimum spend', () => {
    const birthday = rule({ name: 'Birthday +50', condition: { field: 'member.birthdayThisMonth', op: 'eq', value: true }, effects: [{ type: 'fixed_points', points: 50 }] });
    const weekend = rule({ name: 'Weekend +5', condition: { field: 'time.weekday', op: 'in', value: [6, 7] }, effects: [{ type: 'fixed_points', points: 5 }] });
    const bigSpender = rule({
      name: 'Riga VIP over 20.00',
      condition: { all: [{ field: 'order.storeId', op: 'eq', value: 'riga-1' }, { field: 'member.tags', op: 'contains', value: 'vip' }, { field: 'order.total', op: 'gte', value: 2000 }] },
      effects: [{ type: 'fixed_points', points: 10 }],
    });
    const rules = [birthday, weekend, bigSpender, base()];
    expect(evaluateRules(rules, order([['A', null, 2500]], { birthdayMonth: 3, tags: ['vip'] })).points).toBe(25 + 50 + 5 + 10);
    expect(evaluateRules(rules, order([['A', null, 1999]], { birthdayMonth: 4, tags: ['vip'] })).points).toBe(19 + 5);
  });

  it('an exclusive rule stops rules of lower priority', () => {
    const promo = rule({ name: 'Launch week: 5 per 1.00', priority: 500, exclusive: true, effects: [{ type: 'points_per_amount', points: 5, per: 100 }] });
    const result = evaluateRules([base(), promo], order([['A', null, 1000]]));
    expect(result.points).toBe(50);
    expect(result.effects.map((e) => e.rule)).toEqual(['Launch week: 5 per 1.00']);
  });

  it('active windows: from inclusive, to exclusive', () => {
    const march = rule({ name: 'March', activeFrom: '2026-03-01T00:00:00Z', activeTo: '2026-03-14T09:30:00Z', effects: [{ type: 'fixed_points', points: 7 }] });
    expect(evaluateRules([march], order([['A', null, 100]])).points).toBe(0);
  });

  it('caps clamp per day, per month and the budget, and say so', () => {
    const capped = rule({ name: 'Review bonus', eventTypes: ['review_written'], effects: [{ type: 'fixed_points', points: 20 }], caps: { perMemberPerDay: 30, budget: 1000 } }, 'rul_review');
    const review: EvaluationContext = { event: { type: 'review_written', occurredAt: at, properties: { stars: 5 } }, member: { tier: null, tags: [], joinedAt: null, birthdayMonth: null }, order: null };
    expect(evaluateRules([capped], review).points).toBe(20);
    const clamped = evaluateRules([capped], review, new Map([['rul_review', { today: 25, thisMonth: 25, total: 25 }]]));
    expect(clamped.points).toBe(5);
    expect(clamped.effects[0]!.capped).toBe(true);
    expect(clamped.explanation[0]).toBe('Review bonus: 5 points (capped) (rule rul_review, v1)');
    expect(evaluateRules([capped], review, new Map([['rul_review', { today: 0, thisMonth: 0, total: 1000 }]])).points).toBe(0);
  });

  it('non-purchase events by their properties; rewards and draw entries pass through', () => {
    const steps = rule({
      name: '10k steps',
      eventTypes: ['healthy_activity'],
      condition: { field: 'event.properties.steps', op: 'gte', value: 10_000 },
      effects: [{ type: 'fixed_points', points: 3 }, { type: 'draw_entries', campaignId: 'summer-draw', entries: 1 }],
    });
    const activity = (n: number): EvaluationContext => ({ event: { type: 'healthy_activity', occurredAt: at, properties: { steps: n } }, member: { tier: null, tags: [], joinedAt: null, birthdayMonth: null }, order: null });
    const result = evaluateRules([steps], activity(12_000));
    expect(result.points).toBe(3);
    expect(result.effects.map((e) => [e.type, e.points, e.entries])).toEqual([['fixed_points', 3, undefined], ['draw_entries', 0, 1]]);
    expect(result.explanation[1]).toBe('10k steps: 1 draw entry in summer-draw (rule rul_' + steps.ruleId!.slice(4) + ', v1)');
    expect(evaluateRules([steps], activity(9_999)).points).toBe(0);
  });
});

describe('ruleDefinition: bad rules are refused', () => {
  it.each([
    [{ eventTypes: ['review_written'], effects: [{ type: 'points_per_amount', points: 1, per: 100 }] }, 'order events only'],
    [{ eventTypes: ['order'], condition: { field: 'line.colour', op: 'eq', value: 'red' }, effects: [{ type: 'fixed_points', points: 1 }] }, 'known field'],
    [{ eventTypes: ['order'], condition: { field: 'order.total', op: 'gt', value: 'lots' }, effects: [{ type: 'fixed_points', points: 1 }] }, 'needs a number'],
    [{ eventTypes: ['order'], condition: { field: 'line.sku', op: 'in', value: 'A' }, effects: [{ type: 'fixed_points', points: 1 }] }, 'needs a list'],
    [{ eventTypes: ['order'], activeFrom: '2026-02-01T00:00:00Z', activeTo: '2026-01-01T00:00:00Z', effects: [{ type: 'fixed_points', points: 1 }] }, 'after activeFrom'],
  ])('%j', (partial, message) => {
    const parsed = ruleDefinition.safeParse({ name: 'bad', ...partial });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error!.issues)).toContain(message);
  });
});

describe('evaluateRules: properties', () => {
  const lineArb = fc.tuple(fc.constantFrom('A', 'B', 'C'), fc.constantFrom('coffee', 'bakery', null), fc.integer({ min: 0, max: 50_000 }));
  const effectArb = fc.oneof(
    fc.record({ type: fc.constant('points_per_amount' as const), points: fc.integer({ min: 1, max: 10 }), per: fc.integer({ min: 1, max: 1000 }) }),
    fc.record({ type: fc.constant('fixed_points' as const), points: fc.integer({ min: 1, max: 100 }) }),
    fc.record({ type: fc.constant('multiplier' as const), factor: fc.integer({ min: 100, max: 400 }).map((h) => h / 100) }),
  );
  const conditionArb = fc.option(
    fc.oneof(
      fc.record({ field: fc.constant('line.category'), op: fc.constant('eq' as const), value: fc.constantFrom('coffee', 'bakery') }),
      fc.record({ field: fc.constant('order.total'), op: fc.constant('gte' as const), value: fc.integer({ min: 0, max: 60_000 }) }),
      fc.record({ field: fc.constant('line.sku'), op: fc.constant('in' as const), value: fc.subarray(['A', 'B', 'C'], { minLength: 1 }) }),
    ),
    { nil: undefined },
  );
  const ruleArb = fc.record({
    effects: fc.array(effectArb, { minLength: 1, maxLength: 2 }),
    condition: conditionArb,
    priority: fc.integer({ min: 0, max: 5 }),
    exclusive: fc.boolean(),
    cap: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
  });
  const rulesArb = fc.array(ruleArb, { maxLength: 5 }).map((defs) =>
    defs.map((d, i) =>
      rule({ effects: d.effects, priority: d.priority, exclusive: d.exclusive, ...(d.condition ? { condition: d.condition } : {}), ...(d.cap ? { caps: { perMemberPerDay: d.cap } } : {}) }, `rul_p${i}`),
    ),
  );

  it('points are whole, never negative, add up over lines, respect caps, and do not depend on rule order', () => {
    fc.assert(
      fc.property(rulesArb, fc.array(lineArb, { minLength: 1, maxLength: 6 }), (rules, lines) => {
        const context = order(lines);
        const result = evaluateRules(rules, context);
        expect(Number.isSafeInteger(result.points) && result.points >= 0).toBe(true);
        expect(result.lines.reduce((s, l) => s + l.points, 0)).toBe(result.points);
        expect(result.lines.every((l) => l.points >= 0)).toBe(true);
        for (const r of rules) {
          const cap = r.definition.caps?.perMemberPerDay;
          const issued = result.effects.filter((e) => e.ruleId === r.ruleId).reduce((s, e) => s + e.points, 0);
          if (cap !== undefined) expect(issued).toBeLessThanOrEqual(cap);
        }
        expect(evaluateRules([...rules].reverse(), context)).toEqual(result);
        expect(result.explanation).toHaveLength(result.effects.length);
      }),
      { numRuns: 300 },
    );
  });

  it('adding a stacking, uncapped rule never lowers the points', () => {
    fc.assert(
      fc.property(rulesArb, ruleArb, fc.array(lineArb, { minLength: 1, maxLength: 6 }), (rules, extra, lines) => {
        const plain = rules.map((r) => ({ ...r, definition: { ...r.definition, exclusive: false, caps: undefined } }));
        const added = rule({ effects: extra.effects, ...(extra.condition ? { condition: extra.condition } : {}) }, 'rul_zz');
        const context = order(lines);
        expect(evaluateRules([...plain, added], context).points).toBeGreaterThanOrEqual(evaluateRules(plain, context).points);
      }),
      { numRuns: 300 },
    );
  });

  it('the base rate over all lines equals one floor of the total', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 1000 }), (lines, points, per) => {
        const context = order(lines);
        const r = rule({ effects: [{ type: 'points_per_amount', points, per }] });
        expect(evaluateRules([r], context).points).toBe(Math.floor((context.order!.total * points) / per));
      }),
    );
  });
});

describe('the compiled evaluator equals the interpreter', () => {
  const day = (d: number, h: number) => new Date(Date.UTC(2026, 2, d, h, 30));
  const scalars: Record<string, fc.Arbitrary<string | number | boolean>> = {
    'line.sku': fc.constantFrom('A', 'B', 'C'),
    'line.category': fc.constantFrom('coffee', 'bakery'),
    'member.tier': fc.constantFrom('gold', 'silver'),
    'member.tags': fc.constantFrom('vip', 'staff'),
    'order.storeId': fc.constantFrom('riga-1', 'oslo-2'),
    'order.channel': fc.constantFrom('store', 'web'),
    'order.currency': fc.constantFrom('EUR', 'NOK'),
    'event.type': fc.constantFrom('order', 'review_written'),
    'event.properties.stars': fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant('five')),
    'member.birthdayThisMonth': fc.boolean(),
  };
  const scalarOf = (field: string) => scalars[field] ?? fc.integer({ min: 0, max: 20_000 });
  const fields = ['line.sku', 'line.category', 'line.amount', 'line.quantity', 'member.tier', 'member.tags', 'member.membershipDays', 'member.birthdayMonth',
    'member.birthdayThisMonth', 'order.total', 'order.storeId', 'order.channel', 'order.currency', 'order.lineCount', 'event.type', 'event.properties.stars',
    'time.weekday', 'time.hour', 'time.month'];
  const comparisonArb = fc.constantFrom(...fields).chain((field) =>
    fc.oneof(
      fc.record({ field: fc.constant(field), op: fc.constantFrom('eq', 'ne', 'contains'), value: scalarOf(field) }),
      fc.record({ field: fc.constant(field), op: fc.constantFrom('in', 'not_in'), value: fc.array(scalarOf(field), { minLength: 1, maxLength: 3 }) }),
      fc.record({ field: fc.constant(field), op: fc.constantFrom('gt', 'gte', 'lt', 'lte'), value: fc.integer({ min: 0, max: 20_000 }) }),
      fc.record({ field: fc.constant(field), op: fc.constant('exists') }),
    ),
  );
  const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      comparisonArb,
      fc.record({ all: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ not: tie('tree') }),
    ),
  }));
  const effectArb = fc.oneof(
    fc.record({ type: fc.constant('points_per_amount'), points: fc.integer({ min: 1, max: 10 }), per: fc.integer({ min: 1, max: 1000 }) }),
    fc.record({ type: fc.constant('fixed_points'), points: fc.integer({ min: 1, max: 100 }) }),
    fc.record({ type: fc.constant('multiplier'), factor: fc.integer({ min: 100, max: 400 }).map((h) => h / 100) }),
    fc.record({ type: fc.constant('grant_reward'), rewardId: fc.constantFrom('rwd_a', 'rwd_b') }),
    fc.record({ type: fc.constant('draw_entries'), campaignId: fc.constant('summer'), entries: fc.integer({ min: 1, max: 3 }) }),
  );
  const ruleArb = fc.record(
    {
      eventTypes: fc.constantFrom(['order'], ['review_written'], ['order', 'review_written']),
      condition: tree,
      effects: fc.array(effectArb, { minLength: 1, maxLength: 3 }),
      priority: fc.integer({ min: 0, max: 3 }),
      exclusive: fc.boolean(),
      activeFrom: fc.constantFrom('2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z'),
      activeTo: fc.constantFrom('2026-03-12T00:00:00Z', '2026-04-01T00:00:00Z'),
      caps: fc.record({ perMemberPerDay: fc.integer({ min: 1, max: 100 }), perMemberPerMonth: fc.integer({ min: 1, max: 300 }), budget: fc.integer({ min: 1, max: 1000 }) }, { requiredKeys: [] }),
    },
    { requiredKeys: ['eventTypes', 'effects'] },
  );
  // Rules that fail validation (amount effects on non-order events, …) cannot be saved, so they are dropped.
  const rulesArb = fc.array(ruleArb, { maxLength: 8 }).map((defs) =>
    defs.flatMap((d, i) => {
      const parsed = ruleDefinition.safeParse({ name: `r${i}`, ...d });
      return parsed.success ? [{ ruleId: i % 3 === 2 ? null : `rul_e${i}`, version: i % 3 === 2 ? null : 1 + (i % 2), definition: parsed.data }] : [];
    }),
  );
  // Repeated amounts make ties in the largest-remainder split, where the tie-break shows.
  const amountArb = fc.oneof(fc.constantFrom(0, 150, 300, 1000), fc.integer({ min: 0, max: 9_000 }));
  const contextArb = fc.record({
    type: fc.constantFrom('order', 'order', 'review_written'),
    at: fc.tuple(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 23 })),
    tier: fc.constantFrom(null, 'gold', 'silver'),
    tags: fc.subarray(['vip', 'staff']),
    joinedDaysAgo: fc.option(fc.integer({ min: 0, max: 800 }), { nil: null }),
    birthdayMonth: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
    storeId: fc.constantFrom(null, 'riga-1', 'oslo-2'),
    channel: fc.constantFrom(null, 'store', 'web'),
    stars: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    lines: fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C'), fc.constantFrom('coffee', 'bakery', null), fc.integer({ min: 1, max: 4 }), amountArb), { maxLength: 6 }),
  });
  const toContext = (c: typeof contextArb extends fc.Arbitrary<infer T> ? T : never): EvaluationContext => {
    const occurredAt = day(c.at[0], c.at[1]);
    const lines = c.lines.map(([sku, category, quantity, amount], i) => ({ lineId: `l${i}`, sku, category, quantity, amount }));
    return {
      event: { type: c.type, occurredAt, properties: c.stars === undefined ? {} : { stars: c.stars } },
      member: { tier: c.tier, tags: c.tags, joinedAt: c.joinedDaysAgo === null ? null : new Date(occurredAt.getTime() - c.joinedDaysAgo * 86_400_000), birthdayMonth: c.birthdayMonth },
      order: c.type === 'order' ? { total: lines.reduce((s, l) => s + l.amount, 0), currency: 'EUR', storeId: c.storeId, channel: c.channel, lines } : null,
    };
  };
  const usageArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 1200 })), { maxLength: 4 });

  it('same points, lines, effects and explanations on random rule sets, events and usage', () => {
    fc.assert(
      fc.property(rulesArb, contextArb, usageArb, (rules: RuleVersion[], c, used) => {
        const context = toContext(c);
        const usage = new Map<string, RuleUsage>(used.map(([i, today, month, total]) => [`rul_e${i}`, { today, thisMonth: month, total }]));
        expect(evaluateRules(rules, context, usage)).toEqual(interpretRules(rules, context, usage));
      }),
      { numRuns: 500 },
    );
  });
});

