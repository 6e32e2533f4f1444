import { describe, expect, it } from 'vitest';
import { allHold, holds, type MemberFacts, type Predicate } from './conditions.js';

const entered = new Date('2026-06-01T12:00:00Z');
const base: MemberFacts = { active: true, marketingConsent: true, orders: 3, lastOrderAt: new Date('2026-05-20T00:00:00Z'), enteredAt: entered };

describe('holds', () => {
  it.each<[string, Predicate, Partial<MemberFacts>, boolean]>([
    ['consent given', { kind: 'has_consent' }, {}, true],
    ['consent withdrawn', { kind: 'has_consent' }, { marketingConsent: false }, false],
    ['no order ever', { kind: 'no_order_since_entry' }, { lastOrderAt: null, orders: 0 }, true],
    ['last order before entry', { kind: 'no_order_since_entry' }, {}, true],
    ['last order at the entry instant', { kind: 'no_order_since_entry' }, { lastOrderAt: entered }, true],
    ['ordered after entry', { kind: 'no_order_since_entry' }, { lastOrderAt: new Date('2026-06-02T00:00:00Z') }, false],
    ['ordered after entry (positive form)', { kind: 'ordered_since_entry' }, { lastOrderAt: new Date('2026-06-02T00:00:00Z') }, true],
    ['never ordered (positive form)', { kind: 'ordered_since_entry' }, { lastOrderAt: null }, false],
    ['orders at least, exactly', { kind: 'orders_at_least', count: 3 }, {}, true],
    ['orders at least, one short', { kind: 'orders_at_least', count: 4 }, {}, false],
    ['orders below', { kind: 'orders_below', count: 4 }, {}, true],
    ['orders below, equal', { kind: 'orders_below', count: 3 }, {}, false],
  ])('%s', (_name, predicate, facts, expected) => {
    expect(holds(predicate, { ...base, ...facts })).toBe(expected);
  });
});

describe('allHold', () => {
  it('needs every predicate', () => {
    expect(allHold([{ kind: 'has_consent' }, { kind: 'orders_at_least', count: 1 }], base)).toBe(true);
    expect(allHold([{ kind: 'has_consent' }, { kind: 'orders_at_least', count: 10 }], base)).toBe(false);
  });

  it('holds for nobody who was erased', () => {
    expect(allHold([], { ...base, active: false })).toBe(false);
  });
});
