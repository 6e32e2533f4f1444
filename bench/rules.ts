// In-process rule evaluation: 50 active rules of mixed kinds against realistic orders.
import { ruleDefinition } from '../src/modules/program/contract.js';
import { evaluateRules, type EvaluationContext, type RuleVersion } from '../src/modules/program/evaluate.js';

const CATEGORIES = ['coffee', 'tea', 'bakery', 'beans', 'merch'];

/** 50 rules: a base rate, category multipliers, store/weekday bonuses, tier multipliers, capped bonuses and draw entries. */
export function fiftyRuleDefinitions(withCaps = true): unknown[] {
  const defs: unknown[] = [{ name: 'base', eventTypes: ['order'], effects: [{ type: 'points_per_amount', points: 1, per: 100 }] }];
  for (let i = 0; i < 49; i++) {
    const kind = i % 5;
    if (kind === 0) defs.push({ name: `2× ${CATEGORIES[i % 5]} ${i}`, eventTypes: ['order'], condition: { field: 'line.category', op: 'eq', value: CATEGORIES[(i / 5) % 5 | 0] }, effects: [{ type: 'multiplier', factor: 1.5 }] });
    if (kind === 1) defs.push({ name: `store ${i}`, eventTypes: ['order'], condition: { all: [{ field: 'order.storeId', op: 'eq', value: `store-${i % 12}` }, { field: 'time.weekday', op: 'in', value: [1, 2, 3] }] }, effects: [{ type: 'fixed_points', points: 5 }] });
    if (kind === 2) defs.push({ name: `tier ${i}`, eventTypes: ['order'], condition: { field: 'member.tier', op: 'eq', value: 'gold' }, effects: [{ type: 'multiplier', factor: 1.25 }] });
    if (kind === 3) defs.push({ name: `big basket ${i}`, eventTypes: ['order'], condition: { any: [{ field: 'order.total', op: 'gte', value: 5000 + i * 100 }, { field: 'order.lineCount', op: 'gte', value: 4 }] }, effects: [{ type: 'fixed_points', points: 10 }], ...(withCaps ? { caps: { perMemberPerDay: 20 } } : {}) });
    if (kind === 4) defs.push({ name: `draw ${i}`, eventTypes: ['order'], condition: { field: 'line.sku', op: 'in', value: ['SKU-1', 'SKU-7', 'SKU-42'] }, effects: [{ type: 'draw_entries', campaignId: 'summer', entries: 1 }] });
  }
  return defs;
}

export function fiftyRules(withCaps = true): RuleVersion[] {
  return fiftyRuleDefinitions(withCaps).map((d, i) => ({ ruleId: `rul_bench${i}`, version: 1, definition: ruleDefinition.parse(d) }));
}

export function sampleOrders(n: number): EvaluationContext[] {
  return Array.from({ length: n }, (_, i) => {
    const lines = Array.from({ length: 1 + (i % 5) }, (_, j) => ({ lineId: `l${j}`, sku: `SKU-${(i * 7 + j) % 60}`, category: CATEGORIES[(i + j) % 5]!, quantity: 1 + (j % 3), amount: 250 + ((i * 37 + j * 91) % 4000) }));
    return {
      event: { type: 'order', occurredAt: new Date(Date.UTC(2026, 5, 1 + (i % 28), 8 + (i % 12))), properties: {} },
      member: { tier: i % 4 === 0 ? 'gold' : null, tags: [], joinedAt: null, birthdayMonth: (i % 12) + 1 },
      order: { total: lines.reduce((s, l) => s + l.amount, 0), currency: 'EUR', storeId: `store-${i % 12}`, channel: 'store', lines },
    };
  });
}

/** Evaluations per second, best of a few timed rounds after warm-up. */
export function measureRuleEvaluation(seconds = 3): { rules: number; perSecond: number } {
  const rules = fiftyRules();
  const orders = sampleOrders(10_000);
  for (const order of orders) evaluateRules(rules, order); // warm-up (JIT)
  let best = 0;
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const started = performance.now();
    for (const order of orders) evaluateRules(rules, order);
    best = Math.max(best, orders.length / ((performance.now() - started) / 1000));
  }
  return { rules: rules.length, perSecond: Math.round(best) };
}

if (process.argv[1]?.endsWith('rules.ts')) console.log(measureRuleEvaluation());
