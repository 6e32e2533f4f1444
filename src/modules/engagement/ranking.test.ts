import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callReason, mergeCallList, type Finding } from './ranking.js';

const now = new Date('2026-06-01T12:00:00Z');

describe('callReason', () => {
  it.each<[Finding, string]>([
    [{ kind: 'segment', tierName: 'Gold', lastContactAt: new Date('2026-03-19T12:00:00Z') }, 'Gold, not contacted for 74 days'],
    [{ kind: 'segment', tierName: null, lastContactAt: null }, 'never contacted'],
    [{ kind: 'segment', tierName: 'Silver', lastContactAt: null }, 'Silver, never contacted'],
    [{ kind: 'detractor', score: 3, answeredAt: new Date('2026-05-31T09:00:00Z') }, 'Detractor (NPS 3), answered 1 day ago; not called back yet'],
    [{ kind: 'detractor', score: null, answeredAt: new Date('2026-06-01T09:00:00Z') }, 'Detractor, answered today; not called back yet'],
    [{ kind: 'at_risk', overdue: 2.44, annualValue: 125_000, currency: 'EUR' }, 'At risk: 2.4× overdue, €1,250.00 a year at stake'],
  ])('%j', (finding, text) => {
    expect(callReason(finding, now)).toBe(text);
  });
});

describe('mergeCallList', () => {
  const list = (id: string, priority: number, members: string[]) => ({ rule: { id, priority }, candidates: members.map((memberId) => ({ memberId })) });

  it('orders by rule priority, keeps each member under their highest-priority rule', () => {
    const merged = mergeCallList([list('gold', 2, ['a', 'b', 'c']), list('detractors', 1, ['b', 'd'])], 10);
    expect(merged.map((e) => `${e.ruleId}:${e.memberId}`)).toEqual(['detractors:b', 'detractors:d', 'gold:a', 'gold:c']);
  });

  it('equal priorities keep the order given', () => {
    const merged = mergeCallList([list('first', 1, ['a']), list('second', 1, ['a', 'b'])], 10);
    expect(merged.map((e) => `${e.ruleId}:${e.memberId}`)).toEqual(['first:a', 'second:b']);
  });

  it('stops at the limit', () => {
    expect(mergeCallList([list('r', 1, ['a', 'b', 'c'])], 2).map((e) => e.memberId)).toEqual(['a', 'b']);
  });

  it('property: each member once, never more than the limit, nobody invented', () => {
    const lists = fc.array(fc.record({ priority: fc.integer({ min: 1, max: 5 }), members: fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f')) }), { maxLength: 6 });
    fc.assert(
      fc.property(lists, fc.integer({ min: 1, max: 10 }), (rules, limit) => {
        const input = rules.map((r, i) => list(`r${i}`, r.priority, [...new Set(r.members)]));
        const merged = mergeCallList(input, limit);
        const ids = merged.map((e) => e.memberId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(Math.min(limit, new Set(input.flatMap((l) => l.candidates.map((c) => c.memberId))).size));
        const priorityOf = new Map(input.map((l) => [l.rule.id, l.rule.priority]));
        for (const entry of merged) {
          const best = Math.min(...input.filter((l) => l.candidates.some((c) => c.memberId === entry.memberId)).map((l) => l.rule.priority));
          expect(priorityOf.get(entry.ruleId)).toBe(best);
        }
      }),
    );
  });
});
